// Small DOM helpers. Server text only ever reaches the page as text nodes or attribute values
// (never innerHTML), so nothing the server or a user typed can become markup.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = true;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// Appends children as h() does (strings as text, null and false skipped).
export function add(el, ...children) { append(el, children); return el; }

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

export function view() { return document.getElementById('view'); }

// The message banner at the top of the page: errors from the server keep their Chinese message,
// with the HTTP status and code in small print.
export function showError(err, extra) {
  const b = document.getElementById('banner');
  clear(b);
  b.className = 'banner error';
  b.hidden = false;
  b.append(document.createTextNode(err.message || String(err)));
  if (err.status || err.code) b.append(h('span', { class: 'code' }, `（${err.status || ''} ${err.code || ''}）`));
  if (extra && extra.length) b.append(h('ul', {}, extra.map((t) => h('li', {}, t))));
  b.scrollIntoView({ block: 'nearest' });
}

export function showOk(text) {
  const b = document.getElementById('banner');
  clear(b);
  b.className = 'banner ok';
  b.hidden = false;
  b.textContent = text;
}

export function hideBanner() {
  const b = document.getElementById('banner');
  clear(b);
  b.className = 'banner';
  b.hidden = true;
}

// A message to show on the next page (after a redirect).
let flashed = null;
export function flash(text, error = false) { flashed = { text, error }; }
export function showFlash() {
  if (!flashed) return;
  if (flashed.error) showError({ message: flashed.text }); else showOk(flashed.text);
  flashed = null;
}

// A table from column specs [{label, value(row) → string|Node, class?}] and rows.
export function table(columns, rows, opts = {}) {
  const head = h('tr', {}, columns.map((c) => h('th', { class: c.class }, c.label)));
  const body = rows.map((r) => h('tr', opts.rowProps ? opts.rowProps(r) : {},
    columns.map((c) => h('td', { class: c.class }, c.value(r)))));
  if (!rows.length) body.push(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, opts.empty || '暂无记录')));
  return h('table', opts.props || {}, h('thead', {}, head), h('tbody', {}, body, opts.foot || null));
}

export function field(label, input, cls) {
  return h('label', { class: 'fld' + (cls ? ' ' + cls : '') }, h('span', {}, label), input);
}

export function select(options, value, props = {}) {
  return h('select', props, options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
}

export function panel(title, ...children) {
  return h('section', { class: 'panel' }, title ? h('h2', {}, title) : null, children);
}

export function caseLink(id) { return h('a', { href: `#/cases/${id}` }, `案件 ${id}`); }

export function busy(button, promise) {
  button.disabled = true;
  return promise.finally(() => { button.disabled = false; });
}

// An ISO 8601 UTC instant as Beijing time (UTC+8), "2019-10-01 09:30:05".
export function beijing(iso) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso || '';
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
