// The household record form (HOUSEHOLD-FORMAT.md): members, monthly income, rigid expenditure and
// assets. Every input carries data-field = the record's field path (members[1].id, income[0].amount,
// assets.financial …), the same paths the server names in a 422's `problems`, so each problem is shown
// next to its input.
import { h, field, select, clear } from '../dom.js';
import * as L from '../labels.js';
import { memberCard, readMember } from './member_card.js';

let uidSeq = 0;

// Sets data-field on every [data-suffix] element of each row: `${prefix}[i].${suffix}`.
function renumber(rows, prefix) {
  rows.forEach((r, i) => {
    r.el.dataset.field = `${prefix}[${i}]`;
    const title = r.el.querySelector('.row-title');
    if (title) title.textContent = `成员 ${i + 1}`;
    for (const el of r.el.querySelectorAll('[data-suffix]')) el.dataset.field = `${prefix}[${i}].${el.dataset.suffix}`;
  });
}

const tag = (suffix, el) => { el.dataset.suffix = suffix; return el; };
const text = (v) => (v === undefined || v === null ? '' : String(v));
const num = (s) => { const t = s.trim(); return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t; };

function monthsBetween(from, to) {
  const m = /^(\d{4})-(\d{2})$/;
  const a = from.match(m), b = to.match(m);
  if (!a || !b) return [];
  const out = [];
  for (let y = +a[1], mo = +a[2]; y * 12 + mo <= +b[1] * 12 + +b[2] && out.length < 120; mo === 12 ? (y++, mo = 1) : mo++)
    out.push(`${y}-${String(mo).padStart(2, '0')}`);
  return out;
}

export function householdForm(initial, defaults = {}) {
  const base = JSON.parse(JSON.stringify(initial || {}));
  const members = [], income = [], expenditure = [];
  let el = null;
  const idIn = h('input', { 'data-field': 'id', id: 'hh-id', value: text(base.id), placeholder: '如 H-450102-0001' });
  const region = h('input', { 'data-field': 'region', id: 'hh-region', value: text(base.region || defaults.region), maxlength: 12, placeholder: '12 位社区代码' });
  const residence = select(L.RESIDENCE, base.residence || 'urban', { 'data-field': 'residence', id: 'hh-residence' });
  const urbanYears = h('input', { 'data-field': 'urban_years', value: text(base.urban_years), size: 4 });
  const permit = h('input', { type: 'checkbox', 'data-field': 'residence_permit', checked: !!base.residence_permit });
  const lacks = select(L.LACKS_LABOUR, text(base.lacks_labour_cause), { 'data-field': 'lacks_labour_cause' });
  const migrantBox = h('div', { class: 'grid' }, field('城镇居住年限', urbanYears), field('持居住证', permit, 'inline'));
  const syncMigrant = () => { migrantBox.hidden = residence.value !== 'migrant'; };
  residence.addEventListener('change', syncMigrant);

  const memberBox = h('div', { 'data-field': 'members', id: 'members' });
  const incomeBody = h('tbody');
  const expBody = h('tbody');

  // Member choices for income/expenditure rows follow the member cards (by card, not by typed id).
  const memberOptions = (optional) => [...(optional ? [['', '全户']] : []),
    ...members.map((m) => [m.uid, `${m.inputs.name.value || '（未填姓名）'} ${m.inputs.id.value}`])];
  function refreshMemberSelects() {
    if (!el) return;
    for (const sel of el.querySelectorAll('select[data-member-select]')) {
      const keep = sel.value;
      clear(sel);
      for (const [v, t] of memberOptions(sel.dataset.memberSelect === 'optional')) sel.append(h('option', { value: v, selected: v === keep }, t));
    }
  }
  const memberSelect = (suffix, uid, optional) => {
    const s = tag(suffix, h('select', { 'data-member-select': optional ? 'optional' : 'required' }));
    for (const [v, t] of memberOptions(optional)) s.append(h('option', { value: v, selected: v === uid }, t));
    return s;
  };
  const uidOf = (id) => (members.find((m) => m.inputs.id.value === id) || {}).uid || '';

  function addMember(m = {}) {
    const row = memberCard(m, ++uidSeq, {
      onRemove: () => { members.splice(members.indexOf(row), 1); row.el.remove(); renumber(members, 'members'); refreshMemberSelects(); },
      onChange: refreshMemberSelects,
    });
    members.push(row);
    memberBox.append(row.el);
    renumber(members, 'members');
    refreshMemberSelects();
    return row;
  }

  function addIncome(r = {}) {
    const row = { uid: ++uidSeq };
    row.member = memberSelect('member', r.memberUid || uidOf(text(r.member)), false);
    row.month = tag('month', h('input', { value: text(r.month), placeholder: 'YYYY-MM', size: 8 }));
    row.kind = tag('kind', select(L.INCOME_KIND, r.kind || 'wage'));
    row.amount = tag('amount', h('input', { value: text(r.amount), size: 9, placeholder: '元' }));
    const del = h('button', { type: 'button', class: 'danger', onclick: () => { income.splice(income.indexOf(row), 1); row.el.remove(); renumber(income, 'income'); } }, '删除');
    row.el = h('tr', { class: 'income-row' }, [row.member, row.month, row.kind, row.amount, del].map((x) => h('td', {}, x)));
    income.push(row);
    incomeBody.append(row.el);
    renumber(income, 'income');
  }

  function addExpenditure(r = {}) {
    const row = { uid: ++uidSeq };
    row.member = memberSelect('member', r.member ? uidOf(text(r.member)) : '', true);
    row.month = tag('month', h('input', { value: text(r.month), placeholder: 'YYYY-MM', size: 8 }));
    row.kind = tag('kind', select(L.EXPENDITURE_KIND, r.kind || 'medical'));
    row.amount = tag('amount', h('input', { value: text(r.amount), size: 9, placeholder: '元' }));
    const del = h('button', { type: 'button', class: 'danger', onclick: () => { expenditure.splice(expenditure.indexOf(row), 1); row.el.remove(); renumber(expenditure, 'expenditure'); } }, '删除');
    row.el = h('tr', { class: 'expenditure-row' }, [row.member, row.month, row.kind, row.amount, del].map((x) => h('td', {}, x)));
    expenditure.push(row);
    expBody.append(row.el);
    renumber(expenditure, 'expenditure');
  }

  // 连续月份: one row per month of a range, for a wage or pension that is the same every month.
  const bulk = { member: h('select', { 'data-member-select': 'required', id: 'bulk-member' }),
    from: h('input', { id: 'bulk-from', placeholder: 'YYYY-MM', size: 8 }), to: h('input', { id: 'bulk-to', placeholder: 'YYYY-MM', size: 8 }),
    kind: select(L.INCOME_KIND, 'wage', { id: 'bulk-kind' }), amount: h('input', { id: 'bulk-amount', size: 9, placeholder: '元' }) };
  const bulkNote = h('span', { class: 'field-error' });
  const bulkAdd = h('button', { type: 'button', id: 'bulk-add', onclick: () => {
    const months = monthsBetween(bulk.from.value.trim(), bulk.to.value.trim());
    bulkNote.textContent = months.length ? '' : '起止月份应为 YYYY-MM，且起始不晚于结束';
    for (const mo of months) addIncome({ memberUid: bulk.member.value, month: mo, kind: bulk.kind.value, amount: bulk.amount.value });
  } }, '按月添加');

  const unknown = (key, what) => h('input', { type: 'checkbox', id: `unknown-${key}`, checked: initial && initial.id && !(key in initial) });
  const incomeUnknown = unknown('income'), expUnknown = unknown('expenditure'), assetsUnknown = unknown('assets');

  const a = base.assets || {};
  const vcount = (k) => (a.vehicles || []).filter((v) => v === k).length;
  const assets = {
    financial: h('input', { 'data-field': 'assets.financial', value: text(a.financial ?? 0), size: 10 }),
    dwellings: h('input', { 'data-field': 'assets.dwellings', value: text(a.dwellings ?? 0), size: 4 }),
    floor: h('input', { 'data-field': 'assets.floor_area_m2', value: text(a.floor_area_m2), size: 6 }),
    capital: h('input', { 'data-field': 'assets.business_capital', value: text(a.business_capital ?? 0), size: 10 }),
    vehicles: Object.fromEntries(L.VEHICLES.map(([k]) => [k, h('input', { type: 'number', min: 0, value: vcount(k), size: 3, 'data-vehicle': k })])),
  };

  el = h('div', { class: 'household-form' },
    h('section', { class: 'panel' }, h('h2', {}, '家庭基本信息'),
      h('div', { class: 'grid' }, field('户编号', idIn), field('行政区划代码（12 位社区）', region), field('户籍类别', residence),
        field('缺乏劳动能力原因', lacks)), migrantBox),
    h('section', { class: 'panel' }, h('h2', {}, '家庭成员'), memberBox,
      h('button', { type: 'button', id: 'add-member', onclick: () => addMember() }, '＋ 添加成员')),
    h('section', { class: 'panel', 'data-field': 'income' }, h('h2', {}, '月收入（近 12 个月，元）'),
      h('label', { class: 'fld inline' }, incomeUnknown, '收入情况尚未核实（不填写）'),
      h('table', {}, h('thead', {}, h('tr', {}, ['成员', '月份', '收入类型', '金额（元）', ''].map((t) => h('th', {}, t)))), incomeBody),
      h('div', { class: 'rowform' }, h('button', { type: 'button', id: 'add-income', onclick: () => addIncome() }, '＋ 添加一行'),
        h('span', { class: 'muted' }, '或按月添加：'), field('成员', bulk.member), field('起始月', bulk.from), field('结束月', bulk.to),
        field('类型', bulk.kind), field('每月金额', bulk.amount), bulkAdd, bulkNote)),
    h('section', { class: 'panel', 'data-field': 'expenditure' }, h('h2', {}, '刚性支出（元）'),
      h('label', { class: 'fld inline' }, expUnknown, '支出情况尚未核实（不填写）'),
      h('table', {}, h('thead', {}, h('tr', {}, ['成员', '月份', '支出类型', '金额（元）', ''].map((t) => h('th', {}, t)))), expBody),
      h('button', { type: 'button', id: 'add-expenditure', onclick: () => addExpenditure() }, '＋ 添加支出')),
    h('section', { class: 'panel', 'data-field': 'assets' }, h('h2', {}, '家庭财产'),
      h('label', { class: 'fld inline' }, assetsUnknown, '财产情况尚未核实（不填写）'),
      h('div', { class: 'grid wide', 'data-field': 'assets.vehicles' }, field('金融资产（元）', assets.financial), field('住房（套）', assets.dwellings),
        field('住房面积（㎡）', assets.floor), field('经营资本（元）', assets.capital),
        L.VEHICLES.map(([k, t]) => field(`${t}（辆）`, assets.vehicles[k])))));

  for (const m of base.members && base.members.length ? base.members : [{ relation: 'head' }]) addMember(m);
  for (const r of base.income || []) addIncome(r);
  for (const r of base.expenditure || []) addExpenditure(r);
  syncMigrant();

  // The record as HOUSEHOLD-FORMAT.md JSON; fields the form does not show (history, requests …) kept.
  function read() {
    const rec = { ...base };
    for (const k of ['urban_years', 'residence_permit', 'lacks_labour_cause', 'income', 'expenditure', 'assets']) delete rec[k];
    rec.id = idIn.value.trim();
    rec.region = region.value.trim();
    rec.residence = residence.value;
    if (residence.value === 'migrant') {
      if (urbanYears.value.trim()) rec.urban_years = num(urbanYears.value);
      rec.residence_permit = permit.checked;
    }
    if (lacks.value) rec.lacks_labour_cause = lacks.value;
    const idOf = (uid) => { const m = members.find((x) => x.uid === uid); return m ? m.inputs.id.value.trim() : ''; };
    rec.members = members.map(readMember);
    if (!incomeUnknown.checked)
      rec.income = income.map((r) => ({ member: idOf(r.member.value), month: r.month.value.trim(), kind: r.kind.value, amount: num(r.amount.value) }));
    if (!expUnknown.checked)
      rec.expenditure = expenditure.map((r) => ({ ...(r.member.value ? { member: idOf(r.member.value) } : {}),
        month: r.month.value.trim(), kind: r.kind.value, amount: num(r.amount.value) }));
    if (!assetsUnknown.checked) {
      rec.assets = { financial: num(assets.financial.value), dwellings: num(assets.dwellings.value), business_capital: num(assets.capital.value || '0'),
        vehicles: L.VEHICLES.flatMap(([k]) => Array(Math.max(0, Math.min(20, parseInt(assets.vehicles[k].value, 10) || 0))).fill(k)) };
      if (assets.floor.value.trim()) rec.assets.floor_area_m2 = num(assets.floor.value);
    }
    return rec;
  }

  return { el, read, addMember, addIncome };
}

// members[1].disability.grade → members[1].disability → members[1] → members → ''.
function parentPath(f) {
  const up = f.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
  return up === f ? '' : up;
}

// Shows each problem next to the input whose data-field is its path (or the nearest enclosing one);
// returns the problems that matched no input.
export function showProblems(root, problems) {
  const left = [];
  for (const p of problems) {
    let f = p.field || '', target = null;
    while (f && !(target = root.querySelector(`[data-field="${CSS.escape(f)}"]`))) f = parentPath(f);
    if (!target) { left.push(p); continue; }
    target.classList.add('invalid');
    const msg = h('div', { class: 'field-error', 'data-error-for': p.field, role: 'alert' }, p.message);
    const holder = target.closest('label.fld') || target.closest('td');
    if (holder && holder !== target) holder.append(msg);
    else if (target.matches('tr')) target.firstElementChild.append(msg);
    else if (target.matches('section, div')) target.prepend(msg);
    else target.after(msg);
  }
  return left;
}

export function clearProblems(root) {
  for (const e of root.querySelectorAll('.field-error[data-error-for]')) e.remove();
  for (const e of root.querySelectorAll('.invalid')) e.classList.remove('invalid');
}
