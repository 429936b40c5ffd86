/*
 * http_parser.h - an incremental HTTP/1.x request parser for the live
 * edges (corsim serve).
 *
 * It parses one request at the start of a byte buffer that grows as data
 * arrives: the caller appends what it reads and calls http_parser_parse
 * again with the same parser. Nothing is rescanned: the parser remembers
 * where it stopped. When a request is complete it returns the request's
 * length; the caller handles it, drops those bytes from the front of its
 * buffer (pipelined requests may follow) and calls http_parser_reset.
 *
 * What it accepts (RFC 9112), and what it refuses:
 *   - any method token (tchar+), upper- or lower-case: "GET", "patch", "FOO";
 *   - request-target: any run of bytes other than controls, space and DEL;
 *   - HTTP/1.0 and HTTP/1.1; another "HTTP/d.d" is HTTP_EVERSION;
 *   - lines end in CRLF or a bare LF; a bare CR elsewhere is HTTP_EBAD;
 *   - empty lines before the request line are skipped (RFC 9112 2.2);
 *   - header lines "name: value" with a token name and no space before the
 *     colon; values without control bytes other than HTAB; no obs-fold;
 *   - exactly one Host in HTTP/1.1, at most one in HTTP/1.0;
 *   - bodies by Content-Length (every Content-Length line the same
 *     number) or by Transfer-Encoding: chunked (HTTP/1.1 only, not
 *     together with Content-Length, which is how requests are smuggled);
 *     another transfer coding is HTTP_ECODING; chunk extensions and
 *     trailer fields are skipped.
 * Limits: HTTP_HEAD_MAX bytes of head and HTTP_HEADERS_MAX header lines
 * (HTTP_EHEAD), HTTP_BODY_MAX bytes of body as sent (HTTP_EBODY).
 *
 * No allocation, no I/O; all state is in struct http_parser.
 */
#ifndef CORSIM_LIVE_HTTP_PARSER_H
#define CORSIM_LIVE_HTTP_PARSER_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_HEAD_MAX ((size_t)64 * 1024)
#define HTTP_HEADERS_MAX 256
#define HTTP_BODY_MAX ((size_t)16 * 1024 * 1024)

/* Results of http_parser_parse other than a length. */
#define HTTP_AGAIN (-1)    /* incomplete: append more bytes and call again */
#define HTTP_EBAD (-2)     /* malformed request: answer 400 and close */
#define HTTP_EHEAD (-3)    /* head over the limits: 431 and close */
#define HTTP_EBODY (-4)    /* body over the limit: 413 and close */
#define HTTP_ECODING (-5)  /* a transfer coding other than chunked: 501 */
#define HTTP_EVERSION (-6) /* HTTP/ version other than 1.0 and 1.1: 505 */

/* A complete request. Every slice points into the caller's buffer and is
 * valid until the buffer changes or the parser is reset. */
struct http_request {
  struct corsim_str method;
  struct corsim_str target;  /* as sent: "/a?b", "http://h/a", "*" */
  struct corsim_str version; /* "HTTP/1.1" */
  int minor;                 /* 0 or 1 */
  const struct corsim_header *headers; /* in order, duplicates kept */
  size_t nheaders;
  struct corsim_str body; /* decoded (chunked bodies in place) */
  size_t head_len;        /* bytes up to and including the blank line */
  bool chunked;
  bool keep_alive; /* HTTP/1.1 without "Connection: close" */
};

/* Where a header's name and value are, as offsets into the buffer: the
 * buffer may move (realloc) between calls. */
struct http_field {
  uint32_t name, name_len, value, value_len;
};

/*
 * Parser state. All fields are private except those marked readable.
 * It is large (the field table); embed it in a connection, not the stack
 * of a recursive function.
 */
struct http_parser {
  int state;
  size_t line;    /* start of the line being read */
  size_t scan;    /* how far the search for its LF has got */
  size_t pos;     /* body: next raw byte to read */
  size_t decoded; /* body: bytes of body so far (chunked: decoded) */
  uint64_t content_length;
  uint64_t chunk_left;
  size_t method, method_len, target, target_len, version;
  int minor;
  long result; /* once complete or failed: what was returned */
  bool chunked, keep_alive;
  struct http_field fields[HTTP_HEADERS_MAX];
  size_t nfields;
  struct corsim_header headers[HTTP_HEADERS_MAX];

  /* readable */
  bool head_done;       /* the head is complete and valid */
  size_t head_len;      /* when head_done */
  bool expect_continue; /* when head_done: "Expect: 100-continue" */
  const char *error;    /* after an error: what was wrong (static text) */
  size_t error_offset;  /* and where, as an offset into the buffer */
};

/* Prepares p for a new request. */
void http_parser_reset(struct http_parser *p);

/*
 * Parses the request at the start of buf[0..len). Call again with the
 * same buffer contents (possibly moved) plus more bytes at the end; never
 * with fewer, and never restore bytes the parser changed: it decodes a
 * chunked body in place, inside the request's own bytes.
 *
 * Returns the request's length in bytes (> 0) and fills *req; HTTP_AGAIN
 * when more bytes are needed; or one of the HTTP_E* errors, after which
 * p->error and p->error_offset say why (the request cannot be answered
 * and the connection should be closed). Once a request is complete, or an
 * error was returned, the same result comes back until http_parser_reset.
 */
long http_parser_parse(struct http_parser *p, char *buf, size_t len,
                       struct http_request *req);

/* The status code an error result calls for (400, 431, 413, 501, 505). */
int http_parser_error_status(long err);

/* ASCII case-insensitive comparison of a slice with a lower-case literal. */
bool http_str_ieq(struct corsim_str s, const char *lower);

#endif
