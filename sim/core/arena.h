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
/* 8-byte aligned; NULL (and a->failed set) when out of memory or over cap. */
void *corsim__arena_alloc(struct corsim__arena *a, size_t n);
/* Copies s (NUL-terminated); on failure returns {"", 0}. */
struct corsim_str corsim__arena_dup(struct corsim__arena *a,
                                    struct corsim_str s);
/* printf into the arena; on failure returns {"", 0}. */
struct corsim_str corsim__arena_printf(struct corsim__arena *a,
                                       const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct corsim_str corsim__arena_vprintf(struct corsim__arena *a,
                                        const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
