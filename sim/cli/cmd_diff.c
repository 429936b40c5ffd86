/*
 * cmd_diff.c - corsim diff: run scenarios in a real browser and in the
 * model, and print every disagreement field by field.
 *
 * One libuv loop drives three things: corsim serve (sim/live/serve.c),
 * which plays the scenarios' server rules and serves a runner page per
 * scenario; the browser (sim/live/browser.h), which is pointed at one
 * runner page after the other and reports its console; and a watchdog per
 * scenario. The page reports what the script saw; serve reports the wire
 * requests (each under its scenario's path prefix); the console lines
 * between the page's "corsim:begin N i" and "corsim:end N i" markers are
 * request i's. diff_compare.c turns that into the output format's terms
 * and compares it with what `corsim eval` would print.
 */
#include "args.h"
#include "browser.h"
#include "cmd.h"
#include "diag.h"
#include "diff_compare.h"
#include "har_json.h"
#include "report_json.h"
#include "run.h"
#include "scenario_set.h"
#include "serve.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Slack for a scenario beyond its requests' own time limits. */
#define SCENARIO_SLACK_MS 15000
/* A wire request belongs to request i when it arrived after i began,
 * minus this much for the page clock's rounding. */
#define BEGIN_SLACK_MS 5.0

static const char diff_help[] =
    "usage: corsim diff --browser chromium|firefox|webkit [--json]\n"
    "                   [--known FILE] [--observed FILE] [--har FILE]\n"
    "                   [--binary PATH]\n"
    "                   [--settle MS] [--timeout MS] [--max-wait S]\n"
    "                   [--verbose] FILE...\n"
    "\n"
    "Run every scenario of the files in a real browser, headless, against\n"
    "corsim serve on loopback, and in the model with the same browser's\n"
    "profile; print every field on which they disagree, then a summary with\n"
    "the browser's version and the agreement per field.\n"
    "\n"
    "Compared per script request: response_type, blocked, status, preflight\n"
    "(sent or not), the wire hops (method and URL), their Origin,\n"
    "Access-Control-Request-Method, Access-Control-Request-Headers, other\n"
    "script headers and status, exposed_headers, and the console message.\n"
    "\n"
    "options:\n"
    "  --browser B   chromium (Debian's chromium), firefox (firefox-esr) or\n"
    "                webkit (WebKitGTK's MiniBrowser under Xvfb)\n"
    "  --json        one JSON line per disagreeing request, then a summary\n"
    "                line, instead of text\n"
    "  --known FILE  a JSON array of {browser, scenario, field, why}: known\n"
    "                differences (browser nondeterminism), reported but not\n"
    "                counted as failures\n"
    "  --observed FILE  also write what the browser did for every request\n"
    "                (not only the disagreeing ones), one JSON line each\n"
    "  --har FILE    also write every request the browser made as a HAR 1.2\n"
    "                file, built from the browser's network events in the\n"
    "                shape of its DevTools' HAR export (chromium, firefox)\n"
    "  --binary PATH the browser executable to run instead of the default\n"
    "  --settle MS   wait MS milliseconds after each request for its console\n"
    "                lines (default 200)\n"
    "  --timeout MS  give up on one request after MS milliseconds (20000)\n"
    "  --max-wait S  skip scenarios whose requests' \"at\" is beyond S seconds\n"
    "                (the page would have to wait that long; default 120)\n"
    "  --verbose     the browser's protocol traffic and output on stderr\n"
    "  -h, --help    show this help\n"
    "\n"
    "Scenarios naming hosts corsim serve cannot listen on (not loopback, or\n"
    "https) are skipped and listed.\n"
    "\n"
    "exit status: 0 the browser and the model agree on every field (known\n"
    "differences aside); 1 some field disagrees; 2 bad input or usage, or the\n"
    "browser could not be run.\n";

void cmd_diff_help(FILE *fp) { fputs(diff_help, fp); }

/* What the browser did in one scenario. */
struct observed {
  json_t *result;  /* the runner page's report; NULL: none */
  json_t *wire;    /* [{time, method, url, headers, status}] */
  json_t *console; /* per request: [{kind, level, source, text}] */
  bool timed_out;
};

struct diff_run {
  uv_loop_t loop;
  uv_timer_t watchdog;
  uv_signal_t sigint, sigterm;
  struct serve *srv;
  struct browser *br;
  struct scenario_set set;
  enum corsim_browser profile;
  json_t **pred;           /* per scenario: the predictions, or NULL */
  struct observed *obs;    /* per scenario */
  size_t *order, norder;   /* the scenarios to run, in order */
  size_t next;             /* index into order of the next to run */
  long current;            /* the scenario running, or -1 */
  long mark_n, mark_i;     /* the request between console markers */
  unsigned settle_ms, timeout_ms;
  double max_wait;         /* --max-wait: longest "at" run for real */
  json_t *known;           /* --known: [{browser, scenario, field, why}] */
  FILE *observed;          /* --observed: every request's browser view */
  const char *har;         /* --har: where to write the HAR, or NULL */
  const char *failure;     /* why the run stopped early */
  char failure_buf[512];
  bool closing, interrupted, progress;
  int handles_open;
};

/* ---- the loop's callbacks ---------------------------------------------- */

static void on_closed(uv_handle_t *h) {
  struct diff_run *r = h->data;
  r->handles_open--;
}

static void finish(struct diff_run *r) {
  if (r->closing)
    return;
  r->closing = true;
  uv_timer_stop(&r->watchdog);
  uv_close((uv_handle_t *)&r->watchdog, on_closed);
  uv_close((uv_handle_t *)&r->sigint, on_closed);
  uv_close((uv_handle_t *)&r->sigterm, on_closed);
  if (r->br != NULL)
    browser_close(r->br);
  serve_stop(r->srv, NULL, NULL);
}

static void fail(struct diff_run *r, const char *why) {
  if (r->failure == NULL) {
    snprintf(r->failure_buf, sizeof(r->failure_buf), "%s", why);
    r->failure = r->failure_buf;
  }
  finish(r);
}

static void on_watchdog(uv_timer_t *t);

static double longest_at(const struct scenario *sc) {
  double at = 0;
  for (size_t i = 0; i < sc->nrequests; i++)
    if (sc->requests[i].at > at)
      at = sc->requests[i].at;
  return at;
}

static uint64_t budget_ms(const struct diff_run *r, const struct scenario *sc) {
  uint64_t ms = SCENARIO_SLACK_MS;
  double at = 0;
  for (size_t i = 0; i < sc->nrequests; i++) {
    ms += r->timeout_ms + r->settle_ms;
    if (sc->requests[i].at > at)
      at = sc->requests[i].at;
  }
  return ms + (uint64_t)(at * 1000);
}

/*
 * Moves on to the next scenario. The runner pages run in chain mode: each
 * goes on to the next scenario's page by itself once it has posted its
 * results, so the browser is pointed at a page only at the start and
 * after a page stalled (navigate is a restart for MiniBrowser).
 */
static void run_next(struct diff_run *r, bool navigate) {
  char url[1024];
  if (r->closing)
    return;
  if (r->next == r->norder) {
    r->current = -1;
    finish(r);
    return;
  }
  size_t k = r->order[r->next++];
  r->current = (long)k;
  if (r->progress)
    fprintf(stderr, "\rcorsim: diff: scenario %zu/%zu", r->next, r->norder);
  if (navigate &&
      (serve_runner_url(r->srv, k, url, sizeof(url) - 8) != 0 ||
       (memcpy(url + strlen(url), "?chain=1", sizeof("?chain=1")),
        browser_navigate(r->br, url) != 0))) {
    fail(r, "could not point the browser at a runner page");
    return;
  }
  uv_timer_start(&r->watchdog, on_watchdog, budget_ms(r, &r->set.scs[k]), 0);
}

static void on_watchdog(uv_timer_t *t) {
  struct diff_run *r = t->data;
  if (r->current >= 0)
    r->obs[r->current].timed_out = true;
  run_next(r, true);
}

static void on_ready(void *user) { run_next(user, true); }

static void on_exit_browser(void *user, int status, const char *why) {
  struct diff_run *r = user;
  char buf[400];
  if (r->closing)
    return;
  snprintf(buf, sizeof(buf), "the browser exited (status %d)%s%s", status,
           why ? ": " : "", why ? why : "");
  fail(r, buf);
}

/* "corsim:begin N I" / "corsim:end N I": returns 1 (begin), 2 (end) or 0. */
static int marker(struct corsim_str t, long *n, long *i) {
  char buf[64];
  if (t.len >= sizeof(buf) || t.len < 10 || memcmp(t.ptr, "corsim:", 7) != 0)
    return 0;
  memcpy(buf, t.ptr, t.len);
  buf[t.len] = '\0';
  int kind = strncmp(buf + 7, "begin ", 6) == 0 ? 1
             : strncmp(buf + 7, "end ", 4) == 0 ? 2
                                                 : 0;
  if (kind == 0)
    return 0;
  char *p = strchr(buf + 7, ' ') + 1, *e;
  *n = strtol(p, &e, 10);
  if (e == p || *e != ' ')
    return 0;
  p = e + 1;
  *i = strtol(p, &e, 10);
  return (e != p && *e == '\0') ? kind : 0;
}

/*
 * The console speaks of the URLs the browser fetched, which carry the
 * isolation prefix: "/__corsim/s<N>" and a following '/' become one '/',
 * as the runner page does for exception texts. Returns a new string.
 */
/* At t[i]: "lit<digits>" then optionally tail; the end of the match, or
 * 0 when there is none. */
static size_t match_numbered(struct corsim_str t, size_t i, const char *lit,
                             const char *tail) {
  size_t l = strlen(lit), d = i + l, tl = strlen(tail);
  if (d >= t.len || memcmp(t.ptr + i, lit, l) != 0 || t.ptr[d] < '0' ||
      t.ptr[d] > '9')
    return 0;
  while (d < t.len && t.ptr[d] >= '0' && t.ptr[d] <= '9')
    d++;
  if (d + tl <= t.len && memcmp(t.ptr + d, tail, tl) == 0)
    d += tl;
  return d;
}

/* The page itself is the runner page "/__corsim/run/<N>?chain=1", where
 * the model puts the page at its origin's "/". */
static json_t *unprefixed(struct corsim_str t) {
  char *out = malloc(t.len + 1);
  size_t w = 0, i = 0, e;
  if (out == NULL)
    return NULL;
  while (i < t.len) {
    if ((e = match_numbered(t, i, "/__corsim/s", "/")) != 0 ||
        (e = match_numbered(t, i, "/__corsim/run/", "?chain=1")) != 0) {
      out[w++] = '/';
      i = e;
      continue;
    }
    out[w++] = t.ptr[i++];
  }
  json_t *j = report_json_string(out, w);
  free(out);
  return j;
}

static void on_console(void *user, const struct browser_console *m) {
  struct diff_run *r = user;
  long n, i;
  switch (marker(m->text, &n, &i)) {
  case 1:
    r->mark_n = n;
    r->mark_i = i;
    return;
  case 2:
    r->mark_n = -1;
    return;
  default:
    break;
  }
  if (r->mark_n < 0 || (size_t)r->mark_n >= r->set.n || r->mark_i < 0)
    return;
  json_t *per = r->obs[r->mark_n].console;
  while (json_array_size(per) <= (size_t)r->mark_i)
    json_array_append_new(per, json_array());
  json_array_append_new(
      json_array_get(per, (size_t)r->mark_i),
      json_pack("{s:s, s:s, s:s, s:o}", "kind", m->kind ? m->kind : "",
                "level", m->level ? m->level : "", "source",
                m->source ? m->source : "", "text", unprefixed(m->text)));
}

static void on_wire(void *user, const struct serve_wire *w) {
  struct diff_run *r = user;
  /* Only requests under a scenario's own prefix are its wire requests;
   * anything else the browser fetched (a favicon, the runner page) is
   * not. */
  if (w->kind != SERVE_RULE || w->scenario < 0 ||
      (size_t)w->scenario >= r->set.n || w->target.ptr == NULL ||
      w->url.ptr == NULL)
    return;
  char pfx[48];
  int k = snprintf(pfx, sizeof(pfx), "/__corsim/s%ld/", w->scenario);
  bool prefixed = false;
  for (size_t i = 0; k > 0 && i + (size_t)k <= w->target.len && !prefixed; i++)
    prefixed = memcmp(w->target.ptr + i, pfx, (size_t)k) == 0;
  if (!prefixed)
    return;
  json_t *hs = json_array();
  for (size_t i = 0; i < w->nheaders; i++)
    json_array_append_new(
        hs, json_pack("[oo]",
                      report_json_header_bytes(w->headers[i].name.ptr,
                                               w->headers[i].name.len),
                      report_json_header_bytes(w->headers[i].value.ptr,
                                               w->headers[i].value.len)));
  json_array_append_new(
      r->obs[w->scenario].wire,
      json_pack("{s:f, s:o, s:o, s:o, s:i}", "time", w->time, "method",
                report_json_string(w->method.ptr, w->method.len), "url",
                report_json_string(w->url.ptr, w->url.len), "headers", hs,
                "status", w->status));
}

static void on_result(void *user, const struct serve_result *res) {
  struct diff_run *r = user;
  if (res->scenario >= r->set.n)
    return;
  struct observed *o = &r->obs[res->scenario];
  if (o->result == NULL && res->json != NULL)
    o->result = json_incref(res->json);
  /* Even a report that does not parse means the page is done and has
   * gone on to the next scenario by itself: pointing the browser there
   * too once the watchdog fired would run the rest twice. */
  if ((long)res->scenario == r->current) {
    uv_timer_stop(&r->watchdog);
    run_next(r, false);
  }
}

static void on_sigint(uv_signal_t *h, int signum) {
  struct diff_run *r = h->data;
  (void)signum;
  r->interrupted = true;
  fail(r, "interrupted");
}

/* ---- predictions --------------------------------------------------------- */

struct pred_hook {
  json_t *list;
};

static int pred_result(void *data, const struct scenario *sc, size_t i,
                       const struct corsim_result *res) {
  struct pred_hook *h = data;
  json_t *o = report_json_object(sc, i, res, false);
  return o != NULL && json_array_append_new(h->list, o) == 0 ? 0 : -1;
}

/* Runs the model on scenario k; NULL (reported) when it cannot. */
static json_t *predict(struct diff_run *r, size_t k) {
  struct pred_hook ph = {json_array()};
  struct run_hooks h = {0};
  struct run_opts o = {0};
  struct diag d;
  h.data = &ph;
  h.result = pred_result;
  o.override_browser = true;
  o.browser = r->profile;
  diag_init(&d, r->set.file[k]);
  diag_scenario(&d, r->set.scs[k].index);
  if (ph.list == NULL || run_scenario(&r->set.scs[k], &o, &d, &h) != 0) {
    json_decref(ph.list);
    return NULL;
  }
  return ph.list;
}

/* ---- comparing ------------------------------------------------------------ */

/* Serve adds this to every rule's answer that does not frame itself; a
 * rule may set it too. */
static const char *const server_added[] = {"content-length", NULL};

struct rule_names {
  const struct scenario *sc;
};

static bool rule_sets(void *data, const char *lower_name) {
  const struct scenario *sc = ((struct rule_names *)data)->sc;
  size_t n = strlen(lower_name);
  for (size_t i = 0; i < sc->nrules; i++)
    for (size_t j = 0; j < sc->rules[i].nheaders; j++) {
      struct corsim_str h = sc->rules[i].headers[j].name;
      if (h.len == n && strncasecmp(h.ptr, lower_name, n) == 0)
        return true;
    }
  return false;
}

/* The wire requests of request i: those that arrived from its beginning
 * to the next request's. */
static json_t *wire_of(const struct observed *o, size_t i) {
  const json_t *reqs = json_object_get(o->result, "requests");
  json_t *out = json_array();
  double begin = json_number_value(
      json_object_get(json_array_get(reqs, i), "begin_ms"));
  const json_t *next = json_array_get(reqs, i + 1);
  double end = next != NULL
                   ? json_number_value(json_object_get(next, "begin_ms"))
                   : 1e300;
  size_t k;
  const json_t *w;
  json_array_foreach(o->wire, k, w) {
    double t = json_number_value(json_object_get(w, "time")) * 1000;
    if (t >= begin - BEGIN_SLACK_MS && t < end - BEGIN_SLACK_MS)
      json_array_append(out, (json_t *)w);
  }
  return out;
}

struct tally {
  size_t compared[32], agree[32];
  size_t requests, requests_agree, scenarios, skipped, unevaluable;
  size_t too_long;  /* scenarios whose "at" exceeds --max-wait */
  size_t known;     /* disagreements listed in --known */
  size_t failing;   /* requests with a disagreement not listed there */
};

/* The why of a --known entry for this disagreement, or NULL. */
static const char *known_why(const struct diff_run *r, const struct scenario *sc,
                             const char *field) {
  size_t i;
  const json_t *k;
  json_array_foreach(r->known, i, k) {
    const char *b = json_string_value(json_object_get(k, "browser"));
    const char *n = json_string_value(json_object_get(k, "scenario"));
    const char *f = json_string_value(json_object_get(k, "field"));
    if (b != NULL && n != NULL && f != NULL &&
        strcmp(b, corsim_browser_name(r->profile)) == 0 &&
        strlen(n) == sc->name.len && memcmp(n, sc->name.ptr, sc->name.len) == 0 &&
        strcmp(f, field) == 0)
      return json_string_value(json_object_get(k, "why"));
  }
  return NULL;
}

/* Marks known disagreements ("known": why) and counts them; returns
 * whether any disagreement is left that is not known. */
static bool mark_known(const struct diff_run *r, const struct scenario *sc,
                       json_t *diffs, struct tally *t) {
  size_t j;
  json_t *d;
  bool failing = false;
  json_array_foreach(diffs, j, d) {
    const char *why =
        known_why(r, sc, json_string_value(json_object_get(d, "field")));
    if (why != NULL) {
      json_object_set_new(d, "known", json_string(why));
      t->known++;
    } else {
      failing = true;
    }
  }
  return failing;
}

static size_t field_index(const char *f) {
  size_t i;
  for (i = 0; diff_fields[i] != NULL; i++)
    if (strcmp(diff_fields[i], f) == 0)
      return i;
  return i; /* "report": counted apart */
}

static void print_text(const struct diff_run *r, size_t k, size_t i,
                       const json_t *diffs) {
  const struct scenario *sc = &r->set.scs[k];
  size_t j;
  const json_t *d;
  printf("%s: scenario %zu", r->set.file[k], sc->index);
  if (sc->name.len > 0)
    printf(" (\"%.*s\")", (int)sc->name.len, sc->name.ptr);
  printf(" request %zu:\n", i);
  json_array_foreach(diffs, j, d) {
    char *a = json_dumps(json_object_get(d, "corsim"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    char *b = json_dumps(json_object_get(d, "browser"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    const char *why = json_string_value(json_object_get(d, "known"));
    printf("  %-16s corsim:  %s\n  %-16s %-8s %s\n",
           json_string_value(json_object_get(d, "field")), a ? a : "?", "",
           corsim_browser_name(r->profile), b ? b : "?");
    if (why != NULL)
      printf("  %-16s known:   %s\n", "", why);
    free(a);
    free(b);
  }
}

static int compare_all(struct diff_run *r, bool as_json, struct tally *t) {
  for (size_t n = 0; n < r->norder; n++) {
    size_t k = r->order[n];
    const struct scenario *sc = &r->set.scs[k];
    struct observed *o = &r->obs[k];
    struct rule_names rn = {sc};
    t->scenarios++;
    for (size_t i = 0; i < sc->nrequests; i++) {
      json_t *con = json_array_get(o->console, i);
      json_t *empty = json_array();
      json_t *wire = o->result != NULL ? wire_of(o, i) : json_array();
      struct diff_observed ob = {
          json_array_get(json_object_get(o->result, "requests"), i), wire,
          con != NULL ? con : empty};
      struct diff_input in = {r->profile, sc->origin, &sc->requests[i],
                              server_added, rule_sets, &rn};
      json_t *view = diff_browser_view(&in, &ob);
      json_t *pred = json_array_get(r->pred[k], i);
      if (r->observed != NULL && view != NULL) {
        json_t *line = json_pack(
            "{s:s, s:I, s:o, s:I, s:s, s:O}", "file", r->set.file[k],
            "scenario", (json_int_t)sc->index, "name",
            report_json_string(sc->name.ptr, sc->name.len), "request",
            (json_int_t)i, "browser", corsim_browser_name(r->profile),
            "observed", view);
        if (line != NULL)
          report_json_print(r->observed, line);
        json_decref(line);
      }
      json_t *diffs = view != NULL && pred != NULL ? diff_compare(pred, view)
                                                   : NULL;
      json_decref(wire);
      json_decref(empty);
      if (diffs == NULL) {
        json_decref(view);
        return -1;
      }
      t->requests++;
      for (size_t f = 0; diff_fields[f] != NULL; f++) {
        t->compared[f]++;
        t->agree[f]++;
      }
      size_t j;
      const json_t *d;
      json_array_foreach(diffs, j, d) {
        size_t f = field_index(json_string_value(json_object_get(d, "field")));
        if (diff_fields[f] != NULL)
          t->agree[f]--;
        else
          for (size_t g = 0; diff_fields[g] != NULL; g++)
            t->agree[g]--; /* no report: nothing agreed */
      }
      if (json_array_size(diffs) == 0)
        t->requests_agree++;
      else if (mark_known(r, sc, diffs, t))
        t->failing++;
      if (json_array_size(diffs) == 0) {
        /* nothing to print */
      } else if (as_json) {
        json_t *line = json_pack(
            "{s:s, s:I, s:o, s:I, s:s, s:O, s:O, s:O}", "file",
            r->set.file[k], "scenario", (json_int_t)sc->index, "name",
            report_json_string(sc->name.ptr, sc->name.len), "request",
            (json_int_t)i, "browser", corsim_browser_name(r->profile),
            "diffs", diffs, "observed", view, "predicted", pred);
        if (line != NULL)
          report_json_print(stdout, line);
        json_decref(line);
      } else {
        print_text(r, k, i, diffs);
      }
      json_decref(diffs);
      json_decref(view);
    }
  }
  return 0;
}

static void print_summary(const struct diff_run *r, const struct tally *t,
                          bool as_json, double secs) {
  const char *version = r->br != NULL ? browser_version(r->br) : NULL;
  if (as_json) {
    json_t *fields = json_object();
    for (size_t f = 0; diff_fields[f] != NULL; f++)
      json_object_set_new(fields, diff_fields[f],
                          json_pack("{s:I, s:I}", "agree",
                                    (json_int_t)t->agree[f], "compared",
                                    (json_int_t)t->compared[f]));
    json_t *s = json_pack(
        "{s:{s:s, s:s?, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:o, "
        "s:s?}}",
        "summary", "profile", corsim_browser_name(r->profile), "browser",
        version, "scenarios", (json_int_t)t->scenarios, "skipped",
        (json_int_t)t->skipped, "too_long", (json_int_t)t->too_long,
        "unevaluable", (json_int_t)t->unevaluable,
        "requests", (json_int_t)t->requests, "requests_agree",
        (json_int_t)t->requests_agree, "known", (json_int_t)t->known,
        "failing", (json_int_t)t->failing, "seconds", secs, "fields", fields,
        "failure", r->failure);
    if (s != NULL)
      report_json_print(stdout, s);
    json_decref(s);
    return;
  }
  printf("corsim diff: %s (profile %s): %zu requests in %zu scenarios, "
         "%.1f s\n",
         version ? version : "browser version unknown",
         corsim_browser_name(r->profile), t->requests, t->scenarios, secs);
  if (t->skipped > 0)
    printf("  %zu scenarios skipped (hosts corsim serve cannot serve)\n",
           t->skipped);
  if (t->too_long > 0)
    printf("  %zu scenarios skipped (an \"at\" beyond --max-wait)\n",
           t->too_long);
  if (t->unevaluable > 0)
    printf("  %zu scenarios not evaluated (bad input, reported above)\n",
           t->unevaluable);
  if (t->known > 0)
    printf("  %zu disagreements are known differences (--known)\n", t->known);
  for (size_t f = 0; diff_fields[f] != NULL; f++)
    printf("  %-16s %6zu/%-6zu %6.1f%%\n", diff_fields[f], t->agree[f],
           t->compared[f],
           t->compared[f] ? 100.0 * (double)t->agree[f] / (double)t->compared[f]
                          : 100.0);
  printf("  %-16s %6zu/%-6zu %6.1f%%\n", "every field", t->requests_agree,
         t->requests,
         t->requests ? 100.0 * (double)t->requests_agree / (double)t->requests
                     : 100.0);
}

/* ---- the command --------------------------------------------------------- */

/* --har: what the browser recorded, even after a failure (it is what
 * happened up to then). */
static int write_har(struct diff_run *r) {
  json_t *har = r->br != NULL ? browser_har(r->br) : NULL;
  FILE *f;
  int rc = 0;

  if (har == NULL) {
    fprintf(stderr, "corsim: diff: --har: the browser recorded nothing\n");
    return -1;
  }
  f = fopen(r->har, "w");
  if (f == NULL) {
    fprintf(stderr, "corsim: diff: --har: %s: %s\n", r->har, strerror(errno));
    json_decref(har);
    return -1;
  }
  if (har_json_write(har, f) != 0) {
    fprintf(stderr, "corsim: diff: --har: %s: write error\n", r->har);
    rc = -1;
  }
  if (fclose(f) != 0)
    rc = -1;
  json_decref(har);
  return rc;
}

static int parse_ms(const char *opt, const char *v, unsigned *out) {
  double n;
  if (args_number("diff", opt, v, "a number of milliseconds", 0, 3600000,
                  ARGS_INTEGER | ARGS_DIGIT, &n) != 0)
    return -1;
  *out = (unsigned)n;
  return 0;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_cleanup(struct diff_run *r) {
  for (size_t k = 0; k < r->set.n; k++) {
    if (r->pred != NULL)
      json_decref(r->pred[k]);
    if (r->obs != NULL) {
      json_decref(r->obs[k].result);
      json_decref(r->obs[k].wire);
      json_decref(r->obs[k].console);
    }
  }
  free(r->pred);
  free(r->obs);
  free(r->order);
  json_decref(r->known);
  if (r->observed != NULL)
    fclose(r->observed);
  serve_free(r->srv);
  if (r->br != NULL)
    browser_free(r->br);
  scenario_set_cleanup(&r->set);
}

int cmd_diff(int argc, char **argv) {
  struct diff_run r;
  struct browser_opts bo;
  struct serve_opts so;
  const char *browser = NULL, *binary = NULL;
  bool as_json = false, verbose = false, operands = false;
  char **files = calloc((size_t)argc + 1, sizeof(*files));
  size_t nfiles = 0;
  int status = 0;

  memset(&r, 0, sizeof(r));
  r.settle_ms = 200;
  r.timeout_ms = 20000;
  r.max_wait = 120;
  r.current = -1;
  r.mark_n = -1;
  if (files == NULL) {
    diag_usage("diff: out of memory");
    return 2;
  }
  for (int i = 0; i < argc; i++) {
    const char *v;
    int got;
    switch (args_common(argv, i, &operands, files, &nfiles, cmd_diff_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    if (args_flag(argv, i, "--json")) {
      as_json = true;
      continue;
    }
    if (args_flag(argv, i, "--verbose")) {
      verbose = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--browser", &v)) != 0) {
      if (got < 0) {
        free(files);
        return 2;
      }
      browser = v;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--known", &v)) != 0) {
      json_error_t e;
      if (got < 0) {
        free(files);
        return 2;
      }
      json_decref(r.known);
      r.known = json_load_file(v, 0, &e);
      if (!json_is_array(r.known)) {
        if (r.known == NULL)
          diag_usage("diff: --known: %s:%d:%d: %s", v, e.line, e.column,
                     e.text);
        else
          diag_usage("diff: --known: %s: expected a JSON array of "
                     "{browser, scenario, field, why}",
                     v);
        json_decref(r.known);
        free(files);
        return 2;
      }
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--observed", &v)) != 0) {
      if (got < 0) {
        free(files);
        return 2;
      }
      if (r.observed != NULL)
        fclose(r.observed);
      r.observed = fopen(v, "w");
      if (r.observed == NULL) {
        diag_usage("diff: --observed: %s: %s", v, strerror(errno));
        free(files);
        return 2;
      }
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--har", &v)) != 0) {
      if (got < 0) {
        free(files);
        return 2;
      }
      r.har = v;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--binary", &v)) != 0) {
      if (got < 0) {
        free(files);
        return 2;
      }
      binary = v;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--settle", &v)) != 0) {
      if (got < 0 || parse_ms("--settle", v, &r.settle_ms) != 0) {
        free(files);
        return 2;
      }
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--max-wait", &v)) != 0) {
      if (got < 0 || args_number("diff", "--max-wait", v,
                                 "a number of seconds", 0, HUGE_VAL, 0,
                                 &r.max_wait) != 0) {
        free(files);
        return 2;
      }
      continue;
    }
    if ((got = args_value(argc, argv, &i, "diff", "--timeout", &v)) != 0) {
      if (got < 0 || parse_ms("--timeout", v, &r.timeout_ms) != 0) {
        free(files);
        return 2;
      }
      continue;
    }
    diag_usage("diff: unknown option '%s' (see corsim diff --help)", argv[i]);
    free(files);
    return 2;
  }
  enum browser_kind kind;
  if (browser == NULL) {
    diag_usage("diff: --browser is required (chromium, firefox or webkit)");
    free(files);
    return 2;
  }
  if (strcmp(browser, "chromium") == 0) {
    kind = BROWSER_CHROMIUM;
    r.profile = CORSIM_BROWSER_CHROMIUM;
  } else if (strcmp(browser, "firefox") == 0) {
    kind = BROWSER_FIREFOX;
    r.profile = CORSIM_BROWSER_FIREFOX;
  } else if (strcmp(browser, "webkit") == 0) {
    kind = BROWSER_WEBKIT;
    r.profile = CORSIM_BROWSER_WEBKIT;
  } else {
    diag_usage("diff: --browser: unknown browser '%s' (expected chromium, "
               "firefox or webkit)",
               browser);
    free(files);
    return 2;
  }
  if (r.har != NULL && kind == BROWSER_WEBKIT) {
    diag_usage("diff: --har: not supported with webkit (MiniBrowser reports "
               "no network events)");
    free(files);
    return 2;
  }
  if (nfiles == 0) {
    diag_usage("diff: no scenario file (see corsim diff --help)");
    free(files);
    return 2;
  }

  double t0 = now_s();
  status = scenario_set_load(&r.set, files, nfiles, "diff");
  free(files);
  r.pred = calloc(r.set.n + 1, sizeof(*r.pred));
  r.obs = calloc(r.set.n + 1, sizeof(*r.obs));
  r.order = calloc(r.set.n + 1, sizeof(*r.order));
  struct serve_scenario *list = calloc(r.set.n + 1, sizeof(*list));
  struct tally t;
  memset(&t, 0, sizeof(t));
  if (r.pred == NULL || r.obs == NULL || r.order == NULL || list == NULL) {
    diag_usage("diff: out of memory");
    free(list);
    run_cleanup(&r);
    return 2;
  }
  for (size_t k = 0; k < r.set.n; k++) {
    r.obs[k].wire = json_array();
    r.obs[k].console = json_array();
    list[k].file = r.set.file[k];
    if (!r.set.ok[k])
      continue;
    if ((r.pred[k] = predict(&r, k)) == NULL) {
      status = 2;
      t.unevaluable++;
      continue;
    }
    if (longest_at(&r.set.scs[k]) > r.max_wait) {
      struct diag d;
      diag_init(&d, r.set.file[k]);
      diag_scenario(&d, r.set.scs[k].index);
      d.name = r.set.scs[k].name;
      diag_warn(&d, "requests[].at",
                "scenario skipped: it would take %.0f s in a real browser "
                "(--max-wait %.0f)",
                longest_at(&r.set.scs[k]), r.max_wait);
      t.too_long++;
      continue;
    }
    list[k].sc = &r.set.scs[k];
  }

  serve_opts_init(&so);
  so.skip_unhostable = true;
  so.settle_ms = r.settle_ms;
  so.timeout_ms = r.timeout_ms;
  so.on_wire = on_wire;
  so.on_result = on_result;
  so.user = &r;
  if (serve_new(&r.srv, list, r.set.n, &so) != 0) {
    free(list);
    run_cleanup(&r);
    return 2;
  }
  for (size_t k = 0; k < r.set.n; k++) {
    if (serve_is_served(r.srv, k))
      r.order[r.norder++] = k;
    else if (list[k].sc != NULL)
      t.skipped++;
  }
  if (uv_loop_init(&r.loop) != 0) {
    diag_usage("diff: could not start the event loop");
    free(list);
    run_cleanup(&r);
    return 2;
  }
  uv_timer_init(&r.loop, &r.watchdog);
  uv_signal_init(&r.loop, &r.sigint);
  uv_signal_init(&r.loop, &r.sigterm);
  r.watchdog.data = r.sigint.data = r.sigterm.data = &r;
  /* Interrupted, the run still closes the browser and reports what it
   * has; a browser that dies mid-write must not kill corsim. */
  uv_signal_start(&r.sigint, on_sigint, SIGINT);
  uv_signal_start(&r.sigterm, on_sigint, SIGTERM);
  signal(SIGPIPE, SIG_IGN);
  r.progress = isatty(STDERR_FILENO) && !verbose;
  if (serve_start(r.srv, &r.loop) != 0) {
    fail(&r, "corsim serve could not listen");
  } else if (r.norder == 0) {
    finish(&r);
  } else {
    browser_opts_init(&bo);
    bo.kind = kind;
    bo.binary = binary;
    bo.verbose = verbose;
    bo.record_network = r.har != NULL;
    bo.on_ready = on_ready;
    bo.on_console = on_console;
    bo.on_exit = on_exit_browser;
    bo.user = &r;
    if (browser_launch(&r.br, &r.loop, &bo) != 0) {
      r.br = NULL;
      fail(&r, "the browser could not be started");
    }
  }
  uv_run(&r.loop, UV_RUN_DEFAULT);
  if (r.progress)
    fputc('\n', stderr);
  uv_loop_close(&r.loop);
  free(list);

  if (r.failure != NULL) {
    fflush(stdout);
    fprintf(stderr, "corsim: diff: %s\n", r.failure);
    status = 2;
  }
  if (r.har != NULL && write_har(&r) != 0)
    status = 2;
  if (compare_all(&r, as_json, &t) != 0) {
    diag_usage("diff: out of memory");
    status = 2;
  }
  print_summary(&r, &t, as_json, now_s() - t0);
  if (status == 0 && t.failing > 0)
    status = 1;
  run_cleanup(&r);
  return status;
}
