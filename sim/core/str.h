/*
 * str.h - byte-string helpers shared by the core. ASCII-only case rules:
 * header names and methods are compared byte-wise, never by locale.
 */
#ifndef CORSIM_STR_H
#define CORSIM_STR_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif

/* A literal as a corsim_str. */
#define CORSIM_LIT(s) ((struct corsim_str){(s), sizeof(s) - 1})
/* The same as an initializer, for static tables. */
#define CORSIM_S(s) {(s), sizeof(s) - 1}

/* Static in normal builds; visible to unit tests under -DCORSIM_UNITTEST. */
#ifdef CORSIM_UNITTEST
#define CORSIM_STATIC
#else
#define CORSIM_STATIC static
#endif

bool corsim__str_istarts_with(struct corsim_str s, const char *prefix);
struct corsim_str corsim__str_trim_ows_slow(struct corsim_str s);
/* Strips leading and trailing bytes of the set " \t" (HTTP tab or space).
 * Inline for the common case, a value with nothing to strip. */
static inline struct corsim_str corsim__str_trim_ows(struct corsim_str s) {
  if (s.len == 0 || (s.ptr[0] != ' ' && s.ptr[0] != '\t' &&
                     s.ptr[s.len - 1] != ' ' && s.ptr[s.len - 1] != '\t'))
    return s;
  return corsim__str_trim_ows_slow(s);
}
struct corsim_str corsim__str_trim_http_ws_slow(struct corsim_str s);
static inline bool corsim__is_http_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
/* Strips leading and trailing HTTP whitespace: tab, LF, CR, space. */
static inline struct corsim_str corsim__str_trim_http_ws(struct corsim_str s) {
  if (s.len == 0 ||
      (!corsim__is_http_ws(s.ptr[0]) && !corsim__is_http_ws(s.ptr[s.len - 1])))
    return s;
  return corsim__str_trim_http_ws_slow(s);
}
/* Inline: it sits inside every name comparison. */
static inline char corsim__ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/*
 * Eight bytes lower-cased at once: a byte gets 0x20 added exactly when it
 * is in 'A'..'Z'. Each byte's test is done on its low 7 bits plus a bias,
 * which cannot carry into the next byte; bytes >= 0x80 are left alone.
 */
static inline uint64_t corsim__lower8(uint64_t x) {
  const uint64_t ones = 0x0101010101010101u;
  uint64_t low7 = x & (0x7f * ones);
  uint64_t ge_a = low7 + (0x80 - 'A') * ones; /* high bit: low7 >= 'A' */
  uint64_t gt_z = low7 + (0x7f - 'Z') * ones; /* high bit: low7 > 'Z' */
  uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
  return x | (upper >> 2);
}

/* Lower-cases n bytes in place, a word at a time. */
static inline void corsim__lower_in_place(char *p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    x = corsim__lower8(x);
    memcpy(p + i, &x, 8);
  }
  for (; i < n; i++)
    p[i] = corsim__ascii_lower(p[i]);
}

/* Loads four bytes without alignment or aliasing assumptions. */
static inline uint32_t corsim__load4(const char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

/* 1-3 bytes (n in 1..3) as one word: the first, middle and last byte
 * cover them all without a loop. */
static inline uint32_t corsim__load3(const char *p, size_t n) {
  return (uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[n / 2] << 8 |
         (uint32_t)(unsigned char)p[n - 1] << 16;
}

/* Loads eight bytes without alignment or aliasing assumptions. */
static inline uint64_t corsim__load8(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

/*
 * ASCII case-insensitive equality of n bytes, eight at a time: header
 * names are compared on every lookup of every table. The last (partial)
 * word is the last eight bytes, overlapping the one before, so that no
 * variable-length copy is needed; 4-7 bytes are two overlapping 4-byte
 * words, and 1-3 bytes their first, middle and last byte.
 */
static inline bool corsim__mem_ieq(const char *a, const char *b, size_t n) {
  if (n >= 4 && n < 8) {
    uint64_t x = corsim__load4(a) | (uint64_t)corsim__load4(a + n - 4) << 32;
    uint64_t y = corsim__load4(b) | (uint64_t)corsim__load4(b + n - 4) << 32;
    return x == y || corsim__lower8(x) == corsim__lower8(y);
  }
  if (n < 4) {
    /* First, middle and last byte cover 1-3 bytes. */
    if (n == 0)
      return true;
    uint32_t x = corsim__load3(a, n), y = corsim__load3(b, n);
    return x == y || corsim__lower8(x) == corsim__lower8(y);
  }
  for (size_t i = 0; i + 8 <= n; i += 8) {
    uint64_t x = corsim__load8(a + i), y = corsim__load8(b + i);
    if (x != y && corsim__lower8(x) != corsim__lower8(y))
      return false;
  }
  uint64_t x = corsim__load8(a + n - 8), y = corsim__load8(b + n - 8);
  return x == y || corsim__lower8(x) == corsim__lower8(y);
}

/* The same when b is known to be lower-case already (a literal): only
 * a's bytes need folding. */
static inline bool corsim__mem_ieq_lower(const char *a, const char *lower,
                                         size_t n) {
  if (n >= 4 && n < 8) {
    /* Two four-byte words, overlapping, folded as one. */
    uint64_t x = corsim__load4(a) | (uint64_t)corsim__load4(a + n - 4) << 32;
    uint64_t y =
        corsim__load4(lower) | (uint64_t)corsim__load4(lower + n - 4) << 32;
    return corsim__lower8(x) == y;
  }
  if (n < 4) {
    if (n == 0)
      return true;
    return corsim__lower8(corsim__load3(a, n)) == corsim__load3(lower, n);
  }
  for (size_t i = 0; i + 8 <= n; i += 8)
    if (corsim__lower8(corsim__load8(a + i)) != corsim__load8(lower + i))
      return false;
  return corsim__lower8(corsim__load8(a + n - 8)) ==
         corsim__load8(lower + n - 8);
}

/*
 * Eight bytes x equal the literal's l, ASCII letters without case, when
 * the literal holds only lower-case letters, digits and '-': bit 6 is
 * set in exactly its letters, and moved to bit 5 it lets the byte of x
 * differ from the letter by the case bit alone; the other bytes must be
 * equal. One OR and a compare, where corsim__lower8 folds x first.
 */
static inline bool corsim__word_ieq_lit(uint64_t x, uint64_t l) {
  const uint64_t bit5 = UINT64_C(0x2020202020202020);
  return (x | ((l >> 1) & bit5)) == l;
}

/* p[0..n) equals lit (n >= 4 bytes of lower-case letters, digits and
 * '-'), ASCII letters without case: in words, the last overlapping the
 * one before; below eight bytes, two overlapping halves. For header
 * names that the wire layer looks for in every message. */
static inline bool corsim__mem_ieq_lit(const char *p, const char *lit,
                                       size_t n) {
  if (n < 8)
    return corsim__word_ieq_lit(
        corsim__load4(p) | (uint64_t)corsim__load4(p + n - 4) << 32,
        corsim__load4(lit) | (uint64_t)corsim__load4(lit + n - 4) << 32);
  for (size_t i = 0; i + 8 < n; i += 8)
    if (!corsim__word_ieq_lit(corsim__load8(p + i), corsim__load8(lit + i)))
      return false;
  return corsim__word_ieq_lit(corsim__load8(p + n - 8),
                              corsim__load8(lit + n - 8));
}

/* corsim_str s equals the string literal lit (as corsim__mem_ieq_lit;
 * a literal below four bytes does not compile: the array's size is
 * then negative). */
#define CORSIM_IEQ_LIT(s, lit)                                                 \
  ((s).len == sizeof(lit) - 1 + 0 * sizeof(char[sizeof(lit) > 4 ? 1 : -1]) && \
   corsim__mem_ieq_lit((s).ptr, (lit), sizeof(lit) - 1))

/* The value of hex digit c (a char, an unsigned char or any int), or -1. */
static inline int corsim__hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Byte equality of n bytes, a word at a time like corsim__mem_ieq: the
 * strings compared (origins, URLs, methods, tokens) are short, and a
 * call to memcmp costs more than the comparison. */
static inline bool corsim__mem_eq(const char *a, const char *b, size_t n) {
  if (n >= 4 && n < 8)
    return corsim__load4(a) == corsim__load4(b) &&
           corsim__load4(a + n - 4) == corsim__load4(b + n - 4);
  if (n < 4)
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] &&
                      a[n - 1] == b[n - 1]);
  for (size_t i = 0; i + 8 <= n; i += 8)
    if (corsim__load8(a + i) != corsim__load8(b + i))
      return false;
  return corsim__load8(a + n - 8) == corsim__load8(b + n - 8);
}

static inline bool corsim__str_eq(struct corsim_str a, struct corsim_str b) {
  return a.len == b.len && corsim__mem_eq(a.ptr, b.ptr, a.len);
}

/* ASCII case-insensitive equality. */
static inline bool corsim__str_ieq(struct corsim_str a, struct corsim_str b) {
  return a.len == b.len && corsim__mem_ieq(a.ptr, b.ptr, a.len);
}

/* The same against a NUL-terminated literal (whose strlen folds at
 * compile time). */
static inline bool corsim__str_ieq_c(struct corsim_str a, const char *lit) {
  size_t n = strlen(lit);
  return a.len == n && corsim__mem_ieq(a.ptr, lit, n);
}
/* RFC 9110 5.6.2 tchar, as a table (constant): tokens are checked on
 * every header name, method and list element. */
extern const unsigned char corsim__tchar_table[256];

static inline bool corsim__is_tchar(unsigned char c) {
  return corsim__tchar_table[c] != 0;
}

/* The end of the run of tchar bytes in p[i..n): four table lookups per
 * branch, since tokens (names, methods, list elements) are read on every
 * request and every answer. */
static inline size_t corsim__tchar_span(const char *p, size_t i, size_t n) {
  const unsigned char *t = corsim__tchar_table;
  while (i + 4 <= n && (t[(unsigned char)p[i]] & t[(unsigned char)p[i + 1]] &
                        t[(unsigned char)p[i + 2]] & t[(unsigned char)p[i + 3]]))
    i += 4;
  while (i < n && t[(unsigned char)p[i]])
    i++;
  return i;
}

/* Whether some byte of x is NUL, CR or LF, the bytes no header value may
 * hold: a byte is zero exactly when (b - 1) & ~b has its top bit set (a
 * borrow runs on only past a byte that matched, so "some" is exact), and
 * NUL, CR and LF are the bytes whose XOR with 0, 13 or 10 is zero. The
 * core's header-value check and the wire's head parser both use it. */
static inline bool corsim__word_has_nul_cr_lf(uint64_t x) {
  const uint64_t ones = 0x0101010101010101u, high = 0x80 * ones;
  uint64_t cr = x ^ ('\r' * ones), lf = x ^ ('\n' * ones);
  return (((x - ones) & ~x) | ((cr - ones) & ~cr) | ((lf - ones) & ~lf)) &
         high;
}

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#define CORSIM_SSE2 1
/* The same for the sixteen bytes at p, as a mask: bit k set when p[k] is
 * NUL, CR or LF. */
static inline unsigned corsim__nul_cr_lf_mask16(const char *p) {
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i hit = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))),
      _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
  return (unsigned)_mm_movemask_epi8(hit);
}
#endif

/* n bytes of p (n >= 1) as one word made only of those bytes: the first
 * eight, or for 4-7 two overlapping 4-byte loads, or for 1-3 the first,
 * middle and last byte and the first again, twice. A test that holds for
 * every byte of the word then holds for every byte of a short string. */
static inline uint64_t corsim__word_of(const char *p, size_t n) {
  if (n >= 8)
    return corsim__load8(p);
  if (n >= 4)
    return corsim__load4(p) | (uint64_t)corsim__load4(p + n - 4) << 32;
  uint64_t w = corsim__load3(p, n) | (uint32_t)(unsigned char)p[0] << 24;
  return w | w << 32;
}

/* An RFC 9110 token: 1*tchar. */
static inline bool corsim__is_token(struct corsim_str s) {
  return s.len > 0 && corsim__tchar_span(s.ptr, 0, s.len) == s.len;
}

#endif
