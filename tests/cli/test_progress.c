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

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void test_bytes_text(void **state) {
  (void)state;
  char b[64];
  progress_bytes_text(b, sizeof(b), 88200000, 196400000);
  assert_string_equal(b, "44% of 196.4 MB");
  progress_bytes_text(b, sizeof(b), 0, 196400000);
  assert_string_equal(b, "0% of 196.4 MB");
  /* Never 100% before the end, and 100% from it. */
  progress_bytes_text(b, sizeof(b), 196399999, 196400000);
  assert_string_equal(b, "99% of 196.4 MB");
  progress_bytes_text(b, sizeof(b), 196400000, 196400000);
  assert_string_equal(b, "100% of 196.4 MB");
  progress_bytes_text(b, sizeof(b), 200000000, 196400000);
  assert_string_equal(b, "100% of 196.4 MB");
  /* No total: what was read; gigabytes where megabytes would be 1000.0. */
  progress_bytes_text(b, sizeof(b), 162400000, 0);
  assert_string_equal(b, "162.4 MB read");
  progress_bytes_text(b, sizeof(b), 999949999, 0);
  assert_string_equal(b, "999.9 MB read");
  progress_bytes_text(b, sizeof(b), 999950000, 0);
  assert_string_equal(b, "1.00 GB read");
  progress_bytes_text(b, sizeof(b), 2345000000u, 0);
  assert_string_equal(b, "2.35 GB read");
  progress_bytes_text(b, sizeof(b), 1, 4500000000u);
  assert_string_equal(b, "0% of 4.50 GB");
}

/* Runs the draw calls with stderr in a file; what they wrote in out. */
static void capture(void (*fn)(struct progress *), struct progress *pr,
                    char *out, size_t cap) {
  FILE *f = tmpfile();
  assert_non_null(f);
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  assert_true(dup2(fileno(f), STDERR_FILENO) >= 0);
  fn(pr);
  fflush(stderr);
  assert_true(dup2(saved, STDERR_FILENO) >= 0);
  close(saved);
  rewind(f);
  size_t n = fread(out, 1, cap - 1, f);
  out[n] = '\0';
  fclose(f);
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
