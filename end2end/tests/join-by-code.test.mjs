// Joining by a code at the appointment, phone to phone, with and without
// JavaScript: the worker shows a code for a role; a psychologist who has
// never been in a case signs in, enters it (with JavaScript through the QR
// code's link, which fills it in; without, typed as read off the worker's
// screen) and waits; the worker sees who entered it and confirms; the
// psychologist is then in the team, seeing nothing until she shares.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { card, follow, signedIn, submit } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const SHOTS = process.env.SHOTS ?? '/tmp';
const PSYCHOLOGIST = 'kaisa.aho@example.com';

for (const js of [true, false]) {
  const how = js ? 'with' : 'without';
  test(`a psychologist joins by the worker's code once she confirms them (${how} JavaScript)`, async () => {
    const server = await startServer();
    const contexts = [];
    try {
      // The worker: from My case ("Add a person") to a code for a psychologist.
      const w = await signedIn(browser, server, 'sanna@example.com', js, contexts);
      await w.page.getByText(t.add_person, { exact: true }).click();
      await follow(w.page, w.page.getByTestId('join-link'), js);
      await w.page.getByLabel(t.join_role_label).selectOption('psychologist');
      await submit(w.page, w.page.getByRole('button', { name: t.join_show_button }), js);
      const code = (await w.page.getByTestId('join-code').innerText()).trim();
      assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.equal(await w.page.locator('.qr svg').count(), 1, 'the QR code is there');
      if (!js) await w.page.screenshot({ path: `${SHOTS}/join-worker-code.png`, fullPage: true });
      await w.check();

      // The psychologist: no case, no invitation; the start page leads to
      // the code (with JavaScript through the QR code's link instead).
      const p = await signedIn(browser, server, PSYCHOLOGIST, js, contexts);
      if (js) {
        await p.page.goto(`${server.url}/join/${code.replace('-', '')}`);
        await ready(p.page, js);
        assert.equal(await p.page.getByLabel(t.join_code_label).inputValue(), code.replace('-', ''));
      } else {
        await follow(p.page, p.page.getByTestId('join-enter-link'), js);
        await p.page.getByLabel(t.join_code_label).fill(code.toLowerCase());
      }
      await p.page.getByLabel(t.name_label).fill('Dr Kaisa Aho');
      await p.page.getByLabel(new RegExp(`^${t.organisation_label}`)).fill('Mieli Clinic');
      if (!js) await p.page.screenshot({ path: `${SHOTS}/join-enter.png`, fullPage: true });
      await submit(p.page, p.page.getByRole('button', { name: t.join_enter_button }), js);
      await p.page.waitForURL('**/joined/*');
      assert.ok(await p.page.getByTestId('joiner-waiting').isVisible());
      await p.check();

      // The worker sees who entered it: live with JavaScript, on looking
      // again without.
      if (!js) await w.page.reload();
      const entered = w.page.getByTestId('join-entered');
      await entered.waitFor({ timeout: 10_000 });
      assert.equal(await w.page.getByTestId('join-name').innerText(), 'Dr Kaisa Aho');
      assert.match(await entered.innerText(), new RegExp(PSYCHOLOGIST.replace('.', '\\.')));
      assert.match(await entered.innerText(), /Mieli Clinic/);
      assert.equal(await w.page.getByTestId('join-code').count(), 0, 'the used code is gone');
      if (!js) await w.page.screenshot({ path: `${SHOTS}/join-worker-confirm.png`, fullPage: true });
      await w.check();
      await submit(w.page, w.page.getByRole('button', { name: t.join_yes }), js);
      assert.ok(await w.page.getByTestId('join-joined').isVisible());

      // In the team, seeing nothing yet.
      await w.page.goto(`${server.url}/case`);
      await ready(w.page, js);
      const row = card(w.page, 'Dr Kaisa Aho');
      assert.equal(await row.getAttribute('data-role'), 'psychologist');
      assert.match(await row.getByTestId('sees').innerText(), new RegExp(t.sees_nothing_yet));

      // The psychologist's page finds out by itself with JavaScript (it asks
      // every few seconds); without, on "Check again".
      if (!js) await submit(p.page, p.page.getByRole('link', { name: t.join_check_again }), js);
      await p.page.getByTestId('joiner-joined').waitFor({ timeout: 15_000 });
      await p.check();
      await follow(p.page, p.page.getByRole('link', { name: t.join_open_case }), js);
      assert.match(p.page.url(), /\/shared\/\d+$/);
    } finally {
      for (const c of contexts) await c.close();
      await server.stop();
    }
  });
}
