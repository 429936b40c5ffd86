/* test_har_split.c - unit tests for sim/wire/har_split.c: the creator and
 * entries of a HAR handed out one by one from a stream, the structure
 * checked on the way, and the memory kept to one entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "har_split.h"

/* Every item of text as "E:<text>" / "C:<text>" joined with '|', then
 * "END" or "ERR:<fault>:<line>:<col>:<detail>". */
static char *items(const char *text, size_t len) {
  static char out[1 << 16];
  FILE *f = len == 0 ? tmpfile() : fmemopen((void *)(uintptr_t)text, len, "r");
  assert_non_null(f);
  struct wire_har_split *s = wire_har_split_new(f);
  assert_non_null(s);
  size_t o = 0;
  for (;;) {
    const char *t;
    size_t n;
    unsigned long line;
    enum wire_har_item it = wire_har_split_next(s, &t, &n, &line);
    if (it == WIRE_HAR_END) {
      o += (size_t)snprintf(out + o, sizeof out - o, "END");
      break;
    }
    if (it == WIRE_HAR_ERROR) {
      unsigned long l, c;
      const char *d;
      enum wire_har_fault fl = wire_har_split_error(s, &l, &c, &d, NULL);
      o += (size_t)snprintf(out + o, sizeof out - o, "ERR:%d:%lu:%lu:%s",
                            (int)fl, l, c, d);
      /* It stays an error. */
      assert_int_equal(wire_har_split_next(s, &t, &n, &line), WIRE_HAR_ERROR);
      break;
    }
    o += (size_t)snprintf(out + o, sizeof out - o, "%s%lu:%.*s|",
                          it == WIRE_HAR_ENTRY ? "E" : "C", line, (int)n, t);
  }
  wire_har_split_free(s);
  fclose(f);
  return out;
}

static char *items_s(const char *text) { return items(text, strlen(text)); }

static void test_entries_and_creator(void **state) {
  (void)state;
  assert_string_equal(
      items_s("{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"x\"},\n"
              " \"entries\": [ {\"a\": [1, {\"b\": \"]}\\\"\"}]} ,\n"
              "  {} , 5, \"s\", null ], \"pages\": [{\"entries\": [9]}]}}"),
      "C1:{\"name\": \"x\"}|E2:{\"a\": [1, {\"b\": \"]}\\\"\"}]}|E3:{}|E3:5|"
      "E3:\"s\"|E3:null|END");
  /* Creator after the entries; other keys in any order; "entries"
   * elsewhere is not the log's. */
  assert_string_equal(
      items_s("{\"x\": {\"entries\": [7]}, \"log\": {\"entries\": [[]], "
              "\"creator\": {\"name\": \"y\", \"version\": \"2\"}}, \"z\": 1}"),
      "E1:[]|C1:{\"name\": \"y\", \"version\": \"2\"}|END");
  assert_string_equal(items_s("{\"log\":{\"entries\":[]}}"), "END");
  /* A byte order mark is dropped. */
  assert_string_equal(items_s("\xEF\xBB\xBF{\"log\":{\"entries\":[1]}}"),
                      "E1:1|END");
  /* A key spelled with an escape is not taken for "log". */
  assert_string_equal(items_s("{\"l\\u006fg\":{\"entries\":[1]}}"),
                      "ERR:2:1:29:");
}

static void test_not_har(void **state) {
  (void)state;
  assert_string_equal(items_s("[1, 2]"), "ERR:1:1:7:");
  assert_string_equal(items_s("\"log\""), "ERR:1:1:6:");
  assert_string_equal(items_s("{\"foo\": 1}"), "ERR:2:1:11:");
  assert_string_equal(items_s("{\"log\": 1}"), "ERR:2:1:11:");
  assert_string_equal(items_s("{\"log\": {\"entries\": {}}}"), "ERR:3:1:25:");
}

static void test_not_json(void **state) {
  (void)state;
  assert_string_equal(items("", 0), "ERR:0:1:1:the file holds no JSON value");
  assert_string_equal(items_s("  \n "), "ERR:0:2:2:the file holds no JSON value");
  assert_string_equal(items_s("<html>"), "ERR:0:1:1:a JSON value expected");
  assert_string_equal(items_s("{\"log\": {\"entries\": [1,]}}"),
                      "E1:1|ERR:0:1:24:a JSON value expected");
  assert_string_equal(items_s("{\"log\": {\"entries\": [1 2]}}"),
                      "E1:1|ERR:0:1:24:',' or ']' expected");
  assert_string_equal(items_s("{\"log\" {}}"), "ERR:0:1:8:':' expected after a key");
  assert_string_equal(items_s("{1: 2}"), "ERR:0:1:2:a key (a string) expected");
  assert_string_equal(items_s("{\"a\": tru}"), "ERR:0:1:10:not a JSON value");
  assert_string_equal(items_s("{\"a\": \"x\ny\"}"),
                      "ERR:0:1:9:a control character in a string");
  assert_string_equal(items_s("{\"a\": \"\\x\"}"), "ERR:0:1:9:a bad escape in a string");
  assert_string_equal(items_s("{} {}"), "ERR:0:1:4:text after the end of the JSON");
  assert_string_equal(items_s("{\"log\": {\"entries\": [{}, {\"a\""),
                      "E1:{}|ERR:0:1:30:the file ends inside an object");
  assert_string_equal(items_s("[\"abc"), "ERR:0:1:6:the file ends inside a string");
  assert_string_equal(items_s("[[1]"), "ERR:0:1:5:the file ends inside an array");
  /* Nesting is bounded. */
  char deep[5000];
  memset(deep, '[', sizeof deep - 1);
  deep[sizeof deep - 1] = '\0';
  assert_string_equal(items_s(deep), "ERR:0:1:2050:nested too deeply");
}

/* Entries far larger than one read are handed out whole, one by one. */
static void test_large_entries(void **state) {
  (void)state;
  size_t big = 300000, n = 20;
  size_t cap = n * (big + 64) + 64;
  char *t = malloc(cap);
  assert_non_null(t);
  size_t o = (size_t)snprintf(t, cap, "{\"log\": {\"entries\": [");
  for (size_t i = 0; i < n; i++) {
    o += (size_t)snprintf(t + o, cap - o, "%s{\"k\": \"", i ? ", " : "");
    memset(t + o, 'a' + (char)i, big);
    o += big;
    o += (size_t)snprintf(t + o, cap - o, "\"}");
  }
  o += (size_t)snprintf(t + o, cap - o, "]}}");
  FILE *f = fmemopen(t, o, "r");
  struct wire_har_split *s = wire_har_split_new(f);
  size_t seen = 0;
  const char *x;
  size_t len;
  unsigned long line;
  enum wire_har_item it;
  while ((it = wire_har_split_next(s, &x, &len, &line)) == WIRE_HAR_ENTRY) {
    assert_int_equal(len, big + 9);
    assert_int_equal(x[8], 'a' + (char)seen);
    assert_int_equal(x[len - 3], 'a' + (char)seen);
    seen++;
  }
  assert_int_equal(it, WIRE_HAR_END);
  assert_int_equal(seen, n);
  assert_int_equal(wire_har_split_entries(s), n);
  wire_har_split_free(s);
  fclose(f);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_entries_and_creator),
      cmocka_unit_test(test_not_har),
      cmocka_unit_test(test_not_json),
      cmocka_unit_test(test_large_entries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
