#include "verify/matcher.hpp"

#include <algorithm>
#include <map>
#include <limits>

namespace safetynet::verify {
namespace {

using model::IncomeKind;

model::Date date_of(std::int32_t day) { return model::Date{day / 10000, day / 100 % 100, day % 100}; }
model::Month month_of(std::int32_t day) { return model::Month::of(day / 10000, day / 100 % 100); }

std::string source_list(unsigned mask) {
  std::string s;
  for (Source src : all_sources())
    if (mask & (1u << static_cast<int>(src))) {
      if (!s.empty()) s += "、";
      s += chinese_name(src);
    }
  return s;
}

// Is `n` pending for `month`? Returns the text to list, or "" when every source covers it.
std::string pending_text(Needed n, model::Month last_needed, const Coverage& cov) {
  std::string missing;
  for (Source s : all_sources()) {
    if (!covers(s, n)) continue;
    const auto& c = cov.covered[static_cast<int>(s)];
    if (c && *c >= last_needed) continue;
    if (!missing.empty()) missing += "、";
    missing += chinese_name(s);
    missing += c ? "（仅至 " + c->to_string() + "）" : "（未导入）";
  }
  if (missing.empty()) return "";
  return std::string(needed_name(n)) + "：待 " + missing + " 覆盖至 " + last_needed.to_string();
}

std::string vehicles_text(const std::vector<model::Vehicle>& v) {
  if (v.empty()) return "无";
  std::vector<std::string> names;
  for (auto k : v) names.emplace_back(model::to_string(k));
  std::sort(names.begin(), names.end());
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ",") + n;
  return s;
}

}  // namespace

std::string yuan_text(std::int64_t fen) {
  const bool neg = fen < 0;
  if (neg) fen = -fen;
  std::string cents = std::to_string(fen % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return (neg ? "-" : "") + std::to_string(fen / 100) + "." + cents;
}

MatchOutcome match_household(const model::Household& declared, model::Month month, int window_months,
                             const std::vector<MemberFact>& facts, const Coverage& coverage) {
  MatchOutcome out;
  // The verified record is copied from the declared one at its first change only: most households
  // have nothing to change, and a copy of every household was most of a run's memory.
  std::optional<model::Household> copy;
  auto cur = [&]() -> const model::Household& { return copy ? *copy : declared; };
  auto mut = [&]() -> model::Household& {
    if (!copy) copy = declared;
    return *copy;
  };
  const std::int32_t last_day =
      month.year() * 10000 + month.month() * 100 + model::days_in_month(month.year(), month.month());
  const model::Month first = month.plus(-window_months), last = month.plus(-1);
  const int n = static_cast<int>(declared.members.size());

  // Facts usable for this month, later loads last (so they win where one value is kept).
  std::vector<const MemberFact*> usable;
  for (const auto& f : facts)
    if (f.day <= last_day && f.member >= 0 && f.member < n) usable.push_back(&f);
  std::stable_sort(usable.begin(), usable.end(), [](auto* a, auto* b) { return a->load < b->load; });

  // ---- Income (R2.1, R2.2) ----
  constexpr IncomeKind kVerifiable[] = {IncomeKind::kWage, IncomeKind::kBusiness, IncomeKind::kProperty,
                                        IncomeKind::kPension};
  std::string p_income = pending_text(Needed::kIncome, last, coverage);
  std::string p_pension = pending_text(Needed::kPension, last, coverage);
  if (declared.income && (!p_income.empty() || !p_pension.empty())) {
    if (!p_income.empty()) out.pending.push_back(p_income);
    if (!p_pension.empty()) out.pending.push_back(p_pension);
    mut().income.reset();
    out.changed = true;
  } else if (declared.income) {
    for (int m = 0; m < n; ++m) {
      for (IncomeKind k : kVerifiable) {
        // month -> source -> (load, amount): rows of one load add up (two employers, 工资 and 劳务报酬);
        // a later load of the source replaces an earlier one (a corrected file); between departments
        // the larger amount, never the sum.
        std::map<int, std::map<Source, std::pair<std::int64_t, std::int64_t>>> by_source;
        for (const auto* f : usable) {  // in load order
          if (f->member != m || f->target.fact != Fact::kIncome || f->target.kind != static_cast<std::uint8_t>(k)) continue;
          const model::Month fm = month_of(f->day);
          if (fm < first || fm > last) continue;
          auto it = by_source[fm.index].try_emplace(f->source, f->load, 0).first;
          if (it->second.first != f->load) it->second = {f->load, 0};
          it->second.second += f->amount;
        }
        // month -> (amount, source mask)
        std::map<int, std::pair<std::int64_t, unsigned>> found;
        for (const auto& [mi, sources] : by_source) {
          auto& slot = found[mi];
          for (const auto& [src, la] : sources) {
            slot.first = std::max(slot.first, la.second);
            slot.second |= 1u << static_cast<int>(src);
          }
        }
        if (found.empty()) continue;
        std::int64_t declared_total = 0;
        unsigned mask = 0;
        for (const auto& r : *declared.income)
          if (r.member == m && r.kind == k && r.month >= first && r.month <= last) declared_total += r.amount;
        for (const auto& [mi, a] : found) mask |= a.second;
        // Replace the member's rows of this kind in the window with the departments' months. A
        // department's month equal to the declared one leaves the record as it was.
        std::vector<model::IncomeRow> rows;
        for (const auto& r : *cur().income)
          if (!(r.member == m && r.kind == k && r.month >= first && r.month <= last)) rows.push_back(r);
        for (const auto& [mi, a] : found)
          if (a.first > 0) rows.push_back({m, model::Month{mi}, k, a.first});
        std::map<int, std::int64_t> before, after;
        for (const auto& r : *cur().income)
          if (r.member == m && r.kind == k && r.month >= first && r.month <= last && r.amount != 0)
            before[r.month.index] += r.amount;
        for (const auto& [mi, a] : found)
          if (a.first > 0) after[mi] = a.first;
        // Months the departments did not show keep their declared amounts.
        for (const auto& [mi, amt] : before)
          if (!found.count(mi)) {
            after[mi] = amt;
            rows.push_back({m, model::Month{mi}, k, amt});
          }
        if (before == after) continue;
        std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.month < b.month; });
        *mut().income = std::move(rows);
        out.changed = true;
        std::int64_t kept_total = 0;
        for (const auto& [mi, amt] : after) kept_total += amt;
        out.mismatches.push_back({m, to_string(Target{Fact::kIncome, static_cast<std::uint8_t>(k)}),
                                  chinese_name(Target{Fact::kIncome, static_cast<std::uint8_t>(k)}) +
                                      "（" + first.to_string() + "至" + last.to_string() + "合计）",
                                  yuan_text(declared_total), yuan_text(kept_total), source_list(mask)});
      }
    }
  }

  // ---- Assets (R2.4) ----
  {
    std::string pend;
    for (Needed nd : {Needed::kFinancial, Needed::kVehicles, Needed::kDwellings, Needed::kBusinessCapital}) {
      // Snapshots: a load in use at all covers the month (the run picks the latest one on or before it).
      std::string t = pending_text(nd, model::Month{std::numeric_limits<int>::min()}, coverage);
      if (!t.empty()) {
        auto cut = t.find(" 覆盖至");
        out.pending.push_back(t.substr(0, cut));
        pend = t;
      }
    }
    if (!pend.empty()) {
      if (declared.assets) out.changed = true;
      if (declared.assets) mut().assets.reset();
    } else {
      model::Assets a;
      if (declared.assets) a.floor_area_m2 = declared.assets->floor_area_m2;
      unsigned fin_mask = 0, veh_mask = 0, dw_mask = 0, biz_mask = 0;
      std::int64_t area = 0;
      for (const auto* f : usable) {
        const unsigned bit = 1u << static_cast<int>(f->source);
        switch (f->target.fact) {
          case Fact::kFinancial: a.financial += f->amount, fin_mask |= bit; break;
          case Fact::kVehicle: a.vehicles.push_back(static_cast<model::Vehicle>(f->target.kind)), veh_mask |= bit; break;
          case Fact::kDwelling: ++a.dwellings, area += f->amount, dw_mask |= bit; break;
          case Fact::kBusinessCapital: a.business_capital += f->amount, biz_mask |= bit; break;
          default: break;
        }
      }
      if (a.dwellings > 0 && area > 0) a.floor_area_m2 = static_cast<double>(area) / 100.0;
      const model::Assets none;
      const model::Assets& d = declared.assets ? *declared.assets : none;
      const std::string undeclared = "未申报";
      auto list = [&](const char* item, const char* label, std::string dt, std::string ft, unsigned mask, Source dflt) {
        if (dt == ft && declared.assets) return;
        out.mismatches.push_back({-1, item, label, declared.assets ? dt : undeclared, ft,
                                  source_list(mask ? mask : 1u << static_cast<int>(dflt))});
      };
      list("assets.financial", "金融资产", yuan_text(d.financial), yuan_text(a.financial), fin_mask, Source::kBank);
      list("assets.vehicles", "机动车", vehicles_text(d.vehicles), vehicles_text(a.vehicles), veh_mask, Source::kVehicle);
      list("assets.dwellings", "住房套数", std::to_string(d.dwellings), std::to_string(a.dwellings), dw_mask,
           Source::kRealEstate);
      list("assets.business_capital", "经营实体实缴资本", yuan_text(d.business_capital), yuan_text(a.business_capital),
           biz_mask, Source::kMarketRegulation);
      auto sorted = [](std::vector<model::Vehicle> x) {
        std::sort(x.begin(), x.end());
        return x;
      };
      const bool same = declared.assets && d.financial == a.financial && sorted(d.vehicles) == sorted(a.vehicles) &&
                        d.dwellings == a.dwellings && d.business_capital == a.business_capital &&
                        d.floor_area_m2 == a.floor_area_m2;
      if (!same) {
        mut().assets = std::move(a);
        out.changed = true;
      }
    }
  }

  // ---- Persons: death, school, employment, disability, marriage ----
  std::vector<int> gone;
  for (int m = 0; m < n; ++m) {
    const model::Member& dm = declared.members[m];
    const MemberFact *death = nullptr, *school = nullptr, *employment = nullptr, *disability = nullptr;
    auto latest = [](const MemberFact*& slot, const MemberFact* f) {
      if (!slot || f->day >= slot->day) slot = f;
    };
    for (const auto* f : usable) {
      if (f->member != m) continue;
      switch (f->target.fact) {
        case Fact::kDeath:
          if (!death || f->day < death->day) death = f;
          break;
        case Fact::kSchool: latest(school, f); break;
        case Fact::kEmployment: latest(employment, f); break;
        case Fact::kDisability: latest(disability, f); break;
        case Fact::kMarriage:
          if (month_of(f->day) >= first)
            out.mismatches.push_back({m, "marriage", "婚姻状况变化（家庭成员可能变化，R11.6）", "—",
                                      std::string(f->target.kind == 0 ? "结婚 " : "离婚 ") + date_of(f->day).to_string(),
                                      chinese_name(f->source)});
          break;
        default: break;
      }
    }
    if (death) {
      out.deaths.push_back({m, date_of(death->day), death->source});
      out.mismatches.push_back({m, "death", "死亡", "在册", "死亡 " + date_of(death->day).to_string(),
                                chinese_name(death->source)});
      if (month_of(death->day) < month) gone.push_back(m);
    }
    if (school) {
      auto level = static_cast<model::School>(school->target.kind);
      if (dm.school != level) {
        out.mismatches.push_back({m, "school", "在读学段", dm.school ? model::to_string(*dm.school) : "未在读",
                                  model::to_string(level), chinese_name(school->source)});
        mut().members[m].school = level;
        out.changed = true;
      }
    }
    if (employment) {
      auto e = static_cast<model::Employment>(employment->target.kind);
      if (dm.employment != e) {
        out.mismatches.push_back({m, "employment", "就业状态", dm.employment ? model::to_string(*dm.employment) : "未申报",
                                  model::to_string(e), chinese_name(employment->source)});
        mut().members[m].employment = e;
        out.changed = true;
      }
    }
    if (disability) {
      const int grade = disability->target.kind;
      if (!dm.disability || dm.disability->grade != grade) {
        out.mismatches.push_back({m, "disability", "残疾等级", dm.disability ? std::to_string(dm.disability->grade) + "级" : "无",
                                  std::to_string(grade) + "级", chinese_name(disability->source)});
        model::Disability d = dm.disability.value_or(model::Disability{});
        d.grade = grade;
        mut().members[m].disability = d;
        out.changed = true;
      }
    }
  }
  if (!gone.empty()) {
    out.gone = std::move(gone);
    out.changed = true;
  }
  if (out.changed) out.verified = copy ? std::move(*copy) : declared;
  return out;
}

model::Household for_month(const MatchOutcome& m) {
  model::Household h = m.verified;
  model::remove_members(h, m.gone);
  return h;
}

}  // namespace safetynet::verify
