#!/bin/sh
# run-unit.sh - runs each unit test executable given as an argument in its
# own process (a crash in one does not stop the others), prints one TAP
# line per executable and a summary, and exits non-zero if any failed.
#
#   sh tests/run-unit.sh build/tests/sim/test_url build/tests/sim/test_str
#
# Each executable's own output is kept out of the TAP stream unless it
# fails; then it is shown as TAP comments ("# ...") after its line.
# CMOCKA_MESSAGE_OUTPUT is left to the caller (cmocka's default is fine).

n=0
failed=0
total=$#
tmp=${TMPDIR:-/tmp}/run-unit.$$
trap 'rm -f "$tmp"' EXIT INT TERM

echo "1..$total"
for t in "$@"; do
  n=$((n + 1))
  name=$(basename "$t")
  if [ ! -x "$t" ]; then
    echo "not ok $n - $name # not found or not executable"
    failed=$((failed + 1))
    continue
  fi
  "$t" >"$tmp" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "ok $n - $name"
  else
    if [ "$rc" -gt 128 ]; then
      why="killed by signal $((rc - 128))"
    else
      why="exit status $rc"
    fi
    echo "not ok $n - $name # $why"
    sed 's/^/# /' "$tmp"
    failed=$((failed + 1))
  fi
done

if [ "$failed" -eq 0 ]; then
  echo "# all $total unit test programs passed"
  exit 0
fi
echo "# $failed of $total unit test programs failed"
exit 1
