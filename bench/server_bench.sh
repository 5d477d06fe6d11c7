#!/usr/bin/env bash
# The casework server under load (issue 3 "Speed and load"): a registry of 100k generated households,
# 10k cases waiting for approval, then wrk at 64 connections on loopback for POST /api/assess and GET
# of a case, and one bulk approval of 10,000 cases — on SQLite, and on PostgreSQL (a throwaway server
# from scripts/pg-test-server.sh). Prints requests/s and latency percentiles; README keeps the figures.
#   bench/server_bench.sh [HOUSEHOLDS] [SECONDS]     (SN_BENCH_BACKENDS="sqlite postgresql" by default)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DURATION=${2:-15}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
cmake --build build --target safetynet sn_seed_cases >/dev/null
SN=$PWD/build/safetynet
SEED=$PWD/build/tests/casework/sn_seed_cases
T=$(mktemp -d)
PORT=$((30000 + RANDOM % 10000))
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$T"' EXIT
"$SN" generate --households "$N" --seed 5 --month 2019-10 --out "$T/gen" >/dev/null
printf 'bench-pass-123\n' >"$T/pw"

bench_on() {  # $1 = db url, $2 = label
  local DB=$1
  echo "## $2 ($N households)"
  local t0=$SECONDS
  "$SN" import --db "$DB" "$T/gen"/*.csv >/dev/null
  echo "import: $((SECONDS - t0)) s"
  "$SN" user add --db "$DB" --name bench --role county --region 450000 --password-file "$T/pw" >/dev/null
  "$SEED" --db "$DB" --month 2019-10 --region 45 --state county_approval --count 10000 >"$T/ids"
  echo "cases waiting for approval: $(wc -l <"$T/ids")"
  "$SN" serve --db "$DB" --port "$PORT" --today 2019-10-20 --threads 80 >"$T/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/openapi.json" && break; sleep 0.1; done
  local token
  token=$(curl -s -X POST "http://127.0.0.1:$PORT/api/login" -H 'Content-Type: application/json' \
    -d '{"name":"bench","password":"bench-pass-123"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  echo "### POST /api/assess, 64 connections, ${DURATION}s"
  SN_ASSESS_BODY=bench/server/assess_request.json wrk -t2 -c64 -d"${DURATION}s" --latency -s bench/server/post_assess.lua \
    "http://127.0.0.1:$PORT/api/assess" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
  echo "### GET /api/cases/{id}, 64 connections, ${DURATION}s"
  SN_CASE_IDS=$T/ids SN_TOKEN=$token wrk -t2 -c64 -d"${DURATION}s" --latency -s bench/server/get_case.lua \
    "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
  echo "### bulk approval of $(wc -l <"$T/ids") cases (one POST /api/cases/batch)"
  local ids body
  ids=$(paste -sd, "$T/ids")
  body="{\"event\":\"approve\",\"case_ids\":[$ids]}"
  curl -s -o "$T/batch.json" -w 'time %{time_total} s\n' -X POST "http://127.0.0.1:$PORT/api/cases/batch" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$body"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("approved", r["done"], "refused", r["refused"])' "$T/batch.json"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  echo
}

for backend in ${SN_BENCH_BACKENDS:-sqlite postgresql}; do
  if [ "$backend" = sqlite ]; then
    bench_on "$T/reg.db" "SQLite"
  else
    url=$(scripts/pg-test-server.sh start)
    psql -X -q "$url" -c "DROP DATABASE IF EXISTS sn_bench" -c "CREATE DATABASE sn_bench"
    bench_on "${url%/*}/sn_bench" "PostgreSQL"
    psql -X -q "$url" -c "DROP DATABASE IF EXISTS sn_bench"
  fi
done
