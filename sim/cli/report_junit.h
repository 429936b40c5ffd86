/*
 * report_junit.h - corsim test results as a JUnit XML file.
 *
 * One <testsuite> per input file, one <testcase> per request that has an
 * "expect" (name "LABEL #i", classname the file), a <failure> carrying the
 * per-field differences, and an <error> testcase for each scenario that
 * could not be evaluated. The results are collected in memory and written
 * at the end, so a run that dies leaves no half-written file.
 */
#ifndef CORSIM_CLI_REPORT_JUNIT_H
#define CORSIM_CLI_REPORT_JUNIT_H

#include <stdbool.h>
#include <stddef.h>

struct junit_case {
  char *name;
  char *message; /* one line: what failed; NULL when the case passed */
  char *failure; /* the diff, NULL when the case passed */
  char *error;   /* why the scenario could not run, NULL otherwise */
};

struct junit_suite {
  char *name;
  struct junit_case *cases;
  size_t ncases;
  size_t failures;
  size_t errors;
};

struct junit {
  struct junit_suite *suites;
  size_t nsuites;
  bool failed; /* an allocation failed: the report is incomplete */
};

void junit_init(struct junit *j);
void junit_cleanup(struct junit *j);
/* Starts the suite for a file; the following cases belong to it. */
void junit_suite(struct junit *j, const char *name);
/* Adds a case; message and failure (the body) NULL when it passed.
 * Strings are copied. */
void junit_case(struct junit *j, const char *name, const char *message,
                const char *failure);
/* Adds an error case (a scenario that could not be evaluated). */
void junit_error(struct junit *j, const char *name, const char *message);
/* Writes the XML to path. Returns 0, or -1 with errno set. */
int junit_write(const struct junit *j, const char *path);

#endif
