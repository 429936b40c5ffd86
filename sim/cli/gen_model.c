/*
 * gen_model.c - the generated scenario's storage, see gen_model.h.
 */
#include "gen_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gen_pool_reset(struct gen_pool *p) {
  p->used = 0;
  p->failed = false;
}

const char *gen_pool_printf(struct gen_pool *p, const char *fmt, ...) {
  size_t room = sizeof p->buf - p->used;
  char *out = p->buf + p->used;
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(out, room, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= room) {
    p->failed = true;
    return "";
  }
  p->used += (size_t)n + 1;
  return out;
}

/* n bytes of the pool, or NULL (and failed set) when they do not fit. */
static char *pool_alloc(struct gen_pool *p, size_t n) {
  char *out = p->buf + p->used;

  if (n > sizeof p->buf - p->used) {
    p->failed = true;
    return NULL;
  }
  p->used += n;
  return out;
}

const char *gen_pool_fill(struct gen_pool *p, const char *prefix, char fill,
                          size_t total) {
  size_t plen = strlen(prefix);
  char *out = pool_alloc(p, total + 1);

  if (out == NULL)
    return "";
  if (plen > total)
    plen = total;
  memcpy(out, prefix, plen);
  memset(out + plen, fill, total - plen);
  out[total] = '\0';
  return out;
}

const char *gen_pool_case(struct gen_pool *p, const char *s, bool upper) {
  size_t n = strlen(s), i;
  char *out = pool_alloc(p, n + 1);

  if (out == NULL)
    return "";
  for (i = 0; i <= n; i++) {
    char c = s[i];
    if (upper && c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    else if (!upper && c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    out[i] = c;
  }
  return out;
}

bool gen_ieq(const char *a, const char *b) {
  for (;; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return false;
    if (x == '\0')
      return true;
  }
}

bool gen_is_token(const char *s) {
  static const char tchar[] = "!#$%&'*+-.^_`|~";
  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
          (c >= 'A' && c <= 'Z') || strchr(tchar, c) != NULL))
      return false;
  }
  return true;
}

bool gen_origin_opaque(struct gen_origin o) { return o.host < 0; }

bool gen_origin_same(struct gen_origin a, struct gen_origin b) {
  return a.host >= 0 && a.host == b.host && a.port == b.port;
}

const char *gen_host_name(int host) {
  static const char *const names[GEN_NHOSTS] = {"127.0.0.1", "localhost",
                                                "[::1]"};
  return host >= 0 && host < GEN_NHOSTS ? names[host] : "127.0.0.1";
}

const char *gen_origin_str(struct gen_pool *p, struct gen_origin o) {
  if (gen_origin_opaque(o))
    return "null";
  return gen_pool_printf(p, "http://%s:%d", gen_host_name(o.host), o.port);
}

const char *gen_origin_relation(struct gen_origin page,
                                struct gen_origin target) {
  if (gen_origin_opaque(page))
    return "from-null";
  if (gen_origin_same(page, target))
    return "same-origin";
  return page.host == target.host ? "same-site" : "cross-site";
}

void gen_scenario_reset(struct gen_scenario *sc, uint64_t seed, size_t index) {
  sc->seed = seed;
  sc->index = index;
  gen_rng_seed(&sc->rng, seed, (uint64_t)index);
  gen_pool_reset(&sc->pool);
  sc->page.host = GEN_HOST_IPV4;
  sc->page.port = GEN_PORT_PAGE;
  sc->origin = "";
  sc->base = "";
  sc->name = "";
  sc->nreq = 0;
  sc->nrules = 0;
  sc->ntags = 0;
  sc->redirects = false;
  sc->overflow = false;
}

void gen_tag(struct gen_scenario *sc, const char *fmt, ...) {
  char tmp[256];
  va_list ap;

  if (sc->ntags >= GEN_MAX_TAGS)
    return;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sc->tags[sc->ntags++] = gen_pool_printf(&sc->pool, "%s", tmp);
}

const char *gen_tag_value(struct gen_scenario *sc, const char *v) {
  enum { SHOW = 20 };
  char tmp[SHOW + 4];
  size_t i, n = 0;

  for (i = 0; v[i] != '\0' && n < SHOW; i++) {
    unsigned char c = (unsigned char)v[i];
    /* One '?' per UTF-8 character: skip continuation bytes. */
    if (c >= 0x80 && c < 0xc0)
      continue;
    tmp[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
  }
  if (v[i] != '\0')
    tmp[n++] = '.', tmp[n++] = '.', tmp[n++] = '.';
  tmp[n] = '\0';
  return gen_pool_printf(&sc->pool, "%s", tmp);
}

void gen_request_add_header(struct gen_scenario *sc, struct gen_request *r,
                            const char *name, const char *value) {
  if (r->nheaders >= GEN_MAX_HEADERS) {
    sc->overflow = true;
    return;
  }
  r->headers[r->nheaders].name = name;
  r->headers[r->nheaders].value = value;
  r->nheaders++;
}

struct gen_rule *gen_rule_add(struct gen_scenario *sc) {
  struct gen_rule *r;

  if (sc->nrules >= GEN_MAX_RULES) {
    sc->overflow = true;
    return NULL;
  }
  r = &sc->rules[sc->nrules++];
  r->method = "*";
  r->url = "*";
  r->status = 200;
  r->nheaders = 0;
  return r;
}

void gen_rule_add_header(struct gen_scenario *sc, struct gen_rule *r,
                         const char *name, const char *value) {
  if (r->nheaders >= GEN_MAX_RULE_HEADERS) {
    sc->overflow = true;
    return;
  }
  r->headers[r->nheaders].name = name;
  r->headers[r->nheaders].value = value;
  r->nheaders++;
}
