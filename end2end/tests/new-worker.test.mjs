// A new address signs in, a wrong code is refused, and the worker starts a
// case: with and without JavaScript, at phone size, with axe scans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, codeFromMailbox, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const js of [true, false]) {
  test(`a new worker signs in and starts a case (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const context = await phoneContext(browser, { js });
    const page = await context.newPage();
    const t = texts.en;
    const check = pageChecks(page, browser, context, js);
    try {
      await page.goto(`${server.url}/`);
      await ready(page, js);
      // An invalid address is refused on the server, in words, keeping the text.
      await page.getByLabel(t.email_label).fill('maria@example');
      await submit(page, page.getByRole('button', { name: t.send_code }), js);
      await page.locator('#sign-in-email-error', { hasText: t.err_email_invalid }).waitFor();
      assert.equal(await page.getByLabel(t.email_label).inputValue(), 'maria@example');
      await check();

      await page.getByLabel(t.email_label).fill('maria@example.com');
      await submit(page, page.getByRole('button', { name: t.send_code }), js);
      await page.waitForURL('**/sign-in/code');
      await check();
      const code = await codeFromMailbox(server, 'maria@example.com');
      // A server that sends real mail is not a demo: no development mailbox.
      assert.equal((await page.request.get(`${server.url}/dev/mailbox`)).status(), 404);
      const wrong = code === '000000' ? '000001' : '000000';
      await page.getByLabel(t.code_label).fill(wrong);
      await submit(page, page.getByRole('button', { name: t.sign_in_button }), js);
      await page.locator('#sign-in-code-error', { hasText: t.err_code_invalid }).waitFor();
      assert.ok(page.url().includes('/sign-in/code'), 'a wrong code does not sign in');

      await page.getByLabel(t.code_label).fill(code);
      await submit(page, page.getByRole('button', { name: t.sign_in_button }), js);
      await page.waitForURL('**/case');
      // No case and no invitation: the portal asks who is here. A
      // professional reads how they join; a worker opens the start form.
      await page.getByRole('heading', { name: t.welcome_title }).waitFor();
      await page.getByTestId('helper').getByText(t.helper_text).waitFor();
      assert.equal(await page.locator('#start-name').isVisible(), false, 'the start form waits to be chosen');
      await check();
      await page.getByText(t.start_choice, { exact: true }).click();
      await page.locator('#start-name').waitFor();

      // A return date before the start is refused; then the case starts.
      await page.locator('#start-name').fill('Maria Jansen');
      await page.locator('#start-from').fill('2026-11-01');
      await page.locator('#start-until').fill('2026-10-01');
      await submit(page, page.getByRole('button', { name: t.start_button }), js);
      // (Without JavaScript the refusal is a new page: the form comes back open.)
      await page.locator('#start-until-error', { hasText: t.err_return_before_start }).waitFor();
      assert.equal(await page.locator('#start-name').inputValue(), 'Maria Jansen');
      await page.locator('#start-until').fill('2027-01-10');
      await submit(page, page.getByRole('button', { name: t.start_button }), js);
      await page.getByRole('heading', { name: t.team_title }).waitFor();
      assert.equal(await page.getByTestId('since').innerText(), '1 November 2026');
      assert.equal(await page.getByTestId('expected-back').innerText(), '10 January 2027');
      await page.getByText(t.empty_team).waitFor();
      await check();

      // Signing out ends the session on the server: the case page is closed.
      await page.getByText(t.menu, { exact: true }).click();
      await submit(page, page.getByRole('button', { name: t.sign_out }), js);
      // Sign-out lands on the sign-in page once the server has ended the session.
      await page.getByRole('heading', { name: t.sign_in_title }).waitFor();
      await page.goto(`${server.url}/case`);
      await ready(page, js);
      await page.getByRole('heading', { name: t.sign_in_title }).waitFor();
    } catch (e) {
      await page.screenshot({ path: `/tmp/e2e-fail-new-${js ? 'js' : 'nojs'}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
