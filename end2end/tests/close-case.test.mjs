// Back at work: the worker closes her case on a phone, with and without
// JavaScript; every professional's page and list then say "closed" and
// nothing else, the employer's too; she opens it again after a relapse
// and nothing is shared until she shares it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { follow, signedIn, submit } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const PROFESSIONALS = ['anna.jansen@example.com', 'mark.devries@example.com', 'pekka.makinen@example.com'];

for (const js of [true, false]) {
  test(`the worker closes her case and every professional sees "closed" only (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      const w = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      // Under "Change dates": back at work is a date too.
      await w.page.getByText(t.change_dates, { exact: true }).click();
      await submit(w.page, w.page.getByRole('button', { name: t.close_button }), js);
      const closed = w.page.getByTestId('case-closed');
      assert.match(await closed.innerText(), new RegExp(t.closed_title));
      await w.check();

      for (const email of PROFESSIONALS) {
        const p = await signedIn(browser, server, email, js, contexts, '**/shared');
        const card = p.page.getByTestId('my-case');
        assert.equal(await card.getByTestId('case-closed').count(), 1, `${email}: the list says closed`);
        await follow(p.page, card.getByRole('link', { name: t.open_case_of.replace('{{ name }}', 'Sanna') }), js);
        assert.equal(await p.page.getByTestId('shared-closed').count(), 1, `${email}: the page says closed`);
        assert.equal(await p.page.getByTestId('shared-section').count(), 0, `${email}: nothing else`);
        const text = await p.page.locator('main').innerText();
        for (const secret of ['Start at 10', 'desk away', 'F32', 'Dr Mark']) {
          assert.ok(!text.includes(secret), `${email} reads "${secret}" on a closed case`);
        }
        await p.check();
      }

      // A relapse: open again, nothing shared.
      await submit(w.page, w.page.getByRole('button', { name: t.reopen_button }), js);
      assert.equal(await w.page.getByTestId('case-closed').count(), 0);
      assert.equal(await w.page.getByTestId('close-case').count(), 1);
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}
