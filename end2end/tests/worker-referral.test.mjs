// A referral the worker starts herself, at phone size, with and without
// JavaScript: from her referrals page she names an occupational physician
// and what to share, approves it on the next page, and it is sent. The
// physician's mail holds a link and nothing of the case; the link, a code to
// their own address, and they see exactly what she shared, "from the
// worker", and take it on; the worker reads that they accepted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, follow, pageChecks, codeFromMailbox, linkFromMail, shownCategories, signedIn } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const REASON = 'I would like help to plan my return to the office.';

for (const js of [true, false]) {
  test(`a referral the worker starts reaches its recipient with what she shared (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const op = js ? 'olli.op@example.com' : 'olga.op@example.com';
    const contexts = [];
    const context = async () => { const c = await phoneContext(browser, { js, locale: 'en-GB' }); contexts.push(c); return c; };
    try {
      const { page: w, check: checkW } = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await follow(w, w.getByRole('link', { name: t.referrals_link, exact: true }), js);
      await w.locator('summary', { hasText: t.referral_start_title }).click();
      const form = w.getByTestId('propose-form');
      await form.locator('#ref-role').selectOption('occupational_physician');
      await form.locator('#ref-name').fill('Dr Olli Työlä');
      await form.locator('#ref-email').fill(op);
      await form.locator('#ref-reason').fill(REASON);
      // The role's usual set (absence, work ability, adjustments), less adjustments.
      await form.getByLabel(t.cat_adjustments).uncheck();
      await checkW();
      await submit(w, form.getByRole('button', { name: t.referral_send_self }), js);

      // Her own proposal still waits for her approval: nothing is sent yet.
      await w.waitForURL(/\/case\/1\/referrals\/\d+$/);
      assert.equal(server.count(op), 0, 'mailed before the worker approved');
      const approve = w.getByTestId('approve-form');
      const offered = await approve.locator('input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.name));
      assert.deepEqual(offered, ['categories[absence]', 'categories[work_ability]']);
      await checkW();
      await submit(w, approve.getByRole('button', { name: t.referral_approve }), js);
      await w.waitForURL('**/case/1/referrals');
      const referral = w.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.equal(await referral.getAttribute('data-status'), 'sent');
      assert.match(await referral.innerText(), new RegExp(`${t.referral_from}\\s+${t.referral_from_you}`));

      // The mail: the neutral sentence and a link.
      const { link, mail } = await linkFromMail(server, op);
      assert.equal(mail.subject, t.mail_news_subject);
      for (const leak of ['Sanna', 'Virtanen', REASON, 'office', 'Absence', 'Work ability']) {
        assert.ok(!`${mail.subject} ${mail.text}`.includes(leak), `the referral mail names ${leak}`);
      }

      // The physician follows it and signs in with the code sent to them.
      const opCtx = await context();
      const o = await opCtx.newPage();
      const checkO = pageChecks(o, browser, opCtx, js);
      await o.goto(`${server.url}${link}`);
      await ready(o, js);
      await checkO();
      await submit(o, o.getByRole('button', { name: t.link_continue }), js);
      await o.waitForURL('**/sign-in/code');
      await o.getByLabel(t.code_label).fill(await codeFromMailbox(server, op, { after: 1 }));
      await submit(o, o.getByRole('button', { name: t.sign_in_button }), js);
      await o.waitForURL('**/shared/1');
      assert.deepEqual(await shownCategories(o), ['absence', 'work_ability']);
      const toMe = o.getByTestId('take-referral').locator('..').getByTestId('referral');
      const card = await toMe.innerText();
      assert.match(card, new RegExp(`${t.referral_from}\\s+${t.referral_from_worker}`));
      assert.match(card, new RegExp(REASON.replace('.', '\\.')));
      await checkO();

      // They take it on; the worker reads it accepted.
      const take = o.getByTestId('take-referral');
      await take.locator('input[name="first_appointment"]').fill('2027-02-01');
      await submit(o, take.getByRole('button', { name: t.referral_accept }), js);
      await o.getByTestId('take-referral').waitFor({ state: 'detached' });
      await w.reload();
      await ready(w, js);
      assert.equal(await referral.getAttribute('data-status'), 'accepted');
      assert.match(await referral.getByTestId('first-appointment').innerText(), /1 February 2027/);
      await checkW();
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
