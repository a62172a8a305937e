// The demo worker signs in through the development mailbox and manages the
// care team: in English, Finnish and Dutch; with and without JavaScript; at
// phone size; with an accessibility scan of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts, LANG_NAMES } from '../lib/texts.mjs';
import { signIn, submit, follow, card, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WORKER = 'sanna@example.com';

// en and fi arrive by the browser's language; nl is chosen in the menu.
const LANGS = [
  { lang: 'en', locale: 'en-GB', viaMenu: false },
  { lang: 'fi', locale: 'fi-FI', viaMenu: false },
  { lang: 'nl', locale: 'en-GB', viaMenu: true },
];

for (const js of [true, false]) {
  for (const { lang, locale, viaMenu } of LANGS) {
    test(`worker manages the care team (${lang}, ${js ? 'with' : 'without'} JavaScript)`, async () => {
      const server = await startServer();
      const context = await phoneContext(browser, { js, locale });
      const page = await context.newPage();
      const t = texts[lang];
      const check = pageChecks(page, browser, context, js);
      try {
        await page.goto(`${server.url}/`);
        await ready(page, js);
        if (viaMenu) {
          await page.getByText(texts.en.menu, { exact: true }).click();
          await submit(page, page.getByRole('button', { name: LANG_NAMES[lang] }), js);
        }
        await page.getByRole('heading', { name: t.sign_in_title }).waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await check();

        await signIn(page, { baseUrl: server.url, mail: server, email: WORKER, js, t });
        await page.getByRole('heading', { name: t.team_title }).waitFor();
        await check();

        // Who is involved: roles in plain words, what they do, who coordinates.
        // The demo team: GP, psychiatrist, occupational physician, insurance
        // physician, employer, and the physiotherapist who accepted a referral.
        assert.equal(await page.locator('[data-testid="participant"]').count(), 6);
        const psychiatrist = card(page, 'Dr Mark de Vries');
        assert.match(await psychiatrist.innerText(), new RegExp(t.role_psychiatrist));
        assert.match(await psychiatrist.innerText(), new RegExp(t.does_psychiatrist.slice(0, 20)));
        assert.match(await psychiatrist.locator('[data-testid="sees"]').innerText(), new RegExp(t.sees_nothing_yet));
        assert.match(await page.getByTestId('coordinator').innerText(), /Dr Liisa Korhonen/);
        for (const world of ['world_curative_care', 'world_work_focused_care', 'world_workplace']) {
          await page.getByRole('heading', { name: t[world] }).waitFor();
        }

        // Add a psychologist; an invalid e-mail is refused with a message first.
        const fillNew = async (emailValue) => {
          await page.locator('#add-role').selectOption('psychologist');
          await page.locator('#add-name').fill('Dr Eva Berg');
          await page.locator('#add-email').fill(emailValue);
        };
        await page.locator('details.add > summary').click();
        await fillNew('eva.berg@example');
        await submit(page, page.getByRole('button', { name: t.add_button }), js);
        await page.locator('#add-email-error', { hasText: t.err_email_invalid }).waitFor();
        // What was typed is still there, with and without JavaScript.
        assert.equal(await page.locator('#add-name').inputValue(), 'Dr Eva Berg', 'typed text is kept');
        assert.equal(await page.locator('#add-email').inputValue(), 'eva.berg@example');
        assert.equal(await page.locator('#add-role').inputValue(), 'psychologist');
        await check();
        await fillNew('eva.berg@example.com');
        await submit(page, page.getByRole('button', { name: t.add_button }), js);
        const eva = card(page, 'Dr Eva Berg');
        await eva.waitFor();
        assert.match(await eva.innerText(), new RegExp(t.role_psychologist));

        // Fix a typo in her e-mail on the page her card links to; an invalid
        // one shows the error there first, with what was typed kept.
        await follow(page, card(page, 'Dr Eva Berg').getByRole('link', { name: t.change_contact }), js);
        await page.getByRole('heading', { name: t.change_contact }).waitFor();
        await check();
        await page.locator('#contact-email').fill('eva.berg@@example.com');
        await submit(page, page.getByRole('button', { name: t.save }), js);
        await page.locator('#contact-email-error', { hasText: t.err_email_invalid }).waitFor();
        assert.equal(await page.locator('#contact-email').inputValue(), 'eva.berg@@example.com', 'typed text is kept');
        assert.equal(await page.locator('#contact-name').inputValue(), 'Dr Eva Berg');
        await page.locator('#contact-email').fill('eva.berg@clinic.example.com');
        await submit(page, page.getByRole('button', { name: t.save }), js);
        // Saved: back on My case, her card shows the new address.
        await page.getByRole('heading', { name: t.team_title }).waitFor();
        await card(page, 'Dr Eva Berg').locator('a[href="mailto:eva.berg@clinic.example.com"]').waitFor();

        // The occupational physician becomes the coordinator.
        await submit(page, card(page, 'Dr Anna Jansen').getByRole('button', { name: t.make_coordinator }), js);
        await page.getByTestId('coordinator').filter({ hasText: 'Dr Anna Jansen' }).waitFor();
        assert.match(await card(page, 'Dr Anna Jansen').innerText(), new RegExp(t.coordinator_badge));

        // Remove the psychologist again.
        const evaCard = card(page, 'Dr Eva Berg');
        await evaCard.locator('details.remove > summary').click();
        await submit(page, evaCard.locator('details.remove').getByRole('button', { name: t.remove }), js);
        await card(page, 'Dr Eva Berg').waitFor({ state: 'detached' });
        assert.equal(await page.locator('[data-testid="participant"]').count(), 6);
        await check();
      } catch (e) {
        await page.screenshot({ path: `/tmp/e2e-fail-${lang}-${js ? 'js' : 'nojs'}.png`, fullPage: true }).catch(() => {});
        throw e;
      } finally {
        await context.close();
        await server.stop();
      }
    });
  }
}
