/*
 * fetch-int.h - struct corsim_fetch, shared by the modules that make up
 * the fetch state machine (fetch.c drives and follows redirects;
 * script.c, preflight.c and cors_check.c decide; message.c and explain.c
 * word the verdict).
 */
#ifndef CORSIM_FETCH_INT_H
#define CORSIM_FETCH_INT_H

#include "arena.h"
#include "corsim.h"
#include "ctx.h"
#include "profile.h"
#include "str.h"
#include "url.h"

#define CORSIM_MAX_WIRE 64
#define CORSIM_MAX_ALSO 16
#define CORSIM_MAX_NOTES 16
#define CORSIM_URL_MAX 8192

enum corsim__tainting {
  CORSIM_TAINT_BASIC,
  CORSIM_TAINT_CORS,
  CORSIM_TAINT_OPAQUE
};

enum corsim__state {
  CORSIM_ST_HOP,             /* decide how to fetch the current URL */
  CORSIM_ST_AWAIT_PREFLIGHT, /* a preflight is on the wire */
  CORSIM_ST_AWAIT_ACTUAL,    /* the request itself is on the wire */
  CORSIM_ST_DONE
};

/* The response headers CORS reads, found in one pass over each answer
 * (headers.c) instead of one pass per lookup. */
enum corsim__rh {
  CORSIM_RH_ACAO,
  CORSIM_RH_ACAC,
  CORSIM_RH_ACAM,
  CORSIM_RH_ACAH,
  CORSIM_RH_MAX_AGE,
  CORSIM_RH_ACEH,
  CORSIM_RH_LOCATION,
  CORSIM_RH_VARY,
  CORSIM_RH_COUNT_
};
/* A failed check, with what the browser's message needs. */
struct corsim__failure {
  enum corsim_reason reason;
  struct corsim_str param;    /* the failed parameter: ACAO value, method, ... */
  struct corsim_str url;      /* the URL whose response failed */
  struct corsim_str location; /* a redirect's target, when relevant */
  struct corsim_str origin;   /* the origin the CORS check compared with */
  struct corsim_str aux;      /* a second parameter (the header of a bad value) */
  bool same_origin_hop;       /* the redirecting URL was the page's origin */
  int status;                 /* the status of the response checked */
  bool preflight;
};

struct corsim_fetch {
  struct corsim_ctx *ctx;
  const struct corsim__profile *p;
  enum corsim_browser b;
  struct corsim__arena arena;

  /* The script's request after the script-side steps. */
  enum corsim_api api;
  enum corsim_mode mode;
  enum corsim_redirect redirect;
  bool include;     /* credentials mode is include (withCredentials) */
  bool same_origin_creds; /* credentials mode same-origin */
  bool started_same_origin; /* the first URL was same-origin with the page */
  bool hop_origin;          /* the last actual request carried Origin */
  struct corsim_str hop_origin_value; /* its value */
  bool origin_kept;         /* this hop inherits it (see origin_for_actual) */
  bool auth_dropped;        /* a redirect removed Authorization */
  struct corsim_str method;
  struct corsim_header *headers; /* the request's header list */
  unsigned *hflags; /* corsim__request_name_flags of each, kept in step */
  size_t nheaders;
  /* The header list as the script left it (body Content-Type included),
   * before any redirect changed it. */
  struct corsim_header *first_headers;
  size_t nfirst;
  bool has_body;
  bool force_preflight; /* use-CORS-preflight flag */
  /* The script's header list as the script steps left it, for browsers
   * that put it on every redirected request again; implied_ct is the
   * index of the Content-Type the body added (nscript when none). */
  struct corsim_header *script_headers;
  size_t nscript, implied_ct;
  struct corsim_str script_method;
  /* What the last redirect removed from the preflight's names: the body
   * headers (it turned the method into GET), Authorization (it changed
   * origin). */
  bool hop_strip_body, hop_strip_auth;
  /* The preflight is needed whatever the names (Firefox after a
   * redirect, preflight.c). */
  bool unsafe_forced;
  /* The script set a conditional header (If-None-Match, ...): see the
   * profile's conditional_skips_preflight_cache. */
  bool conditional;
  struct corsim_str input_url;
  double at;

  /* Where the fetch is. */
  struct corsim__url url;
  char *url_buf;
  struct corsim_str first_url; /* wire form of the first URL */
  struct corsim_str first_fragment; /* its fragment; ptr NULL: none */
  struct corsim_str cur_fragment;   /* the current hop's, inherited over
                                       redirects without one */
  struct corsim_str cur_url;   /* wire form of the current URL */
  int redirects;
  bool tainted; /* redirect-tainted origin: Origin: null */
  unsigned long serial;        /* this fetch's number in its context */
  struct corsim_str cache_key; /* corsim__cache_origin's, once computed */
  enum corsim__tainting tainting;
  bool ever_preflighted;
  bool preflight_allowed; /* a hop took the with-preflight branch */
  struct corsim_str *unsafe; /* this hop's CORS-unsafe names, lower-case */
  size_t nunsafe;

  /* The state machine. */
  enum corsim__state st;
  bool hypo; /* past the first failure: exploring for "also" */
  bool have_pending;
  bool awaiting;
  bool pending_preflight;
  struct corsim_wire_request pending;

  /* The verdict as it forms. */
  bool failed;
  struct corsim__failure first;
  /* A failure that counts only once the next hop is about to go out
   * (profile redirects_rechecked_with_credentials). */
  bool has_deferred;
  struct corsim__failure deferred;
  enum corsim_response_type rtype;
  int status;
  enum corsim_preflight preflight;
  bool any_cross_origin;
  bool preflight_acao_seen;   /* some real preflight answer carried ACAO */
  size_t nwire;
  size_t nalso;
  size_t nnotes;
  struct corsim_str *exposed;
  size_t nexposed;
  struct corsim_trace_step *trace;
  size_t ntrace, trace_cap;
  struct corsim_str message, fix;
  /* Facts for the explanations. */
  struct corsim_str allowed_headers_seen; /* last preflight's ACAH value */
  unsigned char rh_count[CORSIM_RH_COUNT_];
  struct corsim_str rh_value[CORSIM_RH_COUNT_];

  /* Everything from here on is written before it is read, so
   * corsim_fetch_new clears the struct only up to wire. */
  struct corsim_exchange wire[CORSIM_MAX_WIRE];
  enum corsim_reason also[CORSIM_MAX_ALSO];
  struct corsim_str notes[CORSIM_MAX_NOTES];
  _Alignas(max_align_t) char inline_buf[6144];
};

/* trace.c. Callers use CORSIM_TRACE so that, with tracing off, not even
 * the arguments are evaluated. */
void corsim__trace(struct corsim_fetch *f, const char *rule, const char *fmt,
                   ...) __attribute__((format(printf, 3, 4)));
#define CORSIM_TRACE(f, ...)                                                   \
  do {                                                                         \
    if ((f)->ctx->trace)                                                       \
      corsim__trace((f), __VA_ARGS__);                                         \
  } while (0)

/* fetch.c: recording outcomes */
void corsim__fail(struct corsim_fetch *f, const struct corsim__failure *fl);
void corsim__note(struct corsim_fetch *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* headers.c */
size_t corsim__hdr_count(const struct corsim_header *h, size_t n,
                         const char *name);
/* All values of name joined with ", " (each trimmed of OWS), as Fetch's
 * "get" does; false when absent. Uses the arena only when joining. */
bool corsim__hdr_get(struct corsim__arena *a, const struct corsim_header *h,
                     size_t n, const char *name, struct corsim_str *out);

void corsim__resp_index(struct corsim_fetch *f, const struct corsim_header *h,
                        size_t n);
/* Like corsim__hdr_get, for the answer being processed (indexed by
 * corsim__resp_index; inline, as every check reads through it). */
static inline bool corsim__resp_get(const struct corsim_fetch *f,
                                    enum corsim__rh which,
                                    struct corsim_str *out) {
  if (f->rh_count[which] == 0)
    return false;
  *out = f->rh_value[which];
  return true;
}
static inline size_t corsim__resp_count(const struct corsim_fetch *f,
                                        enum corsim__rh which) {
  return f->rh_count[which];
}

/* script.c: the script-side steps; false when they stop the request. */
bool corsim__script_steps(struct corsim_fetch *f,
                          const struct corsim_request *req);

/* cors_check.c: Fetch #concept-cors-check in browser b's order, on the
 * answer being processed (corsim__resp_index). Writes up to 2 failures
 * (the ACAO one, then the credentials one) and returns how many. */
size_t corsim__cors_check(struct corsim_fetch *f, int status, bool preflight,
                          struct corsim__failure out[2]);

/* fetch.c: the origin the preflight cache is keyed by for this hop. */
struct corsim_str corsim__cache_origin(struct corsim_fetch *f);
/* fetch.c: the DNS records this hop's host needs before a cached
 * preflight for it is used (profile opaque_dns_records; 0: no check). */
unsigned corsim__dns_records(const struct corsim_fetch *f);

/* preflight.c */
void corsim__unsafe_names(struct corsim_fetch *f);
bool corsim__preflight_needed(const struct corsim_fetch *f);
/* Checks a preflight answer; returns the number of failures written. */
size_t corsim__preflight_check(struct corsim_fetch *f,
                               const struct corsim_wire_response *r,
                               struct corsim__failure *out, size_t cap);

/* message.c: the browser's console line (or exception text) for fl. */
struct corsim_str corsim__message(struct corsim_fetch *f,
                                  const struct corsim__failure *fl);
/* explain.c */
struct corsim_str corsim__fix(struct corsim_fetch *f,
                              const struct corsim__failure *fl);
/* Notes on an answered exchange; called for every response fed. */
void corsim__explain_response(struct corsim_fetch *f, bool preflight,
                              const struct corsim_wire_response *r);
void corsim__explain_final(struct corsim_fetch *f);

#endif
