# Shared by the batch shell tests (sourced): SN is the binary, WORK the scratch directory; every check
# runs, failures are counted in `failures` and listed.
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run EXPECTED_EXIT NAME ARGS...: runs the binary, output in $WORK/NAME.out (stdout and stderr).
run() {
  expected=$1
  name=$2
  shift 2
  "$SN" "$@" >"$WORK/$name.out" 2>&1
  rc=$?
  if [ "$rc" -ne "$expected" ]; then
    fail "$name: exit $rc, expected $expected ($*)"
    sed 's/^/    /' "$WORK/$name.out"
  fi
}

# expect NAME TEXT: the output of NAME contains TEXT.
expect() {
  grep -qF -- "$2" "$WORK/$1.out" || { fail "$1: no '$2' in output"; sed 's/^/    /' "$WORK/$1.out"; }
}
