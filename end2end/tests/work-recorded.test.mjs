// An agreement the occupational physician notes after a meeting, confirmed
// by the worker, at phone size, with and without JavaScript: the worker
// proposes an adjustment to her occupational physician; the physician notes
// what was agreed (a start date); the proposal waits for the worker, on My
// case's waiting list; she confirms it from there, it is agreed with those
// dates, leaves the waiting list, and the physician sees it agreed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, pageChecks } from '../lib/journey.mjs';
import { professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

for (const js of [true, false]) {
  test(`the occupational physician notes an agreement and the worker confirms it from My case (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const worker = await phoneContext(browser, { js, locale: 'en-GB' });
    const contexts = [worker];
    try {
      const w = await worker.newPage();
      const checkW = pageChecks(w, browser, worker, js);
      await signIn(w, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      await w.goto(`${server.url}/case/1/work/new`);
      await ready(w, js);
      await w.locator('#adj-help').fill('A quiet room for phone calls');
      await submit(w, w.getByRole('button', { name: t.save_draft }), js);
      await w.getByTestId('send-form').getByLabel(/Anna Jansen/).check();
      await submit(w, w.getByTestId('send-form').getByRole('button', { name: t.work_send_button }), js);
      const path = new URL(w.url()).pathname;

      // The physician notes what was agreed: it waits for the worker.
      const op = await professional(browser, server, 'anna.jansen@example.com', js, /Sanna/);
      contexts.push(op.context);
      const card = op.page.getByTestId('sent-adjustment').filter({ hasText: 'A quiet room for phone calls' });
      const form = card.getByTestId('recorded-form');
      await form.locator('input[name="start"]').fill('2027-01-11');
      await submit(op.page, form.getByRole('button', { name: t.physician_record }), js);
      await card.getByText(/Waiting for the employee to confirm/).waitFor();
      assert.equal(await card.getByTestId('status').innerText(), t.status_proposed);
      await op.check();

      // My case lists it as waiting; she confirms it from there.
      await w.goto(`${server.url}/case`);
      await ready(w, js);
      const item = w.locator(`[data-testid="waiting-item"][data-kind="recorded"]:has(a[href="${path}"])`);
      await follow(w, item.locator(`a[href="${path}"]`), js);
      const confirm = w.getByTestId('confirm');
      assert.match(await confirm.innerText(), /11 January 2027/);
      await checkW();
      await submit(w, confirm.getByRole('button', { name: t.work_confirm_button }), js);
      assert.equal(await w.getByTestId('status').innerText(), t.status_agreed);
      assert.match(await w.getByTestId('dates').innerText(), /11 January 2027/);
      assert.equal(await w.getByTestId('confirm').count(), 0);
      await w.goto(`${server.url}/case`);
      await ready(w, js);
      assert.equal(await item.count(), 0, 'a confirmed agreement still waits on My case');

      // The physician's page says agreed.
      await op.page.reload();
      await ready(op.page, js);
      assert.equal(await card.getByTestId('status').innerText(), t.status_agreed);
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
