// The single-page app: hash routes (#/cases/12), the header with the user and the role's menu, and
// the login redirect when the session is gone.
import { session, loadMe, logout, setUnauthorizedHandler, ApiError } from './api.js';
import { h, add, clear, view, showError, hideBanner, flash, showFlash } from './dom.js';
import { DEPARTMENTS } from './labels.js';
import { renderLogin } from './pages/login.js';
import { renderHome } from './pages/home.js';
import { renderHousehold } from './pages/household.js';
import { renderApply } from './pages/apply.js';
import { renderCase } from './pages/case.js';
import { renderNotice } from './pages/notice.js';
import { renderBatch } from './pages/batch.js';
import { renderPayroll } from './pages/payroll.js';
import { renderReferrals } from './pages/referrals.js';
import { renderSupervision } from './pages/supervision.js';
import { renderReports } from './pages/reports.js';

const routes = [
  [/^\/login$/, renderLogin, true],
  [/^\/$/, renderHome],
  [/^\/households\/new$/, renderHousehold],
  [/^\/households\/([^/]+)\/edit$/, renderHousehold],
  [/^\/cases\/(\d+)\/change$/, renderHousehold],
  [/^\/apply$/, renderApply],
  [/^\/cases\/(\d+)$/, renderCase],
  [/^\/notice$/, renderNotice],
  [/^\/batch$/, renderBatch],
  [/^\/payroll$/, renderPayroll],
  [/^\/referrals$/, renderReferrals],
  [/^\/supervision$/, renderSupervision],
  [/^\/reports$/, renderReports],
];

// The menu of each role (docs/casework.md "Roles and regions").
function menu(role) {
  const items = [['#/', '首页']];
  if (role === 'community') items.push(['#/households/new', '登记家庭'], ['#/apply', '申请救助'], ['#/notice', '公示']);
  if (role === 'street') items.push(['#/notice', '公示'], ['#/batch', '批量审核']);
  if (role === 'county') items.push(['#/notice', '公示'], ['#/batch', '批量审批'], ['#/payroll', '发放'], ['#/referrals', '转介事项']);
  if (DEPARTMENTS.includes(role)) items.push(['#/referrals', '转介事项']);
  if (['street', 'county', 'auditor'].includes(role)) items.push(['#/reports', '统计报表']);
  if (['street', 'county', 'auditor'].includes(role)) items.push(['#/supervision', '错保监督']);
  if (role === 'auditor') items.push(['#/notice', '公示'], ['#/payroll', '发放记录'], ['#/referrals', '转介事项']);
  return items;
}

function renderHeader(path) {
  const nav = clear(document.getElementById('nav'));
  const who = clear(document.getElementById('who'));
  if (!session.user) return;
  for (const [href, text] of menu(session.user.role)) {
    const on = href === '#' + path || (href !== '#/' && ('#' + path).startsWith(href));
    nav.append(h('a', { href, class: on ? 'on' : '' }, text));
  }
  const u = session.user;
  add(who,
    h('span', { id: 'who-name' }, `${u.name}（${u.role_label}，辖区 ${u.region}）`),
    session.today ? h('span', { class: 'small', style: 'margin-left:8px' }, `今天 ${session.today}`) : null,
    h('button', { id: 'logout', onclick: doLogout }, '退出'),
  );
}

async function doLogout() {
  try { await logout(); } catch { /* the session is dropped either way */ }
  location.hash = '#/login';
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, query };
}

async function route() {
  const { path, query } = parseHash();
  hideBanner();
  const found = routes.map(([re, fn, pub]) => [path.match(re), fn, pub]).find(([m]) => m);
  if (!found) { location.hash = '#/'; return; }
  const [match, render, isPublic] = found;
  if (!session.user && !isPublic) {
    try { await loadMe(); } catch (e) {
      if (e instanceof ApiError && e.status === 401) { location.hash = '#/login'; return; }
      showError(e);
      return;
    }
  }
  renderHeader(path);
  const root = h('div', { 'data-page': path });
  clear(view()).append(root);
  showFlash();
  try {
    await render(root, { params: match.slice(1), query, path });
  } catch (e) {
    showError(e);
  }
  root.dataset.ready = '1';  // rendered (tests wait for this)
}

// A session that ends (expired, or logged out elsewhere) says so on the login page; a first visit
// simply shows the login page.
setUnauthorizedHandler((err, hadSession) => {
  if (parseHash().path !== '/login') {
    if (hadSession) flash(err.message || '登录已失效，请重新登录', true);
    location.hash = '#/login';
  }
});
window.addEventListener('hashchange', route);
route();
