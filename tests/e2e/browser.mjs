// What every browser scenario file shares (run.sh runs e2e.test.mjs, then every other *.test.mjs, against
// one server): the server's address and the users' password from run.sh, headless Chromium, a login
// through the login page, the test clock, and opening a page by its hash.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const URL = process.env.SN_URL || 'http://127.0.0.1:8080';
export const PASSWORD = process.env.SN_PASSWORD || 'e2e-secret-pass-1';
export const CHROMIUM = process.env.SN_CHROMIUM || '/usr/bin/chromium';
export const T = { timeout: 120_000 };

// launch() gives the browser a fresh temporary profile (user-data dir) of its own each run.
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function setClock(today) {
  const r = await fetch(`${URL}/api/test/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ today }) });
  assert.equal(r.status, 200, `test clock ${today}`);
}

// A fresh browser context (own cookies) logged in through the login page; uncaught page errors go to
// `jsErrors` (every file asserts at its end that there were none).
export async function login(browser, name, jsErrors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => jsErrors.push(`${name}: ${e.message}`));
  await page.goto(`${URL}/#/login`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.locator('#who-name', { hasText: name }).waitFor();
  return page;
}

// Opens `hash` (#/cases?…) afresh, even when it is the current one, and waits until the page says it is ready.
export async function open(page, hash) {
  if (page.url().startsWith(URL)) {
    await page.evaluate((h) => {
      document.getElementById('view').replaceChildren();
      if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = h;
    }, hash);
  } else {
    await page.goto(`${URL}/${hash}`);
  }
  await page.locator(`[data-page="${hash.slice(1).split('?')[0]}"][data-ready]`).waitFor();
}
