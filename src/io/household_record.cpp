#include "io/household_record.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <set>
#include <unordered_map>

#include "io/json_writer.hpp"

namespace safetynet::io {
namespace {

using model::Fen;

// Collects problems while walking one record; knows the current member for messages.
class Parser {
 public:
  explicit Parser(const model::RegionCatalog& regions) : regions_(regions) {}

  Problems problems;

  void add(const char* code, std::string field, std::string member, std::string msg) {
    problems.push_back(make_problem(code, std::move(field), std::move(member), std::move(msg)));
  }

  static bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

  // A list element that must be a map ({month: …, amount: …}). yaml-cpp throws BadSubscript when a
  // key is looked up in a scalar (`income: [5]`), so every list of rows asks this first (found by
  // fuzz/household_yaml_fuzz: the exception escaped parse_household and ended the process).
  bool row(const YAML::Node& n, const std::string& field, const std::string& member) {
    if (n.IsMap()) return true;
    add("bad_value", field, member, "应为映射（JSON 对象）");
    return false;
  }

  std::optional<std::string> scalar(const YAML::Node& n, const std::string& field, const std::string& member) {
    if (!present(n)) return std::nullopt;
    if (!n.IsScalar()) {
      add("bad_value", field, member, "应为单个值");
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::optional<Fen> money(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) {
      if (!present(n)) add("bad_amount", field, member, "金额缺失");
      return std::nullopt;
    }
    auto v = model::parse_yuan(*s);
    if (!v) {
      add("bad_amount", field, member, "金额无效（须为非负数，最多两位小数）: " + *s);
      return std::nullopt;
    }
    if (*v > model::kMaxRecordAmount) {
      add("bad_amount", field, member, "金额超出合理范围（上限 10 亿元）: " + *s);
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> flag(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) return std::nullopt;
    if (*s == "true" || *s == "True" || *s == "TRUE") return true;
    if (*s == "false" || *s == "False" || *s == "FALSE") return false;
    add("bad_value", field, member, "应为 true 或 false: " + *s);
    return std::nullopt;
  }

  template <typename E, typename F>
  std::optional<E> choice(const YAML::Node& n, const std::string& field, const std::string& member, F parse) {
    auto s = scalar(n, field, member);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) add("bad_value", field, member, "取值不在列表中: " + *s);
    return v;
  }

  std::optional<model::Month> month(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) {
      add("bad_date", field, member, "月份缺失");
      return std::nullopt;
    }
    auto m = model::parse_month(*s);
    if (!m) add("bad_date", field, member, "月份格式应为 YYYY-MM: " + *s);
    return m;
  }

  std::optional<model::Date> date(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) {
      add("bad_date", field, member, "日期缺失");
      return std::nullopt;
    }
    auto d = model::parse_date(*s);
    if (!d) add("bad_date", field, member, "日期无效，格式应为 YYYY-MM-DD: " + *s);
    return d;
  }

  std::optional<long long> integer(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) return std::nullopt;
    try {
      std::size_t pos = 0;
      long long v = std::stoll(*s, &pos);
      if (pos == s->size() && v >= 0) return v;
    } catch (...) {
    }
    add("bad_value", field, member, "应为非负整数: " + *s);
    return std::nullopt;
  }

  std::optional<double> decimal(const YAML::Node& n, const std::string& field, const std::string& member) {
    auto s = scalar(n, field, member);
    if (!s) return std::nullopt;
    try {
      std::size_t pos = 0;
      double v = std::stod(*s, &pos);
      if (pos == s->size() && v >= 0) return v;
    } catch (...) {
    }
    add("bad_value", field, member, "应为非负数: " + *s);
    return std::nullopt;
  }

  const model::RegionCatalog& regions_;
};

void parse_member(Parser& p, const YAML::Node& n, std::size_t i, model::Member& m) {
  const std::string base = "members[" + std::to_string(i) + "]";
  if (!n.IsMap()) {
    p.add("bad_value", base, "", "成员应为映射");
    return;
  }
  auto id = p.scalar(n["id"], base + ".id", "");
  if (!id || id->empty()) {
    p.add("missing_field", base + ".id", "", "成员缺少身份证号");
  } else {
    m.id = *id;
  }
  const std::string& who = m.id;
  if (auto s = p.scalar(n["name"], base + ".name", who)) m.name = *s;
  if (auto v = p.choice<model::Relation>(n["relation"], base + ".relation", who, model::parse_relation))
    m.relation = *v;
  auto info = model::parse_citizen_id(m.id);
  if (!m.id.empty() && !info) p.add("invalid_id", base + ".id", who, "身份证号不符合 GB 11643（长度、出生日期或校验码）");
  if (info) {
    m.sex = info->sex;
    m.birth_date = info->birth_date;
  }
  if (auto v = p.choice<model::Sex>(n["sex"], base + ".sex", who, model::parse_sex)) {
    if (info && *v != info->sex) p.add("id_mismatch", base + ".sex", who, "性别与身份证号不符（第17位奇数为男）");
    m.sex = *v;
  }
  if (Parser::present(n["birth_date"])) {
    if (auto d = p.date(n["birth_date"], base + ".birth_date", who)) {
      if (info && *d != info->birth_date)
        p.add("id_mismatch", base + ".birth_date", who, "出生日期与身份证号不符");
      m.birth_date = *d;
    }
  }
  m.employment = p.choice<model::Employment>(n["employment"], base + ".employment", who, model::parse_employment);
  if (Parser::present(n["disability"])) {
    const auto& d = n["disability"];
    if (!d.IsMap()) {
      p.add("bad_value", base + ".disability", who, "残疾应为 {grade, type}");
    } else {
      model::Disability dis;
      auto g = p.integer(d["grade"], base + ".disability.grade", who);
      if (!g || *g < 1 || *g > 4) {
        if (g || !Parser::present(d["grade"])) p.add("bad_value", base + ".disability.grade", who, "残疾等级应为 1–4");
      } else {
        dis.grade = static_cast<int>(*g);
      }
      auto t = p.choice<model::DisabilityType>(d["type"], base + ".disability.type", who,
                                               model::parse_disability_type);
      if (!t && !Parser::present(d["type"])) p.add("missing_field", base + ".disability.type", who, "缺少残疾类别");
      if (t) dis.type = *t;
      if (dis.grade != 0 && t) m.disability = dis;
    }
  }
  if (n["self_care"].IsDefined()) {
    // Written `null` is unknown (SPEC precise readings); absent keeps the default `able`.
    m.self_care = n["self_care"].IsNull()
                      ? std::nullopt
                      : p.choice<model::SelfCare>(n["self_care"], base + ".self_care", who, model::parse_self_care);
  }
  if (auto v = p.flag(n["serious_illness"], base + ".serious_illness", who)) m.serious_illness = *v;
  m.orphan = p.choice<model::OrphanKind>(n["orphan"], base + ".orphan", who, model::parse_orphan);
  m.legal_supporters =
      p.choice<model::Supporters>(n["legal_supporters"], base + ".legal_supporters", who, model::parse_supporters);
  m.supported_by =
      p.choice<model::SupportedBy>(n["supported_by"], base + ".supported_by", who, model::parse_supported_by);
  if (auto v = p.flag(n["community_correction"], base + ".community_correction", who)) m.community_correction = *v;
  m.school = p.choice<model::School>(n["school"], base + ".school", who, model::parse_school);
  if (auto v = p.flag(n["boarding"], base + ".boarding", who)) m.boarding = *v;
  if (auto v = p.flag(n["university_freshman"], base + ".university_freshman", who)) m.university_freshman = *v;
  if (Parser::present(n["insurance"])) {
    const auto& ins = n["insurance"];
    if (!ins.IsMap()) {
      p.add("bad_value", base + ".insurance", who, "保险应为映射");
    } else {
      if (auto v = p.flag(ins["medical"], base + ".insurance.medical", who)) m.insurance.medical = *v;
      if (auto v = p.flag(ins["critical_illness"], base + ".insurance.critical_illness", who))
        m.insurance.critical_illness = *v;
      if (auto v = p.flag(ins["pension"], base + ".insurance.pension", who)) m.insurance.pension = *v;
    }
  }
  if (Parser::present(n["medical_self_paid"])) {
    const auto& rows = n["medical_self_paid"];
    if (!rows.IsSequence()) {
      p.add("bad_value", base + ".medical_self_paid", who, "应为列表");
    } else {
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string f = base + ".medical_self_paid[" + std::to_string(k) + "]";
        if (!p.row(rows[k], f, who)) continue;
        model::MedicalSelfPaid row;
        auto y = p.integer(rows[k]["year"], f + ".year", who);
        if (!y || *y < 1900 || *y > 2999) {
          if (!y) p.add("bad_date", f + ".year", who, "年份缺失或无效");
          else p.add("bad_date", f + ".year", who, "年份无效");
        } else {
          row.year = static_cast<int>(*y);
        }
        if (auto a = p.money(rows[k]["amount"], f + ".amount", who)) row.amount = *a;
        m.medical_self_paid.push_back(row);
      }
    }
  }
}

}  // namespace

Problems validate_household(const model::Household& h, const model::RegionCatalog& regions) {
  Problems out;
  if (h.id.empty()) out.push_back(make_problem("missing_field", "id", "", "缺少户编号"));
  if (h.region.empty()) {
    out.push_back(make_problem("missing_field", "region", "", "缺少行政区划代码"));
  } else if (!regions.contains(h.region)) {
    out.push_back(make_problem("unknown_region", "region", "", "行政区划代码不在广西区划代码表中: " + h.region));
  }
  if (h.members.empty()) out.push_back(make_problem("empty_household", "members", "", "家庭没有成员，不能登记或发放"));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < h.members.size(); ++i) {
    const auto& m = h.members[i];
    const std::string base = "members[" + std::to_string(i) + "]";
    if (m.id.empty()) {
      out.push_back(make_problem("missing_field", base + ".id", "", "成员缺少身份证号"));
      continue;
    }
    auto info = model::parse_citizen_id(m.id);
    if (!info) {
      out.push_back(make_problem("invalid_id", base + ".id", m.id, "身份证号不符合 GB 11643（长度、出生日期或校验码）"));
    } else {
      if (info->sex != m.sex)
        out.push_back(make_problem("id_mismatch", base + ".sex", m.id, "性别与身份证号不符（第17位奇数为男）"));
      if (info->birth_date != m.birth_date)
        out.push_back(make_problem("id_mismatch", base + ".birth_date", m.id, "出生日期与身份证号不符"));
    }
    if (!seen.insert(m.id).second)
      out.push_back(make_problem("duplicate_member", base + ".id", m.id, "同一人在本户中出现两次"));
  }
  return out;
}

Result<model::Household> parse_household(const YAML::Node& node, const model::RegionCatalog& regions) {
  Parser p(regions);
  model::Household h;
  if (!node.IsMap()) return make_problem("bad_value", "", "", "家庭记录应为映射（JSON 对象）");

  if (auto s = p.scalar(node["id"], "id", "")) h.id = *s;
  if (auto s = p.scalar(node["region"], "region", "")) h.region = *s;
  if (auto v = p.choice<model::Residence>(node["residence"], "residence", "", [](std::string_view s) {
        return s == "urban" ? std::optional(model::Residence::kUrban)
               : s == "migrant" ? std::optional(model::Residence::kMigrant)
                                : std::nullopt;
      }))
    h.residence = *v;
  h.urban_years = p.decimal(node["urban_years"], "urban_years", "");
  if (auto v = p.flag(node["residence_permit"], "residence_permit", "")) h.residence_permit = *v;
  h.lacks_labour_cause = p.choice<model::LacksLabourCause>(node["lacks_labour_cause"], "lacks_labour_cause", "",
                                                           model::parse_lacks_labour_cause);

  const auto& members = node["members"];
  bool members_missing = !Parser::present(members);
  if (members_missing) {
    p.add("missing_field", "members", "", "缺少成员列表");
  } else if (!members.IsSequence()) {
    p.add("bad_value", "members", "", "成员应为列表");
  } else {
    h.members.resize(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) parse_member(p, members[i], i, h.members[i]);
  }

  std::unordered_map<std::string, int> index;
  for (std::size_t i = 0; i < h.members.size(); ++i) index.emplace(h.members[i].id, static_cast<int>(i));
  auto member_ref = [&](const YAML::Node& n, const std::string& field) -> std::optional<int> {
    if (!Parser::present(n)) return -1;
    auto s = p.scalar(n, field, "");
    if (!s) return std::nullopt;
    auto it = index.find(*s);
    if (it == index.end()) {
      p.add("bad_value", field, *s, "该行指向的人不是本户成员: " + *s);
      return std::nullopt;
    }
    return it->second;
  };

  if (Parser::present(node["income"])) {
    const auto& rows = node["income"];
    if (!rows.IsSequence()) {
      p.add("bad_value", "income", "", "收入应为列表");
    } else {
      std::vector<model::IncomeRow> out;
      out.reserve(rows.size());
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string f = "income[" + std::to_string(k) + "]";
        if (!p.row(rows[k], f, "")) continue;
        auto mem = member_ref(rows[k]["member"], f + ".member");
        std::string who = mem && *mem >= 0 ? h.members[*mem].id : "";
        auto mo = p.month(rows[k]["month"], f + ".month", who);
        auto kind = p.choice<model::IncomeKind>(rows[k]["kind"], f + ".kind", who, model::parse_income_kind);
        if (!kind && !Parser::present(rows[k]["kind"])) p.add("missing_field", f + ".kind", who, "缺少收入类型");
        auto amt = p.money(rows[k]["amount"], f + ".amount", who);
        if (mem && mo && kind && amt) out.push_back({*mem, *mo, *kind, *amt});
      }
      h.income = std::move(out);
    }
  }
  if (Parser::present(node["expenditure"])) {
    const auto& rows = node["expenditure"];
    if (!rows.IsSequence()) {
      p.add("bad_value", "expenditure", "", "支出应为列表");
    } else {
      std::vector<model::ExpenditureRow> out;
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string f = "expenditure[" + std::to_string(k) + "]";
        if (!p.row(rows[k], f, "")) continue;
        auto mem = member_ref(rows[k]["member"], f + ".member");
        std::string who = mem && *mem >= 0 ? h.members[*mem].id : "";
        auto mo = p.month(rows[k]["month"], f + ".month", who);
        auto kind = p.choice<model::ExpenditureKind>(rows[k]["kind"], f + ".kind", who, model::parse_expenditure_kind);
        if (!kind && !Parser::present(rows[k]["kind"])) p.add("missing_field", f + ".kind", who, "缺少支出类型");
        auto amt = p.money(rows[k]["amount"], f + ".amount", who);
        if (mem && mo && kind && amt) out.push_back({*mem, *mo, *kind, *amt});
      }
      h.expenditure = std::move(out);
    }
  }
  if (Parser::present(node["assets"])) {
    const auto& a = node["assets"];
    if (!a.IsMap()) {
      p.add("bad_value", "assets", "", "财产应为映射");
    } else {
      model::Assets as;
      bool complete = true;
      if (Parser::present(a["financial"])) {
        if (auto v = p.money(a["financial"], "assets.financial", "")) as.financial = *v;
      } else {
        complete = false;  // financial assets unknown: the asset test cannot be decided (R2.5)
      }
      if (Parser::present(a["vehicles"])) {
        if (!a["vehicles"].IsSequence()) {
          p.add("bad_value", "assets.vehicles", "", "机动车应为列表");
        } else {
          for (std::size_t k = 0; k < a["vehicles"].size(); ++k) {
            if (auto v = p.choice<model::Vehicle>(a["vehicles"][k], "assets.vehicles[" + std::to_string(k) + "]", "",
                                                  model::parse_vehicle))
              as.vehicles.push_back(*v);
          }
        }
      }
      if (Parser::present(a["dwellings"])) {
        if (auto v = p.integer(a["dwellings"], "assets.dwellings", "")) as.dwellings = static_cast<int>(*v);
      } else {
        complete = false;
      }
      as.floor_area_m2 = p.decimal(a["floor_area_m2"], "assets.floor_area_m2", "");
      if (Parser::present(a["business_capital"])) {
        if (auto v = p.money(a["business_capital"], "assets.business_capital", "")) as.business_capital = *v;
      }
      if (complete) h.assets = as;
    }
  }
  if (Parser::present(node["history"])) {
    const auto& hi = node["history"];
    if (!hi.IsMap()) {
      p.add("bad_value", "history", "", "历史应为映射");
    } else {
      h.history.category = p.choice<model::HistoryCategory>(hi["category"], "history.category", "",
                                                            model::parse_history_category);
      if (Parser::present(hi["category_since"])) h.history.category_since = p.month(hi["category_since"], "history.category_since", "");
      if (Parser::present(hi["last_benefit"])) h.history.last_benefit = p.money(hi["last_benefit"], "history.last_benefit", "");
      if (auto s = p.scalar(hi["exit_reason"], "history.exit_reason", "")) h.history.exit_reason = *s;
      if (Parser::present(hi["exit_started"])) h.history.exit_started = p.month(hi["exit_started"], "history.exit_started", "");
      if (Parser::present(hi["case_by_case_paid"])) {
        const auto& rows = hi["case_by_case_paid"];
        if (!rows.IsSequence()) {
          p.add("bad_value", "history.case_by_case_paid", "", "应为列表");
        } else {
          for (std::size_t k = 0; k < rows.size(); ++k) {
            const std::string f = "history.case_by_case_paid[" + std::to_string(k) + "]";
            if (!p.row(rows[k], f, "")) continue;
            auto d = p.date(rows[k]["date"], f + ".date", "");
            auto amt = p.money(rows[k]["amount"], f + ".amount", "");
            if (d && amt) h.history.case_by_case_paid.push_back({*d, *amt});
          }
        }
      }
    }
  }
  if (Parser::present(node["requests"])) {
    const auto& rows = node["requests"];
    if (!rows.IsSequence()) {
      p.add("bad_value", "requests", "", "申请应为列表");
    } else {
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::string f = "requests[" + std::to_string(k) + "]";
        if (!p.row(rows[k], f, "")) continue;
        auto kind = p.choice<model::RequestKind>(rows[k]["kind"], f + ".kind", "", [](std::string_view s) {
          return s == "case_by_case" ? std::optional(model::RequestKind::kCaseByCase) : std::nullopt;
        });
        auto d = p.date(rows[k]["date"], f + ".date", "");
        auto amt = p.money(rows[k]["amount"], f + ".amount", "");
        if (kind && d && amt) h.requests.push_back({*kind, *d, *amt});
      }
    }
  }

  // Record-level rules (ids, duplicates, region, empty) — skipping what the field parse already said.
  for (auto& prob : validate_household(h, regions)) {
    bool dup = false;
    for (const auto& q : p.problems)
      if (q.code == prob.code && q.field == prob.field) dup = true;
    if (prob.code == "empty_household" && members_missing) dup = true;
    if (prob.code == "missing_field" && prob.field.rfind("members[", 0) == 0) dup = true;  // said above
    if (!dup) p.problems.push_back(prob);
  }
  if (!p.problems.empty()) return p.problems;
  return h;
}

std::string join_json_surrogate_escapes(const std::string& text) {
  auto hex4 = [&](std::size_t at, unsigned& v) {
    if (at + 4 > text.size()) return false;
    v = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char c = text[k];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<unsigned>(d);
    }
    return true;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    unsigned hi = 0, lo = 0;
    if (text[i + 1] == 'u' && hex4(i + 2, hi) && hi >= 0xD800 && hi <= 0xDBFF && i + 7 < text.size() &&
        text[i + 6] == '\\' && text[i + 7] == 'u' && hex4(i + 8, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
      const unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\U%08X", cp);
      out += buf;
      i += 11;
      continue;
    }
    out += text[i];
    out += text[i + 1];  // an escaped character, perhaps a backslash: never the start of another escape
    ++i;
  }
  return out;
}

Result<model::Household> parse_household_text(const std::string& text, const model::RegionCatalog& regions) {
  YAML::Node node;
  try {
    node = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // JSON may write 𠮷 as the escaped surrogate pair "\ud842\udfb7" (Python's json.dumps does by
    // default), which yaml-cpp refuses ("invalid unicode"): read it again with the pairs joined.
    // Only after a failure, so a document that already reads is never reinterpreted.
    const std::string joined = join_json_surrogate_escapes(text);
    bool ok = false;
    if (joined != text) {
      try {
        node = YAML::Load(joined);
        ok = true;
      } catch (const YAML::Exception&) {
      }
    }
    if (!ok) return make_problem("bad_value", "", "", std::string("无法解析 JSON/YAML: ") + e.what());
  }
  return parse_household(node, regions);
}

std::string household_to_json(const model::Household& h) {
  JsonWriter w;
  w.begin_object();
  w.key("id").string(h.id);
  w.key("region").string(h.region);
  w.key("residence").string(h.residence == model::Residence::kUrban ? "urban" : "migrant");
  if (h.urban_years) w.key("urban_years").number(*h.urban_years);
  if (h.residence_permit) w.key("residence_permit").boolean(true);
  if (h.lacks_labour_cause) w.key("lacks_labour_cause").string(to_string(*h.lacks_labour_cause));
  w.key("members").begin_array();
  for (const auto& m : h.members) {
    w.begin_object();
    w.key("id").string(m.id);
    w.key("name").string(m.name);
    w.key("relation").string(to_string(m.relation));
    w.key("sex").string(to_string(m.sex));
    w.key("birth_date").string(m.birth_date.to_string());
    if (m.employment) w.key("employment").string(to_string(*m.employment));
    if (m.disability) {
      w.key("disability").begin_object();
      w.key("grade").integer(m.disability->grade);
      w.key("type").string(to_string(m.disability->type));
      w.end_object();
    }
    if (!m.self_care) w.key("self_care").null();
    else if (*m.self_care != model::SelfCare::kAble) w.key("self_care").string(to_string(*m.self_care));
    if (m.serious_illness) w.key("serious_illness").boolean(true);
    if (m.orphan) w.key("orphan").string(to_string(*m.orphan));
    if (m.legal_supporters) w.key("legal_supporters").string(to_string(*m.legal_supporters));
    if (m.supported_by) w.key("supported_by").string(to_string(*m.supported_by));
    if (m.community_correction) w.key("community_correction").boolean(true);
    if (m.school) w.key("school").string(to_string(*m.school));
    if (m.boarding) w.key("boarding").boolean(true);
    if (m.university_freshman) w.key("university_freshman").boolean(true);
    if (!m.insurance.medical || !m.insurance.critical_illness || !m.insurance.pension) {
      w.key("insurance").begin_object();
      w.key("medical").boolean(m.insurance.medical);
      w.key("critical_illness").boolean(m.insurance.critical_illness);
      w.key("pension").boolean(m.insurance.pension);
      w.end_object();
    }
    if (!m.medical_self_paid.empty()) {
      w.key("medical_self_paid").begin_array();
      for (const auto& r : m.medical_self_paid) {
        w.begin_object().key("year").integer(r.year).key("amount").yuan(r.amount).end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  auto member_id = [&](int idx) { return h.members[static_cast<std::size_t>(idx)].id; };
  if (h.income) {
    w.key("income").begin_array();
    for (const auto& r : *h.income) {
      w.begin_object();
      if (r.member >= 0) w.key("member").string(member_id(r.member));
      w.key("month").string(r.month.to_string()).key("kind").string(to_string(r.kind)).key("amount").yuan(r.amount);
      w.end_object();
    }
    w.end_array();
  }
  if (h.expenditure) {
    w.key("expenditure").begin_array();
    for (const auto& r : *h.expenditure) {
      w.begin_object();
      if (r.member >= 0) w.key("member").string(member_id(r.member));
      w.key("month").string(r.month.to_string()).key("kind").string(to_string(r.kind)).key("amount").yuan(r.amount);
      w.end_object();
    }
    w.end_array();
  }
  if (h.assets) {
    const auto& a = *h.assets;
    w.key("assets").begin_object();
    w.key("financial").yuan(a.financial);
    w.key("vehicles").begin_array();
    for (auto v : a.vehicles) w.string(to_string(v));
    w.end_array();
    w.key("dwellings").integer(a.dwellings);
    if (a.floor_area_m2) w.key("floor_area_m2").number(*a.floor_area_m2);
    w.key("business_capital").yuan(a.business_capital);
    w.end_object();
  }
  const auto& hi = h.history;
  if (hi.category || hi.last_benefit || hi.exit_reason || hi.exit_started || !hi.case_by_case_paid.empty()) {
    w.key("history").begin_object();
    if (hi.category) w.key("category").string(to_string(*hi.category));
    if (hi.category_since) w.key("category_since").string(hi.category_since->to_string());
    if (hi.last_benefit) w.key("last_benefit").yuan(*hi.last_benefit);
    if (hi.exit_reason) w.key("exit_reason").string(*hi.exit_reason);
    if (hi.exit_started) w.key("exit_started").string(hi.exit_started->to_string());
    if (!hi.case_by_case_paid.empty()) {
      w.key("case_by_case_paid").begin_array();
      for (const auto& r : hi.case_by_case_paid)
        w.begin_object().key("date").string(r.date.to_string()).key("amount").yuan(r.amount).end_object();
      w.end_array();
    }
    w.end_object();
  }
  if (!h.requests.empty()) {
    w.key("requests").begin_array();
    for (const auto& r : h.requests)
      w.begin_object()
          .key("kind").string("case_by_case")
          .key("date").string(r.date.to_string())
          .key("amount").yuan(r.amount)
          .end_object();
    w.end_array();
  }
  w.end_object();
  return w.take();
}

}  // namespace safetynet::io
