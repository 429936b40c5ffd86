/*
 * scenario_set.h - every scenario of a list of files, parsed, in order,
 * numbered from 0 across the files (the numbering corsim serve and corsim
 * diff use in their URLs and reports). A scenario that does not parse
 * keeps its number, with no parsed form.
 */
#ifndef CORSIM_CLI_SCENARIO_SET_H
#define CORSIM_CLI_SCENARIO_SET_H

#include "scenario.h"

#include <stdbool.h>
#include <stddef.h>

struct scenario_set {
  struct scenario_file *files; /* stay loaded: scenarios borrow from them */
  size_t nfiles;
  struct scenario *scs; /* scs[k] is valid when ok[k] */
  bool *ok;
  const char **file;    /* file[k]: the display name of k's file */
  size_t n, cap;
};

/*
 * Loads and parses every scenario of files[0..nfiles), reporting every
 * problem on stderr ("corsim: FILE: scenario K: field: ..."). cmd names
 * the command in out-of-memory messages. Returns 0, or 2 when some input
 * was bad (the good scenarios are still in the set).
 */
int scenario_set_load(struct scenario_set *s, char *const *files,
                      size_t nfiles, const char *cmd);
void scenario_set_cleanup(struct scenario_set *s);

#endif
