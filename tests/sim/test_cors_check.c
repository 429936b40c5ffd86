/*
 * test_cors_check.c - Fetch #concept-cors-check as each browser classifies
 * its failures (sim/core/cors_check.c), driven end to end through
 * tests/helpers/drive.h: Access-Control-Allow-Origin and
 * -Allow-Credentials on final responses, redirects and preflights.
 *
 * Sources: observed-browsers.md "Where all three agree" (wins),
 * chromium-156/FINDINGS.md Q2/Q4, chromium.md §3.1,
 * spec-firefox-webkit.md §2.4 (Firefox) and §3.4 (WebKit).
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

static void run_free(struct run *r) {
  corsim_fetch_free(r->f);
  corsim_ctx_free(r->ctx);
}

/* One request from page origin `origin` in browser b. */
static void run_req(struct run *out, enum corsim_browser b, const char *origin,
                    const struct corsim_request *req,
                    const struct drive_rule *rules, size_t nrules) {
  memset(out, 0, sizeof(*out));
  assert_int_equal(corsim_ctx_new(b, corsim_str_c(origin), &out->ctx), 0);
  out->f = drive(out->ctx, req, rules, nrules, &out->res);
  assert_non_null(out->f);
}

static struct corsim_request req_of(const char *method, const char *url,
                                    bool include, enum corsim_api api) {
  struct corsim_request r;
  corsim_request_init(&r);
  r.method = corsim_str_c(method);
  r.url = corsim_str_c(url);
  r.api = api;
  if (include)
    r.credentials = CORSIM_CREDENTIALS_INCLUDE;
  return r;
}

/* A simple GET answered 200 with the given headers, by fetch and by XHR
 * (which must classify alike); returns the reason (NONE: passed). */
static enum corsim_reason get_with(enum corsim_browser b, bool include,
                                   const struct corsim_header *hs, size_t n) {
  struct drive_rule rule = {.status = 200, .nheaders = n};
  for (size_t i = 0; i < n; i++)
    rule.headers[i] = hs[i];
  enum corsim_reason got[2];
  for (int api = 0; api < 2; api++) {
    struct corsim_request req =
        req_of("GET", API "/x", include, (enum corsim_api)api);
    struct run r;
    run_req(&r, b, PAGE, &req, &rule, 1);
    got[api] = r.res.error;
    assert_int_equal(r.res.blocked, got[api] != CORSIM_REASON_NONE);
    if (got[api] == CORSIM_REASON_NONE)
      assert_int_equal(r.res.response_type, CORSIM_RESPONSE_CORS);
    /* the request itself was sent: the check is on its answer */
    assert_int_equal(r.res.nwire, 1);
    assert_int_equal(r.res.preflight, CORSIM_PREFLIGHT_NONE);
    run_free(&r);
  }
  assert_int_equal(got[0], got[1]);
  return got[0];
}

#define EXPECT4(hs, include, ch, ff, wk, sp)                                   \
  do {                                                                         \
    const enum corsim_reason want_[4] = {ch, ff, wk, sp};                      \
    for (int b_ = 0; b_ < 4; b_++) {                                           \
      enum corsim_reason got_ = get_with((enum corsim_browser)b_, include, hs, \
                                         sizeof(hs) / sizeof(hs[0]));          \
      if (got_ != want_[b_])                                                   \
        fail_msg("%s: want %s, got %s", corsim_browser_name(b_),              \
                 corsim_reason_name(want_[b_]) ? corsim_reason_name(want_[b_]) \
                                               : "pass",                      \
                 corsim_reason_name(got_) ? corsim_reason_name(got_)          \
                                          : "pass");                          \
    }                                                                          \
  } while (0)

#define NONE CORSIM_REASON_NONE

static void acao_missing(void **state) {
  (void)state;
  const struct corsim_header hs[] = {H("Content-Type", "text/plain")};
  EXPECT4(hs, false, R(MissingAllowOriginHeader), R(MissingAllowOriginHeader),
          R(MissingAllowOriginHeader), R(MissingAllowOriginHeader));
  EXPECT4(hs, true, R(MissingAllowOriginHeader), R(MissingAllowOriginHeader),
          R(MissingAllowOriginHeader), R(MissingAllowOriginHeader));
}

static void acao_exact_and_ows(void **state) {
  (void)state;
  /* compared byte for byte after the HTTP parser strips spaces and tabs */
  const struct corsim_header a[] = {H("Access-Control-Allow-Origin", PAGE)};
  EXPECT4(a, false, NONE, NONE, NONE, NONE);
  const struct corsim_header b[] = {
      H("Access-Control-Allow-Origin", "  " PAGE " ")};
  EXPECT4(b, false, NONE, NONE, NONE, NONE);
  const struct corsim_header c[] = {H("access-control-allow-origin", "\t" PAGE)};
  EXPECT4(c, false, NONE, NONE, NONE, NONE);
  const struct corsim_header d[] = {H("Access-Control-Allow-Origin", " * ")};
  EXPECT4(d, false, NONE, NONE, NONE, NONE);
}

static void acao_wildcard(void **state) {
  (void)state;
  const struct corsim_header a[] = {H("Access-Control-Allow-Origin", "*")};
  EXPECT4(a, false, NONE, NONE, NONE, NONE);
  /* * with credentials mode include fails everywhere, even with ACAC */
  const struct corsim_header b[] = {H("Access-Control-Allow-Origin", "*"),
                                    H("Access-Control-Allow-Credentials",
                                      "true")};
  EXPECT4(b, true, R(WildcardOriginNotAllowed), R(WildcardOriginNotAllowed),
          R(WildcardOriginNotAllowed), R(WildcardOriginNotAllowed));
}

static void acao_mismatch_forms(void **state) {
  (void)state;
  /* trailing slash, upper case, other host, missing port and a
   * literal null from a normal origin: AllowOriginMismatch everywhere
   * (observed; FINDINGS Q2 "same form for null, trailing slash") */
  const struct corsim_header a[] = {
      H("Access-Control-Allow-Origin", "http://other.example")};
  EXPECT4(a, false, R(AllowOriginMismatch), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(AllowOriginMismatch));
  const struct corsim_header b[] = {H("Access-Control-Allow-Origin", PAGE "/")};
  EXPECT4(b, false, R(AllowOriginMismatch), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(AllowOriginMismatch));
  const struct corsim_header c[] = {
      H("Access-Control-Allow-Origin", "HTTP://127.0.0.1:8001")};
  EXPECT4(c, false, R(AllowOriginMismatch), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(AllowOriginMismatch));
  const struct corsim_header d[] = {
      H("Access-Control-Allow-Origin", "http://127.0.0.1")};
  EXPECT4(d, false, R(AllowOriginMismatch), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(AllowOriginMismatch));
  const struct corsim_header e[] = {H("Access-Control-Allow-Origin", "null")};
  EXPECT4(e, false, R(AllowOriginMismatch), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(AllowOriginMismatch));
  /* quotes fail everywhere; for Chromium a quoted value is no URL at
   * all (GURL), so it is an invalid value rather than a mismatch */
  const struct corsim_header f[] = {
      H("Access-Control-Allow-Origin", "\"" PAGE "\"")};
  EXPECT4(f, false, R(InvalidAllowOriginValue), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(InvalidAllowOriginValue));
}

static void acao_multiple_values(void **state) {
  (void)state;
  /* two lines: Chromium joins them with ", " (FINDINGS Q2), Firefox counts
   * lines (§2.4 step 5), WebKit sees the comma (§3.4) */
  const struct corsim_header a[] = {H("Access-Control-Allow-Origin", PAGE),
                                    H("Access-Control-Allow-Origin", PAGE)};
  EXPECT4(a, false, R(MultipleAllowOriginValues), R(MultipleAllowOriginValues),
          R(MultipleAllowOriginValues), R(MultipleAllowOriginValues));
  const struct corsim_header a2[] = {H("Access-Control-Allow-Origin", PAGE),
                                     H("Access-Control-Allow-Origin", "*")};
  EXPECT4(a2, false, R(MultipleAllowOriginValues),
          R(MultipleAllowOriginValues), R(MultipleAllowOriginValues),
          R(MultipleAllowOriginValues));
  /* "a, b" on one line: Firefox's line count is 1, so it is a mismatch
   * there (§2.4 step 8) */
  const struct corsim_header b[] = {
      H("Access-Control-Allow-Origin", PAGE ", http://other.example")};
  EXPECT4(b, false, R(MultipleAllowOriginValues), R(AllowOriginMismatch),
          R(MultipleAllowOriginValues), R(MultipleAllowOriginValues));
  /* a space makes Chromium say "multiple values" (observed "not a url");
   * Firefox and WebKit (no comma) call it a mismatch */
  const struct corsim_header c[] = {
      H("Access-Control-Allow-Origin", "not a url")};
  EXPECT4(c, false, R(MultipleAllowOriginValues), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(MultipleAllowOriginValues));
}

static void acao_empty_line_plus_origin(void **state) {
  (void)state;
  /* An empty ACAO line plus one with the page's origin are two lines;
   * Chromium's GetNormalizedHeader joins them as ", <origin>" (chromium.md
   * §3.1, comma -> multiple values), Firefox counts two lines (§2.4),
   * WebKit's combined value has a comma (§3.4); observed-browsers.md:
   * "Two ACAO lines ... fail". */
  const struct corsim_header hs[] = {H("Access-Control-Allow-Origin", ""),
                                     H("Access-Control-Allow-Origin", PAGE)};
  EXPECT4(hs, false, R(MultipleAllowOriginValues), R(MultipleAllowOriginValues),
          R(MultipleAllowOriginValues), R(MultipleAllowOriginValues));
}

static void acao_empty_and_invalid(void **state) {
  (void)state;
  /* empty: Chromium InvalidAllowOriginValue (observed, FINDINGS Q2);
   * Firefox and WebKit compare and mismatch */
  const struct corsim_header a[] = {H("Access-Control-Allow-Origin", "")};
  EXPECT4(a, false, R(InvalidAllowOriginValue), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(InvalidAllowOriginValue));
  /* not a URL (no space, no comma): GURL rejects it */
  const struct corsim_header b[] = {
      H("Access-Control-Allow-Origin", "127.0.0.1:x")};
  EXPECT4(b, false, R(InvalidAllowOriginValue), R(AllowOriginMismatch),
          R(AllowOriginMismatch), R(InvalidAllowOriginValue));
}

static void acac_values(void **state) {
  (void)state;
  const struct corsim_header ok[] = {
      H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Credentials", "true")};
  EXPECT4(ok, true, NONE, NONE, NONE, NONE);
  const struct corsim_header ows[] = {
      H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Credentials", " true\t")};
  EXPECT4(ows, true, NONE, NONE, NONE, NONE);
  /* ACAC must be exactly "true" after OWS trimming (observed) */
  const char *bad[] = {"True", "TRUE", "1", "false", "", "true, true"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    const struct corsim_header hs[] = {
        H("Access-Control-Allow-Origin", PAGE),
        {{"Access-Control-Allow-Credentials", 32}, corsim_str_c(bad[i])}};
    EXPECT4(hs, true, R(InvalidAllowCredentials), R(InvalidAllowCredentials),
            R(InvalidAllowCredentials), R(InvalidAllowCredentials));
  }
  const struct corsim_header two[] = {
      H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Credentials", "true"),
      H("Access-Control-Allow-Credentials", "true")};
  EXPECT4(two, true, R(InvalidAllowCredentials), R(InvalidAllowCredentials),
          R(InvalidAllowCredentials), R(InvalidAllowCredentials));
  const struct corsim_header none[] = {H("Access-Control-Allow-Origin", PAGE)};
  EXPECT4(none, true, R(InvalidAllowCredentials), R(InvalidAllowCredentials),
          R(InvalidAllowCredentials), R(InvalidAllowCredentials));
  /* without include ACAC is not looked at */
  const struct corsim_header t[] = {
      H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Credentials", "True")};
  EXPECT4(t, false, NONE, NONE, NONE, NONE);
}

static void acao_error_comes_before_acac(void **state) {
  (void)state;
  const struct corsim_header hs[] = {
      H("Access-Control-Allow-Origin", "http://other.example"),
      H("Access-Control-Allow-Credentials", "True")};
  for (int b = 0; b < 4; b++) {
    struct corsim_request req = req_of("GET", API "/x", true, CORSIM_API_FETCH);
    struct drive_rule rule = {NULL, NULL, 200, {hs[0], hs[1]}, 2};
    struct run r;
    run_req(&r, (enum corsim_browser)b, PAGE, &req, &rule, 1);
    assert_int_equal(r.res.error, R(AllowOriginMismatch));
    assert_int_equal(r.res.nalso, 1);
    assert_int_equal(r.res.also[0], R(InvalidAllowCredentials));
    run_free(&r);
  }
}

static void null_origin_page(void **state) {
  (void)state;
  /* a page with an opaque origin sends Origin: null; ACAO null matches */
  for (int b = 0; b < 4; b++) {
    struct corsim_request req =
        req_of("GET", API "/x", false, CORSIM_API_FETCH);
    static const struct drive_rule ok = {
        NULL, NULL, 200, {H("Access-Control-Allow-Origin", "null")}, 1};
    struct run r;
    run_req(&r, (enum corsim_browser)b, "null", &req, &ok, 1);
    assert_false(r.res.blocked);
    assert_string_equal(wire_header(&r.res, 0, "Origin"), "null");
    run_free(&r);
    static const struct drive_rule bad = {
        NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1};
    run_req(&r, (enum corsim_browser)b, "null", &req, &bad, 1);
    assert_int_equal(r.res.error, R(AllowOriginMismatch));
    run_free(&r);
  }
}

static void null_after_tainting_redirect(void **state) {
  (void)state;
  /* 8002 redirects to localhost:8003: Origin becomes null there; ACAO
   * null or * passes, ACAO of the page fails (FINDINGS Q4). */
  const char *finals[] = {"null", "*", PAGE};
  const enum corsim_reason want[] = {NONE, NONE, R(AllowOriginMismatch)};
  for (int b = 0; b < 4; b++) {
    for (int i = 0; i < 3; i++) {
      struct drive_rule rules[] = {
          {NULL, API "/r", 302,
           {H("Access-Control-Allow-Origin", PAGE),
            H("Location", "http://localhost:8003/f")},
           2},
          {NULL, "http://localhost:8003/f", 200,
           {{{"Access-Control-Allow-Origin", 27}, corsim_str_c(finals[i])}},
           1},
      };
      struct corsim_request req =
          req_of("GET", API "/r", false, CORSIM_API_FETCH);
      struct run r;
      run_req(&r, (enum corsim_browser)b, PAGE, &req, rules, 2);
      assert_int_equal(r.res.nwire, 2);
      assert_string_equal(wire_header(&r.res, 1, "Origin"), "null");
      assert_int_equal(r.res.error, want[i]);
      run_free(&r);
    }
  }
}

static void redirect_response_is_checked(void **state) {
  (void)state;
  /* a 302 without ACAO fails at the redirect; Location never requested */
  static const struct drive_rule rules[] = {
      {NULL, API "/r", 302, {H("Location", API "/f")}, 1},
      {NULL, API "/f", 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},
  };
  for (int b = 0; b < 4; b++) {
    struct corsim_request req = req_of("GET", API "/r", false, CORSIM_API_FETCH);
    struct run r;
    run_req(&r, (enum corsim_browser)b, PAGE, &req, rules, 2);
    assert_int_equal(r.res.error, R(MissingAllowOriginHeader));
    assert_int_equal(r.res.nwire, 1);
    run_free(&r);
  }
}

/* A PUT whose preflight (204) carries hs; ACAM/ACAH allow the request. */
static enum corsim_reason preflight_with(enum corsim_browser b, bool include,
                                         const struct corsim_header *hs,
                                         size_t n) {
  struct drive_rule rules[2] = {
      {.method = "OPTIONS", .status = 204},
      {NULL, NULL, 200,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Credentials", "true")},
       2},
  };
  for (size_t i = 0; i < n; i++)
    rules[0].headers[i] = hs[i];
  rules[0].headers[n] =
      (struct corsim_header)H("Access-Control-Allow-Methods", "PUT");
  rules[0].nheaders = n + 1;
  struct corsim_request req = req_of("PUT", API "/x", include, CORSIM_API_FETCH);
  struct run r;
  run_req(&r, b, PAGE, &req, rules, 2);
  assert_int_equal(r.res.preflight, CORSIM_PREFLIGHT_SENT);
  assert_true(r.res.wire[0].preflight);
  enum corsim_reason got = r.res.error;
  if (got != NONE)
    assert_int_equal(r.res.nwire, 1); /* the PUT is never sent */
  run_free(&r);
  return got;
}

#define EXPECT_PF(hs, include, want)                                           \
  do {                                                                         \
    for (int b_ = 0; b_ < 4; b_++) {                                           \
      enum corsim_reason got_ = preflight_with(                                \
          (enum corsim_browser)b_, include, hs, sizeof(hs) / sizeof(hs[0]));   \
      if (got_ != (want))                                                      \
        fail_msg("%s: want %s, got %s", corsim_browser_name(b_),              \
                 corsim_reason_name(want) ? corsim_reason_name(want) : "pass", \
                 corsim_reason_name(got_) ? corsim_reason_name(got_)          \
                                          : "pass");                          \
    }                                                                          \
  } while (0)

static void preflight_variants(void **state) {
  (void)state;
  const struct corsim_header ok[] = {H("Access-Control-Allow-Origin", PAGE)};
  EXPECT_PF(ok, false, NONE);
  const struct corsim_header none[] = {H("X-Other", "1")};
  EXPECT_PF(none, false, R(PreflightMissingAllowOriginHeader));
  const struct corsim_header star[] = {H("Access-Control-Allow-Origin", "*"),
                                       H("Access-Control-Allow-Credentials",
                                         "true")};
  EXPECT_PF(star, true, R(PreflightWildcardOriginNotAllowed));
  const struct corsim_header two[] = {H("Access-Control-Allow-Origin", PAGE),
                                      H("Access-Control-Allow-Origin", PAGE)};
  EXPECT_PF(two, false, R(PreflightMultipleAllowOriginValues));
  const struct corsim_header mism[] = {
      H("Access-Control-Allow-Origin", PAGE "/")};
  EXPECT_PF(mism, false, R(PreflightAllowOriginMismatch));
  const struct corsim_header acac[] = {
      H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Credentials", "True")};
  EXPECT_PF(acac, true, R(PreflightInvalidAllowCredentials));
  /* empty ACAO: Chromium's "invalid value", the others compare */
  const struct corsim_header empty[] = {H("Access-Control-Allow-Origin", "")};
  assert_int_equal(preflight_with(CH, false, empty, 1),
                   R(PreflightInvalidAllowOriginValue));
  assert_int_equal(preflight_with(SP, false, empty, 1),
                   R(PreflightInvalidAllowOriginValue));
  assert_int_equal(preflight_with(FF, false, empty, 1),
                   R(PreflightAllowOriginMismatch));
  assert_int_equal(preflight_with(WK, false, empty, 1),
                   R(PreflightAllowOriginMismatch));
}

static void reason_names(void **state) {
  (void)state;
  /* the names the verdict carries are Chromium's CorsError names */
  assert_string_equal(corsim_reason_name(R(MissingAllowOriginHeader)),
                      "MissingAllowOriginHeader");
  assert_string_equal(corsim_reason_name(R(PreflightMissingAllowOriginHeader)),
                      "PreflightMissingAllowOriginHeader");
  assert_string_equal(corsim_reason_name(R(WildcardOriginNotAllowed)),
                      "WildcardOriginNotAllowed");
  assert_string_equal(corsim_reason_name(R(MultipleAllowOriginValues)),
                      "MultipleAllowOriginValues");
  assert_string_equal(corsim_reason_name(R(InvalidAllowOriginValue)),
                      "InvalidAllowOriginValue");
  assert_string_equal(corsim_reason_name(R(AllowOriginMismatch)),
                      "AllowOriginMismatch");
  assert_string_equal(corsim_reason_name(R(InvalidAllowCredentials)),
                      "InvalidAllowCredentials");
  assert_string_equal(corsim_reason_name(R(PreflightInvalidAllowCredentials)),
                      "PreflightInvalidAllowCredentials");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(acao_missing),
      cmocka_unit_test(acao_exact_and_ows),
      cmocka_unit_test(acao_wildcard),
      cmocka_unit_test(acao_mismatch_forms),
      cmocka_unit_test(acao_multiple_values),
      cmocka_unit_test(acao_empty_and_invalid),
      cmocka_unit_test(acao_empty_line_plus_origin),
      cmocka_unit_test(acac_values),
      cmocka_unit_test(acao_error_comes_before_acac),
      cmocka_unit_test(null_origin_page),
      cmocka_unit_test(null_after_tainting_redirect),
      cmocka_unit_test(redirect_response_is_checked),
      cmocka_unit_test(preflight_variants),
      cmocka_unit_test(reason_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
