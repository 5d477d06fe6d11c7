#include "materialise.hpp"

#include <set>
#include <string>

#include "model/household.hpp"
#include "records.hpp"
#include "rules/month_params.hpp"

namespace safetynet::peer {
namespace sm = safetynet::model;

namespace {

// Clustered by household (WITHOUT ROWID primary keys that start with hid), so the query's GROUP BYs
// read each table in order instead of sorting: the physical design a DBA would give this workload.
constexpr const char* kSchema = R"SQL(
DROP TABLE IF EXISTS peer_household; DROP TABLE IF EXISTS peer_member; DROP TABLE IF EXISTS peer_income;
DROP TABLE IF EXISTS peer_expenditure; DROP TABLE IF EXISTS peer_asset; DROP TABLE IF EXISTS peer_standard;
CREATE TABLE peer_household (
  hid INTEGER PRIMARY KEY, id TEXT NOT NULL, region TEXT NOT NULL, county TEXT NOT NULL, city TEXT NOT NULL,
  persons INTEGER NOT NULL, residence TEXT NOT NULL, income_known INTEGER NOT NULL,
  expenditure_known INTEGER NOT NULL, lacks_labour_cause TEXT, hist_category TEXT, hist_last_benefit INTEGER,
  hist_exit_reason TEXT, hist_exit_started INTEGER);
CREATE TABLE peer_member (
  hid INTEGER NOT NULL, idx INTEGER NOT NULL, birth_ymd INTEGER NOT NULL, employment TEXT,
  orphan INTEGER NOT NULL, disability_grade INTEGER NOT NULL, disability_type TEXT,
  serious_illness INTEGER NOT NULL, legal_supporters TEXT, community_correction INTEGER NOT NULL,
  supported_by TEXT, PRIMARY KEY (hid, idx)) WITHOUT ROWID;
CREATE TABLE peer_income (
  hid INTEGER NOT NULL, member INTEGER NOT NULL, row INTEGER NOT NULL, month INTEGER NOT NULL,
  kind TEXT NOT NULL, fen INTEGER NOT NULL, PRIMARY KEY (hid, member, row)) WITHOUT ROWID;
CREATE TABLE peer_expenditure (
  hid INTEGER NOT NULL, member INTEGER NOT NULL, row INTEGER NOT NULL, month INTEGER NOT NULL,
  kind TEXT NOT NULL, fen INTEGER NOT NULL, PRIMARY KEY (hid, member, row)) WITHOUT ROWID;
CREATE TABLE peer_asset (
  hid INTEGER PRIMARY KEY, financial INTEGER NOT NULL, cars INTEGER NOT NULL, motorcycles INTEGER NOT NULL,
  disability_vehicles INTEGER NOT NULL, dwellings INTEGER NOT NULL, business_capital INTEGER NOT NULL);
CREATE TABLE peer_standard (
  county TEXT NOT NULL, city TEXT NOT NULL, month INTEGER NOT NULL, standard INTEGER, income_window INTEGER,
  zero_window INTEGER, financial_months INTEGER, max_dwellings INTEGER, business_capital INTEGER,
  vehicle_allowed INTEGER, rounding INTEGER, min_benefit INTEGER, gradual_exit_months INTEGER,
  PRIMARY KEY (county, month)) WITHOUT ROWID;
)SQL";

template <class E>
void bind_opt_name(Stmt& s, int i, const std::optional<E>& v) {
  if (v) s.bind(i, std::string_view(sm::to_string(*v)));
  else s.bind_null(i);
}

void bind_fen(Stmt& s, int i, const std::optional<safetynet::params::Decimal>& v) {
  if (v) s.bind(i, v->to_fen());
  else s.bind_null(i);
}
void bind_int(Stmt& s, int i, const std::optional<safetynet::params::Decimal>& v) {
  if (v) s.bind(i, v->to_int());
  else s.bind_null(i);
}

}  // namespace

MaterialiseCounts materialise(Db& db, const safetynet::params::ParameterSet& policy, sm::Month month) {
  db.exec(kSchema, "建立 peer_* 表");
  db.exec("BEGIN", "开始事务");
  MaterialiseCounts n;
  std::set<std::string> counties;
  {
    Stmt hh(db, "INSERT INTO peer_household VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "写 peer_household");
    Stmt mem(db, "INSERT INTO peer_member VALUES (?,?,?,?,?,?,?,?,?,?,?)", "写 peer_member");
    Stmt inc(db, "INSERT INTO peer_income VALUES (?,?,?,?,?,?)", "写 peer_income");
    Stmt exp(db, "INSERT INTO peer_expenditure VALUES (?,?,?,?,?,?)", "写 peer_expenditure");
    Stmt ast(db, "INSERT INTO peer_asset VALUES (?,?,?,?,?,?,?)", "写 peer_asset");
    n.households = scan_records(db, [&](std::int64_t hid, const sm::Household& h) {
      const std::string county = h.region.substr(0, 6), city = h.region.substr(0, 4) + "00";
      counties.insert(county);
      hh.bind(1, hid);
      hh.bind(2, h.id);
      hh.bind(3, h.region);
      hh.bind(4, county);
      hh.bind(5, city);
      hh.bind(6, static_cast<std::int64_t>(h.members.size()));
      hh.bind(7, std::string_view(h.residence == sm::Residence::kMigrant ? "migrant" : "urban"));
      hh.bind(8, h.income ? 1 : 0);
      hh.bind(9, h.expenditure ? 1 : 0);
      bind_opt_name(hh, 10, h.lacks_labour_cause);
      bind_opt_name(hh, 11, h.history.category);
      if (h.history.last_benefit) hh.bind(12, *h.history.last_benefit); else hh.bind_null(12);
      if (h.history.exit_reason) hh.bind(13, *h.history.exit_reason); else hh.bind_null(13);
      if (h.history.exit_started) hh.bind(14, h.history.exit_started->index); else hh.bind_null(14);
      hh.run();
      for (std::size_t i = 0; i < h.members.size(); ++i) {
        const auto& m = h.members[i];
        mem.bind(1, hid);
        mem.bind(2, static_cast<std::int64_t>(i));
        mem.bind(3, std::int64_t{m.birth_date.year} * 10000 + m.birth_date.month * 100 + m.birth_date.day);
        bind_opt_name(mem, 4, m.employment);
        mem.bind(5, m.orphan ? 1 : 0);
        mem.bind(6, m.disability ? m.disability->grade : 0);
        if (m.disability) mem.bind(7, std::string_view(sm::to_string(m.disability->type))); else mem.bind_null(7);
        mem.bind(8, m.serious_illness ? 1 : 0);
        bind_opt_name(mem, 9, m.legal_supporters);
        mem.bind(10, m.community_correction ? 1 : 0);
        bind_opt_name(mem, 11, m.supported_by);
        mem.run();
        ++n.members;
      }
      if (h.income) {
        std::int64_t row = 0;
        for (const auto& r : *h.income) {
          inc.bind(1, hid);
          inc.bind(2, r.member);
          inc.bind(3, row++);
          inc.bind(4, r.month.index);
          inc.bind(5, std::string_view(sm::to_string(r.kind)));
          inc.bind(6, r.amount);
          inc.run();
        }
        n.income_rows += row;
      }
      if (h.expenditure) {
        std::int64_t row = 0;
        for (const auto& r : *h.expenditure) {
          exp.bind(1, hid);
          exp.bind(2, r.member);
          exp.bind(3, row++);
          exp.bind(4, r.month.index);
          exp.bind(5, std::string_view(sm::to_string(r.kind)));
          exp.bind(6, r.amount);
          exp.run();
        }
        n.expenditure_rows += row;
      }
      if (h.assets) {
        const auto& a = *h.assets;
        std::int64_t by_kind[3] = {0, 0, 0};  // car, motorcycle, disability vehicle (enum order)
        for (auto v : a.vehicles) ++by_kind[static_cast<int>(v)];
        ast.bind(1, hid);
        ast.bind(2, a.financial);
        ast.bind(3, by_kind[0]);
        ast.bind(4, by_kind[1]);
        ast.bind(5, by_kind[2]);
        ast.bind(6, a.dwellings);
        ast.bind(7, a.business_capital);
        ast.run();
      }
    });
    // The parameters in force in each county on the first day of the month (county → 设区市 → 自治区).
    Stmt st(db, "INSERT INTO peer_standard VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", "写 peer_standard");
    for (const auto& county : counties) {
      const auto p = safetynet::rules::resolve_month_params(policy, county, month);
      st.bind(1, county);
      st.bind(2, county.substr(0, 4) + "00");
      st.bind(3, month.index);
      bind_fen(st, 4, p.dibao_standard);
      bind_int(st, 5, p.income_window_months);
      bind_int(st, 6, p.zero_employment_window_months);
      bind_int(st, 7, p.asset_financial_months);
      bind_int(st, 8, p.asset_max_dwellings);
      bind_fen(st, 9, p.asset_business_capital);
      bind_int(st, 10, p.asset_vehicle_allowed);
      bind_fen(st, 11, p.rounding);
      bind_fen(st, 12, p.dibao_min_benefit);
      bind_int(st, 13, p.gradual_exit_months);
      st.run();
    }
    n.counties = static_cast<std::int64_t>(counties.size());
  }
  db.exec("COMMIT; ANALYZE peer_household; ANALYZE peer_member; ANALYZE peer_income; ANALYZE peer_expenditure; "
          "ANALYZE peer_asset; ANALYZE peer_standard;",
          "提交 peer_* 表");
  return n;
}

}  // namespace safetynet::peer
