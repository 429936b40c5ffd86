/*
 * args.h - the small option syntax every corsim command shares:
 * "--flag", "--opt VALUE" or "--opt=VALUE", "--" ends the options, and
 * "-" alone is an operand (stdin). No getopt_long: it is not POSIX.
 */
#ifndef CORSIM_CLI_ARGS_H
#define CORSIM_CLI_ARGS_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when argv[*i] is the flag name ("--json"). */
bool args_flag(char **argv, int i, const char *name);

/*
 * When argv[*i] is the option name with a value ("--browser B" or
 * "--browser=B"), sets *value, advances *i past a separate value and
 * returns 1; returns -1 (after a message) when the value is missing,
 * 0 when argv[*i] is another argument.
 */
int args_value(int argc, char **argv, int *i, const char *cmd,
               const char *name, const char **value);

/* What args_common did with argv[i]. */
enum args_common {
  ARGS_OPTION, /* an option: the command reads it */
  ARGS_TAKEN,  /* an operand stored in files, or "--" */
  ARGS_HELP    /* -h or --help: help printed, exit 0 */
};

/*
 * The part of every command's loop that is the same: a FILE operand ("-"
 * included, and anything after "--") is appended to files[*nfiles] (room
 * for argc entries), "--" starts the operands, -h/--help prints help(stdout).
 */
enum args_common args_common(char **argv, int i, bool *operands, char **files,
                             size_t *nfiles, void (*help)(FILE *fp));

/* Parses a --browser value into *out; reports and returns -1 when it is
 * not a browser name. */
int args_browser(const char *cmd, const char *v, enum corsim_browser *out);

/* What args_number accepts, beyond a number from min to max. */
#define ARGS_INTEGER 1u   /* a decimal integer (as strtoll reads it), not a
                             real (strtod) */
#define ARGS_ABOVE_MIN 2u /* min itself is out of range */
#define ARGS_DIGIT 4u     /* the value starts with a digit: no sign, no
                             white space */
/* The largest max for integers: 2^53, below which a double holds them. */
#define ARGS_INTEGER_MAX 9007199254740992.0

/*
 * The value v of command cmd's number option name ("--window") as
 * *out: all of v, a real or (ARGS_INTEGER) a decimal integer, from min to
 * max (integers exact up to 2^53). Otherwise reports
 *   corsim: CMD: NAME: expected WHAT, got 'V'
 * (WHAT says what the option takes: "seconds (0 < S <= 86400)") and
 * returns -1.
 */
int args_number(const char *cmd, const char *name, const char *v,
                const char *what, double min, double max, unsigned flags,
                double *out);

#endif
