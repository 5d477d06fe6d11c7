#pragma once
// Helpers shared by the libFuzzer targets (docs/fuzzing.md): a per-process scratch folder for readers
// whose API takes a path, and the region catalog loaded once.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/region.hpp"

namespace safetynet::fuzz {

// A folder of this process's own under $TMPDIR (libFuzzer's -fork/-jobs run several processes).
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string d = std::string(tmp && *tmp ? tmp : "/tmp") + "/sn-fuzz-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Writes `data` to `scratch_dir()/name` and returns the path; aborts if the disk refuses (that is the
// harness failing, not the reader).
inline std::string write_scratch(const std::string& name, std::string_view data) {
  std::string path = scratch_dir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f) != data.size()) std::abort();
  if (std::fclose(f) != 0) std::abort();
  return path;
}

// Splits `data` at every form feed (\f): several files in one fuzz input.
inline std::vector<std::string_view> split_parts(std::string_view data, char sep = '\f') {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = data.find(sep, start);
    if (at == std::string_view::npos) {
      parts.push_back(data.substr(start));
      return parts;
    }
    parts.push_back(data.substr(start, at - start));
    start = at + 1;
  }
}

inline const model::RegionCatalog& regions() {
  static const model::RegionCatalog cat = [] {
    auto r = model::RegionCatalog::load(model::default_region_dir());
    if (!r.ok()) std::abort();
    return std::move(r).value();
  }();
  return cat;
}

}  // namespace safetynet::fuzz
