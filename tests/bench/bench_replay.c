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
 * what replay reads. With JOBS > 1, `corsim replay -j JOBS` also reads JOBS
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

static void line(const char *what, double mb, const struct run *r) {
  if (r->status != 0) {
    printf("%-28s failed (exit %d)\n", what, r->status);
    return;
  }
  printf("%-28s %8.3f s %9.1f MB/s", what, r->secs, mb / r->secs);
  if (r->maxrss_kb > 0)
    printf("   peak %7.1f MiB", (double)r->maxrss_kb / 1024.0);
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_replay CAPTURE [CORSIM] [JOBS]\n");
    return 2;
  }
  const char *cap = argv[1];
  const char *corsim = argc > 2 ? argv[2] : "build/corsim";
  int jobs = argc > 3 ? atoi(argv[3]) : 1;
  struct stat sb;
  if (stat(cap, &sb) != 0) {
    fprintf(stderr, "bench_replay: %s: %s\n", cap, strerror(errno));
    return 2;
  }
  double mb = (double)sb.st_size / 1e6;
  unsigned long long packets = 0;
  /* The bare loop twice: the first run warms the page cache for all. */
  struct run bare = bare_libpcap(cap, &packets);
  bare = bare_libpcap(cap, &packets);
  printf("capture %s: %.1f MB, %llu packets\n", cap, mb, packets);

  const char *rep[] = {corsim, "replay", "--json", cap, NULL};
  struct run replay = child(rep);
  const char *rept[] = {corsim, "replay", cap, NULL};
  struct run table = child(rept);
  const char *tsh[] = {"tshark", "-n", "-r", cap, "-d", "tcp.port==8002,http",
                 "-Y", "http", "-T", "fields", "-e", "http.request.method",
                 "-e", "http.request.uri", "-e", "http.response.code", "-e",
                 "http.request.line", "-e", "http.response.line", NULL};
  struct run tshark = child(tsh);

  line("bare libpcap read", mb, &bare);
  line("corsim replay --json", mb, &replay);
  line("corsim replay (table)", mb, &table);
  line("tshark (HTTP fields)", mb, &tshark);
  if (replay.status == 0 && tshark.status == 0)
    printf("replay / tshark:        %6.1fx the throughput\n",
           tshark.secs / replay.secs);
  if (replay.status == 0 && bare.status == 0)
    printf("replay / bare libpcap:  %6.2fx the time\n", replay.secs / bare.secs);
  if (table.status == 0 && tshark.status == 0)
    printf("table / tshark:         %6.1fx the throughput\n",
           tshark.secs / table.secs);
  if (table.status == 0 && bare.status == 0)
    printf("table / bare libpcap:   %6.2fx the time\n", table.secs / bare.secs);
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
    struct run par = child(argj);
    char what[64];
    snprintf(what, sizeof(what), "corsim replay -j %d (x%d)", jobs, jobs);
    line(what, mb * jobs, &par);
    free((void *)argj);
  }
  return 0;
}
