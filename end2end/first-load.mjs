// Prints what a phone downloads, bytes on the wire as Chromium counts them
// (brotli as served, headers included), page by page through a short journey:
// the first visit, sign-in, the case page and a sharing page. Used by
// scripts/bench.sh after a release build.
import { startServer } from './lib/server.mjs';
import { launch, phoneContext, ready } from './lib/browser.mjs';
import { texts } from './lib/texts.mjs';
import { signIn, follow, card } from './lib/journey.mjs';

const browser = await launch();
const server = await startServer();
const context = await phoneContext(browser, { js: true, locale: 'en-GB' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');

// requestId -> { url, bytes, cached }
let seen = new Map();
cdp.on('Network.requestWillBeSent', (e) => seen.set(e.requestId, { url: e.request.url, bytes: 0, cached: false }));
cdp.on('Network.requestServedFromCache', (e) => { const r = seen.get(e.requestId); if (r) r.cached = true; });
cdp.on('Network.loadingFinished', (e) => { const r = seen.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });

const kind = (url) => {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (path.startsWith('/pkg/') || /\.(svg|png|webmanifest)$/.test(path)) return 'other';
  return 'page';
};
const report = async (label) => {
  await page.waitForTimeout(500); // let late requests (the idle-time wasm) finish
  const sums = { page: 0, wasm: 0, js: 0, css: 0, other: 0 };
  let requests = 0;
  let fromCache = 0;
  for (const r of seen.values()) {
    if (r.url.startsWith('data:')) continue;
    requests += 1;
    if (r.cached) fromCache += 1;
    sums[kind(r.url)] += r.bytes;
  }
  const total = Object.values(sums).reduce((a, b) => a + b, 0);
  console.log(
    `${label.padEnd(28)} wasm ${String(sums.wasm).padStart(6)}  js ${String(sums.js).padStart(5)}  css ${String(sums.css).padStart(5)}  ` +
      `html+api ${String(sums.page).padStart(6)}  other ${String(sums.other).padStart(5)}  total ${String(total).padStart(6)} B` +
      `  (${requests} requests, ${fromCache} from cache)`,
  );
  seen = new Map();
};

await page.goto(`${server.url}/`);
await ready(page, true);
await report('first visit: sign-in page');
await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js: true, t: texts.en });
await report('sign-in steps + case page');
await follow(page, card(page, 'Dr Anna Jansen').locator('a.person-link'), true);
await report('a sharing page');
await context.close();
await server.stop();
await browser.close();
