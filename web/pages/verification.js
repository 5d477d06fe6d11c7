// 经济状况核对 (SPEC R11.4–R11.5; docs/casework.md "Verification"): what the latest `safetynet verify
// run` said of a household (on the case page), and the lists of the home page — 主动发现 (people in no
// household whom a department's data shows in need) and 重复与错误 (households never paid until their
// issue is resolved). Read-only: the runs are made with `safetynet verify`.
import { get, ApiError } from '../api.js';
import { h, clear, table } from '../dom.js';
import { CATEGORY, label } from '../labels.js';

const STATUS_CLASS = { changed: 'warn', pending: 'warn', verified: 'paid', none: '' };

// The case page's panel: status, pending facts, before/after, mismatches, issues with 处理办法.
export async function verificationPanel(box, householdId, names) {
  clear(box);
  let v;
  try {
    v = await get(`/api/households/${encodeURIComponent(householdId)}/verification`);
  } catch (e) {
    box.append(h('p', { class: 'field-error' }, e.message));
    return;
  }
  const who = (id) => (id ? (names[id] ? `${names[id]}（${id}）` : id) : '全户');
  box.append(h('p', { id: 'verify-summary' },
    v.run ? `最近一次核对：${v.run.month} 月（${v.run.date} 核对）　` : '',
    h('span', { class: `state ${STATUS_CLASS[v.status] || ''}`, id: 'verify-status', 'data-status': v.status }, v.status_label)));
  if (!v.run) return;
  if (v.before && v.after) {
    const cat = (a) => a.category_label || label(CATEGORY, a.category);
    box.append(h('p', { id: 'verify-outcome' }, '按申报：', h('strong', {}, `${cat(v.before)} ${v.before.monthly_cash} 元/月`),
      '　按部门数据：', h('strong', { id: 'verify-after' }, `${cat(v.after)} ${v.after.monthly_cash} 元/月`)));
  }
  if (v.pending.length) {
    box.append(h('p', { class: 'field-error' }, '待核实（部门数据未到，暂不能确定）：'),
      h('ul', { id: 'verify-pending' }, v.pending.map((p) => h('li', {}, p))));
  }
  box.append(h('h3', {}, '申报与部门数据的差异'), table([
    { label: '成员', value: (m) => who(m.member) },
    { label: '项目', value: (m) => m.label },
    { label: '申报', class: 'num', value: (m) => m.declared },
    { label: '部门数据', class: 'num', value: (m) => m.found },
    { label: '来源', value: (m) => m.sources },
  ], v.mismatches, { props: { id: 'verify-mismatches' }, rowProps: (m) => ({ 'data-item': m.item, 'data-member': m.member }), empty: '没有差异' }));
  if (v.issues.length) {
    box.append(h('h3', { class: 'res-fail' }, '未解决的问题（解决前不予发放）'), issuesTable(v.issues, { member: true, names, id: 'verify-issues' }));
  }
}

function issuesTable(issues, opts) {
  const cols = [];
  if (!opts.member) cols.push({ label: '户编号', value: (i) => i.household_id });
  cols.push(
    { label: '身份证号', value: (i) => (opts.names && opts.names[i.person_id] ? `${opts.names[i.person_id]}（${i.person_id}）` : i.person_id || '全户') },
    { label: '问题', value: (i) => i.label || i.code },
    { label: '说明', value: (i) => i.message },
    { label: '处理办法', value: (i) => i.action },
  );
  return table(cols, issues, {
    props: { id: opts.id, class: 'issues' },
    rowProps: (i) => ({ 'data-household': i.household_id, 'data-code': i.code }),
    empty: '没有未解决的问题',
  });
}

// The home page's two lists, with the latest run's month above them.
export async function verificationLists(candidatesBox, issuesBox) {
  let latest = null;
  try {
    latest = await get('/api/verification/latest');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  const [cands, issues] = await Promise.all([get('/api/verification/candidates'), get('/api/verification/issues')]);
  clear(candidatesBox).append(
    h('p', { class: 'muted', id: 'verify-latest' }, latest
      ? `最近一次经济状况核对：${latest.month} 月（${latest.date} 核对），全库 ${latest.households} 户，差异 ${latest.mismatches} 项，待核实 ${latest.pending} 户`
      : '尚未进行经济状况核对。'),
    table([
      { label: '姓名', value: (c) => c.name },
      { label: '身份证号', value: (c) => c.person_id },
      { label: '常住地区划', value: (c) => c.region },
      { label: '发现原因', value: (c) => c.reason_label || c.reason },
      { label: '情况', value: (c) => c.detail },
      { label: '数据来源', value: (c) => c.source },
    ], cands.candidates, {
      props: { id: 'verify-candidates' },
      rowProps: (c) => ({ 'data-person': c.person_id, 'data-reason': c.reason }),
      empty: '辖区内没有主动发现的对象',
    }),
    cands.candidates.length ? h('p', { class: 'small muted' }, '以上人员不在任何在册家庭中，请入户了解情况，符合条件的协助登记申请（R11.5）。') : null);
  clear(issuesBox).append(issuesTable(issues.issues, { id: 'verify-issue-list' }));
}
