// Hiding someone from a professional's view of the care team, at phone
// size, with and without JavaScript: the worker takes the insurance
// physician out of what her occupational physician sees of the team; the
// occupational physician's page, and the worker's preview of it, no longer
// list her (nor her name anywhere in the page); ticked again, she is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, pageChecks, openPerson, toMyCase } from '../lib/journey.mjs';
import { professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const HIDDEN = 'Eva Lind';

/// Whether the occupational physician's page, loaded afresh, names her.
async function opSees(op, js) {
  await op.page.reload();
  await ready(op.page, js);
  await op.page.getByTestId('directory').waitFor();
  const listed = await op.page.getByTestId('directory-entry').filter({ hasText: HIDDEN }).count();
  const anywhere = (await op.page.content()).includes(HIDDEN);
  assert.equal(listed === 1, anywhere, 'listed and named anywhere should agree');
  return listed === 1;
}

/// Ticks or unticks the insurance physician in the settings of the open
/// person's page, and saves.
async function show(w, on, js) {
  const settings = w.getByTestId('directory-settings');
  const box = settings.getByLabel(new RegExp(HIDDEN));
  if (on) await box.check(); else await box.uncheck();
  await submit(w, settings.getByRole('button', { name: t.directory_save }), js);
  assert.equal(await w.getByTestId('directory-settings').getByLabel(new RegExp(HIDDEN)).isChecked(), on);
}

for (const js of [true, false]) {
  test(`the worker hides a team member from one professional's view of the team (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const worker = await phoneContext(browser, { js, locale: 'en-GB' });
    const contexts = [worker];
    try {
      const op = await professional(browser, server, 'anna.jansen@example.com', js, /Sanna/);
      contexts.push(op.context);
      assert.equal(await opSees(op, js), true, 'the demo shows the insurance physician to the occupational physician');

      const w = await worker.newPage();
      const checkW = pageChecks(w, browser, worker, js);
      await signIn(w, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      await openPerson(w, 'Dr Anna Jansen', js);
      const annaPage = w.url();
      await show(w, false, js);
      await checkW();
      assert.equal(await opSees(op, js), false, 'a hidden team member is still listed');
      await op.check();

      // The preview is exactly what she gets.
      await follow(w, w.getByRole('link', { name: t.preview_link.replace('{{ name }}', 'Dr Anna Jansen') }), js);
      await w.getByTestId('directory').waitFor();
      assert.equal(await w.getByTestId('directory-entry').filter({ hasText: HIDDEN }).count(), 0);
      await checkW();

      // Shown again.
      await w.goto(annaPage);
      await ready(w, js);
      await show(w, true, js);
      assert.equal(await opSees(op, js), true, 'a team member shown again is not listed');
      await toMyCase(w, js);
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
