// The mail the worker gets when her employer agrees to an adjustment, at
// phone size, with and without JavaScript: the employer agrees with a start
// date; the worker's mailbox receives the one neutral message (GUIDE
// promise 6: "You have something new in rtw-portal" and a link; so it does
// not say "agreed", and names nothing of the adjustment, her health or her
// employer); its link opens that adjustment, which reads "Agreed" with the
// dates, in her signed-in browser and, after signing in, in a signed-out one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { submit, follow, pageChecks, codeFromMailbox, signedIn } from '../lib/journey.mjs';
import { professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const HELP = 'AGREED-MARKER: a desk by the window, away from the printer';
const SANNA = 'sanna@example.com';

/// Ages every session of `email` past the idle and absolute timeouts, as a
/// year without a visit would (Python's sqlite3 ships with the machine; the
/// server reads the same WAL database beside it).
function expireSessions(server, email) {
  const db = join(server.dataDir, 'rtw-portal.db');
  const year = 366 * 24 * 3600 * 1000;
  execFileSync('python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10)
n = c.execute("UPDATE sessions SET created_at = created_at - ?, last_seen_at = last_seen_at - ? "
              "WHERE account_id = (SELECT id FROM accounts WHERE email = ?)", (${year}, ${year}, sys.argv[2])).rowcount
c.commit()
assert n > 0, "no session to expire"
`, db, email]);
}

/// Opens the mail's `link` without a live session: the sign-in page comes
/// first, and signing in continues to the adjustment, agreed.
async function linkThroughSignIn(page, server, link, js) {
  await page.goto(`${server.url}${link}`);
  await ready(page, js);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('heading', { name: t.sign_in_title }).waitFor();
  await page.getByLabel(t.email_label).fill(SANNA);
  const codes = server.count(SANNA);
  await submit(page, page.getByRole('button', { name: t.send_code }), js);
  await page.getByLabel(t.code_label).fill(await codeFromMailbox(server, SANNA, { after: codes }));
  await submit(page, page.getByRole('button', { name: t.sign_in_button }), js);
  assert.equal(new URL(page.url()).pathname, link, 'after signing in, she is not where the mail\'s link points');
  await assertAgreed(page);
}

/// The adjustment page reads agreed, from 7 December 2026.
async function assertAgreed(page) {
  assert.equal(await page.getByTestId('status').innerText(), t.status_agreed);
  assert.match(await page.getByTestId('dates').innerText(), /7 December 2026/);
  await page.getByText(HELP).first().waitFor();
}

for (const js of [true, false]) {
  test(`the worker is mailed a neutral link to the adjustment her employer agreed (${js ? 'with' : 'without'} JavaScript)`, async (run) => {
    const server = await startServer();
    const contexts = [];
    const context = async () => { const c = await phoneContext(browser, { js, locale: 'en-GB' }); contexts.push(c); return c; };
    try {
      // The worker proposes an adjustment to her employer.
      const { page: w, check: checkW } = await signedIn(browser, server, SANNA, js, contexts);
      await follow(w, w.locator('.places-bar').getByRole('link', { name: t.place_work }), js);
      await follow(w, w.getByTestId('new-adjustment'), js);
      await w.locator('#adj-kind').selectOption('workplace_adaptations');
      await w.locator('#adj-help').fill(HELP);
      await submit(w, w.getByRole('button', { name: t.save_draft }), js);
      await w.getByTestId('send-form').getByLabel(/Pekka/).check();
      await submit(w, w.getByTestId('send-form').getByRole('button', { name: t.work_send_button }), js);
      assert.equal(await w.getByTestId('status').innerText(), t.status_proposed);
      const adjustment = new URL(w.url()).pathname;
      assert.match(adjustment, /^\/case\/1\/work\/\d+$/);

      // The employer agrees; his page says so.
      const boss = await professional(browser, server, 'pekka.makinen@example.com', js, /Sanna/);
      contexts.push(boss.context);
      const sent = boss.page.getByTestId('sent-adjustment').filter({ hasText: 'AGREED-MARKER' });
      await sent.getByTestId('agreed-form').locator('input[name="start"]').fill('2026-12-07');
      await submit(boss.page, sent.getByTestId('agreed-form').getByRole('button', { name: t.employer_agree }), js);
      assert.equal(await sent.getByTestId('status').innerText(), t.status_agreed);
      await boss.check();

      // Her mail: the neutral sentence with a link to that adjustment, one
      // for the one step. (News the demo queued at start may still be
      // arriving beside it: sign-in codes leave the queue first.)
      const linking = new RegExp(`${adjustment}(?![0-9])`);
      const about = () => server.mail().filter((m) => m.to === SANNA && linking.test(m.text));
      for (let i = 0; i < 100 && about().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(about().length, 1, 'one mail for one step');
      const mail = about()[0];
      const link = mail.text.match(/\/case\/\d+\/work\/\d+/)[0];
      assert.equal(link, adjustment);
      assert.equal(mail.subject, t.mail_news_subject);
      assert.equal(mail.text.trim(), t.mail_news_body.replace('{{ link }}', mail.text.match(/https?:\/\/\S+/)[0]));
      const said = `${mail.subject}\n${mail.text}`;
      for (const leak of ['AGREED-MARKER', 'window', 'printer', 'Pekka', 'Acme', 'Sanna', 'Virtanen',
        // The demo's diagnosis and treatment, and any word of health.
        'F32', 'depress', 'Cognitive', 'therapy', 'medication', 'diagnos', 'sick leave']) {
        assert.ok(!said.toLowerCase().includes(leak.toLowerCase()), `the mail to the worker says "${leak}"`);
      }

      // Signed in, the link opens the adjustment, agreed.
      await w.goto(`${server.url}${link}`);
      await ready(w, js);
      await assertAgreed(w);
      await checkW();

      // Signed out (a new browser), the link asks her to sign in first, and
      // then shows the adjustment it was about.
      await run.test('signed out, the link lands on the adjustment after signing in', async () => {
        const freshCtx = await context();
        const f = await freshCtx.newPage();
        await linkThroughSignIn(f, server, link, js);
        await pageChecks(f, browser, freshCtx, js)();
      });

      // Her first browser, whose session has expired meanwhile: the link
      // asks her to sign in again and then shows the adjustment too.
      await run.test('after the session expired, the link lands on the adjustment after signing in', async () => {
        expireSessions(server, SANNA);
        await linkThroughSignIn(w, server, link, js);
        await checkW();
      });
    } finally {
      for (const c of contexts) await c.close().catch(() => {});
      await server.stop();
    }
  });
}
