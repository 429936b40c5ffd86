/*
 * test_args.c - args.c's number options (args_number): what each kind
 * accepts and the message naming the option and the bad value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "args.h"
#include "stderr_capture.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Runs args_number with stderr in a file: its result, *out, and what it
 * wrote there (without the newline) in msg. */
static int number(const char *v, const char *what, double min, double max,
                  unsigned flags, double *out, char *msg, size_t cap) {
  struct stderr_capture c;
  stderr_capture_start(&c);
  int rc = args_number("cmd", "--opt", v, what, min, max, flags, out);
  stderr_capture_stop(&c, msg, cap);
  size_t n = strlen(msg);
  if (n > 0 && msg[n - 1] == '\n')
    msg[n - 1] = '\0';
  return rc;
}

static void reals(void **state) {
  (void)state;
  char msg[256];
  double x = -1;
  assert_int_equal(number("0.5", "seconds", 0, 86400, ARGS_ABOVE_MIN, &x, msg,
                          sizeof(msg)),
                   0);
  assert_true(x == 0.5);
  assert_string_equal(msg, "");
  assert_int_equal(number("86400", "seconds", 0, 86400, ARGS_ABOVE_MIN, &x,
                          msg, sizeof(msg)),
                   0);
  assert_true(x == 86400);
  assert_int_equal(number("0", "seconds", 0, 10, 0, &x, msg, sizeof(msg)), 0);
  assert_true(x == 0);
  assert_int_equal(number("inf", "seconds", 0, HUGE_VAL, 0, &x, msg,
                          sizeof(msg)),
                   0);
  const char *bad[] = {"0", "-1", "86401", "nan", "", "1s", "abc", "1e999"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    x = 7;
    assert_int_equal(number(bad[i], "seconds (0 < S <= 86400)", 0, 86400,
                            ARGS_ABOVE_MIN, &x, msg, sizeof(msg)),
                     -1);
    assert_true(x == 7);
    char want[256];
    snprintf(want, sizeof(want),
             "corsim: cmd: --opt: expected seconds (0 < S <= 86400), got '%s'",
             bad[i]);
    assert_string_equal(msg, want);
  }
}

static void integers(void **state) {
  (void)state;
  char msg[256];
  double x = 0;
  assert_int_equal(number("256", "workers", 1, 256, ARGS_INTEGER, &x, msg,
                          sizeof(msg)),
                   0);
  assert_true(x == 256);
  assert_int_equal(number("+3", "workers", 1, 256, ARGS_INTEGER, &x, msg,
                          sizeof(msg)),
                   0);
  assert_true(x == 3);
  assert_int_equal(number("9007199254740992", "n", 1, ARGS_INTEGER_MAX,
                          ARGS_INTEGER, &x, msg, sizeof(msg)),
                   0);
  assert_true(x == 9007199254740992.0);
  const char *bad[] = {"0", "257", "1.5", "1e2", "0x10", "", "-3",
                       "99999999999999999999"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    assert_int_equal(number(bad[i], "a number of workers (1-256)", 1, 256,
                            ARGS_INTEGER, &x, msg, sizeof(msg)),
                     -1);
    char want[256];
    snprintf(want, sizeof(want),
             "corsim: cmd: --opt: expected a number of workers (1-256), got "
             "'%s'",
             bad[i]);
    assert_string_equal(msg, want);
  }
}

/* ARGS_DIGIT: no sign, no white space before the digits. */
static void digits_first(void **state) {
  (void)state;
  char msg[256];
  double x = 0;
  assert_int_equal(number("250", "ms", 0, 3600000, ARGS_INTEGER | ARGS_DIGIT,
                          &x, msg, sizeof(msg)),
                   0);
  assert_true(x == 250);
  assert_int_equal(number("+250", "ms", 0, 3600000, ARGS_INTEGER | ARGS_DIGIT,
                          &x, msg, sizeof(msg)),
                   -1);
  assert_int_equal(number(" 250", "ms", 0, 3600000, ARGS_INTEGER | ARGS_DIGIT,
                          &x, msg, sizeof(msg)),
                   -1);
  assert_string_equal(msg, "corsim: cmd: --opt: expected ms, got ' 250'");
  assert_int_equal(number("3600001", "ms", 0, 3600000,
                          ARGS_INTEGER | ARGS_DIGIT, &x, msg, sizeof(msg)),
                   -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reals),
      cmocka_unit_test(integers),
      cmocka_unit_test(digits_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
