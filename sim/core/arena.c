#include "arena.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct corsim__arena_chunk {
  struct corsim__arena_chunk *next;
  /* data follows, max_align_t aligned */
  _Alignas(max_align_t) char data[];
};

void corsim__arena_init(struct corsim__arena *a, void *buf, size_t len) {
  a->cur = buf;
  a->left = len;
  a->total = len;
  a->chunks = NULL;
  a->failed = 0;
}

void corsim__arena_free(struct corsim__arena *a) {
  struct corsim__arena_chunk *c = a->chunks;
  while (c != NULL) {
    struct corsim__arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->chunks = NULL;
  a->cur = NULL;
  a->left = 0;
}

void *corsim__arena_alloc_chunk(struct corsim__arena *a, size_t n) {
  if (n > CORSIM_ARENA_MAX) {
    a->failed = 1;
    return NULL;
  }
  /* Chunks double so that a long trace costs O(log n) mallocs. */
  size_t want = a->total < 4096 ? 4096 : a->total;
  if (want < n)
    want = n;
  if (a->total + want > CORSIM_ARENA_MAX) {
    a->failed = 1;
    return NULL;
  }
  struct corsim__arena_chunk *c = malloc(sizeof(*c) + want);
  if (c == NULL) {
    a->failed = 1;
    return NULL;
  }
  c->next = a->chunks;
  a->chunks = c;
  a->total += want;
  a->cur = c->data + n;
  a->left = want - n;
  return c->data;
}

/*
 * The formats the core uses for messages and traces, without vsnprintf:
 * text, %%, %s, %.*s and %d. Writes to out (NULL: only measures) and
 * returns the length, or SIZE_MAX at anything else (a flag, a width, a
 * NULL string), which vsnprintf then formats. A blocked request's message
 * went through vsnprintf twice, and that cost more than deciding it.
 */
static size_t plain_format(char *out, const char *fmt, va_list *ap) {
  size_t n = 0;
  for (const char *p = fmt; *p != '\0'; p++) {
    const char *s;
    size_t len;
    char digits[12];
    if (*p != '%') {
      /* The text up to the next conversion, in one piece. */
      const char *pct = strchr(p, '%');
      size_t run = pct != NULL ? (size_t)(pct - p) : strlen(p);
      if (out != NULL)
        memcpy(out + n, p, run);
      n += run;
      p += run - 1;
      continue;
    }
    p++;
    if (*p == '%') {
      s = "%";
      len = 1;
    } else if (*p == 's') {
      s = va_arg(*ap, const char *);
      if (s == NULL)
        return SIZE_MAX;
      len = strlen(s);
    } else if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
      int prec = va_arg(*ap, int);
      s = va_arg(*ap, const char *);
      /* An empty corsim_str may have no pointer: glibc prints nothing for
       * NULL under a precision below 6 (and "(null)" from 6 on). */
      if (s == NULL && prec >= 0 && prec < 6)
        s = "";
      if (s == NULL)
        return SIZE_MAX;
      len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
      p += 2;
    } else if (*p == 'd') {
      int v = va_arg(*ap, int);
      unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
      char *d = digits + sizeof(digits);
      do {
        *--d = (char)('0' + u % 10);
        u /= 10;
      } while (u != 0);
      if (v < 0)
        *--d = '-';
      s = d;
      len = (size_t)(digits + sizeof(digits) - d);
    } else {
      return SIZE_MAX;
    }
    if (out != NULL)
      memcpy(out + n, s, len);
    n += len;
  }
  return n;
}

struct corsim_str corsim__arena_vprintf(struct corsim__arena *a,
                                        const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  size_t plain = plain_format(NULL, fmt, &ap2);
  va_end(ap2);
  if (plain != SIZE_MAX) {
    char *p = corsim__arena_alloc(a, plain + 1);
    if (p == NULL)
      return (struct corsim_str){"", 0};
    va_copy(ap2, ap);
    plain_format(p, fmt, &ap2);
    va_end(ap2);
    p[plain] = '\0';
    return (struct corsim_str){p, plain};
  }
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return (struct corsim_str){"", 0};
  char *p = corsim__arena_alloc(a, (size_t)n + 1);
  if (p == NULL)
    return (struct corsim_str){"", 0};
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return (struct corsim_str){p, (size_t)n};
}

struct corsim_str corsim__arena_printf(struct corsim__arena *a,
                                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  struct corsim_str s = corsim__arena_vprintf(a, fmt, ap);
  va_end(ap);
  return s;
}
