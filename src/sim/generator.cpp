#include "sim/generator.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>
#include <fstream>
#include <random>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "model/citizen_id.hpp"
#include "model/region.hpp"

namespace safetynet::sim {

using model::Employment;
using model::Fen;
using model::Relation;
using model::Sex;

const char* to_string(Archetype a) {
  static constexpr std::array<const char*, static_cast<int>(Archetype::kCount)> kNames = {
      "elderly_alone_tekun",
      "elderly_alone",
      "disabled_alone",
      "adult_alone",
      "correction_in_family",
      "disabled_with_parents",
      "elderly_couple",
      "single_parent",
      "couple_with_children",
      "orphan_with_grandparent",
      "institutional_orphan",
      "low_income_medical",
      "migrant",
      "ineligible_income",
      "ineligible_assets",
      "gradual_exit",
      "disaster"};
  return kNames[static_cast<int>(a)];
}

namespace {

// ---- calendar: days since 1970-01-01 (model/month.hpp) ----
using model::civil_from_days;
using model::days_from_civil;

const long kEpochDay = days_from_civil(1900, 1, 1);  // day 0 of the id allocator
constexpr long kAllocatorDays = 47500;               // 1900 … 2030

// ---- integer-only random draws (stable across standard libraries) ------------------------------
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(seed) {}
  std::uint64_t next() { return rng_(); }
  // Uniform in [0, n). The modulo bias is below n / 2^64: negligible for the small n used here.
  std::uint64_t below(std::uint64_t n) { return rng_() % n; }
  // Uniform in [lo, hi], inclusive.
  long between(long lo, long hi) {
    return lo + static_cast<long>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool chance(int permille) { return static_cast<int>(below(1000)) < permille; }
  // An amount around `base` fen (± pct %), sometimes with odd fen, else whole yuan.
  Fen around(Fen base, int pct) {
    Fen a = base + base * between(-pct, pct) / 100;
    if (a < 0) a = 0;
    if (chance(300)) return a - a % 100 + between(0, 99);
    return a - a % 100;
  }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[below(N)];
  }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::mt19937_64 rng_;
};

// Writes `v` as exactly `width` decimal digits.
void put_digits(char* out, long v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

constexpr Fen yuan(long y) { return static_cast<Fen>(y) * 100; }

// ---- names ------------------------------------------------------------------------------------
// Common surnames in Guangxi (Zhuang and Han), the first ones more often.
constexpr std::array<const char*, 32> kSurnames = {
    "黄", "李", "韦", "陈", "梁", "莫", "覃", "刘", "蒙",   "陆", "罗",
    "杨", "农", "潘", "张", "卢", "谢", "周", "吴", "林",   "蓝", "廖",
    "何", "邓", "唐", "苏", "王", "钟", "赵", "甘", "欧阳", "麦"};
constexpr std::array<const char*, 64> kGiven = {
    "丽", "华", "芳", "英", "秀", "玉", "兰", "梅", "红", "燕", "霞", "春", "桂", "凤", "琴", "明",
    "国", "强", "伟", "军", "勇", "建", "平", "志", "文", "海", "东", "金", "荣", "德", "福", "成",
    "永", "新", "宁", "邕", "柳", "晓", "思", "雨", "欣", "子", "涵", "宇", "浩", "俊", "杰", "婷",
    "敏", "静", "莉", "娟", "云", "生", "祥", "清", "群", "秋", "冬", "松", "林", "贵", "壮", "妹"};
// Names written with a middle dot (transliterated names of minority nationalities).
constexpr std::array<const char*, 6> kDotNames = {
    "阿依古丽·买买提", "艾力·阿不都", "卓玛·次仁", "古丽·吐尔逊", "马木提·艾山", "热依拉·阿布都"};
constexpr const char* kRareChar = "𠮷";  // U+20BB7, outside the BMP (4 bytes in UTF-8)

// ---- regions ----------------------------------------------------------------------------------
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

struct Generator::Pools {
  struct County {
    std::string code;
    bool district = false;  // 市辖区 (name ends in 区)
  };
  std::vector<County> counties;
  std::unordered_map<std::string, int> county_index;
  // Urban places: communities (居委会, 12 digits, last three < 200) and the streets/towns that hold
  // them.
  std::array<std::vector<std::string>, 2> communities;  // [0] counties, [1] city districts
  std::array<std::vector<std::string>, 2> streets;
};

namespace {

using Pools = Generator::Pools;

Result<std::shared_ptr<const Pools>> load_pools(const std::string& dir) {
  auto pools = std::make_shared<Pools>();
  auto read = [&](const std::string& name,
                  const std::function<void(const std::vector<std::string>&)>& row) -> bool {
    std::ifstream in(dir + "/" + name);
    if (!in) return false;
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (header) {
        header = false;
        continue;
      }
      if (line.empty() || line == "\r") continue;
      row(split_csv(line));
    }
    return true;
  };
  auto missing = [&](const std::string& name) {
    return make_problem("io_error", "region_dir", "", "找不到区划代码文件: " + dir + "/" + name);
  };
  const std::string kCounties = "nbs-2023-guangxi-counties.csv";
  const std::string kVillages = "nbs-2023-guangxi-villages.csv";
  if (!read(kCounties, [&](const std::vector<std::string>& c) {
        if (c.size() < 2 || c[0].size() != 6) return;
        bool district = c[1].size() >= 3 && c[1].compare(c[1].size() - 3, 3, "区") == 0;
        pools->county_index.emplace(c[0], static_cast<int>(pools->counties.size()));
        pools->counties.push_back({c[0], district});
      }))
    return missing(kCounties);
  std::unordered_set<std::string> streets_seen;
  if (!read(kVillages, [&](const std::vector<std::string>& c) {
        if (c.size() < 3 || c[0].size() != 12) return;
        int suffix = std::stoi(c[0].substr(9, 3));
        if (suffix >= 200) return;  // 村委会: rural
        auto it = pools->county_index.find(c[0].substr(0, 6));
        if (it == pools->county_index.end()) return;
        int d = pools->counties[it->second].district ? 1 : 0;
        pools->communities[d].push_back(c[0]);
        if (streets_seen.insert(c[2]).second && c[2].size() == 9) pools->streets[d].push_back(c[2]);
      }))
    return missing(kVillages);
  for (int d = 0; d < 2; ++d)
    if (pools->communities[d].empty() || pools->streets[d].empty())
      return make_problem("bad_value", "region_dir", "", "区划代码文件中没有城镇社区: " + dir);
  return std::shared_ptr<const Pools>(std::move(pools));
}

// Allocates GB 11643 sequence numbers so that every id in a population is unique: per (address
// county, birth date, sex) a counter, scrambled so the numbers do not simply count up.
class IdAllocator {
 public:
  explicit IdAllocator(std::size_t counties) : cells_(counties) {}

  // The 3-digit sequence for the next person of this county, day and sex; -1 when all are taken.
  int next(int county, long day, Sex sex) {
    auto& cell = cells_[county];
    if (!cell) cell = std::make_unique<std::array<std::uint16_t, kAllocatorDays * 2>>();  // zeroed
    std::uint16_t& used = (*cell)[static_cast<std::size_t>(day) * 2 + (sex == Sex::kFemale)];
    const int slots = sex == Sex::kMale ? 500 : 499;  // odd 001–999; even 002–998
    if (used >= slots) return -1;
    int offset = static_cast<int>(
        (static_cast<unsigned long>(county) * 7919u + static_cast<unsigned long>(day) * 104729u) %
        slots);
    int s = (used * 7 + offset) % slots;  // 7 is coprime to 500 and 499: a permutation
    ++used;
    return sex == Sex::kMale ? 2 * s + 1 : 2 * s + 2;
  }

 private:
  std::vector<std::unique_ptr<std::array<std::uint16_t, kAllocatorDays * 2>>> cells_;
};

Fen standard_for(model::Month m) {
  // Guangxi average urban dibao standard (FACTS.md): 590 (2018), 650 (2019), 720 (2020 on).
  if (m.year() <= 2018) return yuan(590);
  if (m.year() == 2019) return yuan(650);
  return yuan(720);
}

// Archetype weights (per 1105): tuned so a population averages ~1.64 persons per household.
constexpr std::array<int, static_cast<int>(Archetype::kCount)> kWeights = {
    140,  // elderly alone, 特困
    170,  // elderly alone
    110,  // disabled alone
    120,  // adult alone
    15,   // correction in family
    45,   // disabled adult with parents
    70,   // elderly couple
    75,   // single parent
    50,   // couple with children
    30,   // orphan with grandparent
    8,    // institutional orphan
    70,   // low income, medical
    60,   // migrant
    60,   // ineligible: income
    40,   // ineligible: assets
    30,   // gradual exit
    12,   // disaster
};

class Builder {
 public:
  Builder(const Pools& pools, const GeneratorOptions& o, std::uint64_t seed)
      : pools_(pools), o_(o), draw_(seed), ids_(pools.counties.size()) {
    standard_ = standard_for(o.as_of.plus(-1));
    for (int w : kWeights) total_weight_ += w;
  }

  model::Household make(std::size_t index, GeneratorStats& stats) {
    model::Household h;
    Archetype a = pick_archetype();
    place(h, index, stats);
    surname_ = draw_.pick(kSurnames);
    h.income.emplace();
    h.income->reserve(24);
    h.expenditure.emplace();
    h.assets = default_assets(1);
    switch (a) {
      case Archetype::kElderlyAloneTekun:
        elderly_alone(h, true);
        break;
      case Archetype::kElderlyAlone:
        elderly_alone(h, false);
        break;
      case Archetype::kDisabledAlone:
        disabled_alone(h);
        break;
      case Archetype::kAdultAlone:
        adult_alone(h);
        break;
      case Archetype::kCorrectionInFamily:
        correction_in_family(h);
        break;
      case Archetype::kDisabledWithParents:
        disabled_with_parents(h);
        break;
      case Archetype::kElderlyCouple:
        elderly_couple(h);
        break;
      case Archetype::kSingleParent:
        single_parent(h);
        break;
      case Archetype::kCoupleWithChildren:
        couple_with_children(h);
        break;
      case Archetype::kOrphanWithGrandparent:
        orphan_with_grandparent(h);
        break;
      case Archetype::kInstitutionalOrphan:
        institutional_orphan(h);
        break;
      case Archetype::kLowIncomeMedical:
        low_income_medical(h);
        break;
      case Archetype::kMigrant:
        migrant(h);
        break;
      case Archetype::kIneligibleIncome:
        ineligible_income(h);
        break;
      case Archetype::kIneligibleAssets:
        ineligible_assets(h);
        break;
      case Archetype::kGradualExit:
        gradual_exit(h);
        break;
      case Archetype::kDisaster:
        disaster(h);
        break;
      case Archetype::kCount:
        break;
    }
    if (h.assets && h.assets->floor_area_m2 && h.assets->dwellings > 0)
      h.assets->floor_area_m2 = static_cast<double>(
          draw_.between(14, 30) * static_cast<long>(h.members.size()) + draw_.between(0, 25));
    if (o_.unknown_facts_permille > 0 && draw_.chance(o_.unknown_facts_permille)) {
      switch (draw_.below(3)) {
        case 0:
          h.income.reset();
          break;
        case 1:
          h.expenditure.reset();
          break;
        default:
          h.assets.reset();
          break;
      }
    }
    count(h, a, stats);
    return h;
  }

 private:
  // ---- household frame ----

  Archetype pick_archetype() {
    long r = draw_.between(0, total_weight_ - 1);
    for (int i = 0; i < static_cast<int>(kWeights.size()); ++i) {
      if (r < kWeights[i]) return static_cast<Archetype>(i);
      r -= kWeights[i];
    }
    return Archetype::kAdultAlone;
  }

  void place(model::Household& h, std::size_t index, GeneratorStats& stats) {
    int d = draw_.chance(o_.city_district_permille) ? 1 : 0;
    stats.in_city_districts += d;
    // Four in five households are recorded at community level, the rest at street level.
    h.region =
        draw_.chance(800) ? draw_.pick(pools_.communities[d]) : draw_.pick(pools_.streets[d]);
    county_ = pools_.county_index.at(h.region.substr(0, 6));
    // "H-450102-00000001": county and a population-wide serial (8 digits, more when needed).
    std::string serial = std::to_string(index + 1);
    h.id.reserve(18);
    h.id = "H-";
    h.id.append(h.region, 0, 6);
    h.id += '-';
    if (serial.size() < 8) h.id.append(8 - serial.size(), '0');
    h.id += serial;
  }

  model::Assets default_assets(int persons) {
    model::Assets a;
    if (draw_.chance(550)) a.financial = draw_.around(yuan(draw_.between(200, 5000) * persons), 10);
    if (draw_.chance(220)) a.vehicles.push_back(model::Vehicle::kMotorcycle);
    a.dwellings = draw_.chance(860) ? 1 : 0;
    if (a.dwellings) a.floor_area_m2 = 0.0;  // sized in make() once the household is known
    return a;
  }

  // ---- people ----

  std::string given_name() {
    std::string g = draw_.pick(kGiven);
    if (draw_.chance(700)) g += draw_.pick(kGiven);
    return g;
  }

  std::string name_for(const char* surname) {
    if (draw_.chance(1)) return draw_.pick(kDotNames);  // 1 in 1000
    std::string n = surname;
    if (draw_.chance(1)) return n + kRareChar + draw_.pick(kGiven);  // 1 in 1000: 𠮷
    return n + given_name();
  }

  // A person aged exactly `age` on the first day of `as_of`, with a unique valid id.
  model::Member person(Relation rel, int age, Sex sex, const char* surname = nullptr) {
    model::Member m;
    m.relation = rel;
    m.sex = sex;
    m.name = name_for(surname ? surname : surname_);
    model::Date d0 = model::first_day(o_.as_of);
    // Born in (d0 - (age+1) years, d0 - age years].
    long hi = days_from_civil(d0.year - age, d0.month, 1);
    long lo = days_from_civil(d0.year - age - 1, d0.month, 1) + 1;
    int county =
        draw_.chance(800) ? county_ : static_cast<int>(draw_.below(pools_.counties.size()));
    long day = draw_.between(lo, hi);
    int seq = -1;
    for (int tries = 0; seq < 0; ++tries) {
      assert(tries < 1000 && "id allocator exhausted");
      long d = day + tries;  // a full day moves to the next; practically never happens
      if (d > hi) d = lo + (d - hi - 1);
      seq = ids_.next(county, d - kEpochDay, sex);
      if (seq >= 0) day = d;
    }
    m.birth_date = civil_from_days(day);
    char id[18];
    std::memcpy(id, pools_.counties[county].code.data(), 6);
    put_digits(id + 6, m.birth_date.year, 4);
    put_digits(id + 10, m.birth_date.month, 2);
    put_digits(id + 12, m.birth_date.day, 2);
    put_digits(id + 14, seq, 3);
    id[17] = model::citizen_id_check_char(std::string_view(id, 17));
    m.id.assign(id, 18);
    // Defaults every member gets; archetypes override.
    m.legal_supporters = model::Supporters::kAble;
    m.employment = age < 16    ? (age >= 6 ? Employment::kStudent : Employment::kNone)
                   : age >= 60 ? Employment::kNone
                               : Employment::kUnemployed;
    if (age >= 3 && age <= 17) school_for(m, age);
    m.insurance.medical = draw_.chance(970);
    m.insurance.critical_illness = draw_.chance(900);
    m.insurance.pension = age >= 16 && age < 60 ? draw_.chance(850) : true;
    if (age >= 70) {
      long r = draw_.below(1000);
      m.self_care = r < 80    ? model::SelfCare::kNone
                    : r < 280 ? model::SelfCare::kPartial
                              : model::SelfCare::kAble;
    }
    return m;
  }

  Sex any_sex() { return draw_.chance(500) ? Sex::kMale : Sex::kFemale; }

  void school_for(model::Member& m, int age) {
    if (age <= 5) {
      if (draw_.chance(800)) m.school = model::School::kPreschool;
      m.employment = Employment::kNone;
      return;
    }
    m.employment = Employment::kStudent;
    if (age <= 11) {
      m.school = model::School::kPrimary;
    } else if (age <= 14) {
      m.school = model::School::kJunior;
      m.boarding = draw_.chance(250);
    } else {
      m.school = draw_.chance(750) ? model::School::kSeniorHigh : model::School::kVocational;
      m.boarding = draw_.chance(400);
    }
    if (m.school == model::School::kPrimary) m.boarding = draw_.chance(80);
  }

  void university(model::Member& m, int age) {
    m.school = model::School::kUniversity;
    m.employment = Employment::kStudent;
    m.university_freshman = age == 18;
  }

  void disable(model::Member& m, int severe_permille) {
    model::Disability d;
    d.grade = draw_.chance(severe_permille) ? static_cast<int>(draw_.between(1, 2))
                                            : static_cast<int>(draw_.between(3, 4));
    static constexpr std::array<model::DisabilityType, 10> kTypes = {
        model::DisabilityType::kPhysical,     model::DisabilityType::kPhysical,
        model::DisabilityType::kPhysical,     model::DisabilityType::kVisual,
        model::DisabilityType::kHearing,      model::DisabilityType::kSpeech,
        model::DisabilityType::kIntellectual, model::DisabilityType::kMental,
        model::DisabilityType::kMental,       model::DisabilityType::kMultiple};
    d.type = draw_.pick(kTypes);
    m.disability = d;
    if (d.severe()) {
      long r = draw_.below(1000);
      m.self_care = r < 300   ? model::SelfCare::kNone
                    : r < 650 ? model::SelfCare::kPartial
                              : model::SelfCare::kAble;
    }
  }

  int add(model::Household& h, model::Member m) {
    h.members.push_back(std::move(m));
    return static_cast<int>(h.members.size()) - 1;
  }

  // ---- money ----

  // Monthly income rows over the window: worked months (per mille) at about `base`.
  void income(model::Household& h, int member, model::IncomeKind kind, Fen base,
              int months_permille, int pct = 15) {
    for (int k = o_.income_months; k >= 1; --k) {
      if (!draw_.chance(months_permille)) continue;
      Fen a = kind == model::IncomeKind::kPension || kind == model::IncomeKind::kSupport
                  ? base
                  : draw_.around(base, pct);
      if (a > 0) h.income->push_back({member, o_.as_of.plus(-k), kind, a});
    }
  }

  void expense(model::Household& h, int member, model::ExpenditureKind kind, Fen base,
               int months_permille) {
    for (int k = o_.income_months; k >= 1; --k) {
      if (!draw_.chance(months_permille)) continue;
      Fen a = draw_.around(base, 40);
      if (a > 0) h.expenditure->push_back({member, o_.as_of.plus(-k), kind, a});
    }
  }

  void seriously_ill(model::Household& h, int member, long monthly_lo, long monthly_hi) {
    h.members[member].serious_illness = true;
    expense(h, member, model::ExpenditureKind::kMedical,
            yuan(draw_.between(monthly_lo, monthly_hi)), 750);
    h.members[member].medical_self_paid.push_back(
        {o_.as_of.year() - 1, yuan(draw_.between(3000, 40000))});
  }

  // Counted income per month over the window (fen, floor).
  Fen monthly_counted(const model::Household& h) const {
    Fen sum = 0;
    for (const auto& r : *h.income)
      if (model::is_counted(r.kind)) sum += r.amount;
    return sum / o_.income_months;
  }

  // A dibao record for a household whose counted income is below the standard: history, and the
  // benefit (not counted, R2.2) paid each month of the window.
  void maybe_dibao(model::Household& h, int permille) {
    Fen per_capita = monthly_counted(h) / static_cast<Fen>(h.members.size());
    if (per_capita >= standard_ || !draw_.chance(permille)) return;
    Fen benefit = (standard_ - per_capita) * static_cast<Fen>(h.members.size());
    benefit -= benefit % 100;
    if (benefit <= 0) return;
    h.history.category = model::HistoryCategory::kDibao;
    h.history.category_since = o_.as_of.plus(-static_cast<int>(draw_.between(2, 120)));
    h.history.last_benefit = benefit;
    for (int k = o_.income_months; k >= 1; --k) {
      if (o_.as_of.plus(-k) < *h.history.category_since) continue;
      h.income->push_back({-1, o_.as_of.plus(-k), model::IncomeKind::kBenefit, benefit});
    }
    for (std::size_t i = 0; i < h.members.size(); ++i)
      if (h.members[i].disability)
        income(h, static_cast<int>(i), model::IncomeKind::kDisabilitySubsidy, yuan(80), 1000);
  }

  Fen resident_pension() {
    return yuan(draw_.between(118, 220));
  }  // urban-rural resident basic pension
  Fen employee_pension() { return yuan(draw_.between(900, 2600)); }

  // ---- archetypes ----

  void elderly_alone(model::Household& h, bool tekun) {
    int age = static_cast<int>(draw_.between(60, 95));
    model::Member m = person(Relation::kHead, age, draw_.chance(580) ? Sex::kFemale : Sex::kMale);
    if (draw_.chance(tekun ? 350 : 200)) disable(m, 450);
    if (age >= 60 && draw_.chance(80)) m.serious_illness = true;
    int i = add(h, std::move(m));
    if (tekun) {
      h.members[i].legal_supporters = model::Supporters::kNone;
      if (draw_.chance(700)) income(h, i, model::IncomeKind::kPension, resident_pension(), 1000);
      if (draw_.chance(250)) h.assets->dwellings = 0;  // R6.1: no housing
      // 特困 support is paid as a benefit (not counted).
      if (draw_.chance(800)) income(h, -1, model::IncomeKind::kBenefit, yuan(845), 1000);
      h.assets->vehicles.clear();
    } else {
      h.members[i].legal_supporters =
          draw_.chance(650) ? model::Supporters::kAble : model::Supporters::kUnable;
      bool employee = draw_.chance(120);
      if (employee) h.members[i].employment = Employment::kRetired;
      if (employee || draw_.chance(700))  // three in ten draw no pension at all
        income(h, i, model::IncomeKind::kPension,
               employee ? employee_pension() / 2 : resident_pension(), 1000);
      if (draw_.chance(250))
        income(h, i, model::IncomeKind::kSupport, yuan(draw_.between(100, 300)), 1000);
      maybe_dibao(h, 750);
    }
    if (h.members[i].serious_illness) seriously_ill(h, i, 100, 800);
    if (h.members[i].self_care == model::SelfCare::kNone)
      expense(h, i, model::ExpenditureKind::kCare, yuan(draw_.between(300, 1200)), 1000);
  }

  void disabled_alone(model::Household& h) {
    int age = static_cast<int>(draw_.between(18, 59));
    model::Member m = person(Relation::kHead, age, any_sex());
    disable(m, 500);
    m.employment = draw_.chance(700) ? Employment::kNone : Employment::kUnemployed;
    m.legal_supporters = draw_.chance(300) ? model::Supporters::kNone : model::Supporters::kUnable;
    int i = add(h, std::move(m));
    if (draw_.chance(150)) {
      h.members[i].employment = Employment::kEmployed;
      income(h, i, model::IncomeKind::kWage, yuan(draw_.between(300, 1000)), 600, 30);
    }
    if (h.members[i].disability->type != model::DisabilityType::kMental && draw_.chance(150))
      h.assets->vehicles = {model::Vehicle::kDisabilityVehicle};
    if (draw_.chance(300))
      expense(h, i, model::ExpenditureKind::kDisability, yuan(draw_.between(100, 600)), 600);
    maybe_dibao(h, 800);
  }

  void adult_alone(model::Household& h) {
    int age = static_cast<int>(draw_.between(25, 59));
    model::Member m = person(Relation::kHead, age, any_sex());
    int i = add(h, std::move(m));
    long r = draw_.below(1000);
    if (r < 550) {
      h.members[i].employment = Employment::kUnemployed;
      if (draw_.chance(300))
        income(h, i, model::IncomeKind::kWage, yuan(draw_.between(300, 1000)), 300, 30);
    } else if (r < 850) {
      h.members[i].employment = Employment::kEmployed;
      income(h, i, model::IncomeKind::kWage, yuan(draw_.between(400, 1200)), 650, 25);
    } else {
      h.members[i].employment = Employment::kNone;
    }
    if (draw_.chance(180)) seriously_ill(h, i, 300, 2000);
    h.members[i].legal_supporters =
        draw_.chance(200) ? model::Supporters::kNone : model::Supporters::kAble;
    maybe_dibao(h, 700);
  }

  void correction_in_family(model::Household& h) {
    int pa = static_cast<int>(draw_.between(55, 75));
    model::Member head = person(Relation::kHead, pa, Sex::kMale);
    head.employment = pa >= 60 ? Employment::kRetired : Employment::kEmployed;
    int i = add(h, std::move(head));
    income(h, i, pa >= 60 ? model::IncomeKind::kPension : model::IncomeKind::kWage,
           yuan(draw_.between(2000, 3200)), 1000, 10);
    if (draw_.chance(500)) {
      int s = add(h, person(Relation::kSpouse, pa - static_cast<int>(draw_.between(0, 4)),
                            Sex::kFemale, draw_.pick(kSurnames)));
      h.members[s].employment = Employment::kNone;
      income(h, s, model::IncomeKind::kPension, resident_pension(), 1000);
    }
    model::Member c = person(Relation::kChild, static_cast<int>(draw_.between(20, 35)),
                             draw_.chance(850) ? Sex::kMale : Sex::kFemale);
    c.community_correction = true;
    c.employment = Employment::kUnemployed;
    add(h, std::move(c));
    h.assets = default_assets(static_cast<int>(h.members.size()));
  }

  void disabled_with_parents(model::Household& h) {
    int pa = static_cast<int>(draw_.between(50, 80));
    int mother = add(h, person(Relation::kHead, pa, Sex::kFemale));
    h.members[mother].employment = pa >= 55 ? Employment::kRetired : Employment::kEmployed;
    income(h, mother, pa >= 55 ? model::IncomeKind::kPension : model::IncomeKind::kWage,
           yuan(draw_.between(1400, 2600)), 1000, 10);
    if (draw_.chance(350)) {
      int f = add(h, person(Relation::kSpouse, pa + static_cast<int>(draw_.between(0, 5)),
                            Sex::kMale, draw_.pick(kSurnames)));
      h.members[f].employment = Employment::kRetired;
      income(h, f, model::IncomeKind::kPension, yuan(draw_.between(1200, 2600)), 1000);
    }
    model::Member c = person(Relation::kChild,
                             static_cast<int>(draw_.between(18, std::min(pa - 18, 50))), any_sex());
    if (draw_.chance(700)) {
      disable(c, 1000);  // severe
    } else {
      c.disability = model::Disability{static_cast<int>(draw_.between(3, 4)),
                                       draw_.chance(600) ? model::DisabilityType::kMental
                                                         : model::DisabilityType::kIntellectual};
    }
    c.employment = Employment::kNone;
    c.supported_by = model::SupportedBy::kParents;
    int ci = add(h, std::move(c));
    if (draw_.chance(400))
      expense(h, ci, model::ExpenditureKind::kDisability, yuan(draw_.between(200, 900)), 800);
    h.assets = default_assets(static_cast<int>(h.members.size()));
  }

  void elderly_couple(model::Household& h) {
    int a = static_cast<int>(draw_.between(60, 88));
    int i = add(h, person(Relation::kHead, a, Sex::kMale));
    int j =
        add(h, person(Relation::kSpouse, std::max(60, a - static_cast<int>(draw_.between(0, 6))),
                      Sex::kFemale, draw_.pick(kSurnames)));
    for (int k : {i, j}) {
      bool employee = draw_.chance(120);
      if (employee) h.members[k].employment = Employment::kRetired;
      income(h, k, model::IncomeKind::kPension,
             employee ? employee_pension() / 2 : resident_pension(), 1000);
      if (draw_.chance(200)) disable(h.members[k], 350);
      h.members[k].legal_supporters =
          draw_.chance(600) ? model::Supporters::kAble : model::Supporters::kUnable;
    }
    if (draw_.chance(200)) seriously_ill(h, i, 200, 1500);
    h.assets = default_assets(2);
    maybe_dibao(h, 750);
  }

  void children(model::Household& h, int parent_age, int max_children) {
    int n = 1 + static_cast<int>(draw_.below(max_children));
    for (int c = 0; c < n; ++c) {
      int age = static_cast<int>(draw_.between(1, std::min(21, parent_age - 20)));
      model::Member m = person(Relation::kChild, age, any_sex());
      if (age >= 18) {
        if (draw_.chance(600)) {
          university(m, age);
        } else {
          m.employment = Employment::kUnemployed;
        }
      }
      int i = add(h, std::move(m));
      if (h.members[i].school == model::School::kSeniorHigh ||
          h.members[i].school == model::School::kUniversity ||
          h.members[i].school == model::School::kVocational)
        expense(h, i, model::ExpenditureKind::kEducation, yuan(draw_.between(150, 900)), 700);
    }
  }

  void single_parent(model::Household& h) {
    int pa = static_cast<int>(draw_.between(26, 50));
    int p = add(h, person(Relation::kHead, pa, draw_.chance(750) ? Sex::kFemale : Sex::kMale));
    if (draw_.chance(450)) {
      h.members[p].employment = Employment::kEmployed;
      income(h, p, model::IncomeKind::kWage, yuan(draw_.between(800, 1800)), 650, 25);
    }
    if (draw_.chance(250))
      income(h, p, model::IncomeKind::kSupport, yuan(draw_.between(200, 600)), 700);
    if (draw_.chance(120)) disable(h.members[p], 300);
    children(h, pa, 2);
    h.assets = default_assets(static_cast<int>(h.members.size()));
    maybe_dibao(h, 750);
  }

  void couple_with_children(model::Household& h) {
    int pa = static_cast<int>(draw_.between(28, 52));
    int a = add(h, person(Relation::kHead, pa, Sex::kMale));
    int b = add(h, person(Relation::kSpouse, pa - static_cast<int>(draw_.between(0, 5)),
                          Sex::kFemale, draw_.pick(kSurnames)));
    h.members[a].employment = Employment::kEmployed;
    income(h, a, model::IncomeKind::kWage, yuan(draw_.between(1000, 2600)), 850, 25);
    if (draw_.chance(300)) {
      h.members[b].employment = Employment::kEmployed;
      income(h, b, model::IncomeKind::kWage, yuan(draw_.between(600, 1400)), 600, 30);
    }
    if (draw_.chance(200)) seriously_ill(h, b, 300, 2500);
    children(h, pa, 2);
    h.assets = default_assets(static_cast<int>(h.members.size()));
    maybe_dibao(h, 700);
  }

  void orphan_with_grandparent(model::Household& h) {
    int ga = static_cast<int>(draw_.between(58, 82));
    int g = add(h, person(Relation::kHead, ga, draw_.chance(700) ? Sex::kFemale : Sex::kMale));
    h.members[g].legal_supporters =
        draw_.chance(500) ? model::Supporters::kUnable : model::Supporters::kNone;
    income(h, g, model::IncomeKind::kPension, resident_pension(), 1000);
    int n = draw_.chance(200) ? 2 : 1;
    for (int k = 0; k < n; ++k) {
      int age = static_cast<int>(draw_.between(2, 17));
      model::Member c = person(Relation::kGrandchild, age, any_sex());
      c.orphan = model::OrphanKind::kScattered;
      c.legal_supporters = model::Supporters::kUnable;
      int ci = add(h, std::move(c));
      // Orphan support is paid as a benefit (not counted).
      income(h, ci, model::IncomeKind::kBenefit, yuan(800), 1000);
    }
    h.assets = default_assets(static_cast<int>(h.members.size()));
    h.assets->vehicles.clear();
  }

  void institutional_orphan(model::Household& h) {
    model::Member c = person(Relation::kHead, static_cast<int>(draw_.between(1, 17)), any_sex());
    c.orphan = model::OrphanKind::kInstitutional;
    c.legal_supporters = model::Supporters::kNone;
    add(h, std::move(c));
    h.assets = model::Assets{};
    h.assets->dwellings = 0;
  }

  void low_income_medical(model::Household& h) {
    int pa = static_cast<int>(draw_.between(35, 65));
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    int size = 1 + static_cast<int>(draw_.between(1, 2));
    // Income between the dibao standard and about twice it, per person.
    Fen per_capita = standard_ + standard_ * draw_.between(5, 100) / 100;
    h.members[a].employment = Employment::kEmployed;
    income(h, a, model::IncomeKind::kWage, per_capita * size * 3 / 5, 1000, 8);
    int b = add(h, person(Relation::kSpouse, pa - static_cast<int>(draw_.between(-3, 5)),
                          h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                          draw_.pick(kSurnames)));
    if (pa >= 60) h.members[b].employment = Employment::kRetired;
    income(h, b, pa >= 60 ? model::IncomeKind::kPension : model::IncomeKind::kWage,
           per_capita * size * 2 / 5, 1000, 8);
    if (size == 3) children(h, pa, 1);
    // The rigid expenditure: one member seriously ill.
    seriously_ill(h, b, 600, 3500);
    if (draw_.chance(250)) {
      h.lacks_labour_cause = model::LacksLabourCause::kIllness;  // R1.3b(3): the ill member alone
      h.members[b].employment = Employment::kNone;
    }
    if (draw_.chance(500)) {
      h.history.category = model::HistoryCategory::kLowIncome;
      h.history.category_since = o_.as_of.plus(-static_cast<int>(draw_.between(2, 48)));
    }
    if (draw_.chance(60)) {
      model::Date d = model::first_day(o_.as_of);
      d.day = static_cast<int>(draw_.between(1, 28));
      h.requests.push_back({model::RequestKind::kCaseByCase, d, yuan(draw_.between(5000, 60000))});
      if (draw_.chance(400)) {
        model::Date p{o_.as_of.year(),
                      static_cast<int>(draw_.between(1, std::max(1, o_.as_of.month() - 1))),
                      static_cast<int>(draw_.between(1, 28))};
        h.history.case_by_case_paid.push_back({p, yuan(draw_.between(5000, 30000))});
      }
    }
    h.assets = default_assets(static_cast<int>(h.members.size()));
  }

  void migrant(model::Household& h) {
    h.residence = model::Residence::kMigrant;
    h.urban_years = static_cast<double>(draw_.between(0, 12)) + (draw_.chance(300) ? 0.5 : 0.0);
    h.residence_permit = draw_.chance(650);
    int pa = static_cast<int>(draw_.between(22, 55));
    int saved_county = county_;
    county_ = static_cast<int>(draw_.below(pools_.counties.size()));  // born elsewhere in Guangxi
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    h.members[a].employment = Employment::kEmployed;
    income(h, a, model::IncomeKind::kWage, yuan(draw_.between(1200, 2600)), 850, 25);
    if (draw_.chance(450)) {
      int b = add(h, person(Relation::kSpouse, pa,
                            h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                            draw_.pick(kSurnames)));
      if (draw_.chance(400)) {
        h.members[b].employment = Employment::kEmployed;
        income(h, b, model::IncomeKind::kWage, yuan(draw_.between(800, 1800)), 700, 25);
      }
      if (draw_.chance(350)) seriously_ill(h, b, 500, 2500);
    }
    if (draw_.chance(350)) children(h, pa, 1);
    county_ = saved_county;
    h.assets = default_assets(static_cast<int>(h.members.size()));
    h.assets->dwellings = draw_.chance(850) ? 0 : 1;  // most rent
    if (h.assets->dwellings == 0) h.assets->floor_area_m2.reset();
  }

  void ineligible_income(model::Household& h) {
    int pa = static_cast<int>(draw_.between(25, 58));
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    h.members[a].employment = Employment::kEmployed;
    income(h, a, model::IncomeKind::kWage, yuan(draw_.between(2800, 6000)), 1000, 10);
    if (draw_.chance(500)) {
      int b = add(h, person(Relation::kSpouse, pa,
                            h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                            draw_.pick(kSurnames)));
      if (draw_.chance(500)) {
        h.members[b].employment = Employment::kEmployed;
        income(h, b, model::IncomeKind::kWage, yuan(draw_.between(1500, 3500)), 900, 15);
      }
    }
    if (draw_.chance(300)) children(h, pa, 1);
    h.assets = default_assets(static_cast<int>(h.members.size()));
  }

  void ineligible_assets(model::Household& h) {
    int pa = static_cast<int>(draw_.between(30, 70));
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    if (pa >= 60) {
      income(h, a, model::IncomeKind::kPension, resident_pension(), 1000);
    } else if (draw_.chance(500)) {
      h.members[a].employment = Employment::kEmployed;
      income(h, a, model::IncomeKind::kWage, yuan(draw_.between(400, 1200)), 700, 25);
    }
    if (draw_.chance(500))
      add(h,
          person(Relation::kSpouse, pa, h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                 draw_.pick(kSurnames)));
    h.assets = default_assets(static_cast<int>(h.members.size()));
    switch (draw_.below(4)) {
      case 0:
        h.assets->vehicles.push_back(model::Vehicle::kCar);
        break;
      case 1:
        h.assets->dwellings = 2;
        break;
      case 2:
        h.assets->financial = draw_.around(yuan(draw_.between(40000, 300000)), 5);
        break;
      default:
        h.assets->business_capital = yuan(draw_.between(50000, 500000));
        income(h, a, model::IncomeKind::kBusiness, yuan(draw_.between(100, 900)), 600, 40);
        break;
    }
    if (h.assets->dwellings > 0 && !h.assets->floor_area_m2) h.assets->floor_area_m2 = 0.0;
  }

  void gradual_exit(model::Household& h) {
    int pa = static_cast<int>(draw_.between(28, 55));
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    int b = add(
        h, person(Relation::kSpouse, pa, h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                  draw_.pick(kSurnames)));
    h.members[b].employment = Employment::kUnemployed;
    if (draw_.chance(600)) children(h, pa, 1);
    int size = static_cast<int>(h.members.size());
    // The head found work some months ago: wages since then lift income around or above the
    // standard.
    int since = static_cast<int>(draw_.between(1, 6));
    h.members[a].employment = Employment::kEmployed;
    Fen wage = standard_ * size + standard_ * size * draw_.between(0, 60) / 100;
    for (int k = since; k >= 1; --k)
      h.income->push_back({a, o_.as_of.plus(-k), model::IncomeKind::kWage, draw_.around(wage, 10)});
    h.history.category = model::HistoryCategory::kDibao;
    h.history.category_since = o_.as_of.plus(-static_cast<int>(draw_.between(13, 96)));
    h.history.last_benefit = standard_ * size * draw_.between(40, 80) / 100 / 100 * 100;
    h.history.exit_reason = "employment";
    if (draw_.chance(400))
      h.history.exit_started = o_.as_of.plus(-static_cast<int>(draw_.between(1, 5)));
    for (int k = o_.income_months; k > since; --k)
      h.income->push_back(
          {-1, o_.as_of.plus(-k), model::IncomeKind::kBenefit, *h.history.last_benefit});
    h.assets = default_assets(size);
  }

  void disaster(model::Household& h) {
    int pa = static_cast<int>(draw_.between(40, 75));
    int a = add(h, person(Relation::kHead, pa, any_sex()));
    if (draw_.chance(600))
      add(h,
          person(Relation::kSpouse, pa, h.members[a].sex == Sex::kMale ? Sex::kFemale : Sex::kMale,
                 draw_.pick(kSurnames)));
    h.lacks_labour_cause = model::LacksLabourCause::kDisaster;
    if (draw_.chance(500)) {
      h.members[a].employment = Employment::kEmployed;
      income(h, a, model::IncomeKind::kWage, yuan(draw_.between(800, 2000)), 600, 30);
    }
    int month = static_cast<int>(draw_.between(1, o_.income_months));
    h.expenditure->push_back({-1, o_.as_of.plus(-month), model::ExpenditureKind::kDisaster,
                              yuan(draw_.between(3000, 40000))});
    h.assets = default_assets(static_cast<int>(h.members.size()));
    maybe_dibao(h, 500);
  }

  // ---- statistics ----

  void count(const model::Household& h, Archetype a, GeneratorStats& s) const {
    ++s.households;
    ++s.by_archetype[static_cast<int>(a)];
    s.persons += static_cast<long>(h.members.size());
    if (h.residence == model::Residence::kMigrant) ++s.migrants;
    model::Date d0 = model::first_day(o_.as_of);
    for (const auto& m : h.members) {
      int age = model::age_on(m.birth_date, d0);
      s.elderly += age >= 60;
      s.minors += age < 18;
      s.disabled += m.disability.has_value();
      s.severely_disabled += m.disability && m.disability->severe();
      s.women += m.sex == Sex::kFemale;
      s.orphans += m.orphan.has_value();
      s.no_legal_supporter += m.legal_supporters == model::Supporters::kNone;
      s.ids_ending_x += m.id[17] == 'X';
      s.rare_names +=
          m.name.find("·") != std::string::npos || m.name.find(kRareChar) != std::string::npos;
    }
    if (h.income) {
      s.income_rows += static_cast<long>(h.income->size());
      if (monthly_counted(h) / static_cast<Fen>(h.members.size()) < standard_)
        ++s.households_with_counted_income_below_standard;
    }
    if (h.expenditure) s.expenditure_rows += static_cast<long>(h.expenditure->size());
  }

  const Pools& pools_;
  const GeneratorOptions& o_;
  Draw draw_;
  IdAllocator ids_;
  Fen standard_ = 0;
  long total_weight_ = 0;
  int county_ = 0;            // county index of the household being built
  const char* surname_ = "";  // its head's surname
};

}  // namespace

Result<Generator> Generator::create(GeneratorOptions options) {
  if (options.income_months < 1 || options.income_months > 120)
    return make_problem("bad_value", "income_months", "", "收入月数应在 1 到 120 之间");
  std::string dir = options.region_dir.empty() ? model::default_region_dir() : options.region_dir;
  auto pools = load_pools(dir);
  if (!pools) return pools.problems();
  Generator g;
  g.options_ = std::move(options);
  g.pools_ = std::move(*pools);
  return g;
}

GeneratorStats Generator::generate(std::uint64_t seed, std::size_t n,
                                   const std::function<void(model::Household&&)>& sink) const {
  GeneratorStats stats;
  Builder b(*pools_, options_, seed);
  for (std::size_t i = 0; i < n; ++i) sink(b.make(i, stats));
  return stats;
}

std::vector<model::Household> Generator::generate(std::uint64_t seed, std::size_t n,
                                                  GeneratorStats* stats) const {
  std::vector<model::Household> out;
  out.reserve(n);
  GeneratorStats s = generate(seed, n, [&](model::Household&& h) {
    if (h.income) h.income->shrink_to_fit();  // reserved generously while building
    out.push_back(std::move(h));
  });
  if (stats) *stats = std::move(s);
  return out;
}

Result<std::vector<model::Household>> generate(std::uint64_t seed, std::size_t n,
                                               const GeneratorOptions& options) {
  auto g = Generator::create(options);
  if (!g) return g.problems();
  return g->generate(seed, n);
}

Result<GeneratorStats> generate_each(std::uint64_t seed, std::size_t n,
                                     const GeneratorOptions& options,
                                     const std::function<void(model::Household&&)>& sink) {
  auto g = Generator::create(options);
  if (!g) return g.problems();
  return g->generate(seed, n, sink);
}

}  // namespace safetynet::sim
