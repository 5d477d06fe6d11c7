// 公示: the cases under public notice (GET /api/cases?state=notice) with when the notice started and
// whether it may be ended now (the server's events for this user).
import { h, panel, caseLink } from '../dom.js';
import { CATEGORY, label } from '../labels.js';
import { caseList } from './caselist.js';

const columns = [
  { label: '案件', value: (c) => caseLink(c.id) },
  { label: '户编号', value: (c) => c.household_id },
  { label: '户主', value: (c) => c.head_name },
  { label: '地区', value: (c) => c.region },
  { label: '公示开始', value: (c) => c.notice_start || '' },
  { label: '评估类别', value: (c) => label(CATEGORY, c.assessed_category) },
  { label: '月保障金（元）', class: 'num', value: (c) => c.monthly_cash },
  { label: '公示状态', value: (c) => ((c.events || []).some((e) => e.event === 'end_notice') ? '公示期已满，可结束公示' : '公示中') },
];

export async function noticeList(box) {
  await caseList(box, { state: 'notice' }, { columns, limit: 50, empty: '目前没有公示中的案件' })();
}

export async function renderNotice(root) {
  root.append(h('h1', {}, '公示名单'));
  const box = h('div', { id: 'notice-list' });
  root.append(panel('公示中的案件', h('p', { class: 'muted small' }, '公示期满（默认 7 天）后，街道审核人员或县级民政局可结束公示，案件转县级审批；公示期间有异议的，退回街道审核。'), box));
  await noticeList(box);
}
