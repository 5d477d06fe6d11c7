// Error supervision over the registry's connection (supervision.hpp, SPEC R12.2). The same SQL for
// SQLite and PostgreSQL; the report aggregates in C++ from two grouped reads (payments by region,
// errors with their recovered sums), so a household is counted once per region whatever its rows.
#include "registry/sql_supervision.hpp"

#include <algorithm>

#include <map>
#include <set>

namespace safetynet::registry {
namespace {

using sql::Stmt;
using sql::Transaction;

int yyyymm(model::Month m) { return m.year() * 100 + m.month(); }
model::Month from_yyyymm(std::int64_t v) {
  return model::Month::of(static_cast<int>(v / 100), static_cast<int>(v % 100));
}
model::Date date_of(std::string_view text) {
  auto d = model::parse_date(text);
  return d ? *d : model::Date{};
}

constexpr const char* kErrorColumns =
    "SELECT e.id, e.household_id, e.county, e.street, e.first_month, e.last_month, e.cause, e.amount, e.note, "
    "e.recorded_by, e.recorded_on, "
    "CAST(coalesce((SELECT sum(r.amount) FROM supervision_recovery r WHERE r.error_id = e.id), 0) AS BIGINT) "
    "FROM supervision_error e ";

ErrorRecord read_error(const Stmt& s) {
  ErrorRecord r;
  r.id = s.i64(0);
  r.household_id = s.text(1);
  r.county = s.text(2);
  r.street = s.text(3);
  r.first = from_yyyymm(s.i64(4));
  r.last = from_yyyymm(s.i64(5));
  r.cause = parse_error_cause(s.text(6)).value_or(ErrorCause::kOther);
  r.amount = s.i64(7);
  r.note = s.text(8);
  r.recorded_by = s.text(9);
  r.recorded_on = date_of(s.text(10));
  r.recovered = s.i64(11);
  return r;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

Result<ErrorRecord> SqlSupervision::record_error(const NewError& e, model::Date today) {
  Problems ps;
  std::string county, street;
  {
    Stmt s = db_.prepare("SELECT county, street FROM household WHERE id = ?");
    s.bind(1, e.household_id);
    if (s.step()) {
      county = s.text(0);
      street = s.text(1);
    } else {
      ps.push_back(make_problem("not_found", "household_id", "", "没有户 " + e.household_id));
    }
  }
  if (e.amount <= 0 || e.amount > model::kMaxRecordAmount)
    ps.push_back(make_problem("bad_amount", "amount", "",
                              "错保金额应大于 0 且不超过 10 亿元，收到 " + model::format_yuan(e.amount) + " 元"));
  if (e.last < e.first)
    ps.push_back(make_problem("bad_date", "to", "",
                              "错保结束月份 " + e.last.to_string() + " 早于开始月份 " + e.first.to_string()));
  else if (e.first.year() != e.last.year())
    ps.push_back(make_problem("bad_date", "to", "",
                              "一条错保记录只能在一个年度内（" + e.first.to_string() + " 至 " + e.last.to_string() +
                                  " 跨年度）：请按年度分别登记"));
  if (e.last > today.as_month())
    ps.push_back(make_problem("bad_date", "to", "",
                              "错保月份 " + e.last.to_string() + " 晚于本月（今天 " + today.to_string() + "）"));
  // Only money really paid can be wrongly paid: the household's payments (R12.1) in first..last bound
  // the case and its amount. Checked once the household and the months are right.
  if (ps.empty()) {
    Stmt s = db_.prepare(
        "SELECT count(*), CAST(coalesce(sum(amount), 0) AS BIGINT) FROM payment WHERE household_id = ? AND "
        "month >= ? AND month <= ?");
    s.bind(1, e.household_id).bind(2, yyyymm(e.first)).bind(3, yyyymm(e.last));
    s.step();
    const std::int64_t months_paid = s.i64(0);
    const model::Fen paid = s.i64(1);
    s.reset();
    const std::string span = e.first.to_string() + (e.first == e.last ? "" : " 至 " + e.last.to_string());
    if (months_paid == 0)
      ps.push_back(make_problem("not_paid", "from", "",
                                "户 " + e.household_id + " 在 " + span + " 没有发放记录，不能登记为错保"));
    else if (e.amount > paid)
      ps.push_back(make_problem("bad_amount", "amount", "",
                                "错保金额 " + model::format_yuan(e.amount) + " 元超过该户 " + span + " 实发的 " +
                                    model::format_yuan(paid) + " 元"));
  }
  // Several records of the same household whose months overlap share the same payments: together they
  // may not exceed what was paid over all their months.
  if (ps.empty()) {
    Stmt o = db_.prepare(
        "SELECT count(*), coalesce(min(first_month), 0), coalesce(max(last_month), 0), "
        "CAST(coalesce(sum(amount), 0) AS BIGINT) FROM supervision_error WHERE household_id = ? AND "
        "first_month <= ? AND last_month >= ?");
    o.bind(1, e.household_id).bind(2, yyyymm(e.last)).bind(3, yyyymm(e.first));
    o.step();
    const std::int64_t overlapping = o.i64(0);
    const std::int64_t lo = std::min<std::int64_t>(o.i64(1), yyyymm(e.first)), hi = std::max<std::int64_t>(o.i64(2), yyyymm(e.last));
    const model::Fen recorded = o.i64(3);
    o.reset();
    if (overlapping > 0) {
      Stmt p = db_.prepare(
          "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM payment WHERE household_id = ? AND month >= ? AND "
          "month <= ?");
      p.bind(1, e.household_id).bind(2, lo).bind(3, hi);
      p.step();
      const model::Fen paid = p.i64(0);
      p.reset();
      if (recorded + e.amount > paid) {
        ps.push_back(make_problem(
            "bad_amount", "amount", "",
            "错保金额 " + model::format_yuan(e.amount) + " 元与该户已登记的 " + std::to_string(overlapping) +
                " 条错保（" + model::format_yuan(recorded) + " 元）合计超过 " + from_yyyymm(lo).to_string() + " 至 " +
                from_yyyymm(hi).to_string() + " 实发的 " + model::format_yuan(paid) + " 元"));
      }
    }
  }
  if (!ps.empty()) return ps;

  Stmt s = db_.prepare(
      "INSERT INTO supervision_error(household_id, county, street, first_month, last_month, cause, amount, note, "
      "recorded_by, recorded_on) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id");
  s.bind(1, e.household_id).bind(2, county).bind(3, street).bind(4, yyyymm(e.first)).bind(5, yyyymm(e.last))
      .bind(6, to_string(e.cause)).bind(7, e.amount).bind(8, e.note).bind(9, e.recorded_by).bind(10, today.to_string());
  s.step();
  ErrorRecord r;
  r.id = s.i64(0);
  s.reset();
  r.household_id = e.household_id;
  r.county = county;
  r.street = street;
  r.first = e.first;
  r.last = e.last;
  r.cause = e.cause;
  r.amount = e.amount;
  r.note = e.note;
  r.recorded_by = e.recorded_by;
  r.recorded_on = today;
  return r;
}

Result<RecoveryRecord> SqlSupervision::record_recovery(const NewRecovery& in, model::Date today) {
  // The error row is read under a lock: two recoveries of one error cannot both pass the check.
  Transaction tx(db_);
  Stmt s = db_.prepare(std::string("SELECT amount, first_month FROM supervision_error WHERE id = ?") +
                       std::string(db_.lock_suffix()));
  s.bind(1, in.error_id);
  if (!s.step())
    return make_problem("not_found", "error_id", "", "没有错保记录 #" + std::to_string(in.error_id));
  const model::Fen amount = s.i64(0);
  const model::Month first = from_yyyymm(s.i64(1));
  s.reset();
  Stmt sum = db_.prepare(
      "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM supervision_recovery WHERE error_id = ?");
  sum.bind(1, in.error_id);
  sum.step();
  const model::Fen outstanding = amount - sum.i64(0);
  sum.reset();

  Problems ps;
  if (in.amount <= 0)
    ps.push_back(make_problem("bad_amount", "amount", "", "追回金额应大于 0，收到 " + model::format_yuan(in.amount) + " 元"));
  else if (in.amount > outstanding)
    ps.push_back(make_problem("over_recovery", "amount", "",
                              "追回 " + model::format_yuan(in.amount) + " 元超过尚未追回的 " +
                                  model::format_yuan(outstanding) + " 元（错保 " + model::format_yuan(amount) + " 元）"));
  if (in.on > today)
    ps.push_back(make_problem("bad_date", "on", "", "追回日期 " + in.on.to_string() + " 晚于今天 " + today.to_string()));
  else if (in.on < model::first_day(first))
    ps.push_back(make_problem("bad_date", "on", "",
                              "追回日期 " + in.on.to_string() + " 早于错保开始月份 " + first.to_string()));
  if (!ps.empty()) return ps;

  Stmt ins = db_.prepare(
      "INSERT INTO supervision_recovery(error_id, recovered_on, amount, note, recorded_by) VALUES(?,?,?,?,?) "
      "RETURNING id");
  ins.bind(1, in.error_id).bind(2, in.on.to_string()).bind(3, in.amount).bind(4, in.note).bind(5, in.recorded_by);
  ins.step();
  RecoveryRecord r;
  r.id = ins.i64(0);
  ins.reset();
  tx.commit();
  r.error_id = in.error_id;
  r.on = in.on;
  r.amount = in.amount;
  r.note = in.note;
  r.recorded_by = in.recorded_by;
  return r;
}

std::optional<ErrorRecord> SqlSupervision::error(std::int64_t id) {
  Stmt s = db_.prepare(std::string(kErrorColumns) + "WHERE e.id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_error(s);
}

std::vector<ErrorRecord> SqlSupervision::errors(std::optional<int> year, const std::string& region) {
  std::string where = "WHERE (e.county LIKE ? OR e.street LIKE ?)";
  if (year) where += " AND e.first_month >= ? AND e.first_month <= ?";
  Stmt s = db_.prepare(std::string(kErrorColumns) + where + " ORDER BY e.county, e.street, e.household_id, e.id");
  s.bind(1, region + "%").bind(2, region + "%");
  if (year) s.bind(3, *year * 100 + 1).bind(4, *year * 100 + 12);
  std::vector<ErrorRecord> out;
  while (s.step()) out.push_back(read_error(s));
  return out;
}

std::vector<RecoveryRecord> SqlSupervision::recoveries(std::int64_t error_id) {
  Stmt s = db_.prepare(
      "SELECT id, recovered_on, amount, note, recorded_by FROM supervision_recovery WHERE error_id = ? ORDER BY id");
  s.bind(1, error_id);
  std::vector<RecoveryRecord> out;
  while (s.step()) {
    RecoveryRecord r;
    r.id = s.i64(0);
    r.error_id = error_id;
    r.on = date_of(s.text(1));
    r.amount = s.i64(2);
    r.note = s.text(3);
    r.recorded_by = s.text(4);
    out.push_back(std::move(r));
  }
  return out;
}

ToleranceReport SqlSupervision::tolerance_report(int year, model::Date as_of, params::Decimal tolerance,
                                                 const std::string& region) {
  ToleranceReport out;
  out.year = year;
  out.as_of = as_of;
  out.tolerance = tolerance;
  std::map<std::string, RegionTolerance> counties, streets;
  auto row = [](std::map<std::string, RegionTolerance>& m, const std::string& code) -> RegionTolerance& {
    auto& r = m[code];
    r.region = code;
    return r;
  };
  // Assisted cases: a household has one county and street, so the distinct count per street sums to
  // the county's.
  {
    Stmt s = db_.prepare(
        "SELECT h.county, h.street, count(DISTINCT p.household_id) FROM payment p JOIN household h ON h.id = "
        "p.household_id WHERE p.month >= ? AND p.month <= ? GROUP BY h.county, h.street");
    s.bind(1, year * 100 + 1).bind(2, year * 100 + 12);
    while (s.step()) {
      const std::string county(s.text(0)), street(s.text(1));
      const long n = static_cast<long>(s.i64(2));
      row(counties, county).assisted_cases += n;
      if (!street.empty()) row(streets, street).assisted_cases += n;
    }
  }
  // Wrongly paid cases: distinct households per region (one household may have several errors).
  {
    Stmt s = db_.prepare(
        "SELECT e.county, e.street, e.household_id, e.cause, e.amount, "
        "CAST(coalesce((SELECT sum(r.amount) FROM supervision_recovery r WHERE r.error_id = e.id AND "
        "r.recovered_on <= ?), 0) AS BIGINT) FROM supervision_error e "
        "WHERE e.first_month >= ? AND e.first_month <= ? AND e.recorded_on <= ?");
    s.bind(1, as_of.to_string()).bind(2, year * 100 + 1).bind(3, year * 100 + 12).bind(4, as_of.to_string());
    std::set<std::pair<std::string, std::string>> wrong, other;  // (region, household)
    while (s.step()) {
      const std::string county(s.text(0)), street(s.text(1)), household(s.text(2));
      const bool objective = is_objective(parse_error_cause(s.text(3)).value_or(ErrorCause::kOther));
      const model::Fen amount = s.i64(4), recovered = s.i64(5);
      for (const std::string* code : {&county, &street}) {
        if (code->empty()) continue;
        auto& r = row(code == &county ? counties : streets, *code);
        r.wrong_fen += amount;
        r.recovered_fen += recovered;
        if (wrong.emplace(*code, household).second) ++r.wrong_cases;
        if (!objective && other.emplace(*code, household).second) ++r.other_cases;
      }
    }
  }
  auto finish = [&](std::map<std::string, RegionTolerance>& from, std::vector<RegionTolerance>& to) {
    for (auto& [code, r] : from) {
      if (!starts_with(code, region)) continue;
      r.status = decide_tolerance(r, tolerance);
      to.push_back(r);
    }
  };
  finish(counties, out.counties);
  finish(streets, out.streets);
  return out;
}

}  // namespace safetynet::registry
