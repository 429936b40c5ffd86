/* test_hosts.c - unit tests for sim/live/hosts.c: which URLs corsim serve
 * can host (http on loopback) and how it names them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "hosts.h"

static struct corsim_str S(const char *s) { return corsim_str_c(s); }

static void test_classify(void **state) {
  struct host_name hn;
  (void)state;
  assert_int_equal(hosts_classify(S("http://127.9.8.7:1/"), &hn), HOST_LOOPBACK);
  assert_string_equal(hn.host, "127.9.8.7");
  assert_int_equal(hn.port, 1);
  assert_int_equal(hosts_classify(S("http://LOCALHOST"), &hn), HOST_LOOPBACK);
  assert_string_equal(hn.host, "localhost");
  assert_int_equal(hn.port, 80);
  assert_int_equal(hosts_classify(S("http://2130706433:8002/"), &hn), HOST_LOOPBACK);
  assert_string_equal(hn.host, "127.0.0.1");
  assert_int_equal(hosts_classify(S("http://[0:0::1]:8004/"), &hn), HOST_LOOPBACK);
  assert_string_equal(hn.host, "[::1]");
  assert_int_equal(hosts_classify(S("//127.0.0.1:8002/x"), &hn), HOST_LOOPBACK);
  assert_int_equal(hosts_classify(S("http://user:pw@127.0.0.1:8002/"), &hn), HOST_LOOPBACK);
  assert_int_equal(hosts_classify(S("http://app.example/"), &hn), HOST_FOREIGN);
  assert_string_equal(hn.host, "app.example");
  assert_int_equal(hosts_classify(S("http://128.0.0.1/"), &hn), HOST_FOREIGN);
  assert_int_equal(hosts_classify(S("http://[::2]/"), &hn), HOST_FOREIGN);
  assert_int_equal(hosts_classify(S("http://127.0.0.1:0/"), &hn), HOST_FOREIGN);
  assert_int_equal(hosts_classify(S("https://127.0.0.1:8002/"), &hn), HOST_HTTPS);
  assert_int_equal(hosts_classify(S("ftp://127.0.0.1/"), &hn), HOST_NONE);
  assert_int_equal(hosts_classify(S("data:,x"), &hn), HOST_NONE);
  assert_int_equal(hosts_classify(S("/relative"), &hn), HOST_NONE);
  assert_int_equal(hosts_classify(S("http://[bad"), &hn), HOST_NONE);
  assert_int_equal(hosts_classify(S("http://127.0.0.1:99999/"), &hn), HOST_NONE);
}

static void test_names(void **state) {
  struct host_name hn;
  struct hosts h;
  const char *ips[2];
  char buf[300];
  (void)state;
  assert_int_equal(hosts_classify(S("http://localhost/"), &hn), HOST_LOOPBACK);
  host_name_format(&hn, buf, sizeof buf);
  assert_string_equal(buf, "localhost:80");
  host_name_url_host(&hn, buf, sizeof buf);
  assert_string_equal(buf, "localhost");
  assert_int_equal(host_name_bind_ips(&hn, ips), 2);
  assert_string_equal(ips[0], "127.0.0.1");
  assert_string_equal(ips[1], "::1");
  assert_int_equal(hosts_classify(S("http://[::1]:8004/"), &hn), HOST_LOOPBACK);
  host_name_url_host(&hn, buf, sizeof buf);
  assert_string_equal(buf, "[::1]:8004");
  assert_int_equal(host_name_bind_ips(&hn, ips), 1);
  assert_string_equal(ips[0], "::1");
  hosts_init(&h);
  assert_int_equal(hosts_add(&h, &hn), 0);
  assert_int_equal(hosts_add(&h, &hn), 0);
  assert_int_equal(h.n, 1);
  assert_true(hosts_has(&h, &hn));
  hn.port = 8005;
  assert_false(hosts_has(&h, &hn));
  hosts_cleanup(&h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_classify),
      cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
