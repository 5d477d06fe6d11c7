#pragma once
// Seeded synthetic population of urban households in hardship in Guangxi (docs/generator.md).
//
// For demos, benchmarks and simulation: `generate(seed, n)` yields `n` households whose shape
// follows the national urban-dibao statistics in FACTS.md (about 1.64 persons per household; many
// elderly, disabled and single persons; most with little income) and mixes every case the rules
// distinguish: dibao households, 特困 persons (elderly or disabled, alone, `legal_supporters:
// none`), scattered and institutional orphans, expenditure-type low-income households (R1.4) with
// medical costs, the three R1.3b single-person inclusions, migrant workers, gradual exits (R3.6),
// and ineligible households (income or assets too high).
//
// Every household lives in a real Guangxi street (9 digits) or community (12 digits) from
// data/regions/nbs-2023-guangxi-*.csv, three in four in city districts (市辖区). Every member has a
// valid GB 11643 id (check digit, some ending in X) consistent with sex and birth date, unique
// across the whole population; a few names use characters outside the BMP (𠮷) or the middle dot
// (·). Income covers the `income_months` months before `as_of`; expenditure, assets, employment and
// legal supporters are always set (known), unless `unknown_facts_permille` asks for some unknowns.
// Money is integer fen.
//
// Deterministic: std::mt19937_64 with integer-only draws (no std::*_distribution, whose output
// differs between standard libraries), so a seed gives the same population on every platform, and
// the first k households do not depend on n. Generation is sequential (the id sequence numbers are
// allocated in order); `Generator` is immutable after `create` and may be shared, but one
// `generate` call runs on one thread. Memory: the streaming form holds one household at a time plus
// the id allocator (175 KB per county that has been used).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/household.hpp"

namespace safetynet::sim {

struct GeneratorOptions {
  // Income and expenditure rows cover the `income_months` months before this one (R2.1's window for
  // an assessment of `as_of`); ages are chosen relative to its first day.
  model::Month as_of = model::Month::of(2019, 10);
  int income_months = 12;
  // Directory with nbs-2023-guangxi-{counties,streets,villages}.csv; "" =
  // model::default_region_dir().
  std::string region_dir;
  // Share of households placed in city districts (市辖区) rather than counties, per mille.
  int city_district_permille = 750;
  // Share of households (per mille) given one unknown fact (income, expenditure or assets absent),
  // to exercise "cannot determine" (R2.5). 0 by default: everything known.
  int unknown_facts_permille = 0;
};

// The kinds of household the generator draws, with their share (docs/generator.md has the table).
enum class Archetype : std::uint8_t {
  kElderlyAloneTekun,    // 60+, alone, no legal supporter: 特困 (R1.1)
  kElderlyAlone,         // 60+, alone, children elsewhere: dibao if poor
  kDisabledAlone,        // 18–59 disabled, alone
  kAdultAlone,           // 25–59, unemployed or low wage, some seriously ill
  kCorrectionInFamily,   // community-correction adult in a family above the line (R1.3b(1))
  kDisabledWithParents,  // severely disabled adult supported by parents (R1.3b(2))
  kElderlyCouple,
  kSingleParent,
  kCoupleWithChildren,
  kOrphanWithGrandparent,  // scattered orphan(s) with a grandparent (R1.2, R1.5)
  kInstitutionalOrphan,    // orphan living in a welfare institution
  kLowIncomeMedical,       // income above dibao, heavy medical cost (R1.4), some R1.3b(3)
  kMigrant,                // 农民工 in town (R1.4 migrant clause)
  kIneligibleIncome,
  kIneligibleAssets,  // car, second dwelling, large deposits or a business
  kGradualExit,       // former dibao, a member found work (R3.6)
  kDisaster,          // lacks labour after a disaster, disaster losses
  kCount
};
const char* to_string(Archetype);

struct GeneratorStats {
  long households = 0;
  long persons = 0;
  long elderly = 0;  // aged 60+ on the first day of `as_of`
  long minors = 0;   // under 18
  long disabled = 0;
  long severely_disabled = 0;  // grade 1–2
  long women = 0;
  long orphans = 0;
  long no_legal_supporter = 0;
  long migrants = 0;  // households
  long ids_ending_x = 0;
  long rare_names = 0;  // names with a character outside the BMP or a middle dot
  long income_rows = 0;
  long expenditure_rows = 0;
  long households_with_counted_income_below_standard =
      0;  // per-capita counted income < 650 a month
  long in_city_districts = 0;
  std::vector<long> by_archetype = std::vector<long>(static_cast<int>(Archetype::kCount), 0);
  double persons_per_household() const { return households ? double(persons) / households : 0; }
};

class Generator {
 public:
  // Loads the region lists. Problems (`io_error`, `bad_value`) if they cannot be read or hold no
  // urban community.
  static Result<Generator> create(GeneratorOptions options = {});

  // Households 0 … n-1 of the population for `seed`, in order, each handed to `sink` and then
  // forgotten (so 10M households need no more memory than one). Returns what was generated.
  GeneratorStats generate(std::uint64_t seed, std::size_t n,
                          const std::function<void(model::Household&&)>& sink) const;
  // The same households collected in a vector (for tests and small demos).
  std::vector<model::Household> generate(std::uint64_t seed, std::size_t n,
                                         GeneratorStats* stats = nullptr) const;

  const GeneratorOptions& options() const { return options_; }

  struct Pools;  // region pools (internal)

 private:
  Generator() = default;
  GeneratorOptions options_;
  std::shared_ptr<const Pools> pools_;
};

// One-call forms: create a Generator with `options` and generate.
Result<std::vector<model::Household>> generate(std::uint64_t seed, std::size_t n,
                                               const GeneratorOptions& options = {});
Result<GeneratorStats> generate_each(std::uint64_t seed, std::size_t n,
                                     const GeneratorOptions& options,
                                     const std::function<void(model::Household&&)>& sink);

}  // namespace safetynet::sim
