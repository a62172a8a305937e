// A recipient declines a referral, at phone size, with and without
// JavaScript: the psychiatrist refers the worker to an occupational
// physician, the worker approves, the physician follows the mailed link and
// signs in; a decline without a reason is refused in words next to the
// field; with a reason it is declined, and the worker and the psychiatrist
// both read the reason. The physician keeps no grant from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { professional } from '../lib/canary.mjs';
import { signIn, submit, follow, pageChecks, codeFromMailbox, linkFromMail } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const REASON = 'My list is full until April; the practice nearer to her has room.';

for (const js of [true, false]) {
  test(`a referral declined with a reason the worker and the referrer read (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const op = js ? 'olli.op@example.com' : 'olga.op@example.com';
    const contexts = [];
    const context = async () => { const c = await phoneContext(browser, { js, locale: 'en-GB' }); contexts.push(c); return c; };
    try {
      // The psychiatrist refers; the worker approves it as proposed.
      const psyView = await professional(browser, server, 'mark.devries@example.com', js, /Sanna/);
      contexts.push(psyView.context);
      const psy = psyView.page;
      const casePage = psy.url();
      await follow(psy, psy.getByRole('link', { name: t.referral_refer_title }), js);
      const form = psy.getByTestId('propose-form');
      await form.locator('#ref-role').selectOption('occupational_physician');
      await form.locator('#ref-name').fill('Dr Olli Työlä');
      await form.locator('#ref-email').fill(op);
      await form.locator('#ref-reason').fill('Ready to plan a gradual return.');
      await submit(psy, form.getByRole('button', { name: t.referral_send }), js);

      const workerCtx = await context();
      const worker = await workerCtx.newPage();
      await signIn(worker, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      const waiting = worker.locator('[data-testid="waiting-item"][data-kind="referral"]', { hasText: 'Olli Työlä' });
      await follow(worker, waiting.getByRole('link'), js);
      await submit(worker, worker.getByTestId('approve-form').getByRole('button', { name: t.referral_approve }), js);
      await worker.waitForURL('**/case/1/referrals');

      // The physician: the mailed link, a code to their own address.
      const { link } = await linkFromMail(server, op);
      const opCtx = await context();
      const opPage = await opCtx.newPage();
      const checkOp = pageChecks(opPage, browser, opCtx, js);
      await opPage.goto(`${server.url}${link}`);
      await ready(opPage, js);
      await submit(opPage, opPage.getByRole('button', { name: t.link_continue }), js);
      await opPage.waitForURL('**/sign-in/code');
      await opPage.getByLabel(t.code_label).fill(await codeFromMailbox(server, op, { after: 1 }));
      await submit(opPage, opPage.getByRole('button', { name: t.sign_in_button }), js);
      await opPage.waitForURL('**/shared/1');
      const take = opPage.getByTestId('take-referral');

      // No reason: refused in words, next to the field, the fold open.
      await take.locator('details summary').click();
      await submit(opPage, take.getByTestId('decline-form').getByRole('button', { name: t.referral_decline }), js);
      const reasonField = opPage.getByTestId('decline-form').locator('textarea[name="reason"]');
      const reasonId = await reasonField.getAttribute('id');
      await opPage.locator(`#${reasonId}-error`).filter({ hasText: /\S/ }).waitFor();
      await checkOp();

      // With a reason: declined.
      await reasonField.fill(REASON);
      await submit(opPage, opPage.getByTestId('decline-form').getByRole('button', { name: t.referral_decline }), js);
      await opPage.getByTestId('take-referral').waitFor({ state: 'detached' });
      await checkOp();

      // The worker and the psychiatrist read the reason.
      const said = t.referral_declined_because.replace('{{ reason }}', REASON);
      await worker.reload();
      await ready(worker, js);
      const mine = worker.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.equal(await mine.getAttribute('data-status'), 'declined');
      await mine.getByText(said).waitFor();
      await pageChecks(worker, browser, workerCtx, js)();
      await psy.goto(casePage);
      await ready(psy, js);
      const theirs = psy.getByTestId('referral').filter({ hasText: 'Olli Työlä' });
      assert.equal(await theirs.getAttribute('data-status'), 'declined');
      await theirs.getByText(said).waitFor();

      // The decline left the physician nothing to read.
      await opPage.reload();
      await ready(opPage, js);
      assert.equal(await opPage.locator('[data-testid="shared-section"]').count(), 0);
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
