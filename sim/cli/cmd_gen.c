/*
 * cmd_gen.c - corsim gen: writes generated scenarios, one JSON object per
 * line, for differential runs against real browsers.
 *
 * The sampling itself is in gen_scenario.c (skeleton), gen_request.c (the
 * script) and gen_server.c (the answers); this file parses the options
 * and writes the lines.
 */
#include "args.h"
#include "cmd.h"
#include "diag.h"
#include "gen_json.h"
#include "gen_scenario.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* More would be a typo: at about 2 KiB a line, a billion is 2 TB. */
#define GEN_COUNT_MAX ((uint64_t)1000000000)

static const char gen_help[] =
    "usage: corsim gen --seed N --count K [-o FILE]\n"
    "\n"
    "Generate K scenarios as JSON Lines (one scenario object per line, no\n"
    "\"expect\"), sampling the CORS space adversarially: mostly plausible\n"
    "requests and server answers with one or two twists each (methods,\n"
    "safelisted and forbidden headers, modes, credentials, bodies, CORS\n"
    "header variants, preflight statuses, redirect chains, preflight-cache\n"
    "sequences). Every URL is http on loopback (127.0.0.1, localhost,\n"
    "[::1], ports 8001-8004) under a path /gN-I/ of its own, so the\n"
    "scenarios can be played in real browsers; every wire request is\n"
    "answered by some server rule.\n"
    "\n"
    "The output depends only on N, K and the corsim version; scenario I\n"
    "(named gN-I) is the same whatever K is.\n"
    "\n"
    "options:\n"
    "  --seed N        the seed, a decimal integer from 0 to 2^64-1\n"
    "  --count K       how many scenarios, 1 to 1000000000\n"
    "  -o, --output FILE  write to FILE instead of standard output ('-':\n"
    "                  standard output)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 written; 2 bad usage or a write error.\n";

void cmd_gen_help(FILE *fp) { fputs(gen_help, fp); }

/* A decimal integer without sign, spaces or overflow. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out) {
  uint64_t v = 0;

  if (*s == '\0')
    return -1;
  for (; *s != '\0'; s++) {
    unsigned d;
    if (*s < '0' || *s > '9')
      return -1;
    d = (unsigned)(*s - '0');
    if (v > (max - d) / 10)
      return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

/* Writes the scenarios; returns 0, or -1 after a message. */
static int generate(FILE *fp, const char *display, uint64_t seed,
                    uint64_t count) {
  struct gen_scenario *sc = malloc(sizeof *sc);
  uint64_t i;
  int rc = 0;

  if (sc == NULL) {
    diag_usage("gen: out of memory");
    return -1;
  }
  for (i = 1; i <= count && rc == 0; i++) {
    json_t *o;
    char *line;

    if (gen_scenario_make(sc, seed, (size_t)i) != 0) {
      diag_usage("gen: internal error: scenario %" PRIu64
                 " does not fit the generator's limits",
                 i);
      rc = -1;
      break;
    }
    o = gen_scenario_json(sc);
    line = o != NULL ? json_dumps(o, JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (line == NULL) {
      diag_usage("gen: out of memory or invalid UTF-8 in scenario %" PRIu64, i);
      rc = -1;
      break;
    }
    if (fputs(line, fp) == EOF || fputc('\n', fp) == EOF) {
      diag_usage("gen: %s: %s", display, strerror(errno));
      rc = -1;
    }
    free(line);
  }
  free(sc);
  return rc;
}

int cmd_gen(int argc, char **argv) {
  const char *seed_arg = NULL, *count_arg = NULL, *out = NULL;
  uint64_t seed, count;
  FILE *fp;
  int i, rc;

  for (i = 0; i < argc; i++) {
    const char *v;
    int got;

    if (args_flag(argv, i, "--help") || args_flag(argv, i, "-h")) {
      cmd_gen_help(stdout);
      return 0;
    }
    got = args_value(argc, argv, &i, "gen", "--seed", &v);
    if (got == 1) {
      seed_arg = v;
      continue;
    }
    if (got == 0)
      got = args_value(argc, argv, &i, "gen", "--count", &v);
    if (got == 1) {
      count_arg = v;
      continue;
    }
    if (got == 0)
      got = args_value(argc, argv, &i, "gen", "--output", &v);
    if (got == 0)
      got = args_value(argc, argv, &i, "gen", "-o", &v);
    if (got == 1) {
      out = v;
      continue;
    }
    if (got == 0) {
      if (argv[i][0] == '-')
        diag_usage("gen: unknown option '%s' (see 'corsim help gen')", argv[i]);
      else
        diag_usage("gen: unexpected argument '%s' (gen reads no files; see "
                   "'corsim help gen')",
                   argv[i]);
    }
    return 2;
  }
  if (seed_arg == NULL || count_arg == NULL) {
    diag_usage("gen: missing %s (usage: corsim gen --seed N --count K "
               "[-o FILE])",
               seed_arg == NULL ? "--seed" : "--count");
    return 2;
  }
  if (parse_u64(seed_arg, UINT64_MAX, &seed) != 0) {
    diag_usage("gen: invalid --seed '%s' (expected a decimal integer from 0 "
               "to 18446744073709551615)",
               seed_arg);
    return 2;
  }
  if (parse_u64(count_arg, GEN_COUNT_MAX, &count) != 0 || count == 0 ||
      count > SIZE_MAX) {
    diag_usage("gen: invalid --count '%s' (expected a decimal integer from 1 "
               "to %" PRIu64 ")",
               count_arg, GEN_COUNT_MAX);
    return 2;
  }

  if (out == NULL || strcmp(out, "-") == 0) {
    fp = stdout;
    out = "<stdout>";
  } else {
    fp = fopen(out, "w");
    if (fp == NULL) {
      diag_usage("gen: %s: %s", out, strerror(errno));
      return 2;
    }
  }
  rc = generate(fp, out, seed, count);
  if (fp == stdout) {
    if (fflush(fp) != 0 && rc == 0) {
      diag_usage("gen: %s: %s", out, strerror(errno));
      rc = -1;
    }
  } else if (fclose(fp) != 0 && rc == 0) {
    diag_usage("gen: %s: %s", out, strerror(errno));
    rc = -1;
  }
  return rc == 0 ? 0 : 2;
}
