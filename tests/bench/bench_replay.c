/*
 * bench_replay.c - prints how fast corsim replay reads a capture, next to
 * tshark extracting the HTTP request and response fields from the same
 * file and a bare libpcap loop that only reads every packet, in one run.
 *
 *   build/bench_replay CAPTURE [path/to/corsim] [JOBS]
 *
 * corsim replay runs twice, printing JSON lines (--json) and the table.
 * Each tool runs as a child process (the bare loop in this process),
 * timed by the wall clock; peak memory is the child's maximum resident
 * set (wait4's ru_maxrss). tshark is run with the HTTP dissector on the
 * capture's API port (8002 for tests/bench/capgen captures) and asked for
 * method, URI, status and every header line of requests and responses
 * (tshark 4.0 has no field for the CORS headers themselves), which is
 * what replay reads. bare, --json and the table run BENCH_RUNS times each
 * (default 5), taken in turn, and the fastest and the median run are
 * printed: on a shared machine one run can take twice another (tshark,
 * at half a minute a run, runs once). With JOBS > 1, `corsim replay -j JOBS` also reads JOBS
 * copies of the capture at once (the capture named JOBS times).
 */
#include <pcap/pcap.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define MAX_RUNS 21

struct run {
  double secs;
  long maxrss_kb;
  int status;
};

/* Runs argv with stdout to /dev/null; wall time and peak memory. */
static struct run child(const char *const argv[]) {
  struct run r = {0, 0, -1};
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0)
    return r;
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execvp(argv[0], (char *const *)argv);
    _exit(127);
  }
  int st;
  struct rusage ru;
  if (wait4(pid, &st, 0, &ru) < 0)
    return r;
  r.secs = now() - t0;
  r.maxrss_kb = ru.ru_maxrss;
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  return r;
}

static struct run bare_libpcap(const char *path, unsigned long long *packets) {
  struct run r = {0, 0, 0};
  char err[PCAP_ERRBUF_SIZE];
  double t0 = now();
  pcap_t *p = pcap_open_offline(path, err);
  if (p == NULL) {
    fprintf(stderr, "bench_replay: %s\n", err);
    r.status = -1;
    return r;
  }
  struct pcap_pkthdr *h;
  const unsigned char *d;
  unsigned long long n = 0, sum = 0;
  while (pcap_next_ex(p, &h, &d) == 1) {
    n++;
    sum += d[h->caplen - 1]; /* touch the packet, as any reader must */
  }
  pcap_close(p);
  r.secs = now() - t0;
  *packets = n + (sum & 0);
  return r;
}

static int by_secs(const void *a, const void *b) {
  double x = ((const struct run *)a)->secs, y = ((const struct run *)b)->secs;
  return (x > y) - (x < y);
}

/* The runs of one tool: fastest, median, and the peak memory of all. */
struct runs {
  struct run r[MAX_RUNS];
  int n;
};

static void add(struct runs *rs, struct run r) {
  if (rs->n < MAX_RUNS)
    rs->r[rs->n++] = r;
}

static int failed(const struct runs *rs) {
  for (int i = 0; i < rs->n; i++)
    if (rs->r[i].status != 0)
      return rs->r[i].status;
  return rs->n == 0 ? -1 : 0;
}

static double best(const struct runs *rs) {
  struct run t[MAX_RUNS];
  memcpy(t, rs->r, sizeof(t[0]) * (size_t)rs->n);
  qsort(t, (size_t)rs->n, sizeof(t[0]), by_secs);
  return t[0].secs;
}

static double median(const struct runs *rs) {
  struct run t[MAX_RUNS];
  memcpy(t, rs->r, sizeof(t[0]) * (size_t)rs->n);
  qsort(t, (size_t)rs->n, sizeof(t[0]), by_secs);
  return rs->n % 2 ? t[rs->n / 2].secs
                   : (t[rs->n / 2 - 1].secs + t[rs->n / 2].secs) / 2;
}

static void line(const char *what, double mb, const struct runs *rs) {
  int st = failed(rs);
  if (st != 0) {
    printf("%-28s failed (exit %d)\n", what, st);
    return;
  }
  long peak = 0;
  for (int i = 0; i < rs->n; i++)
    if (rs->r[i].maxrss_kb > peak)
      peak = rs->r[i].maxrss_kb;
  double b = best(rs), m = median(rs);
  printf("%-28s %8.3f s %8.3f s %9.1f MB/s", what, b, m, mb / b);
  if (peak > 0)
    printf("   peak %7.1f MiB", (double)peak / 1024.0);
  printf("\n");
}

static void ratio(const char *what, const struct runs *a,
                  const struct runs *b) {
  if (failed(a) == 0 && failed(b) == 0)
    printf("%-24s %6.2fx fastest, %6.2fx median\n", what, best(a) / best(b),
           median(a) / median(b));
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_replay CAPTURE [CORSIM] [JOBS]\n");
    return 2;
  }
  const char *cap = argv[1];
  const char *corsim = argc > 2 ? argv[2] : "build/corsim";
  int jobs = argc > 3 ? atoi(argv[3]) : 1;
  const char *env = getenv("BENCH_RUNS");
  int nruns = env != NULL ? atoi(env) : 5;
  if (nruns < 1 || nruns > MAX_RUNS) {
    fprintf(stderr, "bench_replay: BENCH_RUNS must be 1 to %d\n", MAX_RUNS);
    return 2;
  }
  struct stat sb;
  if (stat(cap, &sb) != 0) {
    fprintf(stderr, "bench_replay: %s: %s\n", cap, strerror(errno));
    return 2;
  }
  double mb = (double)sb.st_size / 1e6;
  unsigned long long packets = 0;
  /* A first bare read warms the page cache for all. */
  (void)bare_libpcap(cap, &packets);
  printf("capture %s: %.1f MB, %llu packets; %d runs of each but tshark, "
         "taken in turn\n", cap, mb, packets, nruns);
  printf("%-28s %10s %10s %14s\n", "", "fastest", "median", "(fastest)");

  const char *rep[] = {corsim, "replay", "--json", cap, NULL};
  const char *rept[] = {corsim, "replay", cap, NULL};
  struct runs bare = {.n = 0}, replay = {.n = 0}, table = {.n = 0},
              tshark = {.n = 0};
  /* In turn, so that a stretch of a busy machine falls on all three. */
  for (int i = 0; i < nruns; i++) {
    add(&bare, bare_libpcap(cap, &packets));
    add(&replay, child(rep));
    add(&table, child(rept));
  }
  const char *tsh[] = {"tshark", "-n", "-r", cap, "-d", "tcp.port==8002,http",
                 "-Y", "http", "-T", "fields", "-e", "http.request.method",
                 "-e", "http.request.uri", "-e", "http.response.code", "-e",
                 "http.request.line", "-e", "http.response.line", NULL};
  add(&tshark, child(tsh));

  line("bare libpcap read", mb, &bare);
  line("corsim replay --json", mb, &replay);
  line("corsim replay (table)", mb, &table);
  line("tshark (HTTP fields)", mb, &tshark);
  /* Throughput ratios are time ratios the other way round. */
  ratio("replay / tshark (speed):", &tshark, &replay);
  ratio("replay / bare (time):", &replay, &bare);
  ratio("table / tshark (speed):", &tshark, &table);
  ratio("table / bare (time):", &table, &bare);
  if (jobs > 1) {
    const char **argj = calloc((size_t)jobs + 6, sizeof(*argj));
    char jn[16];
    snprintf(jn, sizeof(jn), "%d", jobs);
    int k = 0;
    argj[k++] = corsim;
    argj[k++] = "replay";
    argj[k++] = "--json";
    argj[k++] = "-j";
    argj[k++] = jn;
    for (int i = 0; i < jobs; i++)
      argj[k++] = cap;
    struct runs par = {.n = 0};
    add(&par, child(argj));
    char what[64];
    snprintf(what, sizeof(what), "corsim replay -j %d (x%d)", jobs, jobs);
    line(what, mb * jobs, &par);
    free((void *)argj);
  }
  return 0;
}
