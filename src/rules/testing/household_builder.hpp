#pragma once
// A small builder of valid households for unit tests (rules, io, properties).
//
// Every member gets a real GB 11643 citizen id (region code, birth date, a sequence number whose parity
// gives the sex, and the ISO 7064 MOD 11-2 check character), so a built household passes
// `io::validate_household` unless a test breaks it on purpose. Defaults, chosen so a test states only
// what it is about: region 450102 (南宁市兴宁区), urban; each member `employment: unemployed`,
// `legal_supporters: able`, `self_care: able`, no disability; `income: []`, `expenditure: []` and
// `assets: {financial: 0, vehicles: [], dwellings: 1, business_capital: 0}` — all KNOWN and empty (a test
// about unknowns calls `unknown_income()` etc.). Money arguments are fen (`yuan(950)` converts).
// Header-only; values only.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "model/citizen_id.hpp"
#include "model/household.hpp"
#include "model/money.hpp"
#include "model/month.hpp"

namespace safetynet::rules::testing {

// Whole yuan to fen: yuan(950) == 95000.
constexpr model::Fen yuan(long long y) { return y * model::kFenPerYuan; }

// A valid 18-character citizen id: `region6` + yyyymmdd + 3-digit sequence + check character. The
// sequence's last digit is made odd for men and even for women (GB 11643); `seq` is 0..499.
inline std::string make_citizen_id(std::string_view region6, model::Date birth, model::Sex sex, int seq) {
  int s = seq * 2 % 1000;  // even
  if (sex == model::Sex::kMale) s += 1;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6s%04d%02d%02d%03d", std::string(region6).c_str(), birth.year, birth.month,
                birth.day, s);
  std::string id(buf, 17);
  id += model::citizen_id_check_char(id);
  return id;
}

inline model::Date date(int y, int m, int d) { return model::Date{y, m, d}; }
inline model::Month month(int y, int m) { return model::Month::of(y, m); }

class HouseholdBuilder {
 public:
  explicit HouseholdBuilder(std::string region = "450102") {
    h_.id = "H-TEST-0001";
    h_.region = std::move(region);
    h_.income.emplace();
    h_.expenditure.emplace();
    h_.assets.emplace();
    h_.assets->dwellings = 1;
  }

  // Adds a member born on `birth`; returns its index. The id's region is the household's county.
  int add(model::Date birth, model::Sex sex = model::Sex::kMale,
          model::Relation relation = model::Relation::kOther) {
    model::Member m;
    m.id = make_citizen_id(h_.region.substr(0, 6), birth, sex, next_seq_++);
    m.name = "成员" + std::to_string(h_.members.size() + 1);
    m.relation = h_.members.empty() ? model::Relation::kHead : relation;
    m.sex = sex;
    m.birth_date = birth;
    m.employment = model::Employment::kUnemployed;
    m.legal_supporters = model::Supporters::kAble;
    h_.members.push_back(std::move(m));
    return static_cast<int>(h_.members.size()) - 1;
  }
  // Adds a member who is `age` (whole years) on the first day of `on`: born on the 1st of that month.
  int add_aged(int age, model::Month on, model::Sex sex = model::Sex::kMale) {
    return add(date(on.year() - age, on.month(), 1), sex);
  }

  model::Member& member(int i) { return h_.members.at(static_cast<std::size_t>(i)); }
  const std::string& id(int i) const { return h_.members.at(static_cast<std::size_t>(i)).id; }

  // ---- member attributes (fluent on the index) ----
  HouseholdBuilder& employment(int i, model::Employment e) { member(i).employment = e; return *this; }
  HouseholdBuilder& employment_unknown(int i) { member(i).employment.reset(); return *this; }
  HouseholdBuilder& supporters(int i, model::Supporters s) { member(i).legal_supporters = s; return *this; }
  HouseholdBuilder& supporters_unknown(int i) { member(i).legal_supporters.reset(); return *this; }
  HouseholdBuilder& disability(int i, int grade, model::DisabilityType t) {
    member(i).disability = model::Disability{grade, t};
    return *this;
  }
  HouseholdBuilder& self_care(int i, std::optional<model::SelfCare> s) { member(i).self_care = s; return *this; }
  HouseholdBuilder& orphan(int i, model::OrphanKind k) { member(i).orphan = k; return *this; }
  HouseholdBuilder& school(int i, model::School s) { member(i).school = s; return *this; }

  // ---- income and expenditure (fen per month) ----
  HouseholdBuilder& income(int member, model::Month m, model::Fen amount,
                           model::IncomeKind kind = model::IncomeKind::kWage) {
    h_.income->push_back(model::IncomeRow{member, m, kind, amount});
    return *this;
  }
  // `amount` in each of the `n` months starting at `first`.
  HouseholdBuilder& monthly_income(int member, model::Month first, int n, model::Fen amount,
                                   model::IncomeKind kind = model::IncomeKind::kWage) {
    for (int k = 0; k < n; ++k) income(member, first.plus(k), amount, kind);
    return *this;
  }
  // `amount` in each of the 12 months before `assessed` (the ordinary window, R2.1).
  HouseholdBuilder& yearly_income(int member, model::Month assessed, model::Fen amount,
                                  model::IncomeKind kind = model::IncomeKind::kWage) {
    return monthly_income(member, assessed.plus(-12), 12, amount, kind);
  }
  HouseholdBuilder& expenditure(int member, model::Month m, model::Fen amount,
                                model::ExpenditureKind kind = model::ExpenditureKind::kMedical) {
    h_.expenditure->push_back(model::ExpenditureRow{member, m, kind, amount});
    return *this;
  }
  HouseholdBuilder& yearly_expenditure(int member, model::Month assessed, model::Fen amount,
                                       model::ExpenditureKind kind = model::ExpenditureKind::kMedical) {
    for (int k = 1; k <= 12; ++k) expenditure(member, assessed.plus(-k), amount, kind);
    return *this;
  }

  // ---- assets ----
  HouseholdBuilder& financial(model::Fen f) { h_.assets->financial = f; return *this; }
  HouseholdBuilder& vehicle(model::Vehicle v) { h_.assets->vehicles.push_back(v); return *this; }
  HouseholdBuilder& dwellings(int n) { h_.assets->dwellings = n; return *this; }
  HouseholdBuilder& floor_area(double m2) { h_.assets->floor_area_m2 = m2; return *this; }
  HouseholdBuilder& business_capital(model::Fen f) { h_.assets->business_capital = f; return *this; }

  // ---- unknowns (R2.5) ----
  HouseholdBuilder& unknown_income() { h_.income.reset(); return *this; }
  HouseholdBuilder& unknown_expenditure() { h_.expenditure.reset(); return *this; }
  HouseholdBuilder& unknown_assets() { h_.assets.reset(); return *this; }

  // ---- household ----
  HouseholdBuilder& migrant(std::optional<double> urban_years, bool permit) {
    h_.residence = model::Residence::kMigrant;
    h_.urban_years = urban_years;
    h_.residence_permit = permit;
    return *this;
  }
  HouseholdBuilder& lacks_labour(model::LacksLabourCause c) { h_.lacks_labour_cause = c; return *this; }
  model::History& history() { return h_.history; }
  HouseholdBuilder& request(model::Date d, model::Fen amount) {
    h_.requests.push_back(model::Request{model::RequestKind::kCaseByCase, d, amount});
    return *this;
  }
  HouseholdBuilder& paid(model::Date d, model::Fen amount) {
    h_.history.case_by_case_paid.push_back(model::CaseByCasePayment{d, amount});
    return *this;
  }

  model::Household& household() { return h_; }
  const model::Household& household() const { return h_; }
  model::Household build() const { return h_; }

 private:
  model::Household h_;
  int next_seq_ = 1;
};

}  // namespace safetynet::rules::testing
