// The Content-Security-Policy is a second wall behind escaping: even markup
// that got into a page could not run script, while the portal's own islands
// still start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';

test('an injected inline script or handler is blocked; the islands run (with JavaScript)', async () => {
  const server = await startServer();
  const browser = await launch();
  const context = await phoneContext(browser, { js: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/`);
    await ready(page, true); // the wasm started under the policy
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
