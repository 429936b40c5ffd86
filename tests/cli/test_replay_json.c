/*
 * test_replay_json.c - replay's JSON lines (replay_report.c, written by
 * json_emit.c) against the jansson tree they replaced: the same bytes for
 * random verdicts whose strings are full of what JSON must escape,
 * invalid UTF-8, Latin-1 and longer UTF-8, and for random numbers. The
 * reference below is the jansson-based json_line as it was (report_json.c
 * builds the output fields, as before).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "json_emit.h"
#include "replay_report.h"
#include "report_json.h"
#include "scenario.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the reference: the jansson version of the line ------------------ */

static const char *ref_kind_name(enum wire_verdict_kind k) {
  switch (k) {
  case WIRE_VERDICT_JUDGED:
    return "judged";
  case WIRE_VERDICT_PREFLIGHT_ONLY:
    return "preflight-only";
  case WIRE_VERDICT_MISSING:
    return "missing";
  case WIRE_VERDICT_INCOMPLETE:
    return "incomplete";
  case WIRE_VERDICT_FAILED:
    return "failed";
  }
  return "?";
}

static const char *ref_role_name(enum wire_role r) {
  switch (r) {
  case WIRE_ROLE_PREFLIGHT:
    return "preflight";
  case WIRE_ROLE_ACTUAL:
    return "actual";
  case WIRE_ROLE_REDIRECT:
    return "redirect";
  }
  return "?";
}

static json_t *span_json(const struct wire_span *s) {
  return json_pack("{s:I, s:I, s:f, s:f}", "first_packet",
                   (json_int_t)s->first_packet, "last_packet",
                   (json_int_t)s->last_packet, "first_time", s->first_ts,
                   "last_time", s->last_ts);
}

static json_t *source_json(const char *file, const struct wire_verdict *v) {
  json_t *a = json_array();
  for (size_t i = 0; a != NULL && i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    json_t *o = json_pack("{s:s}", "role", ref_role_name(s->role));
    if (o == NULL)
      continue;
    if (s->har_entry != SIZE_MAX) {
      json_object_set_new(o, "har_entry", json_integer((json_int_t)s->har_entry));
    } else {
      json_object_set_new(o, "connection", json_integer((json_int_t)s->conn));
    }
    json_object_set_new(o, "request", span_json(&s->req));
    if (s->status != 0)
      json_object_set_new(o, "response", span_json(&s->resp));
    json_object_set_new(o, "status", json_integer(s->status));
    json_array_append_new(a, o);
  }
  return json_pack("{s:s, s:o*}", "file", file, "exchanges", a);
}

/* Returns the line (malloc'd, with its newline) or NULL where the old
 * code returned -1. */
static char *ref_line(const char *file, const struct wire_verdict *v,
                      bool trace) {
  json_t *o;
  if (v->result != NULL) {
    struct scenario sc;
    memset(&sc, 0, sizeof(sc));
    sc.name = corsim_str_c(file);
    o = report_json_object(&sc, (size_t)v->number, v->result, trace);
  } else {
    o = json_pack("{s:s, s:I, s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:[], "
                  "s:[], s:n, s:[], s:[]}",
                  "scenario", file, "request", (json_int_t)v->number,
                  "browser", corsim_browser_name(v->browser), "response_type",
                  "blocked", "status", "error", "message", "preflight", "wire",
                  "exposed_headers", "fix", "also", "notes");
  }
  if (o == NULL)
    return NULL;
  json_t *inf = json_array();
  for (size_t k = 0; inf != NULL && k < v->ninferred; k++)
    json_array_append_new(inf, json_string(v->inferred[k]));
  json_object_set_new(o, "verdict", json_string(ref_kind_name(v->kind)));
  json_object_set_new(o, "why", v->why ? json_string(v->why) : json_null());
  json_object_set_new(o, "time", json_real(v->ts));
  json_object_set_new(o, "origin",
                      report_json_string(v->origin.ptr, v->origin.len));
  json_object_set_new(o, "method",
                      report_json_string(v->method.ptr, v->method.len));
  json_object_set_new(o, "url", report_json_string(v->url.ptr, v->url.len));
  json_object_set_new(o, "source", source_json(file, v));
  json_object_set_new(o, "inferred", inf);
  char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
  json_decref(o);
  if (s == NULL)
    return NULL;
  size_t n = strlen(s);
  char *line = malloc(n + 2);
  memcpy(line, s, n);
  memcpy(line + n, "\n", 2);
  free(s);
  return line;
}

/* ---- random input ------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void) {
  /* splitmix64: deterministic, so a failure reproduces. */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static size_t below(size_t n) { return (size_t)(rnd() % n); }

/* Strings from pieces JSON and UTF-8 care about. The arena keeps them for
 * one case. */
struct arena {
  char mem[1 << 16];
  size_t used;
};

static struct corsim_str rnd_str(struct arena *a, size_t max) {
  static const char *const pieces[] = {
      "a",  "Content-Type", "http://h:1/p?q=1", " ", "\"", "\\", "/",
      "\t", "\n",           "\r",               "\b", "\f", "\x01",
      "\x1f", "\x7f",       "\xc3\xa9",         "\xe9", "\xe2\x82\xac",
      "\xf0\x9f\x98\x80",   "\xed\xa0\x80",     "\xc0\xaf", "\xff",
      "\xf4\x90\x80\x80",   "\xe0\x80\xaf",     "\xc2",   "\xe2\x82",
      "abcdefghijklmnop",   "\0",               "\xc2\xff"};
  size_t n = below(max + 1), start = a->used;
  for (size_t i = 0; i < n && a->used + 32 < sizeof(a->mem); i++) {
    size_t k = below(sizeof(pieces) / sizeof(pieces[0]));
    size_t len = pieces[k][0] == '\0' ? 1 : strlen(pieces[k]);
    memcpy(a->mem + a->used, pieces[k], len);
    a->used += len;
  }
  a->mem[a->used++] = '\0';
  return (struct corsim_str){a->mem + start, a->used - 1 - start};
}

static const char *rnd_cstr(struct arena *a, size_t max) {
  struct corsim_str s = rnd_str(a, max);
  /* A C string ends at its first NUL, whatever the pieces said. */
  return s.ptr;
}

static double rnd_real(void) {
  switch (below(8)) {
  case 0:
    return 1795000000.0 + (double)below(100000000) / 1e6;
  case 1:
    return (double)below(1u << 30) + (double)below(1000) / 1000.0;
  case 2: {
    uint64_t bits = rnd();
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d; /* any double: NaN, infinities, subnormals too */
  }
  case 3:
    return (double)rnd() / ldexp(1.0, (int)below(64));
  case 4:
    return below(2) ? 0.0 : -0.0;
  case 5:
    return ldexp((double)(rnd() >> 11), -(int)below(60));
  case 6:
    return 1e15 * (double)below(10) + 0.5;
  default:
    return (double)(int64_t)rnd();
  }
}

struct rcase {
  struct arena a;
  struct corsim_header h[3][6];
  struct corsim_exchange wire[3];
  struct corsim_str exposed[3], notes[3];
  enum corsim_reason also[3];
  struct corsim_trace_step trace[3];
  struct corsim_result res;
  struct wire_verdict_source src[3];
  const char *inferred[3];
  struct wire_verdict v;
  char file[64];
};

static void rnd_case(struct rcase *c) {
  memset(c, 0, sizeof(*c));
  struct corsim_result *r = &c->res;
  r->browser = (enum corsim_browser)below(4);
  r->response_type = (enum corsim_response_type)below(6);
  r->blocked = below(2) != 0;
  r->status = (int)below(600);
  r->error = (enum corsim_reason)below(CORSIM_REASON_COUNT_ + 1);
  if (below(3) != 0)
    r->message = rnd_str(&c->a, 4);
  if (below(3) != 0)
    r->fix = rnd_str(&c->a, 4);
  r->preflight = (enum corsim_preflight)below(3);
  r->nwire = below(4);
  for (size_t i = 0; i < r->nwire; i++) {
    struct corsim_exchange *x = &c->wire[i];
    x->method = rnd_str(&c->a, 2);
    x->url = below(8) ? rnd_str(&c->a, 5) : (struct corsim_str){NULL, 0};
    x->nheaders = below(7);
    for (size_t h = 0; h < x->nheaders; h++) {
      c->h[i][h].name = rnd_str(&c->a, 3);
      c->h[i][h].value =
          below(8) ? rnd_str(&c->a, 6) : (struct corsim_str){NULL, 0};
    }
    x->headers = c->h[i];
    x->status = (int)below(600);
  }
  r->wire = c->wire;
  r->nexposed_headers = below(4);
  for (size_t i = 0; i < r->nexposed_headers; i++)
    c->exposed[i] = rnd_str(&c->a, 3);
  r->exposed_headers = c->exposed;
  r->nalso = below(4);
  for (size_t i = 0; i < r->nalso; i++)
    c->also[i] = (enum corsim_reason)below(CORSIM_REASON_COUNT_ + 1);
  r->also = c->also;
  r->nnotes = below(4);
  for (size_t i = 0; i < r->nnotes; i++)
    c->notes[i] = rnd_str(&c->a, 4);
  r->notes = c->notes;
  r->ntrace = below(4);
  for (size_t i = 0; i < r->ntrace; i++) {
    c->trace[i].rule = below(5) ? "Fetch 4.9 CORS check" : NULL;
    c->trace[i].text = rnd_str(&c->a, 4);
  }
  r->trace = c->trace;

  struct wire_verdict *v = &c->v;
  v->number = below(4) ? below(100000) : rnd();
  v->kind = (enum wire_verdict_kind)below(5);
  v->why = below(2) ? NULL : rnd_cstr(&c->a, 4);
  v->ts = rnd_real();
  v->browser = (enum corsim_browser)below(4);
  v->origin = below(8) ? rnd_str(&c->a, 3) : (struct corsim_str){NULL, 0};
  v->method = rnd_str(&c->a, 2);
  v->url = rnd_str(&c->a, 5);
  v->result = below(4) ? r : NULL;
  v->nsources = below(4);
  for (size_t i = 0; i < v->nsources; i++) {
    struct wire_verdict_source *s = &c->src[i];
    s->role = (enum wire_role)below(3);
    s->conn = below(4) ? below(1000) : rnd();
    s->har_entry = below(2) ? SIZE_MAX : (size_t)below(5000);
    s->req = (struct wire_span){rnd(), below(100000), rnd_real(), rnd_real()};
    s->resp = (struct wire_span){below(100000), rnd(), rnd_real(), rnd_real()};
    s->status = below(3) ? (int)below(600) : 0;
  }
  v->sources = c->src;
  v->ninferred = below(4);
  for (size_t i = 0; i < v->ninferred; i++)
    c->inferred[i] = below(3) ? "credentials: same-origin (no Cookie)"
                              : rnd_cstr(&c->a, 3);
  v->inferred = c->inferred;
  struct corsim_str f = rnd_str(&c->a, 3);
  snprintf(c->file, sizeof(c->file), "%s%s", below(2) ? "cap.pcap" : "",
           below(4) ? "" : f.ptr);
}

/* The new line, through replay_report_verdict; NULL when it failed. */
static char *new_line(const char *file, const struct wire_verdict *v,
                      bool trace) {
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&text, &len);
  assert_non_null(fp);
  int rc = replay_report_verdict(fp, file, v, true, trace, false);
  fclose(fp);
  if (rc != 0) {
    assert_int_equal(len, 0);
    free(text);
    return NULL;
  }
  return text;
}

static void random_lines(void **state) {
  (void)state;
  static struct rcase c;
  for (int i = 0; i < 50000; i++) {
    rnd_case(&c);
    bool trace = below(3) == 0;
    char *want = ref_line(c.file, &c.v, trace);
    char *got = new_line(c.file, &c.v, trace);
    if (want == NULL || got == NULL) {
      if (want != got)
        fail_msg("case %d: jansson %s, new %s", i, want ? want : "(failed)",
                 got ? got : "(failed)");
    } else if (strcmp(want, got) != 0) {
      fail_msg("case %d:\njansson: %snew:     %s", i, want, got);
    }
    free(want);
    free(got);
  }
}

/* Appends a line to a growing text. */
static void append(char **text, size_t *len, const char *line, size_t n) {
  *text = realloc(*text, *len + n + 1);
  assert_non_null(*text);
  memcpy(*text + *len, line, n);
  *len += n;
  (*text)[*len] = '\0';
}

/* Lines through one replay_out (gathered, with what it caches: the file
 * name, table names, the inferred facts, whose texts change in place
 * from one case to the next) give the lines jansson gives one by one,
 * and the table rows replay_report_verdict gives one by one. */
static void lines_through_one_output(void **state) {
  (void)state;
  static struct rcase c;
  for (int round = 0; round < 20; round++) {
    char file[sizeof(c.file)];
    rnd_case(&c);
    memcpy(file, c.file, sizeof(file));
    bool trace = below(3) == 0;
    char *got = NULL, *got_text = NULL, *want = NULL, *want_text = NULL;
    size_t got_len = 0, got_text_len = 0, want_len = 0, want_text_len = 0;
    FILE *fp = open_memstream(&got, &got_len);
    FILE *ft = open_memstream(&got_text, &got_text_len);
    assert_non_null(fp);
    assert_non_null(ft);
    struct replay_out *ro = replay_out_new(fp, file, true, trace, false);
    struct replay_out *rt = replay_out_new(ft, file, false, trace, false);
    assert_non_null(ro);
    assert_non_null(rt);
    for (int i = 0; i < 1500; i++) {
      rnd_case(&c);
      char *line = ref_line(file, &c.v, trace);
      int rc = replay_out_verdict(ro, &c.v);
      if (line == NULL) {
        assert_int_not_equal(rc, 0);
      } else {
        assert_int_equal(rc, 0);
        append(&want, &want_len, line, strlen(line));
        free(line);
      }
      /* (Rows are for verdicts the judge gives: known names only.) */
      if (corsim_reason_name(c.res.error) == NULL)
        c.res.error = (enum corsim_reason)1;
      if (corsim_browser_name(c.v.browser) == NULL)
        c.v.browser = CORSIM_BROWSER_CHROMIUM;
      char *row = NULL;
      size_t row_len = 0;
      FILE *fr = open_memstream(&row, &row_len);
      assert_non_null(fr);
      assert_int_equal(replay_report_verdict(fr, file, &c.v, false, trace,
                                             false), 0);
      fclose(fr);
      append(&want_text, &want_text_len, row, row_len);
      free(row);
      assert_int_equal(replay_out_verdict(rt, &c.v), 0);
    }
    assert_int_equal(replay_out_flush(ro), 0);
    assert_int_equal(replay_out_flush(rt), 0);
    replay_out_free(ro);
    replay_out_free(rt);
    fclose(fp);
    fclose(ft);
    assert_int_equal(got_len, want_len);
    if (want_len > 0 && memcmp(got, want, want_len) != 0)
      fail_msg("round %d: the gathered JSON lines differ", round);
    assert_int_equal(got_text_len, want_text_len);
    if (want_text_len > 0 && memcmp(got_text, want_text, want_text_len) != 0)
      fail_msg("round %d: the gathered table rows differ", round);
    free(got);
    free(got_text);
    free(want);
    free(want_text);
  }
}

/* Reals against json_real + json_dumps, over the kinds of doubles a
 * capture gives and any bit pattern. */
static void reals(void **state) {
  (void)state;
  for (int i = 0; i < 400000; i++) {
    double d = rnd_real();
    json_t *j = json_real(d);
    struct jout o;
    jout_init(&o);
    bool ok = json_emit_real(&o, d);
    if (j == NULL) {
      if (ok)
        fail_msg("%a: jansson refuses it, json_emit_real took it", d);
      continue;
    }
    char *want = json_dumps(j, JSON_ENCODE_ANY);
    assert_true(ok);
    if (strlen(want) != o.len || memcmp(want, o.p, o.len) != 0)
      fail_msg("%a: jansson %s, new %.*s", d, want, (int)o.len, o.p);
    free(want);
    json_decref(j);
    jout_cleanup(&o);
  }
}

/* Reals written one after the other into one line, as a line's capture
 * times are: the integer part kept from the one before (same second,
 * or not) and the whole text of a repeated one must give jansson's text
 * all the same. */
static void reals_in_a_row(void **state) {
  (void)state;
  struct jout o;
  jout_init(&o);
  double base = 1795000000.0, prev = 0.0;
  for (int i = 0; i < 400000; i++) {
    double d;
    switch (below(5)) {
    case 3:
      /* The one before again (a one-packet message's first and last
       * time), or its negation (0.0 and -0.0 have one text each). */
      d = below(4) != 0 ? prev : -prev;
      break;
    case 0:
      base += (double)below(3);
      d = base + (double)below(1000000000) / 1e9;
      break;
    case 1:
      d = base + (double)below(10000) / 1e4;
      break;
    case 2:
      d = (double)below(20) + (double)below(1000) / 1e3;
      break;
    default:
      d = rnd_real();
      break;
    }
    prev = d;
    json_t *j = json_real(d);
    size_t at = o.len;
    bool ok = json_emit_real(&o, d);
    if (j == NULL) {
      if (ok)
        fail_msg("%a: jansson refuses it, json_emit_real took it", d);
      continue;
    }
    char *want = json_dumps(j, JSON_ENCODE_ANY);
    assert_true(ok);
    if (strlen(want) != o.len - at || memcmp(want, o.p + at, o.len - at) != 0)
      fail_msg("%a after others: jansson %s, new %.*s", d, want,
               (int)(o.len - at), o.p + at);
    free(want);
    json_decref(j);
    if (o.len > 60000) {
      jout_cleanup(&o);
      jout_init(&o);
    }
  }
  jout_cleanup(&o);
}

static void ints(void **state) {
  (void)state;
  const long long edge[] = {0, 1, -1, 9, 10, -10, LLONG_MAX, LLONG_MIN};
  for (int i = 0; i < 100000; i++) {
    long long v = i < 8 ? edge[i] : (long long)(rnd() >> below(64));
    if (below(2) && v != LLONG_MIN)
      v = -v;
    json_t *j = json_integer(v);
    char *want = json_dumps(j, JSON_ENCODE_ANY);
    struct jout o;
    jout_init(&o);
    json_emit_int(&o, v);
    if (strlen(want) != o.len || memcmp(want, o.p, o.len) != 0)
      fail_msg("%lld: jansson %s, new %.*s", v, want, (int)o.len, o.p);
    free(want);
    json_decref(j);
  }
}

/* A line past the local storage moves to the heap intact. */
static void long_line(void **state) {
  (void)state;
  struct jout o;
  jout_init(&o);
  for (int i = 0; i < 3000; i++)
    JOUT_LIT(&o, "0123456789");
  assert_false(o.failed);
  assert_int_equal(o.len, 30000);
  for (size_t i = 0; i < o.len; i++)
    assert_int_equal(o.p[i], '0' + (int)(i % 10));
  jout_cleanup(&o);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_lines),
      cmocka_unit_test(lines_through_one_output),
      cmocka_unit_test(reals),
      cmocka_unit_test(reals_in_a_row),
      cmocka_unit_test(ints),
      cmocka_unit_test(long_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
