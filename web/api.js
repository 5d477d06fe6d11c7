// The JSON API client: one fetch wrapper that sends the session's CSRF token on every write and turns
// the server's {"error": {code, message, field?, problems?}} into an ApiError the pages can show.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = e.code || 'http_' + status;
    this.field = e.field || '';
    this.problems = Array.isArray(e.problems) ? e.problems : [];
  }
}

// Who is logged in (from /api/login or /api/me); the CSRF token stays in memory only.
export const session = { user: null, today: '', csrf: '' };

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { error: { code: 'network', message: '无法连接服务器，请检查网络后重试' } });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/api/login') {
      const hadSession = session.user !== null;
      session.user = null;
      onUnauthorized(err, hadSession);
    }
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);

// Builds "path?a=1&b=2" from the non-empty values of `params`.
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function login(name, password) {
  const r = await api('POST', '/api/login', { name, password });
  session.user = r.user;
  session.csrf = r.csrf;
  await loadMe();
  return r.user;
}

export async function loadMe() {
  const r = await get('/api/me');
  session.user = r.user;
  session.csrf = r.csrf;
  session.today = r.today;
  return r.user;
}

export async function logout() {
  try { await api('POST', '/api/logout'); } finally {
    session.user = null;
    session.csrf = '';
  }
}
