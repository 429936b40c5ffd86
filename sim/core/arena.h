/*
 * arena.h - a per-fetch bump allocator. A fetch keeps every string it
 * produces (wire requests, messages, trace) in one arena and frees it in
 * one call, so the decision path does no per-string malloc: the first
 * chunk is inline in the fetch, later chunks are malloc'd and capped.
 */
#ifndef CORSIM_ARENA_H
#define CORSIM_ARENA_H

#include "corsim.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* No fetch needs more than this; a scenario that does is hostile. */
#define CORSIM_ARENA_MAX (16u * 1024u * 1024u)

struct corsim__arena_chunk;

struct corsim__arena {
  char *cur;
  size_t left;
  size_t total;
  struct corsim__arena_chunk *chunks; /* malloc'd chunks, newest first */
  int failed;                         /* sticky: an allocation failed */
};

void corsim__arena_init(struct corsim__arena *a, void *buf, size_t len);
void corsim__arena_free(struct corsim__arena *a);
/* The slow path of the two below: a new chunk. */
void *corsim__arena_alloc_chunk(struct corsim__arena *a, size_t n);

/* 8-byte aligned; NULL (and a->failed set) when out of memory or over cap.
 * Inline: every string a fetch keeps comes through here. */
static inline void *corsim__arena_alloc(struct corsim__arena *a, size_t n) {
  size_t pad = (size_t)(-(uintptr_t)a->cur) & 7u;
  if (a->cur == NULL || n > a->left || pad > a->left - n)
    return corsim__arena_alloc_chunk(a, n);
  char *p = a->cur + pad;
  a->cur = p + n;
  a->left -= pad + n;
  return p;
}

/* Copies s (NUL-terminated); on failure returns {"", 0}. Strings need no
 * alignment, so they are bumped without padding. */
static inline struct corsim_str corsim__arena_dup(struct corsim__arena *a,
                                                  struct corsim_str s) {
  char *p;
  if (a->cur != NULL && s.len < a->left) {
    p = a->cur;
    a->cur += s.len + 1;
    a->left -= s.len + 1;
  } else if ((p = corsim__arena_alloc_chunk(a, s.len + 1)) == NULL) {
    return (struct corsim_str){"", 0};
  }
  if (s.len > 0)
    memcpy(p, s.ptr, s.len);
  p[s.len] = '\0';
  return (struct corsim_str){p, s.len};
}
/* printf into the arena; on failure returns {"", 0}. */
struct corsim_str corsim__arena_printf(struct corsim__arena *a,
                                       const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct corsim_str corsim__arena_vprintf(struct corsim__arena *a,
                                        const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
