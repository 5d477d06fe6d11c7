// libFuzzer target: the parameter loader (params::load_policy, apply_overrides, apply_reform_file).
//
// The input is one parameter YAML file. It is loaded three ways: as the only parameter file of a
// scratch policy tree (beside a fixed index.yaml; the missing required parameters are expected
// problems), as a reform file on top of the shipped policy (its `parameters:`), and the whole
// document as case overrides (acceptance `params`, not strict).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "fuzz_common.hpp"
#include "model/region.hpp"
#include "params/loader.hpp"

using namespace safetynet;

namespace {

const params::ParameterSet& shipped() {
  static const params::ParameterSet set = [] {
    auto r = params::load_policy(model::default_policy_dir());
    if (!r.ok()) std::abort();
    return std::move(r).value();
  }();
  return set;
}

const std::string& tree() {
  static const std::string dir = [] {
    std::string d = fuzz::scratch_dir() + "/policy";
    std::filesystem::create_directories(d + "/p");
    fuzz::write_scratch("policy/index.yaml", "covers: {from: 2018-01, to: 2020-12}\n");
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string& dir = tree();
  // A file named after a county code is that county's override; the name changes nothing else.
  const std::string path = fuzz::write_scratch("policy/p/450102.yaml", bytes);
  auto loaded = params::load_policy(dir);
  if (!loaded.ok() && loaded.problems().empty()) std::abort();

  auto reform = params::apply_reform_file(shipped(), path);
  if (!reform.ok() && reform.problems().empty()) std::abort();

  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(bytes));
  } catch (const YAML::Exception&) {
    return 0;  // load_policy and apply_reform_file above reported it as a problem
  }
  params::ParameterSet set = shipped();
  std::vector<std::string> unknown;
  Problems ps = params::apply_overrides(set, doc, "fuzz", /*strict=*/false, &unknown);
  if (ps.empty()) {
    // Whatever was accepted answers a lookup without falling over.
    for (const std::string& name : set.names()) {
      (void)set.value(name, "450102", model::Month::of(2019, 10));
    }
  }
  return 0;
}
