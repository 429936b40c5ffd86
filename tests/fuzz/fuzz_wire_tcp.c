/*
 * fuzz_wire_tcp.c - libFuzzer target for sim/wire/tcp_reasm.c, the TCP
 * reassembler, with small limits so that every limit is reached.
 *
 * The input is a sequence of 8-byte segment descriptions:
 *   byte 0: bits 0-1 the connection (4 address/port pairs, 3 tracked at
 *           most; the fourth has equal ports), bit 2 the direction, bit 3 SYN, bit 4 FIN, bit 5 RST
 *           (only with bit 6), bit 6 ACK, bit 7 an absolute sequence number
 *   bytes 1-4: the sequence number when absolute; else bytes 1-2 are a
 *           signed offset from where that direction's last segment ended
 *   byte 5: payload length; byte 6: with bit 7 set, only the low 7 bits'
 *           worth of it was captured (a snaplen cut)
 *   byte 7: capture time advance in tenths of seconds; above 200 the
 *           reassembler is also asked to expire idle connections
 * The payload is made from the sequence numbers, not the input: the byte
 * at sequence number q is q * 7 mod 256. So every copy of a byte is the
 * same, and the stream delivered must continue exactly: within and across
 * data callbacks each byte is 7 more than the last, and a gap of n bytes
 * moves the expectation by 7n. Also: no callback for a closed connection
 * (each connection's tracker is freed at close, so ASan sees it), one
 * close per open, no more bytes delivered than fed, held memory within
 * the limit after every segment, tracked connections within theirs.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_reasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

struct tracker {
  bool known[2]; /* the next byte's value is known */
  uint8_t next[2];
};

struct world {
  uint64_t opens, closes;
  uint64_t delivered;
};

static void *on_open(void *user, const struct wire_conn_info *c) {
  struct world *w = user;
  struct tracker *k = calloc(1, sizeof *k);
  CHECK(k != NULL);
  CHECK(c->id == w->opens + 1);
  w->opens++;
  return k;
}

static void on_data(void *user, void *conn, int dir, const uint8_t *p,
                    size_t n, uint64_t packet, double ts) {
  struct world *w = user;
  struct tracker *k = conn;
  (void)packet;
  (void)ts;
  CHECK(n > 0 && (dir == 0 || dir == 1));
  if (k->known[dir])
    CHECK(p[0] == k->next[dir]);
  for (size_t i = 1; i < n; i++)
    CHECK(p[i] == (uint8_t)(p[i - 1] + 7));
  k->known[dir] = true;
  k->next[dir] = (uint8_t)(p[n - 1] + 7);
  w->delivered += n;
}

static void on_gap(void *user, void *conn, int dir, uint64_t n,
                   uint64_t packet, double ts) {
  struct tracker *k = conn;
  (void)user;
  (void)packet;
  (void)ts;
  CHECK(n > 0 && (dir == 0 || dir == 1));
  k->next[dir] = (uint8_t)(k->next[dir] + 7 * n);
}

static void on_close(void *user, void *conn, enum wire_close_reason why,
                     uint64_t packet, double ts) {
  struct world *w = user;
  (void)packet;
  (void)ts;
  CHECK(why >= WIRE_CLOSE_FIN && why <= WIRE_CLOSE_END);
  free(conn);
  w->closes++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct world w = {0};
  struct wire_stream_cb cb = {&w, on_open, on_data, on_gap, on_close, NULL};
  struct wire_tcp_limits lim = {0};
  struct wire_tcp *t;
  struct wire_tcp_stats st;
  uint32_t cursor[4][2] = {{0}};
  uint64_t fed = 0, packet = 0;
  double ts = 1000;
  uint8_t payload[256];

  /* One segment (up to 255 bytes and the piece overhead) can exceed a
   * direction's limit; a few fill the global one. */
  lim.ooo_per_dir = 200;
  lim.ooo_total = 500;
  lim.max_conns = 3;
  lim.idle_timeout = 30;
  lim.linger = 5;
  t = wire_tcp_new(&cb, &lim);
  CHECK(t != NULL);
  for (; size >= 8; data += 8, size -= 8) {
    struct wire_segment s = {0};
    int conn = data[0] & 3, dir = (data[0] >> 2) & 1;
    uint32_t seq, first;
    size_t len = data[5], cap = (data[6] & 0x80) ? (data[6] & 0x7f) : len;
    /* Connection 3 has equal ports: the client guess falls to addresses. */
    struct wire_endpoint a = {{192, 0, 2, 1},
                              4,
                              (uint16_t)(conn == 3 ? 443 : 50000 + conn)},
                         b = {{192, 0, 2, 2}, 4, 443};

    if (data[0] & 0x80)
      seq = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 |
            (uint32_t)data[3] << 8 | data[4];
    else
      seq = cursor[conn][dir] + (uint32_t)(int32_t)(int16_t)(data[1] << 8 |
                                                             data[2]);
    s.flags = (uint8_t)(((data[0] & 0x08) ? WIRE_TCP_SYN : 0) |
                        ((data[0] & 0x10) ? WIRE_TCP_FIN : 0) |
                        ((data[0] & 0x40) ? WIRE_TCP_ACK : 0) |
                        ((data[0] & 0x60) == 0x60 ? WIRE_TCP_RST : 0));
    s.src = dir ? b : a;
    s.dst = dir ? a : b;
    s.seq = seq;
    s.ack = cursor[conn][!dir];
    if (cap > len)
      cap = len;
    first = (s.flags & WIRE_TCP_SYN) ? seq + 1 : seq;
    for (size_t i = 0; i < cap; i++)
      payload[i] = (uint8_t)((first + i) * 7);
    s.payload = payload;
    s.len = cap;
    s.wire_len = len;
    s.packet = ++packet;
    ts += data[7] * 0.1;
    s.ts = ts;
    cursor[conn][dir] = first + (uint32_t)len +
                        ((s.flags & WIRE_TCP_FIN) ? 1u : 0u);
    fed += cap;
    wire_tcp_segment(t, &s);
    if (data[7] > 200)
      wire_tcp_expire(t, ts);
    wire_tcp_get_stats(t, &st);
    CHECK(st.ooo_bytes <= lim.ooo_total);
    CHECK(st.conns <= lim.max_conns);
    CHECK(w.delivered <= fed);
    CHECK(st.bytes == w.delivered);
    CHECK(w.opens - w.closes <= lim.max_conns);
  }
  wire_tcp_flush(t, packet, ts);
  wire_tcp_get_stats(t, &st);
  CHECK(w.opens == w.closes);
  CHECK(st.ooo_bytes == 0 && st.conns == 0);
  CHECK(st.ooo_peak <= lim.ooo_total);
  CHECK(w.delivered <= fed);
  wire_tcp_free(t);
  return 0;
}
