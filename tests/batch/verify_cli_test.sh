#!/bin/sh
# End-to-end test of `safetynet verify` (docs/verification.md, SPEC R11.4–R11.5, R2.5) on three
# households: H1 (the SPEC R3.4 household, a declared wage of 1000 a month that the tax office shows as
# 1300), H2 (two pensioners; one dies in August) and H3 (one person, nothing to say). Checks exit
# codes (0 ok, 1 rows rejected — the rest loaded, 2 bad input — nothing loaded), the counts printed,
# the lists written, and that the payroll after verification pays on the verified records.
#
# Usage: verify_cli_test.sh PATH/TO/safetynet WORKDIR   (from the repository root).
set -u
SN=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/feeds"
DB=$WORK/registry.db
F=$WORK/feeds
. "$(dirname "$0")/common.sh"

A=450102197405010236 B=450102197603020240 C=45010220100101001X
D=450102195001010038 E=450102195201010040 FF=450102196001010059
G=45010219700101007X I=450102197001010117

cat >"$WORK/h1.yaml" <<YAML
id: H1
region: "450102"
members:
  - {id: "$A", name: 甲, relation: head, employment: unemployed, legal_supporters: able}
  - {id: "$B", name: 乙, relation: spouse, employment: employed, legal_supporters: able}
  - {id: "$C", name: 丙, relation: child, employment: student, school: primary, legal_supporters: able}
income:
YAML
for m in 2018-10 2018-11 2018-12 2019-01 2019-02 2019-03 2019-04 2019-05 2019-06 2019-07 2019-08 2019-09; do
  echo "  - {member: \"$B\", month: $m, kind: wage, amount: 1000}" >>"$WORK/h1.yaml"
done
echo "expenditure: []
assets: {financial: 500, vehicles: [], dwellings: 1, business_capital: 0}" >>"$WORK/h1.yaml"
cat >"$WORK/h2.yaml" <<YAML
id: H2
region: "450102"
members:
  - {id: "$D", name: 丁, relation: head, employment: retired, legal_supporters: able}
  - {id: "$E", name: 戊, relation: spouse, employment: retired, legal_supporters: able}
income: []
expenditure: []
assets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}
YAML
cat >"$WORK/h3.yaml" <<YAML
id: H3
region: "450102"
members:
  - {id: "$FF", name: 己, relation: head, employment: unemployed, legal_supporters: able}
income: []
expenditure: []
assets: {financial: 0, vehicles: [], dwellings: 0, business_capital: 0}
YAML
run 0 import import --db "$DB" "$WORK/h1.yaml" "$WORK/h2.yaml" "$WORK/h3.yaml"

# 1. Nothing loaded: every fact the rules need is pending.
run 0 run_empty verify run --db "$DB" --month 2019-10 --out "$WORK/out"
expect run_empty "待核实（部门数据未到）3 户"

# 2. Bad input loads nothing (exit 2).
echo "x" >"$F/x.csv"
run 2 bad_source verify load --db "$DB" --source police "$F/x.csv"
expect bad_source "未知的数据来源 'police'"
run 2 no_file verify load --db "$DB" --source tax "$F/none.csv"
run 2 wrong_mapping verify load --db "$DB" --source tax --mapping feeds/bank.yaml "$F/x.csv"
run 2 no_header verify load --db "$DB" --source tax "$F/x.csv"
expect no_header "纳税人证件号码"
run 2 bad_as_of verify load --db "$DB" --source bank --as-of 2019-02-30 "$F/x.csv"
run 3 missing_db verify load --db "$WORK/none.db" --source tax "$F/x.csv"

# 3. The fourteen sources. Tax in GB18030 with one bad id (exit 1: the rest loaded).
{
  echo "纳税人姓名,纳税人证件号码,所得项目,所属期,收入额"
  for m in 2018-10 2018-11 2018-12 2019-01 2019-02 2019-03 2019-04 2019-05 2019-06 2019-07 2019-08 2019-09; do
    echo "乙,$B,工资薪金所得,$m,1300"
  done
  echo "错号,450102197603020241,工资薪金所得,2019-09,1"
} | iconv -f UTF-8 -t GB18030 >"$F/tax.csv"
run 1 load_tax verify load --db "$DB" --source tax "$F/tax.csv"
expect load_tax "读取 13 行，导入 12，拒绝 1"
expect load_tax "invalid_id 纳税人证件号码"
run 0 load_tax_again verify load --db "$DB" --source tax "$F/tax.csv"
expect load_tax_again "未重复导入"
echo "社会保障号码,姓名,项目,所属月份,金额" >"$F/ss.csv"
run 0 load_ss verify load --db "$DB" --source social_security --as-of 2019-09-30 "$F/ss.csv"
echo "证件号码,职工姓名,业务类型,缴存月份,金额" >"$F/hf.csv"
run 0 load_hf verify load --db "$DB" --source housing_fund --as-of 2019-09-30 "$F/hf.csv"
printf '客户证件号码,客户名称,账户余额,查询日期\n%s,甲,500.00,2019-10-15\n' "$A" >"$F/bank.csv"
run 0 load_bank verify load --db "$DB" --source bank "$F/bank.csv"
echo "证件号码,投资者姓名,账户市值,查询日期" >"$F/sec.csv"
run 0 load_sec verify load --db "$DB" --source securities --as-of 2019-10-15 "$F/sec.csv"
echo "投保人证件号码,投保人,现金价值,查询日期" >"$F/ins.csv"
run 0 load_ins verify load --db "$DB" --source insurance --as-of 2019-10-15 "$F/ins.csv"
echo "所有人身份证明号码,机动车所有人,车辆类型,初次登记日期" >"$F/veh.csv"
run 0 load_veh verify load --db "$DB" --source vehicle --as-of 2019-10-15 "$F/veh.csv"
printf '权利人证件号,权利人,房屋用途,建筑面积,登簿日期\n%s,甲,住宅,60,2010-05-01\n' "$A" >"$F/estate.csv"
run 0 load_estate verify load --db "$DB" --source real_estate "$F/estate.csv"
echo "证件号码,姓名,市场主体类型,实缴资本,登记日期" >"$F/biz.csv"
run 0 load_biz verify load --db "$DB" --source market_regulation --as-of 2019-10-15 "$F/biz.csv"
printf '公民身份号码,姓名,变动类型,变动日期\n%s,戊,死亡注销,2019-08-15\n' "$E" >"$F/hukou.csv"
run 0 load_hukou verify load --db "$DB" --source hukou "$F/hukou.csv"
# Health: full-width digits in an id and a lower-case x are normalised and counted.
FW=$(printf '%s' "$I" | sed 's/0/０/g; s/1/１/g')
LX=$(printf '%s' "$G" | tr X x)
printf '身份证号,姓名,类别,金额,日期,常住地区划代码\n%s,庚,住院费用,"20,000.00",2019-09-03,450102001\n%s,壬,一级残疾,,2019-07-01,450102002\n' "$LX" "$FW" >"$F/health.csv"
run 0 load_health verify load --db "$DB" --source health "$F/health.csv"
expect load_health "已规范化 2 个身份证号"
printf '身份证号,学生姓名,学段,入学日期\n%s,丙,小学,2016-09-01\n' "$C" >"$F/edu.csv"
run 0 load_edu verify load --db "$DB" --source education "$F/edu.csv"
# Without --source, each file's source is its name's; several files load in one command.
echo "身份证号码,姓名,登记类型,登记日期" >"$F/employment-2019-10.csv"
echo "当事人身份证号,当事人姓名,业务类型,登记日期" >"$F/marriage.csv"
run 0 load_by_name verify load --db "$DB" --as-of 2019-10-15 "$F/employment-2019-10.csv" "$F/marriage.csv"
expect load_by_name "导入 就业登记（employment）"
expect load_by_name "导入 婚姻登记（marriage）"
run 2 load_unnamed verify load --db "$DB" "$F/x.csv"
expect load_unnamed "无法从文件名"
# A file whose every row is refused names the rows, not a missing date; a 0-byte file with --as-of says
# "nobody has any"; a batch that does not exist is bad input.
printf '纳税人证件号码,所得项目,所属期,收入额\n%s,工资薪金所得,19-09-01,1\n' "$B" >"$F/tax-bad.csv"
run 2 load_all_bad verify load --db "$DB" --source tax "$F/tax-bad.csv"
expect load_all_bad "bad_date 所属期"
expect load_all_bad "没有一行可导入"
: >"$F/empty.csv"
run 0 load_empty verify load --db "$DB" --source insurance --as-of 2019-10-16 "$F/empty.csv"
expect load_empty "读取 0 行"
run 2 no_such_batch verify loads --db "$DB" --rejections 999
run 0 loads verify loads --db "$DB"
[ "$(grep -c '^#' "$WORK/loads.out")" -eq 15 ] || fail "loads: expected 15 loads listed"
run 0 rejections verify loads --db "$DB" --rejections 1
expect rejections "invalid_id"

# 4. The run: H1's wage and H2's death change two outcomes; two candidates; no issues.
run 0 verify_run verify run --db "$DB" --month 2019-10 --out "$WORK/out"
expect verify_run "3 户 6 人"
expect verify_run "差异 2 项；待核实（部门数据未到）0 户；核对后结果变化并已重新评估 2 户"
expect verify_run "死亡 1 人（次月起停发）；主动发现 2 人；重复与身份证问题 0 项"
[ -s "$WORK/out/verify-2019-10.xlsx" ] || fail "verify run: no verify-2019-10.xlsx"
run 0 issues verify issues --db "$DB"
expect issues "未解决的问题 0 项"

# 5. The month's assessment and payroll use the verified records: H2 is one person now.
run 0 assess assess --db "$DB" --month 2019-10
run 0 explain_h2 explain --db "$DB" --household H2 --month 2019-10
grep -qF "$E" "$WORK/explain_h2.out" && fail "explain H2: the dead member is still counted"
run 0 payroll payroll --db "$DB" --month 2019-10 --out "$WORK/out"
expect payroll "本次新发放"

# 6. At import, a person already in another household is refused, with what to do.
sed "s/id: H3/id: H4/; s/$FF/$D/" "$WORK/h3.yaml" >"$WORK/h4.yaml"
run 1 import_dup import --db "$DB" "$WORK/h4.yaml"
expect import_dup "duplicate_person"
expect import_dup "处理（duplicate_person）"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "verify CLI: all checks passed"
