#!/usr/bin/env bash
# Verification benchmark (issue 4): "1M members against 14 feeds of 1M rows each: load plus match under
# 30 s on this 2-core machine, memory under 4 GB; show how time grows from 100k to 1M."
#
# For each size N (members): a registry of about N members (`safetynet generate` + `import`, untimed
# setup, reported), 14 department CSV files of about N rows each (bench/verify/gen_feeds, untimed), then
# the 14 `verify load`s and `verify run --month 2019-10`, each under GNU time -v (wall time, CPU, max RSS).
# Writes bench/verify/results.md (table) and bench/verify/results.log (raw), appending the sizes run.
#
# Usage: bench/verify/verify_bench.sh [--members N ...] [--keep] [--threads T]
#   default sizes: 100000 300000 1000000. Needs build-bench/ (configured with -DSN_BUILD_BENCH=ON); builds
#   safetynet and gen_feeds there. WORK (default /work/bench-tmp) holds the big files (≈ 2.5 GB at 1M);
#   they are removed after each size unless --keep.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${BUILD:-$ROOT/build-bench}
BIN=$BUILD/safetynet
GEN=$BUILD/bench/verify/gen_feeds
WORK=${WORK:-/work/bench-tmp}
OUTMD=${OUTMD:-$ROOT/bench/verify/results.md}
LOG=${LOG:-$ROOT/bench/verify/results.log}
SEED=${SEED:-20191001}
MONTH=2019-10
PERSONS_PER_HOUSEHOLD=1.635   # docs/generator.md calibration (seed 42, 1M households)
SOURCES=(hukou education social_security health employment market_regulation tax marriage real_estate vehicle
         housing_fund bank insurance securities)

sizes=()
keep=0
threads=()
while [ $# -gt 0 ]; do
  case $1 in
    --members) shift; while [ $# -gt 0 ] && [[ $1 != --* ]]; do sizes+=("$1"); shift; done ;;
    --keep) keep=1; shift ;;
    --threads) threads=(--threads "$2"); shift 2 ;;
    *) echo "usage: $0 [--members N ...] [--keep] [--threads T]"; exit 2 ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 300000 1000000)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time"; exit 2; }

ninja -C "$BUILD" -j2 safetynet gen_feeds > /dev/null
mkdir -p "$WORK"

log() { echo "$*" | tee -a "$LOG" >&2; }
# timed NAME cmd... : runs under GNU time -v; sets WALL (s), CPU (user+sys s), RSS_MB; keeps the output in
# $WORK/NAME.out and the time report in $WORK/NAME.time, both appended to the raw log.
timed() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2>&1 || rc=$?
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/$name.time")
  CPU=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$WORK/$name.time")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$name.time")
  { echo "---- $name: $*"; head -c 4000 "$WORK/$name.out"; echo "     wall ${WALL}s cpu ${CPU}s maxrss ${RSS_MB}MB exit $rc"; } >> "$LOG"
  if [ $rc -gt 1 ]; then echo "$name failed (exit $rc):"; tail -20 "$WORK/$name.out"; exit 1; fi
}

{ echo; echo "==== verify_bench $(date -Is) sizes ${sizes[*]} seed $SEED; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"; \
  git -C "$ROOT" log -1 --format='commit %h %s' ; echo "(working tree has uncommitted changes in src/verify, src/registry: the feature under test)"; } >> "$LOG"

rows_md=()
for n in "${sizes[@]}"; do
  hh=$(awk -v n="$n" -v p=$PERSONS_PER_HOUSEHOLD 'BEGIN {printf "%d", n / p + 0.5}')
  d=$WORK/n$n
  rm -rf "$d"; mkdir -p "$d/ledger" "$d/feeds" "$d/out"
  db=$d/reg.db
  log "== $n members: $hh households"
  # ---- setup (not timed against the target)
  timed "gen-$n" "$BIN" generate --households "$hh" --seed "$SEED" --month $MONTH --out "$d/ledger"
  t_gen=$WALL
  timed "import-$n" "$BIN" import --db "$db" "$d/ledger"/台账.csv "$d/ledger"/成员表.csv "$d/ledger"/收入表.csv "$d/ledger"/支出表.csv
  t_import=$WALL; rss_import=$RSS_MB
  timed "feeds-$n" "$GEN" --db "$db" --seed "$SEED" --out "$d/feeds"
  t_feeds=$WALL
  cat "$d/feeds/manifest.txt" >> "$LOG"
  feed_mb=$(du -sm "$d/feeds" | cut -f1)
  db0_mb=$(du -sm "$db" | cut -f1)
  log "   setup: generate ${t_gen}s, import ${t_import}s (${rss_import} MB), gen_feeds ${t_feeds}s; feeds ${feed_mb} MB, registry ${db0_mb} MB"
  # ---- timed: 14 loads, then the run
  load_total=0; load_cpu=0; peak=0; rows_total=0
  per_source=""
  # One command loads the fourteen files: they are read in parallel (one per core) and stored in turn.
  files=()
  for s in "${SOURCES[@]}"; do
    files+=("$d/feeds/$s.csv")
    rows=$(($(wc -l < "$d/feeds/$s.csv") - 1))
    rows_total=$((rows_total + rows))
    per_source+="| $n | $s | $rows |"$'\n'
  done
  timed "load-$n" "$BIN" verify load --db "$db" "${files[@]}"
  load_total=$WALL; load_cpu=$CPU; peak=$RSS_MB
  log "   load (14 files): $rows_total rows ${WALL}s (cpu ${CPU}s) ${RSS_MB}MB"
  timed "run-$n" "$BIN" verify run --db "$db" --month $MONTH --out "$d/out" "${threads[@]}"
  t_run=$WALL; run_cpu=$CPU; rss_run=$RSS_MB
  [ "$RSS_MB" -gt "$peak" ] && peak=$RSS_MB
  members=$(grep -o '户 [0-9]* 人' "$WORK/run-$n.out" | grep -o '[0-9]*' | head -1)
  households=$(grep -o '核对 [0-9-]*（第 [0-9]* 次核对）：[0-9]* 户' "$WORK/run-$n.out" | grep -o '[0-9]* 户' | grep -o '[0-9]*')
  db_mb=$(du -sm "$db" | cut -f1)
  total=$(awk -v a="$load_total" -v b="$t_run" 'BEGIN {print a + b}')
  log "   run: ${t_run}s (cpu ${run_cpu}s) ${rss_run}MB; total ${total}s; registry after ${db_mb} MB"
  sed 's/^/   /' "$WORK/run-$n.out" | tee -a "$LOG" >&2
  rows_md+=("$(awk -v n="$members" -v h="$households" -v rows="$rows_total" -v lt="$load_total" -v lc="$load_cpu" \
      -v rt="$t_run" -v rc="$run_cpu" -v pk="$peak" -v rr="$rss_run" 'BEGIN {
      printf "| %d | %d | %.0f | %.1f (cpu %.1f) | %.1f (cpu %.1f) | **%.1f** | %d (run %d) | %.0f | %.0f | %.2f KB |",
        n, h, rows / 14, lt, lc, rt, rc, lt + rt, pk, rr, rows / lt, n / rt, pk * 1024 / n }')")
  {
    echo "### $n members — per source"
    echo
    echo "| members | source | rows |"
    echo "|---:|---|---:|"
    printf "%s" "$per_source"
    echo "| $n | **run --month $MONTH** | $rows_total feed rows | $t_run | $run_cpu | $rss_run | $(awk -v n="$members" -v w="$t_run" 'BEGIN {printf "%.0f members/s", n / w}') |"
    echo
    echo "setup (untimed): generate $hh households ${t_gen}s; import ${t_import}s (max RSS ${rss_import} MB); gen_feeds ${t_feeds}s;"
    echo "feeds $feed_mb MB of CSV; registry ${db0_mb} MB before the loads, ${db_mb} MB after the run."
    echo
  } > "$WORK/detail-$n.md"
  [ $keep = 1 ] || rm -rf "$d/feeds" "$d/ledger"
done

{
  echo "# Verification benchmark (issue 4) — $(date -I), $(nproc) cores (shared), SQLite registry"
  echo
  echo "Target: 1M members against 14 feeds of 1M rows: load + match < 30 s, memory < 4 GB."
  echo "\`bench/verify/verify_bench.sh --members ${sizes[*]}\`; raw output in \`bench/verify/results.log\`; profile and suggestions in \`bench/verify/profile.md\`."
  echo "Load total = one \`verify load\` of the 14 files (read in parallel, stored in turn); run = \`verify run --month $MONTH\`;"
  echo "peak RSS = the larger of the two processes. rows/s = all feed rows / load total; members/s = members / run."
  echo
  echo "| members | households | rows per feed (avg) | load total s | run s | total s | peak RSS MB | rows/s (load) | members/s (run) | peak RSS per member |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf "%s\n" "${rows_md[@]}"
  echo
  for n in "${sizes[@]}"; do cat "$WORK/detail-$n.md"; done
} > "$OUTMD.new"
mv "$OUTMD.new" "$OUTMD"
cat "$OUTMD"
[ $keep = 1 ] || rm -rf "$WORK"/n*
