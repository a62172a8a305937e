// Referrals and information requests at phone size, with and without
// JavaScript: the psychiatrist refers the worker to an occupational
// physician; the worker approves a narrower set; the physician follows the
// e-mailed link (the page alone changes nothing), enters the code sent to
// their own address, sees exactly the approved categories and accepts with
// a date; the worker sees "accepted". A forwarded link gets nobody else in.
// The worker revokes; the physician's next load shows nothing and the link
// is dead. Then the insurance physician's request, narrowed by the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { professional } from '../lib/canary.mjs';
import { signIn, submit, follow, pageChecks, codeFromMailbox, linkFromMail, openPerson, shownCategories } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

for (const js of [true, false]) {
  test(`a referral reaches its recipient only, with what the worker approved (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const server = await startServer();
    const op = js ? 'olli.op@example.com' : 'olga.op@example.com';
    const contexts = [];
    const context = async () => { const c = await phoneContext(browser, { js, locale: 'en-GB' }); contexts.push(c); return c; };
    try {
      // The psychiatrist proposes a referral to an occupational physician.
      const psyView = await professional(browser, server, 'mark.devries@example.com', js, /Sanna/);
      contexts.push(psyView.context);
      const psy = psyView.page;
      await follow(psy, psy.getByRole('link', { name: t.referral_refer_title }), js);
      await psyView.check();
      const form = psy.getByTestId('propose-form');
      await form.locator('#ref-role').selectOption('occupational_physician');
      await form.locator('#ref-name').fill('Dr Olli Työlä');
      await form.locator('#ref-email').fill(op);
      await form.locator('#ref-reason').fill('Ready to plan a gradual return.');
      await form.getByLabel(t.cat_treatment).check();
      await submit(psy, form.getByRole('button', { name: t.referral_send }), js);
      await psy.waitForURL('**/shared/1');
      const mine = psy.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.equal(await mine.getAttribute('data-status'), 'awaiting_worker');

      // The worker is asked on My case, and approves a narrower set.
      const workerCtx = await context();
      const worker = await workerCtx.newPage();
      await signIn(worker, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      const waiting = worker.locator('[data-testid="waiting-item"][data-kind="referral"]', { hasText: 'Olli Työlä' });
      await follow(worker, waiting.getByRole('link'), js);
      await pageChecks(worker, browser, workerCtx, js)();
      const approve = worker.getByTestId('approve-form');
      // Proposed: the role's usual set and treatment; approved: less.
      await approve.getByLabel(t.cat_treatment).uncheck();
      await approve.getByLabel(t.cat_adjustments).uncheck();
      await submit(worker, approve.getByRole('button', { name: t.referral_approve }), js);
      await worker.waitForURL('**/case/1/referrals');
      const referral = worker.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.equal(await referral.getAttribute('data-status'), 'sent');

      // The physician's e-mail: a link. Opening it changes nothing.
      const { link, mail } = await linkFromMail(server, op);
      for (const leak of ['Sanna', 'Virtanen', 'Ready to plan', 'Mark de Vries', 'Mind Clinic', 'psychiatr']) {
        assert.ok(!`${mail.subject} ${mail.text}`.includes(leak), `the referral mail names ${leak}`);
      }
      const opCtx = await context();
      const opPage = await opCtx.newPage();
      const opened = await opPage.goto(`${server.url}${link}`);
      assert.equal(opened.status(), 200);
      assert.equal(opened.headers()['referrer-policy'], 'no-referrer');
      await ready(opPage, js);
      await worker.reload();
      assert.equal(await referral.getAttribute('data-status'), 'sent', 'the GET changed nothing');
      await pageChecks(opPage, browser, opCtx, js)();
      await submit(opPage, opPage.getByRole('button', { name: t.link_continue }), js);
      await opPage.waitForURL('**/sign-in/code');
      assert.ok(!opPage.url().includes('/referral/'), 'the token left the address bar');
      const code = await codeFromMailbox(server, op, { after: 1 });
      await opPage.getByLabel(t.code_label).fill(code);
      await submit(opPage, opPage.getByRole('button', { name: t.sign_in_button }), js);
      await opPage.waitForURL('**/shared/1');
      assert.deepEqual(await shownCategories(opPage), ['absence', 'work_ability']);
      // The care team first: who is involved, who coordinates, how to reach them.
      const team = opPage.getByTestId('directory');
      assert.match(await team.innerText(), /Dr Liisa Korhonen/);
      // The demo's mental-health switch names the GP and the psychiatrist
      // only: the new physician does not learn that a psychiatrist is
      // involved, nor who referred (tests/mental-health.test.mjs).
      assert.doesNotMatch(await team.innerText(), /Mark de Vries|Psychiatrist/);
      const toMe = opPage.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.match(await toMe.innerText(), new RegExp(`${t.referral_from}\\s+${t.referral_someone}`));
      assert.doesNotMatch(await team.innerText(), /Pekka/, 'no employer in a clinician\'s directory');
      await pageChecks(opPage, browser, opCtx, js)();
      // A forwarded link: someone else signed in is refused (signed out, the
      // code would go to the physician's address: server/tests/referrals.rs).
      const otherCtx = await context();
      const other = await otherCtx.newPage();
      await signIn(other, { baseUrl: server.url, mail: server, email: 'mallory@example.com', js, t });
      await other.goto(`${server.url}${link}`);
      await ready(other, js);
      await submit(other, other.getByRole('button', { name: t.link_continue }), js);
      await other.getByText(t.err_link_for_someone_else).waitFor();
      assert.ok(!other.url().includes('/shared/'));

      const take = opPage.getByTestId('take-referral');
      await take.locator('input[name="first_appointment"]').fill('2027-01-04');
      await submit(opPage, take.getByRole('button', { name: t.referral_accept }), js);
      // Answered, the link is used up: the one neutral page, 404.
      const used = await other.goto(`${server.url}${link}`);
      assert.equal(used.status(), 404);
      await worker.reload();
      await ready(worker, js);
      assert.equal(await referral.getAttribute('data-status'), 'accepted');
      assert.match(await referral.getByTestId('first-appointment').innerText(), /4 January 2027/);

      // The worker revokes: the physician's next load shows nothing; the link is dead.
      await worker.goto(`${server.url}/case`);
      await ready(worker, js);
      const olli = await openPerson(worker, 'Dr Olli Työlä', js);
      const revoked = Date.now();
      await submit(worker, olli.getByRole('button', { name: t.stop_all }), js);
      if (js) {
        // The physician's open page hides the categories by itself, within 2 s.
        await opPage.waitForFunction(() => !document.querySelector('[data-testid="shared-section"]'), null, { timeout: 2000 });
        assert.ok(Date.now() - revoked < 2000 + 1000, 'hidden within 2 seconds of the revocation');
      }
      await opPage.reload();
      await ready(opPage, js);
      assert.deepEqual(await shownCategories(opPage), []);
      const dead = await other.goto(`${server.url}${link}`);
      assert.equal(dead.status(), 404);
      await other.getByTestId('dead-link').waitFor();
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}

test('an information request narrowed by the worker gives exactly the narrowed grant', async () => {
  const server = await startServer();
  const js = false;
  const evaCtx = await phoneContext(browser, { js, locale: 'en-GB' });
  const workerCtx = await phoneContext(browser, { js, locale: 'en-GB' });
  try {
    const eva = await evaCtx.newPage();
    await signIn(eva, { baseUrl: server.url, mail: server, email: 'eva.lind@example.com', js, t, landing: '**/shared' });
    await follow(eva, eva.getByRole('link', { name: /Sanna/ }), js);
    assert.deepEqual(await shownCategories(eva), []);
    assert.equal(await eva.getByTestId('request').first().getAttribute('data-status'), 'pending');

    const worker = await workerCtx.newPage();
    await signIn(worker, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
    // My case offers "share as asked" in one tap; narrowing it is on the
    // request's own page, a tap away.
    const waiting = worker.locator('[data-testid="waiting-item"][data-kind="request"]');
    await pageChecks(worker, browser, workerCtx, js)();
    await follow(worker, waiting.locator('h3 a'), js);
    const box = worker.getByTestId('approve-request-form');
    await box.getByLabel(t.cat_absence).uncheck();
    await submit(worker, box.getByRole('button', { name: t.request_approve }), js);
    await worker.goto(`${server.url}/case`);
    await ready(worker, js);
    assert.equal(await worker.locator('[data-testid="waiting-item"][data-kind="request"]').count(), 0);

    await eva.reload();
    assert.deepEqual(await shownCategories(eva), ['work_ability']);
    assert.equal(await eva.getByTestId('request').first().getAttribute('data-status'), 'approved');
    await pageChecks(eva, browser, evaCtx, js)();
  } finally {
    await evaCtx.close();
    await workerCtx.close();
    await server.stop();
  }
});
