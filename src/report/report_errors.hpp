#pragma once
// The month's report's R12.2 figures (column and sheet 错保率; SPEC R12.2, R13) from the error
// supervision record (registry/supervision.hpp): its tolerance report for the report month's year as
// of the month's last day, every county (6 digits) and street (9 digits) inside the scope. Wrongly
// paid cases and recoveries recorded after that day do not count, so a past month's report does not
// change when money is recovered later. Assisted cases are supervision's: households paid in the year.
#include <map>
#include <string>

#include "base/result.hpp"
#include "model/month.hpp"
#include "params/parameter_set.hpp"
#include "registry/registry.hpp"
#include "report/monthly_report.hpp"

namespace safetynet::report {

// Code -> figures, `status` the supervision's label_zh (e.g. "待追回"), `flagged` its is_flagged.
// Problem `no_parameter` (field `year`) when the policy files give no P.error_tolerance for the year;
// the caller then builds the report without error figures. Environment failures throw as the
// registry does.
Result<std::map<std::string, ErrorFigures>> supervision_errors(registry::Registry& reg, const params::ParameterSet& p,
                                                               model::Month month, const std::string& scope);

}  // namespace safetynet::report
