/*
 * json_emit.c - jansson's JSON text without jansson's trees, see
 * json_emit.h.
 */
#include "json_emit.h"
#include "report_json.h"

#include <math.h>
#include <stdint.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>

void jout_init(struct jout *o) {
  o->p = o->local;
  o->len = 0;
  o->cap = sizeof(o->local);
  o->failed = false;
  o->real_nd = 0;
  o->last_len = 0;
  memset(o->real_text, 0, sizeof(o->real_text));
}

void jout_cleanup(struct jout *o) {
  if (o->p != o->local)
    free(o->p);
  jout_init(o);
}

char *jout_grow(struct jout *o, size_t n) {
  size_t cap = o->cap;
  char *p;

  if (o->failed)
    return NULL;
  if (n > JOUT_MAX - o->len) {
    o->failed = true;
    return NULL;
  }
  while (cap - o->len < n)
    cap = cap > JOUT_MAX / 2 ? JOUT_MAX : cap * 2;
  if (o->p == o->local) {
    p = malloc(cap);
    if (p != NULL)
      memcpy(p, o->local, o->len);
  } else {
    p = realloc(o->p, cap);
  }
  if (p == NULL) {
    o->failed = true;
    return NULL;
  }
  o->p = p;
  o->cap = cap;
  return p + o->len;
}

/* ---- UTF-8 ------------------------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

static uint64_t load8(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

/* Whether one of the eight bytes of x needs more than a copy inside a
 * JSON string: below 0x20, '"', '\\', or from 0x80 up (UTF-8 to check).
 * Each term is the usual "some byte is zero / less than" test, exact as a
 * yes-or-no answer. */
static bool special8(uint64_t x) {
  uint64_t q = x ^ (ONES * '"'), s = x ^ (ONES * '\\');
  uint64_t below = (x - ONES * 0x20) & ~x, quote = (q - ONES) & ~q,
           back = (s - ONES) & ~s;
  return ((below | quote | back | x) & HIGH) != 0;
}

static bool high8(uint64_t x) { return (x & HIGH) != 0; }

static uint32_t load4(const char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

bool json_utf8_valid(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0;
  /* ASCII, the usual case, in words (the last one overlapping). */
  if (n >= 8) {
    while (n - i >= 8 && !high8(load8(p + i)))
      i += 8;
    if (i == n || (n - i < 8 && !high8(load8(p + n - 8))))
      return true;
  } else if (n >= 4 && ((load4(p) | load4(p + n - 4)) & 0x80808080u) == 0) {
    return true;
  }
  while (i < n) {
    if (n - i >= 8 && !high8(load8(p + i))) {
      i += 8;
      continue;
    }
    size_t k = report_json_utf8_len(u + i, n - i);
    if (k == 0)
      return false;
    i += k;
  }
  return true;
}

/* ---- strings ------------------------------------------------------------- */

static const char hexu[] = "0123456789ABCDEF";

/* The escape of an ASCII byte that needs one (below 0x20, '"', '\\'), as
 * jansson's dump_string writes it. */
static char *escape(char *w, unsigned char c) {
  char e;
  switch (c) {
  case '"':
    e = '"';
    break;
  case '\\':
    e = '\\';
    break;
  case '\b':
    e = 'b';
    break;
  case '\f':
    e = 'f';
    break;
  case '\n':
    e = 'n';
    break;
  case '\r':
    e = 'r';
    break;
  case '\t':
    e = 't';
    break;
  default:
    memcpy(w, "\\u00", 4);
    w[4] = hexu[c >> 4];
    w[5] = hexu[c & 15];
    return w + 6;
  }
  w[0] = '\\';
  w[1] = e;
  return w + 2;
}

/* The most a string of n bytes takes quoted: each byte at worst a \u00XX
 * escape (or, repaired or decoded, three or two bytes). */
static char *room_for_string(struct jout *o, size_t n) {
  if (n > (JOUT_MAX - 2) / 6) {
    o->failed = true;
    return NULL;
  }
  return jout_room(o, 6 * n + 2);
}

/* The body of a string, p[0..n) with invalid UTF-8 repaired to U+FFFD,
 * byte by byte from i on. */
/* (Out of line: inlined, its registers made every string's call cost
 * more.) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static char *string_slow(char *w, const char *p, size_t n, size_t i) {
  const unsigned char *u = (const unsigned char *)p;
  while (i < n) {
    /* Plain text eight bytes at a time: most of a line is this. */
    while (n - i >= 8) {
      uint64_t x = load8(p + i);
      if (special8(x))
        break;
      memcpy(w, &x, 8);
      w += 8;
      i += 8;
    }
    if (i == n)
      break;
    unsigned char c = u[i];
    if (c >= 0x80) {
      size_t k = report_json_utf8_len(u + i, n - i);
      if (k == 0) {
        memcpy(w, "\xef\xbf\xbd", 3);
        w += 3;
        i++;
      } else {
        memcpy(w, p + i, k);
        w += k;
        i += k;
      }
    } else if (c < 0x20 || c == '"' || c == '\\') {
      w = escape(w, c);
      i++;
    } else {
      *w++ = (char)c;
      i++;
    }
  }
  return w;
}

/*
 * The body of a string. Most strings of a line are short plain ASCII:
 * they are copied in whole words, the last one overlapping the one before
 * (or two overlapping four-byte halves below eight bytes), so that no
 * byte goes through the loop. Anything to escape or check goes to
 * string_slow from the first word that has it.
 */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
/* Which of the sixteen bytes of x need more than a copy: below 0x20 or
 * from 0x80 (the signed compare takes those as negative), '"', '\\'. */
static inline unsigned special16(__m128i x) {
  __m128i m = _mm_or_si128(
      _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
  return (unsigned)_mm_movemask_epi8(m);
}
#define HAVE_SPECIAL16 1
#endif

static char *string_body(char *w, const char *p, size_t n) {
  size_t i = 0;
#ifdef HAVE_SPECIAL16
  /* Sixteen bytes at a time (the last block overlapping the one before),
   * or, from eight bytes, two overlapping halves checked at once: in
   * vector registers, which also spares the call the general-purpose
   * registers the word constants took. */
  if (n >= 16) {
    while (n - i >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
      if (special16(x) != 0)
        return string_slow(w, p, n, i);
      _mm_storeu_si128((__m128i *)(void *)w, x);
      w += 16;
      i += 16;
    }
    if (i == n)
      return w;
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 16));
    if (special16(x) != 0)
      return string_slow(w, p, n, i);
    _mm_storeu_si128((__m128i *)(void *)(w - (i - (n - 16))), x);
    return w + (n - i);
  }
  if (n >= 8) {
    __m128i lo = _mm_loadl_epi64((const __m128i *)(const void *)p);
    __m128i hi = _mm_loadl_epi64((const __m128i *)(const void *)(p + n - 8));
    if (special16(_mm_unpacklo_epi64(lo, hi)) != 0)
      return string_slow(w, p, n, 0);
    _mm_storel_epi64((__m128i *)(void *)w, lo);
    _mm_storel_epi64((__m128i *)(void *)(w + n - 8), hi);
    return w + n;
  }
#endif
  if (n >= 8) {
    while (n - i >= 8) {
      uint64_t x = load8(p + i);
      if (special8(x))
        return string_slow(w, p, n, i);
      memcpy(w, &x, 8);
      w += 8;
      i += 8;
    }
    if (i == n)
      return w;
    /* So far output = input: the last word lands over the copy. */
    uint64_t x = load8(p + n - 8);
    if (special8(x))
      return string_slow(w, p, n, i);
    memcpy(w - (i - (n - 8)), &x, 8);
    return w + (n - i);
  }
  if (n >= 4) {
    uint32_t lo = load4(p), hi = load4(p + n - 4);
    if (special8((uint64_t)lo | (uint64_t)hi << 32))
      return string_slow(w, p, n, 0);
    memcpy(w, &lo, 4);
    memcpy(w + n - 4, &hi, 4);
    return w + n;
  }
  /* Below four bytes: checked and copied byte by byte (a call to memcpy
   * cost more than the copy). */
  for (; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
      return string_slow(w, p, n, 0);
    w[i] = (char)c;
  }
  return w + n;
}

void json_emit_utf8(struct jout *o, const char *p, size_t n) {
  if (p == NULL)
    n = 0;
  char *w = room_for_string(o, n), *start = w;
  if (w == NULL)
    return;
  *w++ = '"';
  w = string_body(w, p, n);
  *w++ = '"';
  o->len += (size_t)(w - start);
}

/* Whether p[0..n) is UTF-8 with some code point beyond U+00FF. */
static bool utf8_beyond_latin1(const unsigned char *p, size_t n) {
  bool beyond = false;
  for (size_t i = 0; i < n;) {
    size_t k = report_json_utf8_len(p + i, n - i);
    if (k == 0)
      return false;
    if (k > 2 || (k == 2 && p[i] > 0xC3))
      beyond = true;
    i += k;
  }
  return beyond;
}

void json_emit_header_bytes(struct jout *o, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  bool high = false;
  size_t i;

  if (p == NULL)
    n = 0;
  if (n >= 8) {
    for (i = 0; i + 8 <= n && !high; i += 8)
      high = high8(load8(p + i));
    high = high || high8(load8(p + n - 8));
  } else if (n >= 4) {
    high = ((load4(p) | load4(p + n - 4)) & 0x80808080u) != 0;
  } else {
    for (i = 0; i < n && !high; i++)
      high = u[i] >= 0x80;
  }
  /* ASCII reads the same either way; UTF-8 beyond Latin-1 is shown as
   * text (json_emit_utf8 copies valid UTF-8 as it is). */
  if (!high || utf8_beyond_latin1(u, n)) {
    json_emit_utf8(o, p, n);
    return;
  }
  char *w = room_for_string(o, n), *start = w;
  if (w == NULL)
    return;
  *w++ = '"';
  for (i = 0; i < n; i++) {
    unsigned char c = u[i];
    if (c >= 0x80) {
      *w++ = (char)(0xC0 | (c >> 6));
      *w++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x20 || c == '"' || c == '\\') {
      w = escape(w, c);
    } else {
      *w++ = (char)c;
    }
  }
  *w++ = '"';
  o->len += (size_t)(w - start);
}

/* p[0..n) copied to w when it is plain text, which JSON and both
 * decodings write as it is (0x20-0x7f, but '"' and '\\'): the end, or NULL
 * (with some bytes written) when it is not. */
static char *plain_body(char *w, const char *p, size_t n) {
#ifdef HAVE_SPECIAL16
  if (n >= 16) {
    size_t i = 0;
    while (n - i >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
      if (special16(x) != 0)
        return NULL;
      _mm_storeu_si128((__m128i *)(void *)(w + i), x);
      i += 16;
    }
    if (i < n) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 16));
      if (special16(x) != 0)
        return NULL;
      _mm_storeu_si128((__m128i *)(void *)(w + n - 16), x);
    }
    return w + n;
  }
  if (n >= 8) {
    __m128i lo = _mm_loadl_epi64((const __m128i *)(const void *)p);
    __m128i hi = _mm_loadl_epi64((const __m128i *)(const void *)(p + n - 8));
    if (special16(_mm_unpacklo_epi64(lo, hi)) != 0)
      return NULL;
    _mm_storel_epi64((__m128i *)(void *)w, lo);
    _mm_storel_epi64((__m128i *)(void *)(w + n - 8), hi);
    return w + n;
  }
#endif
  if (n >= 4) {
    /* Two overlapping four-byte halves, checked as one word. */
    uint32_t lo = load4(p), hi = load4(p + n - 4);
    if (special8((uint64_t)lo | (uint64_t)hi << 32))
      return NULL;
    memcpy(w, &lo, 4);
    memcpy(w + n - 4, &hi, 4);
    return w + n;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
      return NULL;
    w[i] = (char)c;
  }
  return w + n;
}

/* Headers in a line are mostly plain text: both strings are written in
 * one pass each (no separate look for bytes from 0x80) and one call. */
#define PAIR_PLAIN_MAX 4096

void json_emit_header_pair(struct jout *o, const char *name, size_t nlen,
                           const char *value, size_t vlen) {
  if (name == NULL)
    nlen = 0;
  if (value == NULL)
    vlen = 0;
  if (nlen <= PAIR_PLAIN_MAX && vlen <= PAIR_PLAIN_MAX) {
    char *w = jout_room(o, nlen + vlen + 8), *start = w, *e;
    if (w == NULL)
      return;
    w[0] = '[';
    w[1] = '"';
    if ((e = plain_body(w + 2, name, nlen)) != NULL) {
      memcpy(e, "\", \"", 4);
      if ((w = plain_body(e + 4, value, vlen)) != NULL) {
        w[0] = '"';
        w[1] = ']';
        o->len += (size_t)(w + 2 - start);
        return;
      }
    }
  }
  /* Something to escape or decode: each string the general way. */
  JOUT_LIT(o, "[");
  json_emit_header_bytes(o, name, nlen);
  JOUT_LIT(o, ", ");
  json_emit_header_bytes(o, value, vlen);
  JOUT_LIT(o, "]");
}

bool json_emit_cstr(struct jout *o, const char *s) {
  size_t n = strlen(s);
  if (!json_utf8_valid(s, n))
    return false;
  json_emit_utf8(o, s, n);
  return true;
}

/* ---- numbers --------------------------------------------------------------- */

static const char pairs[201] = "00010203040506070809"
                               "10111213141516171819"
                               "20212223242526272829"
                               "30313233343536373839"
                               "40414243444546474849"
                               "50515253545556575859"
                               "60616263646566676869"
                               "70717273747576777879"
                               "80818283848586878889"
                               "90919293949596979899";

/* The number of decimal digits of v. */
static size_t ndigits(uint64_t v) {
  size_t n = 1;
  while (v >= 100) {
    v /= 100;
    n += 2;
  }
  return n + (v >= 10);
}

/* The nd decimal digits of v (with leading zeros if it has fewer) at
 * out[0..nd), two at a time from the end: numbers are several per line. */
static void put_digits(char *out, uint64_t v, size_t nd) {
  char *e = out + nd;
  while (e - out >= 2) {
    e -= 2;
    memcpy(e, pairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (e > out)
    *--e = (char)('0' + v % 10);
}

size_t json_put_int(char *w, long long v) {
  uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  size_t neg = v < 0;
  *w = '-';
#ifdef JSON_DIGITS8
  if (m < 100000000)
    return neg + json_put_small(w + neg, (uint32_t)m);
#endif
  size_t nd = ndigits(m);
  put_digits(w + neg, m, nd);
  return nd + neg;
}

void json_emit_int_slow(struct jout *o, long long v) {
  char *w = jout_room(o, JSON_INT_ROOM);
  if (w != NULL)
    o->len += json_put_int(w, v);
}

/* jansson's jsonp_dtostr: "%.17g", ".0" after an integral text, and the
 * exponent without '+' or leading zeros. */
static size_t real_slow(double v, char out[40]) {
  int n = snprintf(out, 40, "%.17g", v);
  size_t len, i;
  if (n < 0 || n >= 40 - 3)
    return 0;
  len = (size_t)n;
  if (strspn(out, "0123456789-") == len) {
    memcpy(out + len, ".0", 3);
    len += 2;
  }
  char *e = strchr(out, 'e');
  if (e != NULL) {
    char *start = e + 1, *end = e + 2;
    if (*start == '-')
      start++;
    while (*end == '0')
      end++;
    if (end != start) {
      i = (size_t)(end - out);
      memmove(start, end, len - i + 1);
      len -= (size_t)(end - start);
    }
  }
  return len;
}

static const uint64_t pow10u[17] = {1,
                                     10,
                                     100,
                                     1000,
                                     10000,
                                     100000,
                                     1000000,
                                     10000000,
                                     100000000,
                                     1000000000,
                                     10000000000,
                                     100000000000,
                                     1000000000000,
                                     10000000000000,
                                     100000000000000,
                                     1000000000000000,
                                     10000000000000000};

/* UINT64_MAX / 10^f: r * 10^f fits below it (a table: a division per
 * real was slow, if one instruction). */
#define RMAX(p) (UINT64_MAX / UINT64_C(p))
static const uint64_t r_max[17] = {
    RMAX(1),           RMAX(10),           RMAX(100),
    RMAX(1000),        RMAX(10000),        RMAX(100000),
    RMAX(1000000),     RMAX(10000000),     RMAX(100000000),
    RMAX(1000000000),  RMAX(10000000000),  RMAX(100000000000),
    RMAX(1000000000000), RMAX(10000000000000), RMAX(100000000000000),
    RMAX(1000000000000000), RMAX(10000000000000000)};
#undef RMAX

/*
 * "%.17g" of 1 <= v < 2^53 by integer arithmetic, as glibc prints it
 * (exactly, ties to even): capture times are this, several per line, and
 * printf's exact conversion was the costliest part of a line. The
 * integer part has D <= 16 digits, so %g keeps 17 - D fraction digits:
 * v = m / 2^k, fraction r / 2^k, and those digits are r * 10^F / 2^k
 * rounded. Returns 0 where the product would not fit in 64 bits or the
 * rounding carries into the integer part: real_slow handles those.
 */
static size_t real_fast(struct jout *o, double v, char out[40]) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof(bits));
  unsigned ex = (unsigned)(bits >> 52) & 0x7ff;
  if ((bits >> 63) != 0 || ex < 1023 || ex >= 1023 + 53)
    return 0;
  uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
  unsigned k = 1075 - ex; /* 0..52 */
  uint64_t ip = m >> k, r = m & ((UINT64_C(1) << k) - 1);
  size_t nd, len;
  /* The integer part: a capture's times share their second, or a few. */
  if (o->real_nd != 0 && o->real_ip == ip) {
    nd = o->real_nd;
    memcpy(out, o->real_text, 16);
  } else {
    nd = ndigits(ip);
    put_digits(o->real_text, ip, nd);
    o->real_ip = ip;
    o->real_nd = (unsigned char)nd;
    memcpy(out, o->real_text, 16);
  }
  len = nd;
  if (r == 0) {
    memcpy(out + len, ".0", 2);
    return len + 2;
  }
  size_t f = 17 - nd;
  if (r > r_max[f])
    return 0;
  uint64_t t = r * pow10u[f], q = t >> k, rem = t & ((UINT64_C(1) << k) - 1);
  uint64_t half = UINT64_C(1) << (k - 1);
  if (rem > half || (rem == half && (q & 1) != 0))
    q++;
  if (q >= pow10u[f])
    return 0;
  if (q == 0) {
    memcpy(out + len, ".0", 2);
    return len + 2;
  }
#ifdef JSON_DIGITS8
  if (f <= 8) {
    /* The f digits of q (< 10^f), trailing zeros dropped: the last f
     * bytes of digits8's word, whose top bytes are those zeros. */
    uint64_t w = json_digits8((uint32_t)q) >> (8 * (8 - f));
    uint64_t d = w ^ (ONES * '0' >> (8 * (8 - f)));
    size_t zeros = (size_t)__builtin_clzll(d) / 8 - (8 - f);
    out[len++] = '.';
    memcpy(out + len, &w, 8);
    return len + f - zeros;
  }
#endif
  while (q % 10 == 0) {
    q /= 10;
    f--;
  }
  out[len++] = '.';
  put_digits(out + len, q, f);
  return len + f;
}

size_t json_put_real(struct jout *o, double v, char *w) {
  if (v == 0 && !signbit(v)) {
    memcpy(w, "0.0", 3);
    return 3;
  }
  uint64_t bits;
  memcpy(&bits, &v, sizeof(bits));
  if (o->last_len != 0 && bits == o->last_bits) {
    memcpy(w, o->last_text, sizeof(o->last_text));
    return o->last_len;
  }
  size_t n = real_fast(o, v, w);
  if (n == 0)
    n = real_slow(v, w);
  memcpy(o->last_text, w, sizeof(o->last_text));
  o->last_bits = bits;
  o->last_len = (unsigned char)n;
  return n;
}

bool json_emit_real(struct jout *o, double v) {
  if (!isfinite(v))
    return false;
  /* Written in place: room for any %.17g text. */
  char *w = jout_room(o, JSON_REAL_ROOM);
  if (w != NULL)
    o->len += json_put_real(o, v, w);
  return true;
}
