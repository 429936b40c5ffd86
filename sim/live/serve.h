/*
 * serve.h - the scenario server behind `corsim serve`, as an API for
 * in-process drivers (corsim diff): a real HTTP/1.1 server that plays
 * scenarios' server rules on loopback and serves runner pages that
 * perform their script requests in a browser.
 *
 *   struct serve *s;
 *   struct serve_opts o;
 *   serve_opts_init(&o);
 *   o.on_wire = my_wire; o.on_result = my_result; o.user = me;
 *   if (serve_new(&s, list, n, &o) != 0) ...        bad input, reported
 *   if (serve_start(s, loop) != 0) ...              could not listen
 *   serve_log_ready(s);                             "ready" in the log
 *   ... open serve_runner_url(s, k, ...) in browsers; uv_run(loop) ...
 *   serve_stop(s, NULL, NULL);  uv_run(loop, UV_RUN_DEFAULT);  serve_free(s);
 *
 * What it does (docs/commands/serve.md is the full description):
 *   - listens on exactly the loopback authorities that the scenarios'
 *     origins, request URLs and Location headers name;
 *   - answers a request under "/__corsim/s<N>/" from scenario N's rules
 *     only (prefix removed before matching, added back to hosted Location
 *     values), and a request without prefix from the first scenario whose
 *     rules answer it; anything else gets a 404;
 *   - serves scenario N's runner page at GET /__corsim/run/<N> on its
 *     origin, takes the page's results at POST /__corsim/result/<N>, and
 *     lists the runner pages at GET /__corsim/.
 * Every request and every result is reported to the callbacks and, when
 * opts.log is set, written to it as a JSON line (serve_log.h).
 *
 * There is no global state; a struct serve owns everything it uses except
 * the scenarios, which it borrows, and the loop.
 */
#ifndef CORSIM_LIVE_SERVE_H
#define CORSIM_LIVE_SERVE_H

#include "corsim.h"
#include "scenario.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

struct serve;

/* One scenario as serve_new takes it. */
struct serve_scenario {
  const struct scenario *sc; /* NULL: not served (it did not parse); the
                                slot still has its number */
  const char *file;          /* the file's name as messages show it */
};

/* Why serve answered a request as it did. */
enum serve_kind {
  SERVE_RULE,    /* from a scenario's rule, or 404 when none answered */
  SERVE_INDEX,   /* GET /__corsim/ */
  SERVE_RUNNER,  /* GET /__corsim/run/<N> */
  SERVE_RESULT,  /* POST /__corsim/result/<N> */
  SERVE_RESERVED /* another path under /__corsim/: 404 */
};

/* A wire request serve received, and its answer. Everything is borrowed
 * for the duration of the callback. */
struct serve_wire {
  uint64_t seq;    /* 1, 2, ... over requests, results and errors */
  double time;     /* seconds since the Unix epoch */
  uint64_t conn;   /* connection number (1, 2, ... in accept order) */
  const char *local, *peer;
  long scenario;   /* N, or -1: none */
  enum serve_kind kind;
  struct corsim_str method;
  struct corsim_str url;    /* absolute, prefix removed, normalised when
                               it parses; ptr NULL when the target is
                               neither origin-form nor absolute-form */
  struct corsim_str target; /* the request-target as received */
  struct corsim_str version;
  const struct corsim_header *headers; /* in order, as received */
  size_t nheaders;
  struct corsim_str body; /* decoded */
  bool answered;          /* a rule (or serve itself) answered */
  long rule;              /* index into the scenario's server[], or -1 */
  int status;             /* the status sent */
};

/* A runner page's results. */
struct serve_result {
  uint64_t seq;
  double time;
  size_t scenario;
  json_t *json;        /* the parsed JSON (borrowed); NULL: not JSON */
  struct corsim_str raw; /* the body as received */
};

typedef void (*serve_wire_cb)(void *user, const struct serve_wire *w);
typedef void (*serve_result_cb)(void *user, const struct serve_result *r);

struct serve_opts {
  bool skip_unhostable; /* skip scenarios naming hosts serve cannot
                           serve, with a warning, instead of failing */
  bool no_runner;       /* rules only: no runner pages, and origins are
                           neither checked nor listened on (a mock API
                           for a front end served elsewhere) */
  unsigned settle_ms;   /* runner: wait before "corsim:end" (200) */
  unsigned timeout_ms;  /* runner: give up on a request (20000) */
  FILE *log;            /* JSON lines; NULL: none */
  serve_wire_cb on_wire;     /* may be NULL */
  serve_result_cb on_result; /* may be NULL */
  void *user;
};

/* Fills o with the defaults. */
void serve_opts_init(struct serve_opts *o);

/*
 * Checks the scenarios (list[0..n), borrowed until serve_free) and plans
 * the listeners. Every problem is reported on stderr naming the file, the
 * scenario and the field. Returns 0; 2 for bad input (a host that cannot
 * be served without skip_unhostable, an invalid origin, nothing to
 * serve); 1 when out of memory. *out is NULL unless 0 is returned.
 */
int serve_new(struct serve **out, const struct serve_scenario *list,
              size_t n, const struct serve_opts *o);

/*
 * Listens on loop. Returns 0, or 1 after reporting on stderr why an
 * address could not be bound (EACCES for a port below 1024, EADDRINUSE);
 * then call serve_stop and run the loop before serve_free.
 */
int serve_start(struct serve *s, uv_loop_t *loop);

/* Writes the "ready" line to the log (a script may wait for it): call it
 * after serve_start, once the caller has said what it says at start. */
void serve_log_ready(struct serve *s);

/*
 * Closes every listener and connection. done(user) is called when all
 * handles are closed (from the loop, or at once when none was open); run
 * the loop until then, and only then call serve_free. Safe to call from a
 * callback and more than once.
 */
void serve_stop(struct serve *s, void (*done)(void *user), void *user);

/* Frees s (see serve_stop). NULL is a no-op. */
void serve_free(struct serve *s);

/* How many scenarios serve_new was given (served or not). */
size_t serve_count(const struct serve *s);

/* Whether scenario n is served. */
bool serve_is_served(const struct serve *s, size_t n);

/* How many served scenarios have not posted results yet. */
size_t serve_pending(const struct serve *s);

/*
 * Writes scenario n's runner page URL ("http://127.0.0.1:8001/__corsim/
 * run/3") to buf. Returns 0, or -1 when n is not served, there are no
 * runner pages (no_runner) or cap is small.
 */
int serve_runner_url(const struct serve *s, size_t n, char *buf, size_t cap);

/* The addresses listened on, "127.0.0.1:8001", "[::1]:8003"; i < count.
 * Valid after serve_start. */
size_t serve_listen_count(const struct serve *s);
const char *serve_listen_addr(const struct serve *s, size_t i);

#endif
