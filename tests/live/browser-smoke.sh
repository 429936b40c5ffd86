#!/bin/sh
# browser-smoke.sh - builds build/browser-smoke (tests/live/browser_smoke.c
# with the browser drivers, sim/live/browser_*.c, and Firefox's WebSocket
# client, sim/live/ws_client.c with sim/cli/buf.c) and runs it: each
# installed browser (Chromium, Firefox, WebKitGTK) is launched headless,
# sent through loopback pages that log, fail CORS and hop across sites,
# and checked for its console lines in order; timings are printed.
#
#   sh tests/live/browser-smoke.sh [chromium|firefox|webkit]...
#
# CC (default cc) picks the compiler; SMOKE_VERBOSE=1 shows the protocol
# traffic and the browsers' stderr. Not part of `make test`: it needs the
# browsers (chromium; libwebkit2gtk-4.1-0 and xvfb) and takes about a
# minute.
set -eu
cd "$(dirname "$0")/../.."
CC=${CC:-cc}
mkdir -p build
# shellcheck disable=SC2046
$CC -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -Wwrite-strings -Wpointer-arith -Wcast-align \
  -Wformat=2 -Wundef -Wimplicit-fallthrough -fno-common -Werror -O1 -g \
  -D_POSIX_C_SOURCE=200809L -Isim/include -Isim/live -Isim/cli \
  $(pkg-config --cflags libuv) \
  -o build/browser-smoke tests/live/browser_smoke.c sim/live/browser_*.c \
  sim/live/ws_client.c sim/cli/buf.c \
  $(pkg-config --libs libuv 2>/dev/null || echo -luv) -ljansson
exec build/browser-smoke "$@"
