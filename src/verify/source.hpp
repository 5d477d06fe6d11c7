#pragma once
// The fourteen department sources of economic-status verification (SPEC R11.4) and the facts their
// rows can state. A feed row, once mapped (verify/mapping.hpp), is one `Fact` about one person.
//
// Which sources cover which fact the rules need (the "pending" test of SPEC R2.5, docs/verification.md):
//   income wage / business / property ← tax;  income pension ← social_security;
//   financial assets ← bank + securities + insurance;  vehicles ← vehicle;  dwellings ← real_estate;
//   business capital ← market_regulation.
// The other facts (death, school, employment, medical bills, disability, marriage) are checked where
// present and feed proactive discovery (R11.5); nothing waits for them. Values only; thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet::verify {

enum class Source : std::uint8_t {
  kHukou, kEducation, kSocialSecurity, kHealth, kEmployment, kMarketRegulation, kTax, kMarriage,
  kRealEstate, kVehicle, kHousingFund, kBank, kInsurance, kSecurities,
};
inline constexpr int kSourceCount = 14;

// "hukou", "social_security", … (the CLI's --source and the mapping files' names).
const char* to_string(Source s);
// 公安户籍, 社会保险, … (lists and explanations).
const char* chinese_name(Source s);
std::optional<Source> parse_source(std::string_view name);
// Every source, in R11.4's order.
const std::array<Source, kSourceCount>& all_sources();

// What a mapped row says. `kind` refines it: an IncomeKind (income), a Vehicle (vehicle), a School
// (school), an Employment (employment), the grade 1–4 (disability), 0 married / 1 divorced (marriage).
enum class Fact : std::uint8_t {
  kIncome,           // amount: fen received in the month of `date`
  kFinancial,        // amount: fen held on `date` (deposits, securities, insurance cash value)
  kVehicle,          // a registered vehicle
  kDwelling,         // a dwelling; amount: floor area in 1/100 m²
  kBusinessCapital,  // amount: fen of paid-in capital
  kDeath,            // died on `date`
  kSchool,           // enrolled at `kind` level on `date`
  kEmployment,       // registered employed / unemployed on `date`
  kMedicalBill,      // amount: fen of a medical bill dated `date`
  kDisability,       // assessed disability grade `kind` on `date`
  kMarriage,         // married (0) / divorced (1) on `date`
};

// A mapping target as written in a mapping file: "income.wage", "financial", "vehicle.car",
// "dwelling", "business_capital", "death", "school.primary", "employment.unemployed", "medical_bill",
// "disability.2", "marriage.divorced". nullopt for anything else (and for "ignore", which callers
// test first).
struct Target {
  Fact fact;
  std::uint8_t kind = 0;
  bool operator==(const Target&) const = default;
};
std::optional<Target> parse_target(std::string_view text);
std::string to_string(Target t);
// 工资收入, 金融资产, 机动车（小汽车）… for mismatch lists.
std::string chinese_name(Target t);

// The facts the rules need (the pending test above). A fact is pending for a household when one of
// its sources has no load covering the month asked for.
enum class Needed : std::uint8_t { kIncome, kPension, kFinancial, kVehicles, kDwellings, kBusinessCapital };
inline constexpr int kNeededCount = 6;
// The sources each needed fact waits for (financial: bank, securities and insurance).
std::string_view needed_name(Needed n);  // "income", "financial" …
bool covers(Source s, Needed n);
// Flow sources report per month (tax, social security, housing fund): a load covers the months up to
// its as-of date. The others are snapshots: the latest load is what the department holds.
bool is_flow(Source s);

}  // namespace safetynet::verify
