/*
 * test_progress.c - progress.c: the bytes text, and what the line writes
 * to stderr when drawn, drawn again shorter and wiped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "progress.h"
#include "stderr_capture.h"

#include <string.h>

static void test_bytes_text(void **state) {
  (void)state;
  static const struct {
    uint64_t done, total;
    const char *want;
  } cases[] = {
      {88200000, 196400000, "44% of 196.4 MB"},
      {0, 196400000, "0% of 196.4 MB"},
      /* Never 100% before the end, and 100% from it. */
      {196399999, 196400000, "99% of 196.4 MB"},
      {196400000, 196400000, "100% of 196.4 MB"},
      {200000000, 196400000, "100% of 196.4 MB"},
      /* No total: what was read; gigabytes where megabytes would show
       * 1000.0. */
      {162400000, 0, "162.4 MB read"},
      {999949999, 0, "999.9 MB read"},
      {999950000, 0, "1.00 GB read"},
      {2345000000u, 0, "2.35 GB read"},
      {1, 4500000000u, "0% of 4.50 GB"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char b[64];
    progress_bytes_text(b, sizeof(b), cases[i].done, cases[i].total);
    assert_string_equal(b, cases[i].want);
  }
}

/* Runs the draw calls with stderr in a file; what they wrote in out. */
static void capture(void (*fn)(struct progress *), struct progress *pr,
                    char *out, size_t cap) {
  struct stderr_capture c;
  stderr_capture_start(&c);
  fn(pr);
  stderr_capture_stop(&c, out, cap);
}

static void draw_long_short_wipe(struct progress *pr) {
  progress_show(pr, "corsim: x: 10%");
  progress_show(pr, "corsim: x: 9");
  progress_clear(pr);
  progress_clear(pr); /* nothing shown: nothing written */
}

static void test_draw(void **state) {
  (void)state;
  struct progress pr;
  char out[256];
  progress_init(&pr, true);
  /* Not before the delay. */
  assert_false(progress_due(&pr));
  capture(draw_long_short_wipe, &pr, out, sizeof(out));
  assert_string_equal(out, "\rcorsim: x: 10%"
                           "\rcorsim: x: 9  "
                           "\r            \r");
  assert_int_equal(pr.shown, 0);
}

static void test_off(void **state) {
  (void)state;
  struct progress pr;
  char out[256];
  progress_init(&pr, false);
  assert_false(progress_due(&pr));
  capture(draw_long_short_wipe, &pr, out, sizeof(out));
  assert_string_equal(out, "");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bytes_text),
      cmocka_unit_test(test_draw),
      cmocka_unit_test(test_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
