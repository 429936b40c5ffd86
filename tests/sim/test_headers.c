/*
 * test_headers.c - reading response header lists (sim/core/headers.c):
 * corsim__hdr_count and corsim__hdr_get, which joins every line of a
 * name with ", " after trimming each value of spaces and tabs, as Fetch's
 * "get" does (and Chromium's GetNormalizedHeader, chromium.md §3.1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "drive.h"
#include "fetch-int.h"

static _Alignas(max_align_t) char buf[512];

static bool get(struct corsim__arena *a, const struct corsim_header *h,
                size_t n, const char *name, const char *want) {
  struct corsim_str v = {"unchanged", 9};
  bool present = corsim__hdr_get(a, h, n, name, &v);
  if (want == NULL) {
    assert_false(present);
    assert_true(str_is(v, "unchanged"));
    return present;
  }
  assert_true(present);
  if (!(v.len == strlen(want) && memcmp(v.ptr, want, v.len) == 0))
    fail_msg("%s: want '%s', got '%.*s'", name, want, (int)v.len, v.ptr);
  return present;
}

static void single_line_is_trimmed(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, buf, sizeof(buf));
  const struct corsim_header h[] = {
      H("Access-Control-Allow-Origin", " \thttp://a.example \t"),
      H("X-Empty", ""),
      H("X-Spaces", "   "),
      H("X-Inner", "a  b"),
  };
  get(&a, h, 4, "access-control-allow-origin", "http://a.example");
  get(&a, h, 4, "ACCESS-CONTROL-ALLOW-ORIGIN", "http://a.example");
  get(&a, h, 4, "X-Empty", "");
  get(&a, h, 4, "x-spaces", "");
  get(&a, h, 4, "X-Inner", "a  b"); /* inner whitespace is kept */
  get(&a, h, 4, "X-Absent", NULL);
  get(&a, h, 0, "X-Inner", NULL);
  /* a prefix or a longer name is another name */
  get(&a, h, 4, "X-Inne", NULL);
  get(&a, h, 4, "X-Inners", NULL);
  /* one line: no allocation, the value points into the caller's header */
  struct corsim_str v;
  assert_true(corsim__hdr_get(&a, h, 4, "X-Inner", &v));
  assert_ptr_equal(v.ptr, h[3].value.ptr);
  corsim__arena_free(&a);
}

static void lines_are_joined(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, buf, sizeof(buf));
  const struct corsim_header h[] = {
      H("Access-Control-Allow-Origin", "http://a.example "),
      H("Vary", "Origin"),
      H("access-control-allow-origin", "\t*"),
      H("Access-Control-Allow-Credentials", "true"),
      H("Access-Control-Allow-Credentials", "true"),
      H("X-E", ""),
      H("x-e", ""),
      H("X-E", "v"),
  };
  size_t n = sizeof(h) / sizeof(h[0]);
  get(&a, h, n, "Access-Control-Allow-Origin", "http://a.example, *");
  get(&a, h, n, "Access-Control-Allow-Credentials", "true, true");
  assert_int_equal(corsim__hdr_count(h, n, "X-E"), 3);
  struct corsim_str v;
  assert_true(corsim__hdr_get(&a, h, n, "Access-Control-Allow-Origin", &v));
  assert_int_equal(v.ptr[v.len], '\0');
  assert_int_equal(corsim__hdr_count(h, n, "access-control-allow-origin"), 2);
  assert_int_equal(corsim__hdr_count(h, n, "Vary"), 1);
  assert_int_equal(corsim__hdr_count(h, n, "X-None"), 0);
  assert_int_equal(corsim__hdr_count(h, 0, "Vary"), 0);
  corsim__arena_free(&a);
}

static void empty_lines_keep_their_separators(void **state) {
  (void)state;
  /* Fetch "get" joins every value with ", ", empty ones too
   * (spec-firefox-webkit.md §1.1; chromium.md §3.1: repeated lines joined
   * with ", "), so ["", "", "v"] reads ", , v": an ACAO sent as an empty
   * line plus the page's origin must not pass. */
  struct corsim__arena a;
  corsim__arena_init(&a, buf, sizeof(buf));
  const struct corsim_header h[] = {H("X-E", ""), H("x-e", " "),
                                    H("X-E", "v")};
  get(&a, h, 3, "x-e", ", , v");
  const struct corsim_header h2[] = {H("X-E", "v"), H("X-E", "")};
  get(&a, h2, 2, "x-e", "v, ");
  corsim__arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(single_line_is_trimmed),
      cmocka_unit_test(lines_are_joined),
      cmocka_unit_test(empty_lines_keep_their_separators),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
