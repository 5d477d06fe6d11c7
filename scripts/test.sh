#!/usr/bin/env bash
# README command 2: install, build with warnings as errors, and run every test (unit, acceptance over
# ../shared/acceptance, end-to-end batch). Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Benchmarks are built too: they must keep compiling, and bench/peer carries a test (the SQL dibao rule
# agreeing with the engine, peer_dibao_sql_agrees).
scripts/build.sh -DSN_WERROR=ON -DSN_BUILD_BENCH=ON
# The registry contract suite runs against a real PostgreSQL server too: a throwaway cluster, stopped
# on exit. A server given in SAFETYNET_TEST_PG, or one already running (another test run's), is used
# as it is and left running.
if [ -z "${SAFETYNET_TEST_PG:-}" ]; then
  if ! SAFETYNET_TEST_PG=$(scripts/pg-test-server.sh url 2>/dev/null); then
    SAFETYNET_TEST_PG=$(scripts/pg-test-server.sh start)
    root=$(pwd)
    trap '"$root/scripts/pg-test-server.sh" stop' EXIT
  fi
  export SAFETYNET_TEST_PG
fi
cd build
ctest --output-on-failure -j "$(nproc)"
