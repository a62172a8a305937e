// Passkeys at phone size, with Chromium's virtual authenticator (the
// DevTools protocol's WebAuthn domain): a professional without a passkey is
// refused the case with a way to add one; adds one; signs in again with the
// code and then the passkey, landing where the link pointed; a phone
// without the passkey cannot finish. Without JavaScript a passkey cannot be
// made or used: the pages say so, and the lost-passkey form still works.
// The server requires passkeys (the default) and is reached at localhost:
// a bare IP address cannot be a WebAuthn relying party.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { pageChecks, signIn, submit } from '../lib/journey.mjs';
import { codeFromMailbox } from '../lib/mail.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const GP = 'liisa.korhonen@example.com';
const SHOTS = process.env.SHOTS ?? '/tmp';

async function passkeyServer() {
  const port = await freePort();
  const server = await startServer({
    env: { LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RTW_PUBLIC_URL: `http://localhost:${port}`, RTW_REQUIRE_PASSKEYS: '1' },
  });
  return { server, base: `http://localhost:${port}` };
}

/// A phone with a platform authenticator that verifies its user.
async function phoneWithAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a professional adds a passkey, then signs in with it and lands where the link pointed (with JavaScript)', async () => {
  const { server, base } = await passkeyServer();
  const contexts = [];
  try {
    const context = await phoneContext(browser, { js: true });
    contexts.push(context);
    const page = await context.newPage();
    const check = pageChecks(page, browser, context, true);
    const { cdp, authenticatorId } = await phoneWithAuthenticator(page);

    // By code alone: refused the case, with the way to a passkey.
    await signIn(page, { baseUrl: base, mail: server, email: GP, js: true, t, landing: /\/(case|shared)$/ });
    assert.ok(await page.getByTestId('passkey-required').isVisible(), 'the list asks for a passkey');
    const refused = await page.goto(`${base}/shared/1`);
    assert.equal(refused.status(), 403);
    await ready(page, true);
    await page.getByRole('link', { name: t.passkey_required_link }).click();
    await page.waitForURL('**/passkeys');
    await ready(page, true);
    assert.ok(await page.getByTestId('no-passkey').isVisible());
    await check();

    // Added with the phone's authenticator.
    await page.getByLabel(t.passkey_name_label).fill('Work phone');
    await page.getByRole('button', { name: t.passkey_add_button }).click();
    await page.waitForURL('**/passkeys?added=1');
    await ready(page, true);
    assert.match(await page.getByTestId('passkeys').innerText(), /Work phone/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the phone holds the passkey');
    await page.screenshot({ path: `${SHOTS}/passkeys-page.png`, fullPage: true });
    await check();
    const opened = await page.goto(`${base}/shared/1`);
    assert.equal(opened.status(), 200, 'the case opens with the passkey');

    // Signed out, a link to the case: the code, then the passkey, then the case.
    await page.locator('details.menu > summary').click();
    await submit(page, page.getByRole('button', { name: t.sign_out }), true);
    await page.goto(`${base}/shared/1`);
    await page.waitForURL(`${base}/`);
    await page.getByLabel(t.email_label).fill(GP);
    const sent = server.count(GP);
    await submit(page, page.getByRole('button', { name: t.send_code }), true);
    await page.waitForURL('**/sign-in/code');
    await page.getByLabel(t.code_label).fill(await codeFromMailbox(server, GP, { after: sent }));
    await submit(page, page.getByRole('button', { name: t.sign_in_button }), true);
    await page.waitForURL('**/sign-in/passkey');
    await ready(page, true);
    await page.screenshot({ path: `${SHOTS}/passkey-step.png`, fullPage: true });
    // Not signed in yet: the case sends back to sign-in.
    const early = await page.request.get(`${base}/shared/1`, { maxRedirects: 0 });
    assert.equal(early.headers().location, '/', 'the case before the passkey sends to sign-in');
    assert.ok(!(await early.text()).includes('Sanna'), 'the case before the passkey');
    await check();
    await page.getByRole('button', { name: t.passkey_use_button }).click();
    await page.waitForURL('**/shared/1');
    await ready(page, true);

    // Another phone, without the passkey: the code is not enough.
    const other = await phoneContext(browser, { js: true });
    contexts.push(other);
    const otherPage = await other.newPage();
    await phoneWithAuthenticator(otherPage);
    await signIn(otherPage, { baseUrl: base, mail: server, email: GP, js: true, t, landing: '**/sign-in/passkey' });
    await otherPage.getByRole('button', { name: t.passkey_use_button }).click();
    await otherPage.getByText(t.passkey_cancelled).waitFor();
    assert.ok(otherPage.url().endsWith('/sign-in/passkey'));
    const blocked = await otherPage.goto(`${base}/shared/1`);
    await otherPage.waitForURL(`${base}/`);
    assert.ok(blocked.ok());

    // The account's own log says each step.
    await page.goto(`${base}/passkeys`);
    const log = await page.getByTestId('account-events').innerText();
    for (const step of [t.event_code_sign_in, t.event_passkey_added, t.event_passkey_sign_in]) {
      assert.ok(log.includes(step), `${step} is not in ${log}`);
    }
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});

test('without JavaScript a passkey cannot be used: the step says so, and a lost passkey can be reported', async () => {
  const { server, base } = await passkeyServer();
  const contexts = [];
  try {
    // The passkey is made with JavaScript on one phone...
    const withJs = await phoneContext(browser, { js: true });
    contexts.push(withJs);
    const p1 = await withJs.newPage();
    await phoneWithAuthenticator(p1);
    await signIn(p1, { baseUrl: base, mail: server, email: GP, js: true, t, landing: /\/(case|shared)$/ });
    await p1.goto(`${base}/passkeys`);
    await ready(p1, true);
    await p1.getByRole('button', { name: t.passkey_add_button }).click();
    await p1.waitForURL('**/passkeys?added=1');

    // ...and another browser has no JavaScript.
    const noJs = await phoneContext(browser, { js: false });
    contexts.push(noJs);
    const page = await noJs.newPage();
    const check = pageChecks(page, browser, noJs, false);
    await signIn(page, { baseUrl: base, mail: server, email: GP, js: false, t, landing: '**/sign-in/passkey' });
    assert.ok(await page.getByText(t.passkey_step_needs_js).isVisible());
    assert.equal(await page.getByRole('button', { name: t.passkey_use_button }).isVisible(), false);
    await check();
    const before = server.count(GP);
    await submit(page, page.getByRole('button', { name: t.passkey_lost_button }), false);
    await page.getByTestId('recovery-due').waitFor();
    const mail = await server.waitForMail(GP, { after: before });
    assert.match(mail.subject, /passkeys/);
    assert.ok(!/Sanna|Virtanen/.test(mail.text), 'the mail names no case');
    await page.screenshot({ path: `${SHOTS}/passkey-step-nojs.png`, fullPage: true });
  } finally {
    for (const c of contexts) await c.close();
    await server.stop();
  }
});
