# tests/cli/replay.sh - corsim replay at its edge: options, bad input,
# damaged captures, HAR, -j output order. Sourced by tests/cli/run.sh
# (uses its run/expect_rc/has/lines helpers). The verdicts themselves are
# checked against real browsers by tests/replay/run.sh.

CAP=captures/chromium-basic.pcap

run replay --help
expect_rc "replay --help" 0
has "replay --help lists --only-blocked" "$OUT" "--only-blocked"
has "replay --help lists -j N" "$OUT" "-j N"

run replay
expect_rc "replay without input" 2
has "replay without input: says so" "$ERR" "corsim: replay: no input"

run replay "$TMP/missing.pcap"
expect_rc "replay of a missing file" 2
has "replay of a missing file: names it" "$ERR" "corsim: replay: $TMP/missing.pcap: No such file or directory"

printf 'GET / HTTP/1.1\r\n\r\n' >"$TMP/notcap"
run replay "$TMP/notcap"
expect_rc "replay of a text file" 2
has "replay of a text file: names it and why" "$ERR" "corsim: replay: $TMP/notcap: not a capture (pcap, pcapng) or a HAR file"

run replay --window 0 "$CAP"
expect_rc "replay --window 0" 2
run replay -j 0 "$CAP"
expect_rc "replay -j 0" 2
run replay --explain x "$CAP"
expect_rc "replay --explain x" 2
run replay --bogus "$CAP"
expect_rc "replay with an unknown option" 2
has "replay with an unknown option: names it" "$ERR" "unknown option '--bogus'"

# The table and its summary.
run replay "$CAP"
expect_rc "replay of a capture" 0
line_is "replay: the table's head" "$OUT" 1 "#     TIME (UTC)    VERDICT  METHOD  ORIGIN -> URL"
has "replay: a blocked request with its error" "$OUT" "error: MissingAllowOriginHeader (chromium)"
has "replay: the summary counts" "$OUT" "script requests:"

run replay --only-blocked "$CAP"
expect_rc "replay --only-blocked" 0
hasnt "replay --only-blocked: no allowed row" "$OUT" "  allowed  "

run replay --json "$CAP"
expect_rc "replay --json" 0
has "replay --json: the output fields" "$OUT" '"response_type": "cors", "blocked": false, "status": 200'
has "replay --json: where it came from" "$OUT" '"source": {"file": "captures/chromium-basic.pcap", "exchanges": [{"role": "actual", "connection": 3'
has "replay --json: the summary last" "$OUT" '{"summary": {"files": 1'

run replay --explain 11 "$CAP"
expect_rc "replay --explain 11" 0
lines_atleast=$(grep -c "trace:" "$OUT")
if [ "$lines_atleast" -gt 10 ]; then ok "replay --explain: the trace"; else
  not_ok "replay --explain: the trace" "$lines_atleast trace lines"; fi
has "replay --explain: the exchanges used" "$OUT" "from: preflight conn 3 packets 60-61 (204), actual conn 3 packets 63-64 (200)"
run replay --explain 999 "$CAP"
expect_rc "replay --explain beyond the requests" 2

# stdin, and a pipeline of files in order whatever -j.
run replay --json - <"$CAP"
expect_rc "replay - (stdin)" 0
has "replay -: reads stdin" "$OUT" '"scenario": "-"'
run replay --json "$CAP" captures/firefox-basic.pcap
cp "$OUT" "$TMP/j1"
run replay --json -j 2 "$CAP" captures/firefox-basic.pcap
expect_rc "replay -j 2" 0
if cmp -s "$OUT" "$TMP/j1"; then ok "replay -j 2: the same output as -j 1"; else
  not_ok "replay -j 2: the same output as -j 1" "$(diff "$TMP/j1" "$OUT" | head -5)"; fi

# A generated capture long enough for many of the reader's batches (and
# the records and batches it gets back): judged on a thread of its own
# (two files one after the other) and without one (-j 2), the same lines;
# under make asan, with whatever it recycles checked.
if [ -x "$BUILD/capgen" ]; then
  "$BUILD/capgen" 8000 "$TMP/gen.pcap" 24 >/dev/null
  run replay --json "$TMP/gen.pcap" "$TMP/gen.pcap"
  expect_rc "replay of a generated capture, read on a thread" 0
  cp "$OUT" "$TMP/gen1"
  run replay --json -j 2 "$TMP/gen.pcap" "$TMP/gen.pcap"
  if cmp -s "$OUT" "$TMP/gen1"; then
    ok "replay of a generated capture: the same lines with and without a reading thread"
  else
    not_ok "replay of a generated capture: the same lines with and without a reading thread" \
      "$(diff "$TMP/gen1" "$OUT" | head -5)"
  fi
  run replay "$TMP/gen.pcap"
  expect_rc "replay of a generated capture, as a table" 0

  # The progress line: with stderr a terminal (script(1) makes one) and
  # the output in a file, a capture coming slowly through a pipe shows
  # the bytes read and the requests so far, wiped at the end; the output
  # is the same as without it. --no-progress, or the output on the same
  # terminal, shows none.
  if command -v script >/dev/null 2>&1; then
    half=$(($(wc -c <"$TMP/gen.pcap") / 2))
    slow="{ head -c $half '$TMP/gen.pcap'; sleep 1; tail -c +$((half + 1)) '$TMP/gen.pcap'; }"
    script -qec "$slow | '$CORSIM' replay --json - >'$TMP/prog.out'" /dev/null \
      >"$TMP/prog.tty" 2>&1
    has "replay progress: a line on a terminal's stderr" "$TMP/prog.tty" \
      "corsim: replay: "
    has "replay progress: bytes read from a pipe, and requests" "$TMP/prog.tty" \
      " MB read, "
    if [ "$(tail -c 1 "$TMP/prog.tty" | od -An -c | tr -d ' ')" = '\r' ]; then
      ok "replay progress: the line is wiped at the end"
    else
      not_ok "replay progress: the line is wiped at the end" \
        "ends: $(tail -c 20 "$TMP/prog.tty" | od -An -c | tr -s ' ')"
    fi
    run replay --json - <"$TMP/gen.pcap"
    if cmp -s "$OUT" "$TMP/prog.out"; then ok "replay progress: the same output"; else
      not_ok "replay progress: the same output" "$(diff "$OUT" "$TMP/prog.out" | head -3)"; fi
    # Two inputs, the second a FIFO fed slowly: the files done counted.
    mkfifo "$TMP/slow.fifo"
    script -qec "$slow >'$TMP/slow.fifo' & '$CORSIM' replay '$TMP/gen.pcap' '$TMP/slow.fifo' >/dev/null; wait" \
      /dev/null >"$TMP/prog4.tty" 2>&1
    has "replay progress: files done of several" "$TMP/prog4.tty" \
      " MB read, 1/2 files done, "
    script -qec "$slow | '$CORSIM' replay --no-progress - >/dev/null" /dev/null \
      >"$TMP/prog2.tty" 2>&1
    if grep -q "corsim: replay" "$TMP/prog2.tty"; then
      not_ok "replay --no-progress: no line" "$(head -c 200 "$TMP/prog2.tty" | od -An -c | head -3)"
    else ok "replay --no-progress: no line"; fi
    script -qec "$slow | '$CORSIM' replay --only-blocked -" /dev/null \
      >"$TMP/prog3.tty" 2>&1
    if grep -q "MB read" "$TMP/prog3.tty"; then
      not_ok "replay progress: none when the output is the terminal" "$(head -c 200 "$TMP/prog3.tty")"
    else ok "replay progress: none when the output is the terminal"; fi
  else
    ok "replay progress # SKIP script(1) not installed"
  fi
fi

# A capture cut in the middle of a record: a warning naming the file and
# the packet, and everything before it judged.
size=$(wc -c <"$CAP")
head -c $((size - 100)) "$CAP" >"$TMP/cut.pcap"
run replay "$TMP/cut.pcap"
expect_rc "replay of a truncated capture" 0
has "replay of a truncated capture: warns with the packet" "$ERR" "corsim: replay: $TMP/cut.pcap: packet "
has "replay of a truncated capture: judged the rest" "$OUT" "error: MissingAllowOriginHeader (chromium)"

# HAR: a Chromium-style export with a blocked entry and a bad one.
cat >"$TMP/x.har" <<'EOF'
{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
 "entries": [
  {"startedDateTime": "2026-11-22T08:00:00.000Z", "time": 5,
   "request": {"method": "GET", "url": "http://127.0.0.1:8002/api/x", "httpVersion": "http/1.1",
     "headers": [{"name": "Origin", "value": "http://127.0.0.1:8001"},
                 {"name": "User-Agent", "value": "Mozilla/5.0 Chrome/156.0.0.0 Safari/537.36"}]},
   "response": {"status": 200, "statusText": "OK", "httpVersion": "http/1.1",
     "headers": [{"name": "Content-Type", "value": "application/json"}], "_error": "net::ERR_FAILED"},
   "_resourceType": "fetch"},
  {"startedDateTime": "not a date", "request": {"method": "GET", "url": "http://x/"}, "response": {}}
 ]}}
EOF
run replay "$TMP/x.har"
expect_rc "replay of a HAR file" 0
has "replay of a HAR: the blocked request" "$OUT" "error: MissingAllowOriginHeader (chromium)"
has "replay of a HAR: warns about the bad entry" "$ERR" "entry 1"

# A HAR cut off inside its second entry is read as a stream: the first
# entry is judged, then a warning names the line and column. Damage inside
# an input, as a capture cut mid-record is: exit 0, counted as damaged.
head -c "$(grep -b -o '"not a date"' "$TMP/x.har" | cut -d: -f1)" "$TMP/x.har" >"$TMP/cut.har"
run replay "$TMP/cut.har"
expect_rc "replay of a cut HAR" 0
has "replay of a cut HAR: judged the entry before the cut" "$OUT" "error: MissingAllowOriginHeader (chromium)"
has "replay of a cut HAR: where it ends" "$ERR" "corsim: replay: $TMP/cut.har: $TMP/cut.har:10:23: not JSON: the file ends inside an object; the 1 entries before it were read"
has "replay of a cut HAR: counts what it read" "$OUT" "1 script requests"
has "replay of a cut HAR: damaged, not unreadable" "$OUT" "0 unreadable and 1 damaged inputs"
# Cut before any entry: nothing was read, so the input is unreadable.
head -c 40 "$TMP/x.har" >"$TMP/cut0.har"
run replay "$TMP/cut0.har"
expect_rc "replay of a HAR cut before its entries" 2
has "replay of a HAR cut before its entries: unreadable" "$OUT" "1 unreadable and 0 damaged inputs"

# ---- corsim capture ----------------------------------------------------
run capture --help
expect_rc "capture --help" 0
has "capture --help lists -i IFACE" "$OUT" "-i IFACE"
run capture
expect_rc "capture without -i" 2
has "capture without -i: says so" "$ERR" "corsim: capture: missing -i IFACE"
run capture -i corsim-no-such-if0
expect_rc "capture on a missing interface" 2
has "capture on a missing interface: names it" "$ERR" "corsim: capture: corsim-no-such-if0: "
run capture -i lo "$CAP"
expect_rc "capture with a file operand" 2

# Live on lo when this user may capture: a mock API (corsim serve
# --no-runner), two requests by curl with Origin, then SIGINT.
if command -v curl >/dev/null 2>&1 && "$CORSIM" capture -i lo -f 'tcp port 1' \
    >/dev/null 2>"$TMP/cap-probe" & then
  probe=$!
  sleep 0.5
  kill -INT $probe 2>/dev/null
  wait $probe
  probe_rc=$?
else
  probe_rc=2
fi
if [ "$probe_rc" -ne 0 ]; then
  ok "capture live on lo # SKIP no capture privileges or no curl"
else
  CPORT=$((30000 + $$ % 20000))
  cat >"$TMP/cap.json" <<EOT
{"name": "api", "origin": "http://127.0.0.1:$((CPORT - 1))",
 "requests": [{"url": "http://127.0.0.1:$CPORT/api/x"}],
 "server": [{"url": "http://127.0.0.1:$CPORT/api/ok", "status": 200,
             "headers": [["Access-Control-Allow-Origin", "http://127.0.0.1:$((CPORT - 1))"]]},
            {"status": 200, "headers": [["Content-Type", "text/plain"]]}]}
EOT
  "$CORSIM" serve --no-runner "$TMP/cap.json" >"$TMP/cap-serve.log" 2>&1 &
  spid=$!
  "$CORSIM" capture -i lo -f "tcp port $CPORT" >"$TMP/cap.out" 2>"$TMP/cap.err" &
  cpid=$!
  sleep 1.5
  curl -s -o /dev/null -H "Origin: http://127.0.0.1:$((CPORT - 1))" \
    "http://127.0.0.1:$CPORT/__corsim/s0/api/x"
  curl -s -o /dev/null -H "Origin: http://127.0.0.1:$((CPORT - 1))" \
    "http://127.0.0.1:$CPORT/__corsim/s0/api/ok"
  sleep 0.5
  kill -INT $cpid
  wait $cpid
  rc=$?
  kill $spid 2>/dev/null
  wait $spid 2>/dev/null
  expect_rc "capture live on lo: SIGINT" 0
  has "capture live: the blocked request" "$TMP/cap.out" "BLOCKED  GET     http://127.0.0.1:$((CPORT - 1)) -> http://127.0.0.1:$CPORT/__corsim/s0/api/x"
  has "capture live: the allowed request" "$TMP/cap.out" "allowed  GET     http://127.0.0.1:$((CPORT - 1)) -> http://127.0.0.1:$CPORT/__corsim/s0/api/ok"
  has "capture live: the summary on SIGINT" "$TMP/cap.out" "2 script requests: 1 allowed, 1 blocked, 0 unknown"
fi
