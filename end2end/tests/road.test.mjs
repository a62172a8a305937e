// The road back at phone size, with and without JavaScript: a Dutch case
// in week 7 shows the problem analysis done (by the occupational
// physician's statement) and the plan of action due next week; the employer
// writes a first plan linking two agreed adjustments and the worker agrees;
// the employer sees their own steps and the plan and nothing else (a canary
// crawl with markers in the clinical steps, a statement and a concern). A
// Finnish case on day 58 shows the Kela application next, the worker's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, card, openPerson, toMyCase, pageChecks } from '../lib/journey.mjs';
import { recorder, crawl, professional } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;

/// Today's date where `zone` is, as YYYY-MM-DD.
const todayIn = (zone) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone }).format(new Date());
const addDays = (iso, n) => { const d = new Date(`${iso}T12:00:00Z`); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); };
/// `n` months after `iso`, clamped to the month's end (as the portal counts).
const addMonths = (iso, n) => {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
};
const daysBetween = (a, b) => Math.round((new Date(`${b}T12:00:00Z`) - new Date(`${a}T12:00:00Z`)) / 86400_000);

/// A new worker starts her case: the start date, her zone and country.
async function startCase(page, server, js, { email, name, start, zone, country }) {
  await signIn(page, { baseUrl: server.url, mail: server, email, js, t });
  await page.getByText(t.start_choice, { exact: true }).click();
  await page.locator('#start-name').fill(name);
  await page.locator('#start-from').fill(start);
  await page.locator('#start-zone').selectOption(zone);
  await page.locator('#start-country').selectOption(country);
  await submit(page, page.getByRole('button', { name: t.start_button }), js);
  const href = await page.getByTestId('road-summary').getByRole('link', { name: t.road_see_all }).getAttribute('href');
  return href.match(/\/case\/(\d+)\//)[1];
}

async function addPerson(page, js, role, name, email) {
  await page.getByText(t.add_person, { exact: true }).click();
  await page.locator('#add-role').selectOption(role);
  await page.locator('#add-name').fill(name);
  await page.locator('#add-email').fill(email);
  await submit(page, page.getByRole('button', { name: t.add_button }), js);
  await card(page, name).waitFor();
}

const milestone = (page, id) => page.locator(`[data-testid="milestone"][data-milestone="${id}"]`);

for (const js of [true, false]) {
  test(`the road back and the plan of action (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const worker = await phoneContext(browser, { js, locale: 'en-GB' });
    const page = await worker.newPage();
    const check = pageChecks(page, browser, worker, js);
    const contexts = [];
    try {
      // A Dutch case in week 7 (day 45).
      const start = addDays(todayIn('Europe/Amsterdam'), -44);
      const id = await startCase(page, server, js, { email: 'jan@example.com', name: 'Jan de Boer', start, zone: 'Europe/Amsterdam', country: 'nl' });
      assert.match(await page.getByTestId('road-where').innerText(), /week 7, day 45/);
      // The occupational physician's late step is said on My case, whose it is.
      await page.locator('[data-testid="road-overdue"][data-milestone="nl_problem_analysis"]').waitFor();
      const next = page.getByTestId('road-next');
      assert.equal(await next.getAttribute('data-milestone'), 'nl_plan_of_action');
      assert.equal(await page.getByTestId('road-next-days').getAttribute('data-days'), '11', 'due next week (day 56)');
      await check();
      await addPerson(page, js, 'occupational_physician', 'Dr Olga Arts', 'olga@example.com');
      await addPerson(page, js, 'employer', 'Bas Visser', 'bas@example.com');
      for (const name of ['Dr Olga Arts', 'Bas Visser']) {
        await submit(page, (await openPerson(page, name, js)).getByRole('button', { name: t.share_preset }), js);
        await toMyCase(page, js);
      }
      // A private concern: the canary in the worker's own area.
      await page.goto(`${server.url}/case/${id}/concerns`);
      await ready(page, js);
      const form = page.getByTestId('concern-form');
      await form.locator('#concern-kind').selectOption('self_stigma');
      await form.locator('#concern-what').fill('CONCERN-MARKER I feel ashamed');
      await submit(page, form.getByRole('button', { name: t.save }), js);
      // Two adjustments, sent to the employer.
      for (const [kind, help] of [['altered_hours', 'Start at ten'], ['quiet_workspace', 'A quiet room']]) {
        await page.goto(`${server.url}/case/${id}/work/new`);
        await ready(page, js);
        await page.locator('#adj-kind').selectOption(kind);
        await page.locator('#adj-help').fill(help);
        await submit(page, page.getByRole('button', { name: t.save_draft }), js);
        await page.getByTestId('send-form').getByLabel(/Bas Visser/).check();
        await submit(page, page.getByTestId('send-form').getByRole('button', { name: t.work_send_button }), js);
      }

      // The occupational physician's statement: the portal marks the problem analysis done.
      const op = await professional(browser, server, 'olga@example.com', js, /Jan/);
      contexts.push(op.context);
      await milestone(op.page, 'nl_problem_analysis').waitFor();
      await op.check();
      await follow(op.page, op.page.getByTestId('write-links').getByRole('link', { name: t.st_kind_work_ability }), js);
      for (const s of ['personal', 'social', 'environment', 'dynamic', 'postures', 'hours']) {
        await op.page.locator(`#st-${s}_limit`).selectOption('none');
      }
      await op.page.locator('#st-course').fill('STATEMENT-MARKER back in six weeks');
      await submit(op.page, op.page.getByRole('button', { name: t.stf_save, exact: true }), js);
      await op.page.waitForURL(`**/shared/${id}`);
      assert.equal(await milestone(op.page, 'nl_problem_analysis').getAttribute('data-state'), 'done');

      // The employer agrees to both adjustments and writes the first plan.
      const boss = await professional(browser, server, 'bas@example.com', js, /Jan/);
      contexts.push(boss.context);
      const ids = await boss.page.getByTestId('milestone').evaluateAll((els) => els.map((e) => e.dataset.milestone));
      assert.ok(ids.includes('nl_plan_of_action') && ids.includes('nl_uwv_report'), ids.join());
      assert.ok(!ids.includes('nl_problem_analysis'), 'a clinical step reaches the employer');
      await boss.check();
      for (const help of ['Start at ten', 'A quiet room']) {
        const sent = boss.page.getByTestId('sent-adjustment').filter({ hasText: help });
        await sent.getByTestId('agreed-form').locator('input[name="start"]').fill(todayIn('Europe/Amsterdam'));
        await submit(boss.page, sent.getByTestId('agreed-form').getByRole('button', { name: t.employer_agree }), js);
      }
      await follow(boss.page, boss.page.getByTestId('plan-link'), js);
      await boss.page.getByTestId('plan-none').waitFor();
      await boss.check();
      const plan = boss.page.getByTestId('plan-form');
      await plan.getByLabel(t.goal_own_work_adapted).check();
      await plan.locator('#plan-steps').fill('PLAN-MARKER Jan starts at ten, in a quiet room, four days a week.');
      await plan.getByLabel(new RegExp(t.adj_altered_hours)).check();
      await plan.getByLabel(new RegExp(t.adj_quiet_workspace)).check();
      await submit(boss.page, plan.getByRole('button', { name: t.poa_save }), js);
      assert.equal(await boss.page.getByTestId('plan-agreement').innerText(), t.poa_waiting_worker);
      await boss.check();

      // The worker reads the same plan and agrees: the road says it is done.
      await page.goto(`${server.url}/case`);
      await ready(page, js);
      await follow(page, page.getByTestId('road-summary').getByRole('link', { name: t.poa_title }), js);
      assert.equal(await page.getByTestId('plan-linked').getByTestId('plan-adjustment').count(), 2);
      assert.match(await page.getByTestId('plan-steps').innerText(), /PLAN-MARKER/);
      await check();
      await submit(page, page.getByTestId('agree-form').getByRole('button', { name: t.poa_agree }), js);
      assert.equal(await page.getByTestId('plan-agreement').getAttribute('data-agreed'), 'true');
      await page.goto(`${server.url}/case/${id}/road`);
      await ready(page, js);
      assert.equal(await milestone(page, 'nl_plan_of_action').getAttribute('data-state'), 'done');
      assert.equal(await milestone(page, 'nl_problem_analysis').getAttribute('data-state'), 'done');
      await check();

      // The canary, as the employer: their steps and the plan, nothing else.
      await boss.page.goto(`${server.url}/shared/${id}/plan`);
      await ready(boss.page, js);
      assert.equal(await boss.page.getByTestId('plan-agreement').getAttribute('data-agreed'), 'true');
      await crawl(boss.page, server.url, '/shared', js);
      const markers = ['STATEMENT-MARKER', 'CONCERN-MARKER', t.tl_nl_problem_analysis_name, t.tl_nl_problem_analysis_worker,
        t.tl_nl_problem_analysis_done, 'Dr Olga Arts'];
      for (const { url, body } of boss.bodies) {
        for (const m of markers) assert.ok(!body.includes(m), `the employer received "${m}" in ${url}`);
      }
      assert.ok(boss.bodies.some((b) => b.body.includes('PLAN-MARKER')), 'the employer reads the plan');

      // A Finnish case on day 58: the Kela application is next, and the worker's.
      const fi = await phoneContext(browser, { js, locale: 'en-GB' });
      contexts.push(fi);
      const aino = await fi.newPage();
      const fiStart = addDays(todayIn('Europe/Helsinki'), -57);
      await startCase(aino, server, js, { email: 'aino@example.com', name: 'Aino Laine', start: fiStart, zone: 'Europe/Helsinki', country: 'fi' });
      assert.match(await aino.getByTestId('road-where').innerText(), /day 58/);
      const kela = aino.getByTestId('road-next');
      assert.equal(await kela.getAttribute('data-milestone'), 'fi_kela_application');
      assert.match(await kela.innerText(), new RegExp(`\\(${t.tl_resp_worker}\\)`));
      const expected = daysBetween(todayIn('Europe/Helsinki'), addMonths(fiStart, 2));
      assert.equal(await aino.getByTestId('road-next-days').getAttribute('data-days'), String(expected));
      await pageChecks(aino, browser, fi, js)();
    } catch (e) {
      await page.screenshot({ path: `/tmp/e2e-road-${js ? 'js' : 'nojs'}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally {
      for (const c of contexts) await c.close();
      await worker.close();
      await server.stop();
    }
  });
}
