#pragma once
// The `safetynet` subcommands. Each `add_*` registers one subcommand on the CLI11 app, in its own file
// (`check_cmd.cpp`, `import_cmd.cpp`, …); main.cpp wires them. Exit codes: 0 success, 1 a check or
// run found failures, 2 bad input (usage, unreadable files, refused records).
#include <CLI/CLI.hpp>

namespace safetynet::cli {

void add_check(CLI::App& app);

}  // namespace safetynet::cli
