// The Work and Concerns journey at phone size, with and without JavaScript:
// a stigma concern about the supervisor becomes a check-ins adjustment, sent
// to the employer and the occupational physician; the employer agrees with
// dates and marks it in place; the worker sees each step. Then the canary:
// as the employer, a clinician without a stigma grant, and a signed-out
// visitor, every response the browser receives is searched for markers of
// what they must never see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, pageChecks } from '../lib/journey.mjs';
import { recorder, crawl, assertNoMarker } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

for (const js of [true, false]) {
  test(`a concern becomes an adjustment the employer agrees to, and nothing leaks (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const worker = await phoneContext(browser, { js, locale: 'en-GB' });
    const page = await worker.newPage();
    const check = pageChecks(page, browser, worker, js);
    try {
      await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      await follow(page, page.locator('.places-bar').getByRole('link', { name: t.place_concerns }), js);
      assert.equal(await page.locator('.places-bar [aria-current="page"]').innerText(), t.place_concerns);
      await check();

      // A stigma concern about the supervisor, private by default.
      const concern = 'My supervisor sighs when I ask for help CANARY-CONCERN';
      const form = page.getByTestId('concern-form');
      await form.locator('#concern-kind').selectOption('supervisor_attitude');
      await form.locator('#concern-what').fill(concern);
      await form.getByLabel(t.weight_4, { exact: true }).check();
      await form.locator('#concern-helps').fill('A short check-in every Monday');
      await submit(page, form.getByRole('button', { name: t.save }), js);
      const card = page.getByTestId('concern').filter({ hasText: 'CANARY-CONCERN' });
      await card.getByTestId('only-you').waitFor();

      // One tap: a supervisor check-ins draft, pre-filled, then sent.
      await submit(page, card.getByTestId('to-adjustment'), js);
      await page.waitForURL(/\/case\/1\/work\/\d+$/);
      assert.equal(await page.locator('#adj-kind').inputValue(), 'supervisor_checkins');
      assert.equal(await page.locator('#adj-help').inputValue(), 'A short check-in every Monday');
      await page.locator('#adj-benefit').fill('I know where I stand each week');
      if (js) {
        // Saved while typing: the island says so without a page load.
        await page.getByTestId('autosave').filter({ hasText: t.autosave_saved }).waitFor();
      }
      await submit(page, page.getByRole('button', { name: t.save_draft }), js);
      await check();
      const adjustmentUrl = page.url();
      const send = page.getByTestId('send-form');
      await send.getByLabel(/Pekka/).check();
      await send.getByLabel(/Anna Jansen/).check();
      await submit(page, send.getByRole('button', { name: t.work_send_button }), js);
      assert.equal(await page.getByTestId('status').innerText(), t.status_proposed);
      // The list, and the other places of the bar, pass the same checks.
      for (const place of [t.place_work, t.place_sharing, t.place_case]) {
        await follow(page, page.locator('.places-bar').getByRole('link', { name: place }), js);
        await check();
      }

      // A proposal only for the occupational physician, and the canary set.
      await page.goto(`${server.url}/case/1/work/new`);
      await ready(page, js);
      await page.locator('#adj-help').fill('ONLY-FOR-PHYSICIAN-CANARY');
      await submit(page, page.getByRole('button', { name: t.save_draft }), js);
      await page.getByTestId('send-form').getByLabel(/Anna Jansen/).check();
      await submit(page, page.getByTestId('send-form').getByRole('button', { name: t.work_send_button }), js);

      // The employer signs in, sees the proposal, agrees with dates.
      const boss = await phoneContext(browser, { js, locale: 'en-GB' });
      const bossPage = await boss.newPage();
      const bossBodies = recorder(bossPage);
      const bossCheck = pageChecks(bossPage, browser, boss, js);
      await signIn(bossPage, { baseUrl: server.url, mail: server, email: 'pekka.makinen@example.com', js, t, landing: '**/shared' });
      await follow(bossPage, bossPage.getByRole('link', { name: /Sanna/ }), js);
      const sent = bossPage.getByTestId('sent-adjustment').filter({ hasText: 'A short check-in every Monday' });
      await bossCheck();
      await sent.getByTestId('agreed-form').locator('input[name="start"]').fill('2026-12-07');
      await submit(bossPage, sent.getByTestId('agreed-form').getByRole('button', { name: t.employer_agree }), js);
      assert.equal(await sent.getByTestId('status').innerText(), t.status_agreed);

      await page.goto(adjustmentUrl);
      await ready(page, js);
      assert.equal(await page.getByTestId('status').innerText(), t.status_agreed);
      assert.match(await page.getByTestId('dates').innerText(), /7 December 2026.*18 January 2027/);

      await submit(bossPage, sent.getByTestId('mark-in-place'), js);
      assert.equal(await sent.getByTestId('status').innerText(), t.status_in_place);
      await page.reload();
      await ready(page, js);
      assert.equal(await page.getByTestId('status').innerText(), t.status_in_place);
      await check();

      // The canary, as the employer: every page and link they can reach.
      await crawl(bossPage, server.url, '/shared', js);
      // Every message the SMTP server received, to anyone, decoded as a mail
      // program would show it.
      const mail = server.mail().map((m) => ({ url: `mail to ${m.to}`, body: `${JSON.stringify(m.headers)}\n${m.text}` }));
      assert.ok(server.mail().some((m) => m.to === 'pekka.makinen@example.com'), 'the employer was told something is new');
      const markers = [
        'CANARY-CONCERN', 'ONLY-FOR-PHYSICIAN-CANARY',
        // The demo's draft, disclosure wording and private concern.
        'Two half days in the first week', 'coming back step by step', 'not pulling my weight',
        // Clinicians and their organisations.
        'Liisa Korhonen', 'Kallio Health Centre', 'Mark de Vries', 'Mind Clinic', 'Anna Jansen', 'WorkHealth',
      ];
      assertNoMarker(bossBodies, markers, 'the employer');
      assertNoMarker(mail, markers, 'an e-mail');
      // Sick-leave dates: the demo's start is 30 days before today.
      const start = new Date(Date.now() - 30 * 86400_000).toISOString().slice(0, 10);
      assertNoMarker([...bossBodies, ...mail], [start], 'the employer or an e-mail');
      await boss.close();

      // A clinician without a stigma grant: no concern.
      const psy = await phoneContext(browser, { js, locale: 'en-GB' });
      const psyPage = await psy.newPage();
      const psyBodies = recorder(psyPage);
      await signIn(psyPage, { baseUrl: server.url, mail: server, email: 'mark.devries@example.com', js, t, landing: '**/shared' });
      await crawl(psyPage, server.url, '/shared', js);
      assertNoMarker(psyBodies, ['CANARY-CONCERN', 'not pulling my weight', 'coming back step by step'], 'the psychiatrist');
      await psy.close();

      // Signed out: every page of the worker's areas sends them to sign in.
      const nobody = await phoneContext(browser, { js, locale: 'en-GB' });
      const nobodyPage = await nobody.newPage();
      const nobodyBodies = recorder(nobodyPage);
      for (const p of ['/case/1/work', adjustmentUrl.replace(server.url, ''), '/case/1/concerns', '/case/1/sharing', '/shared/1']) {
        await nobodyPage.goto(`${server.url}${p}`);
        assert.equal(new URL(nobodyPage.url()).pathname, '/');
      }
      assertNoMarker(nobodyBodies, markers, 'a signed-out visitor');
      await nobody.close();
    } finally {
      await worker.close();
      server.stop();
    }
  });
}
