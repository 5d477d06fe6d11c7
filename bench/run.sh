#!/usr/bin/env bash
# Builds the benchmarks and runs them all: the rules alone (Google Benchmark: one core and all cores,
# 100k and 1M generated households, checksummed) and the batch end to end (bench/e2e.sh).
# Figures go to stdout; README "Performance" keeps the latest measured on the project's machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
command -v bc >/dev/null && [ -x /usr/bin/time ] || { apt-get install -y -qq bc time >/dev/null; }
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSN_BUILD_BENCH=ON >/dev/null
cmake --build build -j "$(nproc)" --target safetynet assess_bench
echo "## Rules alone"
build/bench/assess_bench --benchmark_counters_tabular=true
echo
echo "## End to end"
bench/e2e.sh "$@"
