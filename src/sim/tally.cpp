#include "sim/tally.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace safetynet::sim {

static_assert(std::is_trivially_copyable_v<CityTally> && sizeof(CityTally) % sizeof(std::int64_t) == 0,
              "CityTally must be a plain block of int64 so that tallies add up as arrays (MPI_SUM)");

const char* group_label(Group g) {
  switch (g) {
    case Group::kNone: return "不符合";
    case Group::kDibao: return "低保";
    case Group::kLowIncome: return "低收入";
    case Group::kUndetermined: return "无法确定";
    case Group::kRefused: return "拒绝评估";
    case Group::kCount: break;
  }
  return "";
}

Group group_of(const rules::Assessment& a) {
  if (a.refusal) return Group::kRefused;
  return static_cast<Group>(a.category);  // kNone, kDibao, kLowIncome, kUndetermined share their order
}

namespace {
constexpr const char* kLineKeys[kLines] = {"living", "medical", "education", "housing", "employment", "pension", "temporary"};
constexpr const char* kLineLabels[kLines] = {"基本生活", "医疗", "教育", "住房", "就业", "社会保险", "临时救助"};

// Item -> line index, computed once from rules::item_line (the engine's own grouping).
struct LineTable {
  int of[static_cast<int>(rules::Item::kCount)];
  LineTable() {
    for (int i = 0; i < static_cast<int>(rules::Item::kCount); ++i) {
      const std::string line = rules::item_line(static_cast<rules::Item>(i));
      of[i] = kLines - 1;
      for (int l = 0; l < kLines; ++l) {
        if (line == kLineKeys[l]) of[i] = l;
      }
    }
  }
};
const LineTable& line_table() {
  static const LineTable t;
  return t;
}

constexpr const char* kBucketLabels[kChangeBuckets] = {"减少500元以上", "减少100–500元", "减少100元以内", "不变",
                                                       "增加100元以内", "增加100–500元", "增加500元以上"};

void add_scenario(ScenarioCell& c, Group g, int persons, const rules::Assessment& a) {
  const int gi = static_cast<int>(g);
  c.households[gi] += 1;
  c.persons[gi] += persons;
  for (const auto& [member, pc] : a.persons) {
    (void)member;
    c.person_categories[static_cast<int>(pc)] += 1;
  }
  if (g == Group::kRefused) return;
  // Covered persons as the registry stores them (payroll::to_stored, the report's 保障人数): the whole
  // household when it is a dibao or low-income unit, else only the persons with a category of their own
  // (特困, 孤儿, an R1.3b single) — never the rest of a household that is not covered.
  const std::int64_t covered = g == Group::kDibao || g == Group::kLowIncome
                                   ? static_cast<std::int64_t>(persons)
                                   : static_cast<std::int64_t>(a.persons.size());
  model::Fen cash = 0;
  const auto& lines = line_table();
  for (const auto& e : a.entitlements) {
    const int line = lines.of[static_cast<int>(e.item)];
    if (e.period == rules::Period::kMonth) {
      c.monthly_by_line[line] += e.amount;
      if (rules::is_monthly_cash(e.item)) cash += e.amount;
    } else if (e.period == rules::Period::kYear) {
      c.yearly_by_line[line] += e.amount;
    }
  }
  c.covered_persons += covered;
  c.monthly_cash += cash;
  if (cash > 0) c.paid_households += 1;
}
}  // namespace

const char* line_key(int line) { return line >= 0 && line < kLines ? kLineKeys[line] : ""; }
const char* line_label(int line) { return line >= 0 && line < kLines ? kLineLabels[line] : ""; }
int line_index(rules::Item item) { return line_table().of[static_cast<int>(item)]; }

const char* change_bucket_label(int bucket) {
  return bucket >= 0 && bucket < kChangeBuckets ? kBucketLabels[bucket] : "";
}

int change_bucket(model::Fen change) {
  constexpr model::Fen k100 = 100 * model::kFenPerYuan, k500 = 500 * model::kFenPerYuan;
  if (change <= -k500) return 0;
  if (change <= -k100) return 1;
  if (change < 0) return 2;
  if (change == 0) return 3;
  if (change <= k100) return 4;
  if (change <= k500) return 5;
  return 6;
}

bool better_gain(const Mover& a, const Mover& b) {
  if (a.change() != b.change()) return a.change() > b.change();
  return a.household_id < b.household_id;
}
bool better_loss(const Mover& a, const Mover& b) {
  if (a.change() != b.change()) return a.change() < b.change();
  return a.household_id < b.household_id;
}

Tally::Tally() { std::memset(static_cast<void*>(cities_.data()), 0, sizeof(cities_)); }

namespace {
// Keeps `list` the kTopMovers best by `better`; returns whether `m` would enter it (cheap test first,
// so the id strings are copied only for the few households that do).
template <class Better>
bool would_enter(const std::vector<Mover>& list, const Mover& m, Better better) {
  return list.size() < Tally::kTopMovers || better(m, list.back());
}
template <class Better>
void insert_mover(std::vector<Mover>& list, Mover m, Better better) {
  auto at = std::lower_bound(list.begin(), list.end(), m, better);
  list.insert(at, std::move(m));
  if (list.size() > Tally::kTopMovers) list.pop_back();
}
}  // namespace

void Tally::add(const std::string& household_id, const std::string& region, int persons,
                const rules::Assessment& baseline, const rules::Assessment& reform) {
  auto& city = cities_[static_cast<std::size_t>(city_index(region))];
  const Group bg = group_of(baseline), rg = group_of(reform);
  add_scenario(city.baseline, bg, persons, baseline);
  add_scenario(city.reform, rg, persons, reform);
  const model::Fen bcash = bg == Group::kRefused ? 0 : baseline.monthly_cash();
  const model::Fen rcash = rg == Group::kRefused ? 0 : reform.monthly_cash();
  auto& ch = city.change;
  ch.group_moves[static_cast<int>(bg)][static_cast<int>(rg)] += 1;
  const model::Fen d = rcash - bcash;
  if (d > 0) {
    ch.gainers += 1;
    ch.gain += d;
  } else if (d < 0) {
    ch.losers += 1;
    ch.loss -= d;
  } else if (bcash > 0) {
    ch.unchanged_paid += 1;
  }
  if (bcash == 0 && rcash > 0) ch.newly_paid += 1;
  if (bcash > 0 && rcash == 0) ch.no_longer_paid += 1;
  if (bcash > 0 || rcash > 0) ch.buckets[change_bucket(d)] += 1;
  if (d == 0) return;
  // Only a change at least as large as the last on the list can enter it: test that before copying
  // the id strings, so the lists cost nothing for the millions of households that never enter.
  auto& list = d > 0 ? gainers_ : losers_;
  if (list.size() == kTopMovers && (d > 0 ? d < list.back().change() : d > list.back().change())) return;
  Mover m{household_id, region, bg, rg, bcash, rcash};
  if (d > 0) {
    if (would_enter(list, m, better_gain)) insert_mover(list, std::move(m), better_gain);
  } else {
    if (would_enter(list, m, better_loss)) insert_mover(list, std::move(m), better_loss);
  }
}

void Tally::merge(const Tally& other) {
  auto* mine = reinterpret_cast<std::int64_t*>(cities_.data());
  const auto* theirs = reinterpret_cast<const std::int64_t*>(other.cities_.data());
  for (std::size_t i = 0; i < sizeof(cities_) / sizeof(std::int64_t); ++i) mine[i] += theirs[i];
  for (const auto& m : other.gainers_) {
    if (would_enter(gainers_, m, better_gain)) insert_mover(gainers_, m, better_gain);
  }
  for (const auto& m : other.losers_) {
    if (would_enter(losers_, m, better_loss)) insert_mover(losers_, m, better_loss);
  }
}

CityTally Tally::total() const {
  CityTally t;
  std::memset(static_cast<void*>(&t), 0, sizeof t);
  auto* out = reinterpret_cast<std::int64_t*>(&t);
  for (const auto& c : cities_) {
    const auto* in = reinterpret_cast<const std::int64_t*>(&c);
    for (std::size_t i = 0; i < sizeof(CityTally) / sizeof(std::int64_t); ++i) out[i] += in[i];
  }
  return t;
}

std::int64_t Tally::households() const {
  std::int64_t n = 0;
  for (const auto& c : cities_) {
    for (int g = 0; g < kGroups; ++g) n += c.baseline.households[g];
  }
  return n;
}

std::vector<std::int64_t> Tally::counts() const {
  std::vector<std::int64_t> flat(sizeof(cities_) / sizeof(std::int64_t));
  std::memcpy(flat.data(), cities_.data(), sizeof(cities_));
  return flat;
}

void Tally::set_counts(const std::vector<std::int64_t>& flat) {
  if (flat.size() * sizeof(std::int64_t) != sizeof(cities_)) return;
  std::memcpy(static_cast<void*>(cities_.data()), flat.data(), sizeof(cities_));
}

void Tally::set_movers(std::vector<Mover> gainers, std::vector<Mover> losers) {
  gainers_.clear();
  losers_.clear();
  for (auto& m : gainers) {
    if (would_enter(gainers_, m, better_gain)) insert_mover(gainers_, std::move(m), better_gain);
  }
  for (auto& m : losers) {
    if (would_enter(losers_, m, better_loss)) insert_mover(losers_, std::move(m), better_loss);
  }
}

}  // namespace safetynet::sim
