/*
 * test_fetch.c - the fetch state machine (sim/core/fetch.c) driven end to
 * end: wire requests, verdicts, redirects, hypothetical requests, the
 * caller contract, and use from several threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "corsim.h"
#include "drive.h"

#define PAGE "http://127.0.0.1:8001"
#define API "http://127.0.0.1:8002"

static struct corsim_ctx *ctx_for(enum corsim_browser b) {
  struct corsim_ctx *c = NULL;
  assert_int_equal(corsim_ctx_new(b, corsim_str_c(PAGE), &c), 0);
  return c;
}

static struct corsim_request req_of(const char *method, const char *url) {
  struct corsim_request r;
  corsim_request_init(&r);
  r.method = corsim_str_c(method);
  r.url = corsim_str_c(url);
  return r;
}

static const struct drive_rule allow_all[] = {
    {"OPTIONS", NULL, 204,
     {H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Methods", "PUT, PATCH, DELETE"),
      H("Access-Control-Allow-Headers", "x-a, x-b, content-type")},
     3},
    {NULL, NULL, 200,
     {H("Access-Control-Allow-Origin", PAGE), H("Content-Type", "text/plain"),
      H("X-Secret", "1")},
     3},
};

static void simple_get_is_cors_without_preflight(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  corsim_ctx_set_trace(c, true);
  struct corsim_request r = req_of("GET", API "/a");
  struct corsim_result res;
  struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
  assert_non_null(f);
  assert_int_equal(res.response_type, CORSIM_RESPONSE_CORS);
  assert_false(res.blocked);
  assert_int_equal(res.status, 200);
  assert_int_equal(res.preflight, CORSIM_PREFLIGHT_NONE);
  assert_int_equal(res.nwire, 1);
  assert_string_equal(wire_header(&res, 0, "Origin"), PAGE);
  assert_int_equal(res.nexposed_headers, 1); /* content-type, not x-secret */
  assert_true(str_is(res.exposed_headers[0], "content-type"));
  assert_null(res.message.ptr);
  assert_true(res.ntrace > 0);
  for (size_t i = 0; i < res.ntrace; i++)
    assert_non_null(res.trace[i].rule);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void same_origin_get_has_no_origin_header(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("GET", "/same");
  struct corsim_result res;
  static const struct drive_rule rules[] = {
      {NULL, NULL, 200, {H("Set-Cookie", "a=1"), H("X-Any", "v")}, 2}};
  struct corsim_fetch *f = drive(c, &r, rules, 1, &res);
  assert_int_equal(res.response_type, CORSIM_RESPONSE_BASIC);
  assert_true(str_is(res.wire[0].url, PAGE "/same"));
  assert_null(wire_header(&res, 0, "Origin"));
  /* basic responses hide only Set-Cookie */
  assert_int_equal(res.nexposed_headers, 1);
  assert_true(str_is(res.exposed_headers[0], "x-any"));
  corsim_fetch_free(f);
  r = req_of("POST", "/same");
  f = drive(c, &r, rules, 1, &res);
  assert_string_equal(wire_header(&res, 0, "Origin"), PAGE);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void preflight_lists_unsafe_names_sorted(void **state) {
  (void)state;
  struct corsim_header hs[] = {H("X-B", "1"), H("Accept", "*/*"),
                               H("X-A", "2"), H("x-a", "3")};
  for (int b = 0; b < 2; b++) {
    struct corsim_ctx *c =
        ctx_for(b ? CORSIM_BROWSER_FIREFOX : CORSIM_BROWSER_CHROMIUM);
    struct corsim_request r = req_of("put", API "/a");
    r.headers = hs;
    r.nheaders = 4;
    struct corsim_result res;
    struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
    assert_false(res.blocked);
    assert_int_equal(res.preflight, CORSIM_PREFLIGHT_SENT);
    assert_int_equal(res.nwire, 2);
    assert_true(str_is(res.wire[0].method, "OPTIONS"));
    assert_string_equal(wire_header(&res, 0, "Access-Control-Request-Method"),
                        "PUT");
    /* Firefox repeats a name set twice by fetch(); the others list it once
     * (observed-browsers.md). */
    assert_string_equal(wire_header(&res, 0, "Access-Control-Request-Headers"),
                        b ? "x-a,x-a,x-b" : "x-a,x-b");
    assert_true(str_is(res.wire[1].method, "PUT"));
    corsim_fetch_free(f);
    corsim_ctx_free(c);
  }
}

static void failed_preflight_explores_hypothetically(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("DELETE", API "/a");
  struct corsim_fetch *f = NULL;
  assert_int_equal(corsim_fetch_new(c, &r, &f), 0);
  struct corsim_wire_request w;
  assert_true(corsim_fetch_next(f, &w));
  assert_true(w.preflight);
  assert_false(w.hypothetical);
  struct corsim_header none[1];
  struct corsim_wire_response pre = {404, none, 0};
  assert_int_equal(corsim_fetch_feed(f, &pre), 0);
  assert_true(corsim_fetch_next(f, &w));
  assert_false(w.preflight);
  assert_true(w.hypothetical); /* the DELETE the browser never sends */
  struct corsim_wire_response act = {200, none, 0};
  assert_int_equal(corsim_fetch_feed(f, &act), 0);
  assert_false(corsim_fetch_next(f, &w));
  struct corsim_result res;
  assert_int_equal(corsim_fetch_result(f, &res), 0);
  assert_true(res.blocked);
  assert_int_equal(res.error, CORSIM_REASON_PreflightMissingAllowOriginHeader);
  assert_int_equal(res.nwire, 1); /* hypothetical requests are not wire */
  assert_int_equal(res.wire[0].status, 404);
  assert_int_equal(res.nalso, 3);
  assert_int_equal(res.also[0], CORSIM_REASON_PreflightInvalidStatus);
  assert_int_equal(res.also[1], CORSIM_REASON_MethodDisallowedByPreflightResponse);
  assert_int_equal(res.also[2], CORSIM_REASON_MissingAllowOriginHeader);
  assert_non_null(res.fix.ptr);
  assert_true(res.nnotes >= 1);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void caller_contract(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("GET", API "/a");
  struct corsim_fetch *f = NULL;
  struct corsim_result res;
  assert_int_equal(corsim_fetch_new(c, &r, &f), 0);
  struct corsim_wire_response resp = {200, NULL, 0};
  assert_int_equal(corsim_fetch_feed(f, &resp), CORSIM_ESTATE); /* no next */
  assert_int_equal(corsim_fetch_result(f, &res), CORSIM_ESTATE);
  struct corsim_wire_request w;
  assert_true(corsim_fetch_next(f, &w));
  /* a real request without an answer is a network error */
  assert_int_equal(corsim_fetch_feed(f, NULL), 0);
  assert_int_equal(corsim_fetch_result(f, &res), 0);
  assert_int_equal(res.error, CORSIM_REASON_NetworkError);
  assert_int_equal(corsim_fetch_feed(f, &resp), CORSIM_ESTATE);
  corsim_fetch_free(f);
  r.mode = (enum corsim_mode)99;
  assert_int_equal(corsim_fetch_new(c, &r, &f), CORSIM_EINVAL);
  corsim_fetch_free(NULL);
  corsim_ctx_free(c);
  corsim_ctx_free(NULL);
  assert_int_equal(corsim_ctx_new(CORSIM_BROWSER_CHROMIUM,
                                  corsim_str_c("http://a.example/"), &c),
                   CORSIM_EORIGIN);
}

static void redirect_taints_origin(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("GET", API "/r");
  static const struct drive_rule rules[] = {
      {NULL, API "/r", 302,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Location", "http://localhost:8003/x")},
       2},
      {NULL, "http://localhost:8003/x", 200,
       {H("Access-Control-Allow-Origin", PAGE)},
       1},
  };
  struct corsim_result res;
  struct corsim_fetch *f = drive(c, &r, rules, 2, &res);
  assert_int_equal(res.nwire, 2);
  assert_string_equal(wire_header(&res, 1, "Origin"), "null");
  assert_true(res.blocked);
  assert_int_equal(res.error, CORSIM_REASON_AllowOriginMismatch);
  /* the message names both URLs and the page's origin, not null */
  assert_non_null(strstr(res.message.ptr, "Access to fetch at "
                                          "'http://localhost:8003/x' "
                                          "(redirected from '" API "/r') "
                                          "from origin '" PAGE "'"));
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static struct drive_rule chain[22];

static void build_chain(void) {
  for (int i = 0; i < 22; i++) {
    static char urls[22][64], locs[22][64];
    snprintf(urls[i], sizeof(urls[i]), API "/r%d", i);
    snprintf(locs[i], sizeof(locs[i]), API "/r%d", i + 1);
    chain[i].url = urls[i];
    chain[i].status = 302;
    chain[i].headers[0] = (struct corsim_header){
        corsim_str_c("Access-Control-Allow-Origin"), corsim_str_c(PAGE)};
    chain[i].headers[1] =
        (struct corsim_header){corsim_str_c("Location"), corsim_str_c(locs[i])};
    chain[i].nheaders = 2;
  }
}

static void twenty_redirects_are_followed_not_21(void **state) {
  (void)state;
  build_chain();
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("GET", API "/r0");
  struct corsim_result res;
  /* r20 answers 200: 20 redirects followed */
  chain[20].status = 200;
  chain[20].nheaders = 1;
  struct corsim_fetch *f = drive(c, &r, chain, 22, &res);
  assert_false(res.blocked);
  assert_int_equal(res.nwire, 21);
  corsim_fetch_free(f);
  chain[20].status = 302;
  chain[20].nheaders = 2;
  f = drive(c, &r, chain, 22, &res);
  assert_true(res.blocked);
  assert_int_equal(res.error, CORSIM_REASON_TooManyRedirects);
  assert_int_equal(res.nwire, 21);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void see_other_after_put(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT")},
       2},
      {"PUT", NULL, 303,
       {H("Access-Control-Allow-Origin", PAGE), H("Location", API "/done")},
       2},
      {"GET", NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},
  };
  /* Chromium sends the GET at once; Firefox and WebKit preflight it
   * (observed-browsers.md, "303 after a preflighted PUT"). */
  const enum corsim_browser bs[] = {CORSIM_BROWSER_CHROMIUM,
                                    CORSIM_BROWSER_FIREFOX,
                                    CORSIM_BROWSER_WEBKIT};
  const size_t want[] = {3, 4, 4};
  for (int i = 0; i < 3; i++) {
    struct corsim_ctx *c = ctx_for(bs[i]);
    struct corsim_request r = req_of("PUT", API "/a");
    r.body = CORSIM_BODY_TEXT;
    struct corsim_result res;
    struct corsim_fetch *f = drive(c, &r, rules, 3, &res);
    assert_false(res.blocked);
    assert_int_equal(res.nwire, want[i]);
    assert_true(str_is(res.wire[res.nwire - 1].method, "GET"));
    /* the body and its Content-Type are gone */
    assert_null(wire_header(&res, res.nwire - 1, "Content-Type"));
    corsim_fetch_free(f);
    corsim_ctx_free(c);
  }
}

static void redirect_modes(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {NULL, API "/r", 302,
       {H("Access-Control-Allow-Origin", PAGE), H("Location", API "/x")},
       2},
      {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},
  };
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("GET", API "/r");
  struct corsim_result res;
  r.redirect = CORSIM_REDIRECT_MANUAL;
  struct corsim_fetch *f = drive(c, &r, rules, 2, &res);
  assert_int_equal(res.response_type, CORSIM_RESPONSE_OPAQUEREDIRECT);
  assert_int_equal(res.status, 0);
  corsim_fetch_free(f);
  r.redirect = CORSIM_REDIRECT_ERROR;
  f = drive(c, &r, rules, 2, &res);
  assert_int_equal(res.error, CORSIM_REASON_RedirectModeError);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void no_cors_is_opaque_and_filters_headers(void **state) {
  (void)state;
  struct corsim_header hs[] = {H("X-A", "1"), H("Accept", "text/html"),
                               H("Range", "bytes=0-")};
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("POST", API "/a");
  r.mode = CORSIM_MODE_NO_CORS;
  r.headers = hs;
  r.nheaders = 3;
  r.body = CORSIM_BODY_TEXT;
  struct corsim_result res;
  static const struct drive_rule rules[] = {{.status = 200}};
  struct corsim_fetch *f = drive(c, &r, rules, 1, &res);
  assert_int_equal(res.response_type, CORSIM_RESPONSE_OPAQUE);
  assert_int_equal(res.status, 0);
  assert_int_equal(res.nexposed_headers, 0);
  assert_null(wire_header(&res, 0, "X-A"));
  assert_null(wire_header(&res, 0, "Range"));
  assert_string_equal(wire_header(&res, 0, "Accept"), "text/html");
  assert_string_equal(wire_header(&res, 0, "Content-Type"),
                      "text/plain;charset=UTF-8");
  assert_string_equal(wire_header(&res, 0, "Origin"), PAGE);
  corsim_fetch_free(f);
  r.method = corsim_str_c("PUT");
  f = drive(c, &r, rules, 1, &res);
  assert_int_equal(res.error, CORSIM_REASON_NoCorsMethodNotSafelisted);
  assert_int_equal(res.nwire, 0);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void preflight_cache_across_requests(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct corsim_request r = req_of("PUT", API "/a");
  struct corsim_result res;
  struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
  assert_int_equal(res.preflight, CORSIM_PREFLIGHT_SENT);
  corsim_fetch_free(f);
  r.at = 4.9;
  f = drive(c, &r, allow_all, 2, &res);
  assert_int_equal(res.preflight, CORSIM_PREFLIGHT_CACHED);
  assert_int_equal(res.nwire, 1);
  corsim_fetch_free(f);
  r.at = 5.0; /* the default 5 s have passed */
  f = drive(c, &r, allow_all, 2, &res);
  assert_int_equal(res.preflight, CORSIM_PREFLIGHT_SENT);
  corsim_fetch_free(f);
  /* credentials are part of the key: an uncredentialed entry does not
   * serve an include request */
  r.credentials = CORSIM_CREDENTIALS_INCLUDE;
  r.at = 5.5;
  f = drive(c, &r, allow_all, 2, &res);
  assert_int_equal(res.preflight, CORSIM_PREFLIGHT_SENT);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

static void xhr_response_type_and_upload_listeners(void **state) {
  (void)state;
  const enum corsim_browser bs[] = {CORSIM_BROWSER_CHROMIUM,
                                    CORSIM_BROWSER_FIREFOX};
  for (int i = 0; i < 2; i++) {
    struct corsim_ctx *c = ctx_for(bs[i]);
    struct corsim_request r = req_of("GET", API "/a");
    r.api = CORSIM_API_XHR;
    r.upload_listeners = true;
    struct corsim_result res;
    struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
    assert_int_equal(res.response_type, CORSIM_RESPONSE_CORS);
    /* GET has no body: Chromium forces no preflight, Firefox does */
    assert_int_equal(res.preflight,
                     i == 0 ? CORSIM_PREFLIGHT_NONE : CORSIM_PREFLIGHT_SENT);
    corsim_fetch_free(f);
    r.url = corsim_str_c("/same");
    f = drive(c, &r, allow_all, 2, &res);
    assert_int_equal(res.response_type, CORSIM_RESPONSE_BASIC);
    corsim_fetch_free(f);
    corsim_ctx_free(c);
  }
}

static void script_errors_send_nothing(void **state) {
  (void)state;
  struct corsim_ctx *c = ctx_for(CORSIM_BROWSER_CHROMIUM);
  struct {
    const char *method, *url;
    enum corsim_body body;
    enum corsim_reason want;
  } cases[] = {
      {"TRACE", API "/a", CORSIM_BODY_NONE, CORSIM_REASON_ForbiddenMethod},
      {"B@D", API "/a", CORSIM_BODY_NONE, CORSIM_REASON_InvalidMethod},
      {"GET", "http://u:p@127.0.0.1:8002/", CORSIM_BODY_NONE,
       CORSIM_REASON_CredentialsInUrl},
      {"GET", "http://[bad/", CORSIM_BODY_NONE, CORSIM_REASON_InvalidUrl},
      {"GET", API "/a", CORSIM_BODY_TEXT, CORSIM_REASON_BodyNotAllowed},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct corsim_request r = req_of(cases[i].method, cases[i].url);
    r.body = cases[i].body;
    struct corsim_result res;
    struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
    assert_int_equal(res.error, cases[i].want);
    assert_int_equal(res.nwire, 0);
    assert_int_equal(res.response_type, CORSIM_RESPONSE_ERROR);
    assert_non_null(res.message.ptr);
    corsim_fetch_free(f);
  }
  corsim_ctx_free(c);
}

/* No global mutable state: contexts on different threads do not
 * interfere, and every thread sees the same verdicts. */
static void *thread_main(void *arg) {
  long bad = 0;
  struct corsim_ctx *c = NULL;
  if (corsim_ctx_new((enum corsim_browser)((intptr_t)arg % 4),
                     corsim_str_c(PAGE), &c) != 0)
    return (void *)1;
  for (int i = 0; i < 2000; i++) {
    struct corsim_request r = req_of("PUT", API "/a");
    r.at = i * 10.0;
    struct corsim_result res;
    struct corsim_fetch *f = drive(c, &r, allow_all, 2, &res);
    if (f == NULL || res.blocked || res.nwire != 2)
      bad++;
    corsim_fetch_free(f);
  }
  corsim_ctx_free(c);
  return (void *)bad;
}

static void threads_do_not_interfere(void **state) {
  (void)state;
  pthread_t t[8];
  for (intptr_t i = 0; i < 8; i++)
    assert_int_equal(pthread_create(&t[i], NULL, thread_main, (void *)i), 0);
  for (int i = 0; i < 8; i++) {
    void *ret;
    assert_int_equal(pthread_join(t[i], &ret), 0);
    assert_null(ret);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(simple_get_is_cors_without_preflight),
      cmocka_unit_test(same_origin_get_has_no_origin_header),
      cmocka_unit_test(preflight_lists_unsafe_names_sorted),
      cmocka_unit_test(failed_preflight_explores_hypothetically),
      cmocka_unit_test(caller_contract),
      cmocka_unit_test(redirect_taints_origin),
      cmocka_unit_test(twenty_redirects_are_followed_not_21),
      cmocka_unit_test(see_other_after_put),
      cmocka_unit_test(redirect_modes),
      cmocka_unit_test(no_cors_is_opaque_and_filters_headers),
      cmocka_unit_test(preflight_cache_across_requests),
      cmocka_unit_test(xhr_response_type_and_upload_listeners),
      cmocka_unit_test(script_errors_send_nothing),
      cmocka_unit_test(threads_do_not_interfere),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
