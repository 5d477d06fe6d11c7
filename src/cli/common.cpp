#include "cli/common.hpp"

#include <unistd.h>

#include "params/loader.hpp"

namespace safetynet::cli {

void print_problems(const Problems& ps, std::FILE* to) {
  for (const auto& p : ps) std::fprintf(to, "  %s\n", p.to_string().c_str());
}

std::optional<params::ParameterSet> load_policy_or_report() {
  auto set = params::load_policy(model::default_policy_dir());
  if (!set) {
    std::fprintf(stderr, "参数文件有误（%s）:\n", model::default_policy_dir().c_str());
    print_problems(set.problems());
    return std::nullopt;
  }
  return std::move(set).value();
}

std::optional<model::RegionCatalog> load_regions_or_report() {
  auto cat = model::RegionCatalog::load(model::default_region_dir());
  if (!cat) {
    print_problems(cat.problems());
    return std::nullopt;
  }
  return std::move(cat).value();
}

std::optional<model::Month> parse_month_or_report(const std::string& text) {
  auto m = model::parse_month(text);
  if (!m) std::fprintf(stderr, "bad_date --month: 月份应为 YYYY-MM，收到 \"%s\"\n", text.c_str());
  return m;
}

std::FILE* progress_stream() { return isatty(fileno(stderr)) ? stderr : nullptr; }

}  // namespace safetynet::cli
