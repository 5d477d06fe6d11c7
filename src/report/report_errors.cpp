#include "report/report_errors.hpp"

#include "registry/supervision.hpp"

namespace safetynet::report {

Result<std::map<std::string, ErrorFigures>> supervision_errors(registry::Registry& reg, const params::ParameterSet& p,
                                                               model::Month month, const std::string& scope) {
  const model::Date as_of{month.year(), month.month(), model::days_in_month(month.year(), month.month())};
  auto tolerance = registry::error_tolerance(p, month.year(), as_of);
  if (!tolerance) return tolerance.problems();
  const auto t = reg.supervision().tolerance_report(month.year(), as_of, *tolerance, region_prefix(scope));
  std::map<std::string, ErrorFigures> out;
  for (const auto* rows : {&t.counties, &t.streets})
    for (const auto& x : *rows)
      out[x.region] = ErrorFigures{x.assisted_cases, x.wrong_cases, x.wrong_fen, x.recovered_fen,
                                   std::string(registry::label_zh(x.status)), registry::is_flagged(x.status)};
  return out;
}

}  // namespace safetynet::report
