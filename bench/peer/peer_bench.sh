#!/usr/bin/env bash
# Peer comparison benchmark (issue 5 part 5, bench/peer/README.md): for each size N (households), a
# registry of N generated households (`safetynet generate` + `safetynet import`, untimed setup, reported),
# then peer_bench on it: the dibao rule as one SQLite query against rules::assess, same file, same run.
# Writes bench/peer/results.md (each size's peer_bench output under the setup times).
#
# Usage: bench/peer/peer_bench.sh [--households N ...] [--month YYYY-MM] [--runs R] [--keep]
#   default sizes: 100000 1000000. BUILD (default build-peer/, configured with -DSN_BUILD_BENCH=ON) is
#   where safetynet and peer_bench are built; WORK (default /work/bench-tmp/peer) holds the registries
#   (about 0.5 GB at 1M once the peer_* tables are in), removed after each size unless --keep.
# Exit: 0 every size agrees, 1 some covered household disagrees, 2 bad arguments, 3 environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build-peer}
WORK=${WORK:-/work/bench-tmp/peer}
OUTMD=${OUTMD:-$ROOT/bench/peer/results.md}
SEED=${SEED:-20191001}
MONTH=2019-10
RUNS=3

sizes=()
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --households) shift; while [ $# -gt 0 ] && [[ $1 != --* ]]; do sizes+=("$1"); shift; done ;;
    --month) MONTH=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--households N ...] [--month YYYY-MM] [--runs R] [--keep]" >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)

ninja -C "$BUILD" -j2 safetynet peer_bench > /dev/null || exit 3
mkdir -p "$WORK"
status=0
sections=()
for n in "${sizes[@]}"; do
  d=$WORK/n$n
  rm -rf "$d"; mkdir -p "$d/ledger"
  echo "== $n households" >&2
  # ---- setup: generate + import (not part of either side)
  t0=$(date +%s.%N)
  "$BUILD/safetynet" generate --households "$n" --seed "$SEED" --month "$MONTH" --out "$d/ledger" > "$d/generate.out" 2>&1 \
    || { echo "generate failed:"; tail -20 "$d/generate.out"; exit 3; } >&2
  t1=$(date +%s.%N)
  rc=0
  "$BUILD/safetynet" import --db "$d/reg.db" "$d/ledger"/台账.csv "$d/ledger"/成员表.csv "$d/ledger"/收入表.csv \
    "$d/ledger"/支出表.csv > "$d/import.out" 2>&1 || rc=$?
  [ $rc -le 1 ] || { echo "import failed (exit $rc):"; tail -20 "$d/import.out"; exit 3; } >&2
  t2=$(date +%s.%N)
  # ---- the comparison
  rc=0
  "$BUILD/bench/peer/peer_bench" --db "$d/reg.db" --month "$MONTH" --runs "$RUNS" > "$d/peer.out" 2> "$d/peer.err" || rc=$?
  cat "$d/peer.out" "$d/peer.err" >&2
  [ $rc -le 1 ] || exit $rc
  [ $rc -eq 0 ] || status=1
  sections+=("$(awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" -v s="$SEED" 'BEGIN {
      printf "setup: `safetynet generate --households %d --seed %s` %.1f s, `safetynet import` %.1f s\n\n", n, s, b - a, c - b }')
$(sed 's/^## peer_bench .*, month/### month/' "$d/peer.out" | sed "s|^### month|### $n households, month|")")
  [ $keep = 1 ] || rm -rf "$d"
done

{
  echo "# Peer comparison — dibao rule as one SQL query vs the engine ($(date -I), $(nproc) cores, shared)"
  echo
  echo "\`bench/peer/peer_bench.sh --households ${sizes[*]}\`; query \`bench/peer/dibao.sql\`; what it models: \`bench/peer/README.md\`."
  echo "SQL s = dibao.sql stepped to its last row (SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1), one thread); engine s = the same"
  echo "households read from the same file, decoded and assessed by rules::assess (one thread); best of $RUNS."
  echo "ratio > 1: the SQL is slower. Load while measuring: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  for s in "${sections[@]}"; do echo "$s"; echo; done
} > "$OUTMD.new"
mv "$OUTMD.new" "$OUTMD"
cat "$OUTMD"
exit $status
