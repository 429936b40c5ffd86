/* test_har_json.c - unit tests for sim/live/har_json.c: the dates,
 * numbers, query strings, headers and cookies both HAR builders share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "har_json.h"

/* v as JSON text (compact, as har_json_write's numbers). */
static char *dump(const json_t *v) {
  return json_dumps(v,
                    JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
}

static void dumps_as(json_t *v, const char *want) {
  char *got = dump(v);
  assert_non_null(got);
  assert_string_equal(got, want);
  free(got);
  json_decref(v);
}

static void test_numbers(void **state) {
  (void)state;
  /* JavaScript writes 0, not 0.0; fractions as they are. */
  dumps_as(har_json_num(0), "0");
  dumps_as(har_json_num(-1), "-1");
  dumps_as(har_json_num(204), "204");
  dumps_as(har_json_num(17.841), "17.841");
}

static void test_dates(void **state) {
  char buf[48];
  (void)state;
  /* Date.toJSON: milliseconds cut, not rounded. */
  har_json_date_utc(1795346164288.888, buf, sizeof buf);
  assert_string_equal(buf, "2026-11-22T11:16:04.288Z");
  har_json_date_utc(0, buf, sizeof buf);
  assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
  /* dateToHarString: local time and the offset, "+" east of Greenwich
   * (the POSIX TZ "XXX-2" is two hours east). */
  setenv("TZ", "XXX-2", 1);
  tzset();
  har_json_date_local(1795346164288.888, buf, sizeof buf);
  assert_string_equal(buf, "2026-11-22T13:16:04.288+02:00");
  setenv("TZ", "YYY5:30", 1);
  tzset();
  har_json_date_local(1795346164288.888, buf, sizeof buf);
  assert_string_equal(buf, "2026-11-22T05:46:04.288-05:30");
  setenv("TZ", "UTC0", 1);
  tzset();
  har_json_date_local(1795346164288.888, buf, sizeof buf);
  assert_string_equal(buf, "2026-11-22T11:16:04.288+00:00");
}

static void test_query(void **state) {
  (void)state;
  dumps_as(har_json_query("http://h/p", false), "[]");
  dumps_as(har_json_query("http://h/p?", false), "[]");
  dumps_as(har_json_query("http://h/p?a=1&b&c=x=y#frag", false),
           "[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\",\"value\":\"\"},"
           "{\"name\":\"c\",\"value\":\"x=y\"}]");
  /* Chromium keeps the text; Firefox decodes it (but keeps what does
   * not decode). */
  dumps_as(har_json_query("http://h/?q=a%20b+c", false),
           "[{\"name\":\"q\",\"value\":\"a%20b+c\"}]");
  dumps_as(har_json_query("http://h/?q=a%20b+c&r=%zz&s=%C3%A9", true),
           "[{\"name\":\"q\",\"value\":\"a b c\"},{\"name\":\"r\",\"value\":"
           "\"%zz\"},{\"name\":\"s\",\"value\":\"\xc3\xa9\"}]");
}

static void test_headers_from_object(void **state) {
  json_t *o = json_pack("{s:s,s:s}", "Access-Control-Allow-Origin",
                        "http://a\n*", "Content-Length", "2");
  json_t *arr;
  (void)state;
  /* Chromium joins repeated headers with a newline; DevTools splits them. */
  arr = har_json_headers_from_object(o);
  assert_string_equal(har_json_header(arr, "access-control-allow-origin"),
                      "http://a");
  assert_null(har_json_header(arr, "x-none"));
  dumps_as(arr,
           "[{\"name\":\"Access-Control-Allow-Origin\",\"value\":\"http://a\"},"
           "{\"name\":\"Access-Control-Allow-Origin\",\"value\":\"*\"},"
           "{\"name\":\"Content-Length\",\"value\":\"2\"}]");
  json_decref(o);
  dumps_as(har_json_headers_from_object(NULL), "[]");
}

static void test_set_cookies(void **state) {
  json_t *h = json_pack(
      "[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]", "name", "Set-Cookie",
      "value", "sid=abc; Path=/; HttpOnly; SameSite=Lax", "name",
      "Content-Type", "value", "text/plain", "name", "set-cookie", "value",
      "t=1; Max-Age=60; Secure", "name", "Set-Cookie", "value",
      "old=x; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Domain=a.example");
  (void)state;
  dumps_as(har_json_set_cookies(h, false, 0),
           "[{\"name\":\"sid\",\"value\":\"abc\"},{\"name\":\"t\",\"value\":"
           "\"1\"},{\"name\":\"old\",\"value\":\"x\"}]");
  dumps_as(har_json_set_cookies(h, true, 1795346164000.0),
           "[{\"name\":\"sid\",\"value\":\"abc\",\"path\":\"/\",\"expires\":"
           "null,\"httpOnly\":true,\"secure\":false,\"sameSite\":\"Lax\"},"
           "{\"name\":\"t\",\"value\":\"1\",\"expires\":"
           "\"2026-11-22T11:17:04.000Z\",\"httpOnly\":false,\"secure\":true},"
           "{\"name\":\"old\",\"value\":\"x\",\"domain\":\"a.example\","
           "\"expires\":\"2026-10-21T07:28:00.000Z\",\"httpOnly\":false,"
           "\"secure\":false}]");
  json_decref(h);
  /* A Max-Age no Date can hold (from any server): no expiry, no crash. */
  h = json_pack("[{s:s,s:s}]", "name", "Set-Cookie", "value",
                "big=1; Max-Age=1e300");
  dumps_as(har_json_set_cookies(h, true, 1795346164000.0),
           "[{\"name\":\"big\",\"value\":\"1\",\"expires\":null,"
           "\"httpOnly\":false,\"secure\":false}]");
  json_decref(h);
}

static void test_write(void **state) {
  json_t *v = json_pack("{s:{s:[],s:f}}", "log", "entries", "time", 1.5);
  char buf[256] = {0};
  FILE *f = tmpfile();
  (void)state;
  assert_non_null(f);
  assert_int_equal(har_json_write(v, f), 0);
  rewind(f);
  assert_true(fread(buf, 1, sizeof buf - 1, f) > 0);
  /* Two-space indentation, as DevTools' JSON.stringify(log, null, 2). */
  assert_string_equal(buf, "{\n  \"log\": {\n    \"entries\": [],\n    "
                           "\"time\": 1.5\n  }\n}\n");
  fclose(f);
  json_decref(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_query),
      cmocka_unit_test(test_headers_from_object),
      cmocka_unit_test(test_set_cookies),
      cmocka_unit_test(test_write),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
