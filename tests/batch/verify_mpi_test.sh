#!/bin/sh
# `mpirun -n 2 safetynet verify run` stores exactly what one process stores (issue 5 part 4,
# docs/verification.md "Distributed"). A generated registry of 3,000 households in all fourteen 设区市,
# fourteen department files made from its members (wages, pensions, deposits, cars, dwellings,
# businesses, deaths, disabilities, jobs, marriages; two people in no household for discovery), copied
# twice: one process verifies copy A, two MPI ranks verify copy B. Every stored table the run writes —
# verify_run, verify_household, verify_mismatch, verify_candidate, verify_issue, the closed memberships,
# household.verified and the assessments — must be equal row for row in insertion order (ids and
# timestamps aside), and so must the counts printed. Also: both ranks took households, only one run is
# stored, and bad input or a missing registry stops both ranks with one exit code (no rank left waiting).
#
# Usage: verify_mpi_test.sh PATH/TO/safetynet WORKDIR   (from the repository root).
set -u
SN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/feeds"
F=$WORK/feeds
. "$(dirname "$0")/common.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
command -v mpirun >/dev/null || { echo "mpirun not installed (openmpi-bin): skipped"; exit 0; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed: skipped"; exit 0; }

run 0 generate generate --households 3000 --seed 7 --month 2019-10 --out "$WORK/ledger"
L=$WORK/ledger
run 0 import import --db "$WORK/reg.db" "$L/台账.csv" "$L/成员表.csv" "$L/收入表.csv" "$L/支出表.csv"
cities=$(sqlite3 "$WORK/reg.db" "SELECT count(DISTINCT substr(region, 1, 4)) FROM household")
[ "$cities" -ge 2 ] || fail "the registry has households in $cities 设区市, need at least 2"

# ---- Department files: rows about every n-th member (by id), so every city has some.
sqlite3 -csv "$WORK/reg.db" "SELECT person_id, name FROM member ORDER BY person_id" >"$WORK/members.csv"
feed() {  # feed FILE HEADER AWK-PROGRAM: HEADER, then what the program prints for the members
  echo "$2" >"$F/$1"
  awk -F, "$3" "$WORK/members.csv" >>"$F/$1"
}
feed tax.csv 纳税人证件号码,纳税人姓名,所得项目,所属期,收入额 \
  'NR % 7 == 0 { for (m = 0; m < 12; m++) printf "%s,%s,工资薪金所得,%d-%02d,1500.00\n", $1, $2, 2018 + int((m + 9) / 12), (m + 9) % 12 + 1 }'
feed social_security.csv 社会保障号码,姓名,项目,所属月份,金额 \
  'NR % 11 == 0 { for (m = 0; m < 12; m++) printf "%s,%s,基本养老金,%d-%02d,900\n", $1, $2, 2018 + int((m + 9) / 12), (m + 9) % 12 + 1 }'
feed housing_fund.csv 证件号码,职工姓名,业务类型,缴存月份,金额 'NR % 29 == 0 { printf "%s,%s,缴存基数,2019-09,3000\n", $1, $2 }'
feed bank.csv 客户证件号码,客户名称,账户余额,查询日期 \
  'NR % 5 == 0 { printf "%s,%s,20000.00,2019-10-15\n", $1, $2 } NR % 5 == 1 { printf "%s,%s,300.50,2019-10-15\n", $1, $2 }'
feed securities.csv 证件号码,投资者姓名,账户市值,查询日期 'NR % 41 == 0 { printf "%s,%s,50000,2019-10-15\n", $1, $2 }'
feed insurance.csv 投保人证件号码,投保人,现金价值,查询日期 'NR % 43 == 0 { printf "%s,%s,8000,2019-10-15\n", $1, $2 }'
feed vehicle.csv 所有人身份证明号码,机动车所有人,车辆类型,初次登记日期 'NR % 37 == 0 { printf "%s,%s,小型汽车,2015-03-01\n", $1, $2 }'
feed real_estate.csv 权利人证件号,权利人,房屋用途,建筑面积,登簿日期 'NR % 13 == 0 { printf "%s,%s,住宅,90,2012-06-01\n", $1, $2 }'
feed market_regulation.csv 证件号码,姓名,市场主体类型,实缴资本,登记日期 'NR % 53 == 0 { printf "%s,%s,个体工商户,100000,2018-01-01\n", $1, $2 }'
feed hukou.csv 公民身份号码,姓名,变动类型,变动日期 'NR % 97 == 0 { printf "%s,%s,死亡注销,2019-08-15\n", $1, $2 }'
feed education.csv 身份证号,学生姓名,学段,入学日期 'NR % 31 == 0 { printf "%s,%s,初中,2018-09-01\n", $1, $2 }'
feed employment.csv 身份证号码,姓名,登记类型,登记日期 'NR % 23 == 0 { printf "%s,%s,就业登记,2019-03-01\n", $1, $2 }'
feed marriage.csv 当事人身份证号,当事人姓名,业务类型,登记日期 'NR % 61 == 0 { printf "%s,%s,结婚登记,2019-06-01\n", $1, $2 }'
# Health: disability grades of members, and two people in no household (a large bill in 南宁, a severe
# disability in 桂林) whom discovery must find once, whichever rank holds their city.
feed health.csv 身份证号,姓名,类别,金额,日期,常住地区划代码 'NR % 89 == 0 { printf "%s,%s,三级残疾,,2019-05-01,\n", $1, $2 }'
for id in 45010219700101007X 450102197001010117; do
  grep -q "^$id," "$WORK/members.csv" && fail "test id $id is a member of the generated registry"
done
printf '45010219700101007X,庚,住院费用,"20,000.00",2019-09-03,450102001\n450102197001010117,壬,一级残疾,,2019-07-01,450305\n' >>"$F/health.csv"
run 0 load verify load --db "$WORK/reg.db" "$F"/*.csv
[ "$(grep -c '^导入 ' "$WORK/load.out")" -eq 14 ] || fail "load: expected 14 loads"

# ---- One process on copy A, two ranks on copy B.
cp "$WORK/reg.db" "$WORK/a.db"
cp "$WORK/reg.db" "$WORK/b.db"
run 0 one verify run --db "$WORK/a.db" --month 2019-10 --out "$WORK/out-a"
timeout 300 mpirun -n 2 "$SN" verify run --db "$WORK/b.db" --month 2019-10 --out "$WORK/out-b" \
  >"$WORK/two.out" 2>"$WORK/two.err" || { fail "mpirun -n 2 verify run: exit $?"; cat "$WORK/two.err"; }

# The printed counts: the same lines, timing and the list's path aside.
strip() { sed -e 's/；用时.*$//' -e '/清单：/d' "$1"; }
strip "$WORK/one.out" >"$WORK/one.counts"
strip "$WORK/two.out" >"$WORK/two.counts"
diff "$WORK/one.counts" "$WORK/two.counts" >"$WORK/counts.diff" || { fail "printed counts differ"; cat "$WORK/counts.diff"; }
grep -q "，2 个进程" "$WORK/two.out" || fail "mpirun: rank 0 did not say it ran with 2 processes"
[ -s "$WORK/out-b/verify-2019-10.xlsx" ] || fail "mpirun: no verify-2019-10.xlsx"
# The run must have had something to say, or equal tables prove nothing.
grep -q "3000 户" "$WORK/one.out" || fail "one process: not 3000 households"
for what in 差异 核对后结果变化并已重新评估 死亡; do
  grep -Eq "$what 0 " "$WORK/one.out" && fail "one process: $what 0 — the feeds planted nothing"
done
grep -q "主动发现 2 人" "$WORK/one.out" || fail "one process: expected 2 candidates"
# Both ranks matched households, together all 3,000 (whole 设区市 each).
r0=$(sed -n 's/^rank 0\/2: 核对 \([0-9]*\) 户.*/\1/p' "$WORK/two.err")
r1=$(sed -n 's/^rank 1\/2: 核对 \([0-9]*\) 户.*/\1/p' "$WORK/two.err")
if [ -z "$r0" ] || [ -z "$r1" ] || [ "$r0" -eq 0 ] || [ "$r1" -eq 0 ] || [ $((r0 + r1)) -ne 3000 ]; then
  fail "ranks matched '$r0' + '$r1' households, expected two shares of 3000"
  cat "$WORK/two.err"
fi

# ---- The stored results, row for row in the order stored.
dump() {
  sqlite3 "$1" <<'SQL'
.mode list
SELECT 'run', id, month, loads, households, members, mismatches, pending, changed, deaths, candidates, issues FROM verify_run ORDER BY id;
SELECT 'household', run_id, household_id, status, mismatches, pending, before_category, before_cash, after_category, after_cash FROM verify_household ORDER BY rowid;
SELECT 'mismatch', run_id, household_id, member, item, label, declared, found, sources FROM verify_mismatch ORDER BY rowid;
SELECT 'candidate', run_id, person_id, name, region, source, reason, detail, day FROM verify_candidate ORDER BY rowid;
SELECT 'issue', household_id, person_id, code, message, action, found_run, resolved_run FROM verify_issue ORDER BY id;
SELECT 'member', person_id, household_id, left_on, left_reason FROM member WHERE left_on IS NOT NULL ORDER BY person_id;
SELECT 'verified', id, verified_month, hex(verified) FROM household WHERE verified IS NOT NULL ORDER BY id;
SELECT 'assessment', household_id, month, category, persons, covered, monthly_cash, entitlements, undetermined, refusal FROM assessment ORDER BY household_id, month;
SELECT 'state', household_id, month, category, last_benefit, exit_started FROM household_state ORDER BY household_id;
SQL
}
dump "$WORK/a.db" >"$WORK/a.dump"
dump "$WORK/b.db" >"$WORK/b.dump"
diff "$WORK/a.dump" "$WORK/b.dump" >"$WORK/dump.diff" || { fail "stored results differ (first lines of the diff):"; head -20 "$WORK/dump.diff"; }
for kind in run household mismatch candidate member verified assessment; do
  [ "$(grep -c "^$kind|" "$WORK/a.dump")" -gt 0 ] || fail "one process stored no $kind rows: nothing to compare"
done
[ "$(grep -c '^run|' "$WORK/b.dump")" -eq 1 ] || fail "mpirun: expected exactly one stored run"

# ---- Bad input and a missing registry stop both ranks with one exit code.
timeout 120 mpirun -n 2 "$SN" verify run --db "$WORK/b.db" --month 2019-13 >"$WORK/bad.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || { fail "mpirun bad month: exit $rc, expected 2"; cat "$WORK/bad.out"; }
timeout 120 mpirun -n 2 "$SN" verify run --db "$WORK/none.db" --month 2019-10 >"$WORK/nodb.out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { fail "mpirun missing registry: exit $rc, expected 3"; cat "$WORK/nodb.out"; }
[ "$(sqlite3 "$WORK/b.db" 'SELECT count(*) FROM verify_run')" -eq 1 ] || fail "a refused run stored something"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "verify MPI: all checks passed"
