#pragma once
// Error supervision (错保监督; docs/supervision.md, SPEC R12.2): the record of wrongly paid cases with
// their cause, amount and recoveries, and the tolerance report of each county and township (street).
//
// R12.2: when payments were wrong for objective reasons (staff limits, inaccurate shared data,
// concealment by the household) the staff are not held accountable if the cases wrongly paid in the
// year are within P.error_tolerance (2%) of the county's (or township's) assisted cases AND the money
// is recovered. Here:
//   - assisted cases of a region in a year = distinct households with a payment (table `payment`,
//     R12.1) for a month of that year, by the household's county / street;
//   - wrongly paid cases = distinct households with an error record whose months lie in that year (an
//     error record covers months of one calendar year), by the county / street stored with the error;
//   - within tolerance iff wrong × 10000 ≤ tolerance.units × assisted (params::Decimal holds the ratio
//     × 10000: 0.02 is 200 units) — integers only, no floating point in the decision. 2 of 100 is
//     within, 3 of 100 is not; a region with errors and no assisted case is over.
//   - an error whose cause is `other` (not objective) counts in the ratio and makes the region
//     accountable (不予免责) even when within tolerance and recovered.
//
// Money is integer fen; months `model::Month`; dates `model::Date`. Reached as
// `Registry::supervision()`, on the registry's connection (one thread at a time, as the registry).
// Expected bad input is returned as Problems naming the field (codes below); environment failures
// throw sql::DbError.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "model/money.hpp"
#include "model/month.hpp"
#include "params/decimal.hpp"
#include "params/parameter_set.hpp"

namespace safetynet::registry {

// Why a case was paid wrongly. The first three are R12.2's objective reasons; `kOther` (e.g. a
// mistake made against due process) is never tolerated.
enum class ErrorCause { kStaffLimits, kSharedData, kConcealment, kOther };
// "staff_limits", "shared_data", "concealment", "other".
std::string_view to_string(ErrorCause c);
std::optional<ErrorCause> parse_error_cause(std::string_view name);
// "工作人员能力所限", "共享数据不准确", "家庭隐瞒", "其他（非客观原因）".
std::string_view label_zh(ErrorCause c);
constexpr bool is_objective(ErrorCause c) { return c != ErrorCause::kOther; }

// A wrongly paid case to record: the household was paid wrongly in months `first`..`last` (one
// calendar year), `amount` fen in all.
struct NewError {
  std::string household_id;
  model::Month first, last;
  ErrorCause cause = ErrorCause::kOther;
  model::Fen amount = 0;
  std::string note, recorded_by;
};

struct ErrorRecord {
  std::int64_t id = 0;
  std::string household_id, county, street;  // county 6 digits, street 9 or ""
  model::Month first, last;
  ErrorCause cause = ErrorCause::kOther;
  model::Fen amount = 0;     // wrongly paid, fen
  model::Fen recovered = 0;  // sum of the recoveries, fen (never above `amount`)
  std::string note, recorded_by;
  model::Date recorded_on;
  model::Fen outstanding() const { return amount - recovered; }
};

struct NewRecovery {
  std::int64_t error_id = 0;
  model::Date on;
  model::Fen amount = 0;  // fen
  std::string note, recorded_by;
};

struct RecoveryRecord {
  std::int64_t id = 0, error_id = 0;
  model::Date on;
  model::Fen amount = 0;
  std::string note, recorded_by;
};

// A region's standing against R12.2, in order of precedence: over the tolerance (超出容错); within
// but a case not from an objective cause (不予免责); within, objective, money outstanding (待追回);
// within, objective, all recovered (容错免责); no wrongly paid case (无错保).
enum class ToleranceStatus { kNoErrors, kTolerated, kRecoveryPending, kAccountable, kOverTolerance };
// "no_errors", "tolerated", "recovery_pending", "accountable", "over_tolerance".
std::string_view to_string(ToleranceStatus s);
// "无错保", "容错免责", "待追回", "不予免责（非客观原因）", "超出容错".
std::string_view label_zh(ToleranceStatus s);
// Staff answer for it: over the tolerance, or a non-objective cause.
constexpr bool is_flagged(ToleranceStatus s) {
  return s == ToleranceStatus::kOverTolerance || s == ToleranceStatus::kAccountable;
}

// One county's or township's figures for a year — the small value the monthly report consumes.
struct RegionTolerance {
  std::string region;        // 6-digit county or 9-digit street code
  long assisted_cases = 0;   // distinct households paid in the year
  long wrong_cases = 0;      // distinct households wrongly paid in the year
  long other_cases = 0;      // of those, households with a non-objective (`other`) error
  model::Fen wrong_fen = 0;      // money wrongly paid, fen
  model::Fen recovered_fen = 0;  // recovered by the report's date, fen
  ToleranceStatus status = ToleranceStatus::kNoErrors;
  model::Fen outstanding_fen() const { return wrong_fen - recovered_fen; }
};

// R12.2's test, exact: wrong × 10000 ≤ tolerance.units × assisted. With no assisted case only zero
// wrong cases is within.
bool within_tolerance(long wrong, long assisted, params::Decimal tolerance);
// The status of a region from its counts (the `status` field of `r` is ignored).
ToleranceStatus decide_tolerance(const RegionTolerance& r, params::Decimal tolerance);
// wrong / assisted in hundredths of a percent (200 = 2.00%), rounded once half away from zero (R2.6);
// nullopt when there is no assisted case.
std::optional<long> ratio_hundredths_percent(long wrong, long assisted);
// "2.00%", "0.67%"; "—" when there is no assisted case.
std::string ratio_text(long wrong, long assisted);

// P.error_tolerance in force for the report (the value on the first day of the year's last month, or
// of `as_of`'s month when that is earlier). Problem `no_parameter` (field `year`) when the policy
// files give none.
Result<params::Decimal> error_tolerance(const params::ParameterSet& p, int year, model::Date as_of);

struct ToleranceReport {
  int year = 0;
  model::Date as_of;
  params::Decimal tolerance;
  std::vector<RegionTolerance> counties;  // by code; every county with a payment or an error
  std::vector<RegionTolerance> streets;   // likewise for streets (households without a street: none)
};

class Supervision {
 public:
  virtual ~Supervision() = default;

  // Records a wrongly paid case; its county and street are the household's now. `today` bounds the
  // months (no month after today's). Problems, each naming its field: `not_found` household_id (no
  // such household); `bad_amount` amount (≤ 0 or above model::kMaxRecordAmount); `bad_date` to
  // (to before from, a month after today's, or months of two years — record one error per year).
  // Then, the household and months being right, against its payments (table `payment`, R12.1) in
  // first..last: `not_paid` from (no payment in those months); `bad_amount` amount (more than the
  // fen paid in those months; the message gives the paid sum in yuan).
  virtual Result<ErrorRecord> record_error(const NewError& e, model::Date today) = 0;
  // Records money recovered for an error. Problems: `not_found` error_id; `bad_amount` amount (≤ 0);
  // `over_recovery` amount (more than the error's outstanding fen); `bad_date` on (after `today`, or
  // before the first wrongly paid month).
  virtual Result<RecoveryRecord> record_recovery(const NewRecovery& r, model::Date today) = 0;

  virtual std::optional<ErrorRecord> error(std::int64_t id) = 0;
  // Errors whose months lie in `year` (all years when nullopt) and whose county or street starts with
  // `region` ("" = all), by county, street, household, id; each with its recovered sum.
  virtual std::vector<ErrorRecord> errors(std::optional<int> year, const std::string& region = "") = 0;
  virtual std::vector<RecoveryRecord> recoveries(std::int64_t error_id) = 0;

  // The R12.2 report of `year` as of `as_of`: errors recorded and money recovered on or before
  // `as_of` count; assisted cases are the year's payments. Rows whose code starts with `region`.
  virtual ToleranceReport tolerance_report(int year, model::Date as_of, params::Decimal tolerance,
                                           const std::string& region = "") = 0;
};

}  // namespace safetynet::registry
