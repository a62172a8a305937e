// The idle sign-out is announced two minutes ahead and one tap keeps the
// session (WCAG 2.2.1); when the time is up the case leaves the screen.
// Browser time is driven by Playwright's clock; the server's is real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

test('warns before an idle sign-out, stays signed in with one tap, then leaves the case (with JavaScript)', async () => {
  const server = await startServer();
  const context = await phoneContext(browser, { js: true, locale: 'en-GB' });
  const page = await context.newPage();
  await page.clock.install();
  const check = pageChecks(page, browser, context, true);
  try {
    await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js: true, t });
    const warning = page.getByRole('alert').filter({ hasText: t.session_warning });

    // 30 minutes idle end a session; the page counts from 29 to be early.
    await page.clock.fastForward('26:30');
    assert.equal(await warning.isVisible(), false, 'no warning 26.5 minutes in');
    await page.clock.fastForward('01:00');
    await warning.waitFor();
    await check();

    // One tap reaches the server (which refreshes the session) and the
    // clock starts again.
    const reached = page.waitForRequest((r) => r.url().endsWith('/api/sign-in/me'));
    await page.getByRole('button', { name: t.stay_signed_in }).click();
    await reached;
    await warning.waitFor({ state: 'hidden' });
    await page.clock.fastForward('26:30');
    assert.equal(await warning.isVisible(), false, 'the clock started again');
    assert.match(page.url(), /\/case$/);

    // Nobody taps: the page goes to the sign-in page. The session has
    // ended there too (here: removed), so the case is gone from the screen.
    await context.clearCookies();
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.clock.fastForward('02:40')]);
    await page.getByLabel(t.email_label).waitFor();
  } catch (e) {
    await page.screenshot({ path: '/tmp/e2e-session-failure.png', fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
    await server.stop();
  }
});
