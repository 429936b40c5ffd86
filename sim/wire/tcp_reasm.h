/*
 * tcp_reasm.h - TCP segments (link.c) to ordered byte streams, one pair of
 * directions per connection, delivered through struct wire_stream_cb.
 *
 * What it follows:
 *   - connections by their addresses and ports (both directions map to
 *     one connection); ids are 1-based in the order of first sight;
 *   - the handshake: the SYN sender is the client (dir 0); the ISNs of
 *     SYN and SYN-ACK start each direction; a SYN-ACK without its SYN
 *     still starts both;
 *   - captures that start mid-connection: a segment with payload on an
 *     unknown connection opens it (mid_stream), each direction starting
 *     at its first payload byte seen; the client is guessed as the side
 *     with the higher port, on equal ports the higher address;
 *   - out-of-order segments, buffered until the hole before them fills;
 *   - retransmissions and overlaps: each byte is delivered once, and the
 *     copy that arrived first wins;
 *   - sequence numbers wrapping around 2^32;
 *   - missing bytes: a hole that does not fill (buffer limits reached, a
 *     FIN, RST or close behind it) and payload cut by the snapshot length
 *     are reported by the gap callback with the number of bytes missing,
 *     and the stream goes on after them;
 *   - FIN ends a direction (once the bytes before it are in); the
 *     connection closes when both have ended, or on RST;
 *   - port reuse: a SYN with a new ISN on a known connection closes it
 *     (WIRE_CLOSE_REUSED) and opens a new one;
 *   - closed connections are remembered for a while (the linger limit),
 *     so late retransmissions after FIN or RST do not open a phantom
 *     mid-stream connection.
 *
 * Memory is bounded by what is in flight: out-of-order bytes per direction
 * and in all, and the number of connections (past that, the connection
 * idle longest is closed with WIRE_CLOSE_LIMIT). In-order payload is never
 * copied: the data callback gets a pointer into the segment.
 *
 * Callbacks must not call back into the same struct wire_tcp.
 * The struct wire_conn_info handed to open stays valid (and unchanged)
 * until the close callback of that connection returns.
 */
#ifndef CORSIM_WIRE_TCP_REASM_H
#define CORSIM_WIRE_TCP_REASM_H

#include "wire.h"

#include <stddef.h>
#include <stdint.h>

/* A zero field takes the default. */
struct wire_tcp_limits {
  size_t ooo_per_dir;  /* out-of-order bytes held per direction: 1 MiB */
  size_t ooo_total;    /* out-of-order bytes held in all: 64 MiB */
  size_t max_conns;    /* connections tracked, closed ones included: 65536 */
  double idle_timeout; /* a connection without packets closes: 300 s */
  double linger;       /* a closed connection is remembered: 60 s */
};

#define WIRE_TCP_OOO_PER_DIR ((size_t)1 << 20)
#define WIRE_TCP_OOO_TOTAL ((size_t)64 << 20)
#define WIRE_TCP_MAX_CONNS ((size_t)65536)
#define WIRE_TCP_IDLE_TIMEOUT 300.0
#define WIRE_TCP_LINGER 60.0

struct wire_tcp_stats {
  uint64_t segments;      /* handed to wire_tcp_segment */
  uint64_t connections;   /* opened */
  uint64_t bytes;         /* payload bytes delivered */
  uint64_t gaps;          /* gap callbacks */
  uint64_t gap_bytes;     /* bytes they reported missing */
  uint64_t retrans_bytes; /* payload bytes seen again (or overlapping) */
  uint64_t ooo_segments;  /* segments that arrived ahead of a hole */
  uint64_t dropped;       /* connections closed for the connection limit */
  uint64_t holes_forced;  /* holes given up for the out-of-order limits */
  uint64_t ignored;       /* segments on no connection (pure ACKs of an
                             unknown or closed one, late RSTs) */
  size_t ooo_bytes;       /* out-of-order memory held now (bytes plus
                             per-piece overhead) */
  size_t ooo_peak;        /* the most ever held */
  size_t conns;           /* connections tracked now (open and closed) */
  size_t conns_peak;
};

struct wire_tcp;

/* Fills *lim with the defaults. */
void wire_tcp_limits_default(struct wire_tcp_limits *lim);

/* A new reassembler delivering to *cb (copied; cb->user is handed back
 * to every callback; a NULL callback is skipped). lim may be NULL for
 * the defaults. Returns NULL when out of memory. */
struct wire_tcp *wire_tcp_new(const struct wire_stream_cb *cb,
                              const struct wire_tcp_limits *lim);

/* Feeds one segment; s and its payload are only borrowed. Segments come
 * in capture order; their packet numbers and times are passed on. */
void wire_tcp_segment(struct wire_tcp *t, const struct wire_segment *s);

/* Closes idle connections: those whose last packet is more than the idle
 * timeout before now (capture time), WIRE_CLOSE_IDLE; and forgets closed
 * ones older than the linger time. Cheap when nothing is due: call it as
 * often as convenient. */
void wire_tcp_expire(struct wire_tcp *t, double now);

/* The end of the capture: every open connection closes with
 * WIRE_CLOSE_END after its held bytes (gaps before them reported) are
 * delivered. packet and ts are those of the last packet. The reassembler
 * is empty afterwards and can be fed again. */
void wire_tcp_flush(struct wire_tcp *t, uint64_t packet, double ts);

void wire_tcp_get_stats(const struct wire_tcp *t, struct wire_tcp_stats *out);

/* Frees everything without calling any callback (call wire_tcp_flush
 * first for the close callbacks). NULL is a no-op. */
void wire_tcp_free(struct wire_tcp *t);

#endif
