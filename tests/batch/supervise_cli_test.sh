#!/bin/sh
# End-to-end test of `safetynet supervise` (docs/supervision.md, SPEC R12.2) on 50 one-person
# households in 兴宁社区 (民生街道 450102001, 兴宁区 450102), each unemployed with no income nor assets:
# dibao 1 × 650 − 0 = 650.00 a month (R3.4), assessed and paid for 2019-10, so 兴宁区 and 民生街道 have
# 50 assisted cases in 2019. With P.error_tolerance = 0.02: 1 wrong case is 1/50 = 2.00%, within
# (1 × 10000 ≤ 200 × 50); 2 are 4.00%, over. Checks exit codes (0 ok, 2 bad input — nothing written),
# the printed ratios and statuses, and the workbook and CSV written.
#
# Usage: supervise_cli_test.sh PATH/TO/safetynet WORKDIR   (from the repository root).
set -u
SN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/in"
DB=$WORK/registry.db
. "$(dirname "$0")/common.sh"

# A valid GB 11643 citizen id from its first 17 digits (the check character of ISO 7064 MOD 11-2).
citizen_id() {
  echo "$1" | awk '{
    split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
    for (i = 1; i <= 17; i++) s += substr($0, i, 1) * w[i]
    printf "%s%s\n", $0, substr("10X98765432", s % 11 + 1, 1) }'
}

i=1
while [ $i -le 50 ]; do
  n=$(printf '%02d' $i)
  id=$(citizen_id "45010219600101$(printf "%03d" $((i * 2 - 1)))")
  cat >"$WORK/in/h$n.yaml" <<YAML
id: S$n
region: "450102001003"
members:
  - {id: "$id", name: 成员$n, relation: head, employment: unemployed, legal_supporters: able}
income: []
expenditure: []
assets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}
YAML
  i=$((i + 1))
done
run 0 import import --db "$DB" "$WORK"/in/*.yaml
run 0 assess assess --db "$DB" --month 2019-10
run 0 payroll payroll --db "$DB" --month 2019-10 --out "$WORK/out"
expect payroll "32500.00"  # 50 × 650.00

T="--today 2019-12-31"
# 1. Bad input writes nothing (exit 2), each naming its option.
run 2 bad_amount supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-10 --cause concealment --amount 1.234 $T
expect bad_amount "bad_amount --amount"
run 2 bad_cause supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-10 --cause bad_luck --amount 650 $T
expect bad_cause "bad_value --cause"
run 2 no_household supervise record --db "$DB" --household NOPE --from 2019-10 --to 2019-10 --cause concealment --amount 650 $T
expect no_household "not_found --household"
run 2 reversed supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-09 --cause concealment --amount 650 $T
expect reversed "bad_date --to"
run 2 future supervise record --db "$DB" --household S01 --from 2019-10 --to 2020-01 --cause concealment --amount 650 $T
expect future "bad_date --to"
run 2 zero supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-10 --cause concealment --amount 0 $T
expect zero "bad_amount --amount"
# A bad month names its own option, once.
run 2 bad_from supervise record --db "$DB" --household S01 --from 2019-13 --to 2019-10 --cause concealment --amount 650 $T
expect bad_from 'bad_date --from: 月份应为 YYYY-MM，收到 "2019-13"'
[ "$(grep -c 'bad_date' "$WORK/bad_from.out")" -eq 1 ] || fail "bad_from: bad_date printed more than once"
run 2 bad_to supervise record --db "$DB" --household S01 --from 2019-10 --to 10/2019 --cause concealment --amount 650 $T
expect bad_to 'bad_date --to: 月份应为 YYYY-MM，收到 "10/2019"'
# Only money really paid (S01: 650.00 for 2019-10 alone): a month not paid, 1800-01, more than paid.
run 2 not_paid supervise record --db "$DB" --household S01 --from 2019-09 --to 2019-09 --cause concealment --amount 650 $T
expect not_paid "not_paid --from: 户 S01 在 2019-09 没有发放记录，不能登记为错保"
run 2 not_paid_1800 supervise record --db "$DB" --household S01 --from 1800-01 --to 1800-01 --cause concealment --amount 1 $T
expect not_paid_1800 "not_paid --from"
run 2 over_paid supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-10 --cause concealment --amount 650.01 $T
expect over_paid "bad_amount --amount: 错保金额 650.01 元超过该户 2019-10 实发的 650.00 元"
run 2 over_paid_year supervise record --db "$DB" --household S01 --from 2019-01 --to 2019-12 --cause concealment --amount 1000000000 $T
expect over_paid_year "bad_amount --amount: 错保金额 1000000000.00 元超过该户 2019-01 至 2019-12 实发的 650.00 元"
# A bad year or region is refused naming the option (it would list nothing).
run 2 list_bad_year supervise list --db "$DB" --year -5
expect list_bad_year "bad_value --year: 年度应为 1900 至 2100，收到 -5"
run 2 list_bad_region supervise list --db "$DB" --region garbage
expect list_bad_region 'bad_value --region: 区划代码 "garbage" 无效'
run 2 list_unknown_region supervise list --db "$DB" --region 450102999
expect list_unknown_region "bad_value --region"
run 0 list_empty supervise list --db "$DB" --year 2019
expect list_empty "错保记录 0 条"

# 2. One wrong case, 650.00 concealed: 1/50 = 2.00%, within, but the money is outstanding.
run 0 record1 supervise record --db "$DB" --household S01 --from 2019-10 --to 2019-10 --cause concealment --amount 650.00 --by k1 --today 2019-11-01
expect record1 "已登记错保 #1：户 S01（450102 / 450102001），2019-10 至 2019-10，家庭隐瞒，金额 650.00 元"
run 0 report1 supervise report --db "$DB" --year 2019 --out "$WORK/out" $T
expect report1 "容错比例 2.00%"
expect report1 "   县区 450102 兴宁区：救助 50 户"
expect report1 "救助 50 户，错保 1 户，错保率 2.00%，错保 650.00 元，已追回 0.00 元，未追回 650.00 元：待追回"

# 3. Recovered in two parts (300.00 + 350.00); 350.01 would be more than outstanding.
run 0 recover1 supervise recover --db "$DB" --error 1 --amount 300 --on 2019-11-15 $T
expect recover1 "累计追回 300.00 元，尚未追回 350.00 元"
run 2 recover_over supervise recover --db "$DB" --error 1 --amount 350.01 --on 2019-11-20 $T
expect recover_over "over_recovery --amount"
run 2 recover_none supervise recover --db "$DB" --error 9 --amount 1 --on 2019-11-20 $T
expect recover_none "not_found --error"
run 0 recover2 supervise recover --db "$DB" --error 1 --amount 350.00 --on 2019-12-01 $T
expect recover2 "尚未追回 0.00 元"
run 0 report2 supervise report --db "$DB" --year 2019 --out "$WORK/out" $T
expect report2 "救助 50 户，错保 1 户，错保率 2.00%，错保 650.00 元，已追回 650.00 元，未追回 0.00 元：容错免责"
# As of 2019-11-30 (the error recorded on 2019-11-01) the second part was not yet recovered.
run 0 report_nov supervise report --db "$DB" --year 2019 --as-of 2019-11-30 --out "$WORK/out" $T
expect report_nov "已追回 300.00 元，未追回 350.00 元：待追回"

# 3b. The monthly report's 错保率 (report_cmd.cpp, R13 with R12.2) is supervision's figure as of the
# report month's last day. 2019-10: the error was recorded on 2019-11-01, after the month — 0/50 =
# 0.00%, 无错保. 2019-11 (as of 2019-11-30): 1/50 = 2.00%, 300.00 of 650.00 recovered: 待追回.
run 0 assess_nov assess --db "$DB" --month 2019-11
# (The CSV has CRLF line ends: compared without them.)
run 0 month_oct report --db "$DB" --month 2019-10 --region 450102 --out "$WORK/rep"
tr -d '\r' <"$WORK/rep/report-2019-10-450102.csv" >"$WORK/rep/oct.csv"
grep -q '^450102001,.*,0\.00%$' "$WORK/rep/oct.csv" || { fail "report-2019-10: 民生街道 not 0.00%"; cat "$WORK/rep/oct.csv"; }
run 0 month_nov report --db "$DB" --month 2019-11 --region 450102 --out "$WORK/rep"
expect month_nov "report-2019-11-450102.csv"
tr -d '\r' <"$WORK/rep/report-2019-11-450102.csv" >"$WORK/rep/nov.csv"
head -1 "$WORK/rep/nov.csv" | grep -q ',错保率$' || fail "report-2019-11: no 错保率 column"
grep -q '^450102001,.*,2\.00%$' "$WORK/rep/nov.csv" || { fail "report-2019-11: 民生街道 not 2.00%"; cat "$WORK/rep/nov.csv"; }
grep -q '^450102,.*,2\.00%$' "$WORK/rep/nov.csv" || fail "report-2019-11: 兴宁区 not 2.00%"
grep -q '<td>2.00%</td><td[^>]*>650.00</td><td[^>]*>300.00</td><td>待追回</td>' "$WORK/rep/report-2019-11-450102.html" \
  || { fail "report-2019-11.html: no 2.00% … 待追回 row"; grep -o '<table[^>]*errors.*' "$WORK/rep/report-2019-11-450102.html" | head -c 2000; }

# 4. A second household: 2/50 = 4.00% > 2%, over and flagged, recovered or not.
run 0 record2 supervise record --db "$DB" --household S02 --from 2019-10 --to 2019-10 --cause shared_data --amount 100.5 $T
run 0 report3 supervise report --db "$DB" --year 2019 --out "$WORK/out" $T
expect report3 "⚠ 县区 450102 兴宁区：救助 50 户"
expect report3 "救助 50 户，错保 2 户，错保率 4.00%，错保 750.50 元，已追回 650.00 元，未追回 100.50 元：超出容错"
expect report3 "⚠ 乡镇街道 450102001 民生街道：救助 50 户"
[ -s "$WORK/out/supervision-2019.xlsx" ] || fail "supervision-2019.xlsx not written"
grep -q "乡镇街道,450102001,民生街道,50,2,4.00%,750.50,650.00,100.50,超出容错,是" "$WORK/out/supervision-2019.csv" \
  || { fail "supervision-2019.csv: no street row"; cat "$WORK/out/supervision-2019.csv"; }
run 0 list supervise list --db "$DB" --year 2019 --region 450102001
expect list "错保记录 2 条"
run 0 list_2018 supervise list --db "$DB" --year 2018
expect list_2018 "错保记录 0 条"
# A 设区市 or 450000 lists its counties' errors (南宁 450100 ⊃ 兴宁区); another county none.
run 0 list_city supervise list --db "$DB" --region 450100
expect list_city "错保记录 2 条，地区 450100"
run 0 list_gx supervise list --db "$DB" --year 2019 --region 450000
expect list_gx "错保记录 2 条（2019 年），地区 450000"
run 0 list_other supervise list --db "$DB" --region 450103
expect list_other "错保记录 0 条"
run 2 report_bad_year supervise report --db "$DB" --year 19 --out "$WORK/out" $T
expect report_bad_year "bad_value --year: 年度应为 1900 至 2100，收到 19"
run 2 report_far_year supervise report --db "$DB" --year 2101 --out "$WORK/out" $T
expect report_far_year "bad_value --year: 年度应为 1900 至 2100，收到 2101"

# The monthly report of a valid county with no household (451027, 凌云县): no assessed household there,
# not "run assess" (2019-10 was assessed).
run 2 month_empty report --db "$DB" --month 2019-10 --region 451027 --out "$WORK/rep"
expect month_empty "--region 451027 凌云县：2019-10 没有已评估的户，不生成报表"
grep -q "assess" "$WORK/month_empty.out" && fail "month_empty: still tells to run assess"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "supervise CLI: all checks passed"
