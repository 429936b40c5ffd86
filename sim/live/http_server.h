/*
 * http_server.h - a small HTTP/1.1 server on libuv: listeners, connections,
 * the request parser (http_parser.h), keep-alive and pipelining. What to
 * answer is the caller's business (struct http_server_hooks).
 *
 * Connection handling, as a plain HTTP/1.1 server does it:
 *   - requests on a connection are answered in order, pipelined ones too;
 *   - the connection stays open after a response unless the request or
 *     the caller says otherwise (HTTP/1.0 always closes);
 *   - "Expect: 100-continue" gets an interim 100 before the body;
 *   - malformed input is answered 400 (431 for an oversized head, 413 for
 *     an oversized body, 501 for an unknown transfer coding, 505 for an
 *     unsupported version) and the connection is closed;
 *   - a connection that is closed after a response is shut down for
 *     writing first and read to its end (up to LINGER_MS), so that the
 *     client does not lose the response to a reset.
 * Responses queue up to a bound; past it the server stops reading from
 * that connection until the client has taken them.
 *
 * All state lives in struct http_server; there is no global state.
 */
#ifndef CORSIM_LIVE_HTTP_SERVER_H
#define CORSIM_LIVE_HTTP_SERVER_H

#include "buf.h"
#include "http_parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

struct http_server;

/* Who a request came from. Strings live as long as the connection. */
struct http_conn_info {
  uint64_t id;       /* 1, 2, ... in the order connections were accepted */
  const char *local; /* the listener's address: "127.0.0.1:8002", "[::1]:8002" */
  const char *peer;  /* the client's: "127.0.0.1:51234" */
};

struct http_server_hooks {
  void *user;
  /*
   * A complete request. Append the whole response (status line, headers,
   * body) to resp, which is empty; the server sends it and frees it. Set
   * *close to close the connection after it (it is preset to what the
   * request asked for). An empty resp sends nothing.
   */
  void (*request)(void *user, const struct http_conn_info *c,
                  const struct http_request *req, struct buf *resp,
                  bool *close);
  /* Input that is not a request: the server answers status with a short
   * text and closes. why is static text; offset is where in the request
   * the problem is. May be NULL. */
  void (*bad_request)(void *user, const struct http_conn_info *c, int status,
                      const char *why, size_t offset);
};

/* Returns 0, or UV_ENOMEM. */
int http_server_new(struct http_server **out, uv_loop_t *loop,
                    const struct http_server_hooks *hooks);

/*
 * Listens on ip ("127.0.0.1", "::1") and port. Returns 0 or a libuv error
 * (UV_EACCES for a port below 1024 without the right, UV_EADDRINUSE,
 * UV_EADDRNOTAVAIL when the address is not on this machine, ...).
 */
int http_server_listen(struct http_server *s, const char *ip, int port);

/*
 * Stops listening and closes every connection (queued responses are
 * dropped). done(user) is called once every handle has been closed: from
 * the loop, or at once when nothing was open. done may be NULL.
 */
void http_server_close(struct http_server *s, void (*done)(void *user),
                       void *user);

/* Frees s. Once http_server_listen has been called (even when it failed),
 * only after http_server_close's done. NULL is a no-op. */
void http_server_free(struct http_server *s);

#endif
