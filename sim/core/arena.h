/*
 * arena.h - a per-fetch bump allocator. A fetch keeps every string it
 * produces (wire requests, messages, trace) in one arena and frees it in
 * one call, so the decision path does no per-string malloc: the first
 * chunk is inline in the fetch, later chunks are malloc'd and capped.
 */
#ifndef CORSIM_ARENA_H
#define CORSIM_ARENA_H

#include "corsim.h"
#include "str.h"

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

/* n bytes for a string and its NUL, unaligned; NULL on failure. */
static inline char *corsim__arena_str_space(struct corsim__arena *a, size_t n) {
  char *p;
  if (a->cur != NULL && n < a->left) {
    p = a->cur;
    a->cur += n + 1;
    a->left -= n + 1;
    return p;
  }
  return corsim__arena_alloc_chunk(a, n + 1);
}

/*
 * Copies n bytes. Most strings a fetch copies (names, values, methods,
 * URLs) are under 96 bytes: word copies, the last one overlapping, cover
 * them without a call into libc, which costs more than the copy.
 */
static inline void corsim__copy(char *d, const char *s, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t x, y;
    memcpy(&x, s, 8);
    memcpy(&y, s + n - 8, 8);
    memcpy(d, &x, 8);
    memcpy(d + n - 8, &y, 8);
  } else if (n > 16 && n <= 32) {
    uint64_t w[4];
    memcpy(&w[0], s, 8);
    memcpy(&w[1], s + 8, 8);
    memcpy(&w[2], s + n - 16, 8);
    memcpy(&w[3], s + n - 8, 8);
    memcpy(d, &w[0], 8);
    memcpy(d + 8, &w[1], 8);
    memcpy(d + n - 16, &w[2], 8);
    memcpy(d + n - 8, &w[3], 8);
  } else if (n >= 4 && n < 8) {
    uint32_t x, y;
    memcpy(&x, s, 4);
    memcpy(&y, s + n - 4, 4);
    memcpy(d, &x, 4);
    memcpy(d + n - 4, &y, 4);
  } else if (n < 4) {
    /* 1-3 bytes: first, middle and last cover them all. */
    if (n > 0) {
      char a = s[0], b = s[n / 2], c = s[n - 1];
      d[0] = a;
      d[n / 2] = b;
      d[n - 1] = c;
    }
  } else if (n <= 96) {
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
      uint64_t x;
      memcpy(&x, s + i, 8);
      memcpy(d + i, &x, 8);
    }
    uint64_t y;
    memcpy(&y, s + n - 8, 8);
    memcpy(d + n - 8, &y, 8);
  } else {
    memcpy(d, s, n);
  }
}

/* Copies s (NUL-terminated); on failure returns {"", 0}. Strings need no
 * alignment, so they are bumped without padding. */
static inline struct corsim_str corsim__arena_dup(struct corsim__arena *a,
                                                  struct corsim_str s) {
  char *p = corsim__arena_str_space(a, s.len);
  if (p == NULL)
    return (struct corsim_str){"", 0};
  corsim__copy(p, s.ptr, s.len);
  p[s.len] = '\0';
  return (struct corsim_str){p, s.len};
}
/* Copies s lower-cased (ASCII), a word at a time where it can. */
static inline struct corsim_str corsim__arena_dup_lower(struct corsim__arena *a,
                                                        struct corsim_str s) {
  char *p = corsim__arena_str_space(a, s.len);
  if (p == NULL)
    return (struct corsim_str){"", 0};
  size_t i = 0;
  for (; i + 8 <= s.len; i += 8) {
    uint64_t x = corsim__lower8(corsim__load8(s.ptr + i));
    memcpy(p + i, &x, 8);
  }
  if (s.len >= 8 && i < s.len) {
    /* The tail as the last word, overlapping the one before. */
    uint64_t x = corsim__lower8(corsim__load8(s.ptr + s.len - 8));
    memcpy(p + s.len - 8, &x, 8);
  } else if (s.len >= 4 && s.len < 8) {
    /* Both ends as two overlapping halves of one word. */
    uint64_t x = corsim__lower8(corsim__load4(s.ptr) |
                                (uint64_t)corsim__load4(s.ptr + s.len - 4) << 32);
    uint32_t lo = (uint32_t)x, hi = (uint32_t)(x >> 32);
    memcpy(p, &lo, 4);
    memcpy(p + s.len - 4, &hi, 4);
  } else {
    for (; i < s.len; i++)
      p[i] = corsim__ascii_lower(s.ptr[i]);
  }
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
