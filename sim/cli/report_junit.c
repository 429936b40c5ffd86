/*
 * report_junit.c - JUnit XML output of corsim test, see report_junit.h.
 */
#include "report_junit.h"

#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void junit_init(struct junit *j) {
  j->suites = NULL;
  j->nsuites = 0;
  j->failed = false;
}

void junit_cleanup(struct junit *j) {
  size_t i, k;

  for (i = 0; i < j->nsuites; i++) {
    struct junit_suite *s = &j->suites[i];
    for (k = 0; k < s->ncases; k++) {
      free(s->cases[k].name);
      free(s->cases[k].message);
      free(s->cases[k].failure);
      free(s->cases[k].error);
    }
    free(s->cases);
    free(s->name);
  }
  free(j->suites);
  junit_init(j);
}

static char *dup_or_null(const char *s, bool *ok) {
  char *d;
  if (s == NULL)
    return NULL;
  d = strdup(s);
  if (d == NULL)
    *ok = false;
  return d;
}

void junit_suite(struct junit *j, const char *name) {
  struct junit_suite *s;
  bool ok = true;

  s = realloc(j->suites, (j->nsuites + 1) * sizeof *s);
  if (s == NULL) {
    j->failed = true;
    return;
  }
  j->suites = s;
  s = &j->suites[j->nsuites];
  s->name = dup_or_null(name, &ok);
  s->cases = NULL;
  s->ncases = 0;
  s->failures = 0;
  s->errors = 0;
  if (!ok) {
    j->failed = true;
    return;
  }
  j->nsuites++;
}

static void add(struct junit *j, const char *name, const char *message,
                const char *failure, const char *error) {
  struct junit_suite *s;
  struct junit_case *c;
  bool ok = true;

  if (j->nsuites == 0) {
    j->failed = true;
    return;
  }
  s = &j->suites[j->nsuites - 1];
  c = realloc(s->cases, (s->ncases + 1) * sizeof *c);
  if (c == NULL) {
    j->failed = true;
    return;
  }
  s->cases = c;
  c = &s->cases[s->ncases];
  c->name = dup_or_null(name, &ok);
  c->message = dup_or_null(message, &ok);
  c->failure = dup_or_null(failure, &ok);
  c->error = dup_or_null(error, &ok);
  if (!ok) {
    free(c->name);
    free(c->message);
    free(c->failure);
    free(c->error);
    j->failed = true;
    return;
  }
  s->ncases++;
  s->failures += failure != NULL;
  s->errors += error != NULL;
}

void junit_case(struct junit *j, const char *name, const char *message,
                const char *failure) {
  add(j, name, failure != NULL ? message : NULL, failure, NULL);
}

void junit_error(struct junit *j, const char *name, const char *message) {
  add(j, name, NULL, NULL, message != NULL ? message : "");
}

/*
 * XML 1.0 text or attribute value: the five specials as entities, tab, LF
 * and CR as character references inside attributes (so a multi-line
 * message survives attribute normalisation), other control bytes (not
 * allowed in XML 1.0 at all) as "?". The text comes from the corsim
 * command's own escaping, so it is UTF-8.
 */
static void xml_escape(struct buf *b, const char *s, bool attr) {
  for (; *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '&':
      buf_adds(b, "&amp;");
      break;
    case '<':
      buf_adds(b, "&lt;");
      break;
    case '>':
      buf_adds(b, "&gt;");
      break;
    case '"':
      buf_adds(b, "&quot;");
      break;
    case '\'':
      buf_adds(b, "&apos;");
      break;
    case '\n':
      buf_adds(b, attr ? "&#10;" : "\n");
      break;
    case '\t':
      buf_adds(b, attr ? "&#9;" : "\t");
      break;
    case '\r':
      buf_adds(b, "&#13;");
      break;
    default:
      if (c < 0x20 || c == 0x7f)
        buf_addc(b, '?');
      else
        buf_addc(b, (char)c);
    }
  }
}

static void render(const struct junit *j, struct buf *b) {
  size_t i, k, tests = 0, failures = 0, errors = 0;

  for (i = 0; i < j->nsuites; i++) {
    tests += j->suites[i].ncases;
    failures += j->suites[i].failures;
    errors += j->suites[i].errors;
  }
  buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  buf_addf(b,
           "<testsuites name=\"corsim test\" tests=\"%zu\" failures=\"%zu\" "
           "errors=\"%zu\">\n",
           tests, failures, errors);
  for (i = 0; i < j->nsuites; i++) {
    const struct junit_suite *s = &j->suites[i];
    buf_adds(b, "  <testsuite name=\"");
    xml_escape(b, s->name, true);
    buf_addf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
             s->ncases, s->failures, s->errors);
    for (k = 0; k < s->ncases; k++) {
      const struct junit_case *c = &s->cases[k];
      buf_adds(b, "    <testcase classname=\"");
      xml_escape(b, s->name, true);
      buf_adds(b, "\" name=\"");
      xml_escape(b, c->name, true);
      if (c->failure == NULL && c->error == NULL) {
        buf_adds(b, "\"/>\n");
        continue;
      }
      buf_adds(b, "\">\n");
      if (c->failure != NULL) {
        buf_adds(b, "      <failure message=\"");
        xml_escape(b, c->message != NULL ? c->message : "", true);
        buf_adds(b, "\" type=\"mismatch\">");
        xml_escape(b, c->failure, false);
        buf_adds(b, "</failure>\n");
      } else {
        buf_adds(b, "      <error message=\"");
        xml_escape(b, c->error, true);
        buf_adds(b, "\" type=\"bad input\">");
        xml_escape(b, c->error, false);
        buf_adds(b, "</error>\n");
      }
      buf_adds(b, "    </testcase>\n");
    }
    buf_adds(b, "  </testsuite>\n");
  }
  buf_adds(b, "</testsuites>\n");
}

int junit_write(const struct junit *j, const char *path) {
  struct buf b;
  FILE *fp;
  int rc = 0;

  if (j->failed) {
    errno = ENOMEM;
    return -1;
  }
  buf_init(&b);
  render(j, &b);
  if (b.failed) {
    buf_cleanup(&b);
    errno = ENOMEM;
    return -1;
  }
  fp = fopen(path, "w");
  if (fp == NULL) {
    buf_cleanup(&b);
    return -1;
  }
  if (fwrite(buf_str(&b), 1, b.len, fp) != b.len)
    rc = -1;
  if (fclose(fp) != 0)
    rc = -1;
  buf_cleanup(&b);
  return rc;
}
