#pragma once
// Test helpers for the rules: the shipped policy tree loaded once, case-style parameter overrides,
// `assess_month` and gMock matchers over an Assessment (SPEC items by name, amounts in fen).
//
//   Assessment a = assess_month(b.household(), month(2019, 10), "dibao_standard: 650");
//   EXPECT_THAT(a, HasItem(Item::kDibao, kHousehold, yuan(950)));
//   EXPECT_THAT(a, HasFlag(Item::kScreening, woman));
//   EXPECT_THAT(a, Not(HasAnyItem(Item::kTekunSupport)));
//   EXPECT_THAT(a, IsCategory(Category::kDibao));
//
// Overrides are YAML in the acceptance cases' `params` shape: a parameter named there replaces its whole
// series (SPEC "Precise readings"); every other value comes from policy/. A printer shows the whole
// Assessment on failure. Header-only; the loaded policy is read-only and shared by the tests of a binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "base/testing.hpp"
#include "model/money.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "rules/assess.hpp"
#include "rules/assessment.hpp"

namespace safetynet::rules {

inline void PrintTo(const Assessment& a, std::ostream* os) {
  *os << "{category=" << category_name(a.category);
  if (!a.persons.empty()) {
    *os << ", persons=[";
    for (const auto& [i, pc] : a.persons) *os << " #" << i << ":" << person_category_name(pc);
    *os << " ]";
  }
  *os << ", entitlements=[";
  for (const auto& e : a.entitlements) {
    *os << "\n    " << item_name(e.item);
    if (e.member >= 0) *os << " #" << e.member;
    if (e.period != Period::kFlag) *os << " " << model::format_yuan(e.amount) << (e.period == Period::kYear ? "/year" : "");
    *os << " (" << e.rule << ")";
  }
  *os << " ]";
  if (!a.undetermined.empty()) {
    *os << ", undetermined=[";
    for (const auto& u : a.undetermined) *os << " " << u;
    *os << " ]";
  }
  if (a.refusal) *os << ", refusal=" << a.refusal->to_string();
  *os << "}";
}

namespace testing {

// Member index of a household item (`Entitlement::member == -1`).
inline constexpr int kHousehold = -1;

// The shipped policy tree (policy/), loaded once per test binary; aborts the binary if it does not load,
// since every rules test depends on it.
// The region lists shipped in data/regions/, loaded once for every test that needs them.
inline const model::RegionCatalog& shipped_regions() {
  static const model::RegionCatalog cat = [] {
    auto r = model::RegionCatalog::load(model::default_region_dir());
    if (!r.ok()) {
      for (const auto& p : r.problems()) std::fprintf(stderr, "regions: %s\n", p.to_string().c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return cat;
}

inline const params::ParameterSet& shipped_policy() {
  static const params::ParameterSet set = [] {
    auto r = params::load_policy(model::default_policy_dir());
    if (!r.ok()) {
      for (const auto& p : r.problems()) std::fprintf(stderr, "policy: %s\n", p.to_string().c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return set;
}

// The shipped policy with `overrides_yaml` (acceptance-case `params` shape) applied. A test whose
// overrides are refused fails (ADD_FAILURE) naming the problems.
inline params::ParameterSet policy_with(std::string_view overrides_yaml) {
  params::ParameterSet set = shipped_policy();
  if (overrides_yaml.empty()) return set;
  Problems ps = params::apply_overrides(set, YAML::Load(std::string(overrides_yaml)), "test params");
  if (!ps.empty()) {
    for (const auto& p : ps) ADD_FAILURE() << "override refused: " << p.to_string();
  }
  return set;
}

// Assesses with the shipped policy plus overrides.
inline Assessment assess_month(const model::Household& h, model::Month m, std::string_view overrides_yaml = "",
                               bool explain = false) {
  return assess(h, m, policy_with(overrides_yaml), Options{explain});
}

// The entitlement of `item` for `member` (kHousehold for the household's), or nullptr.
inline const Entitlement* find_item(const Assessment& a, Item item, int member) {
  for (const auto& e : a.entitlements)
    if (e.item == item && e.member == member) return &e;
  return nullptr;
}

inline int count_items(const Assessment& a, Item item, int member) {
  int n = 0;
  for (const auto& e : a.entitlements) n += e.item == item && e.member == member;
  return n;
}

MATCHER_P(IsCategory, category, std::string("has household category ") + category_name(category)) {
  if (arg.category == category) return true;
  *result_listener << "whose category is " << category_name(arg.category);
  return false;
}

// An item with an amount (fen), for `member` (or kHousehold).
MATCHER_P3(HasItem, item, member, amount,
           std::string("has ") + item_name(item) + (member >= 0 ? " for member #" + std::to_string(member) : "") +
               " of " + model::format_yuan(amount)) {
  const Entitlement* e = find_item(arg, item, member);
  if (!e) {
    *result_listener << "which has no such item";
    return false;
  }
  if (e->amount != amount) {
    *result_listener << "whose amount is " << model::format_yuan(e->amount);
    return false;
  }
  return true;
}

// A flag item (no amount) for `member` (or kHousehold).
MATCHER_P2(HasFlag, item, member,
           std::string("has flag ") + item_name(item) + (member >= 0 ? " for member #" + std::to_string(member) : "")) {
  const Entitlement* e = find_item(arg, item, member);
  if (!e) return false;
  if (e->period != Period::kFlag) {
    *result_listener << "which is not a flag but an amount of " << model::format_yuan(e->amount);
    return false;
  }
  return true;
}

// Some entitlement of `item` for `member` (any amount).
MATCHER_P2(HasItemFor, item, member,
           std::string("has ") + item_name(item) + (member >= 0 ? " for member #" + std::to_string(member) : " (household)")) {
  return find_item(arg, item, member) != nullptr;
}

// Some entitlement of `item` for anyone; use with Not() for the cases' `absent`.
MATCHER_P(HasAnyItem, item, std::string("has ") + item_name(item) + " for someone") {
  for (const auto& e : arg.entitlements)
    if (e.item == item) return true;
  return false;
}

MATCHER_P2(HasPerson, member, category,
           std::string("has member #") + std::to_string(member) + " as " + person_category_name(category)) {
  for (const auto& [i, pc] : arg.persons)
    if (i == member && pc == category) return true;
  return false;
}

// Member `member` holds no person category of its own.
MATCHER_P(HasNoPersonCategory, member, std::string("gives member #") + std::to_string(member) + " no own category") {
  for (const auto& [i, pc] : arg.persons)
    if (i == member) {
      *result_listener << "which makes them " << person_category_name(pc);
      return false;
    }
  return true;
}

// `undetermined` lists `fact` ("income", "members[<id>].legal_supporters", …).
MATCHER_P(ListsUndetermined, fact, std::string("lists ") + std::string(fact) + " as undetermined") {
  for (const auto& u : arg.undetermined)
    if (u == fact) return true;
  return false;
}

}  // namespace testing
}  // namespace safetynet::rules
