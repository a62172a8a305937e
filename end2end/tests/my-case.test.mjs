// My case is an overview a phone can take in: what waits for the worker
// (every area's items by due date), the dates and the road back, and the
// team as a compact list. The demo case's page fits in three screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MAX_HEIGHT = 2220; // three screens of 740 px at 360 px wide

for (const [lang, js] of [['en', true], ['fi', false], ['nl', true]]) {
  test(`My case on a phone: what waits first, at most three screens (${lang}, ${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const locale = { en: 'en-GB', fi: 'fi-FI', nl: 'nl-NL' }[lang];
    const context = await phoneContext(browser, { js, locale });
    const page = await context.newPage();
    const t = texts[lang];
    try {
      await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      const { width, height } = await page.evaluate(() => ({
        width: window.innerWidth, height: document.documentElement.scrollHeight,
      }));
      assert.equal(width, 360);
      console.log(`# My case (${lang}) is ${height} px tall at 360 px`);
      assert.ok(height <= MAX_HEIGHT, `My case is ${height} px tall, more than ${MAX_HEIGHT}`);
      // The demo's waiting referral and information request, an agreed
      // adjustment due for review, one the occupational physician recorded
      // for her to confirm, and the plan of action her employer wrote all
      // wait on My case, before the team.
      const kinds = await page.getByTestId('waiting-item').evaluateAll((els) => els.map((e) => e.dataset.kind));
      for (const kind of ['referral', 'request', 'review', 'recorded', 'plan']) {
        assert.ok(kinds.includes(kind), `${kind} waits on My case: ${JSON.stringify(kinds)}`);
      }
      const waitingTop = await page.getByTestId('waiting-item').first().evaluate((e) => e.getBoundingClientRect().top);
      const teamTop = await page.getByTestId('team').evaluate((e) => e.getBoundingClientRect().top);
      assert.ok(waitingTop < teamTop, 'what waits comes before the team');
      await page.screenshot({ path: `/tmp/my-case-${lang}.png`, fullPage: true });
      await pageChecks(page, browser, context, js)();
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
