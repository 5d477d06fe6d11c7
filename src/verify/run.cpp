#include "verify/run.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "model/citizen_id.hpp"
#include "payroll/assess_run.hpp"
#include "rules/assess.hpp"
#include "model/region.hpp"
#include "verify/matcher.hpp"
#include "verify/person_key.hpp"

namespace safetynet::verify {
namespace {

model::Month month_of(std::int32_t day) { return model::Month::of(day / 10000, day / 100 % 100); }
std::int32_t last_day_of(model::Month m) {
  return m.year() * 10000 + m.month() * 100 + model::days_in_month(m.year(), m.month());
}
std::string date_text(std::int32_t day) {
  return model::Date{day / 10000, day / 100 % 100, day % 100}.to_string();
}

// The key of an id of the right shape (17 digits and a check character): cheaper than a full GB 11643
// check, and all `person_key` needs.
std::optional<std::int64_t> key_of(const std::string& id) {
  if (id.size() != 18) return std::nullopt;
  for (int i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return std::nullopt;
  if ((id[17] < '0' || id[17] > '9') && id[17] != 'X') return std::nullopt;
  return person_key(id);
}

// Where a person sits in the run's list of households.
struct Seat {
  std::uint32_t household;
  std::uint16_t member;
};

// What a household's match and assessment gave (the assessments only for a changed record).
struct Assessed {
  registry::StoredAssessment before, after;
  bool outcome_changed = false;
};
struct HouseholdResult {
  MatchOutcome match;
  std::unique_ptr<Assessed> assessed;
};

bool same_outcome(const registry::StoredAssessment& a, const registry::StoredAssessment& b) {
  return a.category == b.category && a.monthly_cash == b.monthly_cash && a.undetermined == b.undetermined &&
         a.refusal == b.refusal && a.persons == b.persons;
}

}  // namespace

const char* action_for(const std::string& code) {
  if (code == "duplicate_person")
    return "一人只能属于一个家庭（R11.1）：核实此人实际所在的家庭，从另一户中移出后重新导入；核实前两户均不发放";
  if (code == "invalid_id") return "核对居民身份证原件或户口簿，更正身份证号后重新导入；更正前不发放";
  if (code == "id_mismatch") return "以身份证号为准核对性别和出生日期，更正记录后重新导入；更正前不发放";
  if (code == "empty_household")
    return "该户已无在册成员（成员死亡或全部移出）：核实后注销该户，或补录成员后重新导入；不再发放";
  if (code == "duplicate_member") return "同一人在本户中登记了两次：删除重复的一行后重新导入";
  return "核实后更正记录";
}

RunResult run_verification(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                           const RunOptions& opt) {
  RunParts parts = compute_run(reg, params, month, opt);
  std::vector<HouseholdOutcome> outcomes = std::move(parts.outcomes);
  assemble(parts, std::move(outcomes));
  return store_parts(reg, std::move(parts), opt);
}

RunParts compute_run(registry::Registry& reg, const params::ParameterSet& params, model::Month month,
                     const RunOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  // Where the time goes, phase by phase (shown on the progress stream).
  auto last = t0;
  auto phase = [&](const char* name) {
    const auto now = std::chrono::steady_clock::now();
    if (opt.progress) std::fprintf(opt.progress, "  %-9s %6.2f s\n", name, std::chrono::duration<double>(now - last).count());
    last = now;
  };
  std::optional<tbb::global_control> limit;
  if (opt.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(opt.threads));
  auto& store = reg.verification();
  RunParts result;
  result.started = t0;
  registry::RunRecord& rec = result.record;
  rec.month = month;
  const std::int32_t month_end = last_day_of(month);

  // ---- 1. The loads in use, and what each source covers ----
  Coverage coverage;
  std::vector<std::int64_t> use;
  const std::vector<registry::FeedLoadRecord> loads = store.loads();
  std::unordered_map<std::int64_t, Source> source_of_load;
  {
    std::optional<registry::FeedLoadRecord> latest[kSourceCount];
    for (const auto& l : loads) {
      auto s = parse_source(l.source);
      if (!s) continue;
      source_of_load[l.id] = *s;
      auto& cov = coverage.covered[static_cast<int>(*s)];
      if (is_flow(*s)) {
        use.push_back(l.id);
        if (!cov || month_of(l.as_of) > *cov) cov = month_of(l.as_of);
      } else if (l.as_of <= month_end) {
        auto& best = latest[static_cast<int>(*s)];
        if (!best || l.as_of >= best->as_of) best = l;
      }
    }
    for (int i = 0; i < kSourceCount; ++i)
      if (latest[i]) {
        use.push_back(latest[i]->id);
        coverage.covered[i] = month_of(latest[i]->as_of);
      }
    for (std::size_t i = 0; i < use.size(); ++i) rec.loads += (i ? "," : "") + std::to_string(use[i]);
    std::sort(use.begin(), use.end());  // facts are read in load order: later loads win
  }
  phase("loads");
  // ---- 2. The open households, declared, and who is where ----
  std::vector<model::Household> households;
  households.reserve(static_cast<std::size_t>(reg.household_count()));
  store.scan_declared([&](model::Household& h) {
    households.push_back(std::move(h));
    return true;
  }, month);
  rec.households = static_cast<long>(households.size());
  // Each household's 设区市, and the cities this process matches (a distributed run's share).
  std::vector<std::uint8_t> city(households.size());
  std::array<std::int64_t, model::kGuangxiCities + 1> per_city{};
  for (std::size_t i = 0; i < households.size(); ++i) {
    city[i] = static_cast<std::uint8_t>(model::guangxi_city_index(households[i].region));
    ++per_city[city[i]];
  }
  std::array<bool, model::kGuangxiCities + 1> taken;
  taken.fill(true);
  if (opt.cities)
    if (auto mine = opt.cities(per_city)) {
      taken.fill(false);
      for (int c : *mine)
        if (c >= 0 && c <= model::kGuangxiCities) taken[static_cast<std::size_t>(c)] = true;
    }
  phase("scanned");
  std::unordered_map<std::int64_t, Seat> seat;
  seat.reserve(households.size() * 3);
  std::vector<std::vector<registry::RunIssue>>& issues = result.issues;
  issues.resize(households.size());
  // Every process seats every member alike (facts go to the same household everywhere); the issues
  // are noted only by the process that does the global parts.
  const auto note = [&](std::uint32_t at, registry::RunIssue is) {
    if (opt.global) issues[at].push_back(std::move(is));
  };
  for (std::uint32_t i = 0; i < households.size(); ++i) {
    const auto& h = households[i];
    rec.members += static_cast<long>(h.members.size());
    if (h.members.empty()) note(i, {h.id, "", "empty_household", "该户没有在册成员", action_for("empty_household")});
    for (std::uint16_t m = 0; m < h.members.size(); ++m) {
      const auto& mem = h.members[m];
      auto info = model::parse_citizen_id(mem.id);
      if (!info) {
        note(i, {h.id, mem.id, "invalid_id", "身份证号“" + mem.id + "”不符合 GB 11643（长度、出生日期或校验码）",
                 action_for("invalid_id")});
        continue;
      }
      if (opt.global && (info->sex != mem.sex || info->birth_date != mem.birth_date))
        note(i, {h.id, mem.id, "id_mismatch",
                 std::string("记录的") + (info->sex != mem.sex ? "性别" : "出生日期") + "与身份证号不符（身份证号为 " +
                     model::to_string(info->sex) + "，" + info->birth_date.to_string() + "）",
                 action_for("id_mismatch")});
      const std::int64_t key = person_key(mem.id);
      auto [it, fresh] = seat.emplace(key, Seat{i, m});
      if (opt.global && !fresh && it->second.household != i) {
        const auto& other = households[it->second.household];
        note(i, {h.id, mem.id, "duplicate_person", "此人同时是户 " + other.id + " 的成员", action_for("duplicate_person")});
        note(it->second.household, {other.id, mem.id, "duplicate_person", "此人同时是户 " + h.id + " 的成员",
                                    action_for("duplicate_person")});
      }
    }
  }
  phase("declared");
  // Everyone who is or was a member of any household: discovery looks only beyond them.
  std::unordered_set<std::int64_t> anyone;
  if (opt.global) {
    anyone.reserve(seat.size() + seat.size() / 8 + 1024);
    store.scan_members([&](const registry::MemberLink& l) {
      if (auto k = key_of(l.person_id)) anyone.insert(*k);
    });
  }

  phase("members");
  // ---- 3. The facts about these members; candidates among everyone else ----
  const std::int64_t bill_floor =
      params.value("discovery.medical_bill", "450000", month).value_or(params::Decimal::of_int(10000)).to_fen();
  const model::Month year_ago = month.plus(-12);
  const std::int32_t discovery_from = year_ago.year() * 10000 + year_ago.month() * 100 + 1;
  // Every fact of the loads in use, read whole (24 bytes each), then matched to members in parallel.
  std::vector<registry::StoredFact> raw;
  {
    long rows = 0;
    for (const auto& l : loads)
      if (std::find(use.begin(), use.end(), l.id) != use.end()) rows += l.rows_loaded;
    raw.reserve(static_cast<std::size_t>(rows));
  }
  std::vector<std::pair<std::size_t, std::int64_t>> chunks;  // (first fact, load)
  store.scan_facts(use, [&](std::int64_t load, const registry::StoredFact* chunk, std::size_t n) {
    chunks.emplace_back(raw.size(), load);
    raw.insert(raw.end(), chunk, chunk + n);
  });
  result.facts_read = static_cast<long>(raw.size());
  phase("facts");
  constexpr std::uint32_t kNobody = UINT32_MAX;
  std::vector<Seat> where(raw.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, raw.size(), 1 << 14), [&](const auto& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      auto it = seat.find(raw[i].person);
      where[i] = it == seat.end() ? Seat{kNobody, 0} : it->second;
    }
  });
  // Group the members' facts by household (a counting sort keeps load order within each household);
  // the others may be candidates (R11.5).
  std::vector<std::uint32_t> start(households.size() + 1, 0);
  for (const auto& w : where)
    if (w.household != kNobody) ++start[w.household + 1];
  for (std::size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  std::vector<MemberFact> grouped(start.back());
  result.facts_matched = static_cast<long>(grouped.size());
  // person -> (candidate, the load that named them, the largest bill so far); names come after.
  struct Found {
    registry::RunCandidate candidate;
    std::int64_t load = 0, largest = -1;
  };
  std::unordered_map<std::int64_t, Found> medical, disability;
  {
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      const std::int64_t load = chunks[c].second;
      const Source src = source_of_load[load];
      const std::size_t end = c + 1 < chunks.size() ? chunks[c + 1].first : raw.size();
      for (std::size_t i = chunks[c].first; i < end; ++i) {
        const registry::StoredFact& f = raw[i];
        const Fact fact = static_cast<Fact>(f.fact);
        if (where[i].household != kNobody) {
          grouped[next[where[i].household]++] =
              MemberFact{where[i].member, src, Target{fact, f.kind}, f.day, f.amount, load};
          continue;
        }
        if (!opt.global || f.day > month_end || f.day < discovery_from) continue;
        if (fact == Fact::kMedicalBill && f.amount >= bill_floor) {
          if (anyone.count(f.person)) continue;
          auto& c = medical[f.person];
          if (f.amount > c.largest) {
            c.largest = f.amount;
            c.load = load;
            c.candidate = {person_id(f.person), "", "", chinese_name(src), "medical_bill",
                           "医疗费用 " + yuan_text(f.amount) + " 元（" + date_text(f.day) + "）", f.day};
          }
        } else if (fact == Fact::kDisability && f.kind <= 2) {
          if (anyone.count(f.person)) continue;
          auto& c = disability[f.person];
          if (c.candidate.person_id.empty() || f.day > c.candidate.day) {
            c.load = load;
            c.candidate = {person_id(f.person), "", "", chinese_name(src), "disability",
                           std::to_string(f.kind) + " 级残疾（重度，" + date_text(f.day) + " 评定）", f.day};
          }
        }
      }
    }
  }
  std::vector<registry::StoredFact>().swap(raw);
  std::vector<Seat>().swap(where);
  for (auto* m : {&medical, &disability})
    for (auto& [person, c] : *m) {
      std::tie(c.candidate.name, c.candidate.region) = store.text_of(c.load, person);
      rec.candidates.push_back(std::move(c.candidate));
    }
  phase("grouped");
  // ---- 4. Match, and assess where the record changed ----
  std::vector<HouseholdResult> out(households.size());
  tbb::enumerable_thread_specific<rules::ParamCache> caches([&] { return rules::ParamCache(params); });
  tbb::enumerable_thread_specific<rules::Assessment> buffers;
  tbb::enumerable_thread_specific<std::vector<MemberFact>> scratch;
  tbb::parallel_for(std::size_t{0}, households.size(), [&](std::size_t i) {
    if (!taken[city[i]]) return;
    const auto& h = households[i];
    auto& cache = caches.local();
    const auto& mp = cache.get(h.region, month);
    const int window = mp.income_window_months ? static_cast<int>(mp.income_window_months->to_int()) : 12;
    auto& mine = scratch.local();
    mine.assign(grouped.begin() + start[i], grouped.begin() + start[i + 1]);
    auto& r = out[i];
    r.match = match_household(h, month, window, mine, coverage);
    if (!r.match.changed) return;
    auto& a = buffers.local();
    r.assessed = std::make_unique<Assessed>();
    rules::assess(h, month, mp, rules::Options{}, a);
    r.assessed->before = payroll::to_stored(h, month, a);
    const model::Household now = for_month(r.match);
    rules::assess(now, month, mp, rules::Options{}, a);
    r.assessed->after = payroll::to_stored(now, month, a);
    r.assessed->outcome_changed = !same_outcome(r.assessed->before, r.assessed->after);
  });

  phase("matched");
  // ---- 5. What each household found ----
  for (std::size_t i = 0; i < households.size(); ++i) {
    if (!taken[city[i]]) continue;
    ++result.households_matched;
    const auto& h = households[i];
    auto& r = out[i];
    HouseholdOutcome o;
    o.index = static_cast<std::uint32_t>(i);
    o.household_id = h.id;
    for (const auto& d : r.match.deaths) o.deaths.push_back({h.id, h.members[d.member].id, d.date.to_string()});
    for (const auto& m : r.match.mismatches)
      o.mismatches.push_back({h.id, m.member >= 0 ? h.members[m.member].id : "", m.item, m.label, m.declared, m.found,
                              m.sources});
    o.all_dead = r.match.gone.size() == h.members.size() && !h.members.empty();
    if (r.match.changed) o.verified = std::move(r.match.verified);
    const bool outcome_changed = r.assessed && r.assessed->outcome_changed;
    if (!r.match.mismatches.empty() || !r.match.pending.empty() || outcome_changed) {
      registry::RunHousehold rh;
      rh.household_id = h.id;
      rh.mismatches = static_cast<long>(r.match.mismatches.size());
      for (const auto& p : r.match.pending) rh.pending += (rh.pending.empty() ? "" : ";") + p;
      rh.status = outcome_changed ? "changed" : !r.match.pending.empty() ? "pending" : "verified";
      if (r.assessed) {
        rh.before_category = rules::category_name(r.assessed->before.category);
        rh.after_category = rules::category_name(r.assessed->after.category);
        rh.before_cash = r.assessed->before.monthly_cash;
        rh.after_cash = r.assessed->after.monthly_cash;
      }
      o.listed = std::move(rh);
      if (outcome_changed) o.assessment = std::move(r.assessed->after);
    }
    r = HouseholdResult{};
    if (o.deaths.empty() && o.mismatches.empty() && !o.all_dead && !o.verified && !o.listed) continue;
    result.outcomes.push_back(std::move(o));
  }
  std::sort(rec.candidates.begin(), rec.candidates.end(),
            [](const auto& a, const auto& b) { return std::tie(a.region, a.person_id, a.reason) < std::tie(b.region, b.person_id, b.reason); });
  for (int s = 0; s < kSourceCount; ++s)
    if (!coverage.covered[s]) result.pending_sources.push_back(chinese_name(static_cast<Source>(s)));
  phase("gathered");
  return result;
}

void assemble(RunParts& parts, std::vector<HouseholdOutcome> outcomes) {
  std::sort(outcomes.begin(), outcomes.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  for (std::size_t k = 1; k < outcomes.size(); ++k)
    if (outcomes[k].index == outcomes[k - 1].index)
      throw std::logic_error("verify: household " + std::to_string(outcomes[k].index) + " assembled twice");
  const std::size_t n = static_cast<std::size_t>(parts.record.households);
  if (!outcomes.empty() && outcomes.back().index >= n)
    throw std::logic_error("verify: household " + std::to_string(outcomes.back().index) + " outside the scan");
  if (parts.issues.size() < n) parts.issues.resize(n);
  registry::RunRecord& rec = parts.record;
  // Household by household, as the single-process run always listed them: its issues, then its outcome.
  auto o = outcomes.begin();
  for (std::size_t i = 0; i < n; ++i) {
    for (auto& is : parts.issues[i]) rec.issues.push_back(std::move(is));
    if (o == outcomes.end() || o->index != i) continue;
    for (auto& d : o->deaths) rec.deaths.push_back(std::move(d));
    for (auto& m : o->mismatches) rec.mismatches.push_back(std::move(m));
    if (o->all_dead)
      rec.issues.push_back({o->household_id, "", "empty_household", "该户成员均已死亡", action_for("empty_household")});
    if (o->verified) rec.verified.emplace_back(o->household_id, std::move(*o->verified));
    if (o->listed) {
      if (o->assessment) rec.assessments.push_back(std::move(*o->assessment));
      rec.households_listed.push_back(std::move(*o->listed));
    }
    ++o;
  }
  parts.issues.clear();
}

RunResult store_parts(registry::Registry& reg, RunParts&& parts, const RunOptions& opt) {
  RunResult result;
  result.record = std::move(parts.record);
  result.pending_sources = std::move(parts.pending_sources);
  result.facts_read = parts.facts_read;
  result.facts_matched = parts.facts_matched;
  const registry::RunRecord& rec = result.record;
  const auto t0 = std::chrono::steady_clock::now();
  std::exception_ptr side_error;
  std::thread side;
  if (opt.alongside)
    side = std::thread([&] {
      try {
        opt.alongside(rec);
      } catch (...) {
        side_error = std::current_exception();
      }
    });
  try {
    result.summary = reg.verification().store_run(rec);
  } catch (...) {
    if (side.joinable()) side.join();
    throw;
  }
  if (side.joinable()) side.join();
  if (side_error) std::rethrow_exception(side_error);
  const auto now = std::chrono::steady_clock::now();
  if (opt.progress) std::fprintf(opt.progress, "  %-9s %6.2f s\n", "stored", std::chrono::duration<double>(now - t0).count());
  result.seconds = std::chrono::duration<double>(now - parts.started).count();
  return result;
}

}  // namespace safetynet::verify
