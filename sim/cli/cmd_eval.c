/*
 * cmd_eval.c - corsim eval: what the browser would do with each request of
 * each scenario, as text or JSON Lines.
 */
#include "args.h"
#include "cmd.h"
#include "diag.h"
#include "report_json.h"
#include "report_text.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

static const char eval_help[] =
    "usage: corsim eval [--json] [--browser B] [--trace] [--expect-allowed] "
    "FILE...\n"
    "\n"
    "Evaluate scenario files: for every request, what the browser sends on\n"
    "the wire and what the page's script sees. FILE holds one scenario\n"
    "object, a JSON array of them, or JSON Lines; '-' reads stdin.\n"
    "\n"
    "options:\n"
    "  --json            one JSON object per request per line (the scenario\n"
    "                    format's output fields) instead of text\n"
    "  --browser B       predict browser B for every scenario, overriding its\n"
    "                    \"browser\" field: chromium, firefox, webkit or spec\n"
    "  --trace           add the model's decisions (rule: text); with --json\n"
    "                    a final \"trace\" key\n"
    "  --expect-allowed  exit with status 1 when any request is blocked\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 every request evaluated; 1 with --expect-allowed, some\n"
    "request blocked; 2 bad input (reported on stderr; the other scenarios\n"
    "are still evaluated).\n";

void cmd_eval_help(FILE *fp) { fputs(eval_help, fp); }

struct eval_state {
  bool json;
  bool trace;
  bool colour;
  size_t blocked;
  bool write_failed;
};

static int eval_result(void *data, const struct scenario *sc, size_t i,
                       const struct corsim_result *res) {
  struct eval_state *st = data;

  if (res->blocked)
    st->blocked++;
  if (st->json) {
    json_t *o = report_json_object(sc, i, res, st->trace);
    int rc;
    if (o == NULL)
      return -1;
    rc = report_json_print(stdout, o);
    json_decref(o);
    if (rc != 0)
      st->write_failed = true;
    return 0;
  }
  if (report_text_result(stdout, sc, i, res, st->trace, st->colour) != 0)
    st->write_failed = true;
  return 0;
}

int cmd_eval(int argc, char **argv) {
  struct eval_state st = {false, false, false, 0, false};
  struct run_opts opts = {false, CORSIM_BROWSER_CHROMIUM, false};
  struct run_hooks hooks = {NULL, NULL, eval_result, NULL};
  bool expect_allowed = false, operands = false;
  char **files;
  size_t nfiles = 0;
  int i, status;

  files = calloc((size_t)argc + 1, sizeof *files);
  if (files == NULL) {
    diag_usage("eval: out of memory");
    return 2;
  }
  for (i = 0; i < argc; i++) {
    const char *v;
    int got;

    switch (args_common(argv, i, &operands, files, &nfiles, cmd_eval_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    if (args_flag(argv, i, "--json")) {
      st.json = true;
      continue;
    }
    if (args_flag(argv, i, "--trace")) {
      st.trace = true;
      opts.trace = true;
      continue;
    }
    if (args_flag(argv, i, "--expect-allowed")) {
      expect_allowed = true;
      continue;
    }
    got = args_value(argc, argv, &i, "eval", "--browser", &v);
    if (got == 1 && args_browser("eval", v, &opts.browser) == 0) {
      opts.override_browser = true;
      continue;
    }
    if (got == 0)
      diag_usage("eval: unknown option '%s' (see 'corsim help eval')",
                 argv[i]);
    free(files);
    return 2;
  }
  if (nfiles == 0) {
    diag_usage("eval: no scenario file given (use '-' for stdin; see "
               "'corsim help eval')");
    free(files);
    return 2;
  }
  st.colour = !st.json && report_text_use_colour(stdout);
  hooks.data = &st;
  status = run_files(files, nfiles, &opts, &hooks);
  free(files);
  if (fflush(stdout) != 0 || st.write_failed) {
    diag_usage("eval: error writing the output");
    return 2;
  }
  if (status != 0)
    return status;
  return expect_allowed && st.blocked != 0 ? 1 : 0;
}
