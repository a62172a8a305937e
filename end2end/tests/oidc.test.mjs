// Sign-in through an identity provider at phone size, with and without
// JavaScript, against a real OpenID Connect provider (npm `oidc-provider`,
// end2end/oidc-provider.mjs) on another site: the portal is browsed at
// localhost, the provider at 127.0.0.1. A deep link reached while signed
// out is where the sign-in lands; a callback that was tampered with lands
// on a page that says what to do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { freePort, startServer } from '../lib/server.mjs';
import { launch, phoneContext, ready } from '../lib/browser.mjs';
import { texts } from '../lib/texts.mjs';
import { pageChecks, signIn } from '../lib/journey.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const t = texts.en;
const SHOTS = process.env.SHOTS ?? '/tmp';
const SECRET = 'a-test-secret-of-the-portal-000000';
const NAME = 'Test eID';

/// The provider, for a portal at `base`: Sanna (the demo's worker) with
/// her address verified.
async function startProvider(base) {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'oidc-provider.mjs');
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      OIDC_REDIRECT_URIS: `${base}/api/sign-in/oidc/callback`,
      OIDC_CLIENT_SECRET: SECRET,
      // Mark's address is not one the provider verified: he links himself.
      OIDC_ACCOUNTS: JSON.stringify({
        sanna: { email: 'sanna@example.com', email_verified: true },
        'mark-eid': { email: 'mark@private.example', email_verified: false },
      }),
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  child.stdout.on('error', () => {});
  const lines = createInterface({ input: child.stdout });
  const issuer = await new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the provider stopped (${code})`)));
    lines.on('line', (l) => { if (l.startsWith('issuer ')) resolve(l.slice(7)); });
  });
  return { issuer, close: () => child.kill() };
}

/// On the provider's own login page: says who they are.
async function signInAtProvider(page, subject) {
  await page.getByLabel('Who are you (subject)?').fill(subject);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function portalWithProvider() {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const provider = await startProvider(base);
  const server = await startServerOrStop(provider, {
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      RTW_PUBLIC_URL: base,
      RTW_OIDC_ISSUER: provider.issuer,
      RTW_OIDC_CLIENT_ID: 'rtw-portal',
      RTW_OIDC_CLIENT_SECRET: SECRET,
      RTW_OIDC_NAME: NAME,
    },
  });
  return { server, provider, base };
}

/// A server that does not start stops the provider too.
async function startServerOrStop(provider, options) {
  try {
    return await startServer(options);
  } catch (e) {
    provider.close();
    throw e;
  }
}

for (const js of [true, false]) {
  test(`a deep link signed out, then sign-in through the identity provider lands on it (${js ? 'with' : 'without'} JavaScript)`, async () => {
    const { server, provider, base } = await portalWithProvider();
    const context = await phoneContext(browser, { js });
    try {
      const page = await context.newPage();
      const check = pageChecks(page, browser, context, js);

      // The adjustments page of her case, while signed out: the sign-in page.
      await page.goto(`${base}/case/1/work`);
      await ready(page, js);
      const link = page.getByTestId('provider-sign-in');
      assert.equal((await link.textContent()).trim(), t.provider_sign_in.replace('{{ name }}', NAME));
      await check();
      if (js) await page.screenshot({ path: `${SHOTS}/oidc-sign-in-360.png`, fullPage: true });

      // At the provider (another site): she says who she is.
      await link.click();
      await page.waitForURL((u) => u.port !== new URL(base).port);
      await signInAtProvider(page, 'sanna');

      // Back, signed in, on the page the link pointed to.
      await page.waitForURL(`${base}/case/1/work`);
      await ready(page, js);
      assert.ok(await page.getByRole('heading', { level: 1 }).isVisible());
      const cookies = await context.cookies(base);
      assert.ok(cookies.some((c) => c.name === '__Host-rtw-session'), 'a session');
      assert.ok(!cookies.some((c) => c.name === '__Host-rtw-oidc' && c.value), 'the attempt cookie is spent');
      await check();

      // Her own page says she is linked, and her log names the steps.
      await page.goto(`${base}/passkeys`);
      await ready(page, js);
      assert.equal((await page.getByTestId('provider-linked').textContent()).trim(),
        t.provider_linked_state.replace('{{ name }}', NAME));
      const main = await page.locator('main').textContent();
      assert.ok(main.includes(t.event_provider_sign_in) && main.includes(t.event_provider_linked), main);
      await check();
    } finally {
      await context.close();
      await server.stop();
      provider.close();
    }
  });
}

test('a tampered or cancelled return from the provider lands on a page that says what to do', async () => {
  const { server, provider, base } = await portalWithProvider();
  const context = await phoneContext(browser, { js: true });
  try {
    const page = await context.newPage();
    const check = pageChecks(page, browser, context, true);
    await page.goto(`${base}/`);
    await page.getByTestId('provider-sign-in').click();
    await page.waitForURL((u) => u.port !== new URL(base).port);
    // Instead of signing in there, a forged return with someone's state.
    await page.goto(`${base}/api/sign-in/oidc/callback?code=forged&state=forged`);
    await page.waitForURL(`${base}/sign-in/provider?why=failed`);
    await ready(page, true);
    const said = page.getByTestId('provider-refused');
    assert.equal((await said.textContent()).trim(), t.provider_failed.replace('{{ name }}', NAME));
    assert.ok(!(await context.cookies(base)).some((c) => c.name === '__Host-rtw-session' && c.value), 'no session');
    await check();
    await page.screenshot({ path: `${SHOTS}/oidc-refused-360.png`, fullPage: true });
    // Cancelled at the provider: no code at all.
    await page.goto(`${base}/api/sign-in/oidc/callback?error=access_denied&state=x`);
    await page.waitForURL(`${base}/sign-in/provider?why=failed`);
    // Try again starts afresh at the provider.
    await page.getByRole('link', { name: t.provider_try_again }).click();
    await page.waitForURL((u) => u.port !== new URL(base).port);
  } finally {
    await context.close();
    await server.stop();
    provider.close();
  }
});

test('a professional whose identity there names no verified address links it once, signed in by code', async () => {
  const { server, provider, base } = await portalWithProvider();
  const context = await phoneContext(browser, { js: false });
  try {
    const page = await context.newPage();
    const check = pageChecks(page, browser, context, false);
    // Through the provider first: it names no address it verified.
    await page.goto(`${base}/`);
    await page.getByTestId('provider-sign-in').click();
    await signInAtProvider(page, 'mark-eid');
    await page.waitForURL(`${base}/sign-in/provider?why=no_email`);
    assert.equal((await page.getByTestId('provider-refused').textContent()).trim(),
      t.provider_no_email.replace('{{ name }}', NAME));

    // By code, then "Link Test eID" on his passkeys page (the provider
    // forgets him meanwhile, so it asks again rather than answering at once).
    await context.clearCookies({ domain: '127.0.0.1' });
    await signIn(page, { baseUrl: base, mail: server, email: 'mark.devries@example.com', js: false, t, landing: /\/(case|shared)$/ });
    await page.goto(`${base}/passkeys`);
    await page.getByRole('link', { name: t.provider_link_button.replace('{{ name }}', NAME) }).click();
    await signInAtProvider(page, 'mark-eid');
    await page.waitForURL(`${base}/passkeys?linked`);
    assert.ok(await page.getByTestId('provider-linked').isVisible());
    await check();
    await page.screenshot({ path: `${SHOTS}/oidc-linked-360.png`, fullPage: true });

    // Signed out, the provider now signs him in.
    await context.clearCookies();
    await page.goto(`${base}/`);
    await page.getByTestId('provider-sign-in').click();
    await signInAtProvider(page, 'mark-eid');
    await page.waitForURL(/\/(case|shared)$/);
    assert.ok((await context.cookies(base)).some((c) => c.name === '__Host-rtw-session' && c.value));
  } finally {
    await context.close();
    await server.stop();
    provider.close();
  }
});
