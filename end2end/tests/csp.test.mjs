// The Content-Security-Policy is a second wall behind escaping: even markup
// that got into a page could not run script, while the portal's own islands
// still start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn } from '../lib/journey.mjs';

test('an injected inline script or handler is blocked; the islands run (with JavaScript)', async () => {
  const server = await startServer();
  const browser = await launch();
  const context = await phoneContext(browser, { js: true });
  const page = await context.newPage();
  try {
    // My case has islands: the wasm starts under the policy.
    await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js: true, t: texts.en });
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = "inline"';
      document.body.append(s);
      const wrapper = document.createElement('div');
      wrapper.innerHTML = '<img src="/favicon.svg" onload="window.__ran = \'handler\'">';
      document.body.append(wrapper);
    });
    await page.waitForFunction(() => window.__cspViolations.length >= 2);
    assert.equal(await page.evaluate(() => window.__ran), undefined, 'nothing injected ran');
    const blocked = await page.evaluate(() => window.__cspViolations);
    assert.ok(blocked.every((v) => v.startsWith('script-src')), blocked.join('; '));
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});

test('a page without islands loads no JavaScript file and no wasm; one with islands does', async () => {
  const server = await startServer();
  const browser = await launch();
  const context = await phoneContext(browser, { js: true });
  const page = await context.newPage();
  const loaded = [];
  page.on('request', (r) => { if (/\.(js|wasm)$/.test(new URL(r.url()).pathname)) loaded.push(new URL(r.url()).pathname); });
  try {
    await page.goto(`${server.url}/`);
    await ready(page, true);
    await page.waitForTimeout(500); // the loader would start after the first paint
    assert.deepEqual(loaded, [], 'the sign-in page is HTML and CSS alone');
    await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js: true, t: texts.en });
    assert.ok(loaded.some((p) => p.endsWith('.wasm')) && loaded.some((p) => p.endsWith('.js')), loaded.join(', '));
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});
