#pragma once
// Loads the policy parameter tree (`policy/` at the repo root; format in docs/parameters.md) into a
// ParameterSet, and applies overrides given as YAML (acceptance-case `params`, reform files).
//
// The loader refuses, at load time and naming the file and date: an impossible date (`bad_date`), a
// duplicate or unordered date (`bad_date`), an unknown parameter or wrong unit (`bad_value`), a value
// that breaks its rule (a medical-assistance ratio below 0.70, R4.2; a gradual exit outside 6–12
// months, R3.6; money finer than a fen) and a required parameter with no value in force for some month
// of the covered range (`no_parameter`). Nothing is half-loaded: any problem fails the whole load.
#include <string>

#include "base/result.hpp"
#include "params/parameter_set.hpp"

namespace YAML {
class Node;
}

namespace safetynet::params {

// Reads `<dir>/index.yaml` (covered months) and every other `*.yaml` under `dir` except `reforms/`.
Result<ParameterSet> load_policy(const std::string& dir);

// Replaces the series of every parameter named in `node` (nested maps or dotted keys; a scalar holds
// for all dates; a map keyed by dates is a dated series; a map keyed by category gives one parameter per
// category, `housing.rent_subsidy.dibao`; a list of vehicle kinds for `asset.vehicle_allowed`). Same
// date checks as the loader. A name no rule knows is refused when `strict` (reform files: a typo must
// not pass silently); otherwise it is kept, unused, and reported in `*unknown` (acceptance cases may
// carry parameters this engine does not use).
Problems apply_overrides(ParameterSet& set, const YAML::Node& node, const std::string& origin, bool strict = true,
                         std::vector<std::string>* unknown = nullptr);

// Loads a reform file (YAML: `parameters:` in the same shape as case params, plus optional
// `description`) on top of `base`.
Result<ParameterSet> apply_reform_file(const ParameterSet& base, const std::string& path);

}  // namespace safetynet::params
