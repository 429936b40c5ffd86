#!/bin/sh
# tests/run-cases.sh - the data-driven regression suite (tests/cases/*.json).
#
# Run by `make check` as `BUILD=$(BUILD) sh tests/run-cases.sh`. Every file
# is checked with `$BUILD/corsim test FILE`; the expectations in the files
# are browser facts (shared/reference sheets), not corsim's own output.
#
# tests/cases/KNOWN_FAILURES lists confirmed, reported model bugs, one
#   FILE NAME #INDEX   # reason (sheet + section)
# per line (FILE is the file name under tests/cases/, NAME the scenario
# name, INDEX the request's index; blank lines and lines starting with '#'
# are ignored). A listed case that fails is reported as "KNOWN FAIL" and
# does not fail the run; a listed case that passes is reported as "XPASS"
# and fails the run (remove it from the list), and so does an entry that
# names no checked request (a stale entry).
#
# Exit status: 0 when every failure is a known one; 1 on an unexpected
# failure, an XPASS or a stale entry; 2 when a file is bad input or corsim
# is missing.

BUILD=${BUILD:-build}
CORSIM=$BUILD/corsim
DIR=$(dirname "$0")/cases
KNOWN=$DIR/KNOWN_FAILURES

if [ ! -x "$CORSIM" ]; then
  echo "run-cases: $CORSIM not found (build it with make)" >&2
  exit 2
fi

tmp=${TMPDIR:-/tmp}/run-cases.$$
mkdir "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# The known-failure keys "FILE NAME #INDEX", comments stripped.
if [ -f "$KNOWN" ]; then
  awk '/^[ \t]*(#|$)/ { next }
       { if (NF < 3) { print "run-cases: bad KNOWN_FAILURES line: " $0 > "/dev/stderr"; bad = 1; next }
         print $1 " " $2 " " $3 }
       END { exit bad }' "$KNOWN" >"$tmp/known" || exit 2
else
  : >"$tmp/known"
fi

status=0
: >"$tmp/seen"
for f in "$DIR"/*.json; do
  [ -e "$f" ] || continue
  base=$(basename "$f")
  "$CORSIM" test "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$rc" -ge 2 ]; then
    echo "ERROR $base: corsim test exited with $rc"
    cat "$tmp/err"
    status=2
    continue
  fi
  # Classify every PASS/FAIL line; keep a FAIL's indented detail lines.
  awk -v file="$base" -v known="$tmp/known" -v seen="$tmp/seen" '
    BEGIN { while ((getline k < known) > 0) K[k] = 1 }
    /^(PASS|FAIL) / {
      key = file " " $2 " " $3
      state = $1; detail = 0
      if (key in K) {
        print key >> seen
        if (state == "FAIL") { print "KNOWN FAIL " key; nknown++ }
        else { print "XPASS " key " (listed in KNOWN_FAILURES but passes)"; nxpass++ }
      } else if (state == "FAIL") {
        print "FAIL " key; nfail++; detail = 1
      } else {
        npass++
      }
      next
    }
    /^[ \t]/ { if (detail) print; next }
    { detail = 0 }
    END {
      printf "%s: %d passed, %d failed, %d known failures, %d xpass\n", file, npass, nfail, nknown, nxpass
      exit ((nfail + nxpass) > 0 ? 1 : 0)
    }' "$tmp/out" || { [ "$status" -eq 0 ] && status=1; }
  cat "$tmp/err" >&2
done

# Entries that matched no checked request.
while read -r k; do
  if ! grep -qxF "$k" "$tmp/seen"; then
    echo "STALE $k (listed in KNOWN_FAILURES but no such checked request)"
    [ "$status" -eq 0 ] && status=1
  fi
done <"$tmp/known"

if [ "$status" -eq 0 ]; then
  echo "run-cases: OK"
else
  echo "run-cases: FAILED (status $status)"
fi
exit "$status"
