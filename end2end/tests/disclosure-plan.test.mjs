// The disclosure plan ("who may know what") at phone size, with and without
// JavaScript: the worker says what each person may know and what colleagues
// should hear, and reads it back after saving; her GP, once granted stigma
// concerns, reads the plan; the employer, whom the plan is about, never
// receives a word of it on any page he can reach, nor in any mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, follow, openPerson, toMyCase, signedIn } from '../lib/journey.mjs';
import { crawl, assertNoMarker, professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const WORDS = 'PLAN-MARKER: I am back three days a week and glad to be here.';

for (const js of [true, false]) {
  test(`the worker's disclosure plan reaches her clinician and never her employer (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const { page: w, check: checkW } = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await follow(w, w.locator('.places-bar').getByRole('link', { name: t.place_concerns }), js);

      // The form says who never sees it before she writes anything.
      const plan = w.getByTestId('plan');
      await plan.getByText(t.plan_who_sees).waitFor();
      await plan.getByLabel(/Pekka Mäkinen/).selectOption({ label: t.comfort_work_affected });
      await plan.getByLabel(/Liisa Korhonen/).selectOption({ label: t.comfort_diagnosis });
      await plan.getByLabel(t.plan_words_label).fill(WORDS);
      await submit(w, plan.getByRole('button', { name: t.save }), js);
      await checkW();

      // Read back from the server: a fresh load shows what she chose.
      await w.reload();
      await ready(w, js);
      const saved = w.getByTestId('plan');
      assert.equal(await saved.getByLabel(/Pekka Mäkinen/).inputValue(), 'work_affected');
      assert.equal(await saved.getByLabel(/Liisa Korhonen/).inputValue(), 'diagnosis');
      assert.equal(await saved.getByLabel(t.plan_words_label).inputValue(), WORDS);

      // Her GP sees the plan once she shares her concerns with her (the
      // demo's mental-health switch names the GP, so nothing holds it back).
      await toMyCase(w, js);
      await openPerson(w, 'Dr Liisa Korhonen', js);
      await w.locator('#cat-stigma').check();
      await submit(w, w.getByRole('button', { name: t.grant_button, exact: true }), js);
      await w.locator('[data-testid="grant"][data-category="stigma"]').waitFor();
      const gp = await professional(browser, server, 'liisa.korhonen@example.com', js, /Sanna/);
      contexts.push(gp.context);
      const stigma = gp.page.locator('[data-testid="shared-section"][data-category="stigma"]');
      await stigma.getByText(WORDS).waitFor();
      const rows = await stigma.locator('dl').last().evaluate((dl) =>
        [...dl.querySelectorAll('dt')].map((dt) => `${dt.innerText} = ${dt.nextElementSibling.innerText}`));
      assert.ok(rows.includes(`Pekka Mäkinen (${t.role_employer}) = ${t.comfort_work_affected}`), rows.join('; '));
      assert.ok(rows.includes(`Dr Liisa Korhonen (${t.role_gp}) = ${t.comfort_diagnosis}`), rows.join('; '));
      await gp.check();

      // The employer: every page he can reach, and every mail, hold nothing
      // of the plan (neither her words nor the demo's).
      const boss = await professional(browser, server, 'pekka.makinen@example.com', js, /Sanna/);
      contexts.push(boss.context);
      await boss.check();
      await crawl(boss.page, server.url, '/shared', js);
      const markers = ['PLAN-MARKER', 'glad to be here', 'coming back step by step', 'Please welcome her back'];
      assertNoMarker(boss.bodies, markers, 'the employer');
      const mail = server.mail().map((m) => ({ url: `mail to ${m.to}`, body: `${JSON.stringify(m.headers)}\n${m.text}` }));
      assertNoMarker(mail, markers, 'an e-mail');
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
