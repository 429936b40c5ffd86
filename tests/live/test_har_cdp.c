/* test_har_cdp.c - unit tests for sim/live/har_cdp.c: Chromium's
 * DevTools-protocol Network events, as Chromium 156 sent them while
 * captures/chromium-basic.har was recorded (shortened), to HAR entries
 * in the shape of DevTools' export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "har_cdp.h"
#include "har_json.h"

#define UA                                                                     \
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "           \
  "Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
#define PAGE "http://127.0.0.1:8201"
#define API "http://127.0.0.1:8202"

static void ev(struct har_cdp *h, const char *method, const char *params) {
  json_error_t e;
  json_t *p = json_loads(params, 0, &e);
  if (p == NULL)
    fail_msg("bad test JSON (%s): %s", e.text, params);
  har_cdp_event(h, method, p);
  json_decref(p);
}

static json_t *entries(const struct har_cdp *h, json_t **log) {
  *log = har_cdp_log(h);
  assert_non_null(*log);
  return json_object_get(json_object_get(*log, "log"), "entries");
}

static const char *s(const json_t *o, const char *path) {
  /* "a.b.c": nested members. */
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

/* A request its response's CORS check refused: no responseReceived, the
 * status and headers only in responseReceivedExtraInfo. */
static void test_refused_response(void **state) {
  struct har_cdp *h = har_cdp_new(NULL);
  json_t *log, *es, *e;
  (void)state;
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"1.5\",\"loaderId\":\"L\",\"request\":{\"url\":\"" API
     "/s1/api/items\",\"method\":\"GET\",\"headers\":{\"Referer\":\"" PAGE
     "/\",\"User-Agent\":\"" UA "\"},\"initialPriority\":\"High\"},"
     "\"timestamp\":100.0,\"wallTime\":1795346163.0065,\"initiator\":{"
     "\"type\":\"script\",\"stack\":{\"callFrames\":[]}},\"type\":\"Fetch\"}");
  ev(h, "Network.requestWillBeSentExtraInfo",
     "{\"requestId\":\"1.5\",\"associatedCookies\":[],\"headers\":{\"Accept\":"
     "\"*/*\",\"Host\":\"127.0.0.1:8202\",\"Origin\":\"" PAGE "\"}}");
  ev(h, "Network.responseReceivedExtraInfo",
     "{\"requestId\":\"1.5\",\"headers\":{\"Content-Length\":\"2\","
     "\"Content-Type\":\"application/json\"},\"statusCode\":200,"
     "\"headersText\":\"HTTP/1.1 200 OK\\r\\nContent-Type: application/json"
     "\\r\\nContent-Length: 2\\r\\n\\r\\n\"}");
  ev(h, "Network.loadingFailed",
     "{\"requestId\":\"1.5\",\"timestamp\":100.02,\"type\":\"Fetch\","
     "\"errorText\":\"net::ERR_FAILED\",\"canceled\":false,"
     "\"corsErrorStatus\":{\"corsError\":\"MissingAllowOriginHeader\"}}");
  es = entries(h, &log);
  assert_int_equal(json_array_size(es), 1);
  e = json_array_get(es, 0);
  assert_string_equal(s(log, "log.creator.name"), "WebInspector");
  assert_string_equal(s(log, "log.creator.version"), "537.36");
  assert_string_equal(s(e, "startedDateTime"), "2026-11-22T11:16:03.006Z");
  assert_string_equal(s(e, "_resourceType"), "fetch");
  assert_string_equal(s(e, "_initiator.type"), "script");
  assert_string_equal(s(e, "_priority"), "High");
  assert_string_equal(s(e, "request.httpVersion"), "HTTP/1.1");
  /* The headers that went out, not the provisional ones. */
  assert_string_equal(
      har_json_header(json_object_get(json_object_get(e, "request"), "headers"),
                      "origin"),
      PAGE);
  assert_int_equal(n(e, "response", "status"), 200);
  assert_string_equal(s(e, "response.statusText"), "OK");
  assert_string_equal(s(e, "response.httpVersion"), "HTTP/1.1");
  assert_string_equal(s(e, "response._error"), "net::ERR_FAILED");
  assert_int_equal(json_array_size(json_object_get(
                       json_object_get(e, "response"), "headers")),
                   2);
  assert_int_equal(n(e, "response", "headersSize"),
                   (long long)strlen("HTTP/1.1 200 OK\r\nContent-Type: "
                                     "application/json\r\nContent-Length: "
                                     "2\r\n\r\n"));
  /* No timing: everything is "blocked", 20 ms. */
  assert_true(json_real_value(json_object_get(e, "time")) > 19.99 &&
              json_real_value(json_object_get(e, "time")) < 20.01);
  assert_int_equal(n(e, "timings", "dns"), -1);
  json_decref(log);
  har_cdp_free(h);
}

/* A preflight: its own request id, initiator "preflight", sent as "Other"
 * and answered as "Preflight"; its ExtraInfo after loadingFinished. And
 * the request it was for, stopped by it: provisional headers only. */
static void test_preflight_and_stopped_request(void **state) {
  struct har_cdp *h = har_cdp_new(NULL);
  json_t *log, *es, *a, *p;
  (void)state;
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"1.24\",\"request\":{\"url\":\"" API "/s7/api/items/3\","
     "\"method\":\"PUT\",\"headers\":{\"X-Token\":\"abc\",\"X-Trace\":\"1\"}},"
     "\"timestamp\":200.0,\"wallTime\":1795346165.8997,\"initiator\":{"
     "\"type\":\"script\"},\"type\":\"Fetch\"}");
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"2AA5\",\"request\":{\"url\":\"" API "/s7/api/items/3\","
     "\"method\":\"OPTIONS\",\"headers\":{\"Access-Control-Request-Method\":"
     "\"PUT\",\"Origin\":\"" PAGE "\"}},\"timestamp\":200.022,\"wallTime\":"
     "1795346165.9216,\"initiator\":{\"type\":\"preflight\",\"url\":\"" API
     "/s7/api/items/3\",\"requestId\":\"1.24\"},\"type\":\"Other\"}");
  ev(h, "Network.loadingFailed",
     "{\"requestId\":\"1.24\",\"timestamp\":200.012,\"type\":\"Fetch\","
     "\"errorText\":\"net::ERR_FAILED\",\"canceled\":false}");
  ev(h, "Network.requestWillBeSentExtraInfo",
     "{\"requestId\":\"2AA5\",\"headers\":{\"Access-Control-Request-Headers\":"
     "\"x-token,x-trace\",\"Access-Control-Request-Method\":\"PUT\","
     "\"Origin\":\"" PAGE "\"}}");
  ev(h, "Network.responseReceived",
     "{\"requestId\":\"2AA5\",\"timestamp\":200.03,\"type\":\"Preflight\","
     "\"response\":{\"url\":\"" API "/s7/api/items/3\",\"status\":204,"
     "\"statusText\":\"No Content\",\"headers\":{\"Access-Control-Allow-"
     "Origin\":\"" PAGE "\"},\"mimeType\":\"\",\"connectionId\":92,"
     "\"remoteIPAddress\":\"127.0.0.1\",\"remotePort\":8202,\"protocol\":"
     "\"http/1.1\",\"encodedDataLength\":204,\"timing\":{\"requestTime\":"
     "200.025,\"proxyStart\":-1,\"proxyEnd\":-1,\"dnsStart\":-1,\"dnsEnd\":-1,"
     "\"connectStart\":-1,\"connectEnd\":-1,\"sslStart\":-1,\"sslEnd\":-1,"
     "\"sendStart\":0.25,\"sendEnd\":0.5,\"receiveHeadersEnd\":2.0}}}");
  ev(h, "Network.loadingFinished",
     "{\"requestId\":\"2AA5\",\"timestamp\":200.031,\"encodedDataLength\":"
     "204}");
  ev(h, "Network.responseReceivedExtraInfo",
     "{\"requestId\":\"2AA5\",\"headers\":{\"Access-Control-Allow-Headers\":"
     "\"x-token\",\"Access-Control-Allow-Origin\":\"" PAGE "\"},"
     "\"statusCode\":204,\"headersText\":\"HTTP/1.1 204 No "
     "Content\\r\\n\\r\\n\"}");
  es = entries(h, &log);
  assert_int_equal(json_array_size(es), 2);
  /* In the order requestWillBeSent came: the request, then its preflight. */
  a = json_array_get(es, 0);
  p = json_array_get(es, 1);
  assert_string_equal(s(a, "request.method"), "PUT");
  assert_int_equal(n(a, "response", "status"), 0);
  assert_int_equal(json_array_size(json_object_get(
                       json_object_get(a, "response"), "headers")),
                   0);
  assert_string_equal(s(a, "request.httpVersion"), "");
  assert_string_equal(s(a, "response._error"), "net::ERR_FAILED");
  assert_null(har_json_header(
      json_object_get(json_object_get(a, "request"), "headers"), "origin"));
  assert_string_equal(s(p, "_resourceType"), "preflight");
  assert_string_equal(s(p, "_initiator.type"), "preflight");
  assert_string_equal(s(p, "_initiator.requestId"), "1.24");
  assert_string_equal(s(p, "_connectionId"), "92");
  assert_string_equal(s(p, "connection"), "8202");
  assert_string_equal(s(p, "serverIPAddress"), "127.0.0.1");
  assert_int_equal(n(p, "response", "status"), 204);
  assert_true(
      json_is_null(json_object_get(json_object_get(p, "response"), "_error")));
  /* The ExtraInfo that came last still counts: its headers replace the
   * response's. */
  assert_string_equal(
      har_json_header(
          json_object_get(json_object_get(p, "response"), "headers"),
          "access-control-allow-headers"),
      "x-token");
  assert_string_equal(s(p, "response.content.mimeType"), "x-unknown");
  json_decref(log);
  har_cdp_free(h);
}

/* A redirect: two hops under one request id, each its own entry, each
 * with its own ExtraInfo (matched by position). An ExtraInfo may come
 * before its requestWillBeSent. */
static void test_redirect(void **state) {
  struct har_cdp *h = har_cdp_new(NULL);
  json_t *log, *es, *r0, *r1;
  (void)state;
  ev(h, "Network.requestWillBeSentExtraInfo",
     "{\"requestId\":\"9\",\"headers\":{\"Origin\":\"" PAGE
     "\",\"Hop\":\"0\"}}");
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"9\",\"request\":{\"url\":\"" API "/old#frag\","
     "\"method\":\"GET\",\"headers\":{}},\"timestamp\":1,\"wallTime\":"
     "1795346163,\"type\":\"Fetch\"}");
  ev(h, "Network.responseReceivedExtraInfo",
     "{\"requestId\":\"9\",\"headers\":{\"Location\":\"/new\"},\"statusCode\":"
     "302,\"headersText\":\"HTTP/1.1 302 Found\\r\\nLocation: "
     "/new\\r\\n\\r\\n\"}");
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"9\",\"request\":{\"url\":\"" API "/new?a=1&b\","
     "\"method\":\"GET\",\"headers\":{}},\"timestamp\":1.01,\"wallTime\":"
     "1795346163.01,\"type\":\"Fetch\",\"redirectResponse\":{\"url\":\"" API
     "/old\",\"status\":302,\"statusText\":\"Found\",\"headers\":{"
     "\"Location\":\"/new\"},\"protocol\":\"http/1.1\"}}");
  ev(h, "Network.requestWillBeSentExtraInfo",
     "{\"requestId\":\"9\",\"headers\":{\"Origin\":\"null\",\"Hop\":\"1\"}}");
  ev(h, "Network.responseReceivedExtraInfo",
     "{\"requestId\":\"9\",\"headers\":{\"Access-Control-Allow-Origin\":"
     "\"null\"},\"statusCode\":200,\"headersText\":\"HTTP/1.1 200 OK\\r\\n"
     "\\r\\n\"}");
  ev(h, "Network.responseReceived",
     "{\"requestId\":\"9\",\"timestamp\":1.02,\"type\":\"Fetch\",\"response\":"
     "{\"status\":200,\"statusText\":\"OK\",\"headers\":{},\"mimeType\":"
     "\"text/plain\",\"protocol\":\"http/1.1\"}}");
  /* Not finished: not exported, as DevTools exports finished requests. */
  es = entries(h, &log);
  assert_int_equal(json_array_size(es), 1);
  json_decref(log);
  ev(h, "Network.loadingFinished",
     "{\"requestId\":\"9\",\"timestamp\":1.03,\"encodedDataLength\":40}");
  es = entries(h, &log);
  assert_int_equal(json_array_size(es), 2);
  r0 = json_array_get(es, 0);
  r1 = json_array_get(es, 1);
  assert_string_equal(s(r0, "request.url"), API "/old");
  assert_int_equal(n(r0, "response", "status"), 302);
  assert_string_equal(s(r0, "response.redirectURL"), "/new");
  assert_string_equal(
      har_json_header(
          json_object_get(json_object_get(r0, "request"), "headers"), "hop"),
      "0");
  assert_string_equal(
      har_json_header(
          json_object_get(json_object_get(r1, "request"), "headers"), "hop"),
      "1");
  assert_int_equal(n(r1, "response", "status"), 200);
  assert_int_equal(json_array_size(json_object_get(
                       json_object_get(r1, "request"), "queryString")),
                   2);
  assert_string_equal(s(r1, "startedDateTime"), "2026-11-22T11:16:03.010Z");
  json_decref(log);
  har_cdp_free(h);
}

/* Pages: the main frame's documents only; data: URLs are not exported. */
static void test_pages_and_schemes(void **state) {
  struct har_cdp *h = har_cdp_new("MAIN");
  json_t *log, *es, *pages;
  (void)state;
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"D1\",\"loaderId\":\"D1\",\"frameId\":\"MAIN\","
     "\"request\":{\"url\":\"" PAGE "/run/0\",\"method\":\"GET\",\"headers\":"
     "{}},\"timestamp\":5,\"wallTime\":1795346163,\"type\":\"Document\"}");
  ev(h, "Network.loadingFinished", "{\"requestId\":\"D1\",\"timestamp\":5.1}");
  ev(h, "Page.domContentEventFired", "{\"timestamp\":5.25}");
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"F1\",\"loaderId\":\"F1\",\"frameId\":\"SUB\","
     "\"request\":{\"url\":\"" API "/frame\",\"method\":\"GET\",\"headers\":"
     "{}},\"timestamp\":6,\"wallTime\":1795346164,\"type\":\"Document\"}");
  ev(h, "Network.loadingFinished", "{\"requestId\":\"F1\",\"timestamp\":6.1}");
  ev(h, "Network.requestWillBeSent",
     "{\"requestId\":\"X\",\"request\":{\"url\":\"data:,\",\"method\":\"GET\","
     "\"headers\":{}},\"timestamp\":7,\"wallTime\":1795346165,\"type\":"
     "\"Image\"}");
  ev(h, "Network.loadingFinished", "{\"requestId\":\"X\",\"timestamp\":7.1}");
  es = entries(h, &log);
  pages = json_object_get(json_object_get(log, "log"), "pages");
  assert_int_equal(json_array_size(es), 2);
  assert_int_equal(json_array_size(pages), 1);
  assert_string_equal(s(json_array_get(pages, 0), "id"), "page_1");
  assert_int_equal(n(json_array_get(pages, 0), "pageTimings", "onContentLoad"),
                   250);
  assert_int_equal(n(json_array_get(pages, 0), "pageTimings", "onLoad"), -1);
  assert_string_equal(s(json_array_get(es, 1), "pageref"), "page_1");
  assert_string_equal(s(json_array_get(es, 1), "_resourceType"), "document");
  assert_non_null(strstr(s(log, "log.comment"), "Built by corsim"));
  json_decref(log);
  har_cdp_free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_refused_response),
      cmocka_unit_test(test_preflight_and_stopped_request),
      cmocka_unit_test(test_redirect),
      cmocka_unit_test(test_pages_and_schemes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
