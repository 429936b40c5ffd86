/* test_list.c - unit tests for sim/core/list.c (#method / #field-name
 * lists of Access-Control-Allow-Methods, -Allow-Headers, -Expose-Headers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "list.h"

#define S(x) CORSIM_LIT(x)

static void expect_list(struct corsim_str v, const char *const *want,
                        size_t nwant) {
  struct corsim_str items[8];
  size_t n = 99;
  struct corsim_str bad = {NULL, 0};
  assert_int_equal(corsim__list_parse(v, items, 8, &n, &bad), 0);
  assert_int_equal(n, nwant);
  for (size_t i = 0; i < n; i++) {
    struct corsim_str w = {want[i], 0};
    while (want[i][w.len] != '\0')
      w.len++;
    assert_true(corsim__str_eq(items[i], w));
    /* Slices point into the input. */
    assert_true(items[i].ptr >= v.ptr && items[i].ptr + items[i].len <= v.ptr + v.len);
  }
}

static void expect_bad(struct corsim_str v, struct corsim_str want_bad) {
  struct corsim_str items[8];
  size_t n = 99;
  struct corsim_str bad = {NULL, 0};
  assert_int_equal(corsim__list_parse(v, items, 8, &n, &bad), -1);
  assert_true(corsim__str_eq(bad, want_bad));
}

/* Observed in all three browsers: these Allow-Methods values parse. */
static void test_observed_ok(void **state) {
  (void)state;
  static const char *const get_put[] = {"GET", "PUT"};
  static const char *const put[] = {"PUT"};
  expect_list(S("GET,,PUT"), get_put, 2);
  expect_list(S("PUT,"), put, 1);
  expect_list(S(" GET ,  PUT "), get_put, 2);
}

/* Observed in all three browsers: these are parse errors. */
static void test_observed_bad(void **state) {
  (void)state;
  expect_bad(S("PUT;GET"), S("PUT;GET"));
  expect_bad(S("B@D"), S("B@D"));
  expect_bad(S("x b"), S("x b"));
  expect_bad(S("x-foo, x foo, x-bar"), S("x foo"));
  expect_bad(S("a, \"b\""), S("\"b\""));
}

static void test_whitespace_and_empties(void **state) {
  (void)state;
  static const char *const one[] = {"x-a"};
  static const char *const three[] = {"x-a", "*", "Authorization"};
  struct corsim_str empty = {NULL, 0};
  expect_list(empty, NULL, 0);
  expect_list(S(""), NULL, 0);
  expect_list(S(","), NULL, 0);
  expect_list(S(" , ,\t, "), NULL, 0);
  expect_list(S("\tx-a\t"), one, 1);
  expect_list(S(",x-a,"), one, 1);
  expect_list(S("x-a,*,Authorization"), three, 3);
  /* OWS is space and tab only: CR/LF inside are not trimmed. */
  expect_bad(S("x-a,\r\nx-b"), S("\r\nx-b"));
  /* Non-ASCII is not a token. */
  expect_bad(S("x-\xC3\xA9"), S("x-\xC3\xA9"));
}

static void test_capacity(void **state) {
  (void)state;
  struct corsim_str items[2];
  size_t n = 99;
  struct corsim_str bad = {NULL, 0};
  assert_int_equal(corsim__list_parse(S("a,b"), items, 2, &n, &bad), 0);
  assert_int_equal(n, 2);
  assert_int_equal(corsim__list_parse(S("a,b,c"), items, 2, &n, &bad), -2);
  assert_int_equal(n, 2);
  assert_true(corsim__str_eq(items[1], S("b")));
  /* A malformed element wins over overflow, even past the capacity. */
  assert_int_equal(corsim__list_parse(S("a,b,c,d e"), items, 2, &n, &bad), -1);
  assert_true(corsim__str_eq(bad, S("d e")));
  /* Zero capacity still validates; NULL items is fine then. */
  assert_int_equal(corsim__list_parse(S("a"), NULL, 0, &n, &bad), -2);
  assert_int_equal(n, 0);
  assert_int_equal(corsim__list_parse(S(" , "), NULL, 0, &n, &bad), 0);
  /* bad may be NULL. */
  assert_int_equal(corsim__list_parse(S("x y"), items, 2, &n, NULL), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_observed_ok),
      cmocka_unit_test(test_observed_bad),
      cmocka_unit_test(test_whitespace_and_empties),
      cmocka_unit_test(test_capacity),
  };
  return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
