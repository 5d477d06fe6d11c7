#!/bin/sh
# End-to-end test of `safetynet simulate` (docs/simulation.md, issue 5): the reform "every city's standard
# +10%" (policy/reforms/standard_plus_10.yaml) over a population file, the generator and a registry;
# `mpirun -n 2` gives the same figures as one process (exact, in fen); bad input is refused naming it.
#
# Usage: simulate_cli_test.sh PATH/TO/safetynet WORKDIR   (from the repository root).
set -u
SN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
. "$(dirname "$0")/common.sh"
REFORM=policy/reforms/standard_plus_10.yaml
# Open MPI refuses to start as root unless told (CI containers run as root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

# The figures, without the timing line and the paths written (which differ between runs).
figures() { grep -v -e '用时' -e '^  /' "$WORK/$1.out"; }

# 1. A population file of 20,000 generated households, simulated in one process.
run 0 gen generate --households 20000 --seed 7 --month 2019-10 --format snpop --out "$WORK/pop.snpop"
expect gen "生成 20000 户"
run 0 one simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$REFORM" --out "$WORK/one"
expect one "各设区市城市低保标准提高10%"
expect one "南宁市"
expect one "受益"
[ -s "$WORK/one/simulation-2019-10.xlsx" ] || fail "one: no workbook"
grep -q "<svg" "$WORK/one/simulation-2019-10.html" || fail "one: no chart in the page"

# 2. The same over two MPI ranks (each takes whole 设区市): the same figures to the fen.
if command -v mpirun >/dev/null; then
  mpirun -n 2 "$SN" simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$REFORM" \
    --out "$WORK/two" >"$WORK/two.out" 2>"$WORK/two.err" || fail "mpirun -n 2: exit $?"
  expect two "2 个进程"
  grep -q "rank 1/2" "$WORK/two.err" || fail "mpirun -n 2: rank 1 did not report"
  figures one >"$WORK/one.fig"
  figures two >"$WORK/two.fig"
  diff "$WORK/one.fig" "$WORK/two.fig" >"$WORK/mpi.diff" || { fail "mpirun -n 2 differs from one process"; cat "$WORK/mpi.diff"; }
  # The generator under two ranks (each generates the sequence and keeps its cities): the same again.
  mpirun -n 2 "$SN" simulate --generate 20000 --seed 7 --month 2019-10 --reform "$REFORM" \
    --out "$WORK/gen2" >"$WORK/gen2.out" 2>"$WORK/gen2.err" || fail "mpirun --generate: exit $?"
  figures gen2 | grep -v '^人口\|^模拟' >"$WORK/gen2.fig"
  figures one | grep -v '^人口\|^模拟' >"$WORK/one2.fig"
  diff "$WORK/one2.fig" "$WORK/gen2.fig" >/dev/null || fail "mpirun --generate differs from the population file"
  # One rank meets a bad chunk (its index entry names another 设区市): every rank stops with exit 2 — none
  # waits for ever in the reduction.
  python3 - "$WORK/pop.snpop" "$WORK/wrongcity.snpop" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
index = int.from_bytes(b[40:48], 'little')
city = int.from_bytes(b[index + 20:index + 24], 'little')
b[index + 20:index + 24] = ((city + 5) % 14).to_bytes(4, 'little')
open(sys.argv[2], 'wb').write(b)
PY
  timeout 120 mpirun -n 2 "$SN" simulate --population "$WORK/wrongcity.snpop" --month 2019-10 --reform "$REFORM" \
    --out "$WORK/x" >"$WORK/wrongcity.out" 2>&1
  rc=$?
  [ $rc -ne 124 ] || fail "mpirun with a bad chunk hung"
  [ $rc -ne 0 ] || fail "mpirun with a bad chunk exited 0"
  expect wrongcity "不属于该块的设区市"
else
  fail "mpirun not found (scripts/install-deps.sh installs openmpi-bin)"
fi

# 3. A registry: the SPEC R3.4 household (3 persons, a wage of 1000 a month): 3 × 650 − 1000 = 950.00 under
#    the baseline, 3 × 715 − 1000 = 1145.00 under the reform (+195.00, +20.5%).
A=450102197405010236 B=450102197603020240 C=45010220100101001X
{
  echo 'id: H1'
  echo 'region: "450102"'
  echo 'members:'
  echo "  - {id: \"$A\", name: 甲, relation: head, employment: unemployed, legal_supporters: able}"
  echo "  - {id: \"$B\", name: 乙, relation: spouse, employment: employed, legal_supporters: able}"
  echo "  - {id: \"$C\", name: 丙, relation: child, employment: student, school: primary, legal_supporters: able}"
  echo 'income:'
  for m in 2018-10 2018-11 2018-12 2019-01 2019-02 2019-03 2019-04 2019-05 2019-06 2019-07 2019-08 2019-09; do
    echo "  - {member: \"$B\", month: $m, kind: wage, amount: 1000}"
  done
  echo 'expenditure: []'
  echo 'assets: {financial: 500, vehicles: [], dwellings: 1, business_capital: 0}'
} >"$WORK/h1.yaml"
run 0 import import --db "$WORK/reg.db" "$WORK/h1.yaml"
run 0 reg simulate --db "$WORK/reg.db" --month 2019-10 --reform "$REFORM" --out "$WORK/reg"
expect reg "950.00"
expect reg "1145.00"
expect reg "+195.00"
expect reg "+20.5%"
expect reg "受益 1 户，受损 0 户"

# 4. Bad input: nothing simulated, the problem named.
printf 'description: typo\nscale: {dibao_standrad: 1.1}\n' >"$WORK/typo.yaml"
run 2 typo simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$WORK/typo.yaml" --out "$WORK/x"
expect typo "scale.dibao_standrad"
printf 'household_id,region\nH1,450102\n' >"$WORK/not.snpop"
run 2 notpop simulate --population "$WORK/not.snpop" --month 2019-10 --reform "$REFORM" --out "$WORK/x"
expect notpop "不是人口文件"
run 2 two_sources simulate --population "$WORK/pop.snpop" --generate 10 --month 2019-10 --reform "$REFORM"
expect two_sources "只给出一种人口"
run 2 no_reform_file simulate --generate 10 --month 2019-10 --reform "$WORK/absent.yaml"
expect no_reform_file "absent.yaml"
run 3 no_db simulate --db "$WORK/absent.db" --month 2019-10 --reform "$REFORM"  # as every command: 3
expect no_db "absent.db"
# The file's income covers the 12 months before 2019-10: another month would read missing months as no income.
run 2 other_month simulate --population "$WORK/pop.snpop" --month 2019-11 --reform "$REFORM" --out "$WORK/x"
expect other_month "只能模拟 2019-10"
printf 'name: nothing\n' >"$WORK/noop.yaml"
run 2 noop simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$WORK/noop.yaml" --out "$WORK/x"
expect noop "没有改动任何参数"
printf 'scale: {dibao_standard: 1000000000}\n' >"$WORK/huge.yaml"
run 2 huge simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$WORK/huge.yaml" --out "$WORK/x"
expect huge "不超过 100"
run 2 reform_dir simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$WORK" --out "$WORK/x"
expect reform_dir "目录"
[ ! -e "$WORK/x" ] || fail "a refused run wrote $WORK/x"
# A page that cannot be written is an error (3), not a path printed as written.
mkdir -p "$WORK/blocked/simulation-2019-10.html"
run 3 blocked simulate --population "$WORK/pop.snpop" --month 2019-10 --reform "$REFORM" --out "$WORK/blocked"
[ ! -e "$WORK/blocked/simulation-2019-10.html.part" ] || fail "blocked: a .part file was left"
# generate --format snpop into a directory: refused, nothing left behind.
run 3 gen_dir generate --households 10 --format snpop --out "$WORK/blocked"
[ ! -e "$WORK/blocked.part" ] || fail "gen_dir: a .part file was left"
head -c 100000 "$WORK/pop.snpop" >"$WORK/cut.snpop"
run 2 cut simulate --population "$WORK/cut.snpop" --month 2019-10 --reform "$REFORM" --out "$WORK/x"
expect cut "人口文件不完整或已损坏"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "simulate: all checks passed"
