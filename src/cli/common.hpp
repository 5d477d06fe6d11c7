#pragma once
// What every subcommand needs: the policy parameters and region lists (loaded once, refusing bad
// files with their problems printed), a registry, a month parsed from `YYYY-MM`, and progress output
// only when stderr is a terminal. Failures print Chinese messages naming the file or field and
// return the CLI exit code (2 = bad input).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "model/month.hpp"
#include "model/region.hpp"
#include "params/parameter_set.hpp"
#include "registry/registry.hpp"

namespace safetynet::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailures = 1;  // the run finished but some cases/rows failed
inline constexpr int kExitBadInput = 2;

// Prints every problem, one line each, to stderr.
void print_problems(const Problems& ps, std::FILE* to = stderr);

std::optional<params::ParameterSet> load_policy_or_report();
std::optional<model::RegionCatalog> load_regions_or_report();
std::optional<model::Month> parse_month_or_report(const std::string& text);

// stderr when it is a terminal (long runs show progress there), else nullptr.
std::FILE* progress_stream();

}  // namespace safetynet::cli
