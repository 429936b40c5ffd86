#!/bin/sh
# tests/replay/run.sh - the golden replay tests listed in captures/TESTLIST
# (tcpdump's tests/TESTLIST): each line is
#   NAME  CAPTURE  EXPECTED-OUTPUT  [OPTIONS...]
# `corsim replay --json OPTIONS captures/CAPTURE` must print exactly
# captures/EXPECTED-OUTPUT; and where captures/BASE.observed.jsonl exists
# (BASE: CAPTURE without its extension; what a real browser did while the
# capture, or the HAR of the same run, was recorded), every script
# request in it must have a replay verdict that agrees
# (tests/replay/truth). For a HAR, a verdict that cannot tell is accepted
# where the HAR lacks a request the browser made, and counted;
# captures/NAME.known.json lists differences a fixture is known to carry.
# REGEN=1 rewrites the expected outputs instead (review the diff!).
BUILD=${BUILD:-build}
CORSIM=$BUILD/corsim
TRUTH=$BUILD/tests/replay/truth
out=$BUILD/replay
mkdir -p "$out"
n=0 failed=0
while read -r name capture expected opts; do
  case $name in '' | '#'*) continue ;; esac
  n=$((n + 1))
  got=$out/$name.jsonl
  # shellcheck disable=SC2086 # OPTIONS are words
  "$CORSIM" replay --json $opts "captures/$capture" >"$got" 2>"$out/$name.err"
  rc=$?
  if [ "${REGEN:-}" = 1 ]; then
    cp "$got" "captures/$expected"
  fi
  if [ $rc -ne 0 ]; then
    echo "not ok $n - $name: corsim replay exited $rc"
    head -5 "$out/$name.err"
    failed=$((failed + 1))
    continue
  fi
  if ! cmp -s "$got" "captures/$expected"; then
    echo "not ok $n - $name: output differs from captures/$expected"
    diff -u "captures/$expected" "$got" | head -20
    failed=$((failed + 1))
    continue
  fi
  observed=captures/${capture%.*}.observed.jsonl
  if [ -f "$observed" ]; then
    set -- "$observed" "$got"
    case $capture in *.har) set -- "$@" --har "captures/$capture" ;; esac
    if [ -f "captures/$name.known.json" ]; then
      set -- "$@" --known "captures/$name.known.json"
    fi
    if ! "$TRUTH" "$@" >"$out/$name.truth"; then
      echo "not ok $n - $name: replay disagrees with the browser's recording"
      head -20 "$out/$name.truth"
      failed=$((failed + 1))
      continue
    fi
    echo "ok $n - $name ($(tail -1 "$out/$name.truth" | sed 's/^truth: //'))"
  else
    echo "ok $n - $name"
  fi
done <captures/TESTLIST
echo "1..$n"
[ $failed -eq 0 ]
