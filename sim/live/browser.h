/*
 * browser.h - launching a real, installed browser headless on a libuv
 * loop, pointing it at a URL, and reporting what it prints to its
 * console, in order. `corsim diff` drives Chromium, Firefox and WebKitGTK
 * through this one interface; each has its own file:
 *
 *   browser_chromium.c  Debian's chromium, DevTools protocol over
 *                       --remote-debugging-pipe (fds 3 and 4)
 *   browser_firefox.c   Debian's firefox-esr, WebDriver BiDi over a
 *                       WebSocket on --remote-debugging-port
 *   browser_webkit.c    WebKitGTK's MiniBrowser under Xvfb, console
 *                       messages written to its stdout
 *
 * Every browser runs with a fresh profile in a temporary directory that
 * browser_close removes, headless, with no network beyond loopback.
 *
 *   struct browser_opts o;
 *   browser_opts_init(&o);
 *   o.kind = BROWSER_CHROMIUM; o.on_console = cb; o.user = me;
 *   if (browser_launch(&b, loop, &o) != 0) ...  (message on stderr)
 *   ... on_ready: browser_navigate(b, url) ... on_console ... 
 *   browser_close(b);  ... on_exit is called once the process is gone;
 *   uv_run until then, then browser_free(b).
 *
 * No global state: everything lives in struct browser.
 */
#ifndef CORSIM_LIVE_BROWSER_H
#define CORSIM_LIVE_BROWSER_H

#include "corsim.h"

#include <stdbool.h>
#include <uv.h>

enum browser_kind { BROWSER_CHROMIUM, BROWSER_FIREFOX, BROWSER_WEBKIT };

/* One console entry, as the browser reported it. Borrowed for the
 * duration of the callback. */
struct browser_console {
  double time;      /* seconds since the Unix epoch, when received */
  const char *kind; /* "log" for console.log() and friends, "error" for
                       the browser's own messages (CORS errors, network
                       failures, uncaught exceptions), as far as the
                       protocol tells them apart */
  const char *level;  /* as the browser named it: "error", "warning",
                         "info", "log", ...; "" when unknown */
  const char *source; /* the browser's own category when it has one
                         (Chromium's Log.entryAdded source, e.g. "network",
                         "javascript"; BiDi's entry type); "" otherwise */
  struct corsim_str text; /* the message text, exactly as printed (for
                             console.log(s) with one string: s) */
};

typedef void (*browser_ready_cb)(void *user);
typedef void (*browser_console_cb)(void *user, const struct browser_console *m);
/* The browser process is gone (after browser_close, or on its own).
 * status: the exit status or -signal; why: NULL after browser_close,
 * else a sentence saying what went wrong (e.g. it exited early). */
typedef void (*browser_exit_cb)(void *user, int status, const char *why);

struct browser_opts {
  enum browser_kind kind;
  const char *binary; /* NULL: the Debian path (/usr/bin/chromium,
                         /usr/bin/firefox-esr, MiniBrowser under
                         /usr/lib/<triplet>/webkit2gtk-4.1/) */
  bool verbose;       /* protocol traffic and browser stderr to stderr */
  unsigned startup_timeout_ms; /* to on_ready (default 30000) */
  /* Record every request the browser makes from on_ready on, for
   * browser_har (Chromium: the DevTools Network domain; Firefox: BiDi's
   * network events; WebKit: not supported, browser_launch fails). */
  bool record_network;
  browser_ready_cb on_ready;     /* may call browser_navigate */
  browser_console_cb on_console; /* may be NULL */
  browser_exit_cb on_exit;       /* may be NULL */
  void *user;
};

struct browser;

void browser_opts_init(struct browser_opts *o);

/*
 * Starts the browser (fresh profile, headless) on loop. Returns 0, or
 * nonzero with a message on stderr naming what is missing (the binary,
 * Xvfb) or what failed. on_ready is called once the browser can navigate.
 */
int browser_launch(struct browser **out, uv_loop_t *loop,
                   const struct browser_opts *o);

/* "Chromium 156.0.8078.79", "Firefox 153.0esr", "WebKitGTK 2.50.1"; NULL
 * until known (on_ready at the latest). */
const char *browser_version(const struct browser *b);

/*
 * What the browser fetched since on_ready, as a HAR 1.2 document
 * ({"log": ...}) built by corsim from the protocol's network events in
 * the shape of that browser's own DevTools export (sim/live/har_cdp.h,
 * sim/live/har_bidi.h). A new reference, or NULL when o.record_network
 * was not set (or out of memory). Any time before browser_free.
 */
struct json_t *browser_har(struct browser *b);

/* Loads url in the browser's one page (replacing what it shows). Only
 * after on_ready. Returns 0, or nonzero when it could not be sent. */
int browser_navigate(struct browser *b, const char *url);

/* Ends the browser (politely, then SIGKILL after 3 s) and removes its
 * profile directory; on_exit follows. Safe to call more than once. */
void browser_close(struct browser *b);

/* Frees b; only after on_exit was called (or launch failed). */
void browser_free(struct browser *b);

#endif
