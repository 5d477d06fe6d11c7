#pragma once
// The `safetynet` subcommands. Each `add_*` registers one subcommand on the CLI11 app, in its own file
// (`check_cmd.cpp`, `import_cmd.cpp`, …); main.cpp wires them. Exit codes (cli/common.hpp): 0 success,
// 1 the run finished with failures (a failed case, rejected rows — the rest committed), 2 bad input
// (usage, unreadable files, refused records), 3 an environment failure (disk, database).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "model/region.hpp"
#include "registry/registry.hpp"

namespace safetynet::cli {

void add_check(CLI::App& app);
void add_import(CLI::App& app);
void add_assess(CLI::App& app);
void add_payroll(CLI::App& app);
void add_report(CLI::App& app);
void add_explain(CLI::App& app);
void add_demo(CLI::App& app);
void add_generate(CLI::App& app);
void add_serve(CLI::App& app);
void add_user(CLI::App& app);
void add_audit(CLI::App& app);
void add_verify(CLI::App& app);
void add_supervise(CLI::App& app);
void add_simulate(CLI::App& app);

// The import shared by `import` and `demo`: JSON/YAML records and flat ledger files in one
// transaction; rejected households reported, the rest committed (or nothing, with `atomic`, when a
// file cannot be read).
struct ImportSummary {
  registry::ImportOutcome outcome;
  Problems file_errors;  // files that could not be read at all
  Problems warnings;     // corrected or ignored while reading (e.g. lower-case x normalised)
  bool committed = false;
};
ImportSummary import_files(registry::Registry& reg, const model::RegionCatalog& regions,
                           const std::vector<std::string>& paths, bool atomic, std::FILE* progress);

}  // namespace safetynet::cli
