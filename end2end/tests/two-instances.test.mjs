// Two server instances on one PostgreSQL database behind one address
// (round robin, so consecutive requests hit different instances): sign-in,
// sessions, grant and revoke behave as one server; a rate limit holds
// across both; every queued mail reaches the SMTP server they share exactly
// once although both instances run a sender. Needs RTW_TEST_POSTGRES (scripts/test.sh starts
// a throwaway cluster and sets it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { startMailServer } from '../lib/mail.mjs';
import { roundRobin } from '../lib/proxy.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, card, follow, openPerson, toMyCase } from '../lib/journey.mjs';

const admin = process.env.RTW_TEST_POSTGRES;
const t = texts.en;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const sql = (url, query) => execFileSync('psql', [url, '-tAqc', query], { encoding: 'utf8' }).trim();
const sections = (page) =>
  page.locator('[data-testid="shared-section"]').evaluateAll((els) => els.map((e) => e.dataset.category));

test('two instances behind one address act as one', { skip: !admin && 'RTW_TEST_POSTGRES is not set' }, async () => {
  const name = `e2e_${process.pid}_${Date.now()}`;
  sql(admin, `CREATE DATABASE ${name}`);
  const db = admin.replace(/\/[^/]*$/, `/${name}`);
  // One SMTP server for both: a code asked for on one instance is found
  // whichever instance's sender delivers it.
  const smtp = await startMailServer();
  // Started together: one migrates and seeds, the other waits for it.
  const [a, b] = await Promise.all([0, 1].map(() => startServer({ env: { DATABASE_URL: db }, smtp })));
  const proxy = await roundRobin([a.url, b.url]);
  const worker = await phoneContext(browser, { js: true, locale: 'en-GB' });
  const doctor = await phoneContext(browser, { js: true, locale: 'en-GB' });
  try {
    assert.equal(sql(db, 'SELECT count(*) FROM participants'), '6', 'the demo case is seeded once');
    const w = await worker.newPage();
    const d = await doctor.newPage();
    // The code is asked for on one instance and redeemed on the other; the
    // session works on both from then on.
    await signIn(w, { baseUrl: proxy.url, mail: smtp, email: 'sanna@example.com', js: true, t });
    await submit(w, (await openPerson(w, 'Dr Anna Jansen', true)).getByRole('button', { name: t.share_preset }), true);
    await toMyCase(w, true);
    await card(w, 'Dr Anna Jansen').getByTestId('sees').filter({ hasText: t.cat_work_ability }).waitFor();

    await signIn(d, { baseUrl: proxy.url, mail: smtp, email: 'anna.jansen@example.com', js: true, t, landing: '**/shared' });
    await follow(d, d.getByRole('link', { name: t.open_case_of.replace('{{ name }}', 'Sanna') }), true);
    assert.deepEqual(await sections(d), ['absence', 'work_ability', 'adjustments']);

    // A revoke on one instance holds for the next request on the other.
    await submit(w, (await openPerson(w, 'Dr Anna Jansen', true)).getByRole('button', { name: t.stop_all }), true);
    await toMyCase(w, true);
    await card(w, 'Dr Anna Jansen').getByTestId('sees').filter({ hasText: t.sees_nothing_yet }).waitFor();
    for (let i = 0; i < 2; i++) {
      await d.reload();
      await ready(d, true);
      assert.deepEqual(await sections(d), [], `reload ${i + 1}`);
    }
    assert.ok(proxy.served.every((n) => n > 5), `both instances served requests: ${proxy.served}`);

    // The per-address limit (5 codes in 15 minutes) counts across both.
    const ask = (email) => fetch(`${proxy.url}/api/sign-in/request-code`, {
      method: 'POST', body: new URLSearchParams({ email }), headers: { Accept: 'application/json' },
    }).then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await ask('limit@example.com'));
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);

    // Every queued mail is delivered exactly once, by one of the two senders.
    const addresses = Array.from({ length: 12 }, (_, i) => `once${i}@example.com`);
    for (const address of addresses) assert.equal(await ask(address), 200);
    for (let i = 0; i < 100 && sql(db, "SELECT count(*) FROM outbox WHERE status <> 'sent'") !== '0'; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(sql(db, "SELECT count(*) FROM outbox WHERE status <> 'sent'"), '0', 'all mail sent');
    // The row is marked sent only after the SMTP server accepted the
    // message; wait a little longer for repeats.
    const everyone = [...addresses, 'limit@example.com', 'sanna@example.com'];
    const queued = Object.fromEntries(everyone.map((x) => [x, Number(sql(db, `SELECT count(*) FROM outbox WHERE recipient = '${x}'`))]));
    await new Promise((r) => setTimeout(r, 500));
    for (const x of everyone) assert.equal(smtp.count(x), queued[x], `${x}: ${queued[x]} queued, ${smtp.count(x)} delivered`);
  } finally {
    await worker.close();
    await doctor.close();
    await proxy.close();
    await a.stop();
    await b.stop();
    await smtp.close();
  }
});
