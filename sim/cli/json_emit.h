/*
 * json_emit.h - JSON text written straight into a line buffer, byte for
 * byte what jansson's json_dumps (JSON_PRESERVE_ORDER, no indent: the
 * ", " and ": " separators) prints for the same values built the way
 * report_json.c builds them.
 *
 * Why not jansson: replay prints a JSON line per script request, and
 * building then dumping a jansson tree cost seven times the rest of the
 * replay (a malloc per value, a hash per key, printf per number). These
 * writers keep jansson's output exactly (tests/cli/test_json_emit.c
 * compares them with jansson on random input), so the golden outputs and
 * everything that reads them stay as they were.
 */
#ifndef CORSIM_CLI_JSON_EMIT_H
#define CORSIM_CLI_JSON_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Bytes of a line kept in the struct itself before the heap is used: a
 * replay line is about 1.2 KB; --explain lines are longer. */
#define JOUT_LOCAL 4096
/* The most one line may hold; past it the line is marked failed. */
#define JOUT_MAX ((size_t)64 * 1024 * 1024)

/* One output line being built. Not NUL-terminated: p[0..len). */
struct jout {
  char *p;
  size_t len, cap;
  bool failed; /* out of memory or over JOUT_MAX: the line is lost */
  /* The integer part of the last real written and its digits (real_nd
   * of them; 0: none yet): a capture's times share their second, and
   * its ten digits were most of a time's cost. */
  unsigned char real_nd;
  uint64_t real_ip;
  char real_text[16];
  /* The last real written, whole (last_len 0: none): a message that fits
   * one packet has the same first and last time. */
  unsigned char last_len;
  uint64_t last_bits;
  char last_text[40];
  char local[JOUT_LOCAL];
};

void jout_init(struct jout *o);
void jout_cleanup(struct jout *o);
/* Slow path of jout_room: grows the buffer. */
char *jout_grow(struct jout *o, size_t n);

/* Where n more bytes may be written (then add them to o->len), or NULL
 * once the line has failed. */
static inline char *jout_room(struct jout *o, size_t n) {
  if (o->cap - o->len >= n)
    return o->p + o->len;
  return jout_grow(o, n);
}

static inline void jout_add(struct jout *o, const char *s, size_t n) {
  char *w = jout_room(o, n);
  if (w != NULL) {
    memcpy(w, s, n);
    o->len += n;
  }
}

/* A string literal (its size known at compile time). */
#define JOUT_LIT(o, lit) jout_add((o), (lit), sizeof(lit) - 1)

/* Whether p[0..n) is UTF-8 as jansson accepts it (no overlong forms, no
 * surrogates, nothing past U+10FFFF; NUL allowed). */
bool json_utf8_valid(const char *p, size_t n);

/* A JSON string of report_json_string(p, n): invalid UTF-8 sequences
 * become U+FFFD; p NULL is "". */
void json_emit_utf8(struct jout *o, const char *p, size_t n);

/* A JSON string of report_json_header_bytes(p, n): bytes decoded
 * isomorphically, unless they are UTF-8 reaching past U+00FF. */
void json_emit_header_bytes(struct jout *o, const char *p, size_t n);

/* json_string(s): false, writing nothing, when s is not UTF-8 (jansson
 * then has no value: the caller leaves the key or element out as
 * jansson's setters do). */
bool json_emit_cstr(struct jout *o, const char *s);

/* digits8 and what uses it: where a word's lowest byte comes first in
 * memory (and the compiler has the bit-scan builtins); elsewhere the
 * digits go one pair at a time (json_emit.c). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ &&   \
    (defined(__GNUC__) || defined(__clang__))
#define JSON_DIGITS8 1

/*
 * The eight decimal digits of v < 10^8 (leading zeros included) as ASCII,
 * the first digit in the lowest byte, in a few multiplications for all
 * eight at once: v splits into two halves of four digits in 32-bit
 * lanes, each into two pairs in 16-bit lanes (x / 100 as x * 10486 >> 20,
 * exact below 43699), each pair into its digits (x / 10 as x * 103 >> 10,
 * exact below 100). (Checked against printf for every v below 10^8 when
 * written; test_replay_json holds ints and reals to jansson.)
 */
static inline uint64_t json_digits8(uint32_t v) {
  uint64_t x = v;
  uint64_t merged = (x / 10000) | ((x % 10000) << 32);
  uint64_t top = ((merged * 10486) >> 20) & ((UINT64_C(0x7F) << 32) | 0x7F);
  uint64_t bot = merged - 100 * top;
  uint64_t hundreds = (bot << 16) + top;
  uint64_t tens = (hundreds * 103) >> 10;
  tens &= (UINT64_C(0xF) << 48) | (UINT64_C(0xF) << 32) | (UINT64_C(0xF) << 16) |
          0xF;
  tens += (hundreds - 10 * tens) << 8;
  return tens + UINT64_C(0x3030303030303030);
}

/* The digits of v < 10^8 without leading zeros at out (eight bytes of
 * room): their number. The leading zeros are the low bytes of
 * json_digits8's word that are '0'. */
static inline size_t json_put_small(char *out, uint32_t v) {
  uint64_t w = json_digits8(v), d = w ^ UINT64_C(0x3030303030303030);
  size_t lead = d == 0 ? 7 : (size_t)__builtin_ctzll(d) / 8;
  w >>= 8 * lead;
  memcpy(out, &w, 8);
  return 8 - lead;
}
#endif

/* Room json_put_int and json_put_real may write (the real's text is 24
 * bytes at most; the memo copies a whole 40). */
#define JSON_INT_ROOM 21
#define JSON_REAL_ROOM 40

/* json_emit_int for any value. */
void json_emit_int_slow(struct jout *o, long long v);

/* The text of json_emit_int and json_emit_real (v finite) written at w,
 * which has JSON_INT_ROOM or JSON_REAL_ROOM bytes: its length. For
 * writers that reserve room once for several values (o keeps the reals'
 * memo). */
size_t json_put_int(char *w, long long v);
size_t json_put_real(struct jout *o, double v, char *w);

/* A json_integer: "%lld". Inline for the usual (packet numbers,
 * statuses, counts): several per line. */
static inline void json_emit_int(struct jout *o, long long v) {
#ifdef JSON_DIGITS8
  char *w;
  if (v >= 0 && v < 100000000 && (w = jout_room(o, 8)) != NULL) {
    o->len += json_put_small(w, (uint32_t)v);
    return;
  }
#endif
  json_emit_int_slow(o, v);
}

/* A header's name and value as JSON, "[name, value]", each as
 * json_emit_header_bytes writes it (NULL pointers for empty strings). */
void json_emit_header_pair(struct jout *o, const char *name, size_t nlen,
                           const char *value, size_t vlen);

/* A json_real: "%.17g", with ".0" added to an integral text and the
 * exponent's '+' and leading zeros dropped, as jansson prints reals.
 * false, writing nothing, for NaN and infinities (json_real refuses
 * them). */
bool json_emit_real(struct jout *o, double v);

#endif
