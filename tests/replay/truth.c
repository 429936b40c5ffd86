/*
 * truth.c - checks corsim replay's verdicts on a recorded fixture against
 * what the browser was seen to do while it was recorded.
 *
 *   truth NAME.observed.jsonl REPLAY.jsonl
 *
 * NAME.observed.jsonl is `corsim diff --observed` output: per script
 * request of the scenarios, the browser's view (response_type, blocked,
 * status, preflight sent or not, message, and the wire hops with URLs as
 * the scenario wrote them). REPLAY.jsonl is `corsim replay --json` on the
 * recording, whose URLs carry corsim serve's per-scenario prefix
 * "/__corsim/sN" (N = the scenario's 0-based position in the run). Each
 * observed request that put something on the wire is matched to the
 * replay verdict for the same scenario and first URL, in order, and the
 * fields compared.
 *
 * A verdict that cannot tell (missing, incomplete, failed, or a lone
 * preflight that passes) is accepted only for a HAR (--har, the file the
 * replay read) that really lacks what the browser did: one of the wire
 * requests the browser made for that script request (per the observed
 * line: method, URL and that it got an answer) has no entry with a
 * response in the HAR. Such requests are counted as undetermined; any
 * other "cannot tell" is a failure, as it is for a capture.
 *
 * --known FILE: a JSON array of {name, request, field, why}, differences
 * the fixture is known to carry (as corsim diff --known); each is printed
 * with its why and counted apart, not as agreeing.
 *
 * Prints one line per disagreement and a summary ("truth: N requests, A
 * agreeing, U undetermined, K known, D disagreeing"); exits 1 when any
 * request disagrees or has no verdict, 2 on bad input.
 */
#include <jansson.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct verdict {
  long scenario; /* N of /__corsim/sN, or -1 */
  char url[1024];
  json_t *v;
  bool used;
};

static json_t **load_lines(const char *path, size_t *n) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  size_t cap = 64;
  json_t **a = malloc(cap * sizeof(*a));
  char *line = NULL;
  size_t lcap = 0;
  *n = 0;
  long lineno = 0;
  while (getline(&line, &lcap, f) > 0) {
    lineno++;
    json_error_t e;
    json_t *v = json_loads(line, 0, &e);
    if (v == NULL) {
      fprintf(stderr, "truth: %s:%ld: %s\n", path, lineno, e.text);
      exit(2);
    }
    if (*n == cap)
      a = realloc(a, (cap *= 2) * sizeof(*a));
    a[(*n)++] = v;
  }
  free(line);
  fclose(f);
  return a;
}

/* "http://h:p/__corsim/s3/api/x" -> 3 and "http://h:p/api/x". */
static long unprefix(const char *url, char *out, size_t cap) {
  const char *p = strstr(url, "/__corsim/s");
  snprintf(out, cap, "%s", url);
  if (p == NULL)
    return -1;
  char *end;
  long n = strtol(p + 11, &end, 10);
  if (end == p + 11 || (*end != '/' && *end != '?' && *end != '\0'))
    return -1;
  snprintf(out, cap, "%.*s%s", (int)(p - url), url, end);
  return n;
}

/* s with every "/__corsim/sN" taken out (messages name the URLs). */
static void strip_prefixes(const char *s, char *out, size_t cap) {
  size_t w = 0;
  while (*s != '\0' && w + 1 < cap) {
    if (strncmp(s, "/__corsim/s", 11) == 0 && s[11] >= '0' && s[11] <= '9') {
      s += 11;
      while (*s >= '0' && *s <= '9')
        s++;
      continue;
    }
    out[w++] = *s++;
  }
  out[w] = '\0';
}

static const char *str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

/* One HAR entry, as far as the check needs it. */
struct har_entry {
  long scenario;
  char url[1024];
  char method[32];
  bool answered; /* a status or response headers */
};

static struct har_entry *load_har(const char *path, size_t *n) {
  json_error_t e;
  json_t *root = json_load_file(path, 0, &e);
  json_t *entries = json_object_get(json_object_get(root, "log"), "entries");
  struct har_entry *a;
  size_t i;
  json_t *en;
  if (!json_is_array(entries)) {
    fprintf(stderr, "truth: %s: not a HAR (%s)\n", path,
            root == NULL ? e.text : "no log.entries");
    exit(2);
  }
  a = calloc(json_array_size(entries) + 1, sizeof(*a));
  *n = 0;
  json_array_foreach(entries, i, en) {
    json_t *rq = json_object_get(en, "request");
    json_t *rs = json_object_get(en, "response");
    struct har_entry *h = &a[(*n)++];
    h->scenario = unprefix(str(rq, "url"), h->url, sizeof(h->url));
    snprintf(h->method, sizeof(h->method), "%s", str(rq, "method"));
    h->answered = json_integer_value(json_object_get(rs, "status")) > 0 ||
                  json_array_size(json_object_get(rs, "headers")) > 0;
  }
  json_decref(root);
  return a;
}

/* The first wire request of observed o that the HAR has no answered entry
 * for (the browser made it, the HAR lacks it), or NULL. */
static json_t *har_lacks(json_t *o, long sc, const struct har_entry *har,
                         size_t nhar) {
  size_t i, k;
  json_t *w;
  json_array_foreach(json_object_get(o, "wire"), i, w) {
    bool found = false;
    for (k = 0; k < nhar && !found; k++)
      found = har[k].answered && har[k].scenario == sc &&
              strcmp(har[k].url, str(w, "url")) == 0 &&
              strcmp(har[k].method, str(w, "method")) == 0;
    if (!found)
      return w;
  }
  return NULL;
}

/* A replay verdict that says what the recording lacks instead of
 * judging. */
static bool cannot_tell(json_t *r) {
  const char *v = str(r, "verdict");
  return strcmp(v, "missing") == 0 || strcmp(v, "incomplete") == 0 ||
         strcmp(v, "failed") == 0 ||
         (strcmp(v, "preflight-only") == 0 &&
          json_is_null(json_object_get(r, "blocked")));
}

/* The why of a --known entry for this field of this request, or NULL. */
static const char *known_why(json_t *known, const char *name, long req,
                             const char *field) {
  size_t i;
  json_t *k;
  json_array_foreach(known, i, k) {
    if (strcmp(str(k, "name"), name) == 0 &&
        json_integer_value(json_object_get(k, "request")) == req &&
        strcmp(str(k, "field"), field) == 0)
      return str(k, "why");
  }
  return NULL;
}

/* A field on which browser and replay differ: printed; counted in *bad
 * unless known (then in *known). */
static void differs(json_t *known, const char *name, long req,
                    const char *field, int *bad, int *nknown) {
  const char *why = known_why(known, name, req, field);
  if (why != NULL) {
    printf("%s #%ld: %s: known: %s\n", name, req, field, why);
    (*nknown)++;
  } else {
    (*bad)++;
  }
}

int main(int argc, char **argv) {
  const char *har_path = NULL, *known_path = NULL;
  if (argc < 3) {
    fprintf(stderr, "usage: truth OBSERVED.jsonl REPLAY.jsonl [--har FILE] "
                    "[--known FILE]\n");
    return 2;
  }
  for (int a = 3; a < argc; a++) {
    if (strcmp(argv[a], "--har") == 0 && a + 1 < argc)
      har_path = argv[++a];
    else if (strcmp(argv[a], "--known") == 0 && a + 1 < argc)
      known_path = argv[++a];
    else {
      fprintf(stderr, "truth: unknown argument '%s'\n", argv[a]);
      return 2;
    }
  }
  size_t nobs, nrep, nhar = 0;
  json_t **obs = load_lines(argv[1], &nobs);
  json_t **rep = load_lines(argv[2], &nrep);
  struct har_entry *har = har_path ? load_har(har_path, &nhar) : NULL;
  json_t *known = json_array();
  if (known_path != NULL) {
    json_error_t e;
    json_decref(known);
    known = json_load_file(known_path, 0, &e);
    if (!json_is_array(known)) {
      fprintf(stderr, "truth: %s: expected a JSON array (%s)\n", known_path,
              known == NULL ? e.text : "not an array");
      return 2;
    }
  }
  struct verdict *vs = calloc(nrep + 1, sizeof(*vs));
  size_t nv = 0;
  for (size_t i = 0; i < nrep; i++) {
    const char *url = str(rep[i], "url");
    if (*url == '\0')
      continue; /* the summary line */
    vs[nv].scenario = unprefix(url, vs[nv].url, sizeof(vs[nv].url));
    vs[nv].v = rep[i];
    nv++;
  }
  size_t checked = 0, agree = 0, undetermined = 0, nknown = 0, disagree = 0;
  /* Scenario numbers in the observed file are 1-based positions in the
   * run; serve's prefixes are 0-based. */
  for (size_t i = 0; i < nobs; i++) {
    json_t *o = json_object_get(obs[i], "observed");
    json_t *w0 = json_array_get(json_object_get(o, "wire"), 0);
    if (w0 == NULL)
      continue; /* nothing went on the wire: nothing to replay */
    long sc = (long)json_integer_value(json_object_get(obs[i], "scenario")) - 1;
    const char *url = str(w0, "url");
    struct verdict *m = NULL;
    for (size_t k = 0; k < nv && m == NULL; k++)
      if (!vs[k].used && vs[k].scenario == sc && strcmp(vs[k].url, url) == 0)
        m = &vs[k];
    checked++;
    const char *name = str(obs[i], "name");
    long req = (long)json_integer_value(json_object_get(obs[i], "request"));
    if (m == NULL) {
      printf("%s #%ld: no replay verdict for %s\n", name, req, url);
      disagree++;
      continue;
    }
    m->used = true;
    int bad = 0, kn = 0;
    json_t *r = m->v;
    if (cannot_tell(r)) {
      json_t *lack = har != NULL ? har_lacks(o, sc, har, nhar) : NULL;
      if (lack != NULL) {
        printf("%s #%ld: undetermined (%s): the HAR has no answered %s %s\n",
               name, req, str(r, "verdict"), str(lack, "method"),
               str(lack, "url"));
        undetermined++;
      } else {
        printf("%s #%ld: replay cannot tell (%s: %s), yet the recording "
               "holds every request the browser made for it\n",
               name, req, str(r, "verdict"), str(r, "why"));
        disagree++;
      }
      continue;
    }
    if (!json_equal(json_object_get(o, "blocked"),
                    json_object_get(r, "blocked"))) {
      printf("%s #%ld: blocked: browser %s, replay %s\n", name, req,
             json_is_true(json_object_get(o, "blocked")) ? "true" : "false",
             json_is_true(json_object_get(r, "blocked")) ? "true" : "false");
      differs(known, name, req, "blocked", &bad, &kn);
    }
    if (strcmp(str(o, "response_type"), str(r, "response_type")) != 0) {
      printf("%s #%ld: response_type: browser %s, replay %s\n", name, req,
             str(o, "response_type"), str(r, "response_type"));
      differs(known, name, req, "response_type", &bad, &kn);
    }
    if (!json_equal(json_object_get(o, "status"),
                    json_object_get(r, "status"))) {
      printf("%s #%ld: status: browser %lld, replay %lld\n", name, req,
             (long long)json_integer_value(json_object_get(o, "status")),
             (long long)json_integer_value(json_object_get(r, "status")));
      differs(known, name, req, "status", &bad, &kn);
    }
    bool o_sent = strcmp(str(o, "preflight"), "sent") == 0;
    bool r_sent = strcmp(str(r, "preflight"), "sent") == 0;
    if (o_sent != r_sent) {
      printf("%s #%ld: preflight: browser %s, replay %s\n", name, req,
             str(o, "preflight"), str(r, "preflight"));
      differs(known, name, req, "preflight", &bad, &kn);
    }
    json_t *om = json_object_get(o, "message");
    char rmsg[4096];
    strip_prefixes(str(r, "message"), rmsg, sizeof(rmsg));
    if (json_is_string(om) && strcmp(json_string_value(om), rmsg) != 0) {
      printf("%s #%ld: message:\n  browser: %s\n  replay:  %s\n", name, req,
             json_string_value(om), rmsg);
      differs(known, name, req, "message", &bad, &kn);
    }
    if (bad > 0)
      disagree++;
    else if (kn > 0)
      nknown++;
    else
      agree++;
  }
  printf("truth: %zu requests, %zu agreeing, %zu undetermined, %zu known, "
         "%zu disagreeing\n",
         checked, agree, undetermined, nknown, disagree);
  /* Freed, so that make asan's leak check passes. */
  for (size_t i = 0; i < nobs; i++)
    json_decref(obs[i]);
  for (size_t i = 0; i < nrep; i++)
    json_decref(rep[i]);
  free(obs);
  free(rep);
  free(vs);
  free(har);
  json_decref(known);
  return disagree == 0 && agree > 0 ? 0 : 1;
}
