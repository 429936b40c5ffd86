/*
 * cache.h - the CORS-preflight cache of one simulated page (Fetch
 * #cors-preflight-cache), in each browser's model (profile.h). It lives in
 * the caller's struct corsim_ctx, never in a global.
 */
#ifndef CORSIM_CACHE_H
#define CORSIM_CACHE_H

#include "corsim.h"
#include "profile.h"
#include "str.h"

enum corsim__cache_kind {
  /* the existence of a result (replace model); in the tokens model, the
   * entry a DNS check dates (corsim__cache_dns_check) */
  CORSIM_CACHE_ITEM_ENTRY,
  CORSIM_CACHE_ITEM_METHOD,
  CORSIM_CACHE_ITEM_HEADER
};

struct corsim__cache_item {
  struct corsim_str origin;
  struct corsim_str url;
  struct corsim_str token; /* method (as sent) or lower-case header name */
  enum corsim__cache_kind kind;
  bool credentials;
  double stored_at;
  double expires; /* valid while now < expires */
  unsigned long born; /* the cache's clock when the item was added */
  void *mem;      /* the one allocation holding the strings */
};

/* Hard limit; the oldest item is evicted beyond it. */
#define CORSIM_CACHE_MAX_ITEMS 4096

/* The DNS records a page's network partition holds for one host, as
 * Firefox's DNS check of cached preflights sees them (profile.h,
 * opaque_dns_records): how many exist, and when the newest was made. */
struct corsim__dns_host {
  char host[64]; /* lower-case, IPv6 in brackets */
  unsigned records;
  unsigned long newest; /* the cache's clock when it was made */
};

/* Hosts tracked at once; past that the oldest is forgotten. */
#define CORSIM_DNS_HOSTS_MAX 16

struct corsim__cache {
  struct corsim__cache_item *items;
  size_t n, cap;
  /* Orders the creation of entries and DNS records (their times in a
   * scenario can be equal, their order cannot). */
  unsigned long clock;
  struct corsim__dns_host hosts[CORSIM_DNS_HOSTS_MAX];
  size_t nhosts, next_host;
};

struct corsim__cache_query {
  struct corsim_str origin; /* key origin as the browser keys it */
  struct corsim_str url;
  bool include; /* credentials mode is include */
  struct corsim_str method;
  /* the method itself needs an entry (spec: not safelisted or the
   * use-CORS-preflight flag) */
  bool method_needs_entry;
  const struct corsim_str *headers; /* CORS-unsafe names, lower-case */
  size_t nheaders;
  double now;
  /* For corsim__cache_dns_check: the URL's host and the DNS records it
   * must have before an entry for it is used (0: no check). */
  struct corsim_str host;
  unsigned dns_records;
};

void corsim__cache_init(struct corsim__cache *c);
void corsim__cache_cleanup(struct corsim__cache *c);

/*
 * True when the cache makes the preflight unnecessary. Chromium and WebKit
 * erase an entry that is stale or insufficient, as they do.
 */
bool corsim__cache_lookup(struct corsim__cache *c,
                          const struct corsim__profile *p,
                          const struct corsim__cache_query *q);

/*
 * Firefox's DNS check of a cached preflight (profile.h, opaque_dns_records),
 * made before corsim__cache_lookup when q->dns_records > 0. When an entry
 * exists for q's key (origin, URL, credentials), it is usable only if the
 * host has all its records and none is newer than the entry; otherwise the
 * check makes the next missing record (one per check) and dooms the entry:
 * it is removed, and the preflight that follows starts a new one. Returns
 * false when it doomed an entry.
 */
bool corsim__cache_dns_check(struct corsim__cache *c,
                             const struct corsim__cache_query *q);

/* What a preflight response allows, for corsim__cache_store. */
struct corsim__cache_grant {
  struct corsim_str origin;
  struct corsim_str url;
  bool include;
  double now;
  double max_age; /* already parsed and capped; <= 0 stores nothing */
  const struct corsim_str *methods;
  size_t nmethods;
  const struct corsim_str *headers; /* as listed; compared case-insensitively */
  size_t nheaders;
  /* The tokens model also keeps the entry the tokens belong to, dated
   * for corsim__cache_dns_check. */
  bool dated_entry;
};

/* Returns 0 or CORSIM_ENOMEM. */
int corsim__cache_store(struct corsim__cache *c,
                        const struct corsim__profile *p,
                        const struct corsim__cache_grant *g);

/* Drops every item for (origin, URL) (Fetch #concept-cache-clear). */
void corsim__cache_clear(struct corsim__cache *c, struct corsim_str origin,
                         struct corsim_str url);

/*
 * Parses Access-Control-Max-Age (values of all lines joined with ", ",
 * present false when absent) the way browser p does. Returns the seconds
 * to cache, 0 for "do not cache"; *capped_from is set to the requested
 * value when the browser's cap shortened it, else -1.
 */
double corsim__max_age_parse(const struct corsim__profile *p, bool present,
                             struct corsim_str value, double *capped_from);

#endif
