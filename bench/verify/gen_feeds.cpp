// gen_feeds: synthetic department feeds for the verification benchmark (issue 4, bench/verify/README.md).
//
//   gen_feeds --db REG.db --seed S --out DIR [--rows N] [--feeds ROOT/feeds]
//
// Reads every open household's declared record from the registry (Verification::scan_declared, the
// same records `verify run` matches) and writes 14 UTF-8 CSV files, DIR/<source>.csv, one per source,
// whose header texts and kind words are taken from feeds/<source>.yaml (a word the generator uses but
// the mapping does not list is an error). Each file has about N data rows (default: the registry's
// member count): the rows about members that the record implies (most of them agreeing with the
// declaration, a few not), then rows about people in no household (valid GB 11643 ids, none of them a
// member) up to N. Flow sources (tax, social_security, housing_fund) carry months 2018-10 … 2019-09,
// snapshot sources are queried on 2019-10-15, every date is on or before 2019-10-31.
//
// What is planted (counted in DIR/manifest.txt): wages above the declared ones, undeclared wages,
// pensions above the declared ones, undeclared deposits / cars / dwellings / businesses, school stage,
// employment and disability-grade differences, marriages, deaths of members (hukou and/or health),
// and among non-members large medical bills (>= 10000 yuan) and severe disabilities (grades 1-2) in
// the 12 months before 2019-10 (discovery candidates). Deterministic for a registry and a seed.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/citizen_id.hpp"
#include "model/household.hpp"
#include "registry/registry.hpp"
#include "registry/verification.hpp"

namespace sn = safetynet;
using sn::model::Month;

namespace {

// ---------------------------------------------------------------- randomness (integer only)
struct Rng {
  std::mt19937_64 g;
  explicit Rng(std::uint64_t seed) : g(seed) {}
  std::uint64_t next() { return g(); }
  long between(long lo, long hi) { return lo + static_cast<long>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool permille(int p) { return static_cast<int>(next() % 1000) < p; }
  bool per100k(int p) { return static_cast<int>(next() % 100000) < p; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }
};

// ---------------------------------------------------------------- CSV output
class Csv {
 public:
  Csv() = default;
  bool open(const std::string& path) {
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) return false;
    buf_.reserve(1 << 20);
    return true;
  }
  ~Csv() { close(); }
  void close() {
    if (!f_) return;
    flush();
    std::fclose(f_);
    f_ = nullptr;
  }
  void cell(std::string_view s) {
    if (!first_) buf_ += ',';
    first_ = false;
    buf_.append(s);
  }
  void end_row() {
    buf_ += '\n';
    first_ = true;
    if (buf_.size() > (1 << 20) - 512) flush();
  }
  long rows = 0;

 private:
  void flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }
  std::FILE* f_ = nullptr;
  std::string buf_;
  bool first_ = true;
};

std::string yuan(std::int64_t fen) {
  char b[32];
  std::snprintf(b, sizeof b, "%lld.%02lld", static_cast<long long>(fen / 100), static_cast<long long>(fen % 100));
  return b;
}
std::string ymd(int y, int m, int d) {
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
  return b;
}
std::string ym(Month m) {
  char b[32];
  std::snprintf(b, sizeof b, "%04d-%02d", m.year(), m.month());
  return b;
}

// ---------------------------------------------------------------- the mappings
// The columns a feed file has, by role; a role the mapping does not name is not written.
enum Role { kSeq, kName, kId, kDate, kKind, kAmount, kRegion, kRoles };

struct Feed {
  std::string source;
  std::string header[kRoles];  // header text per role ("" = absent)
  std::set<std::string> kinds;  // the kind words the mapping lists
  Csv csv;
  long member_rows = 0, other_rows = 0;
  // one row, by role
  std::string v[kRoles];
  void clear() {
    for (auto& s : v) s.clear();
  }
};

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "gen_feeds: %s\n", msg.c_str());
  std::exit(2);
}

const std::array<const char*, 14> kSources = {"hukou",       "education",   "social_security", "health",  "employment",
                                              "market_regulation", "tax", "marriage",        "real_estate",
                                              "vehicle",     "housing_fund", "bank",          "insurance", "securities"};
enum S { kHukou, kEducation, kSocial, kHealth, kEmployment, kMarket, kTax, kMarriage, kRealEstate, kVehicle, kFund,
         kBank, kInsurance, kSecurities };

void load_mapping(Feed& f, const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const std::exception& e) {
    die("cannot read " + path + ": " + e.what());
  }
  auto cols = doc["columns"];
  auto col = [&](const char* k) { return cols[k] ? cols[k].as<std::string>() : std::string(); };
  f.header[kSeq] = "序号";
  f.header[kName] = col("name");
  f.header[kId] = col("id");
  f.header[kDate] = col("date");
  f.header[kKind] = col("kind");
  f.header[kAmount] = col("amount");
  f.header[kRegion] = col("region");
  if (doc["kinds"])
    for (auto it : doc["kinds"]) f.kinds.insert(it.first.as<std::string>());
}

// Writes one row (the roles the mapping names) and checks the kind word.
void emit(Feed& f, bool member) {
  if (!f.header[kKind].empty() && !f.kinds.count(f.v[kKind]))
    die("kind word '" + f.v[kKind] + "' is not in feeds/" + f.source + ".yaml");
  f.v[kSeq] = std::to_string(f.csv.rows + 1);
  for (int r = 0; r < kRoles; ++r)
    if (!f.header[r].empty()) f.csv.cell(f.v[r]);
  f.csv.end_row();
  ++f.csv.rows;
  (member ? f.member_rows : f.other_rows)++;
}

// ---------------------------------------------------------------- people in no household
const std::vector<std::string> kSurnames = {"黄", "李", "韦", "陈", "梁", "莫", "覃", "刘", "蒙", "蓝", "王", "张",
                                            "廖", "卢", "杨", "罗", "周", "吴", "谢", "欧阳", "农", "潘", "何", "林"};
const std::vector<std::string> kGiven = {"伟", "芳", "秀", "英", "军", "华", "丽", "强", "敏", "静", "海", "燕",
                                         "明", "玲", "桂", "兰", "德", "文", "春", "红", "宁", "平", "志", "琴"};

struct Person {
  std::string id, name, county;
};

class Outsiders {
 public:
  Outsiders(const std::unordered_set<std::int64_t>& members, std::vector<std::string> counties, Rng& rng)
      : members_(members), counties_(std::move(counties)), rng_(rng) {}
  // A valid id of someone in no household, born in [y0, y1].
  Person make(int y0, int y1) {
    for (;;) {
      Person p;
      p.county = rng_.pick(counties_);
      const int y = static_cast<int>(rng_.between(y0, y1)), m = static_cast<int>(rng_.between(1, 12));
      const int d = static_cast<int>(rng_.between(1, sn::model::days_in_month(y, m)));
      char first17[18];
      std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d", p.county.c_str(), y, m, d,
                    static_cast<int>(rng_.between(1, 999)));
      p.id = std::string(first17, 17) + sn::model::citizen_id_check_char(std::string_view(first17, 17));
      if (members_.count(key(p.id))) continue;
      p.name = rng_.pick(kSurnames) + rng_.pick(kGiven) + (rng_.permille(600) ? rng_.pick(kGiven) : "");
      return p;
    }
  }
  static std::int64_t key(const std::string& id) {
    std::int64_t v = 0;
    for (int i = 0; i < 17; ++i) v = v * 10 + (id[i] - '0');
    return v * 11 + (id[17] == 'X' ? 10 : id[17] - '0');
  }

 private:
  const std::unordered_set<std::int64_t>& members_;
  std::vector<std::string> counties_;
  Rng& rng_;
};

// ---------------------------------------------------------------- what was planted
struct Planted {
  long wage_higher = 0, wage_undeclared = 0, pension_higher = 0, deposits_undeclared = 0, insurance_members = 0,
       securities_members = 0, car_undeclared = 0, dwelling_undeclared = 0, business_undeclared = 0,
       school_differs = 0, employment_differs = 0, disability_differs = 0, marriages = 0, deaths_members = 0,
       candidates_medical = 0, candidates_disability = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string db, out, feeds_dir;
  std::uint64_t seed = 20191015;
  long rows_target = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--db") db = val();
    else if (a == "--out") out = val();
    else if (a == "--seed") seed = std::stoull(val());
    else if (a == "--rows") rows_target = std::stol(val());
    else if (a == "--feeds") feeds_dir = val();
    else die("usage: gen_feeds --db REG.db --seed S --out DIR [--rows N] [--feeds DIR]");
  }
  if (db.empty() || out.empty()) die("usage: gen_feeds --db REG.db --seed S --out DIR [--rows N] [--feeds DIR]");
  if (feeds_dir.empty()) feeds_dir = std::string(SN_SOURCE_DIR) + "/feeds";
  const auto t0 = std::chrono::steady_clock::now();

  std::vector<Feed> feeds(kSources.size());
  for (std::size_t i = 0; i < kSources.size(); ++i) {
    feeds[i].source = kSources[i];
    load_mapping(feeds[i], feeds_dir + "/" + kSources[i] + ".yaml");
    if (!feeds[i].csv.open(out + "/" + kSources[i] + ".csv")) die("cannot write " + out + "/" + kSources[i] + ".csv");
    for (int r = 0; r < kRoles; ++r)
      if (!feeds[i].header[r].empty()) feeds[i].csv.cell(feeds[i].header[r]);
    feeds[i].csv.end_row();
  }

  auto reg = sn::registry::Registry::open(db, /*create=*/false);
  const Month month = Month::of(2019, 10);
  const Month first = month.plus(-12), last = month.plus(-1);  // the income window 2018-10 … 2019-09
  Rng rng(seed);
  Planted planted;
  std::unordered_set<std::int64_t> member_keys;
  std::set<std::string> county_set;
  long households = 0, members = 0;

  using sn::model::IncomeKind;
  auto F = [&](S s) -> Feed& {
    Feed& f = feeds[s];
    f.clear();
    return f;
  };
  auto person = [](Feed& f, const sn::model::Member& m) {
    f.v[kId] = m.id;
    f.v[kName] = m.name;
    f.v[kRegion] = m.id.substr(0, 6);
  };

  reg->verification().scan_declared([&](sn::model::Household& h) {
    ++households;
    const int n = static_cast<int>(h.members.size());
    members += n;
    for (const auto& m : h.members) {
      member_keys.insert(Outsiders::key(m.id));
      county_set.insert(m.id.substr(0, 6));
    }
    if (n == 0) return true;
    const auto& head = h.members[0];

    // ---- income: tax (wage, business, property), social security (pensions), housing fund
    // member -> kind -> month -> amount (declared, member rows only)
    std::map<std::pair<int, IncomeKind>, std::map<int, std::int64_t>> declared;
    if (h.income)
      for (const auto& r : *h.income)
        if (r.member >= 0 && r.month >= first && r.month <= last &&
            (r.kind == IncomeKind::kWage || r.kind == IncomeKind::kBusiness || r.kind == IncomeKind::kProperty ||
             r.kind == IncomeKind::kPension))
          declared[{r.member, r.kind}][r.month.index] += r.amount;
    for (auto& [mk, months] : declared) {
      const auto& m = h.members[mk.first];
      const IncomeKind k = mk.second;
      if (k == IncomeKind::kPension) {
        const bool higher = rng.permille(30);
        planted.pension_higher += higher;
        for (auto [mi, amt] : months) {
          if (amt <= 0) continue;  // a zero month: nothing paid, nothing shown
          Feed& f = F(kSocial);
          person(f, m);
          const std::int64_t a = higher ? amt * 110 / 100 : amt;
          f.v[kAmount] = yuan(a);
          f.v[kDate] = ym(Month{mi});
          f.v[kKind] = a > 100000 ? "基本养老金" : "城乡居民养老金";
          emit(f, true);
        }
        continue;
      }
      // Tax shows most taxable income (withholding covers every employee); 4% more than declared.
      const bool higher = rng.permille(40);
      planted.wage_higher += higher;
      const char* word = k == IncomeKind::kWage ? (rng.permille(880) ? "工资薪金所得" : "劳务报酬所得")
                         : k == IncomeKind::kBusiness ? "经营所得"
                                                       : (rng.permille(700) ? "财产租赁所得" : "利息股息红利所得");
      const bool fund = k == IncomeKind::kWage && rng.permille(300);  // formal job: housing fund too
      for (auto [mi, amt] : months) {
        if (amt <= 0) continue;  // a zero month: nothing paid, nothing shown
        const std::int64_t a = higher ? amt * 125 / 100 : amt;
        Feed& f = F(kTax);
        person(f, m);
        f.v[kAmount] = yuan(a);
        f.v[kDate] = ym(Month{mi});
        f.v[kKind] = word;
        emit(f, true);
        if (fund) {
          Feed& g = F(kFund);
          person(g, m);
          g.v[kAmount] = yuan(a);
          g.v[kDate] = ym(Month{mi});
          g.v[kKind] = "缴存基数";
          emit(g, true);
        }
      }
      if (fund) {
        Feed& g = F(kFund);
        person(g, m);
        g.v[kAmount] = yuan(rng.between(100, 3000000));
        g.v[kDate] = ym(last);
        g.v[kKind] = "账户余额";
        emit(g, true);
      }
      if (rng.permille(30)) {  // a lottery win: ignored by the mapping
        Feed& f = F(kTax);
        person(f, m);
        f.v[kAmount] = yuan(rng.between(1000, 50000) * 100);
        f.v[kDate] = ym(Month::of(2019, static_cast<int>(rng.between(1, 9))));
        f.v[kKind] = "偶然所得";
        emit(f, true);
      }
    }
    // Undeclared wages: an adult member with none declared, working the last 3–12 months.
    for (int mi = 0; mi < n; ++mi) {
      const auto& m = h.members[mi];
      const int age = sn::model::age_on(m.birth_date, sn::model::first_day(month));
      if (age < 18 || age > 60 || declared.count({mi, IncomeKind::kWage}) || !rng.permille(12)) continue;
      ++planted.wage_undeclared;
      const std::int64_t wage = rng.between(1500, 4000) * 100;
      for (Month mo = last.plus(-static_cast<int>(rng.between(2, 11))); mo <= last; mo = mo.plus(1)) {
        Feed& f = F(kTax);
        person(f, m);
        f.v[kAmount] = yuan(wage);
        f.v[kDate] = ym(mo);
        f.v[kKind] = "工资薪金所得";
        emit(f, true);
      }
    }

    // ---- persons: employment (and contributions), school, disability, marriage, deaths
    for (int mi = 0; mi < n; ++mi) {
      const auto& m = h.members[mi];
      const int age = sn::model::age_on(m.birth_date, sn::model::first_day(month));
      if (m.employment == sn::model::Employment::kEmployed || m.employment == sn::model::Employment::kUnemployed) {
        bool employed = *m.employment == sn::model::Employment::kEmployed;
        if (!employed && rng.permille(20)) {  // registered employed since: differs from the declaration
          employed = true;
          ++planted.employment_differs;
        }
        Feed& f = F(kEmployment);
        person(f, m);
        f.v[kDate] = ymd(static_cast<int>(rng.between(2015, 2019)), static_cast<int>(rng.between(1, 9)),
                         static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = employed ? (rng.permille(700) ? "就业登记" : "灵活就业") : "失业登记";
        emit(f, true);
        if (employed && *m.employment == sn::model::Employment::kEmployed && rng.permille(500)) {
          for (Month mo = last.plus(-2); mo <= last; mo = mo.plus(1)) {  // employee pension contributions
            Feed& g = F(kSocial);
            person(g, m);
            g.v[kAmount] = yuan(rng.between(200, 400) * 100);
            g.v[kDate] = ym(mo);
            g.v[kKind] = "企业职工养老保险缴费";
            emit(g, true);
          }
        }
        if (!employed && rng.permille(100)) {
          Feed& g = F(kSocial);
          person(g, m);
          g.v[kAmount] = yuan(rng.between(1000, 1500) * 100);
          g.v[kDate] = ym(last);
          g.v[kKind] = "失业保险金";
          emit(g, true);
        }
      }
      if (m.school) {
        static const char* kWords[] = {"幼儿园", "小学", "初中", "普通高中", "中职", "本科"};
        int level = static_cast<int>(*m.school);
        if (rng.permille(20)) {
          level = (level + 1) % 6;
          ++planted.school_differs;
        }
        Feed& f = F(kEducation);
        person(f, m);
        f.v[kDate] = ymd(std::min(2019, m.birth_date.year + std::array{3, 6, 12, 15, 15, 18}[level]), 9, 1);
        f.v[kKind] = level == 5 && rng.permille(300) ? "专科" : kWords[level];
        emit(f, true);
      }
      if (m.disability) {
        int grade = m.disability->grade;
        if (rng.permille(20)) {
          grade = grade == 1 ? 2 : grade - 1;
          ++planted.disability_differs;
        }
        static const char* kGrades[] = {"", "一级残疾", "二级残疾", "三级残疾", "四级残疾"};
        Feed& f = F(kHealth);
        person(f, m);
        f.v[kDate] = ymd(static_cast<int>(rng.between(2008, 2018)), static_cast<int>(rng.between(1, 12)),
                         static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = kGrades[grade];
        emit(f, true);
      }
      if (age >= 20 && rng.permille(5)) {
        ++planted.marriages;
        Feed& f = F(kMarriage);
        person(f, m);
        f.v[kDate] = ymd(2019, static_cast<int>(rng.between(1, 9)), static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = rng.permille(600) ? "结婚登记" : "离婚登记";
        emit(f, true);
      } else if (age >= 25 && rng.permille(2)) {
        Feed& f = F(kMarriage);
        person(f, m);
        f.v[kDate] = ymd(2019, static_cast<int>(rng.between(1, 9)), static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = "补发结婚证";
        emit(f, true);
      }
      // Deaths: 3 in 1000 members (more among the old), in 2019-01 … 2019-09; hukou, health or both.
      if (rng.permille(age >= 70 ? 8 : 2)) {
        ++planted.deaths_members;
        const std::string day = ymd(2019, static_cast<int>(rng.between(1, 9)), static_cast<int>(rng.between(1, 28)));
        const long where = rng.between(0, 9);
        if (where < 7) {
          Feed& f = F(kHukou);
          person(f, m);
          f.v[kDate] = day;
          f.v[kKind] = rng.permille(500) ? "死亡" : "死亡注销";
          emit(f, true);
        }
        if (where >= 4) {
          Feed& f = F(kHealth);
          person(f, m);
          f.v[kDate] = day;
          f.v[kKind] = "死亡医学证明";
          emit(f, true);
        }
      } else if (rng.permille(40)) {  // moved within the city: ignored
        Feed& f = F(kHukou);
        person(f, m);
        f.v[kDate] = ymd(static_cast<int>(rng.between(2010, 2019)), static_cast<int>(rng.between(1, 9)),
                         static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = rng.permille(500) ? "迁入" : "迁出";
        emit(f, true);
      }
    }
    // Medical bills of members (their declared medical expenditure, as hospital settlements).
    if (h.expenditure)
      for (const auto& e : *h.expenditure)
        if (e.kind == sn::model::ExpenditureKind::kMedical && e.member >= 0 && e.member < n && e.month <= last &&
            e.month >= first) {
          Feed& f = F(kHealth);
          person(f, h.members[e.member]);
          f.v[kAmount] = yuan(e.amount);
          f.v[kDate] = ymd(e.month.year(), e.month.month(), static_cast<int>(rng.between(1, 28)));
          f.v[kKind] = rng.permille(700) ? "住院费用" : "门诊大病费用";
          emit(f, true);
        }

    // ---- assets: bank (+ insurance, securities), vehicles, dwellings, business capital
    const sn::model::Assets none;
    const sn::model::Assets& a = h.assets ? *h.assets : none;
    std::int64_t bank = a.financial, insurance = 0, securities = 0;
    if (!h.assets) bank = rng.between(0, 3000) * 100;  // undeclared assets: the bank still knows
    if (bank > 0 && rng.permille(20)) insurance = bank * 30 / 100, bank -= insurance;
    if (bank > 0 && rng.permille(10)) securities = bank * 20 / 100, bank -= securities;
    if (rng.permille(30)) {  // undeclared deposits
      bank += rng.between(20000, 80000) * 100;
      ++planted.deposits_undeclared;
    }
    if (rng.permille(5)) {  // an undeclared policy
      insurance += rng.between(5000, 30000) * 100;
    }
    {
      Feed& f = F(kBank);
      person(f, head);
      f.v[kAmount] = yuan(bank);
      f.v[kDate] = "2019-10-15";
      emit(f, true);
      for (int mi = 1; mi < n; ++mi)  // the others' accounts, mostly empty
        if (rng.permille(600)) {
          Feed& g = F(kBank);
          person(g, h.members[mi]);
          g.v[kAmount] = "0.00";
          g.v[kDate] = "2019-10-15";
          emit(g, true);
        }
    }
    if (insurance > 0) {
      ++planted.insurance_members;
      Feed& f = F(kInsurance);
      person(f, head);
      f.v[kAmount] = yuan(insurance);
      f.v[kDate] = "2019-10-15";
      emit(f, true);
    }
    if (securities > 0) {
      ++planted.securities_members;
      Feed& f = F(kSecurities);
      person(f, head);
      f.v[kAmount] = yuan(securities);
      f.v[kDate] = "2019-10-15";
      emit(f, true);
    }
    auto vehicle = [&](sn::model::Vehicle v) {
      Feed& f = F(kVehicle);
      person(f, head);
      f.v[kDate] = ymd(static_cast<int>(rng.between(2005, 2019)), static_cast<int>(rng.between(1, 9)),
                       static_cast<int>(rng.between(1, 28)));
      f.v[kKind] = v == sn::model::Vehicle::kCar          ? (rng.permille(600) ? "小型汽车" : "轿车")
                   : v == sn::model::Vehicle::kMotorcycle ? (rng.permille(600) ? "普通二轮摩托车" : "摩托车")
                                                          : "残疾人专用车";
      emit(f, true);
    };
    for (auto v : a.vehicles) vehicle(v);
    if (rng.permille(10)) {
      vehicle(sn::model::Vehicle::kCar);
      ++planted.car_undeclared;
    }
    if (a.dwellings > 0) {
      const std::int64_t total = a.floor_area_m2 ? std::llround(*a.floor_area_m2 * 100) : 6000;
      for (int d = 0; d < a.dwellings; ++d) {
        Feed& f = F(kRealEstate);
        person(f, head);
        const std::int64_t share = d + 1 < a.dwellings ? total / a.dwellings : total - total / a.dwellings * d;
        f.v[kAmount] = yuan(share);
        f.v[kDate] = ymd(static_cast<int>(rng.between(1995, 2018)), static_cast<int>(rng.between(1, 12)),
                         static_cast<int>(rng.between(1, 28)));
        f.v[kKind] = rng.permille(500) ? "住宅" : "成套住宅";
        emit(f, true);
      }
      if (rng.permille(60)) {
        Feed& f = F(kRealEstate);
        person(f, head);
        f.v[kAmount] = yuan(rng.between(1200, 1500));
        f.v[kDate] = ymd(static_cast<int>(rng.between(2010, 2018)), 6, 1);
        f.v[kKind] = "车位";
        emit(f, true);
      }
    }
    if (rng.permille(10)) {
      ++planted.dwelling_undeclared;
      Feed& f = F(kRealEstate);
      person(f, head);
      f.v[kAmount] = yuan(rng.between(4000, 12000));
      f.v[kDate] = ymd(static_cast<int>(rng.between(2000, 2019)), static_cast<int>(rng.between(1, 9)), 15);
      f.v[kKind] = "住宅";
      emit(f, true);
    }
    if (a.business_capital > 0 || rng.permille(3)) {
      std::int64_t cap = a.business_capital;
      if (cap == 0) {
        cap = rng.between(10000, 100000) * 100;
        ++planted.business_undeclared;
      }
      Feed& f = F(kMarket);
      person(f, head);
      f.v[kAmount] = yuan(cap);
      f.v[kDate] = ymd(static_cast<int>(rng.between(2010, 2019)), static_cast<int>(rng.between(1, 9)),
                       static_cast<int>(rng.between(1, 28)));
      f.v[kKind] = cap >= 10000000 ? "有限责任公司" : "个体工商户";
      emit(f, true);
    }
    return true;
  }, month);
  if (rows_target < 0) rows_target = members;
  const double t_scan = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // ---- people in no household, up to the target rows per feed
  Outsiders outsiders(member_keys, std::vector<std::string>(county_set.begin(), county_set.end()), rng);
  auto fill = [&](S s, auto&& one) {
    Feed& f = feeds[s];
    while (f.csv.rows < rows_target) one(f);
  };
  auto who = [&](Feed& f, int y0, int y1) {
    f.clear();
    Person p = outsiders.make(y0, y1);
    f.v[kId] = p.id;
    f.v[kName] = p.name;
    f.v[kRegion] = p.county;
  };
  auto someday = [&](int y0, int y1) {
    const int y = static_cast<int>(rng.between(y0, y1));
    return ymd(y, static_cast<int>(rng.between(1, y == 2019 ? 9 : 12)), static_cast<int>(rng.between(1, 28)));
  };
  fill(kTax, [&](Feed& f) {  // 12 months of wages, sometimes a side job
    who(f, 1960, 2000);
    const std::int64_t wage = rng.between(2000, 15000) * 100;
    const int from = rng.permille(800) ? 0 : static_cast<int>(rng.between(1, 11));
    for (Month mo = first.plus(from); mo <= last; mo = mo.plus(1)) {
      f.v[kAmount] = yuan(wage + rng.between(-20000, 20000));
      f.v[kDate] = ym(mo);
      f.v[kKind] = "工资薪金所得";
      emit(f, false);
    }
  });
  fill(kSocial, [&](Feed& f) {
    if (rng.permille(500)) {
      who(f, 1925, 1959);
      const std::int64_t p = rng.between(1500, 4500) * 100;
      for (Month mo = first; mo <= last; mo = mo.plus(1)) {
        f.v[kAmount] = yuan(p);
        f.v[kDate] = ym(mo);
        f.v[kKind] = "基本养老金";
        emit(f, false);
      }
    } else {
      who(f, 1965, 2000);
      for (Month mo = first; mo <= last; mo = mo.plus(1)) {
        f.v[kAmount] = yuan(rng.between(300, 1200) * 100);
        f.v[kDate] = ym(mo);
        f.v[kKind] = "企业职工养老保险缴费";
        emit(f, false);
      }
    }
  });
  fill(kFund, [&](Feed& f) {
    who(f, 1965, 2000);
    const std::int64_t base = rng.between(2000, 20000) * 100;
    for (Month mo = first; mo <= last; mo = mo.plus(1)) {
      f.v[kAmount] = yuan(base);
      f.v[kDate] = ym(mo);
      f.v[kKind] = "缴存基数";
      emit(f, false);
    }
    f.v[kAmount] = yuan(rng.between(1000, 20000000));
    f.v[kKind] = "账户余额";
    emit(f, false);
  });
  fill(kBank, [&](Feed& f) {
    who(f, 1930, 2005);
    f.v[kAmount] = yuan(rng.permille(300) ? 0 : rng.between(1, 50000000));
    f.v[kDate] = "2019-10-15";
    emit(f, false);
  });
  fill(kInsurance, [&](Feed& f) {
    who(f, 1940, 2000);
    f.v[kAmount] = yuan(rng.between(100000, 20000000));
    f.v[kDate] = "2019-10-15";
    emit(f, false);
  });
  fill(kSecurities, [&](Feed& f) {
    who(f, 1940, 2000);
    f.v[kAmount] = yuan(rng.between(0, 100000000));
    f.v[kDate] = "2019-10-15";
    emit(f, false);
  });
  fill(kVehicle, [&](Feed& f) {
    who(f, 1950, 2000);
    static const std::vector<std::string> words = {"小型汽车", "小型普通客车", "轿车", "普通二轮摩托车", "摩托车", "挂车"};
    f.v[kDate] = someday(2000, 2019);
    f.v[kKind] = rng.pick(words);
    emit(f, false);
  });
  fill(kRealEstate, [&](Feed& f) {
    who(f, 1940, 1998);
    const long r = rng.between(0, 99);
    f.v[kKind] = r < 45 ? "住宅" : r < 80 ? "成套住宅" : r < 90 ? "商业" : "车位";
    f.v[kAmount] = yuan(r < 80 ? rng.between(4000, 20000) : rng.between(1200, 30000));
    f.v[kDate] = someday(1995, 2019);
    emit(f, false);
  });
  fill(kMarket, [&](Feed& f) {
    who(f, 1950, 2000);
    static const std::vector<std::string> words = {"个体工商户", "个体工商户", "个体工商户", "有限责任公司",
                                                   "个人独资企业", "农民专业合作社"};
    f.v[kKind] = rng.pick(words);
    f.v[kAmount] = yuan(rng.between(1, 5000) * 1000000 / 100);
    f.v[kDate] = someday(2005, 2019);
    emit(f, false);
  });
  fill(kEducation, [&](Feed& f) {
    who(f, 2001, 2016);
    const int y = std::stoi(f.v[kId].substr(6, 4));
    const int age = 2019 - y;
    const char* w = age <= 5 ? "幼儿园" : age <= 11 ? "小学" : age <= 14 ? "初中" : age <= 17 ? (rng.permille(700) ? "普通高中" : "中职")
                                                                                 : (rng.permille(600) ? "本科" : "高职");
    f.v[kKind] = w;
    f.v[kDate] = ymd(std::min(2019, y + (age <= 5 ? 3 : age <= 11 ? 6 : age <= 14 ? 12 : age <= 17 ? 15 : 18)), 9, 1);
    emit(f, false);
  });
  fill(kEmployment, [&](Feed& f) {
    who(f, 1960, 2001);
    const long r = rng.between(0, 99);
    f.v[kKind] = r < 55 ? "就业登记" : r < 75 ? "灵活就业" : "失业登记";
    f.v[kDate] = someday(2012, 2019);
    emit(f, false);
  });
  fill(kMarriage, [&](Feed& f) {
    who(f, 1950, 1999);
    const long r = rng.between(0, 99);
    f.v[kKind] = r < 70 ? "结婚登记" : r < 92 ? "离婚登记" : "补发结婚证";
    f.v[kDate] = someday(2000, 2019);
    emit(f, false);
  });
  fill(kHukou, [&](Feed& f) {
    const long r = rng.between(0, 999);
    if (r < 15) {
      who(f, 1920, 1990);
      f.v[kKind] = rng.permille(500) ? "死亡" : "死亡注销";
      f.v[kDate] = someday(2015, 2019);
    } else if (r < 300) {
      who(f, 2010, 2019);
      f.v[kKind] = "出生";
      f.v[kDate] = f.v[kId].substr(6, 4) + "-" + f.v[kId].substr(10, 2) + "-" + f.v[kId].substr(12, 2);
      if (f.v[kDate] > "2019-10-31") f.v[kDate] = "2019-10-31";
    } else {
      who(f, 1930, 2005);
      f.v[kKind] = rng.permille(500) ? "迁入" : "迁出";
      f.v[kDate] = someday(2010, 2019);
    }
    emit(f, false);
  });
  fill(kHealth, [&](Feed& f) {
    const long r = rng.between(0, 99999);
    if (r < 400) {  // a large bill in the 12 months before 2019-10: a candidate (0.4%)
      who(f, 1930, 2010);
      f.v[kKind] = rng.permille(800) ? "住院费用" : "门诊大病费用";
      f.v[kAmount] = yuan(rng.between(10000, 200000) * 100 + rng.between(0, 99));
      f.v[kDate] = someday(2019, 2019);
      ++planted.candidates_medical;
    } else if (r < 600) {  // a severe disability assessed in 2019: a candidate (0.2%)
      who(f, 1930, 2010);
      f.v[kKind] = rng.permille(500) ? "一级残疾" : "二级残疾";
      f.v[kDate] = someday(2019, 2019);
      ++planted.candidates_disability;
    } else if (r < 8000) {  // disabilities assessed earlier, or mild
      who(f, 1930, 2010);
      static const std::vector<std::string> words = {"一级残疾", "二级残疾", "三级残疾", "四级残疾", "三级残疾", "四级残疾"};
      f.v[kKind] = rng.pick(words);
      f.v[kDate] = someday(2005, 2017);
    } else if (r < 9500) {
      who(f, 1920, 1990);
      f.v[kKind] = "死亡医学证明";
      f.v[kDate] = someday(2015, 2019);
    } else {  // ordinary bills below 10000 yuan
      who(f, 1930, 2018);
      f.v[kKind] = rng.permille(800) ? "住院费用" : "门诊大病费用";
      f.v[kAmount] = yuan(rng.between(20000, 999900));
      f.v[kDate] = someday(2016, 2019);
    }
    emit(f, false);
  });

  long total = 0;
  std::FILE* man = std::fopen((out + "/manifest.txt").c_str(), "w");
  if (!man) die("cannot write manifest");
  std::fprintf(man, "registry %s: %ld open households, %ld members; seed %llu; target rows per feed %ld\n", db.c_str(),
               households, members, static_cast<unsigned long long>(seed), rows_target);
  for (auto& f : feeds) {
    f.csv.close();
    total += f.csv.rows;
    std::fprintf(man, "%-18s rows %9ld  (members %9ld, no household %9ld)\n", f.source.c_str(), f.csv.rows,
                 f.member_rows, f.other_rows);
  }
  const auto& p = planted;
  std::fprintf(man,
               "planted: wage_higher %ld, wage_undeclared %ld, pension_higher %ld, deposits_undeclared %ld, "
               "insurance_heads %ld, securities_heads %ld, car_undeclared %ld, dwelling_undeclared %ld, "
               "business_undeclared %ld, school_differs %ld, employment_differs %ld, disability_differs %ld, "
               "marriages %ld, member_deaths %ld, candidate_medical_rows %ld, candidate_disability_rows %ld\n",
               p.wage_higher, p.wage_undeclared, p.pension_higher, p.deposits_undeclared, p.insurance_members,
               p.securities_members, p.car_undeclared, p.dwelling_undeclared, p.business_undeclared, p.school_differs,
               p.employment_differs, p.disability_differs, p.marriages, p.deaths_members, p.candidates_medical,
               p.candidates_disability);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(man, "total rows %ld; %.1f s (registry scan and member rows %.1f s)\n", total, secs, t_scan);
  std::fclose(man);
  std::printf("gen_feeds: %ld households, %ld members -> %ld rows in 14 files under %s (%.1f s)\n", households,
              members, total, out.c_str(), secs);
  return 0;
}
