/*
 * run.h - drives scenarios through the model: one struct corsim_ctx per
 * scenario, its requests in order (they share the preflight cache), each
 * wire request answered from the scenario's server rules.
 *
 * Both commands (eval, test) use run_files; they differ only in what they
 * do with each verdict, which they say through struct run_hooks.
 */
#ifndef CORSIM_CLI_RUN_H
#define CORSIM_CLI_RUN_H

#include "corsim.h"
#include "diag.h"
#include "scenario.h"

#include <stdbool.h>
#include <stddef.h>

/* Hard limit on the wire requests of one script request. The model stops
 * at 21 redirects; this only guards against a model that never ends. */
#define RUN_MAX_WIRE 1000

struct run_hooks {
  void *data;
  /* A file is about to be read (display name as in messages). May be NULL. */
  void (*file_begin)(void *data, const char *display);
  /*
   * One request was evaluated. Returns 0, or -1 to report that the hook
   * ran out of memory (counted as bad input: the run cannot be trusted).
   */
  int (*result)(void *data, const struct scenario *sc, size_t i,
                const struct corsim_result *res);
  /* A scenario (or a file) could not be evaluated; the message is already
   * on stderr; d->last holds it. May be NULL. */
  void (*error)(void *data, const struct diag *d);
};

struct run_opts {
  bool override_browser; /* --browser given */
  enum corsim_browser browser;
  bool trace; /* record the model's decisions (--trace) */
};

/*
 * Runs one scenario. Returns 0 when every request was evaluated, -1 after
 * reporting an error through d (invalid origin, a real wire request no rule
 * answers, out of memory); requests before the error were reported.
 */
int run_scenario(const struct scenario *sc, const struct run_opts *o,
                 struct diag *d, const struct run_hooks *h);

/*
 * Loads, validates and runs every scenario of every file, reporting
 * problems and going on. Returns 0 when all input was good, 2 otherwise
 * (the exit status for bad input).
 */
int run_files(char *const files[], size_t nfiles, const struct run_opts *o,
              const struct run_hooks *h);

#endif
