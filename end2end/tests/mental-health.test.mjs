// The mental-health switch hides mental-health care itself, with and without
// JavaScript at phone size. On the demo case the worker turns it on with
// nobody ticked and reads what that does ("Dr Eva Lind does not see that Dr
// Mark de Vries is involved"), in the switch and in Eva's preview. Then, as
// the insurance physician, the occupational physician and the
// physiotherapist, every page they can reach, every response their browser
// receives (server functions and the live update's refetch included) and
// every mail is searched for the psychiatrist and the psychologist the GP
// proposed. Naming the insurance physician shows him to her again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { signIn, submit, follow, openPerson, pageChecks } from '../lib/journey.mjs';
import { recorder, crawl } from '../lib/canary.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const fill = (template, values) => template.replace(/\{\{ (\w+) \}\}/g, (_, k) => values[k]);

/// Names, addresses, clinic and roles that would tell someone mental-health care is involved.
const MARKERS = ['Mark de Vries', 'mark.devries', 'Mind Clinic', 'Psychiatrist', 'psychiatrist',
  'Sofia Berg', 'sofia.berg', 'Psychologist', 'psychologist'];

/// The refer page's role list offers every role to anyone: it says nothing
/// about this case, so its options are left out of the search.
const withoutSelects = (body) => body.replace(/<select[\s\S]*?<\/select>/g, '');

function leaks(bodies) {
  const found = [];
  for (const { url, body } of bodies) for (const m of MARKERS) if (body.includes(m)) found.push(`"${m}" in ${url}`);
  return found;
}

const PROFESSIONALS = ['eva.lind@example.com', 'anna.jansen@example.com', 'jukka.niemi@example.com'];

for (const js of [true, false]) {
  test(`the switch hides mental-health care itself (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const server = await startServer();
    const context = await phoneContext(browser, { js, locale: 'en-GB' });
    const page = await context.newPage();
    const check = pageChecks(page, browser, context, js);
    const pros = [];
    try {
      await signIn(page, { baseUrl: server.url, mail: server, email: 'sanna@example.com', js, t });
      await follow(page, page.locator('.places-bar').getByRole('link', { name: t.place_sharing }), js);
      const protection = page.getByTestId('protection');
      // The demo keeps mental-health information to the GP and the psychiatrist.
      const doesNot = fill(t.protection_does_not_see, { viewer: 'Dr Eva Lind', other: 'Dr Mark de Vries' });
      assert.ok((await protection.getByTestId('protection-consequences').innerText()).includes(doesNot));
      // Off, with the curative-care team ticked by default: what turning it on would do.
      await submit(page, protection.getByRole('button', { name: t.protection_turn_off }), js);
      const willNot = fill(t.protection_will_not_see, { viewer: 'Dr Eva Lind', other: 'Dr Mark de Vries' });
      assert.ok((await protection.getByTestId('protection-consequences').innerText()).includes(willNot));
      await check();

      // On, with nobody ticked.
      for (const box of await protection.getByRole('checkbox').all()) await box.uncheck();
      await submit(page, protection.getByRole('button', { name: t.protection_turn_on }), js);
      await page.getByTestId('protection-state').filter({ hasText: t.protection_nobody }).waitFor();
      const consequences = await page.getByTestId('protection-consequences').innerText();
      for (const viewer of ['Dr Eva Lind', 'Dr Anna Jansen', 'Jukka Niemi', 'Dr Liisa Korhonen']) {
        const line = fill(t.protection_does_not_see, { viewer, other: 'Dr Mark de Vries' });
        assert.ok(consequences.includes(line), `${line} in ${consequences}`);
      }
      await check();

      // Eva's sharing page says the switch holds him back from her directory.
      const sharingOf = (name) => page.getByTestId('sharing-person').filter({ hasText: name })
        .getByRole('link', { name: fill(t.change_sharing, { name }) });
      await follow(page, sharingOf('Dr Eva Lind'), js);
      const held = page.getByTestId('directory-settings').locator('.check', { hasText: 'Dr Mark de Vries' });
      assert.equal(await held.getByTestId('held-back').innerText(), t.directory_held_back);
      await check();

      // Eva's preview is her page: no psychiatrist in her directory.
      await page.goto(`${server.url}/case`);
      await ready(page, js);
      const preview = fill(t.preview_link, { name: 'Dr Eva Lind' });
      await openPerson(page, 'Dr Eva Lind', js);
      await follow(page, page.getByRole('link', { name: preview }), js);
      const directory = await page.getByTestId('directory').innerText();
      assert.doesNotMatch(directory, /Mark de Vries|Psychiatrist/);
      assert.match(directory, /Dr Liisa Korhonen/);
      await check();

      // The three professionals read everything they can reach.
      for (const email of PROFESSIONALS) {
        const ctx = await phoneContext(browser, { js, locale: 'en-GB' });
        const p = await ctx.newPage();
        const bodies = recorder(p, withoutSelects);
        pros.push({ email, ctx, p, bodies });
        await signIn(p, { baseUrl: server.url, mail: server, email, js, t, landing: '**/shared' });
        await crawl(p, server.url, '/shared', js);
        await p.goto(`${server.url}/shared/1`);
        await ready(p, js);
      }
      await pageChecks(pros[0].p, browser, pros[0].ctx, js)();
      // A change every one of them sees while their pages are open (the GP's
      // phone number, in each directory): with JavaScript each page fetches
      // its live part again (that answer is recorded too). A stream ticks
      // only when its holder's page changed, so the change must be one.
      const fetched = (bodies) => bodies.filter((b) => new URL(b.url).pathname === '/shared/1').length;
      const before = pros.map(({ bodies }) => fetched(bodies));
      // Only a page with something shared follows the case (a stream needs a
      // grant): in the demo the insurance physician has none (her request
      // waits); the occupational physician has the adjustment sent to her
      // with a proposal, the physiotherapist what the referral gave him.
      const following = [];
      for (const { p } of pros) following.push(await p.getByTestId('shared-section').count() > 0);
      assert.deepEqual(following, [false, true, true]);
      await page.goto(`${server.url}/case`);
      await ready(page, js);
      const liisa = await page.locator('[data-testid="participant"]', { hasText: 'Dr Liisa Korhonen' })
        .locator('a[href*="/contact/"], a[href*="/sharing/"]').first().getAttribute('href');
      await page.goto(`${server.url}/case/1/contact/${liisa.match(/(\d+)$/)[1]}`);
      await ready(page, js);
      await page.locator('#contact-phone').fill('+358 40 765 4321');
      await submit(page, page.getByRole('button', { name: t.save }), js);
      if (js) {
        for (const [i, { email, bodies }] of pros.entries()) {
          if (!following[i]) continue;
          for (let tries = 0; fetched(bodies) <= before[i]; tries++) {
            assert.ok(tries < 100, `${email}'s open page was not fetched again`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
      for (const { email, bodies } of pros) {
        assert.deepEqual(leaks(bodies), [], `${email} learns of mental-health care`);
      }
      const mail = server.mail().filter((m) => PROFESSIONALS.includes(m.to))
        .map((m) => ({ url: `mail to ${m.to}`, body: `${JSON.stringify(m.headers)}\n${m.text}` }));
      assert.deepEqual(leaks(mail), [], 'a mail names mental-health care');

      // Naming the insurance physician shows him to her again, and to nobody else.
      await page.goto(`${server.url}/case/1/sharing`);
      await ready(page, js);
      await page.getByTestId('protection').getByLabel(/Dr Eva Lind/).check();
      await submit(page, page.getByTestId('protection').getByRole('button', { name: t.protection_save }), js);
      const [eva, anna] = pros;
      for (const who of [eva, anna]) {
        await who.p.goto(`${server.url}/shared/1`);
        await ready(who.p, js);
      }
      assert.match(await eva.p.getByTestId('directory').innerText(), /Dr Mark de Vries/);
      assert.doesNotMatch(await anna.p.getByTestId('directory').innerText(), /Mark de Vries/);
      await pageChecks(eva.p, browser, eva.ctx, js)();

      // The GP treats Sanna's mental health too: marked, she is kept from
      // Anna as well, who sees her only as the care coordinator.
      await page.goto(`${server.url}/case/1/sharing`);
      await ready(page, js);
      await follow(page, sharingOf('Dr Liisa Korhonen'), js);
      const mark = page.getByTestId('mental-health-mark');
      await submit(page, mark.getByRole('button', { name: t.mental_health_mark }), js);
      assert.equal(await page.getByTestId('mental-health-state').innerText(),
        fill(t.mental_health_marked, { name: 'Dr Liisa Korhonen' }));
      await check();
      await anna.p.goto(`${server.url}/shared/1`);
      await ready(anna.p, js);
      const annaSees = await anna.p.getByTestId('directory').innerText();
      assert.doesNotMatch(annaSees, /Korhonen|Kallio/);
      assert.match(annaSees, new RegExp(t.directory_the_care_coordinator));
      await pageChecks(anna.p, browser, anna.ctx, js)();
    } catch (e) {
      await page.screenshot({ path: `/tmp/e2e-mental-health-${js ? 'js' : 'nojs'}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally {
      for (const { ctx } of pros) await ctx.close();
      await context.close();
      await server.stop();
    }
  });
}
