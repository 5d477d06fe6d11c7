// 发放: the county runs a month's payroll (POST /api/payroll), then the month's payments with their
// total (GET /api/payments). Other roles may look the payments up, read-only.
import { get, post, session, withQuery } from '../api.js';
import { h, clear, panel, table, field, showError, showOk, busy } from '../dom.js';
import { CATEGORY, label } from '../labels.js';

export async function renderPayroll(root, { query }) {
  const county = session.user.role === 'county';
  root.append(h('h1', {}, county ? '本月发放' : '发放记录'));
  const month = h('input', { id: 'payroll-month', value: query.get('month') || session.today.slice(0, 7), placeholder: 'YYYY-MM', size: 8 });
  const household = h('input', { id: 'payroll-household', placeholder: '可选', size: 18 });
  const run = county ? h('button', { class: 'primary', id: 'payroll-run' }, '发放') : null;
  const view = h('button', { id: 'payroll-view' }, '查询发放名单');
  const outcome = h('div', { id: 'payroll-outcome' });
  const list = h('div', { id: 'payments' });

  async function show() {
    let r;
    try { r = await get(withQuery('/api/payments', { month: month.value.trim(), household: household.value.trim() })); } catch (e) { showError(e); return; }
    const foot = h('tr', { class: 'total' }, h('td', { colspan: 5 }, `合计（${r.month}，${r.payments.length} 户）`), h('td', { class: 'num', id: 'payments-total' }, r.total));
    clear(list).append(table([
      { label: '户编号', value: (p) => p.household_id }, { label: '户主', value: (p) => p.head_name },
      { label: '地区', value: (p) => p.region }, { label: '类别', value: (p) => (p.category === 'none' ? '个人保障（特困等）' : label(CATEGORY, p.category)) },
      { label: '人数', class: 'num', value: (p) => p.persons }, { label: '金额（元）', class: 'num', value: (p) => p.amount },
    ], r.payments, { props: { id: 'payments-table' }, rowProps: (p) => ({ 'data-household': p.household_id }), foot, empty: '该月没有发放记录' }));
    if (r.payments.length >= 2000) list.append(h('p', { class: 'muted' }, '只列出前 2000 户；合计为全部。'));
  }

  if (run) run.addEventListener('click', () => busy(run, (async () => {
    clear(outcome);
    try {
      const r = await post('/api/payroll', { month: month.value.trim() });
      outcome.append(h('p', { id: 'payroll-result' }, `${month.value.trim()} 发放完成：本次新发 ${r.new_cases} 户，金额 ${r.new_total} 元；此前已发 ${r.already_paid} 户（同月不重复发放）。`));
      showOk('发放完成');
      await show();
    } catch (e) { showError(e); }
  })()));
  view.addEventListener('click', () => busy(view, show()));

  root.append(panel(county ? '发放月份' : '查询',
    h('div', { class: 'rowform' }, field('月份', month), field('户编号', household), run, view),
    county ? h('p', { class: 'muted small' }, '只能发放本月或下月的待遇；已发放的户同月不会重复发放。') : null, outcome),
    panel('发放名单', list));
  await show();
}
