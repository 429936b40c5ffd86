#include "cache.h"

#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void corsim__cache_init(struct corsim__cache *c) {
  c->items = NULL;
  c->n = 0;
  c->cap = 0;
  c->clock = 0;
  c->nhosts = 0;
  c->next_host = 0;
}

void corsim__cache_cleanup(struct corsim__cache *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->items[i].mem);
  free(c->items);
  corsim__cache_init(c);
}

static bool same_key(const struct corsim__cache_item *it,
                     struct corsim_str origin, struct corsim_str url) {
  return corsim__str_eq(it->origin, origin) && corsim__str_eq(it->url, url);
}

static void remove_at(struct corsim__cache *c, size_t i) {
  free(c->items[i].mem);
  memmove(&c->items[i], &c->items[i + 1],
          (c->n - i - 1) * sizeof(c->items[0]));
  c->n--;
}

void corsim__cache_clear(struct corsim__cache *c, struct corsim_str origin,
                         struct corsim_str url) {
  size_t i = 0;
  while (i < c->n) {
    if (same_key(&c->items[i], origin, url))
      remove_at(c, i);
    else
      i++;
  }
}

static int add_item(struct corsim__cache *c, struct corsim_str origin,
                    struct corsim_str url, struct corsim_str token,
                    enum corsim__cache_kind kind, bool cred, double now,
                    double expires) {
  if (c->n == CORSIM_CACHE_MAX_ITEMS)
    remove_at(c, 0); /* items are kept oldest first */
  if (c->n == c->cap) {
    size_t ncap = c->cap ? c->cap * 2 : 16;
    struct corsim__cache_item *ni = realloc(c->items, ncap * sizeof(*ni));
    if (ni == NULL)
      return CORSIM_ENOMEM;
    c->items = ni;
    c->cap = ncap;
  }
  char *mem = malloc(origin.len + url.len + token.len + 3);
  if (mem == NULL)
    return CORSIM_ENOMEM;
  struct corsim__cache_item *it = &c->items[c->n++];
  char *p = mem;
  memcpy(p, origin.ptr, origin.len);
  p[origin.len] = '\0';
  it->origin = (struct corsim_str){p, origin.len};
  p += origin.len + 1;
  if (url.len)
    memcpy(p, url.ptr, url.len);
  p[url.len] = '\0';
  it->url = (struct corsim_str){p, url.len};
  p += url.len + 1;
  if (token.len)
    memcpy(p, token.ptr, token.len);
  p[token.len] = '\0';
  it->token = (struct corsim_str){p, token.len};
  it->kind = kind;
  it->credentials = cred;
  it->stored_at = now;
  it->expires = expires;
  it->born = ++c->clock;
  it->mem = mem;
  return 0;
}

static bool is_star(struct corsim_str s) { return s.len == 1 && s.ptr[0] == '*'; }

/* Chromium's and WebKit's single result per key (chromium.md §3.4,
 * spec-firefox-webkit.md §3.6). */
static bool lookup_replace(struct corsim__cache *c,
                           const struct corsim__profile *p,
                           const struct corsim__cache_query *q) {
  size_t entry = c->n;
  for (size_t i = 0; i < c->n; i++)
    if (c->items[i].kind == CORSIM_CACHE_ITEM_ENTRY &&
        same_key(&c->items[i], q->origin, q->url))
      entry = i;
  if (entry == c->n)
    return false;
  const struct corsim__cache_item *e = &c->items[entry];
  bool ok = q->now < e->expires && !(q->include && !e->credentials);
  if (ok && q->method_needs_entry) {
    bool m = false;
    for (size_t i = 0; i < c->n && !m; i++) {
      const struct corsim__cache_item *it = &c->items[i];
      if (it->kind == CORSIM_CACHE_ITEM_METHOD &&
          same_key(it, q->origin, q->url))
        m = corsim__str_eq(it->token, q->method) ||
            (is_star(it->token) && !q->include);
    }
    ok = m;
  }
  for (size_t h = 0; ok && h < q->nheaders; h++) {
    bool m = false;
    bool auth = corsim__str_ieq_c(q->headers[h], "authorization");
    for (size_t i = 0; i < c->n && !m; i++) {
      const struct corsim__cache_item *it = &c->items[i];
      if (it->kind != CORSIM_CACHE_ITEM_HEADER ||
          !same_key(it, q->origin, q->url))
        continue;
      /* Chromium's cache lookup always applies the rule that * does not
       * cover Authorization, even though its preflight check does not. */
      bool star_ok = is_star(it->token) && !q->include &&
                     !(auth && p->browser == CORSIM_BROWSER_CHROMIUM);
      m = corsim__str_ieq(it->token, q->headers[h]) || star_ok;
    }
    ok = m;
  }
  if (!ok)
    corsim__cache_clear(c, q->origin, q->url);
  return ok;
}

/* Firefox's nsPreflightCache: tokens with their own expiry; the
 * credentials flag is part of the key; wildcards never match
 * (spec-firefox-webkit.md §2.6). */
static bool lookup_tokens(struct corsim__cache *c,
                          const struct corsim__cache_query *q) {
  bool safe_method = corsim__str_eq(q->method, CORSIM_LIT("GET")) ||
                     corsim__str_eq(q->method, CORSIM_LIT("POST"));
  /* nsPreflightCache::GetEntry first: without any live token for the key
   * there is no entry, whatever the method. */
  bool entry = false;
  for (size_t i = 0; i < c->n && !entry; i++)
    entry = c->items[i].kind != CORSIM_CACHE_ITEM_ENTRY &&
            same_key(&c->items[i], q->origin, q->url) &&
            c->items[i].credentials == q->include && q->now < c->items[i].expires;
  if (!entry)
    return false;
  bool ok = safe_method;
  for (size_t i = 0; i < c->n && !ok; i++) {
    const struct corsim__cache_item *it = &c->items[i];
    ok = it->kind == CORSIM_CACHE_ITEM_METHOD &&
         same_key(it, q->origin, q->url) && it->credentials == q->include &&
         q->now < it->expires && corsim__str_eq(it->token, q->method);
  }
  for (size_t h = 0; ok && h < q->nheaders; h++) {
    bool m = false;
    for (size_t i = 0; i < c->n && !m; i++) {
      const struct corsim__cache_item *it = &c->items[i];
      m = it->kind == CORSIM_CACHE_ITEM_HEADER &&
          same_key(it, q->origin, q->url) && it->credentials == q->include &&
          q->now < it->expires && corsim__str_ieq(it->token, q->headers[h]);
    }
    ok = m;
  }
  return ok;
}

/* The dated entry of (origin, URL, credentials) in the tokens model, or
 * c->n. */
static size_t dated_entry(const struct corsim__cache *c, struct corsim_str origin,
                          struct corsim_str url, bool cred) {
  for (size_t i = 0; i < c->n; i++)
    if (c->items[i].kind == CORSIM_CACHE_ITEM_ENTRY &&
        c->items[i].credentials == cred && same_key(&c->items[i], origin, url))
      return i;
  return c->n;
}

/* The DNS records of host, tracked from now on if they were not. */
static struct corsim__dns_host *dns_host(struct corsim__cache *c,
                                         struct corsim_str host) {
  for (size_t i = 0; i < c->nhosts; i++)
    if (strlen(c->hosts[i].host) == host.len &&
        memcmp(c->hosts[i].host, host.ptr, host.len) == 0)
      return &c->hosts[i];
  struct corsim__dns_host *h;
  if (c->nhosts < CORSIM_DNS_HOSTS_MAX) {
    h = &c->hosts[c->nhosts++];
  } else {
    h = &c->hosts[c->next_host];
    c->next_host = (c->next_host + 1) % CORSIM_DNS_HOSTS_MAX;
  }
  memcpy(h->host, host.ptr, host.len);
  h->host[host.len] = '\0';
  h->records = 0;
  h->newest = 0;
  return h;
}

/* Firefox's CORSCacheEntry::CheckDNSCache: the host's records are looked
 * up one after the other; a record newer than the entry fails the check,
 * and a missing one is made (with the current time) and fails it too. */
bool corsim__cache_dns_check(struct corsim__cache *c,
                             const struct corsim__cache_query *q) {
  if (q->dns_records == 0 || q->host.len >= sizeof(c->hosts[0].host))
    return true;
  size_t e = dated_entry(c, q->origin, q->url, q->include);
  if (e == c->n)
    return true;
  struct corsim__dns_host *h = dns_host(c, q->host);
  bool ok = true;
  if (h->records > 0 && h->newest > c->items[e].born) {
    ok = false;
  } else if (h->records < q->dns_records) {
    h->records++;
    h->newest = ++c->clock;
    ok = false;
  }
  if (ok)
    return true;
  /* Doomed: this entry's tokens go with it (not those of the other
   * credentials flag, which are another entry). */
  size_t i = 0;
  while (i < c->n) {
    if (c->items[i].credentials == q->include &&
        same_key(&c->items[i], q->origin, q->url))
      remove_at(c, i);
    else
      i++;
  }
  return false;
}

/* Fetch #cache-entry-match: a credentialed entry also serves a request
 * that is not include. */
static bool spec_entry_match(const struct corsim__cache_item *it,
                             const struct corsim__cache_query *q) {
  return same_key(it, q->origin, q->url) && q->now < it->expires &&
         (it->credentials || !q->include);
}

static bool lookup_spec(struct corsim__cache *c,
                        const struct corsim__cache_query *q) {
  bool ok = !q->method_needs_entry;
  for (size_t i = 0; i < c->n && !ok; i++) {
    const struct corsim__cache_item *it = &c->items[i];
    ok = it->kind == CORSIM_CACHE_ITEM_METHOD && spec_entry_match(it, q) &&
         (corsim__str_eq(it->token, q->method) || is_star(it->token));
  }
  for (size_t h = 0; ok && h < q->nheaders; h++) {
    bool m = false;
    bool auth = corsim__str_ieq_c(q->headers[h], "authorization");
    for (size_t i = 0; i < c->n && !m; i++) {
      const struct corsim__cache_item *it = &c->items[i];
      m = it->kind == CORSIM_CACHE_ITEM_HEADER && spec_entry_match(it, q) &&
          (corsim__str_ieq(it->token, q->headers[h]) ||
           (is_star(it->token) && !auth));
    }
    ok = m;
  }
  return ok;
}

bool corsim__cache_lookup(struct corsim__cache *c,
                          const struct corsim__profile *p,
                          const struct corsim__cache_query *q) {
  switch (p->cache_model) {
  case CORSIM_CACHE_REPLACE:
    return lookup_replace(c, p, q);
  case CORSIM_CACHE_TOKENS:
    return lookup_tokens(c, q);
  case CORSIM_CACHE_SPEC:
    return lookup_spec(c, q);
  }
  return false;
}

/* Refreshes a matching token item or adds one (Firefox and spec merge). */
static int merge_token(struct corsim__cache *c, const struct corsim__cache_grant *g,
                       enum corsim__cache_kind kind, struct corsim_str token,
                       bool exact_cred) {
  double exp = g->now + g->max_age;
  for (size_t i = 0; i < c->n; i++) {
    struct corsim__cache_item *it = &c->items[i];
    if (it->kind != kind || !same_key(it, g->origin, g->url))
      continue;
    bool cred_ok = exact_cred ? it->credentials == g->include
                              : (it->credentials || !g->include);
    bool tok = kind == CORSIM_CACHE_ITEM_METHOD
                   ? corsim__str_eq(it->token, token)
                   : corsim__str_ieq(it->token, token);
    if (cred_ok && tok) {
      it->expires = exp;
      it->stored_at = g->now;
      return 0;
    }
  }
  return add_item(c, g->origin, g->url, token, kind, g->include, g->now, exp);
}

int corsim__cache_store(struct corsim__cache *c,
                        const struct corsim__profile *p,
                        const struct corsim__cache_grant *g) {
  if (g->max_age <= 0)
    return 0;
  double exp = g->now + g->max_age;
  int err = 0;
  switch (p->cache_model) {
  case CORSIM_CACHE_REPLACE:
    corsim__cache_clear(c, g->origin, g->url);
    err = add_item(c, g->origin, g->url, CORSIM_LIT(""),
                   CORSIM_CACHE_ITEM_ENTRY, g->include, g->now, exp);
    for (size_t i = 0; !err && i < g->nmethods; i++)
      err = add_item(c, g->origin, g->url, g->methods[i],
                     CORSIM_CACHE_ITEM_METHOD, g->include, g->now, exp);
    for (size_t i = 0; !err && i < g->nheaders; i++)
      err = add_item(c, g->origin, g->url, g->headers[i],
                     CORSIM_CACHE_ITEM_HEADER, g->include, g->now, exp);
    break;
  case CORSIM_CACHE_TOKENS:
  case CORSIM_CACHE_SPEC: {
    bool exact = p->cache_model == CORSIM_CACHE_TOKENS;
    /* nsPreflightCache::GetEntry(create): a new entry, dated now, unless
     * one exists; the tokens then merge into it. */
    if (exact && g->dated_entry &&
        dated_entry(c, g->origin, g->url, g->include) == c->n)
      err = add_item(c, g->origin, g->url, CORSIM_LIT(""),
                     CORSIM_CACHE_ITEM_ENTRY, g->include, g->now, DBL_MAX);
    for (size_t i = 0; !err && i < g->nmethods; i++)
      err = merge_token(c, g, CORSIM_CACHE_ITEM_METHOD, g->methods[i], exact);
    for (size_t i = 0; !err && i < g->nheaders; i++)
      err = merge_token(c, g, CORSIM_CACHE_ITEM_HEADER, g->headers[i], exact);
    break;
  }
  }
  return err;
}

/*
 * Parses 1*DIGIT, optionally signed when allow_sign, into *out. With
 * int64 set it fails, as base::StringToInt64 and WebKit's
 * parseInteger<int64_t> do, when the value does not fit in 64 bits;
 * without, it saturates (the standard has no limit).
 */
static bool parse_int(struct corsim_str s, bool allow_sign, bool int64,
                      double *out) {
  size_t i = 0;
  bool neg = false;
  if (allow_sign && s.len > 0 && (s.ptr[0] == '-' || s.ptr[0] == '+')) {
    neg = s.ptr[0] == '-';
    i = 1;
  }
  if (i == s.len)
    return false;
  double v = 0;
  uint64_t u = 0;
  bool overflow = false;
  for (; i < s.len; i++) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9')
      return false;
    unsigned d = (unsigned)(s.ptr[i] - '0');
    v = v * 10 + d;
    if (u > (UINT64_MAX - d) / 10)
      overflow = true;
    else
      u = u * 10 + d;
  }
  if (int64 && (overflow || u > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)))
    return false;
  *out = neg ? -v : v;
  return true;
}

double corsim__max_age_parse(const struct corsim__profile *p, bool present,
                             struct corsim_str value, double *capped_from) {
  double v = 0;
  *capped_from = -1;
  value = corsim__str_trim_ows(value);
  switch (p->browser) {
  case CORSIM_BROWSER_CHROMIUM:
    /* base::StringToInt64 takes a sign; anything else falls back to 5 s;
     * a negative value makes the entry stale at once (chromium.md §3.3). */
    if (!present || !parse_int(value, true, true, &v))
      v = p->max_age_default;
    break;
  case CORSIM_BROWSER_FIREFOX:
    /* nsPreflightCache::AddResultToCache: absent or empty gives 5 s;
     * anything but digits caches nothing (observed in Firefox 153,
     * tests/browser/firefox-153). */
    if (!present || value.len == 0)
      v = p->max_age_default;
    else if (!parse_int(value, false, false, &v))
      return 0;
    break;
  case CORSIM_BROWSER_WEBKIT:
    if (!present || !parse_int(value, true, true, &v))
      v = p->max_age_default;
    break;
  case CORSIM_BROWSER_SPEC:
  default:
    /* delta-seconds = 1*DIGIT; null or failure gives 5. */
    if (!present || !parse_int(value, false, false, &v))
      v = p->max_age_default;
    break;
  }
  if (v <= 0)
    return 0;
  if (p->max_age_cap > 0 && v > p->max_age_cap) {
    *capped_from = v;
    v = p->max_age_cap;
  }
  return v;
}
