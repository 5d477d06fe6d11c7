#include "params/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "params/catalog.hpp"

namespace safetynet::params {
namespace {

namespace fs = std::filesystem;

Problem file_problem(const std::string& code, const std::string& file, const std::string& field,
                     const std::string& msg) {
  Problem p = make_problem(code, field, "", msg);
  p.file = file;
  return p;
}

bool looks_like_date(const std::string& s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

// Checks a value against its parameter's unit and rule; "" when fine.
std::string check_value(const ParameterInfo& info, const std::string& name, Decimal v) {
  if (v.units < 0) return "参数值不能为负";
  switch (info.unit) {
    case Unit::kYuanPerMonth:
    case Unit::kYuanPerYear:
    case Unit::kYuan:
      if (!v.is_whole_fen()) return "金额不能精确到分以下";
      break;
    case Unit::kMonths:
    case Unit::kCount:
    case Unit::kYears:
      if (!v.is_integer()) return "应为整数";
      break;
    case Unit::kFlag:
      if (v != Decimal::of_int(0) && v != Decimal::of_int(1)) return "应为 0 或 1";
      break;
    default:
      break;
  }
  if (name.rfind("medical_assistance_ratio", 0) == 0 && v < Decimal{7000})
    return "医疗救助比例不得低于 0.70（R4.2）";
  // The policy's floors and plain bounds (SPEC P "minimum"): a reform may raise them, never go below.
  if (name == "tekun_multiplier" && v < Decimal{13000}) return "特困供养标准倍数不得低于 1.3（R3.1）";
  if (name == "care_fee_rate.none" && v < Decimal{6000}) return "全护理照料护理费比例不得低于 0.60（R3.2）";
  if (name == "care_fee_rate.partial" && v < Decimal{3000}) return "半护理照料护理费比例不得低于 0.30（R3.2）";
  if ((name.rfind("medical_assistance_ratio", 0) == 0 || name.rfind("medical_premium_share", 0) == 0) &&
      v > Decimal::of_int(1))
    return "比例不能超过 1（100%）";
  if (name == "low_income_multiplier" && v < Decimal::of_int(1)) return "低收入标准不能低于低保标准（倍数不小于 1，R1.4）";
  if (name == "gradual_exit_months" && (v < Decimal::of_int(6) || v > Decimal::of_int(12)))
    return "渐退期应在 6 至 12 个月之间（R3.6）";
  if ((name == "income_window_months" || name == "zero_employment_window_months") && v.units == 0)
    return "收入计算期不能为 0";
  if (name == "rounding" && v.units == 0) return "取整单位不能为 0";
  return "";
}

// Reads {date: value | {value, reference}} into points; problems name the file and date.
std::optional<Series> read_series(const YAML::Node& values, const ParameterInfo& info, const std::string& name,
                                  const std::string& file, Problems& problems) {
  Series s;
  s.file = file;
  if (!values.IsMap()) {
    problems.push_back(file_problem("bad_value", file, name, "values 应为 {日期: 值} 映射"));
    return std::nullopt;
  }
  bool ok = true;
  for (auto it = values.begin(); it != values.end(); ++it) {
    std::string key = it->first.Scalar();
    auto d = model::parse_date(key);
    if (!d) {
      problems.push_back(file_problem("bad_date", file, name, "不存在的日期: " + key));
      ok = false;
      continue;
    }
    // A copy, not a reference: `it->second` lives in a proxy the iterator's operator-> returns,
    // destroyed at the end of this statement (AddressSanitizer: stack-use-after-scope, found by
    // fuzz/params_fuzz on the shipped policy files). A Node is a cheap handle.
    const YAML::Node v = it->second;
    std::string text;
    std::string reference;
    if (v.IsMap()) {
      if (!v["value"] || !v["value"].IsScalar()) {
        problems.push_back(file_problem("bad_value", file, name, key + " 缺少 value"));
        ok = false;
        continue;
      }
      text = v["value"].Scalar();
      if (v["reference"]) reference = v["reference"].Scalar();
    } else if (v.IsScalar()) {
      text = v.Scalar();
    } else {
      problems.push_back(file_problem("bad_value", file, name, key + " 的值无效"));
      ok = false;
      continue;
    }
    auto dec = parse_decimal(text);
    if (!dec) {
      problems.push_back(file_problem("bad_value", file, name, key + " 的值不是数字: " + text));
      ok = false;
      continue;
    }
    if (auto why = check_value(info, name, *dec); !why.empty()) {
      problems.push_back(file_problem("bad_value", file, name, key + ": " + why));
      ok = false;
      continue;
    }
    s.points.push_back(Point{model::first_month_on_or_after(*d), *d, *dec, reference});
  }
  if (auto err = check_ordered(s.points)) {
    problems.push_back(file_problem("bad_date", file, name, *err));
    ok = false;
  }
  // Two dates in one month (2019-07-02 and 2019-07-15) both apply from August: keep the later.
  std::vector<Point> merged;
  for (auto& p : s.points) {
    if (!merged.empty() && merged.back().from == p.from) merged.back() = p;
    else merged.push_back(p);
  }
  s.points = std::move(merged);
  if (!ok) return std::nullopt;
  return s;
}

}  // namespace

Result<ParameterSet> load_policy(const std::string& dir) {
  ParameterSet set;
  Problems problems;
  const std::string index = dir + "/index.yaml";
  try {
    YAML::Node idx = YAML::LoadFile(index);
    auto from = model::parse_month(idx["covers"]["from"].as<std::string>(""));
    auto to = model::parse_month(idx["covers"]["to"].as<std::string>(""));
    if (!from || !to || *to < *from) {
      return file_problem("bad_date", index, "covers", "covers.from / covers.to 应为 YYYY-MM 且 from ≤ to");
    }
    set.covers_from = *from;
    set.covers_to = *to;
  } catch (const YAML::Exception& e) {
    return file_problem("bad_value", index, "", std::string("无法读取参数索引: ") + e.what());
  }

  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_directory() && it->path().filename() == "reforms") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->path().extension() == ".yaml" && it->path().filename() != "index.yaml") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());

  std::map<std::string, std::string> seen;  // "name@region" -> file
  for (const auto& path : files) {
    const std::string file = path.string();
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(file);
    } catch (const YAML::Exception& e) {
      problems.push_back(file_problem("bad_value", file, "", std::string("YAML 语法错误: ") + e.what()));
      continue;
    }
    // yaml-cpp throws when a key is looked up in a scalar or a list (a file holding just `5`, or a
    // list), so the shape is checked first (found by fuzz/params_fuzz: the exception ended the process).
    if (!doc.IsMap()) {
      problems.push_back(file_problem("bad_value", file, "", "参数文件应为映射（name、unit、values）"));
      continue;
    }
    std::string name = doc["name"].as<std::string>("");
    const ParameterInfo* info = find_parameter(name);
    if (!info) {
      problems.push_back(file_problem("bad_value", file, "name", "未知参数: " + name));
      continue;
    }
    std::string unit = doc["unit"].as<std::string>("");
    if (unit != unit_name(info->unit)) {
      problems.push_back(file_problem("bad_value", file, "unit",
                                      "单位应为 " + std::string(unit_name(info->unit)) + "，文件写的是 " + unit));
      continue;
    }
    // A file named after a 6-digit region code is that region's override; others are region-wide.
    std::string stem = path.stem().string();
    std::string region = "450000";
    if (stem.size() == 6 && stem.find_first_not_of("0123456789") == std::string::npos) region = stem;
    auto series = read_series(doc["values"], *info, name, file, problems);
    if (!series) continue;
    if (series->points.empty()) {
      problems.push_back(file_problem("no_parameter", file, name, "参数没有任何取值"));
      continue;
    }
    // Two files for the same parameter and region would make one silently win.
    if (auto [it, fresh] = seen.emplace(name + "@" + region, file); !fresh) {
      problems.push_back(file_problem("bad_value", file, name, "参数重复定义（另见 " + it->second + "）"));
      continue;
    }
    set.set(name, region, std::move(*series));
  }

  // Every required parameter must be in force for every covered month (checked at the 自治区 level;
  // regional overrides fall back to it before their own first date).
  for (const auto& info : parameter_catalog()) {
    if (!info.required) continue;
    std::string name(info.name);
    const Series* s = set.find(name, "450000");
    if (!s) {
      problems.push_back(file_problem("no_parameter", dir, name, "缺少必需参数: " + name));
      continue;
    }
    if (s->points.front().from > set.covers_from) {
      problems.push_back(file_problem("no_parameter", s->file, name,
                                      "月份 " + set.covers_from.to_string() + " 没有生效的值（首个值自 " +
                                          s->points.front().effective.to_string() + " 起）"));
    }
  }
  if (!problems.empty()) return problems;
  return set;
}

namespace {

// `[car, motorcycle]` -> bit set (catalog.hpp kVehicleSet); nullopt for an unknown kind.
std::optional<Decimal> vehicle_set(const YAML::Node& list) {
  std::int64_t bits = 0;
  for (const auto& v : list) {
    const std::string k = v.IsScalar() ? v.Scalar() : "";
    if (k == "car") bits |= 1;
    else if (k == "motorcycle") bits |= 2;
    else if (k == "disability_vehicle") bits |= 4;
    else return std::nullopt;
  }
  return Decimal::of_int(bits);
}

}  // namespace

Problems apply_overrides(ParameterSet& set, const YAML::Node& node, const std::string& origin, bool strict,
                         std::vector<std::string>* unknown) {
  Problems problems;
  if (!node.IsDefined() || node.IsNull()) return problems;
  if (!node.IsMap()) {
    problems.push_back(file_problem("bad_value", origin, "params", "params 应为映射"));
    return problems;
  }
  // Walk nested maps; a map whose keys are all dates is a dated series. YAML aliases let a few lines
  // name a map of 2^40 entries (`b: {p: *a, q: *a}`, `c: {p: *b, q: *b}` …) or one that contains itself
  // (`a: &a {b: *a}`): the walk never ended, or overflowed the stack (fuzz/regressions/params/alias_*).
  // Real overrides name a few hundred parameters, nested three or four deep.
  constexpr std::size_t kMaxEntries = 10000;
  constexpr int kMaxDepth = 16;
  std::size_t entries = 0;
  bool too_big = false;
  std::function<void(const YAML::Node&, const std::string&, int)> walk = [&](const YAML::Node& n,
                                                                             const std::string& prefix,
                                                                             int depth) {
    if (depth > kMaxDepth) {
      if (!too_big) problems.push_back(file_problem("bad_value", origin, prefix, "参数嵌套过深（别名指向自身？）"));
      too_big = true;
      return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (++entries > kMaxEntries) {
        if (!too_big)
          problems.push_back(file_problem("bad_value", origin, prefix,
                                          "参数条目超过 " + std::to_string(kMaxEntries) + " 个（别名展开过多？）"));
        too_big = true;
        return;
      }
      std::string name = prefix.empty() ? it->first.Scalar() : prefix + "." + it->first.Scalar();
      const YAML::Node v = it->second;  // a copy: see read_series
      bool dated = v.IsMap() && v.size() > 0;
      if (v.IsMap()) {
        for (auto jt = v.begin(); jt != v.end(); ++jt)
          if (!looks_like_date(jt->first.Scalar())) dated = false;
      }
      if (v.IsMap() && !dated) {
        walk(v, name, depth + 1);
        if (too_big) return;
        continue;
      }
      const ParameterInfo* info = find_parameter(name);
      static const ParameterInfo kUnknownInfo{"", Unit::kRatio, false, "", ""};
      if (!info) {
        if (strict) {
          problems.push_back(file_problem("bad_value", origin, name, "未知参数: " + name));
          continue;
        }
        if (unknown) unknown->push_back(name);
        info = &kUnknownInfo;
      }
      std::optional<Series> series;
      if (info->unit == Unit::kVehicleSet && v.IsSequence()) {
        auto bits = vehicle_set(v);
        if (!bits) {
          problems.push_back(file_problem("bad_value", origin, name, "机动车种类应为 car、motorcycle、disability_vehicle"));
          continue;
        }
        Series s;
        s.file = origin;
        s.points.push_back(Point{model::Month{0}, model::Date{0, 1, 1}, *bits, origin});
        series = s;
      } else if (dated) {
        series = read_series(v, *info, name, origin, problems);
      } else if (v.IsScalar()) {
        auto dec = parse_decimal(v.Scalar());
        if (!dec) {
          problems.push_back(file_problem("bad_value", origin, name, "参数值不是数字: " + v.Scalar()));
          continue;
        }
        if (auto why = check_value(*info, name, *dec); !why.empty()) {
          problems.push_back(file_problem("bad_value", origin, name, why));
          continue;
        }
        Series s;
        s.file = origin;
        s.points.push_back(Point{model::Month{0}, model::Date{0, 1, 1}, *dec, origin});
        series = s;
      } else {
        problems.push_back(file_problem("bad_value", origin, name, "参数值无效"));
        continue;
      }
      if (!series) continue;
      series->bounded = false;
      set.override_all(name, std::move(*series));
    }
  };
  walk(node, "", 0);
  return problems;
}

namespace {
// A reform's relative changes: `scale: {dibao_standard: 1.10}` multiplies every value of the parameter in
// every region and month (every city's standard +10%); `add: {dibao_standard: 50}` adds to it. Money
// that a scale leaves finer than a fen is rounded up to the fen: a standard is a floor (R2.6, "floors
// round up"). Other results must still pass the parameter's own checks (whole months, ratio ≥ 0.70 …).
__extension__ typedef __int128 Int128;  // exact products of two Decimals (GCC and Clang)

void apply_relative(ParameterSet& set, const YAML::Node& node, const std::string& path, bool scale, Problems& ps) {
  if (!node || node.IsNull()) return;
  const char* key = scale ? "scale" : "add";
  if (!node.IsMap()) {
    ps.push_back(file_problem("bad_value", path, key, std::string(key) + " 应为 参数名: 数值 的映射"));
    return;
  }
  std::set<std::string> seen;  // yaml-cpp keeps duplicate keys: a second one must not pass unnoticed
  for (const auto& kv : node) {
    const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const std::string field = std::string(key) + "." + name;
    const ParameterInfo* info = find_parameter(name);
    if (!info) {
      ps.push_back(file_problem("bad_value", path, field, "未知参数: " + name));
      continue;
    }
    if (!seen.insert(name).second) {
      ps.push_back(file_problem("bad_value", path, field, "同一参数写了两次"));
      continue;
    }
    auto by = kv.second.IsScalar() ? parse_decimal(kv.second.Scalar()) : std::nullopt;
    if (!by) {
      ps.push_back(file_problem("bad_value", path, field, "应为最多 4 位小数的数字: " + (kv.second.IsScalar() ? kv.second.Scalar() : std::string("（不是数值）"))));
      continue;
    }
    // Bounds that keep every amount, and every sum over ten million households, far inside int64 fen.
    if (scale && (by->units <= 0 || *by > Decimal::of_int(100))) {
      ps.push_back(file_problem("bad_value", path, field, "倍数应大于 0 且不超过 100（1.10 表示提高 10%）"));
      continue;
    }
    if (!scale && (*by > Decimal::of_int(1000000) || *by < Decimal::of_int(-1000000))) {
      ps.push_back(file_problem("bad_value", path, field, "增加值应在 ±1,000,000 以内"));
      continue;
    }
    const bool money = info->unit == Unit::kYuanPerMonth || info->unit == Unit::kYuanPerYear || info->unit == Unit::kYuan;
    if (scale && !money && info->unit != Unit::kRatio) {
      ps.push_back(file_problem("bad_value", path, field, "只有金额和比例可以按倍数调整"));
      continue;
    }
    std::string why;
    const int changed = set.transform_all(name, [&](Decimal v) {
      Decimal r = v;
      if (scale) {
        // value × factor = units × factor.units / 10^4, exact in 128 bits (values are never negative).
        const Int128 x = static_cast<Int128>(v.units) * by->units;
        if (money) {
          constexpr Int128 kPerFen = Int128{Decimal::kScale} * (Decimal::kScale / model::kFenPerYuan);
          const Int128 fen = x / kPerFen + (x % kPerFen != 0 ? 1 : 0);  // up to the fen
          r.units = static_cast<std::int64_t>(fen * (Decimal::kScale / model::kFenPerYuan));
        } else {
          r.units = static_cast<std::int64_t>((x + Decimal::kScale / 2) / Decimal::kScale);  // half up
        }
      } else {
        r.units = v.units + by->units;
      }
      if (auto w = check_value(*info, name, r); !w.empty() && why.empty()) why = w + "（" + r.to_string() + "）";
      return r;
    });
    if (changed == 0) ps.push_back(file_problem("no_parameter", path, field, "基准参数中没有 " + name));
    if (!why.empty()) ps.push_back(file_problem("bad_value", path, field, why));
  }
}
}  // namespace

Result<ParameterSet> apply_reform_file(const ParameterSet& base, const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return file_problem("bad_value", path, "", "改革方案应为 YAML 文件，这是一个目录");
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return file_problem("bad_value", path, "", std::string("无法读取改革方案: ") + e.what());
  }
  // As in load_policy: `doc["parameters"]` throws on a scalar or list document.
  if (!doc.IsMap() && !doc.IsNull()) {
    return file_problem("bad_value", path, "", "改革方案应为映射（description、parameters）");
  }
  // A key twice (two `scale:` blocks, a parameter twice under `parameters:`) is refused: yaml-cpp would
  // silently keep one of them.
  Problems dup;
  auto check_unique = [&](const YAML::Node& map, const std::string& prefix) {
    if (!map || !map.IsMap()) return;
    std::set<std::string> keys;
    for (const auto& kv : map) {
      const std::string k = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (!keys.insert(k).second) dup.push_back(file_problem("bad_value", path, prefix + k, "同一键写了两次"));
    }
  };
  check_unique(doc, "");
  if (doc.IsMap()) check_unique(doc["parameters"], "parameters.");
  for (const auto& key : doc) {  // a misspelt key (`scael`) would otherwise read as "no change"
    const std::string k = key.first.IsScalar() ? key.first.Scalar() : "";
    if (k != "description" && k != "parameters" && k != "scale" && k != "add" && k != "name") {
      dup.push_back(file_problem("bad_value", path, k, "改革方案只认 name、description、parameters、scale、add"));
    }
  }
  if (!dup.empty()) return dup;
  if (!doc.IsMap() || (!doc["parameters"] && !doc["scale"] && !doc["add"])) {
    return file_problem("bad_value", path, "", "改革方案没有改动任何参数（parameters、scale 或 add）");
  }
  ParameterSet out = base;
  Problems ps = apply_overrides(out, doc["parameters"], path);
  apply_relative(out, doc["scale"], path, /*scale=*/true, ps);
  apply_relative(out, doc["add"], path, /*scale=*/false, ps);
  if (!ps.empty()) return ps;
  return out;
}

}  // namespace safetynet::params
