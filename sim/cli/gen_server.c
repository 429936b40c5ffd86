/*
 * gen_server.c - sampling the server's answers, see gen_server.h.
 *
 * Each URL the script fetches (an endpoint) gets a preflight answer (an
 * OPTIONS rule) and an actual answer (a rule for every method), written
 * from one server-wide configuration flavour: reflecting the Origin,
 * a static allowed origin, or the wildcard. Twists then change one thing
 * in the answers for the first request's URL: a header value variant (the
 * CORS protocol's response checks: Access-Control-Allow-Origin compared
 * byte for byte, Allow-Credentials exactly "true", the method and header
 * lists, Max-Age, Expose-Headers), a status, or a redirect chain whose
 * hops leave and re-enter origins. A catch-all rule comes last.
 */
#include "gen_server.h"

#include "gen_request.h"

#include <stdio.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_HOPS 3
#define LIST_CAP 1024

/* The lines of one response header; n == 0: not sent. */
struct field {
  const char *v[3];
  size_t n;
};

struct answer {
  int status;
  const char *location; /* NULL: none */
  struct field acao, acac, acam, acah, maxage, expose;
  bool vary;
  bool actual;      /* add the actual response's own headers */
  const char *type; /* Content-Type of an actual answer, or NULL */
  bool no_store;
  bool lower; /* header names in lower case */
};

struct hop {
  struct gen_origin o;
  const char *url;
  struct answer pf, act;
};

struct endpoint {
  struct gen_origin o;
  const char *path;
  const char *url;
  const struct gen_request *req[GEN_MAX_REQUESTS];
  size_t nreq;
  bool cred;
  struct answer pf, act;
  bool prefix_pf; /* the OPTIONS rule answers the whole scenario path */
  struct hop hops[MAX_HOPS];
  size_t nhops;
};

enum flavor { FLAVOR_REFLECT, FLAVOR_STATIC, FLAVOR_WILDCARD };

enum twist {
  TW_REDIRECT, /* first: the others see the hops */
  TW_PF_REDIRECT,
  TW_ACAO_ACT,
  TW_ACAO_PF,
  TW_ACAC,
  TW_ACAM,
  TW_ACAH,
  TW_MAXAGE,
  TW_EXPOSE,
  TW_PF_STATUS,
  TW_ACT_STATUS,
  TW_NO_CORS,
  TW_DUP_LINES,
  TW_LOWER,
  TW_COUNT_
};

struct server {
  struct gen_scenario *sc;
  enum flavor flavor;
  struct endpoint ep[GEN_MAX_REQUESTS];
  size_t nep;
  unsigned hopn;          /* numbers hop paths: /g1-5/to1, /to2, ... */
  bool chosen[TW_COUNT_]; /* the twists taken for the first endpoint */
};

/* ---- small helpers ----------------------------------------------------- */

static void field_set(struct field *f, const char *v) {
  f->v[0] = v;
  f->n = 1;
}

static void field_add(struct field *f, const char *v) {
  if (f->n < N(f->v))
    f->v[f->n++] = v;
}

static bool chance(struct server *s, unsigned permille) {
  return gen_rng_chance(&s->sc->rng, permille);
}

static const char *upper(struct server *s, const char *v) {
  return gen_pool_case(&s->sc->pool, v, true);
}

static const char *lower(struct server *s, const char *v) {
  return gen_pool_case(&s->sc->pool, v, false);
}

/* A list being joined into one header value. */
struct list {
  char buf[LIST_CAP];
  size_t len;
};

static void list_init(struct list *l) {
  l->buf[0] = '\0';
  l->len = 0;
}

static void list_add(struct list *l, const char *sep, const char *item) {
  int n = snprintf(l->buf + l->len, sizeof l->buf - l->len, "%s%s",
                   l->len > 0 ? sep : "", item);
  if (n > 0 && (size_t)n < sizeof l->buf - l->len)
    l->len += (size_t)n;
}

static bool list_has(const char *const *items, size_t n, const char *item) {
  size_t i;
  for (i = 0; i < n; i++)
    if (gen_ieq(items[i], item))
      return true;
  return false;
}

/* The endpoint's distinct methods (upper-cased tokens) and header names
 * (tokens, as first sent), in order of appearance. */
static size_t endpoint_methods(struct server *s, const struct endpoint *e,
                               const char **out, size_t cap) {
  size_t i, n = 0;
  for (i = 0; i < e->nreq && n < cap; i++) {
    const char *m = e->req[i]->method;
    if (gen_is_token(m) && !list_has(out, n, m))
      out[n++] = upper(s, m);
  }
  return n;
}

static size_t endpoint_names(const struct endpoint *e, const char **out,
                             size_t cap) {
  size_t i, k, n = 0;
  for (i = 0; i < e->nreq; i++) {
    const struct gen_request *r = e->req[i];
    for (k = 0; k < r->nheaders && n < cap; k++) {
      const char *name = r->headers[k].name;
      if (gen_is_token(name) && !list_has(out, n, name))
        out[n++] = name;
    }
    /* A typed Blob body sends its type as Content-Type: the server's
     * configuration knows the header as well. */
    if (strncmp(r->body, "blob:", 5) == 0 && r->body[5] != '\0' && n < cap &&
        !list_has(out, n, "Content-Type"))
      out[n++] = "Content-Type";
  }
  return n;
}

static bool is_simple_method(const char *m) {
  return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 ||
         strcmp(m, "POST") == 0;
}

/* A loopback origin other than the page's, for a wrong
 * Access-Control-Allow-Origin. */
static const char *other_origin(struct server *s) {
  struct gen_origin o = s->sc->page;
  if (gen_origin_opaque(o)) {
    o.host = GEN_HOST_IPV4;
    o.port = GEN_PORT_PAGE;
  } else if (chance(s, 500)) {
    o.port = o.port == GEN_PORT_LAST ? GEN_PORT_FIRST : o.port + 1;
  } else {
    o.host = o.host == GEN_HOST_IPV4 ? GEN_HOST_LOCALHOST : GEN_HOST_IPV4;
  }
  return gen_origin_str(&s->sc->pool, o);
}

/* ---- plausible answers ------------------------------------------------- */

static const struct gen_choice plausible_maxage[] = {
    {NULL, 40}, {"600", 15}, {"86400", 12}, {"7200", 8},
    {"5", 8},   {"0", 8},    {"10", 4},     {"3600", 5}};
static const struct gen_choice plausible_expose[] = {
    {NULL, 50},
    {"X-Foo", 20},
    {"X-Foo, X-Bar", 12},
    {"*", 10},
    {"Content-Length, X-Foo", 8}};
static const struct gen_choice plausible_types[] = {
    {"application/json", 50}, {"text/plain;charset=utf-8", 30}, {NULL, 20}};
static const char app_methods[] = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
static const char app_headers[] =
    "Content-Type, Authorization, X-Requested-With";

static void plausible_acam(struct server *s, const struct endpoint *e,
                           struct field *f) {
  static const unsigned weights[] = {35, 35, 10, 10, 5};
  const char *m[GEN_MAX_REQUESTS];
  size_t n = endpoint_methods(s, e, m, N(m)), i;
  bool simple = true;
  struct list l;

  for (i = 0; i < n; i++)
    simple = simple && is_simple_method(m[i]);
  list_init(&l);
  switch (gen_rng_weighted(&s->sc->rng, weights, N(weights))) {
  case 0:
    for (i = 0; i < n; i++)
      list_add(&l, ", ", m[i]);
    break;
  case 1:
    list_add(&l, ", ", app_methods);
    for (i = 0; i < n; i++)
      if (strstr(app_methods, m[i]) == NULL && chance(s, 600))
        list_add(&l, ", ", m[i]);
    break;
  case 2:
    list_add(&l, ",", "GET,POST,PUT,DELETE");
    break;
  case 3:
    list_add(&l, ", ", "*");
    break;
  default:
    break;
  }
  if (l.len == 0 && (simple || chance(s, 500)))
    return; /* not sent: fine for the simple methods */
  field_set(f,
            gen_pool_printf(&s->sc->pool, "%s", l.len ? l.buf : app_methods));
}

static void plausible_acah(struct server *s, const struct endpoint *e,
                           struct field *f) {
  static const unsigned weights[] = {40, 15, 25, 10, 3};
  const char *names[GEN_MAX_HEADERS * GEN_MAX_REQUESTS];
  size_t n = endpoint_names(e, names, N(names)), i;
  struct list l;

  if (n == 0) {
    if (chance(s, 300))
      field_set(f, app_headers);
    return;
  }
  list_init(&l);
  switch (gen_rng_weighted(&s->sc->rng, weights, N(weights))) {
  case 0:
    for (i = 0; i < n; i++)
      list_add(&l, ", ", lower(s, names[i]));
    break;
  case 1:
    for (i = 0; i < n; i++)
      list_add(&l, ", ", names[i]);
    break;
  case 2:
    list_add(&l, ", ", app_headers);
    for (i = 0; i < n; i++)
      if (!gen_ieq(names[i], "Content-Type") &&
          !gen_ieq(names[i], "Authorization") &&
          !gen_ieq(names[i], "X-Requested-With"))
        list_add(&l, ", ", names[i]);
    break;
  case 3:
    list_add(&l, ", ", "*");
    break;
  default:
    return;
  }
  field_set(f, gen_pool_printf(&s->sc->pool, "%s", l.buf));
}

/* The answers of a server configured as s->flavor to a request whose
 * Origin header is `expected` (the page's origin, or "null" after a
 * tainting redirect). */
static void plausible_answers(struct server *s, const struct endpoint *e,
                              const char *expected, struct answer *pf,
                              struct answer *act) {
  struct gen_scenario *sc = s->sc;
  const struct gen_request *r0 = e->req[0];
  const char *acao;
  bool acac;

  memset(pf, 0, sizeof *pf);
  memset(act, 0, sizeof *act);
  switch (s->flavor) {
  case FLAVOR_REFLECT:
    acao = expected;
    acac = e->cred ? chance(s, 900) : chance(s, 250);
    pf->vary = act->vary = chance(s, 750);
    break;
  case FLAVOR_STATIC:
    acao = sc->origin;
    acac = e->cred ? chance(s, 900) : chance(s, 250);
    pf->vary = act->vary = chance(s, 200);
    break;
  default:
    acao = "*";
    acac = e->cred && chance(s, 400);
    pf->vary = act->vary = chance(s, 50);
    break;
  }
  field_set(&pf->acao, acao);
  field_set(&act->acao, acao);
  if (acac) {
    field_set(&pf->acac, "true");
    field_set(&act->acac, "true");
  }

  pf->status = chance(s, 550) ? 204 : 200;
  if (s->flavor == FLAVOR_WILDCARD && chance(s, 500))
    field_set(&pf->acam, "*");
  else
    plausible_acam(s, e, &pf->acam);
  if (s->flavor == FLAVOR_WILDCARD && chance(s, 500))
    field_set(&pf->acah, "*");
  else
    plausible_acah(s, e, &pf->acah);
  {
    const char *m = GEN_PICK(&sc->rng, plausible_maxage);
    if (m != NULL)
      field_set(&pf->maxage, m);
  }

  act->actual = true;
  act->status = 200;
  if ((gen_ieq(r0->method, "POST") || gen_ieq(r0->method, "PUT")) &&
      chance(s, 100))
    act->status = 201;
  else if (gen_ieq(r0->method, "DELETE") && chance(s, 300))
    act->status = 204;
  {
    const char *x = GEN_PICK(&sc->rng, plausible_expose);
    if (x != NULL)
      field_set(&act->expose, x);
  }
  act->type = act->status == 204 ? NULL : GEN_PICK(&sc->rng, plausible_types);
  act->no_store = chance(s, 150);
}

/* ---- twists ------------------------------------------------------------ */

/* A variant of an Access-Control-Allow-Origin whose right value is
 * `expected`; returns its label. */
static const char *acao_variant(struct server *s, struct field *f,
                                const char *expected) {
  struct gen_pool *p = &s->sc->pool;
  bool opaque = strcmp(expected, "null") == 0;

  if (opaque) {
    static const struct gen_choice v[] = {{"Null", 2},       {"NULL", 1},
                                          {"null ", 1},      {"*", 2},
                                          {"null, null", 1}, {"", 1}};
    switch (gen_rng_below(&s->sc->rng, 4)) {
    case 0:
      f->n = 0;
      return "missing";
    case 1:
      field_set(f, other_origin(s));
      return "page-like origin";
    case 2:
      field_set(f, "null");
      field_add(f, "null");
      return "null twice";
    default: {
      const char *x = GEN_PICK(&s->sc->rng, v);
      field_set(f, x);
      return gen_pool_printf(p, "'%s'", x);
    }
    }
  }
  switch (gen_rng_below(&s->sc->rng, 17)) {
  case 0:
    field_set(f, "*");
    return "*";
  case 1:
    field_set(f, "null");
    return "null";
  case 2:
    field_set(f, other_origin(s));
    return "other origin";
  case 3:
    field_set(f, gen_pool_printf(p, "HTTP://%s", expected + 7));
    return "upper-case scheme";
  case 4:
    field_set(f, upper(s, expected));
    return "upper-case";
  case 5:
    field_set(f, gen_pool_printf(p, "%s/", expected));
    return "trailing slash";
  case 6:
    field_set(f, gen_pool_printf(p, " %s\t", expected));
    return "padded";
  case 7:
    field_set(f, gen_pool_printf(p, "%s, %s", expected, expected));
    return "'O, O'";
  case 8:
    field_set(f, gen_pool_printf(p, "%s %s", expected, other_origin(s)));
    return "two origins";
  case 9:
    field_set(f, expected);
    field_add(f, expected);
    return "twice";
  case 10:
    field_set(f, expected);
    field_add(f, "*");
    return "origin and *";
  case 11:
    field_set(f, "");
    return "empty";
  case 12: {
    /* Without the port: "http://127.0.0.1". */
    const char *colon = strrchr(expected, ':');
    field_set(f, gen_pool_printf(p, "%.*s", (int)(colon - expected), expected));
    return "no port";
  }
  case 13:
    field_set(f, gen_pool_printf(p, "%s/g", expected));
    return "with path";
  case 14:
    field_set(f, gen_pool_printf(p, "https://%s", expected + 7));
    return "https";
  case 15:
    field_set(f, "*");
    field_add(f, expected);
    return "* and origin";
  default:
    f->n = 0;
    return "missing";
  }
}

static const char *acac_variant(struct server *s, struct field *f) {
  static const struct gen_choice v[] = {
      {"TRUE", 2},       {"True", 2}, {"yes", 1},   {"1", 1},   {"false", 2},
      {"true, true", 1}, {"", 1},     {" true", 1}, {"trUe", 1}};
  switch (gen_rng_below(&s->sc->rng, 4)) {
  case 0:
    f->n = 0;
    return "missing";
  case 1:
    field_set(f, "true");
    field_add(f, "true");
    return "twice";
  default: {
    const char *x = GEN_PICK(&s->sc->rng, v);
    field_set(f, x);
    return gen_pool_printf(&s->sc->pool, "'%s'", x);
  }
  }
}

/* The method the twists are about: the first one that is not simple. */
static const char *key_method(struct server *s, const struct endpoint *e) {
  const char *m[GEN_MAX_REQUESTS];
  size_t n = endpoint_methods(s, e, m, N(m)), i;
  for (i = 0; i < n; i++)
    if (!is_simple_method(m[i]))
      return m[i];
  return n > 0 ? m[0] : "PUT";
}

static bool tw_acam(struct server *s, struct endpoint *e) {
  struct gen_pool *p = &s->sc->pool;
  struct field *f = &e->pf.acam;
  const char *m = key_method(s, e);
  const char *label;

  switch (gen_rng_below(&s->sc->rng, 10)) {
  case 0:
    f->n = 0;
    label = "missing";
    break;
  case 1:
    field_set(f, lower(s, m));
    label = "lower-case";
    break;
  case 2: {
    static const char *const common[] = {"GET", "POST", "HEAD", "PUT",
                                         "DELETE"};
    struct list l;
    size_t i;
    list_init(&l);
    for (i = 0; i < N(common); i++)
      if (!gen_ieq(common[i], m))
        list_add(&l, ", ", common[i]);
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = gen_pool_printf(p, "lacks %s", m);
    break;
  }
  case 3:
    field_set(f, "*");
    label = "*";
    break;
  case 4:
    field_set(f, gen_pool_printf(p, "%s, bad method(", m));
    label = "invalid token";
    break;
  case 5:
    field_set(f, gen_pool_printf(p, ",,%s,,", m));
    label = "empty items";
    break;
  case 6:
    field_set(f, gen_pool_printf(p, "%s DELETE", m));
    label = "space-separated";
    break;
  case 7:
    field_set(f, "GET");
    field_add(f, m);
    label = "two lines";
    break;
  case 8:
    field_set(f, "");
    label = "empty";
    break;
  default:
    /* The script's spelling, which is right for an unnormalised method
     * such as "patch" and wrong for nothing. */
    field_set(f, e->req[0]->method);
    label = "as sent";
    break;
  }
  gen_tag(s->sc, "ACAM %s", label);
  return true;
}

static bool tw_acah(struct server *s, struct endpoint *e) {
  struct gen_pool *p = &s->sc->pool;
  struct field *f = &e->pf.acah;
  const char *names[GEN_MAX_HEADERS * GEN_MAX_REQUESTS];
  size_t n = endpoint_names(e, names, N(names)), i, drop;
  const char *label;
  struct list l;

  if (n == 0)
    return false;
  list_init(&l);
  switch (gen_rng_below(&s->sc->rng, 11)) {
  case 0:
    f->n = 0;
    label = "missing";
    break;
  case 1:
    drop = gen_rng_below(&s->sc->rng, n);
    for (i = 0; i < n; i++)
      if (i != drop)
        list_add(&l, ", ", lower(s, names[i]));
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = gen_pool_printf(p, "lacks %s",
                            gen_tag_value(s->sc, lower(s, names[drop])));
    break;
  case 2:
    field_set(f, "*");
    label = list_has(names, n, "Authorization") ? "* vs authorization" : "*";
    break;
  case 3: {
    /* One letter short: a typo one edit away. */
    size_t k = gen_rng_below(&s->sc->rng, n), len = strlen(names[k]);
    for (i = 0; i < n; i++)
      list_add(&l, ", ",
               i == k && len > 1
                   ? gen_pool_printf(p, "%.*s", (int)(len - 1), names[k])
                   : names[i]);
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = "typo";
    break;
  }
  case 4:
    for (i = 0; i < n; i++)
      list_add(&l, ", ", names[i]);
    list_add(&l, ", ", "x a");
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = "invalid token";
    break;
  case 5:
    for (i = 0; i < n; i++)
      list_add(&l, ",,", names[i]);
    field_set(f, gen_pool_printf(p, ",%s,", l.buf));
    label = "empty items";
    break;
  case 6:
    for (i = 0; i < n; i++)
      list_add(&l, ", ", upper(s, names[i]));
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = "upper-case";
    break;
  case 7:
    field_set(f, names[0]);
    for (i = 1; i < n; i++)
      list_add(&l, ", ", names[i]);
    field_add(f, l.len > 0 ? gen_pool_printf(p, "%s", l.buf) : "x-other");
    label = "two lines";
    break;
  case 8:
    field_set(f, "authorization, *");
    label = "'authorization, *'";
    break;
  case 9:
    field_set(f, "");
    label = "empty";
    break;
  default:
    for (i = 0; i < n; i++)
      list_add(&l, "; ", names[i]);
    field_set(f, gen_pool_printf(p, "%s", l.buf));
    label = "';' separated";
    break;
  }
  gen_tag(s->sc, "ACAH %s", label);
  return true;
}

static bool tw_maxage(struct server *s, struct endpoint *e) {
  static const struct gen_choice v[] = {
      {"0", 3},    {"-1", 2},   {"abc", 2},
      {"4.5", 1},  {" 600", 1}, {"600, 5", 1},
      {"+5", 1},   {"0x10", 1}, {"99999999999999999999", 1},
      {"", 1},     {"5", 2},    {"600", 2},
      {"7201", 1}, {"86401", 1}};
  struct field *f = &e->pf.maxage;

  if (chance(s, 100)) {
    field_set(f, "5");
    field_add(f, "600");
    gen_tag(s->sc, "max-age twice");
    return true;
  }
  field_set(f, GEN_PICK(&s->sc->rng, v));
  gen_tag(s->sc, "max-age '%s'", f->v[0]);
  return true;
}

static bool tw_expose(struct server *s, struct endpoint *e) {
  static const struct gen_choice v[] = {{"*", 3},
                                        {"x-foo,", 1},
                                        {"X Foo", 1},
                                        {"Set-Cookie, X-Foo", 1},
                                        {"*, X-Foo", 1},
                                        {"x-foo, , x-bar", 1},
                                        {"", 1},
                                        {"X-FOO", 1},
                                        {"content-type, x-bar", 1}};
  /* What the script reads is the final answer's. */
  struct field *f =
      e->nhops > 0 ? &e->hops[e->nhops - 1].act.expose : &e->act.expose;

  if (chance(s, 150)) {
    field_set(f, "X-Foo");
    field_add(f, "X-Bar");
    gen_tag(s->sc, "expose two lines");
    return true;
  }
  field_set(f, GEN_PICK(&s->sc->rng, v));
  gen_tag(s->sc, "expose '%s'", f->v[0]);
  return true;
}

static void strip_cors(struct answer *a) {
  a->acao.n = a->acac.n = a->acam.n = a->acah.n = a->maxage.n = 0;
  a->expose.n = 0;
}

static bool tw_pf_status(struct server *s, struct endpoint *e) {
  static const int v[] = {299, 201, 206, 300, 400, 401,
                          403, 404, 405, 500, 503, 202};
  /* A bare error answer, unless another twist changes its headers. */
  bool strip = !s->chosen[TW_ACAO_PF] && !s->chosen[TW_ACAC] &&
               !s->chosen[TW_ACAM] && !s->chosen[TW_ACAH] &&
               !s->chosen[TW_MAXAGE] && chance(s, 500);

  e->pf.status = v[gen_rng_below(&s->sc->rng, N(v))];
  if (strip)
    strip_cors(&e->pf);
  gen_tag(s->sc, "preflight %d%s", e->pf.status, strip ? " bare" : "");
  return true;
}

static bool tw_act_status(struct server *s, struct endpoint *e) {
  static const int v[] = {206, 300, 400, 401, 403, 404, 500, 503, 202, 299};
  bool strip = !s->chosen[TW_ACAO_ACT] && !s->chosen[TW_ACAC] &&
               !s->chosen[TW_EXPOSE] && !s->chosen[TW_DUP_LINES] &&
               chance(s, 500);

  if (e->nhops > 0)
    return false;
  e->act.status = v[gen_rng_below(&s->sc->rng, N(v))];
  /* 300 is no redirect status for fetch even with a Location. */
  if (e->act.status == 300)
    e->act.location =
        gen_pool_printf(&s->sc->pool, "%s%s/to-nowhere",
                        gen_origin_str(&s->sc->pool, e->o), s->sc->base);
  if (strip)
    strip_cors(&e->act);
  gen_tag(s->sc, "status %d%s", e->act.status, strip ? " bare" : "");
  return true;
}

static bool tw_no_cors(struct server *s, struct endpoint *e) {
  strip_cors(&e->act);
  if (chance(s, 300))
    strip_cors(&e->pf);
  gen_tag(s->sc, "no CORS headers");
  return true;
}

static bool tw_dup_lines(struct server *s, struct endpoint *e) {
  switch (gen_rng_below(&s->sc->rng, 4)) {
  case 0:
    if (e->act.acao.n == 1) {
      field_add(&e->act.acao, e->act.acao.v[0]);
      gen_tag(s->sc, "ACAO line twice");
      return true;
    }
    return false;
  case 1:
    if (e->pf.acam.n == 1) {
      field_add(&e->pf.acam, e->pf.acam.v[0]);
      gen_tag(s->sc, "ACAM line twice");
      return true;
    }
    return false;
  case 2:
    if (e->pf.acah.n == 1) {
      field_add(&e->pf.acah, e->pf.acah.v[0]);
      gen_tag(s->sc, "ACAH line twice");
      return true;
    }
    return false;
  default:
    if (e->act.acac.n == 1) {
      field_add(&e->act.acac, "true");
      gen_tag(s->sc, "ACAC line twice");
      return true;
    }
    return false;
  }
}

static bool tw_lower(struct server *s, struct endpoint *e) {
  e->pf.lower = e->act.lower = true;
  gen_tag(s->sc, "lower-case names");
  return true;
}

static bool tw_acao(struct server *s, struct endpoint *e, bool preflight) {
  struct answer *a = preflight ? &e->pf : &e->act;
  const char *label = acao_variant(s, &a->acao, s->sc->origin);
  gen_tag(s->sc, "%sACAO %s", preflight ? "preflight " : "", label);
  return true;
}

static bool tw_acac(struct server *s, struct endpoint *e) {
  size_t which = gen_rng_below(&s->sc->rng, 10);
  const char *label;

  if (which < 5) {
    label = acac_variant(s, &e->act.acac);
    gen_tag(s->sc, "ACAC %s", label);
  } else if (which < 8) {
    label = acac_variant(s, &e->pf.acac);
    gen_tag(s->sc, "preflight ACAC %s", label);
  } else {
    label = acac_variant(s, &e->act.acac);
    e->pf.acac = e->act.acac;
    gen_tag(s->sc, "ACAC %s on both", label);
  }
  return true;
}

static bool tw_pf_redirect(struct server *s, struct endpoint *e) {
  static const int v[] = {301, 302, 307, 308};

  e->pf.status = v[gen_rng_below(&s->sc->rng, N(v))];
  e->pf.location =
      gen_pool_printf(&s->sc->pool, "%s%s/preflight",
                      gen_origin_str(&s->sc->pool, e->o), s->sc->base);
  gen_tag(s->sc, "preflight %d", e->pf.status);
  return true;
}

/* ---- redirects --------------------------------------------------------- */

/* Where a redirect from cur goes. */
static struct gen_origin next_origin(struct server *s, struct gen_origin cur) {
  static const unsigned weights[] = {20, 20, 25, 35};
  struct gen_origin o = cur, page = s->sc->page;

  switch (gen_rng_weighted(&s->sc->rng, weights, N(weights))) {
  case 0:
    return cur;
  case 1:
    if (!gen_origin_opaque(page))
      return page;
    /* An opaque page has no URL to come back to. */
    o.port = cur.port == GEN_PORT_LAST ? GEN_PORT_FIRST : cur.port + 1;
    return o;
  case 2:
    o.port = cur.port == GEN_PORT_LAST ? GEN_PORT_FIRST : cur.port + 1;
    return o;
  default:
    o.host = (cur.host + 1 + (int)gen_rng_below(&s->sc->rng, 2)) % GEN_NHOSTS;
    o.port = GEN_PORT_FIRST + (int)gen_rng_below(&s->sc->rng, 4);
    return o;
  }
}

static const char *location(struct server *s, struct gen_origin cur,
                            struct gen_origin next, const char *path,
                            bool *userinfo) {
  struct gen_pool *p = &s->sc->pool;

  *userinfo = false;
  if (gen_origin_same(cur, next) && chance(s, 150))
    return path;
  if (chance(s, 30)) {
    *userinfo = true;
    return gen_pool_printf(p, "http://user:pw@%s:%d%s",
                           gen_host_name(next.host), next.port, path);
  }
  if (next.host == GEN_HOST_LOCALHOST && chance(s, 100))
    return gen_pool_printf(p, "http://LOCALHOST:%d%s", next.port, path);
  return gen_pool_printf(p, "%s%s", gen_origin_str(p, next), path);
}

/* Turns a into the redirect answer: status, Location, and the CORS
 * headers it had (a CORS middleware in front of the redirect) or none. */
static bool make_redirect(struct server *s, struct answer *a, int status,
                          const char *loc) {
  bool bare = chance(s, 200);

  a->status = status;
  a->location = loc;
  a->actual = false;
  a->type = NULL;
  a->expose.n = 0;
  /* A browser may keep a permanent redirect in its HTTP cache and replay
   * it without asking the server, which corsim does not model: forbid
   * that, so a repeated request goes on the wire again. */
  a->no_store = status == 301 || status == 308;
  if (bare)
    strip_cors(a);
  return bare;
}

static bool tw_redirect(struct server *s, struct endpoint *e) {
  static const unsigned nweights[] = {65, 25, 10};
  static const int statuses[] = {301, 302, 302, 303, 307, 307, 308};
  struct gen_scenario *sc = s->sc;
  size_t n = 1 + gen_rng_weighted(&sc->rng, nweights, N(nweights)), h;
  struct gen_origin cur = e->o;
  struct answer *from = &e->act;
  bool tainted = false, bare = false, userinfo = false, ui;
  char codes[32] = "";
  size_t clen = 0;

  for (h = 0; h < n; h++) {
    struct hop *hp = &e->hops[h];
    const char *path =
        gen_pool_printf(&sc->pool, "%s/to%u", sc->base, ++s->hopn);
    int status = statuses[gen_rng_below(&sc->rng, N(statuses))];
    int w;

    hp->o = next_origin(s, cur);
    hp->url = gen_pool_printf(&sc->pool, "%s%s",
                              gen_origin_str(&sc->pool, hp->o), path);
    bare |= make_redirect(s, from, status, location(s, cur, hp->o, path, &ui));
    userinfo |= ui;
    w = snprintf(codes + clen, sizeof codes - clen, "%s%d", h ? ">" : "",
                 status);
    if (w > 0 && (size_t)w < sizeof codes - clen)
      clen += (size_t)w;
    /* Fetch, HTTP-redirect fetch: a redirect to another origin from a
     * URL that is not the request's origin taints the origin, and the
     * later hops carry "Origin: null". */
    if (!gen_origin_same(hp->o, cur) && !gen_origin_same(sc->page, cur))
      tainted = true;
    plausible_answers(s, e, tainted ? "null" : sc->origin, &hp->pf, &hp->act);
    from = &hp->act;
    cur = hp->o;
  }
  e->nhops = n;
  if (chance(s, 40)) {
    /* Back to the first URL: a loop the browser gives up after 20. */
    (void)make_redirect(s, from, 302, e->url);
    gen_tag(sc, "redirect loop");
  } else {
    gen_tag(sc, "redirect %s to %s%s%s", codes,
            gen_origin_relation(sc->page, cur), bare ? " bare hop" : "",
            userinfo ? " userinfo" : "");
  }
  sc->redirects = true;
  return true;
}

/* ---- choosing twists --------------------------------------------------- */

static bool apply(struct server *s, struct endpoint *e, enum twist t) {
  switch (t) {
  case TW_REDIRECT:
    return tw_redirect(s, e);
  case TW_PF_REDIRECT:
    return tw_pf_redirect(s, e);
  case TW_ACAO_ACT:
    return tw_acao(s, e, false);
  case TW_ACAO_PF:
    return tw_acao(s, e, true);
  case TW_ACAC:
    return tw_acac(s, e);
  case TW_ACAM:
    return tw_acam(s, e);
  case TW_ACAH:
    return tw_acah(s, e);
  case TW_MAXAGE:
    return tw_maxage(s, e);
  case TW_EXPOSE:
    return tw_expose(s, e);
  case TW_PF_STATUS:
    return tw_pf_status(s, e);
  case TW_ACT_STATUS:
    return tw_act_status(s, e);
  case TW_NO_CORS:
    return tw_no_cors(s, e);
  case TW_DUP_LINES:
    return tw_dup_lines(s, e);
  default:
    return tw_lower(s, e);
  }
}

/* Pairs of twists that would undo each other's change. */
static const unsigned char conflicts[][2] = {
    {TW_REDIRECT, TW_ACT_STATUS}, {TW_PF_REDIRECT, TW_PF_STATUS},
    {TW_NO_CORS, TW_ACAO_ACT},    {TW_NO_CORS, TW_ACAO_PF},
    {TW_NO_CORS, TW_ACAC},        {TW_NO_CORS, TW_ACAM},
    {TW_NO_CORS, TW_ACAH},        {TW_NO_CORS, TW_MAXAGE},
    {TW_NO_CORS, TW_EXPOSE},      {TW_NO_CORS, TW_DUP_LINES},
    {TW_NO_CORS, TW_ACT_STATUS},  {TW_NO_CORS, TW_PF_STATUS}};

static void twist(struct server *s, struct endpoint *e, int n) {
  struct gen_scenario *sc = s->sc;
  const struct gen_request *r = e->req[0];
  bool cors = gen_request_cors(sc, r);
  bool pf = gen_request_preflight_likely(sc, r);
  const char *names[GEN_MAX_HEADERS * GEN_MAX_REQUESTS];
  bool has_names = endpoint_names(e, names, N(names)) > 0;
  unsigned w[TW_COUNT_];
  bool *chosen = s->chosen;
  size_t k;
  int i;

  /* Weights by what can matter for this request. */
  w[TW_REDIRECT] = cors ? 12 : 20;
  w[TW_PF_REDIRECT] = pf ? 3 : 0;
  w[TW_ACAO_ACT] = cors ? 14 : 0;
  w[TW_ACAO_PF] = pf ? 10 : 0;
  w[TW_ACAC] = cors && e->cred ? 10 : 0;
  w[TW_ACAM] = pf ? 10 : 0;
  w[TW_ACAH] = pf && has_names ? 10 : 0;
  /* The cache lifetime is what a timed sequence is about. */
  w[TW_MAXAGE] = !pf ? 0 : r->at >= 0 ? 40 : sc->nreq > 1 ? 14 : 3;
  w[TW_EXPOSE] = cors ? 7 : 1;
  w[TW_PF_STATUS] = pf ? 8 : 0;
  w[TW_ACT_STATUS] = 6;
  w[TW_NO_CORS] = cors ? 5 : 0;
  w[TW_DUP_LINES] = cors ? 6 : 0;
  w[TW_LOWER] = 2;
  for (i = 0; i < n; i++) {
    unsigned total = 0;
    size_t t;
    for (k = 0; k < TW_COUNT_; k++)
      total += w[k];
    if (total == 0)
      break;
    t = gen_rng_weighted(&sc->rng, w, N(w));
    chosen[t] = true;
    w[t] = 0;
    for (k = 0; k < N(conflicts); k++) {
      if (conflicts[k][0] == t)
        w[conflicts[k][1]] = 0;
      if (conflicts[k][1] == t)
        w[conflicts[k][0]] = 0;
    }
  }
  for (k = 0; k < TW_COUNT_; k++)
    if (chosen[k])
      (void)apply(s, e, (enum twist)k);
}

/* ---- rules ------------------------------------------------------------- */

static void emit_field(struct server *s, struct gen_rule *r, const char *name,
                       const struct field *f, bool lower_names) {
  size_t i;
  for (i = 0; i < f->n; i++)
    gen_rule_add_header(s->sc, r, lower_names ? lower(s, name) : name, f->v[i]);
}

static void emit(struct server *s, const char *method, const char *url,
                 const struct answer *a) {
  struct gen_rule *r = gen_rule_add(s->sc);
  bool lc = a->lower;

  if (r == NULL)
    return;
  r->method = method;
  r->url = url;
  r->status = a->status;
  if (a->location != NULL)
    gen_rule_add_header(s->sc, r, lc ? "location" : "Location", a->location);
  emit_field(s, r, "Access-Control-Allow-Origin", &a->acao, lc);
  emit_field(s, r, "Access-Control-Allow-Credentials", &a->acac, lc);
  emit_field(s, r, "Access-Control-Allow-Methods", &a->acam, lc);
  emit_field(s, r, "Access-Control-Allow-Headers", &a->acah, lc);
  emit_field(s, r, "Access-Control-Max-Age", &a->maxage, lc);
  emit_field(s, r, "Access-Control-Expose-Headers", &a->expose, lc);
  if (a->vary)
    gen_rule_add_header(s->sc, r, lc ? "vary" : "Vary", "Origin");
  if (a->type != NULL)
    gen_rule_add_header(s->sc, r, lc ? "content-type" : "Content-Type",
                        a->type);
  if (a->actual) {
    gen_rule_add_header(s->sc, r, lc ? "x-foo" : "X-Foo", "1");
    gen_rule_add_header(s->sc, r, lc ? "x-bar" : "X-Bar", "2");
  }
  if (a->no_store)
    gen_rule_add_header(s->sc, r, lc ? "cache-control" : "Cache-Control",
                        "no-store");
}

static void emit_catch_all(struct server *s) {
  struct gen_rule *r = gen_rule_add(s->sc);
  size_t k;

  if (r == NULL)
    return;
  k = gen_rng_below(&s->sc->rng, 4);
  if (k <= 1)
    gen_rule_add_header(s->sc, r, "Access-Control-Allow-Origin",
                        k == 0 ? s->sc->origin : "*");
  if (k == 3)
    r->status = 404;
  gen_rule_add_header(s->sc, r, "Content-Type", "text/plain");
}

/* ---- the server -------------------------------------------------------- */

static struct endpoint *endpoint_for(struct server *s,
                                     const struct gen_request *r) {
  struct endpoint *e;
  size_t i;

  for (i = 0; i < s->nep; i++) {
    e = &s->ep[i];
    if (e->o.host == r->target.host && e->o.port == r->target.port &&
        strcmp(e->path, r->path) == 0) {
      e->req[e->nreq++] = r;
      e->cred = e->cred || gen_request_credentialed(r);
      return e;
    }
  }
  e = &s->ep[s->nep++];
  memset(e, 0, sizeof *e);
  e->o = r->target;
  e->path = r->path;
  e->url = gen_pool_printf(&s->sc->pool, "%s%s",
                           gen_origin_str(&s->sc->pool, r->target), r->path);
  e->req[0] = r;
  e->nreq = 1;
  e->cred = gen_request_credentialed(r);
  return e;
}

void gen_server_sample(struct gen_scenario *sc, int twists) {
  /* Servers that take credentials mostly reflect the origin; the wildcard
   * with credentials stays, as the common mistake it is. */
  static const unsigned flavors[] = {40, 25, 35};
  static const unsigned cred_flavors[] = {55, 30, 15};
  struct server s;
  size_t i, h;

  memset(&s, 0, sizeof s);
  s.sc = sc;
  for (i = 0; i < sc->nreq; i++)
    (void)endpoint_for(&s, &sc->req[i]);
  s.flavor = (enum flavor)(
      s.ep[0].cred ? gen_rng_weighted(&sc->rng, cred_flavors, N(cred_flavors))
                   : gen_rng_weighted(&sc->rng, flavors, N(flavors)));
  for (i = 0; i < s.nep; i++) {
    struct endpoint *e = &s.ep[i];
    plausible_answers(&s, e, sc->origin, &e->pf, &e->act);
    e->prefix_pf = chance(&s, 250);
  }
  if (twists > 0)
    twist(&s, &s.ep[0], twists);

  for (i = 0; i < s.nep; i++) {
    struct endpoint *e = &s.ep[i];
    emit(&s, "OPTIONS",
         e->prefix_pf
             ? gen_pool_printf(&sc->pool, "%s%s/*",
                               gen_origin_str(&sc->pool, e->o), sc->base)
             : e->url,
         &e->pf);
    emit(&s, "*", e->url, &e->act);
    for (h = 0; h < e->nhops; h++) {
      emit(&s, "OPTIONS", e->hops[h].url, &e->hops[h].pf);
      emit(&s, "*", e->hops[h].url, &e->hops[h].act);
    }
  }
  emit_catch_all(&s);
}
