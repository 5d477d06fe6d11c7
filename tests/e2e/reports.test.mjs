// 统计报表 in headless Chromium (web/pages/reports.js; docs/reports.md), against the server run.sh
// starts: the demo households assessed and paid for 2019-10 (run.sh). The county's page draws its
// charts with ECharts (a canvas) and its table's totals are the API's; its coverage table shows the
// living line's paid / cash entitled with the rate rounded once (R2.6), and its 错保率 table the same
// ratio and status as 错保监督's report as of 2019-10-31 (R12.2); a street sees its own street and is
// refused a wider region. Runs after e2e.test.mjs on the same server, with logins of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { URL, PASSWORD, T, launch, setClock, login as loginAs, open } from './browser.mjs';

let browser;
const jsErrors = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function login(name) {
  const page = await loginAs(browser, name, jsErrors);
  return page;
}

const apiFromPage = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p);
  return { status: r.status, body: await r.json() };
}, path);

// "2850.00" → 285000 fen: sums in integers, never floats.
const fen = (yuan) => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(yuan);
  assert.ok(m, `yuan text ${yuan}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

// num / den as "2.00%": hundredths of a percent rounded half up, in integers (num ≥ 0, den > 0).
const percent = (num, den) => {
  const bp = Math.floor((2 * 10000 * num + den) / (2 * den));
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
};

test('the county\'s 统计报表 draws its charts and its totals equal the API\'s', T, async () => {
  const page = await login('k1');
  await page.locator('#nav a[href="#/reports"]', { hasText: '统计报表' }).waitFor();
  await open(page, '#/reports?month=2019-10');
  await page.locator('#report-chart canvas').first().waitFor();
  await page.locator('#report-chart-standard canvas').first().waitFor();
  const api = await apiFromPage(page, '/api/reports/monthly?month=2019-10');
  assert.equal(api.status, 200);
  const t = api.body.total;
  assert.equal(api.body.region, '450102');
  assert.ok(t.households > 0 && t.paid_cases > 0, 'run.sh assessed and paid 2019-10');
  for (const key of ['households', 'dibao_households', 'covered_persons', 'zero_employment', 'paid_month', 'paid_year_to_date', 'average_benefit', 'standard']) {
    assert.equal(await page.locator(`#report-total td[data-field="${key}"]`).textContent(), String(t[key]), key);
  }
  assert.equal(await page.locator('#report-total td[data-field="name"]').textContent(), '合计（兴宁区）');
  // One table row per street below the county, and the streets add up to the county (R13).
  assert.equal(await page.locator('#report-table tbody tr[data-code]').count(), api.body.rows.length);
  const streets = api.body.rows.filter((r) => r.level === 'street');
  assert.equal(streets.reduce((s, r) => s + fen(r.paid_month), 0), fen(t.paid_month));
  assert.equal(streets.reduce((s, r) => s + r.households, 0), t.households);
  // R3.5 under the shipped policy: 650 in 2019 against 590 in 2018.
  assert.equal(await page.locator('#report-mean').textContent(), api.body.standards.mean);
  assert.equal(await page.locator('#report-standards tr[data-code="450100"] td').nth(4).textContent(), '10.17%');
  // Coverage of the living line in 兴宁区: paid / cash entitled, in hundredths of a percent rounded half
  // up in integers (both non-negative).
  const living = t.coverage.living;
  assert.ok(living.cash_entitled > 0, 'dibao households were entitled to living cash');
  const rate = percent(living.paid, living.cash_entitled);
  assert.equal(living.rate, rate);
  assert.equal(await page.locator('#report-coverage tr[data-code="450102"] [data-line="living"]').textContent(),
    `${living.paid} / ${living.cash_entitled}（${rate}）`);
  assert.equal(await page.locator('#report-coverage tr[data-code="450102"] [data-line="medical"]').textContent(),
    `应享 ${t.coverage.medical.entitled}`);
  // 错保率 of 兴宁区: the supervision's own figures for 2019 as of the month's last day.
  assert.equal(api.body.has_errors, true);
  const sup = await apiFromPage(page, '/api/supervision/report?year=2019&as_of=2019-10-31');
  assert.equal(sup.status, 200);
  const county = sup.body.counties.find((r) => r.region === '450102');
  assert.ok(county && county.assisted_cases > 0, '兴宁区 was paid in 2019');
  assert.equal(t.errors.assisted_cases, county.assisted_cases);
  assert.equal(county.ratio, percent(county.wrong_cases, county.assisted_cases));
  assert.equal(t.errors.status, county.status_label);
  const errRow = page.locator('#report-errors tr[data-code="450102"]');
  assert.equal(await errRow.locator('[data-field="ratio"]').textContent(), county.ratio);
  assert.match(await errRow.textContent(), new RegExp(county.status_label.replace(/[()（）]/g, '.')));
  assert.equal(await errRow.getAttribute('data-flagged'), county.flagged ? '1' : '0');
  const body = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(body, /\bnull\b|undefined|NaN|\[object /);
});

test('a street sees its own street and is refused the county', T, async () => {
  const page = await login('s1');
  await open(page, '#/reports?month=2019-10');
  await page.locator('#report-chart canvas').first().waitFor();
  const api = await apiFromPage(page, '/api/reports/monthly?month=2019-10');
  assert.equal(api.body.region, '450102001');
  assert.equal(await page.locator('#report-total td[data-field="paid_month"]').textContent(), api.body.total.paid_month);
  assert.equal((await apiFromPage(page, '/api/reports/monthly?month=2019-10&region=450102')).status, 403);
});

test('no uncaught script errors on the report pages', () => {
  assert.deepEqual(jsErrors, []);
});
