// libFuzzer target: io::read_csv (UTF-8 / GB18030 detection, RFC 4180 quoting). The input is one CSV file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz_common.hpp"
#include "io/csv.hpp"

using namespace safetynet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string path = fuzz::write_scratch("input.csv", bytes);
  for (io::Encoding enc : {io::Encoding::kAuto, io::Encoding::kUtf8, io::Encoding::kGb18030}) {
    long seen = 0;
    long last_row = 0;
    auto r = io::read_csv(
        path,
        [&](long row, const io::Row& cells) {
          // Rows come in order, numbered from 1, and every cell is text we can touch.
          if (row != last_row + 1) std::abort();
          last_row = row;
          std::size_t total = 0;
          for (const auto& c : cells) total += c.size();
          (void)total;
          ++seen;
          return true;
        },
        enc);
    if (r.ok() && r->rows != seen) std::abort();
    if (!r.ok() && r.problems().empty()) std::abort();
  }
  return 0;
}
