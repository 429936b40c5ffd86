/*
 * scenario.h - reading scenario files (docs: shared/spec/scenario-format.md).
 *
 * A file holds one scenario object, a JSON array of them, or JSON Lines.
 * Loading splits it into slots, one per scenario, without judging their
 * content; each slot is then parsed and validated on its own, so that one
 * bad scenario costs only itself.
 */
#ifndef CORSIM_CLI_SCENARIO_H
#define CORSIM_CLI_SCENARIO_H

#include "corsim.h"
#include "diag.h"
#include "responder.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One scenario of a file: its JSON, or why it could not be read. */
struct scenario_slot {
  json_t *value; /* owned reference; NULL when the text was not JSON */
  size_t line;   /* where the error is, when value is NULL */
  size_t column;
  char *error; /* jansson's text, when value is NULL */
};

struct scenario_file {
  const char *display; /* the path, or "<stdin>" for "-" */
  struct scenario_slot *slots;
  size_t nslots;
};

/*
 * Reads path ("-" is stdin) and splits it into slots. Returns 0, or -1
 * when the file as a whole could not be read (no such file, I/O error,
 * out of memory, no scenario in it): the error is reported through d,
 * which scenario_file_load points at the file. JSON syntax errors do not
 * fail the load: they become slots with an error, so that the good lines
 * of a JSON Lines file are still run.
 */
int scenario_file_load(struct scenario_file *f, const char *path,
                       struct diag *d);
void scenario_file_cleanup(struct scenario_file *f);

/* A parsed, valid scenario. Strings borrow from the slot's JSON. */
struct scenario {
  size_t index;           /* 1-based position in its file */
  struct corsim_str name; /* "" when absent */
  enum corsim_browser browser;
  struct corsim_str origin;
  struct corsim_request *requests; /* headers arrays owned */
  json_t **expects;                /* per request; borrowed, NULL if none */
  bool shorthand;                  /* written as "request", not "requests" */
  size_t nrequests;
  struct server_rule *rules;
  size_t nrules;
};

/*
 * Parses and validates the scenario in v (slot number index). Every
 * problem is reported through d (errors and warnings for unknown fields);
 * returns 0 when there was no error, -1 otherwise (then *sc holds nothing
 * to free). On success free *sc with scenario_cleanup; v must outlive it.
 */
int scenario_parse(struct scenario *sc, json_t *v, size_t index,
                   struct diag *d);
void scenario_cleanup(struct scenario *sc);

/* The path of request i as written in the input: "requests[2]" or
 * "request" (the shorthand). */
void scenario_request_path(const struct scenario *sc, size_t i, char *buf,
                           size_t cap);

/* The field names a request's "expect" may hold, NULL-terminated, in the
 * order of the --json output. */
extern const char *const scenario_expect_fields[];

#endif
