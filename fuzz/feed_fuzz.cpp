// libFuzzer target: verify::read_feed, a department file through a shipped mapping (docs/verification.md).
// The first byte picks the source (its mapping in feeds/); the rest is the file, read as XLSX when it
// starts like a zip ("PK"), else as CSV. Every fact must be a valid person key with a real date; every
// rejected row must name its row.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_common.hpp"
#include "model/month.hpp"
#include "model/region.hpp"
#include "verify/feed.hpp"
#include "verify/person_key.hpp"

using namespace safetynet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const auto mappings = [] {
    std::vector<verify::Mapping> out;
    for (auto s : verify::all_sources()) {
      auto m = verify::load_mapping(model::default_feeds_dir() + "/" + verify::to_string(s) + ".yaml");
      if (!m) std::abort();  // the shipped mappings must load
      out.push_back(*m);
    }
    return out;
  }();
  const auto& mapping = mappings[data[0] % mappings.size()];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const bool zip = bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K';
  const std::string path = fuzz::write_scratch(zip ? "feed.xlsx" : "feed.csv", bytes);
  Problems rejected;
  long facts = 0;
  auto r = verify::read_feed(path, mapping, model::Date{2019, 10, 15}, [&](const verify::FeedFact& f) {
    ++facts;
    const std::string id = verify::person_id(f.person);
    if (verify::person_key(id) != f.person) std::abort();
    if (!model::is_valid_date(f.day / 10000, f.day / 100 % 100, f.day % 100)) std::abort();
    if (f.amount < 0) std::abort();
  }, rejected);
  if (r.ok()) {
    if (r->loaded != facts || r->rejected != static_cast<long>(rejected.size())) std::abort();
    for (const auto& p : rejected)
      if (p.row <= 0 || p.code.empty()) std::abort();
  } else if (r.problems().empty()) {
    std::abort();
  }
  return 0;
}
