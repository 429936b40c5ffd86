/*
 * test_explain.c - what the browser does not say (sim/core/explain.c):
 * the fix sentence, notes on root causes that are not a CORS header, and
 * the order of the further failures ("also").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "corsim.h"
#include "drive.h"

#define PAGE "http://127.0.0.1:8001"
#define API "http://127.0.0.1:8002"
#define X API "/x"

#define CH CORSIM_BROWSER_CHROMIUM
#define FF CORSIM_BROWSER_FIREFOX
#define WK CORSIM_BROWSER_WEBKIT
#define SP CORSIM_BROWSER_SPEC
#define R(x) CORSIM_REASON_##x

struct run {
  struct corsim_ctx *ctx;
  struct corsim_fetch *f;
  struct corsim_result res;
};

static void run_req(struct run *out, enum corsim_browser b,
                    const struct corsim_request *req,
                    const struct drive_rule *rules, size_t nrules) {
  assert_int_equal(corsim_ctx_new(b, corsim_str_c(PAGE), &out->ctx), 0);
  out->f = drive(out->ctx, req, rules, nrules, &out->res);
  assert_non_null(out->f);
}

static void run_free(struct run *r) {
  corsim_fetch_free(r->f);
  corsim_ctx_free(r->ctx);
}

static struct corsim_request req_of(const char *method) {
  struct corsim_request r;
  corsim_request_init(&r);
  r.method = corsim_str_c(method);
  r.url = corsim_str_c(X);
  return r;
}

static bool has_note(const struct corsim_result *res, const char *needle) {
  for (size_t i = 0; i < res->nnotes; i++)
    if (strstr(res->notes[i].ptr, needle) != NULL)
      return true;
  return false;
}

static void expect_note(const struct corsim_result *res, const char *needle) {
  if (!has_note(res, needle)) {
    for (size_t i = 0; i < res->nnotes; i++)
      print_message("note: %s\n", res->notes[i].ptr);
    fail_msg("no note contains '%s'", needle);
  }
}

static const struct corsim_header xtoken[] = {H("X-Token", "t")};

static void fix_names_header_and_value(void **state) {
  (void)state;
  static const struct drive_rule mism[] = {
      {NULL, NULL, 200, {H("Access-Control-Allow-Origin", "http://other")}, 1}};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, mism, 1);
    assert_string_equal(x.res.fix.ptr,
                        "The server at " X " must send "
                        "`Access-Control-Allow-Origin: " PAGE
                        "` in the response.");
    run_free(&x);
    r.credentials = CORSIM_CREDENTIALS_INCLUDE;
    run_req(&x, (enum corsim_browser)b, &r, mism, 1);
    assert_string_equal(x.res.fix.ptr,
                        "The server at " X " must send "
                        "`Access-Control-Allow-Origin: " PAGE
                        "` in the response, with "
                        "`Access-Control-Allow-Credentials: true`.");
    run_free(&x);
  }
  /* a preflight failure names the OPTIONS answer */
  static const struct drive_rule pre[] = {
      {"OPTIONS", NULL, 204, {H("X-Other", "1")}, 1}};
  struct corsim_request r = req_of("PUT");
  struct run x;
  run_req(&x, CH, &r, pre, 1);
  assert_string_equal(x.res.fix.ptr,
                      "The server at " X " must send "
                      "`Access-Control-Allow-Origin: " PAGE
                      "` in its answer to the OPTIONS preflight.");
  run_free(&x);
  /* after a tainting redirect the value to send is null */
  static const struct drive_rule taint[] = {
      {NULL, X, 302,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Location", "http://127.0.0.1:8003/f")},
       2},
      {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1}};
  r = req_of("GET");
  run_req(&x, CH, &r, taint, 2);
  assert_string_equal(x.res.fix.ptr,
                      "The server at http://127.0.0.1:8003/f must send "
                      "`Access-Control-Allow-Origin: null` in the response.");
  run_free(&x);
}

static void fix_for_methods_and_headers(void **state) {
  (void)state;
  static const struct drive_rule no_hdr[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT, patch")},
       2}};
  struct corsim_header hs[] = {H("X-B", "1"), H("X-A", "2")};
  struct corsim_request r = req_of("PUT");
  r.headers = hs;
  r.nheaders = 2;
  for (int b = 0; b < 4; b++) {
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, no_hdr, 1);
    assert_int_equal(x.res.error, R(HeaderDisallowedByPreflightResponse));
    assert_string_equal(x.res.fix.ptr,
                        "The preflight answer must allow every header the "
                        "request sends: `Access-Control-Allow-Headers: x-a, "
                        "x-b`.");
    run_free(&x);
  }
  /* lower-case methods get the case-sensitivity hint */
  static const struct drive_rule up[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PATCH")},
       2}};
  struct corsim_request p = req_of("patch");
  struct run x;
  run_req(&x, CH, &p, up, 1);
  assert_int_equal(x.res.error, R(MethodDisallowedByPreflightResponse));
  assert_non_null(
      strstr(x.res.fix.ptr, "`Access-Control-Allow-Methods: patch` (methods "
                            "match case-sensitively"));
  run_free(&x);
  p = req_of("DELETE");
  run_req(&x, CH, &p, up, 1);
  assert_string_equal(x.res.fix.ptr, "The preflight answer must list the "
                                     "method: `Access-Control-Allow-Methods: "
                                     "DELETE`.");
  run_free(&x);
  /* the spec's Authorization rule is explained */
  static const struct drive_rule star[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT"),
        H("Access-Control-Allow-Headers", "*")},
       3}};
  struct corsim_header auth[] = {H("Authorization", "Bearer x")};
  p = req_of("PUT");
  p.headers = auth;
  p.nheaders = 1;
  run_req(&x, SP, &p, star, 1);
  assert_string_equal(x.res.fix.ptr,
                      "The preflight answer must allow every header the "
                      "request sends: `Access-Control-Allow-Headers: "
                      "authorization` (authorization must be named; `*` does "
                      "not cover it).");
  run_free(&x);
  /* the status fix quotes the status */
  static const struct drive_rule st[] = {
      {"OPTIONS", NULL, 500, {H("Access-Control-Allow-Origin", PAGE)}, 1}};
  p = req_of("PUT");
  run_req(&x, FF, &p, st, 1);
  assert_int_equal(x.res.error, R(PreflightInvalidStatus));
  assert_non_null(strstr(x.res.fix.ptr, "(it answered 500)"));
  assert_non_null(strstr(x.res.fix.ptr, X));
  run_free(&x);
}

static void note_error_status_without_cors_headers(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {NULL, NULL, 500, {H("Content-Type", "text/html")}, 1}};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, rules, 1);
    assert_int_equal(x.res.error, R(MissingAllowOriginHeader));
    expect_note(&x.res, "The server answered 500 without CORS headers");
    run_free(&x);
  }
  /* a 200 without ACAO is a plain CORS problem: no such note */
  static const struct drive_rule ok[] = {{.status = 200}};
  struct corsim_request r = req_of("GET");
  struct run x;
  run_req(&x, CH, &r, ok, 1);
  assert_false(has_note(&x.res, "without CORS headers"));
  run_free(&x);
}

static void note_preflight_401_403(void **state) {
  (void)state;
  const int sts[] = {401, 403};
  for (int i = 0; i < 2; i++) {
    struct drive_rule pre = {"OPTIONS", NULL, sts[i],
                             {H("Access-Control-Allow-Origin", PAGE)}, 1};
    struct corsim_request r = req_of("PUT");
    struct run x;
    run_req(&x, CH, &r, &pre, 1);
    expect_note(&x.res, sts[i] == 401 ? "The preflight was answered 401"
                                      : "The preflight was answered 403");
    expect_note(&x.res, "never send cookies or Authorization on a preflight");
    run_free(&x);
  }
}

static void note_redirected_preflight(void **state) {
  (void)state;
  static const struct drive_rule pre[] = {
      {"OPTIONS", NULL, 301,
       {H("Access-Control-Allow-Origin", PAGE), H("Location", X "/")},
       2}};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("PUT");
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, pre, 1);
    expect_note(&x.res, "The preflight was redirected (301)");
    run_free(&x);
  }
}

static void note_cors_only_on_options(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT")},
       2},
      {NULL, NULL, 200, {H("Content-Type", "text/plain")}, 1}};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("PUT");
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, rules, 2);
    assert_int_equal(x.res.error, R(MissingAllowOriginHeader));
    expect_note(&x.res, "The preflight carried CORS headers but the response "
                        "to the request itself does not");
    run_free(&x);
  }
}

static void note_one_typo_header(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT"),
        H("Access-Control-Allow-Headers", "content-type, x-token")},
       3}};
  const char *typos[] = {"X-Tokne", "X-Tokn", "X-Tokenn", "X-Toxen"};
  for (size_t i = 0; i < 4; i++) {
    struct corsim_header hs[] = {
        {corsim_str_c(typos[i]), corsim_str_c("t")}};
    struct corsim_request r = req_of("PUT");
    r.headers = hs;
    r.nheaders = 1;
    struct run x;
    run_req(&x, CH, &r, rules, 1);
    assert_int_equal(x.res.error, R(HeaderDisallowedByPreflightResponse));
    expect_note(&x.res, "is one typo away from x-token");
    assert_false(has_note(&x.res, "away from content-type"));
    run_free(&x);
  }
  /* more than one edit away: no note */
  struct corsim_header far[] = {H("X-Tkeon", "t")};
  struct corsim_request r = req_of("PUT");
  r.headers = far;
  r.nheaders = 1;
  struct run x;
  run_req(&x, CH, &r, rules, 1);
  assert_false(has_note(&x.res, "typo"));
  run_free(&x);
}

static void note_max_age_over_cap(void **state) {
  (void)state;
  static const struct drive_rule rules[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT"),
        H("Access-Control-Max-Age", "86400")},
       3},
      {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1}};
  const char *want[4] = {
      "Access-Control-Max-Age: 86400 is longer than chromium keeps a "
      "preflight: it caches it for 7200 s.",
      NULL, /* Firefox's cap is 86400: not shortened */
      "Access-Control-Max-Age: 86400 is longer than webkit keeps a "
      "preflight: it caches it for 600 s.",
      NULL};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("PUT");
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, rules, 2);
    assert_false(x.res.blocked);
    if (want[b])
      expect_note(&x.res, want[b]);
    else
      assert_false(has_note(&x.res, "Max-Age"));
    run_free(&x);
  }
}

static void also_in_browser_order(void **state) {
  (void)state;
  /* preflight 404 without ACAO for a PUT with X-Token, then the PUT's
   * answer without ACAO: each browser's order of checks */
  static const struct drive_rule rules[] = {
      {"OPTIONS", NULL, 404, {H("X-Other", "1")}, 1},
      {NULL, NULL, 200, {H("X-Other", "1")}, 1}};
  const enum corsim_reason first[4] = {
      R(PreflightMissingAllowOriginHeader), R(PreflightMissingAllowOriginHeader),
      R(PreflightInvalidStatus), R(PreflightMissingAllowOriginHeader)};
  const enum corsim_reason second[4] = {
      R(PreflightInvalidStatus), R(PreflightInvalidStatus),
      R(PreflightMissingAllowOriginHeader), R(PreflightInvalidStatus)};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("PUT");
    r.headers = xtoken;
    r.nheaders = 1;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r, rules, 2);
    assert_int_equal(x.res.error, first[b]);
    assert_int_equal(x.res.nalso, 4);
    assert_int_equal(x.res.also[0], second[b]);
    /* Firefox matches the method before it reads Allow-Headers; all
     * check the method before the headers */
    assert_int_equal(x.res.also[1], R(MethodDisallowedByPreflightResponse));
    assert_int_equal(x.res.also[2], R(HeaderDisallowedByPreflightResponse));
    /* the request itself comes last */
    assert_int_equal(x.res.also[3], R(MissingAllowOriginHeader));
    /* no reason is listed twice, the first never again */
    for (size_t i = 0; i < x.res.nalso; i++) {
      assert_int_not_equal(x.res.also[i], x.res.error);
      for (size_t j = 0; j < i; j++)
        assert_int_not_equal(x.res.also[i], x.res.also[j]);
    }
    run_free(&x);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fix_names_header_and_value),
      cmocka_unit_test(fix_for_methods_and_headers),
      cmocka_unit_test(note_error_status_without_cors_headers),
      cmocka_unit_test(note_preflight_401_403),
      cmocka_unit_test(note_redirected_preflight),
      cmocka_unit_test(note_cors_only_on_options),
      cmocka_unit_test(note_one_typo_header),
      cmocka_unit_test(note_max_age_over_cap),
      cmocka_unit_test(also_in_browser_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
