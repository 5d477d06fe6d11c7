// SPEC R6: C1 persons without housing are offered institutional care (R6.1) and, where
// P.housing.tekun_dispersed is given, dispersed housing assistance; C1–C4 households without adequate
// housing (no dwelling, or floor area per person — over all members of the record — below
// P.housing.min_area_per_person) get P.housing.rent_subsidy[category] per covered person per month (R6.2).
#include "rules/detail/context.hpp"

namespace safetynet::rules::detail {

void housing_items(Ctx& c) {
  if (!c.h.assets) return;
  const auto& a = *c.h.assets;
  bool inadequate = a.dwellings == 0;
  if (!inadequate && c.p.housing_min_area_per_person && a.floor_area_m2) {
    inadequate = *a.floor_area_m2 * Decimal::kScale <
                 static_cast<double>(c.p.housing_min_area_per_person->units) * c.size();
  }
  int unit_persons = 0;
  for (int i = 0; i < c.size(); ++i) {
    const Role r = c.role[static_cast<std::size_t>(i)];
    if (!covered(c, i)) continue;
    if (r == Role::kUnit) {
      ++unit_persons;
      continue;
    }
    if (r == Role::kTekun && a.dwellings == 0) {
      c.flag(Item::kInstitutionalCareOffer, i, "R6.1");
      if (c.p.housing_tekun_dispersed)
        c.add(Item::kTekunDispersedAssistance, Period::kMonth, i, c.p.housing_tekun_dispersed->to_fen(), "R6.1");
    }
    if (inadequate) {
      if (const auto& rs = c.p.housing_rent_subsidy[static_cast<int>(cat_key(c, i))])
        c.add(Item::kRentSubsidy, Period::kMonth, i, rs->to_fen(), "R6.2");
    }
  }
  if (inadequate && unit_persons > 0) {
    if (const auto& rs = c.p.housing_rent_subsidy[static_cast<int>(
            c.out.category == Category::kLowIncome ? CatKey::kLowIncome : CatKey::kDibao)]) {
      c.add(Item::kRentSubsidy, Period::kMonth, -1, rs->to_fen() * unit_persons, "R6.2");
      c.step("R6.2", [&] {
        return "住房困难：租赁补贴 " + yuan(rs->to_fen()) + " × " + std::to_string(unit_persons) + " 人";
      });
    }
  }
}

}  // namespace safetynet::rules::detail
