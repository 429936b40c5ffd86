/*
 * test_diff_compare.c - the browser's side of corsim diff (the message
 * rule per browser, blocked/response type, readable headers, wire
 * filtering) and the field comparison, on hand-written observations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "diff_compare.h"

#include <jansson.h>
#include <string.h>

#define S(lit) ((struct corsim_str){(lit), sizeof(lit) - 1})

static json_t *J(const char *text) {
  json_error_t e;
  json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
  if (v == NULL)
    fail_msg("bad test JSON (%s): %s", e.text, text);
  return v;
}

static bool no_rule(void *data, const char *name) {
  (void)data;
  (void)name;
  return false;
}

static bool rule_sets_cl(void *data, const char *name) {
  (void)data;
  return strcmp(name, "content-length") == 0;
}

static const char *const added[] = {"content-length", "date", NULL};

struct fixture {
  struct corsim_request req;
  struct corsim_header hs[4];
  struct diff_input in;
};

static void setup(struct fixture *fx, enum corsim_browser b,
                  enum corsim_api api) {
  memset(fx, 0, sizeof(*fx));
  corsim_request_init(&fx->req);
  fx->req.api = api;
  fx->req.url = S("http://127.0.0.1:8002/x");
  fx->req.method = S("PUT");
  fx->hs[0] = (struct corsim_header){S("X-Token"), S("abc")};
  fx->hs[1] = (struct corsim_header){S("Accept"), S("text/html")};
  fx->req.headers = fx->hs;
  fx->req.nheaders = 2;
  fx->in = (struct diff_input){b, S("http://127.0.0.1:8001"), &fx->req, added,
                               no_rule, NULL};
}

static json_t *view(struct fixture *fx, const char *result, const char *wire,
                    const char *console) {
  json_t *r = result ? J(result) : NULL, *w = J(wire), *c = J(console);
  struct diff_observed o = {r, w, c};
  json_t *v = diff_browser_view(&fx->in, &o);
  json_decref(r);
  json_decref(w);
  json_decref(c);
  assert_non_null(v);
  return v;
}

static const char *str(const json_t *v, const char *k) {
  return json_string_value(json_object_get(v, k));
}

static void test_chromium_message_prefers_cors_line(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_FETCH);
  json_t *v = view(
      &fx,
      "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
      "\"message\": \"Failed to fetch\"}}",
      "[]",
      "[{\"kind\": \"error\", \"level\": \"error\", \"source\": \"network\", "
      "\"text\": \"Failed to load resource: net::ERR_FAILED\"},"
      " {\"kind\": \"log\", \"level\": \"log\", \"source\": \"\", \"text\": "
      "\"has been blocked by CORS policy (a console.log)\"},"
      " {\"kind\": \"error\", \"level\": \"error\", \"source\": \"javascript\", "
      "\"text\": \"Access to fetch at 'http://127.0.0.1:8002/x' from origin "
      "'http://127.0.0.1:8001' has been blocked by CORS policy: No "
      "'Access-Control-Allow-Origin' header is present on the requested "
      "resource.\"}]");
  assert_true(json_is_true(json_object_get(v, "blocked")));
  assert_string_equal(str(v, "response_type"), "error");
  assert_int_equal(json_integer_value(json_object_get(v, "status")), 0);
  assert_true(strncmp(str(v, "message"), "Access to fetch at", 18) == 0);
  json_decref(v);
}

static void test_chromium_message_fallbacks(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_FETCH);
  /* A specific exception beats the Failed-to-load line... */
  json_t *v = view(&fx,
                   "{\"api\": \"fetch\", \"exception\": {\"name\": "
                   "\"TypeError\", \"message\": \"Failed to execute 'fetch' on "
                   "'Window': 'TRACE' HTTP method is unsupported.\"}}",
                   "[]",
                   "[{\"kind\": \"error\", \"level\": \"error\", \"source\": "
                   "\"network\", \"text\": \"Failed to load resource: "
                   "net::ERR_FAILED\"}]");
  assert_string_equal(str(v, "message"), "Failed to execute 'fetch' on "
                                         "'Window': 'TRACE' HTTP method is "
                                         "unsupported.");
  json_decref(v);
  /* ...which beats the generic exception. */
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Failed to fetch\"}}",
           "[]",
           "[{\"kind\": \"error\", \"level\": \"error\", \"source\": "
           "\"network\", \"text\": \"Failed to load resource: "
           "net::ERR_CONNECTION_REFUSED\"}]");
  assert_string_equal(str(v, "message"),
                      "Failed to load resource: net::ERR_CONNECTION_REFUSED");
  json_decref(v);
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Failed to fetch\"}}",
           "[]", "[]");
  assert_string_equal(str(v, "message"), "Failed to fetch");
  json_decref(v);
}

static void test_firefox_and_webkit_rules(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_FIREFOX, CORSIM_API_FETCH);
  json_t *v = view(
      &fx,
      "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
      "\"message\": \"NetworkError when attempting to fetch resource.\"}}",
      "[]",
      "[{\"kind\": \"error\", \"level\": \"error\", \"source\": \"javascript\", "
      "\"text\": \"Security Error: something else\"},"
      " {\"kind\": \"error\", \"level\": \"warn\", \"source\": \"javascript\", "
      "\"text\": \"Cross-Origin Request Blocked: The Same Origin Policy "
      "disallows reading the remote resource.\"}]");
  assert_true(strncmp(str(v, "message"), "Cross-Origin Request Blocked:", 29) ==
              0);
  json_decref(v);

  setup(&fx, CORSIM_BROWSER_WEBKIT, CORSIM_API_FETCH);
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Load failed\"}}",
           "[]",
           "[{\"kind\": \"error\", \"level\": \"error\", \"source\": \"JS\", "
           "\"text\": \"Fetch API cannot load http://127.0.0.1:8002/x due to "
           "access control checks.\"},"
           " {\"kind\": \"log\", \"level\": \"log\", \"source\": \"JS\", "
           "\"text\": \"unrelated\"},"
           " {\"kind\": \"error\", \"level\": \"ERROR\", \"source\": \"JS\", "
           "\"text\": \"Origin http://127.0.0.1:8001 is not allowed by "
           "Access-Control-Allow-Origin. Status code: 200\"}]");
  assert_string_equal(str(v, "message"),
                      "Origin http://127.0.0.1:8001 is not allowed by "
                      "Access-Control-Allow-Origin. Status code: 200");
  json_decref(v);
  /* The forbidden-header line is never the message: the CORS line wins,
   * and without one the exception does. */
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Load failed\"}}",
           "[]",
           "[{\"kind\": \"error\", \"level\": \"ERROR\", \"source\": \"JS\", "
           "\"text\": \"Refused to set unsafe header \\\"X-HTTP-Method-Override\\\"\"},"
           " {\"kind\": \"error\", \"level\": \"ERROR\", \"source\": \"JS\", "
           "\"text\": \"Cannot use wildcard in Access-Control-Allow-Origin "
           "when credentials flag is true.\"}]");
  assert_string_equal(str(v, "message"),
                      "Cannot use wildcard in Access-Control-Allow-Origin "
                      "when credentials flag is true.");
  json_decref(v);
  setup(&fx, CORSIM_BROWSER_WEBKIT, CORSIM_API_XHR);
  v = view(&fx,
           "{\"api\": \"xhr\", \"exception\": {\"name\": \"SyntaxError\", "
           "\"message\": \"The string did not match the expected pattern.\"}}",
           "[]",
           "[{\"kind\": \"error\", \"level\": \"ERROR\", \"source\": \"JS\", "
           "\"text\": \"Refused to set unsafe header \\\"Accept-Charset\\\"\"}]");
  assert_string_equal(str(v, "message"),
                      "The string did not match the expected pattern.");
  json_decref(v);
  setup(&fx, CORSIM_BROWSER_WEBKIT, CORSIM_API_FETCH);
  /* An exception may quote a U+0000: the message keeps it. */
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Header 'X-A' has invalid value: 'a\\u0000b'\"}}",
           "[]", "[]");
  assert_int_equal(json_string_length(json_object_get(v, "message")), 37);
  json_decref(v);
  /* The mixed-content reason is a SECURITY warning. */
  v = view(&fx,
           "{\"api\": \"fetch\", \"exception\": {\"name\": \"TypeError\", "
           "\"message\": \"Load failed\"}}",
           "[]",
           "[{\"kind\": \"error\", \"level\": \"WARN\", \"source\": "
           "\"SECURITY\", \"text\": \"[blocked] The page at https://a "
           "requested insecure content from http://b.\"}]");
  assert_string_equal(str(v, "message"), "[blocked] The page at https://a "
                                         "requested insecure content from "
                                         "http://b.");
  json_decref(v);
}

static void test_xhr_type_and_exposed(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_XHR);
  json_t *v = view(&fx,
                   "{\"api\": \"xhr\", \"events\": [\"load\", \"loadend\"], "
                   "\"status\": 200, \"headers\": [\"Content-Type\", "
                   "\"content-length\", \"X-B\", \"x-a\", \"x-b\", \"Date\"]}",
                   "[{\"method\": \"GET\", \"url\": "
                   "\"http://localhost:8002/x\", \"headers\": [], \"status\": "
                   "200}]",
                   "[]");
  assert_string_equal(str(v, "response_type"), "cors");
  assert_false(json_is_true(json_object_get(v, "blocked")));
  json_t *want = J("[\"content-type\", \"x-a\", \"x-b\"]");
  assert_true(json_equal(json_object_get(v, "exposed_headers"), want));
  json_decref(want);
  json_decref(v);
  /* A rule that sets Content-Length makes it count. */
  fx.in.rule_sets = rule_sets_cl;
  v = view(&fx,
           "{\"api\": \"xhr\", \"events\": [\"load\"], \"status\": 200, "
           "\"headers\": [\"content-length\"]}",
           "[{\"method\": \"GET\", \"url\": \"http://127.0.0.1:8001/x\", "
           "\"headers\": [], \"status\": 200}]",
           "[]");
  assert_string_equal(str(v, "response_type"), "basic");
  want = J("[\"content-length\"]");
  assert_true(json_equal(json_object_get(v, "exposed_headers"), want));
  json_decref(want);
  json_decref(v);
  /* An XHR error event is a block. */
  v = view(&fx, "{\"api\": \"xhr\", \"events\": [\"error\", \"loadend\"]}",
           "[]", "[]");
  assert_true(json_is_true(json_object_get(v, "blocked")));
  assert_true(json_is_null(json_object_get(v, "message")));
  json_decref(v);
}

static void test_wire_filter_and_compare(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_FETCH);
  json_t *v = view(
      &fx, "{\"api\": \"fetch\", \"type\": \"cors\", \"status\": 200, "
           "\"headers\": []}",
      "[{\"method\": \"OPTIONS\", \"url\": \"http://127.0.0.1:8002/x\", "
      "\"status\": 204, \"headers\": [[\"Host\", \"127.0.0.1:8002\"], "
      "[\"Access-Control-Request-Method\", \"PUT\"], [\"Origin\", "
      "\"http://127.0.0.1:8001\"], [\"Access-Control-Request-Headers\", "
      "\"x-token\"], [\"Accept\", \"*/*\"], [\"User-Agent\", \"UA\"]]},"
      " {\"method\": \"PUT\", \"url\": \"http://127.0.0.1:8002/x\", "
      "\"status\": 200, \"headers\": [[\"X-Token\", \"abc\"], [\"Accept\", "
      "\"text/html\"], [\"Content-Type\", \"multipart/form-data; "
      "boundary=----WebKitFormBoundaryAbC\"], [\"Origin\", "
      "\"http://127.0.0.1:8001\"], [\"Referer\", \"http://x/\"]]}]",
      "[]");
  assert_string_equal(str(v, "preflight"), "sent");
  json_t *want = J(
      "[{\"method\": \"OPTIONS\", \"url\": \"http://127.0.0.1:8002/x\", "
      "\"status\": 204, \"headers\": [[\"access-control-request-method\", "
      "\"PUT\"], [\"origin\", \"http://127.0.0.1:8001\"], "
      "[\"access-control-request-headers\", \"x-token\"]]},"
      " {\"method\": \"PUT\", \"url\": \"http://127.0.0.1:8002/x\", "
      "\"status\": 200, \"headers\": [[\"x-token\", \"abc\"], [\"accept\", "
      "\"text/html\"], [\"content-type\", \"multipart/form-data; "
      "boundary=...\"], [\"origin\", \"http://127.0.0.1:8001\"]]}]");
  assert_true(json_equal(json_object_get(v, "wire"), want));
  json_decref(want);

  /* The prediction as corsim eval --json prints it. */
  json_t *pred = J(
      "{\"response_type\": \"cors\", \"blocked\": false, \"status\": 200, "
      "\"error\": null, \"message\": null, \"preflight\": \"sent\", "
      "\"wire\": [{\"method\": \"OPTIONS\", \"url\": "
      "\"http://127.0.0.1:8002/x\", \"headers\": [[\"Origin\", "
      "\"http://127.0.0.1:8001\"], [\"Access-Control-Request-Method\", "
      "\"PUT\"], [\"Access-Control-Request-Headers\", \"x-token\"]], "
      "\"status\": 204}, {\"method\": \"PUT\", \"url\": "
      "\"http://127.0.0.1:8002/x\", \"headers\": [[\"Origin\", "
      "\"http://127.0.0.1:8001\"], [\"X-Token\", \"abc\"], [\"Accept\", "
      "\"text/html\"], [\"Content-Type\", \"multipart/form-data; "
      "boundary=...\"]], \"status\": 200}], \"exposed_headers\": []}");
  json_t *d = diff_compare(pred, v);
  assert_non_null(d);
  assert_int_equal(json_array_size(d), 0);
  json_decref(d);

  /* A different ACRH and a cached preflight are told apart... */
  json_object_set_new(pred, "preflight", json_string("cached"));
  json_t *h = json_array_get(json_object_get(json_array_get(
                                 json_object_get(pred, "wire"), 0),
                                                "headers"),
                             2);
  json_array_set_new(h, 1, json_string("x-other"));
  d = diff_compare(pred, v);
  assert_int_equal(json_array_size(d), 2);
  assert_string_equal(str(json_array_get(d, 0), "field"), "preflight");
  assert_string_equal(str(json_array_get(d, 1), "field"), "wire.acrh");
  json_decref(d);
  /* ...but cached and none are both "not sent". */
  json_t *nv = json_deep_copy(v);
  json_object_set_new(nv, "preflight", json_string("not sent"));
  json_object_set_new(pred, "preflight", json_string("none"));
  json_array_set_new(h, 1, json_string("x-token"));
  d = diff_compare(pred, nv);
  assert_int_equal(json_array_size(d), 0);
  json_decref(d);
  json_decref(nv);
  json_decref(pred);
  json_decref(v);
}

/* A script value is compared as it goes out: trimmed, and as the text
 * its bytes stand for (E9 is "é"). */
static void test_script_value_as_sent(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_FETCH);
  fx.hs[1] = (struct corsim_header){S("Accept"), S(" \xe9t\xe9\t")};
  json_t *v = view(&fx,
                   "{\"api\": \"fetch\", \"type\": \"cors\", \"status\": 200, "
                   "\"headers\": []}",
                   "[{\"method\": \"GET\", \"url\": \"http://127.0.0.1:8002/x\", "
                   "\"status\": 200, \"headers\": [[\"Accept\", \"\u00e9t\u00e9\"]]}]",
                   "[]");
  json_t *want = J("[[\"accept\", \"\u00e9t\u00e9\"]]");
  assert_true(json_equal(
      json_object_get(json_array_get(json_object_get(v, "wire"), 0),
                      "headers"),
      want));
  json_decref(want);
  json_decref(v);
}

static void test_missing_report(void **state) {
  (void)state;
  struct fixture fx;
  setup(&fx, CORSIM_BROWSER_CHROMIUM, CORSIM_API_FETCH);
  json_t *v = view(&fx, NULL, "[]", "[]");
  json_t *pred = J("{\"response_type\": \"cors\"}");
  json_t *d = diff_compare(pred, v);
  assert_int_equal(json_array_size(d), 1);
  assert_string_equal(str(json_array_get(d, 0), "field"), "report");
  json_decref(d);
  json_decref(pred);
  json_decref(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chromium_message_prefers_cors_line),
      cmocka_unit_test(test_chromium_message_fallbacks),
      cmocka_unit_test(test_firefox_and_webkit_rules),
      cmocka_unit_test(test_xhr_type_and_exposed),
      cmocka_unit_test(test_wire_filter_and_compare),
      cmocka_unit_test(test_script_value_as_sent),
      cmocka_unit_test(test_missing_report),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
