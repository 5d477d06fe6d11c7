// The pure parts of error supervision (supervision.hpp, SPEC R12.2): names, labels and the tolerance
// decision, in integers.
#include "registry/supervision.hpp"

#include <algorithm>
#include <cstdio>

namespace safetynet::registry {

std::string_view to_string(ErrorCause c) {
  switch (c) {
    case ErrorCause::kStaffLimits: return "staff_limits";
    case ErrorCause::kSharedData: return "shared_data";
    case ErrorCause::kConcealment: return "concealment";
    case ErrorCause::kOther: return "other";
  }
  return "other";
}

std::optional<ErrorCause> parse_error_cause(std::string_view name) {
  for (auto c : {ErrorCause::kStaffLimits, ErrorCause::kSharedData, ErrorCause::kConcealment, ErrorCause::kOther})
    if (name == to_string(c)) return c;
  return std::nullopt;
}

std::string_view label_zh(ErrorCause c) {
  switch (c) {
    case ErrorCause::kStaffLimits: return "工作人员能力所限";
    case ErrorCause::kSharedData: return "共享数据不准确";
    case ErrorCause::kConcealment: return "家庭隐瞒";
    case ErrorCause::kOther: return "其他（非客观原因）";
  }
  return "";
}

std::string_view to_string(ToleranceStatus s) {
  switch (s) {
    case ToleranceStatus::kNoErrors: return "no_errors";
    case ToleranceStatus::kTolerated: return "tolerated";
    case ToleranceStatus::kRecoveryPending: return "recovery_pending";
    case ToleranceStatus::kAccountable: return "accountable";
    case ToleranceStatus::kOverTolerance: return "over_tolerance";
  }
  return "";
}

std::string_view label_zh(ToleranceStatus s) {
  switch (s) {
    case ToleranceStatus::kNoErrors: return "无错保";
    case ToleranceStatus::kTolerated: return "容错免责";
    case ToleranceStatus::kRecoveryPending: return "待追回";
    case ToleranceStatus::kAccountable: return "不予免责（非客观原因）";
    case ToleranceStatus::kOverTolerance: return "超出容错";
  }
  return "";
}

bool within_tolerance(long wrong, long assisted, params::Decimal tolerance) {
  // 128-bit: the units (≤ 10000 for a ratio) times a case count cannot overflow, whatever the input.
  const model::Int128 lhs = static_cast<model::Int128>(wrong) * params::Decimal::kScale;
  const model::Int128 rhs = static_cast<model::Int128>(tolerance.units) * assisted;
  return lhs <= rhs;
}

ToleranceStatus decide_tolerance(const RegionTolerance& r, params::Decimal tolerance) {
  if (r.wrong_cases == 0) return ToleranceStatus::kNoErrors;
  if (!within_tolerance(r.wrong_cases, r.assisted_cases, tolerance)) return ToleranceStatus::kOverTolerance;
  if (r.other_cases > 0) return ToleranceStatus::kAccountable;
  if (r.outstanding_fen() > 0) return ToleranceStatus::kRecoveryPending;
  return ToleranceStatus::kTolerated;
}

std::optional<long> ratio_hundredths_percent(long wrong, long assisted) {
  if (assisted <= 0) return std::nullopt;
  // wrong / assisted × 10000 hundredths of a percent, rounded once (R2.6).
  return static_cast<long>(model::round_half_away(static_cast<model::Int128>(wrong) * 10000, assisted, 1));
}

std::string ratio_text(long wrong, long assisted) {
  const auto r = ratio_hundredths_percent(wrong, assisted);
  if (!r) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld.%02ld%%", *r / 100, *r % 100);
  return buf;
}

Result<params::Decimal> error_tolerance(const params::ParameterSet& p, int year, model::Date as_of) {
  const model::Month month = std::min(model::Month::of(year, 12), as_of.as_month());
  if (auto v = p.value("error_tolerance", "450000", month)) return *v;
  return make_problem("no_parameter", "year", "",
                      "政策参数没有 " + month.to_string() + " 的错保容错比例（P.error_tolerance，R12.2）");
}

}  // namespace safetynet::registry
