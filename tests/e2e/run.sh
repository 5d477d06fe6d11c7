#!/usr/bin/env bash
# End-to-end browser tests of the web pages (web/): a fresh registry with one verified household (a
# `safetynet verify` run over department files written here) and the demo households, one user per
# role, `safetynet serve --test-clock` on a free port, and the node:test scenarios in e2e.test.mjs
# driving headless Chromium through playwright-core.
#   usage: tests/e2e/run.sh [path/to/safetynet]   (default build/safetynet, relative to the repo root)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="${1:-build/safetynet}"
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
if [ ! -x "$BIN" ]; then echo "e2e: 找不到可执行文件 $BIN（先构建 safetynet）" >&2; exit 2; fi

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "e2e: 需要 Node.js 20 或更高版本（playwright-core 的要求），当前 $(node --version)" >&2; exit 2
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  if [ -f "$HERE/package-lock.json" ]; then (cd "$HERE" && npm ci --no-audit --no-fund)
  else (cd "$HERE" && npm install --no-audit --no-fund); fi
fi
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

T="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [ "${SN_E2E_KEEP:-}" = "" ]; then rm -rf "$T"; else echo "e2e: kept $T"; fi
}
trap cleanup EXIT
trap 'exit 143' INT TERM  # still stops the server when ctest times out

# Economic-status verification (docs/verification.md) of one household before the demo households
# arrive, so the run covers it alone: H-E2E-V in 兴宁社区 declares the spouse's wage as 1000 a month,
# the tax office shows 1300 (a mismatch 12000.00 → 15600.00, dibao 950.00 → 650.00); the health office
# shows 覃某某, in no household, with a 20,000 yuan hospital bill in the same community (a candidate).
VA=450102196504120313 VB=450102196708150426 VC=450102200903010516 VG=450102195807070611
{
  echo 'id: H-E2E-V'
  echo 'region: "450102001003"'
  echo 'members:'
  echo "  - {id: \"$VA\", name: 农志刚, relation: head, employment: unemployed, legal_supporters: able}"
  echo "  - {id: \"$VB\", name: 陆美玲, relation: spouse, employment: employed, legal_supporters: able}"
  echo "  - {id: \"$VC\", name: 农小宝, relation: child, employment: student, school: primary, legal_supporters: able}"
  echo 'income:'
  for m in 2018-10 2018-11 2018-12 2019-01 2019-02 2019-03 2019-04 2019-05 2019-06 2019-07 2019-08 2019-09; do
    echo "  - {member: \"$VB\", month: $m, kind: wage, amount: 1000}"
  done
  echo 'expenditure: []'
  echo 'assets: {financial: 0, vehicles: [], dwellings: 1, floor_area_m2: 40, business_capital: 0}'
} > "$T/verify-household.yaml"
"$BIN" import --db "$T/reg.db" "$T/verify-household.yaml" > "$T/import-verify.log"
F="$T/feeds"
mkdir -p "$F"
{
  echo "纳税人姓名,纳税人证件号码,所得项目,所属期,收入额"
  for m in 2018-10 2018-11 2018-12 2019-01 2019-02 2019-03 2019-04 2019-05 2019-06 2019-07 2019-08 2019-09; do
    echo "陆美玲,$VB,工资薪金所得,$m,1300"
  done
} > "$F/tax.csv"
echo "社会保障号码,姓名,项目,所属月份,金额" > "$F/social_security.csv"
echo "证件号码,职工姓名,业务类型,缴存月份,金额" > "$F/housing_fund.csv"
echo "客户证件号码,客户名称,账户余额,查询日期" > "$F/bank.csv"
echo "证件号码,投资者姓名,账户市值,查询日期" > "$F/securities.csv"
echo "投保人证件号码,投保人,现金价值,查询日期" > "$F/insurance.csv"
echo "所有人身份证明号码,机动车所有人,车辆类型,初次登记日期" > "$F/vehicle.csv"
printf '权利人证件号,权利人,房屋用途,建筑面积,登簿日期\n%s,农志刚,住宅,40,2010-05-01\n' "$VA" > "$F/real_estate.csv"
echo "证件号码,姓名,市场主体类型,实缴资本,登记日期" > "$F/market_regulation.csv"
echo "公民身份号码,姓名,变动类型,变动日期" > "$F/hukou.csv"
printf '身份证号,姓名,类别,金额,日期,常住地区划代码\n%s,覃某某,住院费用,20000,2019-09-03,450102001003\n' "$VG" > "$F/health.csv"
for src in social_security housing_fund; do
  (cd "$ROOT" && "$BIN" verify load --db "$T/reg.db" --source "$src" --as-of 2019-09-30 "$F/$src.csv") >> "$T/verify.log" 2>&1 \
    || { echo "e2e: verify load $src failed" >&2; cat "$T/verify.log" >&2; exit 2; }
done
for src in tax bank securities insurance vehicle real_estate market_regulation hukou health; do
  (cd "$ROOT" && "$BIN" verify load --db "$T/reg.db" --source "$src" --as-of 2019-10-15 "$F/$src.csv") >> "$T/verify.log" 2>&1 \
    || { echo "e2e: verify load $src failed" >&2; cat "$T/verify.log" >&2; exit 2; }
done
(cd "$ROOT" && "$BIN" verify run --db "$T/reg.db" --month 2019-10 --out "$T/verify-out") >> "$T/verify.log" 2>&1 \
  || { echo "e2e: verify run failed" >&2; cat "$T/verify.log" >&2; exit 2; }

"$BIN" import --db "$T/reg.db" "$ROOT"/data/demo/csv/*.csv > "$T/import.log"
# The 统计报表 page (reports.test.mjs) needs a month assessed and paid, and ECharts from npm (web/).
"$BIN" assess --db "$T/reg.db" --month 2019-10 > "$T/assess.log" 2>&1 \
  && "$BIN" payroll --db "$T/reg.db" --month 2019-10 --out "$T/payroll-out" > "$T/payroll.log" 2>&1 \
  || { echo "e2e: assess/payroll 2019-10 failed" >&2; cat "$T/assess.log" "$T/payroll.log" >&2; exit 2; }
if [ ! -d "$ROOT/web/node_modules/echarts" ]; then (cd "$ROOT/web" && npm ci --no-audit --no-fund); fi
PASSWORD="e2e-secret-pass-1"
printf '%s' "$PASSWORD" > "$T/pw"
while read -r name role region; do
  "$BIN" user add --db "$T/reg.db" --name "$name" --role "$role" --region "$region" --password-file "$T/pw" > /dev/null
done <<'USERS'
c1 community 450102001003
s1 street 450102001
s2 street 450102002
k1 county 450102
m1 medical_insurance 450102
a1 auditor 450102
USERS

"$BIN" serve --db "$T/reg.db" --port 0 --test-clock --web "$ROOT/web" > "$T/server.log" 2>&1 &
PID=$!
URL=""
for _ in $(seq 1 100); do
  URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/server.log" | head -1 || true)"
  [ -n "$URL" ] && break
  if ! kill -0 "$PID" 2>/dev/null; then echo "e2e: 服务未能启动" >&2; cat "$T/server.log" >&2; exit 2; fi
  sleep 0.1
done
if [ -z "$URL" ]; then echo "e2e: 服务启动超时" >&2; cat "$T/server.log" >&2; exit 2; fi
echo "e2e: server at $URL (registry $T/reg.db)"

set +e
# e2e.test.mjs first (its scenarios set the test clock and the case the others may read), then every
# other *.test.mjs (one file per part: reports, supervision, …), one at a time: they share one server.
rc=0
for f in e2e.test.mjs $(cd "$HERE" && ls *.test.mjs | grep -v '^e2e\.test\.mjs$' | sort); do
  (cd "$HERE" && SN_URL="$URL" SN_PASSWORD="$PASSWORD" node --test "$f") || rc=1
done
set -e
if [ $rc -ne 0 ]; then echo "e2e: server log:" >&2; tail -n 30 "$T/server.log" >&2; fi
exit $rc
