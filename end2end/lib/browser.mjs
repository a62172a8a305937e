// Debian's Chromium driven by playwright-core: phone-sized contexts, with
// or without JavaScript, and an axe-core scan that fails on WCAG A/AA issues.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const PHONE = { width: 360, height: 740 };

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function phoneContext(browser, { js = true, locale = 'en-GB', timezoneId } = {}) {
  const context = await browser.newContext({
    viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    javaScriptEnabled: js, locale, ...(timezoneId ? { timezoneId } : {}),
  });
  // Every request to anywhere but this machine is collected for pageChecks:
  // the portal makes no third-party request (no fonts, analytics or CDNs).
  context.foreignRequests = [];
  context.on('request', (r) => {
    const u = new URL(r.url());
    const local = ['127.0.0.1', 'localhost'].includes(u.hostname);
    if (!local && !['data:', 'blob:', 'about:'].includes(u.protocol)) context.foreignRequests.push(r.url());
  });
  // Anything the Content-Security-Policy blocks is collected for pageChecks.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return context;
}

/// Waits until the wasm app has hydrated the page (with JavaScript only).
export async function ready(page, js) {
  await page.waitForLoadState('load');
  // Only a page with islands loads the wasm (the sign-in pages have none).
  if (js && (await page.locator('leptos-island').count()) > 0) {
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
  }
}

/// Scans the page as it is now. axe needs JavaScript in the page, so for
/// no-JS journeys the same URL is loaded in a scripting context first.
export async function assertAccessible(page, browser, { js, cookies }) {
  let target = page;
  let extra;
  if (!js) {
    extra = await browser.newContext({ viewport: PHONE });
    if (cookies) await extra.addCookies(cookies);
    target = await extra.newPage();
    await target.goto(page.url());
  }
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  if (extra) await extra.close();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(summary, [], `accessibility violations on ${page.url()}`);
}

/// Nothing may scroll sideways on a phone.
export async function assertNoHorizontalOverflow(page) {
  // A phone widens its layout viewport (and zooms out) to fit a page that is
  // too wide, so innerWidth alone would follow the page: compare with the
  // screen's own width too.
  const { scroll, width, screen } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth, screen: window.screen.width,
  }));
  assert.ok(scroll <= width && width <= screen, `page is ${scroll}px wide on a ${screen}px screen: ${page.url()}`);
}
