// One-tap sharing, one-tap stop, and the mental-health switch, with and
// without JavaScript at phone size; the sharing history shows what happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, card, follow, openPerson, toMyCase, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const sees = (page, name) => card(page, name).getByTestId('sees').innerText();

for (const js of [true, false]) {
  test(`one-tap sharing and the mental-health switch (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const context = await phoneContext(browser, { js, locale: 'en-GB' });
    const page = await context.newPage();
    const check = pageChecks(page, browser, context, js);
    try {
      await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      // Long words (a 60-character name, organisation and address without a
      // space) wrap instead of widening the page on a phone.
      const long = `Dr ${'Abcdefghij'.repeat(6)}`;
      await page.getByText(t.add_person, { exact: true }).click();
      await page.locator('#add-role').selectOption('psychologist');
      await page.locator('#add-name').fill(long);
      await page.locator('#add-org').fill('Organisation'.repeat(5));
      await page.locator('#add-email').fill(`${'a'.repeat(48)}@example.com`);
      await submit(page, page.getByRole('button', { name: t.add_button }), js);
      await card(page, long).waitFor();
      await check();
      // One tap on the psychiatrist's page shares his usual set, which
      // includes treatment; My case's row says what he sees.
      const mark = await openPerson(page, 'Dr Mark de Vries', js);
      await submit(page, mark.getByRole('button', { name: t.share_preset }), js);
      await toMyCase(page, js);
      await card(page, 'Dr Mark de Vries').getByTestId('sees').filter({ hasText: t.cat_treatment }).waitFor();

      // The switch lives in the Sharing place. It offers only people who
      // could ever see what it protects: never the employer.
      const sharingPlace = () => follow(page, page.locator('nav.places-bar a[data-place="sharing"]'), js);
      await sharingPlace();
      assert.equal(await page.getByTestId('protection').getByLabel(/Pekka/).count(), 0);
      assert.equal(await page.getByTestId('protection').getByLabel(new RegExp(long)).count(), 1);

      // The demo worker keeps mental-health information to her GP and her
      // psychiatrist. Without the psychiatrist ticked, treatment is held back.
      const protection = page.getByTestId('protection');
      await page.getByTestId('protection-state').filter({ hasText: t.protection_on }).waitFor();
      assert.equal(await protection.getByLabel(/Dr Mark de Vries/).isChecked(), true);
      await protection.getByLabel(/Dr Mark de Vries/).uncheck();
      await submit(page, protection.getByRole('button', { name: t.protection_save }), js);
      await page.getByTestId('protection-state').filter({ hasText: t.protection_on }).waitFor();
      await toMyCase(page, js);
      assert.doesNotMatch(await sees(page, 'Dr Mark de Vries'), new RegExp(t.cat_treatment));
      assert.equal(await card(page, 'Dr Mark de Vries').getByTestId('blocked').innerText(), t.blocked_short);
      await check();

      // Turning it off gives treatment back; one tap stops all sharing.
      await sharingPlace();
      await submit(page, page.getByTestId('protection').getByRole('button', { name: t.protection_turn_off }), js);
      await toMyCase(page, js);
      await card(page, 'Dr Mark de Vries').getByTestId('sees').filter({ hasText: t.cat_treatment }).waitFor();
      await submit(page, (await openPerson(page, 'Dr Mark de Vries', js)).getByRole('button', { name: t.stop_all }), js);
      await toMyCase(page, js);
      await card(page, 'Dr Mark de Vries').getByTestId('sees').filter({ hasText: t.sees_nothing_yet }).waitFor();

      // The history lists the three grants, each stopped.
      await page.getByRole('link', { name: t.history_title }).click();
      await page.waitForURL('**/history');
      await ready(page, js);
      const states = await page.getByTestId('history-line').filter({ hasText: 'Mark de Vries' })
        .evaluateAll((els) => els.map((e) => e.dataset.state));
      assert.deepEqual(states, ['revoked', 'revoked', 'revoked']);
      await check();
    } catch (e) {
      await page.screenshot({ path: `/tmp/e2e-protection-${js ? 'js' : 'nojs'}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await context.close();
      await server.stop();
    }
  });
}
