// 首页: the three queues 待办 / 已办 / 结束 with their counts, what each role does from here, and for civil
// affairs the latest verification's lists (主动发现; 重复与错误, never paid until resolved).
import { get, session } from '../api.js';
import { h, panel, showError } from '../dom.js';
import { DEPARTMENTS } from '../labels.js';
import { caseList } from './caselist.js';
import { noticeList } from './notice.js';
import { referralList } from './referrals.js';
import { verificationLists } from './verification.js';

const QUEUES = [['todo', '待办'], ['done', '已办'], ['closed', '结束'], ['all', '辖区全部']];

export async function renderHome(root) {
  const role = session.user.role;
  root.append(h('h1', {}, `${session.user.role_label}工作台`));
  const shortcuts = h('div', { class: 'actions' });
  if (role === 'community') {
    shortcuts.append(h('a', { class: 'btn primary', href: '#/households/new', id: 'go-register' }, '登记家庭'),
      h('a', { class: 'btn primary', href: '#/apply', id: 'go-apply' }, '申请救助'));
  }
  if (role === 'street') shortcuts.append(h('a', { class: 'btn primary', href: '#/batch' }, '批量审核'), h('a', { class: 'btn', href: '#/notice' }, '公示名单'));
  if (role === 'county') {
    shortcuts.append(h('a', { class: 'btn primary', href: '#/batch' }, '批量审批'), h('a', { class: 'btn primary', href: '#/payroll' }, '发放'),
      h('a', { class: 'btn', href: '#/referrals' }, '基本生活保障转介'));
  }
  if (role === 'auditor') shortcuts.append(h('span', { class: 'muted' }, '审计用户只能查看，不能办理。'));
  if (shortcuts.childNodes.length) root.append(shortcuts);

  if (DEPARTMENTS.includes(role)) {
    const box = h('div');
    root.append(panel('转介事项', box));
    await referralList(box, 'open');
    return;
  }

  const counts = await get('/api/queues').catch((e) => { showError(e); return {}; });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const list = h('div', { id: 'queue-list' });
  let current = 'todo';
  const select = async (q) => {
    current = q;
    for (const b of tabs.children) b.className = b.dataset.queue === q ? 'on' : '';
    await caseList(list, q === 'all' ? {} : { queue: q })();
  };
  for (const [q, text] of QUEUES) {
    const n = counts[q];
    tabs.append(h('button', { 'data-queue': q, id: `tab-${q}`, role: 'tab', onclick: () => select(q) },
      text, n === undefined ? null : h('span', { class: 'count', 'data-count': q }, n)));
  }
  root.append(panel('我的案件', tabs, list));
  await select(current);

  if (role === 'street') {
    const box = h('div');
    root.append(panel('公示中', box));
    await noticeList(box);
  }
  if (role === 'auditor') {
    const box = h('div');
    root.append(panel('转介事项（只读）', box));
    await referralList(box, 'all');
  }

  const candidates = h('div', { id: 'candidates-panel' });
  const issues = h('div', { id: 'issues-panel' });
  root.append(panel('主动发现', candidates), panel('重复与错误（不予发放）', issues));
  await verificationLists(candidates, issues).catch(showError);
}
