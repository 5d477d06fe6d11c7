#pragma once
// The household-record harness shared by household_json_fuzz and household_yaml_fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_common.hpp"
#include "io/household_record.hpp"

namespace safetynet::fuzz {

inline int household_one_input(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto r = io::parse_household_text(text, regions());
  if (!r.ok()) {
    if (r.problems().empty()) std::abort();
    for (const auto& p : r.problems()) (void)p.to_string();
    return 0;
  }
  // What we accept we can write, and what we write we read back as the same record.
  const std::string once = io::household_to_json(*r);
  auto again = io::parse_household_text(once, regions());
  if (!again.ok()) {
    std::fprintf(stderr, "accepted record does not read back:\n%s\n", once.c_str());
    for (const auto& p : again.problems()) std::fprintf(stderr, "  %s\n", p.to_string().c_str());
    std::abort();
  }
  const std::string twice = io::household_to_json(*again);
  if (once != twice) {
    std::fprintf(stderr, "round trip changed the record:\n%s\n%s\n", once.c_str(), twice.c_str());
    std::abort();
  }
  return 0;
}

}  // namespace safetynet::fuzz
