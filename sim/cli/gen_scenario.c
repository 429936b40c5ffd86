/*
 * gen_scenario.c - the skeleton of a generated scenario, see
 * gen_scenario.h.
 *
 * Every path starts with /g<seed>-<index>/ so that no two scenarios share
 * a preflight-cache entry (the cache is keyed by URL) when a real browser
 * plays them one after another in one profile.
 */
#include "gen_scenario.h"

#include "gen_request.h"
#include "gen_server.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned host_weights[GEN_NHOSTS] = {45, 40, 15};
/* 8001 is the page's port; the others serve the cross-origin targets. */
static const unsigned port_weights[] = {25, 40, 25, 10};

static int pick_port(struct gen_scenario *sc) {
  return GEN_PORT_FIRST +
         (int)gen_rng_weighted(&sc->rng, port_weights, N(port_weights));
}

static struct gen_origin pick_page(struct gen_scenario *sc) {
  static const unsigned weights[] = {85, 5, 3, 3, 4};
  struct gen_origin o = {GEN_HOST_IPV4, GEN_PORT_PAGE};

  switch (gen_rng_weighted(&sc->rng, weights, N(weights))) {
  case 0:
    break;
  case 1:
    o.host = GEN_HOST_LOCALHOST;
    break;
  case 2:
    o.host = GEN_HOST_IPV6;
    break;
  case 3:
    o.port = GEN_PORT_PAGE + 1;
    break;
  default:
    o.host = -1; /* opaque: a sandboxed document */
    o.port = 0;
    break;
  }
  return o;
}

/* Same-origin, same-site (same host, another port) or cross-site. */
static struct gen_origin pick_target(struct gen_scenario *sc) {
  static const unsigned relations[] = {15, 35, 50};
  struct gen_origin page = sc->page, o;
  unsigned w[GEN_NHOSTS];
  size_t i;

  if (gen_origin_opaque(page)) {
    o.host = (int)gen_rng_weighted(&sc->rng, host_weights, GEN_NHOSTS);
    o.port = pick_port(sc);
    return o;
  }
  o = page;
  switch (gen_rng_weighted(&sc->rng, relations, N(relations))) {
  case 0:
    return o;
  case 1:
    do
      o.port = pick_port(sc);
    while (o.port == page.port);
    return o;
  default:
    for (i = 0; i < GEN_NHOSTS; i++)
      w[i] = (int)i == page.host ? 0 : host_weights[i];
    o.host = (int)gen_rng_weighted(&sc->rng, w, GEN_NHOSTS);
    o.port = pick_port(sc);
    return o;
  }
}

/* Sets r's URL, target and path; a URL twist writes the same URL in an
 * unusual form. */
static void make_url(struct gen_scenario *sc, struct gen_request *r,
                     struct gen_origin target, bool twist) {
  static const struct gen_choice segments[] = {
      {"api/items", 4}, {"data", 3},   {"items/17", 2}, {"v1/users", 2},
      {"r", 1},         {"x.json", 1}, {"upload", 1},   {"search", 1}};
  static const struct gen_choice queries[] = {
      {"", 75}, {"?x=1", 10}, {"?q=a%20b&n=2", 8}, {"?id=17", 6}, {"?", 1}};
  static const unsigned kinds[] = {30, 20, 20, 15, 15};
  struct gen_pool *p = &sc->pool;
  const char *seg = GEN_PICK(&sc->rng, segments);
  const char *query = GEN_PICK(&sc->rng, queries);
  const char *origin = gen_origin_str(p, target);
  bool same = gen_origin_same(sc->page, target);

  r->target = target;
  r->path = gen_pool_printf(p, "%s/%s%s", sc->base, seg, query);
  r->url = gen_pool_printf(p, "%s%s", origin, r->path);
  if (!twist) {
    if (same && gen_rng_chance(&sc->rng, 100))
      r->url = r->path; /* relative to the page */
    return;
  }
  switch (gen_rng_weighted(&sc->rng, kinds, N(kinds))) {
  case 1:
    r->url = gen_pool_printf(p, "http://user:pw@%s:%d%s",
                             gen_host_name(target.host), target.port, r->path);
    gen_tag(sc, "URL userinfo");
    return;
  case 2:
    if (target.host == GEN_HOST_LOCALHOST)
      r->url =
          gen_pool_printf(p, "http://LOCALHOST:%d%s", target.port, r->path);
    else if (target.host == GEN_HOST_IPV6)
      r->url = gen_pool_printf(p, "http://[0:0:0:0:0:0:0:1]:%d%s", target.port,
                               r->path);
    else
      r->url = gen_pool_printf(p, "HTTP://%s:%d%s", gen_host_name(target.host),
                               target.port, r->path);
    gen_tag(sc, "URL spelling");
    return;
  case 3:
    r->url = gen_pool_printf(p, "%s%s/x/../%s%s", origin, sc->base, seg, query);
    gen_tag(sc, "URL dot segments");
    return;
  case 4:
    if (same) {
      r->url = r->path;
      gen_tag(sc, "relative URL");
      return;
    }
    /* Only the page's own origin can be written relative. */
    break;
  default:
    break;
  }
  r->url = gen_pool_printf(p, "%s#frag", r->url);
  gen_tag(sc, "URL fragment");
}

/* Seconds of the requests of a timed scenario. The gaps stay clear of
 * the 5 s default cache lifetime and of the Max-Age values the server
 * sampler uses, so real timers cannot flip a verdict. */
static void set_times(struct gen_scenario *sc) {
  static const int two[][2] = {{0, 2}, {0, 6}, {0, 3}};
  static const int three[][3] = {{0, 1, 3}, {0, 3, 6}, {0, 0, 6}, {0, 6, 6}};
  static const int four[][4] = {{0, 1, 2, 3}, {0, 0, 6, 6}, {0, 0, 3, 3}};
  size_t i, k;

  switch (sc->nreq) {
  case 2:
    k = gen_rng_below(&sc->rng, N(two));
    for (i = 0; i < 2; i++)
      sc->req[i].at = two[k][i];
    break;
  case 3:
    k = gen_rng_below(&sc->rng, N(three));
    for (i = 0; i < 3; i++)
      sc->req[i].at = three[k][i];
    break;
  default:
    k = gen_rng_below(&sc->rng, N(four));
    for (i = 0; i < 4; i++)
      sc->req[i].at = four[k][i];
    break;
  }
}

static void make_requests(struct gen_scenario *sc, unsigned twists) {
  static const unsigned counts[] = {72, 18, 8, 2};
  static const unsigned kinds[] = {40, 35, 25};
  size_t k;

  sc->nreq = 1 + gen_rng_weighted(&sc->rng, counts, N(counts));
  make_url(sc, &sc->req[0], pick_target(sc), (twists & GEN_RT_URL) != 0);
  gen_request_sample(sc, &sc->req[0], twists);
  for (k = 1; k < sc->nreq; k++) {
    struct gen_request *r = &sc->req[k];
    const char *what;

    switch (gen_rng_weighted(&sc->rng, kinds, N(kinds))) {
    case 0:
      *r = sc->req[k - 1];
      what = "repeat";
      break;
    case 1:
      *r = sc->req[0];
      what = gen_request_vary(sc, r);
      break;
    default: {
      struct gen_origin t =
          gen_rng_chance(&sc->rng, 400) ? sc->req[0].target : pick_target(sc);
      make_url(sc, r, t, false);
      gen_request_sample(
          sc, r, gen_request_twists(&sc->rng, gen_rng_chance(&sc->rng, 300)));
      what = "other request";
      break;
    }
    }
    if (k == 1)
      gen_tag(sc, "then %s", what);
  }
  if (sc->nreq > 1 && gen_rng_chance(&sc->rng, 120))
    set_times(sc);
}

/* The script's redirect mode matters only when a redirect comes. */
static void redirect_modes(struct gen_scenario *sc) {
  const char *mode;
  size_t i;

  if (!sc->redirects || !gen_rng_chance(&sc->rng, 250))
    return;
  mode = gen_rng_chance(&sc->rng, 500) ? "error" : "manual";
  for (i = 0; i < sc->nreq; i++)
    if (!sc->req[i].xhr && strcmp(sc->req[i].path, sc->req[0].path) == 0 &&
        gen_origin_same(sc->req[i].target, sc->req[0].target))
      sc->req[i].redirect = mode;
}

static void make_name(struct gen_scenario *sc) {
  const struct gen_request *r = &sc->req[0];
  char b[512];
  size_t len = 0, i;

#define ADD(...)                                                               \
  do {                                                                         \
    int n_ = snprintf(b + len, sizeof b - len, __VA_ARGS__);                   \
    if (n_ > 0 && (size_t)n_ < sizeof b - len)                                 \
      len += (size_t)n_;                                                       \
  } while (0)
  ADD("g%" PRIu64 "-%zu %s %s", sc->seed, sc->index,
      r->method[0] != '\0' ? gen_tag_value(sc, r->method) : "\"\"",
      gen_origin_relation(sc->page, r->target));
  if (r->xhr)
    ADD(" xhr");
  else if (strcmp(r->mode, "cors") != 0)
    ADD(" %s",
        strcmp(r->mode, "no-cors") == 0 ? "no-cors" : "same-origin-mode");
  if (gen_request_credentialed(r))
    ADD(" creds");
  if (!r->xhr && strcmp(r->redirect, "follow") != 0)
    ADD(" redirect:%s", r->redirect);
  if (sc->nreq > 1)
    ADD(" x%zu", sc->nreq);
  if (r->at >= 0)
    ADD(" timed");
  for (i = 0; i < sc->ntags; i++)
    ADD("%s%s", i == 0 ? ", " : ", ", sc->tags[i]);
#undef ADD
  sc->name = gen_pool_printf(&sc->pool, "%s", b);
}

int gen_scenario_make(struct gen_scenario *sc, uint64_t seed, size_t index) {
  static const unsigned totals[] = {15, 45, 30, 10};
  unsigned rtwists;
  int total, nreq_tw = 0, nsrv_tw = 0, i;

  gen_scenario_reset(sc, seed, index);
  sc->page = pick_page(sc);
  sc->origin = gen_origin_str(&sc->pool, sc->page);
  sc->base = gen_pool_printf(&sc->pool, "/g%" PRIu64 "-%zu", seed, index);

  /* Mostly one or two adversarial choices, split between script and
   * server. */
  total = (int)gen_rng_weighted(&sc->rng, totals, N(totals));
  for (i = 0; i < total; i++) {
    if (gen_rng_chance(&sc->rng, 450))
      nreq_tw++;
    else
      nsrv_tw++;
  }
  rtwists = gen_request_twists(&sc->rng, nreq_tw);
  make_requests(sc, rtwists);
  gen_server_sample(sc, nsrv_tw);
  redirect_modes(sc);
  make_name(sc);
  return sc->pool.failed || sc->overflow ? -1 : 0;
}
