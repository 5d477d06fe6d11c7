// 申请救助 (POST /api/cases): the household (checked against the registry first), the kind of help and
// the reason; the new case opens in 申请 state and its page is shown.
import { get, post } from '../api.js';
import { h, clear, field, select, panel, table, showError, flash, busy, caseLink } from '../dom.js';
import { KIND, TEMP_KIND, RELATION, label } from '../labels.js';

export async function renderApply(root, { query }) {
  root.append(h('h1', {}, '申请救助'));
  const hid = h('input', { id: 'apply-household', value: query.get('household') || '', placeholder: '户编号', size: 24 });
  const lookup = h('button', { type: 'button', id: 'apply-lookup' }, '查询');
  const summary = h('div', { id: 'apply-summary' });
  const kind = select(KIND, 'assistance', { id: 'apply-kind' });
  const tempKind = select(TEMP_KIND, 'temporary', { id: 'apply-temp-kind' });
  const requested = h('input', { id: 'apply-requested', placeholder: '元', size: 10 });
  const tempBox = h('div', { class: 'grid' }, field('临时救助类别', tempKind), field('申请金额（元）', requested));
  const reason = h('textarea', { id: 'apply-reason', rows: 3, placeholder: '申请事由' });
  const submit = h('button', { type: 'button', class: 'primary', id: 'apply-submit' }, '提交申请');
  const sync = () => { tempBox.hidden = kind.value !== 'temporary'; };
  kind.addEventListener('change', sync);
  sync();

  async function show() {
    clear(summary);
    const id = hid.value.trim();
    if (!id) return;
    try {
      const r = await get(`/api/households/${encodeURIComponent(id)}`);
      const hh = r.household;
      summary.append(
        h('p', {}, `户编号 ${hh.id}，地区 ${hh.region}，共 ${hh.members.length} 人。`,
          r.open_case ? h('span', {}, ' 该户已有在办案件：', caseLink(r.open_case)) : null),
        table([
          { label: '姓名', value: (m) => m.name || '' },
          { label: '身份证号', value: (m) => m.id },
          { label: '与户主关系', value: (m) => label(RELATION, m.relation) },
        ], hh.members),
        h('p', {}, h('a', { href: `#/households/${encodeURIComponent(hh.id)}/edit` }, '修改家庭信息')));
    } catch (e) { showError(e); }
  }
  lookup.addEventListener('click', show);

  submit.addEventListener('click', () => busy(submit, (async () => {
    const body = { household_id: hid.value.trim(), kind: kind.value, reason: reason.value };
    if (kind.value === 'temporary') Object.assign(body, { temp_kind: tempKind.value, requested: requested.value.trim() });
    try {
      const c = await post('/api/cases', body);
      flash(`已受理申请：案件 ${c.id}（${c.state_label}）`);
      location.hash = `#/cases/${c.id}`;
    } catch (e) { showError(e); }
  })()));

  root.append(panel('申请信息',
    h('div', { class: 'rowform' }, field('户编号', hid), lookup, h('a', { class: 'btn', href: '#/households/new' }, '先登记家庭')),
    summary,
    h('div', { class: 'grid' }, field('救助类型', kind)), tempBox,
    field('申请理由', reason),
    h('div', { class: 'actions' }, submit)));
  if (hid.value) await show();
}
