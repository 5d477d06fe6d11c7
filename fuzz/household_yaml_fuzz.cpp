// libFuzzer target: the household record read from YAML (io::parse_household_text; HOUSEHOLD-FORMAT.md).
// Same harness as household_json_fuzz, seeded with YAML records (anchors, block scalars, tags …).
#include "household_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return safetynet::fuzz::household_one_input(data, size);
}
