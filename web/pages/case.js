// 案件: the case, the actions the user may take now (the server's `events`), the household, the
// assessment with its explanation, the household's economic-status verification, the history and the
// referrals.
import { get, post, session } from '../api.js';
import { h, clear, panel, table, field, showError, showOk, hideBanner, busy, beijing } from '../dom.js';
import * as L from '../labels.js';
import { stateBadge } from './caselist.js';
import { assessmentPanel } from './assessment.js';
import { verificationPanel } from './verification.js';

export async function renderCase(root, { params }) {
  const id = params[0];
  let kase;
  try {
    kase = await get(`/api/cases/${id}`);
  } catch (e) {
    root.append(h('h1', {}, `案件 ${id}`), panel(null, h('p', { class: 'muted', id: 'case-denied' }, '无法查看该案件。')));
    throw e;  // the banner shows the server's message (403 out_of_region, 404 …)
  }
  let household = null, hhError = null;
  try { household = (await get(`/api/households/${encodeURIComponent(kase.household_id)}`)).household; } catch (e) { hhError = e; }
  const names = Object.fromEntries(((household && household.members) || []).map((m) => [m.id, m.name || m.id]));

  root.append(h('h1', {}, `案件 ${kase.id} `, stateBadge(kase.state, kase.state_label)));
  root.append(panel('案件信息', facts(kase)));
  root.append(panel('办理', actions(kase, root)));
  root.append(panel('家庭成员', household ? membersTable(household) : h('p', { class: 'muted' }, hhError ? hhError.message : '')));
  const assessBox = h('div', { id: 'assessment' });
  root.append(panel('评估结果', assessBox));
  const verifyBox = h('div', { id: 'verification' });
  root.append(panel('经济状况核对', verifyBox));
  root.append(panel('办理记录', historyTable(kase.steps || [])));
  root.append(panel('部门转介', referralsTable(kase.referrals || [])));
  await Promise.all([assessmentPanel(assessBox, kase, names), verificationPanel(verifyBox, kase.household_id, names)]);
}

function facts(c) {
  const rows = [
    ['户编号', c.household_id], ['户主', c.head_name], ['地区', c.region],
    ['类型', L.label(L.KIND, c.kind)], ['状态', c.state_label], ['受理日期', c.opened_on],
    ['公示开始', c.notice_start], ['审批日期', c.approved_on], ['发放起始月', c.pay_from],
    ['评估类别', L.label(L.CATEGORY, c.assessed_category)], ['评估月份', c.assessed_month], ['月保障金（元）', c.monthly_cash],
    ['迁入地区', c.transfer_target], ['临时救助类别', L.label(L.TEMP_KIND, c.temp_kind)], ['申请金额（元）', c.requested],
    ['批准金额（元）', c.granted], ['版本', c.version],
  ].filter(([, v]) => v !== undefined && v !== null && v !== '');
  return h('dl', { class: 'facts', id: 'case-facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, String(v))]));
}

function actions(c, root) {
  const box = h('div', { id: 'case-actions' });
  const events = session.user.role === 'auditor' ? [] : c.events || [];
  if (!events.length) {
    box.append(h('p', { class: 'muted', id: 'no-actions' }, session.user.role === 'auditor' ? '审计用户只能查看，不能办理。' : '当前没有您可以办理的操作。'));
    return box;
  }
  const confirmBox = h('div');
  const buttons = h('div', { class: 'actions' }, events.map((e) => h('button', {
    class: 'event-btn', 'data-event': e.event,
    onclick: () => {
      if (e.event === 'report_change') { location.hash = `#/cases/${c.id}/change`; return; }
      clear(confirmBox).append(confirmForm(c, e, root, () => clear(confirmBox)));
    },
  }, e.label)));
  box.append(buttons, confirmBox);
  return box;
}

function confirmForm(c, e, root, close) {
  const reason = h('textarea', { id: 'event-reason', rows: 3, placeholder: L.reasonPrompt(e.event) });
  const target = e.event === 'transfer_out' ? h('input', { id: 'event-target', placeholder: '9 位街道或 12 位社区代码', size: 14 }) : null;
  const ok = h('button', { class: 'primary', id: 'event-confirm' }, `确认${e.label}`);
  ok.addEventListener('click', () => busy(ok, (async () => {
    const body = { event: e.event, reason: reason.value, version: c.version };
    if (target) body.target_region = target.value.trim();
    try {
      const next = await post(`/api/cases/${c.id}/transitions`, body);
      hideBanner();
      clear(root);
      await renderCase(root, { params: [String(c.id)] });
      showOk(`已办理“${e.label}”，案件现为“${next.state_label}”`);
    } catch (err) { showError(err); }
  })()));
  return h('div', { class: 'confirm', 'data-confirm': e.event },
    h('strong', {}, `办理：${e.label}`),
    target ? field('迁入地区代码', target) : null,
    field(L.reasonPrompt(e.event), reason),
    h('div', { class: 'actions' }, ok, h('button', { onclick: close }, '取消')));
}

function membersTable(hh) {
  const dis = (m) => (m.disability ? `${L.label(L.DISABILITY_GRADE, m.disability.grade)}${L.label(L.DISABILITY_TYPE, m.disability.type)}` : '无');
  return h('div', {},
    h('p', {}, `户编号 ${hh.id}｜${L.label(L.RESIDENCE, hh.residence || 'urban')}｜地区 ${hh.region}｜共 ${hh.members.length} 人`),
    table([
      { label: '姓名', value: (m) => m.name || '' }, { label: '身份证号', value: (m) => m.id },
      { label: '与户主关系', value: (m) => L.label(L.RELATION, m.relation) }, { label: '性别', value: (m) => L.label(L.SEX, m.sex) },
      { label: '出生日期', value: (m) => m.birth_date || '' }, { label: '就业状况', value: (m) => L.label(L.EMPLOYMENT, m.employment) || '未核实' },
      { label: '残疾', value: dis }, { label: '自理能力', value: (m) => L.label(L.SELF_CARE, m.self_care || 'able') },
    ], hh.members, { props: { id: 'members-table' } }));
}

function historyTable(steps) {
  return table([
    { label: '业务日期', value: (s) => s.on_date }, { label: '操作时间（北京时间）', value: (s) => beijing(s.at) },
    { label: '办理人', value: (s) => s.user }, { label: '角色', value: (s) => L.label(L.ROLES, s.role) },
    { label: '操作', value: (s) => s.event_label },
    { label: '状态', value: (s) => `${s.from ? L.label(L.STATES, s.from) : '—'} → ${L.label(L.STATES, s.to)}` },
    { label: '理由', value: (s) => s.reason },
  ], steps, { props: { id: 'history' }, rowProps: (s) => ({ 'data-event': s.event }) });
}

const LINE_ORDER = ['living', 'medical', 'education', 'housing', 'employment', 'social_insurance', 'disability'];

function referralsTable(refs) {
  const rank = (f) => { const i = LINE_ORDER.indexOf(f.line); return i < 0 ? LINE_ORDER.length : i; };
  refs = [...refs].sort((a, b) => rank(a) - rank(b));
  return table([
    { label: '保障线', value: (f) => f.line_label }, { label: '状态', value: (f) => L.label(L.REFERRAL_STATE, f.state) },
    { label: '办结人', value: (f) => f.closed_by || '' }, { label: '办结时间', value: (f) => beijing(f.closed_at) },
    { label: '办结说明', value: (f) => f.note },
  ], refs, { props: { id: 'case-referrals' }, rowProps: (f) => ({ 'data-line': f.line, 'data-state': f.state }), empty: '没有转介' });
}
