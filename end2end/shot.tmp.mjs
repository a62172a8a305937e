// Ad-hoc screenshots at phone size (not a test; not committed).
import { launch, phoneContext } from './lib/browser.mjs';
const [base, lang = 'en', ...paths] = process.argv.slice(2);
const browser = await launch();
const ctx = await phoneContext(browser, { js: true, locale: lang === 'fi' ? 'fi-FI' : lang === 'nl' ? 'nl-NL' : 'en-GB' });
const page = await ctx.newPage();
await page.goto(`${base}/`);
await page.getByLabel(/mail/i).fill('sanna@example.com');
await page.locator('form button[type=submit]').first().click();
await page.waitForURL('**/sign-in/code');
const html = await (await page.request.get(`${base}/dev/mailbox`)).text();
const code = html.match(/(\d{6})/)[1];
await page.locator('input[name=code]').fill(code);
await page.locator('form button[type=submit]').first().click();
await page.waitForURL('**/case');
for (const p of paths) {
  await page.goto(`${base}${p}`);
  await page.waitForLoadState('load');
  const name = `/tmp/shots/${lang}${p.replace(/[\/?=&]/g, '_')}.png`;
  await page.screenshot({ path: name, fullPage: true });
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(name, 'width', w);
}
await browser.close();
