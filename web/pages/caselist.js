// A list of cases (GET /api/cases …) as a table with paging; each row links to the case page.
import { get, withQuery } from '../api.js';
import { h, clear, table, caseLink, showError } from '../dom.js';
import { CATEGORY, KIND, label } from '../labels.js';

export function stateBadge(state, text) {
  const cls = state === 'closed' || state === 'refused' ? 'state final'
    : state === 'in_payment' || state === 'gradual_exit' ? 'state paid' : 'state';
  return h('span', { class: cls, 'data-state': state }, text || state);
}

export const caseColumns = [
  { label: '案件', value: (c) => caseLink(c.id) },
  { label: '户编号', value: (c) => c.household_id },
  { label: '户主', value: (c) => c.head_name },
  { label: '地区', value: (c) => c.region },
  { label: '类型', value: (c) => label(KIND, c.kind) },
  { label: '状态', value: (c) => stateBadge(c.state, c.state_label) },
  { label: '受理日期', value: (c) => c.opened_on },
  { label: '评估类别', value: (c) => label(CATEGORY, c.assessed_category) },
  { label: '月保障金（元）', class: 'num', value: (c) => c.monthly_cash },
  { label: '可办理', value: (c) => (c.events || []).map((e) => e.label).join('、') },
];

// Renders into `box` and returns a reload function. `params` are the query of GET /api/cases.
export function caseList(box, params, opts = {}) {
  const limit = opts.limit || 20;
  let offset = 0;
  const columns = opts.columns || caseColumns;
  async function load() {
    let r;
    try {
      r = await get(withQuery('/api/cases', { ...params, limit, offset }));
    } catch (e) {
      showError(e);
      return null;
    }
    clear(box);
    box.append(table(columns, r.cases, { props: { class: 'cases', 'data-total': r.total }, empty: opts.empty || '暂无案件' }));
    if (r.total > limit || offset > 0) {
      const prev = h('button', { disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - limit); load(); } }, '上一页');
      const next = h('button', { disabled: offset + limit >= r.total, onclick: () => { offset += limit; load(); } }, '下一页');
      box.append(h('div', { class: 'pager' }, prev, `第 ${offset + 1}–${Math.min(offset + limit, r.total)} 件，共 ${r.total} 件`, next));
    }
    return r;
  }
  return load;
}
