/*
 * bench.c - prints how fast the core decides, and how fast `corsim eval`
 * runs end to end, on a generated set of scenarios.
 *
 *   build/bench [N] [path/to/corsim]
 *
 * Core alone: N script requests (a third simple GETs, a third preflighted
 * PUTs with custom headers on distinct URLs so the cache never helps, a
 * third redirected), each driven through corsim_fetch_new/next/feed/
 * result/free against in-memory answers; no JSON; each kind timed in
 * slices of 1000 in thread CPU time and reported by the median slice.
 * End to end: the same
 * kinds written as a JSON Lines scenario file and evaluated by
 * `corsim eval --json` (parsing, simulation, output), timed as a whole.
 * BENCH_KIND=0|1|2 runs one kind only, BENCH_BROWSER=chromium|... one
 * profile only (for profilers).
 * Before each slice of 1000 evaluations, a probe times a short loop of
 * four independent add chains: high-throughput work whose speed changes
 * only with the core's share of its execution units. On a VM whose
 * virtual core shares a physical core with other work (seen here: the
 * same binary ran 650-700 ns or 1.1-1.4 us per preflighted request from
 * one second to the next), both slow down together. The second line
 * gives the median over the slices whose probe ran at 90% or more of its
 * 95th percentile: the core's speed on a core of its own.
 * Peer: with PEER=path/to/peer-mentoss.mjs in the environment (see
 * `make bench-peer`), the same three kinds through Mentoss's FetchMocker
 * CORS simulation in Node.js, and the ratios of corsim to it.
 */

#include "corsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PAGE "http://127.0.0.1:8001"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The core is timed in this thread's CPU time: "on one core" means the
 * time the thread ran, not the time other processes held the core. */
static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct corsim_header pre_h[] = {
    {{"Access-Control-Allow-Origin", 27}, {PAGE, sizeof(PAGE) - 1}},
    {{"Access-Control-Allow-Methods", 28}, {"PUT, DELETE", 11}},
    {{"Access-Control-Allow-Headers", 28}, {"content-type, x-token", 21}},
    {{"Access-Control-Max-Age", 22}, {"0", 1}},
};
static const struct corsim_header act_h[] = {
    {{"Access-Control-Allow-Origin", 27}, {PAGE, sizeof(PAGE) - 1}},
    {{"Content-Type", 12}, {"application/json", 16}},
    {{"Vary", 4}, {"Origin", 6}},
};
static const struct corsim_header redir_h[] = {
    {{"Access-Control-Allow-Origin", 27}, {PAGE, sizeof(PAGE) - 1}},
    {{"Location", 8}, {"/final", 6}},
};

/* "http://127.0.0.1:8002/items/<i>" without printf, whose cost would be
 * counted as the core's. */
static void make_url(char *url, long i) {
  static const char prefix[] = "http://127.0.0.1:8002/items/";
  memcpy(url, prefix, sizeof(prefix) - 1);
  char digits[24];
  int n = 0;
  do {
    digits[n++] = (char)('0' + i % 10);
    i /= 10;
  } while (i > 0);
  char *p = url + sizeof(prefix) - 1;
  while (n > 0)
    *p++ = digits[--n];
  *p = '\0';
}

/* One evaluation; returns the number of wire requests (for a sanity sum). */
static size_t one(struct corsim_ctx *ctx, int kind, const char *url) {
  struct corsim_request r;
  corsim_request_init(&r);
  r.url = corsim_str_c(url);
  struct corsim_header hs[2] = {
      {{"Content-Type", 12}, {"application/json", 16}},
      {{"X-Token", 7}, {"abc", 3}}};
  if (kind == 1) {
    r.method = corsim_str_c("PUT");
    r.headers = hs;
    r.nheaders = 2;
    r.body = CORSIM_BODY_TEXT;
  }
  struct corsim_fetch *f;
  if (corsim_fetch_new(ctx, &r, &f) != 0)
    abort();
  struct corsim_wire_request w;
  while (corsim_fetch_next(f, &w)) {
    struct corsim_wire_response resp = {200, act_h, 3};
    if (w.preflight)
      resp = (struct corsim_wire_response){204, pre_h, 4};
    else if (kind == 2 && w.url.len > 6 &&
             memcmp(w.url.ptr + w.url.len - 6, "/final", 6) != 0)
      resp = (struct corsim_wire_response){302, redir_h, 2};
    corsim_fetch_feed(f, &resp);
  }
  struct corsim_result res;
  if (corsim_fetch_result(f, &res) != 0 || res.blocked)
    abort();
  size_t n = res.nwire;
  corsim_fetch_free(f);
  return n;
}

/* Evaluations per timed slice: about a millisecond, short enough that a
 * slice and the probe just before it see the same machine. */
#define SLICE 1000

/* Billions of adds per second of CPU time from four independent chains
 * (x86-64 only; 0 elsewhere). A loop of plain C could be folded away by
 * the compiler; the asm cannot. */
static double probe(void) {
#if defined(__x86_64__)
  unsigned long a = 1, b = 2, c = 3, d = 4;
  const long iters = 20000;
  double t0 = cpu_now();
  for (long i = 0; i < iters; i++)
    __asm__ volatile("add $1, %0\n\tadd $1, %1\n\tadd $1, %2\n\tadd $1, %3\n\t"
                     "add $1, %0\n\tadd $1, %1\n\tadd $1, %2\n\tadd $1, %3"
                     : "+r"(a), "+r"(b), "+r"(c), "+r"(d));
  double dt = cpu_now() - t0;
  return dt > 0 ? 8.0 * (double)iters / dt / 1e9 : 0;
#else
  return 0;
#endif
}

struct slice {
  double s;     /* seconds per evaluation */
  double probe; /* the probe's rate just before */
};

static int cmp_s(const void *a, const void *b) {
  double x = ((const struct slice *)a)->s, y = ((const struct slice *)b)->s;
  return (x > y) - (x < y);
}

static int cmp_probe(const void *a, const void *b) {
  double x = ((const struct slice *)a)->probe,
         y = ((const struct slice *)b)->probe;
  return (x > y) - (x < y);
}

/* What one kind's slices say. */
struct kind_figures {
  double median;      /* seconds per evaluation, median slice */
  double free_median; /* the same over the uncontended slices */
  size_t nfree, nslices;
  double probe_top;   /* the probe's 95th percentile */
};

/*
 * The median slice, and the median of the slices whose probe ran at 90%
 * or more of its 95th percentile in this run: the slices where nothing
 * else was taking the physical core's execution units.
 */
static struct kind_figures figures(struct slice *sl, size_t n) {
  struct kind_figures k = {0, 0, 0, n, 0};
  qsort(sl, n, sizeof(*sl), cmp_probe);
  k.probe_top = sl[n * 95 / 100 < n ? n * 95 / 100 : n - 1].probe;
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    if (sl[i].probe >= 0.9 * k.probe_top)
      w++;
  qsort(sl, n, sizeof(*sl), cmp_s);
  k.median = sl[n / 2].s;
  /* The uncontended ones, sorted by time among themselves. */
  struct slice *fr = malloc(w * sizeof(*fr));
  if (fr == NULL)
    abort();
  size_t j = 0;
  for (size_t i = 0; i < n; i++)
    if (sl[i].probe >= 0.9 * k.probe_top)
      fr[j++] = sl[i];
  k.nfree = j;
  k.free_median = j > 0 ? fr[j / 2].s : 0;
  free(fr);
  return k;
}

static int only_kind = -1; /* BENCH_KIND=0|1|2 restricts the core run */

static double core_chromium_avg; /* per-kind seconds, for the ratios */
static double core_chromium_kind[3];

static void core_bench(long n, enum corsim_browser b) {
  struct corsim_ctx *ctx;
  if (corsim_ctx_new(b, corsim_str_c(PAGE), &ctx) != 0)
    abort();
  char url[128];
  double per_kind[3] = {0, 0, 0};
  struct kind_figures fig[3];
  size_t wire = 0;
  for (int kind = 0; kind < 3; kind++) {
    if (only_kind >= 0 && kind != only_kind)
      continue;
    /* Slices of SLICE evaluations in thread CPU time, each after a
     * probe, reported by their median: on this VM the speed of a virtual
     * core changes from one millisecond to the next with the load of
     * whatever shares its physical core. */
    size_t nsl = (size_t)(n / 3 / SLICE);
    if (nsl < 1)
      nsl = 1;
    struct slice *sl = malloc(nsl * sizeof(*sl));
    if (sl == NULL)
      abort();
    long i = 0;
    for (size_t r = 0; r < nsl; r++) {
      sl[r].probe = probe();
      double t0 = cpu_now();
      for (long e = 0; e < SLICE; e++, i++) {
        make_url(url, i);
        wire += one(ctx, kind, url);
      }
      sl[r].s = (cpu_now() - t0) / SLICE;
    }
    fig[kind] = figures(sl, nsl);
    free(sl);
    per_kind[kind] = fig[kind].median;
  }
  double sum = 0;
  int kinds = 0;
  for (int k = 0; k < 3; k++)
    if (per_kind[k] > 0) {
      sum += per_kind[k];
      kinds++;
    }
  double avg = sum / kinds;
  if (b == CORSIM_BROWSER_CHROMIUM) {
    core_chromium_avg = avg;
    memcpy(core_chromium_kind, per_kind, sizeof(per_kind));
  }
  printf("core  %-8s  %8.0f evals/s   simple GET %6.0f ns   preflighted PUT "
         "%6.0f ns   redirected GET %6.0f ns   (%zu wire requests)\n",
         corsim_browser_name(b), 1.0 / avg, per_kind[0] * 1e9,
         per_kind[1] * 1e9, per_kind[2] * 1e9, wire);
  /* The same without the slices where the physical core was shared. */
  printf("      %-8s  uncontended slices:", "");
  for (int k = 0; k < 3; k++)
    if (per_kind[k] > 0)
      printf("   %s %.0f ns (%zu of %zu)",
             k == 0 ? "GET" : k == 1 ? "PUT" : "redirect",
             fig[k].free_median * 1e9, fig[k].nfree, fig[k].nslices);
  printf("   probe top %.1f G-adds/s\n",
         fig[only_kind >= 0 ? only_kind : 1].probe_top);
  corsim_ctx_free(ctx);
}

static double e2e_rate;

static void peer_bench(long n) {
  const char *peer = getenv("PEER");
  if (peer == NULL || *peer == '\0')
    return;
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "node %s %ld", peer, n);
  FILE *p = popen(cmd, "r");
  char line[256] = "";
  double rate = 0, k[3] = {0, 0, 0};
  if (p == NULL || fgets(line, sizeof(line), p) == NULL) {
    printf("peer  mentoss: `%s` printed nothing\n", cmd);
    if (p)
      pclose(p);
    return;
  }
  pclose(p);
  char *e = line + strlen("peer mentoss ");
  if (strncmp(line, "peer mentoss ", 13) != 0) {
    printf("peer  mentoss: unexpected output: %s", line);
    return;
  }
  rate = strtod(e, &e);
  for (int i = 0; i < 3; i++)
    k[i] = strtod(e, &e);
  printf("peer  mentoss   %8.0f evals/s   simple GET %6.0f ns   preflighted PUT "
         "%6.0f ns   redirected GET %6.0f ns   (FetchMocker, Node.js)\n",
         rate, k[0], k[1], k[2]);
  if (core_chromium_avg > 0)
    printf("ratio corsim core / mentoss: %.0fx evals/s (GET %.0fx, PUT %.0fx, "
           "redirect %.0fx)\n",
           (1.0 / core_chromium_avg) / rate, k[0] / (core_chromium_kind[0] * 1e9),
           k[1] / (core_chromium_kind[1] * 1e9),
           k[2] / (core_chromium_kind[2] * 1e9));
  if (e2e_rate > 0)
    printf("ratio corsim eval end to end / mentoss: %.1fx evals/s\n",
           e2e_rate / rate);
}

static void e2e_bench(long n, const char *corsim) {
  char path[] = "/tmp/corsim-bench-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    perror("mkstemp");
    return;
  }
  FILE *fp = fdopen(fd, "w");
  for (long i = 0; i < n; i++) {
    int kind = (int)(i % 3);
    fprintf(fp, "{\"name\": \"s%ld\", \"origin\": \"" PAGE "\", \"request\": ", i);
    if (kind == 1)
      fprintf(fp, "{\"url\": \"http://127.0.0.1:8002/items/%ld\", \"method\": "
                  "\"PUT\", \"headers\": [[\"Content-Type\", "
                  "\"application/json\"], [\"X-Token\", \"abc\"]], \"body\": "
                  "\"text\"}",
              i);
    else
      fprintf(fp, "{\"url\": \"http://127.0.0.1:8002/items/%ld\"}", i);
    fprintf(fp, ", \"server\": [{\"method\": \"OPTIONS\", \"status\": 204, "
                "\"headers\": [[\"Access-Control-Allow-Origin\", \"" PAGE "\"], "
                "[\"Access-Control-Allow-Methods\", \"PUT\"], "
                "[\"Access-Control-Allow-Headers\", \"content-type, x-token\"]]}, "
                "%s{\"headers\": [[\"Access-Control-Allow-Origin\", \"" PAGE
                "\"], [\"Vary\", \"Origin\"]]}]}\n",
            kind == 2 ? "{\"url\": \"http://127.0.0.1:8002/items/*\", \"status\": "
                        "302, \"headers\": [[\"Access-Control-Allow-Origin\", \"" PAGE
                        "\"], [\"Location\", \"/final\"]]}, "
                      : "");
  }
  fclose(fp);
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "%s eval --json %s > /dev/null", corsim, path);
  double t0 = now();
  int rc = system(cmd);
  double dt = now() - t0;
  unlink(path);
  if (rc != 0) {
    printf("end-to-end: `%s` failed (status %d)\n", cmd, rc);
    return;
  }
  e2e_rate = n / dt;
  printf("e2e   chromium  %8.0f evals/s   (%ld scenarios through `corsim eval "
         "--json` in %.3f s)\n",
         n / dt, n, dt);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 300000;
  const char *corsim = argc > 2 ? argv[2] : "build/corsim";
  if (n < 3)
    n = 3;
  const char *k = getenv("BENCH_KIND");
  if (k != NULL)
    only_kind = (int)strtol(k, NULL, 10);
  const char *only_browser = getenv("BENCH_BROWSER");
  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++)
    if (only_browser == NULL ||
        strcmp(only_browser, corsim_browser_name((enum corsim_browser)b)) == 0)
      core_bench(n, (enum corsim_browser)b);
  e2e_bench(n / 10, corsim);
  peer_bench(n / 100 < 300 ? 300 : n / 100);
  return 0;
}
