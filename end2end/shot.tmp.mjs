// Ad-hoc screenshots at phone size (not a test; not committed).
import { launch, phoneContext } from './lib/browser.mjs';
const [base, lang = 'en', ...paths] = process.argv.slice(2);
const browser = await launch();
const ctx = await phoneContext(browser, { js: true, locale: lang === 'fi' ? 'fi-FI' : lang === 'nl' ? 'nl-NL' : 'en-GB' });
const page = await ctx.newPage();
await page.goto(`${base}/`);
await page.locator('#sign-in-email').fill('sanna@example.com');
await page.locator('main form button[type=submit]').click();
await page.waitForURL('**/sign-in/code');
const html = await (await page.request.get(`${base}/dev/mailbox`)).text();
const code = html.match(/(\d{6})/)[1];
await page.locator('#sign-in-code').fill(code);
await page.locator('main form button[type=submit]').click();
await page.waitForURL('**/case');
for (const p of paths) {
  await page.goto(`${base}${p}`);
  await page.waitForLoadState('load');
  const name = `/tmp/shots/${lang}${p.replace(/[\/?=&]/g, '_')}.png`;
  await page.screenshot({ path: name, fullPage: process.env.FULL !== '0' });
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(name, 'width', w);
}
await browser.close();
