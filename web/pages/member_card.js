// One member of the household form (HOUSEHOLD-FORMAT.md `members[i]`): a card of labelled inputs,
// each tagged with its field suffix (id, name, disability.grade …) for the problem messages.
import { h, field, select } from '../dom.js';
import * as L from '../labels.js';

const RENDERED = ['id', 'name', 'relation', 'sex', 'birth_date', 'employment', 'disability', 'self_care', 'serious_illness',
  'orphan', 'legal_supporters', 'supported_by', 'community_correction', 'school', 'boarding', 'university_freshman', 'insurance'];
const FLAGS = [['serious_illness', '患重病'], ['community_correction', '社区矫正'], ['boarding', '寄宿'], ['university_freshman', '大学新生']];
const INSURANCE = [['medical', '基本医保'], ['critical_illness', '大病保险'], ['pension', '养老保险']];

const tag = (suffix, el) => { el.dataset.suffix = suffix; return el; };
const text = (v) => (v === undefined || v === null ? '' : String(v));

export function memberCard(m, uid, { onRemove, onChange }) {
  const ins = m.insurance || {};
  const dis = m.disability || {};
  const i = {
    id: tag('id', h('input', { value: text(m.id), maxlength: 18, placeholder: '18 位身份证号', class: 'm-id' })),
    name: tag('name', h('input', { value: text(m.name), class: 'm-name' })),
    relation: tag('relation', select(L.RELATION, m.relation || 'other', { class: 'm-relation' })),
    sex: tag('sex', select(L.SEX, text(m.sex), { class: 'm-sex' })),
    birth_date: tag('birth_date', h('input', { value: text(m.birth_date), placeholder: 'YYYY-MM-DD', size: 10, class: 'm-birth' })),
    employment: tag('employment', select(L.EMPLOYMENT, text(m.employment), { class: 'm-employment' })),
    grade: tag('disability.grade', select(L.DISABILITY_GRADE, text(dis.grade), { class: 'm-dis-grade' })),
    dtype: tag('disability.type', select(L.DISABILITY_TYPE, text(dis.type), { class: 'm-dis-type' })),
    self_care: tag('self_care', select(L.SELF_CARE, m.self_care || 'able', { class: 'm-self-care' })),
    legal_supporters: tag('legal_supporters', select(L.SUPPORTERS, text(m.legal_supporters), { class: 'm-supporters' })),
    supported_by: tag('supported_by', select(L.SUPPORTED_BY, text(m.supported_by), { class: 'm-supported-by' })),
    orphan: tag('orphan', select(L.ORPHAN, text(m.orphan), { class: 'm-orphan' })),
    school: tag('school', select(L.SCHOOL, text(m.school), { class: 'm-school' })),
    flags: Object.fromEntries(FLAGS.map(([k]) => [k, tag(k, h('input', { type: 'checkbox', checked: !!m[k], class: `m-${k}` }))])),
    insurance: Object.fromEntries(INSURANCE.map(([k]) => [k, tag(`insurance.${k}`, h('input', { type: 'checkbox', checked: ins[k] !== false, class: `m-ins-${k}` }))])),
  };
  i.id.addEventListener('input', onChange);
  i.name.addEventListener('input', onChange);
  const title = h('span', { class: 'row-title' }, '成员');
  const row = { uid: String(uid), inputs: i, base: m };
  row.el = h('div', { class: 'card member', 'data-uid': row.uid },
    h('div', { class: 'head' }, title, h('button', { type: 'button', class: 'danger m-remove', onclick: onRemove }, '删除成员')),
    h('div', { class: 'grid' },
      field('身份证号', i.id), field('姓名', i.name), field('与户主关系', i.relation), field('性别', i.sex),
      field('出生日期', i.birth_date), field('就业状况', i.employment), field('残疾等级', i.grade), field('残疾类别', i.dtype),
      field('自理能力', i.self_care), field('法定赡养/抚养/扶养人', i.legal_supporters), field('供养来源', i.supported_by),
      field('孤儿', i.orphan), field('在读学段', i.school)),
    h('div', { class: 'actions' },
      FLAGS.map(([k, t]) => h('label', { class: 'fld inline' }, i.flags[k], t)),
      h('span', { class: 'muted' }, '｜参保：'),
      INSURANCE.map(([k, t]) => h('label', { class: 'fld inline' }, i.insurance[k], t))));
  return row;
}

// The member as record JSON; fields the card does not show (medical_self_paid …) are kept.
export function readMember(row) {
  const i = row.inputs;
  const out = { ...row.base };
  for (const k of RENDERED) delete out[k];
  out.id = i.id.value.trim();
  if (i.name.value.trim()) out.name = i.name.value.trim();
  out.relation = i.relation.value;
  for (const k of ['sex', 'employment', 'legal_supporters', 'supported_by', 'orphan', 'school'])
    if (i[k].value) out[k] = i[k].value;
  if (i.birth_date.value.trim()) out.birth_date = i.birth_date.value.trim();
  out.disability = i.grade.value ? { grade: Number(i.grade.value), ...(i.dtype.value ? { type: i.dtype.value } : {}) } : null;
  out.self_care = i.self_care.value;
  for (const [k] of FLAGS) if (i.flags[k].checked) out[k] = true;
  out.insurance = Object.fromEntries(INSURANCE.map(([k]) => [k, i.insurance[k].checked]));
  return out;
}
