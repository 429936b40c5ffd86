# tests/cli/serve.sh - checks of corsim serve, sourced by tests/cli/run.sh
# (it uses run.sh's TAP helpers, $CORSIM, $DATA and $TMP).
#
# Each check starts `corsim serve` in the background on free high ports,
# talks to it with curl, and stops it; the EXIT trap kills a server left
# running. Responses are compared byte for byte.

SERVE_PID=
trap 'if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null; fi; rm -rf "$TMP"' EXIT HUP INT TERM

SLOG=$TMP/serve.log
SERR=$TMP/serve.err

# serve_file TEMPLATE: the template with PAGE and API replaced by the ports.
serve_file() {
  sed -e "s/:PAGE/:$PAGE/g" -e "s/:API/:$API/g" "$1" >"$TMP/served-$(basename "$1")"
  echo "$TMP/served-$(basename "$1")"
}

# start_serve TEMPLATE [OPTIONS...]: starts corsim serve on the template
# (ports chosen until two free ones are found) and waits for its "ready"
# log line in $READY_LOG (default: stdout's $SLOG). Sets SERVE_PID, PAGE,
# API, SFILE; returns 1 when it never got ready ($SERR says why).
start_serve() {
  tmpl=$1
  shift
  base=$((20000 + ($$ * 7 + ${try_seed:-0}) % 40000))
  try_seed=$((${try_seed:-0} + 13))
  for attempt in 1 2 3 4 5 6 7 8; do
    PAGE=$((base + attempt * 2))
    API=$((PAGE + 1))
    SFILE=$(serve_file "$tmpl")
    # The previous run's log has a ready line too: gone before the new
    # server starts, or a slow start reads the old one (a flaky check).
    rm -f "$SLOG" "$SERR" ${READY_LOG:+"$READY_LOG"}
    "$CORSIM" serve "$@" "$SFILE" >"$SLOG" 2>"$SERR" &
    SERVE_PID=$!
    i=0
    while [ $i -lt 100 ]; do
      if grep -q '"kind": "ready"' "${READY_LOG:-$SLOG}" 2>/dev/null; then
        return 0
      fi
      if ! kill -0 "$SERVE_PID" 2>/dev/null; then break; fi
      sleep 0.05
      i=$((i + 1))
    done
    kill "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID" 2>/dev/null
    SERVE_PID=
    grep -q "address already in use" "$SERR" || return 1
  done
  return 1
}

# stop_serve: SIGTERM, and the exit status in $rc.
stop_serve() {
  kill -TERM "$SERVE_PID" 2>/dev/null
  wait "$SERVE_PID"
  rc=$?
  SERVE_PID=
}

# fetch OUT CURL-ARGS...: the raw response (head and body) in OUT.
fetch() {
  out=$1
  shift
  curl -s -i --max-time 5 "$@" >"$out" 2>/dev/null
}

# same_bytes DESC FILE EXPECTED-PRINTF-FORMAT
same_bytes() {
  # shellcheck disable=SC2059
  printf "$3" >"$TMP/expected"
  if cmp -s "$2" "$TMP/expected"; then ok "$1"; else
    not_ok "$1" "expected: $(head -c 300 "$TMP/expected" | tr '\r\n' '~|')" \
      "got:      $(head -c 300 "$2" | tr '\r\n' '~|')"; fi
}

serve_checks() {
  run serve --help
  expect_rc "serve --help" 0
  for opt in "--log FILE" --skip-unhostable --exit-after-results --no-runner \
    "--settle MS" "--timeout MS" --help; do
    has "serve --help lists $opt" "$OUT" "$opt"
  done
  run --help
  has "--help lists serve" "$OUT" "serve"
  run serve
  expect_rc "serve without a file" 2
  run serve --settle soon "$DATA/single.json"
  expect_rc "serve --settle with a bad value" 2
  has "serve --settle: the value named" "$ERR" \
    "corsim: serve: --settle: expected a number of milliseconds, got 'soon'"
  run serve --timeout 86400001 "$DATA/single.json"
  expect_rc "serve --timeout past a day" 2
  has "serve --timeout: the value named" "$ERR" \
    "corsim: serve: --timeout: expected a number of milliseconds, got '86400001'"
  run serve --settle -5 "$DATA/single.json"
  expect_rc "serve --settle with a sign" 2
  run serve --settle 2.5 "$DATA/single.json"
  expect_rc "serve --settle with a fraction" 2

  if start_serve "$DATA/serve.jsonl"; then
    ok "serve: starts and logs ready"
    has "serve: says where it listens" "$SERR" "corsim: serve: listening on http://127.0.0.1:$PAGE, http://127.0.0.1:$API"
    has "serve: ready line lists the runner pages" "$SLOG" "\"scenarios\": [{\"scenario\": 0, \"runner\": \"http://127.0.0.1:$PAGE/__corsim/run/0\"}, {\"scenario\": 1, \"runner\": \"http://127.0.0.1:$PAGE/__corsim/run/1\"}]"

    fetch "$TMP/r" "http://127.0.0.1:$API/odd"
    same_bytes "serve: odd status, duplicate and odd header lines, byte for byte" "$TMP/r" \
      'HTTP/1.1 299 \r\nAccess-Control-Allow-Origin: *\r\nX-Dup: one\r\nX-Dup: two\r\nX-Odd:  spaced  value \r\nContent-Length: 2\r\n\r\nok'
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/s0/odd"
    same_bytes "serve: the same under scenario 0's prefix" "$TMP/r" \
      'HTTP/1.1 299 \r\nAccess-Control-Allow-Origin: *\r\nX-Dup: one\r\nX-Dup: two\r\nX-Odd:  spaced  value \r\nContent-Length: 2\r\n\r\nok'
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/s1/odd"
    same_bytes "serve: scenario 1's prefix answers from scenario 1 only" "$TMP/r" \
      'HTTP/1.1 999 \r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok'
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/s0/go"
    has "serve: hosted Location gets the prefix" "$TMP/r" "Location: http://127.0.0.1:$API/__corsim/s0/odd"
    fetch "$TMP/r" "http://127.0.0.1:$API/go"
    has "serve: Location unchanged without prefix" "$TMP/r" "Location: http://127.0.0.1:$API/odd"
    fetch "$TMP/r" -I "http://127.0.0.1:$API/__corsim/s1/odd"
    same_bytes "serve: HEAD gets the head only" "$TMP/r" \
      'HTTP/1.1 999 \r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\n'
    fetch "$TMP/r" -I "http://127.0.0.1:$API/odd"
    has "serve: no prefix: the first scenario whose rules answer (HEAD: scenario 1)" "$TMP/r" 'HTTP/1.1 999 '
    fetch "$TMP/r" -X patch "http://127.0.0.1:$API/items"
    same_bytes "serve: lower-case method matches its rule" "$TMP/r" \
      "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://127.0.0.1:$PAGE\r\nContent-Length: 2\r\n\r\nok"
    fetch "$TMP/r" -X PATCH "http://127.0.0.1:$API/items"
    has "serve: methods are case-sensitive (PATCH is not patch)" "$TMP/r" "HTTP/1.1 404 Not Found"
    fetch "$TMP/r" "http://127.0.0.1:$API/nothing"
    has "serve: unanswered request: 404" "$TMP/r" "HTTP/1.1 404 Not Found"
    has "serve: unanswered request: says why" "$TMP/r" "corsim serve: no server rule answers GET http://127.0.0.1:$API/nothing"
    fetch "$TMP/r" "http://127.0.0.1:$PAGE/__corsim/run/0"
    has "serve: runner page at the origin" "$TMP/r" "HTTP/1.1 200 OK"
    has "serve: runner page is HTML" "$TMP/r" "Content-Type: text/html; charset=utf-8"
    has "serve: runner page logs corsim:begin" "$TMP/r" '"corsim:begin "'
    has "serve: runner page has the scenario's requests" "$TMP/r" "\"url\": \"http://127.0.0.1:$API/items\", \"method\": \"patch\", \"headers\": [[\"X-Token\", \"abc\"]]"
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/run/0"
    has "serve: runner page only at its origin" "$TMP/r" "HTTP/1.1 404 Not Found"
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/"
    has "serve: /__corsim/ lists the runner pages" "$TMP/r" "<a href=\"http://127.0.0.1:$PAGE/__corsim/run/1\">second</a>"
    fetch "$TMP/r" -H 'Bad Header: x' "http://127.0.0.1:$API/odd"
    has "serve: malformed request: 400" "$TMP/r" "HTTP/1.1 400 Bad Request"
    fetch "$TMP/r" -X POST --data '{"scenario": 0, "requests": []}' "http://127.0.0.1:$PAGE/__corsim/result/0"
    has "serve: results accepted" "$TMP/r" "HTTP/1.1 204 No Content"

    stop_serve
    expect_rc "serve: SIGTERM" 0
    has "serve log: wire line, lower-case method, un-prefixed URL" "$SLOG" "\"scenario\": 0, \"internal\": null, \"method\": \"patch\", \"url\": \"http://127.0.0.1:$API/items\", \"target\": \"/items\", \"version\": \"HTTP/1.1\", \"headers\": [[\"Host\", \"127.0.0.1:$API\"], [\"User-Agent\", "
    has "serve log: prefixed request, its scenario and rule" "$SLOG" "\"scenario\": 1, \"internal\": null, \"method\": \"GET\", \"url\": \"http://127.0.0.1:$API/odd\", \"target\": \"/__corsim/s1/odd\""
    has "serve log: answered by rule 0 with 999" "$SLOG" '"body_length": 0, "answered": true, "rule": 0, "status": 999}'
    has "serve log: unanswered" "$SLOG" '"answered": false, "rule": null, "status": 404}'
    has "serve log: runner page request" "$SLOG" '"scenario": 0, "internal": "runner", "method": "GET"'
    has "serve log: malformed request" "$SLOG" '"status": 400, "error": "invalid header name"'
    has "serve log: result line" "$SLOG" '"kind": "result", "seq": '
    has "serve log: result JSON" "$SLOG" '"scenario": 0, "result": {"scenario": 0, "requests": []}}'
    if python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$SLOG" 2>/dev/null; then
      ok "serve log: every line is JSON"
    elif ! command -v python3 >/dev/null 2>&1; then
      ok "serve log: every line is JSON # SKIP no python3"
    else
      not_ok "serve log: every line is JSON" "$(head -c 600 "$SLOG")"
    fi
  else
    not_ok "serve: starts and logs ready" "$(head -c 600 "$SERR")"
  fi

  READY_LOG=$TMP/results.log
  if start_serve "$DATA/serve.jsonl" --exit-after-results --log "$TMP/results.log"; then
    READY_LOG=
    curl -s --max-time 5 --data '{}' "http://127.0.0.1:$PAGE/__corsim/result/0" >/dev/null
    curl -s --max-time 5 --data '{}' "http://127.0.0.1:$PAGE/__corsim/result/1" >/dev/null
    i=0
    while [ $i -lt 60 ] && kill -0 "$SERVE_PID" 2>/dev/null; do
      sleep 0.05
      i=$((i + 1))
    done
    if kill -0 "$SERVE_PID" 2>/dev/null; then
      not_ok "serve --exit-after-results: exits after the last result"
      stop_serve
    else
      wait "$SERVE_PID"
      rc=$?
      SERVE_PID=
      expect_rc "serve --exit-after-results: exits after the last result" 0
    fi
    lines "serve --log FILE: nothing on stdout" "$SLOG" 0
    has "serve --log FILE: the log is in FILE" "$TMP/results.log" '"kind": "result"'
  else
    READY_LOG=
    not_ok "serve --exit-after-results starts" "$(head -c 600 "$SERR")"
  fi

  PAGE=18801 API=18802
  run serve "$(serve_file "$DATA/serve-foreign.jsonl")"
  expect_rc "serve: a host it cannot serve" 2
  has "serve: names file, scenario and field of a foreign host" "$ERR" "served-serve-foreign.jsonl: scenario 2 (\"foreign\"): request.url: cannot serve \"http://app.example/a\": app.example:80 is not a loopback address"
  has "serve: names the Location header that needs TLS" "$ERR" "scenario 3 (\"tls\"): server[0].headers[0]: cannot serve \"https://127.0.0.1:$API/b\": https is not supported (serve has no TLS)"

  if start_serve "$DATA/serve-foreign.jsonl" --skip-unhostable; then
    ok "serve --skip-unhostable: starts"
    has "serve --skip-unhostable: warns" "$SERR" "scenario 2 (\"foreign\"): request.url: scenario skipped: cannot serve"
    has "serve --skip-unhostable: skipped in the ready line" "$SLOG" '"skipped": [1, 2]}'
    stop_serve
    expect_rc "serve --skip-unhostable: SIGTERM" 0
  else
    not_ok "serve --skip-unhostable: starts" "$(head -c 600 "$SERR")"
  fi


  run serve "$(serve_file "$DATA/serve-frontend.jsonl")"
  expect_rc "serve: an https origin needs --no-runner" 2
  has "serve: names the origin" "$ERR" "scenario 1 (\"mock-api\"): origin: cannot serve \"https://app.example\": https is not supported"
  run serve --no-runner --exit-after-results "$DATA/serve-frontend.jsonl"
  expect_rc "serve: --no-runner with --exit-after-results" 2
  if start_serve "$DATA/serve-frontend.jsonl" --no-runner; then
    ok "serve --no-runner: starts with any origin"
    has "serve --no-runner: listens on the API only" "$SERR" "corsim: serve: listening on http://127.0.0.1:$API
  "
    has "serve --no-runner: no runner in the ready line" "$SLOG" '"scenarios": [{"scenario": 0, "runner": null}]'
    fetch "$TMP/r" -H 'Origin: https://app.example' "http://127.0.0.1:$API/api/me"
    same_bytes "serve --no-runner: answers from the rules" "$TMP/r" \
      'HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://app.example\r\nAccess-Control-Allow-Credentials: true\r\nContent-Length: 2\r\n\r\nok'
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/run/0"
    has "serve --no-runner: no runner page" "$TMP/r" "HTTP/1.1 404 Not Found"
    stop_serve
    expect_rc "serve --no-runner: SIGTERM" 0
  else
    not_ok "serve --no-runner: starts with any origin" "$(head -c 600 "$SERR")"
  fi
  # Forty scenarios: numbering across a file, and storage that grows.
  i=0
  while [ $i -lt 40 ]; do
    echo "{\"name\": \"m$i\", \"origin\": \"http://127.0.0.1:PAGE\", \"request\": {\"url\": \"http://127.0.0.1:API/m\"}, \"server\": [{\"status\": $((200 + i))}]}"
    i=$((i + 1))
  done >"$TMP/many.jsonl"
  if start_serve "$TMP/many.jsonl"; then
    fetch "$TMP/r" "http://127.0.0.1:$API/__corsim/s39/m"
    has "serve: forty scenarios: the last one's prefix" "$TMP/r" "HTTP/1.1 239 "
    fetch "$TMP/r" "http://127.0.0.1:$API/m"
    has "serve: forty scenarios: no prefix, the first one" "$TMP/r" "HTTP/1.1 200 OK"
    stop_serve
    expect_rc "serve: forty scenarios: SIGTERM" 0
  else
    not_ok "serve: forty scenarios: starts" "$(head -c 600 "$SERR")"
  fi
}

if command -v curl >/dev/null 2>&1; then
  serve_checks
else
  ok "serve: # SKIP curl not installed"
fi
