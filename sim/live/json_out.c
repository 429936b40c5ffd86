/*
 * json_out.c - JSON string literals, see json_out.h.
 */
#include "json_out.h"

#include <string.h>

static const char hexdig[] = "0123456789abcdef";

static void escape_u(struct buf *b, unsigned cp) {
  char e[6] = {'\\', 'u', hexdig[(cp >> 12) & 15], hexdig[(cp >> 8) & 15],
               hexdig[(cp >> 4) & 15], hexdig[cp & 15]};
  buf_add(b, e, sizeof e);
}

/* The short escapes JSON has; 0 when c has none. */
static char short_escape(unsigned char c) {
  switch (c) {
  case '"':
    return '"';
  case '\\':
    return '\\';
  case '\n':
    return 'n';
  case '\r':
    return 'r';
  case '\t':
    return 't';
  case '\b':
    return 'b';
  case '\f':
    return 'f';
  default:
    return 0;
  }
}

void json_out_bytes(struct buf *b, const char *p, size_t n) {
  size_t i, run = 0;

  buf_addc(b, '"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    char s;
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      continue;
    buf_add(b, p + run, i - run);
    run = i + 1;
    s = short_escape(c);
    if (s != 0) {
      char e[2] = {'\\', s};
      buf_add(b, e, 2);
    } else {
      escape_u(b, c);
    }
  }
  buf_add(b, p + run, n - run);
  buf_addc(b, '"');
}

/* The length of the UTF-8 sequence at p[0..n) and its code point; 0 when
 * it is not well-formed UTF-8. */
static size_t utf8_seq(const unsigned char *p, size_t n, unsigned *cp) {
  size_t len, i;
  unsigned v, min;

  if (p[0] < 0x80) {
    *cp = p[0];
    return 1;
  }
  if (p[0] >= 0xc2 && p[0] <= 0xdf) {
    len = 2;
    v = p[0] & 0x1f;
    min = 0x80;
  } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
    len = 3;
    v = p[0] & 0x0f;
    min = 0x800;
  } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
    len = 4;
    v = p[0] & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (len > n)
    return 0;
  for (i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    v = (v << 6) | (p[i] & 0x3f);
  }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
    return 0;
  *cp = v;
  return len;
}

void json_out_text(struct buf *b, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0, run = 0;

  buf_addc(b, '"');
  while (i < n) {
    unsigned cp;
    size_t len = utf8_seq(u + i, n - i, &cp);
    char s;

    if (len == 0) {
      /* Not UTF-8: the byte as a Latin-1 code point. */
      buf_add(b, p + run, i - run);
      escape_u(b, u[i]);
      run = ++i;
      continue;
    }
    if (cp >= 0x20 && cp != 0x7f && cp != '"' && cp != '\\' && cp != '<' &&
        cp != '>' && cp != '&' && cp != 0x2028 && cp != 0x2029) {
      i += len;
      continue;
    }
    buf_add(b, p + run, i - run);
    s = short_escape((unsigned char)cp);
    if (cp < 0x80 && s != 0) {
      char e[2] = {'\\', s};
      buf_add(b, e, 2);
    } else {
      escape_u(b, cp);
    }
    i += len;
    run = i;
  }
  buf_add(b, p + run, n - run);
  buf_addc(b, '"');
}

void json_out_cstr(struct buf *b, const char *s) {
  if (s == NULL)
    buf_adds(b, "null");
  else
    json_out_text(b, s, strlen(s));
}
