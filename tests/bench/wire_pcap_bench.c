/*
 * wire_pcap_bench.c - how fast the packet half of the wire layer reads a
 * capture (pcap_source.c -> link.c -> tcp_reasm.c, empty callbacks),
 * against a bare libpcap loop over the same file. Prints figures, asserts
 * nothing.
 *
 *   cc -O2 -std=c17 -D_DEFAULT_SOURCE -Isim/include -Isim/core -Isim/wire \
 *     -Itests/helpers tests/bench/wire_pcap_bench.c sim/wire/link.c \
 *     sim/wire/tcp_reasm.c sim/wire/pcap_source.c -lpcap -o wire_pcap_bench
 *   ./wire_pcap_bench gen FILE MB [CONNS [BODY]]
 *                                   write a synthetic capture of about MB MB
 *                                   (CONNS open at once, default 64;
 *                                   response bodies up to BODY bytes,
 *                                   default 60000)
 *   ./wire_pcap_bench bare FILE     pcap_next_ex over every record
 *   ./wire_pcap_bench wire FILE     wire_pcap_run into a reassembler
 *
 * Each reading mode prints seconds, MB/s and the process's peak RSS; run
 * them in separate processes so each peak is its own.
 *
 * The generated traffic: Ethernet, IPv4, CONNS connections open at once,
 * interleaved packet by packet; each connection carries keep-alive
 * exchanges (a CORS preflight, then the actual request; responses with
 * bodies of 200 B to BODY bytes cut into 1448-byte segments, ACKs between),
 * with 1% of data segments retransmitted and 1% swapped with the next
 * (out of order), then FINs; a finished connection is replaced by a new
 * one. Payload bytes are filler; only the sizes matter here.
 */
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "pcap_source.h"
#include "wire_pkt.h"

#define MSS 1448

static uint32_t conns = 64, max_body = 60000;

static uint64_t rng = 0x853c49e6748fea9bu;

static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

struct gconn {
  struct pkt_tcp c2s, s2c; /* templates: addresses and ports */
  uint32_t cseq, sseq;
  int state;     /* 0 handshake, 1.. exchanges, then FINs */
  int exchanges; /* left */
};

static pcap_dumper_t *dumper;
static uint64_t written, tsec = 1700000000, tusec;
static uint8_t filler[65536];

static void emit(struct pkt_tcp *t, uint32_t seq, uint32_t ack, uint8_t flags,
                 size_t len) {
  uint8_t buf[1600];
  struct pcap_pkthdr h;
  t->seq = seq;
  t->ack = ack;
  t->flags = flags;
  t->payload = filler;
  t->plen = len;
  h.caplen = h.len = (bpf_u_int32)pkt_frame(buf, DLT_EN10MB, t);
  tusec += 37;
  if (tusec >= 1000000) {
    tusec -= 1000000;
    tsec++;
  }
  h.ts.tv_sec = (time_t)tsec;
  h.ts.tv_usec = (suseconds_t)tusec;
  pcap_dump((u_char *)dumper, &h, buf);
  written += 16 + h.caplen;
}

static void new_conn(struct gconn *g, uint32_t n) {
  memset(g, 0, sizeof *g);
  pkt_addrs(&g->c2s, 4, 0);
  pkt_addrs(&g->s2c, 4, 1);
  g->c2s.src[2] = g->s2c.dst[2] = (uint8_t)(n >> 8);
  g->c2s.src[3] = g->s2c.dst[3] = (uint8_t)n;
  g->c2s.sport = g->s2c.dport = (uint16_t)(1024 + n % 60000);
  g->c2s.dport = g->s2c.sport = 443;
  g->cseq = rnd(0xffffffffu);
  g->sseq = rnd(0xffffffffu);
  g->exchanges = 1 + (int)rnd(8);
}

/* A message of len bytes from one side, in MSS segments, each ACKed;
 * now and then one retransmitted or two swapped. */
static void message(struct gconn *g, int s2c, size_t len) {
  struct pkt_tcp *t = s2c ? &g->s2c : &g->c2s, *r = s2c ? &g->c2s : &g->s2c;
  uint32_t *seq = s2c ? &g->sseq : &g->cseq, *rseq = s2c ? &g->cseq : &g->sseq;
  size_t off = 0;
  while (off < len) {
    size_t n = len - off < MSS ? len - off : MSS;
    size_t n2 = len - off - n < MSS ? len - off - n : MSS;
    uint32_t k = rnd(100);
    if (k == 0 && n2 > 0) { /* out of order */
      emit(t, *seq + (uint32_t)n, *rseq, 0x18, n2);
      emit(t, *seq, *rseq, 0x18, n);
      n += n2;
    } else {
      emit(t, *seq, *rseq, 0x18, n);
      if (k == 1)
        emit(t, *seq, *rseq, 0x18, n); /* retransmitted */
    }
    *seq += (uint32_t)n;
    off += n;
    if (rnd(2) == 0)
      emit(r, *rseq, *seq, 0x10, 0);
  }
}

static void step(struct gconn *g, uint32_t *next_id) {
  switch (g->state) {
  case 0:
    emit(&g->c2s, g->cseq, 0, 0x02, 0);
    emit(&g->s2c, g->sseq, g->cseq + 1, 0x12, 0);
    g->cseq++;
    g->sseq++;
    emit(&g->c2s, g->cseq, g->sseq, 0x10, 0);
    g->state = 1;
    break;
  case 1: /* preflight */
    message(g, 0, 380 + rnd(200));
    message(g, 1, 250 + rnd(100));
    g->state = 2;
    break;
  case 2: /* the actual request and its response */
    message(g, 0, 420 + rnd(400));
    message(g, 1, 200 + rnd(max_body - 199));
    g->state = --g->exchanges > 0 ? 1 : 3;
    break;
  default:
    emit(&g->c2s, g->cseq, g->sseq, 0x11, 0);
    emit(&g->s2c, g->sseq, g->cseq + 1, 0x11, 0);
    emit(&g->c2s, g->cseq + 1, g->sseq + 1, 0x10, 0);
    new_conn(g, (*next_id)++);
    break;
  }
}

static int gen(const char *path, double mb) {
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
  struct gconn *g = calloc(conns, sizeof *g);
  uint32_t next_id = 0;
  if (dead == NULL || g == NULL)
    return 1;
  dumper = pcap_dump_open(dead, path);
  if (dumper == NULL) {
    fprintf(stderr, "%s\n", pcap_geterr(dead));
    return 1;
  }
  memset(filler, 'x', sizeof filler);
  for (uint32_t i = 0; i < conns; i++)
    new_conn(&g[i], next_id++);
  while ((double)written < mb * 1e6)
    step(&g[rnd(conns)], &next_id);
  pcap_dump_close(dumper);
  pcap_close(dead);
  printf("wrote %s: %.1f MB, %u connections\n", path, (double)written / 1e6,
         next_id);
  free(g);
  return 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void *c_open(void *user, const struct wire_conn_info *c) {
  (void)user;
  (void)c;
  return NULL;
}
static void c_data(void *user, void *conn, int dir, const uint8_t *p,
                   size_t n, uint64_t packet, double ts) {
  (void)user, (void)conn, (void)dir, (void)p, (void)n, (void)packet, (void)ts;
}
static void c_gap(void *user, void *conn, int dir, uint64_t n,
                  uint64_t packet, double ts) {
  (void)user, (void)conn, (void)dir, (void)n, (void)packet, (void)ts;
}
static void c_close(void *user, void *conn, enum wire_close_reason why,
                    uint64_t packet, double ts) {
  (void)user, (void)conn, (void)why, (void)packet, (void)ts;
}
static void c_warn(void *user, uint64_t packet, const char *fmt, va_list ap) {
  (void)user, (void)packet, (void)fmt, (void)ap;
}

static int bare(const char *path) {
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *h;
  const u_char *d;
  uint64_t bytes = 0, packets = 0, sum = 0;
  double t0 = now();
  pcap_t *pc = pcap_open_offline(path, errbuf);
  if (pc == NULL) {
    fprintf(stderr, "%s\n", errbuf);
    return 1;
  }
  while (pcap_next_ex(pc, &h, &d) == 1) {
    packets++;
    bytes += 16 + h->caplen;
    sum += d[h->caplen - 1];
  }
  pcap_close(pc);
  double s = now() - t0;
  printf("bare pcap_next_ex: %llu packets, %.1f MB in %.3f s: %.0f MB/s, "
         "peak RSS %ld KiB (%llu)\n",
         (unsigned long long)packets, (double)bytes / 1e6, s,
         (double)bytes / 1e6 / s, peak_rss_kb(), (unsigned long long)sum % 2);
  return 0;
}

static int wire(const char *path) {
  char errbuf[PCAP_ERRBUF_SIZE];
  struct wire_stream_cb cb = {NULL, c_open, c_data, c_gap, c_close, c_warn};
  struct wire_pcap *p;
  struct wire_pcap_stats ps;
  struct wire_tcp_stats ts;
  double t0 = now();
  struct wire_tcp *t = wire_tcp_new(&cb, NULL);
  int rc;
  if (t == NULL || wire_pcap_open(&p, path, errbuf) != WIRE_PCAP_OK) {
    fprintf(stderr, "%s\n", errbuf);
    return 1;
  }
  rc = wire_pcap_run(p, t, c_warn, NULL);
  wire_pcap_get_stats(p, &ps);
  wire_tcp_get_stats(t, &ts);
  wire_pcap_close(p);
  wire_tcp_free(t);
  double s = now() - t0;
  uint64_t bytes = ps.bytes + 16 * ps.packets;
  printf("wire_pcap_run: %llu packets, %.1f MB in %.3f s: %.0f MB/s, peak "
         "RSS %ld KiB; status %d, %llu connections, %llu payload bytes, "
         "%llu retransmitted, %llu out of order, %llu gaps, held peak %zu "
         "bytes\n",
         (unsigned long long)ps.packets, (double)bytes / 1e6, s,
         (double)bytes / 1e6 / s, peak_rss_kb(), rc,
         (unsigned long long)ts.connections, (unsigned long long)ts.bytes,
         (unsigned long long)ts.retrans_bytes,
         (unsigned long long)ts.ooo_segments, (unsigned long long)ts.gaps,
         ts.ooo_peak);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && argc <= 6 && strcmp(argv[1], "gen") == 0) {
    if (argc >= 5)
      conns = (uint32_t)strtoul(argv[4], NULL, 10);
    if (argc >= 6)
      max_body = (uint32_t)strtoul(argv[5], NULL, 10);
    if (conns < 1 || max_body < 200)
      return 2;
    return gen(argv[2], strtod(argv[3], NULL));
  }
  if (argc == 3 && strcmp(argv[1], "bare") == 0)
    return bare(argv[2]);
  if (argc == 3 && strcmp(argv[1], "wire") == 0)
    return wire(argv[2]);
  fprintf(stderr, "usage: wire_pcap_bench gen FILE MB [CONNS [BODY]] | bare "
                  "FILE | wire FILE\n");
  return 2;
}
