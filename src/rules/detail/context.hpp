#pragma once
// Internal state of one assessment: the household, the month, the resolved parameters, each member's
// age and role, and the helpers every rule file uses (three-valued logic for unknown facts, parameter
// needs, rounding, entitlement and explanation output). Not part of the public API.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/household.hpp"
#include "rules/assess.hpp"
#include "rules/assessment.hpp"
#include "rules/month_params.hpp"

namespace safetynet::rules::detail {

using model::Fen;

// Kleene three-valued logic: a fact that is unknown makes a test unknown unless another part decides it.
enum class Tri : std::uint8_t { kNo, kYes, kUnknown };
inline Tri tri(bool b) { return b ? Tri::kYes : Tri::kNo; }
inline Tri tri_and(Tri a, Tri b) {
  if (a == Tri::kNo || b == Tri::kNo) return Tri::kNo;
  if (a == Tri::kUnknown || b == Tri::kUnknown) return Tri::kUnknown;
  return Tri::kYes;
}

// What a member is for the lines R3–R8 once categories are settled.
enum class Role : std::uint8_t {
  kUnit,       // in the household unit assessed for C3/C4 (after R1.5 and R1.3b take-outs)
  kTekun,      // C1 (R1.1)
  kOrphan,     // C2 (R1.2)
  kSingle,     // R1.3b single-person dibao
  kNotCovered, // household not covered (category none / undetermined)
};

// A test result together with the facts whose absence made it unknown.
struct Finding {
  Tri value = Tri::kNo;
  std::vector<std::string> missing;
  void need(const std::string& fact) { missing.push_back(fact); }
};

struct Ctx {
  const model::Household& h;
  model::Month month;
  const MonthParams& p;
  Assessment& out;
  bool explain;
  model::Date on;                 // first day of the month assessed (R2.7)
  // Per-member state lives in thread-local scratch buffers reused across households, so a batch does
  // no allocation per household once warm (the rules run millions of times a second).
  std::vector<int>& age;          // per member, on `on`
  std::vector<Role>& role;        // per member
  std::string missing_param;      // first parameter a rule needed and did not find

  // Window sums (R2.1, R2.3), each computed once per household and window length: counted income per
  // member and for household rows; rigid expenditure likewise.
  struct WindowSums {
    int window = -1;              // -1 = not computed
    std::vector<Fen>* own;        // per member
    Fen household = 0;            // rows without `member`
  };
  WindowSums income_sums[2];
  WindowSums expenditure_sums;
  // R2.8: the C1 and R1.3b tests use the household's assets over all its members — the same answer for
  // every person tested, so it is computed (and explained) once.
  std::optional<Finding> household_assets;

  Ctx(const model::Household& hh, model::Month m, const MonthParams& pp, Assessment& o, bool ex);

  int size() const { return static_cast<int>(h.members.size()); }
  const model::Member& member(int i) const { return h.members[static_cast<std::size_t>(i)]; }
  std::string fact(int i, const char* field) const { return "members[" + member(i).id + "]." + field; }

  // Parameter needs: the value, or records the missing name (-> `no_parameter`) and returns 0.
  Decimal need(const OptDec& v, const char* name);
  Fen need_fen(const OptDec& v, const char* name) { return need(v, name).to_fen(); }
  int need_int(const OptDec& v, const char* name) { return static_cast<int>(need(v, name).to_int()); }
  bool refused() const { return !missing_param.empty(); }
  Fen rounding_unit() { return need_fen(p.rounding, "rounding"); }

  void add(Item item, Period period, int member, Fen amount, const char* rule) {
    if (period != Period::kFlag && amount <= 0) return;  // an amount of 0 is not listed
    out.entitlements.push_back(Entitlement{item, period, static_cast<std::int16_t>(member), amount, rule});
  }
  void flag(Item item, int member, const char* rule) { add(item, Period::kFlag, member, 0, rule); }
  void unknown(const std::string& fact);
  void unknown(const Finding& f) {
    for (const auto& m : f.missing) unknown(m);
  }
  template <typename F>
  void step(const char* rule, F&& text) {
    if (explain) out.explanation.push_back(Step{rule, text()});
  }

  bool severe(int i) const { return member(i).disability && member(i).disability->severe(); }
  bool disabled(int i) const { return member(i).disability.has_value(); }
  bool in_school(int i) const {
    return member(i).school.has_value() || member(i).employment == model::Employment::kStudent;
  }
  std::string who(int i) const;  // "张某(4501…)" for explanations
};

// ---- R2 means (means.cpp) ----
// Counted income (R2.2) in the `window` months before the month assessed, of the members still in the
// unit (Role::kUnit) plus household rows (no member). Requires income known.
Fen unit_income(Ctx& c, int window);
// Rigid expenditure (R2.3) in the window, same selection. Requires expenditure known.
Fen unit_expenditure(Ctx& c, int window);
// A person's own counted income (R2.8): rows naming them, and household rows in a one-person record.
Fen own_income(Ctx& c, int i, int window);
// Rigid expenditure rows naming member `i` in the window (R1.3b(3) bearer).
Fen own_expenditure(Ctx& c, int i, int window);
// R2.4 asset test over `persons` people, financial limit `months` × standard per person.
Finding asset_test(Ctx& c, int persons, const OptDec& months, const char* months_name, const char* rule);
// The same over all members of the record with the ordinary limit (R2.8, for C1 and R1.3b), once.
const Finding& household_asset_test(Ctx& c);
// "1234.56"
std::string yuan(Fen f);

// ---- categories ----
Finding tekun_status(Ctx& c, int i);                           // R1.1 (tekun.cpp)
void tekun_items(Ctx& c, int i);                               // R3.1, R3.2 (tekun.cpp)
void orphan_items(Ctx& c, int i);                              // R3.3 (orphan.cpp)
// R1.3, R1.3a, R3.4, R3.6 on the unit; returns the household category decision (dibao.cpp).
Tri dibao_household(Ctx& c, Finding& why);
// R1.3b singles among the unit; marks them Role::kSingle and lists their dibao (dibao.cpp).
Tri dibao_singles(Ctx& c);
Finding low_income_household(Ctx& c);                          // R1.4 (low_income.cpp)

// ---- lines ----
void disability_items(Ctx& c);                                 // R3.7 (disability.cpp)
void medical_items(Ctx& c);                                    // R4 (medical.cpp)
void education_items(Ctx& c);                                  // R5 (education.cpp)
void housing_items(Ctx& c);                                    // R6 (housing.cpp)
void employment_items(Ctx& c);                                 // R7 (employment.cpp)
void pension_items(Ctx& c);                                    // R8 (pension.cpp)
void temporary_items(Ctx& c);                                  // R9 (temporary.cpp)

// Category key of a covered member for category-differentiated parameters.
CatKey cat_key(const Ctx& c, int i);
bool covered(const Ctx& c, int i);

}  // namespace safetynet::rules::detail
