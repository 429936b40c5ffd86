/*
 * http_conn.h - one TCP connection's HTTP/1.x: the layer that sits on the
 * reassembler's callbacks (struct wire_stream_cb), parses both directions
 * with http1.c and pairs requests with responses into exchanges (struct
 * wire_exchange) for its owner.
 *
 * Stream bytes may arrive in any split, one byte at a time included. Only
 * message heads are buffered (at most WIRE_HTTP_HEAD_MAX bytes per
 * direction); bodies are followed by their framing and counted, never
 * stored. Requests queue in order (keep-alive, pipelining) and each final
 * response answers the oldest unanswered request; 1xx interim responses
 * (100 Continue, 103 Early Hints) are skipped. An exchange is emitted once
 * its response and its request are both complete, in request order; at
 * close every request still waiting is emitted, without a response when
 * none came.
 *
 * Bad input never stops the run:
 *   - garbage (bytes that cannot be a head, a broken chunked coding,
 *     Content-Length values that disagree, a head over the limit) is
 *     warned about once per connection, with the packet, and parsing
 *     resynchronises at the next line that starts a message: for requests
 *     a method token, SP, a target and " HTTP/1."; for responses
 *     "HTTP/1.d ddd" (the start of a data call counts as a line start
 *     there, since a body without a final LF is often followed by the
 *     next message in a new segment);
 *   - a gap (missing bytes) marks the message it falls in as incomplete;
 *     inside a body of known length or inside chunk data the framing
 *     survives, elsewhere parsing resynchronises the same way (quietly);
 *   - a connection whose first bytes are a TLS record (0x14-0x17, 0x03,
 *     0x00-0x04: a handshake, or application data when the capture began
 *     mid-stream), from the client or, before any request, from the
 *     server, is reported once through cb->tls and not followed;
 *   - after 101 Switching Protocols, or a 2xx to CONNECT, the connection
 *     carries another protocol: it is warned about once and its later
 *     bytes are ignored. Client bytes that follow a request with CONNECT
 *     or an Upgrade field are held (within the head limit) until its
 *     response says whether they are HTTP.
 *
 * An exchange's heads carry the spans (first and last packet and time of
 * their bytes), body_len (body bytes seen, chunked framing included,
 * missing bytes not), incomplete (a gap, the close or garbage cut the
 * message short) and head/head_len (the block of bytes all of the head's
 * non-empty slices lie in). A request cut before its request line ended is emitted
 * with an empty method and target; a response cut before its status line
 * ended gives has_response false with resp.incomplete true. conn points
 * to this object's copy of the connection; index is the request's 0-based
 * position on the connection; url, har_error, har_initiator and
 * har_resource are empty ("", 0) and har_entry is SIZE_MAX. As everywhere
 * in the wire layer, what a callback receives lives only during the call.
 *
 * Callbacks must not call back into the same connection object.
 */
#ifndef CORSIM_WIRE_HTTP_CONN_H
#define CORSIM_WIRE_HTTP_CONN_H

#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A message head longer than this is treated as garbage. */
#define WIRE_HTTP_HEAD_MAX ((size_t)64 * 1024)
/* Header lines per head; more is treated as garbage. */
#define WIRE_HTTP_HEADERS_MAX 512
/* Requests waiting for their responses, and the bytes of their heads: past
 * either, the oldest is emitted without a response and the next response
 * is taken as its answer and dropped, which keeps the pairing of the rest
 * and memory bounded. */
#define WIRE_HTTP_PENDING_MAX 256
#define WIRE_HTTP_PENDING_BYTES ((size_t)4 * 1024 * 1024)

/* What a connection saw. All counts, none reset by reading them. */
struct wire_http_stats {
  uint64_t requests;   /* request heads parsed */
  uint64_t responses;  /* final response heads parsed */
  uint64_t interim;    /* 1xx interim responses skipped */
  uint64_t exchanges;  /* exchanges emitted */
  uint64_t unanswered; /* of those, without a response */
  uint64_t orphans;    /* responses with no request to answer */
  uint64_t incomplete; /* heads cut short: a gap, the close or garbage */
  uint64_t resyncs;    /* searches for the next message start */
  uint64_t gaps;       /* gap reports */
  uint64_t body_bytes; /* body bytes seen, both directions */
  uint64_t bytes_skipped; /* bytes passed over while resynchronising */
  uint64_t bytes_ignored; /* bytes of TLS, tunnels, after the close */
  uint64_t tls;           /* connections found to be TLS (0 or 1 here) */
  uint64_t tunnels;       /* connections that switched protocols */
};

struct wire_http_conn;

/*
 * A new connection. c and cb are copied (cb->exchange may be NULL to only
 * count; cb->tls and cb->warn may be NULL). Returns NULL when out of
 * memory. When c->mid_stream, parsing starts by looking for a message
 * start, without warning about what comes before it.
 */
struct wire_http_conn *wire_http_conn_new(const struct wire_conn_info *c,
                                          const struct wire_exchange_cb *cb);

/* In-order stream bytes of direction dir (0 client to server, 1 back),
 * from packet (numbered from 1) at time ts. p is only read during the
 * call. */
void wire_http_conn_data(struct wire_http_conn *h, int dir, const uint8_t *p,
                         size_t n, uint64_t packet, double ts);

/* n bytes of direction dir are missing, noticed at packet / ts. */
void wire_http_conn_gap(struct wire_http_conn *h, int dir, uint64_t n,
                        uint64_t packet, double ts);

/*
 * The connection is over: a close-delimited body ends, a message cut
 * short is marked incomplete, and every request still queued is emitted
 * (those never answered with has_response false). Later calls of
 * data/gap/close are ignored.
 */
void wire_http_conn_close(struct wire_http_conn *h, uint64_t packet,
                          double ts);

/* Frees h without emitting anything (close first to flush). NULL is a
 * no-op. */
void wire_http_conn_free(struct wire_http_conn *h);

/* The counts so far. */
void wire_http_conn_stats(const struct wire_http_conn *h,
                          struct wire_http_stats *out);

/* sum += s, field by field: totals over connections. */
void wire_http_stats_add(struct wire_http_stats *sum,
                         const struct wire_http_stats *s);

#endif
