/*
 * gen_request.h - sampling what the script asks for in a generated
 * scenario: method, headers, body, mode, credentials, api.
 *
 * Most choices are plausible (what real pages send); a twist mask says
 * which dimensions get one adversarial choice instead, so that a scenario
 * is "a real request with a twist" rather than noise.
 */
#ifndef CORSIM_CLI_GEN_REQUEST_H
#define CORSIM_CLI_GEN_REQUEST_H

#include "gen_model.h"

/* The dimensions a request twist can touch (bits of a mask). */
enum gen_request_twist {
  GEN_RT_METHOD = 1u << 0,         /* case variants, custom, forbidden */
  GEN_RT_SAFELISTED_BAD = 1u << 1, /* safelisted name, unsafe value */
  GEN_RT_SAFELISTED_ODD = 1u << 2, /* odd but safelisted value */
  GEN_RT_CLIENT_HINT = 1u << 3,    /* Chromium's client-hint headers */
  GEN_RT_FORBIDDEN = 1u << 4,      /* a forbidden request header */
  GEN_RT_DUPLICATE = 1u << 5,      /* a header set twice */
  GEN_RT_INVALID = 1u << 6,        /* an invalid header name or value */
  GEN_RT_NAME_CASE = 1u << 7,      /* header names in other cases */
  GEN_RT_MANY = 1u << 8,           /* many headers */
  GEN_RT_EMPTY = 1u << 9,          /* empty header values */
  GEN_RT_NON_ASCII = 1u << 10,     /* UTF-8 in header values */
  GEN_RT_BODY = 1u << 11,          /* a body on GET/HEAD, odd blob types */
  GEN_RT_MODE = 1u << 12,          /* no-cors, same-origin, upload events */
  GEN_RT_URL = 1u << 13            /* URL spelling (gen_scenario.c) */
};

/* A mask of n distinct twists, chosen by weight. */
unsigned gen_request_twists(struct gen_rng *rng, int n);

/*
 * Fills the script side of r (api, method, headers, body, mode,
 * credentials, redirect, upload_listeners); r->url, r->target and r->path
 * must be set. Twisted choices are noted with gen_tag.
 */
void gen_request_sample(struct gen_scenario *sc, struct gen_request *r,
                        unsigned twists);

/*
 * Changes one thing of r, a copy of an earlier request, to probe the
 * preflight cache: the method, a header added or dropped, the credentials
 * or the api. Returns a short description ("new method").
 */
const char *gen_request_vary(struct gen_scenario *sc, struct gen_request *r);

/* True when r is a cross-origin CORS request for which a preflight is
 * likely (an estimate for choosing server twists; the model decides). */
bool gen_request_preflight_likely(const struct gen_scenario *sc,
                                  const struct gen_request *r);
/* True when r sends credentials cross-origin (fetch include, XHR
 * withCredentials). */
bool gen_request_credentialed(const struct gen_request *r);
/* True when r is a fetch in cors mode or an XHR to another origin: the
 * server's CORS headers decide its fate. */
bool gen_request_cors(const struct gen_scenario *sc,
                      const struct gen_request *r);

#endif
