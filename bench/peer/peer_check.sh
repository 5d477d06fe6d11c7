#!/usr/bin/env bash
# ctest peer_dibao_sql_agrees (bench/peer/CMakeLists.txt): 2,000 generated households imported into a
# temporary registry, then peer_bench (one run per side) for 2019-10 (the generator's month) and 2020-06
# (new standards, ages and windows): fails if any household the SQL covers disagrees with the engine, so
# dibao.sql stays checked against rules::assess. Then a mutant of dibao.sql — R3.4 truncated instead of
# rounded half away from zero (R2.6) — must be caught (peer_bench exit 1): the check can fail.
# Last, when CASES (shared/acceptance/cases.yaml) exists, the households of the acceptance cases — the
# edge shapes: 29 February, R1.3a, R1.3b, R3.6, unknown facts — imported (the ones the registry refuses
# are left out) and compared for four months under the shipped policy (the cases' own `params` are not
# applied: both sides use the same policy, which is all this comparison needs).
# Usage: peer_check.sh SAFETYNET_BINARY PEER_BENCH_BINARY SQL_FILE [CASES]
set -euo pipefail
SN=$1
PEER=$2
SQL=$3
CASES=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$SN" generate --households 2000 --seed 42 --month 2019-10 --out "$tmp/ledger" > /dev/null
rc=0
"$SN" import --db "$tmp/reg.db" "$tmp/ledger"/台账.csv "$tmp/ledger"/成员表.csv "$tmp/ledger"/收入表.csv \
  "$tmp/ledger"/支出表.csv > "$tmp/import.out" 2>&1 || rc=$?
[ $rc -le 1 ] || { cat "$tmp/import.out"; exit 3; }
for month in 2019-10 2020-06; do
  "$PEER" --db "$tmp/reg.db" --month "$month" --runs 1 --sql "$SQL"
done
# The mutant: the household benefit's rounding term dropped (floor instead of half away from zero).
sed 's|(2 \* (k \* standard \* win - income) + win \* unit) / (2 \* win \* unit) \* unit|(k * standard * win - income) / (win * unit) * unit|' \
  "$SQL" > "$tmp/mutant.sql"
if cmp -s "$SQL" "$tmp/mutant.sql"; then echo "mutant not made: the R3.4 expression in $SQL changed"; exit 1; fi
rc=0
"$PEER" --db "$tmp/reg.db" --month 2019-10 --runs 1 --sql "$tmp/mutant.sql" > "$tmp/mutant.out" || rc=$?
if [ $rc -ne 1 ]; then cat "$tmp/mutant.out"; echo "the mutant dibao.sql (truncated R3.4) was not caught (exit $rc)"; exit 1; fi
echo "mutant caught: $(grep -o 'disagreements: [0-9]*' "$tmp/mutant.out")"

[ -n "$CASES" ] && [ -f "$CASES" ] || { echo "no acceptance cases file: the case households were not compared"; exit 0; }
# Each case's `household:` block, re-indented into one YAML list of households.
awk '/^- name:/ {inh = 0}
     /^  household:/ {inh = 1; first = 1; next}
     inh && /^  [^ ]/ {inh = 0}
     inh {line = substr($0, 5); if (first) {print "- " line; first = 0} else print "  " line}' "$CASES" > "$tmp/households.yaml"
rc=0
"$SN" import --db "$tmp/cases.db" "$tmp/households.yaml" > "$tmp/cases-import.out" 2>&1 || rc=$?
[ $rc -le 1 ] || { cat "$tmp/cases-import.out"; exit 3; }
for month in 2019-01 2019-10 2020-06 2020-12; do
  rc=0
  "$PEER" --db "$tmp/cases.db" --month "$month" --runs 1 --sql "$SQL" > "$tmp/cases.out" || rc=$?
  [ $rc -eq 0 ] || { cat "$tmp/cases.out"; echo "case households: peer_bench exit $rc in $month"; exit $rc; }
  echo "case households $month: $(grep -E '^\| [0-9]' "$tmp/cases.out" | cut -d'|' -f2,3,9); $(grep excluded "$tmp/cases.out")"
done
