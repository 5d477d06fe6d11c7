#include "verify/mapping.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "io/ledger.hpp"

namespace safetynet::verify {
namespace {

Problem bad(std::string code, std::string field, std::string message, const std::string& file) {
  Problem p = make_problem(std::move(code), std::move(field), "", std::move(message));
  p.file = file;
  return p;
}

}  // namespace

static Result<Mapping> load_mapping_checked(const std::string& path);

bool needs_amount(Target t) {
  return t.fact == Fact::kIncome || t.fact == Fact::kFinancial || t.fact == Fact::kBusinessCapital ||
         t.fact == Fact::kMedicalBill;
}

std::string shipped_mapping_path(const std::string& root, Source s) {
  return root + "/feeds/" + to_string(s) + ".yaml";
}

Result<Mapping> load_mapping(const std::string& path) {
  // A mapping is hand-edited: any shape yaml-cpp cannot convert (a list where a word belongs, a folder
  // for a file) is refused naming the file, never thrown.
  try {
    return load_mapping_checked(path);
  } catch (const std::exception& e) {
    return bad("bad_file", "", std::string("映射文件无法读取或格式不对：") + e.what(), path);
  }
}

static Result<Mapping> load_mapping_checked(const std::string& path) {
  if (std::error_code ec; !std::filesystem::is_regular_file(path, ec))
    return bad("bad_file", "", "映射文件不存在或不是文件", path);
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return bad("bad_file", "", std::string("映射文件无法读取：") + e.what(), path);
  }
  if (!doc.IsMap()) return bad("bad_file", "", "映射文件应为 YAML 映射（键: 值）", path);
  for (const auto& kv : doc) {
    const std::string key = kv.first.IsScalar() ? kv.first.as<std::string>() : "?";
    static const char* const kKeys[] = {"source", "title", "encoding", "sheet", "amount_unit", "columns", "kinds", "default_kind"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
      return bad("bad_value", key, "映射文件中没有“" + key + "”这一项（可用：source title encoding sheet amount_unit "
                                   "columns kinds default_kind）", path);
  }
  Mapping m;
  m.file = path;
  Problems problems;
  auto text = [&](const YAML::Node& n, const char* field) -> std::string {
    if (!n) return "";
    if (!n.IsScalar()) {
      problems.push_back(bad("bad_value", field, "应为文字", path));
      return "";
    }
    return n.as<std::string>();
  };
  const std::string source = text(doc["source"], "source");
  if (source.empty()) {
    problems.push_back(bad("missing_field", "source", "缺少 source（14 个核对数据来源之一）", path));
  } else if (auto s = parse_source(source)) {
    m.source = *s;
  } else {
    problems.push_back(bad("bad_value", "source", "未知的数据来源 '" + source + "'", path));
  }
  m.title = text(doc["title"], "title");
  m.sheet = text(doc["sheet"], "sheet");
  const std::string enc = text(doc["encoding"], "encoding");
  if (enc.empty() || enc == "auto") m.encoding = io::Encoding::kAuto;
  else if (enc == "utf-8" || enc == "utf8") m.encoding = io::Encoding::kUtf8;
  else if (enc == "gb18030" || enc == "gbk") m.encoding = io::Encoding::kGb18030;
  else problems.push_back(bad("bad_value", "encoding", "编码应为 auto、utf-8 或 gb18030", path));
  const std::string unit = text(doc["amount_unit"], "amount_unit");
  if (unit == "m2") m.amount_is_area = true;
  else if (!unit.empty() && unit != "yuan") problems.push_back(bad("bad_value", "amount_unit", "金额单位应为 yuan 或 m2", path));

  const YAML::Node cols = doc["columns"];
  if (!cols || !cols.IsMap()) {
    problems.push_back(bad("missing_field", "columns", "缺少 columns（各列的表头）", path));
  } else {
    auto col = [&](const char* key) { return io::ledger_detail::normalise_header(text(cols[key], key)); };
    m.columns = {col("id"), col("name"), col("amount"), col("date"), col("kind"), col("region")};
    if (m.columns.id.empty()) problems.push_back(bad("missing_field", "columns.id", "缺少身份证号所在列", path));
  }
  bool any_amount = false;
  auto target = [&](const std::string& t, const std::string& field) -> std::optional<std::optional<Target>> {
    if (t == "ignore") return std::optional<Target>{};
    auto parsed = parse_target(t);
    if (!parsed) {
      problems.push_back(bad("bad_value", field, "未知的核对项目 '" + t + "'（见 docs/verification.md）", path));
      return std::nullopt;
    }
    any_amount = any_amount || needs_amount(*parsed);
    return parsed;
  };
  if (const YAML::Node kinds = doc["kinds"]; kinds && kinds.IsMap()) {
    for (const auto& kv : kinds) {
      const std::string word = kv.first.as<std::string>();
      const std::string norm = io::ledger_detail::normalise_value(word);
      if (m.kinds.count(norm)) {
        problems.push_back(bad("bad_value", "kinds." + word, "类别“" + word + "”列了两次", path));
        continue;
      }
      if (auto t = target(text(kv.second, ("kinds." + word).c_str()), "kinds." + word)) m.kinds[norm] = *t;
      else m.kinds[norm] = std::nullopt;  // refused above; keeps "kinds is empty" from being said too
    }
  }
  if (const std::string dk = text(doc["default_kind"], "default_kind"); !dk.empty()) {
    if (auto t = target(dk, "default_kind"); t && *t) m.default_kind = **t;
  }
  if (m.columns.kind.empty() && !m.default_kind)
    problems.push_back(bad("missing_field", "default_kind", "没有类别列（columns.kind）时须给 default_kind", path));
  if (!m.columns.kind.empty() && m.kinds.empty())
    problems.push_back(bad("missing_field", "kinds", "有类别列时须列出各类别的含义（kinds）", path));
  if (any_amount && m.columns.amount.empty())
    problems.push_back(bad("missing_field", "columns.amount", "所列项目需要金额，缺少金额所在列", path));
  if (!problems.empty()) return problems;
  return m;
}

}  // namespace safetynet::verify
