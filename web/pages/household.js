// 家庭登记 (POST /api/households), 修改 (the same, loaded first) and 变更 of a case in payment
// (POST /api/cases/{id}/changes with the month of the change). A refused record's problems are shown
// at their inputs; a registered household goes on to 申请.
import { get, post, session } from '../api.js';
import { h, field, showError, flash, busy } from '../dom.js';
import { householdForm, showProblems, clearProblems } from './household_form.js';

export async function renderHousehold(root, { path, params }) {
  const changeOf = path.startsWith('/cases/') ? params[0] : null;
  const editId = !changeOf && path.endsWith('/edit') ? decodeURIComponent(params[0]) : null;
  let record = null, kase = null;
  if (changeOf) {
    kase = await get(`/api/cases/${changeOf}`);
    record = (await get(`/api/households/${encodeURIComponent(kase.household_id)}`)).household;
  } else if (editId) {
    record = (await get(`/api/households/${encodeURIComponent(editId)}`)).household;
  }
  root.append(h('h1', {}, changeOf ? `家庭情况变更（案件 ${changeOf}）` : editId ? `修改家庭信息 ${editId}` : '家庭登记'));
  const defaults = { region: session.user.region.length === 12 ? session.user.region : '' };
  const form = householdForm(record, defaults);
  root.append(form.el);

  const fromMonth = h('input', { id: 'change-month', 'data-field': 'from_month', placeholder: 'YYYY-MM', value: session.today.slice(0, 7) });
  const reason = h('textarea', { id: 'change-reason', 'data-field': 'reason', rows: 2 });
  if (changeOf) root.append(h('section', { class: 'panel' }, h('h2', {}, '变更说明'),
    h('div', { class: 'grid' }, field('变更发生的月份', fromMonth)), field('变更原因', reason)));

  const submit = h('button', { type: 'button', class: 'primary', id: 'hh-submit' }, changeOf ? '提交变更' : '保存登记');
  root.append(h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: changeOf ? `#/cases/${changeOf}` : '#/' }, '取消')));

  submit.addEventListener('click', () => busy(submit, (async () => {
    clearProblems(root);
    const rec = form.read();
    try {
      if (changeOf) {
        await post(`/api/cases/${changeOf}/changes`, { household: rec, from_month: fromMonth.value.trim(), reason: reason.value });
        flash(`已登记变更，案件 ${changeOf} 已重新评估`);
        location.hash = `#/cases/${changeOf}`;
        return;
      }
      const r = await post('/api/households', { household: rec });
      flash(`已登记家庭 ${r.id}，请继续申请救助`);
      location.hash = `#/apply?household=${encodeURIComponent(r.id)}`;
    } catch (e) {
      const problems = e.problems && e.problems.length ? e.problems : e.field ? [{ field: e.field, message: e.message }] : [];
      const unplaced = showProblems(root, problems.map((p) => ({ ...p, field: p.field.replace(/^household\./, '') })));
      showError(e, unplaced.map((p) => `${p.field ? p.field + '：' : ''}${p.message}`));
      const first = root.querySelector('.invalid');
      if (first) first.scrollIntoView({ block: 'center' });
    }
  })()));
}
