/* test_str.c - unit tests for sim/core/str.c (ASCII-only helpers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

#define S(x) CORSIM_LIT(x)

static void test_eq(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  assert_true(corsim__str_eq(S("abc"), S("abc")));
  assert_false(corsim__str_eq(S("abc"), S("abC")));
  assert_false(corsim__str_eq(S("abc"), S("ab")));
  assert_true(corsim__str_eq(empty, S("")));
  assert_true(corsim__str_eq(empty, empty));
  /* Embedded NUL is an ordinary byte. */
  assert_false(corsim__str_eq(S("a\0b"), S("a\0c")));
}

static void test_ieq(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  assert_true(corsim__str_ieq(S("Content-Type"), S("content-type")));
  assert_false(corsim__str_ieq(S("Content-Type"), S("content-typ")));
  /* Bytes >= 0x80 are never folded (no locale): E9 vs C9. */
  assert_false(corsim__str_ieq(S("\xE9"), S("\xC9")));
  /* '@' (0x40) and '`' (0x60) differ by the case bit but are not letters. */
  assert_false(corsim__str_ieq(S("@"), S("`")));
  assert_false(corsim__str_ieq(S("["), S("{")));
  assert_true(corsim__str_ieq(empty, S("")));
  assert_true(corsim__str_ieq_c(S("HOST"), "host"));
  assert_false(corsim__str_ieq_c(S("hos"), "host"));
  assert_false(corsim__str_ieq_c(S("hosts"), "host"));
  assert_true(corsim__str_ieq_c(empty, ""));
  assert_false(corsim__str_ieq_c(empty, "a"));
}

static void test_istarts_with(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  assert_true(corsim__str_istarts_with(S("Sec-Fetch-Mode"), "sec-"));
  assert_true(corsim__str_istarts_with(S("PROXY-x"), "proxy-"));
  assert_true(corsim__str_istarts_with(S("sec-"), "sec-"));
  assert_false(corsim__str_istarts_with(S("sec"), "sec-"));
  assert_false(corsim__str_istarts_with(S("xsec-"), "sec-"));
  assert_true(corsim__str_istarts_with(empty, ""));
  assert_false(corsim__str_istarts_with(empty, "s"));
}

static void test_lower(void **state) {
  (void)state;
  assert_int_equal(corsim__ascii_lower('A'), 'a');
  assert_int_equal(corsim__ascii_lower('Z'), 'z');
  assert_int_equal(corsim__ascii_lower('a'), 'a');
  assert_int_equal(corsim__ascii_lower('@'), '@');
  assert_int_equal(corsim__ascii_lower('['), '[');
  assert_int_equal(corsim__ascii_lower((char)0xC9), (char)0xC9);
}

static void test_trim(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  struct corsim_str r = corsim__str_trim_ows(S(" \t a b \t "));
  assert_true(corsim__str_eq(r, S("a b")));
  /* OWS does not include CR/LF. */
  r = corsim__str_trim_ows(S("\r\na\n"));
  assert_true(corsim__str_eq(r, S("\r\na\n")));
  r = corsim__str_trim_http_ws(S("\r\n\t a\t \r\n"));
  assert_true(corsim__str_eq(r, S("a")));
  /* Vertical tab and form feed are not HTTP whitespace. */
  r = corsim__str_trim_http_ws(S("\va\f"));
  assert_true(corsim__str_eq(r, S("\va\f")));
  r = corsim__str_trim_http_ws(S(" \t\r\n "));
  assert_int_equal(r.len, 0);
  r = corsim__str_trim_ows(empty);
  assert_int_equal(r.len, 0);
  r = corsim__str_trim_http_ws(empty);
  assert_int_equal(r.len, 0);
}

/* The word-at-a-time compares against a byte loop, at every length the
 * fast paths split on (under 4, 4-7 overlapping, 8 and over) and with the
 * difference at every position, including either overlapping half. */
static bool ref_ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (corsim__ascii_lower(a[i]) != corsim__ascii_lower(b[i]))
      return false;
  return true;
}

static void test_word_compares(void **state) {
  (void)state;
  const char *base = "content-security-policy-report-only-x";
  char up[64] = {0}, low[64] = {0}, other[64] = {0};
  for (size_t n = 0; n <= 37; n++) {
    for (size_t i = 0; i < n; i++) {
      low[i] = base[i];
      up[i] = (char)((i % 3 == 0) ? (base[i] >= 'a' && base[i] <= 'z'
                                         ? base[i] - 32
                                         : base[i])
                                  : base[i]);
    }
    assert_true(corsim__mem_ieq(up, low, n));
    assert_true(corsim__mem_ieq_lower(up, low, n));
    assert_true(corsim__mem_eq(low, low, n));
    assert_int_equal(corsim__mem_eq(up, low, n), memcmp(up, low, n) == 0);
    for (size_t d = 0; d < n; d++) {
      memcpy(other, low, n);
      other[d] = (char)(other[d] ^ 0x01);
      assert_false(corsim__mem_eq(other, low, n));
      assert_int_equal(corsim__mem_ieq(up, other, n), ref_ieq(up, other, n));
      assert_int_equal(corsim__mem_ieq_lower(up, other, n),
                       ref_ieq(up, other, n));
      /* The case bit alone on a non-letter is a difference. */
      memcpy(other, low, n);
      other[d] = (char)(other[d] ^ 0x20);
      assert_int_equal(corsim__mem_ieq(up, other, n), ref_ieq(up, other, n));
    }
  }
}

/* corsim__mem_ieq_lit against the byte loop: a literal of lower-case
 * letters, digits and '-' at every length from 4, in mixed case, and
 * every byte value at every position (the other case of a letter is
 * equal; the case bit on a digit or '-', or anything else, is not). */
static void test_ieq_lit(void **state) {
  (void)state;
  const char *base = "access-control-request-headers-0123";
  char lit[64] = {0}, p[64] = {0};
  size_t max = strlen(base);
  for (size_t n = 4; n <= max; n++) {
    memcpy(lit, base, n);
    for (size_t i = 0; i < n; i++)
      p[i] = (i % 2 == 0 && lit[i] >= 'a' && lit[i] <= 'z')
                 ? (char)(lit[i] - 32)
                 : lit[i];
    assert_true(corsim__mem_ieq_lit(p, lit, n));
    for (size_t d = 0; d < n; d++) {
      char keep = p[d];
      for (int b = 0; b < 256; b++) {
        p[d] = (char)b;
        assert_int_equal(corsim__mem_ieq_lit(p, lit, n), ref_ieq(p, lit, n));
      }
      p[d] = keep;
    }
  }
  struct corsim_str host = {"HoSt", 4}, hosts = {"hosts", 5};
  assert_true(CORSIM_IEQ_LIT(host, "host"));
  assert_false(CORSIM_IEQ_LIT(hosts, "host"));
}

/* corsim__hex_value of every byte, as a char and as an unsigned char,
 * and of ints outside them, against strtol on that one digit. */
static void test_hex_value(void **state) {
  (void)state;
  for (int c = 0; c < 256; c++) {
    char digit[2] = {(char)c, 0}, *end;
    long v = strtol(digit, &end, 16);
    int want = c != 0 && *end == '\0' ? (int)v : -1;
    assert_int_equal(corsim__hex_value(c), want);
    assert_int_equal(corsim__hex_value((char)c), want);
  }
  assert_int_equal(corsim__hex_value(-1), -1);
  assert_int_equal(corsim__hex_value(256 + '1'), -1);
}

/* Only ASCII letters fold: bytes 0xC0-0xDE are not upper case of
 * 0xE0-0xFE, at every length of the short paths. */
static void test_word_compares_non_ascii(void **state) {
  (void)state;
  const char up[] = "\xC9\xC9\xC9\xC9\xC9\xC9\xC9", low[] = "\xE9\xE9\xE9\xE9\xE9\xE9\xE9";
  for (size_t n = 1; n <= 7; n++) {
    assert_false(corsim__mem_ieq(up, low, n));
    assert_false(corsim__mem_ieq_lower(up, low, n));
    assert_false(corsim__mem_eq(up, low, n));
  }
}

static void test_tchar_span(void **state) {
  (void)state;
  const char *s = "content-type, x-token";
  assert_int_equal(corsim__tchar_span(s, 0, strlen(s)), 12);
  assert_int_equal(corsim__tchar_span(s, 14, strlen(s)), strlen(s));
  assert_int_equal(corsim__tchar_span(s, 12, strlen(s)), 12);
  /* The stop byte at every offset of a run longer than the unrolling. */
  char buf[32];
  for (size_t stop = 0; stop < 20; stop++) {
    memset(buf, 'a', 20);
    buf[stop] = ' ';
    assert_int_equal(corsim__tchar_span(buf, 0, 20), stop);
    assert_int_equal(corsim__tchar_span(buf, 0, stop), stop);
  }
  assert_true(corsim__is_token(S("X-Token")));
  assert_false(corsim__is_token(S("X-Tok:en")));
  assert_false(corsim__is_token(S("")));
}

static void test_tchar(void **state) {
  (void)state;
  static const char tchars[] = "!#$%&'*+-.^_`|~";
  for (int c = 0; c < 256; c++) {
    bool expect = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                  (c >= 'A' && c <= 'Z');
    for (size_t i = 0; i < sizeof(tchars) - 1; i++)
      expect = expect || c == (unsigned char)tchars[i];
    assert_int_equal(corsim__is_tchar((unsigned char)c), expect);
  }
}

static void test_token(void **state) {
  (void)state;
  struct corsim_str empty = {NULL, 0};
  assert_true(corsim__is_token(S("X-Custom_1")));
  assert_true(corsim__is_token(S("*")));
  assert_false(corsim__is_token(empty));
  assert_false(corsim__is_token(S("a b")));
  assert_false(corsim__is_token(S("a,b")));
  assert_false(corsim__is_token(S("a:b")));
  assert_false(corsim__is_token(S("B@D")));
  assert_false(corsim__is_token(S("\xC3\xA9")));
  assert_false(corsim__is_token(S("a\0")));
}

/* is_token's word paths against the table, byte by byte: every length
 * to 24 (short words, whole words, overlapping last words), each with
 * every kind of byte at every offset. */
static void test_token_words(void **state) {
  (void)state;
  static const char probe[] = {'a', 'Z', '0', '9', '-', '_', '!', '~', ' ',
                               ':', '@', '[', '`', '{', '/', '\x7f',
                               '\0', '\r', '\x80', '\xC9', '\xFF'};
  char buf[24];
  for (size_t n = 1; n <= sizeof(buf); n++) {
    for (size_t at = 0; at < n; at++) {
      for (size_t k = 0; k < sizeof(probe); k++) {
        for (size_t i = 0; i < n; i++)
          buf[i] = "aB3-zY9q"[i % 8];
        buf[at] = probe[k];
        bool want = true;
        for (size_t i = 0; i < n; i++)
          want = want && corsim__is_tchar((unsigned char)buf[i]);
        assert_int_equal(corsim__is_token((struct corsim_str){buf, n}), want);
      }
    }
  }
}

/* word_of covers exactly the bytes of short strings. */
static void test_word_of(void **state) {
  (void)state;
  const char *s = "abcdefgh";
  for (size_t n = 1; n <= 8; n++) {
    uint64_t w = corsim__word_of(s, n);
    for (int b = 0; b < 8; b++) {
      char c = (char)(w >> (8 * b));
      assert_non_null(memchr(s, c, n));
    }
    for (size_t i = 0; i < n; i++) {
      bool seen = false;
      for (int b = 0; b < 8; b++)
        seen = seen || (char)(w >> (8 * b)) == s[i];
      assert_true(seen);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_eq),           cmocka_unit_test(test_ieq),
      cmocka_unit_test(test_istarts_with), cmocka_unit_test(test_lower),
      cmocka_unit_test(test_trim),         cmocka_unit_test(test_tchar),
      cmocka_unit_test(test_token),        cmocka_unit_test(test_word_compares),
      cmocka_unit_test(test_word_compares_non_ascii),
      cmocka_unit_test(test_ieq_lit),
      cmocka_unit_test(test_hex_value),
      cmocka_unit_test(test_tchar_span),
      cmocka_unit_test(test_token_words),
      cmocka_unit_test(test_word_of),
  };
  return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
