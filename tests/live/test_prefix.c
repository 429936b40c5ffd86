/* test_prefix.c - unit tests for sim/live/prefix.c: the isolation prefix
 * of corsim serve, read from request targets and added to Location. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "prefix.h"

static struct corsim_str S(const char *s) { return corsim_str_c(s); }

static void parses(const char *path, size_t want_n, const char *want_rest) {
  size_t n = 999;
  struct corsim_str rest;
  if (!prefix_parse(S(path), &n, &rest))
    fail_msg("\"%s\" not parsed", path);
  assert_int_equal(n, want_n);
  assert_int_equal(rest.len, strlen(want_rest));
  assert_memory_equal(rest.ptr, want_rest, rest.len);
}

static void test_parse(void **state) {
  (void)state;
  parses("/__corsim/s0/a?b", 0, "/a?b");
  parses("/__corsim/s12", 12, "");
  parses("/__corsim/s3?x=1", 3, "?x=1");
  parses("/__corsim/s3#f", 3, "#f");
  parses("/__corsim/s1234567/", 1234567, "/");
  static const char *const no[] = {"/__corsim/s",   "/__corsim/s01/",
                                   "/__corsim/sx/", "/__corsim/s1x",
                                   "/__corsim/run/1", "/a/__corsim/s1/",
                                   "/__CORSIM/s1/", "/__corsim/s99999999999999999999999/"};
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    size_t n;
    struct corsim_str rest;
    if (prefix_parse(S(no[i]), &n, &rest))
      fail_msg("\"%s\" parsed", no[i]);
  }
}

static struct hosts hosted;

static int setup(void **state) {
  static const char *const urls[] = {"http://127.0.0.1:8002/",
                                     "http://localhost:8003/",
                                     "http://[::1]:8004/", "http://127.0.0.1/"};
  (void)state;
  hosts_init(&hosted);
  for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    struct host_name hn;
    assert_int_equal(hosts_classify(S(urls[i]), &hn), HOST_LOOPBACK);
    assert_int_equal(hosts_add(&hosted, &hn), 0);
  }
  return 0;
}

static int teardown(void **state) {
  (void)state;
  hosts_cleanup(&hosted);
  return 0;
}

static void location(const char *value, const char *want) {
  struct buf b;
  buf_init(&b);
  prefix_location(&b, S(value), 7, &hosted);
  assert_false(b.failed);
  assert_string_equal(buf_str(&b), want);
  buf_cleanup(&b);
}

static void test_location(void **state) {
  (void)state;
  location("http://127.0.0.1:8002/a?b#c", "http://127.0.0.1:8002/__corsim/s7/a?b#c");
  location("HTTP://User:Pw@127.0.0.1:8002", "HTTP://User:Pw@127.0.0.1:8002/__corsim/s7");
  location("http://127.0.0.1:8002?q", "http://127.0.0.1:8002/__corsim/s7?q");
  location("http://localhost:8003/x", "http://localhost:8003/__corsim/s7/x");
  location("http://[::1]:8004/x", "http://[::1]:8004/__corsim/s7/x");
  location("http://127.0.0.1/x", "http://127.0.0.1/__corsim/s7/x");
  location("http://127.0.0.1:80/x", "http://127.0.0.1:80/__corsim/s7/x");
  location("//127.0.0.1:8002/x", "//127.0.0.1:8002/__corsim/s7/x");
  location("/abs?x", "/__corsim/s7/abs?x");
  location("  /abs", "  /__corsim/s7/abs");
  location("http:\\\\127.0.0.1:8002\\x", "http:\\\\127.0.0.1:8002/__corsim/s7\\x");
  /* Unchanged: relative paths, other hosts, ports, schemes. */
  location("rel/x", "rel/x");
  location("?q", "?q");
  location("", "");
  location("http://127.0.0.1:8009/x", "http://127.0.0.1:8009/x");
  location("http://app.example/x", "http://app.example/x");
  location("https://127.0.0.1:8002/x", "https://127.0.0.1:8002/x");
  location("data:,x", "data:,x");
  location("ftp://127.0.0.1/x", "ftp://127.0.0.1/x");
  location("http://[bad/x", "http://[bad/x");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_location),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
