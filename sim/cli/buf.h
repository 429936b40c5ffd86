/*
 * buf.h - a growable, NUL-terminated byte buffer for building output lines
 * and messages in the corsim command (curl's dynbuf, smaller).
 *
 * Appends never fail loudly: on allocation failure or when the buffer would
 * pass BUF_MAX, the buffer is marked failed, keeps what it had and ignores
 * further appends. Check buf.failed once, when the text is used.
 */
#ifndef CORSIM_CLI_BUF_H
#define CORSIM_CLI_BUF_H

#include <stdbool.h>
#include <stddef.h>

/* Hard limit on one buffer: no output line or message comes near it. */
#define BUF_MAX ((size_t)64 * 1024 * 1024)

struct buf {
  char *ptr; /* NULL until the first append; NUL-terminated after */
  size_t len;
  size_t cap;
  bool failed;
};

void buf_init(struct buf *b);
/* Frees the storage and re-initialises b. */
void buf_cleanup(struct buf *b);
/* Empties b, keeping its storage and clearing failed. */
void buf_reset(struct buf *b);
/* The text so far; "" when nothing was appended. Lives until the next
 * append or buf_cleanup. */
const char *buf_str(const struct buf *b);

void buf_add(struct buf *b, const char *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Appends p[0..n) for a terminal or a one-line message: control bytes
 * (below 0x20, and 0x7f) and backslashes become \xNN escapes, so that data
 * from a scenario can neither break a line nor move the cursor. Bytes from
 * 0x80 up are kept (UTF-8 text).
 */
void buf_add_escaped(struct buf *b, const char *p, size_t n);

#endif
