// 错保监督 in the browser (web/pages/supervision.js; SPEC R12.2; docs/supervision.md), against the server
// run.sh starts, after e2e.test.mjs (whose county paid 兴宁区's 2019-11 roster). The county records a
// wrongly paid case of a paid household and its recovery through the page's forms; the report row of
// 兴宁区 shows the exact ratio (1 of N assisted, rounded once to hundredths of a percent) and the status
// R12.2 gives it; the street and the auditor read without forms; the community has no such page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { URL, PASSWORD, T, launch, setClock, login as loginAs, open } from './browser.mjs';

const COUNTY = '450102';

let browser;
const pages = {};
const jsErrors = [];
let clockBefore = '';

before(async () => {
  browser = await launch();
});

after(async () => {
  // Give the clock back to whatever file runs next.
  if (clockBefore) await setClock(clockBefore);
  if (browser) await browser.close();
});

async function login(name) {
  const page = await loginAs(browser, name, jsErrors);
  pages[name] = page;
  return page;
}

const text = async (page, selector) => (await page.locator(selector).first().textContent()).trim();
const apiFromPage = (page, path, init) => page.evaluate(async ([p, i]) => {
  const r = await fetch(p, i);
  return { status: r.status, body: await r.json() };
}, [path, init || {}]);

// R12.2 exactly, as the server decides it: hundredths of a percent rounded half up (positive values),
// and within iff wrong × 10000 ≤ 200 × assisted (P.error_tolerance 0.02 = 200 / 10000).
function ratioText(wrong, assisted) {
  const h = Math.floor((2 * 10000 * wrong + assisted) / (2 * assisted));
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}%`;
}

const shared = {};

test('s1. the county records a wrongly paid case and the report shows its ratio', T, async () => {
  const page = await login('k1');
  clockBefore = (await apiFromPage(page, '/api/me')).body.today;
  await setClock('2019-11-20');  // 2019-11 was paid in e2e.test.mjs; a wrong month may not be after today's
  assert.ok(await page.locator('nav a[href="#/supervision"]').count() === 1, 'the county has 错保监督 in its menu');
  const payments = (await apiFromPage(page, '/api/payments?month=2019-11')).body.payments;
  // The error below is 650.00 for 2019-11: a wrongly paid amount may not exceed what was paid
  // (docs/supervision.md, not_paid / bad_amount), so the household was paid at least that much.
  const fen = (yuan) => Number(yuan.replace('.', ''));  // "650.00" → 65000
  const paid = payments.find((p) => p.region.startsWith('450102001') && fen(p.amount) >= 65000);
  assert.ok(paid, 'a household of 民生街道 was paid at least 650.00 for 2019-11');
  shared.household = paid.household_id;

  await open(page, '#/supervision?year=2019');
  const before = (await apiFromPage(page, '/api/supervision/report?year=2019')).body;
  const row = before.counties.find((r) => r.region === COUNTY);
  assert.ok(row && row.assisted_cases > 0, '兴宁区 has assisted cases in 2019');
  shared.assisted = row.assisted_cases;
  shared.wrongBefore = row.wrong_cases;

  await page.fill('#sup-household', shared.household);
  await page.fill('#sup-from', '2019-11');
  await page.fill('#sup-to', '2019-11');
  await page.selectOption('#sup-cause', 'concealment');
  await page.fill('#sup-amount', '650.00');
  await page.fill('#sup-note', '隐瞒工资收入');
  await page.click('#sup-record');
  await page.locator('#banner.ok', { hasText: '已登记错保' }).waitFor();
  shared.errorId = (await page.inputValue('#sup-error-id')).trim();
  const line = page.locator(`#sup-errors tr[data-error="${shared.errorId}"]`);
  await line.waitFor();
  assert.match(await line.innerText(), /家庭隐瞒[\s\S]*650\.00[\s\S]*0\.00[\s\S]*650\.00/);

  const wrong = shared.wrongBefore + 1;
  const cells = page.locator(`#sup-counties tr[data-region="${COUNTY}"] td`);
  await page.locator(`#sup-counties tr[data-region="${COUNTY}"]`, { hasText: ratioText(wrong, shared.assisted) }).waitFor();
  assert.equal((await cells.nth(3).innerText()).trim(), String(wrong));
  assert.equal((await cells.nth(4).innerText()).trim(), ratioText(wrong, shared.assisted));
  const within = wrong * 10000 <= 200 * shared.assisted;
  const status = await cells.nth(8).innerText();
  assert.equal(status.trim(), within ? '待追回' : '⚠ 超出容错');
  assert.equal(await page.getAttribute(`#sup-counties tr[data-region="${COUNTY}"]`, 'data-flagged'), within ? '0' : '1');
});

test('s2. recovering the whole amount makes the county tolerated (when within 2%)', T, async () => {
  const page = pages.k1;
  await page.fill('#sup-error-id', shared.errorId);
  await page.fill('#sup-rec-amount', '700.00');
  await page.fill('#sup-rec-on', '2019-11-15');
  await page.click('#sup-recover');
  await page.locator('#banner.error', { hasText: '超过尚未追回的 650.00 元' }).waitFor();
  await page.fill('#sup-rec-amount', '650.00');
  await page.click('#sup-recover');
  await page.locator('#banner.ok', { hasText: '尚未追回 0.00 元' }).waitFor();
  const wrong = shared.wrongBefore + 1;
  const within = wrong * 10000 <= 200 * shared.assisted;
  const row = page.locator(`#sup-counties tr[data-region="${COUNTY}"]`);
  await row.locator('td', { hasText: within ? '容错免责' : '超出容错' }).waitFor();
  const api = (await apiFromPage(page, '/api/supervision/report?year=2019')).body.counties.find((r) => r.region === COUNTY);
  assert.equal(api.outstanding, '0.00');
  assert.equal(api.status, within ? 'tolerated' : 'over_tolerance');
});

test('s3. the street and the auditor read without forms; the community has no such page', T, async () => {
  for (const user of ['s1', 'a1']) {
    const page = await login(user);
    assert.equal(await page.locator('nav a[href="#/supervision"]').count(), 1, `${user} menu`);
    await open(page, '#/supervision?year=2019');
    await page.locator(`#sup-errors tr[data-error="${shared.errorId}"]`).waitFor();
    assert.equal(await page.locator('#sup-record').count(), 0, `${user}: no form`);
    assert.equal(await page.locator('#sup-recover').count(), 0, `${user}: no form`);
    const body = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(body, /\bnull\b|undefined|NaN|\[object /, user);
  }
  assert.equal(await pages.s1.locator('#sup-streets tr[data-region="450102001"]').count(), 1);
  assert.equal(await pages.s1.locator('#sup-counties tr[data-region]').count(), 0, 'a street sees its own row only');
  const denied = await apiFromPage(pages.a1, `/api/supervision/errors/${shared.errorId}/recoveries`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ amount: '1.00', on: '2019-11-15' }) });
  assert.equal(denied.status, 403);
  const c1 = await login('c1');
  assert.equal(await c1.locator('nav a[href="#/supervision"]').count(), 0);
  assert.equal((await apiFromPage(c1, '/api/supervision/report?year=2019')).status, 403);
});

test('s4. no uncaught script errors', () => {
  assert.deepEqual(jsErrors, []);
});
