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

/* A json_integer: "%lld". */
void json_emit_int(struct jout *o, long long v);

/* A json_real: "%.17g", with ".0" added to an integral text and the
 * exponent's '+' and leading zeros dropped, as jansson prints reals.
 * false, writing nothing, for NaN and infinities (json_real refuses
 * them). */
bool json_emit_real(struct jout *o, double v);

#endif
