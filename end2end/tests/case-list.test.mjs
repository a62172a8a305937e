// A professional's list of cases says, per case, what waits for them and
// what is new since they last opened it, only from what they may see: the
// demo employer has a proposal to answer and a review due; the demo
// physiotherapist has a new work-ability statement until he opens the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { follow, signedIn } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const lines = (page) => page.locator('[data-testid="my-case"] p[data-testid]')
  .evaluateAll((els) => els.map((e) => e.dataset.testid));

for (const js of [true, false]) {
  test(`what waits and what is new on a professional's list of cases (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const boss = await signedIn(browser, server, 'pekka.makinen@example.com', js, contexts, '**/shared');
      assert.deepEqual(await lines(boss.page), ['proposals', 'reviews-due']);
      const card = boss.page.getByTestId('my-case');
      assert.match(await card.innerText(), new RegExp(t.cases_reviews_due.replace('{{ count }}', '1')));
      // Nothing clinical reaches the employer's list.
      assert.doesNotMatch(await boss.page.content(), /work ability|Fit for|diagnos/i);
      await boss.check();

      const physio = await signedIn(browser, server, 'jukka.niemi@example.com', js, contexts, '**/shared');
      assert.ok((await lines(physio.page)).includes('new-statements'), 'the work-ability statement is new to him');
      await physio.check();
      await follow(physio.page, physio.page.getByRole('link', { name: t.open_case_of.replace('{{ name }}', 'Sanna') }), js);
      await physio.page.goto(`${server.url}/shared`);
      assert.ok(!(await lines(physio.page)).includes('new-statements'), 'read once he opened the case');
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}
