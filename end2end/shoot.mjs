// Screenshots of pages at phone size, for people to look at (not a test):
// node end2end/shoot.mjs BASE_URL OUT_DIR LANG EMAIL PATH [PATH...]
// Signs in as EMAIL through the demo mailbox, then saves each PATH as a
// full-page PNG named after it. SHOOT_OPEN=1 opens every disclosure of the
// page's main part first (what a tap would show).
import { launch, phoneContext, ready } from './lib/browser.mjs';
import { codeFromDevMailbox } from './lib/journey.mjs';

const [base, out, lang, email, ...paths] = process.argv.slice(2);
const browser = await launch();
const context = await phoneContext(browser, { js: true, locale: lang });
await context.addCookies([{ name: 'i18n_pref_locale', value: lang, url: base }]);
const page = await context.newPage();
await page.goto(`${base}/`);
await page.locator('input[type=email]').fill(email);
await Promise.all([page.waitForNavigation(), page.locator('form button[type=submit]').last().click()]);
const code = await codeFromDevMailbox(page, base, email);
await page.locator('input[autocomplete=one-time-code], input[name=code]').first().fill(code);
await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
for (const p of paths) {
  await page.goto(`${base}${p}`);
  await ready(page, true);
  if (process.env.SHOOT_OPEN) await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
  const open = process.env.SHOOT_OPEN ? '-open' : '';
  const name = `${out}/${lang}-${email.split('@')[0]}-${p.replace(/[^a-z0-9]+/gi, '_')}${open}.png`;
  await page.screenshot({ path: name, fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`${name} ${height}px`);
}
await browser.close();
