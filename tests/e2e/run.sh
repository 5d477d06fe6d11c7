#!/usr/bin/env bash
# End-to-end browser tests of the web pages (web/): a fresh registry with the demo households, one
# user per role, `safetynet serve --test-clock` on a free port, and the node:test scenarios in
# e2e.test.mjs driving headless Chromium through playwright-core.
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

"$BIN" import --db "$T/reg.db" "$ROOT"/data/demo/csv/*.csv > "$T/import.log"
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
(cd "$HERE" && SN_URL="$URL" SN_PASSWORD="$PASSWORD" node --test e2e.test.mjs)
rc=$?
set -e
if [ $rc -ne 0 ]; then echo "e2e: server log:" >&2; tail -n 30 "$T/server.log" >&2; fi
exit $rc
