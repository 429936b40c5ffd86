/* test_url.c - unit tests for sim/core/url.c (WHATWG URL parsing,
 * origins, same-origin, potentially trustworthy URLs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "url.h"

#define S(x) CORSIM_LIT(x)

static struct corsim_str cs(const char *s) {
  struct corsim_str r = {s, strlen(s)};
  return r;
}

static void assert_str(struct corsim_str got, const char *want) {
  if (got.len != strlen(want) || memcmp(got.ptr, want, got.len) != 0)
    fail_msg("got \"%.*s\", want \"%s\"", (int)got.len, got.ptr, want);
}

/* Parses in against base (NULL: none); returns the result code. */
static int parse2(const char *in, const char *base, struct corsim__url *u,
                  char *buf, size_t cap) {
  static char bbuf[512];
  static struct corsim__url b;
  if (base != NULL) {
    assert_int_equal(corsim__url_parse(cs(base), NULL, &b, bbuf, sizeof(bbuf)), 0);
  }
  return corsim__url_parse(cs(in), base ? &b : NULL, u, buf, cap);
}

struct row {
  const char *in;
  const char *base;
  const char *want; /* href, or NULL for EINVAL */
};

static void run_rows(const struct row *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char buf[512];
    struct corsim__url u;
    int rc = parse2(rows[i].in, rows[i].base, &u, buf, sizeof(buf));
    if (rows[i].want == NULL) {
      if (rc != CORSIM_EINVAL)
        fail_msg("\"%s\": want EINVAL, got %d (%s)", rows[i].in, rc,
                 rc == 0 ? buf : "");
      continue;
    }
    if (rc != 0)
      fail_msg("\"%s\": want \"%s\", got error %d", rows[i].in, rows[i].want, rc);
    if (strcmp(buf, rows[i].want) != 0 || u.href.len != strlen(rows[i].want))
      fail_msg("\"%s\": want \"%s\", got \"%s\"", rows[i].in, rows[i].want, buf);
    assert_ptr_equal(u.href.ptr, buf);
  }
}

#define RUN(rows) run_rows((rows), sizeof(rows) / sizeof((rows)[0]))

static void test_normalise(void **state) {
  (void)state;
  static const struct row rows[] = {
      {"HTTP://A.Example:80/x/../y?q#f", NULL, "http://a.example/y?q#f"},
      {"https://a.example:443/", NULL, "https://a.example/"},
      {"https://a.example:80/", NULL, "https://a.example:80/"},
      {"http://a.example:443/", NULL, "http://a.example:443/"},
      {"http://a.example:08080/", NULL, "http://a.example:8080/"},
      {"http://a.example:/", NULL, "http://a.example/"},
      {"http://a.example:65535/", NULL, "http://a.example:65535/"},
      {"http://a.example:0/", NULL, "http://a.example:0/"},
      {"http://a.example", NULL, "http://a.example/"},
      {"http://a.example?x", NULL, "http://a.example/?x"},
      {"http://a.example#x", NULL, "http://a.example/#x"},
      {"http://a.example/?", NULL, "http://a.example/?"},
      {"http://a.example/#", NULL, "http://a.example/#"},
      /* Whitespace: leading/trailing C0 and space trimmed, tab and
       * newlines removed anywhere. */
      {"  \x01http://a.example/p \x1f", NULL, "http://a.example/p"},
      {"\thttp://a.exa\nmple/p\r\n", NULL, "http://a.example/p"},
      {"ht\ttp://a.example:8\n0/a\tb?c\rd#e\nf", NULL, "http://a.example/ab?cd#ef"},
      /* Backslashes are slashes in special URLs. */
      {"http:\\\\a.example\\x\\y", NULL, "http://a.example/x/y"},
      {"http:/\\/a.example/", NULL, "http://a.example/"},
      {"http:a.example/p", NULL, "http://a.example/p"},
      {"http:////a.example/p", NULL, "http://a.example/p"},
      {"http:///x", NULL, "http://x/"},
      /* Percent-encoding of path, query and fragment. */
      {"http://a.example/a b?c d#e f", NULL, "http://a.example/a%20b?c%20d#e%20f"},
      {"http://a.example/\"<>`{}?\"<>`{}'#\"<>`{}'", NULL,
       "http://a.example/%22%3C%3E%60%7B%7D?%22%3C%3E`{}%27#%22%3C%3E%60{}'"},
      {"http://a.example/\xC3\xA9?\xC3\xA9#\xC3\xA9", NULL,
       "http://a.example/%C3%A9?%C3%A9#%C3%A9"},
      {"http://a.example/\x7f\x01x", NULL, "http://a.example/%7F%01x"},
      {"http://a.example/%zz%41", NULL, "http://a.example/%zz%41"},
      {"http://a.example/a^|", NULL, "http://a.example/a^|"},
      /* Dot segments, also percent-encoded ones. */
      {"http://a.example/a/./b/../../c/", NULL, "http://a.example/c/"},
      {"http://a.example/..", NULL, "http://a.example/"},
      {"http://a.example/../../x", NULL, "http://a.example/x"},
      {"http://a.example/a/..", NULL, "http://a.example/"},
      {"http://a.example/a/.", NULL, "http://a.example/a/"},
      {"http://a.example/a/b/..?q", NULL, "http://a.example/a/?q"},
      {"http://a.example/%2e/b/%2E%2e/c", NULL, "http://a.example/c"},
      {"http://a.example/.%2E/x", NULL, "http://a.example/x"},
      {"http://a.example/.../x", NULL, "http://a.example/.../x"},
      {"http://a.example/.x/x.", NULL, "http://a.example/.x/x."},
      {"http://a.example//a//", NULL, "http://a.example//a//"},
      /* Ports. */
      {"http://a.example:65536/", NULL, NULL},
      {"http://a.example:8x/", NULL, NULL},
      {"http://a.example:-1/", NULL, NULL},
      {"http://a.example:99999999999999999999/", NULL, NULL},
      {"http://a.example:1:2/", NULL, NULL},
      /* Hosts. */
      {"http://", NULL, NULL},
      {"http:", NULL, NULL},
      {"http:///", NULL, NULL},
      {"http://:80/", NULL, NULL},
      {"http://?x", NULL, NULL},
      {"http://a b/", NULL, NULL},
      {"http://a%20b/", NULL, NULL},
      {"http://a<b/", NULL, NULL},
      {"http://a^b/", NULL, NULL},
      {"http://a|b/", NULL, NULL},
      {"http://a%/", NULL, NULL},
      {"http://a%2525/", NULL, NULL},
      {"http://%00/", NULL, NULL},
      {"http://%41.Example/", NULL, "http://a.example/"},
      {"http://ex%2Eample/", NULL, "http://ex.ample/"},
      {"http://a_b-c.example/", NULL, "http://a_b-c.example/"},
      {"http://a.example./", NULL, "http://a.example./"},
      {"http://exa\xC3\xA4mple/", NULL, NULL},
      {"http://exa%C3%A4mple/", NULL, NULL},
      {"http://xn--exmple-cua/", NULL, "http://xn--exmple-cua/"},
  };
  RUN(rows);
}

static void test_ipv4(void **state) {
  (void)state;
  static const struct row rows[] = {
      {"http://0x7f.1/", NULL, "http://127.0.0.1/"},
      {"http://2130706433/", NULL, "http://127.0.0.1/"},
      {"http://0177.0.0.1/", NULL, "http://127.0.0.1/"},
      {"http://127.1/", NULL, "http://127.0.0.1/"},
      {"http://127.0.1/", NULL, "http://127.0.0.1/"},
      {"http://0X7F.0x0.0.0X1/", NULL, "http://127.0.0.1/"},
      {"http://1.2.3.4./", NULL, "http://1.2.3.4/"},
      {"http://0x/", NULL, "http://0.0.0.0/"},
      {"http://0/", NULL, "http://0.0.0.0/"},
      {"http://00/", NULL, "http://0.0.0.0/"},
      {"http://4294967295/", NULL, "http://255.255.255.255/"},
      {"http://0xffffffff/", NULL, "http://255.255.255.255/"},
      {"http://%31%32%37.1/", NULL, "http://127.0.0.1/"},
      {"http://1.2.65535/", NULL, "http://1.2.255.255/"},
      {"http://4294967296/", NULL, NULL},
      {"http://0x100000000/", NULL, NULL},
      {"http://999999999999999999999999/", NULL, NULL},
      {"http://256.0.0.1/", NULL, NULL},
      {"http://1.2.3.256/", NULL, NULL},
      {"http://1.2.65536/", NULL, NULL},
      {"http://1.2.3.4.5/", NULL, NULL},
      {"http://1..2/", NULL, NULL},
      {"http://1.2.3.09/", NULL, NULL},
      {"http://foo.09/", NULL, NULL},
      {"http://foo.0x1/", NULL, NULL},
      {"http://foo.1/", NULL, NULL},
      /* Not ending in a number: a domain. */
      {"http://09.foo/", NULL, "http://09.foo/"},
      {"http://1.2.3.4x/", NULL, "http://1.2.3.4x/"},
      {"http://0x1g/", NULL, "http://0x1g/"},
      {"http://127.foo/", NULL, "http://127.foo/"},
      {"http://./", NULL, "http://./"},
  };
  RUN(rows);
}

static void test_ipv6(void **state) {
  (void)state;
  static const struct row rows[] = {
      {"http://[0:0:0:0:0:0:0:1]:8080/", NULL, "http://[::1]:8080/"},
      {"http://[::1]/", NULL, "http://[::1]/"},
      {"http://[::]/", NULL, "http://[::]/"},
      {"http://[0::0]/", NULL, "http://[::]/"},
      {"http://[1::]/", NULL, "http://[1::]/"},
      {"http://[ABCD:EF01::0001]/", NULL, "http://[abcd:ef01::1]/"},
      {"http://[1:0:0:2:0:0:0:3]/", NULL, "http://[1:0:0:2::3]/"},
      {"http://[1:0:0:2:0:0:3:4]/", NULL, "http://[1::2:0:0:3:4]/"},
      {"http://[1:0:2:3:4:5:6:7]/", NULL, "http://[1:0:2:3:4:5:6:7]/"},
      {"http://[1:2:3:4:5:6:7:8]:443/", NULL, "http://[1:2:3:4:5:6:7:8]:443/"},
      {"https://[::ffff:192.168.0.1]:443/", NULL, "https://[::ffff:c0a8:1]/"},
      {"http://[::127.0.0.1]/", NULL, "http://[::7f00:1]/"},
      {"http://[::1", NULL, NULL},
      {"http://[::1]x/", NULL, NULL},
      {"http://[1::2::3]/", NULL, NULL},
      {"http://[:1]/", NULL, NULL},
      {"http://[1:]/", NULL, NULL},
      {"http://[1:2:3:4:5:6:7:8:9]/", NULL, NULL},
      {"http://[1:2:3:4:5:6:7]/", NULL, NULL},
      {"http://[12345::]/", NULL, NULL},
      {"http://[::1.2.3]/", NULL, NULL},
      {"http://[::1.2.3.4.5]/", NULL, NULL},
      {"http://[::01.2.3.4]/", NULL, NULL},
      {"http://[::256.2.3.4]/", NULL, NULL},
      {"http://[1:2:3:4:5:6:7:1.2.3.4]/", NULL, NULL},
      {"http://[::g]/", NULL, NULL},
      {"http://[]/", NULL, NULL},
      {"http://[/", NULL, NULL},
      {"http://[" "0000000000000000000000000000000000000000000000000000000000000000001" "]/", NULL, NULL},
      {"http://[::1]:/", NULL, "http://[::1]/"},
      {"http://[::1]:80:/", NULL, NULL},
      {"http://[::%31]/", NULL, NULL},
  };
  RUN(rows);
}

static void test_relative(void **state) {
  (void)state;
  const char *b = "http://a.example/dir/page?x#y";
  const struct row rows[] = {
      {"other", b, "http://a.example/dir/other"},
      {"./other", b, "http://a.example/dir/other"},
      {"../up", b, "http://a.example/up"},
      {"../../../up", b, "http://a.example/up"},
      {".", b, "http://a.example/dir/"},
      {"..", b, "http://a.example/"},
      {"/abs", b, "http://a.example/abs"},
      {"\\abs", b, "http://a.example/abs"},
      {"//b.example/p", b, "http://b.example/p"},
      {"\\\\b.example\\p", b, "http://b.example/p"},
      {"/\\b.example", b, "http://b.example/"},
      {"///b.example", b, "http://b.example/"},
      {"?q2", b, "http://a.example/dir/page?q2"},
      {"#f2", b, "http://a.example/dir/page?x#f2"},
      {"", b, "http://a.example/dir/page?x"},
      {"  ", b, "http://a.example/dir/page?x"},
      {"https://c.example", b, "https://c.example/"},
      {"http:other", b, "http://a.example/dir/other"},
      {"http:/abs", b, "http://a.example/abs"},
      {"http://c.example", b, "http://c.example/"},
      {"https:c.example", b, "https://c.example/"},
      {"a b?c d", b, "http://a.example/dir/a%20b?c%20d"},
      {"data:,x", b, "data:,x"},
      {"x", "http://a.example", "http://a.example/x"},
      {"x", "http://u:p@a.example:8080/d/f?q", "http://u:p@a.example:8080/d/x"},
      {"?y", "http://u:p@a.example:8080/d/f?q", "http://u:p@a.example:8080/d/f?y"},
      {"//c.example", "https://a.example/", "https://c.example/"},
      {"//", b, NULL},
      {"//@", b, NULL},
      {"x", "data:,x", NULL},
      {"x", "about:blank", NULL},
      {"x", "file:///etc", NULL},
      {"#f", "data:,x", NULL},
      {"x", NULL, NULL},
      {"", NULL, NULL},
      {"1http://x/", NULL, NULL},
      {"://x/", NULL, NULL},
  };
  RUN(rows);
  /* Relative results keep the base's host and port in the slices. */
  char buf[256];
  struct corsim__url u;
  assert_int_equal(parse2("x", "http://u:p@a.example:8080/d/f?q", &u, buf, sizeof(buf)), 0);
  assert_str(u.host, "a.example");
  assert_int_equal(u.port, 8080);
  assert_true(u.has_userinfo);
  assert_str(u.path, "/d/x");
  assert_null(u.query.ptr);
  assert_str(corsim__url_without_fragment(&u), "http://a.example:8080/d/x");
}

static void test_slices(void **state) {
  (void)state;
  char buf[256];
  struct corsim__url u;
  assert_int_equal(parse2("HTTPS://A.Example:8443/p/q?a=b#frag", NULL, &u, buf, sizeof(buf)), 0);
  assert_int_equal(u.kind, CORSIM_SCHEME_HTTPS);
  assert_str(u.href, "https://a.example:8443/p/q?a=b#frag");
  assert_str(u.scheme, "https");
  assert_str(u.host, "a.example");
  assert_int_equal(u.port, 8443);
  assert_str(u.path, "/p/q");
  assert_str(u.query, "a=b");
  assert_str(u.fragment, "frag");
  assert_false(u.has_userinfo);
  assert_str(corsim__url_without_fragment(&u), "https://a.example:8443/p/q?a=b");

  assert_int_equal(parse2("http://a.example", NULL, &u, buf, sizeof(buf)), 0);
  assert_int_equal(u.kind, CORSIM_SCHEME_HTTP);
  assert_str(u.path, "/");
  assert_int_equal(u.port, -1);
  assert_null(u.query.ptr);
  assert_null(u.fragment.ptr);

  /* Empty query and fragment are present, not absent. */
  assert_int_equal(parse2("http://a.example/?#", NULL, &u, buf, sizeof(buf)), 0);
  assert_non_null(u.query.ptr);
  assert_int_equal(u.query.len, 0);
  assert_non_null(u.fragment.ptr);
  assert_int_equal(u.fragment.len, 0);
  assert_str(corsim__url_without_fragment(&u), "http://a.example/?");

  assert_int_equal(parse2("http://[::1]:81/", NULL, &u, buf, sizeof(buf)), 0);
  assert_str(u.host, "[::1]");
  assert_int_equal(u.port, 81);
}

static void test_userinfo(void **state) {
  (void)state;
  static const struct row rows[] = {
      {"http://user:pass@a.example/", NULL, "http://user:pass@a.example/"},
      {"http://user@a.example/", NULL, "http://user@a.example/"},
      {"http://:pass@a.example/", NULL, "http://:pass@a.example/"},
      {"http://:@a.example/", NULL, "http://a.example/"},
      {"http://@a.example/", NULL, "http://a.example/"},
      {"http://a@b@c/", NULL, "http://a%40b@c/"},
      {"http://u:p:q@c/", NULL, "http://u:p%3Aq@c/"},
      {"http://u s\"@c/", NULL, "http://u%20s%22@c/"},
      {"http://a.example/p@q", NULL, "http://a.example/p@q"},
      {"http://@/", NULL, NULL},
      {"http://user@/", NULL, NULL},
      {"http://user@", NULL, NULL},
      {"http://user@:80/", NULL, NULL},
  };
  RUN(rows);
  char buf[256];
  struct corsim__url u;
  assert_int_equal(parse2("http://user:pass@a.example:8080/p?q#f", NULL, &u, buf, sizeof(buf)), 0);
  assert_true(u.has_userinfo);
  assert_str(u.host, "a.example");
  assert_int_equal(u.port, 8080);
  assert_str(u.path, "/p");
  assert_str(u.fragment, "f");
  /* Credentials never go on the wire. */
  assert_str(corsim__url_without_fragment(&u), "http://a.example:8080/p?q");
  assert_int_equal(parse2("http://user@a.example", NULL, &u, buf, sizeof(buf)), 0);
  assert_true(u.has_userinfo);
  assert_str(corsim__url_without_fragment(&u), "http://a.example/");
  assert_int_equal(parse2("http://:@a.example/", NULL, &u, buf, sizeof(buf)), 0);
  assert_false(u.has_userinfo);
  assert_int_equal(parse2("http://a.example/x@y", NULL, &u, buf, sizeof(buf)), 0);
  assert_false(u.has_userinfo);
}

static void test_other_schemes(void **state) {
  (void)state;
  struct k {
    const char *in;
    enum corsim__scheme kind;
    const char *href, *scheme, *path;
  };
  static const struct k rows[] = {
      {"ftp://x/", CORSIM_SCHEME_OTHER, "ftp://x/", "ftp", "//x/"},
      {"data:,x", CORSIM_SCHEME_DATA, "data:,x", "data", ",x"},
      {"DATA:text/plain,Hi There", CORSIM_SCHEME_DATA, "data:text/plain,Hi There", "data", "text/plain,Hi There"},
      {"about:blank", CORSIM_SCHEME_ABOUT, "about:blank", "about", "blank"},
      {"javascript:x", CORSIM_SCHEME_OTHER, "javascript:x", "javascript", "x"},
      {"file:///etc", CORSIM_SCHEME_FILE, "file:///etc", "file", "///etc"},
      {"blob:https://a.example/uuid", CORSIM_SCHEME_BLOB, "blob:https://a.example/uuid", "blob", "https://a.example/uuid"},
      {"ws://a.example/", CORSIM_SCHEME_OTHER, "ws://a.example/", "ws", "//a.example/"},
      {"wss://a.example/", CORSIM_SCHEME_OTHER, "wss://a.example/", "wss", "//a.example/"},
      {"x-Custom+1.a:b", CORSIM_SCHEME_OTHER, "x-custom+1.a:b", "x-custom+1.a", "b"},
      {"httpx://a", CORSIM_SCHEME_OTHER, "httpx://a", "httpx", "//a"},
  };
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    char buf[256];
    struct corsim__url u;
    assert_int_equal(corsim__url_parse(cs(rows[i].in), NULL, &u, buf, sizeof(buf)), 0);
    assert_int_equal(u.kind, rows[i].kind);
    assert_str(u.href, rows[i].href);
    assert_str(u.scheme, rows[i].scheme);
    assert_str(u.path, rows[i].path);
    assert_int_equal(u.host.len, 0);
    assert_int_equal(u.port, -1);
    (void)0;
  }
  char buf[256];
  struct corsim__url u;
  assert_int_equal(corsim__url_parse(S("javascript:alert(1)?a#b"), NULL, &u, buf, sizeof(buf)), 0);
  assert_str(u.path, "alert(1)");
  assert_str(u.query, "a");
  assert_str(u.fragment, "b");
  assert_str(corsim__url_without_fragment(&u), "javascript:alert(1)?a");
  /* Control bytes, NUL and non-ASCII are encoded even in opaque paths;
   * spaces only in query and fragment. */
  static const char raw[] = "data:a b\0\x01\xC3\xA9?c d`\0#e f`\0x";
  struct corsim_str nul = {raw, sizeof(raw) - 1};
  assert_int_equal(corsim__url_parse(nul, NULL, &u, buf, sizeof(buf)), 0);
  assert_str(u.href, "data:a b%00%01%C3%A9?c%20d`%00#e%20f%60%00x");
  /* An absolute non-special URL ignores the base. */
  assert_int_equal(parse2("about:blank", "http://a.example/", &u, buf, sizeof(buf)), 0);
  assert_int_equal(u.kind, CORSIM_SCHEME_ABOUT);
}

static void test_buffer_limits(void **state) {
  (void)state;
  const char *in = "http://a.example/path?q#f";
  size_t need = strlen(in) + 1;
  char buf[64];
  struct corsim__url u;
  assert_int_equal(corsim__url_parse(cs(in), NULL, &u, buf, need), 0);
  assert_str(u.href, in);
  assert_int_equal(buf[need - 1], '\0');
  for (size_t cap = 0; cap < need; cap++)
    assert_int_equal(corsim__url_parse(cs(in), NULL, &u, buf, cap), CORSIM_ETOOBIG);
  assert_int_equal(corsim__url_parse(cs(in), NULL, &u, NULL, 0), CORSIM_ETOOBIG);
  /* With userinfo the wire copy needs room too. */
  in = "http://u@a.example/";
  need = strlen(in) + 1 + strlen("http://a.example/") + 1;
  assert_int_equal(corsim__url_parse(cs(in), NULL, &u, buf, need), 0);
  assert_int_equal(corsim__url_parse(cs(in), NULL, &u, buf, need - 1), CORSIM_ETOOBIG);
  /* Percent-encoding triples the size. */
  char big[300];
  memcpy(big, "http://a.example/", 17);
  memset(big + 17, ' ', 100);
  memcpy(big + 117, "x", 2);
  assert_int_equal(corsim__url_parse(cs(big), NULL, &u, buf, sizeof(buf)), CORSIM_ETOOBIG);
  char out[400];
  assert_int_equal(corsim__url_parse(cs(big), NULL, &u, out, sizeof(out)), 0);
  assert_int_equal(u.path.len, 302);
  /* The host is decoded in place before IPv4 rewriting, so the buffer
   * must hold the longer of the two spellings. */
  assert_int_equal(corsim__url_parse(S("http://0x7f000001/"), NULL, &u, buf, 18), 0);
  assert_str(u.href, "http://127.0.0.1/");
  assert_int_equal(corsim__url_parse(S("http://0x7f000001/"), NULL, &u, buf, 17), CORSIM_ETOOBIG);
  assert_int_equal(corsim__url_parse(S("http://0x7f.0x0.0x0.1/"), NULL, &u, buf, 18), CORSIM_ETOOBIG);
  assert_int_equal(corsim__url_parse(S("http://0x7f.0x0.0x0.1/"), NULL, &u, buf, 22), 0);
  /* Scheme and port tables. */
  assert_int_equal(corsim__url_parse(S("Http\t:x"), NULL, &u, buf, sizeof(buf)), 0);
  assert_int_equal(u.kind, CORSIM_SCHEME_HTTP);
  assert_str(u.href, "http://x/");
}

/* Every truncation of valid inputs parses or fails cleanly. */
static void test_truncations(void **state) {
  (void)state;
  static const char *const inputs[] = {
      "http://u:p@[::ffff:1.2.3.4]:8080/a/../b?c#d",
      "https://0x7f.1:443/%2e%2E/x y?'#`",
      "HTTP://A.Example:80/x/../y?q#f",
  };
  for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
    size_t n = strlen(inputs[k]);
    for (size_t len = 0; len <= n; len++) {
      char buf[256];
      struct corsim__url u;
      struct corsim_str s = {inputs[k], len};
      int rc = corsim__url_parse(s, NULL, &u, buf, sizeof(buf));
      assert_true(rc == 0 || rc == CORSIM_EINVAL);
      if (rc == 0)
        assert_int_equal(strlen(buf), u.href.len);
    }
  }
}

static void test_origin(void **state) {
  (void)state;
  struct o {
    const char *in, *want;
  };
  static const struct o rows[] = {
      {"https://a.example:8443/x?y#z", "https://a.example:8443"},
      {"HTTP://A.EXAMPLE:80/", "http://a.example"},
      {"http://u:p@a.example/", "http://a.example"},
      {"http://[0::1]:8080/", "http://[::1]:8080"},
      {"http://0x7f.1/", "http://127.0.0.1"},
      {"data:,x", "null"},
      {"about:blank", "null"},
      {"javascript:x", "null"},
      {"file:///etc", "null"},
      {"ftp://a.example/", "null"},
      {"blob:https://a.example:8443/uuid", "https://a.example:8443"},
      {"blob:HTTP://A.example/uuid", "http://a.example"},
      {"blob:data:,x", "null"},
      {"blob:blob:https://a.example/x", "null"},
      {"blob:not a url", "null"},
  };
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    char ub[256];
    char ob[256];
    struct corsim__url u;
    assert_int_equal(corsim__url_parse(cs(rows[i].in), NULL, &u, ub, sizeof(ub)), 0);
    long n = corsim__url_origin(&u, ob, sizeof(ob));
    assert_int_equal(n, (long)strlen(rows[i].want));
    assert_string_equal(ob, rows[i].want);
  }
  char ub[256];
  char ob[64];
  struct corsim__url u;
  assert_int_equal(corsim__url_parse(S("https://a.example:8443/"), NULL, &u, ub, sizeof(ub)), 0);
  assert_int_equal(corsim__url_origin(&u, ob, 23), 22);
  assert_int_equal(corsim__url_origin(&u, ob, 22), CORSIM_ETOOBIG);
  assert_int_equal(corsim__url_origin(&u, ob, 0), CORSIM_ETOOBIG);
  assert_int_equal(corsim__url_parse(S("data:,"), NULL, &u, ub, sizeof(ub)), 0);
  assert_int_equal(corsim__url_origin(&u, ob, 5), 4);
  assert_int_equal(corsim__url_origin(&u, ob, 4), CORSIM_ETOOBIG);
}

static bool same(const char *a, const char *b) {
  char ab[256];
  char bb[256];
  struct corsim__url ua;
  struct corsim__url ub;
  assert_int_equal(corsim__url_parse(cs(a), NULL, &ua, ab, sizeof(ab)), 0);
  assert_int_equal(corsim__url_parse(cs(b), NULL, &ub, bb, sizeof(bb)), 0);
  bool r = corsim__url_same_origin(&ua, &ub);
  assert_int_equal(corsim__url_same_origin(&ub, &ua), r);
  return r;
}

static void test_same_origin(void **state) {
  (void)state;
  assert_true(same("http://a.example/x", "HTTP://A.EXAMPLE:80/y?z"));
  assert_true(same("https://a.example:8443/", "https://a.example:8443/q"));
  assert_true(same("http://u:p@a.example/", "http://a.example/"));
  assert_true(same("http://127.0.0.1/", "http://0x7f.1/"));
  assert_false(same("http://a.example/", "https://a.example/"));
  assert_false(same("http://a.example/", "http://a.example:8080/"));
  assert_false(same("http://a.example/", "http://b.example/"));
  assert_false(same("http://a.example/", "http://a.example./"));
  assert_false(same("http://a.example/", "http://sub.a.example/"));
  assert_false(same("data:,x", "data:,x"));
  assert_false(same("about:blank", "about:blank"));
  assert_false(same("http://a.example/", "blob:http://a.example/x"));
}

static bool trusted(const char *s) {
  char buf[256];
  struct corsim__url u;
  assert_int_equal(corsim__url_parse(cs(s), NULL, &u, buf, sizeof(buf)), 0);
  return corsim__url_trustworthy(&u);
}

static void test_trustworthy(void **state) {
  (void)state;
  assert_true(trusted("http://localhost/"));
  assert_true(trusted("http://LOCALHOST:8080/"));
  assert_true(trusted("http://foo.localhost/"));
  assert_true(trusted("http://a.b.localhost/"));
  assert_true(trusted("http://127.1.2.3/"));
  assert_true(trusted("http://127.0.0.1:8001/"));
  assert_true(trusted("http://0x7f000001/"));
  assert_true(trusted("http://[::1]/"));
  assert_true(trusted("http://[0:0::1]:81/"));
  assert_true(trusted("https://example.com/"));
  assert_true(trusted("wss://example.com/"));
  assert_true(trusted("file:///etc"));
  assert_true(trusted("data:,x"));
  assert_true(trusted("about:blank"));
  assert_true(trusted("about:srcdoc"));
  assert_true(trusted("blob:https://example.com/x"));
  assert_true(trusted("blob:http://localhost/x"));
  assert_false(trusted("http://example.com/"));
  assert_false(trusted("http://127.foo/"));
  assert_false(trusted("http://128.0.0.1/"));
  assert_false(trusted("http://10.0.0.1/"));
  assert_false(trusted("http://[::2]/"));
  assert_false(trusted("http://[::ffff:127.0.0.1]/"));
  assert_false(trusted("http://localhost./"));
  assert_false(trusted("http://localhost.example/"));
  assert_false(trusted("http://xlocalhost/"));
  assert_false(trusted("ws://localhost/"));
  assert_false(trusted("about:foo"));
  assert_false(trusted("javascript:x"));
  assert_false(trusted("ftp://a.example/"));
  assert_false(trusted("blob:http://example.com/x"));
  assert_false(trusted("blob:data:,x"));
}

static void test_origin_parse(void **state) {
  (void)state;
  static const char *const good[] = {
      "http://127.0.0.1:8001", "https://[::1]", "https://a.example",
      "http://a.example:8080", "http://localhost", "https://a.example:80",
      "http://[1:2:3:4:5:6:7:8]:65535", "http://a_b.example",
  };
  static const char *const bad[] = {
      "http://a.example/", "HTTP://a.example", "http://A.example",
      "http://a.example:80", "https://a.example:443", "a.example",
      "http://a.example x", "http://a.example/x", "http://a.example?",
      "http://a.example#", " http://a.example", "http://a.example ",
      "http://a.ex\tample", "http://[0::1]", "http://127.1", "http://0x7f.0.0.1",
      "ftp://a.example", "http://u@a.example", "http://@a.example", "",
      "NULL", "null ", "Null", "http://a.example:", "http://a.example:08080",
      "http://a.example:65536", "http:a.example", "http:///a.example",
      "http:\\\\a.example", "http://", "data:,x", "http://a.example\\",
      "https://xn--\xC3\xA9", "http://a.example:8080/",
  };
  char buf[256];
  struct corsim__url u;
  bool opaque = true;
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
    int rc = corsim__origin_parse(cs(good[i]), &u, &opaque, buf, sizeof(buf));
    if (rc != 0)
      fail_msg("\"%s\": got %d", good[i], rc);
    assert_false(opaque);
    assert_str(u.path, "/");
    char ob[256];
    assert_int_equal(corsim__url_origin(&u, ob, sizeof(ob)), (long)strlen(good[i]));
    assert_string_equal(ob, good[i]);
  }
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    int rc = corsim__origin_parse(cs(bad[i]), &u, &opaque, buf, sizeof(buf));
    if (rc != CORSIM_EORIGIN)
      fail_msg("\"%s\": got %d", bad[i], rc);
  }
  struct corsim_str empty = {NULL, 0};
  assert_int_equal(corsim__origin_parse(empty, &u, &opaque, buf, sizeof(buf)), CORSIM_EORIGIN);
  assert_int_equal(corsim__origin_parse(S("null"), &u, &opaque, buf, sizeof(buf)), 0);
  assert_true(opaque);
  assert_str(u.href, "null");
  assert_int_equal(u.host.len, 0);
  assert_int_equal(u.port, -1);
  assert_int_equal(corsim__origin_parse(S("null"), &u, &opaque, buf, 4), CORSIM_ETOOBIG);
  /* 17 bytes of href plus NUL. */
  assert_int_equal(corsim__origin_parse(S("http://a.example"), &u, &opaque, buf, 18), 0);
  assert_false(opaque);
  assert_int_equal(u.kind, CORSIM_SCHEME_HTTP);
  assert_str(u.host, "a.example");
  assert_int_equal(corsim__origin_parse(S("http://a.example"), &u, &opaque, buf, 17), CORSIM_ETOOBIG);
}

/* The authority memo: a URL that starts with the remembered authority is
 * parsed exactly as without it; one that only shares a prefix is not
 * taken for it. Each row is parsed after the one before, with one memo. */
static void test_memo(void **state) {
  (void)state;
  static const char *const seq[] = {
      "http://127.0.0.1:8002/items/1",
      "http://127.0.0.1:8002/items/2?q=1#f",
      "http://127.0.0.1:8002?x",      /* empty path after the authority */
      "http://127.0.0.1:8002#frag",
      "http://127.0.0.1:80021/x",     /* longer port: not the memo's */
      "http://127.0.0.1:8002",        /* the authority alone */
      "http://127.0.0.1:8002/./a/../b", /* the full parser for the path */
      "http://127.0.0.1:8002/y",
      "http://127.0.0.12/z",          /* another host, a prefix apart */
      "http://127.0.0.1/z",
      "https://127.0.0.1/z",
      "http://a.example/p",
      "http://a.example.org/p",
      "http://a.example:8080/p",
      "HTTP://A.example/p",            /* not fast: memo left as it was */
      "http://a.example/q",
      "http://a.example:/q",
  };
  struct corsim__url_memo memo;
  memset(&memo, 0, sizeof(memo));
  for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
    char buf[256], fb[256];
    struct corsim__url u, fu;
    int rc = corsim__url_parse_memo(cs(seq[i]), NULL, &u, buf, sizeof(buf),
                                    &memo);
    int frc = corsim__url_parse_full(cs(seq[i]), NULL, &fu, fb, sizeof(fb));
    assert_int_equal(rc, frc);
    if (rc != 0)
      continue;
    assert_str(u.href, fb);
    assert_int_equal(u.kind, fu.kind);
    assert_int_equal(u.port, fu.port);
    assert_true(corsim__str_eq(u.scheme, fu.scheme));
    assert_true(corsim__str_eq(u.host, fu.host));
    assert_true(corsim__str_eq(u.path, fu.path));
    assert_true((u.query.ptr == NULL) == (fu.query.ptr == NULL) &&
                corsim__str_eq(u.query, fu.query));
    assert_true((u.fragment.ptr == NULL) == (fu.fragment.ptr == NULL) &&
                corsim__str_eq(u.fragment, fu.fragment));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_memo),        cmocka_unit_test(test_normalise),   cmocka_unit_test(test_ipv4),
      cmocka_unit_test(test_ipv6),        cmocka_unit_test(test_relative),
      cmocka_unit_test(test_slices),      cmocka_unit_test(test_userinfo),
      cmocka_unit_test(test_other_schemes), cmocka_unit_test(test_buffer_limits),
      cmocka_unit_test(test_truncations), cmocka_unit_test(test_origin),
      cmocka_unit_test(test_same_origin), cmocka_unit_test(test_trustworthy),
      cmocka_unit_test(test_origin_parse),
  };
  return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
