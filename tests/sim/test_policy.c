/* test_policy.c - unit tests for sim/core/policy.c: the Fetch standard's
 * method and header tables and each browser's deviations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

#define S(x) CORSIM_LIT(x)

static struct corsim_str cs(const char *s) {
  struct corsim_str r = {s, strlen(s)};
  return r;
}

static const char *const bname[] = {"chromium", "firefox", "webkit", "spec"};

/* ---- methods ---- */

static void test_method_forbidden(void **state) {
  (void)state;
  assert_true(corsim__method_forbidden(S("CONNECT")));
  assert_true(corsim__method_forbidden(S("trace")));
  assert_true(corsim__method_forbidden(S("TrAcK")));
  assert_false(corsim__method_forbidden(S("TRACKS")));
  assert_false(corsim__method_forbidden(S("TRAC")));
  assert_false(corsim__method_forbidden(S("GET")));
  assert_false(corsim__method_forbidden(S("")));
  assert_false(corsim__method_forbidden(S(" TRACE")));
}

static void test_method_safelisted(void **state) {
  (void)state;
  assert_true(corsim__method_safelisted(S("GET")));
  assert_true(corsim__method_safelisted(S("HEAD")));
  assert_true(corsim__method_safelisted(S("POST")));
  assert_false(corsim__method_safelisted(S("get")));
  assert_false(corsim__method_safelisted(S("Post")));
  assert_false(corsim__method_safelisted(S("PUT")));
  assert_false(corsim__method_safelisted(S("OPTIONS")));
  assert_false(corsim__method_safelisted(S("GET ")));
  assert_false(corsim__method_safelisted(S("")));
}

static void test_method_normalize(void **state) {
  (void)state;
  static const char *const in[] = {"pOsT", "get", "Head", "delete",
                                   "options", "put", "GET"};
  static const char *const out[] = {"POST", "GET", "HEAD", "DELETE",
                                    "OPTIONS", "PUT", "GET"};
  for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
    char copy[16];
    size_t n = strlen(in[i]);
    memcpy(copy, in[i], n);
    struct corsim_str m = {copy, n};
    struct corsim_str r = corsim__method_normalize(m);
    assert_true(corsim__str_eq(r, cs(out[i])));
    /* A static string, not a slice of the (here short-lived) input. */
    assert_ptr_not_equal(r.ptr, copy);
  }
  /* Everything else is returned unchanged, byte for byte. */
  struct corsim_str m = S("patch");
  struct corsim_str r = corsim__method_normalize(m);
  assert_ptr_equal(r.ptr, m.ptr);
  assert_int_equal(r.len, 5);
  assert_true(corsim__str_eq(corsim__method_normalize(S("PATCH")), S("PATCH")));
  assert_true(corsim__str_eq(corsim__method_normalize(S("trace")), S("trace")));
  assert_true(corsim__str_eq(corsim__method_normalize(S("posts")), S("posts")));
  assert_true(corsim__str_eq(corsim__method_normalize(S("")), S("")));
  /* Bytes one case bit away from a letter are not that letter: the
   * normaliser folds with | 0x20, which is exact for letters only. */
  static const char *const near[] = {"G\x05T", "ge\x14", "P\x15T",
                                     "HE\x01D", "\x10OST", "GE",  "G"};
  for (size_t i = 0; i < sizeof(near) / sizeof(near[0]); i++) {
    struct corsim_str nm = cs(near[i]);
    assert_ptr_equal(corsim__method_normalize(nm).ptr, nm.ptr);
  }
}

/* ---- header values ---- */

static void test_header_value(void **state) {
  (void)state;
  assert_true(corsim__header_value_valid(S("")));
  assert_true(corsim__header_value_valid(S("a b\tc")));
  assert_true(corsim__header_value_valid(S("\xE9t\xE9")));
  assert_false(corsim__header_value_valid(S(" a")));
  assert_false(corsim__header_value_valid(S("a\t")));
  assert_false(corsim__header_value_valid(S("a\rb")));
  assert_false(corsim__header_value_valid(S("a\nb")));
  assert_false(corsim__header_value_valid(S("a\0b")));
  assert_true(corsim__header_value_valid(S("a\x01" "b")));
  struct corsim_str n = corsim__header_value_normalize(S("\r\n\t a b \t\r\n"));
  assert_true(corsim__str_eq(n, S("a b")));
  assert_true(corsim__header_value_valid(n));
  n = corsim__header_value_normalize(S(" \x0b "));
  assert_true(corsim__str_eq(n, S("\x0b")));
}

/* The sixteen-byte and word paths against a byte loop: every length to
 * 40, with NUL, CR, LF and near misses at every offset. */
static void test_header_value_words(void **state) {
  (void)state;
  static const char probe[] = {'\0', '\r', '\n', '\x01', '\x0b', '\x0c',
                               '\x0e', '\x8d', '\x8a', '\x80', 'x', '\t'};
  char buf[40];
  for (size_t n = 1; n <= sizeof(buf); n++) {
    for (size_t at = 1; at + 1 < n; at++) {
      for (size_t k = 0; k < sizeof(probe); k++) {
        memset(buf, 'v', n);
        buf[at] = probe[k];
        bool want = probe[k] != '\0' && probe[k] != '\r' && probe[k] != '\n';
        assert_int_equal(
            corsim__header_value_valid((struct corsim_str){buf, n}), want);
      }
    }
    memset(buf, 'v', n);
    assert_true(corsim__header_value_valid((struct corsim_str){buf, n}));
  }
}

/* ---- forbidden request headers ---- */

/* The "proxy-" and "sec-" prefixes in every case, and their near
 * misses (CR folds onto '-' under bit 5, so must not pass for it). */
static void test_forbidden_prefixes(void **state) {
  (void)state;
  static const char *const yes[] = {"sec-", "Sec-Fetch-Mode", "SEC-X",
                                    "sEc-", "proxy-", "Proxy-Authorization",
                                    "PROXY-x", "pRoXy-"};
  static const char *const no[] = {"sec", "sec\r", "sec_", "sex-",
                                   "se-", "proxy", "proxy\r", "proxy_",
                                   "proxz-", "prox-", "xsec-", "S\xc5\xa3-"};
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
      assert_true(corsim__header_forbidden(cs(yes[i]), S("x"), br));
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
      assert_false(corsim__header_forbidden(cs(no[i]), S("x"), br));
  }
}

static void test_forbidden_names(void **state) {
  (void)state;
  static const char *const names[] = {
      "Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
      "Access-Control-Request-Method", "Connection", "Content-Length",
      "Cookie", "Cookie2", "Date", "DNT", "Expect", "Host", "Keep-Alive",
      "Origin", "Referer", "Set-Cookie", "TE", "Trailer",
      "Transfer-Encoding", "Upgrade", "Via"};
  assert_int_equal(sizeof(names) / sizeof(names[0]), 21);
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    for (size_t i = 0; i < 21; i++) {
      assert_true(corsim__header_forbidden(cs(names[i]), S("x"), br));
      char up[64];
      size_t n = strlen(names[i]);
      for (size_t k = 0; k < n; k++)
        up[k] = (char)(names[i][k] >= 'a' && names[i][k] <= 'z'
                           ? names[i][k] - 32 : names[i][k]);
      struct corsim_str u = {up, n};
      assert_true(corsim__header_forbidden(u, S(""), br));
    }
    assert_true(corsim__header_forbidden(S("proxy-authorization"), S("x"), br));
    assert_true(corsim__header_forbidden(S("Proxy-"), S("x"), br));
    assert_true(corsim__header_forbidden(S("Sec-Fetch-Mode"), S("x"), br));
    assert_true(corsim__header_forbidden(S("sec-ch-ua"), S("x"), br));
    assert_false(corsim__header_forbidden(S("proxy"), S("x"), br));
    assert_false(corsim__header_forbidden(S("secret"), S("x"), br));
    assert_false(corsim__header_forbidden(S("X-Custom"), S("x"), br));
    assert_false(corsim__header_forbidden(S("Content-Type"), S("x"), br));
    assert_false(corsim__header_forbidden(S("Authorization"), S("x"), br));
    assert_false(corsim__header_forbidden(S("Hosts"), S("x"), br));
    assert_false(corsim__header_forbidden(S("Cookie3"), S("x"), br));
  }
}

/* User-Agent: forbidden in Chromium only (observed: Firefox and WebKit
 * send it and preflight); the PNA request header likewise. */
static void test_forbidden_user_agent(void **state) {
  (void)state;
  static const bool ua[] = {true, false, false, false};
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    assert_int_equal(corsim__header_forbidden(S("User-Agent"), S("x"), br), ua[b]);
    assert_int_equal(corsim__header_forbidden(
                         S("Access-Control-Request-Private-Network"), S("true"), br),
                     ua[b]);
  }
}

static void test_forbidden_override(void **state) {
  (void)state;
  struct row {
    const char *name, *value;
    bool want[4];
  };
  static const struct row rows[] = {
      {"X-HTTP-Method-Override", "PUT, TRACE", {1, 1, 1, 1}},
      {"X-HTTP-Method-Override", "TRACE", {1, 1, 1, 1}},
      {"X-HTTP-Method-Override", "get, TRACE", {1, 1, 1, 1}},
      {"X-HTTP-Method-Override", "GET", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", "PUT", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", "", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", " ,, ", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", "TRACEx", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", "\tconnect\t", {1, 1, 1, 1}},
      {"X-HTTP-Method-Override", "PUT,track", {1, 1, 1, 1}},
      {"x-http-method", "CONNECT", {1, 1, 1, 1}},
      {"X-Method-Override", "track", {1, 1, 1, 1}},
      {"X-Method-Override", "GET,", {0, 0, 0, 0}},
      {"X-Other-Override", "TRACE", {0, 0, 0, 0}},
      /* The standard's get-decode-split keeps "a,TRACE" together inside
       * quotes; Chromium and Firefox split on every comma. */
      {"X-HTTP-Method-Override", "\"x, TRACE ,y\"", {1, 1, 0, 0}},
      {"X-HTTP-Method-Override", "\"a\\\",TRACE, b\"", {1, 1, 0, 0}},
      {"X-HTTP-Method-Override", "\"a,TRACE\"", {0, 0, 0, 0}},
      {"X-HTTP-Method-Override", "\"a\", TRACE", {1, 1, 1, 1}},
      {"X-HTTP-Method-Override", "\"TRACE\"", {0, 0, 0, 0}},
  };
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
      bool got = corsim__header_forbidden(cs(rows[i].name), cs(rows[i].value),
                                          (enum corsim_browser)b);
      if (got != rows[i].want[b])
        fail_msg("%s: %s in %s: got %d", rows[i].name, rows[i].value, bname[b], got);
    }
  }
}

/* ---- CORS-unsafe request-header byte ---- */

static void test_unsafe_byte(void **state) {
  (void)state;
  static const char set[] = "\"():<>?@[\\]{}";
  for (int c = 0; c < 256; c++) {
    bool want = (c < 0x20 && c != 0x09) || c == 0x7F;
    for (size_t i = 0; i < sizeof(set) - 1; i++)
      want = want || c == (unsigned char)set[i];
    if (corsim__byte_cors_unsafe((unsigned char)c) != want)
      fail_msg("byte 0x%02x", c);
  }
}

/* ---- CORS-safelisted request headers ---- */

struct srow {
  const char *name;
  const char *value;
  bool want[4]; /* chromium, firefox, webkit, spec */
};

#define YES {1, 1, 1, 1}
#define NO {0, 0, 0, 0}
#define CHROMIUM_ONLY {1, 0, 0, 0}
#define NOT_FIREFOX {1, 0, 1, 1}
#define WEBKIT_ONLY {0, 0, 1, 0}

static const struct srow safelist_rows[] = {
    /* accept */
    {"Accept", "text/html,*/*;q=0.8", YES},
    {"accept", "", YES},
    {"ACCEPT", "a\tb", YES},
    {"Accept", "a\"b", NO},
    {"Accept", "a:b", NO},
    {"Accept", "a\x01" "b", NO},
    {"Accept", "a\x7f", NO},
    {"Accept", "{x}", NO},
    /* été in UTF-8 (C3 A9 74 C3 A9) and in Latin-1 (E9 74 E9): bytes
     * >= 0x80 are not unsafe, except in Firefox (signed char compare;
     * observed: Firefox preflights Accept: été). */
    {"Accept", "\xC3\xA9t\xC3\xA9", NOT_FIREFOX},
    {"Accept", "\xE9t\xE9", NOT_FIREFOX},
    {"Accept", "\x80", NOT_FIREFOX},
    {"Accept", "\xFF", NOT_FIREFOX},
    /* accept-language / content-language */
    {"Accept-Language", "en-US,en;q=0.9", YES},
    {"Accept-Language", "*", YES},
    {"Accept-Language", "", YES},
    {"Accept-Language", "en_US", NO},
    {"Accept-Language", "en\tUS", NO},
    {"Accept-Language", "en/US", NO},
    {"Accept-Language", "\xC3\xA9", NO},
    {"Content-Language", "de-DE, fr", YES},
    {"Content-Language", "de(DE)", NO},
    /* content-type */
    {"Content-Type", "text/plain;charset=UTF-8", YES},
    {"Content-Type", "TEXT/PLAIN", YES},
    {"Content-Type", "text/plain;", YES},
    {"Content-Type", "text/plain; charset", YES},
    {"Content-Type", "application/x-www-form-urlencoded;charset=UTF-8", YES},
    {"Content-Type", "multipart/form-data; boundary=----x", YES},
    {"content-type", "Text/Plain ; foo", YES},
    {"Content-Type", "text/plain, application/json", NO},
    {"Content-Type", "text / plain", NO},
    {"Content-Type", "application/json", NO},
    {"Content-Type", "text/plain; charset=\"utf-8\"", NO},
    {"Content-Type", "text/html", NO},
    {"Content-Type", "text/plain, text/plain", NO},
    {"Content-Type", "", NO},
    {"Content-Type", "text/plainx", NO},
    {"Content-Type", "text/plain;charset=\xE9", NOT_FIREFOX},
    /* Gecko skips junk between the type and the first ';'. */
    {"Content-Type", "text/plain x;a", {0, 1, 0, 0}},
    /* range */
    {"Range", "bytes=0-", YES},
    {"Range", "bytes=10-20", YES},
    {"Range", "bytes=5-5", YES},
    {"Range", "bytes=007-10", YES},
    {"Range", "bytes=-5", NO},
    {"Range", "bytes = 0-", NO},
    {"Range", "bytes= 0-", NO},
    {"Range", "bytes=0-1,5-6", NO},
    {"Range", "bytes=5-1", NO},
    {"Range", "bytes=10-9", NO},
    {"Range", "bytes=0-1 ", NO},
    {"Range", "bytes=", NO},
    {"Range", "bytes=-", NO},
    {"Range", "bytes=+1-2", NO},
    {"Range", "bytes=1", NO},
    {"Range", "bytes", NO},
    {"Range", "items=0-1", NO},
    {"Range", "", NO},
    /* Observed: only WebKit treats a non-lower-case unit as simple. */
    {"Range", "Bytes=0-1", WEBKIT_ONLY},
    {"Range", "BYTES=0-", WEBKIT_ONLY},
    /* Numbers past int64 fail in the browsers, not in the standard. */
    {"Range", "bytes=9223372036854775807-", YES},
    {"Range", "bytes=9223372036854775808-", {0, 0, 0, 1}},
    {"Range", "bytes=0-99999999999999999999", {0, 0, 0, 1}},
    {"Range", "bytes=99999999999999999999-99999999999999999998", NO},
    {"Range", "bytes=00000000000000000000000001-2", YES},
    /* Chromium-only names and their value rules. */
    {"DPR", "2", CHROMIUM_ONLY},
    {"dpr", "1.5", CHROMIUM_ONLY},
    {"DPR", "2.", NO},
    {"DPR", ".5", NO},
    {"DPR", "abc", NO},
    {"DPR", "", NO},
    {"DPR", "1.5.2", NO},
    {"DPR", "-1", NO},
    {"Width", "100", CHROMIUM_ONLY},
    {"Width", "1.5", NO},
    {"Width", "", NO},
    {"Viewport-Width", "1280", CHROMIUM_ONLY},
    {"Viewport-Width", "12a", NO},
    {"RTT", "50", CHROMIUM_ONLY},
    {"RTT", "50.0", NO},
    {"Downlink", "1.75", CHROMIUM_ONLY},
    {"Downlink", "10", CHROMIUM_ONLY},
    {"Device-Memory", "0.5", CHROMIUM_ONLY},
    {"Device-Memory", "8", CHROMIUM_ONLY},
    {"Device-Memory", "8GB", NO},
    {"ECT", "4g", CHROMIUM_ONLY},
    {"ect", "slow-2g", CHROMIUM_ONLY},
    {"ECT", "2g", CHROMIUM_ONLY},
    {"ECT", "3g", CHROMIUM_ONLY},
    {"ECT", "5g", NO},
    {"ECT", "4G", NO},
    {"ECT", " 4g", NO},
    {"Save-Data", "On", CHROMIUM_ONLY},
    {"Save-Data", "on", CHROMIUM_ONLY},
    {"Save-Data", "off", NO},
    {"Save-Data", "1", NO},
    {"Intervention", "<https://example.com>; level=\"warning\"", CHROMIUM_ONLY},
    {"Intervention", "", CHROMIUM_ONLY},
    {"Sec-CH-UA", "\"x\"", CHROMIUM_ONLY},
    {"Lang", "en", NO},
    /* Everything else. */
    {"X-Custom", "1", NO},
    {"Authorization", "Bearer x", NO},
    {"Content-Encoding", "gzip", NO},
    {"User-Agent", "x", NO},
};

static void test_safelisted_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof(safelist_rows) / sizeof(safelist_rows[0]); i++) {
    const struct srow *r = &safelist_rows[i];
    for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
      bool got = corsim__header_safelisted(cs(r->name), cs(r->value),
                                           (enum corsim_browser)b);
      if (got != r->want[b])
        fail_msg("%s: %s in %s: got %d", r->name, r->value, bname[b], got);
    }
  }
}

/* 128 bytes is the limit for every name, checked before anything else. */
static void test_safelisted_length(void **state) {
  (void)state;
  char v[200];
  memset(v, 'a', sizeof(v));
  struct corsim_str v128 = {v, 128};
  struct corsim_str v129 = {v, 129};
  char ct[200];
  memcpy(ct, "text/plain;a=", 13);
  memset(ct + 13, 'b', sizeof(ct) - 13);
  struct corsim_str ct128 = {ct, 128};
  struct corsim_str ct129 = {ct, 129};
  char dpr[200];
  memset(dpr, '1', sizeof(dpr));
  struct corsim_str dpr128 = {dpr, 128};
  struct corsim_str dpr129 = {dpr, 129};
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    assert_true(corsim__header_safelisted(S("Accept"), v128, br));
    assert_false(corsim__header_safelisted(S("Accept"), v129, br));
    assert_true(corsim__header_safelisted(S("Accept-Language"), v128, br));
    assert_false(corsim__header_safelisted(S("Accept-Language"), v129, br));
    assert_true(corsim__header_safelisted(S("Content-Type"), ct128, br));
    assert_false(corsim__header_safelisted(S("Content-Type"), ct129, br));
    /* The Content-Type rule alone has no length limit. */
    assert_true(corsim__content_type_safelisted(ct129, br));
    assert_int_equal(corsim__header_safelisted(S("Width"), dpr128, br),
                     br == CORSIM_BROWSER_CHROMIUM);
    assert_false(corsim__header_safelisted(S("Width"), dpr129, br));
    assert_int_equal(corsim__header_safelisted(S("Intervention"), v128, br),
                     br == CORSIM_BROWSER_CHROMIUM);
    assert_false(corsim__header_safelisted(S("Intervention"), v129, br));
  }
}

static void test_content_type_rule(void **state) {
  (void)state;
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    assert_true(corsim__content_type_safelisted(S("text/plain"), br));
    assert_false(corsim__content_type_safelisted(S("text/plain;a=\"b\""), br));
    assert_false(corsim__content_type_safelisted(S("text/plain\r\n"), br));
    assert_false(corsim__content_type_safelisted(S("application/xml"), br));
    /* An essence longer than any safelisted one. */
    assert_false(corsim__content_type_safelisted(
        S("application/x-www-form-urlencoded-and-then-some-more-text"), br));
    assert_false(corsim__content_type_safelisted(S(""), br));
  }
}

static void test_no_cors_safelisted(void **state) {
  (void)state;
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    assert_true(corsim__header_no_cors_safelisted(S("Accept"), S("*/*"), br));
    assert_true(corsim__header_no_cors_safelisted(S("accept-language"), S("en"), br));
    assert_true(corsim__header_no_cors_safelisted(S("Content-Language"), S("en"), br));
    assert_true(corsim__header_no_cors_safelisted(S("Content-Type"), S("text/plain"), br));
    assert_false(corsim__header_no_cors_safelisted(S("Content-Type"), S("application/json"), br));
    assert_false(corsim__header_no_cors_safelisted(S("Accept"), S("a\"b"), br));
    /* Range is CORS-safelisted but not a no-CORS-safelisted name. */
    assert_false(corsim__header_no_cors_safelisted(S("Range"), S("bytes=0-"), br));
    /* Neither are Chromium's client hints. */
    assert_false(corsim__header_no_cors_safelisted(S("DPR"), S("2"), br));
    assert_false(corsim__header_no_cors_safelisted(S("X-A"), S("1"), br));
  }
  assert_true(corsim__header_no_cors_safelisted(S("Accept"), S("\xE9"), CORSIM_BROWSER_CHROMIUM));
  assert_false(corsim__header_no_cors_safelisted(S("Accept"), S("\xE9"), CORSIM_BROWSER_FIREFOX));
}

static void test_non_wildcard(void **state) {
  (void)state;
  assert_true(corsim__header_non_wildcard(S("Authorization")));
  assert_true(corsim__header_non_wildcard(S("AUTHORIZATION")));
  assert_false(corsim__header_non_wildcard(S("Proxy-Authorization")));
  assert_false(corsim__header_non_wildcard(S("X-A")));
  assert_false(corsim__header_non_wildcard(S("*")));
}

static void test_response_headers(void **state) {
  (void)state;
  static const char *const names[] = {"Cache-Control", "content-language",
                                      "Content-Length", "CONTENT-TYPE",
                                      "Expires", "Last-Modified", "Pragma"};
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
      assert_true(corsim__response_header_safelisted(cs(names[i]), br));
    assert_false(corsim__response_header_safelisted(S("Set-Cookie"), br));
    assert_false(corsim__response_header_safelisted(S("X-Foo"), br));
    assert_false(corsim__response_header_safelisted(S("Date"), br));
    assert_false(corsim__response_header_safelisted(S("Content-Encoding"), br));
    /* WebKit's source lists Accept, but WebKitGTK 2.50 did not expose it
     * (tests/browser/webkit-2.50): no browser does. */
    assert_false(corsim__response_header_safelisted(S("Accept"), br));
  }
  assert_true(corsim__response_header_forbidden(S("Set-Cookie")));
  assert_true(corsim__response_header_forbidden(S("set-cookie2")));
  assert_false(corsim__response_header_forbidden(S("Set-Cookie3")));
  assert_false(corsim__response_header_forbidden(S("Cookie")));
}

static void test_request_body_header(void **state) {
  (void)state;
  assert_true(corsim__request_body_header(S("Content-Encoding")));
  assert_true(corsim__request_body_header(S("content-language")));
  assert_true(corsim__request_body_header(S("Content-Location")));
  assert_true(corsim__request_body_header(S("CONTENT-TYPE")));
  assert_false(corsim__request_body_header(S("Content-Length")));
  assert_false(corsim__request_body_header(S("Content-Disposition")));
  assert_false(corsim__request_body_header(S("Accept")));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_method_forbidden),
      cmocka_unit_test(test_method_safelisted),
      cmocka_unit_test(test_method_normalize),
      cmocka_unit_test(test_header_value),
      cmocka_unit_test(test_forbidden_names),
      cmocka_unit_test(test_forbidden_user_agent),
      cmocka_unit_test(test_forbidden_override),
      cmocka_unit_test(test_unsafe_byte),
      cmocka_unit_test(test_safelisted_table),
      cmocka_unit_test(test_safelisted_length),
      cmocka_unit_test(test_content_type_rule),
      cmocka_unit_test(test_no_cors_safelisted),
      cmocka_unit_test(test_non_wildcard),
      cmocka_unit_test(test_header_value_words),
      cmocka_unit_test(test_forbidden_prefixes),
      cmocka_unit_test(test_response_headers),
      cmocka_unit_test(test_request_body_header),
  };
  return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
