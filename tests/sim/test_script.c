/*
 * test_script.c - the script-side steps (sim/core/script.c): forbidden
 * headers, the no-cors guard, the body's implicit Content-Type, GET/HEAD
 * bodies in fetch and XHR, method normalisation and repeated headers.
 *
 * Sources: observed-browsers.md "Where the browsers disagree" (wins),
 * chromium-156/FINDINGS.md Q1, chromium.md §2.2 and §6,
 * spec-firefox-webkit.md §2.3 and §3.2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>
#include <strings.h>

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

/* Everything allowed, so the request always reaches the wire. */
static const struct drive_rule allow_all[] = {
    {"OPTIONS", NULL, 204,
     {H("Access-Control-Allow-Origin", PAGE),
      H("Access-Control-Allow-Methods", "PUT, PATCH, DELETE, patch, Patch, custom, OPTIONS"),
      H("Access-Control-Allow-Headers", "*")},
     3},
    {NULL, NULL, 200, {H("Access-Control-Allow-Origin", PAGE)}, 1},
};

static void run_req(struct run *out, enum corsim_browser b,
                    const struct corsim_request *req) {
  assert_int_equal(corsim_ctx_new(b, corsim_str_c(PAGE), &out->ctx), 0);
  out->f = drive(out->ctx, req, allow_all, 2, &out->res);
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

/* The actual request: the last wire entry. */
static size_t last(const struct run *r) {
  assert_true(r->res.nwire > 0);
  assert_false(r->res.wire[r->res.nwire - 1].preflight);
  return r->res.nwire - 1;
}

static size_t wire_count(const struct corsim_result *res, size_t i,
                         const char *name) {
  size_t n = 0;
  for (size_t k = 0; k < res->wire[i].nheaders; k++)
    if (res->wire[i].headers[k].name.len == strlen(name) &&
        strncasecmp(res->wire[i].headers[k].name.ptr, name,
                    strlen(name)) == 0)
      n++;
  return n;
}

static void forbidden_headers_dropped(void **state) {
  (void)state;
  struct corsim_header hs[] = {
      H("Cookie", "a=1"),        H("Host", "evil"),
      H("Sec-Foo", "1"),         H("Proxy-X", "1"),
      H("Origin", "http://x"),   H("Referer", "http://x/"),
      H("Content-Length", "5"),  H("Connection", "close"),
      H("X-HTTP-Method-Override", "TRACE"),
      H("X-HTTP-Method-Override", "PUT, TRACE"),
      H("X-HTTP-Method", "CONNECT"),
      H("X-Method-Override", "track"),
  };
  /* all three drop them silently: no exception, no preflight (observed) */
  for (int b = 0; b < 4; b++) {
    for (int api = 0; api < 2; api++) {
      struct corsim_request r = req_of("GET");
      r.api = (enum corsim_api)api;
      r.headers = hs;
      r.nheaders = sizeof(hs) / sizeof(hs[0]);
      struct run x;
      run_req(&x, (enum corsim_browser)b, &r);
      assert_false(x.res.blocked);
      assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_NONE);
      assert_int_equal(x.res.nwire, 1);
      assert_null(wire_header(&x.res, 0, "Cookie"));
      assert_null(wire_header(&x.res, 0, "Sec-Foo"));
      assert_null(wire_header(&x.res, 0, "X-HTTP-Method-Override"));
      assert_null(wire_header(&x.res, 0, "X-Method-Override"));
      assert_null(wire_header(&x.res, 0, "X-HTTP-Method"));
      assert_string_equal(wire_header(&x.res, 0, "Origin"), PAGE);
      run_free(&x);
    }
  }
}

static void method_override_get_is_sent(void **state) {
  (void)state;
  struct corsim_header hs[] = {H("X-HTTP-Method-Override", "GET")};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    r.headers = hs;
    r.nheaders = 1;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_SENT);
    assert_string_equal(wire_header(&x.res, last(&x), "X-HTTP-Method-Override"),
                        "GET");
    run_free(&x);
  }
}

static void user_agent_chromium_only(void **state) {
  (void)state;
  /* Chromium drops a script-set User-Agent; Firefox and WebKit send it
   * and preflight (observed) */
  struct corsim_header hs[] = {H("User-Agent", "bot/1")};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    r.headers = hs;
    r.nheaders = 1;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    if (b == CH) {
      assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_NONE);
      assert_null(wire_header(&x.res, 0, "User-Agent"));
    } else {
      assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_SENT);
      assert_string_equal(wire_header(&x.res, last(&x), "User-Agent"),
                          "bot/1");
    }
    run_free(&x);
  }
}

static char a100[101], b100[101];

static void no_cors_guard(void **state) {
  (void)state;
  memset(a100, 'a', 100);
  memset(b100, 'b', 100);
  struct corsim_header hs[] = {
      H("X-A", "1"),
      H("Range", "bytes=0-1"),
      H("Content-Type", "text/plain"),
      H("Content-Type", "text/plain"),
      {corsim_str_c("Accept"), corsim_str_c(a100)},
      {corsim_str_c("Accept"), corsim_str_c(b100)},
      H("Accept-Language", "en"),
  };
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("POST");
    r.mode = CORSIM_MODE_NO_CORS;
    r.body = CORSIM_BODY_TEXT;
    r.headers = hs;
    r.nheaders = sizeof(hs) / sizeof(hs[0]);
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.response_type, CORSIM_RESPONSE_OPAQUE);
    assert_int_equal(x.res.nwire, 1);
    assert_null(wire_header(&x.res, 0, "X-A"));
    /* Range is a privileged no-CORS header: always removed */
    assert_null(wire_header(&x.res, 0, "Range"));
    /* the second value is checked combined with the first ("text/plain,
     * text/plain", 202 bytes of Accept) and dropped */
    assert_string_equal(wire_header(&x.res, 0, "Content-Type"), "text/plain");
    assert_int_equal(wire_count(&x.res, 0, "Content-Type"), 1);
    assert_string_equal(wire_header(&x.res, 0, "Accept"), a100);
    assert_int_equal(wire_count(&x.res, 0, "Accept"), 1);
    assert_string_equal(wire_header(&x.res, 0, "Accept-Language"), "en");
    run_free(&x);
    /* a dropped Content-Type is re-added from the body */
    struct corsim_header json[] = {H("Content-Type", "application/json")};
    r.headers = json;
    r.nheaders = 1;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_string_equal(wire_header(&x.res, 0, "Content-Type"),
                        "text/plain;charset=UTF-8");
    run_free(&x);
  }
}

static void implicit_content_type(void **state) {
  (void)state;
  const enum corsim_body kinds[] = {
      CORSIM_BODY_TEXT, CORSIM_BODY_URLSEARCHPARAMS, CORSIM_BODY_FORMDATA,
      CORSIM_BODY_BLOB, CORSIM_BODY_BLOB, CORSIM_BODY_BYTES};
  const char *blob_type[] = {NULL, NULL, NULL, "application/json", "", NULL};
  const char *want[] = {"text/plain;charset=UTF-8",
                        "application/x-www-form-urlencoded;charset=UTF-8",
                        "multipart/form-data; boundary=...",
                        "application/json", NULL, NULL};
  /* only the Blob's JSON type is not safelisted */
  const bool preflight[] = {false, false, false, true, false, false};
  for (int b = 0; b < 4; b++) {
    for (int api = 0; api < 2; api++) {
      for (size_t i = 0; i < 6; i++) {
        struct corsim_request r = req_of("POST");
        r.api = (enum corsim_api)api;
        r.body = kinds[i];
        r.body_type = corsim_str_c(blob_type[i]);
        struct run x;
        run_req(&x, (enum corsim_browser)b, &r);
        const char *ct = wire_header(&x.res, last(&x), "Content-Type");
        if (want[i])
          assert_string_equal(ct, want[i]);
        else
          assert_null(ct);
        assert_int_equal(x.res.preflight, preflight[i]
                                              ? CORSIM_PREFLIGHT_SENT
                                              : CORSIM_PREFLIGHT_NONE);
        run_free(&x);
      }
      /* a Content-Type set by the script wins over the body's */
      struct corsim_header hs[] = {H("content-type", "text/plain")};
      struct corsim_request r = req_of("POST");
      r.api = (enum corsim_api)api;
      r.body = CORSIM_BODY_FORMDATA;
      r.headers = hs;
      r.nheaders = 1;
      struct run x;
      run_req(&x, (enum corsim_browser)b, &r);
      assert_int_equal(wire_count(&x.res, 0, "Content-Type"), 1);
      assert_string_equal(wire_header(&x.res, 0, "content-type"),
                          "text/plain");
      run_free(&x);
    }
  }
}

static void get_head_body(void **state) {
  (void)state;
  const char *ms[] = {"GET", "HEAD", "get"};
  for (int b = 0; b < 4; b++) {
    for (size_t i = 0; i < 3; i++) {
      /* fetch: the constructor throws, nothing is sent */
      struct corsim_request r = req_of(ms[i]);
      r.body = CORSIM_BODY_TEXT;
      struct run x;
      run_req(&x, (enum corsim_browser)b, &r);
      assert_int_equal(x.res.error, R(BodyNotAllowed));
      assert_int_equal(x.res.nwire, 0);
      run_free(&x);
      /* XHR: send() ignores the body (FINDINGS Q1) */
      r.api = CORSIM_API_XHR;
      run_req(&x, (enum corsim_browser)b, &r);
      assert_false(x.res.blocked);
      assert_int_equal(x.res.nwire, 1);
      assert_null(wire_header(&x.res, 0, "Content-Type"));
      run_free(&x);
    }
  }
}

static void method_normalisation(void **state) {
  (void)state;
  const char *in[] = {"get", "Post", "delete", "put", "options", "head",
                      "patch", "Patch", "custom"};
  const char *out[] = {"GET",   "POST",  "DELETE", "PUT",   "OPTIONS",
                       "HEAD",  "patch", "Patch",  "custom"};
  for (int b = 0; b < 4; b++) {
    for (int api = 0; api < 2; api++) {
      for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        struct corsim_request r = req_of(in[i]);
        r.api = (enum corsim_api)api;
        struct run x;
        run_req(&x, (enum corsim_browser)b, &r);
        if (!str_is(x.res.wire[last(&x)].method, out[i]))
          fail_msg("%s: %s became %s, want %s", corsim_browser_name(b), in[i],
                   x.res.wire[last(&x)].method.ptr, out[i]);
        run_free(&x);
      }
    }
  }
  /* forbidden methods, any case */
  const char *bad[] = {"TRACE", "trace", "Connect", "TRACK"};
  for (size_t i = 0; i < 4; i++) {
    struct corsim_request r = req_of(bad[i]);
    struct run x;
    run_req(&x, CH, &r);
    assert_int_equal(x.res.error, R(ForbiddenMethod));
    assert_int_equal(x.res.nwire, 0);
    run_free(&x);
  }
}

static void duplicate_headers_fetch(void **state) {
  (void)state;
  /* [["Content-Type","multipart/form-data"],["Content-Type","text/plain"]]:
   * Chromium and WebKit combine (not safelisted: preflight, combined value
   * on the wire); Firefox checks each entry (no preflight) and sends one
   * Content-Type: the first with a body, the last without (observed in
   * Firefox 153, tests/browser/firefox-153; observed-browsers.md). */
  struct corsim_header ct[] = {H("Content-Type", "multipart/form-data"),
                               H("Content-Type", "text/plain")};
  for (int b = 0; b < 3; b++) {
    struct corsim_request r = req_of("POST");
    r.body = CORSIM_BODY_TEXT;
    r.headers = ct;
    r.nheaders = 2;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    size_t i = last(&x);
    if (b == FF) {
      assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_NONE);
      assert_string_equal(wire_header(&x.res, i, "Content-Type"),
                          "multipart/form-data");
      run_free(&x);
      r.body = CORSIM_BODY_NONE;
      run_req(&x, (enum corsim_browser)b, &r);
      i = last(&x);
      assert_string_equal(wire_header(&x.res, i, "Content-Type"),
                          "text/plain");
    } else {
      assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_SENT);
      assert_string_equal(wire_header(&x.res, i, "Content-Type"),
                          "multipart/form-data, text/plain");
    }
    assert_int_equal(wire_count(&x.res, i, "Content-Type"), 1);
    run_free(&x);
  }
  /* two 100-byte Accept values: 202 bytes combined (observed) */
  memset(a100, 'a', 100);
  memset(b100, 'b', 100);
  struct corsim_header acc[] = {{corsim_str_c("Accept"), corsim_str_c(a100)},
                                {corsim_str_c("Accept"), corsim_str_c(b100)}};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    r.headers = acc;
    r.nheaders = 2;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    bool combines = b == CH || b == WK;
    assert_int_equal(x.res.preflight, combines ? CORSIM_PREFLIGHT_SENT
                                               : CORSIM_PREFLIGHT_NONE);
    size_t i = last(&x);
    if (b == FF) /* Necko merges other repeated names into one line */
      assert_int_equal(wire_count(&x.res, i, "Accept"), 1);
    if (combines) {
      assert_int_equal(wire_count(&x.res, i, "Accept"), 1);
      assert_int_equal(strlen(wire_header(&x.res, i, "Accept")), 202);
    }
    run_free(&x);
  }
}

static void duplicate_headers_xhr_combine(void **state) {
  (void)state;
  /* setRequestHeader combines in every browser */
  struct corsim_header ct[] = {H("Content-Type", "text/plain"),
                               H("content-type", "text/plain")};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("POST");
    r.api = CORSIM_API_XHR;
    r.body = CORSIM_BODY_TEXT;
    r.headers = ct;
    r.nheaders = 2;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.preflight, CORSIM_PREFLIGHT_SENT);
    size_t i = last(&x);
    assert_int_equal(wire_count(&x.res, i, "Content-Type"), 1);
    assert_string_equal(wire_header(&x.res, i, "Content-Type"),
                        "text/plain, text/plain");
    assert_string_equal(
        wire_header(&x.res, 0, "Access-Control-Request-Headers"),
        "content-type");
    run_free(&x);
  }
}

static void invalid_names_and_values(void **state) {
  (void)state;
  struct corsim_header name[] = {H("X A", "1")};
  struct corsim_header value[] = {H("X-A", "a\nb")};
  /* leading/trailing whitespace is normalised away, not an error */
  struct corsim_header ws[] = {H("X-A", " \tv \r\n")};
  for (int b = 0; b < 4; b++) {
    struct corsim_request r = req_of("GET");
    r.headers = name;
    r.nheaders = 1;
    struct run x;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.error, R(InvalidHeaderName));
    assert_int_equal(x.res.nwire, 0);
    run_free(&x);
    r.headers = value;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.error, R(InvalidHeaderValue));
    run_free(&x);
    r.headers = ws;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_false(x.res.blocked);
    assert_string_equal(wire_header(&x.res, last(&x), "X-A"), "v");
    run_free(&x);
    /* Names the forbidden table knows skip the byte-wise token check:
     * their values are still checked (append throws before it drops a
     * forbidden header), and a name one byte off a known one is not
     * known. */
    struct corsim_header known_bad_value[] = {H("Host", "a\nb")};
    r.headers = known_bad_value;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.error, R(InvalidHeaderValue));
    run_free(&x);
    struct corsim_header near_known[] = {H("Host:", "x"), H("X-A", "a\nb")};
    r.headers = near_known;
    r.nheaders = 2;
    run_req(&x, (enum corsim_browser)b, &r);
    assert_int_equal(x.res.error, R(InvalidHeaderName));
    run_free(&x);
    r.nheaders = 1;
  }
}

static void url_and_method_order(void **state) {
  (void)state;
  /* fetch parses the URL first, XHR open() the method first */
  struct corsim_request r = req_of("TRACE");
  r.url = corsim_str_c("http://[bad/");
  struct run x;
  run_req(&x, CH, &r);
  assert_int_equal(x.res.error, R(InvalidUrl));
  run_free(&x);
  r.api = CORSIM_API_XHR;
  run_req(&x, CH, &r);
  assert_int_equal(x.res.error, R(ForbiddenMethod));
  run_free(&x);
  /* userinfo: fetch throws, XHR sends (observed) */
  r = req_of("GET");
  r.url = corsim_str_c("http://u:p@127.0.0.1:8002/x");
  run_req(&x, FF, &r);
  assert_int_equal(x.res.error, R(CredentialsInUrl));
  run_free(&x);
  r.api = CORSIM_API_XHR;
  run_req(&x, FF, &r);
  assert_false(x.res.blocked);
  run_free(&x);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(forbidden_headers_dropped),
      cmocka_unit_test(method_override_get_is_sent),
      cmocka_unit_test(user_agent_chromium_only),
      cmocka_unit_test(no_cors_guard),
      cmocka_unit_test(implicit_content_type),
      cmocka_unit_test(get_head_body),
      cmocka_unit_test(method_normalisation),
      cmocka_unit_test(duplicate_headers_fetch),
      cmocka_unit_test(duplicate_headers_xhr_combine),
      cmocka_unit_test(invalid_names_and_values),
      cmocka_unit_test(url_and_method_order),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
