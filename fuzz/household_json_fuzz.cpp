// libFuzzer target: the household record read from JSON (io::parse_household_text; HOUSEHOLD-FORMAT.md).
// An accepted record must survive household_to_json → parse → household_to_json unchanged.
#include "household_fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return safetynet::fuzz::household_one_input(data, size);
}
