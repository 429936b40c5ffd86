/*
 * profile.h - the numbers and switches that differ between browsers.
 * Behaviour that needs more than a constant is a switch on the browser in
 * the module that owns the rule; this table holds what a table can.
 */
#ifndef CORSIM_PROFILE_H
#define CORSIM_PROFILE_H

#include "corsim.h"

#include <stdbool.h>

enum corsim__cache_model {
  /* One result per (origin, URL), replaced by each preflight (Chromium,
   * WebKit). */
  CORSIM_CACHE_REPLACE,
  /* One entry per method and header token, each with its own expiry, key
   * includes the credentials flag exactly (Firefox). */
  CORSIM_CACHE_TOKENS,
  /* The Fetch standard's entries: per method / header name, a credentialed
   * entry also serves uncredentialed requests. */
  CORSIM_CACHE_SPEC
};

struct corsim__profile {
  enum corsim_browser browser;
  const char *name;
  /* Console name of the API for the Chromium frame ("fetch"). */
  double max_age_default; /* seconds used when Max-Age is absent */
  double max_age_cap;     /* 0: no cap */
  enum corsim__cache_model cache_model;
  /* Repeated request headers set by fetch() are combined into one value
   * before the safelist rules run (Chromium, WebKit: observed). */
  bool fetch_combines_duplicates;
  /* Access-Control-Request-Headers lists a name once (all but Firefox). */
  bool acrh_unique;
  /* The 1024-byte total of safelisted values (Chromium and the spec). */
  bool safelist_total_limit;
  /* Access-Control-Allow-Headers: * lets Authorization through (every
   * shipping browser; not the spec). */
  bool wildcard_covers_authorization;
  /* Once a request was preflighted, every later redirect hop is
   * preflighted again even if it became simple (Firefox, WebKit:
   * observed after a 303). */
  bool repreflight_after_redirect;
  /* XHR upload listeners force a preflight only when there is a body
   * (Chromium); elsewhere they force it for GET/HEAD too (observed). */
  bool upload_listeners_need_body;
  /* The preflight after a tainting redirect carries the page's origin,
   * not null (Firefox, observed). */
  bool preflight_keeps_page_origin;
  /* A preflight whose ACAO and status passed is cached even when its
   * method or header check then fails (WebKit, observed). */
  bool caches_failed_preflight;
  /* A page with an opaque origin reuses cached preflights (not Chromium:
   * every repeat from a sandboxed page was preflighted again, observed
   * in Chromium 156 by corsim diff). */
  bool opaque_origin_reuses_preflight;
  /*
   * Before it uses a cached preflight, Firefox checks the DNS cache
   * (CORSCacheEntry::CheckDNSCache, a DNS-rebinding guard): the target
   * host's records in the page's network partition must exist and be
   * older than the entry, else the entry is dropped and the preflight
   * sent again. A connection to an IP-literal host makes no records, and
   * a failed check makes only the next missing one (its address-family
   * lookups stop at the first failure), so where the partition has none
   * the first checks for such a host fail: this many (127.0.0.1 and
   * [::1]), and each also dooms any entry cached before it. A sandboxed
   * document has a partition of its own, so it starts without records
   * (observed in Firefox 153 by corsim diff: g1-495, g1-594, g1-666 and
   * the ff-null-dns-* probes in tests/cases/firefox-observed.json).
   * Pages with an origin are taken to be from a site whose partition has
   * them already (corsim diff warms those, sim/live/browser_firefox.c);
   * a host name (localhost) gets them from its connection's own lookup.
   * 0: no such check.
   */
  unsigned opaque_dns_records;
  /* A method that only upload listeners made preflighted (POST) needs a
   * method entry in the cached result (not Chromium, observed in
   * Chromium 156 by corsim diff). */
  bool forced_preflight_needs_method;
  /* A redirect rebuilds the request's headers the way WebKit's three
   * layers do (fetch.c, webkit_redirect_headers): the network layer puts
   * the first Content-Type back on a 307/308, a CORS hop starts again
   * from the first request's headers, and only a redirect that itself
   * turns the method into GET drops the body headers (observed in
   * WebKitGTK 2.50 by corsim diff: g1-80, g1-388, g1-660). */
  bool redirect_replays_first_headers;
  /* Whether a preflight is needed, and its Access-Control-Request-Headers,
   * come from the first request's headers, whatever the redirects removed
   * since (WebKit: NetworkLoadChecker keeps the original header map;
   * observed in WebKitGTK 2.50, random-diff.md W3 and W4). */
  bool preflight_lists_first_headers;
  /* A fetch that started same-origin in credentials mode same-origin has
   * every redirect from a cross-origin hop checked a second time with the
   * credentials flag set, after the next hop's preflight (WebKit: the web
   * process's SubresourceLoader keeps the first hop's credentials policy;
   * observed in WebKitGTK 2.50 by corsim diff: g1-413, g1-655, g1-778). */
  bool redirects_rechecked_with_credentials;
  /* Outside CORS checks, a redirect to the same origin keeps the Origin
   * header the last hop carried, even on a GET: only a cross-origin
   * redirect removes it (WebKit's network layer; observed in WebKitGTK
   * 2.50: a same-origin POST 303 to GET, tests/browser/webkit-2.50, and
   * by corsim diff g1-747, a no-cors POST 307 then 302 on one origin). */
  bool origin_survives_same_origin_redirect;
  /* A CORS fetch's redirect from a same-origin hop to a cross-origin URL
   * with userinfo fails only once the next hop is ready, after its
   * preflight (WebKit: the web process makes that check, the network
   * process only for redirects from cross-origin hops; observed in
   * WebKitGTK 2.50 by corsim diff: g1-187). */
  bool late_userinfo_check_from_same_origin;
  /* The opaque origin a tainting redirect gives a fetch is its own: the
   * preflights cached under it serve no other fetch (WebKit keys its cache
   * by the origin object, a fresh SecurityOrigin::createOpaque() per
   * fetch; observed in WebKitGTK 2.50 by corsim diff: g1-411, a repeat
   * preflighted its redirected hop again). */
  bool tainted_origin_per_fetch;
  /* fetch() with a conditional header (If-None-Match and the like) gets
   * cache mode no-store, and a request that bypasses the HTTP cache does
   * not look in the preflight cache either; the preflight's result is
   * still stored (Firefox: observed in Firefox 153 by corsim diff,
   * g1-590). */
  bool conditional_fetch_skips_preflight_cache;
  /*
   * Each redirect puts the script's header list on the request again
   * (Firefox's FetchDriver and XHR), leaving out the body headers when
   * the redirect would turn the script's own method into GET and
   * Authorization when it changes origin; otherwise a header a redirect
   * removed stays removed (observed in Firefox 153 by corsim diff:
   * g1-660, g1-388).
   */
  bool redirect_reapplies_script_headers;
  /*
   * A redirected request is preflighted when the script's request had a
   * CORS-unsafe header, even if the redirect removed it, and its
   * Access-Control-Request-Headers lists the script's CORS-unsafe names
   * less the body headers when this redirect turned the method into GET
   * and Authorization when it changed origin (Firefox's loadInfo
   * CorsUnsafeHeaders; observed in Firefox 153 by corsim diff: g1-30,
   * g1-522, g1-578). Otherwise the names are the request's own.
   */
  bool redirect_preflight_uses_script_names;
  /* After a tainting redirect the preflight cache is neither consulted
   * nor fed: every later hop is preflighted again, even to a URL the
   * same fetch preflighted already, and the page's own entries for that
   * URL are left as they were (Chromium: observed in Chromium 156 by
   * corsim diff, g1-618 and the redirect-loop probes in
   * tests/cases/chromium-observed.json). */
  bool tainted_skips_preflight_cache;
  /* A request carrying a conditional header (If-Modified-Since,
   * If-None-Match, If-Unmodified-Since, If-Match, If-Range) never reuses
   * a cached preflight, and its lookup leaves the entry alone; its own
   * preflight result is still cached for later requests (Chromium: Blink
   * gives conditional requests the validate-cache mode, and the network
   * service skips the preflight cache lookup for requests with a cache
   * load flag but caches their results unless caching is disabled;
   * observed in Chromium 156 by corsim diff, g1-485 and g1-590). */
  bool conditional_skips_preflight_cache;
};

const struct corsim__profile *corsim__profile_get(enum corsim_browser b);

#endif
