#include "report/standard_progress.hpp"

#include <cstdio>

#include "model/region.hpp"

namespace safetynet::report {
namespace {

std::optional<model::Fen> fen_value(const params::ParameterSet& p, const char* name, const std::string& region,
                                    model::Month m) {
  auto v = p.value(name, region, m);
  if (!v) return std::nullopt;
  return v->to_fen();
}

// Plain mean of the 14 standards of `m`: nullopt when any is unknown. `sum` gets the exact sum.
std::optional<model::Fen> plain_mean(const params::ParameterSet& p, model::Month m, model::Int128* sum = nullptr) {
  model::Int128 s = 0;
  for (const auto& c : guangxi_cities()) {
    auto v = fen_value(p, "dibao_standard", c, m);
    if (!v) return std::nullopt;
    s += *v;
  }
  if (sum) *sum = s;
  return model::round_half_away(s, static_cast<model::Int128>(guangxi_cities().size()), 1);
}

}  // namespace

const std::vector<std::string>& guangxi_cities() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v;
    for (int i = 0; i < model::kGuangxiCities; ++i) v.push_back(model::guangxi_city_code(i));
    return v;
  }();
  return k;
}

long ratio_bp(std::int64_t numerator, std::int64_t denominator) {
  return static_cast<long>(model::round_half_away(static_cast<model::Int128>(numerator) * 10000, denominator, 1));
}

std::string format_percent_bp(long bp) {
  const long a = bp < 0 ? -bp : bp;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%ld.%02ld%%", bp < 0 ? "-" : "", a / 100, a % 100);
  return buf;
}

StandardProgress standard_progress(const params::ParameterSet& params, model::Month month,
                                   const std::map<std::string, long>& dibao_persons) {
  StandardProgress r;
  r.month = month;
  r.growth_rate = params.value("standard_growth_rate", "450000", month);
  r.target = fen_value(params, "guangxi_average_standard", "450000", month);
  model::Int128 weighted = 0, persons = 0;
  bool all_known = true;
  for (const auto& city : guangxi_cities()) {
    CityStandard c;
    c.city = city;
    c.standard = fen_value(params, "dibao_standard", city, month);
    c.year_before = fen_value(params, "dibao_standard", city, month.plus(-12));
    if (auto it = dibao_persons.find(city); it != dibao_persons.end()) c.dibao_persons = it->second;
    if (c.standard && c.year_before && *c.year_before > 0) {
      c.growth_bp = ratio_bp(*c.standard - *c.year_before, *c.year_before);
      // R3.5 "at least 10%": now ≥ before × (1 + rate), exactly in rate units of 1/10000.
      if (r.growth_rate)
        c.meets = static_cast<model::Int128>(*c.standard) * params::Decimal::kScale >=
                  static_cast<model::Int128>(*c.year_before) * (params::Decimal::kScale + r.growth_rate->units);
    }
    if (c.standard) {
      weighted += static_cast<model::Int128>(*c.standard) * c.dibao_persons;
      persons += c.dibao_persons;
    } else {
      all_known = false;
    }
    r.cities.push_back(std::move(c));
  }
  model::Int128 sum = 0;
  r.mean = plain_mean(params, month, &sum);
  if (r.mean && r.target)
    r.mean_meets = sum >= static_cast<model::Int128>(*r.target) * static_cast<model::Int128>(guangxi_cities().size());
  if (all_known && persons > 0) {
    r.weighted_mean = model::round_half_away(weighted, persons, 1);
    if (r.target) r.weighted_meets = weighted >= static_cast<model::Int128>(*r.target) * persons;
  }
  for (int i = 11; i >= 0; --i) {
    const model::Month m = month.plus(-i);
    r.mean_by_month.emplace_back(m, plain_mean(params, m));
    r.target_by_month.emplace_back(m, fen_value(params, "guangxi_average_standard", "450000", m));
  }
  return r;
}

}  // namespace safetynet::report
