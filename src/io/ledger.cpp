#include "io/ledger.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <string_view>
#include <unordered_map>

#include "io/csv.hpp"
#include "io/household_record.hpp"
#include "io/xlsx.hpp"

namespace safetynet::io {

using model::Fen;

// ================================================================================================
// Text helpers
// ================================================================================================
namespace ledger_detail {
namespace {

// Decodes the UTF-8 code point at s[i] and advances i. A byte that does not start a valid sequence
// is returned as itself (so Latin-1 bytes survive untouched).
char32_t next_cp(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    char32_t cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    i += 2;
    return cp;
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    char32_t cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    i += 3;
    return cp;
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
                  (s[i + 3] & 0x3F);
    i += 4;
    return cp;
  }
  ++i;
  return c;
}

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0 ||
         cp == 0xFEFF;
}

}  // namespace

// Trims blanks (ASCII, U+3000, NBSP, BOM) without touching the rest: for names.
std::string trim_text(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e) {
    std::size_t j = b;
    if (!is_space_cp(next_cp(s, j))) break;
    b = j;
  }
  // Trailing: walk back over whole code points.
  while (e > b) {
    std::size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t j = start;
    if (!is_space_cp(next_cp(s, j)) || j != e) break;
    e = start;
  }
  return std::string(s.substr(b, e - b));
}

std::string normalise_value(std::string_view text) {
  std::string t = trim_text(text);
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size();) {
    std::size_t start = i;
    char32_t cp = next_cp(t, i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out += static_cast<char>(cp - 0xFEE0);
    } else if (cp == 0x3000) {
      out += ' ';
    } else {
      out.append(t, start, i - start);
    }
  }
  return out;
}

std::string normalise_header(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    char32_t cp = next_cp(text, i);
    if (is_space_cp(cp) || cp == '*' || cp == 0xFF0A) continue;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out += c;
    } else {
      out.append(text, start, i - start);
    }
  }
  // A trailing unit in parentheses: "金融资产(元)" -> "金融资产". Only when something is left
  // before it.
  if (!out.empty() && out.back() == ')') {
    auto open = out.rfind('(');
    if (open != std::string::npos && open > 0) out.erase(open);
  }
  return out;
}

namespace {

// Reads a run of ASCII digits at t[pos]; returns the value and advances pos. -1 when none.
long read_int(std::string_view t, std::size_t& pos, std::size_t max_digits = 9) {
  std::size_t start = pos;
  long v = 0;
  while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9' && pos - start < max_digits) {
    v = v * 10 + (t[pos] - '0');
    ++pos;
  }
  return pos == start ? -1 : v;
}

bool all_digits(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  return true;
}

// Splits "2019-10-01", "2019/1/2", "2019.1.2", "2019年1月2日" into up to 3 numbers. Returns the
// count of parts, or 0 when the text has anything else in it.
int split_date_parts(std::string_view t, long parts[3]) {
  std::size_t pos = 0;
  int n = 0;
  while (pos < t.size()) {
    if (n == 3) return 0;
    long v = read_int(t, pos);
    if (v < 0) return 0;
    parts[n++] = v;
    if (pos == t.size()) break;
    // A separator: - / . or 年 月 日 (3 bytes each in UTF-8).
    if (t[pos] == '-' || t[pos] == '/' || t[pos] == '.') {
      ++pos;
      if (pos == t.size()) return 0;
      continue;
    }
    std::string_view rest = t.substr(pos);
    if (rest.substr(0, 3) == "年" || rest.substr(0, 3) == "月" || rest.substr(0, 3) == "日") {
      bool last = rest.substr(0, 3) == "日";
      pos += 3;
      if (last && pos != t.size()) return 0;
      continue;
    }
    return 0;
  }
  return n;
}

// The cell without a trailing time of day ("2019-10-01 00:00:00", "2019-10-01T00:00").
std::string_view strip_time(std::string_view t) {
  auto sp = t.find_first_of(" T");
  if (sp != std::string_view::npos && sp >= 6) return t.substr(0, sp);
  return t;
}

bool looks_like_serial(std::string_view t) {
  // An Excel serial: up to 6 integer digits, optionally ".fraction" (time of day).
  auto dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  if (!all_digits(whole) || whole.size() > 6) return false;
  if (dot != std::string_view::npos && !all_digits(t.substr(dot + 1))) return false;
  return true;
}

}  // namespace

std::optional<model::Date> parse_cell_date(std::string_view text) {
  std::string v = normalise_value(text);
  std::string_view t = strip_time(v);
  if (t.empty()) return std::nullopt;
  if (t.size() == 8 && all_digits(t)) {
    int y = std::stoi(std::string(t.substr(0, 4))), m = std::stoi(std::string(t.substr(4, 2))),
        d = std::stoi(std::string(t.substr(6, 2)));
    if (!model::is_valid_date(y, m, d)) return std::nullopt;
    return model::Date{y, m, d};
  }
  if (looks_like_serial(t)) return excel_serial_to_date(std::string(t));
  long p[3];
  if (split_date_parts(t, p) != 3) return std::nullopt;
  if (p[0] < 1000 || p[0] > 9999) return std::nullopt;
  int y = static_cast<int>(p[0]), m = static_cast<int>(p[1]), d = static_cast<int>(p[2]);
  if (!model::is_valid_date(y, m, d)) return std::nullopt;
  return model::Date{y, m, d};
}

std::optional<model::Month> parse_cell_month(std::string_view text) {
  std::string v = normalise_value(text);
  std::string_view t = strip_time(v);
  if (t.empty()) return std::nullopt;
  if (t.size() == 6 && all_digits(t)) {
    int y = std::stoi(std::string(t.substr(0, 4))), m = std::stoi(std::string(t.substr(4, 2)));
    if (m < 1 || m > 12) return std::nullopt;
    return model::Month::of(y, m);
  }
  if ((t.size() == 8 && all_digits(t)) || looks_like_serial(t)) {
    auto d = parse_cell_date(t);
    if (!d) return std::nullopt;
    return d->as_month();
  }
  long p[3];
  int n = split_date_parts(t, p);
  if (n == 2) {
    if (p[0] < 1000 || p[0] > 9999 || p[1] < 1 || p[1] > 12) return std::nullopt;
    return model::Month::of(static_cast<int>(p[0]), static_cast<int>(p[1]));
  }
  if (n == 3) {
    auto d = parse_cell_date(t);
    if (!d) return std::nullopt;
    return d->as_month();
  }
  return std::nullopt;
}

std::optional<Fen> parse_cell_yuan(std::string_view text) {
  std::string v = normalise_value(text);
  if (v.size() >= 3 && v.compare(v.size() - 3, 3, "元") == 0) v.erase(v.size() - 3);
  if (v.find(',') != std::string::npos) {
    // Thousands separators: "12,345.67". The first group has 1–3 digits, every later one exactly 3.
    std::size_t dot = v.find('.');
    std::string whole = v.substr(0, dot);
    std::string rest = dot == std::string::npos ? "" : v.substr(dot);
    if (rest.find(',') != std::string::npos) return std::nullopt;
    std::string digits;
    std::size_t start = 0;
    bool first = true;
    while (true) {
      std::size_t comma = whole.find(',', start);
      std::string group =
          whole.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!all_digits(group) || (first ? group.size() > 3 : group.size() != 3)) return std::nullopt;
      digits += group;
      first = false;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    v = digits + rest;
  }
  auto fen = model::parse_yuan(v);
  if (fen && *fen > model::kMaxRecordAmount) return std::nullopt;  // beyond any real amount: bad_amount
  return fen;
}

}  // namespace ledger_detail

using ledger_detail::normalise_header;
using ledger_detail::normalise_value;
using ledger_detail::parse_cell_date;
using ledger_detail::parse_cell_month;
using ledger_detail::parse_cell_yuan;
using ledger_detail::trim_text;

// ================================================================================================
// Columns and their headers
// ================================================================================================
namespace {

enum class Col : std::uint8_t {
  // keys and the ledger's own columns
  kHouseholdId,   // 户编号 (preferred key)
  kCertificate,   // 证件号码 (the key when 户编号 is absent)
  kRegisteredOn,  // 登记时间
  kHeadName,      // 户主姓名
  kPersonId,  // 身份证号码 / 身份证号: the head's in the ledger, the member's elsewhere
  kSex,       // 性别
  kCategory,  // 享受保障类别
  kDisabledCount,  // 残疾人数 (checked against the members, never read as a fact)
  kBenefit,        // 户月保障金
  kKnownIgnored,   // a real ledger column the record has no place for (民族, 开户行 …)
  kSubHeader,      // 成年人/未成年人 sub-columns (counts): written, not read
  // household columns appended after the real ledger's
  kRegion,
  kResidence,
  kUrbanYears,
  kPermit,
  kLacksLabour,
  kFinancial,
  kVehicles,
  kDwellings,
  kFloorArea,
  kBusinessCapital,
  kCategorySince,
  kExitReason,
  kExitStarted,
  kCaseByCasePaid,
  kRequests,
  // member columns
  kName,
  kRelation,
  kBirthDate,
  kEmployment,
  kDisabilityGrade,
  kDisabilityType,
  kSelfCare,
  kSeriousIllness,
  kOrphan,
  kSupporters,
  kSupportedBy,
  kCorrection,
  kSchool,
  kBoarding,
  kFreshman,
  kMedical,
  kCritical,
  kPension,
  kMedicalSelfPaid,
  // income and expenditure
  kMonth,
  kIncomeKind,
  kExpenditureKind,
  kAmount,
  kCount
};
constexpr int kCols = static_cast<int>(Col::kCount);

// Header text (normalised) -> column. The first name of each column is the one the writers use.
const std::unordered_map<std::string, Col>& header_aliases() {
  static const auto* table = [] {
    auto* m = new std::unordered_map<std::string, Col>;
    auto add = [&](Col c, std::initializer_list<const char*> names) {
      for (const char* n : names) m->emplace(normalise_header(n), c);
    };
    add(Col::kHouseholdId, {"户编号", "户号", "家庭编号", "household_id", "household"});
    add(Col::kCertificate, {"证件号码", "低保证号", "保障证号", "证号"});
    add(Col::kRegisteredOn, {"登记时间", "登记日期"});
    add(Col::kHeadName, {"户主姓名", "户主"});
    add(Col::kPersonId, {"身份证号", "身份证号码", "公民身份号码", "公民身份证号", "身份证",
                         "member", "member_id", "citizen_id"});
    add(Col::kSex, {"性别", "sex"});
    add(Col::kCategory, {"享受保障类别", "保障类别", "救助类别", "category"});
    add(Col::kDisabledCount, {"残疾人数"});
    add(Col::kBenefit, {"户月保障金", "月保障金", "户月保障金额", "last_benefit"});
    add(Col::kKnownIgnored,
        {"民族",     "家庭住址", "住址",         "邮编",     "邮政编码",   "家庭电话",
         "联系电话", "电话",     "享受保障人数", "保障人数", "女性人数",   "三无人员",
         "老年人",   "成年人",   "未成年人",     "月收入",   "家庭月收入", "最低生活标准",
         "保障标准", "金额二",   "金额三",       "开户行",   "开户行账号", "银行账号",
         "变动种类", "变动时间", "户主是否享受", "序号"});
    add(Col::kSubHeader,
        {"在职人员", "灵活就业", "登记失业", "未登记失业", "在校生", "成年人在职人员",
         "成年人灵活就业", "成年人登记失业", "成年人未登记失业", "未成年人在校生", "未成年人其他"});
    add(Col::kRegion, {"行政区划代码", "区划代码", "行政区划", "region"});
    add(Col::kResidence, {"户籍类型", "户籍性质", "residence"});
    add(Col::kUrbanYears, {"城镇居住年限", "进城年限", "urban_years"});
    add(Col::kPermit, {"居住证", "持有居住证", "residence_permit"});
    add(Col::kLacksLabour, {"缺乏劳动力原因", "缺劳原因", "lacks_labour_cause"});
    add(Col::kFinancial, {"金融资产", "家庭金融资产", "financial"});
    add(Col::kVehicles, {"机动车", "车辆", "vehicles"});
    add(Col::kDwellings, {"住房套数", "房产套数", "dwellings"});
    add(Col::kFloorArea, {"住房面积", "住房建筑面积", "floor_area_m2"});
    add(Col::kBusinessCapital, {"经营资本", "注册资本", "实缴资本", "business_capital"});
    add(Col::kCategorySince, {"保障起始月", "category_since"});
    add(Col::kExitReason, {"退出原因", "exit_reason"});
    add(Col::kExitStarted, {"渐退起始月", "exit_started"});
    add(Col::kCaseByCasePaid, {"一事一议已付", "case_by_case_paid"});
    add(Col::kRequests, {"一事一议申请", "requests"});
    add(Col::kName, {"姓名", "成员姓名", "name"});
    add(Col::kRelation, {"与户主关系", "关系", "relation"});
    add(Col::kBirthDate, {"出生日期", "出生年月日", "birth_date"});
    add(Col::kEmployment, {"就业状况", "就业情况", "employment"});
    add(Col::kDisabilityGrade, {"残疾等级", "disability_grade"});
    add(Col::kDisabilityType, {"残疾类别", "残疾类型", "disability_type"});
    add(Col::kSelfCare, {"自理能力", "self_care"});
    add(Col::kSeriousIllness, {"重病", "是否重病", "重大疾病", "serious_illness"});
    add(Col::kOrphan, {"孤儿", "orphan"});
    add(Col::kSupporters, {"法定义务人", "legal_supporters"});
    add(Col::kSupportedBy, {"供养人", "supported_by"});
    add(Col::kCorrection, {"社区矫正", "community_correction"});
    add(Col::kSchool, {"在读阶段", "就读阶段", "学段", "school"});
    add(Col::kBoarding, {"寄宿", "寄宿生", "boarding"});
    add(Col::kFreshman, {"大学新生", "university_freshman"});
    add(Col::kMedical, {"医保", "基本医疗保险", "medical"});
    add(Col::kCritical, {"大病保险", "critical_illness"});
    add(Col::kPension, {"养老保险", "pension"});
    add(Col::kMedicalSelfPaid, {"年度自付医疗费", "医疗自付", "medical_self_paid"});
    add(Col::kMonth, {"月份", "所属月份", "年月", "month"});
    add(Col::kIncomeKind, {"收入类型", "收入项目", "income_kind"});
    add(Col::kExpenditureKind, {"支出类型", "支出项目", "expenditure_kind"});
    add(Col::kAmount, {"金额", "收入金额", "支出金额", "amount"});
    return m;
  }();
  return *table;
}

// Parses 成员一姓名 / 成员1身份证号 … (一 to 二十, or 1 to 99): returns the slot (1-based) and
// whether it is the id column.
std::optional<std::pair<int, bool>> member_slot(const std::string& h) {
  static const std::string kPrefix = "成员";
  if (h.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = h.substr(kPrefix.size());
  static constexpr std::array<const char*, 10> kDigits = {"零", "一", "二", "三", "四",
                                                          "五", "六", "七", "八", "九"};
  auto digit = [](std::string_view d) -> int {
    for (int i = 1; i < 10; ++i)
      if (d == kDigits[i]) return i;
    return -1;
  };
  for (std::string suffix : {"身份证号码", "身份证号", "证件号码", "姓名"}) {
    if (rest.size() <= suffix.size() ||
        rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const bool is_id = suffix != "姓名";
    const std::string num = rest.substr(0, rest.size() - suffix.size());
    int n = -1;
    if (ledger_detail::all_digits(num) && num.size() <= 2) {
      n = std::stoi(num);  // 成员0姓名 is no slot
    } else if (num == "十") {
      n = 10;
    } else if (num.size() == 3) {
      n = digit(num);
    } else if (num.size() == 6 && num.substr(0, 3) == "十") {
      n = digit(num.substr(3)) > 0 ? 10 + digit(num.substr(3)) : -1;  // 十一 … 十九
    } else if (num.size() == 6 && num.substr(3) == "十") {
      n = digit(num.substr(0, 3)) > 0 ? 10 * digit(num.substr(0, 3)) : -1;  // 二十 …
    }
    if (n > 0) return std::pair(n, is_id);
    return std::nullopt;
  }
  return std::nullopt;
}

const char* kChineseNumerals[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
constexpr int kLedgerMemberSlots = 9;

// ---- the column layouts the writers use (and docs/ledger-format.md lists) ----------------------

// The real ledger's 31 columns before the member pairs. The 成年人/未成年人 groups are two-row.
const std::vector<const char*>& ledger_front_columns() {
  static const std::vector<const char*> cols = {
      "登记时间",     "证件号码",   "户主姓名",     "身份证号码", "性别",
      "民族",         "家庭住址",   "邮编",         "家庭电话",   "享受保障类别",
      "享受保障人数", "女性人数",   "残疾人数",     "三无人员",   "老年人",
      "在职人员",     "灵活就业",   "登记失业",     "未登记失业",  // under 成年人
      "在校生",       "其他",                                      // under 未成年人
      "户月保障金",   "月收入",     "最低生活标准", "金额二",     "金额三",
      "开户行",       "开户行账号", "变动种类",     "变动时间",   "户主是否享受"};
  return cols;
}
constexpr int kAdultFirst = 15, kAdultLast = 18, kMinorFirst = 19, kMinorLast = 20;

// Household columns the rules need, appended after 成员九身份证号 (and used by the flat list).
const std::vector<const char*>& household_extra_columns() {
  static const std::vector<const char*> cols = {
      "行政区划代码", "户籍类型", "城镇居住年限", "居住证",       "缺乏劳动力原因",
      "金融资产",     "机动车",   "住房套数",     "住房面积",     "经营资本",
      "保障起始月",   "退出原因", "渐退起始月",   "一事一议已付", "一事一议申请"};
  return cols;
}

const std::vector<const char*>& member_columns() {
  static const std::vector<const char*> cols = {
      "户编号",     "姓名",     "身份证号", "与户主关系",    "性别", "出生日期",
      "就业状况",   "残疾等级", "残疾类别", "自理能力",      "重病", "孤儿",
      "法定义务人", "供养人",   "社区矫正", "在读阶段",      "寄宿", "大学新生",
      "医保",       "大病保险", "养老保险", "年度自付医疗费"};
  return cols;
}

const std::vector<const char*>& income_columns() {
  static const std::vector<const char*> cols = {"户编号", "身份证号", "月份", "收入类型", "金额"};
  return cols;
}
const std::vector<const char*>& expenditure_columns() {
  static const std::vector<const char*> cols = {"户编号", "身份证号", "月份", "支出类型", "金额"};
  return cols;
}

// ---- values: Chinese labels (first = written) and accepted synonyms; English names always
// accepted

template <typename E>
class Labels {
 public:
  using Entries = std::vector<std::pair<E, std::vector<const char*>>>;
  Labels(Entries entries, std::optional<E> (*english)(std::string_view)) : english_(english) {
    for (const auto& [v, names] : entries) {
      written_.emplace_back(v, names.front());
      for (const char* n : names) accepted_.emplace_back(normalise_header(n), v);
    }
  }
  // The label the writers use.
  const char* write(E e) const {
    for (const auto& [v, name] : written_)
      if (v == e) return name;
    return "";
  }
  // Any accepted label (spaces, width and case ignored), or the record's English name.
  std::optional<E> read(std::string_view text) const {
    std::string t = normalise_header(text);
    for (const auto& [name, v] : accepted_)
      if (t == name) return v;
    if (english_) return english_(t);
    return std::nullopt;
  }

 private:
  std::vector<std::pair<E, const char*>> written_;
  std::vector<std::pair<std::string, E>> accepted_;  // normalised label -> value
  std::optional<E> (*english_)(std::string_view);
};

using model::Employment;
using model::Relation;

const Labels<Relation> kRelationLabels{
    {{Relation::kHead, {"户主", "本人"}},
     {Relation::kSpouse, {"配偶", "妻", "夫", "妻子", "丈夫"}},
     {Relation::kChild, {"子女", "子", "女", "儿子", "女儿", "长子", "长女", "次子", "次女"}},
     {Relation::kParent, {"父母", "父亲", "母亲", "父", "母"}},
     {Relation::kSibling, {"兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"}},
     {Relation::kGrandchild, {"孙子女", "孙子", "孙女", "外孙子女", "外孙", "外孙女"}},
     {Relation::kGrandparent, {"祖父母", "祖父", "祖母", "外祖父母", "外祖父", "外祖母"}},
     {Relation::kOther, {"其他", "其他亲属"}}},
    model::parse_relation};
const Labels<model::Sex> kSexLabels{
    {{model::Sex::kMale, {"男", "男性", "m"}}, {model::Sex::kFemale, {"女", "女性", "f"}}},
    model::parse_sex};
const Labels<Employment> kEmploymentLabels{
    {{Employment::kEmployed, {"就业", "在职", "灵活就业"}},
     {Employment::kUnemployed, {"失业", "登记失业", "未登记失业"}},
     {Employment::kStudent, {"在校学生", "学生", "在校生"}},
     {Employment::kRetired, {"退休", "离退休"}},
     {Employment::kNone, {"无"}}},
    model::parse_employment};
const Labels<model::DisabilityType> kDisabilityTypeLabels{
    {{model::DisabilityType::kVisual, {"视力", "视力残疾"}},
     {model::DisabilityType::kHearing, {"听力", "听力残疾"}},
     {model::DisabilityType::kSpeech, {"言语", "言语残疾", "语言", "语言残疾"}},
     {model::DisabilityType::kPhysical, {"肢体", "肢体残疾"}},
     {model::DisabilityType::kIntellectual, {"智力", "智力残疾"}},
     {model::DisabilityType::kMental, {"精神", "精神残疾"}},
     {model::DisabilityType::kMultiple, {"多重", "多重残疾"}}},
    model::parse_disability_type};
const Labels<model::SelfCare> kSelfCareLabels{
    {{model::SelfCare::kAble, {"完全自理", "自理", "能自理"}},
     {model::SelfCare::kPartial, {"半失能", "部分自理", "部分失能"}},
     {model::SelfCare::kNone, {"失能", "完全失能", "不能自理", "全失能"}}},
    model::parse_self_care};
const Labels<model::OrphanKind> kOrphanLabels{
    {{model::OrphanKind::kScattered, {"散居", "散居孤儿", "社会散居孤儿"}},
     {model::OrphanKind::kInstitutional, {"机构供养", "机构", "集中供养", "机构养育", "机构孤儿"}}},
    model::parse_orphan};
const Labels<model::Supporters> kSupportersLabels{
    {{model::Supporters::kNone, {"无", "无法定义务人", "无义务人"}},
     {model::Supporters::kUnable, {"有但无能力", "无能力", "无履行能力", "有但无履行能力"}},
     {model::Supporters::kAble, {"有能力", "有", "有履行能力"}}},
    model::parse_supporters};
const Labels<model::SupportedBy> kSupportedByLabels{
    {{model::SupportedBy::kParents, {"父母", "父亲", "母亲"}},
     {model::SupportedBy::kSiblings, {"兄弟姐妹", "兄弟", "姐妹"}}},
    model::parse_supported_by};
const Labels<model::School> kSchoolLabels{
    {{model::School::kPreschool, {"学前", "幼儿园", "学前教育"}},
     {model::School::kPrimary, {"小学"}},
     {model::School::kJunior, {"初中"}},
     {model::School::kSeniorHigh, {"普通高中", "高中"}},
     {model::School::kVocational, {"中职", "中专", "职高", "中等职业", "技校"}},
     {model::School::kUniversity, {"大学", "高校", "大专", "本科", "高等教育"}}},
    model::parse_school};
const Labels<model::IncomeKind> kIncomeKindLabels{
    {{model::IncomeKind::kWage, {"工资性收入", "工资", "工资收入"}},
     {model::IncomeKind::kBusiness, {"经营性收入", "经营", "经营收入"}},
     {model::IncomeKind::kProperty, {"财产性收入", "财产", "财产收入"}},
     {model::IncomeKind::kPension, {"养老金", "退休金", "养老金收入"}},
     {model::IncomeKind::kSupport, {"赡养费", "赡养", "抚养费", "扶养费", "赡(抚、扶)养费"}},
     {model::IncomeKind::kGift, {"赠与", "馈赠", "赠与收入"}},
     {model::IncomeKind::kOther, {"其他收入", "其他"}},
     {model::IncomeKind::kBenefit, {"救助金", "保障金", "低保金"}},
     {model::IncomeKind::kDisabilitySubsidy, {"残疾人补贴", "残疾补贴"}},
     {model::IncomeKind::kAward, {"奖励", "奖金", "奖励金"}},
     {model::IncomeKind::kInjuryCompensation, {"工伤赔偿", "工伤补偿"}},
     {model::IncomeKind::kTemporaryAssistance, {"临时救助", "临时救助金"}}},
    model::parse_income_kind};
const Labels<model::ExpenditureKind> kExpenditureKindLabels{
    {{model::ExpenditureKind::kMedical, {"医疗", "医疗费", "医疗支出"}},
     {model::ExpenditureKind::kDisability, {"残疾康复", "康复", "康复费"}},
     {model::ExpenditureKind::kCare, {"护理", "照料", "护理费", "养老照料"}},
     {model::ExpenditureKind::kDisaster, {"灾害", "受灾", "灾害损失"}},
     {model::ExpenditureKind::kEducation, {"教育", "教育费", "教育支出"}}},
    model::parse_expenditure_kind};
const Labels<model::Vehicle> kVehicleLabels{
    {{model::Vehicle::kCar, {"汽车", "小汽车", "轿车", "小型汽车"}},
     {model::Vehicle::kMotorcycle, {"摩托车", "电动摩托车"}},
     {model::Vehicle::kDisabilityVehicle, {"残疾人专用车", "残疾人车", "残疾人机动轮椅车"}}},
    model::parse_vehicle};
const Labels<model::LacksLabourCause> kLacksLabels{
    {{model::LacksLabourCause::kIllness, {"疾病", "因病"}},
     {model::LacksLabourCause::kOldAge, {"年老", "老年", "因老"}},
     {model::LacksLabourCause::kDisaster, {"灾害", "因灾"}}},
    model::parse_lacks_labour_cause};
const Labels<model::HistoryCategory> kCategoryLabels{
    {{model::HistoryCategory::kDibao,
      {"低保", "城市低保", "城镇低保", "低保户", "最低生活保障", "城市低保户"}},
     {model::HistoryCategory::kLowIncome, {"低收入", "低收入家庭", "低边", "低保边缘"}},
     {model::HistoryCategory::kNone, {"无", "未享受"}}},
    model::parse_history_category};
const Labels<model::Residence> kResidenceLabels{
    {{model::Residence::kUrban, {"城镇", "城镇户籍", "城市", "非农业", "urban"}},
     {model::Residence::kMigrant, {"农民工", "进城务工", "进城务工人员", "migrant"}}},
    nullptr};

std::optional<bool> parse_flag(std::string_view text) {
  std::string t = normalise_header(text);
  for (const char* y : {"是", "有", "y", "yes", "true", "1", "√"})
    if (t == y) return true;
  for (const char* n : {"否", "无", "n", "no", "false", "0", "×"})
    if (t == n) return false;
  return std::nullopt;
}

// "无", "none", "-" and blank all mean "nothing" in an optional column.
bool is_none_word(std::string_view text) {
  std::string t = normalise_header(text);
  return t.empty() || t == "无" || t == "none" || t == "null" || t == "-" || t == "否";
}

bool is_total_row(std::string_view key) {
  std::string t = normalise_header(key);
  return t == "合计" || t == "总计" || t == "小计";
}

std::string format_double(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::optional<double> parse_decimal(std::string_view text) {
  std::string t = normalise_value(text);
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v) || v < 0)
    return std::nullopt;
  return v;
}

// Citizen id -> a 64-bit key (0 when it is not 17 digits + digit/X). Used to match people across
// rows without keeping their id strings twice.
std::uint64_t id_key(std::string_view id) {
  if (id.size() != 18) return 0;
  std::uint64_t v = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return 0;
    v = v * 10 + static_cast<std::uint64_t>(id[i] - '0');
  }
  char c = id[17];
  std::uint64_t check;
  if (c >= '0' && c <= '9') {
    check = static_cast<std::uint64_t>(c - '0');
  } else if (c == 'X') {
    check = 10;
  } else {
    return 0;
  }
  return v * 11 + check + 1;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// Splits a list cell on ; ； , ， 、 (and /).
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    char32_t cp = ledger_detail::next_cp(text, i);
    if (cp == ';' || cp == 0xFF1B || cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == '/') {
      if (!trim_text(cur).empty()) out.push_back(trim_text(cur));
      cur.clear();
    } else {
      cur.append(text, start, i - start);
    }
  }
  if (!trim_text(cur).empty()) out.push_back(trim_text(cur));
  return out;
}

// "2019-03-02:30000" (also full-width colon) -> (date text, amount text).
std::optional<std::pair<std::string, std::string>> split_pair(std::string_view item) {
  std::string t = normalise_value(item);  // full-width colon becomes ':'
  auto c = t.rfind(':');
  if (c == std::string::npos) return std::nullopt;
  return std::pair(trim_text(t.substr(0, c)), trim_text(t.substr(c + 1)));
}

}  // namespace

const char* to_string(SheetKind k) {
  switch (k) {
    case SheetKind::kLedger:
      return "ledger";
    case SheetKind::kMembers:
      return "members";
    case SheetKind::kIncome:
      return "income";
    case SheetKind::kExpenditure:
      return "expenditure";
    case SheetKind::kFlat:
      return "flat";
    case SheetKind::kUnknown:
      break;
  }
  return "unknown";
}

const char* sheet_name(SheetKind k) {
  switch (k) {
    case SheetKind::kLedger:
      return "台账";
    case SheetKind::kMembers:
      return "成员表";
    case SheetKind::kIncome:
      return "收入表";
    case SheetKind::kExpenditure:
      return "支出表";
    case SheetKind::kFlat:
      return "成员宽表";
    case SheetKind::kUnknown:
      break;
  }
  return "";
}

namespace {

struct HeaderMap {
  std::array<int, kCols> col;              // column index per Col, -1 when absent
  std::vector<std::pair<int, int>> slots;  // ledger member slot -> (name column, id column)
  std::vector<std::string> text;           // header text per column, as written in the file
  std::vector<int> unknown;                // columns not recognised
  HeaderMap() { col.fill(-1); }
  bool has(Col c) const { return col[static_cast<int>(c)] >= 0; }
};

// Maps one header cell; `sub` is true for the second row of a two-row header.
void map_header_cell(HeaderMap& hm, int c, const std::string& raw) {
  std::string h = normalise_header(raw);
  if (h.empty()) return;
  if (static_cast<int>(hm.text.size()) <= c) hm.text.resize(c + 1);
  hm.text[c] = trim_text(raw);
  auto& aliases = header_aliases();
  auto it = aliases.find(h);
  if (it != aliases.end()) {
    int& slot = hm.col[static_cast<int>(it->second)];
    if (slot < 0) slot = c;  // the first column of that name wins
    return;
  }
  if (auto s = member_slot(h)) {
    auto [n, is_id] = *s;
    if (static_cast<int>(hm.slots.size()) < n) hm.slots.resize(n, {-1, -1});
    (is_id ? hm.slots[n - 1].second : hm.slots[n - 1].first) = c;
    return;
  }
  hm.unknown.push_back(c);
}

HeaderMap map_header(const Row& header) {
  HeaderMap hm;
  for (int c = 0; c < static_cast<int>(header.size()); ++c) map_header_cell(hm, c, header[c]);
  return hm;
}

SheetKind kind_of(const HeaderMap& hm) {
  bool key = hm.has(Col::kHouseholdId) || hm.has(Col::kCertificate);
  if (hm.has(Col::kIncomeKind) && hm.has(Col::kAmount)) return SheetKind::kIncome;
  if (hm.has(Col::kExpenditureKind) && hm.has(Col::kAmount)) return SheetKind::kExpenditure;
  bool ledgerish = hm.has(Col::kHeadName) || !hm.slots.empty();
  bool memberish =
      hm.has(Col::kRelation) || (hm.has(Col::kPersonId) && hm.has(Col::kName) && !ledgerish);
  if (key && memberish) return hm.has(Col::kRegion) ? SheetKind::kFlat : SheetKind::kMembers;
  if (key && ledgerish) return SheetKind::kLedger;
  return SheetKind::kUnknown;
}

}  // namespace

SheetKind detect_sheet_kind(const Row& header) { return kind_of(map_header(header)); }

// ================================================================================================
// Reader
// ================================================================================================
namespace {

// Where a fact came from. `slot`: 0 = a member row (member sheet or flat list), 1 = the ledger's
// head columns, 2..N+1 = the ledger's member pair N.
struct Source {
  std::uint32_t row = 0;
  std::uint16_t file = 0;
  std::uint8_t slot = 0;
  std::uint8_t flags = 0;
};
constexpr std::uint8_t kFromMemberRow = 1;  // the member has had its member-sheet row
static_assert(sizeof(Source) == 8);

// An income or expenditure row before its member is resolved (the member sheet may come later).
struct PendingAmount {
  std::uint64_t member_key = 0;  // id_key of the member, 0 = the household
  Fen amount = 0;
  std::int32_t month = 0;
  Source src;
  std::uint8_t kind = 0;
};

// Household fields a flat list may repeat: the first non-blank value wins.
enum HouseholdField : std::uint32_t {
  kHfRegion = 1u << 0,
  kHfResidence = 1u << 1,
  kHfUrbanYears = 1u << 2,
  kHfPermit = 1u << 3,
  kHfLacks = 1u << 4,
  kHfCategory = 1u << 5,
  kHfBenefit = 1u << 6,
  kHfSince = 1u << 7,
  kHfExitReason = 1u << 8,
  kHfExitStarted = 1u << 9,
  kHfCaseByCase = 1u << 10,
  kHfRequests = 1u << 11,
  kHfAssets = 1u << 12,
  kHfRegisteredOn = 1u << 13,
};

struct Pending {
  model::Household h;
  std::vector<Source> member_src;  // parallel to h.members
  std::vector<PendingAmount> income, expenditure;
  Problems problems;     // row-level problems: any one rejects the household
  Source first;          // the first row that named the household
  Source household_row;  // its ledger row or first flat row (row 0 = none)
  std::uint32_t set_fields = 0;
  std::int16_t ledger_disabled = -1;  // 残疾人数 from the ledger, -1 = not given
  bool has_ledger_row = false;
  bool income_known = false;
  bool expenditure_known = false;
};

struct SheetState {
  std::string file;
  std::uint16_t file_index = 0;
  SheetKind forced = SheetKind::kUnknown;
  SheetKind kind = SheetKind::kUnknown;
  bool header_found = false;
  bool check_sub_header = false;
  bool columns_reported = false;
  long rows_before_header = 0;
  Source header_row;
  Row header;
  HeaderMap hm;
};

}  // namespace

// Heterogeneous lookup, so a key cell can be looked up without building a std::string.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct KeyEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

// True when a cell holds nothing but blanks; no allocation for the usual ASCII case.
bool blank_cell(std::string_view v) {
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (static_cast<unsigned char>(c) < 0x80) return false;
    return trim_text(v).empty();  // U+3000, NBSP, BOM …
  }
  return true;
}

// A cell that normalise_value would leave unchanged: printable ASCII without leading/trailing
// blanks.
bool plain_ascii(std::string_view v) {
  if (v.empty() || v.front() == ' ' || v.back() == ' ') return false;
  for (char c : v)
    if (static_cast<unsigned char>(c) >= 0x80 || static_cast<unsigned char>(c) < 0x20) return false;
  return true;
}

struct LedgerReader::Impl {
  const model::RegionCatalog& regions;
  LedgerReadOptions options;
  std::vector<std::string> files;
  std::deque<Pending> pending;  // a deque: growing never moves the households already read
  std::unordered_map<std::string, std::uint32_t, KeyHash, KeyEq> index;
  std::uint32_t last_index =
      UINT32_MAX;  // the household of the previous row (sheets are often sorted)
  LedgerImport out;
  std::map<std::string, long> warning_counts;
  SheetState sheet;
  bool in_sheet = false;
  bool saw_income_sheet = false, saw_expenditure_sheet = false, saw_member_rows_sheet = false;

  Impl(const model::RegionCatalog& r, LedgerReadOptions o) : regions(r), options(o) {}

  // ---- problems ----

  Problem at(std::string code, const Source& src, std::string field, std::string member,
             std::string message) {
    Problem p =
        make_problem(std::move(code), std::move(field), std::move(member), std::move(message));
    p.file = files[src.file];
    p.row = src.row;
    return p;
  }

  void reject(Pending* hh, std::string code, const Source& src, std::string field,
              std::string member, std::string message) {
    Problem p = at(std::move(code), src, std::move(field), std::move(member), std::move(message));
    if (hh) {
      hh->problems.push_back(std::move(p));
    } else {
      out.rejected.push_back(std::move(p));
    }
  }

  void warn(std::string code, const Source& src, std::string field, std::string member,
            std::string message) {
    long& n = warning_counts[code];
    if (++n > options.max_warnings_per_code) return;
    out.warnings.push_back(
        at(std::move(code), src, std::move(field), std::move(member), std::move(message)));
  }

  // ---- cells ----

  std::string_view cell(const Row& r, Col c) const {
    int i = sheet.hm.col[static_cast<int>(c)];
    if (i < 0 || i >= static_cast<int>(r.size())) return {};
    return r[i];
  }
  std::string_view cell_at(const Row& r, int i) const {
    if (i < 0 || i >= static_cast<int>(r.size())) return {};
    return r[i];
  }
  // The header as written in this sheet, for Problem fields.
  std::string header_of(Col c, const char* fallback) const {
    int i = sheet.hm.col[static_cast<int>(c)];
    if (i >= 0 && i < static_cast<int>(sheet.hm.text.size()) && !sheet.hm.text[i].empty())
      return sheet.hm.text[i];
    return fallback;
  }
  bool blank(std::string_view v) const { return blank_cell(v); }

  // ---- households ----

  Pending& household(std::string_view key, const Source& src) {
    if (last_index != UINT32_MAX && pending[last_index].h.id == key) return pending[last_index];
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(std::string(key), static_cast<std::uint32_t>(pending.size())).first;
      pending.emplace_back();
      pending.back().h.id = std::string(key);
      pending.back().first = src;
    }
    last_index = it->second;
    return pending[it->second];
  }

  // The household key of a row: 户编号 if the sheet has it, else 证件号码. Normalised (trim,
  // full-width to half-width). Empty when missing.
  std::string_view row_key(const Row& r, std::string& buffer) const {
    std::string_view v =
        sheet.hm.has(Col::kHouseholdId) ? cell(r, Col::kHouseholdId) : cell(r, Col::kCertificate);
    if (plain_ascii(v)) return v;
    buffer = normalise_value(v);
    return buffer;
  }
  std::string key_header() const {
    return sheet.hm.has(Col::kHouseholdId) ? header_of(Col::kHouseholdId, "户编号")
                                           : header_of(Col::kCertificate, "证件号码");
  }

  // A citizen id from a cell: normalised, with a warning when anything was rewritten. Returns ""
  // for a blank cell.
  std::string read_id(std::string_view raw, const Source& src, const std::string& field) {
    std::string t = trim_text(raw);
    if (t.empty()) return t;
    bool changed = false;
    std::string id = model::normalise_citizen_id(t, &changed);
    if (changed)
      warn("normalised_id", src, field, id,
           "身份证号已规范化（全角数字或小写x改为半角/大写X）: " + t + " → " + id);
    return id;
  }

  // Message for an id that fails GB 11643, with a hint when Excel has turned it into a number.
  static std::string invalid_id_message(const std::string& id) {
    std::string m = "身份证号不符合 GB 11643（长度、出生日期或校验码）: " + id;
    if (id.find('E') != std::string::npos || id.find('e') != std::string::npos ||
        id.find('.') != std::string::npos)
      m += "；该列似被 Excel 存为数字（科学计数法会丢失末几位），请把该列设为文本后重新导出";
    return m;
  }

  // Refuses an id that fails GB 11643 at its row, with the Excel hint; the member is still added so
  // that the rest of the household is checked (validate_household's own report is then dropped).
  void check_id(Pending& p, const std::string& id, const Source& src, const std::string& field) {
    if (!model::parse_citizen_id(id))
      reject(&p, "invalid_id", src, field, id, invalid_id_message(id));
  }

  int find_member(const Pending& p, const std::string& id) const {
    for (std::size_t i = 0; i < p.h.members.size(); ++i)
      if (p.h.members[i].id == id) return static_cast<int>(i);
    return -1;
  }

  static void set_from_id(model::Member& m) {
    if (auto info = model::parse_citizen_id(m.id)) {
      m.sex = info->sex;
      m.birth_date = info->birth_date;
    }
  }

  // ---- sheet driving ----

  void begin(std::string file, SheetKind kind) {
    assert(!in_sheet && "begin_sheet called twice without end_sheet");
    assert(files.size() < 65535 && "too many sheets in one import");
    in_sheet = true;
    sheet = SheetState{};
    sheet.file = file;
    sheet.file_index = static_cast<std::uint16_t>(files.size());
    sheet.forced = kind;
    files.push_back(std::move(file));
  }

  SheetKind end() {
    assert(in_sheet && "end_sheet without begin_sheet");
    in_sheet = false;
    if (!sheet.header_found) {
      warn("unknown_sheet", Source{0, sheet.file_index, 0, 0}, "", "",
           "未识别的表：找不到台账、成员表、收入表或支出表的表头，整张表未导入");
      return SheetKind::kUnknown;
    }
    if (!sheet.columns_reported) report_unknown_columns();
    return sheet.kind;
  }

  void add(long row_number, const Row& cells) {
    assert(in_sheet && "add_row outside begin_sheet/end_sheet");
    Source src{static_cast<std::uint32_t>(row_number), sheet.file_index, 0, 0};
    bool empty = true;
    for (const auto& c : cells)
      if (!blank(c)) {
        empty = false;
        break;
      }
    if (!sheet.header_found) {
      if (empty) return;
      if (++sheet.rows_before_header > options.max_header_search_rows) return;
      HeaderMap hm = map_header(cells);
      SheetKind k = kind_of(hm);
      if (sheet.forced != SheetKind::kUnknown &&
          (hm.has(Col::kHouseholdId) || hm.has(Col::kCertificate)))
        k = sheet.forced;
      if (k == SheetKind::kUnknown) return;  // a title row above the header
      sheet.header_found = true;
      sheet.kind = k;
      sheet.hm = std::move(hm);
      sheet.header = cells;
      sheet.check_sub_header = true;
      if (k == SheetKind::kIncome) saw_income_sheet = true;
      if (k == SheetKind::kExpenditure) saw_expenditure_sheet = true;
      if (k == SheetKind::kMembers || k == SheetKind::kFlat) saw_member_rows_sheet = true;
      sheet.header_row = src;
      return;
    }
    if (sheet.check_sub_header) {
      sheet.check_sub_header = false;
      if (is_sub_header(cells)) {
        apply_sub_header(cells);
        return;
      }
    }
    if (!sheet.columns_reported) report_unknown_columns();
    if (empty) return;
    dispatch(cells, src);
  }

  // Once per sheet, after a possible second header row has named its columns.
  void report_unknown_columns() {
    sheet.columns_reported = true;
    const Source& src = sheet.header_row;
    std::vector<std::string> names;
    for (int c : sheet.hm.unknown) names.push_back(sheet.hm.text[c]);
    if (!names.empty())
      warn("unknown_column", src, "", "", "未识别的列（已忽略）: " + join(names, "、"));
  }

  bool is_sub_header(const Row& cells) const {
    const auto& aliases = header_aliases();
    for (const auto& c : cells) {
      auto it = aliases.find(normalise_header(c));
      if (it != aliases.end() && it->second == Col::kSubHeader) return true;
    }
    return false;
  }

  // Second header row: a cell that differs from the one above names a sub-column (在职人员 …); a
  // cell equal to the one above (Excel repeats merged cells) or blank changes nothing.
  void apply_sub_header(const Row& cells) {
    for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
      std::string h = normalise_header(cells[c]);
      if (h.empty()) continue;
      std::string above =
          c < static_cast<int>(sheet.header.size()) ? normalise_header(sheet.header[c]) : "";
      if (h == above) continue;
      if (h == "其他") {  // 未成年人 / 其他: a count, not the income kind or relation 其他
        if (static_cast<int>(sheet.hm.text.size()) <= c) sheet.hm.text.resize(c + 1);
        sheet.hm.text[c] = "其他";
      } else {
        map_header_cell(sheet.hm, c, cells[c]);
      }
      // Whatever the first row had in this column (a span title) is no longer an unknown column.
      auto& u = sheet.hm.unknown;
      u.erase(std::remove(u.begin(), u.end(), c), u.end());
    }
  }

  void dispatch(const Row& r, const Source& src) {
    std::string key_buffer;
    std::string_view key = row_key(r, key_buffer);
    if (!key.empty() && is_total_row(key)) {
      warn("ignored_row", src, key_header(), "", "合计行已跳过");
      return;
    }
    ++out.stats.rows_read;
    if (key.empty()) {
      ++out.stats.rows_without_household;
      reject(nullptr, "missing_field", src, key_header(), "",
             "缺少户编号（证件号码），该行无法归户");
      return;
    }
    Pending& p = household(key, src);
    switch (sheet.kind) {
      case SheetKind::kLedger:
        ledger_row(p, r, src);
        break;
      case SheetKind::kMembers:
        member_row(p, r, src);
        break;
      case SheetKind::kFlat:
        household_columns(p, r, src);
        member_row(p, r, src);
        break;
      case SheetKind::kIncome:
        amount_row(p, r, src, true);
        break;
      case SheetKind::kExpenditure:
        amount_row(p, r, src, false);
        break;
      case SheetKind::kUnknown:
        break;
    }
  }

  // ---- ledger rows ----

  void ledger_row(Pending& p, const Row& r, const Source& src) {
    if (p.has_ledger_row) {
      reject(
          &p, "duplicate_household", src, key_header(), "",
          "台账中同一户编号出现两行（另一行在第 " + std::to_string(p.household_row.row) + " 行）");
      return;
    }
    p.has_ledger_row = true;
    p.household_row = src;
    household_columns(p, r, src);

    // 登记时间 stands in for 保障起始月 only when the sheet lacks that column.
    if (!sheet.hm.has(Col::kCategorySince) && !blank(cell(r, Col::kRegisteredOn))) {
      if (auto d = parse_cell_date(cell(r, Col::kRegisteredOn))) {
        if (!p.h.history.category_since) p.h.history.category_since = d->as_month();
      } else {
        warn("ignored_value", src, header_of(Col::kRegisteredOn, "登记时间"), "",
             "登记时间不是日期，已忽略: " + std::string(cell(r, Col::kRegisteredOn)));
      }
    }
    if (!blank(cell(r, Col::kDisabledCount))) {
      std::string t = normalise_value(cell(r, Col::kDisabledCount));
      if (ledger_detail::all_digits(t) && t.size() < 4)
        p.ledger_disabled = static_cast<std::int16_t>(std::stoi(t));
    }

    // The head: 户主姓名 / 身份证号码 / 性别.
    std::string head_name = trim_text(cell(r, Col::kHeadName));
    std::string head_id_field = header_of(Col::kPersonId, "身份证号码");
    Source head_src = src;
    head_src.slot = 1;
    std::string head_id = read_id(cell(r, Col::kPersonId), head_src, head_id_field);
    if (!head_id.empty()) {
      model::Member m;
      m.id = head_id;
      m.name = head_name;
      m.relation = Relation::kHead;
      set_from_id(m);
      ledger_only_defaults(m);
      if (!blank(cell(r, Col::kSex))) {
        if (auto s = kSexLabels.read(cell(r, Col::kSex))) {
          m.sex = *s;
        } else {
          reject(&p, "bad_value", src, header_of(Col::kSex, "性别"), head_id,
                 "性别应为 男 或 女: " + std::string(cell(r, Col::kSex)));
        }
      }
      check_id(p, head_id, src, head_id_field);
      add_ledger_member(p, std::move(m), head_src, head_id_field);
    } else if (!head_name.empty()) {
      reject(&p, "missing_field", src, head_id_field, "", "户主 " + head_name + " 缺少身份证号码");
    }

    // 成员一姓名 / 成员一身份证号 …
    for (std::size_t n = 0; n < sheet.hm.slots.size(); ++n) {
      auto [name_col, id_col] = sheet.hm.slots[n];
      std::string name = trim_text(cell_at(r, name_col));
      std::string id_field = id_col >= 0 && id_col < static_cast<int>(sheet.hm.text.size())
                                 ? sheet.hm.text[id_col]
                                 : "成员" + std::to_string(n + 1) + "身份证号";
      Source ms = src;
      ms.slot = static_cast<std::uint8_t>(n + 2);
      std::string id = read_id(cell_at(r, id_col), ms, id_field);
      if (id.empty()) {
        if (!name.empty())
          reject(&p, "missing_field", src, id_field, "", "成员 " + name + " 缺少身份证号");
        continue;
      }
      if (id == head_id) continue;  // some exports list the head again as 成员一
      model::Member m;
      m.id = id;
      m.name = name;
      m.relation = Relation::kOther;  // the ledger does not say; the member sheet does
      set_from_id(m);
      ledger_only_defaults(m);
      check_id(p, id, src, id_field);
      add_ledger_member(p, std::move(m), ms, id_field);
    }
  }

  // A person known only from the ledger: the facts the ledger does not carry are unknown where the
  // record can say so (employment, legal supporters, self-care).
  static void ledger_only_defaults(model::Member& m) {
    m.employment.reset();
    m.legal_supporters.reset();
    m.self_care.reset();
  }

  void add_ledger_member(Pending& p, model::Member m, const Source& src, const std::string& field) {
    int i = find_member(p, m.id);
    if (i >= 0) {
      if (p.member_src[i].flags & kFromMemberRow) {
        // The member sheet came first: it has the details; the ledger adds only a missing name.
        if (p.h.members[i].name.empty()) p.h.members[i].name = m.name;
        if (m.relation == Relation::kHead && p.h.members[i].relation != Relation::kHead)
          warn("inconsistent", src, field, m.id,
               "台账列为户主，成员表的与户主关系不是户主；以成员表为准");
        return;
      }
      reject(&p, "duplicate_member", src, field, m.id, "同一人在台账本户中出现两次");
      return;
    }
    p.h.members.push_back(std::move(m));
    p.member_src.push_back(src);
  }

  // ---- household columns (ledger and flat) ----

  bool take(Pending& p, HouseholdField f, Col c, const Row& r) {
    if (p.set_fields & f) return false;
    if (!sheet.hm.has(c) || blank(cell(r, c))) return false;
    p.set_fields |= f;
    return true;
  }

  void household_columns(Pending& p, const Row& r, const Source& src) {
    if (p.household_row.row == 0) p.household_row = src;
    auto& h = p.h;
    auto bad = [&](const char* code, Col c, const char* fallback, std::string msg) {
      reject(&p, code, src, header_of(c, fallback), "",
             std::move(msg) + ": " + std::string(cell(r, c)));
    };
    if (take(p, kHfRegion, Col::kRegion, r)) {
      // Accept "450102001" and "450102001 民生街道": the leading digits are the code.
      std::string v = normalise_value(cell(r, Col::kRegion));
      std::size_t n = 0;
      while (n < v.size() && v[n] >= '0' && v[n] <= '9') ++n;
      h.region = v.substr(0, n);
      if (n == 0)
        bad("unknown_region", Col::kRegion, "行政区划代码", "行政区划代码应为 6、9 或 12 位数字");
    }
    if (take(p, kHfResidence, Col::kResidence, r)) {
      if (auto v = kResidenceLabels.read(cell(r, Col::kResidence)))
        h.residence = *v;
      else
        bad("bad_value", Col::kResidence, "户籍类型", "户籍类型应为 城镇 或 农民工");
    }
    if (take(p, kHfUrbanYears, Col::kUrbanYears, r)) {
      if (auto v = parse_decimal(cell(r, Col::kUrbanYears)))
        h.urban_years = *v;
      else
        bad("bad_value", Col::kUrbanYears, "城镇居住年限", "城镇居住年限应为非负数");
    }
    if (take(p, kHfPermit, Col::kPermit, r)) {
      if (auto v = parse_flag(cell(r, Col::kPermit)))
        h.residence_permit = *v;
      else
        bad("bad_value", Col::kPermit, "居住证", "居住证应为 是 或 否");
    }
    if (take(p, kHfLacks, Col::kLacksLabour, r) && !is_none_word(cell(r, Col::kLacksLabour))) {
      if (auto v = kLacksLabels.read(cell(r, Col::kLacksLabour)))
        h.lacks_labour_cause = *v;
      else
        bad("bad_value", Col::kLacksLabour, "缺乏劳动力原因",
            "缺乏劳动力原因应为 疾病、年老 或 灾害");
    }
    if (take(p, kHfCategory, Col::kCategory, r)) {
      if (auto v = kCategoryLabels.read(cell(r, Col::kCategory)))
        h.history.category = *v;
      else
        warn("ignored_value", src, header_of(Col::kCategory, "享受保障类别"), "",
             "享受保障类别不是 低保/低收入/无，未作为历史类别导入: " +
                 std::string(cell(r, Col::kCategory)));
    }
    if (take(p, kHfBenefit, Col::kBenefit, r)) {
      if (auto v = parse_cell_yuan(cell(r, Col::kBenefit)))
        h.history.last_benefit = *v;
      else
        bad("bad_amount", Col::kBenefit, "户月保障金", "金额应为不小于 0、最多两位小数的元数");
    }
    if (take(p, kHfSince, Col::kCategorySince, r)) {
      if (auto v = parse_cell_month(cell(r, Col::kCategorySince)))
        h.history.category_since = *v;
      else
        bad("bad_date", Col::kCategorySince, "保障起始月", "月份应为 YYYY-MM");
    }
    if (take(p, kHfExitReason, Col::kExitReason, r)) {
      std::string v = trim_text(cell(r, Col::kExitReason));
      h.history.exit_reason =
          (normalise_header(v) == "就业" || v == "employment") ? "employment" : v;
    }
    if (take(p, kHfExitStarted, Col::kExitStarted, r)) {
      if (auto v = parse_cell_month(cell(r, Col::kExitStarted)))
        h.history.exit_started = *v;
      else
        bad("bad_date", Col::kExitStarted, "渐退起始月", "月份应为 YYYY-MM");
    }
    if (take(p, kHfCaseByCase, Col::kCaseByCasePaid, r)) {
      for (const auto& item : split_list(cell(r, Col::kCaseByCasePaid))) {
        auto pair = split_pair(item);
        auto d = pair ? parse_cell_date(pair->first) : std::nullopt;
        auto a = pair ? parse_cell_yuan(pair->second) : std::nullopt;
        if (!d || !a) {
          bad("bad_value", Col::kCaseByCasePaid, "一事一议已付",
              "应写为 日期:金额；多笔用分号隔开");
          break;
        }
        h.history.case_by_case_paid.push_back({*d, *a});
      }
    }
    if (take(p, kHfRequests, Col::kRequests, r)) {
      for (const auto& item : split_list(cell(r, Col::kRequests))) {
        auto pair = split_pair(item);
        auto d = pair ? parse_cell_date(pair->first) : std::nullopt;
        auto a = pair ? parse_cell_yuan(pair->second) : std::nullopt;
        if (!d || !a) {
          bad("bad_value", Col::kRequests, "一事一议申请", "应写为 日期:金额；多笔用分号隔开");
          break;
        }
        h.requests.push_back({model::RequestKind::kCaseByCase, *d, *a});
      }
    }
    // Assets: known as soon as one of their columns is filled; the blank ones then mean 0 / none.
    if (!(p.set_fields & kHfAssets)) {
      bool any = false;
      for (Col c : {Col::kFinancial, Col::kVehicles, Col::kDwellings, Col::kFloorArea,
                    Col::kBusinessCapital})
        if (sheet.hm.has(c) && !blank(cell(r, c))) any = true;
      if (any) {
        p.set_fields |= kHfAssets;
        model::Assets a;
        if (!blank(cell(r, Col::kFinancial))) {
          if (auto v = parse_cell_yuan(cell(r, Col::kFinancial)))
            a.financial = *v;
          else
            bad("bad_amount", Col::kFinancial, "金融资产", "金额应为不小于 0、最多两位小数的元数");
        }
        if (!is_none_word(cell(r, Col::kVehicles))) {
          for (const auto& item : split_list(cell(r, Col::kVehicles))) {
            if (auto v = kVehicleLabels.read(item)) {
              a.vehicles.push_back(*v);
            } else {
              bad("bad_value", Col::kVehicles, "机动车",
                  "机动车应为 汽车、摩托车、残疾人专用车 或 无");
              break;
            }
          }
        }
        if (!blank(cell(r, Col::kDwellings))) {
          std::string t = normalise_value(cell(r, Col::kDwellings));
          if (ledger_detail::all_digits(t) && t.size() < 4)
            a.dwellings = std::stoi(t);
          else
            bad("bad_value", Col::kDwellings, "住房套数", "住房套数应为非负整数");
        }
        if (!blank(cell(r, Col::kFloorArea))) {
          if (auto v = parse_decimal(cell(r, Col::kFloorArea)))
            a.floor_area_m2 = *v;
          else
            bad("bad_value", Col::kFloorArea, "住房面积", "住房面积应为非负数（平方米）");
        }
        if (!blank(cell(r, Col::kBusinessCapital))) {
          if (auto v = parse_cell_yuan(cell(r, Col::kBusinessCapital)))
            a.business_capital = *v;
          else
            bad("bad_amount", Col::kBusinessCapital, "经营资本",
                "金额应为不小于 0、最多两位小数的元数");
        }
        h.assets = std::move(a);
      }
    }
  }

  // ---- member rows (member sheet and flat) ----

  void member_row(Pending& p, const Row& r, const Source& src) {
    std::string id_field = header_of(Col::kPersonId, "身份证号");
    std::string id = read_id(cell(r, Col::kPersonId), src, id_field);
    std::string name = trim_text(cell(r, Col::kName));
    if (id.empty()) {
      reject(&p, "missing_field", src, id_field, "",
             "成员" + (name.empty() ? "" : " " + name) + " 缺少身份证号");
      return;
    }
    check_id(p, id, src, id_field);
    model::Member m;
    m.id = id;
    m.name = name;
    set_from_id(m);
    bool sex_given = false, birth_given = false;
    auto bad = [&](const char* code, Col c, const char* fallback, std::string msg) {
      reject(&p, code, src, header_of(c, fallback), id,
             std::move(msg) + ": " + std::string(cell(r, c)));
    };
    auto present = [&](Col c) { return sheet.hm.has(c) && !blank(cell(r, c)); };
    auto pick = [&](const auto& labels, Col c, const char* fallback, const char* msg) {
      auto v = labels.read(cell(r, c));
      if (!v) bad("bad_value", c, fallback, msg);
      return v;
    };

    if (present(Col::kRelation)) {
      if (auto v = pick(kRelationLabels, Col::kRelation, "与户主关系",
                        "与户主关系应为 户主、配偶、子女、父母、兄弟姐妹、孙子女、祖父母 或 其他"))
        m.relation = *v;
    }
    if (present(Col::kSex)) {
      if (auto v = pick(kSexLabels, Col::kSex, "性别", "性别应为 男 或 女")) {
        m.sex = *v;
        sex_given = true;
      }
    }
    if (present(Col::kBirthDate)) {
      if (auto d = parse_cell_date(cell(r, Col::kBirthDate))) {
        m.birth_date = *d;
        birth_given = true;
      } else {
        bad("bad_date", Col::kBirthDate, "出生日期", "出生日期应为 YYYY-MM-DD 等日期格式");
      }
    }
    if (present(Col::kEmployment)) {
      if (auto v = pick(kEmploymentLabels, Col::kEmployment, "就业状况",
                        "就业状况应为 就业、失业、在校学生、退休 或 无"))
        m.employment = *v;
    }
    // 残疾等级 + 残疾类别: both or neither.
    bool grade_given =
        present(Col::kDisabilityGrade) && !is_none_word(cell(r, Col::kDisabilityGrade));
    bool type_given = present(Col::kDisabilityType) && !is_none_word(cell(r, Col::kDisabilityType));
    if (grade_given || type_given) {
      model::Disability d;
      if (!grade_given) {
        reject(&p, "missing_field", src, header_of(Col::kDisabilityGrade, "残疾等级"), id,
               "填写了残疾类别但缺少残疾等级");
      } else {
        std::string g = normalise_header(cell(r, Col::kDisabilityGrade));
        for (const char* suffix : {"级"})
          if (g.size() > 3 && g.compare(g.size() - 3, 3, suffix) == 0) g.erase(g.size() - 3);
        static const std::array<const char*, 5> kGrades = {"", "一", "二", "三", "四"};
        for (int k = 1; k <= 4; ++k)
          if (g == kGrades[k]) g = std::to_string(k);
        if (g.size() == 1 && g[0] >= '1' && g[0] <= '4')
          d.grade = g[0] - '0';
        else
          bad("bad_value", Col::kDisabilityGrade, "残疾等级", "残疾等级应为 1 至 4 级");
      }
      if (!type_given) {
        reject(&p, "missing_field", src, header_of(Col::kDisabilityType, "残疾类别"), id,
               "填写了残疾等级但缺少残疾类别");
      } else if (auto t = pick(kDisabilityTypeLabels, Col::kDisabilityType, "残疾类别",
                               "残疾类别应为 视力、听力、言语、肢体、智力、精神 或 多重")) {
        d.type = *t;
      }
      m.disability = d;
    }
    if (present(Col::kSelfCare)) {
      std::string t = normalise_header(cell(r, Col::kSelfCare));
      if (t == "未知" || t == "不详" || t == "unknown") {
        m.self_care.reset();
      } else if (auto v = pick(kSelfCareLabels, Col::kSelfCare, "自理能力",
                               "自理能力应为 完全自理、半失能、失能 或 未知")) {
        m.self_care = *v;
      }
    }
    auto flag = [&](Col c, const char* fallback, bool& target) {
      if (!present(c)) return;
      if (auto v = parse_flag(cell(r, c)))
        target = *v;
      else
        bad("bad_value", c, fallback, std::string(fallback) + "应为 是 或 否");
    };
    flag(Col::kSeriousIllness, "重病", m.serious_illness);
    flag(Col::kCorrection, "社区矫正", m.community_correction);
    flag(Col::kBoarding, "寄宿", m.boarding);
    flag(Col::kFreshman, "大学新生", m.university_freshman);
    flag(Col::kMedical, "医保", m.insurance.medical);
    flag(Col::kCritical, "大病保险", m.insurance.critical_illness);
    flag(Col::kPension, "养老保险", m.insurance.pension);
    if (present(Col::kOrphan) && !is_none_word(cell(r, Col::kOrphan))) {
      if (auto v = pick(kOrphanLabels, Col::kOrphan, "孤儿", "孤儿应为 散居、机构供养 或 否"))
        m.orphan = *v;
    }
    if (present(Col::kSupporters)) {
      if (auto v = pick(kSupportersLabels, Col::kSupporters, "法定义务人",
                        "法定义务人应为 无、有但无能力 或 有能力"))
        m.legal_supporters = *v;
    }
    if (present(Col::kSupportedBy) && !is_none_word(cell(r, Col::kSupportedBy))) {
      if (auto v =
              pick(kSupportedByLabels, Col::kSupportedBy, "供养人", "供养人应为 父母 或 兄弟姐妹"))
        m.supported_by = *v;
    }
    if (present(Col::kSchool) && !is_none_word(cell(r, Col::kSchool))) {
      if (auto v = pick(kSchoolLabels, Col::kSchool, "在读阶段",
                        "在读阶段应为 学前、小学、初中、普通高中、中职 或 大学"))
        m.school = *v;
    }
    if (present(Col::kMedicalSelfPaid)) {
      for (const auto& item : split_list(cell(r, Col::kMedicalSelfPaid))) {
        auto pair = split_pair(item);
        std::string y = pair ? normalise_value(pair->first) : "";
        if (y.size() > 3 && y.compare(y.size() - 3, 3, "年") == 0) y.erase(y.size() - 3);
        auto a = pair ? parse_cell_yuan(pair->second) : std::nullopt;
        if (!a || y.size() != 4 || !ledger_detail::all_digits(y)) {
          bad("bad_value", Col::kMedicalSelfPaid, "年度自付医疗费",
              "应写为 年份:金额，如 2019:12000；多年用分号隔开");
          break;
        }
        m.medical_self_paid.push_back({std::stoi(y), *a});
      }
    }

    int i = find_member(p, id);
    if (i >= 0) {
      Source& s = p.member_src[i];
      if (s.flags & kFromMemberRow) {
        reject(&p, "duplicate_member", src, id_field, id,
               "同一人在本户中出现两次（另一行在第 " + std::to_string(s.row) + " 行）");
        return;
      }
      // Known from the ledger: this row has the details; keep what only the ledger said.
      model::Member& old = p.h.members[i];
      if (m.name.empty()) m.name = old.name;
      if (!sex_given) m.sex = old.sex;
      if (!birth_given) m.birth_date = old.birth_date;
      if (!present(Col::kRelation)) m.relation = old.relation;
      if (!m.name.empty() && !old.name.empty() && m.name != old.name)
        warn("inconsistent", src, header_of(Col::kName, "姓名"), id,
             "姓名与台账不一致（台账: " + old.name + "），以成员表为准");
      old = std::move(m);
      s = src;
      s.flags |= kFromMemberRow;
      return;
    }
    p.h.members.push_back(std::move(m));
    Source s = src;
    s.flags |= kFromMemberRow;
    p.member_src.push_back(s);
  }

  // ---- income and expenditure rows ----

  void amount_row(Pending& p, const Row& r, const Source& src, bool income) {
    Col kind_col = income ? Col::kIncomeKind : Col::kExpenditureKind;
    const char* kind_name = income ? "收入类型" : "支出类型";
    std::string_view kind_text = cell(r, kind_col);
    std::string kind_norm = normalise_header(kind_text);
    bool& known = income ? p.income_known : p.expenditure_known;
    // 无: the household declares none (known, empty). Its amount, if any, must be 0.
    if (kind_norm == "无" || kind_norm == "none" || kind_norm == (income ? "无收入" : "无支出")) {
      known = true;
      if (!blank(cell(r, Col::kAmount))) {
        auto a = parse_cell_yuan(cell(r, Col::kAmount));
        if (!a || *a != 0)
          reject(&p, "bad_amount", src, header_of(Col::kAmount, "金额"), "",
                 "类型为“无”的行金额应为空或 0");
      }
      return;
    }
    known = true;
    PendingAmount a;
    a.src = src;
    bool ok = true;
    std::string member_id;
    if (sheet.hm.has(Col::kPersonId) && !blank(cell(r, Col::kPersonId))) {
      std::string field = header_of(Col::kPersonId, "身份证号");
      member_id = read_id(cell(r, Col::kPersonId), src, field);
      a.member_key = id_key(member_id);
      if (a.member_key == 0 || !model::parse_citizen_id(member_id)) {
        reject(&p, "invalid_id", src, field, member_id, invalid_id_message(member_id));
        ok = false;
      }
    }
    if (blank(cell(r, Col::kMonth))) {
      reject(&p, "missing_field", src, header_of(Col::kMonth, "月份"), member_id, "缺少月份");
      ok = false;
    } else if (auto m = parse_cell_month(cell(r, Col::kMonth))) {
      a.month = m->index;
    } else {
      reject(&p, "bad_date", src, header_of(Col::kMonth, "月份"), member_id,
             "月份应为 YYYY-MM: " + std::string(cell(r, Col::kMonth)));
      ok = false;
    }
    if (blank(kind_text)) {
      reject(&p, "missing_field", src, header_of(kind_col, kind_name), member_id,
             std::string("缺少") + kind_name);
      ok = false;
    } else if (income) {
      if (auto k = kIncomeKindLabels.read(kind_text)) {
        a.kind = static_cast<std::uint8_t>(*k);
      } else {
        reject(&p, "bad_value", src, header_of(kind_col, kind_name), member_id,
               "收入类型不在列表中（工资性收入、经营性收入、财产性收入、养老金、赡养费、赠与、其他"
               "收入、救助金、"
               "残疾人补贴、奖励、工伤赔偿、临时救助）: " +
                   std::string(kind_text));
        ok = false;
      }
    } else {
      if (auto k = kExpenditureKindLabels.read(kind_text)) {
        a.kind = static_cast<std::uint8_t>(*k);
      } else {
        reject(&p, "bad_value", src, header_of(kind_col, kind_name), member_id,
               "支出类型应为 医疗、残疾康复、护理、灾害 或 教育: " + std::string(kind_text));
        ok = false;
      }
    }
    if (blank(cell(r, Col::kAmount))) {
      reject(&p, "missing_field", src, header_of(Col::kAmount, "金额"), member_id, "缺少金额");
      ok = false;
    } else if (auto v = parse_cell_yuan(cell(r, Col::kAmount))) {
      a.amount = *v;
    } else {
      reject(&p, "bad_amount", src, header_of(Col::kAmount, "金额"), member_id,
             "金额应为不小于 0、最多两位小数的元数: " + std::string(cell(r, Col::kAmount)));
      ok = false;
    }
    if (!ok) return;
    int member = -1;
    if (a.member_key != 0) member = find_member(p, member_id);
    auto& waiting = income ? p.income : p.expenditure;
    if ((a.member_key != 0 && member < 0) || !waiting.empty()) {
      // Its member may come in a later sheet; rows after a waiting one wait too, to keep file
      // order.
      waiting.push_back(a);
    } else if (income) {
      if (!p.h.income) p.h.income.emplace();
      p.h.income->push_back(
          {member, model::Month{a.month}, static_cast<model::IncomeKind>(a.kind), a.amount});
    } else {
      if (!p.h.expenditure) p.h.expenditure.emplace();
      p.h.expenditure->push_back(
          {member, model::Month{a.month}, static_cast<model::ExpenditureKind>(a.kind), a.amount});
    }
  }

  // ---- finish ----

  // Field names of the record (validate_household's paths) as the column headers offices see.
  std::string column_for(const std::string& sub, const Source& s) const {
    if (sub == "id") {
      if (s.slot == 1) return "身份证号码";
      if (s.slot >= 2)
        return std::string("成员") +
               (s.slot - 1 <= 9 ? kChineseNumerals[s.slot - 1]
                                : std::to_string(s.slot - 1).c_str()) +
               "身份证号";
      return "身份证号";
    }
    if (sub == "sex") return "性别";
    if (sub == "birth_date") return "出生日期";
    if (sub == "name") return s.slot == 1 ? "户主姓名" : "姓名";
    return sub;
  }

  Problem locate(Pending& p, Problem prob) {
    // "members[3].birth_date" -> member 3's row and column; anything else -> the household's row.
    const std::string& f = prob.field;
    Source src = p.household_row.row ? p.household_row : p.first;
    std::string column;
    if (f.rfind("members[", 0) == 0) {
      auto close = f.find(']');
      std::size_t i = std::stoul(f.substr(8, close - 8));
      std::string sub = close + 2 <= f.size() ? f.substr(close + 2) : "";
      if (i < p.member_src.size()) src = p.member_src[i];
      column = column_for(sub, src);
    } else if (f == "region") {
      column = "行政区划代码";
    } else if (f == "id" || f == "members") {
      column = "户编号";
    } else {
      column = f;
    }
    prob.field = column;
    prob.file = files[src.file];
    prob.row = src.row;
    return prob;
  }

  // Rows whose member was not yet known when they were read: resolved now, appended after the rest.
  void resolve_amounts(Pending& p, bool income) {
    auto& rows = income ? p.income : p.expenditure;
    bool known = income ? p.income_known : p.expenditure_known;
    if (!known) return;
    if (income && !p.h.income) p.h.income.emplace();
    if (!income && !p.h.expenditure) p.h.expenditure.emplace();
    if (rows.empty()) return;
    std::vector<std::uint64_t> keys(p.h.members.size());
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = id_key(p.h.members[i].id);
    for (const auto& a : rows) {
      int m = -1;
      for (std::size_t i = 0; i < keys.size(); ++i)
        if (a.member_key != 0 && keys[i] == a.member_key) m = static_cast<int>(i);
      if (m < 0 && a.member_key != 0) {
        reject(&p, "bad_value", a.src, "身份证号", "",
               income ? "收入表中的人不是本户成员" : "支出表中的人不是本户成员");
        continue;
      }
      if (income)
        p.h.income->push_back(
            {m, model::Month{a.month}, static_cast<model::IncomeKind>(a.kind), a.amount});
      else
        p.h.expenditure->push_back(
            {m, model::Month{a.month}, static_cast<model::ExpenditureKind>(a.kind), a.amount});
    }
    std::vector<PendingAmount>().swap(rows);
  }

  // A person in two households: both are refused (the office decides where the person lives).
  void find_duplicate_persons() {
    struct Entry {
      std::uint64_t key;
      std::uint32_t hh;
      std::uint32_t member;
    };
    std::vector<Entry> all;
    std::size_t n = 0;
    for (const auto& p : pending) n += p.h.members.size();
    all.reserve(n);
    for (std::uint32_t h = 0; h < pending.size(); ++h)
      for (std::uint32_t i = 0; i < pending[h].h.members.size(); ++i)
        if (auto k = id_key(pending[h].h.members[i].id)) all.push_back({k, h, i});
    std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) {
      return a.key != b.key ? a.key < b.key : a.hh < b.hh;
    });
    for (std::size_t b = 0; b < all.size();) {
      std::size_t e = b + 1;
      while (e < all.size() && all[e].key == all[b].key) ++e;
      if (all[e - 1].hh != all[b].hh) {
        for (std::size_t k = b; k < e; ++k) {
          std::vector<std::string> others;
          for (std::size_t j = b; j < e && others.size() < 3; ++j)
            if (all[j].hh != all[k].hh) others.push_back(pending[all[j].hh].h.id);
          Pending& p = pending[all[k].hh];
          const Source& s = p.member_src[all[k].member];
          const std::string& id = p.h.members[all[k].member].id;
          reject(&p, "duplicate_person", s, column_for("id", s), id,
                 "此人同时登记在其他户中（" + join(others, "、") + "），请核实其实际所在家庭");
        }
      }
      b = e;
    }
  }

  // Members in the member sheet's row order when they all have a member row from one sheet.
  static void order_members(Pending& p) {
    if (p.member_src.empty()) return;
    std::uint16_t file = p.member_src[0].file;
    for (const auto& s : p.member_src)
      if (!(s.flags & kFromMemberRow) || s.file != file) return;
    std::vector<std::size_t> order(p.member_src.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return p.member_src[a].row < p.member_src[b].row;
    });
    bool sorted = true;
    for (std::size_t i = 0; i < order.size(); ++i) sorted &= order[i] == i;
    if (sorted) return;
    std::vector<model::Member> members;
    std::vector<Source> srcs;
    std::vector<int> new_index(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      new_index[order[k]] = static_cast<int>(k);
      members.push_back(std::move(p.h.members[order[k]]));
      srcs.push_back(p.member_src[order[k]]);
    }
    p.h.members = std::move(members);
    p.member_src = std::move(srcs);
    if (p.h.income)
      for (auto& r : *p.h.income)
        if (r.member >= 0) r.member = new_index[r.member];
    if (p.h.expenditure)
      for (auto& r : *p.h.expenditure)
        if (r.member >= 0) r.member = new_index[r.member];
  }

  LedgerImport finish(const std::function<void(model::Household&&)>& sink) {
    return finish([&](model::Household&& h, const LedgerOrigin&) { sink(std::move(h)); });
  }

  LedgerImport finish(const std::function<void(model::Household&&, const LedgerOrigin&)>& sink) {
    assert(!in_sheet && "finish called inside a sheet");
    LedgerOrigin origin;
    find_duplicate_persons();
    index.clear();
    last_index = UINT32_MAX;
    while (!pending.empty()) {
      Pending& p = pending.front();
      if (p.h.members.empty() && p.household_row.row == 0) {
        // Named only by income/expenditure rows: nothing says who the household is.
        reject(&p, "missing_field", p.first, "户编号", "",
               "户编号 " + p.h.id + " 在台账和成员表中都找不到");
      } else {
        order_members(p);
        resolve_amounts(p, true);
        resolve_amounts(p, false);
        for (auto& prob : validate_household(p.h, regions)) {
          // The same fact may already be reported by the row checks (e.g. a malformed region).
          bool dup = false;
          Problem located = locate(p, std::move(prob));
          for (const auto& q : p.problems)
            if (q.row == located.row && q.file == located.file && q.member == located.member &&
                (q.field == located.field ||
                 (q.code == "invalid_id" && located.code == "invalid_id")))
              dup = true;
          if (!dup) p.problems.push_back(std::move(located));
        }
        count_warnings(p);
      }
      if (!p.problems.empty()) {
        ++out.stats.households_rejected;
        out.rejected_households.push_back(p.h.id);
        for (auto& prob : p.problems) out.rejected.push_back(std::move(prob));
      } else {
        ++out.stats.households_accepted;
        if (!p.h.income) ++out.stats.income_unknown;
        if (!p.h.expenditure) ++out.stats.expenditure_unknown;
        if (!p.h.assets) ++out.stats.assets_unknown;
        const Source& hs = p.household_row.row != 0 ? p.household_row : p.first;
        origin.file = files[hs.file];
        origin.row = hs.row;
        origin.members.clear();
        for (const auto& ms : p.member_src) origin.members.emplace_back(files[ms.file], ms.row);
        sink(std::move(p.h), origin);
      }
      pending.pop_front();  // free as we go
    }
    summary_warnings();
    return std::move(out);
  }

  void count_warnings(const Pending& p) {
    if (p.ledger_disabled < 0) return;
    int disabled = 0;
    bool any_member_row = false;
    for (std::size_t i = 0; i < p.h.members.size(); ++i) {
      if (p.h.members[i].disability) ++disabled;
      if (p.member_src[i].flags & kFromMemberRow) any_member_row = true;
    }
    if (disabled == p.ledger_disabled) return;
    Source s = p.household_row;
    if (!any_member_row)
      warn("inconsistent", s, "残疾人数", "",
           "台账残疾人数为 " + std::to_string(p.ledger_disabled) +
               "，但成员表中没有本户：残疾情况无从得知，按无残疾处理");
    else
      warn("inconsistent", s, "残疾人数", "",
           "台账残疾人数为 " + std::to_string(p.ledger_disabled) + "，成员表中有残疾信息的为 " +
               std::to_string(disabled) + " 人");
  }

  void summary_warnings() {
    auto add = [&](std::string msg) {
      Problem p = make_problem("summary", "", "", std::move(msg));
      out.warnings.push_back(std::move(p));
    };
    const auto& s = out.stats;
    if (s.households_accepted > 0) {
      if (!saw_income_sheet)
        add("未提供收入表：全部家庭的收入为未知，需要收入的规则将判定为“无法确定”");
      else if (s.income_unknown > 0)
        add(std::to_string(s.income_unknown) +
            " 户在收入表中没有任何行（连“无”也没有），收入按未知处理");
      if (!saw_expenditure_sheet)
        add("未提供支出表：全部家庭的刚性支出为未知");
      else if (s.expenditure_unknown > 0)
        add(std::to_string(s.expenditure_unknown) + " 户在支出表中没有任何行，刚性支出按未知处理");
      if (s.assets_unknown > 0)
        add(std::to_string(s.assets_unknown) +
            " 户的财产列（金融资产、机动车、住房套数、住房面积、经营资本）全空，财产按未知处理");
      if (!saw_member_rows_sheet)
        add("未提供成员表：成员的关系、就业、残疾、自理能力、法定义务人等按未知或默认值处理");
    }
    for (const auto& [code, n] : warning_counts)
      if (n > options.max_warnings_per_code)
        add("另有 " + std::to_string(n - options.max_warnings_per_code) + " 条 " + code +
            " 提示未逐条列出");
  }
};

LedgerReader::LedgerReader(const model::RegionCatalog& regions, LedgerReadOptions options)
    : impl_(std::make_unique<Impl>(regions, options)) {}
LedgerReader::~LedgerReader() = default;
LedgerReader::LedgerReader(LedgerReader&&) noexcept = default;
LedgerReader& LedgerReader::operator=(LedgerReader&&) noexcept = default;

void LedgerReader::begin_sheet(std::string file, SheetKind kind) {
  impl_->begin(std::move(file), kind);
}
void LedgerReader::add_row(long row, const Row& cells) { impl_->add(row, cells); }
SheetKind LedgerReader::end_sheet() { return impl_->end(); }
RowVisitor LedgerReader::visitor() {
  Impl* impl = impl_.get();
  return [impl](long row, const Row& cells) {
    impl->add(row, cells);
    return true;
  };
}
SheetKind LedgerReader::add_sheet(std::string file, const Sheet& sheet, SheetKind kind) {
  begin_sheet(std::move(file), kind);
  for (std::size_t i = 0; i < sheet.rows.size(); ++i)
    add_row(static_cast<long>(i + 1), sheet.rows[i]);
  return end_sheet();
}
LedgerImport LedgerReader::finish(const std::function<void(model::Household&&)>& sink) {
  return impl_->finish(sink);
}
LedgerImport LedgerReader::finish(const std::function<void(model::Household&&, const LedgerOrigin&)>& sink) {
  return impl_->finish(sink);
}
LedgerImport LedgerReader::finish() {
  std::vector<model::Household> households;
  LedgerImport result =
      impl_->finish([&](model::Household&& h) { households.push_back(std::move(h)); });
  result.households = std::move(households);
  return result;
}

Result<LedgerImport> import_ledger_files(const std::vector<std::string>& paths,
                                         const model::RegionCatalog& regions,
                                         LedgerReadOptions options) {
  LedgerReader reader(regions, options);
  Problems file_problems;
  for (const auto& path : paths) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string label = std::filesystem::path(path).filename().string();
    if (ext == ".csv" || ext == ".txt") {
      reader.begin_sheet(label);
      auto r = read_csv(path, reader.visitor());
      reader.end_sheet();
      if (!r) file_problems.insert(file_problems.end(), r.problems().begin(), r.problems().end());
    } else if (ext == ".xlsx") {
      auto names = xlsx_sheet_names(path);
      if (!names) {
        file_problems.insert(file_problems.end(), names.problems().begin(), names.problems().end());
        continue;
      }
      for (const auto& name : *names) {
        reader.begin_sheet(label + "#" + name);
        auto r = read_xlsx(path, name, reader.visitor());
        reader.end_sheet();
        if (!r) file_problems.insert(file_problems.end(), r.problems().begin(), r.problems().end());
      }
    } else {
      Problem p =
          make_problem("bad_file", "", "", "不支持的文件类型（应为 .csv 或 .xlsx）: " + label);
      p.file = path;
      file_problems.push_back(std::move(p));
    }
  }
  if (!file_problems.empty()) return file_problems;
  return reader.finish();
}

// ================================================================================================
// Writers
// ================================================================================================
namespace {

const char* flag_text(bool v) { return v ? "是" : "否"; }

std::string relation_text(Relation r) { return kRelationLabels.write(r); }

Row to_row(const std::vector<const char*>& names) { return Row(names.begin(), names.end()); }

const model::Member* head_of(const model::Household& h) {
  for (const auto& m : h.members)
    if (m.relation == Relation::kHead) return &m;
  return nullptr;
}

std::string vehicles_text(const std::vector<model::Vehicle>& v) {
  if (v.empty()) return "无";
  std::vector<std::string> parts;
  for (auto x : v) parts.push_back(kVehicleLabels.write(x));
  return join(parts, "、");
}

void append_household_extra(const model::Household& h, Row& row) {
  row.push_back(h.region);
  row.push_back(kResidenceLabels.write(h.residence));
  row.push_back(h.urban_years ? format_double(*h.urban_years) : "");
  row.push_back(flag_text(h.residence_permit));
  row.push_back(h.lacks_labour_cause ? kLacksLabels.write(*h.lacks_labour_cause) : "");
  if (h.assets) {
    const auto& a = *h.assets;
    row.push_back(model::format_yuan(a.financial));
    row.push_back(vehicles_text(a.vehicles));
    row.push_back(std::to_string(a.dwellings));
    row.push_back(a.floor_area_m2 ? format_double(*a.floor_area_m2) : "");
    row.push_back(model::format_yuan(a.business_capital));
  } else {
    for (int i = 0; i < 5; ++i) row.emplace_back();
  }
  const auto& hi = h.history;
  row.push_back(hi.category_since ? hi.category_since->to_string() : "");
  row.push_back(!hi.exit_reason ? "" : *hi.exit_reason == "employment" ? "就业" : *hi.exit_reason);
  row.push_back(hi.exit_started ? hi.exit_started->to_string() : "");
  std::vector<std::string> paid;
  for (const auto& c : hi.case_by_case_paid)
    paid.push_back(c.date.to_string() + ":" + model::format_yuan(c.amount));
  row.push_back(join(paid, ";"));
  std::vector<std::string> req;
  for (const auto& r : h.requests)
    req.push_back(r.date.to_string() + ":" + model::format_yuan(r.amount));
  row.push_back(join(req, ";"));
}

std::string category_text(const model::History& hi) {
  return hi.category ? kCategoryLabels.write(*hi.category) : "";
}

Row member_cells(const model::Household& h, const model::Member& m) {
  Row row;
  row.reserve(member_columns().size());
  row.push_back(h.id);
  row.push_back(m.name);
  row.push_back(m.id);
  row.push_back(relation_text(m.relation));
  row.push_back(kSexLabels.write(m.sex));
  row.push_back(m.birth_date.to_string());
  row.push_back(m.employment ? kEmploymentLabels.write(*m.employment) : "");
  row.push_back(m.disability ? std::to_string(m.disability->grade) : "");
  row.push_back(m.disability ? kDisabilityTypeLabels.write(m.disability->type) : "");
  row.push_back(m.self_care ? kSelfCareLabels.write(*m.self_care) : "未知");
  row.push_back(flag_text(m.serious_illness));
  row.push_back(m.orphan ? kOrphanLabels.write(*m.orphan) : "否");
  row.push_back(m.legal_supporters ? kSupportersLabels.write(*m.legal_supporters) : "");
  row.push_back(m.supported_by ? kSupportedByLabels.write(*m.supported_by) : "");
  row.push_back(flag_text(m.community_correction));
  row.push_back(m.school ? kSchoolLabels.write(*m.school) : "");
  row.push_back(flag_text(m.boarding));
  row.push_back(flag_text(m.university_freshman));
  row.push_back(flag_text(m.insurance.medical));
  row.push_back(flag_text(m.insurance.critical_illness));
  row.push_back(flag_text(m.insurance.pension));
  std::vector<std::string> paid;
  for (const auto& p : m.medical_self_paid)
    paid.push_back(std::to_string(p.year) + ":" + model::format_yuan(p.amount));
  row.push_back(join(paid, ";"));
  return row;
}

bool no_labour(const model::Member& m, model::Date on) {
  int age = model::age_on(m.birth_date, on);
  return age >= 60 || age < 16 || (m.disability && m.disability->severe());
}

Row ledger_cells(const model::Household& h, const LedgerWriteOptions& o) {
  Row row;
  row.reserve(ledger_front_columns().size() + 2 * kLedgerMemberSlots +
              household_extra_columns().size());
  const model::Member* head = head_of(h);
  const auto& hi = h.history;
  row.push_back(hi.category_since ? model::first_day(*hi.category_since).to_string()
                                  : "");  // 登记时间
  row.push_back(h.id);
  row.push_back(head ? head->name : "");
  row.push_back(head ? head->id : "");
  row.push_back(head ? kSexLabels.write(head->sex) : "");
  row.emplace_back();  // 民族
  row.emplace_back();  // 家庭住址
  row.emplace_back();  // 邮编
  row.emplace_back();  // 家庭电话
  row.push_back(category_text(hi));
  row.push_back(std::to_string(h.members.size()));  // 享受保障人数: the household's members
  int women = 0, disabled = 0;
  for (const auto& m : h.members) {
    women += m.sex == model::Sex::kFemale;
    disabled += m.disability.has_value();
  }
  row.push_back(std::to_string(women));
  row.push_back(std::to_string(disabled));
  if (o.as_of) {
    model::Date on = model::first_day(*o.as_of);
    int sanwu = 0, elderly = 0, employed = 0, unemployed = 0, unregistered = 0, students = 0,
        other_minors = 0;
    for (const auto& m : h.members) {
      int age = model::age_on(m.birth_date, on);
      if (m.legal_supporters == model::Supporters::kNone && no_labour(m, on)) ++sanwu;
      if (age >= 60) ++elderly;
      if (age >= 18 && age < 60) {
        if (m.employment == Employment::kEmployed) ++employed;
        if (m.employment == Employment::kUnemployed) ++unemployed;
        if (m.employment == Employment::kNone) ++unregistered;
      }
      if (age < 18) (m.school || m.employment == Employment::kStudent ? students : other_minors)++;
    }
    for (int v : {sanwu, elderly, employed, 0, unemployed, unregistered, students, other_minors})
      row.push_back(std::to_string(v));
  } else {
    for (int i = 0; i < 8; ++i) row.emplace_back();
  }
  row.push_back(hi.last_benefit ? model::format_yuan(*hi.last_benefit) : "");  // 户月保障金
  // 月收入: average counted income of the 12 months before as_of (for people; never read back).
  if (o.as_of && h.income) {
    Fen sum = 0;
    for (const auto& r : *h.income)
      if (model::is_counted(r.kind) && r.month < *o.as_of && r.month >= o.as_of->plus(-12))
        sum += r.amount;
    row.push_back(model::format_yuan(model::round_half_away(sum, 12, 1)));
  } else {
    row.emplace_back();
  }
  for (int i = 0; i < 8; ++i) row.emplace_back();  // 最低生活标准 … 户主是否享受
  int written = 0;
  for (const auto& m : h.members) {
    if (&m == head) continue;
    if (written == kLedgerMemberSlots) break;  // the member sheet carries the rest
    row.push_back(m.name);
    row.push_back(m.id);
    ++written;
  }
  for (; written < kLedgerMemberSlots; ++written) {
    row.emplace_back();
    row.emplace_back();
  }
  append_household_extra(h, row);
  return row;
}

}  // namespace

std::vector<Row> ledger_header_rows(SheetKind kind) {
  switch (kind) {
    case SheetKind::kLedger: {
      Row top, sub;
      const auto& front = ledger_front_columns();
      for (int c = 0; c < static_cast<int>(front.size()); ++c) {
        if (c >= kAdultFirst && c <= kAdultLast) {
          top.push_back(c == kAdultFirst ? "成年人" : "");
          sub.push_back(front[c]);
        } else if (c >= kMinorFirst && c <= kMinorLast) {
          top.push_back(c == kMinorFirst ? "未成年人" : "");
          sub.push_back(front[c]);
        } else {
          top.push_back(front[c]);
          sub.emplace_back();
        }
      }
      for (int n = 1; n <= kLedgerMemberSlots; ++n) {
        top.push_back(std::string("成员") + kChineseNumerals[n] + "姓名");
        top.push_back(std::string("成员") + kChineseNumerals[n] + "身份证号");
        sub.emplace_back();
        sub.emplace_back();
      }
      for (const char* c : household_extra_columns()) {
        top.push_back(c);
        sub.emplace_back();
      }
      return {top, sub};
    }
    case SheetKind::kMembers:
      return {to_row(member_columns())};
    case SheetKind::kIncome:
      return {to_row(income_columns())};
    case SheetKind::kExpenditure:
      return {to_row(expenditure_columns())};
    case SheetKind::kFlat: {
      Row r = to_row(member_columns());
      r.push_back("享受保障类别");
      r.push_back("户月保障金");
      for (const char* c : household_extra_columns()) r.push_back(c);
      return {r};
    }
    case SheetKind::kUnknown:
      break;
  }
  return {};
}

void append_ledger_rows(const model::Household& h, const LedgerWriteOptions& options,
                        LedgerSheets& out) {
  out.ledger.push_back(ledger_cells(h, options));
  for (const auto& m : h.members) out.members.push_back(member_cells(h, m));
  auto member_id = [&](int i) -> std::string {
    return i >= 0 && i < static_cast<int>(h.members.size()) ? h.members[i].id : std::string();
  };
  if (h.income) {
    if (h.income->empty()) out.income.push_back({h.id, "", "", "无", ""});
    for (const auto& r : *h.income)
      out.income.push_back({h.id, member_id(r.member), r.month.to_string(),
                            kIncomeKindLabels.write(r.kind), model::format_yuan(r.amount)});
  }
  if (h.expenditure) {
    if (h.expenditure->empty()) out.expenditure.push_back({h.id, "", "", "无", ""});
    for (const auto& r : *h.expenditure)
      out.expenditure.push_back({h.id, member_id(r.member), r.month.to_string(),
                                 kExpenditureKindLabels.write(r.kind),
                                 model::format_yuan(r.amount)});
  }
}

LedgerSheets ledger_rows(const std::vector<model::Household>& households,
                         const LedgerWriteOptions& options) {
  LedgerSheets out;
  out.ledger = ledger_header_rows(SheetKind::kLedger);
  out.members = ledger_header_rows(SheetKind::kMembers);
  out.income = ledger_header_rows(SheetKind::kIncome);
  out.expenditure = ledger_header_rows(SheetKind::kExpenditure);
  for (const auto& h : households) append_ledger_rows(h, options, out);
  return out;
}

void append_flat_rows(const model::Household& h, std::vector<Row>& out) {
  Row household;
  household.push_back(category_text(h.history));
  household.push_back(h.history.last_benefit ? model::format_yuan(*h.history.last_benefit) : "");
  append_household_extra(h, household);
  for (const auto& m : h.members) {
    Row row = member_cells(h, m);
    row.insert(row.end(), household.begin(), household.end());
    out.push_back(std::move(row));
  }
}

std::vector<Row> flat_rows(const std::vector<model::Household>& households) {
  std::vector<Row> out = ledger_header_rows(SheetKind::kFlat);
  for (const auto& h : households) append_flat_rows(h, out);
  return out;
}

std::vector<SheetSpec> ledger_sheet_specs(LedgerSheets sheets) {
  std::vector<SheetSpec> specs(4);
  // Ledger: two header rows; single columns merged vertically, 成年人/未成年人 across their groups.
  SheetSpec& l = specs[0];
  l.name = sheet_name(SheetKind::kLedger);
  l.header_rows = 2;
  const int front = static_cast<int>(ledger_front_columns().size());
  const int total =
      front + 2 * kLedgerMemberSlots + static_cast<int>(household_extra_columns().size());
  for (int c = 0; c < total; ++c) {
    if (c == kAdultFirst) l.merges.push_back({0, kAdultFirst, 0, kAdultLast});
    if (c == kMinorFirst) l.merges.push_back({0, kMinorFirst, 0, kMinorLast});
    if (c >= kAdultFirst && c <= kMinorLast) continue;
    l.merges.push_back({0, c, 1, c});
  }
  // Counts and money as numbers; ids, codes and dates stay text.
  for (int c = 10; c <= 22; ++c) l.numeric_columns.push_back(c);  // 享受保障人数 … 月收入
  int extra0 = front + 2 * kLedgerMemberSlots;
  for (int c : {5, 7, 9}) l.numeric_columns.push_back(extra0 + c);  // 金融资产, 住房套数, 经营资本
  l.rows = std::move(sheets.ledger);
  specs[1].name = sheet_name(SheetKind::kMembers);
  specs[1].rows = std::move(sheets.members);
  specs[2].name = sheet_name(SheetKind::kIncome);
  specs[2].rows = std::move(sheets.income);
  specs[2].numeric_columns = {4};
  specs[3].name = sheet_name(SheetKind::kExpenditure);
  specs[3].rows = std::move(sheets.expenditure);
  specs[3].numeric_columns = {4};
  return specs;
}

Result<long> write_ledger_xlsx(const std::string& path,
                               const std::vector<model::Household>& households,
                               const LedgerWriteOptions& options) {
  LedgerSheets sheets = ledger_rows(households, options);
  constexpr std::size_t kMaxRows = 1048576;
  for (const auto* rows : {&sheets.ledger, &sheets.members, &sheets.income, &sheets.expenditure}) {
    if (rows->size() > kMaxRows) {
      Problem p = make_problem("too_many_rows", "", "",
                               "一张工作表最多 1,048,576 行，本次有 " +
                                   std::to_string(rows->size()) + " 行：请改用 CSV");
      p.file = path;
      return p;
    }
  }
  auto r = write_xlsx(path, ledger_sheet_specs(std::move(sheets)));
  if (!r) return r.problems();
  return static_cast<long>(households.size());
}

struct LedgerCsvWriter::Impl {
  LedgerWriteOptions options;
  std::vector<CsvWriter> files;  // ledger, members, income, expenditure
  LedgerSheets buffer;           // one household's rows at a time
  long households = 0;
};

LedgerCsvWriter::LedgerCsvWriter() : impl_(std::make_unique<Impl>()) {}
LedgerCsvWriter::LedgerCsvWriter(LedgerCsvWriter&&) noexcept = default;
LedgerCsvWriter& LedgerCsvWriter::operator=(LedgerCsvWriter&&) noexcept = default;
LedgerCsvWriter::~LedgerCsvWriter() = default;

Result<LedgerCsvWriter> LedgerCsvWriter::open(const std::string& dir, LedgerWriteOptions options) {
  LedgerCsvWriter w;
  w.impl_->options = options;
  Problems problems;
  for (SheetKind k :
       {SheetKind::kLedger, SheetKind::kMembers, SheetKind::kIncome, SheetKind::kExpenditure}) {
    auto f = CsvWriter::open(dir + "/" + sheet_name(k) + ".csv", /*bom=*/true);
    if (!f) {
      problems.insert(problems.end(), f.problems().begin(), f.problems().end());
      continue;
    }
    for (const auto& row : ledger_header_rows(k)) f->write(row);
    w.impl_->files.push_back(std::move(*f));
  }
  if (!problems.empty()) return problems;
  return w;
}

void LedgerCsvWriter::add(const model::Household& h) {
  auto& b = impl_->buffer;
  b.ledger.clear();
  b.members.clear();
  b.income.clear();
  b.expenditure.clear();
  append_ledger_rows(h, impl_->options, b);
  for (const auto& r : b.ledger) impl_->files[0].write(r);
  for (const auto& r : b.members) impl_->files[1].write(r);
  for (const auto& r : b.income) impl_->files[2].write(r);
  for (const auto& r : b.expenditure) impl_->files[3].write(r);
  ++impl_->households;
}

Result<long> LedgerCsvWriter::close() {
  Problems problems;
  for (auto& f : impl_->files) {
    auto r = f.close();
    if (!r) problems.insert(problems.end(), r.problems().begin(), r.problems().end());
  }
  if (!problems.empty()) return problems;
  return impl_->households;
}

}  // namespace safetynet::io
