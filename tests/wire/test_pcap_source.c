/*
 * test_pcap_source.c - sim/wire/pcap_source.c: captures written in the
 * test (libpcap's pcap_open_dead + pcap_dump for pcap files, bytes by
 * hand for pcapng and damaged files) are read back through link.c and the
 * reassembler: every link type, microsecond and nanosecond times, pcapng,
 * stdin, skipped and malformed packets, fragments, idle expiry within a
 * run, a file cut inside a record or a record header, a corrupt record
 * header and pcapng block, an unsupported link type, files that are no
 * captures. The live variant is exercised on the loopback interface when
 * the test may capture (root or CAP_NET_RAW), and skipped otherwise.
 */
#define _DEFAULT_SOURCE 1 /* pcap.h needs u_char and friends */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <pcap.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pcap_source.h"
#include "wire_pkt.h"

/* ---- what the reassembler delivered ------------------------------------- */

struct rec {
  char data[4][2][256]; /* per connection id (1-3), per direction */
  size_t len[4][2];
  char closes[256];
  int nconns;
  double first_ts[4][2];
  char warn[512];
  uint64_t warn_packet;
  int nwarn;
};

static struct rec R;

static void append(char *buf, size_t cap, const char *s) {
  size_t n = strlen(buf);
  snprintf(buf + n, cap - n, "%s", s);
}

static void *on_open(void *user, const struct wire_conn_info *c) {
  (void)user;
  R.nconns++;
  return (void *)(uintptr_t)c->id;
}

static void on_data(void *user, void *conn, int dir, const uint8_t *p,
                    size_t n, uint64_t packet, double ts) {
  size_t id = (uintptr_t)conn;
  (void)user;
  (void)packet;
  assert_true(id < 4);
  if (R.len[id][dir] == 0)
    R.first_ts[id][dir] = ts;
  assert_true(R.len[id][dir] + n < sizeof R.data[id][dir]);
  memcpy(R.data[id][dir] + R.len[id][dir], p, n);
  R.len[id][dir] += n;
}

static void on_gap(void *user, void *conn, int dir, uint64_t n,
                   uint64_t packet, double ts) {
  char b[64];
  (void)user;
  (void)packet;
  (void)ts;
  snprintf(b, sizeof b, "gap %lu.%d %llu;", (unsigned long)(uintptr_t)conn,
           dir, (unsigned long long)n);
  append(R.closes, sizeof R.closes, b);
}

static void on_close(void *user, void *conn, enum wire_close_reason why,
                     uint64_t packet, double ts) {
  static const char *const names[] = {"fin",  "rst",   "reused",
                                      "idle", "limit", "end"};
  char b[64];
  (void)user;
  (void)ts;
  snprintf(b, sizeof b, "%lu %s @%llu;", (unsigned long)(uintptr_t)conn,
           names[why], (unsigned long long)packet);
  append(R.closes, sizeof R.closes, b);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) {
  (void)user;
  R.nwarn++;
  R.warn_packet = packet;
  vsnprintf(R.warn, sizeof R.warn, fmt, ap);
}

static const struct wire_stream_cb CB = {NULL,   on_open,  on_data,
                                         on_gap, on_close, on_warn};

/* ---- captures ----------------------------------------------------------- */

static char dir_[64];
static char path[128];

static int setup(void **state) {
  const char *tmp = getenv("TMPDIR");
  (void)state;
  snprintf(dir_, sizeof dir_, "%s/test_pcap.XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  assert_non_null(mkdtemp(dir_));
  snprintf(path, sizeof path, "%s/cap", dir_);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(path);
  rmdir(dir_);
  return 0;
}

#define NPKT 9

/* Packet i (0-based) of a small HTTP conversation over family: the
 * handshake, a request, a response in two segments, both FINs, the last
 * ACK. Returns the frame length for link type dlt. */
static size_t conversation(uint8_t *buf, int dlt, int family, int i) {
  static const char req[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  static const char r1[] = "HTTP/1.1 200 OK\r\n", r2[] = "Content-Length: 0\r\n\r\n";
  struct pkt_tcp t = {0};
  int s2c = i == 1 || i == 4 || i == 5 || i == 6 || i == 8;
  pkt_addrs(&t, family, s2c);
  t.sport = s2c ? 80 : 40000;
  t.dport = s2c ? 40000 : 80;
  t.flags = 0x10;
  switch (i) {
  case 0: t.seq = 100; t.flags = 0x02; break;
  case 1: t.seq = 500; t.ack = 101; t.flags = 0x12; break;
  case 2: t.seq = 101; t.ack = 501; break;
  case 3: t.seq = 101; t.ack = 501; t.payload = req; t.plen = sizeof req - 1; break;
  case 4: t.seq = 501; t.payload = r1; t.plen = sizeof r1 - 1; break;
  case 5: t.seq = 501 + sizeof r1 - 1; t.payload = r2; t.plen = sizeof r2 - 1; break;
  case 6: t.seq = 501 + sizeof r1 + sizeof r2 - 2; t.flags = 0x11; break;
  case 7: t.seq = 101 + sizeof req - 1; t.flags = 0x11; break;
  default: t.seq = 502 + sizeof r1 + sizeof r2 - 2; break;
  }
  return pkt_frame(buf, dlt, &t);
}

static const char REQ[] = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
static const char RESP[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

/* Writes the conversation for dlt with libpcap; packet i at time
 * base + i seconds + sub (micro- or nanoseconds, as precision says). */
static void write_conversation(int dlt, int family, u_int precision,
                               long sub) {
  pcap_t *dead = pcap_open_dead_with_tstamp_precision(dlt, 65535, precision);
  pcap_dumper_t *d;
  assert_non_null(dead);
  d = pcap_dump_open(dead, path);
  assert_non_null(d);
  for (int i = 0; i < NPKT; i++) {
    uint8_t buf[256];
    struct pcap_pkthdr h = {0};
    h.caplen = h.len = (bpf_u_int32)conversation(buf, dlt, family, i);
    h.ts.tv_sec = 1700000000 + i;
    h.ts.tv_usec = sub;
    pcap_dump((u_char *)d, &h, buf);
  }
  pcap_dump_close(d);
  pcap_close(dead);
}

/* Opens path, runs it through a fresh reassembler and returns the
 * status; *st gets the source's counts. */
static int run_file(const char *p, struct wire_pcap_stats *st) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct wire_pcap *src;
  struct wire_tcp *t;
  int rc;
  memset(&R, 0, sizeof R);
  rc = wire_pcap_open(&src, p, errbuf);
  if (rc != WIRE_PCAP_OK)
    fail_msg("open %s: %d %s", p, rc, errbuf);
  t = wire_tcp_new(&CB, NULL);
  assert_non_null(t);
  rc = wire_pcap_run(src, t, on_warn, NULL);
  wire_pcap_get_stats(src, st);
  wire_pcap_close(src);
  wire_tcp_free(t);
  return rc;
}

static void check_conversation(void) {
  assert_int_equal(R.nconns, 1);
  assert_int_equal(R.len[1][0], strlen(REQ));
  assert_memory_equal(R.data[1][0], REQ, strlen(REQ));
  assert_int_equal(R.len[1][1], strlen(RESP));
  assert_memory_equal(R.data[1][1], RESP, strlen(RESP));
}

static void every_link_type(void **state) {
  static const int dlts[] = {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2,
                             DLT_NULL,   DLT_LOOP,      DLT_RAW,
                             DLT_IPV4,   DLT_IPV6};
  (void)state;
  for (size_t i = 0; i < sizeof dlts / sizeof dlts[0]; i++) {
    for (int family = 4; family <= 6; family += 2) {
      struct wire_pcap_stats st;
      if ((dlts[i] == DLT_IPV4 && family == 6) ||
          (dlts[i] == DLT_IPV6 && family == 4))
        continue;
      write_conversation(dlts[i], family, PCAP_TSTAMP_PRECISION_MICRO, 0);
      assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
      check_conversation();
      assert_string_equal(R.closes, "1 fin @8;"); /* the second FIN */
      assert_int_equal(st.packets, NPKT);
      assert_int_equal(st.tcp, NPKT);
      assert_int_equal(st.skipped + st.malformed, 0);
      assert_int_equal(R.nwarn, 0);
    }
  }
}

static void timestamps(void **state) {
  struct wire_pcap_stats st;
  (void)state;
  write_conversation(DLT_EN10MB, 4, PCAP_TSTAMP_PRECISION_NANO, 123456789);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  check_conversation();
  /* The request is packet 4 (index 3): 1700000003.123456789. A double
   * near 1.7e9 resolves about 0.24 us, so that is the tolerance. */
  assert_true(fabs(R.first_ts[1][0] - 1700000003.123456789) < 3e-7);
  write_conversation(DLT_EN10MB, 4, PCAP_TSTAMP_PRECISION_MICRO, 654321);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  assert_true(fabs(R.first_ts[1][0] - 1700000003.654321) < 3e-7);
}

/* ---- hand-written files ------------------------------------------------- */

struct bytes {
  uint8_t b[8192];
  size_t n;
};

static void put(struct bytes *o, const void *p, size_t n) {
  assert_true(o->n + n <= sizeof o->b);
  memcpy(o->b + o->n, p, n);
  o->n += n;
}

static void put32(struct bytes *o, uint32_t v) { put(o, &v, 4); } /* host order */
static void put16(struct bytes *o, uint16_t v) { put(o, &v, 2); }

static void save(const struct bytes *o) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(o->b, 1, o->n, f), o->n);
  assert_int_equal(fclose(f), 0);
}

/* A pcapng file: a section header, one Ethernet interface with
 * nanosecond resolution, the conversation as enhanced packet blocks. */
static void pcapng_conversation(struct bytes *o) {
  o->n = 0;
  put32(o, 0x0a0d0d0a);
  put32(o, 28);
  put32(o, 0x1a2b3c4d);
  put16(o, 1);
  put16(o, 0);
  put32(o, 0xffffffff);
  put32(o, 0xffffffff);
  put32(o, 28);
  put32(o, 1); /* interface description */
  put32(o, 32);
  put16(o, DLT_EN10MB);
  put16(o, 0);
  put32(o, 0);
  put16(o, 9); /* if_tsresol: 10^-9 */
  put16(o, 1);
  put32(o, 9);
  put32(o, 0); /* opt_endofopt */
  put32(o, 32);
  for (int i = 0; i < NPKT; i++) {
    uint8_t buf[256];
    size_t n = conversation(buf, DLT_EN10MB, 4, i), pad = (4 - n % 4) % 4;
    uint64_t ts = (uint64_t)(1700000000 + i) * 1000000000u + 987654321;
    put32(o, 6);
    put32(o, (uint32_t)(32 + n + pad));
    put32(o, 0);
    put32(o, (uint32_t)(ts >> 32));
    put32(o, (uint32_t)ts);
    put32(o, (uint32_t)n);
    put32(o, (uint32_t)n);
    put(o, buf, n);
    put(o, "\0\0\0", pad);
    put32(o, (uint32_t)(32 + n + pad));
  }
}

static void pcapng(void **state) {
  struct bytes o;
  struct wire_pcap_stats st;
  (void)state;
  pcapng_conversation(&o);
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  check_conversation();
  assert_int_equal(st.packets, NPKT);
  assert_true(fabs(R.first_ts[1][0] - 1700000003.987654321) < 3e-7);
  /* a corrupt block length in the sixth packet block */
  size_t off = 28 + 32;
  for (int i = 0; i < 5; i++) {
    uint32_t len;
    memcpy(&len, o.b + off + 4, 4);
    off += len;
  }
  uint32_t bogus = 0x7ffffff0;
  memcpy(o.b + off + 4, &bogus, 4);
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_ECORRUPT);
  assert_int_equal(st.packets, 5);
  assert_int_equal(R.warn_packet, 6);
  assert_int_equal(R.nwarn, 1);
  /* what came before is kept: the request, the first response line */
  assert_int_equal(R.len[1][0], strlen(REQ));
  assert_int_equal(R.len[1][1], strlen("HTTP/1.1 200 OK\r\n"));
  assert_string_equal(R.closes, "1 end @5;");
}

/* The conversation as a pcap file; *rec_off[i] is where record i starts. */
static void pcap_conversation(struct bytes *o, size_t *rec_off) {
  o->n = 0;
  put32(o, 0xa1b2c3d4);
  put16(o, 2);
  put16(o, 4);
  put32(o, 0);
  put32(o, 0);
  put32(o, 65535);
  put32(o, DLT_EN10MB);
  for (int i = 0; i < NPKT; i++) {
    uint8_t buf[256];
    size_t n = conversation(buf, DLT_EN10MB, 4, i);
    rec_off[i] = o->n;
    put32(o, (uint32_t)(1700000000 + i));
    put32(o, 0);
    put32(o, (uint32_t)n);
    put32(o, (uint32_t)n);
    put(o, buf, n);
  }
}

static void truncated_file(void **state) {
  struct bytes o;
  size_t rec[NPKT];
  struct wire_pcap_stats st;
  (void)state;
  pcap_conversation(&o, rec);
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  check_conversation();
  /* cut inside the data of the sixth record */
  o.n = rec[5] + 16 + 20;
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_ETRUNC);
  assert_int_equal(st.packets, 5);
  assert_int_equal(R.nwarn, 1);
  assert_int_equal(R.warn_packet, 6);
  assert_non_null(strstr(R.warn, "packet 6"));
  assert_non_null(strstr(R.warn, "truncated"));
  assert_int_equal(R.len[1][0], strlen(REQ));
  assert_string_equal(R.closes, "1 end @5;");
  /* cut inside the header of the eighth record */
  o.n = rec[7] + 7;
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_ETRUNC);
  assert_int_equal(st.packets, 7);
  assert_int_equal(R.warn_packet, 8);
  check_conversation();
  /* a file cut at a record boundary is simply shorter */
  o.n = rec[8];
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  assert_int_equal(st.packets, 8);
}

static void corrupt_record_header(void **state) {
  struct bytes o;
  size_t rec[NPKT];
  struct wire_pcap_stats st;
  uint32_t huge = 0x7fffffff;
  (void)state;
  pcap_conversation(&o, rec);
  memcpy(o.b + rec[4] + 8, &huge, 4); /* caplen of record 5 */
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_ECORRUPT);
  assert_int_equal(st.packets, 4);
  assert_int_equal(R.warn_packet, 5);
  assert_non_null(strstr(R.warn, "packet 5"));
  assert_int_equal(R.len[1][0], strlen(REQ));
  assert_int_equal(R.len[1][1], 0);
  assert_string_equal(R.closes, "1 end @4;");
}

static void skipped_and_malformed(void **state) {
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  struct wire_pcap_stats st;
  (void)state;
  assert_non_null(d);
  for (int i = 0; i < NPKT + 3; i++) {
    uint8_t buf[256];
    struct pcap_pkthdr h = {0};
    size_t n;
    if (i == 2) { /* ARP */
      memset(buf, 0, 42);
      buf[12] = 0x08;
      buf[13] = 0x06;
      n = 42;
    } else if (i == 4) { /* IHL of 4 */
      n = conversation(buf, DLT_EN10MB, 4, 3);
      buf[14] = 0x44;
    } else if (i == 6) { /* a later IPv4 fragment */
      n = conversation(buf, DLT_EN10MB, 4, 3);
      buf[14 + 6] = 0x00;
      buf[14 + 7] = 0x10;
    } else {
      n = conversation(buf, DLT_EN10MB, 4, i < 2 ? i : i < 4 ? i - 1 : i < 6 ? i - 2 : i - 3);
    }
    h.caplen = h.len = (bpf_u_int32)n;
    h.ts.tv_sec = 1700000000;
    pcap_dump((u_char *)d, &h, buf);
  }
  pcap_dump_close(d);
  pcap_close(dead);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  check_conversation();
  assert_int_equal(st.packets, NPKT + 3);
  assert_int_equal(st.skipped, 2);
  assert_int_equal(st.malformed, 1);
  assert_int_equal(st.tcp, NPKT);
  assert_int_equal(R.nwarn, 1);
  assert_int_equal(R.warn_packet, 5);
  assert_non_null(strstr(R.warn, "IPv4 header length"));
}

static void first_fragment_warns(void **state) {
  struct bytes o;
  size_t rec[NPKT];
  struct wire_pcap_stats st;
  (void)state;
  pcap_conversation(&o, rec);
  o.b[rec[3] + 16 + 14 + 6] = 0x20; /* MF on the request */
  o.b[rec[3] + 16 + 14 + 7] = 0x00;
  save(&o);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  check_conversation();
  assert_int_equal(R.nwarn, 1);
  assert_int_equal(R.warn_packet, 4);
  assert_non_null(strstr(R.warn, "fragment"));
}

static void idle_expiry_in_run(void **state) {
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  struct wire_pcap_stats st;
  (void)state;
  /* the request, then 400 s of silence, then the response */
  for (int i = 3; i <= 4; i++) {
    uint8_t buf[256];
    struct pcap_pkthdr h = {0};
    h.caplen = h.len = (bpf_u_int32)conversation(buf, DLT_EN10MB, 4, i);
    h.ts.tv_sec = 1700000000 + (i - 3) * 400;
    pcap_dump((u_char *)d, &h, buf);
  }
  pcap_dump_close(d);
  pcap_close(dead);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  assert_int_equal(R.nconns, 2);
  assert_string_equal(R.closes, "1 idle @1;2 end @2;");
  assert_int_equal(R.len[1][0], strlen(REQ));
  assert_int_equal(R.len[2][1], strlen("HTTP/1.1 200 OK\r\n"));
}

/* One record dated years ahead closes nothing: the next one is back. */
static void bogus_timestamp(void **state) {
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  struct wire_pcap_stats st;
  static const long when[3] = {0, 100000000, 1};
  (void)state;
  for (int i = 0; i < 3; i++) {
    uint8_t buf[256];
    struct pcap_pkthdr h = {0};
    if (i == 1) { /* ARP */
      memset(buf, 0, 42);
      buf[12] = 0x08;
      buf[13] = 0x06;
      h.caplen = h.len = 42;
    } else {
      h.caplen = h.len =
          (bpf_u_int32)conversation(buf, DLT_EN10MB, 4, i == 0 ? 3 : 4);
    }
    h.ts.tv_sec = 1700000000 + when[i];
    pcap_dump((u_char *)d, &h, buf);
  }
  pcap_dump_close(d);
  pcap_close(dead);
  assert_int_equal(run_file(path, &st), WIRE_PCAP_OK);
  assert_int_equal(R.nconns, 1);
  assert_string_equal(R.closes, "1 end @3;");
  assert_int_equal(R.len[1][1], strlen("HTTP/1.1 200 OK\r\n"));
}

static void from_stdin(void **state) {
  struct wire_pcap_stats st;
  int saved = dup(0), fd;
  (void)state;
  write_conversation(DLT_LINUX_SLL2, 6, PCAP_TSTAMP_PRECISION_MICRO, 0);
  fd = open(path, O_RDONLY);
  assert_true(saved >= 0 && fd >= 0);
  assert_int_equal(dup2(fd, 0), 0);
  close(fd);
  assert_int_equal(run_file("-", &st), WIRE_PCAP_OK);
  check_conversation();
  assert_true(fcntl(0, F_GETFD) != -1); /* stdin itself stays open */
  assert_int_equal(dup2(saved, 0), 0);
  close(saved);
}

/* A stream whose first bytes were read and pushed back (how replay
 * tells a capture from a HAR file) still reads whole. */
static void from_stream_after_a_look(void **state) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct wire_pcap *src;
  struct wire_pcap_stats st;
  (void)state;
  write_conversation(DLT_EN10MB, 4, PCAP_TSTAMP_PRECISION_MICRO, 0);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  int c = getc(f);
  assert_int_equal(ungetc(c, f), c);
  assert_int_equal(wire_pcap_open_stream(&src, f, errbuf), WIRE_PCAP_OK);
  struct wire_tcp *t = wire_tcp_new(&CB, NULL);
  memset(&R, 0, sizeof(R));
  assert_int_equal(wire_pcap_run(src, t, on_warn, NULL), WIRE_PCAP_OK);
  wire_pcap_get_stats(src, &st);
  wire_pcap_close(src); /* closes f */
  wire_tcp_free(t);
  check_conversation();
  assert_int_equal(st.packets, NPKT);
  /* Not a capture: refused, and f closed all the same. */
  f = tmpfile();
  assert_non_null(f);
  fputs("{\"log\": {}}", f);
  rewind(f);
  assert_int_equal(wire_pcap_open_stream(&src, f, errbuf), WIRE_PCAP_EOPEN);
  assert_null(src);
}

static void not_captures(void **state) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  static int sentinel;
  struct wire_pcap *src = (struct wire_pcap *)(void *)&sentinel;
  struct bytes o = {.n = 0};
  (void)state;
  assert_int_equal(wire_pcap_open(&src, "/nonexistent/x.pcap", errbuf),
                   WIRE_PCAP_EOPEN);
  assert_null(src);
  assert_true(errbuf[0] != '\0');
  put(&o, "this is not a capture file at all", 33);
  save(&o);
  assert_int_equal(wire_pcap_open(&src, path, errbuf), WIRE_PCAP_EOPEN);
  o.n = 0;
  save(&o);
  assert_int_equal(wire_pcap_open(&src, path, errbuf), WIRE_PCAP_EOPEN);
  /* 802.11 frames: a link type link.c does not know */
  pcap_t *dead = pcap_open_dead(DLT_IEEE802_11, 65535);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  pcap_dump_close(d);
  pcap_close(dead);
  errbuf[0] = '\0';
  assert_int_equal(wire_pcap_open(&src, path, errbuf), WIRE_PCAP_ELINK);
  assert_null(src);
  assert_non_null(strstr(errbuf, "unsupported link type"));
  assert_non_null(strstr(errbuf, "IEEE802_11"));
  wire_pcap_close(NULL);
}

/* ---- live --------------------------------------------------------------- */

static void live_bad_interface(void **state) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct wire_pcap *src;
  (void)state;
  assert_int_equal(
      wire_pcap_open_live(&src, "corsim-no-such-if0", NULL, errbuf),
      WIRE_PCAP_EOPEN);
  assert_null(src);
  assert_true(errbuf[0] != '\0');
}

/* A TCP exchange over 127.0.0.1 captured on "lo" and fed by
 * wire_pcap_dispatch from a poll loop, as corsim capture's libuv loop
 * does. Needs capture privileges: skipped without them. */
static void live_loopback(void **state) {
  char errbuf[PCAP_ERRBUF_SIZE] = "", filter[64], got[8];
  struct sockaddr_in a = {0};
  socklen_t alen = sizeof a;
  struct wire_pcap *src;
  struct wire_tcp *t;
  struct wire_pcap_stats st;
  int ls, cs, as;
  (void)state;
  ls = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(ls >= 0);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(listen(ls, 1), 0);
  assert_int_equal(getsockname(ls, (struct sockaddr *)&a, &alen), 0);
  snprintf(filter, sizeof filter, "tcp port %u", ntohs(a.sin_port));
  if (wire_pcap_open_live(&src, "lo", filter, errbuf) != WIRE_PCAP_OK) {
    close(ls);
    print_message("live capture not possible here: %s\n", errbuf);
    skip();
  }
  {
    struct wire_pcap *b;
    assert_int_equal(wire_pcap_open_live(&b, "lo", "no such filter (", errbuf),
                     WIRE_PCAP_EFILTER);
    assert_null(b);
    assert_non_null(strstr(errbuf, "no such filter"));
  }
  assert_int_equal(wire_pcap_linktype(src), DLT_EN10MB);
  assert_true(wire_pcap_fd(src) >= 0);
  memset(&R, 0, sizeof R);
  t = wire_tcp_new(&CB, NULL);
  assert_non_null(t);
  cs = socket(AF_INET, SOCK_STREAM, 0);
  assert_int_equal(connect(cs, (struct sockaddr *)&a, sizeof a), 0);
  as = accept(ls, NULL, NULL);
  assert_true(as >= 0);
  assert_int_equal(write(cs, "hello", 5), 5);
  assert_int_equal(read(as, got, 5), 5);
  assert_int_equal(write(as, "world", 5), 5);
  assert_int_equal(read(cs, got, 5), 5);
  close(cs);
  close(as);
  close(ls);
  for (int i = 0; i < 50 && strstr(R.closes, "fin") == NULL; i++) {
    struct pollfd p = {wire_pcap_fd(src), POLLIN, 0};
    (void)poll(&p, 1, 100);
    assert_true(wire_pcap_dispatch(src, t, on_warn, NULL) >= 0);
  }
  wire_pcap_get_stats(src, &st);
  assert_true(st.packets >= 8);
  assert_non_null(strstr(R.closes, "1 fin"));
  assert_int_equal(R.len[1][0], 5);
  assert_memory_equal(R.data[1][0], "hello", 5);
  assert_memory_equal(R.data[1][1], "world", 5);
  wire_tcp_flush(t, st.packets, 0);
  wire_tcp_free(t);
  wire_pcap_close(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_link_type),
      cmocka_unit_test(timestamps),
      cmocka_unit_test(pcapng),
      cmocka_unit_test(from_stream_after_a_look),
      cmocka_unit_test(truncated_file),
      cmocka_unit_test(corrupt_record_header),
      cmocka_unit_test(skipped_and_malformed),
      cmocka_unit_test(first_fragment_warns),
      cmocka_unit_test(idle_expiry_in_run),
      cmocka_unit_test(bogus_timestamp),
      cmocka_unit_test(from_stdin),
      cmocka_unit_test(not_captures),
      cmocka_unit_test(live_bad_interface),
      cmocka_unit_test(live_loopback),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
