#!/usr/bin/env bash
# Simulation benchmark (issue 5): the whole population assessed under the shipped policy and under the
# reform "every city's standard +10%" (policy/reforms/standard_plus_10.yaml), from a population file.
# For each size: `safetynet generate --format snpop` (setup, untimed), then `safetynet simulate` in one
# process and under `mpirun -n 2` (two ranks on this machine, each with one thread), timed with
# /usr/bin/time (wall, CPU, peak RSS). The monthly totals printed must be equal across the runs (exact
# reduction). Results: a markdown table on stdout and appended to bench/sim/results.log.
#   usage: bench/sim/sim_bench.sh [--households N ...] [--bin build/safetynet] [--dir /tmp/sn-sim-bench]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$ROOT/build/safetynet"
DIR="${TMPDIR:-/tmp}/sn-sim-bench"
SIZES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --households) shift; while [ $# -gt 0 ] && [[ "$1" != --* ]]; do SIZES+=("$1"); shift; done ;;
    --bin) BIN="$2"; shift 2 ;;
    --dir) DIR="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000)
REFORM="$ROOT/policy/reforms/standard_plus_10.yaml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mkdir -p "$DIR"
LOG="$ROOT/bench/sim/results.log"
echo "# $(date -u +%F\ %T) $(nproc) cores, $(uname -r)" >>"$LOG"

# timed NAME CMD...: runs CMD under /usr/bin/time; sets WALL, CPU, RSS_KB and keeps stdout in $DIR/NAME.out.
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$DIR/$name.time" "$@" >"$DIR/$name.out" 2>"$DIR/$name.err"
  read -r WALL USER SYS RSS_KB <"$DIR/$name.time"
  CPU=$(awk -v u="$USER" -v s="$SYS" 'BEGIN{printf "%.1f", u+s}')
}
total_line() { grep '^每月支出' "$DIR/$1.out"; }

echo "| households | run | wall s | CPU s | households/s | peak RSS MB | RSS per household | population file |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
for N in "${SIZES[@]}"; do
  POP="$DIR/pop-$N.snpop"
  if [ ! -s "$POP" ]; then
    /usr/bin/time -f "%e s, %M KB" -o "$DIR/gen-$N.time" "$BIN" generate --households "$N" --format snpop --out "$POP" >"$DIR/gen-$N.out"
    echo "setup: generate $N → $(cat "$DIR/gen-$N.time")" >>"$LOG"
  fi
  SIZE_MB=$(( $(stat -c %s "$POP") / 1000000 ))
  for run in one mpi2; do
    if [ $run = one ]; then
      timed "$run-$N" "$BIN" simulate --population "$POP" --month 2019-10 --reform "$REFORM" --out "$DIR/out-$run"
    else
      timed "$run-$N" mpirun -n 2 "$BIN" simulate --population "$POP" --month 2019-10 --reform "$REFORM" --out "$DIR/out-$run"
    fi
    # The engine's own figure (the run without start-up and the report files) is printed as 用时.
    RATE=$(awk -v n="$N" -v w="$WALL" 'BEGIN{printf "%d", n/w}')
    PER=$(awk -v r="$RSS_KB" -v n="$N" 'BEGIN{printf "%.0f B", r*1024/n}')
    LABEL=$([ $run = one ] && echo "1 process, 2 threads" || echo "mpirun -n 2 (1 thread each; RSS of one rank)")
    LINE="| $N | $LABEL | $WALL | $CPU | $RATE | $((RSS_KB / 1024)) | $PER | $SIZE_MB MB |"
    echo "$LINE"; echo "$LINE" >>"$LOG"
    grep '用时' "$DIR/$run-$N.out" >>"$LOG" || true
  done
  if [ "$(total_line "one-$N")" != "$(total_line "mpi2-$N")" ]; then
    echo "MISMATCH between one process and mpirun -n 2 at $N households" | tee -a "$LOG"; exit 1
  fi
  echo "$N: $(total_line "one-$N")" >>"$LOG"
done
