// sn_seed_cases: puts open cases in a given workflow state straight into a registry, for the load
// benchmark (bench/server_bench.sh) and the crash test (tests/casework/sigkill_test.sh), which need
// thousands of cases waiting for approval without driving each one through the pages.
//   sn_seed_cases --db DB --month YYYY-MM --region PREFIX --state county_approval --count N
// Households inside PREFIX with no open case are taken in id order; each is assessed for the month
// (rules engine) and skipped when nothing is due, so approval is possible. Prints the case ids made.
#include <cstdio>
#include <cstring>
#include <string>

#include "model/instant.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"
#include "registry/casework.hpp"
#include "rules/assess.hpp"

using namespace safetynet;

int main(int argc, char** argv) {
  std::string db, month_text, region, state = "county_approval";
  long count = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") db = v;
    else if (k == "--month") month_text = v;
    else if (k == "--region") region = v;
    else if (k == "--state") state = v;
    else if (k == "--count") count = std::stol(v);
  }
  auto month = model::parse_month(month_text);
  auto policy = params::load_policy(model::default_policy_dir());
  if (db.empty() || !month || !policy) {
    std::fprintf(stderr, "usage: sn_seed_cases --db DB --month YYYY-MM --region PREFIX [--state S] [--count N]\n");
    return 2;
  }
  auto reg = registry::Registry::open(db, false);
  std::vector<registry::CaseRecord> cases;
  reg->scan_households(
      [&](model::Household& h) {
        if (h.region.rfind(region, 0) != 0) return true;
        const auto a = rules::assess(h, *month, *policy);
        std::string cat;
        if (a.category == rules::Category::kDibao || a.category == rules::Category::kLowIncome)
          cat = rules::category_name(a.category);
        else if (!a.persons.empty())
          cat = rules::person_category_name(a.persons.front().second);
        if (cat.empty() || a.refusal) return true;
        registry::CaseRecord c;
        c.household_id = h.id;
        c.state = state;
        c.region = h.region;
        c.opened_on = model::first_day(*month).to_string();
        c.assessed_category = cat;
        c.assessed_month = *month;
        c.monthly_cash = a.monthly_cash();
        cases.push_back(std::move(c));
        return static_cast<long>(cases.size()) < count;
      },
      *month);
  auto& cw = reg->casework();
  const std::string now = model::iso_utc_now();
  for (std::size_t start = 0; start < cases.size(); start += 1000) {
    cw.in_transaction([&] {
      for (std::size_t i = start; i < std::min(cases.size(), start + 1000); ++i) {
        if (cw.open_case_of(cases[i].household_id)) continue;
        registry::CaseStep st{now, cases[i].opened_on, "seed", "community", "apply", "", state, "批量造数（测试/基准）"};
        cases[i].notice_start = cases[i].opened_on;
        const auto id = cw.insert_case(cases[i], st);
        std::printf("%lld\n", static_cast<long long>(id));
      }
    });
  }
  return 0;
}
