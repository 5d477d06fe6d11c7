// libFuzzer target: the ledger importer (io::import_ledger_files, docs/ledger-format.md) over CSV
// sheets. The input is one or more CSV files separated by form feeds (\f): ledger 台账, member 成员表,
// income 收入表, expenditure 支出表 or the flat member list, in any order, imported together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "io/household_record.hpp"
#include "io/ledger.hpp"

using namespace safetynet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts = fuzz::split_parts(bytes);
  if (parts.size() > 8) return 0;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    paths.push_back(fuzz::write_scratch("sheet" + std::to_string(i) + ".csv", parts[i]));
  }
  auto r = io::import_ledger_files(paths, fuzz::regions());
  if (!r.ok()) {
    if (r.problems().empty()) std::abort();
    return 0;
  }
  // Every accepted household is valid, and accepted and rejected ids never overlap.
  std::set<std::string> rejected(r->rejected_households.begin(), r->rejected_households.end());
  for (const model::Household& h : r->households) {
    if (rejected.count(h.id) != 0) std::abort();
    if (!io::validate_household(h, fuzz::regions()).empty()) std::abort();
    (void)io::household_to_json(h);
  }
  for (const Problem& p : r->rejected) (void)p.to_string();
  for (const Problem& p : r->warnings) (void)p.to_string();
  return 0;
}
