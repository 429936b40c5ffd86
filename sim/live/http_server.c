/*
 * http_server.c - HTTP/1.1 connections on libuv, see http_server.h.
 *
 * Each connection owns two handles, its TCP stream and a linger timer, and
 * is freed when both close callbacks have run (libuv handle.rst). Requests
 * are parsed from the connection's buffer: bytes arrive at its end, a
 * complete request is answered at once and its bytes are skipped by
 * advancing c->start; the buffer is compacted before the next read.
 */
#include "http_server.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A connection's buffer holds at most one request and a read's worth more:
 * the parser refuses anything larger before the buffer fills. */
#define CONN_BUF_MAX (2 * HTTP_HEAD_MAX + HTTP_BODY_MAX + 65536)
#define READ_MIN 16384
/* Stop reading a connection when this much of its responses is queued. */
#define WRITE_QUEUE_HIGH ((size_t)1024 * 1024)
#define WRITE_QUEUE_LOW ((size_t)256 * 1024)
/* How long a closing connection is read to its end. */
#define LINGER_MS 2000

#define container_of(ptr, type, member)                                        \
  ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

struct listener {
  uv_tcp_t tcp;
  struct http_server *srv;
  struct listener *next;
  char addr[80];
};

struct conn {
  uv_tcp_t tcp;
  uv_timer_t linger;
  struct http_server *srv;
  struct conn *prev, *next;
  struct http_conn_info info;
  char local[80], peer[80];
  char *buf;
  size_t start, len, cap; /* unparsed bytes are buf[start..len) */
  int handles;            /* open handles: 2, then 0 when closed */
  bool closing;  /* no more requests: the last response is on its way */
  bool shut;     /* uv_shutdown was called */
  bool released; /* uv_close was called on the handles */
  bool paused;   /* reading stopped by the write queue bound */
  bool continue_sent;
  uv_shutdown_t shutdown;
  struct http_parser parser;
  char discard[4096];
};

struct write_req {
  uv_write_t req;
  struct conn *c;
  char *data;
};

struct http_server {
  uv_loop_t *loop;
  struct http_server_hooks hooks;
  struct listener *listeners;
  struct conn *conns;
  uint64_t next_id;
  size_t handles; /* open handles of listeners and connections */
  bool stopping;
  void (*done)(void *user);
  void *done_user;
};

int http_server_new(struct http_server **out, uv_loop_t *loop,
                    const struct http_server_hooks *hooks) {
  struct http_server *s = calloc(1, sizeof *s);

  *out = NULL;
  if (s == NULL)
    return UV_ENOMEM;
  s->loop = loop;
  s->hooks = *hooks;
  *out = s;
  return 0;
}

void http_server_free(struct http_server *s) {
  struct listener *l, *next;

  if (s == NULL)
    return;
  for (l = s->listeners; l != NULL; l = next) {
    next = l->next;
    free(l);
  }
  free(s);
}

static void maybe_done(struct http_server *s) {
  if (s->stopping && s->handles == 0 && s->done != NULL) {
    void (*done)(void *) = s->done;
    s->done = NULL;
    done(s->done_user);
  }
}

/* "127.0.0.1:8002" or "[::1]:8002" for a socket address. */
static void format_addr(const struct sockaddr_storage *ss, char *buf,
                        size_t cap) {
  char ip[48]; /* INET6_ADDRSTRLEN is 46 */

  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    if (uv_ip6_name(a, ip, sizeof ip) != 0)
      snprintf(ip, sizeof ip, "?");
    snprintf(buf, cap, "[%s]:%d", ip, ntohs(a->sin6_port));
  } else if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    if (uv_ip4_name(a, ip, sizeof ip) != 0)
      snprintf(ip, sizeof ip, "?");
    snprintf(buf, cap, "%s:%d", ip, ntohs(a->sin_port));
  } else {
    snprintf(buf, cap, "?");
  }
}

/* ---- closing ---------------------------------------------------------- */

static void on_conn_handle_closed(uv_handle_t *h) {
  struct conn *c = h->data;
  struct http_server *s = c->srv;

  s->handles--;
  if (--c->handles > 0)
    return;
  if (c->prev != NULL)
    c->prev->next = c->next;
  else
    s->conns = c->next;
  if (c->next != NULL)
    c->next->prev = c->prev;
  free(c->buf);
  free(c);
  maybe_done(s);
}

static void conn_release(struct conn *c) {
  if (c->released)
    return;
  c->released = true;
  c->closing = true;
  uv_close((uv_handle_t *)&c->tcp, on_conn_handle_closed);
  uv_close((uv_handle_t *)&c->linger, on_conn_handle_closed);
}

static void on_linger_timeout(uv_timer_t *t) {
  conn_release(t->data);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  struct conn *c = req->data;

  if (status != 0 || c->released) {
    conn_release(c);
    return;
  }
  /* Read what the client still sends until it closes, or LINGER_MS. */
  if (uv_timer_start(&c->linger, on_linger_timeout, LINGER_MS, 0) != 0)
    conn_release(c);
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b);
static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b);

/* No more requests on c: send what is queued, then close. */
static void conn_finish(struct conn *c) {
  c->closing = true;
  if (c->shut || c->released)
    return;
  c->shut = true;
  c->shutdown.data = c;
  if (c->paused) {
    /* Read again, to discard (on_alloc hands out c->discard now). */
    c->paused = false;
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
      conn_release(c);
      return;
    }
  }
  if (uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shutdown) != 0)
    conn_release(c);
}

/* ---- writing ---------------------------------------------------------- */

static void process(struct conn *c);

static void on_written(uv_write_t *req, int status) {
  struct write_req *w = container_of(req, struct write_req, req);
  struct conn *c = w->c;

  free(w->data);
  free(w);
  if (status != 0) {
    conn_release(c);
    return;
  }
  if (c->paused && !c->closing &&
      uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) <
          WRITE_QUEUE_LOW) {
    c->paused = false;
    if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
      conn_release(c);
      return;
    }
    process(c);
  }
}

/* Sends data[0..len) and takes ownership of data. */
static void conn_send(struct conn *c, char *data, size_t len) {
  struct write_req *w;
  uv_buf_t b;

  if (c->released || c->shut || len == 0) {
    free(data);
    return;
  }
  w = malloc(sizeof *w);
  if (w == NULL) {
    free(data);
    conn_release(c);
    return;
  }
  w->c = c;
  w->data = data;
  b = uv_buf_init(data, (unsigned)len);
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written) != 0) {
    free(data);
    free(w);
    conn_release(c);
  }
}

static void send_literal(struct conn *c, const char *text) {
  size_t n = strlen(text);
  char *p = malloc(n);

  if (p == NULL) {
    conn_release(c);
    return;
  }
  memcpy(p, text, n);
  conn_send(c, p, n);
}

static const char *reason_of(int status) {
  switch (status) {
  case 413:
    return "Content Too Large";
  case 431:
    return "Request Header Fields Too Large";
  case 501:
    return "Not Implemented";
  case 505:
    return "HTTP Version Not Supported";
  default:
    return "Bad Request";
  }
}

static void bad_request(struct conn *c, long err) {
  struct http_server *s = c->srv;
  int status = http_parser_error_status(err);
  const char *why = c->parser.error != NULL ? c->parser.error : "bad request";
  struct buf b;

  if (s->hooks.bad_request != NULL)
    s->hooks.bad_request(s->hooks.user, &c->info, status, why,
                         c->parser.error_offset);
  buf_init(&b);
  buf_addf(&b,
           "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Length: %zu\r\nConnection: close\r\n\r\n%s\n",
           status, reason_of(status), strlen(why) + 1, why);
  if (b.failed) {
    buf_cleanup(&b);
    conn_release(c);
    return;
  }
  conn_send(c, b.ptr, b.len);
  conn_finish(c);
}

/* ---- reading ---------------------------------------------------------- */

static void process(struct conn *c) {
  struct http_server *s = c->srv;

  while (!c->closing && !c->paused) {
    struct http_request req;
    long rc = http_parser_parse(&c->parser, c->buf + c->start,
                                c->len - c->start, &req);
    struct buf resp;
    bool close;

    if (rc == HTTP_AGAIN) {
      if (c->parser.head_done && c->parser.expect_continue &&
          !c->continue_sent) {
        c->continue_sent = true;
        send_literal(c, "HTTP/1.1 100 Continue\r\n\r\n");
      }
      return;
    }
    if (rc < 0) {
      bad_request(c, rc);
      return;
    }
    close = !req.keep_alive || req.minor == 0 || s->stopping;
    buf_init(&resp);
    s->hooks.request(s->hooks.user, &c->info, &req, &resp, &close);
    if (resp.failed) {
      buf_cleanup(&resp);
      conn_release(c);
      return;
    }
    conn_send(c, resp.ptr, resp.len);
    c->start += (size_t)rc;
    if (c->start == c->len)
      c->start = c->len = 0;
    http_parser_reset(&c->parser);
    c->continue_sent = false;
    if (close || c->released) {
      conn_finish(c);
      return;
    }
    if (uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) >
        WRITE_QUEUE_HIGH) {
      c->paused = true;
      uv_read_stop((uv_stream_t *)&c->tcp);
    }
  }
}

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *b) {
  struct conn *c = h->data;

  (void)hint;
  if (c->closing) {
    *b = uv_buf_init(c->discard, sizeof c->discard);
    return;
  }
  if (c->start > 0) {
    memmove(c->buf, c->buf + c->start, c->len - c->start);
    c->len -= c->start;
    c->start = 0;
  }
  if (c->cap - c->len < READ_MIN && c->cap < CONN_BUF_MAX) {
    size_t cap = c->cap == 0 ? 65536 : c->cap * 2;
    char *p;
    if (cap > CONN_BUF_MAX)
      cap = CONN_BUF_MAX;
    p = realloc(c->buf, cap);
    if (p != NULL) {
      c->buf = p;
      c->cap = cap;
    }
  }
  /* A zero-length buffer makes libuv report UV_ENOBUFS. */
  if (c->buf == NULL)
    *b = uv_buf_init(NULL, 0);
  else
    *b = uv_buf_init(c->buf + c->len, (unsigned)(c->cap - c->len));
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b) {
  struct conn *c = st->data;

  (void)b;
  if (nread < 0) {
    /* EOF, a reset, or no buffer: nothing more can be answered. */
    conn_release(c);
    return;
  }
  if (nread == 0 || c->closing)
    return;
  c->len += (size_t)nread;
  process(c);
}

static void on_connection(uv_stream_t *server, int status) {
  struct listener *l = server->data;
  struct http_server *s = l->srv;
  struct sockaddr_storage ss;
  struct conn *c;
  int len;

  if (status != 0 || s->stopping)
    return;
  c = calloc(1, sizeof *c);
  if (c == NULL)
    return;
  c->srv = s;
  http_parser_reset(&c->parser);
  if (uv_tcp_init(s->loop, &c->tcp) != 0) {
    free(c);
    return;
  }
  c->tcp.data = c;
  c->linger.data = c;
  c->handles = 2;
  s->handles += 2;
  (void)uv_timer_init(s->loop, &c->linger); /* cannot fail on Unix */
  c->next = s->conns;
  if (s->conns != NULL)
    s->conns->prev = c;
  s->conns = c;
  c->info.id = ++s->next_id;
  c->info.local = c->local;
  c->info.peer = c->peer;
  snprintf(c->local, sizeof c->local, "%s", l->addr);
  snprintf(c->peer, sizeof c->peer, "?");
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) {
    conn_release(c);
    return;
  }
  len = (int)sizeof ss;
  if (uv_tcp_getpeername(&c->tcp, (struct sockaddr *)&ss, &len) == 0)
    format_addr(&ss, c->peer, sizeof c->peer);
  (void)uv_tcp_nodelay(&c->tcp, 1);
  if (uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0)
    conn_release(c);
}

/* ---- listening -------------------------------------------------------- */

static void on_listener_closed(uv_handle_t *h) {
  struct listener *l = h->data;

  l->srv->handles--;
  maybe_done(l->srv);
}

int http_server_listen(struct http_server *s, const char *ip, int port) {
  struct sockaddr_storage ss;
  struct listener *l;
  bool v6 = strchr(ip, ':') != NULL;
  int rc;

  memset(&ss, 0, sizeof ss);
  rc = v6 ? uv_ip6_addr(ip, port, (struct sockaddr_in6 *)&ss)
          : uv_ip4_addr(ip, port, (struct sockaddr_in *)&ss);
  if (rc != 0)
    return rc;
  l = calloc(1, sizeof *l);
  if (l == NULL)
    return UV_ENOMEM;
  rc = uv_tcp_init(s->loop, &l->tcp);
  if (rc != 0) {
    free(l);
    return rc;
  }
  l->srv = s;
  l->tcp.data = l;
  l->next = s->listeners;
  s->listeners = l;
  s->handles++;
  format_addr(&ss, l->addr, sizeof l->addr);
  rc = uv_tcp_bind(&l->tcp, (const struct sockaddr *)&ss,
                   v6 ? UV_TCP_IPV6ONLY : 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&l->tcp, 128, on_connection);
  if (rc != 0)
    uv_close((uv_handle_t *)&l->tcp, on_listener_closed);
  return rc;
}

void http_server_close(struct http_server *s, void (*done)(void *user),
                       void *user) {
  struct listener *l;
  struct conn *c;

  s->done = done;
  s->done_user = user;
  if (!s->stopping) {
    s->stopping = true;
    for (l = s->listeners; l != NULL; l = l->next)
      if (!uv_is_closing((uv_handle_t *)&l->tcp))
        uv_close((uv_handle_t *)&l->tcp, on_listener_closed);
    for (c = s->conns; c != NULL; c = c->next)
      conn_release(c);
  }
  maybe_done(s);
}
