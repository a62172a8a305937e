// A professional asks for information, at phone size, with and without
// JavaScript: the occupational physician's ask form refuses a request for
// nothing, in words, and sends one for sick-leave dates; it waits for the
// worker on My case, she shares as asked in one tap, and the physician's
// next load shows the dates. The physiotherapist asks for the same; the
// worker declines from My case; he reads "declined" and sees no dates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, shownCategories, signedIn } from '../lib/journey.mjs';
import { professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

/// Opens the folded ask form, unless a refused request left it open.
async function openAskForm(p) {
  const fold = p.locator('details', { has: p.getByTestId('ask-form') });
  if (!(await fold.evaluate((d) => d.open))) await fold.locator('summary').click();
}

/// Asks the worker for her sick-leave dates from the professional's case page.
async function askForAbsence(pro, js, why) {
  const p = pro.page;
  await openAskForm(p);
  const form = p.getByTestId('ask-form');
  await form.getByLabel(t.cat_absence).check();
  await form.locator('#ask-why').fill(why);
  await submit(p, form.getByRole('button', { name: t.request_send }), js);
  return p.getByTestId('request').filter({ hasText: why });
}

/// The professional's case page loaded afresh.
async function reload(pro, js) {
  await pro.page.reload();
  await ready(pro.page, js);
}

for (const js of [true, false]) {
  test(`an information request approved and one declined, as both sides see them (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      // The occupational physician sees no sick-leave dates yet.
      const op = await professional(browser, server, 'anna.jansen@example.com', js, /Sanna/);
      contexts.push(op.context);
      assert.ok(!(await shownCategories(op.page)).includes('absence'));
      // Nothing ticked: refused next to the choices, what was typed kept.
      await openAskForm(op.page);
      const form = op.page.getByTestId('ask-form');
      await form.locator('#ask-why').fill('To plan the first weeks back.');
      await submit(op.page, form.getByRole('button', { name: t.request_send }), js);
      await op.page.locator('#ask-cats-error').filter({ hasText: /\S/ }).waitFor();
      assert.equal(await op.page.locator('#ask-why').inputValue(), 'To plan the first weeks back.');
      await op.check();
      const asked = await askForAbsence(op, js, 'To plan the first weeks back.');
      assert.equal(await asked.getAttribute('data-status'), 'pending');
      await op.check();

      // The physiotherapist asks for the same.
      const physio = await professional(browser, server, 'jukka.niemi@example.com', js, /Sanna/);
      contexts.push(physio.context);
      const his = await askForAbsence(physio, js, 'To pace the exercises around her hours.');
      assert.equal(await his.getAttribute('data-status'), 'pending');

      // The worker finds both waiting on My case.
      const { page: w, check: checkW } = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      const waiting = (name) => w.locator('[data-testid="waiting-item"][data-kind="request"]', { hasText: name });
      const fromAnna = waiting('Dr Anna Jansen');
      assert.match(await fromAnna.innerText(), new RegExp(t.wait_request
        .replace('{{ name }}', `Dr Anna Jansen, ${t.role_occupational_physician}`).replace('{{ categories }}', t.cat_absence)));
      await waiting('Jukka Niemi').waitFor();
      await checkW();

      // One tap shares as asked; one declines.
      await submit(w, fromAnna.getByRole('button', { name: t.wait_share_as_asked }), js);
      await fromAnna.waitFor({ state: 'detached' });
      await submit(w, waiting('Jukka Niemi').getByTestId('decline-request').getByRole('button'), js);
      await waiting('Jukka Niemi').waitFor({ state: 'detached' });
      await w.goto(`${server.url}/case/1/requests`);
      await ready(w, js);
      const mine = (name) => w.getByTestId('request').filter({ hasText: name });
      assert.equal(await mine('Dr Anna Jansen').getAttribute('data-status'), 'approved');
      assert.equal(await mine('Jukka Niemi').getAttribute('data-status'), 'declined');
      await checkW();

      // The physician sees the dates; the physiotherapist reads the decline.
      await reload(op, js);
      assert.ok((await shownCategories(op.page)).includes('absence'));
      assert.equal(await asked.getAttribute('data-status'), 'approved');
      assert.equal(await asked.getByTestId('request-status').innerText(), t.request_status_approved);
      await op.check();
      await reload(physio, js);
      assert.ok(!(await shownCategories(physio.page)).includes('absence'));
      assert.equal(await his.getAttribute('data-status'), 'declined');
      assert.equal(await his.getByTestId('request-status').innerText(), t.request_status_declined);
      await physio.check();
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
