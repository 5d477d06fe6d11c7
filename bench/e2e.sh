#!/usr/bin/env bash
# End-to-end batch benchmark (a timed command with a report): for each size N, generate a registry
# with the seeded generator (ledger CSV files), then time `import`, `assess` and `payroll` on a fresh
# SQLite registry and read each step's peak memory (GNU time). Prints a Markdown table:
# households/s per step and end to end, and peak resident memory per household.
# Usage: bench/e2e.sh [N ...]   (default: 100000 1000000). Needs build/safetynet.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/safetynet}
WORK=${WORK:-$(mktemp -d /tmp/sn-bench.XXXXXX)}
MONTH=2019-10
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 2; }

measure() {  # measure NAME cmd... -> sets SECS and RSS_KB
  local log="$WORK/$1.time"
  /usr/bin/time -f "%e %M" -o "$log" "${@:2}" > "$WORK/$1.out" 2>&1 || { cat "$WORK/$1.out"; exit 1; }
  read -r SECS RSS_KB < "$log"
}

echo "| households | step | seconds | households/s | peak RSS MB | RSS bytes/household |"
echo "|---:|---|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  d="$WORK/gen-$n"
  measure "gen-$n" "$BIN" generate --households "$n" --seed 20191001 --month $MONTH --out "$d"
  printf "| %d | generate (ledger CSV) | %.2f | %.0f | %.0f | %.0f |\n" "$n" "$SECS" "$(echo "$n / $SECS" | bc -l)" \
    "$(echo "$RSS_KB / 1024" | bc -l)" "$(echo "$RSS_KB * 1024 / $n" | bc -l)"
  db="$WORK/reg-$n.db"
  rm -f "$db" "$db-wal" "$db-shm"
  total=0
  for step in import assess payroll; do
    case $step in
      import) measure "$step-$n" "$BIN" import --db "$db" "$d"/台账.csv "$d"/成员表.csv "$d"/收入表.csv "$d"/支出表.csv ;;
      assess) measure "$step-$n" "$BIN" assess --db "$db" --month $MONTH ;;
      payroll) measure "$step-$n" "$BIN" payroll --db "$db" --month $MONTH --out "$WORK/out-$n" ;;
    esac
    total=$(echo "$total + $SECS" | bc -l)
    printf "| %d | %s | %.2f | %.0f | %.0f | %.0f |\n" "$n" "$step" "$SECS" "$(echo "$n / $SECS" | bc -l)" \
      "$(echo "$RSS_KB / 1024" | bc -l)" "$(echo "$RSS_KB * 1024 / $n" | bc -l)"
  done
  printf "| %d | **import → assess → payroll** | %.2f | %.0f | | |\n" "$n" "$total" "$(echo "$n / $total" | bc -l)"
  grep -h "花名册\|评估" "$WORK"/assess-$n.out "$WORK"/payroll-$n.out | sed 's/^/    /' >&2
  rm -rf "$d" "$db" "$db-wal" "$db-shm" "$WORK/out-$n"
done
rm -rf "$WORK"
