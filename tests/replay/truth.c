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
 * fields compared. Prints one line per disagreement and a summary; exits
 * 1 when any request disagrees or has no verdict, 2 on bad input.
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

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: truth OBSERVED.jsonl REPLAY.jsonl\n");
    return 2;
  }
  size_t nobs, nrep;
  json_t **obs = load_lines(argv[1], &nobs);
  json_t **rep = load_lines(argv[2], &nrep);
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
  size_t checked = 0, agree = 0;
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
      continue;
    }
    m->used = true;
    int bad = 0;
    json_t *r = m->v;
    if (!json_equal(json_object_get(o, "blocked"), json_object_get(r, "blocked")))
      printf("%s #%ld: blocked: browser %s, replay %s\n", name, req,
             json_is_true(json_object_get(o, "blocked")) ? "true" : "false",
             json_is_true(json_object_get(r, "blocked")) ? "true" : "false"),
          bad++;
    if (strcmp(str(o, "response_type"), str(r, "response_type")) != 0)
      printf("%s #%ld: response_type: browser %s, replay %s\n", name, req,
             str(o, "response_type"), str(r, "response_type")),
          bad++;
    if (!json_equal(json_object_get(o, "status"), json_object_get(r, "status")))
      printf("%s #%ld: status: browser %lld, replay %lld\n", name, req,
             (long long)json_integer_value(json_object_get(o, "status")),
             (long long)json_integer_value(json_object_get(r, "status"))),
          bad++;
    bool o_sent = strcmp(str(o, "preflight"), "sent") == 0;
    bool r_sent = strcmp(str(r, "preflight"), "sent") == 0;
    if (o_sent != r_sent)
      printf("%s #%ld: preflight: browser %s, replay %s\n", name, req,
             str(o, "preflight"), str(r, "preflight")),
          bad++;
    json_t *om = json_object_get(o, "message");
    char rmsg[4096];
    strip_prefixes(str(r, "message"), rmsg, sizeof(rmsg));
    if (json_is_string(om) && strcmp(json_string_value(om), rmsg) != 0)
      printf("%s #%ld: message:\n  browser: %s\n  replay:  %s\n", name, req,
             json_string_value(om), rmsg),
          bad++;
    if (bad == 0)
      agree++;
  }
  printf("truth: %zu of %zu recorded script requests agree with the "
         "browser\n",
         agree, checked);
  /* Freed, so that make asan's leak check passes. */
  for (size_t i = 0; i < nobs; i++)
    json_decref(obs[i]);
  for (size_t i = 0; i < nrep; i++)
    json_decref(rep[i]);
  free(obs);
  free(rep);
  free(vs);
  return agree == checked && checked > 0 ? 0 : 1;
}
