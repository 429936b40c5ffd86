/*
 * test_message.c - the line each browser shows for a failure
 * (sim/core/message.c). Expected texts are copied from the evidence, not
 * from the code: chromium-156/FINDINGS.md (real Chromium 156 console and
 * exception texts), chromium.md §1.2-1.3 and §6, spec-firefox-webkit.md
 * §2.9 (Firefox security.properties; quotes U+2018/U+2019) and §3.4-3.9
 * (WebKit), observed-browsers.md "Console messages".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
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

#define CR_HEAD(api, url)                                                      \
  "Access to " api " at '" url "' from origin '" PAGE                          \
  "' has been blocked by CORS policy: "
#define PF_PREFIX "Response to preflight request doesn't pass access control check: "
#define FF_HEAD(url)                                                           \
  "Cross-Origin Request Blocked: The Same Origin Policy disallows reading "    \
  "the remote resource at " url ". (Reason: "
#define LQ "\u2018"
#define RQ "\u2019"
#define HINT " Have the server send the header with a valid value."
#define XHR_CRED                                                               \
  " The credentials mode of requests initiated by the XMLHttpRequest is "      \
  "controlled by the withCredentials attribute."

struct spec {
  enum corsim_browser b;
  enum corsim_api api;
  const char *method;
  const char *url;
  bool include;
  enum corsim_mode mode;
  enum corsim_redirect redirect;
  enum corsim_body body;
  const struct corsim_header *headers;
  size_t nheaders;
};

/* Runs s against rules and compares the message with want exactly. */
static void expect_msg(const struct spec *s, const struct drive_rule *rules,
                       size_t nrules, const char *want) {
  struct corsim_ctx *c = NULL;
  assert_int_equal(corsim_ctx_new(s->b, corsim_str_c(PAGE), &c), 0);
  struct corsim_request r;
  corsim_request_init(&r);
  r.api = s->api;
  r.method = corsim_str_c(s->method ? s->method : "GET");
  r.url = corsim_str_c(s->url ? s->url : X);
  if (s->include)
    r.credentials = CORSIM_CREDENTIALS_INCLUDE;
  r.mode = s->mode;
  r.redirect = s->redirect;
  r.body = s->body;
  r.headers = s->headers;
  r.nheaders = s->nheaders;
  struct corsim_result res;
  struct corsim_fetch *f = drive(c, &r, rules, nrules, &res);
  assert_non_null(f);
  assert_true(res.blocked);
  assert_non_null(res.message.ptr);
  assert_int_equal(strlen(res.message.ptr), res.message.len);
  if (strcmp(res.message.ptr, want) != 0)
    fail_msg("%s %s: %s\n  want: %s\n  got:  %s", corsim_browser_name(s->b),
             s->api == CORSIM_API_XHR ? "xhr" : "fetch",
             corsim_reason_name(res.error), want, res.message.ptr);
  corsim_fetch_free(f);
  corsim_ctx_free(c);
}

#define RULE1(status, ...)                                                     \
  (struct drive_rule[]) {                                                      \
    {NULL, NULL, status, {__VA_ARGS__},                                        \
     sizeof((struct corsim_header[]){__VA_ARGS__}) /                           \
         sizeof(struct corsim_header)}                                         \
  }

/* A preflighted PUT with X-Token whose preflight answer is given. */
#define PUT_PRE(status, ...)                                                   \
  (struct drive_rule[]) {                                                      \
    {"OPTIONS", NULL, status, {__VA_ARGS__},                                   \
     sizeof((struct corsim_header[]){__VA_ARGS__}) /                           \
         sizeof(struct corsim_header)},                                        \
        {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},        \
  }

static const struct corsim_header xtoken[] = {H("X-Token", "t")};

/* ---- Chromium (FINDINGS.md, exact) ------------------------------------- */

static void chromium_acao(void **state) {
  (void)state;
  struct spec s = {.b = CH};
  expect_msg(&s, RULE1(200, H("X-Other", "1")), 1,
             CR_HEAD("fetch", X) "No 'Access-Control-Allow-Origin' header is "
                                 "present on the requested resource.");
  expect_msg(&s, RULE1(404, H("X-Other", "1")), 1,
             CR_HEAD("fetch", X) "No 'Access-Control-Allow-Origin' header is "
                                 "present on the requested resource.");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "http://other")),
             1,
             CR_HEAD("fetch", X) "The 'Access-Control-Allow-Origin' header has "
                                 "a value 'http://other' that is not equal to "
                                 "the supplied origin." HINT);
  expect_msg(&s,
             RULE1(200, H("Access-Control-Allow-Origin", PAGE),
                   H("Access-Control-Allow-Origin", PAGE)),
             1,
             CR_HEAD("fetch", X) "The 'Access-Control-Allow-Origin' header "
                                 "contains multiple values '" PAGE ", " PAGE
                                 "', but only one is allowed." HINT);
  expect_msg(&s,
             RULE1(200, H("Access-Control-Allow-Origin", PAGE),
                   H("Access-Control-Allow-Origin", "*")),
             1,
             CR_HEAD("fetch", X) "The 'Access-Control-Allow-Origin' header "
                                 "contains multiple values '" PAGE
                                 ", *', but only one is allowed." HINT);
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "")), 1,
             CR_HEAD("fetch", X) "The 'Access-Control-Allow-Origin' header "
                                 "contains the invalid value ''." HINT);
  /* XHR: no hint */
  s.api = CORSIM_API_XHR;
  expect_msg(&s, RULE1(200, H("X-Other", "1")), 1,
             CR_HEAD("XMLHttpRequest", X) "No 'Access-Control-Allow-Origin' "
                                          "header is present on the requested "
                                          "resource.");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "http://other")),
             1,
             CR_HEAD("XMLHttpRequest",
                     X) "The 'Access-Control-Allow-Origin' header has a value "
                        "'http://other' that is not equal to the supplied "
                        "origin.");
  /* non-printable bytes are printed as \uXXXX (chromium.md §1.2 EncodeHint) */
  s.api = CORSIM_API_FETCH;
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "\xe9t\xe9")), 1,
             CR_HEAD("fetch", X) "The 'Access-Control-Allow-Origin' header "
                                 "contains the invalid value "
                                 "'\\u00E9t\\u00E9'." HINT);
}

static void chromium_credentials(void **state) {
  (void)state;
  struct spec s = {.b = CH, .include = true};
  const char *wild = "The value of the 'Access-Control-Allow-Origin' header in "
                     "the response must not be the wildcard '*' when the "
                     "request's credentials mode is 'include'.";
  char want[1024];
  snprintf(want, sizeof(want), CR_HEAD("fetch", X) "%s", wild);
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "*")), 1, want);
  s.api = CORSIM_API_XHR;
  snprintf(want, sizeof(want), CR_HEAD("XMLHttpRequest", X) "%s" XHR_CRED,
           wild);
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "*")), 1, want);
  s.api = CORSIM_API_FETCH;
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", PAGE)), 1,
             CR_HEAD("fetch", X) "The value of the "
                                 "'Access-Control-Allow-Credentials' header in "
                                 "the response is '' which must be 'true' when "
                                 "the request's credentials mode is "
                                 "'include'.");
  s.api = CORSIM_API_XHR;
  expect_msg(&s,
             RULE1(200, H("Access-Control-Allow-Origin", PAGE),
                   H("Access-Control-Allow-Credentials", "True")),
             1,
             CR_HEAD("XMLHttpRequest",
                     X) "The value of the 'Access-Control-Allow-Credentials' "
                        "header in the response is 'True' which must be "
                        "'true' when the request's credentials mode is "
                        "'include'." XHR_CRED);
}

static void chromium_preflight_prefix(void **state) {
  (void)state;
  struct spec s = {.b = CH, .method = "PUT", .headers = xtoken, .nheaders = 1};
  /* IsPreflightError: ACAO/ACAC, status and redirect get the prefix */
  expect_msg(&s, PUT_PRE(404, H("X-Other", "1")), 2,
             CR_HEAD("fetch", X) PF_PREFIX "No 'Access-Control-Allow-Origin' "
                                           "header is present on the "
                                           "requested resource.");
  expect_msg(&s,
             PUT_PRE(404, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT"),
                     H("Access-Control-Allow-Headers", "X-Token")),
             2,
             CR_HEAD("fetch", X) PF_PREFIX "It does not have HTTP ok status.");
  expect_msg(&s,
             PUT_PRE(302, H("Access-Control-Allow-Origin", PAGE),
                     H("Location", API "/y")),
             2,
             CR_HEAD("fetch", X) PF_PREFIX "Redirect is not allowed for a "
                                           "preflight request.");
  expect_msg(&s, PUT_PRE(204, H("Access-Control-Allow-Origin", PAGE "/")), 2,
             CR_HEAD("fetch", X) PF_PREFIX "The 'Access-Control-Allow-Origin' "
                                           "header has a value '" PAGE
                                           "/' that is not equal to the "
                                           "supplied origin." HINT);
  /* the Allow-Methods / Allow-Headers errors do not */
  expect_msg(&s,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "GET, POST")),
             2,
             CR_HEAD("fetch", X) "Method PUT is not allowed by "
                                 "Access-Control-Allow-Methods in preflight "
                                 "response.");
  expect_msg(&s,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT;GET")),
             2,
             CR_HEAD("fetch", X) "Cannot parse Access-Control-Allow-Methods "
                                 "response header field in preflight "
                                 "response.");
  expect_msg(&s,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT"),
                     H("Access-Control-Allow-Headers", "X-Token;X-B")),
             2,
             CR_HEAD("fetch", X) "Cannot parse Access-Control-Allow-Headers "
                                 "response header field in preflight "
                                 "response.");
  expect_msg(&s,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT")),
             2,
             CR_HEAD("fetch", X) "Request header field x-token is not allowed "
                                 "by Access-Control-Allow-Headers in preflight "
                                 "response.");
  /* patch is named as sent (FINDINGS Q1) */
  struct spec p = {.b = CH, .method = "patch"};
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PATCH")),
             2,
             CR_HEAD("fetch", X) "Method patch is not allowed by "
                                 "Access-Control-Allow-Methods in preflight "
                                 "response.");
  /* the preflight passed, the PUT's answer lacks ACAO: no preflight wording
   * (FINDINGS Q3) */
  static const struct drive_rule ok_pre[] = {
      {"OPTIONS", NULL, 204,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Access-Control-Allow-Methods", "PUT"),
        H("Access-Control-Allow-Headers", "X-Token")},
       3},
      {NULL, NULL, 200, {H("X-Other", "1")}, 1},
  };
  expect_msg(&s, ok_pre, 2,
             CR_HEAD("fetch", X) "No 'Access-Control-Allow-Origin' header is "
                                 "present on the requested resource.");
}

static void chromium_redirects(void **state) {
  (void)state;
  struct spec s = {.b = CH, .url = API "/r"};
  /* tainted: names both URLs and still the page's origin (FINDINGS Q4) */
  static const struct drive_rule taint[] = {
      {NULL, API "/r", 302,
       {H("Access-Control-Allow-Origin", PAGE),
        H("Location", "http://127.0.0.1:8003/f")},
       2},
      {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},
  };
  expect_msg(&s, taint, 2,
             "Access to fetch at 'http://127.0.0.1:8003/f' (redirected from '" API
             "/r') from origin '" PAGE "' has been blocked by CORS policy: The "
             "'Access-Control-Allow-Origin' header has a value '" PAGE
             "' that is not equal to the supplied origin." HINT);
  s.api = CORSIM_API_XHR;
  expect_msg(&s, taint, 2,
             "Access to XMLHttpRequest at 'http://127.0.0.1:8003/f' "
             "(redirected from '" API "/r') from origin '" PAGE
             "' has been blocked by CORS policy: The "
             "'Access-Control-Allow-Origin' header has a value '" PAGE
             "' that is not equal to the supplied origin.");
  s.api = CORSIM_API_FETCH;
  /* the redirect itself lacks ACAO: the redirecting URL, no frame part */
  expect_msg(&s, RULE1(302, H("Location", "http://127.0.0.1:8003/f")), 1,
             CR_HEAD("fetch", API "/r") "No 'Access-Control-Allow-Origin' "
                                        "header is present on the requested "
                                        "resource.");
  /* userinfo in the location: printed as '' */
  expect_msg(&s,
             RULE1(302, H("Access-Control-Allow-Origin", PAGE),
                   H("Location", "http://u:p@127.0.0.1:8003/x")),
             1,
             CR_HEAD("fetch", API "/r") "Redirect location '' contains a "
                                        "username and password, which is "
                                        "disallowed for cross-origin "
                                        "requests.");
  s.redirect = CORSIM_REDIRECT_ERROR;
  expect_msg(&s,
             RULE1(302, H("Access-Control-Allow-Origin", PAGE),
                   H("Location", API "/f")),
             1, "Failed to load resource: net::ERR_FAILED");
  s.redirect = CORSIM_REDIRECT_FOLLOW;
  struct drive_rule loop = {NULL, NULL, 302,
                            {H("Access-Control-Allow-Origin", PAGE),
                             H("Location", API "/r")},
                            2};
  expect_msg(&s, &loop, 1,
             "Failed to load resource: net::ERR_TOO_MANY_REDIRECTS");
}

static void chromium_script_errors(void **state) {
  (void)state;
  static const struct drive_rule any[] = {{.status = 200}};
  struct spec s = {.b = CH, .method = "TRACE"};
  expect_msg(&s, any, 1,
             "Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is "
             "unsupported.");
  s.method = "track";
  expect_msg(&s, any, 1,
             "Failed to execute 'fetch' on 'Window': 'track' HTTP method is "
             "unsupported.");
  s.method = "B@D";
  expect_msg(&s, any, 1,
             "Failed to execute 'fetch' on 'Window': 'B@D' is not a valid HTTP "
             "method.");
  s.api = CORSIM_API_XHR;
  s.method = "TRACE";
  expect_msg(&s, any, 1,
             "Failed to execute 'open' on 'XMLHttpRequest': 'TRACE' HTTP "
             "method is unsupported.");
  s.method = "GET";
  s.url = "http://[bad/";
  expect_msg(&s, any, 1,
             "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL");
  struct spec f = {.b = CH, .url = "http://[bad/"};
  expect_msg(&f, any, 1,
             "Failed to execute 'fetch' on 'Window': Failed to parse URL from "
             "http://[bad/");
  f.url = "http://u:p@127.0.0.1:8002/x";
  expect_msg(&f, any, 1,
             "Failed to execute 'fetch' on 'Window': Request cannot be "
             "constructed from a URL that includes credentials: "
             "http://u:p@127.0.0.1:8002/x");
  f.url = X;
  f.body = CORSIM_BODY_TEXT;
  expect_msg(&f, any, 1,
             "Failed to execute 'fetch' on 'Window': Request with GET/HEAD "
             "method cannot have body.");
  f.body = CORSIM_BODY_NONE;
  f.method = "put";
  f.mode = CORSIM_MODE_NO_CORS;
  expect_msg(&f, any, 1,
             "Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in "
             "no-cors mode.");
  f.method = "GET";
  f.mode = CORSIM_MODE_SAME_ORIGIN;
  expect_msg(&f, any, 1,
             "Fetch API cannot load " X ". Request mode is \"same-origin\" but "
             "the URL's origin is not same as the request origin " PAGE ".");
  f.mode = CORSIM_MODE_CORS;
  const struct corsim_header bad_name[] = {H("X A", "1")};
  f.headers = bad_name;
  f.nheaders = 1;
  expect_msg(&f, any, 1, "Failed to execute 'fetch' on 'Window': Invalid name");
  struct spec x = {.b = CH, .api = CORSIM_API_XHR, .headers = bad_name,
                   .nheaders = 1};
  expect_msg(&x, any, 1,
             "Failed to execute 'setRequestHeader' on 'XMLHttpRequest': 'X A' "
             "is not a valid HTTP header field name.");
  f.headers = NULL;
  f.nheaders = 0;
  f.url = "ftp://127.0.0.1/x";
  expect_msg(&f, any, 1,
             "Fetch API cannot load ftp://127.0.0.1/x. URL scheme \"ftp\" is "
             "not supported.");
}

static void spec_profile_uses_chromium_wording(void **state) {
  (void)state;
  struct spec s = {.b = SP};
  expect_msg(&s, RULE1(200, H("X-Other", "1")), 1,
             CR_HEAD("fetch", X) "No 'Access-Control-Allow-Origin' header is "
                                 "present on the requested resource.");
}

/* ---- Firefox (security.properties) ------------------------------------ */

static void firefox_messages(void **state) {
  (void)state;
  struct spec s = {.b = FF};
  expect_msg(&s, RULE1(200, H("X-Other", "1")), 1,
             FF_HEAD(X) "CORS header " LQ "Access-Control-Allow-Origin" RQ
                        " missing). Status code: 200.");
  expect_msg(&s, RULE1(500, H("X-Other", "1")), 1,
             FF_HEAD(X) "CORS header " LQ "Access-Control-Allow-Origin" RQ
                        " missing). Status code: 500.");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "http://other")),
             1,
             FF_HEAD(X) "CORS header " LQ "Access-Control-Allow-Origin" RQ
                        " does not match " LQ "http://other" RQ ").");
  expect_msg(&s,
             RULE1(200, H("Access-Control-Allow-Origin", PAGE),
                   H("Access-Control-Allow-Origin", PAGE)),
             1,
             FF_HEAD(X) "Multiple CORS header " LQ
                        "Access-Control-Allow-Origin" RQ " not allowed).");
  s.include = true;
  /* the URL is quoted in this one only */
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "*")), 1,
             "Cross-Origin Request Blocked: The Same Origin Policy disallows "
             "reading the remote resource at " LQ X RQ
             ". (Reason: Credential is not supported if the CORS header " LQ
             "Access-Control-Allow-Origin" RQ " is " LQ "*" RQ ").");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", PAGE)), 1,
             FF_HEAD(X) "expected " LQ "true" RQ " in CORS header " LQ
                        "Access-Control-Allow-Credentials" RQ ").");
  struct spec p = {.b = FF, .method = "PUT", .headers = xtoken, .nheaders = 1};
  expect_msg(&p,
             PUT_PRE(404, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT"),
                     H("Access-Control-Allow-Headers", "X-Token")),
             2, FF_HEAD(X) "CORS preflight response did not succeed). Status "
                           "code: 404.");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT;GET")),
             2,
             FF_HEAD(X) "invalid token " LQ "PUT;GET" RQ " in CORS header " LQ
                        "Access-Control-Allow-Methods" RQ ").");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "GET")),
             2,
             FF_HEAD(X) "Did not find method in CORS header " LQ
                        "Access-Control-Allow-Methods" RQ ").");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT"),
                     H("Access-Control-Allow-Headers", "x-b, X C")),
             2,
             FF_HEAD(X) "invalid token " LQ "X C" RQ " in CORS header " LQ
                        "Access-Control-Allow-Headers" RQ ").");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT")),
             2,
             FF_HEAD(X) "header " LQ "x-token" RQ
                        " is not allowed according to header " LQ
                        "Access-Control-Allow-Headers" RQ
                        " from CORS preflight response).");
  expect_msg(&p,
             PUT_PRE(302, H("Access-Control-Allow-Origin", PAGE),
                     H("Location", API "/y")),
             2, FF_HEAD(X) "CORS request external redirect not allowed).");
  static const struct drive_rule any[] = {{.status = 200}};
  struct spec m = {.b = FF, .mode = CORSIM_MODE_SAME_ORIGIN};
  expect_msg(&m, any, 1,
             "Security Error: Content at " PAGE "/ may not load data from " X
             ".");
  struct spec t = {.b = FF, .method = "TRACE"};
  expect_msg(&t, any, 1, "Window.fetch: Invalid request method TRACE.");
}

/* ---- WebKit ------------------------------------------------------------ */

static void webkit_messages(void **state) {
  (void)state;
  struct spec s = {.b = WK};
  /* observed-browsers.md "Console messages" */
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "http://other")),
             1,
             "Origin " PAGE " is not allowed by Access-Control-Allow-Origin. "
             "Status code: 200");
  expect_msg(&s, RULE1(404, H("X-Other", "1")), 1,
             "Origin " PAGE " is not allowed by Access-Control-Allow-Origin. "
             "Status code: 404");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", PAGE ", *")), 1,
             "Access-Control-Allow-Origin cannot contain more than one "
             "origin.");
  s.include = true;
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", "*")), 1,
             "Cannot use wildcard in Access-Control-Allow-Origin when "
             "credentials flag is true.");
  expect_msg(&s, RULE1(200, H("Access-Control-Allow-Origin", PAGE)), 1,
             "Credentials flag is true, but Access-Control-Allow-Credentials "
             "is not \"true\".");
  struct spec p = {.b = WK, .method = "PUT", .headers = xtoken, .nheaders = 1};
  expect_msg(&p, PUT_PRE(404, H("X-Other", "1")), 2,
             "Preflight response is not successful. Status code: 404");
  expect_msg(&p,
             PUT_PRE(302, H("Access-Control-Allow-Origin", PAGE),
                     H("Location", API "/y")),
             2, "Preflight response is not successful. Status code: 302");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT;GET")),
             2,
             "Header Access-Control-Allow-Methods has an invalid value: "
             "PUT;GET");
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "GET")),
             2, "Method PUT is not allowed by Access-Control-Allow-Methods.");
  /* the header as the script spelled it (observed: X-Token) */
  expect_msg(&p,
             PUT_PRE(200, H("Access-Control-Allow-Origin", PAGE),
                     H("Access-Control-Allow-Methods", "PUT")),
             2,
             "Request header field X-Token is not allowed by "
             "Access-Control-Allow-Headers.");
  /* a redirect whose check fails names the redirect target (§3.7) */
  struct spec r = {.b = WK, .url = API "/r"};
  expect_msg(&r,
             RULE1(302, H("Access-Control-Allow-Origin", "http://other"),
                   H("Location", API "/f")),
             1,
             "Cross-origin redirection to " API "/f denied by Cross-Origin "
             "Resource Sharing policy: Origin " PAGE " is not allowed by "
             "Access-Control-Allow-Origin. Status code: 302");
  static const struct drive_rule any[] = {{.status = 200}};
  struct spec t = {.b = WK, .method = "TRACE"};
  expect_msg(&t, any, 1, "Method is forbidden.");
  struct drive_rule loop = {NULL, NULL, 302,
                            {H("Access-Control-Allow-Origin", PAGE),
                             H("Location", API "/r")},
                            2};
  expect_msg(&r, &loop, 1, "Load cannot follow more than 20 redirections");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(chromium_acao),
      cmocka_unit_test(chromium_credentials),
      cmocka_unit_test(chromium_preflight_prefix),
      cmocka_unit_test(chromium_redirects),
      cmocka_unit_test(chromium_script_errors),
      cmocka_unit_test(spec_profile_uses_chromium_wording),
      cmocka_unit_test(firefox_messages),
      cmocka_unit_test(webkit_messages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
