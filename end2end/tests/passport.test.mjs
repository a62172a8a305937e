// The adjustment passport at phone size, with and without JavaScript: the
// worker prints it (print media: the sheet alone, no navigation, no forms)
// and sends it to a new manager, who opens the mailed link, gets a code at
// her own address and reads the passport: the agreed adjustments and
// nothing clinical (the employer canary). The link forwarded to the
// employer is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { codeFromMailbox, follow, linkFromMail, pageChecks, signedIn, submit } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const MANAGER = 'noor.bakker@example.com';
// What the demo case holds beyond the agreed adjustments: none of it may
// reach the new manager.
const CLINICAL = ['F32', 'Dr Mark', 'Can concentrate', 'pulling my weight', 'four hours a day'];

for (const js of [true, false]) {
  test(`the worker prints her passport and a new manager reads it after a code (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const w = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await w.page.locator('details.menu > summary').click();
      await follow(w.page, w.page.getByRole('link', { name: t.menu_record }), js);
      await follow(w.page, w.page.getByTestId('passport-page'), js);
      const items = await w.page.getByTestId('passport-item').allInnerTexts();
      assert.ok(items.length > 0, 'the demo has agreed adjustments');
      await w.check();

      // On paper: the sheet alone.
      await w.page.emulateMedia({ media: 'print' });
      await w.page.screenshot({ path: `${process.env.SHOTS ?? '/tmp'}/passport-print-${js ? 'js' : 'nojs'}.png`, fullPage: true });
      const hidden = await w.page.evaluate(() => ['header.top', 'nav.places-bar', 'main form']
        .map((s) => document.querySelector(s))
        .filter((el) => el && getComputedStyle(el).display !== 'none').map((el) => el.tagName));
      assert.deepEqual(hidden, [], 'printed: only the passport');
      assert.ok(await w.page.getByTestId('passport').isVisible());
      await w.page.emulateMedia({ media: 'screen' });

      // Sent to the new manager.
      await w.page.getByLabel(t.passport_name).fill('Noor Bakker');
      await w.page.getByLabel(t.passport_email).fill(MANAGER);
      await submit(w.page, w.page.getByRole('button', { name: t.passport_send }), js);
      assert.equal(await w.page.getByTestId('passport-link').count(), 1);
      const { link } = await linkFromMail(server, MANAGER, { path: /\/passport\/[A-Za-z0-9_-]+/ });

      // Forwarded to the employer: refused.
      const e = await signedIn(browser, server, 'pekka.makinen@example.com', js, contexts, '**/shared');
      await e.page.goto(`${server.url}${link}`);
      await ready(e.page, js);
      await submit(e.page, e.page.getByRole('button', { name: t.link_continue }), js);
      assert.match(await e.page.getByTestId('passport-link-form').innerText(), new RegExp(t.err_link_for_someone_else.slice(0, 20)));
      assert.equal(await e.page.getByTestId('passport').count(), 0);

      // The new manager: the link, a code to her address, the passport.
      const ctx = await phoneContext(browser, { js });
      contexts.push(ctx);
      const m = await ctx.newPage();
      const checkManager = pageChecks(m, browser, ctx, js);
      await m.goto(`${server.url}${link}`);
      await ready(m, js);
      await checkManager();
      await submit(m, m.getByRole('button', { name: t.link_continue }), js);
      await m.waitForURL('**/sign-in/code');
      await m.getByLabel(t.code_label).fill(await codeFromMailbox(server, MANAGER, { after: 1 }));
      await submit(m, m.getByRole('button', { name: t.sign_in_button }), js);
      await m.waitForURL('**/passport/view/*');
      assert.deepEqual(await m.getByTestId('passport-item').allInnerTexts(), items);
      const text = await m.locator('body').innerText();
      for (const secret of CLINICAL) assert.ok(!text.includes(secret), `the new manager reads "${secret}"`);
      assert.equal(await m.locator('main form').count(), 0, 'read-only');
      await checkManager();
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}
