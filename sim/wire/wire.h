/*
 * wire.h - the types the wire layer's pieces share: bytes on the wire
 * become TCP segments (link.c), ordered streams (tcp_reasm.c), HTTP/1.x
 * messages paired into exchanges (http1.c, http_conn.c); HAR files
 * become the same exchanges (har.c). The replay judge (judge.c) turns
 * exchanges into script requests for the core.
 *
 *   pcap/pcapng --libpcap--> packet --link.c--> struct wire_segment
 *     --tcp_reasm.c--> stream bytes per direction (+ gaps, close)
 *     --http_conn.c/http1.c--> struct wire_exchange --judge.c--> verdicts
 *   HAR --har.c--> struct wire_exchange --judge.c--> verdicts
 *
 * Ownership: every pointer inside a segment, message or exchange handed
 * to a callback points into memory the caller owns and is valid only
 * during that callback; a receiver that keeps anything copies it.
 * Nothing here is global: each source, reassembler and connection is an
 * object its owner creates and frees, so several run side by side (one
 * per worker of `corsim replay -j N`).
 */
#ifndef CORSIM_WIRE_H
#define CORSIM_WIRE_H

#include "corsim.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- where things came from ------------------------------------------ */

/* Packets are numbered from 1 in their file, as tcpdump -# and
 * Wireshark number them; times are seconds since the epoch. */
struct wire_span {
  uint64_t first_packet, last_packet;
  double first_ts, last_ts;
};

/* A warning about bad input: the file and packet (or HAR entry) it is
 * about, and what is wrong. The run goes on. */
typedef void (*wire_warn_cb)(void *user, uint64_t packet, const char *fmt,
                             va_list ap);

/* ---- TCP -------------------------------------------------------------- */

struct wire_endpoint {
  uint8_t addr[16]; /* IPv4: the first 4 bytes, the rest zero */
  uint8_t family;   /* 4 or 6 */
  uint16_t port;
};

#define WIRE_TCP_FIN 0x01
#define WIRE_TCP_SYN 0x02
#define WIRE_TCP_RST 0x04
#define WIRE_TCP_ACK 0x10

/* One TCP segment out of one packet (link.c). */
struct wire_segment {
  struct wire_endpoint src, dst;
  uint32_t seq, ack;
  uint8_t flags;          /* WIRE_TCP_* */
  const uint8_t *payload; /* into the packet */
  size_t len;             /* payload bytes captured */
  size_t wire_len;        /* payload bytes sent (more when snaplen cut) */
  uint64_t packet;
  double ts;
};

/* A connection as the layers above see it. dir 0 is client to server:
 * the side that sent the SYN, or, for a connection already open when the
 * capture started, the side whose port is the higher (ephemeral) one. */
struct wire_conn_info {
  struct wire_endpoint client, server;
  uint64_t id;       /* 1-based, in the order connections were first seen */
  bool mid_stream;   /* the capture started after the handshake */
};

enum wire_close_reason {
  WIRE_CLOSE_FIN,     /* both sides finished */
  WIRE_CLOSE_RST,     /* reset */
  WIRE_CLOSE_REUSED,  /* a new SYN on the same addresses and ports */
  WIRE_CLOSE_IDLE,    /* no packet for the idle timeout */
  WIRE_CLOSE_LIMIT,   /* dropped to keep memory bounded */
  WIRE_CLOSE_END      /* the capture ended */
};

/* What the reassembler tells the layer above, per connection. */
struct wire_stream_cb {
  void *user;
  /* A new connection; the return value is handed back with its events. */
  void *(*open)(void *user, const struct wire_conn_info *c);
  /* In-order bytes of one direction. */
  void (*data)(void *user, void *conn, int dir, const uint8_t *p, size_t n,
               uint64_t packet, double ts);
  /* n bytes of one direction are missing (lost, or never captured). */
  void (*gap)(void *user, void *conn, int dir, uint64_t n, uint64_t packet,
              double ts);
  /* The connection is over; conn is not used again. */
  void (*close)(void *user, void *conn, enum wire_close_reason why,
                uint64_t packet, double ts);
  wire_warn_cb warn;
};

/* ---- HTTP ------------------------------------------------------------- */

/* One HTTP/1.x message head (the body is skipped, only counted). */
struct wire_message {
  struct corsim_str method; /* request: any token, case kept */
  struct corsim_str target; /* request: as sent ("/a?b", absolute, "*") */
  int status;               /* response: 100-999 */
  struct corsim_str reason; /* response */
  int minor;                /* HTTP/1.minor */
  const struct corsim_header *headers; /* in order, duplicates kept */
  size_t nheaders;
  uint64_t body_len; /* body bytes seen (as sent: chunked framing counted) */
  struct wire_span span;
  bool incomplete; /* a gap or the end of the capture cut it short */
  /* The head's bytes, head[0..head_len), when every non-empty slice above
   * lies in them (a head from http_conn: as received, obs-fold blanked);
   * NULL when the slices lie anywhere (HAR). A receiver that keeps the
   * message copies the block with one memcpy instead of each slice. */
  const char *head;
  size_t head_len;
};

/* A request and, when one came, its response (1xx interim responses are
 * skipped). From a capture: conn is set and url is empty (the judge builds
 * it from Host and target). From HAR: conn is NULL, url is the entry's
 * absolute URL, har_entry its 0-based index and har_error the browser's
 * failure text ("net::ERR_FAILED", "NS_ERROR_DOM_BAD_URI", ...), if any. */
struct wire_exchange {
  const struct wire_conn_info *conn;
  uint64_t index; /* 0-based position on its connection (or in the HAR) */
  struct wire_message req;
  bool has_response;
  struct wire_message resp;
  struct corsim_str url;
  size_t har_entry;
  struct corsim_str har_error;
  struct corsim_str har_initiator; /* "script", "other", ... if recorded */
  struct corsim_str har_resource;  /* "fetch", "xhr", "preflight", ... */
};

/* What the HTTP layer tells its owner. */
struct wire_exchange_cb {
  void *user;
  /* A complete exchange (or a request whose response never came). */
  void (*exchange)(void *user, const struct wire_exchange *x);
  /* The connection carries TLS: it is not followed. */
  void (*tls)(void *user, const struct wire_conn_info *c);
  wire_warn_cb warn;
};

#endif
