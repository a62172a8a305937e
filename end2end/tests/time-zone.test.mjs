// Times in the reader's own zone, named, at phone size: without JavaScript
// they follow the language (London for English) until the person chooses
// on "Your time zone"; with JavaScript the phone's zone is taken while none
// is chosen; a choice comes along to the next sign-in on another phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { pageChecks, signIn, submit } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const ANNA = 'anna.jansen@example.com';
const SHOTS = process.env.SHOTS ?? '/tmp';

/// The "(… time)" a page's times are named with.
async function zonesNamed(page) {
  const text = await page.locator('main').innerText();
  return [...new Set([...text.matchAll(/\((\w+) time\)/g)].map((m) => m[1]))];
}

async function phone(js, timezoneId, contexts, server) {
  const context = await phoneContext(browser, { js, timezoneId });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, { baseUrl: server.url, mail: server, email: ANNA, js, t, landing: '**/shared' });
  return { page, context, check: pageChecks(page, browser, context, js) };
}

/// The zone this browser carries for its reader, once it carries one.
async function zoneCookie(context) {
  for (let i = 0; i < 100; i++) {
    const c = (await context.cookies()).find((k) => k.name === '__Host-rtw-zone');
    if (c) return decodeURIComponent(c.value);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

test('times follow the language, then the person\'s choice, on every phone they sign in on', async () => {
  const server = await startServer();
  const contexts = [];
  try {
    // Without JavaScript: English reads London time, named.
    const a = await phone(false, 'Asia/Tokyo', contexts, server);
    await a.page.goto(`${server.url}/passkeys`);
    assert.deepEqual(await zonesNamed(a.page), ['London']);
    assert.equal((await a.page.locator('a.menu-link[href="/time-zone"]').textContent()).trim(), 'Time zone: London');

    // Chosen on "Your time zone": every time shifts and says so.
    await a.page.goto(`${server.url}/time-zone`);
    await a.page.getByLabel(t.zone_label).selectOption('Europe/Amsterdam');
    await submit(a.page, a.page.getByRole('button', { name: t.zone_save }), false);
    assert.match(await a.page.getByTestId('zone-now').innerText(), /\(Amsterdam time\)/);
    await a.page.screenshot({ path: `${SHOTS}/time-zone.png`, fullPage: true });
    await a.check();
    await a.page.goto(`${server.url}/passkeys`);
    assert.deepEqual(await zonesNamed(a.page), ['Amsterdam']);

    // Another phone, with JavaScript and its own zone: the choice holds.
    const b = await phone(true, 'Asia/Tokyo', contexts, server);
    await b.page.goto(`${server.url}/passkeys`);
    await ready(b.page, true);
    assert.deepEqual(await zonesNamed(b.page), ['Amsterdam']);
    await b.check();
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});

test('with JavaScript, a person who chose no zone reads times in the phone\'s', async () => {
  const server = await startServer();
  const contexts = [];
  try {
    const a = await phone(true, 'Europe/Helsinki', contexts, server);
    // The first page told the portal the phone's zone; the next shows it.
    assert.equal(await zoneCookie(a.context), 'Europe/Helsinki');
    await a.page.goto(`${server.url}/passkeys`);
    await ready(a.page, true);
    assert.deepEqual(await zonesNamed(a.page), ['Helsinki']);
    await a.check();
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});
