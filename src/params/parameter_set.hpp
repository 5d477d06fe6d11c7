#pragma once
// The parameter set (SPEC section P): every parameter as a dated series per region, with region
// overrides resolved county → 设区市 → 自治区 (450000).
//
// Dates follow R2.7: a value effective on a day other than the 1st applies from the next month; the
// value for a month is the one in force on its first day. Series loaded from the policy files are
// bounded by the months the files declare they cover (`covers`); asking outside that range gives no
// value, which the rules report as `no_parameter`. A series given by a case (acceptance `params`) or a
// reform replaces that parameter's whole series in every region and is not bounded.
// Read-only after loading: safe to share between threads.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/month.hpp"
#include "params/decimal.hpp"

namespace safetynet::params {

struct Point {
  model::Month from;       // first month the value applies (R2.7)
  model::Date effective;   // the date as written
  Decimal value;
  std::string reference;   // source document / note, for explanations and docs
};

struct Series {
  std::vector<Point> points;  // strictly increasing `from`
  bool bounded = true;        // false for case/reform overrides: no `covers` limit
  std::string file;           // which file answered (for explanations)
};

class ParameterSet {
 public:
  model::Month covers_from = model::Month::of(2018, 1);
  model::Month covers_to = model::Month::of(2020, 12);

  // Adds or replaces the series of `name` for `region` ("450000", a 设区市 "450100" or a county).
  void set(const std::string& name, const std::string& region, Series series);

  // Replaces the whole series of `name` in every region (case params, reforms).
  void override_all(const std::string& name, Series series);

  // The series that answers for `region` (county → city → 450000), or nullptr.
  const Series* find(const std::string& name, const std::string& region) const;

  // The value in force on the first day of `month` for `region`; nullopt when there is none
  // (no series, before its first value, or outside `covers` for a bounded series).
  std::optional<Decimal> value(const std::string& name, const std::string& region, model::Month month) const;

  // Replaces every value of `name` in every region's series by `change(value)` (reform `scale:` and
  // `add:`, loader.hpp), keeping dates and bounds; returns how many series were changed (0 = no such
  // parameter).
  int transform_all(const std::string& name, const std::function<Decimal(Decimal)>& change);

  // Every parameter name known to the set.
  std::vector<std::string> names() const;

 private:
  std::unordered_map<std::string, std::unordered_map<std::string, Series>> series_;  // name -> region -> series
};

// Builds a series from dated values ({date: value}), sorted; refuses unordered or duplicate dates
// (returns an error text naming the date) — used by the loader and by case/reform overrides.
std::optional<std::string> check_ordered(const std::vector<Point>& points);

}  // namespace safetynet::params
