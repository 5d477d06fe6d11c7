// 错保监督 (SPEC R12.2; docs/supervision.md): each county's and township's wrongly paid cases against the
// 2% tolerance (GET /api/supervision/report), the rows whose staff answer for it flagged; the record of
// wrongly paid cases with their recoveries (GET /api/supervision/errors); and for the county bureau, the
// forms to record an error and money recovered. Street staff and the auditor read only.
import { get, post, session, withQuery } from '../api.js';
import { h, clear, panel, table, field, select, showError, showOk, busy } from '../dom.js';

const CAUSES = [
  ['concealment', '家庭隐瞒'],
  ['shared_data', '共享数据不准确'],
  ['staff_limits', '工作人员能力所限'],
  ['other', '其他（非客观原因）'],
];

function statusCell(r) {
  return h('span', { class: r.flagged ? 'state res-fail' : r.status === 'recovery_pending' ? 'state warn' : 'state', 'data-status': r.status },
    r.flagged ? `⚠ ${r.status_label}` : r.status_label);
}

function regionTable(id, rows, empty) {
  return table([
    { label: '地区代码', value: (r) => r.region },
    { label: '地区', value: (r) => r.name },
    { label: '救助户数', class: 'num', value: (r) => r.assisted_cases },
    { label: '错保户数', class: 'num', value: (r) => r.wrong_cases },
    { label: '错保率', class: 'num', value: (r) => r.ratio },
    { label: '错保金额（元）', class: 'num', value: (r) => r.wrong },
    { label: '已追回（元）', class: 'num', value: (r) => r.recovered },
    { label: '未追回（元）', class: 'num', value: (r) => r.outstanding },
    { label: '状态', value: statusCell },
  ], rows, {
    props: { id },
    rowProps: (r) => ({ 'data-region': r.region, 'data-flagged': r.flagged ? '1' : '0', style: r.flagged ? 'background:#fdecea' : null }),
    empty,
  });
}

export async function renderSupervision(root, { query }) {
  const county = session.user.role === 'county';
  root.append(h('h1', {}, '错保监督'));
  const year = h('input', { id: 'sup-year', value: query.get('year') || session.today.slice(0, 4), size: 6 });
  const show = h('button', { id: 'sup-show' }, '查询');
  const report = h('div', { id: 'sup-report' });
  const errors = h('div', { id: 'sup-error-list' });

  async function refresh() {
    const y = year.value.trim();
    let r, e;
    try {
      [r, e] = await Promise.all([get(withQuery('/api/supervision/report', { year: y })),
        get(withQuery('/api/supervision/errors', { year: y }))]);
    } catch (err) { showError(err); return; }
    clear(report).append(
      h('p', { id: 'sup-summary' }, `${r.year} 年，截至 ${r.as_of}；容错比例 ${r.tolerance}（R12.2）。错保户数在救助户数的 ${r.tolerance} 以内、`
        + '原因属客观且错发资金全部追回的，不予追责；⚠ 标出需追责的地区。'),
      h('h3', {}, '县（市、区）'), regionTable('sup-counties', r.counties, '本年度没有发放或错保记录'),
      h('h3', {}, '乡镇（街道）'), regionTable('sup-streets', r.streets, '本年度没有发放或错保记录'));
    clear(errors).append(table([
      { label: '编号', value: (x) => `#${x.id}` },
      { label: '户编号', value: (x) => x.household_id },
      { label: '乡镇（街道）', value: (x) => x.street || x.county },
      { label: '错发月份', value: (x) => (x.from === x.to ? x.from : `${x.from} 至 ${x.to}`) },
      { label: '原因', value: (x) => x.cause_label },
      { label: '错保金额（元）', class: 'num', value: (x) => x.amount },
      { label: '已追回（元）', class: 'num', value: (x) => x.recovered },
      { label: '未追回（元）', class: 'num', value: (x) => x.outstanding },
      { label: '登记', value: (x) => `${x.recorded_on} ${x.recorded_by}` },
      { label: '说明', value: (x) => x.note },
    ], e.errors, { props: { id: 'sup-errors' }, rowProps: (x) => ({ 'data-error': x.id }), empty: '本年度没有错保记录' }));
  }
  show.addEventListener('click', () => busy(show, refresh()));

  root.append(panel('年度', h('div', { class: 'rowform' }, field('年度', year), show)),
    panel('错保率与追回情况', report), panel('错保记录', errors));

  if (county) {
    const month = session.today.slice(0, 7);
    const household = h('input', { id: 'sup-household', size: 18 });
    const from = h('input', { id: 'sup-from', value: month, size: 8, placeholder: 'YYYY-MM' });
    const to = h('input', { id: 'sup-to', value: month, size: 8, placeholder: 'YYYY-MM' });
    const cause = select(CAUSES, 'concealment', { id: 'sup-cause' });
    const amount = h('input', { id: 'sup-amount', size: 10, placeholder: '元' });
    const note = h('input', { id: 'sup-note', size: 24 });
    const record = h('button', { class: 'primary', id: 'sup-record' }, '登记错保');
    record.addEventListener('click', () => busy(record, (async () => {
      try {
        const r = await post('/api/supervision/errors', { household_id: household.value.trim(), from: from.value.trim(),
          to: to.value.trim(), cause: cause.value, amount: amount.value.trim(), note: note.value.trim() });
        showOk(`已登记错保 #${r.id}：户 ${r.household_id}，${r.amount} 元`);
        errorId.value = String(r.id);
        await refresh();
      } catch (err) { showError(err, (err.problems || []).map((p) => p.message)); }
    })()));
    const errorId = h('input', { id: 'sup-error-id', size: 6 });
    const recAmount = h('input', { id: 'sup-rec-amount', size: 10, placeholder: '元' });
    const recOn = h('input', { id: 'sup-rec-on', value: session.today, size: 10, placeholder: 'YYYY-MM-DD' });
    const recNote = h('input', { id: 'sup-rec-note', size: 24 });
    const recover = h('button', { class: 'primary', id: 'sup-recover' }, '登记追回');
    recover.addEventListener('click', () => busy(recover, (async () => {
      try {
        const id = errorId.value.trim().replace(/^#/, '');
        const r = await post(`/api/supervision/errors/${encodeURIComponent(id)}/recoveries`,
          { amount: recAmount.value.trim(), on: recOn.value.trim(), note: recNote.value.trim() });
        showOk(`错保 #${r.id} 已追回 ${r.recovered} 元，尚未追回 ${r.outstanding} 元`);
        await refresh();
      } catch (err) { showError(err); }
    })()));
    root.append(
      panel('登记错保',
        h('div', { class: 'rowform' }, field('户编号', household), field('错发起始月份', from), field('错发结束月份', to),
          field('原因', cause), field('金额（元）', amount), field('说明', note), record),
        h('p', { class: 'muted small' }, '一条记录只含一个年度的月份；原因为“其他”的错保不属客观原因，不予免责。')),
      panel('登记追回',
        h('div', { class: 'rowform' }, field('错保编号', errorId), field('追回金额（元）', recAmount), field('追回日期', recOn),
          field('说明', recNote), recover)));
  }
  await refresh();
}
