/*
 * test_names.c - the string tables of the public enums (sim/core/names.c):
 * every error and reason has a distinct, non-empty name, names parse
 * back, and the browser, response-type and preflight names are fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "corsim.h"

static void errors_distinct(void **state) {
  (void)state;
  const int errs[] = {
#define XX(name, msg) CORSIM_##name,
      CORSIM_ERRNO_MAP(XX)
#undef XX
  };
  const char *names[] = {
#define XX(name, msg) #name,
      CORSIM_ERRNO_MAP(XX)
#undef XX
  };
  size_t n = sizeof(errs) / sizeof(errs[0]);
  assert_true(n >= 5);
  for (size_t i = 0; i < n; i++) {
    assert_true(errs[i] < 0);
    assert_string_equal(corsim_err_name(errs[i]), names[i]);
    const char *m = corsim_strerror(errs[i]);
    assert_non_null(m);
    assert_true(strlen(m) > 0);
    /* git style: lower-case first letter, no trailing period */
    assert_true(m[0] >= 'a' && m[0] <= 'z');
    assert_int_not_equal(m[strlen(m) - 1], '.');
    for (size_t j = 0; j < i; j++) {
      assert_int_not_equal(errs[i], errs[j]);
      assert_string_not_equal(corsim_err_name(errs[i]),
                              corsim_err_name(errs[j]));
      assert_string_not_equal(m, corsim_strerror(errs[j]));
    }
  }
  assert_string_equal(corsim_err_name(CORSIM_OK), "OK");
  assert_string_equal(corsim_err_name(CORSIM_EINVAL), "EINVAL");
  assert_string_equal(corsim_strerror(CORSIM_ENOMEM), "out of memory");
  assert_string_equal(corsim_err_name(12345), "unknown");
  assert_string_equal(corsim_err_name(CORSIM_ERR_LAST_), "unknown");
  assert_string_equal(corsim_strerror(-1), "unknown error");
}

static void reasons_distinct_and_round_trip(void **state) {
  (void)state;
  assert_null(corsim_reason_name(CORSIM_REASON_NONE));
  assert_null(corsim_reason_name(CORSIM_REASON_COUNT_));
  assert_null(corsim_reason_name((enum corsim_reason)-1));
  for (int i = 1; i < CORSIM_REASON_COUNT_; i++) {
    const char *n = corsim_reason_name((enum corsim_reason)i);
    assert_non_null(n);
    assert_true(strlen(n) > 0);
    assert_true(n[0] >= 'A' && n[0] <= 'Z'); /* CorsError names, no k */
    assert_int_equal(corsim_reason_parse(corsim_str_c(n)), i);
    for (int j = 1; j < i; j++)
      assert_string_not_equal(n, corsim_reason_name((enum corsim_reason)j));
  }
  assert_string_equal(corsim_reason_name(CORSIM_REASON_DisallowedByMode),
                      "DisallowedByMode");
  assert_string_equal(corsim_reason_name(CORSIM_REASON_NetworkError),
                      "NetworkError");
  /* exact, case-sensitive names only */
  assert_int_equal(corsim_reason_parse(corsim_str_c("networkerror")),
                   CORSIM_REASON_NONE);
  assert_int_equal(corsim_reason_parse(corsim_str_c("kNetworkError")),
                   CORSIM_REASON_NONE);
  assert_int_equal(corsim_reason_parse(corsim_str_c("NetworkErro")),
                   CORSIM_REASON_NONE);
  assert_int_equal(corsim_reason_parse(corsim_str_c("")), CORSIM_REASON_NONE);
  assert_int_equal(corsim_reason_parse((struct corsim_str){NULL, 0}),
                   CORSIM_REASON_NONE);
  /* a slice, not a C string */
  assert_int_equal(
      corsim_reason_parse((struct corsim_str){"NetworkErrorXYZ", 12}),
      CORSIM_REASON_NetworkError);
}

static void browsers(void **state) {
  (void)state;
  const char *want[] = {"chromium", "firefox", "webkit", "spec"};
  assert_int_equal(CORSIM_BROWSER_COUNT_, 4);
  for (int i = 0; i < CORSIM_BROWSER_COUNT_; i++) {
    assert_string_equal(corsim_browser_name((enum corsim_browser)i), want[i]);
    enum corsim_browser b = CORSIM_BROWSER_COUNT_;
    assert_int_equal(corsim_browser_parse(corsim_str_c(want[i]), &b), 0);
    assert_int_equal(b, i);
  }
  assert_string_equal(corsim_browser_name(CORSIM_BROWSER_COUNT_), "unknown");
  enum corsim_browser b = CORSIM_BROWSER_WEBKIT;
  assert_int_equal(corsim_browser_parse(corsim_str_c("Chromium"), &b),
                   CORSIM_EINVAL);
  assert_int_equal(corsim_browser_parse(corsim_str_c("chrome"), &b),
                   CORSIM_EINVAL);
  assert_int_equal(corsim_browser_parse(corsim_str_c(""), &b), CORSIM_EINVAL);
  assert_int_equal(b, CORSIM_BROWSER_WEBKIT); /* untouched on failure */
  assert_int_equal(
      corsim_browser_parse((struct corsim_str){"specx", 4}, &b), 0);
  assert_int_equal(b, CORSIM_BROWSER_SPEC);
}

static void other_enums(void **state) {
  (void)state;
  assert_string_equal(corsim_response_type_name(CORSIM_RESPONSE_BASIC),
                      "basic");
  assert_string_equal(corsim_response_type_name(CORSIM_RESPONSE_CORS), "cors");
  assert_string_equal(corsim_response_type_name(CORSIM_RESPONSE_OPAQUE),
                      "opaque");
  assert_string_equal(
      corsim_response_type_name(CORSIM_RESPONSE_OPAQUEREDIRECT),
      "opaqueredirect");
  assert_string_equal(corsim_response_type_name(CORSIM_RESPONSE_ERROR),
                      "error");
  assert_string_equal(corsim_preflight_name(CORSIM_PREFLIGHT_NONE), "none");
  assert_string_equal(corsim_preflight_name(CORSIM_PREFLIGHT_SENT), "sent");
  assert_string_equal(corsim_preflight_name(CORSIM_PREFLIGHT_CACHED),
                      "cached");
  assert_string_equal(corsim_preflight_name((enum corsim_preflight)9),
                      "unknown");
  struct corsim_str s = corsim_str_c("abc");
  assert_int_equal(s.len, 3);
  s = corsim_str_c(NULL);
  assert_null(s.ptr);
  assert_int_equal(s.len, 0);
  struct corsim_request r;
  memset(&r, 0x5a, sizeof(r));
  corsim_request_init(&r);
  assert_int_equal(r.api, CORSIM_API_FETCH);
  assert_int_equal(r.mode, CORSIM_MODE_CORS);
  assert_int_equal(r.credentials, CORSIM_CREDENTIALS_SAME_ORIGIN);
  assert_int_equal(r.redirect, CORSIM_REDIRECT_FOLLOW);
  assert_int_equal(r.body, CORSIM_BODY_NONE);
  assert_int_equal(r.method.len, 3);
  assert_memory_equal(r.method.ptr, "GET", 3);
  assert_int_equal(r.nheaders, 0);
  assert_false(r.upload_listeners);
  assert_true(r.at == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(errors_distinct),
      cmocka_unit_test(reasons_distinct_and_round_trip),
      cmocka_unit_test(browsers),
      cmocka_unit_test(other_enums),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
