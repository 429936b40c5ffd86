/*
 * diag.h - error and warning messages of the corsim command, git style: one
 * line on stderr, "corsim: " first, lower-case, no trailing period.
 *
 *   corsim: FILE: scenario 3 ("name"): requests[0].mode: unknown value "cros" (expected cors, no-cors, same-origin)
 *
 * A struct diag carries where we are (file, scenario, its name) so that the
 * code that finds a problem only says which field and what is wrong. It
 * counts errors: a scenario with any error is not evaluated.
 */
#ifndef CORSIM_CLI_DIAG_H
#define CORSIM_CLI_DIAG_H

#include "corsim.h"

#include <stddef.h>

#define DIAG_LAST_MAX 1024

struct diag {
  const char *file;       /* as shown: the path, or "<stdin>" */
  size_t scenario;        /* 1-based position in the file; 0: about the file */
  struct corsim_str name; /* the scenario's name; ptr NULL or len 0: none */
  int errors;             /* errors reported through this diag */
  int warnings;
  char last[DIAG_LAST_MAX]; /* the last error, without "corsim: FILE: " */
};

/* Points d at a file; clears the scenario, the name and the counters. */
void diag_init(struct diag *d, const char *file);
/* Moves d to scenario number index (1-based) of its file, name unknown. */
void diag_scenario(struct diag *d, size_t index);

/*
 * Reports an error (or a warning, which does not count as an error).
 * path names the field ("requests[0].mode") or is NULL. Flushes stdout
 * first so that messages and results stay in order on a terminal.
 */
void diag_error(struct diag *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warn(struct diag *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error at a line and column of the file ("FILE:3:14: ..."). */
void diag_error_at(struct diag *d, size_t line, size_t column,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A message about the command line: "corsim: " + text. */
void diag_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
