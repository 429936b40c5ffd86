/* test_mime.c - unit tests for sim/core/mime.c, per browser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mime.h"

/*
 * One row: the value and the essence each browser extracts, in the order
 * chromium, firefox, webkit, spec; NULL means "does not parse".
 */
struct row {
  const char *value;
  size_t len; /* 0: use strlen (test data only) */
  const char *want[4];
};

#define ALL(x) {x, x, x, x}

static const struct row rows[] = {
    {"text/plain", 0, ALL("text/plain")},
    {"TEXT/PLAIN", 0, ALL("text/plain")},
    {"text/plain;charset=UTF-8", 0, ALL("text/plain")},
    {"text/plain;", 0, ALL("text/plain")},
    {"text/plain; charset", 0, ALL("text/plain")},
    {"Multipart/Form-Data; boundary=x", 0, ALL("multipart/form-data")},
    {"application/json", 0, ALL("application/json")},
    {" text/plain ", 0, ALL("text/plain")},
    {"text/plain\t", 0, ALL("text/plain")},
    {"text/plain ;a=b", 0, ALL("text/plain")},
    /* A top-level comma fails everywhere (Chromium: three '/' parts;
     * Firefox: ','; WHATWG: subtype is not a token). */
    {"text/plain, application/json", 0, {NULL, NULL, NULL, NULL}},
    {"text/plain,x", 0, {NULL, NULL, NULL, NULL}},
    /* Whitespace around '/'. */
    {"text / plain", 0, {NULL, NULL, NULL, NULL}},
    {"text/ plain", 0, {NULL, NULL, NULL, NULL}},
    {"text /plain", 0, {NULL, NULL, NULL, NULL}},
    /* Junk after the subtype: only Firefox skips it when a ';' follows. */
    {"text/plain x", 0, {NULL, NULL, NULL, NULL}},
    {"text/plain x;a=b", 0, {NULL, "text/plain", NULL, NULL}},
    /* Firefox does not validate the type as a token. */
    {"text/pl@in", 0, {NULL, "text/pl@in", NULL, NULL}},
    {"text/plain/x", 0, {NULL, "text/plain/x", NULL, NULL}},
    /* Firefox stops the type at '(' and then wants only OWS. */
    {"text/plain(c)", 0, {NULL, NULL, NULL, NULL}},
    {"text/plain(c);a", 0, {NULL, "text/plain", NULL, NULL}},
    /* Quoted strings: a comma inside quotes is not top-level for Firefox. */
    {"text/plain;a=\"x,y\"", 0, ALL("text/plain")},
    {"text/plain;a=\"x\\\",y\"", 0, ALL("text/plain")},
    {"text/plain;a=\"x", 0, ALL("text/plain")},
    {"text/plain;a=\"x\",y", 0, {"text/plain", NULL, "text/plain", "text/plain"}},
    /* Missing parts. */
    {"text", 0, {NULL, NULL, NULL, NULL}},
    /* Firefox only wants a '/' somewhere in the type. */
    {"text/", 0, {NULL, "text/", NULL, NULL}},
    {"/plain", 0, {NULL, "/plain", NULL, NULL}},
    {"/", 0, {NULL, "/", NULL, NULL}},
    {";text/plain", 0, {NULL, NULL, NULL, NULL}},
    {"   ", 0, {NULL, NULL, NULL, NULL}},
    /* Non-ASCII is not a token code point (isomorphic decode). */
    {"t\xC3\xA9xt/plain", 0, {NULL, "t\xC3\xA9xt/plain", NULL, NULL}},
    {"text/plain;\xE9", 0, ALL("text/plain")},
    /* HTTP whitespace: CR/LF stripped by WHATWG; Chromium trims ASCII
     * whitespace (incl. VT/FF) at the type's start and subtype's end;
     * Gecko's LWS is space and tab only, so it keeps the rest in its
     * type (the unsafe-byte filter stops such values before). */
    {"\r\ntext/plain\r\n", 0,
     {"text/plain", "\r\ntext/plain\r\n", "text/plain", "text/plain"}},
    {"\vtext/plain\f", 0, {"text/plain", "\vtext/plain\f", NULL, NULL}},
    /* An embedded NUL is just a non-token byte (Firefox keeps it). */
    {"text/pl\0ain", 11, {NULL, NULL /* see test_nul */, NULL, NULL}},
};

static void test_table(void **state) {
  (void)state;
  for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
    struct corsim_str v = {rows[r].value,
                           rows[r].len ? rows[r].len : strlen(rows[r].value)};
    for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
      char buf[64];
      long n = corsim__mime_essence(v, (enum corsim_browser)b, buf, sizeof(buf));
      const char *want = rows[r].want[b];
      if (rows[r].len != 0 && b == CORSIM_BROWSER_FIREFOX)
        continue; /* embedded NUL: checked in test_nul */
      if (want == NULL) {
        if (n != -1)
          fail_msg("row %zu browser %d: want failure, got \"%s\"", r, b, buf);
      } else {
        size_t wl = strlen(want);
        if (n != (long)wl || memcmp(buf, want, wl) != 0)
          fail_msg("row %zu browser %d: want \"%s\", got %ld", r, b, want, n);
        assert_int_equal(buf[n], '\0');
      }
    }
  }
}

static void test_empty_and_small_buffer(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  char buf[16];
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    assert_int_equal(corsim__mime_essence(empty, (enum corsim_browser)b, buf, sizeof(buf)), -1);
    /* "text/plain" needs 11 bytes with its NUL. */
    assert_int_equal(corsim__mime_essence(CORSIM_LIT("text/plain"), (enum corsim_browser)b, buf, 11), 10);
    assert_int_equal(corsim__mime_essence(CORSIM_LIT("text/plain"), (enum corsim_browser)b, buf, 10), -1);
    assert_int_equal(corsim__mime_essence(CORSIM_LIT("text/plain"), (enum corsim_browser)b, buf, 0), -1);
  }
}

static void test_nul(void **state) {
  (void)state;
  char buf[16];
  struct corsim_str v = {"text/pl\0ain", 11};
  assert_int_equal(corsim__mime_essence(v, CORSIM_BROWSER_FIREFOX, buf, sizeof(buf)), 11);
  assert_memory_equal(buf, "text/pl\0ain", 12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_empty_and_small_buffer),
      cmocka_unit_test(test_nul),
  };
  return cmocka_run_group_tests_name("mime", tests, NULL, NULL);
}
