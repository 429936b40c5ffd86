/*
 * drive.h - runs one script request through the core against a small
 * response table, for unit tests. Header-only so each test stays one file.
 */
#ifndef CORSIM_TEST_DRIVE_H
#define CORSIM_TEST_DRIVE_H

#include "corsim.h"

#include <stdbool.h>
#include <string.h>

struct drive_rule {
  const char *method; /* NULL: any */
  const char *url;    /* NULL: any; exact otherwise */
  int status;
  struct corsim_header headers[8];
  size_t nheaders;
};

#define H(n, v) {{n, sizeof(n) - 1}, {v, sizeof(v) - 1}}

static inline const struct drive_rule *
drive_match(const struct drive_rule *rules, size_t n,
            const struct corsim_wire_request *w) {
  for (size_t i = 0; i < n; i++) {
    const struct drive_rule *r = &rules[i];
    if (r->method && (strlen(r->method) != w->method.len ||
                      memcmp(r->method, w->method.ptr, w->method.len) != 0))
      continue;
    if (r->url && (strlen(r->url) != w->url.len ||
                   memcmp(r->url, w->url.ptr, w->url.len) != 0))
      continue;
    return r;
  }
  return NULL;
}

/* Runs req in ctx; returns the fetch (caller frees) with *res filled. */
static inline struct corsim_fetch *drive(struct corsim_ctx *ctx,
                                         const struct corsim_request *req,
                                         const struct drive_rule *rules,
                                         size_t nrules,
                                         struct corsim_result *res) {
  struct corsim_fetch *f = NULL;
  if (corsim_fetch_new(ctx, req, &f) != 0)
    return NULL;
  struct corsim_wire_request w;
  while (corsim_fetch_next(f, &w)) {
    const struct drive_rule *r = drive_match(rules, nrules, &w);
    if (r == NULL) {
      corsim_fetch_feed(f, NULL);
      continue;
    }
    struct corsim_wire_response resp = {r->status ? r->status : 200,
                                        r->headers, r->nheaders};
    corsim_fetch_feed(f, &resp);
  }
  if (corsim_fetch_result(f, res) != 0) {
    corsim_fetch_free(f);
    return NULL;
  }
  return f;
}

static inline bool str_is(struct corsim_str s, const char *c) {
  return s.ptr != NULL && strlen(c) == s.len && memcmp(s.ptr, c, s.len) == 0;
}

/* The value of header name on wire entry i, or NULL. */
static inline const char *wire_header(const struct corsim_result *res,
                                      size_t i, const char *name) {
  if (i >= res->nwire)
    return NULL;
  for (size_t k = 0; k < res->wire[i].nheaders; k++)
    if (str_is(res->wire[i].headers[k].name, name))
      return res->wire[i].headers[k].value.ptr;
  return NULL;
}

#endif
