/*
 * test_cache.c - the preflight cache (sim/core/cache.c): Max-Age parsing
 * per browser and the three cache models of profile.h (replace: Chromium
 * and WebKit; tokens: Firefox; spec), plus eviction.
 *
 * Sources: chromium.md §3.3-3.4, spec-firefox-webkit.md §1.13, §2.6, §3.6
 * and the table in §4, observed-browsers.md "Preflight cache" (wins).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "profile.h"
#include "str.h"

#define ORIGIN "http://127.0.0.1:8001"
#define URL "http://127.0.0.1:8002/p"

static const struct corsim__profile *P(enum corsim_browser b) {
  return corsim__profile_get(b);
}

/* ---- Max-Age ---------------------------------------------------------- */

static double age(enum corsim_browser b, const char *v, double *capped) {
  double c;
  double r = corsim__max_age_parse(P(b), v != NULL, corsim_str_c(v ? v : ""),
                                   capped ? capped : &c);
  return r;
}

static void max_age_absent(void **state) {
  (void)state;
  double c = 0;
  /* Every browser keeps a preflight 5 s without Max-Age (Firefox 153 as
   * observed in tests/browser/firefox-153, against observed-browsers.md);
   * the standard uses 5. */
  assert_true(age(CORSIM_BROWSER_CHROMIUM, NULL, &c) == 5);
  assert_true(c == -1);
  assert_true(age(CORSIM_BROWSER_WEBKIT, NULL, &c) == 5);
  assert_true(age(CORSIM_BROWSER_SPEC, NULL, &c) == 5);
  assert_true(age(CORSIM_BROWSER_FIREFOX, NULL, &c) == 5);
  assert_true(c == -1);
  /* An empty or blank value is the same as none in Firefox (observed). */
  assert_true(age(CORSIM_BROWSER_FIREFOX, "", &c) == 5);
  assert_true(age(CORSIM_BROWSER_FIREFOX, " ", &c) == 5);
}

static void max_age_unparsable(void **state) {
  (void)state;
  /* abc, 5.5, 1e3, "5, 10": Chromium/WebKit fall back to 5 s, Firefox
   * caches nothing (observed-browsers.md); spec: failure gives 5. */
  const char *bad[] = {"abc", "5.5", "1e3", "5, 10", "", " ", "0x10", "5s"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    double c = 0;
    assert_true(age(CORSIM_BROWSER_CHROMIUM, bad[i], &c) == 5);
    assert_true(c == -1);
    assert_true(age(CORSIM_BROWSER_WEBKIT, bad[i], &c) == 5);
    assert_true(age(CORSIM_BROWSER_SPEC, bad[i], &c) == 5);
    if (bad[i][0] != '\0' && bad[i][0] != ' ')
      assert_true(age(CORSIM_BROWSER_FIREFOX, bad[i], &c) == 0);
  }
}

static void max_age_zero_and_negative(void **state) {
  (void)state;
  /* 0 and -1: no caching in any browser (observed). */
  for (int b = 0; b < 3; b++) {
    assert_true(age((enum corsim_browser)b, "0", NULL) == 0);
    assert_true(age((enum corsim_browser)b, "-1", NULL) == 0);
    assert_true(age((enum corsim_browser)b, "-7200", NULL) == 0);
  }
  /* The standard's delta-seconds is 1*DIGIT: "0" caches nothing, "-1" is
   * a parse failure and gives the default. */
  assert_true(age(CORSIM_BROWSER_SPEC, "0", NULL) == 0);
  assert_true(age(CORSIM_BROWSER_SPEC, "-1", NULL) == 5);
}

static void max_age_sign_and_ows(void **state) {
  (void)state;
  /* A leading + : base::StringToInt64 and WebKit's parseInteger take a
   * sign (chromium.md §3.3, spec-firefox-webkit.md §3.6 FIXME); Firefox
   * wants every byte a digit (§2.6); the standard wants 1*DIGIT. */
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "+7", NULL) == 7);
  assert_true(age(CORSIM_BROWSER_WEBKIT, "+7", NULL) == 7);
  assert_true(age(CORSIM_BROWSER_FIREFOX, "+7", NULL) == 0);
  assert_true(age(CORSIM_BROWSER_SPEC, "+7", NULL) == 5);
  /* The HTTP parser strips surrounding spaces and tabs. */
  for (int b = 0; b < 4; b++)
    assert_true(age((enum corsim_browser)b, " \t60 ", NULL) == 60);
  assert_true(age(CORSIM_BROWSER_FIREFOX, "1", NULL) == 1);
}

static void max_age_caps(void **state) {
  (void)state;
  double c = 0;
  /* Chromium 7200 s, Firefox 86400 s, WebKit 600 s, spec no cap. */
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "7200", &c) == 7200);
  assert_true(c == -1); /* at the cap: not shortened */
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "7201", &c) == 7200);
  assert_true(c == 7201);
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "86400", &c) == 7200);
  assert_true(c == 86400);
  assert_true(age(CORSIM_BROWSER_FIREFOX, "86400", &c) == 86400);
  assert_true(c == -1);
  assert_true(age(CORSIM_BROWSER_FIREFOX, "86401", &c) == 86400);
  assert_true(c == 86401);
  assert_true(age(CORSIM_BROWSER_WEBKIT, "600", &c) == 600);
  assert_true(c == -1);
  assert_true(age(CORSIM_BROWSER_WEBKIT, "601", &c) == 600);
  assert_true(c == 601);
  assert_true(age(CORSIM_BROWSER_WEBKIT, "7200", &c) == 600);
  assert_true(c == 7200);
  assert_true(age(CORSIM_BROWSER_SPEC, "1000000", &c) == 1000000);
  assert_true(c == -1);
  /* below every cap: unchanged everywhere */
  for (int b = 0; b < 4; b++) {
    assert_true(age((enum corsim_browser)b, "599", &c) == 599);
    assert_true(c == -1);
  }
}

static void max_age_huge(void **state) {
  (void)state;
  double c = 0;
  /* Beyond int64: base::StringToInt64 fails, so Chromium uses 5 s
   * (chromium.md §3.3). */
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "99999999999999999999", &c) == 5);
  assert_true(c == -1);
  /* Firefox: all digits, clamped to 24 h (§2.6). */
  assert_true(age(CORSIM_BROWSER_FIREFOX, "99999999999999999999", &c) ==
              86400);
  assert_true(c > 86400);
  /* The standard has no cap and no limit on delta-seconds. */
  assert_true(age(CORSIM_BROWSER_SPEC, "99999999999999999999", &c) > 1e19);
}

static void max_age_huge_in_int64_chromium(void **state) {
  (void)state;
  /* chromium.md §3.3: "Absent or not parseable by base::StringToInt64 ->
   * 5 s; >= 7200 -> 7200": 9210000000000000000 is below INT64_MAX, so it
   * parses and is capped; one past INT64_MAX does not parse. */
  double c = 0;
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "9210000000000000000", &c) == 7200);
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "9223372036854775807", &c) == 7200);
  assert_true(age(CORSIM_BROWSER_CHROMIUM, "9223372036854775808", &c) == 5);
}

static void max_age_huge_webkit(void **state) {
  (void)state;
  /* (spec-firefox-webkit.md §3.6: "Max-age: parseInteger<int64_t>;
   * unparsable or absent -> 5 s"): a value beyond int64 does not parse,
   * so WebKit keeps the preflight 5 s; the model saturates and caps to
   * 600 s. */
  double c = 0;
  assert_true(age(CORSIM_BROWSER_WEBKIT, "99999999999999999999", &c) == 5);
}

/* ---- the cache models ------------------------------------------------- */

static int setup_cache(void **state) {
  static struct corsim__cache c;
  corsim__cache_init(&c);
  *state = &c;
  return 0;
}

static int teardown_cache(void **state) {
  corsim__cache_cleanup(*state);
  return 0;
}

static void store(struct corsim__cache *c, enum corsim_browser b,
                  const char *url, bool include, double now, double max_age,
                  const char *m1, const char *h1, const char *h2) {
  struct corsim_str ms[1], hs[2];
  size_t nm = 0, nh = 0;
  if (m1)
    ms[nm++] = corsim_str_c(m1);
  if (h1)
    hs[nh++] = corsim_str_c(h1);
  if (h2)
    hs[nh++] = corsim_str_c(h2);
  struct corsim__cache_grant g = {
      .origin = CORSIM_LIT(ORIGIN),
      .url = corsim_str_c(url),
      .include = include,
      .now = now,
      .max_age = max_age,
      .methods = ms,
      .nmethods = nm,
      .headers = hs,
      .nheaders = nh,
  };
  assert_int_equal(corsim__cache_store(c, P(b), &g), 0);
}

static bool lookup(struct corsim__cache *c, enum corsim_browser b,
                   const char *url, bool include, double now,
                   const char *method, bool method_needs_entry, const char *h1,
                   const char *h2) {
  struct corsim_str hs[2];
  size_t nh = 0;
  if (h1)
    hs[nh++] = corsim_str_c(h1);
  if (h2)
    hs[nh++] = corsim_str_c(h2);
  struct corsim__cache_query q = {
      .origin = CORSIM_LIT(ORIGIN),
      .url = corsim_str_c(url),
      .include = include,
      .method = corsim_str_c(method),
      .method_needs_entry = method_needs_entry,
      .headers = hs,
      .nheaders = nh,
      .now = now,
  };
  return corsim__cache_lookup(c, P(b), &q);
}

static const enum corsim_browser replace_browsers[] = {CORSIM_BROWSER_CHROMIUM,
                                                       CORSIM_BROWSER_WEBKIT};

static void replace_expiry(void **state) {
  struct corsim__cache *c = *state;
  for (int i = 0; i < 2; i++) {
    enum corsim_browser b = replace_browsers[i];
    assert_int_equal(P(b)->cache_model, CORSIM_CACHE_REPLACE);
    store(c, b, URL, false, 10, 5, "PUT", "x-a", NULL);
    assert_true(lookup(c, b, URL, false, 14.9, "PUT", true, "x-a", NULL));
    assert_true(lookup(c, b, URL, false, 14.9, "PUT", true, "X-A", NULL));
    /* another URL, or another origin, has no entry */
    assert_false(lookup(c, b, URL "2", false, 11, "PUT", true, NULL, NULL));
    /* valid while now < expires */
    assert_false(lookup(c, b, URL, false, 15, "PUT", true, "x-a", NULL));
    /* the stale entry was erased: even an earlier time misses now */
    assert_false(lookup(c, b, URL, false, 11, "PUT", true, "x-a", NULL));
    assert_int_equal(c->n, 0);
  }
}

static void replace_credentials(void **state) {
  struct corsim__cache *c = *state;
  for (int i = 0; i < 2; i++) {
    enum corsim_browser b = replace_browsers[i];
    /* an uncredentialed entry does not serve include (observed Q5), and
     * the insufficient entry is erased */
    store(c, b, URL, false, 0, 60, "PUT", NULL, NULL);
    assert_false(lookup(c, b, URL, true, 1, "PUT", true, NULL, NULL));
    assert_false(lookup(c, b, URL, false, 1, "PUT", true, NULL, NULL));
    /* a credentialed entry serves a request without credentials
     * (observed Q5: include first, then default: no second preflight) */
    store(c, b, URL, true, 0, 60, "PUT", NULL, NULL);
    assert_true(lookup(c, b, URL, false, 1, "PUT", true, NULL, NULL));
    assert_true(lookup(c, b, URL, true, 1, "PUT", true, NULL, NULL));
    corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
    assert_int_equal(c->n, 0);
  }
}

static void replace_erases_insufficient_and_replaces(void **state) {
  struct corsim__cache *c = *state;
  for (int i = 0; i < 2; i++) {
    enum corsim_browser b = replace_browsers[i];
    store(c, b, URL, false, 0, 60, "PUT", "x-a", NULL);
    /* method needs no entry for a safelisted method */
    assert_true(lookup(c, b, URL, false, 1, "POST", false, "x-a", NULL));
    /* case-sensitive methods */
    assert_false(lookup(c, b, URL, false, 1, "put", true, "x-a", NULL));
    /* the miss erased the whole entry (Q5: x-other re-preflights) */
    assert_false(lookup(c, b, URL, false, 1, "PUT", true, "x-a", NULL));
    store(c, b, URL, false, 0, 60, "PUT", "x-a", NULL);
    assert_false(lookup(c, b, URL, false, 1, "PUT", true, "x-other", NULL));
    assert_false(lookup(c, b, URL, false, 1, "PUT", true, "x-a", NULL));
    /* a new preflight replaces, it does not merge */
    store(c, b, URL, false, 0, 60, "PUT", "x-a", NULL);
    store(c, b, URL, false, 0, 60, "DELETE", "x-b", NULL);
    assert_true(lookup(c, b, URL, false, 1, "DELETE", true, "x-b", NULL));
    assert_false(lookup(c, b, URL, false, 1, "PUT", true, NULL, NULL));
    /* max_age <= 0 stores nothing (and does not clear) */
    store(c, b, URL, false, 0, 0, "PATCH", NULL, NULL);
    assert_int_equal(c->n, 0);
  }
}

static void replace_wildcards(void **state) {
  struct corsim__cache *c = *state;
  for (int i = 0; i < 2; i++) {
    enum corsim_browser b = replace_browsers[i];
    store(c, b, URL, false, 0, 60, "*", "*", NULL);
    assert_true(lookup(c, b, URL, false, 1, "PATCH", true, "x-a", "x-b"));
    /* Chromium's cache lookup always applies "* does not cover
     * Authorization" (chromium.md §3.4, §4 table); WebKit's * covers it
     * (§3.5-3.6). */
    bool auth = lookup(c, b, URL, false, 1, "PATCH", true, "authorization",
                       NULL);
    assert_int_equal(auth, b == CORSIM_BROWSER_WEBKIT);
    /* * never counts with credentials */
    store(c, b, URL, true, 0, 60, "*", "*", NULL);
    assert_false(lookup(c, b, URL, true, 1, "PATCH", true, NULL, NULL));
    store(c, b, URL, true, 0, 60, "*", "*", NULL);
    assert_false(lookup(c, b, URL, true, 1, "GET", false, "x-a", NULL));
    /* explicit Authorization is fine in both */
    store(c, b, URL, false, 0, 60, "PUT", "Authorization", NULL);
    assert_true(lookup(c, b, URL, false, 1, "PUT", true, "authorization",
                       NULL));
    corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
  }
}

static void tokens_per_token_expiry(void **state) {
  struct corsim__cache *c = *state;
  enum corsim_browser b = CORSIM_BROWSER_FIREFOX;
  assert_int_equal(P(b)->cache_model, CORSIM_CACHE_TOKENS);
  store(c, b, URL, false, 0, 10, "PUT", "x-a", NULL);
  store(c, b, URL, false, 5, 10, NULL, "x-b", NULL);
  /* later preflights merge: both headers live at t=6 */
  assert_true(lookup(c, b, URL, false, 6, "PUT", true, "x-a", "x-b"));
  /* at t=12 PUT and x-a (t<10) are gone, x-b (t<15) is live */
  assert_true(lookup(c, b, URL, false, 12, "GET", false, "x-b", NULL));
  assert_false(lookup(c, b, URL, false, 12, "GET", false, "x-a", NULL));
  assert_false(lookup(c, b, URL, false, 12, "PUT", true, "x-b", NULL));
  /* a miss does not erase anything in Firefox */
  assert_true(lookup(c, b, URL, false, 12, "POST", false, "X-B", NULL));
  /* a refresh extends a token's expiry */
  store(c, b, URL, false, 12, 10, "PUT", NULL, NULL);
  assert_true(lookup(c, b, URL, false, 14, "PUT", true, "x-b", NULL));
  assert_false(lookup(c, b, URL, false, 15, "GET", false, "x-b", NULL));
  assert_true(lookup(c, b, URL, false, 21.9, "PUT", true, NULL, NULL));
  assert_false(lookup(c, b, URL, false, 22, "PUT", true, NULL, NULL));
}

static void tokens_credentials_exact(void **state) {
  struct corsim__cache *c = *state;
  enum corsim_browser b = CORSIM_BROWSER_FIREFOX;
  /* cred/nocred is part of the key: neither serves the other (§2.6) */
  store(c, b, URL, true, 0, 60, "PUT", "x-a", NULL);
  assert_false(lookup(c, b, URL, false, 1, "PUT", true, "x-a", NULL));
  assert_true(lookup(c, b, URL, true, 1, "PUT", true, "x-a", NULL));
  corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
  store(c, b, URL, false, 0, 60, "PUT", "x-a", NULL);
  assert_false(lookup(c, b, URL, true, 1, "PUT", true, "x-a", NULL));
  assert_true(lookup(c, b, URL, false, 1, "PUT", true, "x-a", NULL));
  /* both flavours side by side */
  store(c, b, URL, true, 0, 60, "DELETE", NULL, NULL);
  assert_true(lookup(c, b, URL, true, 1, "DELETE", true, NULL, NULL));
  assert_false(lookup(c, b, URL, false, 1, "DELETE", true, NULL, NULL));
}

static void tokens_wildcards_and_methods(void **state) {
  struct corsim__cache *c = *state;
  enum corsim_browser b = CORSIM_BROWSER_FIREFOX;
  /* wildcard tokens are stored literally and never match (§2.6) */
  store(c, b, URL, false, 0, 60, "*", "*", NULL);
  assert_false(lookup(c, b, URL, false, 1, "PUT", true, NULL, NULL));
  assert_false(lookup(c, b, URL, false, 1, "GET", false, "x-a", NULL));
  corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
  /* GET and POST need no method token; HEAD and others need an
   * exact-case token (CacheEntry::CheckRequest) */
  store(c, b, URL, false, 0, 60, NULL, "x-a", NULL);
  assert_true(lookup(c, b, URL, false, 1, "GET", false, "x-a", NULL));
  assert_true(lookup(c, b, URL, false, 1, "POST", false, "x-a", NULL));
  assert_false(lookup(c, b, URL, false, 1, "HEAD", false, "x-a", NULL));
  store(c, b, URL, false, 0, 60, "patch", NULL, NULL);
  assert_true(lookup(c, b, URL, false, 1, "patch", true, NULL, NULL));
  assert_false(lookup(c, b, URL, false, 1, "PATCH", true, NULL, NULL));
  /* no live token for the key: no entry, whatever the method */
  assert_false(lookup(c, b, URL "x", false, 1, "GET", false, NULL, NULL));
}

static void spec_entries(void **state) {
  struct corsim__cache *c = *state;
  enum corsim_browser b = CORSIM_BROWSER_SPEC;
  assert_int_equal(P(b)->cache_model, CORSIM_CACHE_SPEC);
  /* a credentialed entry also serves an uncredentialed request
   * (#cache-entry-match), not the other way round */
  store(c, b, URL, true, 0, 60, "PUT", "x-a", NULL);
  assert_true(lookup(c, b, URL, false, 1, "PUT", true, "x-a", NULL));
  assert_true(lookup(c, b, URL, true, 1, "PUT", true, "X-A", NULL));
  corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
  store(c, b, URL, false, 0, 60, "PUT", "x-a", NULL);
  assert_false(lookup(c, b, URL, true, 1, "PUT", true, "x-a", NULL));
  /* entries merge and are not erased by a miss */
  store(c, b, URL, false, 0, 60, "DELETE", "x-b", NULL);
  assert_true(lookup(c, b, URL, false, 1, "PUT", true, "x-b", NULL));
  assert_true(lookup(c, b, URL, false, 1, "DELETE", true, "x-a", NULL));
  /* a method that needs no entry is not looked up */
  assert_true(lookup(c, b, URL, false, 1, "PATCH", false, "x-a", NULL));
  assert_false(lookup(c, b, URL, false, 1, "PATCH", true, "x-a", NULL));
  /* methods are case-sensitive */
  assert_false(lookup(c, b, URL, false, 1, "put", true, NULL, NULL));
  /* each entry expires on its own */
  assert_false(lookup(c, b, URL, false, 60, "PUT", true, NULL, NULL));
  corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
  assert_int_equal(c->n, 0);
  /* * entries: any method and any header name but Authorization; read
   * literally, even for a credentialed request */
  store(c, b, URL, false, 0, 60, "*", "*", NULL);
  assert_true(lookup(c, b, URL, false, 1, "PATCH", true, "x-a", "x-b"));
  assert_false(lookup(c, b, URL, false, 1, "PATCH", true, "Authorization",
                      NULL));
  store(c, b, URL, true, 0, 60, "*", "*", NULL);
  assert_true(lookup(c, b, URL, true, 1, "PATCH", true, "x-a", NULL));
  assert_false(lookup(c, b, URL, true, 1, "PATCH", true, "authorization",
                      NULL));
}

static void clear_only_the_key(void **state) {
  struct corsim__cache *c = *state;
  for (int b = 0; b < 4; b++) {
    store(c, (enum corsim_browser)b, URL, false, 0, 60, "PUT", "x-a", NULL);
    store(c, (enum corsim_browser)b, URL "2", false, 0, 60, "PUT", "x-a",
          NULL);
    corsim__cache_clear(c, CORSIM_LIT(ORIGIN), CORSIM_LIT(URL));
    assert_false(lookup(c, (enum corsim_browser)b, URL, false, 1, "PUT", true,
                        "x-a", NULL));
    assert_true(lookup(c, (enum corsim_browser)b, URL "2", false, 1, "PUT",
                       true, "x-a", NULL));
    /* another origin is untouched by a clear, and never matches */
    corsim__cache_clear(c, CORSIM_LIT("http://other"), CORSIM_LIT(URL "2"));
    assert_true(lookup(c, (enum corsim_browser)b, URL "2", false, 1, "PUT",
                       true, "x-a", NULL));
    corsim__cache_cleanup(c);
  }
}

/* ---- Firefox's DNS check (corsim__cache_dns_check) ------------------- */

#define HOST4 "127.0.0.1"

/* A Firefox store that dates its entry, as for a sandboxed page. */
static void dstore(struct corsim__cache *c, const char *url, bool include,
                   double now, double max_age) {
  struct corsim_str m = CORSIM_LIT("PUT");
  struct corsim__cache_grant g = {
      .origin = CORSIM_LIT("null"),
      .url = corsim_str_c(url),
      .include = include,
      .now = now,
      .max_age = max_age,
      .methods = &m,
      .nmethods = 1,
      .dated_entry = true,
  };
  assert_int_equal(corsim__cache_store(c, P(CORSIM_BROWSER_FIREFOX), &g), 0);
}

/* The DNS check, then the lookup, of a PUT to url (host HOST4, or the
 * host given) needing records DNS records: whether the cache serves it. */
static bool dlookup(struct corsim__cache *c, const char *url, bool include,
                    double now, const char *host, unsigned records) {
  struct corsim__cache_query q = {
      .origin = CORSIM_LIT("null"),
      .url = corsim_str_c(url),
      .include = include,
      .method = CORSIM_LIT("PUT"),
      .method_needs_entry = true,
      .now = now,
      .host = corsim_str_c(host ? host : HOST4),
      .dns_records = records,
  };
  bool dns = corsim__cache_dns_check(c, &q);
  bool hit = corsim__cache_lookup(c, P(CORSIM_BROWSER_FIREFOX), &q);
  if (!dns)
    assert_false(hit);
  return hit;
}

/* What one request does in the model: a cache hit, or a preflight whose
 * result is stored. Returns true for a hit. */
static bool dreq(struct corsim__cache *c, const char *url, const char *host) {
  if (dlookup(c, url, false, 1, host, 2))
    return true;
  dstore(c, url, false, 1, 60);
  return false;
}

static void dns_first_two_checks_fail(void **state) {
  struct corsim__cache *c = *state;
  assert_int_equal(P(CORSIM_BROWSER_FIREFOX)->opaque_dns_records, 2);
  /* The same request four times (observed: g1-495, probe A): each of the
   * first two lookups makes a record and dooms the entry. */
  assert_false(dreq(c, URL, NULL));
  assert_false(dreq(c, URL, NULL));
  assert_false(dreq(c, URL, NULL));
  assert_true(dreq(c, URL, NULL));
  assert_true(dreq(c, URL, NULL));
  /* Another IP-literal host has records of its own (probe H). */
  assert_false(dreq(c, "http://[::1]:8002/p", "[::1]"));
  assert_false(dreq(c, "http://[::1]:8002/p", "[::1]"));
  assert_false(dreq(c, "http://[::1]:8002/p", "[::1]"));
  assert_true(dreq(c, "http://[::1]:8002/p", "[::1]"));
}

static void dns_older_entries_doomed(void **state) {
  struct corsim__cache *c = *state;
  /* u u v v v u u (probe L): v's first entry predates nothing and makes
   * the second record; u's second entry predates that record. */
  const char *u = URL "/u", *v = "http://127.0.0.1:8003/v";
  bool want[] = {false, false, false, false, true, false, true};
  const char *seq[] = {u, u, v, v, v, u, u};
  for (size_t i = 0; i < 7; i++)
    assert_int_equal(dreq(c, seq[i], NULL), want[i]);
}

static void dns_no_entry_no_record(void **state) {
  struct corsim__cache *c = *state;
  /* Without an entry there is nothing to check: no record is made (probe
   * B: six new URLs, then each again, all preflighted). */
  for (int i = 0; i < 3; i++) {
    char url[64];
    snprintf(url, sizeof(url), URL "/%d", i);
    assert_false(dreq(c, url, NULL));
  }
  assert_int_equal(c->nhosts, 0);
  assert_false(dreq(c, URL "/0", NULL));
  assert_false(dreq(c, URL "/1", NULL));
  assert_false(dreq(c, URL "/2", NULL));
  /* 0 records: no check at all */
  dstore(c, URL "/z", false, 1, 60);
  assert_true(dlookup(c, URL "/z", false, 1, NULL, 0));
}

static void dns_credentials_and_expiry(void **state) {
  struct corsim__cache *c = *state;
  /* Dooming the credentialed entry leaves the other one; the records are
   * the host's, whatever the credentials (probe N). */
  dstore(c, URL, true, 0, 60);
  dstore(c, URL, false, 0, 60);
  assert_false(dlookup(c, URL, true, 1, NULL, 2));
  assert_false(dlookup(c, URL, false, 1, NULL, 2)); /* older than record 1 */
  dstore(c, URL, false, 1, 60);
  assert_false(dlookup(c, URL, false, 1, NULL, 2)); /* makes record 2 */
  dstore(c, URL, false, 1, 1);
  assert_true(dlookup(c, URL, false, 1.5, NULL, 2));
  /* An entry whose tokens expired is still checked (Firefox keeps the
   * entry): with all records older it passes the check, then misses. */
  assert_false(dlookup(c, URL, false, 3, NULL, 2));
  assert_true(c->n > 0);
}

static void eviction_at_max_items(void **state) {
  struct corsim__cache *c = *state;
  enum corsim_browser b = CORSIM_BROWSER_SPEC;
  char url[64];
  for (int i = 0; i <= CORSIM_CACHE_MAX_ITEMS; i++) {
    snprintf(url, sizeof(url), URL "/%d", i);
    store(c, b, url, false, 0, 60, "PUT", NULL, NULL);
  }
  assert_int_equal(c->n, CORSIM_CACHE_MAX_ITEMS);
  /* the oldest item went */
  assert_false(lookup(c, b, URL "/0", false, 1, "PUT", true, NULL, NULL));
  assert_true(lookup(c, b, URL "/1", false, 1, "PUT", true, NULL, NULL));
  snprintf(url, sizeof(url), URL "/%d", CORSIM_CACHE_MAX_ITEMS);
  assert_true(lookup(c, b, url, false, 1, "PUT", true, NULL, NULL));
  /* one more: /1 goes next */
  store(c, b, URL "/new", false, 0, 60, "PUT", NULL, NULL);
  assert_int_equal(c->n, CORSIM_CACHE_MAX_ITEMS);
  assert_false(lookup(c, b, URL "/1", false, 1, "PUT", true, NULL, NULL));
  assert_true(lookup(c, b, URL "/2", false, 1, "PUT", true, NULL, NULL));
  /* refreshing an existing token does not add an item */
  store(c, b, URL "/new", false, 0, 60, "PUT", NULL, NULL);
  assert_int_equal(c->n, CORSIM_CACHE_MAX_ITEMS);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(max_age_absent),
      cmocka_unit_test(max_age_unparsable),
      cmocka_unit_test(max_age_zero_and_negative),
      cmocka_unit_test(max_age_sign_and_ows),
      cmocka_unit_test(max_age_caps),
      cmocka_unit_test(max_age_huge),
      cmocka_unit_test(max_age_huge_in_int64_chromium),
      cmocka_unit_test(max_age_huge_webkit),
      cmocka_unit_test_setup_teardown(replace_expiry, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(replace_credentials, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(replace_erases_insufficient_and_replaces,
                                      setup_cache, teardown_cache),
      cmocka_unit_test_setup_teardown(replace_wildcards, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(tokens_per_token_expiry, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(tokens_credentials_exact, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(tokens_wildcards_and_methods,
                                      setup_cache, teardown_cache),
      cmocka_unit_test_setup_teardown(spec_entries, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(clear_only_the_key, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(dns_first_two_checks_fail, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(dns_older_entries_doomed, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(dns_no_entry_no_record, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(dns_credentials_and_expiry, setup_cache,
                                      teardown_cache),
      cmocka_unit_test_setup_teardown(eviction_at_max_items, setup_cache,
                                      teardown_cache),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
