// The case's assessment (GET /api/cases/{id}/assessment[?month=]): category, monthly cash, each step
// of the explanation with its rule id, and the entitlements.
import { get, withQuery } from '../api.js';
import { h, clear, table, field } from '../dom.js';
import { CATEGORY, label } from '../labels.js';

export async function assessmentPanel(box, kase, names, month) {
  clear(box);
  let a;
  try {
    a = await get(withQuery(`/api/cases/${kase.id}/assessment`, { month }));
  } catch (e) {
    box.append(h('p', { class: 'field-error' }, e.message));
    return;
  }
  const monthIn = h('input', { id: 'assess-month', value: a.month, size: 8 });
  const again = h('button', { onclick: () => assessmentPanel(box, kase, names, monthIn.value.trim()) }, '按此月份评估');
  box.append(h('div', { class: 'rowform' }, field('评估月份', monthIn), again));
  if (a.refusal) {
    box.append(h('p', { class: 'field-error', id: 'assess-refusal' }, `无法评估：${a.refusal.message}`));
    return;
  }
  box.append(h('p', { id: 'assess-summary' }, '家庭类别：', h('strong', { id: 'assess-category', 'data-category': a.category }, a.category_label),
    '　月现金保障合计：', h('strong', { id: 'assess-cash' }, a.monthly_cash), ' 元'));
  const persons = Object.entries(a.persons || {});
  if (persons.length) box.append(h('p', {}, '个人类别：', persons.map(([id, c]) => `${names[id] || id}（${label(CATEGORY, c)}）`).join('、')));
  if (a.undetermined && a.undetermined.length)
    box.append(h('p', { class: 'field-error', id: 'assess-undetermined' }, '缺少信息，无法确定：', a.undetermined.join('、')));
  box.append(h('h3', {}, '计算过程'),
    h('ol', { class: 'steps', id: 'explanation' }, (a.explanation || []).map((s) =>
      h('li', { 'data-rule': s.rule }, h('span', { class: 'rule' }, s.rule), ' ', s.text))));
  box.append(h('h3', {}, '待遇明细'), table([
    { label: '项目', value: (e) => e.label }, { label: '成员', value: (e) => (e.member ? names[e.member] || e.member : '全户') },
    { label: '金额（元）', class: 'num', value: (e) => e.amount || '—' },
    { label: '周期', value: (e) => (e.period === 'year' ? '每年' : e.amount ? '每月' : '资格') },
    { label: '依据', value: (e) => e.rule },
  ], a.entitlements || [], { props: { id: 'entitlements' }, rowProps: (e) => ({ 'data-item': e.item }), empty: '无待遇' }));
}
