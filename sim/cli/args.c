/*
 * args.c - option parsing helpers, see args.h.
 */
#include "args.h"

#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool args_flag(char **argv, int i, const char *name) {
  return strcmp(argv[i], name) == 0;
}

enum args_common args_common(char **argv, int i, bool *operands, char **files,
                             size_t *nfiles, void (*help)(FILE *fp)) {
  if (*operands || argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
    files[(*nfiles)++] = argv[i];
    return ARGS_TAKEN;
  }
  if (args_flag(argv, i, "--")) {
    *operands = true;
    return ARGS_TAKEN;
  }
  if (args_flag(argv, i, "--help") || args_flag(argv, i, "-h")) {
    help(stdout);
    return ARGS_HELP;
  }
  return ARGS_OPTION;
}

int args_value(int argc, char **argv, int *i, const char *cmd,
               const char *name, const char **value) {
  const char *a = argv[*i];
  size_t n = strlen(name);

  if (strncmp(a, name, n) != 0)
    return 0;
  if (a[n] == '=') {
    *value = a + n + 1;
    return 1;
  }
  if (a[n] != '\0')
    return 0;
  if (*i + 1 >= argc) {
    diag_usage("%s: option '%s' needs a value", cmd, name);
    return -1;
  }
  *i += 1;
  *value = argv[*i];
  return 1;
}

int args_browser(const char *cmd, const char *v, enum corsim_browser *out) {
  if (corsim_browser_parse(corsim_str_c(v), out) == 0)
    return 0;
  diag_usage("%s: unknown browser '%s' (expected chromium, firefox, webkit, "
             "spec)",
             cmd, v);
  return -1;
}

int args_number(const char *cmd, const char *name, const char *v,
                const char *what, double min, double max, unsigned flags,
                double *out) {
  char *end;
  double x;
  bool ok = (flags & ARGS_DIGIT) == 0 || (v[0] >= '0' && v[0] <= '9');
  errno = 0;
  if (flags & ARGS_INTEGER)
    x = (double)strtoll(v, &end, 10);
  else
    x = strtod(v, &end);
  /* (Written so that NaN fails every bound.) */
  ok = ok && end != v && *end == '\0' && errno == 0 &&
       ((flags & ARGS_ABOVE_MIN) ? x > min : x >= min) && x <= max;
  if (!ok) {
    diag_usage("%s: %s: expected %s, got '%s'", cmd, name, what, v);
    return -1;
  }
  *out = x;
  return 0;
}
