// 统计报表 (SPEC R13; docs/reports.md): the month's figures inside the user's region from
// GET /api/reports/monthly — money paid and cases by category for the next level down (ECharts, loaded
// from /vendor/echarts.min.js), the Guangxi average standard against its R3.5 target, the table of
// every region with the total, each line's coverage among those entitled, and each county's and street's
// R12.2 error ratio with the supervision's status (rows whose staff answer for it flagged, as on the
// 错保监督 page). Money arrives as yuan text and is shown as sent; the charts parse it for
// drawing only.
import { get, session, withQuery } from '../api.js';
import { h, clear, panel, table, field, showError, busy } from '../dom.js';

let echartsLoading = null;

// The UMD build sets window.echarts; loaded once, on first use of this page.
function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/echarts.min.js';
      s.onload = () => resolve(window.echarts);
      s.onerror = () => { echartsLoading = null; reject(new Error('图表库 /vendor/echarts.min.js 未能加载（请在 web/ 下运行 npm ci）')); };
      document.head.append(s);
    });
  }
  return echartsLoading;
}

const dash = (v) => (v === null || v === undefined ? '—' : String(v));
const num = (yuan) => (yuan === null || yuan === undefined ? null : Number(yuan));  // drawing only

// The rows one level below the report's region: cities under 450000, counties under a city, streets
// under a county or a street's own row.
function childRows(r) {
  const level = r.region === '450000' ? 'city' : r.region.length === 6 && r.region.endsWith('00') ? 'county' : 'street';
  return r.rows.filter((x) => x.level === level);
}

const COLUMNS = [
  ['name', '地区'], ['code', '区划代码'], ['households', '评估户数'], ['dibao_households', '低保户'],
  ['low_income_households', '低收入户'], ['tekun_persons', '特困人员'], ['orphans', '孤儿'],
  ['covered_persons', '保障人数'], ['elderly', '老年人'], ['minors', '未成年人'], ['women', '女性'],
  ['disabled', '残疾人'], ['zero_employment', '零就业家庭'], ['paid_month', '当月发放（元）'],
  ['paid_year_to_date', '本年累计（元）'], ['average_benefit', '人均补助（元）'], ['standard', '低保标准（元）'],
];
const TEXT = new Set(['name', 'code']);

function regionTable(r) {
  const pad = { region: '', city: '', county: '\u3000', street: '\u3000\u3000' };
  const cols = COLUMNS.map(([key, label]) => ({
    label,
    class: TEXT.has(key) ? '' : 'num',
    value: (x) => (key === 'name' ? pad[x.level] + x.name : dash(x[key])),
  }));
  const foot = h('tr', { class: 'total', id: 'report-total' }, COLUMNS.map(([key]) =>
    h('td', { class: TEXT.has(key) ? '' : 'num', 'data-field': key },
      key === 'name' ? `合计（${r.region_name}）` : dash(r.total[key]))));
  return table(cols, r.rows, { props: { id: 'report-table' }, rowProps: (x) => ({ 'data-code': x.code }), foot, empty: '没有下级地区' });
}

const LINES = [['living', '基本生活'], ['medical', '基本医疗'], ['education', '教育'], ['housing', '住房'],
  ['employment', '就业'], ['pension', '社会保险'], ['temporary', '临时救助']];

// Per line: for a line paid in cash through the roster, paid / cash entitled and the rate the server
// computed; for a line paid by its department, those entitled only.
function coverageTable(r) {
  const cell = (x, line) => {
    const c = x.coverage[line];
    return h('span', { 'data-line': line }, c.rate === null ? `应享 ${c.entitled}` : `${c.paid} / ${c.cash_entitled}（${c.rate}）`);
  };
  const rows = [...r.rows, { ...r.total, name: `合计（${r.region_name}）`, total: true }];
  return table([
    { label: '地区', value: (x) => x.name }, { label: '区划代码', value: (x) => x.code },
    { label: '保障人数', class: 'num', value: (x) => x.covered_persons },
    ...LINES.map(([line, label]) => ({ label, class: 'num', value: (x) => cell(x, line) })),
  ], rows, { props: { id: 'report-coverage' }, rowProps: (x) => ({ 'data-code': x.code, class: x.total ? 'total' : '' }) });
}

function errorStatus(e) {
  return h('span', { class: e.flagged ? 'state res-fail' : 'state' }, e.flagged ? `⚠ ${e.status}` : e.status);
}

// R12.2 per county and street (rows with figures only), the report's own region last.
function errorsTable(r) {
  const rows = [...r.rows, { ...r.total, name: `合计（${r.region_name}）`, total: true }].filter((x) => x.errors);
  return table([
    { label: '区划代码', value: (x) => x.code }, { label: '地区', value: (x) => x.name },
    { label: '保障户数', class: 'num', value: (x) => x.errors.assisted_cases },
    { label: '错保户数', class: 'num', value: (x) => x.errors.wrong_cases },
    { label: '错保率', class: 'num', value: (x) => h('span', { 'data-field': 'ratio' }, x.errors.ratio) },
    { label: '错发金额（元）', class: 'num', value: (x) => x.errors.wrong },
    { label: '已追回（元）', class: 'num', value: (x) => x.errors.recovered },
    { label: '状态', value: (x) => errorStatus(x.errors) },
  ], rows, {
    props: { id: 'report-errors' },
    rowProps: (x) => ({ 'data-code': x.code, 'data-flagged': x.errors.flagged ? '1' : '0', class: x.total ? 'total' : '',
      style: x.errors.flagged ? 'background:#fdecea' : null }),
    empty: '本年度辖区内没有发放，也没有错保记录',
  });
}

function standardsTable(s) {
  const verdict = (b) => (b === null ? '无法判断' : b ? '达标' : '未达标');
  const rows = s.cities.map((c) => ({ ...c, verdict: verdict(c.meets) }));
  const foot = [
    h('tr', { class: 'total' }, h('td', { colspan: 2 }, '全区平均（14市算术平均）'), h('td', { class: 'num', id: 'report-mean' }, dash(s.mean)),
      h('td', { colspan: 3 }, `目标 ≥ ${dash(s.target)}`), h('td', {}, verdict(s.mean_meets))),
    h('tr', { class: 'total' }, h('td', { colspan: 2 }, '全区平均（按低保人数加权）'), h('td', { class: 'num' }, dash(s.weighted_mean)),
      h('td', { colspan: 3 }, `目标 ≥ ${dash(s.target)}`), h('td', {}, verdict(s.weighted_meets))),
  ];
  return table([
    { label: '区划代码', value: (c) => c.code }, { label: '设区市', value: (c) => c.name },
    { label: '本月标准（元）', class: 'num', value: (c) => dash(c.standard) },
    { label: '上年同月（元）', class: 'num', value: (c) => dash(c.year_before) },
    { label: '增幅', class: 'num', value: (c) => dash(c.growth) },
    { label: '低保人数', class: 'num', value: (c) => c.dibao_persons },
    { label: `增幅要求 ≥ ${dash(s.growth_rate)}`, value: (c) => c.verdict },
  ], rows, { props: { id: 'report-standards' }, rowProps: (c) => ({ 'data-code': c.code, class: c.meets === false ? 'res-fail' : '' }), foot });
}

function drawCharts(echarts, boxes, r) {
  const kids = childRows(r);
  const names = kids.map((x) => x.name);
  const paid = echarts.init(boxes.paid, null, { renderer: 'canvas' });
  paid.setOption({
    title: { text: '当月发放金额（元）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' }, grid: { left: 70, right: 20, bottom: 50 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: '元' },
    series: [{ name: '当月发放', type: 'bar', data: kids.map((x) => num(x.paid_month)), label: { show: names.length <= 14, position: 'top' } }],
  });
  const cases = echarts.init(boxes.cases, null, { renderer: 'canvas' });
  cases.setOption({
    title: { text: '分类别户数与人数', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 50, right: 20, bottom: 70 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [['低保户', 'dibao_households'], ['低收入户', 'low_income_households'], ['特困人员', 'tekun_persons'], ['孤儿', 'orphans']]
      .map(([name, key]) => ({ name, type: 'bar', data: kids.map((x) => x[key]) })),
  });
  const charts = [paid, cases];
  if (r.standards) {
    const s = r.standards;
    const line = echarts.init(boxes.standard, null, { renderer: 'canvas' });
    line.setOption({
      title: { text: '全区平均低保标准与目标（R3.5）', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 60, right: 20, bottom: 60 },
      xAxis: { type: 'category', data: s.months.map((m) => m.month) },
      yAxis: { type: 'value', name: '元/人·月', scale: true },
      series: [
        { name: '14市平均标准', type: 'line', data: s.months.map((m) => num(m.mean)) },
        { name: '目标', type: 'line', lineStyle: { type: 'dashed' }, data: s.months.map((m) => num(m.target)) },
      ],
    });
    charts.push(line);
  }
  return charts;
}

export async function renderReports(root, { query }) {
  root.append(h('h1', {}, '统计报表'));
  const month = h('input', { id: 'report-month', value: query.get('month') || session.today.slice(0, 7), placeholder: 'YYYY-MM', size: 8 });
  const region = h('input', { id: 'report-region', value: query.get('region') || session.user.region, size: 10 });
  const run = h('button', { class: 'primary', id: 'report-run' }, '查询');
  const summary = h('p', { id: 'report-summary' });
  const boxes = {
    paid: h('div', { id: 'report-chart', class: 'chart', style: 'width:100%;height:340px' }),
    cases: h('div', { id: 'report-chart-cases', class: 'chart', style: 'width:100%;height:340px' }),
    standard: h('div', { id: 'report-chart-standard', class: 'chart', style: 'width:100%;height:300px' }),
  };
  const tableBox = h('div', { id: 'report-regions' });
  const standardsBox = h('div', { id: 'report-standards-box' });
  const coverageBox = h('div', { id: 'report-coverage-box' });
  const errorsBox = h('div', { id: 'report-errors-box' });
  let charts = [];

  async function show() {
    let r;
    try {
      r = await get(withQuery('/api/reports/monthly', { month: month.value.trim(), region: region.value.trim() }));
    } catch (e) { showError(e); return; }
    const t = r.total;
    clear(summary).append(`${r.region_name}（${r.region}）${r.month}：评估 ${t.households} 户，保障 ${t.covered_households} 户 ${t.covered_persons} 人；`
      + `当月发放 ${t.paid_month} 元，本年累计 ${t.paid_year_to_date} 元；零就业家庭 ${t.zero_employment} 户。`);
    clear(tableBox).append(regionTable(r));
    clear(standardsBox);
    if (r.standards) standardsBox.append(standardsTable(r.standards));
    clear(coverageBox).append(coverageTable(r),
      h('p', { class: 'muted small' }, '基本生活、住房、临时救助：当月实发人数 / 应享现金人数（覆盖率）；其余保障线由主管部门办理，只列应享人数。'));
    clear(errorsBox).append(r.has_errors ? errorsTable(r)
      : h('p', { class: 'muted', id: 'report-errors-none' }, '未提供错保数据（政策文件没有当年的容错率 P.error_tolerance）'));
    if (r.has_errors) {
      errorsBox.append(h('p', { class: 'muted small' },
        `${r.month.slice(0, 4)} 年截至 ${r.month} 月末的错保监督记录（R12.2）；标红的地区超出容错或有非客观原因的错保，工作人员须担责。`));
    }
    charts.forEach((c) => c.dispose());
    charts = [];
    try {
      charts = drawCharts(await loadEcharts(), boxes, r);
    } catch (e) { showError(e); }
  }

  run.addEventListener('click', () => busy(run, show()));
  root.append(
    panel('查询', h('div', { class: 'rowform' }, field('月份', month), field('区划代码', region), run),
      h('p', { class: 'muted small' }, '区划代码可为本辖区或其下级（设区市、县、街道）；金额单位：元；“—”表示未知或不适用。'), summary),
    panel('图表', boxes.paid, boxes.cases, boxes.standard),
    panel('分地区', tableBox),
    panel('低保标准提标进度（R3.5）', standardsBox),
    panel('各保障线覆盖率', coverageBox),
    panel('错保率（R12.2）', errorsBox),
  );
  await show();
}
