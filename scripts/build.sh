#!/usr/bin/env bash
# Configures and builds into build/ (Release; tests on; warnings are errors when SN_WERROR=ON is passed).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSN_BUILD_TESTS=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
