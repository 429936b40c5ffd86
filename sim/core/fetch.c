/*
 * fetch.c - the step-wise fetch state machine (architecture.md): Fetch
 * #main-fetch, #http-fetch and #http-redirect-fetch, driven by the caller
 * one wire request at a time. Every decision is traced with its rule.
 *
 * After the first failure the machine keeps going "hypothetically": it
 * asks for the requests the browser would send once that failure were
 * fixed, so that the verdict can list every further failure ("also").
 * Hypothetical requests are flagged and never recorded as wire traffic,
 * and they never touch the preflight cache.
 */
#include "fetch-int.h"
#include "list.h"
#include "policy.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void start_hop(struct corsim_fetch *f);
static void finish(struct corsim_fetch *f);

void corsim__fail(struct corsim_fetch *f, const struct corsim__failure *fl) {
  if (!f->failed) {
    f->failed = true;
    f->hypo = true;
    f->first = *fl;
    f->first.param = corsim__arena_dup(&f->arena, fl->param);
    f->first.url = corsim__arena_dup(&f->arena, fl->url);
    f->first.location = corsim__arena_dup(&f->arena, fl->location);
    f->first.origin = corsim__arena_dup(&f->arena, fl->origin);
    f->first.aux = corsim__arena_dup(&f->arena, fl->aux);
    return;
  }
  if (fl->reason == f->first.reason)
    return;
  for (size_t i = 0; i < f->nalso; i++)
    if (f->also[i] == fl->reason)
      return;
  if (f->nalso < CORSIM_MAX_ALSO)
    f->also[f->nalso++] = fl->reason;
}

void corsim__note(struct corsim_fetch *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  struct corsim_str s = corsim__arena_vprintf(&f->arena, fmt, ap);
  va_end(ap);
  for (size_t i = 0; i < f->nnotes; i++)
    if (corsim__str_eq(f->notes[i], s))
      return;
  if (f->nnotes < CORSIM_MAX_NOTES)
    f->notes[f->nnotes++] = s;
}

/* Fails with a reason that ends the fetch (nothing further to explore). */
static void fail_final(struct corsim_fetch *f, enum corsim_reason r,
                       struct corsim_str param, struct corsim_str location) {
  struct corsim__failure fl = {0};
  fl.reason = r;
  fl.param = param;
  fl.url = f->cur_url;
  fl.location = location;
  corsim__fail(f, &fl);
  f->st = CORSIM_ST_DONE;
}

static bool is_http(const struct corsim__url *u) {
  return u->kind == CORSIM_SCHEME_HTTP || u->kind == CORSIM_SCHEME_HTTPS;
}

/* The URL as it goes on the wire: no userinfo, no fragment. Copied, as
 * the parse buffer of a redirect's URL does not live as long. */
static struct corsim_str wire_url(struct corsim_fetch *f,
                                  const struct corsim__url *u) {
  return corsim__arena_dup(&f->arena, corsim__url_without_fragment(u));
}

/* The same for a URL parsed into the fetch's arena: without a fragment
 * or userinfo its href is already the wire URL, NUL-terminated, and
 * lives as long as the fetch. */
static struct corsim_str arena_wire_url(struct corsim_fetch *f,
                                        const struct corsim__url *u) {
  if (u->fragment.ptr == NULL && !u->has_userinfo)
    return u->href;
  return wire_url(f, u);
}

static bool page_same_origin(const struct corsim_fetch *f,
                             const struct corsim__url *u) {
  return !f->ctx->opaque && corsim__url_same_origin(&f->ctx->url, u);
}

/* ---- emitting wire requests ------------------------------------------ */

struct hdr_buf {
  struct corsim_header *h;
  size_t n, cap;
};

static void hb_add(struct hdr_buf *b,
                   struct corsim_str name, struct corsim_str value) {
  if (b->n == b->cap)
    return;
  b->h[b->n].name = name;
  b->h[b->n].value = value;
  b->n++;
}

static struct corsim_str origin_value(const struct corsim_fetch *f,
                                      bool preflight) {
  if (f->ctx->opaque)
    return CORSIM_LIT("null");
  if (f->tainted && !(preflight && f->p->preflight_keeps_page_origin))
    return CORSIM_LIT("null");
  return f->ctx->origin;
}

/* Fetch #append-a-request-origin-header. */
static bool origin_for_actual(const struct corsim_fetch *f,
                              struct corsim_str *out) {
  if (f->tainting == CORSIM_TAINT_CORS) {
    *out = origin_value(f, false);
    return true;
  }
  bool get_head = corsim__str_eq(f->method, CORSIM_LIT("GET")) ||
                  corsim__str_eq(f->method, CORSIM_LIT("HEAD"));
  if (get_head && f->origin_kept) {
    /* origin_survives_same_origin_redirect: the last hop's header stays. */
    *out = f->hop_origin_value;
    return true;
  }
  if (get_head)
    return false;
  *out = origin_value(f, false);
  /* Outside cors mode the default referrer policy
   * (strict-origin-when-cross-origin) turns a downgrade into null. */
  if (f->mode != CORSIM_MODE_CORS && !f->ctx->opaque &&
      f->ctx->url.kind == CORSIM_SCHEME_HTTPS &&
      f->url.kind != CORSIM_SCHEME_HTTPS)
    *out = CORSIM_LIT("null");
  return true;
}

/*
 * Header values are byte strings (a script's code units up to U+00FF);
 * WebKitGTK's network layer sends them as UTF-8 (observed in WebKitGTK
 * 2.50: "été" goes out as C3 A9 74 C3 A9).
 */
static struct corsim_str webkit_wire_value(struct corsim_fetch *f,
                                           struct corsim_str v) {
  size_t high = 0;
  for (size_t i = 0; i < v.len; i++)
    high += (unsigned char)v.ptr[i] >= 0x80;
  if (high == 0)
    return v;
  char *p = corsim__arena_alloc(&f->arena, v.len + high + 1);
  if (p == NULL)
    return v;
  size_t w = 0;
  for (size_t i = 0; i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if (c >= 0x80) {
      p[w++] = (char)(0xC0 | (c >> 6));
      p[w++] = (char)(0x80 | (c & 0x3F));
    } else {
      p[w++] = (char)c;
    }
  }
  p[w] = '\0';
  return (struct corsim_str){p, w};
}

/*
 * Chromium re-serialises a single byte range it can parse on a GET (its
 * HTTP cache rewrites the header), so "Bytes = 00-1" goes on the wire as
 * "bytes=0-1"; other methods send the value as written (observed in
 * Chromium 156; the safelist check has already seen the script's value).
 */
static struct corsim_str chromium_range(struct corsim_fetch *f,
                                        struct corsim_str v) {
  size_t i = 0, n = v.len;
  const char *p = v.ptr;
#define WS()                                                                   \
  while (i < n && (p[i] == ' ' || p[i] == '\t'))                               \
  i++
  WS();
  if (n - i < 5 || !corsim__str_ieq_c((struct corsim_str){p + i, 5}, "bytes"))
    return v;
  i += 5;
  WS();
  if (i == n || p[i] != '=')
    return v;
  i++;
  WS();
  size_t a = i;
  while (i < n && p[i] >= '0' && p[i] <= '9')
    i++;
  size_t ae = i;
  WS();
  if (i == n || p[i] != '-')
    return v;
  i++;
  WS();
  size_t b = i;
  while (i < n && p[i] >= '0' && p[i] <= '9')
    i++;
  size_t be = i;
  WS();
#undef WS
  if (i != n || ae == a)
    return v;
  /* Numbers are printed back without leading zeros; an inverted range
   * is not a byte range to the cache and goes out as written. */
  while (ae - a > 1 && p[a] == '0')
    a++;
  while (be - b > 1 && p[b] == '0')
    b++;
  if (be > b && ((ae - a) > (be - b) ||
                 ((ae - a) == (be - b) && memcmp(p + a, p + b, ae - a) > 0)))
    return v;
  return corsim__arena_printf(&f->arena, "bytes=%.*s-%.*s", (int)(ae - a),
                              p + a, (int)(be - b), p + b);
}

/*
 * Necko's request headers that a repeated value replaces instead of
 * joining (nsHttpHeaderArray::IsSingletonHeader), those a script may set.
 * Observed in Firefox 153 by corsim diff: g1-27 sent Authorization: x
 * after "Bearer ..." and "x".
 */
static bool necko_singleton(struct corsim_str n) {
  static const char *const names[] = {
      "authorization",       "content-disposition", "content-type",
      "from",                "if-modified-since",   "if-unmodified-since",
      "location",            "max-forwards",        "strict-transport-security",
      "user-agent"};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (corsim__str_ieq_c(n, names[i]))
      return true;
  return false;
}

/*
 * Firefox's fetch() puts each header of the list on the channel in turn:
 * an empty value empties the line so far (SetEmptyRequestHeader), a
 * value joins the line with ", " (an empty line takes it as it is), and
 * replaces it for a singleton (observed in Firefox 153 by corsim diff:
 * g1-696 and g1-707 sent an empty Accept / Accept-Language after a value
 * and an empty one). Content-Type with a body keeps its first value
 * (observed in Firefox 153, tests/browser/firefox-153).
 */
static struct corsim_str firefox_fetch_value(struct corsim_fetch *f,
                                             size_t first) {
  struct corsim_str name = f->headers[first].name;
  struct corsim_str value = f->headers[first].value;
  bool singleton = necko_singleton(name);
  bool ct_first = f->has_body && corsim__str_ieq_c(name, "content-type");
  for (size_t j = first + 1; j < f->nheaders && !ct_first; j++) {
    struct corsim_str v = f->headers[j].value;
    if (!corsim__str_ieq(f->headers[j].name, name))
      continue;
    if (v.len == 0 || singleton || value.len == 0)
      value = v;
    else
      value = corsim__arena_printf(&f->arena, "%.*s, %.*s", (int)value.len,
                                   value.ptr, (int)v.len, v.ptr);
  }
  return value;
}

static void add_request_headers(struct corsim_fetch *f, struct hdr_buf *b) {
  struct corsim_header moved;
  bool has_moved = false;
  bool firefox_fetch =
      f->b == CORSIM_BROWSER_FIREFOX && f->api == CORSIM_API_FETCH;
  for (size_t i = 0; i < f->nheaders; i++) {
    struct corsim_str name = f->headers[i].name;
    struct corsim_str value = f->headers[i].value;
    if (firefox_fetch) {
      bool seen = false;
      for (size_t j = 0; j < i && !seen; j++)
        seen = corsim__str_ieq(f->headers[j].name, name);
      if (seen)
        continue;
      value = firefox_fetch_value(f, i);
    }
    if (f->b == CORSIM_BROWSER_CHROMIUM && corsim__str_ieq_c(name, "range") &&
        corsim__str_eq(f->method, CORSIM_LIT("GET"))) {
      struct corsim_str canon = chromium_range(f, value);
      if (canon.ptr != value.ptr) {
        /* The cache takes the header out and puts it back: it ends up
         * last (observed). */
        moved = (struct corsim_header){name, canon};
        has_moved = true;
        continue;
      }
    }
    if (f->b == CORSIM_BROWSER_WEBKIT)
      value = webkit_wire_value(f, value);
    hb_add(b, name, value);
  }
  if (has_moved)
    hb_add(b, moved.name, moved.value);
}

static void raise_deferred(struct corsim_fetch *f);

static void emit(struct corsim_fetch *f, bool preflight) {
  if (!preflight)
    raise_deferred(f);
  struct hdr_buf b;
  b.cap = f->nheaders + 4;
  b.n = 0;
  b.h = corsim__arena_alloc(&f->arena, b.cap * sizeof(*b.h));
  if (b.h == NULL) {
    fail_final(f, CORSIM_REASON_NetworkError, CORSIM_LIT("out of memory"),
               CORSIM_LIT(""));
    return;
  }
  struct corsim_str method = f->method;
  if (preflight) {
    method = CORSIM_LIT("OPTIONS");
    hb_add(&b, CORSIM_LIT("Origin"), origin_value(f, true));
    hb_add(&b, CORSIM_LIT("Access-Control-Request-Method"), f->method);
    if (f->nunsafe > 0) {
      size_t len = 0;
      for (size_t i = 0; i < f->nunsafe; i++)
        len += f->unsafe[i].len + 1;
      char *acrh = corsim__arena_alloc(&f->arena, len + 1);
      if (acrh != NULL) {
        size_t w = 0;
        for (size_t i = 0; i < f->nunsafe; i++) {
          if (i)
            acrh[w++] = ',';
          corsim__copy(acrh + w, f->unsafe[i].ptr, f->unsafe[i].len);
          w += f->unsafe[i].len;
        }
        acrh[w] = '\0';
        hb_add(&b, CORSIM_LIT("Access-Control-Request-Headers"),
               (struct corsim_str){acrh, w});
      }
    }
    /* WebKit copies a script-set User-Agent onto the preflight (observed
     * in WebKitGTK 2.50); other script headers stay off it. */
    if (f->b == CORSIM_BROWSER_WEBKIT)
      for (size_t i = 0; i < f->nheaders; i++)
        if (corsim__str_ieq_c(f->headers[i].name, "user-agent"))
          hb_add(&b, f->headers[i].name, webkit_wire_value(f, f->headers[i].value));
  } else {
    struct corsim_str o;
    f->hop_origin = origin_for_actual(f, &o);
    if (f->hop_origin) {
      hb_add(&b, CORSIM_LIT("Origin"), o);
      f->hop_origin_value = o;
    }
    add_request_headers(f, &b);
  }
  f->pending = (struct corsim_wire_request){
      .method = method,
      .url = f->cur_url,
      .headers = b.h,
      .nheaders = b.n,
      .preflight = preflight,
      .hypothetical = f->hypo,
  };
  f->pending_preflight = preflight;
  f->have_pending = true;
  f->awaiting = false;
  f->st = preflight ? CORSIM_ST_AWAIT_PREFLIGHT : CORSIM_ST_AWAIT_ACTUAL;
  if (!f->hypo && f->nwire < CORSIM_MAX_WIRE) {
    f->wire[f->nwire++] = (struct corsim_exchange){
        .method = method,
        .url = f->cur_url,
        .headers = b.h,
        .nheaders = b.n,
        .preflight = preflight,
        .status = 0,
    };
    if (preflight)
      f->preflight = CORSIM_PREFLIGHT_SENT;
  }
}

/* ---- main fetch ------------------------------------------------------- */

struct corsim_str corsim__cache_origin(struct corsim_fetch *f) {
  /* Firefox keys a tainted request's results by the page's origin
   * (observed); the others by its opaque origin (Chromium caches none:
   * tainted_skips_preflight_cache). */
  bool keep_page = f->b == CORSIM_BROWSER_FIREFOX;
  if (!f->tainted || keep_page)
    return f->ctx->origin;
  if (!f->p->tainted_origin_per_fetch)
    return CORSIM_LIT("null");
  if (f->cache_key.ptr == NULL)
    f->cache_key = corsim__arena_printf(&f->arena, "null#%lu", f->serial);
  return f->cache_key;
}

/* An IP-literal host (the URL parser writes IPv4 dotted-decimal, IPv6 in
 * brackets): its connections make no DNS records. */
static bool host_is_ip_literal(struct corsim_str h) {
  if (h.len > 0 && h.ptr[0] == '[')
    return true;
  if (h.len == 0)
    return false;
  for (size_t i = 0; i < h.len; i++)
    if (h.ptr[i] != '.' && (h.ptr[i] < '0' || h.ptr[i] > '9'))
      return false;
  return true;
}

unsigned corsim__dns_records(const struct corsim_fetch *f) {
  /* The profile's opaque_dns_records: only a sandboxed page's partition
   * starts without the host's records. */
  if (!f->ctx->opaque || !host_is_ip_literal(f->url.host))
    return 0;
  return f->p->opaque_dns_records;
}

/* Whether this hop looks in the preflight cache at all; when it does not,
 * the lookup does not drop an insufficient entry either. */
static bool cache_consulted(struct corsim_fetch *f) {
  if (f->ctx->opaque && !f->p->opaque_origin_reuses_preflight)
    return false;
  if (f->tainted && f->p->tainted_skips_preflight_cache) {
    CORSIM_TRACE(f, "Fetch #http-fetch step 4.1 (preflight cache)",
                  "%s does not look in the preflight cache after a tainting "
                  "redirect",
                  f->p->name);
    return false;
  }
  /* Chromium for fetch() and XHR, Firefox for fetch() only (observed in
   * Chromium 156: g1-485, g1-590; in Firefox 153: g1-590). */
  if (f->conditional && (f->p->conditional_skips_preflight_cache ||
                         (f->p->conditional_fetch_skips_preflight_cache &&
                          f->api == CORSIM_API_FETCH))) {
    CORSIM_TRACE(f, "Fetch #http-fetch step 4.1 (preflight cache)",
                  "%s does not look in the preflight cache for a request "
                  "with a conditional header",
                  f->p->name);
    return false;
  }
  return true;
}

/* A conditional request header (Fetch #http-network-or-cache-fetch: the
 * headers that turn the cache mode "default" into "no-store"). */
static bool is_conditional_header(struct corsim_str n) {
  return corsim__str_ieq_c(n, "if-modified-since") ||
         corsim__str_ieq_c(n, "if-none-match") ||
         corsim__str_ieq_c(n, "if-unmodified-since") ||
         corsim__str_ieq_c(n, "if-match") || corsim__str_ieq_c(n, "if-range");
}

static bool has_conditional_header(const struct corsim_fetch *f) {
  for (size_t i = 0; i < f->nheaders; i++)
    if (is_conditional_header(f->headers[i].name))
      return true;
  return false;
}

static void start_hop(struct corsim_fetch *f) {
  const struct corsim__url *u = &f->url;
  /* WebKitGTK blocks http: loopback URLs too (observed in WebKitGTK
   * 2.50); Chromium and Firefox let potentially trustworthy hosts
   * through. */
  if (!f->ctx->opaque && f->ctx->url.kind == CORSIM_SCHEME_HTTPS &&
      u->kind == CORSIM_SCHEME_HTTP &&
      (f->b == CORSIM_BROWSER_WEBKIT || !corsim__url_trustworthy(u))) {
    CORSIM_TRACE(f, "Mixed Content #should-block-fetch",
                  "a secure page may not fetch %.*s over http", (int)u->host.len,
                  u->host.ptr);
    fail_final(f, CORSIM_REASON_MixedContent, CORSIM_LIT(""), CORSIM_LIT(""));
    return;
  }
  if (page_same_origin(f, u) && f->tainting == CORSIM_TAINT_BASIC) {
    CORSIM_TRACE(f, "Fetch #main-fetch step 12 (same origin)",
                  "%.*s is same-origin with %.*s: basic fetch, no CORS",
                  (int)f->cur_url.len, f->cur_url.ptr, (int)f->ctx->origin.len,
                  f->ctx->origin.ptr);
    emit(f, false);
    return;
  }
  if (u->kind == CORSIM_SCHEME_DATA) {
    CORSIM_TRACE(f, "Fetch #main-fetch step 12 (data: URL)",
                  "a data: URL is fetched locally as a basic response");
    f->rtype = CORSIM_RESPONSE_BASIC;
    f->status = 200;
    /* A data: response always has a Content-Type (observed in Chromium). */
    f->exposed = corsim__arena_alloc(&f->arena, sizeof(*f->exposed));
    if (f->exposed != NULL) {
      f->exposed[0] = CORSIM_LIT("content-type");
      f->nexposed = 1;
    }
    f->st = CORSIM_ST_DONE;
    return;
  }
  if (f->api == CORSIM_API_FETCH && f->mode == CORSIM_MODE_SAME_ORIGIN) {
    CORSIM_TRACE(f, "Fetch #main-fetch step 12 (mode same-origin)",
                  "mode same-origin refuses cross-origin %.*s",
                  (int)f->cur_url.len, f->cur_url.ptr);
    fail_final(f, CORSIM_REASON_DisallowedByMode, CORSIM_LIT(""),
               CORSIM_LIT(""));
    return;
  }
  if (f->api == CORSIM_API_FETCH && f->mode == CORSIM_MODE_NO_CORS) {
    if (f->redirect != CORSIM_REDIRECT_FOLLOW) {
      CORSIM_TRACE(f, "Fetch #main-fetch step 12 (mode no-cors)",
                    "no-cors mode requires redirect mode follow");
      fail_final(f, CORSIM_REASON_NetworkError, CORSIM_LIT("no-cors-redirect"),
                 CORSIM_LIT(""));
      return;
    }
    if (!is_http(u)) {
      CORSIM_TRACE(f, "Fetch #scheme-fetch",
                    "scheme %.*s: is not fetched by the network",
                    (int)u->scheme.len, u->scheme.ptr);
      fail_final(f, CORSIM_REASON_CorsDisabledScheme, u->scheme, CORSIM_LIT(""));
      return;
    }
    f->tainting = CORSIM_TAINT_OPAQUE;
    f->any_cross_origin = true;
    CORSIM_TRACE(f, "Fetch #main-fetch step 12 (mode no-cors)",
                  "cross-origin no-cors request: the response will be opaque");
    emit(f, false);
    return;
  }
  if (!is_http(u)) {
    CORSIM_TRACE(f, "Fetch #main-fetch step 12 (scheme)",
                  "cross-origin requests need http or https, not %.*s:",
                  (int)u->scheme.len, u->scheme.ptr);
    fail_final(f, CORSIM_REASON_CorsDisabledScheme, u->scheme, CORSIM_LIT(""));
    return;
  }
  f->tainting = CORSIM_TAINT_CORS;
  f->any_cross_origin = true;
  corsim__unsafe_names(f);
  bool needed = corsim__preflight_needed(f);
  CORSIM_TRACE(
      f, "Fetch #main-fetch step 12 (CORS)",
      "cross-origin %s %.*s: CORS request%s (method %s%s, %zu CORS-unsafe "
      "header name%s%s)",
      f->method.ptr, (int)f->cur_url.len, f->cur_url.ptr,
      needed ? " with preflight" : " without preflight",
      f->method.ptr,
      corsim__method_safelisted(f->method) ? " is safelisted" : " is not safelisted",
      f->nunsafe, f->nunsafe == 1 ? "" : "s",
      f->force_preflight ? ", preflight forced by upload listeners" : "");
  if (!needed) {
    emit(f, false);
    return;
  }
  f->preflight_allowed = true;
  if (!f->hypo) {
    struct corsim__cache_query q = {
        .origin = corsim__cache_origin(f),
        .url = f->cur_url,
        .include = f->include,
        .method = f->method,
        .method_needs_entry =
            !corsim__method_safelisted(f->method) ||
            (f->force_preflight && f->p->forced_preflight_needs_method),
        .headers = f->unsafe,
        .nheaders = f->nunsafe,
        .now = f->at,
        .host = f->url.host,
        .dns_records = corsim__dns_records(f),
    };
    bool consulted = cache_consulted(f);
    if (consulted && !corsim__cache_dns_check(&f->ctx->cache, &q))
      CORSIM_TRACE(f, "Firefox CORSCacheEntry::CheckDNSCache (observed)",
                    "the DNS cache of this sandboxed page has no record of "
                    "%.*s older than the cached preflight: the entry is "
                    "dropped",
                    (int)f->url.host.len, f->url.host.ptr);
    if (consulted && corsim__cache_lookup(&f->ctx->cache, f->p, &q)) {
      CORSIM_TRACE(f, "Fetch #http-fetch step 4.1 (preflight cache)",
                    "a cached preflight covers this request: no preflight");
      if (f->preflight == CORSIM_PREFLIGHT_NONE)
        f->preflight = CORSIM_PREFLIGHT_CACHED;
      f->ever_preflighted = true;
      emit(f, false);
      return;
    }
    CORSIM_TRACE(f, "Fetch #http-fetch step 4.1 (preflight cache)",
                  "no cached preflight covers this request");
  }
  emit(f, true);
}

/* ---- answers ---------------------------------------------------------- */

static bool is_redirect_status(int s) {
  return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

static void record_status(struct corsim_fetch *f, int status) {
  if (!f->pending.hypothetical && f->nwire > 0)
    f->wire[f->nwire - 1].status = status;
}

static void on_preflight(struct corsim_fetch *f,
                         const struct corsim_wire_response *r) {
  bool was_hypo = f->hypo;
  corsim__explain_response(f, true, r);
  struct corsim__failure fl[12];
  size_t n = corsim__preflight_check(f, r, fl, 12);
  for (size_t i = 0; i < n; i++) {
    fl[i].url = f->cur_url;
    corsim__fail(f, &fl[i]);
  }
  if (n > 0 && !was_hypo && f->p->cache_model != CORSIM_CACHE_REPLACE)
    corsim__cache_clear(&f->ctx->cache, f->ctx->origin, f->cur_url);
  if (n == 0) {
    f->ever_preflighted = true;
  }
  emit(f, false);
}

static void remove_headers(struct corsim_fetch *f, bool (*pred)(struct corsim_str)) {
  size_t w = 0;
  for (size_t i = 0; i < f->nheaders; i++)
    if (!pred(f->headers[i].name)) {
      f->hflags[w] = f->hflags[i];
      f->headers[w++] = f->headers[i];
    }
  f->nheaders = w;
}

static bool is_authorization(struct corsim_str n) {
  return corsim__str_ieq_c(n, "authorization");
}

/* The client hints Chromium leaves behind on every redirect, Save-Data
 * excepted (observed in Chromium 156, tests/browser/random-diff.md C1;
 * Width too, corsim diff on generated scenarios). */
static bool is_dropped_client_hint(struct corsim_str n) {
  return corsim__str_ieq_c(n, "downlink") || corsim__str_ieq_c(n, "dpr") ||
         corsim__str_ieq_c(n, "device-memory") ||
         corsim__str_ieq_c(n, "viewport-width") ||
         corsim__str_ieq_c(n, "width") || corsim__str_ieq_c(n, "rtt") ||
         corsim__str_ieq_c(n, "ect");
}

static bool is_content_type(struct corsim_str n) {
  return corsim__str_ieq_c(n, "content-type");
}

/* Sets Content-Type to v: in place of the first one, the others removed. */
static void set_content_type(struct corsim_fetch *f, struct corsim_str v) {
  size_t w = 0;
  bool done = false;
  for (size_t i = 0; i < f->nheaders; i++) {
    if (is_content_type(f->headers[i].name)) {
      if (done)
        continue;
      f->headers[i].value = v;
      done = true;
    }
    f->headers[w++] = f->headers[i];
  }
  f->nheaders = w;
  if (!done && f->nheaders < f->nfirst) {
    f->headers[f->nheaders].name = CORSIM_LIT("Content-Type");
    f->headers[f->nheaders].value = v;
    f->nheaders++;
  }
}

/*
 * WebKit builds the next hop's headers in three layers, each observed in
 * WebKitGTK 2.50 by corsim diff (tests/cases/webkit-observed.json):
 *  1. the network layer (NetworkDataTaskSoup) starts from the last hop's
 *     headers, puts the first request's Content-Type back on a 307/308
 *     (P7, g1-660: it reappears on a GET), and turns the method into GET
 *     on 303, on 301/302 for POST and on a cross-origin DELETE whatever
 *     the status (random-diff.md W1), dropping Content-Type only;
 *  2. a hop that needs CORS checks starts again from the first request's
 *     headers, less Authorization once a cross-origin hop dropped it
 *     (NetworkLoadChecker; g1-388: Content-Type is back two hops after
 *     the 302 that dropped it);
 *  3. a redirect that itself turns the method into GET by the Fetch rule
 *     drops every request-body header (the web process's
 *     redirectAsGETIfNeeded; g1-80, g1-184, g1-258), so on a CORS hop
 *     after that they are back (P1).
 * f->headers never holds a header the first list lacks, so its array
 * (the first list's size) has room for all of this.
 */
static void webkit_redirect_headers(struct corsim_fetch *f, int status,
                                    const struct corsim__url *next,
                                    bool to_get, bool cross) {
  struct corsim_str first_ct;
  if ((status == 307 || status == 308) &&
      corsim__hdr_get(&f->arena, f->first_headers, f->nfirst, "content-type",
                      &first_ct))
    set_content_type(f, first_ct);
  bool is_get = corsim__str_eq(f->method, CORSIM_LIT("GET"));
  bool cross_delete =
      cross && corsim__str_eq(f->method, CORSIM_LIT("DELETE"));
  if (!is_get && (to_get || cross_delete)) {
    CORSIM_TRACE(f, "WebKit redirect handling (observed)",
                  "%d turns %s into GET without body or Content-Type", status,
                  f->method.ptr);
    f->method = CORSIM_LIT("GET");
    f->has_body = false;
    remove_headers(f, is_content_type);
  }
  bool cors_hop = f->mode == CORSIM_MODE_CORS &&
                  (f->tainting == CORSIM_TAINT_CORS ||
                   !page_same_origin(f, next));
  if (cors_hop && f->first_headers != NULL) {
    CORSIM_TRACE(f, "WebKit redirect handling (observed)",
                  "a CORS redirect starts again from the first request's "
                  "headers");
    if (f->nfirst > 0)
      memcpy(f->headers, f->first_headers, f->nfirst * sizeof(*f->headers));
    f->nheaders = f->nfirst;
    if (f->auth_dropped)
      remove_headers(f, is_authorization);
  }
  if (to_get) {
    CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 12",
                  "%d turns %s into GET and drops the body and its headers",
                  status, f->method.ptr);
    remove_headers(f, corsim__request_body_header);
  }
  /* The list was rebuilt above: its names' flags follow (the flags array
   * has the headers array's room). */
  for (size_t i = 0; i < f->nheaders; i++)
    f->hflags[i] = corsim__request_name_flags(f->headers[i].name);
}

/* Necko's ShouldRewriteRedirectToGET: 301 and 302 rewrite POST, 303
 * everything but HEAD (a GET too, which drops its body headers). */
static bool necko_rewrites_to_get(int status, struct corsim_str method) {
  if (status == 301 || status == 302)
    return corsim__str_eq(method, CORSIM_LIT("POST"));
  return status == 303 && !corsim__str_eq(method, CORSIM_LIT("HEAD"));
}

/*
 * Firefox's FetchDriver and XHR put the script's headers on the
 * redirected request again, deciding what to leave out with the script's
 * own method (observed in Firefox 153 by corsim diff: g1-660 sent
 * Content-Language and Content-Type again after 302 > 307; g1-30 did not
 * after 301 > 302). The Content-Type an XHR body implied is not one of
 * the script's headers: it stays only with the body.
 */
static void reapply_script_headers(struct corsim_fetch *f, int status,
                                   bool cross) {
  bool strip_body = necko_rewrites_to_get(status, f->script_method);
  struct corsim_header *h =
      corsim__arena_alloc(&f->arena, (f->nscript + 1) * sizeof(*h));
  unsigned *fl = corsim__arena_alloc(&f->arena, (f->nscript + 1) * sizeof(*fl));
  size_t n = 0;
  if (h == NULL || fl == NULL)
    return;
  for (size_t i = 0; i < f->nscript; i++) {
    struct corsim_str name = f->script_headers[i].name;
    if (strip_body && corsim__request_body_header(name))
      continue;
    if (cross && is_authorization(name))
      continue;
    if (i == f->implied_ct && f->api == CORSIM_API_XHR && !f->has_body)
      continue;
    fl[n] = corsim__request_name_flags(name);
    h[n++] = f->script_headers[i];
  }
  CORSIM_TRACE(f, "Firefox FetchDriver / XHR AsyncOnChannelRedirect",
               "the script's %zu header%s go on the redirected request again%s%s",
               n, n == 1 ? "" : "s",
               strip_body ? ", without the body headers" : "",
               cross ? ", without Authorization" : "");
  f->headers = h;
  f->hflags = fl;
  f->nheaders = n;
}

static void follow_redirect(struct corsim_fetch *f, int status,
                            struct corsim_str location) {
  struct corsim__url next;
  size_t cap = location.len * 3 + f->cur_url.len + 64;
  if (cap > CORSIM_URL_MAX)
    cap = CORSIM_URL_MAX;
  char *buf = corsim__arena_alloc(&f->arena, cap);
  if (location.len == 0 && f->b == CORSIM_BROWSER_WEBKIT) {
    CORSIM_TRACE(f, "WebKit redirect handling",
                  "an empty Location fails the load at once (observed)");
    fail_final(f, CORSIM_REASON_NetworkError, CORSIM_LIT(""), location);
    return;
  }
  if (buf == NULL ||
      corsim__url_parse(location, &f->url, &next, buf, cap) != 0) {
    CORSIM_TRACE(f, "Fetch #concept-response-location-url",
                  "Location '%.*s' does not parse as a URL", (int)location.len,
                  location.ptr);
    fail_final(f, CORSIM_REASON_NetworkError, CORSIM_LIT(""), location);
    return;
  }
  if (!is_http(&next)) {
    bool unsafe = next.kind == CORSIM_SCHEME_DATA ||
                  next.kind == CORSIM_SCHEME_ABOUT ||
                  next.kind == CORSIM_SCHEME_FILE ||
                  next.kind == CORSIM_SCHEME_BLOB ||
                  corsim__str_eq(next.scheme, CORSIM_LIT("javascript"));
    CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 4",
                  "a redirect to a %.*s: URL is a network error",
                  (int)next.scheme.len, next.scheme.ptr);
    struct corsim__failure fl = {0};
    fl.reason = unsafe ? CORSIM_REASON_UnsafeRedirect
                       : CORSIM_REASON_CorsDisabledScheme;
    fl.param = next.scheme;
    fl.url = wire_url(f, &next); /* Chromium names the new URL */
    fl.location = fl.url;
    fl.same_origin_hop = page_same_origin(f, &f->url);
    corsim__fail(f, &fl);
    f->st = CORSIM_ST_DONE;
    return;
  }
  if (f->redirects >= 20) {
    CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 5",
                  "the redirect count is already 20");
    fail_final(f, CORSIM_REASON_TooManyRedirects, CORSIM_LIT(""), location);
    return;
  }
  f->redirects++;
  if (next.has_userinfo) {
    bool cross = !page_same_origin(f, &next);
    if ((f->mode == CORSIM_MODE_CORS && cross) ||
        f->tainting == CORSIM_TAINT_CORS) {
      CORSIM_TRACE(f, "Fetch #http-redirect-fetch steps 7-8",
                    "a CORS redirect to a URL with credentials is a network "
                    "error");
      struct corsim__failure fl = {0};
      fl.reason = CORSIM_REASON_RedirectContainsCredentials;
      fl.url = f->cur_url;
      fl.location = wire_url(f, &next); /* without the userinfo */
      fl.aux = next.href;               /* with it */
      if (next.fragment.ptr != NULL && fl.aux.len >= next.fragment.len + 1)
        fl.aux.len -= next.fragment.len + 1;
      if (f->p->late_userinfo_check_from_same_origin &&
          f->tainting == CORSIM_TAINT_BASIC) {
        CORSIM_TRACE(f, "WebKit SubresourceLoader (observed)",
                      "from a same-origin hop the web process makes this "
                      "check: it fails once the next hop is ready");
        if (!f->has_deferred) {
          f->deferred = fl;
          f->has_deferred = true;
        }
      } else {
        corsim__fail(f, &fl);
        f->st = CORSIM_ST_DONE;
        return;
      }
    }
    if (f->b == CORSIM_BROWSER_CHROMIUM && f->api == CORSIM_API_FETCH) {
      CORSIM_TRACE(f, "Chromium CorsURLLoader (observed)",
                    "Chromium aborts a redirect to a URL with credentials "
                    "(net::ERR_ABORTED)");
      fail_final(f, CORSIM_REASON_RedirectWithCredentials, CORSIM_LIT(""),
                 location);
      return;
    }
  }
  bool cross = !corsim__url_same_origin(&f->url, &next);
  f->hop_strip_body = necko_rewrites_to_get(status, f->method);
  f->hop_strip_auth = cross;
  /* Fetch #http-redirect-fetch step 12: 301/302 turn POST into GET, 303
   * turns everything but GET/HEAD into GET; the body goes with it. */
  bool post = corsim__str_eq(f->method, CORSIM_LIT("POST"));
  bool get_head = corsim__str_eq(f->method, CORSIM_LIT("GET")) ||
                  corsim__str_eq(f->method, CORSIM_LIT("HEAD"));
  bool to_get = ((status == 301 || status == 302) && post) ||
                (status == 303 && !get_head);
  f->origin_kept =
      f->p->origin_survives_same_origin_redirect && !cross && f->hop_origin;
  if (cross) {
    size_t before = f->nheaders;
    remove_headers(f, is_authorization);
    if (f->nheaders != before) {
      f->auth_dropped = true;
      CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 13",
                    "a cross-origin redirect removes Authorization");
    }
  }
  if (f->p->redirect_replays_first_headers) {
    webkit_redirect_headers(f, status, &next, to_get, cross);
  } else if (to_get) {
    CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 12",
                  "%d turns %s into GET and drops the body and its headers",
                  status, f->method.ptr);
    f->method = CORSIM_LIT("GET");
    f->has_body = false;
    remove_headers(f, corsim__request_body_header);
  }
  /* Fetch #concept-response-location-url: a Location without a fragment
   * keeps the request's. */
  if (next.fragment.ptr != NULL)
    f->cur_fragment = next.fragment;
  struct corsim_str next_wire = wire_url(f, &next);
  if (f->b == CORSIM_BROWSER_CHROMIUM)
    remove_headers(f, is_dropped_client_hint);
  /* Fetch #concept-request-tainted-origin. */
  if (cross && !f->tainted && !page_same_origin(f, &f->url)) {
    f->tainted = true;
    CORSIM_TRACE(f, "Fetch #concept-request-tainted-origin",
                  "a redirect from cross-origin %.*s to another origin "
                  "taints the request's origin: Origin becomes null",
                  (int)f->cur_url.len, f->cur_url.ptr);
  }
  if (f->p->redirect_reapplies_script_headers)
    reapply_script_headers(f, status, cross);
  CORSIM_TRACE(f, "Fetch #http-redirect-fetch step 19",
                "following redirect %d/20 to %.*s", f->redirects,
                (int)next_wire.len, next_wire.ptr);
  f->url = next;
  f->url_buf = buf;
  f->cur_url = next_wire;
  start_hop(f);
}

static void compute_exposed(struct corsim_fetch *f,
                            const struct corsim_wire_response *r) {
  f->nexposed = 0;
  if (f->rtype != CORSIM_RESPONSE_BASIC && f->rtype != CORSIM_RESPONSE_CORS)
    return;
  struct corsim_str *names =
      corsim__arena_alloc(&f->arena, (r->nheaders + 1) * sizeof(*names));
  if (names == NULL)
    return;
  bool all = f->rtype == CORSIM_RESPONSE_BASIC;
  struct corsim_str list[256];
  size_t nlist = 0;
  if (!all) {
    struct corsim_str v, bad;
    if (corsim__resp_get(f, CORSIM_RH_ACEH, &v)) {
      if (corsim__list_parse(v, list, 256, &nlist, &bad) != 0) {
        CORSIM_TRACE(f, "Fetch #main-fetch step 14.2 (exposed headers)",
                      "Access-Control-Expose-Headers '%.*s' does not parse: "
                      "nothing extra is exposed",
                      (int)v.len, v.ptr);
        nlist = 0;
        /* Firefox's InternalHeaders::CORSHeaders has switched expose-all
         * on when it meets a * before the bad token (spec-firefox-webkit.md
         * 2.8, from source). */
        if (f->b == CORSIM_BROWSER_FIREFOX && !f->include) {
          size_t i = 0;
          while (i < v.len && !all) {
            size_t j = i;
            while (j < v.len && v.ptr[j] != ',')
              j++;
            struct corsim_str item =
                corsim__str_trim_ows((struct corsim_str){v.ptr + i, j - i});
            if (item.len > 0 && !corsim__is_token(item))
              break;
            all = item.len == 1 && item.ptr[0] == '*';
            i = j + 1;
          }
        }
      }
      for (size_t i = 0; i < nlist; i++)
        if (list[i].len == 1 && list[i].ptr[0] == '*' && !f->include) {
          all = true;
          CORSIM_TRACE(f, "Fetch #main-fetch step 14.2 (exposed headers)",
                        "Access-Control-Expose-Headers: * exposes every header "
                        "(no credentials)");
        }
    }
  }
  size_t n = 0;
  for (size_t i = 0; i < r->nheaders; i++) {
    struct corsim_str name = r->headers[i].name;
    if (corsim__response_header_forbidden(name))
      continue;
    bool ok = all || corsim__response_header_safelisted(name, f->b);
    for (size_t j = 0; !ok && j < nlist; j++)
      ok = corsim__str_ieq(list[j], name);
    if (!ok)
      continue;
    struct corsim_str low = corsim__arena_dup_lower(&f->arena, name);
    bool dup = false;
    for (size_t j = 0; j < n && !dup; j++)
      dup = corsim__str_eq(names[j], low);
    if (!dup)
      names[n++] = low;
  }
  /* Sorted for a stable output. */
  for (size_t i = 1; i < n; i++) {
    struct corsim_str k = names[i];
    size_t j = i;
    while (j > 0) {
      struct corsim_str a = names[j - 1];
      size_t m = a.len < k.len ? a.len : k.len;
      int c = memcmp(a.ptr, k.ptr, m);
      if (c < 0 || (c == 0 && a.len <= k.len))
        break;
      names[j] = names[j - 1];
      j--;
    }
    names[j] = k;
  }
  f->exposed = names;
  f->nexposed = n;
}

/* A Location resolved against the current URL, for messages. */
static struct corsim_str resolve(struct corsim_fetch *f, struct corsim_str loc) {
  char buf[2048];
  struct corsim__url u;
  if (corsim__url_parse(loc, &f->url, &u, buf, sizeof(buf)) != 0)
    return loc;
  return wire_url(f, &u);
}

/*
 * WebKit's web process checks a redirect again after the network process
 * did, with the credentials policy of the first hop: a fetch that started
 * same-origin in credentials mode same-origin needs
 * Access-Control-Allow-Credentials (and no wildcard) on every redirect
 * from a cross-origin hop. Its verdict arrives after the network process
 * has prepared the next hop, preflight included, so the failure waits for
 * the next actual request (observed in WebKitGTK 2.50 by corsim diff:
 * g1-413, g1-778, and g1-655, where the next hop's OPTIONS went out).
 */
static void recheck_with_credentials(struct corsim_fetch *f, int status,
                                     struct corsim_str loc) {
  struct corsim__failure fl[2];
  bool saved = f->include;
  f->include = true;
  size_t k = corsim__cors_check(f, status, false, fl);
  f->include = saved;
  if (k == 0 || f->has_deferred)
    return;
  CORSIM_TRACE(f, "WebKit SubresourceLoader (observed)",
                "the web process checks the redirect again with the "
                "credentials flag set: it fails once the next hop is ready");
  f->deferred = fl[0];
  f->deferred.url = f->cur_url;
  f->deferred.location = resolve(f, loc);
  f->has_deferred = true;
}

/* Raises the web process's verdict on the last redirect (above). */
static void raise_deferred(struct corsim_fetch *f) {
  if (!f->has_deferred)
    return;
  f->has_deferred = false;
  corsim__fail(f, &f->deferred);
}

static void on_actual(struct corsim_fetch *f,
                      const struct corsim_wire_response *r) {
  bool was_hypo = f->hypo;
  corsim__explain_response(f, false, r);
  struct corsim_str loc = {NULL, 0};
  bool has_loc = is_redirect_status(r->status) &&
                 corsim__resp_get(f, CORSIM_RH_LOCATION, &loc);
  if (f->tainting == CORSIM_TAINT_CORS) {
    struct corsim__failure fl[2];
    size_t k = corsim__cors_check(f, r->status, false, fl);
    for (size_t i = 0; i < k; i++) {
      fl[i].url = f->cur_url;
      if (has_loc)
        fl[i].location = resolve(f, loc);
      corsim__fail(f, &fl[i]);
    }
    if (k == 0 && has_loc && f->p->redirects_rechecked_with_credentials &&
        f->same_origin_creds && f->started_same_origin)
      recheck_with_credentials(f, r->status, loc);
    if (k > 0 && !was_hypo && f->b == CORSIM_BROWSER_FIREFOX)
      corsim__cache_clear(&f->ctx->cache, f->ctx->origin, f->cur_url);
  }
  /* Chromium hands a 3xx with an empty Location to the script
   * (observed); the standard and Firefox resolve it to the same URL. */
  if (has_loc && loc.len == 0 && f->b == CORSIM_BROWSER_CHROMIUM) {
    CORSIM_TRACE(f, "Chromium redirect handling (observed)",
                  "an empty Location is not a redirect: the %d is the "
                  "response",
                  r->status);
    has_loc = false;
  }
  if (has_loc) {
    if (f->api == CORSIM_API_FETCH && f->redirect == CORSIM_REDIRECT_ERROR) {
      CORSIM_TRACE(f, "Fetch #http-fetch step 8 (redirect mode error)",
                    "redirect mode error refuses the %d", r->status);
      fail_final(f, CORSIM_REASON_RedirectModeError, CORSIM_LIT(""), loc);
      return;
    }
    if (f->api == CORSIM_API_FETCH && f->redirect == CORSIM_REDIRECT_MANUAL) {
      CORSIM_TRACE(f, "Fetch #http-fetch step 8 (redirect mode manual)",
                    "redirect mode manual: an opaque-redirect response");
      if (!f->failed) {
        f->rtype = CORSIM_RESPONSE_OPAQUEREDIRECT;
        f->status = 0;
      }
      f->st = CORSIM_ST_DONE;
      return;
    }
    follow_redirect(f, r->status, loc);
    return;
  }
  f->st = CORSIM_ST_DONE;
  if (f->failed)
    return;
  switch (f->tainting) {
  case CORSIM_TAINT_CORS:
    f->rtype = CORSIM_RESPONSE_CORS;
    f->status = r->status;
    break;
  case CORSIM_TAINT_OPAQUE:
    f->rtype = CORSIM_RESPONSE_OPAQUE;
    f->status = 0;
    CORSIM_TRACE(f, "Fetch #concept-filtered-response-opaque",
                  "the script sees an opaque response: status 0, no headers");
    break;
  case CORSIM_TAINT_BASIC:
    f->rtype = CORSIM_RESPONSE_BASIC;
    f->status = r->status;
    break;
  }
  compute_exposed(f, r);
}

/* ---- public API ------------------------------------------------------- */

int corsim_fetch_new(struct corsim_ctx *ctx, const struct corsim_request *req,
                     struct corsim_fetch **out) {
  *out = NULL;
  if (ctx == NULL || req == NULL || (unsigned)req->api > CORSIM_API_XHR ||
      (unsigned)req->mode > CORSIM_MODE_SAME_ORIGIN ||
      (unsigned)req->credentials > CORSIM_CREDENTIALS_INCLUDE ||
      (unsigned)req->redirect > CORSIM_REDIRECT_MANUAL ||
      (unsigned)req->body > CORSIM_BODY_BYTES)
    return CORSIM_EINVAL;
  struct corsim_fetch *f = ctx->spare;
  if (f != NULL)
    ctx->spare = NULL;
  else if ((f = malloc(sizeof(*f))) == NULL)
    return CORSIM_ENOMEM;
  memset(f, 0, offsetof(struct corsim_fetch, wire));
  corsim__arena_init(&f->arena, f->inline_buf, sizeof(f->inline_buf));
  f->ctx = ctx;
  f->serial = ++ctx->fetches;
  f->p = ctx->profile;
  f->b = ctx->browser;
  f->api = req->api;
  f->mode = req->api == CORSIM_API_XHR ? CORSIM_MODE_CORS : req->mode;
  f->redirect = req->api == CORSIM_API_XHR ? CORSIM_REDIRECT_FOLLOW
                                           : req->redirect;
  f->include = req->credentials == CORSIM_CREDENTIALS_INCLUDE;
  f->same_origin_creds = !f->include &&
                         (req->api == CORSIM_API_XHR ||
                          req->credentials == CORSIM_CREDENTIALS_SAME_ORIGIN);
  f->at = req->at;
  f->input_url = corsim__arena_dup(&f->arena, req->url);
  f->rtype = CORSIM_RESPONSE_ERROR;
  f->st = CORSIM_ST_HOP;
  CORSIM_TRACE(f, "corsim", "%s %s %.*s from origin %.*s (%s)",
                f->p->name, req->api == CORSIM_API_XHR ? "XMLHttpRequest" : "fetch",
                (int)req->url.len, req->url.ptr ? req->url.ptr : "",
                (int)ctx->origin.len, ctx->origin.ptr,
                f->include ? "credentials include" : "credentials not included");
  if (!corsim__script_steps(f, req)) {
    f->st = CORSIM_ST_DONE;
  } else {
    /* Only WebKit goes back to the first request's headers. */
    if (f->p->redirect_replays_first_headers ||
        f->p->preflight_lists_first_headers) {
      f->nfirst = f->nheaders;
      f->first_headers = corsim__arena_alloc(
          &f->arena, (f->nheaders + 1) * sizeof(*f->first_headers));
      if (f->first_headers == NULL)
        f->nfirst = 0;
      else if (f->nheaders > 0)
        memcpy(f->first_headers, f->headers,
               f->nheaders * sizeof(*f->headers));
    }
    f->conditional = (f->p->conditional_skips_preflight_cache ||
                      f->p->conditional_fetch_skips_preflight_cache) &&
                     has_conditional_header(f);
    f->first_url = arena_wire_url(f, &f->url);
    f->first_fragment = f->url.fragment;
    f->cur_fragment = f->url.fragment;
    f->cur_url = f->first_url;
    f->started_same_origin = page_same_origin(f, &f->url);
    start_hop(f);
  }
  if (f->st == CORSIM_ST_DONE)
    finish(f);
  *out = f;
  return 0;
}

bool corsim_fetch_next(struct corsim_fetch *f, struct corsim_wire_request *out) {
  if (f->st == CORSIM_ST_DONE || !f->have_pending)
    return false;
  f->awaiting = true;
  *out = f->pending;
  return true;
}

int corsim_fetch_feed(struct corsim_fetch *f,
                      const struct corsim_wire_response *resp) {
  if (f->st == CORSIM_ST_DONE || !f->have_pending || !f->awaiting)
    return CORSIM_ESTATE;
  f->have_pending = false;
  f->awaiting = false;
  if (resp == NULL) {
    if (f->pending.hypothetical) {
      CORSIM_TRACE(f, "corsim", "no answer for the hypothetical request: "
                                 "the analysis stops here");
      f->st = CORSIM_ST_DONE;
    } else {
      CORSIM_TRACE(f, "Fetch #concept-network-error",
                    "the request got no answer (transport failure)");
      fail_final(f, CORSIM_REASON_NetworkError, CORSIM_LIT("transport"),
                 CORSIM_LIT(""));
    }
  } else {
    record_status(f, resp->status);
    corsim__resp_index(f, resp->headers, resp->nheaders);
    if (f->pending_preflight)
      on_preflight(f, resp);
    else
      on_actual(f, resp);
  }
  if (f->st == CORSIM_ST_DONE)
    finish(f);
  return 0;
}

static void finish(struct corsim_fetch *f) {
  raise_deferred(f);
  f->hypo = false;
  /* Fetch #main-fetch step 12 (CORS with preflight): a network error clears
   * the request's cache entries. Chromium and WebKit erase on lookup
   * instead; Firefox clears on failed checks (on_actual). */
  if (f->failed && f->preflight_allowed && f->b == CORSIM_BROWSER_SPEC)
    corsim__cache_clear(&f->ctx->cache, f->tainted ? CORSIM_LIT("null")
                                                   : f->ctx->origin,
                        f->cur_url);
  if (f->failed) {
    f->rtype = CORSIM_RESPONSE_ERROR;
    f->status = 0;
    f->nexposed = 0;
    f->message = corsim__message(f, &f->first);
    f->fix = corsim__fix(f, &f->first);
    CORSIM_TRACE(f, "verdict", "blocked: %s",
                  corsim_reason_name(f->first.reason));
  } else {
    if (f->api == CORSIM_API_XHR)
      f->rtype = f->any_cross_origin ? CORSIM_RESPONSE_CORS
                                     : CORSIM_RESPONSE_BASIC;
    CORSIM_TRACE(f, "verdict", "the script sees a %s response, status %d",
                  corsim_response_type_name(f->rtype), f->status);
  }
  corsim__explain_final(f);
}

int corsim_fetch_result(const struct corsim_fetch *f,
                        struct corsim_result *out) {
  if (f->st != CORSIM_ST_DONE)
    return CORSIM_ESTATE;
  memset(out, 0, sizeof(*out));
  out->browser = f->b;
  out->response_type = f->rtype;
  out->blocked = f->rtype == CORSIM_RESPONSE_ERROR;
  out->status = f->status;
  out->error = f->failed ? f->first.reason : CORSIM_REASON_NONE;
  if (f->failed) {
    out->message = f->message;
    out->fix = f->fix;
  }
  out->preflight = f->preflight;
  out->wire = f->wire;
  out->nwire = f->nwire;
  out->exposed_headers = f->exposed;
  out->nexposed_headers = f->nexposed;
  out->also = f->also;
  out->nalso = f->nalso;
  out->notes = f->notes;
  out->nnotes = f->nnotes;
  out->trace = f->trace;
  out->ntrace = f->ntrace;
  return 0;
}

void corsim_fetch_free(struct corsim_fetch *f) {
  if (f == NULL)
    return;
  corsim__arena_free(&f->arena);
  if (f->ctx->spare == NULL)
    f->ctx->spare = f;
  else
    free(f);
}
