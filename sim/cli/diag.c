/*
 * diag.c - one-line error messages on stderr, see diag.h.
 */
#include "diag.h"

#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void diag_init(struct diag *d, const char *file) {
  d->file = file;
  d->scenario = 0;
  d->name.ptr = NULL;
  d->name.len = 0;
  d->errors = 0;
  d->warnings = 0;
  d->last[0] = '\0';
}

void diag_scenario(struct diag *d, size_t index) {
  d->scenario = index;
  d->name.ptr = NULL;
  d->name.len = 0;
}

/* "scenario 3 ("name"): path: " */
static void where(struct buf *b, const struct diag *d, const char *path) {
  if (d->scenario != 0) {
    buf_addf(b, "scenario %zu", d->scenario);
    if (d->name.len != 0) {
      buf_adds(b, " (\"");
      buf_add_escaped(b, d->name.ptr, d->name.len);
      buf_adds(b, "\")");
    }
    buf_adds(b, ": ");
  }
  if (path != NULL && path[0] != '\0') {
    buf_adds(b, path);
    buf_adds(b, ": ");
  }
}

static void emit(struct diag *d, const char *head, struct buf *body,
                 bool error) {
  fflush(stdout);
  if (body->failed)
    fprintf(stderr, "corsim: %s%s(message lost: out of memory)\n", d->file,
            head);
  else
    fprintf(stderr, "corsim: %s%s%s\n", d->file, head, buf_str(body));
  if (error) {
    d->errors++;
    /* Keep the message without "corsim: FILE: " (but with "LINE:COL: "). */
    snprintf(d->last, sizeof d->last, "%s%s",
             strcmp(head, ": ") == 0 ? "" : head + 1,
             body->failed ? "out of memory" : buf_str(body));
  } else {
    d->warnings++;
  }
}

static void report(struct diag *d, const char *path, bool error,
                   const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void report(struct diag *d, const char *path, bool error,
                   const char *fmt, va_list ap) {
  struct buf b;
  char msg[2048];

  buf_init(&b);
  where(&b, d, path);
  vsnprintf(msg, sizeof msg, fmt, ap);
  buf_adds(&b, msg);
  emit(d, ": ", &b, error);
  buf_cleanup(&b);
}

void diag_error(struct diag *d, const char *path, const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  report(d, path, true, fmt, ap);
  va_end(ap);
}

void diag_warn(struct diag *d, const char *path, const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  report(d, path, false, fmt, ap);
  va_end(ap);
}

void diag_error_at(struct diag *d, size_t line, size_t column,
                   const char *fmt, ...) {
  struct buf b;
  char head[64], msg[2048];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(head, sizeof head, ":%zu:%zu: ", line, column);
  buf_init(&b);
  buf_adds(&b, msg);
  emit(d, head, &b, true);
  buf_cleanup(&b);
}

void diag_usage(const char *fmt, ...) {
  va_list ap;

  fflush(stdout);
  fputs("corsim: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}
