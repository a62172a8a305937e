// "Who looked at my information", its filter and its pages, at phone size,
// with and without JavaScript: the physiotherapist opens the case often
// enough to fill more than a page, so the newest page is his alone and the
// demo employer's older rows are a page further on. Filtering by the
// employer leaves only his rows; a period without visits shows none; a
// filtered log pages on within the filter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, follow, signedIn } from '../lib/journey.mjs';
import { professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
// domain/activity.rs LOG_PAGE.
const PAGE = 50;
const JUKKA = 'Jukka Niemi';
const PEKKA = 'Pekka Mäkinen';

/// The rows shown: who (as the row names them) and what.
function rows(page) {
  return page.locator('[data-testid="log-line"]').evaluateAll((els) =>
    els.map((e) => ({ action: e.dataset.action, text: e.innerText })));
}

/// A day `n` days from today, as a date field takes it.
const day = (n) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);

/// Fills the filter (opening it if folded) and shows the result.
async function filter(page, js, { person = t.everyone, from = '', until = '' }) {
  const fold = page.locator('details.filter');
  if (!(await fold.evaluate((d) => d.open))) await fold.locator('summary').click();
  await page.locator('#f-person').selectOption({ label: person });
  await page.locator('#f-from').fill(from);
  await page.locator('#f-until').fill(until);
  await submit(page, fold.getByRole('button', { name: t.filter_button }), js);
}

for (const js of [true, false]) {
  test(`the activity log narrows by person and period and pages to older rows (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      // Each load of his case page is several rows (the case, each section,
      // his referrals and requests): twenty loads are more than a page.
      const physio = await professional(browser, server, 'jukka.niemi@example.com', js, /Sanna/);
      contexts.push(physio.context);
      await physio.check();
      for (let i = 0; i < 20; i++) {
        assert.equal((await physio.context.request.get(`${server.url}/shared/1`)).status(), 200);
      }

      const { page: w, check } = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await follow(w, w.locator('.places-bar').getByRole('link', { name: t.place_activity }), js);

      // The newest page: a full page, all his.
      const newest = await rows(w);
      assert.equal(newest.length, PAGE);
      assert.ok(newest.every((r) => r.text.includes(JUKKA)), 'someone else among the newest rows');
      await check();

      // Older pages, to the last: the seeded rows, the demo employer's
      // among them (he agreed to an adjustment), and every visit of his.
      const pages = [newest];
      while (await w.getByTestId('older').count()) {
        await follow(w, w.getByTestId('older'), js);
        assert.match(w.url(), /[?&]older=\d+/);
        pages.push(await rows(w));
        await check();
      }
      assert.ok(pages.length >= 2);
      assert.ok(pages.slice(0, -1).every((p) => p.length === PAGE));
      const later = pages.slice(1).flat();
      assert.ok(later.some((r) => r.text.includes(PEKKA) && r.action === 'answer_adjustment'), JSON.stringify(later.map((r) => r.action)));
      const loads = pages.flat().filter((r) => r.text.includes(JUKKA) && r.action === 'view_case');
      assert.ok(loads.length >= 21, `${loads.length} of his 21 loads listed`);

      // By person: the employer's rows, and none of the physiotherapist's.
      await follow(w, w.getByRole('link', { name: t.newest_entries }), js);
      await filter(w, js, { person: PEKKA });
      assert.match(w.url(), /[?&]participant=\d+/);
      const his = await rows(w);
      assert.ok(his.length > 0 && his.every((r) => r.text.includes(PEKKA)), JSON.stringify(his.map((r) => r.text)));
      assert.ok(his.some((r) => r.action === 'answer_adjustment'));
      assert.equal(await w.getByTestId('older').count(), 0, 'a short log offers older rows');
      await check();

      // By period: one that holds today keeps them; one after today has none.
      await filter(w, js, { person: PEKKA, from: day(-2), until: day(2) });
      assert.equal((await rows(w)).length, his.length);
      await filter(w, js, { person: PEKKA, from: day(2) });
      assert.equal((await rows(w)).length, 0);
      await w.getByText(t.activity_empty).waitFor();
      await check();

      // Filtered by the physiotherapist, the next page is still his alone.
      await filter(w, js, { person: JUKKA });
      assert.equal((await rows(w)).length, PAGE);
      const next = w.getByTestId('older');
      assert.match(await next.getAttribute('href'), /participant=\d+/);
      await follow(w, next, js);
      const rest = await rows(w);
      assert.ok(rest.length > 0 && rest.every((r) => r.text.includes(JUKKA)), JSON.stringify(rest.map((r) => r.text)));
      await check();
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
