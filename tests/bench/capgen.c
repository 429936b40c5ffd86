/*
 * capgen.c - writes a large synthetic capture of browser CORS traffic,
 * for the replay benchmark (tests/bench/bench_replay.c).
 *
 *   build/capgen EXCHANGES OUT.pcap [CONNECTIONS]
 *
 * Pages at http://10.0.0.1:8001 talk to an API at 10.0.0.2:8002 over
 * CONNECTIONS concurrent keep-alive connections (default 64), whose
 * packets are interleaved. Per connection, script requests follow one
 * another: every fourth is a preflighted PUT (OPTIONS then PUT with a
 * JSON body split over two segments, the answer chunked), the others
 * simple GETs with a Content-Length body; one request in sixteen is
 * answered without Access-Control-Allow-Origin, so that some are blocked.
 * A connection closes with FIN after 100 exchanges and a new one opens
 * (with its handshake) on the next source port. Ethernet link type,
 * IPv4, deterministic: the same arguments give the same bytes.
 */
#include <pcap/pcap.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MTU_PAYLOAD 1400

struct conn {
  uint16_t sport;
  uint32_t cseq, sseq; /* next sequence numbers, client and server */
  int done;            /* exchanges on this connection */
  long next;           /* script request number */
};

struct gen {
  pcap_dumper_t *d;
  double t;
  uint16_t ip_id;
  unsigned char pkt[2048];
};

static void put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* One Ethernet/IPv4/TCP packet; dir 0 client to server. */
static void packet(struct gen *g, struct conn *c, int dir, uint8_t flags,
                   const char *data, size_t n) {
  unsigned char *p = g->pkt;
  memset(p, 0, 54);
  memcpy(p, dir ? "\x02\x00\x00\x00\x00\x01" : "\x02\x00\x00\x00\x00\x02", 6);
  memcpy(p + 6, dir ? "\x02\x00\x00\x00\x00\x02" : "\x02\x00\x00\x00\x00\x01", 6);
  put16(p + 12, 0x0800);
  unsigned char *ip = p + 14;
  ip[0] = 0x45;
  put16(ip + 2, (unsigned)(20 + 20 + n));
  put16(ip + 4, g->ip_id++);
  ip[8] = 64;
  ip[9] = 6;
  memcpy(ip + 12, dir ? "\x0a\x00\x00\x02" : "\x0a\x00\x00\x01", 4);
  memcpy(ip + 16, dir ? "\x0a\x00\x00\x01" : "\x0a\x00\x00\x02", 4);
  unsigned char *tcp = ip + 20;
  put16(tcp, dir ? 8002 : c->sport);
  put16(tcp + 2, dir ? c->sport : 8002);
  put32(tcp + 4, dir ? c->sseq : c->cseq);
  put32(tcp + 8, (flags & 0x10) ? (dir ? c->cseq : c->sseq) : 0);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  put16(tcp + 14, 65535);
  memcpy(tcp + 20, data, n);
  uint32_t adv = (uint32_t)n + ((flags & 0x03) ? 1 : 0); /* SYN, FIN */
  if (dir)
    c->sseq += adv;
  else
    c->cseq += adv;
  struct pcap_pkthdr h;
  g->t += 0.000013;
  h.ts.tv_sec = 1795000000 + (long)g->t;
  h.ts.tv_usec = (long)((g->t - (long)g->t) * 1e6);
  h.caplen = h.len = (bpf_u_int32)(54 + n);
  pcap_dump((unsigned char *)g->d, &h, p);
}

/* Bytes of one direction, cut into segments of at most `seg` bytes. */
static void send_bytes(struct gen *g, struct conn *c, int dir, const char *s,
                       size_t n, size_t seg) {
  while (n > 0) {
    size_t k = n < seg ? n : seg;
    packet(g, c, dir, 0x18, s, k);
    s += k;
    n -= k;
  }
}

static void handshake(struct gen *g, struct conn *c) {
  c->cseq = 1000u + c->sport * 7919u;
  c->sseq = 5000u + c->sport * 104729u;
  packet(g, c, 0, 0x02, "", 0);
  packet(g, c, 1, 0x12, "", 0);
  packet(g, c, 0, 0x10, "", 0);
}

static void close_conn(struct gen *g, struct conn *c) {
  packet(g, c, 0, 0x11, "", 0);
  packet(g, c, 1, 0x11, "", 0);
  packet(g, c, 0, 0x10, "", 0);
}

#define ORIGIN "http://10.0.0.1:8001"
#define UA "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like " \
           "Gecko) Chrome/156.0.0.0 Safari/537.36"

/* One script request (and its preflight) on c. */
static void exchange(struct gen *g, struct conn *c) {
  char req[2048], resp[2048];
  long i = c->next++;
  int blocked = i % 16 == 5;
  const char *acao = blocked ? "" : "Access-Control-Allow-Origin: " ORIGIN "\r\n";
  int n, m;
  if (i % 4 == 0) {
    n = snprintf(req, sizeof(req),
                 "OPTIONS /api/items/%ld HTTP/1.1\r\nHost: 10.0.0.2:8002\r\n"
                 "Connection: keep-alive\r\nAccept: */*\r\n"
                 "Access-Control-Request-Method: PUT\r\n"
                 "Access-Control-Request-Headers: content-type,x-token\r\n"
                 "Origin: " ORIGIN "\r\nUser-Agent: " UA "\r\n"
                 "Sec-Fetch-Mode: cors\r\nSec-Fetch-Site: cross-site\r\n"
                 "Sec-Fetch-Dest: empty\r\nReferer: " ORIGIN "/\r\n"
                 "Accept-Encoding: gzip, deflate\r\n"
                 "Accept-Language: en-US,en;q=0.9\r\n\r\n",
                 i);
    send_bytes(g, c, 0, req, (size_t)n, MTU_PAYLOAD);
    m = snprintf(resp, sizeof(resp),
                 "HTTP/1.1 204 No Content\r\n%s"
                 "Access-Control-Allow-Methods: GET, PUT, DELETE\r\n"
                 "Access-Control-Allow-Headers: content-type, x-token\r\n"
                 "Access-Control-Max-Age: 0\r\nVary: Origin\r\n"
                 "Date: Sun, 22 Nov 2026 08:00:00 GMT\r\n\r\n",
                 acao);
    send_bytes(g, c, 1, resp, (size_t)m, MTU_PAYLOAD);
    if (blocked) {
      c->done++;
      return;
    }
    static const char body[] = "{\"name\":\"widget\",\"count\":17,\"tags\":"
                               "[\"a\",\"b\",\"c\"],\"note\":\"split over two "
                               "segments\"}";
    n = snprintf(req, sizeof(req),
                 "PUT /api/items/%ld HTTP/1.1\r\nHost: 10.0.0.2:8002\r\n"
                 "Connection: keep-alive\r\nContent-Length: %zu\r\n"
                 "Content-Type: application/json\r\nX-Token: abc123\r\n"
                 "Origin: " ORIGIN "\r\nUser-Agent: " UA "\r\n"
                 "Accept: */*\r\nSec-Fetch-Mode: cors\r\n"
                 "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Dest: empty\r\n"
                 "Referer: " ORIGIN "/\r\nAccept-Encoding: gzip, deflate\r\n\r\n"
                 "%s",
                 i, sizeof(body) - 1, body);
    /* The body's second half in its own segment. */
    send_bytes(g, c, 0, req, (size_t)n - 40, MTU_PAYLOAD);
    send_bytes(g, c, 0, req + n - 40, 40, MTU_PAYLOAD);
    char chunk[64];
    int cn = snprintf(chunk, sizeof(chunk), "{\"id\":%06ld,\"ok\":true,\"x\":1}",
                      i % 1000000);
    m = snprintf(resp, sizeof(resp),
                 "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: " ORIGIN "\r\n"
                 "Content-Type: application/json\r\nVary: Origin\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n"
                 "%x\r\n%s\r\n0\r\n\r\n",
                 (unsigned)cn, chunk);
    send_bytes(g, c, 1, resp, (size_t)m, MTU_PAYLOAD);
  } else {
    n = snprintf(req, sizeof(req),
                 "GET /api/items?page=%ld HTTP/1.1\r\nHost: 10.0.0.2:8002\r\n"
                 "Connection: keep-alive\r\nAccept: */*\r\n"
                 "Origin: " ORIGIN "\r\nUser-Agent: " UA "\r\n"
                 "Sec-Fetch-Mode: cors\r\nSec-Fetch-Site: cross-site\r\n"
                 "Sec-Fetch-Dest: empty\r\nReferer: " ORIGIN "/\r\n"
                 "Accept-Encoding: gzip, deflate\r\n\r\n",
                 i);
    send_bytes(g, c, 0, req, (size_t)n, MTU_PAYLOAD);
    char body[1200];
    memset(body, 'x', sizeof(body));
    body[0] = '[';
    body[sizeof(body) - 1] = ']';
    m = snprintf(resp, sizeof(resp),
                 "HTTP/1.1 200 OK\r\n%sContent-Type: application/json\r\n"
                 "Content-Length: %zu\r\nCache-Control: no-store\r\n\r\n%.*s",
                 acao, sizeof(body), (int)sizeof(body), body);
    /* Headers and body in segments of 600 bytes: a head split mid-line. */
    send_bytes(g, c, 1, resp, (size_t)m, 600);
  }
  c->done++;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: capgen EXCHANGES OUT.pcap [CONNECTIONS]\n");
    return 2;
  }
  long total = strtol(argv[1], NULL, 10);
  long nconn = argc > 3 ? strtol(argv[3], NULL, 10) : 64;
  if (total < 1 || nconn < 1 || nconn > 10000) {
    fprintf(stderr, "capgen: bad numbers\n");
    return 2;
  }
  pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
  struct gen g = {0};
  g.d = pcap_dump_open(dead, argv[2]);
  if (g.d == NULL) {
    fprintf(stderr, "capgen: %s: %s\n", argv[2], pcap_geterr(dead));
    return 1;
  }
  struct conn *cs = calloc((size_t)nconn, sizeof(*cs));
  if (cs == NULL)
    return 1;
  uint16_t port = 40000;
  for (long k = 0; k < nconn; k++) {
    cs[k].sport = port++;
    cs[k].next = k * 1000000;
    handshake(&g, &cs[k]);
  }
  for (long done = 0; done < total; done++) {
    struct conn *c = &cs[done % nconn];
    exchange(&g, c);
    if (c->done == 100) {
      close_conn(&g, c);
      long keep = c->next;
      memset(c, 0, sizeof(*c));
      c->sport = port++;
      if (port < 40000)
        port = 40000; /* wrapped: ports are reused, as real clients do */
      c->next = keep;
      handshake(&g, c);
    }
  }
  for (long k = 0; k < nconn; k++)
    close_conn(&g, &cs[k]);
  pcap_dump_close(g.d);
  pcap_close(dead);
  free(cs);
  return 0;
}
