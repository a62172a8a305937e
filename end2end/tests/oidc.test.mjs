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
import { pageChecks } from '../lib/journey.mjs';

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
      OIDC_ACCOUNTS: JSON.stringify({ sanna: { email: 'sanna@example.com', email_verified: true } }),
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const issuer = await new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the provider stopped (${code})`)));
    lines.on('line', (l) => { if (l.startsWith('issuer ')) resolve(l.slice(7)); });
  });
  return { issuer, close: () => child.kill() };
}

async function portalWithProvider() {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const provider = await startProvider(base);
  const server = await startServer({
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
      await page.getByLabel('Who are you (subject)?').fill('sanna');
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Back, signed in, on the page the link pointed to.
      await page.waitForURL(`${base}/case/1/work`);
      await ready(page, js);
      assert.ok(await page.getByRole('heading', { level: 1 }).isVisible());
      const cookies = await context.cookies(base);
      assert.ok(cookies.some((c) => c.name === '__Host-rtw-session'), 'a session');
      assert.ok(!cookies.some((c) => c.name === '__Host-rtw-oidc' && c.value), 'the attempt cookie is spent');
      await check();

      // Her own log names the step.
      await page.goto(`${base}/passkeys`);
      await ready(page, js);
      assert.match(await page.locator('main').textContent(), new RegExp(t.event_provider_sign_in));
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
