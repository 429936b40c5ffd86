/* test_har.c - unit tests for sim/wire/har.c: HAR files as Chromium's and
 * Firefox's DevTools write them (preflights, blocked fetches, redirects,
 * duplicate headers, Latin-1 values), dates, URLs, bad entries, files
 * that are not JSON or not HAR, and every truncation of a valid file
 * (the entries before the cut are still read).
 *
 * Fixtures are written with ' for " (see json()) so they stay readable.
 * Each exchange is rendered as one line of text (describe()) and compared
 * whole, so every field is checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "har.h"

#define MAX_REC 64

struct rec {
  char *x[MAX_REC]; /* describe() of each exchange */
  size_t nx;
  char *w[MAX_REC]; /* each warning's text */
  uint64_t wpacket[MAX_REC];
  size_t nw;
};

/* Appends s[0..n) to out, bytes outside printable ASCII as \xHH. */
static void put_bytes(char **o, const char *end, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n && *o < end - 5; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '\\')
      *(*o)++ = (char)c;
    else
      *o += snprintf(*o, (size_t)(end - *o), "\\x%02X", c);
  }
  **o = '\0';
}

static void put_str(char **o, const char *end, const char *s) {
  size_t n = strlen(s);
  if (n > (size_t)(end - *o) - 1)
    n = (size_t)(end - *o) - 1;
  memcpy(*o, s, n);
  *o += n;
  **o = '\0';
}

static void put_headers(char **o, const char *end,
                        const struct wire_message *m) {
  size_t i;
  put_str(o, end, "[");
  for (i = 0; i < m->nheaders; i++) {
    if (i > 0)
      put_str(o, end, "|");
    put_bytes(o, end, m->headers[i].name.ptr, m->headers[i].name.len);
    put_str(o, end, ": ");
    put_bytes(o, end, m->headers[i].value.ptr, m->headers[i].value.len);
  }
  put_str(o, end, "]");
}

/* One line per exchange:
 * #ENTRY METHOD URL target=T 1.MINOR req[H: V|...] body=N
 *   resp=STATUS REASON 1.MINOR [H: V|...] body=N | resp=none
 *   err=E init=I res=R t=FIRST+DURATION */
static void describe(const struct wire_exchange *x, char *buf, size_t cap) {
  char *o = buf, *end = buf + cap;
  char num[96];
  assert_null(x->conn);
  assert_int_equal(x->index, x->har_entry);
  assert_int_equal(x->req.span.first_packet, 0);
  assert_int_equal(x->req.span.last_packet, 0);
  snprintf(num, sizeof num, "#%zu ", x->har_entry);
  put_str(&o, end, num);
  put_bytes(&o, end, x->req.method.ptr, x->req.method.len);
  put_str(&o, end, " ");
  put_bytes(&o, end, x->url.ptr, x->url.len);
  put_str(&o, end, " target=");
  put_bytes(&o, end, x->req.target.ptr, x->req.target.len);
  snprintf(num, sizeof num, " 1.%d req", x->req.minor);
  put_str(&o, end, num);
  put_headers(&o, end, &x->req);
  snprintf(num, sizeof num, " body=%llu",
           (unsigned long long)x->req.body_len);
  put_str(&o, end, num);
  if (x->has_response) {
    snprintf(num, sizeof num, " resp=%d ", x->resp.status);
    put_str(&o, end, num);
    put_bytes(&o, end, x->resp.reason.ptr, x->resp.reason.len);
    snprintf(num, sizeof num, " 1.%d ", x->resp.minor);
    put_str(&o, end, num);
    put_headers(&o, end, &x->resp);
    snprintf(num, sizeof num, " body=%llu",
             (unsigned long long)x->resp.body_len);
    put_str(&o, end, num);
    assert_true(x->resp.span.first_ts == x->req.span.first_ts);
    assert_true(x->resp.span.last_ts == x->req.span.last_ts);
  } else {
    put_str(&o, end, " resp=none");
    assert_int_equal(x->resp.nheaders, 0);
    assert_int_equal(x->resp.status, 0);
  }
  put_str(&o, end, " err=");
  put_bytes(&o, end, x->har_error.ptr, x->har_error.len);
  put_str(&o, end, " init=");
  put_bytes(&o, end, x->har_initiator.ptr, x->har_initiator.len);
  put_str(&o, end, " res=");
  put_bytes(&o, end, x->har_resource.ptr, x->har_resource.len);
  snprintf(num, sizeof num, " t=%.3f+%.4f", x->req.span.first_ts,
           x->req.span.last_ts - x->req.span.first_ts);
  put_str(&o, end, num);
}

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct rec *r = user;
  size_t cap = (size_t)1 << 16;
  char *line = malloc(cap);
  assert_non_null(line);
  describe(x, line, cap);
  assert_true(r->nx < MAX_REC);
  r->x[r->nx++] = line;
}

__attribute__((format(printf, 3, 0))) static void
on_warn(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct rec *r = user;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  assert_true(r->nw < MAX_REC);
  r->wpacket[r->nw] = packet;
  r->w[r->nw++] = strdup(msg);
}

static void rec_free(struct rec *r) {
  size_t i;
  for (i = 0; i < r->nx; i++)
    free(r->x[i]);
  for (i = 0; i < r->nw; i++)
    free(r->w[i]);
  memset(r, 0, sizeof *r);
}

/* The fixture with every ' turned into ". */
static char *json(const char *s) {
  char *d = strdup(s), *p;
  assert_non_null(d);
  for (p = d; *p; p++)
    if (*p == '\'')
      *p = '"';
  return d;
}

/* The pieces of a fixture (split to stay under C's string length
 * limit), joined, with every ' turned into ". */
static char *json_parts(const char *const *parts) {
  size_t n = 0, i;
  char *d;
  for (i = 0; parts[i] != NULL; i++)
    n += strlen(parts[i]);
  d = malloc(n + 1);
  assert_non_null(d);
  for (n = 0, i = 0; parts[i] != NULL; i++) {
    memcpy(d + n, parts[i], strlen(parts[i]));
    n += strlen(parts[i]);
  }
  d[n] = '\0';
  for (i = 0; i < n; i++)
    if (d[i] == '\'')
      d[i] = '"';
  return d;
}

/* Reads len bytes of text as a HAR file named "t.har". */
static int run_bytes(const char *text, size_t len, struct rec *r,
                     struct wire_har_stats *st, char *err, size_t errlen) {
  struct wire_exchange_cb cb = {r, on_exchange, NULL, on_warn};
  FILE *f;
  int rc;
  /* fmemopen of 0 bytes may fail: read an empty file from a 1-byte
   * buffer opened for 0 bytes through a temporary file instead. */
  if (len == 0)
    f = tmpfile();
  else
    f = fmemopen((void *)(uintptr_t)text, len, "r");
  assert_non_null(f);
  rc = wire_har_read(f, "t.har", &cb, st, err, errlen);
  fclose(f);
  return rc;
}

static int run(const char *fixture, struct rec *r, struct wire_har_stats *st,
               char *err, size_t errlen) {
  char *t = json(fixture);
  int rc = run_bytes(t, strlen(t), r, st, err, errlen);
  free(t);
  return rc;
}

static void assert_line(const struct rec *r, size_t i, const char *want) {
  if (i >= r->nx)
    fail_msg("exchange %zu missing (%zu exchanges)", i, r->nx);
  if (strcmp(r->x[i], want) != 0)
    fail_msg("exchange %zu:\n got  %s\n want %s", i, r->x[i], want);
}

static void assert_warn(const struct rec *r, size_t i, uint64_t packet,
                        const char *want) {
  if (i >= r->nw)
    fail_msg("warning %zu missing (%zu warnings)", i, r->nw);
  if (strcmp(r->w[i], want) != 0)
    fail_msg("warning %zu:\n got  %s\n want %s", i, r->w[i], want);
  assert_int_equal(r->wpacket[i], packet);
}

/* ---- Chromium ------------------------------------------------------------ */

/* A page at https://app.example.test PUTs to https://api.example.test:
 * the preflight (HTTP/2, with pseudo-headers), the PUT itself, a fetch
 * whose preflight failed (no response, net::ERR_FAILED), a GET whose
 * response CORS refused (status and headers, net::ERR_FAILED), a
 * redirect and the request it led to. */
static const char *const chromium_har[] = {
    "{'log': {'version': '1.2', 'creator': {'name': 'WebInspector', "
    "'version': '537.36'}, 'pages': [], 'entries': [",
    /* 0: the preflight */
    "{'_initiator': {'type': 'preflight', 'url': "
    "'https://app.example.test/', 'requestId': '31.7'}, '_priority': "
    "'High', '_resourceType': 'preflight', 'cache': {}, "
    "'connection': '443', 'request': {'method': 'OPTIONS', 'url': "
    "'https://api.example.test/items/7?v=2', 'httpVersion': 'http/2.0', "
    "'headers': [{'name': ':authority', 'value': 'api.example.test'}, "
    "{'name': ':method', 'value': 'OPTIONS'}, {'name': ':path', 'value': "
    "'/items/7?v=2'}, {'name': ':scheme', 'value': 'https'}, {'name': "
    "'accept', 'value': '*/*'}, {'name': "
    "'access-control-request-headers', 'value': 'x-token'}, {'name': "
    "'access-control-request-method', 'value': 'PUT'}, {'name': 'origin', "
    "'value': 'https://app.example.test'}], 'queryString': [], "
    "'cookies': [], 'headersSize': -1, 'bodySize': 0}, 'response': "
    "{'status': 204, 'statusText': '', 'httpVersion': 'http/2.0', "
    "'headers': [{'name': 'access-control-allow-headers', 'value': "
    "'x-token'}, {'name': 'access-control-allow-methods', 'value': "
    "'PUT'}, {'name': 'access-control-allow-origin', 'value': "
    "'https://app.example.test'}], 'cookies': [], 'content': {'size': 0, "
    "'mimeType': 'x-unknown'}, 'redirectURL': '', 'headersSize': -1, "
    "'bodySize': 0, '_transferSize': 120, '_error': null}, "
    "'serverIPAddress': '192.0.2.7', 'startedDateTime': "
    "'2026-11-22T08:01:02.345Z', 'time': 12.5, 'timings': {'blocked': "
    "1.5, 'dns': -1, 'ssl': -1, 'connect': -1, 'send': 0.5, 'wait': 10, "
    "'receive': 0.5}},",
    /* 1: the PUT */
    "{'_connectionId': '1234', '_initiator': {'type': 'script', 'stack': "
    "{'callFrames': []}}, '_priority': 'High', '_resourceType': 'fetch', "
    "'request': {'method': 'PUT', 'url': "
    "'https://api.example.test/items/7?v=2', 'httpVersion': 'HTTP/1.1', "
    "'headers': [{'name': 'Host', 'value': 'api.example.test'}, {'name': "
    "'Content-Type', 'value': 'application/json'}, {'name': 'X-Token', "
    "'value': 'abc'}, {'name': 'Origin', 'value': "
    "'https://app.example.test'}], 'bodySize': 13, 'postData': "
    "{'mimeType': 'application/json', 'text': '{}'}}, 'response': "
    "{'status': 200, 'statusText': 'OK', 'httpVersion': 'HTTP/1.1', "
    "'headers': [{'name': 'Access-Control-Allow-Origin', 'value': "
    "'https://app.example.test'}, {'name': 'Vary', 'value': 'Origin'}, "
    "{'name': 'Set-Cookie', 'value': 'a=1'}, {'name': 'Set-Cookie', "
    "'value': 'b=2'}, {'name': 'Vary', 'value': 'Accept'}], 'bodySize': "
    "512, '_error': null}, 'startedDateTime': '2026-11-22T08:01:02.360Z', "
    "'time': 40},",
    /* 2: blocked: the preflight failed, nothing came back */
    "{'_initiator': {'type': 'script'}, '_resourceType': 'fetch', "
    "'request': {'method': 'DELETE', 'url': "
    "'https://api.example.test/items/8', 'httpVersion': '', 'headers': "
    "[{'name': 'Referer', 'value': 'https://app.example.test/'}, {'name': "
    "'X-Token', 'value': 'abc'}], 'bodySize': 0}, 'response': {'status': "
    "0, 'statusText': '', 'httpVersion': '', 'headers': [], 'cookies': "
    "[], 'content': {'size': 0, 'mimeType': 'x-unknown'}, "
    "'redirectURL': '', 'headersSize': -1, 'bodySize': -1, "
    "'_transferSize': 0, '_error': 'net::ERR_FAILED'}, "
    "'startedDateTime': '2026-11-22T08:01:03Z', 'time': 3},",
    /* 3: refused by CORS after the response came */
    "{'_initiator': {'type': 'script'}, '_resourceType': 'xhr', "
    "'request': {'method': 'GET', 'url': 'https://api.example.test/me', "
    "'httpVersion': 'HTTP/1.1', 'headers': [{'name': 'Origin', 'value': "
    "'https://app.example.test'}]}, 'response': {'status': 200, "
    "'statusText': 'OK', 'httpVersion': 'HTTP/1.1', 'headers': "
    "[{'name': 'Content-Type', 'value': 'text/plain'}], 'bodySize': -1, "
    "'_error': 'net::ERR_FAILED'}, 'startedDateTime': "
    "'2026-11-22T08:01:04.5Z', 'time': 0},",
    /* 4, 5: a redirect and where it led */
    "{'_initiator': {'type': 'script'}, '_resourceType': 'fetch', "
    "'request': {'method': 'GET', 'url': 'https://api.example.test/old', "
    "'httpVersion': 'HTTP/1.1', 'headers': []}, 'response': {'status': "
    "302, 'statusText': 'Found', 'httpVersion': 'HTTP/1.1', 'headers': "
    "[{'name': 'Location', 'value': 'https://cdn.example.test/new'}, "
    "{'name': 'Access-Control-Allow-Origin', 'value': '*'}], "
    "'redirectURL': 'https://cdn.example.test/new'}, 'startedDateTime': "
    "'2026-11-22T08:01:05.000Z', 'time': 5},"
    "{'_initiator': {'type': 'script'}, '_resourceType': 'fetch', "
    "'request': {'method': 'GET', 'url': 'https://cdn.example.test/new', "
    "'httpVersion': 'HTTP/1.0', 'headers': [{'name': 'Origin', 'value': "
    "'null'}]}, 'response': {'status': 200, 'statusText': 'OK', "
    "'httpVersion': 'HTTP/1.0', 'headers': [{'name': "
    "'Access-Control-Allow-Origin', 'value': '*'}]}, 'startedDateTime': "
    "'2026-11-22T08:01:05.006Z', 'time': 1}"
    "]}}", NULL};

static void test_chromium(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  char *t = json_parts(chromium_har);
  assert_int_equal(run_bytes(t, strlen(t), &r, &st, err, sizeof err), 0);
  free(t);
  assert_string_equal(err, "");
  assert_int_equal(r.nw, 0);
  assert_int_equal(r.nx, 6);
  assert_line(&r, 0,
              "#0 OPTIONS https://api.example.test/items/7?v=2 "
              "target=/items/7?v=2 1.1 req[accept: */*|"
              "access-control-request-headers: x-token|"
              "access-control-request-method: PUT|"
              "origin: https://app.example.test] body=0 resp=204  1.1 "
              "[access-control-allow-headers: x-token|"
              "access-control-allow-methods: PUT|"
              "access-control-allow-origin: https://app.example.test] "
              "body=0 err= init=preflight res=preflight "
              "t=1795334462.345+0.0125");
  assert_line(&r, 1,
              "#1 PUT https://api.example.test/items/7?v=2 "
              "target=/items/7?v=2 1.1 req[Host: api.example.test|"
              "Content-Type: application/json|X-Token: abc|"
              "Origin: https://app.example.test] body=13 resp=200 OK 1.1 "
              "[Access-Control-Allow-Origin: https://app.example.test|"
              "Vary: Origin|Set-Cookie: a=1|Set-Cookie: b=2|Vary: Accept] "
              "body=512 err= init=script res=fetch t=1795334462.360+0.0400");
  assert_line(&r, 2,
              "#2 DELETE https://api.example.test/items/8 target=/items/8 "
              "1.1 req[Referer: https://app.example.test/|X-Token: abc] "
              "body=0 resp=none err=net::ERR_FAILED init=script res=fetch "
              "t=1795334463.000+0.0030");
  assert_line(&r, 3,
              "#3 GET https://api.example.test/me target=/me 1.1 "
              "req[Origin: https://app.example.test] body=0 resp=200 OK 1.1 "
              "[Content-Type: text/plain] body=0 err=net::ERR_FAILED "
              "init=script res=xhr t=1795334464.500+0.0000");
  assert_line(&r, 4,
              "#4 GET https://api.example.test/old target=/old 1.1 req[] "
              "body=0 resp=302 Found 1.1 [Location: "
              "https://cdn.example.test/new|Access-Control-Allow-Origin: *] "
              "body=0 err= init=script res=fetch t=1795334465.000+0.0050");
  assert_line(&r, 5,
              "#5 GET https://cdn.example.test/new target=/new 1.0 "
              "req[Origin: null] body=0 resp=200 OK 1.0 "
              "[Access-Control-Allow-Origin: *] body=0 err= init=script "
              "res=fetch t=1795334465.006+0.0010");
  assert_int_equal(st.entries, 6);
  assert_int_equal(st.exchanges, 6);
  assert_int_equal(st.skipped, 0);
  assert_int_equal(st.failed, 2);
  assert_string_equal(st.creator, "WebInspector 537.36");
  rec_free(&r);
}

/* ---- Firefox ------------------------------------------------------------- */

/* Local times with offsets, no _initiator or _resourceType, the preflight
 * an ordinary OPTIONS entry, a blocked request with status 0, no headers
 * and no failure text, HTTP/2 spelled "HTTP/2", header values that were
 * Latin-1 bytes on the wire. */
static const char firefox_har[] =
    "{'log': {'version': '1.2', 'creator': {'name': 'Firefox', "
    "'version': '128.0'}, 'browser': {'name': 'Firefox', 'version': "
    "'128.0'}, 'pages': [{'id': 'page_1', 'title': "
    "'https://app.example.test/', 'startedDateTime': "
    "'2026-11-22T09:01:02.345+01:00', 'pageTimings': {}}], 'entries': ["
    "{'pageref': 'page_1', 'startedDateTime': "
    "'2026-11-22T09:01:02.345+01:00', 'time': 21, 'request': "
    "{'bodySize': 0, 'method': 'OPTIONS', 'url': "
    "'https://api.example.test/items', 'httpVersion': 'HTTP/2', "
    "'headers': [{'name': 'Host', 'value': 'api.example.test'}, {'name': "
    "'Access-Control-Request-Method', 'value': 'POST'}, {'name': "
    "'Access-Control-Request-Headers', 'value': 'content-type'}, "
    "{'name': 'Origin', 'value': 'https://app.example.test'}], "
    "'cookies': [], 'queryString': [], 'headersSize': 301}, 'response': "
    "{'status': 200, 'statusText': 'OK', 'httpVersion': 'HTTP/2', "
    "'headers': [{'name': 'access-control-allow-origin', 'value': "
    "'https://app.example.test'}, {'name': "
    "'access-control-allow-headers', 'value': 'content-type'}], "
    "'cookies': [], 'content': {'mimeType': 'text/plain', 'size': 0}, "
    "'redirectURL': '', 'headersSize': 140, 'bodySize': 140}, 'cache': "
    "{}, 'timings': {'blocked': 0, 'dns': 0, 'connect': 0, 'ssl': 0, "
    "'send': 0, 'wait': 21, 'receive': 0}, '_securityState': 'secure', "
    "'serverIPAddress': '192.0.2.7', 'connection': '443'},"
    /* 1: blocked: nothing came back, nothing says why */
    "{'pageref': 'page_1', 'startedDateTime': "
    "'2026-11-22T02:31:02.500-05:30', 'time': 0, 'request': {'bodySize': "
    "0, 'method': 'POST', 'url': 'https://api.example.test/items', "
    "'httpVersion': '', 'headers': [{'name': 'Content-Type', 'value': "
    "'application/json'}, {'name': 'Origin', 'value': "
    "'https://app.example.test'}]}, 'response': {'status': 0, "
    "'statusText': '', 'httpVersion': '', 'headers': [], 'cookies': [], "
    "'content': {'mimeType': '', 'size': -1}, 'redirectURL': '', "
    "'headersSize': -1, 'bodySize': -1}, 'cache': {}, 'timings': {}, "
    "'_securityState': 'insecure'},"
    /* 2: Latin-1 values, and one character beyond Latin-1 */
    "{'startedDateTime': '2026-11-22T09:01:04.000+0100', 'time': 2, "
    "'request': {'method': 'GET', 'url': 'http://old.example.test', "
    "'httpVersion': 'HTTP/1.1', 'headers': [{'name': 'X-Name', 'value': "
    "'caf\\u00e9 \\u00ff\\u0080'}, {'name': 'X-Euro', 'value': "
    "'5 \\u20ac'}]}, 'response': {'status': 200, 'statusText': "
    "'Tr\\u00e8s bien', 'httpVersion': 'HTTP/1.1', 'headers': [{'name': "
    "'Content-Disposition', 'value': 'inline; filename=\\u00e9t\\u00e9'}]}}"
    "]}}";

static void test_firefox(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(run(firefox_har, &r, &st, err, sizeof err), 0);
  assert_int_equal(r.nx, 3);
  assert_line(&r, 0,
              "#0 OPTIONS https://api.example.test/items target=/items 1.1 "
              "req[Host: api.example.test|Access-Control-Request-Method: "
              "POST|Access-Control-Request-Headers: content-type|"
              "Origin: https://app.example.test] body=0 resp=200 OK 1.1 "
              "[access-control-allow-origin: https://app.example.test|"
              "access-control-allow-headers: content-type] body=140 err= "
              "init= res= t=1795334462.345+0.0210");
  assert_line(&r, 1,
              "#1 POST https://api.example.test/items target=/items 1.1 "
              "req[Content-Type: application/json|Origin: "
              "https://app.example.test] body=0 resp=none err= init= res= "
              "t=1795334462.500+0.0000");
  assert_line(&r, 2,
              "#2 GET http://old.example.test target=/ 1.1 "
              "req[X-Name: caf\\xE9 \\xFF\\x80|X-Euro: 5 \\xE2\\x82\\xAC] "
              "body=0 resp=200 Tr\\xE8s bien 1.1 [Content-Disposition: "
              "inline; filename=\\xE9t\\xE9] body=0 err= init= res= "
              "t=1795334464.000+0.0020");
  assert_int_equal(r.nw, 1);
  assert_warn(&r, 0, 2,
              "t.har: entry 2: request.headers[1] (X-Euro): characters "
              "above U+00FF kept as UTF-8");
  assert_int_equal(st.entries, 3);
  assert_int_equal(st.exchanges, 3);
  assert_int_equal(st.skipped, 0);
  assert_int_equal(st.failed, 1);
  assert_string_equal(st.creator, "Firefox 128.0");
  rec_free(&r);
}

/* ---- bad entries --------------------------------------------------------- */

#define OKREQ                                                                  \
  "'request': {'method': 'GET', 'url': 'https://h.test/a', 'headers': []}"
#define OKDATE "'startedDateTime': '2026-11-22T08:01:02Z'"

static const char bad_har[] =
    "{'log': {'entries': ["
    "42,"                                                /* 0 */
    "{" OKDATE "},"                                      /* 1 */
    "{'request': [], " OKDATE "},"                       /* 2 */
    "{'request': {'method': 'GET', 'url': 7}, " OKDATE "}," /* 3 */
    "{'request': {'method': 'GET', 'url': '/relative'}, " OKDATE "}," /* 4 */
    "{'request': {'url': 'https://h.test/'}, " OKDATE "},"   /* 5 */
    "{" OKREQ ", 'startedDateTime': 'yesterday'},"           /* 6 */
    "{" OKREQ ", 'startedDateTime': '2023-02-29T00:00:00Z'},"  /* 7 */
    "{" OKREQ "},"                                           /* 8 */
    "{'request': {'method': 'GET', 'url': 'https://h.test/', 'headers': "
    "{}}, " OKDATE "}," /* 9 */
    /* 10: usable, with one bad header and no response object */
    "{'request': {'method': 'GET', 'url': 'https://h.test/b', 'headers': "
    "[{'name': 'A', 'value': '1'}, {'name': 'B'}, 'C', {'name': '', "
    "'value': 'x'}, {'name': 'D', 'value': 2}, {'name': 'E', 'value': "
    "''}]}, " OKDATE "},"
    /* 11: usable, odd response fields */
    "{" OKREQ ", " OKDATE ", 'time': 'slow', 'response': {'status': '200', "
    "'headers': {}}},"
    /* 12: status out of range, with headers: a response came */
    "{" OKREQ ", " OKDATE ", 'time': -5, 'response': {'status': 1234, "
    "'headers': [{'name': 'X', 'value': 'y'}]}},"
    /* 13: fine, after all that */
    "{" OKREQ ", " OKDATE ", 'response': {'status': 200, 'headers': []}}"
    "]}}";

static void test_bad_entries(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(run(bad_har, &r, &st, err, sizeof err), 0);
  assert_int_equal(st.entries, 14);
  assert_int_equal(st.skipped, 10);
  assert_int_equal(st.exchanges, 4);
  assert_int_equal(st.failed, 2);
  assert_int_equal(r.nx, 4);
  assert_line(&r, 0,
              "#10 GET https://h.test/b target=/b 1.1 req[A: 1|E: ] body=0 "
              "resp=none err= init= res= t=1795334462.000+0.0000");
  assert_line(&r, 1,
              "#11 GET https://h.test/a target=/a 1.1 req[] body=0 "
              "resp=none err= init= res= t=1795334462.000+0.0000");
  assert_line(&r, 2,
              "#12 GET https://h.test/a target=/a 1.1 req[] body=0 resp=0  "
              "1.1 [X: y] body=0 err= init= res= t=1795334462.000+0.0000");
  assert_line(&r, 3,
              "#13 GET https://h.test/a target=/a 1.1 req[] body=0 resp=200  "
              "1.1 [] body=0 err= init= res= t=1795334462.000+0.0000");
  assert_warn(&r, 0, 0, "t.har: entry 0: not an object, skipped");
  assert_warn(&r, 1, 1, "t.har: entry 1: request: missing, skipped");
  assert_warn(&r, 2, 2, "t.har: entry 2: request: not an object, skipped");
  assert_warn(&r, 3, 3,
              "t.har: entry 3: request.url: missing or not a string, "
              "skipped");
  assert_warn(&r, 4, 4,
              "t.har: entry 4: request.url: not an absolute URL "
              "(\"/relative\"), skipped");
  assert_warn(&r, 5, 5,
              "t.har: entry 5: request.method: missing, empty or not a "
              "string, skipped");
  assert_warn(&r, 6, 6,
              "t.har: entry 6: startedDateTime: not an ISO 8601 date "
              "(\"yesterday\"), skipped");
  assert_warn(&r, 7, 7,
              "t.har: entry 7: startedDateTime: not an ISO 8601 date "
              "(\"2023-02-29T00:00:00Z\"), skipped");
  assert_warn(&r, 8, 8,
              "t.har: entry 8: startedDateTime: missing or not a string, "
              "skipped");
  assert_warn(&r, 9, 9,
              "t.har: entry 9: request.headers: not an array, skipped");
  assert_warn(&r, 10, 10,
              "t.har: entry 10: response: missing, taken as no response");
  assert_warn(&r, 11, 10,
              "t.har: entry 10: request.headers[1]: not an object with a "
              "string name and value, dropped");
  assert_warn(&r, 12, 10,
              "t.har: entry 10: request.headers[2]: not an object with a "
              "string name and value, dropped");
  assert_warn(&r, 13, 10,
              "t.har: entry 10: request.headers[3]: empty name, dropped");
  assert_warn(&r, 14, 10,
              "t.har: entry 10: request.headers[4]: not an object with a "
              "string name and value, dropped");
  assert_warn(&r, 15, 11,
              "t.har: entry 11: response.headers: not an array, taken as "
              "none");
  assert_warn(&r, 16, 11,
              "t.har: entry 11: response.status: not a number, taken as 0");
  assert_warn(&r, 17, 12,
              "t.har: entry 12: response.status: 1234 out of range, taken "
              "as 0");
  assert_int_equal(r.nw, 18);
  assert_string_equal(st.creator, "");
  rec_free(&r);
}

/* ---- whole-file failures --------------------------------------------------- */

static void test_not_json(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(run("{'log': {'entries': [\n  {'a': }", &r, &st, err,
                       sizeof err),
                   CORSIM_EINVAL);
  if (strncmp(err, "t.har:2:", 8) != 0 || strstr(err, "not JSON: ") == NULL)
    fail_msg("error: %s", err);
  assert_int_equal(r.nx, 0);
  assert_int_equal(st.entries, 0);

  assert_int_equal(run_bytes("", 0, &r, &st, err, sizeof err), CORSIM_EINVAL);
  if (strncmp(err, "t.har:", 6) != 0 || strstr(err, "not JSON: ") == NULL)
    fail_msg("error: %s", err);
  assert_int_equal(run("<html></html>", &r, &st, err, sizeof err),
                   CORSIM_EINVAL);
  if (strncmp(err, "t.har:1:1: not JSON: ", 21) != 0)
    fail_msg("error: %s", err);
  rec_free(&r);
}

static void test_not_har(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(run("[1, 2]", &r, &st, err, sizeof err), CORSIM_EINVAL);
  assert_string_equal(err, "t.har: not a HAR file: the JSON is not an object");
  assert_int_equal(run("{'foo': 1}", &r, &st, err, sizeof err),
                   CORSIM_EINVAL);
  assert_string_equal(err, "t.har: not a HAR file: no \"log\" object");
  assert_int_equal(run("{'log': {'entries': {}}}", &r, &st, err, sizeof err),
                   CORSIM_EINVAL);
  assert_string_equal(err, "t.har: not a HAR file: no log.entries array");
  assert_int_equal(run("{'log': {'entries': []}}", &r, &st, err, sizeof err),
                   0);
  assert_string_equal(err, "");
  /* A UTF-8 byte order mark before the JSON is dropped. */
  assert_int_equal(run("\xEF\xBB\xBF{'log': {'entries': []}}", &r, &st, err,
                       sizeof err),
                   0);
  assert_int_equal(st.entries, 0);
  assert_int_equal(r.nx + r.nw, 0);
  rec_free(&r);
}

/* NULL stats, errbuf and callbacks are allowed; a body with a NUL in it
 * does not make the file unreadable. */
static void test_optional_arguments(void **state) {
  struct wire_exchange_cb none = {NULL, NULL, NULL, NULL};
  char *t = json("{'log': {'entries': [{" OKREQ ", " OKDATE
                 ", 'response': {'status': 200, 'headers': [], 'content': "
                 "{'text': 'a\\u0000b'}}}, 5]}}");
  FILE *f = fmemopen(t, strlen(t), "r");
  struct wire_har_stats st;
  (void)state;
  assert_non_null(f);
  assert_int_equal(wire_har_read(f, NULL, &none, &st, NULL, 0), 0);
  assert_int_equal(st.exchanges, 1);
  assert_int_equal(st.skipped, 1);
  rewind(f);
  assert_int_equal(wire_har_read(f, "x", &none, NULL, NULL, 0), 0);
  assert_int_equal(wire_har_read(NULL, "x", &none, NULL, NULL, 0),
                   CORSIM_EINVAL);
  fclose(f);
  free(t);
}

/* ---- dates, URLs, versions -------------------------------------------------- */

/* The exchange's first_ts for a startedDateTime, or NOT_A_DATE when the
 * entry was skipped. */
#define NOT_A_DATE (-1e18)
static double date_of(const char *date) {
  struct rec r = {0};
  struct wire_har_stats st;
  char fixture[512], err[256];
  double t = NOT_A_DATE;
  snprintf(fixture, sizeof fixture,
           "{'log': {'entries': [{" OKREQ ", 'startedDateTime': '%s'}]}}",
           date);
  assert_int_equal(run(fixture, &r, &st, err, sizeof err), 0);
  if (r.nx == 1) {
    const char *p = strstr(r.x[0], " t=");
    assert_non_null(p);
    t = strtod(p + 3, NULL);
  }
  rec_free(&r);
  return t;
}

static void test_dates(void **state) {
  (void)state;
  assert_true(date_of("1970-01-01T00:00:00Z") == 0);
  assert_true(date_of("1970-01-01T00:00:00.000+00:00") == 0);
  assert_true(date_of("1970-01-01T01:00:00+01:00") == 0);
  assert_true(date_of("1970-01-01T01:00:00+0100") == 0);
  assert_true(date_of("1970-01-01T01:00:00+01") == 0);
  assert_true(date_of("1969-12-31T23:00:00-01:00") == 0);
  assert_true(date_of("1970-01-01 00:00:00z") == 0);
  assert_true(date_of("1970-01-01T00:00:00") == 0); /* no zone: UTC */
  assert_true(date_of("1969-12-31T23:59:59Z") == -1);
  assert_float_equal(date_of("2024-02-29T23:59:59.999-05:30"),
                     1709270999.999, 1e-6);
  assert_float_equal(date_of("2026-03-01T00:00:00Z"), 1772323200.0, 1e-6);
  assert_float_equal(date_of("2026-11-22T08:01:02.3456789Z"),
                     1795334462.346, 1e-6); /* printed to ms */
  assert_float_equal(date_of("2000-01-01T00:00:00Z"), 946684800.0, 1e-6);
  assert_float_equal(date_of("2100-03-01T00:00:00Z"), 4107542400.0, 1e-6);
  /* Not dates. */
  assert_true(date_of("2023-02-29T00:00:00Z") == NOT_A_DATE);
  assert_true(date_of("2026-13-01T00:00:00Z") == NOT_A_DATE);
  assert_true(date_of("2026-04-31T00:00:00Z") == NOT_A_DATE);
  assert_true(date_of("2026-01-01T24:00:00Z") == NOT_A_DATE);
  assert_true(date_of("2026-01-01T00:60:00Z") == NOT_A_DATE);
  assert_true(date_of("2026-01-01T00:00:00.Z") == NOT_A_DATE);
  assert_true(date_of("2026-01-01T00:00:00+1:00") == NOT_A_DATE);
  assert_true(date_of("2026-01-01T00:00:00+01:00junk") == NOT_A_DATE);
  assert_true(date_of("2026-01-01") == NOT_A_DATE);
  assert_true(date_of("26-01-01T00:00:00Z") == NOT_A_DATE);
  assert_true(date_of("") == NOT_A_DATE);
}

static void test_urls_and_versions(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(
      run("{'log': {'entries': ["
          "{'request': {'method': 'get', 'url': 'HTTPS://H.test', "
          "'httpVersion': 'http/1.0', 'headers': []}, " OKDATE "},"
          "{'request': {'method': 'FOO', 'url': 'https://h.test?q=1#frag', "
          "'httpVersion': 'h3', 'headers': []}, " OKDATE "},"
          "{'request': {'method': 'GET', 'url': "
          "'http://u:p@h.test:8080/a/b;c?d=%20e#f', 'httpVersion': "
          "'HTTP/1.9', 'headers': []}, " OKDATE "},"
          "{'request': {'method': 'GET', 'url': 'wss://h.test/socket', "
          "'headers': []}, " OKDATE "},"
          "{'request': {'method': 'GET', 'url': 'data:text/plain,hi', "
          "'headers': []}, " OKDATE "},"
          "{'request': {'method': 'GET', 'url': '1http://h.test/', "
          "'headers': []}, " OKDATE "}"
          "]}}",
          &r, &st, err, sizeof err),
      0);
  assert_int_equal(r.nx, 4);
  assert_line(&r, 0,
              "#0 get HTTPS://H.test target=/ 1.0 req[] body=0 resp=none "
              "err= init= res= t=1795334462.000+0.0000");
  assert_line(&r, 1,
              "#1 FOO https://h.test?q=1#frag target=/?q=1 1.1 req[] body=0 "
              "resp=none err= init= res= t=1795334462.000+0.0000");
  assert_line(&r, 2,
              "#2 GET http://u:p@h.test:8080/a/b;c?d=%20e#f "
              "target=/a/b;c?d=%20e 1.9 req[] body=0 resp=none err= init= "
              "res= t=1795334462.000+0.0000");
  assert_line(&r, 3,
              "#3 GET wss://h.test/socket target=/socket 1.1 req[] body=0 "
              "resp=none err= init= res= t=1795334462.000+0.0000");
  assert_int_equal(st.skipped, 2);
  assert_warn(&r, r.nw - 2, 4,
              "t.har: entry 4: request.url: not an absolute URL "
              "(\"data:text/plain,hi\"), skipped");
  assert_warn(&r, r.nw - 1, 5,
              "t.har: entry 5: request.url: not an absolute URL "
              "(\"1http://h.test/\"), skipped");
  rec_free(&r);
}

/* Failure texts from the other places recorders put them. The first
 * entry has no headers at all, request or response: the fuzzer's first
 * find (tests/fuzz/corpus/fuzz_wire_har/crash-null-headers.bin) was the
 * response's header array computed from a NULL scratch array then, which
 * `make asan` reports. */
static void test_failure_texts(void **state) {
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_int_equal(
      run("{'log': {'entries': ["
          "{" OKREQ ", " OKDATE ", '_error': 'net::ERR_BLOCKED_BY_CLIENT', "
          "'response': {'status': 0, 'headers': [], '_error': ''}},"
          "{" OKREQ ", " OKDATE ", 'response': {'status': -1, 'headers': [], "
          "'_failureText': 'net::ERR_CONNECTION_REFUSED'}},"
          "{" OKREQ ", " OKDATE ", '_initiator': 'https://x.test/', "
          "'_resourceType': 7, 'response': {'status': 200, 'headers': [], "
          "'_error': null}}"
          "]}}",
          &r, &st, err, sizeof err),
      0);
  assert_int_equal(r.nx, 3);
  assert_line(&r, 0,
              "#0 GET https://h.test/a target=/a 1.1 req[] body=0 resp=none "
              "err=net::ERR_BLOCKED_BY_CLIENT init= res= "
              "t=1795334462.000+0.0000");
  assert_line(&r, 1,
              "#1 GET https://h.test/a target=/a 1.1 req[] body=0 resp=none "
              "err=net::ERR_CONNECTION_REFUSED init= res= "
              "t=1795334462.000+0.0000");
  assert_line(&r, 2,
              "#2 GET https://h.test/a target=/a 1.1 req[] body=0 resp=200  "
              "1.1 [] body=0 err= init= res= t=1795334462.000+0.0000");
  assert_int_equal(st.failed, 2);
  assert_int_equal(r.nw, 0);
  rec_free(&r);
}

/* More headers than WIRE_HAR_HEADERS_MAX: the first ones are kept. */
static void test_header_limit(void **state) {
  size_t n = WIRE_HAR_HEADERS_MAX + 5, i, cap = n * 80 + 512, len;
  char *t = malloc(cap);
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  (void)state;
  assert_non_null(t);
  len = (size_t)snprintf(t, cap,
                         "{'log': {'entries': [{" OKDATE ", 'request': "
                         "{'method': 'GET', 'url': 'https://h.test/', "
                         "'headers': [");
  for (i = 0; i < n; i++)
    len += (size_t)snprintf(t + len, cap - len,
                            "%s{'name': ':p%zu', 'value': 'v'}, {'name': "
                            "'h%zu', 'value': 'v'}",
                            i ? ", " : "", i, i);
  snprintf(t + len, cap - len,
           "]}, 'response': {'status': 200, 'headers': []}}]}}");
  assert_int_equal(run(t, &r, &st, err, sizeof err), 0);
  assert_int_equal(r.nx, 1);
  assert_non_null(strstr(r.x[0], "|h1023: v] body=0"));
  assert_null(strstr(r.x[0], "h1024"));
  assert_null(strstr(r.x[0], ":p"));
  assert_int_equal(r.nw, 1);
  assert_warn(&r, 0, 0,
              "t.har: entry 0: request.headers: more than 1024 headers, "
              "the rest dropped");
  rec_free(&r);
  free(t);
}

/* Every prefix of a valid file, and a few thousand corrupted copies: an
 * error or a result, never a crash. */
static void test_truncations_and_garbage(void **state) {
  char *t = json_parts(chromium_har);
  size_t len = strlen(t), i;
  struct rec r = {0};
  struct wire_har_stats st;
  char err[256];
  uint32_t x = 12345;
  struct rec full = {0};
  size_t prev = 0;
  (void)state;
  assert_int_equal(run_bytes(t, len, &full, &st, err, sizeof err), 0);
  assert_true(full.nx > 1);
  /* Read as a stream, a cut file still gives the entries before the cut,
   * exactly as the whole file does, and then its error. */
  for (i = 0; i < len; i++) {
    int rc = run_bytes(t, i, &r, &st, err, sizeof err);
    size_t k;
    assert_int_equal(rc, CORSIM_EINVAL);
    assert_true(err[0] != '\0');
    assert_true(r.nx >= prev && r.nx <= full.nx);
    for (k = 0; k < r.nx; k++)
      assert_string_equal(r.x[k], full.x[k]);
    prev = r.nx;
    rec_free(&r);
  }
  assert_int_equal(prev, full.nx);
  rec_free(&full);
  for (i = 0; i < 3000; i++) {
    char *c = strdup(t);
    size_t k;
    int rc;
    for (k = 0; k < 1 + i % 5; k++) {
      x = x * 1103515245u + 12345u;
      c[(x >> 8) % len] = "{}[],:'\"0a\\ \x01\xc3"[(x >> 24) % 15];
    }
    rc = run_bytes(c, len, &r, &st, err, sizeof err);
    assert_true(rc == 0 || rc == CORSIM_EINVAL);
    assert_true(st.exchanges + st.skipped == st.entries);
    assert_int_equal(r.nx, st.exchanges);
    rec_free(&r);
    free(c);
  }
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chromium),
      cmocka_unit_test(test_firefox),
      cmocka_unit_test(test_bad_entries),
      cmocka_unit_test(test_not_json),
      cmocka_unit_test(test_not_har),
      cmocka_unit_test(test_optional_arguments),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_urls_and_versions),
      cmocka_unit_test(test_failure_texts),
      cmocka_unit_test(test_header_limit),
      cmocka_unit_test(test_truncations_and_garbage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
