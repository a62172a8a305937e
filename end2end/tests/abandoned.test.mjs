// Requests the client abandons mid-render: every page of every demo person
// is asked for with a timeout of 2 to 50 ms, 8 at a time, three rounds, as
// an impatient browser or a scanner does. The work of an abandoned request
// must end with it: afterwards the server's log holds no panic and no
// error (a page's work that outlived its request once logged "portal
// service missing from context" and panicked on disposed reactive values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

const PEOPLE = ['sanna@example.com', 'pekka.makinen@example.com', 'mark.devries@example.com',
  'jukka.niemi@example.com', 'anna.jansen@example.com', 'eva.lind@example.com', 'liisa.korhonen@example.com'];

/// The newest sign-in code to `email` on the demo's mailbox page.
async function codeFor(server, email) {
  for (let i = 0; i < 100; i++) {
    const html = await (await fetch(`${server.url}/dev/mailbox`)).text();
    const mail = html.split('class="card mail"').slice(1).find((m) => m.includes(`>${email}<`));
    const code = mail?.match(/mail-body[^>]*>[^<]*?(\d{6})/)?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${email}`);
}

/// Signs `email` in through the code flow; the session cookie.
async function signIn(server, email) {
  const asked = await fetch(`${server.url}/api/sign-in/request-code`, {
    method: 'POST', body: new URLSearchParams({ email }), headers: { Accept: 'application/json' },
  });
  assert.equal(asked.status, 200, `request-code for ${email}`);
  const signInCookie = asked.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const code = await codeFor(server, email);
  const verified = await fetch(`${server.url}/api/sign-in/verify-code`, {
    method: 'POST', body: new URLSearchParams({ code }), headers: { Accept: 'application/json', Cookie: signInCookie },
  });
  const session = verified.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('__Host-rtw-session='));
  assert.ok(session, `signed in as ${email}`);
  return session;
}

/// Every page a person reaches by links from their start page.
async function crawl(server, cookie, start) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length && seen.size < 200) {
    const path = queue.shift();
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie, Accept: 'text/html' }, redirect: 'manual' });
    if (res.status !== 200) continue;
    const html = await res.text();
    for (const [, href] of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const p = href.replaceAll('&amp;', '&');
      if (/^\/(api|pkg|events)\b/.test(p) || /\.(svg|png|webmanifest|css|js|wasm)$/.test(p) || seen.has(p)) continue;
      seen.add(p);
      queue.push(p);
    }
  }
  return [...seen];
}

test('abandoned requests leave no panic and no error in the log', async () => {
  // The demo, as `scripts/run.sh` serves it (the mailbox page gives the codes).
  const server = await startServer({ demo: true, env: { RUST_LOG: 'info,sqlx=warn' } });
  try {
    const visits = [];
    for (const email of PEOPLE) {
      const cookie = await signIn(server, email);
      const pages = await crawl(server, cookie, email === 'sanna@example.com' ? '/case' : '/shared');
      assert.ok(pages.length >= 3, `${email} reaches ${pages.length} pages`);
      for (const p of pages) visits.push({ p, cookie });
    }
    assert.ok(visits.length > 40, `${visits.length} pages in all`);
    let abandoned = 0;
    for (let round = 0; round < 3; round++) {
      const todo = [...visits];
      await Promise.all(Array.from({ length: 8 }, async () => {
        for (let v = todo.shift(); v; v = todo.shift()) {
          const ms = 2 + Math.floor(Math.random() * 49);
          try {
            const res = await fetch(`${server.url}${v.p}`, {
              headers: { Cookie: v.cookie, Accept: 'text/html' }, redirect: 'manual', signal: AbortSignal.timeout(ms),
            });
            await res.text();
          } catch {
            abandoned++;
          }
        }
      }));
    }
    assert.ok(abandoned > 0, 'some requests were abandoned');
    // What was still running has time to end (or to fail) before the log is read.
    await new Promise((r) => setTimeout(r, 2000));
    // The server still answers every page in full.
    for (const v of visits.slice(0, 20)) {
      const res = await fetch(`${server.url}${v.p}`, { headers: { Cookie: v.cookie, Accept: 'text/html' }, redirect: 'manual' });
      assert.ok(res.status === 200 || res.status === 302 || res.status === 303, `${v.p}: ${res.status}`);
      await res.text();
    }
    console.log(`# abandoned ${abandoned} of ${3 * visits.length}`);
    const bad = server.output().split('\n').filter((l) => /panicked|\bERROR\b/.test(l));
    assert.deepEqual(bad, [], `${abandoned} of ${3 * visits.length} requests abandoned; the log:\n${bad.slice(0, 20).join('\n')}`);
  } finally {
    await server.stop();
  }
});
