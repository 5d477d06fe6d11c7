#!/usr/bin/env bash
# Configures and builds into build/ (Release; tests on; warnings are errors when SN_WERROR=ON is passed).
set -euo pipefail
cd "$(dirname "$0")/.."
# The 统计报表 page draws with ECharts, served from web/node_modules (docs/reports.md).
if [ ! -d web/node_modules/echarts ] && command -v npm > /dev/null; then (cd web && npm ci --no-audit --no-fund); fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSN_BUILD_TESTS=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
