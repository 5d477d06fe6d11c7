// 批量审核 (street) / 批量审批 (county): one event over the checked cases (POST /api/cases/batch) and
// the result of each case; a refused case is listed with the server's reason, the others go on.
import { get, post, session, withQuery } from '../api.js';
import { h, add, clear, panel, table, field, select, caseLink, showError, showOk, busy } from '../dom.js';
import { CATEGORY, STATES, label } from '../labels.js';

// [event, label, the state it applies from] per role (docs/casework.md).
const EVENTS = {
  street: [['publish', '公示', 'street_review'], ['end_notice', '公示期满', 'notice'], ['return', '退回', 'street_review'], ['refuse', '不予救助', 'street_review']],
  county: [['approve', '审批通过', 'county_approval'], ['end_notice', '公示期满', 'notice'], ['return', '退回', 'county_approval'], ['refuse', '不予救助', 'county_approval']],
};

export async function renderBatch(root) {
  const events = EVENTS[session.user.role];
  const title = session.user.role === 'county' ? '批量审批' : '批量审核';
  root.append(h('h1', {}, title));
  if (!events) { root.append(panel(null, h('p', { class: 'muted' }, '您的角色不办理批量审核或审批。'))); return; }
  const eventSel = select(events.map(([e, t, from]) => [e, `${t}（${label(STATES, from)}的案件）`]), events[0][0], { id: 'batch-event' });
  const reason = h('textarea', { id: 'batch-reason', rows: 2, placeholder: '退回、不予救助须填写理由' });
  const listBox = h('div', { id: 'batch-list' });
  const results = h('div', { id: 'batch-results' });
  const submit = h('button', { class: 'primary', id: 'batch-submit' }, `${title}：办理所选案件`);

  async function load() {
    const from = events.find(([e]) => e === eventSel.value)[2];
    let r;
    try { r = await get(withQuery('/api/cases', { state: from, limit: 500 })); } catch (e) { showError(e); return; }
    const all = h('input', { type: 'checkbox', id: 'batch-all', 'aria-label': '全选' });
    all.addEventListener('change', () => { for (const c of listBox.querySelectorAll('.batch-check')) c.checked = all.checked; });
    const t = table([
      { label: '', value: (c) => h('input', { type: 'checkbox', class: 'batch-check', value: c.id, 'aria-label': `选择案件 ${c.id}` }) },
      { label: '案件', value: (c) => caseLink(c.id) }, { label: '户编号', value: (c) => c.household_id },
      { label: '户主', value: (c) => c.head_name }, { label: '地区', value: (c) => c.region },
      { label: '状态', value: (c) => c.state_label }, { label: '公示开始', value: (c) => c.notice_start || '' },
      { label: '评估类别', value: (c) => label(CATEGORY, c.assessed_category) },
      { label: '月保障金（元）', class: 'num', value: (c) => c.monthly_cash },
    ], r.cases, { rowProps: (c) => ({ 'data-case': c.id }), empty: `没有处于“${label(STATES, from)}”的案件` });
    t.querySelector('thead th').append(all);
    add(clear(listBox), t, r.total > r.cases.length ? h('p', { class: 'muted' }, `共 ${r.total} 件，此处列出前 ${r.cases.length} 件`) : null);
  }
  eventSel.addEventListener('change', load);

  submit.addEventListener('click', () => busy(submit, (async () => {
    const ids = [...listBox.querySelectorAll('.batch-check:checked')].map((c) => Number(c.value));
    if (!ids.length) { showError({ message: '请先勾选案件' }); return; }
    try {
      const r = await post('/api/cases/batch', { event: eventSel.value, case_ids: ids, reason: reason.value });
      showOk(`办理完成：成功 ${r.done} 件，未办理 ${r.refused} 件`);
      clear(results).append(h('h3', {}, '办理结果'), table([
        { label: '案件', value: (x) => caseLink(x.id) },
        { label: '结果', value: (x) => h('span', { class: x.ok ? 'res-ok' : 'res-fail' }, x.ok ? '成功' : '未办理') },
        { label: '说明', value: (x) => (x.ok ? `现为“${label(STATES, x.state)}”` : `${x.message}（${x.status} ${x.code}）`) },
      ], r.results, { props: { class: 'batch-results' }, rowProps: (x) => ({ 'data-case': x.id, 'data-ok': String(x.ok) }) }));
      await load();
    } catch (e) { showError(e); }
  })()));

  root.append(panel('选择操作', h('div', { class: 'grid' }, field('操作', eventSel)), field('理由 / 意见', reason)),
    panel('案件', listBox, h('div', { class: 'actions' }, submit)), results);
  await load();
}
