/*
 * http1.h - HTTP/1.x message heads and body framing as seen on the wire
 * (captures): an incremental, zero-copy head parser for requests and
 * responses after picohttpparser's model, and a small state machine that
 * follows a body by its framing without storing it.
 *
 * The head parser is stateless: call it on the bytes received so far; it
 * returns the head's length when the head is complete, -2 when more bytes
 * are needed (call again with the same bytes plus more, passing the
 * previous length as last_len), or -1 when the bytes cannot be a head.
 * Every slice it fills points into buf. It decides only on complete lines
 * (a line ends at LF), so the result for a buffer never depends on how the
 * bytes were split into calls, and with last_len a call that brings no new
 * LF costs only a scan of the new bytes.
 *
 * It is lenient where captures need it, since it reports what was sent
 * rather than deciding what to accept:
 *   - any method token (tchar+), case kept: "GET", "patch", "FOO";
 *   - request-target: any bytes but controls, space and DEL;
 *   - "HTTP/1.d" with any minor digit; another major is malformed;
 *   - one or more SP between the parts of the start line;
 *   - lines end in CRLF or a bare LF; empty lines before the start line
 *     are skipped (RFC 9112 2.2), before a response too;
 *   - a status line may lack its reason phrase ("HTTP/1.1 200");
 *   - header names are tokens; whitespace before the colon is tolerated;
 *     values are OWS-trimmed and may hold any byte but NUL and CR;
 *   - obs-fold (a line starting with SP or HTAB) is joined to the value
 *     before it: that value's slice then runs over the line break, and the
 *     owner of the buffer may blank it with wire_http1_unfold (RFC 9112
 *     5.2); a folded line before any header is skipped (RFC 9112 2.2);
 *   - duplicate headers are kept, in order.
 * Malformed: a start line of another shape, a bare CR, a NUL in a value,
 * a header line without a colon, more headers than the caller's array.
 *
 * No allocation, no global state.
 */
#ifndef CORSIM_WIRE_HTTP1_H
#define CORSIM_WIRE_HTTP1_H

#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WIRE_HTTP1_MALFORMED (-1)
#define WIRE_HTTP1_INCOMPLETE (-2)

/*
 * Parses the request head at the start of buf[0..len).
 *
 * hdrs has *nhdrs entries (capacity in); on success *nhdrs is the number
 * of headers (count out) and m describes the head: method, target, minor,
 * headers = hdrs, nheaders; its other fields are zeroed. Slices point into
 * buf and live as long as its bytes.
 *
 * last_len: 0 on the first call; on a later call for the same message the
 * len of the previous call, which returned -2 (the bytes up to it must be
 * unchanged).
 *
 * Returns the head's length in bytes (through the empty line ending it),
 * WIRE_HTTP1_INCOMPLETE or WIRE_HTTP1_MALFORMED. A buffer longer than
 * INT_MAX is read only up to INT_MAX bytes; bound heads in the caller.
 */
int wire_http1_parse_request(const char *buf, size_t len, size_t last_len,
                             struct wire_message *m,
                             struct corsim_header *hdrs, size_t *nhdrs);

/* The same for a response head: status, reason, minor and headers. */
int wire_http1_parse_response(const char *buf, size_t len, size_t last_len,
                              struct wire_message *m,
                              struct corsim_header *hdrs, size_t *nhdrs);

/* What a head parse found, beyond its result: for callers that resync
 * after bad input and that report heads cut short. */
struct wire_http1_head {
  size_t start;      /* offset of the start line (after empty lines) */
  size_t parsed;     /* offset after the last complete line parsed */
  bool have_start;   /* the start line was complete and valid */
  bool folded;       /* some value runs over an obs-fold line break */
  bool too_many;     /* MALFORMED only because hdrs was full */
  size_t bad_line;   /* MALFORMED: offset of the line found wrong */
  const char *error; /* MALFORMED: what was wrong (static text) */
  /* The fields that frame a body, noted as they are parsed (for the
   * headers in hdrs): 1 + the index of the first Content-Length (0:
   * none), and whether any Transfer-Encoding came. */
  size_t content_length;
  bool transfer_encoding;
};

/*
 * wire_http1_parse_request/_response with details. request chooses the
 * start line. On WIRE_HTTP1_INCOMPLETE after a full parse, m, hdrs and
 * *nhdrs hold what the complete lines said (the start line when
 * info->have_start, the headers so far): the partial head of a message
 * cut short. With last_len != 0 and no new LF the call returns -2 at once
 * and leaves m, hdrs and *info as they were; call with last_len 0 for the
 * partial head.
 */
int wire_http1_parse_head(bool request, const char *buf, size_t len,
                          size_t last_len, struct wire_message *m,
                          struct corsim_header *hdrs, size_t *nhdrs,
                          struct wire_http1_head *info);

/*
 * Whether p[0..n) begins the way a message's start line does: for a
 * request a method token, SP, a target and " HTTP/1."; for a response
 * "HTTP/1.d ddd". Returns 1 yes, 0 no, WIRE_HTTP1_INCOMPLETE when more
 * bytes are needed to say (never once the line's LF is in p[0..n)). Used
 * to find the next message after bytes went missing or were garbage.
 */
int wire_http1_match_start(bool request, const char *p, size_t n);

/* Blanks the line breaks of obs-fold inside a value the caller owns
 * (each CR, LF and the HTAB after them becomes SP), as RFC 9112 5.2 asks
 * of a recipient. */
void wire_http1_unfold(char *value, size_t len);

/* ---- bodies ------------------------------------------------------------ */

/* How a message's body is delimited (RFC 9112 6.3). */
enum wire_http1_framing {
  WIRE_HTTP1_BODY_NONE,    /* no body */
  WIRE_HTTP1_BODY_LENGTH,  /* Content-Length bytes */
  WIRE_HTTP1_BODY_CHUNKED, /* the chunked coding, to its last chunk and
                              trailer section */
  WIRE_HTTP1_BODY_CLOSE,   /* until the server closes (responses only) */
  WIRE_HTTP1_BODY_TUNNEL   /* none, and the connection then carries another
                              protocol: 101, or a 2xx to CONNECT */
};

/* A body being followed: bytes are counted, never stored. All fields
 * readable; change them only through the functions below. */
struct wire_http1_body {
  enum wire_http1_framing framing;
  int state;     /* chunked: where in the coding */
  uint64_t left; /* LENGTH: bytes to come; CHUNKED: of the current chunk */
  uint64_t seen; /* body bytes consumed, as sent (chunked framing too) */
  bool done;     /* the body is complete (at once for NONE and TUNNEL) */
};

/*
 * Sets b up for the body of request head m: chunked when the last
 * transfer coding is chunked, else Content-Length, else none. Returns 0,
 * or -1 when the framing cannot be known (Content-Length values that
 * disagree or are not numbers; a transfer coding other than chunked): the
 * bytes after the head cannot be followed (b is then NONE).
 */
int wire_http1_body_request(struct wire_http1_body *b,
                            const struct wire_message *m);

/*
 * Sets b up for the body of response head m to a request with method
 * req_method (case-sensitive: "HEAD" and "CONNECT" matter): none for HEAD,
 * 1xx, 204 and 304; TUNNEL for 101 and for 2xx to CONNECT; chunked;
 * Content-Length; otherwise (or with a transfer coding other than
 * chunked) until close. Returns 0, or -1 for Content-Length values that
 * disagree or are not numbers (b is then NONE).
 */
int wire_http1_body_response(struct wire_http1_body *b,
                             const struct wire_message *m,
                             struct corsim_str req_method);

/*
 * wire_http1_body_request and _response for a head whose parse noted its
 * framing fields (struct wire_http1_head's content_length and
 * transfer_encoding, passed as cl and te): the same answers without a
 * look at every field for them.
 */
int wire_http1_body_request_noted(struct wire_http1_body *b,
                                  const struct wire_message *m, size_t cl,
                                  bool te);
int wire_http1_body_response_noted(struct wire_http1_body *b,
                                   const struct wire_message *m,
                                   struct corsim_str req_method, size_t cl,
                                   bool te);

/*
 * Consumes body bytes from p[0..n): *used is how many (the rest belongs
 * to the next message). Returns 1 when the body is complete, 0 when more
 * is needed (all n used), -1 when the chunked coding is broken (*used is
 * where: the bytes from there on are not this body's).
 */
int wire_http1_body_feed(struct wire_http1_body *b, const char *p, size_t n,
                         size_t *used);

/*
 * n body bytes are missing. Returns 0 when the framing still holds (the
 * gap lies inside a known length, a chunk's data, or a body read until
 * close), 1 when the gap ended exactly at the body's end, -1 when the
 * place in the stream is lost (the gap ran past the body, or into chunk
 * framing). Missing bytes are not added to seen.
 */
int wire_http1_body_gap(struct wire_http1_body *b, uint64_t n);

/* The stream ended: whether that completes the body (close-delimited). */
bool wire_http1_body_eof(const struct wire_http1_body *b);

/* A status of an interim response, skipped while waiting for the final
 * one: 1xx other than 101. */
bool wire_http1_is_interim(int status);

#endif
