/*
 * preflight.c - whether a request needs a CORS-preflight fetch, the
 * Access-Control-Request-Headers it carries (Fetch
 * #cors-unsafe-request-header-names), and the check of its answer
 * (#cors-preflight-fetch steps 7-8) in each browser's order:
 *   Chromium: redirect, ACAO/ACAC, status, parse ACAM, ACAH, method, headers
 *             (chromium.md §3)
 *   Firefox:  ACAO/ACAC, redirect, status, ACAM, method, ACAH, headers (§2.5)
 *   WebKit:   status (a redirect is a bad status), ACAO/ACAC, ACAM, ACAH,
 *             method, headers (§3.5)
 *   spec:     CORS check, ok status, ACAM, ACAH, method, Authorization,
 *             headers
 */
#include "fetch-int.h"
#include "chromium_order.h"
#include "list.h"
#include "policy.h"

#include <stdlib.h>
#include <string.h>

#define LIST_MAX 64

static int cmp_str(const void *a, const void *b) {
  const struct corsim_str *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int c = n ? memcmp(x->ptr, y->ptr, n) : 0;
  if (c != 0)
    return c;
  return (x->len > y->len) - (x->len < y->len);
}

static struct corsim_str lower_dup(struct corsim__arena *a, struct corsim_str s) {
  return corsim__arena_dup_lower(a, s);
}

static void sort_names(struct corsim_str *names, size_t n) {
  /* Insertion sort: a request has a handful of headers, and qsort's
   * indirect calls cost more than the sort. */
  for (size_t i = 1; i < n; i++) {
    struct corsim_str k = names[i];
    size_t j = i;
    while (j > 0 && cmp_str(&names[j - 1], &k) > 0) {
      names[j] = names[j - 1];
      j--;
    }
    names[j] = k;
  }
}

/*
 * Firefox after a redirect (profile.h, redirect_preflight_uses_script_names;
 * nsCORSListenerProxy::CheckPreflightNeeded): the names are the script's
 * CORS-unsafe ones, fixed when the request was made, plus content-type
 * when the request's own Content-Type is unsafe (an XHR body's); the
 * preflight is needed when there are any, even if this redirect removed
 * them all from the list, and a request preflighted before keeps needing
 * one with the names it had.
 */
static void script_unsafe_names(struct corsim_fetch *f) {
  struct corsim_str *names =
      corsim__arena_alloc(&f->arena, (f->nscript + 1) * sizeof(*names));
  size_t n = 0;
  bool has_ct = false, ct_unsafe = false;
  if (names == NULL)
    return;
  for (size_t i = 0; i < f->nscript; i++) {
    const struct corsim_header *h = &f->script_headers[i];
    if (i == f->implied_ct && f->api == CORSIM_API_XHR)
      continue;
    if (!corsim__header_safelisted(h->name, h->value, f->b)) {
      names[n] = lower_dup(&f->arena, h->name);
      has_ct = has_ct || corsim__str_eq(names[n], CORSIM_LIT("content-type"));
      n++;
    }
  }
  for (size_t i = 0; i < f->nheaders; i++)
    if (corsim__str_ieq_c(f->headers[i].name, "content-type") &&
        !corsim__header_safelisted(f->headers[i].name, f->headers[i].value,
                                   f->b))
      ct_unsafe = true;
  if (ct_unsafe && !has_ct)
    names[n++] = CORSIM_LIT("content-type");
  bool any = n > 0;
  if (!any && !f->force_preflight && corsim__method_safelisted(f->method) &&
      f->p->repreflight_after_redirect && f->ever_preflighted) {
    CORSIM_TRACE(f, "Firefox HttpBaseChannel::SetupReplacementChannel",
                 "the redirected request keeps the preflight requirement and "
                 "the names of the last one");
    return;
  }
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (f->hop_strip_body && corsim__request_body_header(names[i]))
      continue;
    if (f->hop_strip_auth &&
        corsim__str_eq(names[i], CORSIM_LIT("authorization")))
      continue;
    names[w++] = names[i];
  }
  sort_names(names, w);
  CORSIM_TRACE(f, "Firefox nsCORSListenerProxy::CheckPreflightNeeded",
               "after a redirect the preflight's names are the script's "
               "CORS-unsafe ones (%zu)%s%s",
               n, f->hop_strip_body ? ", less the body headers" : "",
               f->hop_strip_auth ? ", less Authorization" : "");
  f->unsafe = names;
  f->nunsafe = w;
  f->unsafe_forced = any;
}

void corsim__unsafe_names(struct corsim_fetch *f) {
  f->unsafe_forced = false;
  if (f->p->redirect_preflight_uses_script_names && f->redirects > 0) {
    script_unsafe_names(f);
    return;
  }
  f->nunsafe = 0;
  f->unsafe = NULL;
  const struct corsim_header *h = f->headers;
  size_t nh = f->nheaders;
  if (f->p->preflight_lists_first_headers && f->first_headers != NULL) {
    h = f->first_headers;
    nh = f->nfirst;
  }
  if (nh == 0)
    return;
  struct corsim_str *names =
      corsim__arena_alloc(&f->arena, nh * sizeof(*names));
  bool *safe = corsim__arena_alloc(&f->arena, nh * sizeof(*safe));
  if (names == NULL || safe == NULL)
    return;
  size_t total = 0, n = 0;
  for (size_t i = 0; i < nh; i++) {
    /* The request's own list has its names' flags at hand. */
    safe[i] = h == f->headers
                  ? corsim__header_safelisted_fl(f->hflags[i], h[i].value, f->b)
                  : corsim__header_safelisted(h[i].name, h[i].value, f->b);
    if (safe[i])
      total += h[i].value.len;
  }
  bool over = f->p->safelist_total_limit && total > 1024;
  if (over)
    CORSIM_TRACE(f, "Fetch #cors-unsafe-request-header-names step 2",
                  "safelisted values total %zu bytes (over 1024): they all "
                  "count as unsafe",
                  total);
  for (size_t i = 0; i < nh; i++)
    if (!safe[i] || over)
      names[n++] = lower_dup(&f->arena, h[i].name);
  sort_names(names, n);
  if (f->p->acrh_unique && n > 1) {
    size_t w = 1;
    for (size_t r = 1; r < n; r++)
      if (!corsim__str_eq(names[r], names[w - 1]))
        names[w++] = names[r];
    n = w;
  }
  f->unsafe = names;
  f->nunsafe = n;
}

bool corsim__preflight_needed(const struct corsim_fetch *f) {
  return f->force_preflight || !corsim__method_safelisted(f->method) ||
         f->nunsafe > 0 || f->unsafe_forced ||
         (f->p->repreflight_after_redirect && f->ever_preflighted);
}

static bool is_redirect_status(int s) {
  return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

struct pf_state {
  struct corsim_fetch *f;
  const struct corsim_wire_response *r;
  struct corsim__failure *out;
  size_t n, cap;
  struct corsim_str methods[LIST_MAX], headers[LIST_MAX];
  size_t nm, nh;
  bool methods_ok, headers_ok, methods_present;
};

static void push(struct pf_state *s, enum corsim_reason reason,
                 struct corsim_str param) {
  if (s->n == s->cap)
    return;
  struct corsim__failure *fl = &s->out[s->n++];
  *fl = (struct corsim__failure){0};
  fl->reason = reason;
  fl->param = param;
  fl->status = s->r->status;
  fl->preflight = true;
}

static void check_access(struct pf_state *s) {
  struct corsim__failure two[2];
  size_t k = corsim__cors_check(s->f, s->r->status, true, two);
  for (size_t i = 0; i < k && s->n < s->cap; i++)
    s->out[s->n++] = two[i];
}

static void check_status(struct pf_state *s) {
  if (s->r->status >= 200 && s->r->status <= 299) {
    CORSIM_TRACE(s->f, "Fetch #cors-preflight-fetch step 7 (ok status)",
                  "preflight status %d is an ok status", s->r->status);
    return;
  }
  CORSIM_TRACE(s->f, "Fetch #cors-preflight-fetch step 7 (ok status)",
                "preflight status %d is not in 200-299", s->r->status);
  push(s, CORSIM_REASON_PreflightInvalidStatus, CORSIM_LIT(""));
}

static void parse_list(struct pf_state *s, const char *name, bool methods) {
  enum corsim__rh which = methods ? CORSIM_RH_ACAM : CORSIM_RH_ACAH;
  struct corsim_str v;
  struct corsim_fetch *f = s->f;
  bool present = corsim__resp_get(f, which, &v);
  struct corsim_str *items = methods ? s->methods : s->headers;
  size_t *n = methods ? &s->nm : &s->nh;
  bool *ok = methods ? &s->methods_ok : &s->headers_ok;
  *n = 0;
  *ok = true;
  if (methods)
    s->methods_present = present;
  if (!present) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.2",
                  "no %s: an empty list", name);
    return;
  }
  struct corsim_str bad;
  int rc = corsim__list_parse(v, items, LIST_MAX, n, &bad);
  if (rc == 0) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.2",
                  "%s parses: '%.*s'", name, (int)v.len, v.ptr);
    if (!methods)
      f->allowed_headers_seen = v;
    return;
  }
  *ok = false;
  *n = 0;
  CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.3",
                "%s '%.*s' does not parse (element '%.*s' is not a token)",
                name, (int)v.len, v.ptr, (int)bad.len, bad.ptr ? bad.ptr : "");
  /* The parameter each browser prints: Firefox the bad token, WebKit the
   * whole value, Chromium nothing. */
  struct corsim_str param = f->b == CORSIM_BROWSER_FIREFOX ? bad : v;
  push(s,
       methods ? CORSIM_REASON_InvalidAllowMethodsPreflightResponse
               : CORSIM_REASON_InvalidAllowHeadersPreflightResponse,
       param);
}

static bool has_star(const struct corsim_str *items, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (items[i].len == 1 && items[i].ptr[0] == '*')
      return true;
  return false;
}

static void check_method(struct pf_state *s) {
  struct corsim_fetch *f = s->f;
  if (!s->methods_ok)
    return;
  if (corsim__method_safelisted(f->method)) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.5",
                  "%s is a CORS-safelisted method", f->method.ptr);
    return;
  }
  for (size_t i = 0; i < s->nm; i++)
    if (corsim__str_eq(s->methods[i], f->method)) {
      CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.5",
                    "Access-Control-Allow-Methods lists %s", f->method.ptr);
      return;
    }
  /* The standard lets a forced preflight without the header allow the
   * request's own method (step 7.4). */
  if (f->b == CORSIM_BROWSER_SPEC && !s->methods_present && f->force_preflight)
    return;
  if (has_star(s->methods, s->nm) && !f->include) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.5",
                  "Access-Control-Allow-Methods: * allows %s", f->method.ptr);
    return;
  }
  CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.5",
                "method %s is not in Access-Control-Allow-Methods (matched "
                "case-sensitively%s)",
                f->method.ptr,
                has_star(s->methods, s->nm) ? "; * does not count with "
                                              "credentials"
                                            : "");
  push(s, CORSIM_REASON_MethodDisallowedByPreflightResponse, f->method);
}

/* name is lower-case (an unsafe name, or lower_dup'd). */
static bool header_listed(const struct pf_state *s, struct corsim_str name) {
  for (size_t i = 0; i < s->nh; i++)
    if (s->headers[i].len == name.len &&
        corsim__mem_ieq_lower(s->headers[i].ptr, name.ptr, name.len))
      return true;
  return false;
}

/*
 * Chromium names the first unlisted header in the order of the request's
 * header vector, which is the slot order of Blink's HTTPHeaderMap
 * (chromium_order.c): the unsafe names first, then, when the safelisted
 * values passed 1024 bytes, the safelisted ones (CorsUnsafeNotForbidden-
 * RequestHeaderNames). Pushes the failure and returns true when some
 * header is not allowed.
 */
static bool chromium_first_missing(struct pf_state *s) {
  struct corsim_fetch *f = s->f;
  size_t n = f->nheaders;
  if (n == 0 || n > CORSIM_CHROMIUM_ORDER_MAX)
    return false;
  struct corsim_str names[CORSIM_CHROMIUM_ORDER_MAX];
  size_t order[CORSIM_CHROMIUM_ORDER_MAX];
  bool safe[CORSIM_CHROMIUM_ORDER_MAX];
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    names[i] = f->headers[i].name;
    safe[i] = corsim__header_safelisted(f->headers[i].name,
                                        f->headers[i].value, f->b);
    if (safe[i])
      total += f->headers[i].value.len;
  }
  bool over = total > 1024;
  /* Blink adds the default client hints only for potentially trustworthy
   * targets; they take slots in the map. */
  bool hints = corsim__url_trustworthy(&f->url);
  corsim__chromium_header_order_ex(
      names, n, order,
      f->api == CORSIM_API_XHR ? CORSIM_CHROMIUM_API_XHR
                               : CORSIM_CHROMIUM_API_FETCH,
      hints);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; k < n; k++) {
      size_t i = order[k];
      if (pass == 0 ? safe[i] : (!safe[i] || !over))
        continue;
      struct corsim_str low = lower_dup(&f->arena, f->headers[i].name);
      if (header_listed(s, low))
        continue;
      CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.8",
                   "request header %.*s is not in Access-Control-Allow-Headers "
                   "(Chromium reports the first in its header map's order)",
                   (int)low.len, low.ptr);
      push(s, CORSIM_REASON_HeaderDisallowedByPreflightResponse, low);
      return true;
    }
  }
  return false;
}

/*
 * WebKit names the first unlisted header in its HTTPHeaderMap's order:
 * the well-known names first, then the others, each group in the order
 * the headers were set (observed in WebKitGTK 2.50 on 240 cases,
 * tests/browser/webkit-2.50).
 */
static bool webkit_first_missing(struct pf_state *s) {
  struct corsim_fetch *f = s->f;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < f->nheaders; i++) {
      struct corsim_str name = f->headers[i].name;
      if (corsim__webkit_common_header(name, NULL) != (pass == 0))
        continue;
      if (corsim__header_safelisted(name, f->headers[i].value, f->b))
        continue;
      struct corsim_str low = lower_dup(&f->arena, name);
      if (header_listed(s, low))
        continue;
      CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.8",
                   "request header %.*s is not in Access-Control-Allow-Headers "
                   "(WebKit reports the first in its header map's order)",
                   (int)low.len, low.ptr);
      push(s, CORSIM_REASON_HeaderDisallowedByPreflightResponse, low);
      return true;
    }
  }
  return false;
}

static void check_headers(struct pf_state *s) {
  struct corsim_fetch *f = s->f;
  if (!s->headers_ok)
    return;
  bool star = has_star(s->headers, s->nh) && !f->include;
  /* The standard's Authorization step comes before the others and a
   * wildcard never covers it; shipping browsers let * cover it
   * (observed-browsers.md). */
  if (!f->p->wildcard_covers_authorization) {
    for (size_t i = 0; i < f->nunsafe; i++)
      if (corsim__str_eq(f->unsafe[i], CORSIM_LIT("authorization")) &&
          !header_listed(s, f->unsafe[i])) {
        CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.7",
                      "Authorization must be listed explicitly; * does not "
                      "cover it");
        push(s, CORSIM_REASON_HeaderDisallowedByPreflightResponse,
             f->unsafe[i]);
        return;
      }
  }
  /* Which header a browser names only matters when one is missing. */
  bool missing = false;
  for (size_t i = 0; i < f->nunsafe && !missing && !star; i++)
    missing = !header_listed(s, f->unsafe[i]);
  if (missing && f->b == CORSIM_BROWSER_CHROMIUM && chromium_first_missing(s))
    return;
  if (missing && f->b == CORSIM_BROWSER_WEBKIT && webkit_first_missing(s))
    return;
  /* Nothing to report: the pass below would only confirm it, which is
   * worth doing for the trace alone. */
  if (!missing && !f->ctx->trace)
    return;
  for (size_t i = 0; i < f->nunsafe; i++) {
    struct corsim_str name = f->unsafe[i];
    if (header_listed(s, name))
      continue;
    if (star) {
      if (corsim__str_eq(name, CORSIM_LIT("authorization")))
        CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.8",
                      "Access-Control-Allow-Headers: * lets authorization "
                      "through in %s (the standard says it must not)",
                      f->p->name);
      continue;
    }
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.8",
                  "request header %.*s is not in Access-Control-Allow-Headers",
                  (int)name.len, name.ptr);
    push(s, CORSIM_REASON_HeaderDisallowedByPreflightResponse, name);
    return;
  }
  if (f->nunsafe > 0)
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.8",
                  "Access-Control-Allow-Headers allows every unsafe header");
}

static void cache_result(struct pf_state *s) {
  struct corsim_fetch *f = s->f;
  struct corsim_str v;
  bool present = corsim__resp_get(f, CORSIM_RH_MAX_AGE, &v);
  double capped_from;
  double age = corsim__max_age_parse(f->p, present, present ? v : CORSIM_LIT(""),
                                     &capped_from);
  if (capped_from > 0)
    corsim__note(f,
                 "Access-Control-Max-Age: %.0f is longer than %s keeps a "
                 "preflight: it caches it for %.0f s.",
                 capped_from, f->p->name, age);
  if (age <= 0) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.9",
                  "%s does not cache this preflight (Max-Age %s%.*s%s)",
                  f->p->name, present ? "'" : "absent",
                  present ? (int)v.len : 0, present ? v.ptr : "",
                  present ? "'" : "");
    return;
  }
  struct corsim__cache_grant g = {
      .origin = corsim__cache_origin(f),
      .url = f->cur_url,
      .include = f->include,
      .now = f->at,
      .max_age = age,
      .methods = s->methods,
      .nmethods = s->methods_ok ? s->nm : 0,
      .headers = s->headers,
      .nheaders = s->headers_ok ? s->nh : 0,
      .dated_entry = corsim__dns_records(f) > 0,
  };
  if (f->tainted && f->p->tainted_skips_preflight_cache) {
    CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.9",
                  "%s does not cache a preflight made after a tainting "
                  "redirect",
                  f->p->name);
    return;
  }
  /* Chromium does not cache results for URLs of 1024 bytes or more. */
  if (f->b == CORSIM_BROWSER_CHROMIUM && f->cur_url.len >= 1024)
    return;
  (void)corsim__cache_store(&f->ctx->cache, f->p, &g);
  CORSIM_TRACE(f, "Fetch #cors-preflight-fetch step 7.9",
                "the preflight result is cached for %.0f s (until t=%g)", age,
                f->at + age);
}

size_t corsim__preflight_check(struct corsim_fetch *f,
                               const struct corsim_wire_response *r,
                               struct corsim__failure *out, size_t cap) {
  struct pf_state s;
  /* The item arrays are filled before they are read; clearing them would
   * cost more than the whole check. */
  s.n = s.nm = s.nh = 0;
  s.methods_ok = s.headers_ok = true;
  s.methods_present = false;
  s.f = f;
  s.r = r;
  s.out = out;
  s.cap = cap;
  struct corsim_str loc;
  bool redirect = is_redirect_status(r->status) &&
                  corsim__resp_get(f, CORSIM_RH_LOCATION, &loc);
  switch (f->b) {
  case CORSIM_BROWSER_CHROMIUM:
    if (redirect) {
      CORSIM_TRACE(f, "Chromium PreflightLoader::HandleRedirect",
                    "the preflight was answered with a redirect (%d)",
                    r->status);
      push(&s, CORSIM_REASON_PreflightDisallowedRedirect, loc);
      return s.n;
    }
    check_access(&s);
    check_status(&s);
    parse_list(&s, "Access-Control-Allow-Methods", true);
    parse_list(&s, "Access-Control-Allow-Headers", false);
    check_method(&s);
    check_headers(&s);
    break;
  case CORSIM_BROWSER_FIREFOX:
    /* Firefox judges "cross-site" by the preflight's URL: to a URL of the
     * page's own origin (after a cross-origin redirect) it skips the
     * Allow-Origin/-Credentials check, though the request itself then
     * carries Origin: null (observed in Firefox 153,
     * tests/browser/random-diff.md F1). */
    if (f->ctx->opaque || !corsim__url_same_origin(&f->ctx->url, &f->url))
      check_access(&s);
    else
      CORSIM_TRACE(f, "Firefox nsCORSListenerProxy (observed)",
                   "a preflight to the page's own origin is not checked for "
                   "Access-Control-Allow-Origin");
    /* The preflight inherits the request's redirect mode: under manual
     * or error its redirect is a response like any other, and fails the
     * status check (observed in Firefox 153 by corsim diff: g1-361). */
    if (redirect && f->redirect == CORSIM_REDIRECT_FOLLOW) {
      CORSIM_TRACE(f, "Firefox nsCORSPreflightListener",
                    "the preflight was answered with a redirect (%d)",
                    r->status);
      push(&s, CORSIM_REASON_PreflightDisallowedRedirect, loc);
      return s.n;
    }
    check_status(&s);
    parse_list(&s, "Access-Control-Allow-Methods", true);
    check_method(&s);
    parse_list(&s, "Access-Control-Allow-Headers", false);
    check_headers(&s);
    break;
  case CORSIM_BROWSER_WEBKIT:
    check_status(&s);
    check_access(&s);
    parse_list(&s, "Access-Control-Allow-Methods", true);
    parse_list(&s, "Access-Control-Allow-Headers", false);
    {
      size_t before = s.n;
      check_method(&s);
      check_headers(&s);
      /* WebKit stores the result before validating method and headers
       * (observed: a failed preflight still serves the next request). */
      if (f->p->caches_failed_preflight && before == 0 && s.n > 0 &&
          !f->hypo)
        cache_result(&s);
    }
    break;
  case CORSIM_BROWSER_SPEC:
  default:
    check_access(&s);
    check_status(&s);
    parse_list(&s, "Access-Control-Allow-Methods", true);
    parse_list(&s, "Access-Control-Allow-Headers", false);
    check_method(&s);
    check_headers(&s);
    break;
  }
  if (s.n == 0 && !f->hypo)
    cache_result(&s);
  return s.n;
}
