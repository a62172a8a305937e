// Sharing one concern with one named clinician, at phone size, with and
// without JavaScript: the worker writes a concern ("only you" at first) and
// shares it with her GP by name; the GP reads it on her case page, and not
// the worker's other, private concern; the psychiatrist (whom the worker
// could have named, and whom her mental-health switch names too) and the
// employer receive no word of it anywhere. Unshared, it leaves the GP's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, follow, signedIn } from '../lib/journey.mjs';
import { crawl, assertNoMarker, professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const MARKER = 'NAMED-CONCERN-MARKER';
// The demo's private concern, shared with nobody.
const PRIVATE = 'not pulling my weight';

/// The fold of a concern card that shares it, opened.
async function shareFold(card) {
  const fold = card.locator('details').filter({ has: card.page().locator('summary', { hasText: t.concern_share }) });
  if (!(await fold.evaluate((d) => d.open))) await fold.locator('summary').click();
  return fold;
}

/// The GP's case page, loaded afresh: the concerns shared with her by name.
async function gpReads(gp, js) {
  await gp.page.reload();
  await ready(gp.page, js);
  const named = gp.page.getByTestId('named-concerns');
  return (await named.count()) ? named.innerText() : '';
}

for (const js of [true, false]) {
  test(`a concern shared with one named clinician reaches her alone (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const { page: w, check: checkW } = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await follow(w, w.locator('.places-bar').getByRole('link', { name: t.place_concerns }), js);

      const form = w.getByTestId('concern-form');
      await form.locator('#concern-kind').selectOption('disclosure');
      await form.locator('#concern-what').fill(`${MARKER}: I do not know what to tell my team about my therapy.`);
      await form.getByLabel(t.weight_3, { exact: true }).check();
      await submit(w, form.getByRole('button', { name: t.save }), js);
      const card = w.getByTestId('concern').filter({ hasText: MARKER });
      await card.getByTestId('only-you').waitFor();

      // The GP, among the clinicians offered; never the employer.
      const fold = await shareFold(card);
      assert.equal(await fold.getByLabel(/Pekka Mäkinen/).count(), 0, 'the employer is offered a concern');
      await fold.getByLabel(/Liisa Korhonen/).check();
      await submit(w, fold.getByRole('button', { name: t.save }), js);
      await card.getByTestId('shared-with').filter({ hasText: t.concern_shared_with.replace('{{ names }}', 'Dr Liisa Korhonen') }).waitFor();
      assert.equal(await card.getByTestId('only-you').count(), 0);
      await checkW();

      // The GP reads it on her case page, and only that one.
      const gp = await professional(browser, server, 'liisa.korhonen@example.com', js, /Sanna/);
      contexts.push(gp.context);
      const named = gp.page.getByTestId('named-concerns');
      await named.getByText(t.concerns_shared_with_you).waitFor();
      assert.match(await named.innerText(), new RegExp(MARKER));
      assert.doesNotMatch(await gp.page.innerText('main'), new RegExp(PRIVATE));
      await gp.check();

      // The psychiatrist and the employer: nothing, wherever they look.
      for (const email of ['mark.devries@example.com', 'pekka.makinen@example.com']) {
        const other = await professional(browser, server, email, js, /Sanna/);
        contexts.push(other.context);
        assert.equal(await other.page.getByTestId('named-concerns').count(), 0, `${email} has concerns shared by name`);
        await other.check();
        await crawl(other.page, server.url, '/shared', js);
        assertNoMarker(other.bodies, [MARKER, 'what to tell my team', PRIVATE], email);
      }
      const mail = server.mail().map((m) => ({ url: `mail to ${m.to}`, body: `${JSON.stringify(m.headers)}\n${m.text}` }));
      assertNoMarker(mail, [MARKER, 'what to tell my team'], 'an e-mail');

      // Unshared, it is gone from the GP's next load.
      const again = await shareFold(card);
      await again.getByLabel(/Liisa Korhonen/).uncheck();
      await submit(w, again.getByRole('button', { name: t.save }), js);
      await card.getByTestId('only-you').waitFor();
      assert.doesNotMatch(await gpReads(gp, js), new RegExp(MARKER));
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
