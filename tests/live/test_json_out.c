/* test_json_out.c - unit tests for sim/live/json_out.c: JSON strings of
 * network bytes (isomorphic decoding) and of scenario text (for a page). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "json_out.h"

static void bytes(const char *in, size_t n, const char *want) {
  struct buf b;
  buf_init(&b);
  json_out_bytes(&b, in, n);
  assert_string_equal(buf_str(&b), want);
  buf_cleanup(&b);
}

static void text(const char *in, size_t n, const char *want) {
  struct buf b;
  buf_init(&b);
  json_out_text(&b, in, n);
  assert_string_equal(buf_str(&b), want);
  buf_cleanup(&b);
}

static void test_bytes(void **state) {
  (void)state;
  bytes("plain", 5, "\"plain\"");
  bytes("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
  bytes("\r\n\t\x01\x7f", 5, "\"\\r\\n\\t\\u0001\\u007f\"");
  bytes("\0x", 2, "\"\\u0000x\"");
  /* Each byte is its own code point: 0xE9 alone, and UTF-8 é as two. */
  bytes("\xe9", 1, "\"\\u00e9\"");
  bytes("\xc3\xa9", 2, "\"\\u00c3\\u00a9\"");
  bytes("</script>", 9, "\"</script>\"");
}

static void test_text(void **state) {
  (void)state;
  text("plain", 5, "\"plain\"");
  text("\xc3\xa9", 2, "\"\xc3\xa9\"");                /* UTF-8 kept */
  text("</script><!--&", 14, "\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
  text("\xe2\x80\xa8\xe2\x80\xa9", 6, "\"\\u2028\\u2029\"");
  text("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
  text("\xff\xc3", 2, "\"\\u00ff\\u00c3\"");          /* not UTF-8 */
  text("\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\""); /* a surrogate */
  text("\xc0\xaf", 2, "\"\\u00c0\\u00af\"");            /* overlong */
  text("a\"\n", 3, "\"a\\\"\\n\"");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bytes),
      cmocka_unit_test(test_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
