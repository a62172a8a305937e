// Steps people take, written once for the with- and without-JavaScript runs.
import assert from 'node:assert/strict';
import { ready, phoneContext, assertAccessible, assertNoHorizontalOverflow } from './browser.mjs';
import { texts } from './texts.mjs';
import { codeFromMailbox } from './mail.mjs';

export { codeFromMailbox };

/// Clicks a submit button: the form posts and the server answers with the
/// page to show next, with or without JavaScript.
export async function submit(page, button, js) {
  await Promise.all([page.waitForNavigation(), button.click()]);
  await ready(page, js);
}

/// Follows a link and waits for the new page; without JavaScript that is a
/// plain page load.
export async function follow(page, link, js) {
  const from = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== from), link.click()]);
  await ready(page, js);
}

/// The referral link (or the first path matching `path`) in the newest mail
/// to `to` once they have more than `after`, and that mail (the neutral
/// sentence and the link, nothing else).
export async function linkFromMail(server, to, { after = 0, path = /\/referral\/[A-Za-z0-9_-]+/ } = {}) {
  const mail = await server.waitForMail(to, { after });
  const link = mail.text.match(path);
  if (!link) throw new Error(`no link like ${path} in the mail to ${to}: ${mail.text}`);
  return { link: link[0], mail };
}

/// The newest sign-in code to `to` as the development mailbox page shows it
/// (demo mode only; `shoot.mjs` uses it against `scripts/run.sh`).
export async function codeFromDevMailbox(page, baseUrl, to) {
  for (let i = 0; i < 50; i++) {
    const html = await (await page.request.get(`${baseUrl}/dev/mailbox`)).text();
    const first = html.split('class="card mail"').slice(1).find((m) => m.includes(to));
    const code = first && first.match(/mail-body[^>]*>[^<]*?(\d{6})/);
    if (code) return code[1];
    await page.waitForTimeout(100);
  }
  throw new Error(`no code mailed to ${to}`);
}

/// Signs in through the form with the code from the mail; `mail` is where
/// the portal's mail arrives (the server from startServer(), or a shared
/// SMTP server when `baseUrl` is a proxy in front of several).
export async function signIn(page, { baseUrl, mail, email, js, t, landing = '**/case' }) {
  await page.goto(`${baseUrl}/`);
  await ready(page, js);
  await page.getByLabel(t.email_label).fill(email);
  const before = mail.count(email);
  await submit(page, page.getByRole('button', { name: t.send_code }), js);
  await page.waitForURL('**/sign-in/code');
  const code = await codeFromMailbox(mail, email, { after: before });
  await page.getByLabel(t.code_label).fill(code);
  await submit(page, page.getByRole('button', { name: t.sign_in_button }), js);
  await page.waitForURL(landing);
  await ready(page, js);
}

/// The row of one participant in My case's team list, found by name.
export function card(page, name) {
  return page.locator('[data-testid="participant"]', { hasText: name });
}

/// Opens one participant's page from My case's team list (their sharing,
/// with their controls) and answers its controls' section.
export async function openPerson(page, name, js) {
  await follow(page, card(page, name).locator('a.person-link'), js);
  return page.getByTestId('person');
}

/// Someone signed in on a phone in English (`js` on or off), landed where
/// sign-in takes them: their browser context (added to `contexts`, for
/// the test to close), page and page checks.
export async function signedIn(browser, server, email, js, contexts, landing = '**/case') {
  const context = await phoneContext(browser, { js, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, { baseUrl: server.url, mail: server, email, js, t: texts.en, landing });
  return { context, page, check: pageChecks(page, browser, context, js) };
}

/// The categories a participant's view of a case shows, in page order.
export function shownCategories(page) {
  return page.locator('[data-testid="shared-section"]').evaluateAll((els) => els.map((e) => e.dataset.category));
}

/// Goes back to My case from anywhere.
export async function toMyCase(page, js) {
  await follow(page, page.locator('nav.places-bar a[data-place="case"]'), js);
}

/// Every tap target at least 44px tall and every text at least 16px.
export async function assertPhoneFriendly(page) {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, input, select, summary, a')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      if (el.classList.contains('skip')) continue;
      if (r.height < 44) out.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" is ${r.height}px tall`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!walker.currentNode.textContent.trim() || el.getBoundingClientRect().width === 0) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 16) out.push(`"${walker.currentNode.textContent.trim().slice(0, 30)}" is ${size}px`);
    }
    return out;
  });
  assert.deepEqual(problems, [], `not phone friendly: ${page.url()}`);
}

/// The checks every page gets: no request to another origin so far,
/// nothing blocked by the Content-Security-Policy,
/// no sideways scroll, phone-sized targets and text, and no WCAG A/AA violation.
export function pageChecks(page, browser, context, js) {
  return async () => {
    if (js) assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], `blocked by the CSP: ${page.url()}`);
    assert.deepEqual(context.foreignRequests ?? [], [], `requests to other origins up to ${page.url()}`);
    await assertNoHorizontalOverflow(page);
    await assertPhoneFriendly(page);
    await assertAccessible(page, browser, { js, cookies: await context.cookies() });
  };
}
