#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (a build directory of their own, build-fuzz by
# default, holding only the readers' libraries), replays every input kept in fuzz/regressions/ (none may
# crash), then fuzzes each target for a bounded time over fuzz/corpus/<target> + fuzz/regressions/<target>.
# Exits 1 on any crash, leak, sanitizer report, timeout or out-of-memory; the input that caused it is
# left in <build-dir>/artifacts/<target>/ (fix the reader, then add the input to fuzz/regressions/).
# docs/fuzzing.md.
#
#   scripts/fuzz.sh                        # every target, 20 s each (what CI runs, via ctest fuzz_readers)
#   scripts/fuzz.sh --seconds 600 --target csv --target xlsx
#   scripts/fuzz.sh --replay-only          # just the regressions
#
# Exit codes: 0 clean; 1 a target crashed (or the build failed); 2 bad usage; 77 skipped because clang
# is not installed (ctest reports the test as skipped; scripts/install-deps.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

seconds=20
build_dir="$root/build-fuzz"
jobs=2
replay_only=0
targets=()
all_targets=(csv xlsx household_json household_yaml ledger params feed)

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --seconds N  --build-dir DIR  --target NAME (repeatable: ${all_targets[*]})  --jobs N  --replay-only"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --replay-only) replay_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fuzz.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds needs a whole number" >&2; exit 2 ;; esac
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [ -f "$root/fuzz/${t}_fuzz.cpp" ] || { echo "fuzz.sh: no target $t (${all_targets[*]})" >&2; exit 2; }
done

# clang: Debian 12's clang-14 (scripts/install-deps.sh installs clang and libclang-rt-14-dev, which
# holds libFuzzer). Only a machine without clang at all skips.
cxx="${SN_FUZZ_CXX:-}"
if [ -z "$cxx" ]; then
  for c in clang++ clang++-14 clang++-15 clang++-16; do
    if command -v "$c" >/dev/null 2>&1; then cxx="$(command -v "$c")"; break; fi
  done
fi
if [ -z "$cxx" ]; then
  echo "SKIPPED: clang++ is not installed, so the libFuzzer targets cannot be built (scripts/install-deps.sh installs clang and libclang-rt-14-dev)."
  exit 77
fi
# clang without libFuzzer's runtime is a broken install, not a reason to skip.
probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n' \
  > "$probe_dir/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe_dir/probe.cpp" -o "$probe_dir/probe" 2> "$probe_dir/err"; then
  cat "$probe_dir/err" >&2
  echo "fuzz.sh: $cxx cannot link -fsanitize=fuzzer,address,undefined: install libclang-rt-14-dev (scripts/install-deps.sh)" >&2
  exit 1
fi

start=$(date +%s)
echo "== configuring $build_dir with $cxx"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DSN_FUZZ=ON -DSN_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" > "$build_dir.configure.log" 2>&1 || {
  cat "$build_dir.configure.log" >&2; echo "fuzz.sh: cmake failed" >&2; exit 1; }
rm -f "$build_dir.configure.log"
echo "== building ${targets[*]} (ninja -j$jobs)"
# shellcheck disable=SC2046
if ! ninja -C "$build_dir" -j "$jobs" $(printf '%s_fuzz ' "${targets[@]}") > "$probe_dir/build.log" 2>&1; then
  grep -v '^\[' "$probe_dir/build.log" | tail -40 >&2
  echo "fuzz.sh: the fuzz build failed" >&2
  exit 1
fi
built=$(date +%s)
echo "== built in $((built - start)) s"

# The harnesses write their scratch files under TMPDIR: one folder per run, removed at the end.
scratch="$(mktemp -d)"
trap 'rm -rf "$probe_dir" "$scratch"' EXIT
export TMPDIR="$scratch"
# UBSan stops at the first report, with its stack (the build also says so); ASan's defaults otherwise,
# leaks included.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=()
summary=()
for t in "${targets[@]}"; do
  bin="$build_dir/fuzz/${t}_fuzz"
  artifacts="$build_dir/artifacts/$t"
  work="$build_dir/corpus/$t"   # what the runs discover; kept between local runs, not committed
  mkdir -p "$artifacts" "$work" "$root/fuzz/regressions/$t"
  log="$build_dir/logs/$t.log"
  mkdir -p "$(dirname "$log")"

  mapfile -t regressions < <(find "$root/fuzz/regressions/$t" -type f ! -name '*.md' ! -name '.gitkeep' | sort)
  if [ ${#regressions[@]} -gt 0 ]; then
    if ! "$bin" -timeout=20 -rss_limit_mb=2048 "${regressions[@]}" > "$log.replay" 2>&1; then
      echo "FAIL $t: a regression input crashes again (log: $log.replay)"
      grep -E 'ERROR|SUMMARY|Running:' "$log.replay" | tail -5
      failed+=("$t")
      continue
    fi
    echo "ok   $t: ${#regressions[@]} regression inputs replayed"
  fi
  [ "$replay_only" -eq 1 ] && continue

  # -timeout: one input taking longer is a hang; -rss_limit_mb: a small input must not need 2 GB.
  if "$bin" "$work" "$root/fuzz/corpus/$t" "$root/fuzz/regressions/$t" \
       -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$artifacts/" -print_final_stats=1 > "$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    summary+=("$t: ${execs:-?} runs in ${seconds} s (${speed:-?}/s), $cov")
    echo "ok   $t: ${execs:-?} runs, ${speed:-?} exec/s, $cov"
  else
    echo "FAIL $t (log: $log):"
    grep -E '==ERROR|ERROR: libFuzzer|SUMMARY|Test unit written|runtime error' "$log" | head -8
    failed+=("$t")
  fi
done

echo "== done in $(( $(date +%s) - start )) s (build $((built - start)) s)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: crashes in: ${failed[*]}. Reproduce with $build_dir/fuzz/<target>_fuzz <input>; once fixed," \
       "keep the input in fuzz/regressions/<target>/ (docs/fuzzing.md)." >&2
  exit 1
fi
