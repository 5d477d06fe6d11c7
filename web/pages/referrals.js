// 转介事项: each department's referrals in its region (GET /api/referrals), closed with a note
// (POST /api/referrals/{case}/{line}/close). The auditor sees every line, read-only.
import { get, post, session } from '../api.js';
import { h, clear, panel, table, caseLink, showError, showOk, busy } from '../dom.js';
import { REFERRAL_STATE, label } from '../labels.js';

export async function referralList(box, state) {
  let r;
  try {
    r = await get(`/api/referrals?state=${encodeURIComponent(state)}`);
  } catch (e) {
    showError(e);
    return;
  }
  const canClose = session.user.role !== 'auditor';
  const action = (f) => {
    if (f.state !== 'open' || !canClose) return f.closed_by ? `${f.closed_by} 办结` : '';
    const note = h('input', { placeholder: '办结说明', class: 'ref-note', 'aria-label': '办结说明', size: 18 });
    const btn = h('button', { class: 'primary ref-close' }, '办结');
    btn.addEventListener('click', () => busy(btn, (async () => {
      try {
        await post(`/api/referrals/${f.case_id}/${encodeURIComponent(f.line)}/close`, { note: note.value });
        showOk(`已办结：案件 ${f.case_id} ${f.line_label}`);
        await referralList(box, state);
      } catch (e) { showError(e); }
    })()));
    return h('span', { class: 'actions' }, note, btn);
  };
  clear(box).append(table([
    { label: '案件', value: (f) => caseLink(f.case_id) },
    { label: '保障线', value: (f) => f.line_label },
    { label: '户编号', value: (f) => f.household_id },
    { label: '地区', value: (f) => f.region },
    { label: '转介日期', value: (f) => f.opened_on },
    { label: '状态', value: (f) => label(REFERRAL_STATE, f.state) },
    { label: '办结说明', value: (f) => f.note },
    { label: '操作', value: action },
  ], r.referrals, {
    props: { class: 'referrals' },
    rowProps: (f) => ({ 'data-case': f.case_id, 'data-line': f.line, 'data-state': f.state }),
    empty: '没有转介事项',
  }));
}

export async function renderReferrals(root, { query }) {
  root.append(h('h1', {}, '转介事项'));
  let state = query.get('state') || 'open';
  const box = h('div', { id: 'referral-list' });
  const tabs = h('div', { class: 'tabs' });
  const pick = async (s) => {
    state = s;
    for (const b of tabs.children) b.className = b.dataset.state === s ? 'on' : '';
    await referralList(box, s);
  };
  for (const [s, t] of [['open', '办理中'], ['closed', '已办结'], ['all', '全部']])
    tabs.append(h('button', { 'data-state': s, onclick: () => pick(s) }, t));
  root.append(panel(null, tabs, box));
  await pick(state);
}
