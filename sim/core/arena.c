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

struct corsim_str corsim__arena_vprintf(struct corsim__arena *a,
                                        const char *fmt, va_list ap) {
  va_list ap2;
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
