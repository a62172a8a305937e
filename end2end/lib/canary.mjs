// Canary crawls: a person's browser is recorded while it follows every link
// it can reach, and then no response may hold a marker written where that
// person must not read it (GUIDE section 2).
import assert from 'node:assert/strict';
import { ready, phoneContext } from './browser.mjs';
import { signIn, follow, pageChecks } from './journey.mjs';
import { texts } from './texts.mjs';

/// Every response body `page` receives from now on (`clean` may drop parts
/// that name things on purpose, e.g. a select's options).
export function recorder(page, clean = (body) => body) {
  const bodies = [];
  page.on('response', async (r) => {
    try { bodies.push({ url: r.url(), body: clean(await r.text()) }); } catch { /* redirects and streams have no body */ }
  });
  return bodies;
}

/// Every same-origin page reachable from `start`, three levels deep (not the
/// development mailbox).
export async function crawl(page, base, start, js) {
  const seen = new Set();
  let frontier = [start];
  for (let depth = 0; depth < 3 && frontier.length; depth++) {
    const next = [];
    for (const path of frontier) {
      if (seen.has(path)) continue;
      seen.add(path);
      await page.goto(`${base}${path}`);
      await ready(page, js);
      const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
      for (const l of links) if (l.startsWith('/') && !l.startsWith('/dev/')) next.push(l.split('#')[0]);
    }
    frontier = next;
  }
  return seen;
}

/// No recorded body holds any of `markers`.
export function assertNoMarker(bodies, markers, who) {
  for (const { url, body } of bodies) {
    for (const m of markers) assert.ok(!body.includes(m), `${who} received "${m}" in ${url}`);
  }
}

/// A professional signs in (English, at phone size, every response
/// recorded) and opens the case of the worker whose name matches `worker`.
export async function professional(browser, server, email, js, worker) {
  const context = await phoneContext(browser, { js, locale: 'en-GB' });
  const page = await context.newPage();
  const bodies = recorder(page);
  await signIn(page, { baseUrl: server.url, mail: server, email, js, t: texts.en, landing: '**/shared' });
  await follow(page, page.getByRole('link', { name: worker }), js);
  return { context, page, bodies, check: pageChecks(page, browser, context, js) };
}
