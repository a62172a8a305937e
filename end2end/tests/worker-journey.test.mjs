// The demo worker signs in through the development mailbox and manages the
// care team: in English, Finnish and Dutch; with and without JavaScript; at
// phone size; with an accessibility scan of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts, LANG_NAMES } from '../lib/texts.mjs';
import { signIn, submit, follow, card, openPerson, toMyCase, pageChecks } from '../lib/journey.mjs';

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
        assert.match(await psychiatrist.locator('[data-testid="sees"]').innerText(), new RegExp(t.sees_nothing_yet));
        await card(page, 'Dr Liisa Korhonen').getByTestId('coordinator').waitFor();
        // The list runs from curative care through work-focused care to the
        // workplace.
        const roles = await page.locator('[data-testid="participant"]').evaluateAll((els) => els.map((e) => e.dataset.role));
        assert.equal(roles[0], 'gp');
        assert.equal(roles[roles.length - 1], 'employer');
        // What each role does is on the person's page, a tap away.
        await openPerson(page, 'Dr Mark de Vries', js);
        assert.match(await page.getByTestId('person').innerText(), new RegExp(t.does_psychiatrist.slice(0, 20)));
        await check();
        await toMyCase(page, js);

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

        // Fix a typo in her e-mail on the page her page links to; an invalid
        // one shows the error there first, with what was typed kept.
        await openPerson(page, 'Dr Eva Berg', js);
        await follow(page, page.getByTestId('person').getByRole('link', { name: t.change_contact }), js);
        await page.getByRole('heading', { name: t.change_contact }).waitFor();
        await check();
        await page.locator('#contact-email').fill('eva.berg@@example.com');
        await submit(page, page.getByRole('button', { name: t.save }), js);
        await page.locator('#contact-email-error', { hasText: t.err_email_invalid }).waitFor();
        assert.equal(await page.locator('#contact-email').inputValue(), 'eva.berg@@example.com', 'typed text is kept');
        assert.equal(await page.locator('#contact-name').inputValue(), 'Dr Eva Berg');
        await page.locator('#contact-email').fill('eva.berg@clinic.example.com');
        await submit(page, page.getByRole('button', { name: t.save }), js);
        // Saved: back on her page, which shows the new address.
        await page.getByTestId('person').locator('a[href="mailto:eva.berg@clinic.example.com"]').waitFor();
        await toMyCase(page, js);

        // The occupational physician becomes the coordinator.
        const anna = await openPerson(page, 'Dr Anna Jansen', js);
        await submit(page, anna.getByRole('button', { name: t.make_coordinator }), js);
        await toMyCase(page, js);
        await card(page, 'Dr Anna Jansen').getByTestId('coordinator').waitFor();
        assert.match(await card(page, 'Dr Anna Jansen').innerText(), new RegExp(t.coordinator_badge));
        assert.equal(await card(page, 'Dr Liisa Korhonen').getByTestId('coordinator').count(), 0);

        // Remove the psychologist again: her page is gone, everyone's sharing
        // is shown, and My case lists six people.
        const evaPage = await openPerson(page, 'Dr Eva Berg', js);
        await evaPage.locator('details.remove > summary').click();
        await submit(page, evaPage.locator('details.remove').getByRole('button', { name: t.remove }), js);
        await page.getByTestId('sharing-person').first().waitFor();
        await toMyCase(page, js);
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
