/* test_har_bidi.c - unit tests for sim/live/har_bidi.c: Firefox's
 * WebDriver BiDi network events, as Firefox 153 sent them while
 * captures/firefox-basic.har was recorded (shortened), to HAR entries in
 * the shape of Firefox's har-builder.js. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "har_bidi.h"
#include "har_json.h"

#define PAGE "http://127.0.0.1:8201"
#define API "http://127.0.0.1:8202"
#define HDR(n, v)                                                              \
  "{\"name\":\"" n "\",\"value\":{\"type\":\"string\",\"value\":\"" v "\"}}"

static void ev(struct har_bidi *h, const char *method, const char *params) {
  json_error_t e;
  json_t *p = json_loads(params, 0, &e);
  if (p == NULL)
    fail_msg("bad test JSON (%s): %s", e.text, params);
  har_bidi_event(h, method, p);
  json_decref(p);
}

static const char *s(const json_t *o, const char *path) {
  char key[64];
  const char *dot;
  while ((dot = strchr(path, '.')) != NULL) {
    snprintf(key, sizeof key, "%.*s", (int)(dot - path), path);
    o = json_object_get(o, key);
    path = dot + 1;
  }
  return json_string_value(json_object_get(o, path));
}

static long long n(const json_t *o, const char *a, const char *b) {
  return json_integer_value(json_object_get(json_object_get(o, a), b));
}

static const json_t *hdrs(const json_t *e, const char *which) {
  return json_object_get(json_object_get(e, which), "headers");
}

/* One event's params: request id, redirect count, the request data and
 * what follows it (",\"response\":{...}" or ",\"errorText\":..."). */
static char *params(const char *id, int redirect, const char *nav,
                    const char *method, const char *url, const char *reqh,
                    double t0, const char *more) {
  char *b = malloc(4096);
  snprintf(b, 4096,
           "{\"context\":\"TOP\",\"navigation\":%s,\"redirectCount\":%d,"
           "\"timestamp\":%.0f,\"request\":{\"request\":\"%s\",\"url\":"
           "\"%s\",\"method\":\"%s\",\"bodySize\":0,\"headersSize\":300,"
           "\"headers\":[%s],\"cookies\":[],\"timings\":{\"requestTime\":%.3f,"
           "\"dnsStart\":0,\"dnsEnd\":0,\"connectStart\":0,\"connectEnd\":0,"
           "\"tlsStart\":0,\"tlsEnd\":0,\"requestStart\":%.3f,"
           "\"responseStart\":%.3f,\"responseEnd\":%.3f}}%s}",
           nav, redirect, t0, id, url, method, reqh, t0,
           more != NULL ? t0 + 2 : 0, more != NULL ? t0 + 3 : 0,
           more != NULL ? t0 + 3.5 : 0, more != NULL ? more : "");
  return b;
}

static void send(struct har_bidi *h, const char *method, char *p) {
  ev(h, method, p);
  free(p);
}

#define RQ HDR("Host", "127.0.0.1:8202") "," HDR("Origin", PAGE)

#define RESP(status, text, hs)                                                 \
  ",\"response\":{\"url\":\"x\",\"protocol\":\"http/1.1\",\"status\":" status  \
  ",\"statusText\":\"" text "\",\"fromCache\":false,\"headers\":[" hs          \
  "],\"mimeType\":\"application/json\",\"bytesReceived\":72,\"headersSize\":"  \
  "70,\"bodySize\":2,\"content\":{\"size\":0}}"

static void test_entries(void **state) {
  struct har_bidi *h = har_bidi_new("TOP");
  json_t *log, *es, *e;
  (void)state;
  setenv("TZ", "UTC0", 1);
  tzset();
  /* The page: a navigation, which starts a page. */
  send(h, "network.beforeRequestSent",
       params("1", 0, "\"N1\"", "GET", PAGE "/run/0", "", 1795346366000, NULL));
  send(h, "network.responseCompleted",
       params("1", 0, "\"N1\"", "GET", PAGE "/run/0", "", 1795346366000,
              RESP("200", "OK", HDR("Content-Type", "text/html"))));
  /* A response CORS refused: Firefox reports it as it would a success. */
  send(h, "network.beforeRequestSent",
       params("2", 0, "null", "GET", API "/s1/api/items", RQ, 1795346366100.5,
              NULL));
  send(h, "network.responseStarted",
       params("2", 0, "null", "GET", API "/s1/api/items", RQ, 1795346366100.5,
              RESP("200", "OK", HDR("Content-Type", "application/json"))));
  send(h, "network.responseCompleted",
       params("2", 0, "null", "GET", API "/s1/api/items",
              RQ "," HDR("Priority", "u=4"), 1795346366100.5,
              RESP("200", "OK", HDR("Content-Type", "application/json"))));
  /* A request its preflight stopped, then the preflight. */
  send(h, "network.beforeRequestSent",
       params("3", 0, "null", "PUT", API "/s7/api/items/3",
              RQ "," HDR("X-Trace", "1"), 1795346366200, NULL));
  send(h, "network.beforeRequestSent",
       params("4", 0, "null", "OPTIONS", API "/s7/api/items/3",
              RQ "," HDR("Access-Control-Request-Method", "PUT"), 1795346366201,
              NULL));
  send(h, "network.responseStarted",
       params("4", 0, "null", "OPTIONS", API "/s7/api/items/3", RQ,
              1795346366201,
              RESP("204", "No Content",
                   HDR("Access-Control-Allow-Origin", PAGE))));
  send(h, "network.fetchError",
       params("4", 0, "null", "OPTIONS", API "/s7/api/items/3", RQ,
              1795346366201, ",\"errorText\":\"NS_ERROR_DOM_BAD_URI\""));
  send(h, "network.fetchError",
       params("3", 0, "null", "PUT", API "/s7/api/items/3", RQ, 1795346366200,
              ",\"errorText\":\"NS_ERROR_DOM_BAD_URI\""));
  /* A header value that is not UTF-8 comes base64-encoded: one character
   * per byte in the HAR. And a data: URL, not exported. */
  send(h, "network.beforeRequestSent",
       params("5", 0, "null", "GET", API "/latin?q=a+b",
              "{\"name\":\"X-Bytes\",\"value\":{\"type\":\"base64\","
              "\"value\":\"6XTp\"}}",
              1795346366300, NULL));
  send(h, "network.beforeRequestSent",
       params("6", 0, "null", "GET", "data:,", "", 1795346366400, NULL));
  log = har_bidi_log(h, "Firefox", "153.7.0");
  assert_non_null(log);
  es = json_object_get(json_object_get(log, "log"), "entries");
  assert_string_equal(s(log, "log.creator.name"), "Firefox");
  assert_string_equal(s(log, "log.browser.version"), "153.7.0");
  assert_int_equal(
      json_array_size(json_object_get(json_object_get(log, "log"), "pages")),
      1);
  assert_int_equal(json_array_size(es), 5);

  e = json_array_get(es, 1);
  assert_string_equal(s(e, "startedDateTime"), "2026-11-22T11:19:26.100+00:00");
  assert_int_equal(n(e, "response", "status"), 200);
  assert_null(json_object_get(json_object_get(e, "response"), "_error"));
  /* The latest event's request headers: Priority was added late. */
  assert_string_equal(har_json_header(hdrs(e, "request"), "priority"), "u=4");
  assert_string_equal(s(e, "request.httpVersion"), "HTTP/1.1");
  assert_string_equal(s(e, "pageref"), "page_0");
  assert_string_equal(s(e, "_securityState"), "insecure");
  assert_int_equal(n(e, "response", "bodySize"), 72);
  assert_int_equal(n(e, "timings", "wait"), 1);
  assert_int_equal(n(e, "timings", "blocked"), 2);

  e = json_array_get(es, 2);
  assert_string_equal(s(e, "request.method"), "PUT");
  assert_int_equal(n(e, "response", "status"), 0);
  assert_int_equal(json_array_size(hdrs(e, "response")), 0);
  assert_string_equal(s(e, "response.httpVersion"), "");
  assert_string_equal(s(e, "request.httpVersion"), "");
  assert_string_equal(har_json_header(hdrs(e, "request"), "origin"), PAGE);

  e = json_array_get(es, 3);
  assert_string_equal(s(e, "request.method"), "OPTIONS");
  assert_int_equal(n(e, "response", "status"), 204);

  e = json_array_get(es, 4);
  assert_string_equal(har_json_header(hdrs(e, "request"), "x-bytes"),
                      "\xc3\xa9t\xc3\xa9");
  assert_string_equal(
      s(json_array_get(
            json_object_get(json_object_get(e, "request"), "queryString"), 0),
        "value"),
      "a b");
  json_decref(log);
  har_bidi_free(h);
}

/* A redirect: the same request id with redirectCount 1 is a second
 * entry. An event for a request begun before recording is ignored. */
static void test_redirect(void **state) {
  struct har_bidi *h = har_bidi_new(NULL);
  json_t *log, *es;
  (void)state;
  send(h, "network.responseCompleted",
       params("0", 0, "null", "GET", API "/early", "", 1795346366000,
              RESP("200", "OK", "")));
  send(h, "network.beforeRequestSent",
       params("7", 0, "null", "GET", API "/old", "", 1795346366000, NULL));
  send(h, "network.responseCompleted",
       params("7", 0, "null", "GET", API "/old", "", 1795346366000,
              RESP("302", "Found", HDR("Location", "/new"))));
  send(h, "network.beforeRequestSent",
       params("7", 1, "null", "GET", API "/new", "", 1795346366010, NULL));
  send(h, "network.responseCompleted",
       params("7", 1, "null", "GET", API "/new", "", 1795346366010,
              RESP("200", "OK", "")));
  log = har_bidi_log(h, NULL, NULL);
  es = json_object_get(json_object_get(log, "log"), "entries");
  assert_int_equal(json_array_size(es), 2);
  assert_int_equal(n(json_array_get(es, 0), "response", "status"), 302);
  assert_string_equal(s(json_array_get(es, 0), "response.redirectURL"), "/new");
  assert_string_equal(s(json_array_get(es, 1), "request.url"), API "/new");
  assert_null(json_object_get(json_array_get(es, 0), "pageref"));
  json_decref(log);
  har_bidi_free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_entries),
      cmocka_unit_test(test_redirect),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
