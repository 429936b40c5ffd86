/*
 * cmd_test.c - corsim test: checks each request's "expect" object against
 * the prediction, prints PASS/FAIL with the differing fields, and writes a
 * JUnit XML report on request.
 *
 * The prediction is the very JSON object corsim eval --json prints, so an
 * expectation is written with the same names and values. Each given field
 * must equal the predicted one (JSON equality); exposed_headers is compared
 * as a set of names, ignoring ASCII case and order, as the format says.
 */
#include "args.h"
#include "buf.h"
#include "cmd.h"
#include "diag.h"
#include "report_json.h"
#include "report_junit.h"
#include "report_text.h"
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char test_help[] =
    "usage: corsim test [--browser B] [--junit OUT.xml] FILE...\n"
    "\n"
    "Run a regression suite: every request with an \"expect\" object passes\n"
    "when each field it gives equals the prediction (the field names and\n"
    "values of 'corsim eval --json'; exposed_headers compared as a set).\n"
    "Prints PASS or FAIL per checked request, the differing fields of each\n"
    "failure, and a summary line. Requests without \"expect\" are evaluated\n"
    "but not counted. FILE holds one scenario object, a JSON array of them,\n"
    "or JSON Lines; '-' reads stdin.\n"
    "\n"
    "options:\n"
    "  --browser B     predict browser B for every scenario, overriding its\n"
    "                  \"browser\" field: chromium, firefox, webkit or spec\n"
    "  --junit FILE    also write the results as JUnit XML to FILE\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 all checked requests passed; 1 some failed; 2 bad input\n"
    "(reported on stderr; the other scenarios still run).\n";

void cmd_test_help(FILE *fp) { fputs(test_help, fp); }

struct test_state {
  bool colour;
  struct junit *junit; /* NULL without --junit */
  const char *file;
  size_t passed, failed, unchecked, errors;
  bool write_failed;
};

static char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ieq(const char *a, size_t alen, const char *b, size_t blen) {
  size_t i;
  if (alen != blen)
    return false;
  for (i = 0; i < alen; i++)
    if (ascii_lower(a[i]) != ascii_lower(b[i]))
      return false;
  return true;
}

/* Every string of a is in b, ignoring ASCII case. */
static bool subset(const json_t *a, const json_t *b) {
  size_t i, k;

  for (i = 0; i < json_array_size(a); i++) {
    const json_t *x = json_array_get(a, i);
    bool found = false;
    for (k = 0; k < json_array_size(b) && !found; k++) {
      const json_t *y = json_array_get(b, k);
      found = json_is_string(x) && json_is_string(y) &&
              ieq(json_string_value(x), json_string_length(x),
                  json_string_value(y), json_string_length(y));
    }
    if (!found)
      return false;
  }
  return true;
}

static bool same(const char *key, const json_t *expected,
                 const json_t *predicted) {
  if (strcmp(key, "exposed_headers") == 0 && json_is_array(expected) &&
      json_is_array(predicted))
    return subset(expected, predicted) && subset(predicted, expected);
  return json_equal(expected, predicted) != 0;
}

static void add_json(struct buf *b, const json_t *v) {
  char *s = v != NULL ? json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER)
                      : NULL;
  if (s == NULL) {
    buf_adds(b, v != NULL ? "(out of memory)" : "(absent)");
    return;
  }
  /* JSON text is one line already; escape in case of raw control bytes. */
  buf_add_escaped(b, s, strlen(s));
  free(s);
}

/*
 * The differences of one request: one line per field into lines, each
 * after indent ("  status: expected 200, predicted 0"), and the field
 * names into names ("status, error").
 */
static void diff(struct buf *lines, struct buf *names, const char *indent,
                 const json_t *expect, const json_t *pred) {
  bool first = true;
  size_t f;

  for (f = 0; scenario_expect_fields[f] != NULL; f++) {
    const char *key = scenario_expect_fields[f];
    const json_t *e = json_object_get(expect, key);
    const json_t *p = json_object_get(pred, key);
    if (e == NULL || (p != NULL && same(key, e, p)))
      continue;
    buf_addf(lines, "%s%s: expected ", indent, key);
    add_json(lines, e);
    buf_adds(lines, ", predicted ");
    add_json(lines, p);
    buf_addc(lines, '\n');
    if (names != NULL) {
      buf_adds(names, first ? "" : ", ");
      buf_adds(names, key);
      first = false;
    }
  }
}

static int test_result(void *data, const struct scenario *sc, size_t i,
                       const struct corsim_result *res) {
  struct test_state *st = data;
  const json_t *expect = sc->expects[i];
  struct buf label, d, line, body, names;
  json_t *pred;
  bool failed;
  int rc = 0;

  if (expect == NULL) {
    st->unchecked++;
    return 0;
  }
  pred = report_json_object(sc, i, res, false);
  if (pred == NULL)
    return -1;
  buf_init(&label);
  buf_init(&d);
  buf_init(&line);
  buf_init(&body);
  buf_init(&names);
  (void)report_text_label(&label, sc);
  buf_addf(&label, " #%zu", i);
  diff(&d, NULL, "  ", expect, pred);
  if (st->junit != NULL) {
    buf_adds(&names, "differs: ");
    diff(&body, &names, "", expect, pred);
  }
  json_decref(pred);
  failed = d.len != 0;
  if (failed) {
    st->failed++;
    buf_adds(&line, st->colour ? "\033[1;31mFAIL\033[0m " : "FAIL ");
  } else {
    st->passed++;
    buf_adds(&line, st->colour ? "\033[32mPASS\033[0m " : "PASS ");
  }
  buf_adds(&line, buf_str(&label));
  buf_addc(&line, '\n');
  buf_adds(&line, buf_str(&d));
  if (label.failed || d.failed || line.failed || body.failed ||
      names.failed) {
    rc = -1;
  } else {
    if (fputs(buf_str(&line), stdout) == EOF)
      st->write_failed = true;
    if (st->junit != NULL)
      junit_case(st->junit, buf_str(&label), buf_str(&names),
                 failed ? buf_str(&body) : NULL);
  }
  buf_cleanup(&label);
  buf_cleanup(&d);
  buf_cleanup(&line);
  buf_cleanup(&body);
  buf_cleanup(&names);
  return rc;
}

static void test_file(void *data, const char *display) {
  struct test_state *st = data;
  st->file = display;
  if (st->junit != NULL)
    junit_suite(st->junit, display);
}

static void test_error(void *data, const struct diag *dg) {
  struct test_state *st = data;
  struct buf name;

  st->errors++;
  if (st->junit == NULL)
    return;
  buf_init(&name);
  if (dg->scenario == 0) {
    buf_adds(&name, "(file)");
  } else {
    buf_addf(&name, "scenario %zu", dg->scenario);
    if (dg->name.len != 0) {
      buf_adds(&name, " (");
      buf_add_escaped(&name, dg->name.ptr, dg->name.len);
      buf_adds(&name, ")");
    }
  }
  if (name.failed)
    st->junit->failed = true;
  else
    junit_error(st->junit, buf_str(&name), dg->last);
  buf_cleanup(&name);
}

int cmd_test(int argc, char **argv) {
  struct test_state st = {false, NULL, "", 0, 0, 0, 0, false};
  struct run_opts opts = {false, CORSIM_BROWSER_CHROMIUM, false};
  struct run_hooks hooks = {NULL, test_file, test_result, test_error};
  const char *junit_path = NULL;
  struct junit junit;
  bool operands = false;
  char **files;
  size_t nfiles = 0;
  int i, status;

  files = calloc((size_t)argc + 1, sizeof *files);
  if (files == NULL) {
    diag_usage("test: out of memory");
    return 2;
  }
  for (i = 0; i < argc; i++) {
    const char *v;
    int got;

    switch (args_common(argv, i, &operands, files, &nfiles, cmd_test_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    got = args_value(argc, argv, &i, "test", "--browser", &v);
    if (got == 1 && args_browser("test", v, &opts.browser) == 0) {
      opts.override_browser = true;
      continue;
    }
    if (got == 0) {
      got = args_value(argc, argv, &i, "test", "--junit", &v);
      if (got == 1) {
        junit_path = v;
        continue;
      }
    }
    if (got == 0)
      diag_usage("test: unknown option '%s' (see 'corsim help test')",
                 argv[i]);
    free(files);
    return 2;
  }
  if (nfiles == 0) {
    diag_usage("test: no scenario file given (use '-' for stdin; see "
               "'corsim help test')");
    free(files);
    return 2;
  }
  junit_init(&junit);
  if (junit_path != NULL)
    st.junit = &junit;
  st.colour = report_text_use_colour(stdout);
  hooks.data = &st;
  status = run_files(files, nfiles, &opts, &hooks);
  free(files);

  printf("%zu passed, %zu failed", st.passed, st.failed);
  if (st.unchecked != 0 || st.errors != 0) {
    fputs(" (", stdout);
    if (st.unchecked != 0)
      printf("%zu request%s without expect not checked", st.unchecked,
             st.unchecked == 1 ? "" : "s");
    if (st.unchecked != 0 && st.errors != 0)
      fputs("; ", stdout);
    if (st.errors != 0)
      printf("%zu scenario%s not evaluated: bad input", st.errors,
             st.errors == 1 ? "" : "s");
    fputs(")", stdout);
  }
  fputc('\n', stdout);
  if (fflush(stdout) != 0 || st.write_failed) {
    diag_usage("test: error writing the output");
    status = 2;
  }
  if (junit_path != NULL && junit_write(&junit, junit_path) != 0) {
    diag_usage("test: %s: %s", junit_path, strerror(errno));
    status = 2;
  }
  junit_cleanup(&junit);
  if (status != 0)
    return status;
  return st.failed != 0 ? 1 : 0;
}
