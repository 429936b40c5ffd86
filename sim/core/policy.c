/*
 * policy.c - the Fetch standard's method and header tables
 * (https://fetch.spec.whatwg.org/#methods, #terminology-headers) and the
 * places where each browser ships something else. Sources per rule are in
 * the comments; where the sheets from source reading and the observed
 * browsers (observed-browsers.md) disagree, the observation wins.
 */
#include "policy.h"
#include "mime.h"

#include <stdint.h>
#include <string.h>

/*
 * One pass over a request header name tells every table it is in: the
 * forbidden names, the safelisted ones and Chromium's extras are looked
 * up on every header of every request, so the name is matched once, by
 * length first, instead of once per table entry.
 */
enum {
  RN_FORBIDDEN = 1u << 0,          /* #forbidden-request-header names */
  RN_FORBIDDEN_CHROMIUM = 1u << 1, /* kForbiddenHeaderFields extras */
  RN_OVERRIDE = 1u << 2,           /* X-HTTP-Method(-Override) etc. */
  RN_ACCEPT = 1u << 3,
  RN_LANGUAGE = 1u << 4, /* accept-language, content-language */
  RN_CONTENT_TYPE = 1u << 5,
  RN_RANGE = 1u << 6,
  RN_NO_CORS = 1u << 7, /* #no-cors-safelisted-request-header-name */
  RN_CX_ANY = 1u << 8,  /* Chromium extras, any value */
  RN_CX_DOUBLE = 1u << 9,
  RN_CX_INT = 1u << 10,
  RN_CX_ECT = 1u << 11,
  RN_CX_SAVE_DATA = 1u << 12,
  RN_BODY = 1u << 13, /* #request-body-header-name */
};

/* The first byte is compared folded (| 0x20) before the whole name: a
 * cheap filter, since every literal starts with a lower-case letter. */
#define RN(lit, flags)                                                         \
  do {                                                                         \
    if ((p[0] | 0x20) == (lit)[0] &&                                           \
        corsim__mem_ieq_lower(p, lit, sizeof(lit) - 1))                        \
      return (flags);                                                          \
  } while (0)

unsigned corsim__request_name_flags(struct corsim_str name) {
  const char *p = name.ptr;
  switch (name.len) {
  case 2:
    RN("te", RN_FORBIDDEN);
    break;
  case 3:
    RN("dnt", RN_FORBIDDEN);
    RN("via", RN_FORBIDDEN);
    RN("dpr", RN_CX_DOUBLE);
    RN("rtt", RN_CX_INT);
    RN("ect", RN_CX_ECT);
    break;
  case 4:
    RN("date", RN_FORBIDDEN);
    RN("host", RN_FORBIDDEN);
    break;
  case 5:
    RN("range", RN_RANGE);
    RN("width", RN_CX_INT);
    break;
  case 6:
    RN("accept", RN_ACCEPT | RN_NO_CORS);
    RN("cookie", RN_FORBIDDEN);
    RN("expect", RN_FORBIDDEN);
    RN("origin", RN_FORBIDDEN);
    break;
  case 7:
    RN("cookie2", RN_FORBIDDEN);
    RN("referer", RN_FORBIDDEN);
    RN("trailer", RN_FORBIDDEN);
    RN("upgrade", RN_FORBIDDEN);
    break;
  case 8:
    RN("downlink", RN_CX_DOUBLE);
    break;
  case 9:
    RN("save-data", RN_CX_SAVE_DATA);
    RN("sec-ch-ua", RN_CX_ANY);
    break;
  case 10:
    RN("connection", RN_FORBIDDEN);
    RN("keep-alive", RN_FORBIDDEN);
    RN("set-cookie", RN_FORBIDDEN);
    RN("user-agent", RN_FORBIDDEN_CHROMIUM);
    RN("sec-ch-dpr", RN_CX_ANY);
    break;
  case 12:
    RN("content-type", RN_CONTENT_TYPE | RN_NO_CORS | RN_BODY);
    RN("intervention", RN_CX_ANY);
    RN("sec-ch-width", RN_CX_ANY);
    break;
  case 13:
    RN("x-http-method", RN_OVERRIDE);
    RN("device-memory", RN_CX_DOUBLE);
    break;
  case 14:
    RN("accept-charset", RN_FORBIDDEN);
    RN("content-length", RN_FORBIDDEN);
    RN("viewport-width", RN_CX_INT);
    RN("sec-ch-ua-arch", RN_CX_ANY);
    break;
  case 15:
    RN("accept-encoding", RN_FORBIDDEN);
    RN("accept-language", RN_LANGUAGE | RN_NO_CORS);
    RN("sec-ch-ua-model", RN_CX_ANY);
    RN("sec-ch-ua-wow64", RN_CX_ANY);
    break;
  case 16:
    RN("content-language", RN_LANGUAGE | RN_NO_CORS | RN_BODY);
    RN("content-encoding", RN_BODY);
    RN("content-location", RN_BODY);
    RN("sec-ch-ua-mobile", RN_CX_ANY);
    break;
  case 17:
    RN("transfer-encoding", RN_FORBIDDEN);
    RN("x-method-override", RN_OVERRIDE);
    RN("sec-ch-ua-bitness", RN_CX_ANY);
    break;
  case 18:
    RN("sec-ch-ua-platform", RN_CX_ANY);
    break;
  case 20:
    RN("sec-ch-device-memory", RN_CX_ANY);
    break;
  case 21:
    RN("sec-ch-viewport-width", RN_CX_ANY);
    break;
  case 22:
    RN("x-http-method-override", RN_OVERRIDE);
    RN("sec-ch-viewport-height", RN_CX_ANY);
    RN("sec-ch-ua-form-factors", RN_CX_ANY);
    RN("sec-ch-ua-full-version", RN_CX_ANY);
    break;
  case 26:
    RN("sec-ch-ua-platform-version", RN_CX_ANY);
    break;
  case 27:
    RN("sec-ch-ua-full-version-list", RN_CX_ANY);
    RN("sec-ch-prefers-color-scheme", RN_CX_ANY);
    break;
  case 29:
    RN("access-control-request-method", RN_FORBIDDEN);
    RN("sec-ch-prefers-reduced-motion", RN_CX_ANY);
    break;
  case 30:
    RN("access-control-request-headers", RN_FORBIDDEN);
    break;
  case 35:
    RN("sec-ch-prefers-reduced-transparency", RN_CX_ANY);
    break;
  case 38:
    RN("access-control-request-private-network", RN_FORBIDDEN_CHROMIUM);
    break;
  default:
    break;
  }
  return 0;
}
#undef RN

/* ---- methods (#methods) ---- */

bool corsim__method_forbidden(struct corsim_str m) {
  switch (m.len) {
  case 5:
    return corsim__mem_ieq_lower(m.ptr, "trace", 5) ||
           corsim__mem_ieq_lower(m.ptr, "track", 5);
  case 7:
    return corsim__mem_ieq_lower(m.ptr, "connect", 7);
  default:
    return false;
  }
}

/*
 * Byte-exact on purpose: "get" is not safelisted. fetch() and XHR
 * normalise first, so only methods outside the normalise list (e.g.
 * "patch") can reach this in lower case. Chromium upper-cases inside
 * IsCorsSafelistedMethod, but after normalisation no GET/HEAD/POST
 * spelling other than the upper-case one is left, so the results agree.
 */
bool corsim__method_safelisted(struct corsim_str m) {
  return corsim__str_eq(m, CORSIM_LIT("GET")) ||
         corsim__str_eq(m, CORSIM_LIT("HEAD")) ||
         corsim__str_eq(m, CORSIM_LIT("POST"));
}

/* The first n (<= 4) bytes of p with 0x20 set, as one word: for the
 * letters-only literals below that is a case-insensitive compare. */
static uint32_t fold4(const char *p, size_t n) {
  uint32_t w = 0;
  for (size_t i = 0; i < n; i++)
    w |= (uint32_t)(unsigned char)(p[i] | 0x20) << (8 * i);
  return w;
}
#define W3(a, b, c) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16)
#define W4(a, b, c, d) (W3(a, b, c) | (uint32_t)(d) << 24)

struct corsim_str corsim__method_normalize(struct corsim_str m) {
  const char *up = NULL;
  switch (m.len) {
  case 3: {
    uint32_t w = fold4(m.ptr, 3);
    up = w == W3('g', 'e', 't') ? "GET" : w == W3('p', 'u', 't') ? "PUT" : NULL;
    break;
  }
  case 4: {
    uint32_t w = fold4(m.ptr, 4);
    up = w == W4('h', 'e', 'a', 'd')   ? "HEAD"
         : w == W4('p', 'o', 's', 't') ? "POST"
                                       : NULL;
    break;
  }
  case 6:
    up = corsim__str_ieq_c(m, "delete") ? "DELETE" : NULL;
    break;
  case 7:
    up = corsim__str_ieq_c(m, "options") ? "OPTIONS" : NULL;
    break;
  default:
    break;
  }
  return up != NULL ? (struct corsim_str){up, m.len} : m;
}

/* ---- header values (#header-value, #concept-header-value-normalize) ---- */

bool corsim__header_value_valid(struct corsim_str v) {
  if (v.len == 0)
    return true;
  if (v.ptr[0] == ' ' || v.ptr[0] == '\t' || v.ptr[v.len - 1] == ' ' ||
      v.ptr[v.len - 1] == '\t')
    return false;
  /* Sixteen bytes at a time where SSE2 is there (a User-Agent is a
   * hundred), then a word at a time; the last word overlaps the one
   * before, and a short value is one word of its own bytes. */
  size_t i = 0;
#ifdef CORSIM_SSE2
  for (; i + 16 <= v.len; i += 16)
    if (corsim__nul_cr_lf_mask16(v.ptr + i) != 0)
      return false;
#endif
  for (; i + 8 < v.len; i += 8)
    if (corsim__word_has_nul_cr_lf(corsim__load8(v.ptr + i)))
      return false;
  return !corsim__word_has_nul_cr_lf(
      v.len >= 8 ? corsim__load8(v.ptr + v.len - 8)
                 : corsim__word_of(v.ptr, v.len));
}

struct corsim_str corsim__header_value_normalize(struct corsim_str v) {
  return corsim__str_trim_http_ws(v);
}

/* ---- forbidden request headers (#forbidden-request-header) ---- */

/*
 * #forbidden-request-header step 3 splits the value with "get, decode,
 * and split", which does not split inside a "quoted string". Chromium
 * (net::HttpUtil::IsSafeHeader) and Firefox (ContainsForbiddenMethod)
 * split on every ',' and trim whitespace, without quote handling. WebKit
 * is taken to follow the standard (its splitter was not read).
 */
static bool piece_forbidden(struct corsim_str v, size_t b, size_t e) {
  struct corsim_str piece = {v.ptr + b, e - b};
  return corsim__method_forbidden(corsim__str_trim_ows(piece));
}

static bool override_value_forbidden(struct corsim_str v, bool quotes) {
  size_t start = 0;
  bool in_quote = false;
  if (v.len == 0)
    return false;
  for (size_t i = 0; i < v.len; i++) {
    char c = v.ptr[i];
    if (in_quote) {
      if (c == '\\' && i + 1 < v.len)
        i++; /* a quoted-pair: the next byte cannot end the string */
      else if (c == '"')
        in_quote = false;
      continue;
    }
    if (quotes && c == '"') {
      in_quote = true;
    } else if (c == ',') {
      if (piece_forbidden(v, start, i))
        return true;
      start = i + 1;
    }
  }
  return piece_forbidden(v, start, v.len);
}

bool corsim__header_forbidden(struct corsim_str name, struct corsim_str value,
                              enum corsim_browser b) {
  return corsim__header_forbidden_fl(corsim__request_name_flags(name), name,
                                     value, b);
}

bool corsim__header_forbidden_fl(unsigned fl, struct corsim_str name,
                                 struct corsim_str value,
                                 enum corsim_browser b) {
  /*
   * The 21 names of the standard (RN_FORBIDDEN) are also Gecko's
   * IsForbiddenSystemRequestHeader and WebKit's isForbiddenHeaderName.
   * Chromium's kForbiddenHeaderFields (net/http/http_util.cc) still has
   * User-Agent (crbug.com/571722) and the Private Network Access request
   * header. Firefox and WebKit were observed to send a script-set
   * User-Agent, as the current standard allows.
   */
  if (fl & RN_FORBIDDEN)
    return true;
  if ((fl & RN_FORBIDDEN_CHROMIUM) && b == CORSIM_BROWSER_CHROMIUM)
    return true;
  /* (mem_ieq with a literal length: inline words, no strlen.) */
  if ((name.len >= 4 && corsim__mem_ieq(name.ptr, "sec-", 4)) ||
      (name.len >= 6 && corsim__mem_ieq(name.ptr, "proxy-", 6)))
    return true;
  if (fl & RN_OVERRIDE) {
    bool quotes = b == CORSIM_BROWSER_SPEC || b == CORSIM_BROWSER_WEBKIT;
    return override_value_forbidden(corsim__str_trim_http_ws(value), quotes);
  }
  return false;
}

/* ---- CORS-safelisted request headers (#cors-safelisted-request-header) -- */

/*
 * #cors-unsafe-request-header-byte: < 0x20 except tab, one of
 * "():<>?@[\]{}, or 0x7F. Bytes >= 0x80 are not unsafe.
 */
bool corsim__byte_cors_unsafe(unsigned char c) {
  if (c < 0x20)
    return c != '\t';
  switch (c) {
  case '"':
  case '(':
  case ')':
  case ':':
  case '<':
  case '>':
  case '?':
  case '@':
  case '[':
  case '\\':
  case ']':
  case '{':
  case '}':
  case 0x7F:
    return true;
  default:
    return false;
  }
}

/*
 * Gecko's IsCorsUnsafeRequestHeaderValue compares plain char, which is
 * signed on the platforms Firefox ships most: bytes >= 0x80 test as
 * "< ' '" and are unsafe. Observed: Firefox preflights Accept: été
 * (E9 74 E9), Chromium and WebKit do not.
 */
static bool has_unsafe_byte(struct corsim_str v, enum corsim_browser b) {
  for (size_t i = 0; i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if (corsim__byte_cors_unsafe(c))
      return true;
    if (b == CORSIM_BROWSER_FIREFOX && c >= 0x80)
      return true;
  }
  return false;
}

/*
 * accept-language / content-language: 0-9 A-Z a-z space * , - . ; =
 * (same set in all three browsers; tab, '_', '/' and non-ASCII fail).
 */
static bool language_value_ok(struct corsim_str v) {
  for (size_t i = 0; i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z'))
      continue;
    if (c == ' ' || c == '*' || c == ',' || c == '-' || c == '.' || c == ';' ||
        c == '=')
      continue;
    return false;
  }
  return true;
}

/*
 * A value made of token bytes and '/' only is parsed alike by the three
 * browsers and the standard: no whitespace, parameters, quotes or commas
 * for them to disagree on, and no unsafe byte. Its essence is the value
 * itself, lower-cased, so it is safelisted exactly when it equals one of
 * the three types. Returns -1 when the value needs the full parsers.
 */
static int content_type_plain(struct corsim_str v) {
  size_t i = corsim__tchar_span(v.ptr, 0, v.len);
  while (i < v.len && v.ptr[i] == '/')
    i = corsim__tchar_span(v.ptr, i + 1, v.len);
  if (i < v.len)
    return -1;
  switch (v.len) {
  case 10:
    return corsim__mem_ieq_lower(v.ptr, "text/plain", 10);
  case 19:
    return corsim__mem_ieq_lower(v.ptr, "multipart/form-data", 19);
  case 33:
    return corsim__mem_ieq_lower(v.ptr, "application/x-www-form-urlencoded",
                                 33);
  default:
    return 0;
  }
}

bool corsim__content_type_safelisted(struct corsim_str value,
                                     enum corsim_browser b) {
  int plain = content_type_plain(value);
  if (plain >= 0)
    return plain == 1;
  char ess[40];
  if (has_unsafe_byte(value, b))
    return false;
  long n = corsim__mime_essence(value, b, ess, sizeof(ess));
  if (n < 0)
    return false;
  struct corsim_str e = {ess, (size_t)n};
  return corsim__str_eq(e, CORSIM_LIT("application/x-www-form-urlencoded")) ||
         corsim__str_eq(e, CORSIM_LIT("multipart/form-data")) ||
         corsim__str_eq(e, CORSIM_LIT("text/plain"));
}

/*
 * Collects ASCII digits from *pos as a decimal number. The standard puts
 * no limit on the number; the browsers parse into 64-bit integers
 * (Gecko's Tokenizer, Chromium's StringToInt64, WebKit's
 * parseInteger<long long>) and fail on overflow, so they do here unless
 * b is SPEC. For SPEC the digits are compared as strings instead.
 */
struct range_num {
  bool present;
  const char *digits; /* without leading zeros */
  size_t ndigits;
};

static bool range_digits(struct corsim_str v, size_t *pos,
                         enum corsim_browser b, struct range_num *out) {
  size_t s = *pos;
  uint64_t acc = 0;
  bool overflow = false;
  while (*pos < v.len && v.ptr[*pos] >= '0' && v.ptr[*pos] <= '9') {
    unsigned d = (unsigned)(v.ptr[*pos] - '0');
    if (acc > (UINT64_C(0x7fffffffffffffff) - d) / 10)
      overflow = true;
    else
      acc = acc * 10 + d;
    (*pos)++;
  }
  out->present = *pos > s;
  size_t z = s;
  while (z + 1 < *pos && v.ptr[z] == '0')
    z++;
  out->digits = v.ptr + z;
  out->ndigits = *pos - z;
  return !(overflow && b != CORSIM_BROWSER_SPEC);
}

static bool range_gt(const struct range_num *a, const struct range_num *b) {
  if (a->ndigits != b->ndigits)
    return a->ndigits > b->ndigits;
  return memcmp(a->digits, b->digits, a->ndigits) > 0;
}

/*
 * #simple-range-header-value: "parse a single range header value" with
 * allowWhitespace false, and the start must be present. The standard's
 * "starts with bytes" is case-sensitive and so are Chromium and Firefox
 * (observed: both preflight "Bytes=0-1"); WebKit's parseRange compares
 * the unit case-insensitively (observed: no preflight).
 */
static bool range_value_ok(struct corsim_str v, enum corsim_browser b) {
  static const char unit[] = "bytes=";
  size_t ulen = sizeof(unit) - 1;
  if (v.len < ulen)
    return false;
  struct corsim_str head = {v.ptr, ulen};
  if (b == CORSIM_BROWSER_WEBKIT ? !corsim__str_ieq_c(head, unit)
                                 : memcmp(v.ptr, unit, ulen) != 0)
    return false;
  size_t pos = ulen;
  struct range_num start;
  struct range_num end;
  if (!range_digits(v, &pos, b, &start))
    return false;
  if (pos >= v.len || v.ptr[pos] != '-')
    return false;
  pos++;
  if (!range_digits(v, &pos, b, &end))
    return false;
  if (pos != v.len)
    return false;
  if (!start.present)
    return false; /* suffix ranges ("bytes=-5") are not simple */
  if (end.present && range_gt(&start, &end))
    return false;
  return true;
}

static bool all_digits(struct corsim_str v, size_t b, size_t e) {
  if (e <= b)
    return false;
  for (size_t i = b; i < e; i++) {
    if (v.ptr[i] < '0' || v.ptr[i] > '9')
      return false;
  }
  return true;
}

/* 1*DIGIT [ "." 1*DIGIT ] (Chromium's IsSimilarToDoubleABNF). */
static bool chromium_double(struct corsim_str v) {
  size_t dot = 0;
  while (dot < v.len && v.ptr[dot] != '.')
    dot++;
  if (dot == v.len)
    return all_digits(v, 0, v.len);
  return all_digits(v, 0, dot) && all_digits(v, dot + 1, v.len);
}

/*
 * Chromium's IsCorsSafelistedHeader knows names the standard does not:
 * "intervention" and client hints, with the value rules of
 * services/network/public/cpp/cors/cors.cc. Observed: Chromium sends no
 * preflight for DPR/Width/... while Firefox and WebKit do.
 */
static bool chromium_extra_ok(unsigned fl, struct corsim_str v) {
  /* kWebEffectiveConnectionTypeMapping, compared case-sensitively. */
  static const struct corsim_str ect[] = {
      {"slow-2g", 7}, {"2g", 2}, {"3g", 2}, {"4g", 2}};

  if (fl & RN_CX_ANY)
    return true;
  if (fl & RN_CX_DOUBLE)
    return chromium_double(v);
  if (fl & RN_CX_INT)
    return all_digits(v, 0, v.len);
  if (fl & RN_CX_ECT) {
    for (size_t i = 0; i < sizeof(ect) / sizeof(ect[0]); i++) {
      if (corsim__str_eq(v, ect[i]))
        return true;
    }
    return false;
  }
  if (fl & RN_CX_SAVE_DATA)
    return corsim__str_ieq_c(v, "on");
  return false;
}

static bool safelisted_flags(unsigned fl, struct corsim_str value,
                             enum corsim_browser b) {
  /* Step 1 of the standard and the first test in all three browsers. */
  if (value.len > 128)
    return false;
  if (fl & RN_ACCEPT)
    return !has_unsafe_byte(value, b);
  if (fl & RN_LANGUAGE)
    return language_value_ok(value);
  if (fl & RN_CONTENT_TYPE)
    return corsim__content_type_safelisted(value, b);
  if (fl & RN_RANGE)
    return range_value_ok(value, b);
  if (b == CORSIM_BROWSER_CHROMIUM)
    return chromium_extra_ok(fl, value);
  return false;
}

bool corsim__header_safelisted(struct corsim_str name, struct corsim_str value,
                               enum corsim_browser b) {
  return corsim__header_safelisted_fl(corsim__request_name_flags(name), value,
                                      b);
}

bool corsim__header_safelisted_fl(unsigned fl, struct corsim_str value,
                                  enum corsim_browser b) {
  return fl != 0 && safelisted_flags(fl, value, b);
}

bool corsim__header_no_cors_safelisted(struct corsim_str name,
                                       struct corsim_str value,
                                       enum corsim_browser b) {
  unsigned fl = corsim__request_name_flags(name);
  return (fl & RN_NO_CORS) && safelisted_flags(fl, value, b);
}

bool corsim__header_non_wildcard(struct corsim_str name) {
  return corsim__str_ieq_c(name, "authorization");
}

/* ---- response headers (#cors-safelisted-response-header-name) ---- */

bool corsim__response_header_safelisted(struct corsim_str name,
                                        enum corsim_browser b) {
  /* WebKit's isCrossOriginSafeHeader lists Accept too (spec-firefox-webkit.md
   * 3.8), but WebKitGTK 2.50 did not expose it (observed,
   * tests/browser/webkit-2.50). */
  (void)b;
  const char *p = name.ptr;
  switch (name.len) {
  case 6:
    return corsim__mem_ieq_lower(p, "pragma", 6);
  case 7:
    return corsim__mem_ieq_lower(p, "expires", 7);
  case 12:
    return corsim__mem_ieq_lower(p, "content-type", 12);
  case 13:
    return corsim__mem_ieq_lower(p, "cache-control", 13) ||
           corsim__mem_ieq_lower(p, "last-modified", 13);
  case 14:
    return corsim__mem_ieq_lower(p, "content-length", 14);
  case 16:
    return corsim__mem_ieq_lower(p, "content-language", 16);
  default:
    return false;
  }
}

bool corsim__response_header_forbidden(struct corsim_str name) {
  return (name.len == 10 || name.len == 11) &&
         corsim__mem_ieq_lower(name.ptr, "set-cookie", 10) &&
         (name.len == 10 || name.ptr[10] == '2');
}

/* #request-body-header-name: dropped when a redirect turns POST into GET. */
bool corsim__request_body_header(struct corsim_str name) {
  return (corsim__request_name_flags(name) & RN_BODY) != 0;
}

bool corsim__webkit_common_header(struct corsim_str name,
                                  struct corsim_str *canonical) {
  static const struct corsim_str common[] = {
      CORSIM_S("Accept"),
      CORSIM_S("Accept-Charset"),
      CORSIM_S("Accept-Encoding"),
      CORSIM_S("Accept-Language"),
      CORSIM_S("Accept-Ranges"),
      CORSIM_S("Access-Control-Allow-Credentials"),
      CORSIM_S("Access-Control-Allow-Headers"),
      CORSIM_S("Access-Control-Allow-Methods"),
      CORSIM_S("Access-Control-Allow-Origin"),
      CORSIM_S("Access-Control-Expose-Headers"),
      CORSIM_S("Access-Control-Max-Age"),
      CORSIM_S("Access-Control-Request-Headers"),
      CORSIM_S("Access-Control-Request-Method"),
      CORSIM_S("Age"),
      CORSIM_S("Authorization"),
      CORSIM_S("Cache-Control"),
      CORSIM_S("Connection"),
      CORSIM_S("Content-Disposition"),
      CORSIM_S("Content-Encoding"),
      CORSIM_S("Content-Language"),
      CORSIM_S("Content-Length"),
      CORSIM_S("Content-Location"),
      CORSIM_S("Content-Range"),
      CORSIM_S("Content-Security-Policy"),
      CORSIM_S("Content-Security-Policy-Report-Only"),
      CORSIM_S("Content-Type"),
      CORSIM_S("Cookie"),
      CORSIM_S("Cookie2"),
      CORSIM_S("Cross-Origin-Embedder-Policy"),
      CORSIM_S("Cross-Origin-Embedder-Policy-Report-Only"),
      CORSIM_S("Cross-Origin-Opener-Policy"),
      CORSIM_S("Cross-Origin-Opener-Policy-Report-Only"),
      CORSIM_S("Cross-Origin-Resource-Policy"),
      CORSIM_S("DNT"),
      CORSIM_S("Date"),
      CORSIM_S("Default-Style"),
      CORSIM_S("ETag"),
      CORSIM_S("Expect"),
      CORSIM_S("Expires"),
      CORSIM_S("Host"),
      CORSIM_S("Icy-MetaInt"),
      CORSIM_S("Icy-Metadata"),
      CORSIM_S("If-Match"),
      CORSIM_S("If-Modified-Since"),
      CORSIM_S("If-None-Match"),
      CORSIM_S("If-Range"),
      CORSIM_S("If-Unmodified-Since"),
      CORSIM_S("Keep-Alive"),
      CORSIM_S("Last-Event-ID"),
      CORSIM_S("Last-Modified"),
      CORSIM_S("Link"),
      CORSIM_S("Location"),
      CORSIM_S("Origin"),
      CORSIM_S("Ping-From"),
      CORSIM_S("Ping-To"),
      CORSIM_S("Pragma"),
      CORSIM_S("Priority"),
      CORSIM_S("Proxy-Authorization"),
      CORSIM_S("Purpose"),
      CORSIM_S("Range"),
      CORSIM_S("Referer"),
      CORSIM_S("Referrer-Policy"),
      CORSIM_S("Refresh"),
      CORSIM_S("Report-To"),
      CORSIM_S("Reporting-Endpoints"),
      CORSIM_S("Server-Timing"),
      CORSIM_S("Service-Worker"),
      CORSIM_S("Service-Worker-Allowed"),
      CORSIM_S("Service-Worker-Navigation-Preload"),
      CORSIM_S("Set-Cookie"),
      CORSIM_S("Set-Cookie2"),
      CORSIM_S("SourceMap"),
      CORSIM_S("TE"),
      CORSIM_S("Timing-Allow-Origin"),
      CORSIM_S("Trailer"),
      CORSIM_S("Transfer-Encoding"),
      CORSIM_S("Upgrade"),
      CORSIM_S("Upgrade-Insecure-Requests"),
      CORSIM_S("User-Agent"),
      CORSIM_S("Vary"),
      CORSIM_S("Via"),
      CORSIM_S("X-Content-Type-Options"),
      CORSIM_S("X-DNS-Prefetch-Control"),
      CORSIM_S("X-Frame-Options"),
      CORSIM_S("X-SourceMap"),
      CORSIM_S("X-Temp-Tablet"),
      CORSIM_S("X-XSS-Protection")};
  for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
    if (common[i].len == name.len && corsim__str_ieq(common[i], name)) {
      if (canonical != NULL)
        *canonical = common[i];
      return true;
    }
  return false;
}
