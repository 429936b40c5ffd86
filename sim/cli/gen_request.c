/*
 * gen_request.c - sampling the script's requests, see gen_request.h.
 *
 * The tables name what real pages send (the plausible choices) and what
 * probes the edges of the Fetch standard's request checks (the twists):
 * the CORS-safelisted request-header rules (Fetch, "CORS-safelisted
 * request-header": unsafe bytes, 128-byte limit, MIME essence, Range
 * forms), Chromium's extra safelisted client hints, forbidden request
 * headers and methods, header name and value validity, and the body's
 * implicit Content-Type. Header values are valid UTF-8 by construction:
 * bytes from 0x80 up appear only as whole UTF-8 characters.
 */
#include "gen_request.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool iprefix(const char *s, const char *prefix) {
  for (; *prefix != '\0'; s++, prefix++) {
    char x = *s, y = *prefix;
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

/* ---- twists ------------------------------------------------------------ */

unsigned gen_request_twists(struct gen_rng *rng, int n) {
  static const unsigned bits[] = {GEN_RT_METHOD,         GEN_RT_SAFELISTED_BAD,
                                  GEN_RT_SAFELISTED_ODD, GEN_RT_CLIENT_HINT,
                                  GEN_RT_FORBIDDEN,      GEN_RT_DUPLICATE,
                                  GEN_RT_INVALID,        GEN_RT_NAME_CASE,
                                  GEN_RT_MANY,           GEN_RT_EMPTY,
                                  GEN_RT_NON_ASCII,      GEN_RT_BODY,
                                  GEN_RT_MODE,           GEN_RT_URL};
  unsigned weights[] = {18, 22, 10, 10, 10, 8, 3, 4, 3, 4, 3, 8, 12, 5};
  unsigned mask = 0;
  int k;

  for (k = 0; k < n; k++) {
    size_t i = gen_rng_weighted(rng, weights, N(weights));
    mask |= bits[i];
    weights[i] = 0; /* distinct */
  }
  return mask;
}

/* ---- methods ----------------------------------------------------------- */

static const struct gen_choice plausible_methods[] = {
    {"GET", 40},  {"POST", 25}, {"PUT", 12},   {"DELETE", 8},
    {"PATCH", 8}, {"HEAD", 5},  {"OPTIONS", 2}};

/* Methods the standard normalises (case-insensitively DELETE, GET, HEAD,
 * OPTIONS, POST, PUT) and one it does not (patch), custom tokens, the
 * forbidden CONNECT, TRACE and TRACK, and strings that are no token. */
static const struct gen_choice twisted_methods[] = {
    {"patch", 6},    {"delete", 4},     {"put", 4},      {"Put", 2},
    {"post", 3},     {"get", 3},        {"head", 2},     {"Patch", 2},
    {"pAtCh", 1},    {"options", 1},    {"Delete", 1},   {"FOO", 4},
    {"x-custom", 2}, {"M-SEARCH", 1},   {"PROPFIND", 2}, {"QUERY", 1},
    {"LINK", 1},     {"foo", 1},        {"CONNECT", 2},  {"TRACE", 2},
    {"TRACK", 2},    {"connect", 1},    {"trace", 1},    {"Track", 1},
    {"GET ", 1},     {"P(T", 1},        {"", 1},         {"G\xc3\x89T", 1},
    {"PUT\t", 1},    {"BAD/METHOD", 1}, {"a b", 1}};

static bool is_get_or_head(const char *m) {
  return gen_ieq(m, "GET") || gen_ieq(m, "HEAD");
}

/* ---- headers ----------------------------------------------------------- */

struct header_kind {
  const char *name;
  unsigned weight;
  const struct gen_choice *values;
  size_t nvalues;
};

static const struct gen_choice v_accept[] = {
    {"application/json", 10},
    {"*/*", 4},
    {"application/json, text/plain, */*", 4},
    {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 2}};
static const struct gen_choice v_authorization[] = {
    {"Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", 6},
    {"Basic dXNlcjpwYXNz", 2},
    {"Bearer t", 2}};
static const struct gen_choice v_xrw[] = {{"XMLHttpRequest", 1}};
static const struct gen_choice v_token[] = {{"abc", 3},
                                            {"0123456789abcdef", 1}};
static const struct gen_choice v_accept_language[] = {
    {"en-US", 4}, {"en-US,en;q=0.9", 4}, {"de-CH, de;q=0.8, en;q=0.5", 2}};
static const struct gen_choice v_content_language[] = {
    {"en", 2}, {"de-DE", 2}, {"en-GB, fr", 1}};
static const struct gen_choice v_request_id[] = {{"7f3a9c", 1}};
static const struct gen_choice v_api_key[] = {{"k-123", 1}};
static const struct gen_choice v_csrf[] = {{"c5rf-t0ken", 1}};
static const struct gen_choice v_cache_control[] = {{"no-cache", 3},
                                                    {"max-age=0", 1}};
static const struct gen_choice v_range[] = {{"bytes=0-99", 3},
                                            {"bytes=100-", 2}};
static const struct gen_choice v_if_none_match[] = {{"\"abc\"", 1},
                                                    {"W/\"1\"", 1}};
static const struct gen_choice v_pragma[] = {{"no-cache", 1}};
static const struct gen_choice v_client_version[] = {{"1.4.2", 1}};

#define KIND(name, w, v)                                                       \
  { name, w, v, N(v) }
static const struct header_kind plausible_headers[] = {
    KIND("Accept", 15, v_accept),
    KIND("Authorization", 12, v_authorization),
    KIND("X-Requested-With", 8, v_xrw),
    KIND("X-Token", 8, v_token),
    KIND("Accept-Language", 6, v_accept_language),
    KIND("Content-Language", 3, v_content_language),
    KIND("X-Request-Id", 6, v_request_id),
    KIND("X-Api-Key", 4, v_api_key),
    KIND("X-CSRF-Token", 4, v_csrf),
    KIND("Cache-Control", 3, v_cache_control),
    KIND("Range", 3, v_range),
    KIND("If-None-Match", 2, v_if_none_match),
    KIND("Pragma", 1, v_pragma),
    KIND("X-Client-Version", 2, v_client_version)};

/* Values that make a safelisted header not safelisted: CORS-unsafe
 * request-header bytes (" ( ) : < > ? @ [ \ ] { } DEL, controls), a MIME
 * type whose essence is not one of the three, lists, bad Range forms. */
static const struct gen_choice bad_accept[] = {{"a\"b", 2},
                                               {"text/{html}", 2},
                                               {"application/json (x)", 1},
                                               {"text/html:1", 1},
                                               {"<x>", 1},
                                               {"a@b", 1},
                                               {"text\\html", 1},
                                               {"[*/*]", 1},
                                               {"text/html?", 1},
                                               {"a\x01"
                                                "b",
                                                1},
                                               {"a\x7f"
                                                "b",
                                                1}};
static const struct gen_choice bad_language[] = {
    {"de_DE", 2},   {"fr@FR", 2},     {"en(US)", 1}, {"en/US", 1},
    {"en-US:1", 1}, {"en, \"x\"", 1}, {"en\x7f", 1}, {"en{us}", 1}};
static const struct gen_choice bad_content_type[] = {
    {"application/json", 8},
    {"text/html", 3},
    {"text/plain, application/json", 2},
    {"text/plain{", 1},
    {"text/", 1},
    {"*/*", 1},
    {"application/json; text/plain", 1},
    {"text/plain; a=\"b(c)\"", 1},
    {"text/plain;charset=\"utf-8\"", 2},
    {"multipart/form-data; boundary=\"x\"", 1},
    {"text/plain; charset=utf-8; x=[y]", 1},
    {"text/plain\x01", 1},
    {"application/x-www-form-urlencoded, text/plain", 1},
    {"text / plain", 1},
    {"application/csp-report", 1},
    {"x", 1},
    {"text/plain; charset=utf-8, text/html", 1}};
static const struct gen_choice bad_range[] = {
    {"bytes=0-1,3-4", 2},
    {"bytes=-5", 2},
    {"items=0-1", 1},
    {"bytes = 0-1", 1},
    {"bytes=10-2", 1},
    {"bytes=", 1},
    {"bytes=-", 1},
    {"bytes=1-a", 1},
    {"bytes=0-10, 20-30", 1},
    {"Bytes=0-10", 1},
    {"bytes=99999999999999999999-", 1},
    {"bytes=0x1-2", 1}};

/* Valid but odd: case, whitespace, parameters, the exact length limit. */
static const struct gen_choice odd_content_type[] = {
    {"TEXT/PLAIN", 2},
    {"Text/Plain; Charset=UTF-8", 2},
    {"text/plain;", 1},
    {" text/plain", 1},
    {"text/plain ", 1},
    {"\ttext/plain", 1},
    {"text/plain;charset=utf-8;x=y", 1},
    {"multipart/form-data; boundary=----x", 1},
    {"application/x-www-form-urlencoded;charset=UTF-8", 1},
    {"MULTIPART/FORM-DATA", 1},
    {"text/plain;charset=utf-8;charset=latin1", 1}};
static const struct gen_choice odd_accept[] = {
    {"*/*;q=0.8", 1}, {" application/json ", 1}, {"application/json\t", 1}};
static const struct gen_choice odd_language[] = {
    {"*", 1}, {"en-US,en;q=0.9", 1}, {"en;q=1", 1}, {" de ", 1}};
static const struct gen_choice odd_range[] = {{"bytes=0-", 2},
                                              {"bytes=00-010", 1},
                                              {"bytes=0-10 ", 1},
                                              {"bytes=5-5", 1},
                                              {"bytes=0-0", 1}};

/* Chromium's extra safelisted names; each wants a number or a token. */
struct hint {
  const char *name;
  const char *values[5];
};
static const struct hint hints[] = {
    {"DPR", {"2", "1.5", "x", "-1", "2 "}},
    {"Width", {"100", "w", "-5", "1.5", "1e3"}},
    {"Viewport-Width", {"800", "-1", "abc", "800.5", "0"}},
    {"Device-Memory", {"4", "0.25", "lots", "8", "-4"}},
    {"Downlink", {"1.5", "10", "fast", "0", "1,5"}},
    {"RTT", {"50", "slow", "1.5", "0", "-50"}},
    {"ECT", {"4g", "slow-2g", "5g", "fast", "3G"}},
    {"Save-Data", {"on", "off", "yes", "ON", "on;"}}};

static const struct gen_header forbidden_headers[] = {
    {"Accept-Charset", "utf-8"},
    {"Accept-Encoding", "gzip"},
    {"Access-Control-Request-Headers", "x-token"},
    {"Access-Control-Request-Method", "PUT"},
    {"Connection", "close"},
    {"Content-Length", "3"},
    {"Cookie", "a=b"},
    {"Cookie2", "a=b"},
    {"Date", "Tue, 01 Jan 2030 00:00:00 GMT"},
    {"DNT", "1"},
    {"Expect", "100-continue"},
    {"Host", "evil.example"},
    {"Keep-Alive", "timeout=5"},
    {"Origin", "http://evil.example"},
    {"Referer", "http://127.0.0.1:8001/page"},
    {"Set-Cookie", "a=b"},
    {"TE", "trailers"},
    {"Trailer", "Expires"},
    {"Transfer-Encoding", "chunked"},
    {"Upgrade", "websocket"},
    {"Via", "1.1 proxy"},
    {"Sec-Fetch-Mode", "cors"},
    {"Sec-Foo", "1"},
    {"sec-ch-ua", "\"x\""},
    {"Proxy-Authorization", "Basic eA=="},
    {"Proxy-Foo", "1"},
    {"X-HTTP-Method-Override", "TRACE"},
    {"X-HTTP-Method-Override", "trace"},
    {"X-HTTP-Method-Override", "PUT"},
    {"X-HTTP-Method-Override", "GET, TRACE"},
    {"X-HTTP-Method-Override", " CONNECT "},
    {"X-HTTP-Method", "TRACK"},
    {"X-Method-Override", "TRACE"},
    {"User-Agent", "ua/1"}};

static const struct gen_header invalid_headers[] = {
    {"Bad Header", "x"},
    {"X(1)", "x"},
    {"", "x"},
    {"X-\xc3\x9cnicode", "x"},
    {"x:y", "x"},
    {"X-Tab\t", "x"},
    {"X-Token ", "x"},
    {"X-Token", "a\nb"},
    {"X-Token", "a\rb"},
    {"X-Token", "v\r\nX-Injected: 1"},
    {"Content-Type", "text/plain\n"}};

static const struct gen_header empty_headers[] = {
    {"X-Token", ""},       {"Content-Type", ""},    {"Accept", ""},
    {"Range", ""},         {"Accept-Language", ""}, {"Content-Language", ""},
    {"Authorization", ""}, {"X-Token", " "},        {"Accept", "\t"}};

/* Latin-1 characters, which a browser sends as one byte each. (Characters
 * beyond U+00FF, which a JavaScript ByteString refuses, are bad input to
 * corsim: scenario.c reports them.) */
static const struct gen_header non_ascii_headers[] = {
    {"X-Name", "J\xc3\xbcrgen"},
    {"Content-Language", "\xc3\xa9"},
    {"Accept-Language", "fr-\xc3\xa9"},
    {"Accept", "text/\xc3\xa9"},
    {"Content-Type", "text/plain; charset=\xc3\xa9"}};

static bool has_header(const struct gen_request *r, const char *name) {
  size_t i;
  for (i = 0; i < r->nheaders; i++)
    if (gen_ieq(r->headers[i].name, name))
      return true;
  return false;
}

/* Adds one plausible header r does not have yet; false when the one drawn
 * is already there (the caller may draw again or give up). */
static bool add_plausible_header(struct gen_scenario *sc,
                                 struct gen_request *r) {
  unsigned weights[N(plausible_headers)];
  const struct header_kind *k;
  const char *name;
  size_t i;

  for (i = 0; i < N(plausible_headers); i++) {
    weights[i] = plausible_headers[i].weight;
    /* Pages send Range with a GET only. */
    if (!is_get_or_head(r->method) &&
        strcmp(plausible_headers[i].name, "Range") == 0)
      weights[i] = 0;
  }
  k = &plausible_headers[gen_rng_weighted(&sc->rng, weights, N(weights))];
  if (has_header(r, k->name))
    return false;
  name = k->name;
  if (gen_rng_chance(&sc->rng, 100))
    name = gen_pool_case(&sc->pool, name,
                         false); /* axios and others send lower case */
  gen_request_add_header(sc, r, name,
                         gen_rng_pick(&sc->rng, k->values, k->nvalues));
  return true;
}

/* A value of exactly len bytes for a safelisted header, made of bytes
 * that are safe for it: only the length can disqualify it. */
static const char *long_value(struct gen_scenario *sc, const char *name,
                              size_t len) {
  if (gen_ieq(name, "Content-Type"))
    return gen_pool_fill(&sc->pool, "text/plain;a=", 'b', len);
  if (gen_ieq(name, "Accept"))
    return gen_pool_fill(&sc->pool, "application/json,", 'a', len);
  return gen_pool_fill(&sc->pool, "en-", 'a', len);
}

static void twist_safelisted(struct gen_scenario *sc, struct gen_request *r,
                             bool bad) {
  static const struct gen_choice names[] = {{"Content-Type", 8},
                                            {"Accept", 4},
                                            {"Accept-Language", 3},
                                            {"Content-Language", 3},
                                            {"Range", 3}};
  const char *name = GEN_PICK(&sc->rng, names);
  const char *v;

  /* The 128-byte limit: 129 bytes is over, exactly 128 is not. */
  if (strcmp(name, "Range") != 0 && gen_rng_chance(&sc->rng, 150)) {
    v = long_value(sc, name, bad ? 129 : 128);
    gen_request_add_header(sc, r, name, v);
    gen_tag(sc, "%s %s bytes", name, bad ? "129" : "128");
    return;
  }
  if (strcmp(name, "Content-Type") == 0)
    v = bad ? GEN_PICK(&sc->rng, bad_content_type)
            : GEN_PICK(&sc->rng, odd_content_type);
  else if (strcmp(name, "Accept") == 0)
    v = bad ? GEN_PICK(&sc->rng, bad_accept) : GEN_PICK(&sc->rng, odd_accept);
  else if (strcmp(name, "Range") == 0)
    v = bad ? GEN_PICK(&sc->rng, bad_range) : GEN_PICK(&sc->rng, odd_range);
  else
    v = bad ? GEN_PICK(&sc->rng, bad_language)
            : GEN_PICK(&sc->rng, odd_language);
  /* The explicit header replaces a plausible one of the same name. */
  if (strcmp(name, "Content-Type") == 0 && has_header(r, name)) {
    size_t i;
    for (i = 0; i < r->nheaders; i++)
      if (gen_ieq(r->headers[i].name, name))
        r->headers[i].value = v;
  } else {
    gen_request_add_header(sc, r, name, v);
  }
  gen_tag(sc, "%s '%s'", name, gen_tag_value(sc, v));
}

static void twist_client_hint(struct gen_scenario *sc, struct gen_request *r) {
  const struct hint *h = &hints[gen_rng_below(&sc->rng, N(hints))];
  const char *v = h->values[gen_rng_below(&sc->rng, N(h->values))];
  const char *name = h->name;

  if (gen_rng_chance(&sc->rng, 200))
    name = gen_pool_case(&sc->pool, name, false);
  gen_request_add_header(sc, r, name, v);
  gen_tag(sc, "%s '%s'", name, gen_tag_value(sc, v));
}

static void twist_from_table(struct gen_scenario *sc, struct gen_request *r,
                             const struct gen_header *t, size_t n,
                             const char *what) {
  const struct gen_header *h = &t[gen_rng_below(&sc->rng, n)];

  gen_request_add_header(sc, r, h->name, h->value);
  gen_tag(sc, "%s %s: '%s'", what, gen_tag_value(sc, h->name),
          gen_tag_value(sc, h->value));
}

static void twist_duplicate(struct gen_scenario *sc, struct gen_request *r) {
  static const struct gen_header pairs[][2] = {
      {{"Content-Type", "text/plain"}, {"Content-Type", "application/json"}},
      {{"Accept", "application/json, text/plain, */*;q=0.5, text/html;q=0.4"},
       {"Accept", "application/xml, text/csv, */*;q=0.1, image/png;q=0.3"}},
      {{"X-Token", "a"}, {"x-token", "b"}},
      {{"Range", "bytes=0-1"}, {"Range", "bytes=0-1"}},
      {{"Accept-Language", "en"}, {"accept-language", "de"}},
      {{"Content-Type", "text/plain"}, {"content-type", "text/plain"}}};
  const char *name, *value;

  if (r->nheaders > 0 && gen_rng_chance(&sc->rng, 600)) {
    const struct gen_header *h =
        &r->headers[gen_rng_below(&sc->rng, r->nheaders)];
    size_t c = gen_rng_below(&sc->rng, 3);
    name = c == 0 ? h->name : gen_pool_case(&sc->pool, h->name, c == 2);
    value = gen_rng_chance(&sc->rng, 400) ? h->value : "x";
    gen_request_add_header(sc, r, name, value);
    gen_tag(sc, "dup %s", gen_tag_value(sc, name));
    return;
  }
  {
    const struct gen_header *p = pairs[gen_rng_below(&sc->rng, N(pairs))];
    gen_request_add_header(sc, r, p[0].name, p[0].value);
    gen_request_add_header(sc, r, p[1].name, p[1].value);
    gen_tag(sc, "dup %s", p[0].name);
  }
}

static void twist_name_case(struct gen_scenario *sc, struct gen_request *r) {
  static const struct gen_header extra[] = {
      {"X-TOKEN", "abc"},
      {"x-token", "abc"},
      {"CONTENT-TYPE", "text/plain"},
      {"content-type", "application/json"},
      {"aCCEPT", "*/*"},
      {"RANGE", "bytes=0-1"}};

  if (r->nheaders > 0 && gen_rng_chance(&sc->rng, 600)) {
    size_t i = gen_rng_below(&sc->rng, r->nheaders);
    bool upper = gen_rng_chance(&sc->rng, 500);
    r->headers[i].name = gen_pool_case(&sc->pool, r->headers[i].name, upper);
    gen_tag(sc, "name %s", gen_tag_value(sc, r->headers[i].name));
    return;
  }
  twist_from_table(sc, r, extra, N(extra), "name");
}

static void twist_many(struct gen_scenario *sc, struct gen_request *r) {
  size_t want = 6 + gen_rng_below(&sc->rng, 4), tries;

  for (tries = 0; r->nheaders < want && tries < 40; tries++)
    (void)add_plausible_header(sc, r);
  gen_tag(sc, "%zu headers", r->nheaders);
}

/* ---- bodies ------------------------------------------------------------ */

static const struct gen_choice plausible_bodies[] = {
    {"text", 40},     {"none", 15},          {"urlsearchparams", 10},
    {"formdata", 10}, {"bytes", 10},         {"blob:application/json", 5},
    {"blob:", 3},     {"blob:text/plain", 3}};
static const struct gen_choice odd_blobs[] = {
    {"blob:", 2},
    {"blob:TEXT/PLAIN", 2},
    {"blob:text/plain;charset=utf-8", 2},
    {"blob:application/json", 1},
    {"blob:multipart/form-data", 1},
    {"blob:image/png", 1},
    {"blob:text/plain; x=\"(\"", 1},
    {"blob:application/x-www-form-urlencoded", 1},
    {"blob:text/html", 1}};
static const struct gen_choice text_content_types[] = {
    {NULL, 30},
    {"application/json", 45},
    {"text/plain", 10},
    {"text/plain;charset=UTF-8", 8},
    {"application/x-www-form-urlencoded", 4},
    {"application/xml", 3}};
static const struct gen_choice bytes_content_types[] = {
    {NULL, 40}, {"application/octet-stream", 40}, {"application/json", 20}};

static void sample_body(struct gen_scenario *sc, struct gen_request *r,
                        bool twist) {
  const char *ct = NULL;

  if (twist && is_get_or_head(r->method)) {
    r->body = GEN_PICK(&sc->rng, plausible_bodies);
    if (strcmp(r->body, "none") == 0)
      r->body = "text";
    gen_tag(sc, "%s body", r->body);
    return;
  }
  if (twist) {
    if (gen_rng_chance(&sc->rng, 700)) {
      r->body = GEN_PICK(&sc->rng, odd_blobs);
      gen_tag(sc, "%s", gen_tag_value(sc, r->body));
    } else {
      /* An explicit Content-Type overrides the body's own. */
      r->body = gen_rng_chance(&sc->rng, 500) ? "formdata" : "urlsearchparams";
      gen_request_add_header(sc, r, "Content-Type", "application/json");
      gen_tag(sc, "%s with Content-Type json", r->body);
    }
    return;
  }
  if (is_get_or_head(r->method)) {
    r->body = "none";
    return;
  }
  if (gen_ieq(r->method, "DELETE") && gen_rng_chance(&sc->rng, 600)) {
    r->body = "none";
    return;
  }
  r->body = GEN_PICK(&sc->rng, plausible_bodies);
  if (strcmp(r->body, "text") == 0)
    ct = GEN_PICK(&sc->rng, text_content_types);
  else if (strcmp(r->body, "bytes") == 0)
    ct = GEN_PICK(&sc->rng, bytes_content_types);
  else if (strcmp(r->body, "none") != 0 && gen_rng_chance(&sc->rng, 80))
    ct = "application/json";
  if (ct != NULL)
    gen_request_add_header(sc, r, "Content-Type", ct);
}

/* ---- mode and credentials ---------------------------------------------- */

static const struct gen_choice fetch_credentials[] = {
    {"same-origin", 55}, {"include", 33}, {"omit", 12}};
static const struct gen_choice xhr_credentials[] = {
    {"same-origin", 60}, {"include", 35}, {"omit", 5}};

static void sample_mode(struct gen_scenario *sc, struct gen_request *r,
                        bool twist) {
  r->redirect = "follow";
  if (r->xhr) {
    r->mode = "cors";
    r->credentials = GEN_PICK(&sc->rng, xhr_credentials);
    r->upload_listeners = strcmp(r->body, "none") != 0 &&
                          gen_rng_chance(&sc->rng, twist ? 900 : 150);
    if (twist && !r->upload_listeners) {
      /* Upload listeners force a preflight even for a simple POST. */
      if (is_get_or_head(r->method))
        r->method = "POST";
      if (strcmp(r->body, "none") == 0)
        r->body = "text";
      r->upload_listeners = true;
    }
    if (r->upload_listeners && twist)
      gen_tag(sc, "upload listeners");
    return;
  }
  r->credentials = GEN_PICK(&sc->rng, fetch_credentials);
  if (twist) {
    r->mode = gen_rng_chance(&sc->rng, 600) ? "no-cors" : "same-origin";
    return;
  }
  /* A plausible no-cors request is a simple one (a beacon, a ping). */
  r->mode = "cors";
  if (gen_rng_chance(&sc->rng, 60))
    r->mode = "no-cors";
  else if (gen_rng_chance(&sc->rng, 30) && gen_origin_same(sc->page, r->target))
    r->mode = "same-origin";
}

/* ---- the request ------------------------------------------------------- */

void gen_request_sample(struct gen_scenario *sc, struct gen_request *r,
                        unsigned tw) {
  static const unsigned count_weights[] = {35, 30, 20, 10, 5};
  size_t want, tries;

  r->xhr = gen_rng_chance(&sc->rng, 220);
  r->nheaders = 0;
  r->at = -1;
  if (tw & GEN_RT_METHOD)
    r->method = GEN_PICK(&sc->rng, twisted_methods);
  else
    r->method = GEN_PICK(&sc->rng, plausible_methods);

  sample_body(sc, r, (tw & GEN_RT_BODY) != 0);

  want = gen_rng_weighted(&sc->rng, count_weights, N(count_weights));
  if (is_get_or_head(r->method) && want > 0 && gen_rng_chance(&sc->rng, 300))
    want--;
  for (tries = 0; r->nheaders < want && tries < 20; tries++)
    (void)add_plausible_header(sc, r);

  if (tw & GEN_RT_SAFELISTED_BAD)
    twist_safelisted(sc, r, true);
  if (tw & GEN_RT_SAFELISTED_ODD)
    twist_safelisted(sc, r, false);
  if (tw & GEN_RT_CLIENT_HINT)
    twist_client_hint(sc, r);
  if (tw & GEN_RT_FORBIDDEN)
    twist_from_table(sc, r, forbidden_headers, N(forbidden_headers),
                     "forbidden");
  if (tw & GEN_RT_INVALID)
    twist_from_table(sc, r, invalid_headers, N(invalid_headers), "invalid");
  if (tw & GEN_RT_EMPTY)
    twist_from_table(sc, r, empty_headers, N(empty_headers), "empty");
  if (tw & GEN_RT_NON_ASCII)
    twist_from_table(sc, r, non_ascii_headers, N(non_ascii_headers),
                     "non-ASCII");
  if (tw & GEN_RT_MANY)
    twist_many(sc, r);
  if (tw & GEN_RT_DUPLICATE)
    twist_duplicate(sc, r);
  if (tw & GEN_RT_NAME_CASE)
    twist_name_case(sc, r);

  sample_mode(sc, r, (tw & GEN_RT_MODE) != 0);
}

const char *gen_request_vary(struct gen_scenario *sc, struct gen_request *r) {
  static const unsigned weights[] = {30, 20, 10, 20, 10, 10};
  size_t i;

  switch (gen_rng_weighted(&sc->rng, weights, N(weights))) {
  case 0:
    r->method = gen_rng_chance(&sc->rng, 800)
                    ? GEN_PICK(&sc->rng, plausible_methods)
                    : GEN_PICK(&sc->rng, twisted_methods);
    if (is_get_or_head(r->method))
      r->body = "none";
    return "new method";
  case 1:
    gen_request_add_header(sc, r, "X-Extra", "1");
    return "+header";
  case 2:
    r->nheaders = 0;
    return "no headers";
  case 3:
    if (strcmp(r->credentials, "include") == 0)
      r->credentials =
          r->xhr || gen_rng_chance(&sc->rng, 500) ? "same-origin" : "omit";
    else
      r->credentials = "include";
    return "credentials";
  case 4:
    r->xhr = !r->xhr;
    r->mode = "cors";
    r->redirect = "follow";
    if (strcmp(r->credentials, "omit") == 0 && r->xhr)
      r->credentials = "same-origin";
    r->upload_listeners = false;
    return r->xhr ? "as xhr" : "as fetch";
  default:
    if (r->nheaders == 0) {
      gen_request_add_header(sc, r, "x-token", "abc");
      return "+header";
    }
    i = gen_rng_below(&sc->rng, r->nheaders);
    r->headers[i].name = gen_pool_case(&sc->pool, r->headers[i].name,
                                       gen_rng_chance(&sc->rng, 500));
    return "name case";
  }
}

/* ---- estimates for the server side ------------------------------------- */

bool gen_request_cors(const struct gen_scenario *sc,
                      const struct gen_request *r) {
  if (!r->xhr && strcmp(r->mode, "cors") != 0)
    return false;
  return !gen_origin_same(sc->page, r->target);
}

bool gen_request_credentialed(const struct gen_request *r) {
  return strcmp(r->credentials, "include") == 0;
}

static bool simple_mime(const char *v) {
  while (*v == ' ' || *v == '\t')
    v++;
  return iprefix(v, "text/plain") || iprefix(v, "multipart/form-data") ||
         iprefix(v, "application/x-www-form-urlencoded");
}

bool gen_request_preflight_likely(const struct gen_scenario *sc,
                                  const struct gen_request *r) {
  size_t i;

  if (!gen_request_cors(sc, r))
    return false;
  if (r->xhr && r->upload_listeners)
    return true;
  if (!gen_ieq(r->method, "GET") && !gen_ieq(r->method, "HEAD") &&
      !gen_ieq(r->method, "POST"))
    return true;
  if (strncmp(r->body, "blob:", 5) == 0 && r->body[5] != '\0' &&
      !simple_mime(r->body + 5))
    return true;
  for (i = 0; i < r->nheaders; i++) {
    const struct gen_header *h = &r->headers[i];
    if (gen_ieq(h->name, "Content-Type")) {
      if (!simple_mime(h->value))
        return true;
    } else if (!gen_ieq(h->name, "Accept") &&
               !gen_ieq(h->name, "Accept-Language") &&
               !gen_ieq(h->name, "Content-Language") &&
               !gen_ieq(h->name, "Range")) {
      return true;
    }
  }
  return false;
}
