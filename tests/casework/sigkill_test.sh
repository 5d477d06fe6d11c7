#!/usr/bin/env bash
# Kills the server (SIGKILL) in the middle of a bulk approval and of a payroll run, starts it again, and
# checks that no transition is half-applied and every case is paid exactly once for the month (issue 3
# "Reliability"; R12.1). Runs on SQLite, and on PostgreSQL too when SAFETYNET_TEST_PG names a server.
#   sigkill_test.sh SAFETYNET_BINARY SEED_BINARY
set -euo pipefail
SN=$(realpath "$1")
SEED=$(realpath "$2")
T=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_server() {  # $1 = db url
  "$SN" serve --db "$1" --port "$PORT" --today 2019-10-20 --threads 8 >"$T/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/api/openapi.json" && return 0
    sleep 0.1
  done
  cat "$T/server.log"; fail "server did not start"
}
kill_server() { kill -9 "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

login() {
  curl -s -X POST "http://127.0.0.1:$PORT/api/login" -H 'Content-Type: application/json' \
    -d '{"name":"approver","password":"kill-test-pass"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
api() {  # method path [body]
  curl -s -X "$1" "http://127.0.0.1:$PORT$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${3:+-d "$3"}
}

sql() {  # query on the current database, one value per line
  if [[ "$DB" == postgresql://* ]]; then psql -X -qtA "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}

run_on() {  # $1 = db url, $2 = households
  DB=$1
  echo "== $DB"
  "$SN" generate --households "$2" --seed 11 --month 2019-10 --out "$T/gen" >/dev/null
  "$SN" import --db "$DB" "$T/gen"/*.csv >/dev/null
  printf 'kill-test-pass\n' >"$T/pw"
  "$SN" user add --db "$DB" --name approver --role county --region 450000 --password-file "$T/pw" >/dev/null
  "$SEED" --db "$DB" --month 2019-10 --region 45 --state county_approval --count 3000 >"$T/ids"
  local n; n=$(wc -l <"$T/ids")
  [ "$n" -ge 1000 ] || fail "only $n cases seeded"
  local ids; ids=$(paste -sd, "$T/ids")

  # --- bulk approval, killed part-way, twice, then finished ---
  for delay in 0.15 0.4; do
    start_server "$DB"
    TOKEN=$(login)
    api POST /api/cases/batch "{\"event\":\"approve\",\"case_ids\":[$ids]}" >/dev/null &
    sleep "$delay"
    kill_server
    wait || true
    # No transition half-applied: every case's state is its last step's, each approval has its step,
    # and the audit chain is whole.
    [ "$(sql "SELECT count(*) FROM casefile c WHERE c.state <> (SELECT s.to_state FROM case_step s WHERE s.case_id = c.id ORDER BY s.id DESC LIMIT 1)")" = 0 ] \
      || fail "a case whose state is not its last step's"
    [ "$(sql "SELECT count(*) FROM casefile WHERE state = 'in_payment'")" = "$(sql "SELECT count(*) FROM case_step WHERE event = 'approve'")" ] \
      || fail "approvals and approval steps differ"
    [ "$(sql "SELECT count(*) FROM casefile WHERE state = 'in_payment' AND (pay_from IS NULL OR approved_on IS NULL)")" = 0 ] \
      || fail "an approved case without pay_from"
    "$SN" audit verify --db "$DB" >/dev/null || fail "audit chain broken after SIGKILL"
    echo "  killed bulk approval after ${delay}s: $(sql "SELECT count(*) FROM casefile WHERE state = 'in_payment'") of $n approved, consistent"
  done
  start_server "$DB"
  TOKEN=$(login)
  api POST /api/cases/batch "{\"event\":\"approve\",\"case_ids\":[$ids]}" >"$T/batch.json"
  [ "$(sql "SELECT count(*) FROM casefile WHERE state = 'in_payment'")" = "$n" ] || fail "not every case approved after restart"
  python3 - "$T/batch.json" "$n" <<'EOF' || fail "batch result"
import json, sys
r = json.load(open(sys.argv[1])); n = int(sys.argv[2])
assert r["done"] + r["refused"] == n, r
assert all(x["code"] == "wrong_state" for x in r["results"] if not x["ok"]), "a refusal other than already approved"
EOF

  # --- payroll for 2019-11, killed part-way, then run again: each case paid exactly once ---
  for delay in 0.2 0.6; do
    api POST /api/payroll '{"month":"2019-11"}' >/dev/null &
    sleep "$delay"
    kill_server
    wait || true
    start_server "$DB"
    TOKEN=$(login)
  done
  api POST /api/payroll '{"month":"2019-11"}' >"$T/pay1.json"
  api POST /api/payroll '{"month":"2019-11"}' >"$T/pay2.json"
  python3 - "$T/pay2.json" <<'EOF' || fail "second payroll paid again"
import json, sys
r = json.load(open(sys.argv[1])); assert r["new_cases"] == 0 and r["new_total"] == "0.00", r
EOF
  # Exactly the payable households, once each, for the amount assessed.
  local expected paid dup mismatch
  expected=$(sql "SELECT count(*) FROM assessment a JOIN household h ON h.id = a.household_id WHERE a.month = 201911 AND a.monthly_cash > 0 AND a.refusal IS NULL AND NOT EXISTS (SELECT 1 FROM casefile c WHERE c.household_id = h.id AND NOT (c.state IN ('in_payment','gradual_exit') AND c.pay_from <= 201911))")
  paid=$(sql "SELECT count(*) FROM payment WHERE month = 201911")
  dup=$(sql "SELECT count(*) FROM (SELECT household_id FROM payment GROUP BY household_id, month HAVING count(*) > 1) d")
  mismatch=$(sql "SELECT count(*) FROM payment p JOIN assessment a ON a.household_id = p.household_id AND a.month = p.month WHERE p.month = 201911 AND p.amount <> a.monthly_cash")
  [ "$paid" = "$expected" ] || fail "paid $paid households, expected $expected"
  [ "$dup" = 0 ] || fail "$dup households paid twice"
  [ "$mismatch" = 0 ] || fail "$mismatch payments differ from their assessment"
  [ "$(sql "SELECT count(*) FROM payment p JOIN casefile c ON c.household_id = p.household_id WHERE p.month = 201911 AND c.pay_from > 201911")" = 0 ] \
    || fail "a case paid before its first month"
  "$SN" audit verify --db "$DB" >/dev/null || fail "audit chain broken"
  kill_server
  echo "  payroll killed twice then completed: $paid households paid once each, none twice, amounts as assessed"
  # An entry edited behind the system's back is found, and named.
  sql "UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = 2" >/dev/null
  if "$SN" audit verify --db "$DB" 2>"$T/audit.err"; then fail "an edited audit entry went unnoticed"; fi
  grep -q "edited，第 2 条" "$T/audit.err" || { cat "$T/audit.err"; fail "audit verify did not name entry 2"; }
  echo "  audit verify names the edited entry: $(cat "$T/audit.err")"
}

command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/install-deps.sh installs it)"
run_on "$T/reg.db" 20000
if [ -n "${SAFETYNET_TEST_PG:-}" ]; then
  db="sn_sigkill_$$"
  psql -X -q "$SAFETYNET_TEST_PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  run_on "${SAFETYNET_TEST_PG%/*}/$db" 6000
  psql -X -q "$SAFETYNET_TEST_PG" -c "DROP DATABASE IF EXISTS $db" || true
else
  echo "PostgreSQL part skipped: SAFETYNET_TEST_PG is not set (scripts/test.sh sets it)"
fi
echo "sigkill test passed"
