#!/usr/bin/env bash
# README command 2: install, build with warnings as errors, and run every test (unit, acceptance over
# ../shared/acceptance, end-to-end batch). Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DSN_WERROR=ON
cd build
ctest --output-on-failure -j "$(nproc)"
