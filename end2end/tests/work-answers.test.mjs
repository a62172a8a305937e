// The employer's other answers to a proposal, at phone size, with and
// without JavaScript, the employer reading Finnish: "not possible" with a
// reason, which the worker then reads; a proposal the worker takes back
// while the employer's page is still open, whose "agree" is then refused in
// words in the employer's language (not silently); and an agreed adjustment
// the employer ends, which the worker sees ended. (With JavaScript the
// employer's open page follows the case live, so the stale "agree" form goes
// by itself before it can be tapped.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, pageChecks } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const en = texts.en;
const fi = texts.fi;

/// The worker proposes an adjustment to her employer; returns its page's address.
async function propose(page, server, help, js) {
  await page.goto(`${server.url}/case/1/work/new`);
  await ready(page, js);
  await page.locator('#adj-help').fill(help);
  await submit(page, page.getByRole('button', { name: en.save_draft }), js);
  await page.getByTestId('send-form').getByLabel(/Pekka/).check();
  await submit(page, page.getByTestId('send-form').getByRole('button', { name: en.work_send_button }), js);
  assert.equal(await page.getByTestId('status').innerText(), en.status_proposed);
  return page.url();
}

/// Opens a folded form (its <details>) unless it is open.
async function unfold(details) {
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/// The submit button of the form in `card` that takes `step`.
const stepButton = (card, step) => card.locator(`form:has(input[name="step"][value="${step}"]) button[type="submit"]`);

for (const js of [true, false]) {
  test(`the employer's "not possible", a proposal taken back, and an adjustment ended (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const worker = await phoneContext(browser, { js, locale: 'en-GB' });
    const boss = await phoneContext(browser, { js, locale: 'fi-FI' });
    try {
      const w = await worker.newPage();
      const checkW = pageChecks(w, browser, worker, js);
      const b = await boss.newPage();
      const checkB = pageChecks(b, browser, boss, js);
      await signIn(w, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t: en });
      await signIn(b, { baseUrl: server.url, mail: server, email: 'pekka.makinen@example.com', js, t: fi, landing: '**/shared' });
      await follow(b, b.getByRole('link', { name: /Sanna/ }), js);
      const casePage = b.url();
      const sent = (words) => b.getByTestId('sent-adjustment').filter({ hasText: words });

      // "Not possible", with a reason the worker reads.
      const desk = await propose(w, server, 'A standing desk by the window', js);
      await b.goto(casePage);
      await ready(b, js);
      const deskCard = sent('A standing desk');
      await unfold(deskCard.locator('details', { has: b.locator('input[value="declined"]') }));
      await deskCard.locator('textarea[name="reason"]').fill('The windows are being replaced until March.');
      await submit(b, stepButton(deskCard, 'declined'), js);
      assert.equal(await deskCard.getByTestId('status').innerText(), fi.status_declined);
      await checkB();
      await w.goto(desk);
      await ready(w, js);
      assert.equal(await w.getByTestId('status').innerText(), en.status_declined);
      await w.getByText('The windows are being replaced until March.').first().waitFor();
      await w.getByText(en.work_not_possible_because).first().waitFor();
      await checkW();

      // Taken back while the employer's page is open: "agree" is refused in words.
      const mornings = await propose(w, server, 'Starting at ten in the mornings', js);
      await b.goto(casePage);
      await ready(b, js);
      const morningCard = sent('Starting at ten');
      await morningCard.getByTestId('agreed-form').locator('input[name="start"]').fill('2027-01-11');
      await unfold(w.locator('details', { has: w.locator('input[name="step"][value="ended"]') }));
      await submit(w, stepButton(w.locator('main'), 'ended'), js);
      assert.equal(await w.getByTestId('status').innerText(), en.status_ended);
      if (js) {
        // The open page follows the case live: the answer forms go by themselves.
        await morningCard.getByTestId('agreed-form').waitFor({ state: 'detached', timeout: 10_000 });
      } else {
        await submit(b, morningCard.getByTestId('agreed-form').getByRole('button', { name: fi.employer_agree }), js);
        await b.getByText(fi.err_step_not_allowed).first().waitFor();
      }
      await checkB();
      await w.goto(mornings);
      await ready(w, js);
      assert.equal(await w.getByTestId('status').innerText(), en.status_ended, 'a refused agreement changed the proposal');

      // Agreed, then ended by the employer: the worker sees it ended.
      const hours = await propose(w, server, 'Six hours a day for a month', js);
      await b.goto(casePage);
      await ready(b, js);
      const hoursCard = sent('Six hours a day');
      await hoursCard.getByTestId('agreed-form').locator('input[name="start"]').fill('2027-01-11');
      await submit(b, hoursCard.getByTestId('agreed-form').getByRole('button', { name: fi.employer_agree }), js);
      assert.equal(await hoursCard.getByTestId('status').innerText(), fi.status_agreed);
      await unfold(hoursCard.locator('details', { has: b.locator('input[name="step"][value="ended"]') }));
      await hoursCard.locator('form:has(input[value="ended"]) textarea[name="reason"]').fill('Back to full days from February.');
      await submit(b, stepButton(hoursCard, 'ended'), js);
      assert.equal(await hoursCard.getByTestId('status').innerText(), fi.status_ended);
      await checkB();
      await w.goto(hours);
      await ready(w, js);
      assert.equal(await w.getByTestId('status').innerText(), en.status_ended);
      await checkW();
    } finally {
      await worker.close();
      await boss.close();
      await server.stop();
    }
  });
}
