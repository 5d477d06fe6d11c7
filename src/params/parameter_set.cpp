#include "params/parameter_set.hpp"

namespace safetynet::params {

void ParameterSet::set(const std::string& name, const std::string& region, Series series) {
  series_[name][region] = std::move(series);
}

void ParameterSet::override_all(const std::string& name, Series series) {
  auto& by_region = series_[name];
  by_region.clear();
  by_region["450000"] = std::move(series);
}

int ParameterSet::transform_all(const std::string& name, const std::function<Decimal(Decimal)>& change) {
  auto it = series_.find(name);
  if (it == series_.end()) return 0;
  int n = 0;
  for (auto& [region, series] : it->second) {
    (void)region;
    for (auto& p : series.points) p.value = change(p.value);
    ++n;
  }
  return n;
}

const Series* ParameterSet::find(const std::string& name, const std::string& region) const {
  auto it = series_.find(name);
  if (it == series_.end()) return nullptr;
  const auto& by_region = it->second;
  if (region.size() >= 6) {
    if (auto c = by_region.find(region.substr(0, 6)); c != by_region.end()) return &c->second;
    if (auto c = by_region.find(region.substr(0, 4) + "00"); c != by_region.end()) return &c->second;
  }
  if (auto c = by_region.find("450000"); c != by_region.end()) return &c->second;
  return nullptr;
}

namespace {

// The value of one series in force in `month`, ignoring bounds.
const Point* point_in_force(const Series& s, model::Month month) {
  const Point* hit = nullptr;
  for (const auto& p : s.points) {
    if (p.from <= month) hit = &p;
    else break;
  }
  return hit;
}

}  // namespace

std::optional<Decimal> ParameterSet::value(const std::string& name, const std::string& region,
                                           model::Month month) const {
  auto it = series_.find(name);
  if (it == series_.end()) return std::nullopt;
  const auto& by_region = it->second;
  // county → 设区市 → 自治区; an override that starts later than the month falls back to its parent.
  std::string chain[3] = {region.size() >= 6 ? region.substr(0, 6) : "",
                          region.size() >= 6 ? region.substr(0, 4) + "00" : "", "450000"};
  for (const auto& code : chain) {
    if (code.empty()) continue;
    auto c = by_region.find(code);
    if (c == by_region.end()) continue;
    const Series& s = c->second;
    if (s.bounded && (month < covers_from || month > covers_to)) return std::nullopt;
    if (const Point* p = point_in_force(s, month)) return p->value;
  }
  return std::nullopt;
}

std::vector<std::string> ParameterSet::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : series_) out.push_back(k);
  return out;
}

std::optional<std::string> check_ordered(const std::vector<Point>& points) {
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].effective == points[i - 1].effective) return "日期重复: " + points[i].effective.to_string();
    if (points[i].effective < points[i - 1].effective) return "日期未按顺序: " + points[i].effective.to_string();
  }
  return std::nullopt;
}

}  // namespace safetynet::params
