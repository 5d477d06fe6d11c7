#pragma once
// What a simulation counts (issue 5, SPEC R13 figures under two parameter sets): for the baseline and the
// reform, per 设区市 and category, households, persons, covered persons and money by guarantee line; and
// between them, who gains and who loses. Every figure is an integer (counts, fen), kept in one flat
// array of int64, so that threads and MPI ranks combine their partial tallies by plain addition: the
// totals are exact and do not depend on how the population was split (no floating point anywhere).
//
// The only part that is not a sum, the largest gains and losses, is kept as a short sorted list per
// tally and merged (ties broken by household id, so the merge is deterministic too).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/money.hpp"
#include "model/region.hpp"
#include "rules/assessment.hpp"

namespace safetynet::sim {

// 设区市 of Guangxi in code order (model/region.hpp); index kCities collects a code outside them.
inline constexpr int kCities = model::kGuangxiCities;
inline int city_index(const std::string& region) { return model::guangxi_city_index(region); }
inline std::string city_code(int index) { return model::guangxi_city_code(index); }

// Household outcome groups: the household's category, or refused (no_parameter).
enum class Group : std::uint8_t { kNone, kDibao, kLowIncome, kUndetermined, kRefused, kCount };
inline constexpr int kGroups = static_cast<int>(Group::kCount);
const char* group_label(Group g);  // 不符合, 低保, 低收入, 无法确定, 拒绝评估
Group group_of(const rules::Assessment& a);

// Persons with a category of their own (R1.1, R1.2, R1.3b).
inline constexpr int kPersonGroups = 3;  // rules::PersonCategory: tekun, orphan, dibao_single

// Guarantee lines in report order: living, medical, education, housing, employment, pension, temporary.
inline constexpr int kLines = 7;
const char* line_key(int line);    // "living", …
const char* line_label(int line);  // 基本生活, 医疗, 教育, 住房, 就业, 社会保险, 临时救助
int line_index(rules::Item item);

// Change of a household's monthly cash between baseline and reform, in yuan, bucketed for the
// distribution chart: ≤ -500, (-500,-100], (-100,0), 0 with cash in both, (0,100], (100,500], > 500.
inline constexpr int kChangeBuckets = 7;
const char* change_bucket_label(int bucket);
int change_bucket(model::Fen change);

// One scenario's figures for one 设区市 (all int64; money in fen).
struct ScenarioCell {
  std::int64_t households[kGroups];
  std::int64_t persons[kGroups];                // members of those households
  std::int64_t person_categories[kPersonGroups];  // tekun / orphan / dibao_single persons
  std::int64_t covered_persons;                 // covered members of dibao/low-income households + own-category persons
  std::int64_t paid_households;                 // households with monthly cash > 0
  std::int64_t monthly_cash;                    // fen per month (R12.1 roster amount)
  std::int64_t monthly_by_line[kLines];         // fen per month
  std::int64_t yearly_by_line[kLines];          // fen per year (premium subsidy, pension contributions, …)
};

// Baseline against reform for one 设区市.
struct ChangeCell {
  std::int64_t gainers, losers, unchanged_paid;  // households by monthly cash: more, less, same (> 0)
  std::int64_t gain, loss;                       // fen per month: sum of increases, of decreases (positive)
  std::int64_t newly_paid, no_longer_paid;       // households whose cash goes from 0 to > 0 and back
  std::int64_t group_moves[kGroups][kGroups];    // baseline group × reform group, households
  std::int64_t buckets[kChangeBuckets];          // households by change of monthly cash
};

struct CityTally {
  ScenarioCell baseline, reform;
  ChangeCell change;
};

// One household's change, for the lists of largest gains and losses.
struct Mover {
  std::string household_id;
  std::string region;
  Group baseline_group = Group::kNone, reform_group = Group::kNone;
  model::Fen baseline_cash = 0, reform_cash = 0;  // fen per month
  model::Fen change() const { return reform_cash - baseline_cash; }
};

class Tally {
 public:
  static constexpr int kTopMovers = 10;

  Tally();
  // Adds one household assessed under both parameter sets (`persons` = its members).
  void add(const std::string& household_id, const std::string& region, int persons, const rules::Assessment& baseline,
           const rules::Assessment& reform);
  // Adds another tally (threads, ranks): counts add up; the mover lists merge.
  void merge(const Tally& other);

  const CityTally& city(int index) const { return cities_[static_cast<std::size_t>(index)]; }
  CityTally total() const;  // the sum over every 设区市 (and the unknown slot)
  std::int64_t households() const;
  const std::vector<Mover>& top_gainers() const { return gainers_; }
  const std::vector<Mover>& top_losers() const { return losers_; }

  // The counts as one flat array (for MPI: reduce with MPI_SUM over int64) and back.
  std::vector<std::int64_t> counts() const;
  void set_counts(const std::vector<std::int64_t>& flat);
  // Replaces the mover lists (after gathering them from ranks).
  void set_movers(std::vector<Mover> gainers, std::vector<Mover> losers);

 private:
  std::array<CityTally, kCities + 1> cities_;
  std::vector<Mover> gainers_, losers_;  // sorted: largest change first, then household id
};

// Order of the mover lists: the larger gain (loss) first, then the household id.
bool better_gain(const Mover& a, const Mover& b);
bool better_loss(const Mover& a, const Mover& b);

}  // namespace safetynet::sim
