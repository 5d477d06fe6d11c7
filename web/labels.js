// Chinese labels for the values of the household record (HOUSEHOLD-FORMAT.md) and the casework
// roles (docs/casework.md). Each list is [[value, label], …] so it can fill a <select>.

export const ROLES = [
  ['community', '社区工作人员'], ['street', '街道审核人员'], ['county', '县级民政局审批人员'],
  ['medical_insurance', '医保部门'], ['education', '教育部门'], ['housing', '住建部门'],
  ['human_resources', '人社部门'], ['disabled_federation', '残联'], ['auditor', '审计（只读）'],
];
export const DEPARTMENTS = ['medical_insurance', 'education', 'housing', 'human_resources', 'disabled_federation'];

export const RESIDENCE = [['urban', '城镇户籍'], ['migrant', '农民工（在城镇居住）']];
export const LACKS_LABOUR = [['', '无'], ['illness', '因病'], ['old_age', '年老'], ['disaster', '因灾']];
export const RELATION = [
  ['head', '户主'], ['spouse', '配偶'], ['child', '子女'], ['parent', '父母'], ['sibling', '兄弟姐妹'],
  ['grandchild', '孙子女'], ['grandparent', '祖父母'], ['other', '其他'],
];
export const SEX = [['', '（按身份证号）'], ['male', '男'], ['female', '女']];
export const EMPLOYMENT = [
  ['', '未核实'], ['employed', '就业'], ['unemployed', '失业/无业'], ['student', '在校学生'],
  ['retired', '退休'], ['none', '无劳动（不适用）'],
];
export const DISABILITY_GRADE = [['', '无残疾'], ['1', '一级'], ['2', '二级'], ['3', '三级'], ['4', '四级']];
export const DISABILITY_TYPE = [
  ['', '—'], ['visual', '视力'], ['hearing', '听力'], ['speech', '言语'], ['physical', '肢体'],
  ['intellectual', '智力'], ['mental', '精神'], ['multiple', '多重'],
];
export const SELF_CARE = [['able', '完全自理'], ['partial', '部分自理（半失能）'], ['none', '不能自理（失能）']];
export const SUPPORTERS = [['', '未核实'], ['none', '无法定义务人'], ['unable', '有但无能力'], ['able', '有且有能力']];
export const SUPPORTED_BY = [['', '无'], ['parents', '依靠父母'], ['siblings', '依靠兄弟姐妹']];
export const ORPHAN = [['', '否'], ['scattered', '散居孤儿'], ['institutional', '集中供养孤儿']];
export const SCHOOL = [
  ['', '不在学'], ['preschool', '学前'], ['primary', '小学'], ['junior', '初中'], ['senior_high', '普通高中'],
  ['vocational', '中职'], ['university', '大学'],
];
export const INCOME_KIND = [
  ['wage', '工资性收入'], ['business', '经营性收入'], ['property', '财产性收入'], ['pension', '养老金'],
  ['support', '赡养（抚养）费'], ['gift', '赠与'], ['other', '其他收入'],
  ['benefit', '政策性补贴（不计）'], ['disability_subsidy', '残疾人补贴（不计）'], ['award', '奖励（不计）'],
  ['injury_compensation', '工伤赔偿（不计）'], ['temporary_assistance', '临时救助（不计）'],
];
export const EXPENDITURE_KIND = [
  ['medical', '医疗'], ['disability', '残疾康复'], ['care', '护理'], ['disaster', '灾害'], ['education', '教育'],
];
export const VEHICLES = [['car', '小汽车'], ['motorcycle', '摩托车'], ['disability_vehicle', '残疾人代步车']];
export const CATEGORY = [
  ['dibao', '低保'], ['low_income', '低收入'], ['none', '不符合'], ['undetermined', '无法确定'],
  ['tekun', '特困人员'], ['orphan', '孤儿'], ['dibao_single', '单人户施保'],
  ['temporary', '临时救助'], ['case_by_case', '一事一议'],
];
export const KIND = [['assistance', '兜底保障'], ['temporary', '临时救助']];
export const TEMP_KIND = [['temporary', '临时救助'], ['case_by_case', '一事一议']];
export const REFERRAL_STATE = [['open', '办理中'], ['closed', '已办结']];

export function label(list, value) {
  if (value === undefined || value === null || value === '') return '';
  const hit = list.find(([v]) => v === String(value));
  return hit ? hit[1] : String(value);
}

// Events that need a reason (docs/casework.md "guard"), and the prompt for it.
export const REASON_REQUIRED = new Set(['submit_investigation', 'return', 'object', 'refuse', 'suspend', 'resume', 'close']);
export function reasonPrompt(event) {
  return event === 'submit_investigation' ? '入户调查结论（必填）' : REASON_REQUIRED.has(event) ? '理由（必填）' : '意见（可不填）';
}

export const STATES = [
  ['application', '申请'], ['investigation', '入户调查'], ['street_review', '街道审核'], ['notice', '公示'],
  ['county_approval', '县级审批'], ['in_payment', '发放中'], ['suspended', '停发'], ['review', '复核'],
  ['gradual_exit', '渐退期'], ['transfer_pending', '待迁入'], ['closed', '终止'], ['refused', '不予救助'],
];
