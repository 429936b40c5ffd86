/*
 * judge.h - from recorded exchanges to the script requests behind them,
 * each run through the core with the recorded answers as the server.
 *
 * A browser's CORS traffic has a shape: a script request is an actual
 * request carrying Origin, maybe preceded by a preflight (OPTIONS with
 * Origin and Access-Control-Request-Method) and followed by redirect
 * hops. The judge sees exchanges in the order they complete, keeps those
 * of the last `window` seconds of capture time, and judges each request
 * once that window has passed it, so that its preflight (earlier) and
 * its redirect hops (later) are at hand:
 *   - a preflight pairs with the actual request it allowed: same Origin,
 *     same URL, method = Access-Control-Request-Method, within the window;
 *   - an actual request is rebuilt as the script's call (method, URL, the
 *     headers a script could have set, credentials, mode), run through
 *     the core with one corsim_ctx per browser profile and page origin
 *     (so the preflight cache carries across the capture), and every wire
 *     request the core wants is answered from the recording; where the
 *     recording lacks it, the verdict says so instead of guessing;
 *   - a preflight whose actual request never followed is judged as the
 *     request it announced: the browser blocked it, and the core says why.
 * What the recording cannot tell (credentials mode without a Cookie, the
 * browser without a User-Agent, ...) is inferred and listed as inferred.
 *
 * Memory: the exchanges of one window (at most WIRE_JUDGE_HELD_MAX),
 * whatever the length of the input.
 */
#ifndef CORSIM_WIRE_JUDGE_H
#define CORSIM_WIRE_JUDGE_H

#include "corsim.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many exchanges are held for pairing, whatever the window:
 * a preflight and its request are milliseconds apart, and memory stays
 * bounded (a few MiB) in the densest capture. */
#define WIRE_JUDGE_HELD_MAX 4096

struct wire_judge_opts {
  /* The profile for every request; when unset, each request's
   * User-Agent decides (Chromium when there is none). */
  bool browser_set;
  enum corsim_browser browser;
  /* The page origin for requests without Origin ("if a page at O had
   * made these requests"); ptr NULL: such requests are not judged. */
  struct corsim_str origin;
  /* Seconds of capture time to wait for a request's preflight and
   * redirect hops (default 10). */
  double window;
  /* Record the core's trace (for --explain). */
  bool trace;
};

void wire_judge_opts_init(struct wire_judge_opts *o);

enum wire_verdict_kind {
  WIRE_VERDICT_JUDGED,        /* the core judged it from the recording */
  WIRE_VERDICT_PREFLIGHT_ONLY, /* a preflight without its actual request */
  WIRE_VERDICT_MISSING,       /* the core needs an exchange the recording lacks */
  WIRE_VERDICT_INCOMPLETE,    /* a needed exchange was cut (loss, end) */
  WIRE_VERDICT_FAILED         /* HAR: the browser recorded a failure and no
                                 response, so the cause cannot be judged */
};

enum wire_role { WIRE_ROLE_PREFLIGHT, WIRE_ROLE_ACTUAL, WIRE_ROLE_REDIRECT };

/* One recorded exchange a verdict used. */
struct wire_verdict_source {
  enum wire_role role;
  uint64_t conn;  /* connection id; 0 for HAR */
  size_t har_entry; /* SIZE_MAX for captures */
  struct wire_span req, resp; /* resp zero when there was none */
  int status;     /* 0: no response */
};

struct wire_verdict {
  uint64_t number; /* 1-based, in the order requests were made */
  enum wire_verdict_kind kind;
  /* When kind is not JUDGED: what is missing or why nothing can be said,
   * one sentence. With JUDGED: NULL, or a disagreement between the model
   * and what the recording shows (the browser sent what the model says
   * it would have blocked, ...). */
  const char *why;
  double ts; /* the script request's first packet */
  enum corsim_browser browser;
  struct corsim_str origin, url, method;
  const struct corsim_request *request; /* the rebuilt script request */
  /* kind JUDGED or PREFLIGHT_ONLY: the core's result; else NULL. */
  const struct corsim_result *result;
  const struct wire_verdict_source *sources;
  size_t nsources;
  const char *const *inferred; /* facts the recording did not state */
  size_t ninferred;
};

typedef void (*wire_verdict_cb)(void *user, const struct wire_verdict *v);

struct wire_judge_stats {
  uint64_t exchanges;         /* handed in */
  uint64_t script_requests;   /* verdicts given */
  uint64_t not_cors;          /* exchanges judged not to be script CORS traffic */
  uint64_t blocked;           /* verdicts with a blocked result */
  uint64_t blocked_by[CORSIM_REASON_COUNT_]; /* by enum corsim_reason */
  uint64_t unknown;           /* MISSING, INCOMPLETE and FAILED verdicts */
  uint64_t disagreements;     /* the recording contradicts the model */
};

struct wire_judge;

int wire_judge_new(struct wire_judge **out, const struct wire_judge_opts *o,
                   wire_verdict_cb cb, void *user);
/* Copies what it needs from x: x may go away after the call. */
void wire_judge_exchange(struct wire_judge *j, const struct wire_exchange *x);
/* Live input: the time is now (capture clock), traffic or not, so that
 * a request whose window has passed is judged without waiting for the
 * next exchange. */
void wire_judge_tick(struct wire_judge *j, double now);

/*
 * The normalised origins of the last few Host values a record's URL was
 * built from: a capture's requests go to a few hosts, and normalising
 * each URL whole was a third of the cost of keeping a record. With a
 * simple host (letters, digits, ".-:") and a target normalisation leaves
 * as it is, the URL is the host's origin and the target. Zero it before
 * use; one per thread that makes records.
 */
#define WIRE_JUDGE_HOSTS 4
#define WIRE_JUDGE_HOST_MAX 256
struct wire_judge_host {
  char host[WIRE_JUDGE_HOST_MAX];
  size_t host_len; /* 0: unused */
  char origin[2 * WIRE_JUDGE_HOST_MAX];
  size_t origin_len;
  uint64_t used;
};
struct wire_judge_hosts {
  struct wire_judge_host e[WIRE_JUDGE_HOSTS];
  uint64_t clock;
};

/*
 * wire_judge_exchange in two halves, for a reader on another thread than
 * the judge's (pipeline.c): wire_judge_record_new copies what the judge
 * keeps of x and touches no judge (any thread, with hosts of its own or
 * NULL; NULL when out of memory or x has no usable URL) and sets *t to
 * x's last capture time;
 * wire_judge_record_take hands the record (NULL included) and t to j,
 * which owns it from then on. Taken in the order the exchanges came, the
 * verdicts are those of wire_judge_exchange. A record never taken is
 * freed with wire_judge_record_free.
 */
struct wire_judge_record;
struct wire_judge_hosts;
struct wire_judge_pool;
struct wire_judge_record *wire_judge_record_new(const struct wire_exchange *x,
                                                struct wire_judge_hosts *hosts,
                                                struct wire_judge_pool *pool,
                                                double *t);
void wire_judge_record_take(struct wire_judge *j, struct wire_judge_record *r,
                            double t);
/* Frees r (NULL: nothing) into pool (NULL: to malloc). */
void wire_judge_record_free(struct wire_judge_record *r,
                            struct wire_judge_pool *pool);
/* Bytes r holds (0 for NULL), for callers that bound what they queue. */
size_t wire_judge_record_size(const struct wire_judge_record *r);

/*
 * Freed records kept for the next ones: a record is one allocation of a
 * few KiB, and malloc and free of it cost a fifth of building it (more
 * with a reader and a judge on two threads, each freeing the other's
 * memory). wire_judge_record_new takes one from its pool when one is
 * large enough; the judge frees into a pool of its own
 * (wire_judge_pool_of), which a caller on two threads moves to the
 * reader's from time to time (wire_judge_pool_move, under its own lock:
 * a pool is not thread-safe). A pool holds at most WIRE_JUDGE_POOL_MAX
 * records (and WIRE_JUDGE_POOL_BYTES bytes); past that, records are
 * freed. Zero it before use; wire_judge_pool_clear frees what it holds.
 */
#define WIRE_JUDGE_POOL_MAX 1024
#define WIRE_JUDGE_POOL_BYTES ((size_t)2 * 1024 * 1024)
struct wire_judge_pool {
  struct wire_judge_record *head, *tail;
  size_t n, bytes;
};
struct wire_judge_pool *wire_judge_pool_of(struct wire_judge *j);
/* Appends what from holds to to (freeing what to cannot hold); from is
 * empty afterwards. */
void wire_judge_pool_move(struct wire_judge_pool *to,
                          struct wire_judge_pool *from);
void wire_judge_pool_clear(struct wire_judge_pool *p);
/* The input ended: judges everything still held. */
void wire_judge_flush(struct wire_judge *j);
const struct wire_judge_stats *wire_judge_stats(const struct wire_judge *j);
void wire_judge_free(struct wire_judge *j);

/* "chromium", "firefox", "webkit" from a User-Agent; false when it names
 * none of them. */
bool wire_judge_browser_from_ua(struct corsim_str ua, enum corsim_browser *out);

#endif
