/*
 * gen_model.h - the in-memory form of one scenario that corsim gen builds
 * before writing it out as JSON: the page's origin, the script's requests
 * and the server's rules, with every string in one fixed-size pool.
 *
 * Every fixed array has a capacity no generated scenario comes near; when
 * one would overflow anyway (a bug in the generator), the scenario is
 * marked and corsim gen stops with an internal error rather than writing
 * a truncated scenario.
 *
 * Every URL is loopback http (127.0.0.1, localhost or [::1], ports
 * GEN_PORT_FIRST to GEN_PORT_LAST), so real browsers can play the
 * scenarios against local servers.
 */
#ifndef CORSIM_CLI_GEN_MODEL_H
#define CORSIM_CLI_GEN_MODEL_H

#include "gen_rng.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GEN_POOL_SIZE 32768
#define GEN_MAX_HEADERS 16      /* per request */
#define GEN_MAX_REQUESTS 4      /* per scenario */
#define GEN_MAX_RULES 32        /* per scenario */
#define GEN_MAX_RULE_HEADERS 16 /* per rule */
#define GEN_MAX_TAGS 5          /* notes in the scenario's name */

#define GEN_PORT_FIRST 8001
#define GEN_PORT_LAST 8004
#define GEN_PORT_PAGE 8001

/* Bump allocator for the strings of one scenario. */
struct gen_pool {
  char buf[GEN_POOL_SIZE];
  size_t used;
  bool failed; /* some string did not fit; it was returned as "" */
};

void gen_pool_reset(struct gen_pool *p);
/* A formatted copy in the pool; "" (and failed set) when it does not fit. */
const char *gen_pool_printf(struct gen_pool *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A string of exactly total bytes: prefix, then fill up to the length
 * (prefix cut when longer). For values at and over length limits. */
const char *gen_pool_fill(struct gen_pool *p, const char *prefix, char fill,
                          size_t total);

/* A copy of s with its ASCII letters in upper or lower case, in the pool. */
const char *gen_pool_case(struct gen_pool *p, const char *s, bool upper);

/* ASCII case-insensitive equality of two NUL-terminated strings. */
bool gen_ieq(const char *a, const char *b);
/* True when s is a non-empty HTTP token (RFC 9110 tchar only). */
bool gen_is_token(const char *s);

enum gen_host { GEN_HOST_IPV4, GEN_HOST_LOCALHOST, GEN_HOST_IPV6, GEN_NHOSTS };

/* A loopback http origin, or an opaque one (host -1, serialised "null"). */
struct gen_origin {
  int host; /* enum gen_host, or -1 */
  int port;
};

bool gen_origin_opaque(struct gen_origin o);
/* Same origin: same host and port, neither opaque. */
bool gen_origin_same(struct gen_origin a, struct gen_origin b);
/* "127.0.0.1", "localhost" or "[::1]". */
const char *gen_host_name(int host);
/* "http://127.0.0.1:8001", or "null" for an opaque origin. */
const char *gen_origin_str(struct gen_pool *p, struct gen_origin o);
/* "same-origin", "same-site" (same host, other port) or "cross-site", as
 * seen from page; "from-null" when page is opaque. */
const char *gen_origin_relation(struct gen_origin page,
                                struct gen_origin target);

struct gen_header {
  const char *name;
  const char *value;
};

/* One request of the script (the scenario format's request fields). */
struct gen_request {
  bool xhr;
  const char *url;          /* as the script passes it */
  struct gen_origin target; /* where it points */
  const char *path;         /* its path and query (no fragment), for rules */
  const char *method;
  struct gen_header headers[GEN_MAX_HEADERS];
  size_t nheaders;
  const char *mode; /* fetch only */
  const char *credentials;
  const char *redirect; /* fetch only */
  const char *body;
  bool upload_listeners; /* xhr only */
  int at;                /* seconds; < 0: the field is not written */
};

/* One server rule. */
struct gen_rule {
  const char *method;
  const char *url;
  int status;
  struct gen_header headers[GEN_MAX_RULE_HEADERS];
  size_t nheaders;
};

struct gen_scenario {
  uint64_t seed;
  size_t index; /* 1-based */
  struct gen_rng rng;
  struct gen_pool pool;
  struct gen_origin page;
  const char *origin; /* the page's origin, serialised */
  const char *base;   /* "/g<seed>-<index>": every path starts with it */
  const char *name;
  struct gen_request req[GEN_MAX_REQUESTS];
  size_t nreq;
  struct gen_rule rules[GEN_MAX_RULES];
  size_t nrules;
  const char *tags[GEN_MAX_TAGS];
  size_t ntags;
  bool redirects; /* the first request's URL answers with a redirect */
  bool overflow;  /* some fixed array was full: a generator bug */
};

/* Empties sc and seeds its generator for scenario index of seed. */
void gen_scenario_reset(struct gen_scenario *sc, uint64_t seed, size_t index);

/* Adds a short note for the scenario's name; notes past GEN_MAX_TAGS are
 * dropped (the name stays readable). */
void gen_tag(struct gen_scenario *sc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A header value as it may appear in a tag: printable ASCII only (other
 * bytes become '?'), cut after a few characters. In the pool. */
const char *gen_tag_value(struct gen_scenario *sc, const char *v);

void gen_request_add_header(struct gen_scenario *sc, struct gen_request *r,
                            const char *name, const char *value);
/* A new rule at the end (method "*", url "*", status 200, no headers);
 * NULL (and overflow set) when full. */
struct gen_rule *gen_rule_add(struct gen_scenario *sc);
void gen_rule_add_header(struct gen_scenario *sc, struct gen_rule *r,
                         const char *name, const char *value);

#endif
