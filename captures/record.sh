#!/bin/sh
# captures/record.sh - records one replay fixture from a real browser.
#
#   sh captures/record.sh NAME BROWSER SCENARIOS.json [CORSIM]
#
# Plays SCENARIOS.json in BROWSER (chromium or firefox, headless) against
# corsim serve on loopback with `corsim diff`, while tcpdump records the
# loopback interface and the browser's own network events are kept as a
# HAR, and writes beside this script:
#   NAME.pcap            the recording (tcpdump -i lo, whole packets)
#   NAME.har             the same run as the browser reported it
#                        (corsim diff --har: built from its DevTools-
#                        protocol or BiDi network events, in the shape of
#                        its DevTools' HAR export; see docs/commands/diff.md)
#   NAME.observed.jsonl  what the browser did, request by request
#                        (corsim diff --observed): the truth replay is
#                        tested against, for the pcap and the HAR alike
#   NAME.out             corsim replay --json NAME.pcap: the golden output
#   NAME.har.out         corsim replay --json NAME.har: the same for the HAR
# and prints the two TESTLIST lines to add. The scenarios' hosts must be
# loopback addresses on ports 8201-8209 (the capture filter).
# Needs root (or CAP_NET_RAW) for tcpdump, and the browser installed
# (make deps-browser-all).
set -eu
if [ $# -lt 3 ]; then
  echo "usage: sh captures/record.sh NAME BROWSER SCENARIOS.json [CORSIM]" >&2
  exit 2
fi
name=$1 browser=$2 scenarios=$3
corsim=${4:-build/corsim}
dir=$(cd "$(dirname "$0")" && pwd)
for tool in tcpdump "$corsim"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || {
    echo "record.sh: $tool not found" >&2; exit 2; }
done

pcap=$dir/$name.pcap
tcpdump -i lo -U -s 0 -w "$pcap" 'tcp portrange 8201-8209' \
  2>"$dir/$name.tcpdump.log" &
dump=$!
trap 'kill $dump 2>/dev/null || true' EXIT INT TERM
# tcpdump prints "listening on" once the capture runs.
for _ in 1 2 3 4 5 6 7 8 9 10; do
  grep -q "listening on" "$dir/$name.tcpdump.log" 2>/dev/null && break
  sleep 0.3
done

status=0
"$corsim" diff --browser "$browser" --observed "$dir/$name.observed.jsonl" \
  --har "$dir/$name.har" "$scenarios" >"$dir/$name.diff.txt" || status=$?
sleep 0.5
kill -INT $dump
wait $dump 2>/dev/null || true
trap - EXIT INT TERM
rm -f "$dir/$name.tcpdump.log"
if [ $status -eq 2 ]; then
  echo "record.sh: corsim diff failed (see $dir/$name.diff.txt)" >&2
  exit 2
fi
# The model and the browser may disagree (diff exits 1): the fixture
# still records what the browser did; replay is tested against that.
rm -f "$dir/$name.diff.txt"
# Named as tests/replay/run.sh names it, from the top of the tree: the
# file name is part of the output.
case $corsim in /*) ;; *) corsim=$(pwd)/$corsim ;; esac
(cd "$dir/.." && "$corsim" replay --json "captures/$name.pcap") >"$dir/$name.out"
(cd "$dir/.." && "$corsim" replay --json "captures/$name.har") >"$dir/$name.har.out"
echo "$name $name.pcap $name.out"
echo "$name-har $name.har $name.har.out"
