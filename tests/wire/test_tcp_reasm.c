/*
 * test_tcp_reasm.c - sim/wire/tcp_reasm.c: the handshake, mid-stream
 * starts, out-of-order segments, retransmissions and overlaps (first copy
 * wins), gaps, FIN and RST, port reuse, sequence wraparound, snaplen
 * cuts, idle expiry and linger, the connection and memory limits.
 *
 * Every callback is written to one text log, so each test states the
 * whole conversation the layer above would see:
 *   "open 1 10.0.0.1:40000>10.0.0.2:80"   (a '~' before the id: mid-stream)
 *   "data 1.0 GET"                         (connection 1, client to server)
 *   "gap 1.1 5"
 *   "close 1 fin"
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_reasm.h"

struct rec {
  char log[16384];
  size_t n;
  int warnings;
  bool quiet; /* log nothing */
  uint64_t last_packet;
};

static struct rec R;

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void logf_(const char *fmt, ...) {
  va_list ap;
  if (R.quiet)
    return;
  va_start(ap, fmt);
  int k = vsnprintf(R.log + R.n, sizeof R.log - R.n, fmt, ap);
  va_end(ap);
  assert_true(k >= 0 && (size_t)k < sizeof R.log - R.n);
  R.n += (size_t)k;
}

static void endpoint(const struct wire_endpoint *e) {
  if (e->family == 4)
    logf_("%u.%u.%u.%u:%u", e->addr[0], e->addr[1], e->addr[2], e->addr[3],
          e->port);
  else
    logf_("[%x]:%u", e->addr[15], e->port);
}

static void *on_open(void *user, const struct wire_conn_info *c) {
  (void)user;
  logf_("open %s%llu ", c->mid_stream ? "~" : "", (unsigned long long)c->id);
  endpoint(&c->client);
  logf_(">");
  endpoint(&c->server);
  logf_("\n");
  return (void *)(uintptr_t)c->id;
}

static void on_data(void *user, void *conn, int dir, const uint8_t *p,
                    size_t n, uint64_t packet, double ts) {
  (void)user;
  (void)ts;
  R.last_packet = packet;
  logf_("data %lu.%d %.*s\n", (unsigned long)(uintptr_t)conn, dir, (int)n,
        (const char *)p);
}

static void on_gap(void *user, void *conn, int dir, uint64_t n,
                   uint64_t packet, double ts) {
  (void)user;
  (void)ts;
  (void)packet;
  logf_("gap %lu.%d %llu\n", (unsigned long)(uintptr_t)conn, dir,
        (unsigned long long)n);
}

static void on_close(void *user, void *conn, enum wire_close_reason why,
                     uint64_t packet, double ts) {
  static const char *const names[] = {"fin",  "rst",   "reused",
                                      "idle", "limit", "end"};
  (void)user;
  (void)packet;
  (void)ts;
  logf_("close %lu %s\n", (unsigned long)(uintptr_t)conn, names[why]);
}

static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) {
  (void)user;
  (void)packet;
  (void)fmt;
  (void)ap;
  R.warnings++;
}

static const struct wire_stream_cb CB = {NULL,   on_open,  on_data,
                                         on_gap, on_close, on_warn};

static struct wire_tcp *T;
static uint64_t pktno;

/* A reassembler with these limits (NULL: defaults) and an empty log. */
static void start(const struct wire_tcp_limits *lim) {
  memset(&R, 0, sizeof R);
  pktno = 0;
  T = wire_tcp_new(&CB, lim);
  assert_non_null(T);
}

static void finish(void) {
  struct wire_tcp_stats st;
  wire_tcp_flush(T, pktno, 0);
  wire_tcp_get_stats(T, &st);
  assert_int_equal(st.ooo_bytes, 0);
  assert_int_equal(st.conns, 0);
  wire_tcp_free(T);
  T = NULL;
}

/* The client: 10.0.0.1:40000, the server 10.0.0.2:80. */
enum { C2S, S2C };

/* Feeds one segment; wire_len is the payload length unless cut is set
 * (then only the first cut bytes were captured). */
#define NOTHING ((size_t)-1)
static void seg_at(int way, uint16_t cport, uint32_t seq, uint32_t ack,
                   uint8_t flags, const char *payload, size_t cut,
                   double ts) {
  struct wire_segment s = {0};
  struct wire_endpoint c = {{10, 0, 0, 1}, 4, cport},
                       sv = {{10, 0, 0, 2}, 4, 80};
  s.src = way == C2S ? c : sv;
  s.dst = way == C2S ? sv : c;
  s.seq = seq;
  s.ack = ack;
  s.flags = flags;
  s.payload = (const uint8_t *)payload;
  s.wire_len = payload != NULL ? strlen(payload) : 0;
  s.len = cut != 0 ? cut : s.wire_len;
  if (cut == NOTHING) { /* not a byte of the payload captured */
    s.payload = NULL;
    s.len = 0;
  }
  s.packet = ++pktno;
  s.ts = ts;
  wire_tcp_segment(T, &s);
}

static void seg(int way, uint32_t seq, uint8_t flags, const char *payload) {
  seg_at(way, 40000, seq, 0, flags | WIRE_TCP_ACK, payload, 0,
         (double)pktno);
}

#define SYN WIRE_TCP_SYN
#define FIN WIRE_TCP_FIN
#define RST WIRE_TCP_RST

/* The handshake with ISNs ci (client) and si (server). */
static void handshake(uint32_t ci, uint32_t si) {
  seg_at(C2S, 40000, ci, 0, SYN, NULL, 0, 0);
  seg_at(S2C, 40000, si, ci + 1, SYN | WIRE_TCP_ACK, NULL, 0, 0);
  seg(C2S, ci + 1, 0, NULL);
}

static void expect(const char *want) {
  if (strcmp(R.log, want) != 0)
    fail_msg("log:\n%s\nwanted:\n%s", R.log, want);
}

static struct wire_tcp_stats stats(void) {
  struct wire_tcp_stats st;
  wire_tcp_get_stats(T, &st);
  return st;
}

static void handshake_and_fin(void **state) {
  (void)state;
  start(NULL);
  handshake(1000, 5000);
  seg(C2S, 1001, 0, "GET / HTTP/1.1\r\n\r\n");
  seg(S2C, 5001, 0, "HTTP/1.1 200 OK\r\n\r\n");
  seg(S2C, 5020, FIN, NULL);
  seg(C2S, 1019, FIN, NULL);
  seg(S2C, 5021, 0, NULL); /* the last ACK: closed already */
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 GET / HTTP/1.1\r\n\r\n\n"
         "data 1.1 HTTP/1.1 200 OK\r\n\r\n\n"
         "close 1 fin\n");
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.connections, 1);
  assert_int_equal(st.bytes, 37);
  assert_int_equal(st.gaps, 0);
  assert_int_equal(st.ignored, 1);
  assert_int_equal(st.conns, 1); /* remembered while it lingers */
  finish();
}

static void syn_ack_without_syn(void **state) {
  (void)state;
  start(NULL);
  /* the SYN was not captured: the SYN-ACK names the client */
  seg_at(S2C, 40000, 7000, 301, SYN | WIRE_TCP_ACK, NULL, 0, 0);
  seg(C2S, 301, 0, "hi");
  seg(S2C, 7001, 0, "yo");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 hi\n"
         "data 1.1 yo\n");
  finish();
}

static void mid_stream(void **state) {
  (void)state;
  start(NULL);
  seg(S2C, 9000, 0, NULL); /* a pure ACK opens nothing */
  seg(S2C, 9000, 0, "partial response");
  seg(C2S, 123, 0, "next request");
  seg(C2S, 100, 0, "older bytes"); /* before the start: dropped */
  expect("open ~1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.1 partial response\n"
         "data 1.0 next request\n");
  /* equal ports: the higher address is the client */
  seg_at(S2C, 80, 1, 0, WIRE_TCP_ACK, "x", 0, 1);
  expect("open ~1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.1 partial response\n"
         "data 1.0 next request\n"
         "open ~2 10.0.0.2:80>10.0.0.1:80\n"
         "data 2.0 x\n");
  finish();
}

static void out_of_order(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg(C2S, 7, 0, "ghi");
  seg(C2S, 4, 0, "def");
  seg(C2S, 13, 0, "mno");
  seg(C2S, 1, 0, "abc");
  seg(C2S, 10, 0, "jkl");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 abc\n"
         "data 1.0 def\n"
         "data 1.0 ghi\n"
         "data 1.0 jkl\n"
         "data 1.0 mno\n");
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.ooo_segments, 3);
  assert_int_equal(st.ooo_bytes, 0);
  assert_true(st.ooo_peak > 9);
  finish();
}

static void retransmission_and_overlap(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg(C2S, 1, 0, "AAAAAAAAAA");
  seg(C2S, 1, 0, "AAAAAAAAAA");      /* a retransmission */
  seg(C2S, 6, 0, "BBBBBBBBBB");      /* overlaps the last 5 */
  seg(C2S, 1, 0, "CC");              /* a keep-alive-like old byte */
  /* held pieces overlapping each other: the first copy wins */
  seg(C2S, 31, 0, "XXXXXXXXXX");     /* [31, 41) */
  seg(C2S, 26, 0, "YYYYYYYYYY");     /* [26, 36): only [26, 31) is new */
  seg(C2S, 33, 0, "ZZZZZZZZZZZZZZ"); /* [33, 47): only [41, 47) is new */
  seg(C2S, 16, 0, "0123456789ab");   /* [16, 28): fills, and overlaps */
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 AAAAAAAAAA\n"
         "data 1.0 BBBBB\n"
         "data 1.0 0123456789\n"
         "data 1.0 YYYYY\n"
         "data 1.0 XXXXXXXXXX\n"
         "data 1.0 ZZZZZZ\n");
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.bytes, 46);
  assert_int_equal(st.retrans_bytes, 10 + 5 + 2 + 5 + 8 + 2);
  finish();
}

static void gaps(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg(C2S, 1, 0, "aaa");
  seg(C2S, 9, 0, "ccc"); /* [4, 9) never comes */
  seg(C2S, 12, FIN, NULL);
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 aaa\n");
  /* the connection ends before the hole fills: the hole is a gap, the
   * held bytes follow it */
  wire_tcp_flush(T, pktno, 0);
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 aaa\n"
         "gap 1.0 5\n"
         "data 1.0 ccc\n"
         "close 1 end\n");
  assert_int_equal(stats().gap_bytes, 5);
  finish();

  /* a FIN behind a hole, the connection reset: the hole up to the FIN */
  start(NULL);
  handshake(0, 0);
  seg(S2C, 1, 0, "x");
  seg(S2C, 5, FIN, "yz");
  seg(C2S, 1, RST, NULL);
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.1 x\n"
         "gap 1.1 3\n"
         "data 1.1 yz\n"
         "close 1 rst\n");
  finish();
}

static void fin_and_rst(void **state) {
  (void)state;
  start(NULL);
  handshake(100, 200);
  seg(C2S, 101, FIN, "bye"); /* data and FIN in one segment */
  seg(C2S, 104, 0, "late");  /* after the FIN: not part of the stream */
  seg(S2C, 205, FIN, NULL);  /* FIN before its data */
  seg(S2C, 201, 0, "ok!!");
  seg(S2C, 201, 0, "ok!!"); /* after close: ignored, no new connection */
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 bye\n"
         "data 1.1 ok!!\n"
         "close 1 fin\n");
  assert_int_equal(stats().connections, 1);
  finish();

  start(NULL);
  handshake(100, 200);
  seg(C2S, 101, 0, "a");
  seg(S2C, 201, RST, NULL);
  seg(C2S, 102, 0, "b");            /* late, on a closed connection */
  seg(C2S, 102 + (1u << 25), 0, "c"); /* far away: a new connection */
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 a\n"
         "close 1 rst\n"
         "open ~2 10.0.0.1:40000>10.0.0.2:80\n"
         "data 2.0 c\n");
  /* an RST on an unknown connection opens nothing */
  seg_at(C2S, 40001, 5, 0, RST, NULL, 0, 0);
  assert_int_equal(stats().connections, 2);
  finish();
}

static void port_reuse(void **state) {
  (void)state;
  start(NULL);
  handshake(1000, 2000);
  seg(C2S, 1001, 0, "one");
  seg_at(C2S, 40000, 1000, 0, SYN, NULL, 0, 0); /* retransmitted SYN */
  seg_at(C2S, 40000, 9000, 0, SYN, NULL, 0, 0); /* a new ISN */
  seg_at(S2C, 40000, 3000, 9001, SYN | WIRE_TCP_ACK, NULL, 0, 0);
  seg(C2S, 9001, 0, "two");
  seg(S2C, 3001, 0, "2");
  seg(C2S, 9004, FIN, NULL);
  seg(S2C, 3002, FIN, NULL);
  /* after a close, a SYN opens a new connection without a close */
  handshake(50, 60);
  seg(C2S, 51, 0, "three");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 one\n"
         "close 1 reused\n"
         "open 2 10.0.0.1:40000>10.0.0.2:80\n"
         "data 2.0 two\n"
         "data 2.1 2\n"
         "close 2 fin\n"
         "open 3 10.0.0.1:40000>10.0.0.2:80\n"
         "data 3.0 three\n");
  finish();
}

static void wraparound(void **state) {
  (void)state;
  start(NULL);
  handshake(0xfffffff8u, 0xffffffffu); /* the server's data starts at 0 */
  seg(C2S, 0xfffffff9u, 0, "abcd");
  seg(C2S, 0x00000001u, 0, "ijkl"); /* past the wrap, ahead of a hole */
  seg(C2S, 0xfffffffdu, 0, "efgh"); /* [fffffffd, 1) */
  seg(S2C, 0, 0, "zero");
  seg(C2S, 5, FIN, NULL);
  seg(S2C, 4, FIN, NULL);
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 abcd\n"
         "data 1.0 efgh\n"
         "data 1.0 ijkl\n"
         "data 1.1 zero\n"
         "close 1 fin\n");
  finish();
}

static void snaplen_cut(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg_at(C2S, 40000, 1, 0, WIRE_TCP_ACK, "abcdefgh", 3, 0); /* 5 cut */
  seg(C2S, 9, 0, "ij");
  seg_at(C2S, 40000, 15, 0, WIRE_TCP_ACK, "opqrst", 2, 0); /* held, cut */
  seg(C2S, 11, 0, "klmn");
  /* held with nothing captured, then the hole before it fills */
  seg_at(C2S, 40000, 25, 0, WIRE_TCP_ACK, "wxyz", NOTHING, 0);
  seg(C2S, 21, 0, "uvwx");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 abc\n"
         "gap 1.0 5\n"
         "data 1.0 ij\n"
         "data 1.0 klmn\n"
         "data 1.0 op\n"
         "gap 1.0 4\n"
         "data 1.0 uvwx\n"
         "gap 1.0 4\n");
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.gaps, 3);
  assert_int_equal(st.gap_bytes, 13);
  finish();
}

static void syn_with_data(void **state) {
  (void)state;
  start(NULL);
  seg_at(C2S, 40000, 10, 0, SYN, "tfo", 0, 0); /* TCP Fast Open */
  seg_at(S2C, 40000, 20, 14, SYN | WIRE_TCP_ACK, NULL, 0, 0);
  seg(C2S, 14, 0, "more");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 tfo\n"
         "data 1.0 more\n");
  finish();
}

static void idle_and_linger(void **state) {
  struct wire_tcp_limits lim = {0};
  (void)state;
  lim.idle_timeout = 10;
  lim.linger = 5;
  start(&lim);
  seg_at(C2S, 40000, 1, 0, WIRE_TCP_ACK, "a", 0, 100);
  seg_at(C2S, 40001, 1, 0, WIRE_TCP_ACK, "b", 0, 105);
  wire_tcp_expire(T, 110); /* nothing is past 10 s yet */
  seg_at(C2S, 40001, 2, 0, WIRE_TCP_ACK | RST, NULL, 0, 106);
  assert_int_equal(stats().conns, 2);
  wire_tcp_expire(T, 110.5);
  expect("open ~1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 a\n"
         "open ~2 10.0.0.1:40001>10.0.0.2:80\n"
         "data 2.0 b\n"
         "close 2 rst\n"
         "close 1 idle\n");
  assert_int_equal(stats().conns, 1); /* 2 lingers until 111 */
  wire_tcp_expire(T, 111.5);
  assert_int_equal(stats().conns, 0);
  finish();
}

static void connection_limit(void **state) {
  struct wire_tcp_limits lim = {0};
  (void)state;
  lim.max_conns = 2;
  start(&lim);
  seg_at(C2S, 50001, 1, 0, WIRE_TCP_ACK, "a", 0, 1);
  seg_at(C2S, 50002, 1, 0, WIRE_TCP_ACK | RST, NULL, 0, 2); /* unknown: nothing */
  seg_at(C2S, 50002, 1, 0, WIRE_TCP_ACK, "b", 0, 2);
  seg_at(C2S, 50001, 2, 0, WIRE_TCP_ACK, "c", 0, 3); /* 1 is now the newest */
  seg_at(C2S, 50003, 1, 0, WIRE_TCP_ACK, "d", 0, 4); /* 2 is dropped */
  seg_at(C2S, 50003, 2, 0, WIRE_TCP_ACK | RST, NULL, 0, 5);
  seg_at(C2S, 50004, 1, 0, WIRE_TCP_ACK, "e", 0, 6); /* closed 3 forgotten */
  expect("open ~1 10.0.0.1:50001>10.0.0.2:80\n"
         "data 1.0 a\n"
         "open ~2 10.0.0.1:50002>10.0.0.2:80\n"
         "data 2.0 b\n"
         "data 1.0 c\n"
         "close 2 limit\n"
         "open ~3 10.0.0.1:50003>10.0.0.2:80\n"
         "data 3.0 d\n"
         "close 3 rst\n"
         "open ~4 10.0.0.1:50004>10.0.0.2:80\n"
         "data 4.0 e\n");
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.dropped, 1);
  assert_int_equal(st.conns_peak, 2);
  assert_int_equal(R.warnings, 1);
  finish();
}

static void out_of_order_limits(void **state) {
  struct wire_tcp_limits lim = {0};
  (void)state;
  /* A held byte costs 1 plus a per-piece overhead (about 40 bytes): two
   * of them fit in a direction, three in all. */
  lim.ooo_per_dir = 100;
  lim.ooo_total = 150;
  start(&lim);
  handshake(0, 0);
  /* per direction: holding a third piece gives up the first hole */
  seg(C2S, 3, 0, "b");
  seg(C2S, 5, 0, "c");
  seg(C2S, 7, 0, "d");
  seg(C2S, 9, 0, "e");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "gap 1.0 2\n"
         "data 1.0 b\n"
         "gap 1.0 1\n"
         "data 1.0 c\n");
  assert_true(stats().ooo_bytes <= lim.ooo_per_dir);
  /* in all: the other direction's holding pushes the oldest out */
  seg(S2C, 3, 0, "x");
  seg(S2C, 5, 0, "y");
  assert_true(stats().ooo_bytes <= lim.ooo_total);
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "gap 1.0 2\n"
         "data 1.0 b\n"
         "gap 1.0 1\n"
         "data 1.0 c\n"
         "gap 1.0 1\n"
         "data 1.0 d\n"
         "gap 1.0 1\n"
         "data 1.0 e\n");
  /* a segment bigger than the whole per-direction limit */
  char big[300];
  memset(big, 'Z', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  seg(C2S, 20, 0, big);
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.bytes, 4 + 299);
  assert_true(st.ooo_peak <= lim.ooo_total);
  assert_int_equal(st.holes_forced, 5);
  assert_int_equal(R.warnings, 5);
  finish();
}

static void far_ahead_ignored(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg(C2S, 1u << 31, 0, "far");
  seg(C2S, 1, 0, "near");
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 near\n");
  assert_int_equal(stats().ignored, 1);
  finish();
}

static void flush_and_reuse_object(void **state) {
  (void)state;
  start(NULL);
  handshake(0, 0);
  seg(C2S, 1, 0, "a");
  wire_tcp_flush(T, pktno, 0);
  seg(C2S, 2, 0, "b"); /* a new, mid-stream connection */
  expect("open 1 10.0.0.1:40000>10.0.0.2:80\n"
         "data 1.0 a\n"
         "close 1 end\n"
         "open ~2 10.0.0.1:40000>10.0.0.2:80\n"
         "data 2.0 b\n");
  finish();
  wire_tcp_free(NULL);
  /* no callbacks at all */
  T = wire_tcp_new(NULL, NULL);
  assert_non_null(T);
  handshake(0, 0);
  seg(C2S, 1, 0, "a");
  wire_tcp_free(T);
}

/* Many connections: the hash table grows, every byte arrives once. */
static void many_connections(void **state) {
  (void)state;
  start(NULL);
  R.quiet = true;
  for (uint32_t i = 0; i < 5000; i++) {
    struct wire_segment s = {0};
    s.src.family = s.dst.family = 4;
    s.src.addr[0] = 10;
    s.src.addr[2] = (uint8_t)(i >> 8);
    s.src.addr[3] = (uint8_t)i;
    s.dst.addr[0] = 10;
    s.dst.addr[3] = 250;
    s.src.port = (uint16_t)(1024 + i);
    s.dst.port = 443;
    s.flags = WIRE_TCP_ACK;
    s.payload = (const uint8_t *)"x";
    s.len = s.wire_len = 1;
    wire_tcp_segment(T, &s);
    s.seq = 1;
    wire_tcp_segment(T, &s);
  }
  struct wire_tcp_stats st = stats();
  assert_int_equal(st.connections, 5000);
  assert_int_equal(st.bytes, 10000);
  wire_tcp_flush(T, 0, 0);
  wire_tcp_free(T);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(handshake_and_fin),
      cmocka_unit_test(syn_ack_without_syn),
      cmocka_unit_test(mid_stream),
      cmocka_unit_test(out_of_order),
      cmocka_unit_test(retransmission_and_overlap),
      cmocka_unit_test(gaps),
      cmocka_unit_test(fin_and_rst),
      cmocka_unit_test(port_reuse),
      cmocka_unit_test(wraparound),
      cmocka_unit_test(snaplen_cut),
      cmocka_unit_test(syn_with_data),
      cmocka_unit_test(idle_and_linger),
      cmocka_unit_test(connection_limit),
      cmocka_unit_test(out_of_order_limits),
      cmocka_unit_test(far_ahead_ignored),
      cmocka_unit_test(flush_and_reuse_object),
      cmocka_unit_test(many_connections),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
