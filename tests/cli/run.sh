#!/bin/sh
# tests/cli/run.sh - tests of the corsim command's edge: input forms, bad
# input reporting, exit statuses, output formats, corsim test and JUnit,
# corsim gen.
#
#   BUILD=build sh tests/cli/run.sh      (make check runs it)
#
# Prints TAP. Each check asserts a concrete value, so a regression fails.
# The CORS verdicts used here are the elementary ones (an allowed simple GET,
# a GET without Access-Control-Allow-Origin); the model's finer points are
# tested by tests/sim and tests/cases.

BUILD=${BUILD:-build}
CORSIM=${CORSIM:-$BUILD/corsim}
DATA=tests/cli/data
ORIGIN=http://127.0.0.1:8001
TARGET=http://127.0.0.1:8002

if [ ! -x "$CORSIM" ]; then
  echo "Bail out! $CORSIM not built"
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/corsim-cli.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT HUP INT TERM
OUT=$TMP/out
ERR=$TMP/err

n=0
failed=0

ok() {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok() {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  shift
  for line in "$@"; do echo "#   $line"; done
}

# run ARGS...: runs corsim with stdout in $OUT, stderr in $ERR, status in $rc.
run() {
  NO_COLOR=1 "$CORSIM" "$@" >"$OUT" 2>"$ERR"
  rc=$?
}

# expect_rc DESC N
expect_rc() {
  if [ "$rc" -eq "$2" ]; then ok "$1: exit $2"; else
    not_ok "$1: exit $2" "got exit $rc" "stderr: $(head -c 600 "$ERR")"; fi
}

# has DESC FILE FIXED-STRING: FILE has a line containing the string.
has() {
  if grep -F -e "$3" "$2" >/dev/null 2>&1; then ok "$1"; else
    not_ok "$1" "missing: $3" "in $(basename "$2"): $(head -c 600 "$2")"; fi
}

# hasnt DESC FILE FIXED-STRING
hasnt() {
  if grep -F -e "$3" "$2" >/dev/null 2>&1; then
    not_ok "$1" "unexpected: $3"; else ok "$1"; fi
}

# line_is DESC FILE N TEXT: line N of FILE is exactly TEXT.
line_is() {
  got=$(sed -n "$3p" "$2")
  if [ "$got" = "$4" ]; then ok "$1"; else
    not_ok "$1" "expected: $4" "got:      $got"; fi
}

# lines DESC FILE N: FILE has exactly N lines.
lines() {
  got=$(wc -l <"$2" | tr -d ' ')
  if [ "$got" -eq "$3" ]; then ok "$1"; else
    not_ok "$1" "expected $3 lines, got $got" "$(head -c 600 "$2")"; fi
}

# ---- version and help --------------------------------------------------

run --version
expect_rc "--version" 0
version=$(sed -n 's/^#define CORSIM_VERSION_STRING "\(.*\)"$/\1/p' sim/include/corsim.h)
line_is "--version prints CORSIM_VERSION_STRING" "$OUT" 1 "corsim $version"

run --help
expect_rc "--help" 0
has "--help lists eval" "$OUT" "eval"
has "--help lists test" "$OUT" "test"

for form in "eval --help" "help eval"; do
  # shellcheck disable=SC2086
  run $form
  expect_rc "$form" 0
  for opt in --json "--browser B" --trace --expect-allowed --help; do
    has "$form lists $opt" "$OUT" "$opt"
  done
done
for form in "test --help" "help test"; do
  # shellcheck disable=SC2086
  run $form
  expect_rc "$form" 0
  for opt in "--browser B" "--junit FILE" --help; do
    has "$form lists $opt" "$OUT" "$opt"
  done
done

run
expect_rc "no command" 2
run frobnicate
expect_rc "unknown command" 2
has "unknown command named" "$ERR" "corsim: unknown command 'frobnicate'"
run help frobnicate
expect_rc "help for an unknown command" 2
run eval --bogus "$DATA/single.json"
expect_rc "unknown option" 2
has "unknown option named" "$ERR" "corsim: eval: unknown option '--bogus'"
run eval --browser edge "$DATA/single.json"
expect_rc "unknown browser" 2
has "unknown browser named" "$ERR" "unknown browser 'edge'"
run eval --browser
expect_rc "--browser without a value" 2
# diff --har: refused before any browser starts where it cannot record.
run diff --browser webkit --har "$TMP/x.har" "$DATA/single.json"
expect_rc "diff --har with webkit" 2
has "diff --har with webkit named" "$ERR" "--har: not supported with webkit"
run diff --help
has "diff --help lists --har" "$OUT" "--har FILE"
run eval
expect_rc "eval without a file" 2
run test
expect_rc "test without a file" 2

# ---- input forms --------------------------------------------------------

simple_prefix="{\"scenario\": \"simple\", \"request\": 0, \"browser\": \"chromium\", \"response_type\": \"cors\", \"blocked\": false, \"status\": 200, \"error\": null, \"message\": null, \"preflight\": \"none\", \"wire\": [{\"method\": \"GET\", \"url\": \"$TARGET/data\", \"headers\": ["

run eval --json "$DATA/single.json"
expect_rc "single object" 0
lines "single object: one JSON line" "$OUT" 1
case $(sed -n 1p "$OUT") in
"$simple_prefix"*) ok "single object: keys, order and values of the JSON line" ;;
*) not_ok "single object: keys, order and values of the JSON line" \
  "expected prefix: $simple_prefix" "got: $(sed -n 1p "$OUT")" ;;
esac
keys=$(grep -o '"\(scenario\|request\|browser\|response_type\|blocked\|status\|error\|message\|preflight\|wire\|exposed_headers\|fix\|also\|notes\|trace\)": ' "$OUT" | tr -d '":' | tr '\n' ' ')
expected_keys="scenario  request  browser  response_type  blocked  status  error  message  preflight  wire  status  exposed_headers  fix  also  notes  "
if [ "$keys" = "$expected_keys" ]; then ok "--json key order"; else
  not_ok "--json key order" "expected: $expected_keys" "got:      $keys"; fi
has "wire carries Origin" "$OUT" "[\"Origin\", \"$ORIGIN\"]"
has "wire status, then the format's tail" "$OUT" '"status": 200}], "exposed_headers": ["content-type"], "fix": null, "also": [], "notes": []}'

run eval --json --trace "$DATA/single.json"
expect_rc "--json --trace" 0
case $(sed -n 1p "$OUT") in
*'"notes": [], "trace": [{"rule": '*'}]}') ok "--trace adds a final trace key" ;;
*) not_ok "--trace adds a final trace key" "got: $(sed -n 1p "$OUT")" ;;
esac

run eval --json "$DATA/array.json"
expect_rc "JSON array" 0
lines "JSON array: two lines" "$OUT" 2
has "JSON array: first allowed" "$OUT" '{"scenario": "simple", "request": 0, "browser": "chromium", "response_type": "cors", "blocked": false, "status": 200, "error": null, "message": null,'
has "JSON array: second blocked" "$OUT" '{"scenario": "no-acao", "request": 0, "browser": "chromium", "response_type": "error", "blocked": true, "status": 0, "error": "MissingAllowOriginHeader", "message": "'

run eval --json "$DATA/lines.jsonl"
expect_rc "JSON Lines" 0
lines "JSON Lines: three lines (blank line skipped)" "$OUT" 3
has "JSON Lines: blob: with an empty type accepted" "$OUT" '"scenario": "blob-body"'

NO_COLOR=1 "$CORSIM" eval --json - <"$DATA/lines.jsonl" >"$OUT" 2>"$ERR"
rc=$?
expect_rc "stdin" 0
lines "stdin: three lines" "$OUT" 3

run eval --json --browser firefox "$DATA/single.json"
expect_rc "--browser override" 0
has "--browser override used" "$OUT" '"browser": "firefox"'

# ---- text output --------------------------------------------------------

run eval "$DATA/array.json"
expect_rc "text output" 0
line_is "text: allowed line" "$OUT" 1 "allowed  simple #0  GET $TARGET/data (chromium)  cors 200"
line_is "text: wire request" "$OUT" 2 "  > GET $TARGET/data"
line_is "text: wire header" "$OUT" 3 "  >   Origin: $ORIGIN"
line_is "text: wire status" "$OUT" 4 "  < 200"
has "text: blocked line" "$OUT" "BLOCKED  no-acao #0  GET $TARGET/data (chromium)  MissingAllowOriginHeader"
has "text: message" "$OUT" "  message: Access to fetch at '$TARGET/data' from origin '$ORIGIN' has been blocked by CORS policy: "
has "text: fix" "$OUT" "  fix: "
esc=$(printf '\033')
hasnt "text: no colour when not a terminal" "$OUT" "$esc"

run eval --trace "$DATA/single.json"
expect_rc "text --trace" 0
has "text --trace prints trace steps" "$OUT" "  trace: "

# ---- bad input ----------------------------------------------------------

run eval "$DATA/bad-json.json"
expect_rc "bad JSON" 2
has "bad JSON: file, line and jansson's message" "$ERR" "corsim: $DATA/bad-json.json:3:"
has "bad JSON: says invalid JSON" "$ERR" "invalid JSON: "

# Header strings are byte strings: Latin-1 characters are one byte each
# (shown back as the same text), anything beyond U+00FF is bad input.
printf '%s\n' '{"name": "latin1", "origin": "'"$ORIGIN"'", "request": {"url": "'"$TARGET"'/s", "headers": [["Accept", "\u00e9t\u00e9"]]}, "server": [{"method": "*", "url": "*", "status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}]}' >"$TMP/latin1.json"
run eval --json "$TMP/latin1.json"
expect_rc "latin-1 header value" 0
has "latin-1 header value: shown as written" "$OUT" '["Accept", "été"]'
printf '%s\n' '{"name": "euro", "origin": "'"$ORIGIN"'", "request": {"url": "'"$TARGET"'/s", "headers": [["X-Euro", "\u20ac"]]}, "server": [{"method": "*", "url": "*", "status": 200, "headers": [["X-Euro", "\u20ac"]]}]}' >"$TMP/euro.json"
run eval --json "$TMP/euro.json"
expect_rc "header value beyond U+00FF" 2
has "beyond U+00FF: names the field" "$ERR" "scenario 1 (\"euro\"): request.headers[0]: a character beyond U+00FF"

run eval --json "$DATA/mixed.jsonl"
expect_rc "mixed good and bad scenarios" 2
lines "mixed: the two good scenarios are printed" "$OUT" 2
has "mixed: first good printed" "$OUT" '{"scenario": "first-good", "request": 0,'
has "mixed: last good printed" "$OUT" '{"scenario": "last-good", "request": 0,'
has "mixed: unknown mode value" "$ERR" "corsim: $DATA/mixed.jsonl: scenario 2 (\"bad-mode\"): requests[0].mode: unknown value \"cros\" (expected cors, no-cors, same-origin)"
has "mixed: missing origin" "$ERR" "corsim: $DATA/mixed.jsonl: scenario 3 (\"no-origin\"): missing required field \"origin\""
has "mixed: bad JSON line with its line number" "$ERR" "corsim: $DATA/mixed.jsonl:4:"
has "mixed: unmatched wire request" "$ERR" "corsim: $DATA/mixed.jsonl: scenario 5 (\"unanswered\"): request: no server rule answers GET $TARGET/nothing"
has "mixed: invalid origin" "$ERR" "corsim: $DATA/mixed.jsonl: scenario 6 (\"bad-origin\"): origin: invalid origin \"$ORIGIN/\""
has "mixed: header pair shape" "$ERR" "scenario 7 (\"bad-types\"): request.headers[0]: expected a [name, value] pair of strings"
has "mixed: boolean type" "$ERR" "scenario 7 (\"bad-types\"): request.upload_listeners: expected true or false, got a string"
has "mixed: status type" "$ERR" "scenario 7 (\"bad-types\"): server[0].status: expected an integer status code, got a string"
hasnt "mixed: good scenarios cause no message" "$ERR" "good"

run eval --json "$DATA/nope.json" "$DATA/single.json"
expect_rc "missing file" 2
line_is "missing file: message" "$ERR" 1 "corsim: $DATA/nope.json: No such file or directory"
lines "missing file: the other file is still evaluated" "$OUT" 1

run eval --json "$DATA/unknown-field.json"
expect_rc "unknown fields are not fatal" 0
lines "unknown fields: still evaluated" "$OUT" 1
has "unknown field warned (scenario)" "$ERR" "scenario 1 (\"future\"): unknown field \"colour\" ignored"
has "unknown field warned (request)" "$ERR" "scenario 1 (\"future\"): request: unknown field \"priority\" ignored"
has "unknown field warned (rule)" "$ERR" "scenario 1 (\"future\"): server[0]: unknown field \"delay\" ignored"

run eval --json "$DATA/hypothetical.json"
expect_rc "unanswered hypothetical request is not an error" 0
has "hypothetical: the request is blocked" "$OUT" '"blocked": true'

# ---- --expect-allowed ---------------------------------------------------

run eval --expect-allowed "$DATA/single.json"
expect_rc "--expect-allowed, all allowed" 0
run eval --expect-allowed "$DATA/array.json"
expect_rc "--expect-allowed, one blocked" 1
run eval --expect-allowed "$DATA/array.json" "$DATA/bad-json.json"
expect_rc "--expect-allowed, blocked and bad input" 2
run eval "$DATA/array.json"
expect_rc "blocked without --expect-allowed" 0

# ---- corsim serve -------------------------------------------------------

. tests/cli/serve.sh
. tests/cli/replay.sh

# ---- corsim test --------------------------------------------------------

run test --junit "$TMP/pass.xml" "$DATA/suite-pass.json"
expect_rc "test: passing suite" 0
line_is "test: PASS line" "$OUT" 1 "PASS simple #0"
line_is "test: PASS line, shorthand request" "$OUT" 2 "PASS no-acao #0"
line_is "test: summary counts unchecked requests" "$OUT" 3 "2 passed, 0 failed (1 request without expect not checked)"

run test --junit "$TMP/fail.xml" "$DATA/suite-fail.json"
expect_rc "test: failing suite" 1
line_is "test: PASS first" "$OUT" 1 "PASS simple #0"
line_is "test: FAIL line" "$OUT" 2 "FAIL wrong <expectation> & \"quotes\" #0"
line_is "test: status diff" "$OUT" 3 "  status: expected 404, predicted 200"
line_is "test: error diff" "$OUT" 4 "  error: expected \"MissingAllowOriginHeader\", predicted null"
line_is "test: summary" "$OUT" 5 "1 passed, 1 failed"

run test --junit "$TMP/bad.xml" "$DATA/suite-bad.json"
expect_rc "test: bad expectation" 2
has "test: unknown error name reported" "$ERR" "scenario 2 (\"typo\"): request.expect.error: unknown error name \"MissingAllowOrigin\""
has "test: the good scenario still runs" "$OUT" "PASS simple #0"

run test "$DATA/suite-fail.json" "$DATA/suite-bad.json"
expect_rc "test: failure and bad input (2 wins)" 2

for x in pass fail bad; do
  f=$TMP/$x.xml
  if [ ! -s "$f" ]; then
    not_ok "junit $x: written" "no $f"
    continue
  fi
  ok "junit $x: written"
  if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout "$f" 2>"$TMP/xmlerr"; then ok "junit $x: well-formed (xmllint)"; else
      not_ok "junit $x: well-formed (xmllint)" "$(cat "$TMP/xmlerr")"; fi
  else
    has "junit $x: XML declaration" "$f" '<?xml version="1.0" encoding="UTF-8"?>'
    has "junit $x: closed" "$f" '</testsuites>'
  fi
done
has "junit pass: counts" "$TMP/pass.xml" '<testsuite name="tests/cli/data/suite-pass.json" tests="2" failures="0" errors="0">'
has "junit pass: testcase" "$TMP/pass.xml" '<testcase classname="tests/cli/data/suite-pass.json" name="simple #0"/>'
has "junit fail: counts" "$TMP/fail.xml" 'tests="2" failures="1" errors="0"'
has "junit fail: escaped name" "$TMP/fail.xml" 'name="wrong &lt;expectation&gt; &amp; &quot;quotes&quot; #0"'
has "junit fail: failure message" "$TMP/fail.xml" '<failure message="differs: status, error" type="mismatch">status: expected 404, predicted 200'
has "junit bad: error case" "$TMP/bad.xml" '<testcase classname="tests/cli/data/suite-bad.json" name="scenario 2 (typo)">'
has "junit bad: error element" "$TMP/bad.xml" '<error message="scenario 2 (&quot;typo&quot;): request.expect.error: unknown error name'

run test --junit "$TMP/no/such/dir/x.xml" "$DATA/suite-pass.json"
expect_rc "test: unwritable --junit" 2

# ---- corsim gen ---------------------------------------------------------

run --help
has "--help lists gen" "$OUT" "gen"
for form in "gen --help" "help gen"; do
  # shellcheck disable=SC2086
  run $form
  expect_rc "$form" 0
  for opt in "--seed N" "--count K" "-o, --output FILE" --help; do
    has "$form lists $opt" "$OUT" "$opt"
  done
done

GEN=$TMP/gen.jsonl
run gen --seed 1 --count 2000 -o "$GEN"
expect_rc "gen -o FILE" 0
lines "gen: --count 2000 gives 2000 lines" "$GEN" 2000
lines "gen -o FILE: nothing on stdout" "$OUT" 0
run gen --seed 1 --count 2000
expect_rc "gen to stdout" 0
if cmp -s "$OUT" "$GEN"; then ok "gen: same seed and count, same bytes"; else
  not_ok "gen: same seed and count, same bytes" "stdout and -o FILE differ"; fi
run gen --seed=1 --count=7
head -n 7 "$GEN" >"$TMP/gen-head"
if cmp -s "$OUT" "$TMP/gen-head"; then ok "gen: scenario I does not depend on --count"; else
  not_ok "gen: scenario I does not depend on --count" "--count 7 is not the first 7 lines of --count 2000"; fi
run gen --seed 2 --count 7
if cmp -s "$OUT" "$TMP/gen-head"; then
  not_ok "gen: another seed, other scenarios" "--seed 2 wrote what --seed 1 did"; else
  ok "gen: another seed, other scenarios"; fi
run gen --seed 18446744073709551615 --count 1
expect_rc "gen: the largest seed" 0
has "gen: the largest seed names the scenario" "$OUT" '{"name": "g18446744073709551615-1 '

# Every scenario is named gSEED-I and keeps its URLs under /gSEED-I/.
got=$(awk 'index($0, "{\"name\": \"g1-" NR " ") == 1 && index($0, "/g1-" NR "/") > 0' "$GEN" | wc -l | tr -d ' ')
if [ "$got" -eq 2000 ]; then ok "gen: names gSEED-I and paths /gSEED-I/"; else
  not_ok "gen: names gSEED-I and paths /gSEED-I/" "only $got of 2000 lines"; fi
hasnt "gen: no expect field" "$GEN" '"expect": '

# Every origin, request URL, rule URL and Location is loopback http.
{
  grep -o '"origin": "[^"]*"' "$GEN" | sed 's/^"origin": "//; s/"$//'
  grep -o '"url": "[^"]*"' "$GEN" | sed 's/^"url": "//; s/"$//'
  grep -o '\["[Ll]ocation", "[^"]*"\]' "$GEN" | sed 's/^\["[Ll]ocation", "//; s/"\]$//'
} >"$TMP/gen-urls"
loopback='^(\*|null|/g1-[0-9]+/.*|(http|HTTP)://(user:pw@)?(127\.0\.0\.1|localhost|LOCALHOST|\[::1\]|\[0:0:0:0:0:0:0:1\]):800[1-4](/.*)?)$'
nurls=$(wc -l <"$TMP/gen-urls" | tr -d ' ')
if [ "$nurls" -gt 4000 ] && ! grep -v -E "$loopback" "$TMP/gen-urls" >"$TMP/gen-bad"; then
  ok "gen: all $nurls origins and URLs are loopback http"; else
  not_ok "gen: all origins and URLs are loopback http" "$nurls checked" "$(head -5 "$TMP/gen-bad")"; fi

# Timed scenarios are rare and short: the browser run really waits.
timed=$(grep -c '"at": ' "$GEN")
maxat=$(grep -o '"at": [0-9.]*' "$GEN" | sed 's/"at": //' | sort -n | tail -1)
if [ "$timed" -gt 0 ] && [ "$timed" -le 100 ] && [ "${maxat:-0}" -le 6 ]; then
  ok "gen: $timed timed scenarios (at most 5 %), at <= 6 s"; else
  not_ok "gen: timed scenarios at most 5 %, at <= 6 s" "timed: $timed, largest at: $maxat"; fi

# Every generated scenario is valid input for every browser: exit 0, no
# message (not even a warning), one verdict per request.
nreq=$(grep -o '"api": ' "$GEN" | wc -l | tr -d ' ')
for b in chromium firefox webkit spec; do
  run eval --json --browser "$b" "$GEN"
  expect_rc "gen: eval --browser $b of 2000 scenarios" 0
  lines "gen: eval --browser $b: a verdict for each of the $nreq requests" "$OUT" "$nreq"
  if [ -s "$ERR" ]; then not_ok "gen: eval --browser $b: no messages" "$(head -3 "$ERR")"; else
    ok "gen: eval --browser $b: no messages"; fi
  [ "$b" = chromium ] && cp "$OUT" "$TMP/gen-eval"
done

# Coverage: both sides of each verdict field and every request option.
for v in '"blocked": true' '"blocked": false' '"preflight": "sent"' \
  '"preflight": "none"' '"preflight": "cached"' '"response_type": "cors"' \
  '"response_type": "basic"' '"response_type": "opaque"' \
  '"response_type": "opaqueredirect"' '"response_type": "error"'; do
  has "gen coverage: verdicts with $v" "$TMP/gen-eval" "$v"
done
nerrors=$(grep -o '"error": "[A-Za-z]*"' "$TMP/gen-eval" | sort -u | wc -l | tr -d ' ')
if [ "$nerrors" -ge 25 ]; then ok "gen coverage: $nerrors distinct error names"; else
  not_ok "gen coverage: at least 25 distinct error names" "got $nerrors"; fi
for v in '"api": "fetch"' '"api": "xhr"' '"mode": "cors"' '"mode": "no-cors"' \
  '"mode": "same-origin"' '"credentials": "omit"' \
  '"credentials": "same-origin"' '"credentials": "include"' \
  '"redirect": "follow"' '"redirect": "error"' '"redirect": "manual"' \
  '"body": "formdata"' '"body": "blob:' '"upload_listeners": true' \
  '"origin": "null"' '"origin": "http://[::1]:8001"' '"method": "patch"' \
  '"method": "TRACE"' '["DPR", ' '["Cookie", ' '"status": 307' \
  '"status": 403' '["Access-Control-Max-Age", "0"]'; do
  has "gen coverage: scenarios with $v" "$GEN" "$v"
done

# Bad usage: a clear message, exit 2, nothing written.
gen_bad() {
  desc=$1
  msg=$2
  shift 2
  run gen "$@"
  expect_rc "gen $desc" 2
  has "gen $desc: message" "$ERR" "$msg"
  lines "gen $desc: no output" "$OUT" 0
}
gen_bad "without --seed" "corsim: gen: missing --seed" --count 5
gen_bad "without --count" "corsim: gen: missing --count" --seed 1
gen_bad "--seed abc" "corsim: gen: invalid --seed 'abc'" --seed abc --count 5
gen_bad "--seed -1" "corsim: gen: invalid --seed '-1'" --seed -1 --count 5
gen_bad "--seed 2^64" "corsim: gen: invalid --seed '18446744073709551616'" --seed 18446744073709551616 --count 1
gen_bad "--seed ''" "corsim: gen: invalid --seed ''" --seed '' --count 1
gen_bad "--count 0" "corsim: gen: invalid --count '0'" --seed 1 --count 0
gen_bad "--count -3" "corsim: gen: invalid --count '-3'" --seed 1 --count -3
gen_bad "--count 12x" "corsim: gen: invalid --count '12x'" --seed 1 --count 12x
gen_bad "--count without a value" "corsim: gen: option '--count' needs a value" --seed 1 --count
gen_bad "unknown option" "corsim: gen: unknown option '--bogus'" --seed 1 --count 1 --bogus
gen_bad "with a file operand" "corsim: gen: unexpected argument 'x.json'" --seed 1 --count 1 x.json
gen_bad "unwritable -o" "corsim: gen: $TMP/no/such/dir/g.jsonl: " --seed 1 --count 1 -o "$TMP/no/such/dir/g.jsonl"

echo "1..$n"
[ "$failed" -eq 0 ]
