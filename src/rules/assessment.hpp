#pragma once
// What the engine returns for one household and one month (HOUSEHOLD-FORMAT.md "Results").
//
// `category` is the household's (dibao | low_income | none | undetermined); persons with a category of
// their own (tekun, orphan, dibao_single) are in `persons`. Each entitlement is one item of the lines
// R3–R9 with its amount in fen: per month unless `period` is kYear; flags have no amount. Amounts of 0
// are not listed. `explanation` (only when asked for) cites the rule id of every step, in Chinese;
// `undetermined` names the facts that were missing (R2.5). `refusal` is set when the record cannot be
// assessed for that month at all (`no_parameter`). An Assessment is a reusable buffer: `clear()` keeps
// capacity so a batch allocates nothing per household once warm. Not thread-safe; one per thread.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/money.hpp"
#include "model/month.hpp"

namespace safetynet::rules {

enum class Category : std::uint8_t { kNone, kDibao, kLowIncome, kUndetermined };
enum class PersonCategory : std::uint8_t { kTekun, kOrphan, kDibaoSingle };

enum class Item : std::uint8_t {
  // living (R3)
  kTekunSupport, kCareFee, kOrphanSupport, kDibao, kDisabilityLivingSubsidy, kSevereDisabilityCareSubsidy,
  // medical (R4)
  kPremiumSubsidy, kMedicalAssistance, kScreening, kSupplementaryInsurance,
  // education (R5)
  kBoardingSubsidy, kHighSchoolGrant, kVocationalTuitionWaiver, kFreshmanAid, kUniversityGrant,
  kKindergartenFeeWaiver, kHighSchoolFeeWaiver, kVocationalGrant,
  // housing (R6)
  kInstitutionalCareOffer, kTekunDispersedAssistance, kRentSubsidy,
  // employment (R7)
  kAssistanceRegistration, kZeroEmploymentHousehold, kTrainingReferral,
  // pension (R8)
  kContributionPaid,
  // temporary (R9)
  kCaseByCase, kSocialReferral,
  kCount
};

enum class Period : std::uint8_t { kMonth, kYear, kFlag };

struct Entitlement {
  Item item;
  Period period;
  std::int16_t member;  // index into Household::members, -1 = the household's item
  model::Fen amount;    // fen (per month, or per year for kYear); 0 for flags
  const char* rule;     // "R3.4"
};

struct Step {
  const char* rule;  // "R2.1"
  std::string text;  // Chinese, with the values used: "人均月收入 333.33 = 12000.00 / 12 / 3"
};

struct Assessment {
  Category category = Category::kNone;
  std::vector<std::pair<std::int16_t, PersonCategory>> persons;  // member index -> own category
  std::vector<Entitlement> entitlements;
  std::vector<Step> explanation;
  std::vector<std::string> undetermined;  // "income", "members[4501…].legal_supporters", …
  std::optional<Problem> refusal;         // `no_parameter` (the parameter's name in `field`)
  // R3.6 state for the registry's history: the month a running gradual exit started (month 1).
  std::optional<model::Month> exit_started;

  void clear();
  // Sum of the monthly cash items paid through the civil-affairs roster (SPEC "R12.1 payroll":
  // living.*, housing amounts, temporary.case_by_case), in fen.
  model::Fen monthly_cash() const;
  // The household's living.dibao amount (household item), 0 if none.
  model::Fen dibao_benefit() const;
};

// "living.dibao", "medical.premium_subsidy", …
const char* item_name(Item item);
// nullopt for an unknown name.
std::optional<Item> parse_item(std::string_view name);
// "dibao", "low_income", "none", "undetermined"
const char* category_name(Category c);
// "tekun", "orphan", "dibao_single"
const char* person_category_name(PersonCategory c);
// Chinese labels for the UI and files: 低保, 低收入, 不符合, 无法确定; 特困人员, 孤儿, 单人户施保.
const char* category_label(Category c);
const char* person_category_label(PersonCategory c);
// The guarantee line of an item: "living", "medical", "education", "housing", "employment", "pension",
// "temporary".
std::string item_line(Item item);
// Chinese label for reports and the UI: "低保金", "特困人员基本生活费", …
const char* item_label(Item item);
// True for items paid monthly in cash through the civil-affairs roster (R12.1 reading).
bool is_monthly_cash(Item item);

}  // namespace safetynet::rules
