#!/bin/sh
# End-to-end test of the built `safetynet` binary on a small generated registry:
#   generate → import → import again → assess → payroll → payroll again → report → explain,
# then the refusals. Checks exit codes (cli/commands.hpp: 0 ok, 1 finished with rejected rows, 2 bad
# input) and that every total agrees to the fen: the assessment's monthly cash, the payroll's, the
# roster CSV's lines and 合计 row, the report's printed and CSV totals, and `explain` for one case.
#
# Usage: cli_test.sh PATH/TO/safetynet WORKDIR   (run from the repository root: policy/ and data/regions/
# are found from there). Every check runs; the script lists each failure and exits 1 if there was any.
set -u
SN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK"
DB=$WORK/registry.db
OUT=$WORK/out
MONTH=2019-10
. "$(dirname "$0")/common.sh"

# yuan "154893.00" → fen 15489300 (exact: no floating point).
fen() {
  printf '%s\n' "$1" | awk -F. '{ printf "%d\n", $1 * 100 + ($2 == "" ? 0 : $2) }'
}

expect_eq() {
  if [ "$2" != "$3" ]; then fail "$1: got '$2', expected '$3'"; fi
}

expect_grep() {
  if ! grep -q -- "$2" "$WORK/$1.out"; then
    fail "$1: output lacks '$2'"
    sed 's/^/    /' "$WORK/$1.out"
  fi
}

# ---- a small generated registry ------------------------------------------------------------------

run 0 generate generate --households 200 --out "$WORK/gen" --month $MONTH
run 0 import import --db "$DB" "$WORK/gen/台账.csv" "$WORK/gen/成员表.csv" "$WORK/gen/收入表.csv" "$WORK/gen/支出表.csv"
expect_grep import "新增 200 户，更新 0 户，未变 0 户，拒绝 0 条"
# Re-importing the same files changes nothing.
run 0 reimport import --db "$DB" "$WORK/gen/台账.csv" "$WORK/gen/成员表.csv" "$WORK/gen/收入表.csv" "$WORK/gen/支出表.csv"
expect_grep reimport "新增 0 户，更新 0 户，未变 200 户，拒绝 0 条"

# ---- assess, pay twice ------------------------------------------------------------------------------

run 0 assess assess --db "$DB" --month $MONTH
expect_grep assess "评估 $MONTH：200 户"
assessed=$(sed -n 's/.*月发放合计 \([0-9.]*\) 元.*/\1/p' "$WORK/assess.out")
[ -n "$assessed" ] || fail "assess: no total printed"

run 0 payroll1 payroll --db "$DB" --month $MONTH --out "$OUT"
paid_cases=$(sed -n 's/.*本次新发放 \([0-9]*\) 户，金额 \([0-9.]*\) 元；此前已发放 0 户.*/\1/p' "$WORK/payroll1.out")
paid=$(sed -n 's/.*本次新发放 \([0-9]*\) 户，金额 \([0-9.]*\) 元；此前已发放 0 户.*/\2/p' "$WORK/payroll1.out")
[ -n "$paid_cases" ] && [ "$paid_cases" -gt 0 ] || fail "payroll1: no new cases printed"
expect_eq "payroll pays what was assessed" "$paid" "$assessed"
expect_grep payroll1 "花名册 $paid_cases 户，合计 $paid 元"
cp "$OUT/payroll-$MONTH.csv" "$WORK/roster-first.csv"

run 0 payroll2 payroll --db "$DB" --month $MONTH --out "$OUT"
expect_grep payroll2 "本次新发放 0 户，金额 0.00 元；此前已发放 $paid_cases 户"
expect_grep payroll2 "花名册 $paid_cases 户，合计 $paid 元"
cmp -s "$WORK/roster-first.csv" "$OUT/payroll-$MONTH.csv" || fail "the second payroll changed the roster"

# The roster's lines and its totals file add up to the same fen.
roster=$OUT/payroll-$MONTH.csv
lines=$(awk 'END { print NR - 1 }' "$roster")
expect_eq "roster lines" "$lines" "$paid_cases"
line_sum=$(awk -F, 'NR > 1 { split($15, y, "."); s += y[1] * 100 + y[2] } END { printf "%d\n", s }' "$roster")
expect_eq "sum of the roster's 合计 column (fen)" "$line_sum" "$(fen "$paid")"
grand=$(tail -n 1 "$OUT/payroll-$MONTH-totals.csv" | tr -d '\r')
expect_eq "totals file grand total" "$grand" ",合计,,,$paid_cases,$paid"
# Nobody is on the roster twice.
dups=$(awk -F, 'NR > 1 { print $4 }' "$roster" | sort | uniq -d | wc -l)
expect_eq "households paid twice" "$dups" "0"

# ---- report -----------------------------------------------------------------------------------------

# docs/reports.md: the printed total line ends 当月发放 · 本年累计 · 人均; CSV column 22 is 当月发放.
run 0 report report --db "$DB" --month $MONTH --out "$OUT"
printed=$(awk '$1 == "450000" { print $(NF-2) }' "$WORK/report.out")
expect_eq "printed report total" "$printed" "$paid"
csv_total=$(awk -F, '$1 == "450000" { print $22 }' "$OUT/report-$MONTH.csv" | tr -d '\r')
expect_eq "report CSV total" "$csv_total" "$paid"
report_households=$(awk -F, '$1 == "450000" { print $3 }' "$OUT/report-$MONTH.csv")
expect_eq "report households" "$report_households" "200"
[ -s "$OUT/report-$MONTH.xlsx" ] || fail "no report workbook"
grep -q "<svg" "$OUT/report-$MONTH.html" || fail "no chart in the report page"
# The cities' rows add up to the total, to the fen.
city_sum=$(awk -F, 'NR > 1 && $1 ~ /^45[0-9][0-9]00$/ && $1 != "450000" { split($22, y, "."); s += y[1] * 100 + y[2] } END { printf "%d\n", s }' "$OUT/report-$MONTH.csv")
expect_eq "sum of the cities' 当月发放 (fen)" "$city_sum" "$(fen "$paid")"
# One county alone: its own files, its total is its row in the full report.
county=$(awk -F, 'NR > 1 && length($1) == 6 && $1 !~ /00$/ { print $1; exit }' "$OUT/report-$MONTH.csv")
run 0 report_county report --db "$DB" --month $MONTH --region "$county" --out "$OUT"
county_full=$(awk -F, -v c="$county" '$1 == c { print $22 }' "$OUT/report-$MONTH.csv")
county_alone=$(awk -F, -v c="$county" '$1 == c { print $22 }' "$OUT/report-$MONTH-$county.csv")
expect_eq "county report total" "$county_alone" "$county_full"
[ -s "$OUT/report-$MONTH-$county.html" ] || fail "no county report page"
run 2 report_bad_region report --db "$DB" --month $MONTH --region 4501020
expect_grep report_bad_region "bad_value"
run 2 report_unassessed report --db "$DB" --month 2019-11 --out "$OUT"
[ -s "$OUT/payroll-$MONTH.xlsx" ] || fail "no roster workbook"

# ---- explain one paid case ----------------------------------------------------------------------------

first_id=$(awk -F, 'NR == 2 { print $4 }' "$roster")
first_amount=$(awk -F, 'NR == 2 { print $15 }' "$roster" | tr -d '\r')
run 0 explain explain --db "$DB" --household "$first_id" --month $MONTH
expect_grep explain "户 $first_id"
expect_grep explain "月发放合计: $first_amount 元"
expect_grep explain "\[R"

# ---- refusals ---------------------------------------------------------------------------------------

# A record with a bad check digit: reported with its file, the rest of the file committed, exit 1.
cat >"$WORK/bad.yaml" <<'EOF'
- id: E-1
  region: "450102001"
  members:
    - {id: "450102198001010019", name: 甲}
- id: E-2
  region: "450102001"
  members:
    - {id: "450102198001010031", name: 乙}
EOF
run 1 import_bad import --db "$DB" "$WORK/bad.yaml"
expect_grep import_bad "新增 1 户"
expect_grep import_bad "bad.yaml:1: invalid_id members\[0\].id (450102198001010019)"
run 2 explain_unknown explain --db "$DB" --household NO-SUCH --month $MONTH
run 2 payroll_unassessed payroll --db "$DB" --month 2019-11 --out "$OUT"
run 2 report_unassessed report --db "$DB" --month 2019-11 --out "$OUT"
run 2 bad_month assess --db "$DB" --month 2019-13
# A file that does not exist is bad input too (cli/commands.hpp: 2 = usage, unreadable files).
run 2 missing_file import --db "$DB" "$WORK/no-such-file.json"

# Casework users: added with an argon2id password, listed, disabled and enabled; a missing registry,
# an unknown role, a region of the wrong length for the role and a missing password file are refused.
printf 'cli-test-pass-1\n' >"$WORK/pw"
run 0 user_add user add --db "$DB" --name wang --role community --region 450102001003 --password-file "$WORK/pw"
expect_grep user_add "已创建用户 wang（社区工作人员，辖区 450102001003"
run 2 user_add_again user add --db "$DB" --name wang --role street --region 450102001 --password-file "$WORK/pw"
expect_grep user_add_again "duplicate_user"
run 2 user_bad_role user add --db "$DB" --name li --role mayor --region 450102 --password-file "$WORK/pw"
run 2 user_bad_region user add --db "$DB" --name li --role street --region 450102 --password-file "$WORK/pw"
run 2 user_no_pw user add --db "$DB" --name li --role street --region 450102001 --password-file "$WORK/none"
run 3 user_no_db user add --db "$WORK/none.db" --name li --role street --region 450102001 --password-file "$WORK/pw"
run 0 user_disable user disable --db "$DB" --name wang
run 0 user_list user list --db "$DB"
expect_grep user_list "wang .*community .*450102001003 社区工作人员 （已停用）"
run 0 user_enable user enable --db "$DB" --name wang
run 2 user_disable_none user disable --db "$DB" --name nobody
run 0 audit_verify audit verify --db "$DB"
expect_grep audit_verify "审计日志完整：3 条"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed (200 households, $paid_cases paid, $paid yuan)"
