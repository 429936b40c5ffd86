/*
 * args.h - the small option syntax every corsim command shares:
 * "--flag", "--opt VALUE" or "--opt=VALUE", "--" ends the options, and
 * "-" alone is an operand (stdin). No getopt_long: it is not POSIX.
 */
#ifndef CORSIM_CLI_ARGS_H
#define CORSIM_CLI_ARGS_H

#include "corsim.h"

#include <stdbool.h>

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

/* Parses a --browser value into *out; reports and returns -1 when it is
 * not a browser name. */
int args_browser(const char *cmd, const char *v, enum corsim_browser *out);

#endif
