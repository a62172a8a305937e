// Notes between professionals, at phone size, with and without JavaScript:
// the GP (the worker shares notes with her) writes a note to the
// occupational physician; the worker reads it on her notes page; the
// occupational physician does not see it, neither before the worker shares
// notes with her nor after (the mental-health protection keeps notes to the
// people it names), and does once the worker names her there too; the
// employer receives no word of it anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, pageChecks, openPerson, toMyCase } from '../lib/journey.mjs';
import { crawl, assertNoMarker, professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const MARKER = 'NOTE-MARKER';

/// Opens the folded "write a note" form (a <details>), unless it is open.
async function openNoteForm(page) {
  const details = page.locator('details', { has: page.getByTestId('note-form') });
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/// Whether the occupational physician's page, loaded afresh, shows the note.
async function opSees(op, js) {
  await op.page.reload();
  await ready(op.page, js);
  return (await op.page.getByTestId('note').filter({ hasText: MARKER }).count()) === 1;
}

for (const js of [true, false]) {
  test(`a note reaches the worker always, and its addressee only when the worker allows (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      // The GP writes to the occupational physician.
      const gp = await professional(browser, server, 'liisa.korhonen@example.com', js, /Sanna/);
      contexts.push(gp.context);
      const g = gp.page;
      await openNoteForm(g);
      const form = g.getByTestId('note-form');
      const to = await form.locator('#note-to option', { hasText: 'Anna Jansen' }).getAttribute('value');
      await form.locator('#note-to').selectOption(to);
      // An empty note is refused next to the field, in words.
      await form.locator('#note-text').fill('   ');
      await submit(g, form.getByRole('button', { name: t.note_send }), js);
      await g.locator('#note-text-error').filter({ hasText: /\S/ }).waitFor();
      await gp.check();
      await openNoteForm(g);
      await g.getByTestId('note-form').locator('#note-text')
        .fill(`${MARKER}: she asked for the review to be on a Monday.`);
      await submit(g, g.getByTestId('note-form').getByRole('button', { name: t.note_send }), js);
      await g.getByTestId('note').filter({ hasText: MARKER }).waitFor();
      await gp.check();

      // The occupational physician has no notes shared with her: nothing.
      const op = await professional(browser, server, 'anna.jansen@example.com', js, /Sanna/);
      contexts.push(op.context);
      assert.equal(await opSees(op, js), false, 'the addressee read a note before the worker shared notes');
      await op.check();

      // The worker reads every note, with who wrote it to whom.
      const worker = await phoneContext(browser, { js, locale: 'en-GB' });
      contexts.push(worker);
      const w = await worker.newPage();
      const checkW = pageChecks(w, browser, worker, js);
      await signIn(w, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      await w.goto(`${server.url}/case/1/notes`);
      await ready(w, js);
      const note = w.getByTestId('note').filter({ hasText: MARKER });
      await note.waitFor();
      assert.match(await note.textContent(), /From Dr Liisa Korhonen, .* to Dr Anna Jansen, /);
      await checkW();

      // She shares notes with the occupational physician: the protection,
      // which names only her GP and psychiatrist, still keeps them back.
      await toMyCase(w, js);
      await openPerson(w, 'Dr Anna Jansen', js);
      await w.locator('#cat-notes').check();
      await submit(w, w.getByRole('button', { name: t.grant_button, exact: true }), js);
      await w.locator('[data-testid="grant"][data-category="notes"]').waitFor();
      await checkW();
      assert.equal(await opSees(op, js), false, 'the protection let a note through to someone it does not name');

      // Named in the protection too, she reads it on her next load.
      await follow(w, w.locator('nav.places-bar a[data-place="sharing"]'), js);
      const protection = w.getByTestId('protection');
      await protection.getByLabel(/Dr Anna Jansen/).check();
      await submit(w, protection.getByRole('button', { name: t.protection_save }), js);
      await w.getByTestId('protection-state').filter({ hasText: t.protection_on }).waitFor();
      assert.equal(await protection.getByLabel(/Dr Anna Jansen/).isChecked(), true);
      await checkW();
      assert.equal(await opSees(op, js), true, 'the addressee does not see a note the worker shared');
      await op.check();

      // The employer: every page they can reach, and no word of the note.
      const boss = await professional(browser, server, 'pekka.makinen@example.com', js, /Sanna/);
      contexts.push(boss.context);
      await crawl(boss.page, server.url, '/shared', js);
      assertNoMarker(boss.bodies, [MARKER, 'review to be on a Monday'], 'the employer');
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
