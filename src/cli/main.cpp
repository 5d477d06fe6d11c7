// `safetynet`: the command-line entry. Environment failures (disk, database) surface here as exceptions
// and become a message and exit status 3 (STYLE.md: exceptions are caught only at the edges).
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"safetynet 兜底保障 — 广西城镇困难群众脱困解困：认定、测算、发放、报表"};
  app.require_subcommand(1);
  safetynet::cli::add_demo(app);
  safetynet::cli::add_import(app);
  safetynet::cli::add_assess(app);
  safetynet::cli::add_payroll(app);
  safetynet::cli::add_report(app);
  safetynet::cli::add_explain(app);
  safetynet::cli::add_check(app);
  safetynet::cli::add_generate(app);
  safetynet::cli::add_serve(app);
  safetynet::cli::add_user(app);
  safetynet::cli::add_audit(app);
  safetynet::cli::add_verify(app);
  safetynet::cli::add_supervise(app);
  safetynet::cli::add_simulate(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is success; every usage error is bad input (exit 2, cli/common.hpp), not CLI11's own codes.
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "safetynet: %s\n", e.what());
    return 3;
  }
  return 0;
}
