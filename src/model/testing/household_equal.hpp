#pragma once
// Test helper: field-by-field comparison of two household records with a readable failure for each
// field that differs (round trips through JSON, the registry codec and the ledger all use it).
#include <gtest/gtest.h>

#include <string>

#include "model/household.hpp"

namespace safetynet::model::testing {

inline void expect_same(const model::Household& a, const model::Household& b) {
  SCOPED_TRACE("household " + a.id);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.residence, b.residence);
  EXPECT_EQ(a.urban_years, b.urban_years);
  EXPECT_EQ(a.residence_permit, b.residence_permit);
  EXPECT_EQ(a.lacks_labour_cause, b.lacks_labour_cause);
  ASSERT_EQ(a.members.size(), b.members.size());
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    const auto& x = a.members[i];
    const auto& y = b.members[i];
    SCOPED_TRACE("member " + x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.relation, y.relation);
    EXPECT_EQ(x.sex, y.sex);
    EXPECT_EQ(x.birth_date, y.birth_date);
    EXPECT_EQ(x.employment, y.employment);
    EXPECT_EQ(x.disability.has_value(), y.disability.has_value());
    if (x.disability && y.disability) {
      EXPECT_EQ(x.disability->grade, y.disability->grade);
      EXPECT_EQ(x.disability->type, y.disability->type);
    }
    EXPECT_EQ(x.self_care, y.self_care);
    EXPECT_EQ(x.serious_illness, y.serious_illness);
    EXPECT_EQ(x.orphan, y.orphan);
    EXPECT_EQ(x.legal_supporters, y.legal_supporters);
    EXPECT_EQ(x.supported_by, y.supported_by);
    EXPECT_EQ(x.community_correction, y.community_correction);
    EXPECT_EQ(x.school, y.school);
    EXPECT_EQ(x.boarding, y.boarding);
    EXPECT_EQ(x.university_freshman, y.university_freshman);
    EXPECT_EQ(x.insurance.medical, y.insurance.medical);
    EXPECT_EQ(x.insurance.critical_illness, y.insurance.critical_illness);
    EXPECT_EQ(x.insurance.pension, y.insurance.pension);
    ASSERT_EQ(x.medical_self_paid.size(), y.medical_self_paid.size());
    for (std::size_t k = 0; k < x.medical_self_paid.size(); ++k) {
      EXPECT_EQ(x.medical_self_paid[k].year, y.medical_self_paid[k].year);
      EXPECT_EQ(x.medical_self_paid[k].amount, y.medical_self_paid[k].amount);
    }
  }
  ASSERT_EQ(a.income.has_value(), b.income.has_value());
  if (a.income) {
    ASSERT_EQ(a.income->size(), b.income->size());
    for (std::size_t k = 0; k < a.income->size(); ++k) {
      const auto& x = (*a.income)[k];
      const auto& y = (*b.income)[k];
      EXPECT_EQ(x.member, y.member);
      EXPECT_EQ(x.month, y.month);
      EXPECT_EQ(x.kind, y.kind);
      EXPECT_EQ(x.amount, y.amount);
    }
  }
  ASSERT_EQ(a.expenditure.has_value(), b.expenditure.has_value());
  if (a.expenditure) {
    ASSERT_EQ(a.expenditure->size(), b.expenditure->size());
    for (std::size_t k = 0; k < a.expenditure->size(); ++k) {
      const auto& x = (*a.expenditure)[k];
      const auto& y = (*b.expenditure)[k];
      EXPECT_EQ(x.member, y.member);
      EXPECT_EQ(x.month, y.month);
      EXPECT_EQ(x.kind, y.kind);
      EXPECT_EQ(x.amount, y.amount);
    }
  }
  ASSERT_EQ(a.assets.has_value(), b.assets.has_value());
  if (a.assets) {
    EXPECT_EQ(a.assets->financial, b.assets->financial);
    EXPECT_EQ(a.assets->vehicles, b.assets->vehicles);
    EXPECT_EQ(a.assets->dwellings, b.assets->dwellings);
    EXPECT_EQ(a.assets->floor_area_m2, b.assets->floor_area_m2);
    EXPECT_EQ(a.assets->business_capital, b.assets->business_capital);
  }
  EXPECT_EQ(a.history.category, b.history.category);
  EXPECT_EQ(a.history.category_since, b.history.category_since);
  EXPECT_EQ(a.history.last_benefit, b.history.last_benefit);
  EXPECT_EQ(a.history.exit_reason, b.history.exit_reason);
  EXPECT_EQ(a.history.exit_started, b.history.exit_started);
  ASSERT_EQ(a.history.case_by_case_paid.size(), b.history.case_by_case_paid.size());
  for (std::size_t k = 0; k < a.history.case_by_case_paid.size(); ++k) {
    EXPECT_EQ(a.history.case_by_case_paid[k].date, b.history.case_by_case_paid[k].date);
    EXPECT_EQ(a.history.case_by_case_paid[k].amount, b.history.case_by_case_paid[k].amount);
  }
  ASSERT_EQ(a.requests.size(), b.requests.size());
  for (std::size_t k = 0; k < a.requests.size(); ++k) {
    EXPECT_EQ(a.requests[k].date, b.requests[k].date);
    EXPECT_EQ(a.requests[k].amount, b.requests[k].amount);
  }
}

}  // namespace safetynet::model::testing
