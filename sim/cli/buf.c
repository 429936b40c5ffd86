/*
 * buf.c - growable byte buffer with a hard maximum, see buf.h.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b) {
  b->ptr = NULL;
  b->len = 0;
  b->cap = 0;
  b->failed = false;
}

void buf_cleanup(struct buf *b) {
  free(b->ptr);
  buf_init(b);
}

void buf_reset(struct buf *b) {
  b->len = 0;
  if (b->ptr != NULL)
    b->ptr[0] = '\0';
  b->failed = false;
}

const char *buf_str(const struct buf *b) {
  return b->ptr != NULL ? b->ptr : "";
}

/* Makes room for n more bytes plus the terminating NUL. */
static bool buf_grow(struct buf *b, size_t n) {
  size_t need, cap;
  char *p;

  if (b->failed)
    return false;
  if (n > BUF_MAX - b->len - 1) {
    b->failed = true;
    return false;
  }
  need = b->len + n + 1;
  if (need <= b->cap)
    return true;
  cap = b->cap != 0 ? b->cap : 128;
  while (cap < need)
    cap = cap > BUF_MAX / 2 ? BUF_MAX : cap * 2;
  p = realloc(b->ptr, cap);
  if (p == NULL) {
    b->failed = true;
    return false;
  }
  b->ptr = p;
  b->cap = cap;
  return true;
}

void buf_add(struct buf *b, const char *p, size_t n) {
  if (!buf_grow(b, n))
    return;
  if (n != 0)
    memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(struct buf *b, char c) { buf_add(b, &c, 1); }

void buf_addf(struct buf *b, const char *fmt, ...) {
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = true;
    return;
  }
  if (!buf_grow(b, (size_t)n))
    return;
  va_start(ap, fmt);
  n = vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->ptr[b->len] = '\0';
    b->failed = true;
    return;
  }
  b->len += (size_t)n;
}

void buf_add_escaped(struct buf *b, const char *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i, run = 0;

  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 0x20 && c != 0x7f && c != '\\')
      continue;
    buf_add(b, p + run, i - run);
    if (c == '\\') {
      buf_adds(b, "\\\\");
    } else {
      char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      buf_add(b, esc, sizeof esc);
    }
    run = i + 1;
  }
  buf_add(b, p + run, n - run);
}
