/* test_http_conn.c - unit tests for sim/wire/http_conn.c: exchanges out of
 * both directions of a connection, whatever the split of the bytes
 * (every byte boundary, one byte at a time), keep-alive, pipelining,
 * framings, interim responses, upgrades and tunnels, gaps, garbage, TLS,
 * the close, and the bounds. Each exchange is written down as one line of
 * text, so a scenario's outcome is one string to compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_conn.h"

/* ---- recording ------------------------------------------------------------ */

struct rec {
  char text[16384]; /* one line per exchange */
  size_t len;
  int nx, ntls, nwarn;
  char warn[256];
  uint64_t warn_packet;
  struct wire_exchange first; /* the first exchange, shallow */
  char first_hdr[256];        /* its first response header, "name: value" */
  char first_req_hdr[256];    /* its last request header */
  const struct wire_conn_info *info;
};

static void add(struct rec *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add(struct rec *r, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(r->text + r->len, sizeof r->text - r->len, fmt, ap);
  va_end(ap);
  assert_true(n >= 0 && (size_t)n < sizeof r->text - r->len);
  r->len += (size_t)n;
}

static void check_str(struct corsim_str s) {
  /* Every slice is readable (ASan checks) and has no line break left. */
  size_t i;
  if (s.len > 0)
    assert_non_null(s.ptr);
  for (i = 0; i < s.len; i++)
    assert_true(s.ptr[i] != '\n' && s.ptr[i] != '\r');
}

static void check_message(const struct wire_message *m) {
  size_t i;
  check_str(m->method);
  check_str(m->target);
  check_str(m->reason);
  for (i = 0; i < m->nheaders; i++) {
    check_str(m->headers[i].name);
    check_str(m->headers[i].value);
  }
  assert_true(m->span.first_packet <= m->span.last_packet);
}

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct rec *r = user;

  assert_ptr_equal(x->conn, r->info);
  assert_int_equal(x->index, (uint64_t)r->nx);
  assert_int_equal(x->url.len, 0);
  assert_non_null(x->url.ptr);
  assert_int_equal(x->har_entry, SIZE_MAX);
  assert_int_equal(x->har_error.len, 0);
  check_message(&x->req);
  if (x->has_response)
    check_message(&x->resp);
  if (r->nx == 0) {
    r->first = *x;
    r->first_hdr[0] = r->first_req_hdr[0] = '\0';
    if (x->has_response && x->resp.nheaders > 0)
      snprintf(r->first_hdr, sizeof r->first_hdr, "%.*s: %.*s",
               (int)x->resp.headers[0].name.len, x->resp.headers[0].name.ptr,
               (int)x->resp.headers[0].value.len,
               x->resp.headers[0].value.ptr);
    if (x->req.nheaders > 0) {
      const struct corsim_header *h = &x->req.headers[x->req.nheaders - 1];
      snprintf(r->first_req_hdr, sizeof r->first_req_hdr, "%.*s: %.*s",
               (int)h->name.len, h->name.ptr, (int)h->value.len,
               h->value.ptr);
    }
  }
  r->nx++;
  add(r, "%.*s %.*s", (int)x->req.method.len, x->req.method.ptr,
      (int)x->req.target.len, x->req.target.ptr);
  if (x->req.body_len)
    add(r, " +%llu", (unsigned long long)x->req.body_len);
  if (x->req.incomplete)
    add(r, " !");
  if (!x->has_response)
    add(r, x->resp.incomplete ? " -> cut\n" : " -> none\n");
  else {
    add(r, " -> %d", x->resp.status);
    if (x->resp.body_len)
      add(r, " +%llu", (unsigned long long)x->resp.body_len);
    add(r, x->resp.incomplete ? " !\n" : "\n");
  }
}

static void on_tls(void *user, const struct wire_conn_info *c) {
  struct rec *r = user;
  assert_ptr_equal(c, r->info);
  r->ntls++;
}

static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) __attribute__((format(printf, 3, 0)));

static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) {
  struct rec *r = user;
  r->nwarn++;
  r->warn_packet = packet;
  vsnprintf(r->warn, sizeof r->warn, fmt, ap);
}

/* ---- driving ---------------------------------------------------------------- */

/* A scenario: steps of data in one direction, gaps, and the end. */
struct step {
  int dir;          /* 0, 1; 2 = a gap of gap bytes in direction gapdir */
  const char *data; /* NULL-terminated; len 0 means strlen */
  size_t len;
  int gapdir;
  uint64_t gap;
};

#define C(s) {0, s, sizeof(s) - 1, 0, 0}
#define S(s) {1, s, sizeof(s) - 1, 0, 0}
#define GAP(d, n) {2, NULL, 0, d, n}
#define END {-1, NULL, 0, 0, 0}

static struct wire_conn_info conn_info(bool mid) {
  struct wire_conn_info c;
  memset(&c, 0, sizeof c);
  c.client.family = c.server.family = 4;
  c.client.port = 50000;
  c.server.port = 80;
  c.id = 7;
  c.mid_stream = mid;
  return c;
}

static struct wire_http_conn *open_any(struct rec *r, bool mid);

/* Feeds bytes p[0..n) in pieces of exact-size heap copies (ASan sees any
 * read past them), cutting at the positions in cuts[0..ncuts). */
static void feed_cut(struct wire_http_conn *h, int dir, const char *p,
                     size_t n, const size_t *cuts, size_t ncuts,
                     uint64_t *packet) {
  size_t from = 0, i;
  for (i = 0; i <= ncuts; i++) {
    size_t to = i < ncuts ? cuts[i] : n;
    if (to > from) {
      uint8_t *c = malloc(to - from);
      assert_non_null(c);
      memcpy(c, p + from, to - from);
      ++*packet;
      wire_http_conn_data(h, dir, c, to - from, *packet,
                          (double)*packet / 10);
      free(c);
    }
    from = to;
  }
}

/*
 * Runs a scenario into r. split: -1 whole steps; -2 one byte at a time;
 * k >= 0 the step numbered split_step is cut at byte k (when inside it).
 */
static struct wire_http_stats run(struct rec *r, const struct step *steps,
                                  bool mid, int split_step, long split) {
  struct wire_http_conn *h = open_any(r, mid);
  struct wire_http_stats st;
  uint64_t packet = 0;
  int i;

  for (i = 0; steps[i].dir >= 0; i++) {
    const struct step *s = &steps[i];
    if (s->dir == 2) {
      packet++;
      wire_http_conn_gap(h, s->gapdir, s->gap, packet, (double)packet / 10);
      continue;
    }
    if (split == -2) {
      size_t k;
      for (k = 0; k < s->len; k++)
        feed_cut(h, s->dir, s->data + k, 1, NULL, 0, &packet);
    } else if (i == split_step && split > 0 && (size_t)split < s->len) {
      size_t cut = (size_t)split;
      feed_cut(h, s->dir, s->data, s->len, &cut, 1, &packet);
    } else {
      feed_cut(h, s->dir, s->data, s->len, NULL, 0, &packet);
    }
  }
  packet++;
  wire_http_conn_close(h, packet, (double)packet / 10);
  wire_http_conn_stats(h, &st);
  wire_http_conn_free(h);
  return st;
}

/* The info pointer an exchange carries is the connection's own copy:
 * check it against the first exchange's, then trust it. */
static void on_exchange_any(void *user, const struct wire_exchange *x) {
  struct rec *r = user;
  if (r->info == NULL)
    r->info = x->conn;
  on_exchange(user, x);
}

static void on_tls_any(void *user, const struct wire_conn_info *c) {
  struct rec *r = user;
  if (r->info == NULL)
    r->info = c;
  on_tls(user, c);
}

/* Whole, one byte at a time, and cut at every byte of every step: the
 * same exchanges each time. Returns the whole run's stats. */
static struct wire_http_stats check_scenario(const struct step *steps,
                                             bool mid, const char *want) {
  static struct rec whole, piece;
  struct wire_http_stats st = run(&whole, steps, mid, -1, -1), st2;
  int i;

  if (strcmp(whole.text, want) != 0)
    fail_msg("got:\n%s\nwant:\n%s", whole.text, want);
  st2 = run(&piece, steps, mid, -1, -2);
  if (strcmp(piece.text, want) != 0)
    fail_msg("one byte at a time:\n%s\nwant:\n%s", piece.text, want);
  assert_int_equal(st2.exchanges, st.exchanges);
  assert_int_equal(st2.body_bytes, st.body_bytes);
  assert_int_equal(piece.nwarn, whole.nwarn);
  for (i = 0; steps[i].dir >= 0; i++) {
    size_t k;
    for (k = 1; k < steps[i].len; k++) {
      run(&piece, steps, mid, i, (long)k);
      if (strcmp(piece.text, want) != 0)
        fail_msg("step %d cut at %zu:\n%s\nwant:\n%s", i, k, piece.text,
                 want);
      assert_int_equal(piece.nwarn, whole.nwarn);
    }
  }
  return st;
}

/* Only whole steps: for resyncs that try a segment's start as a line
 * start, where segments of a byte or two may find other starts. */
static struct wire_http_stats check_whole(const struct step *steps, bool mid,
                                          const char *want) {
  static struct rec whole;
  struct wire_http_stats st = run(&whole, steps, mid, -1, -1);
  if (strcmp(whole.text, want) != 0)
    fail_msg("got:\n%s\nwant:\n%s", whole.text, want);
  return st;
}

/* A connection whose callbacks record into r; the info pointer is learnt
 * on first use. */
static struct wire_http_conn *open_any(struct rec *r, bool mid) {
  struct wire_conn_info c = conn_info(mid);
  struct wire_exchange_cb cb;
  struct wire_http_conn *h;

  memset(r, 0, sizeof *r);
  cb.user = r;
  cb.exchange = on_exchange_any;
  cb.tls = on_tls_any;
  cb.warn = on_warn;
  h = wire_http_conn_new(&c, &cb);
  assert_non_null(h);
  return h;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_simple_exchange(void **state) {
  static const char req[] = "GET /api/data?x=1 HTTP/1.1\r\n"
                            "Host: api.example\r\n"
                            "Origin: https://app.example\r\n\r\n";
  static const char resp1[] = "HTTP/1.1 200 OK\r\n"
                              "Access-Control-Allow-Origin: https://app.example"
                              "\r\nContent-Length: 11\r\n\r\nhello";
  static const char resp2[] = " world";
  struct rec r;
  struct wire_http_conn *h = open_any(&r, false);
  struct wire_http_stats st;
  (void)state;

  wire_http_conn_data(h, 0, (const uint8_t *)req, sizeof req - 1, 4, 1.5);
  assert_int_equal(r.nx, 0);
  wire_http_conn_data(h, 1, (const uint8_t *)resp1, sizeof resp1 - 1, 6, 1.7);
  assert_int_equal(r.nx, 0);
  wire_http_conn_data(h, 1, (const uint8_t *)resp2, sizeof resp2 - 1, 8, 1.9);
  assert_int_equal(r.nx, 1);
  assert_string_equal(r.text, "GET /api/data?x=1 -> 200 +11\n");
  assert_int_equal(r.first.req.span.first_packet, 4);
  assert_int_equal(r.first.req.span.last_packet, 4);
  assert_int_equal(r.first.resp.span.first_packet, 6);
  assert_int_equal(r.first.resp.span.last_packet, 8);
  assert_true(r.first.resp.span.last_ts == 1.9);
  assert_int_equal(r.first.resp.minor, 1);
  assert_int_equal(r.first.req.nheaders, 2);
  assert_string_equal(r.first_req_hdr, "Origin: https://app.example");
  assert_string_equal(r.first_hdr,
                      "Access-Control-Allow-Origin: https://app.example");
  assert_int_equal(r.first.conn->id, 7);
  assert_int_equal(r.first.conn->server.port, 80);
  wire_http_conn_close(h, 9, 2.0);
  wire_http_conn_stats(h, &st);
  assert_int_equal(st.requests, 1);
  assert_int_equal(st.responses, 1);
  assert_int_equal(st.exchanges, 1);
  assert_int_equal(st.body_bytes, 11);
  assert_int_equal(st.resyncs, 0);
  assert_int_equal(r.nwarn, 0);
  /* after the close, nothing more */
  wire_http_conn_data(h, 0, (const uint8_t *)req, sizeof req - 1, 10, 2.1);
  wire_http_conn_close(h, 11, 2.2);
  assert_int_equal(r.nx, 1);
  wire_http_conn_free(h);
  wire_http_conn_free(NULL);
}

static const struct step keep_alive[] = {
    C("OPTIONS /r HTTP/1.1\r\nHost: a\r\nOrigin: https://o\r\n"
      "Access-Control-Request-Method: PUT\r\n\r\n"),
    S("HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: https://o\r\n"
      "Access-Control-Allow-Methods: PUT\r\nContent-Length: 0\r\n\r\n"),
    C("PUT /r HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabcde"),
    S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4;ext=1\r\nwxyz\r\n0\r\nX-T: 1\r\n\r\n"),
    C("GET /cached HTTP/1.1\r\nIf-None-Match: \"x\"\r\n\r\n"),
    S("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 99\r\n\r\n"),
    C("patch /lower HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"),
    S("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 3\r\n\r\nno!"),
    C("FOO /custom HTTP/1.0\n\n"),
    S("HTTP/1.0 200 OK\n\nuntil the end"),
    END};

static void test_keep_alive(void **state) {
  struct wire_http_stats st;
  (void)state;
  st = check_scenario(keep_alive, false,
                      "OPTIONS /r -> 204\n"
                      "PUT /r +5 -> 200 +28\n"
                      "GET /cached -> 304\n"
                      "patch /lower +2 -> 405 +3\n"
                      "FOO /custom -> 200 +13\n");
  assert_int_equal(st.requests, 5);
  assert_int_equal(st.responses, 5);
  assert_int_equal(st.resyncs, 0);
  assert_int_equal(st.incomplete, 0);
}

static const struct step pipelined[] = {
    C("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
      "HEAD /2 HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n"
      "GET /4 HTTP/1.1\r\n\r\n"),
    S("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
      "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"),
    END};

static void test_pipelining(void **state) {
  (void)state;
  check_scenario(pipelined, false,
                 "GET /1 -> 200 +2\n"
                 "HEAD /2 -> 200\n"
                 "POST /3 +13 -> 201\n"
                 "GET /4 -> 200 +1\n");
}

static const struct step interim[] = {
    /* the body after the 100 */
    C("POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"),
    S("HTTP/1.1 100 Continue\r\n\r\n"),
    C("data"),
    S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    /* the body before the 100 (the client did not wait) */
    C("POST /b HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nxyz"),
    S("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s>\r\n"
      "\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"),
    /* a final answer without 100; then the body anyway */
    C("PUT /c HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"),
    S("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n"),
    C("no"),
    C("GET /d HTTP/1.1\r\n\r\n"),
    S("HTTP/1.1 204 No Content\r\n\r\n"),
    END};

static void test_interim(void **state) {
  struct wire_http_stats st;
  (void)state;
  st = check_scenario(interim, false,
                      "POST /a +4 -> 200\n"
                      "POST /b +3 -> 201 +2\n"
                      "PUT /c +2 -> 417\n"
                      "GET /d -> 204\n");
  assert_int_equal(st.interim, 3);
  assert_int_equal(st.responses, 4);
}

static const struct step closing[] = {
    C("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n"),
    S("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nline 1\nline 2\n"),
    END};

static const struct step unanswered[] = {
    C("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n"),
    S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    C("POST /4 HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"),
    END};

static void test_close(void **state) {
  struct wire_http_stats st;
  (void)state;
  check_scenario(closing, false, "GET /stream -> 200 +14\n");
  st = check_scenario(unanswered, false,
                      "GET /1 -> 200\n"
                      "GET /2 -> none\n"
                      "GET /3 -> none\n"
                      "POST /4 +3 ! -> none\n");
  assert_int_equal(st.unanswered, 3);
  assert_int_equal(st.incomplete, 1);
}

static void test_cut_heads_at_close(void **state) {
  static const struct step req_cut[] = {
      C("GET /1 HTTP/1.1\r\nHost: a\r\nOrigin: https://o\r\nX-Half: ab"), END};
  static const struct step req_line_cut[] = {C("GET /lon"), END};
  static const struct step resp_cut[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Len"), END};
  static const struct step status_cut[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"), S("HTTP/1.1 2"), END};
  static const struct step body_cut[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"), END};
  static struct rec r;
  (void)state;

  check_scenario(req_cut, false, "GET /1 ! -> none\n");
  run(&r, req_cut, false, -1, -1);
  assert_int_equal(r.first.req.nheaders, 2);
  assert_string_equal(r.first_req_hdr, "Origin: https://o");
  check_scenario(req_line_cut, false, "  ! -> none\n");
  check_scenario(resp_cut, false, "GET /1 -> 200 !\n");
  check_scenario(status_cut, false, "GET /1 -> cut\n");
  check_scenario(body_cut, false, "GET /1 -> 200 +5 !\n");
}

static void test_upgrade(void **state) {
  static const struct step ws[] = {
      C("GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: x\r\n\r\n"),
      S("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\n\r\n\x81\x05hello"),
      C("\x81\x85\x00\x00\x00\x00hello"),
      S("\x88\x00"),
      END};
  /* the client does not wait for the 101 */
  static const struct step eager[] = {
      C("GET /chat HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\x81\x85garbage"),
      S("HTTP/1.1 101 Switching Protocols\r\n\r\n"),
      END};
  /* the server declines: what the client sent next is HTTP */
  static const struct step declined[] = {
      C("GET /a HTTP/1.1\r\nUpgrade: h2c\r\n\r\nGET /b HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nA"
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nB"),
      END};
  static const struct step connect[] = {
      C("CONNECT api.example:443 HTTP/1.1\r\nHost: api.example:443\r\n\r\n"
        "\x16\x03\x01\x00\x05hello"),
      S("HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x03"),
      END};
  static const struct step connect_denied[] = {
      C("CONNECT api.example:443 HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0"
        "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(ws, false, "GET /chat -> 101\n");
  assert_int_equal(st.tunnels, 1);
  assert_true(st.bytes_ignored > 0);
  assert_int_equal(st.resyncs, 0);
  run(&r, ws, false, -1, -1);
  assert_int_equal(r.nwarn, 1);
  assert_non_null(strstr(r.warn, "switched protocols"));
  st = check_scenario(eager, false, "GET /chat -> 101\n");
  assert_int_equal(st.resyncs, 0);
  check_scenario(declined, false, "GET /a -> 200 +1\nGET /b -> 200 +1\n");
  st = check_scenario(connect, false, "CONNECT api.example:443 -> 200\n");
  assert_int_equal(st.tunnels, 1);
  run(&r, connect, false, -1, -1);
  assert_int_equal(r.nwarn, 1);
  assert_int_equal(r.ntls, 0);
  check_scenario(connect_denied, false,
                 "CONNECT api.example:443 -> 407\nGET /x -> 200\n");
}

static void test_gaps(void **state) {
  /* a gap inside a request head: the request is reported cut, the next
   * one is found, and the responses still pair */
  static const struct step mid_head[] = {
      C("GET /1 HTTP/1.1\r\nHost: a\r\nX-Lo"),
      GAP(0, 20),
      C("ng: rest\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1"
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2"),
      END};
  /* inside a body of known length the framing holds */
  static const struct step mid_body[] = {
      C("POST /1 HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"),
      GAP(0, 4),
      C("def"),
      C("GET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab"),
      GAP(1, 2),
      S("ef"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n2"),
      END};
  /* a gap over a chunk's framing: lost, found again at the next head */
  static const struct step chunked[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"),
      GAP(1, 10),
      S("x\r\nmore\r\n0\r\n\r\n"),
      C("GET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 204 No Content\r\n\r\n"),
      END};
  /* a gap that swallowed a whole request and the start of the next */
  static const struct step lost[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"),
      GAP(0, 50),
      C("ost: a\r\n\r\nGET /3 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
      S("HTTP/1.1 201 OK\r\nContent-Length: 0\r\n\r\n"),
      S("HTTP/1.1 202 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  /* a gap in a response head */
  static const struct step resp_head[] = {
      C("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nVary: Origin\r\nAccess-Con"),
      GAP(1, 30),
      S("igin: *\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(mid_head, false,
                      "GET /1 ! -> 200 +1\n"
                      "GET /2 -> 200 +1\n");
  assert_int_equal(st.resyncs, 1);
  assert_int_equal(st.gaps, 1);
  run(&r, mid_head, false, -1, -1);
  assert_int_equal(r.nwarn, 0); /* a gap is no garbage */
  assert_int_equal(r.first.req.nheaders, 1);

  st = check_scenario(mid_body, false,
                      "POST /1 +6 ! -> 200 +4 !\n"
                      "GET /2 -> 200 +1\n");
  assert_int_equal(st.resyncs, 0);
  st = check_scenario(chunked, false,
                      "GET /1 -> 200 +5 !\n"
                      "GET /2 -> 204\n");
  assert_int_equal(st.resyncs, 1);
  check_scenario(lost, false,
                 "GET /1 -> 200\n"
                 "  ! -> 201\n"
                 "GET /3 -> 202\n");
  check_scenario(resp_head, false, "GET /1 -> 200 !\nGET /2 -> 404\n");
}

static void test_garbage(void **state) {
  static const struct step client[] = {
      C("GET /1 HTTP/1.1\r\n\r\n"),
      C("\x01\x02 binary junk\r\nmore junk\nGET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  static const struct step server[] = {
      C("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n<html>oops</html>\r\n"
        "HTTP/1.1 201 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  /* a bad header line that is itself a request line: the head before it
   * is reported cut, and the line starts the next request */
  static const struct step bad_header[] = {
      C("GET /1 HTTP/1.1\r\nHost: a\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n"),
      S("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(client, false, "GET /1 -> 200\nGET /2 -> 200\n");
  assert_int_equal(st.resyncs, 1);
  assert_true(st.bytes_skipped >= 25);
  run(&r, client, false, -1, -1);
  assert_int_equal(r.nwarn, 1);
  assert_int_equal(r.warn_packet, 2);
  assert_non_null(strstr(r.warn, "connection 7"));
  assert_non_null(strstr(r.warn, "client"));
  check_scenario(server, false, "GET /1 -> 200\nGET /2 -> 201\n");
  check_scenario(bad_header, false, "GET /1 ! -> 400\nGET /2 -> 200\n");
}

static void test_garbage_conflict(void **state) {
  static const struct step conflict[] = {
      C("POST /1 HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"
        "abcd\r\n"
        "GET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy\r\n"
        "HTTP/1.1 204 No Content\r\n\r\n"),
      END};
  static const struct step bad_chunk[] = {
      C("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n"
        "HTTP/1.1 204 No Content\r\n\r\n"),
      END};
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(conflict, false,
                      "POST /1 ! -> 400\nGET /2 -> 200 !\nGET /3 -> 204\n");
  assert_int_equal(st.resyncs, 2);
  check_scenario(bad_chunk, false, "GET /1 -> 200 !\nGET /2 -> 204\n");
}

static void test_tls(void **state) {
  static const struct step hello[] = {
      C("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
      S("\x16\x03\x03\x00\x7a\x02"),
      C("\x17\x03\x03\x00\x10"),
      END};
  /* mid-stream, application data first */
  static const struct step appdata[] = {C("\x17\x03\x03\x01\x00xyz"), END};
  /* the ClientHello is missing: the server's first bytes tell */
  static const struct step server_first[] = {
      GAP(0, 517), S("\x16\x03\x03\x00\x7a\x02\x00"), C("\x14\x03\x03"), END};
  /* 0x16 0x03 0x05 is no TLS record */
  static const struct step not_tls[] = {
      C("\x16\x03\x05\r\nGET / HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(hello, false, "");
  assert_int_equal(st.tls, 1);
  assert_int_equal(st.bytes_ignored, 22);
  run(&r, hello, false, -1, -2);
  assert_int_equal(r.ntls, 1);
  assert_int_equal(r.nwarn, 0);
  run(&r, appdata, true, -1, -1);
  assert_int_equal(r.ntls, 1);
  run(&r, server_first, false, -1, -1);
  assert_int_equal(r.ntls, 1);
  assert_int_equal(r.nwarn, 0);
  st = check_scenario(not_tls, false, "GET / -> 200\n");
  assert_int_equal(st.tls, 0);
}

static void test_mid_stream(void **state) {
  static const struct step mid[] = {
      C("the end of some body"),
      S("t of a response body\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
        "ok"),
      C("GET /next HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 202 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  /* the server's first bytes are a response's tail: quietly skipped */
  static const struct step resp_tail[] = {
      S("t of a response body\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
        "ok"),
      C("GET /next HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 202 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  /* The client's first bytes end a request that began before the
   * capture: it is reported cut, and answered. */
  st = check_whole(mid, true, "  ! -> 200 +2\nGET /next -> 202\n");
  assert_int_equal(st.orphans, 0);
  run(&r, mid, true, -1, -1);
  assert_int_equal(r.nwarn, 0);
  /* A response with no request to answer: an orphan, quietly. */
  st = check_scenario(resp_tail, true, "GET /next -> 202\n");
  assert_int_equal(st.orphans, 1);
  run(&r, resp_tail, true, -1, -1);
  assert_int_equal(r.nwarn, 0);
}

static void test_orphan(void **state) {
  static const struct step orphan[] = {
      S("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n"), END};
  static struct rec r;
  struct wire_http_stats st;
  (void)state;

  st = check_scenario(orphan, false, "");
  assert_int_equal(st.orphans, 1);
  run(&r, orphan, false, -1, -1);
  assert_int_equal(r.nwarn, 1);
}

static void test_early_response(void **state) {
  /* The server answers before the upload ends; the exchange waits for
   * the request's end, and keeps its copy of the response. */
  static const struct step early[] = {
      C("POST /up HTTP/1.1\r\nContent-Length: 8\r\n\r\n1234"),
      S("HTTP/1.1 413 Payload Too Large\r\nX-Why: too big\r\n"
        "Content-Length: 3\r\n\r\nbig"),
      C("5678"),
      C("GET /next HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  (void)state;

  check_scenario(early, false, "POST /up +8 -> 413 +3\nGET /next -> 200\n");
  run(&r, early, false, -1, -2);
  assert_string_equal(r.first_hdr, "X-Why: too big");
  assert_int_equal(r.first.resp.nheaders, 2);
  /* spans: the request from its first packet to its body's last */
  run(&r, early, false, -1, -1);
  assert_int_equal(r.first.req.span.first_packet, 1);
  assert_int_equal(r.first.req.span.last_packet, 3);
  assert_true(r.first.req.span.last_ts == 0.3);
  assert_int_equal(r.first.resp.span.first_packet, 2);
  assert_int_equal(r.first.resp.span.last_packet, 2);
}

static void test_folded(void **state) {
  static const struct step folded[] = {
      C("GET / HTTP/1.1\r\nX-A: one\r\n two\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Headers: a,\r\n\tb\r\n"
        "Content-Length: 0\r\n\r\n"),
      END};
  static struct rec r;
  (void)state;

  check_scenario(folded, false, "GET / -> 200\n");
  run(&r, folded, false, -1, -1);
  assert_string_equal(r.first_hdr, "Access-Control-Allow-Headers: a,   b");
  assert_string_equal(r.first_req_hdr, "X-A: one   two");
  run(&r, folded, false, -1, -2);
  assert_string_equal(r.first_hdr, "Access-Control-Allow-Headers: a,   b");
}

/* Found by fuzz_wire_http_conn: a response head cut short (here by a
 * gap, or by garbage) kept the line break of a folded value. */
static void test_folded_cut(void **state) {
  static const struct step gap[] = {
      C("GET / HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nX-F: a\r\n b\r\nX-Cut"),
      GAP(1, 9),
      END};
  static const struct step bad[] = {
      C("GET / HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nX-F: a\r\n b\r\nno colon\r\n\r\n"),
      END};
  static struct rec r;
  (void)state;

  check_scenario(gap, false, "GET / -> 200 !\n");
  run(&r, gap, false, -1, -1);
  assert_string_equal(r.first_hdr, "X-F: a   b");
  check_scenario(bad, false, "GET / -> 200 !\n");
  run(&r, bad, false, -1, -1);
  assert_string_equal(r.first_hdr, "X-F: a   b");
}

static void test_limits(void **state) {
  static struct rec r;
  struct wire_http_conn *h = open_any(&r, false);
  struct wire_http_stats st;
  char *big = malloc(WIRE_HTTP_HEAD_MAX + 100 + 24);
  uint64_t i;
  (void)state;

  /* A head over the limit: given up, marked cut, and the stream goes on. */
  assert_non_null(big);
  memcpy(big, "GET /big HTTP/1.1\r\nCookie: ", 27);
  memset(big + 27, 'c', WIRE_HTTP_HEAD_MAX + 100 - 27);
  /* in pieces, and in one call (the same: a head is bounded either way) */
  for (int whole = 0; whole < 2; whole++) {
    static const char two[] = "HTTP/1.1 431 Too Large\r\nContent-Length: 0"
                              "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n";
    if (whole) {
      /* the head complete, and what follows, in one call */
      h = open_any(&r, false);
      memcpy(big + WIRE_HTTP_HEAD_MAX + 100,
             "\r\n\r\nGET /ok HTTP/1.1\r\n\r\n", 24);
      wire_http_conn_data(h, 0, (const uint8_t *)big,
                          WIRE_HTTP_HEAD_MAX + 100 + 24, 1, 0);
    } else {
      for (i = 0; i < WIRE_HTTP_HEAD_MAX + 100; i += 1000)
        wire_http_conn_data(h, 0, (const uint8_t *)big + i,
                            WIRE_HTTP_HEAD_MAX + 100 - i < 1000
                                ? WIRE_HTTP_HEAD_MAX + 100 - i
                                : 1000,
                            1 + i / 1000, 0);
    }
    if (!whole)
      wire_http_conn_data(
          h, 0, (const uint8_t *)"\r\n\r\nGET /ok HTTP/1.1\r\n\r\n", 24,
          200, 0);
    wire_http_conn_data(h, 1, (const uint8_t *)two, sizeof two - 1, 201, 0);
    wire_http_conn_close(h, 202, 0);
    assert_string_equal(r.text, "GET /big ! -> 431\nGET /ok -> 200\n");
    assert_int_equal(r.nwarn, 1);
    assert_non_null(strstr(r.warn, "64 KiB"));
    wire_http_conn_free(h);
  }
  free(big);

  /* Many headers: the slots grow up to the limit. */
  h = open_any(&r, false);
  {
    static char head[40000];
    size_t n = 0;
    n += (size_t)snprintf(head + n, sizeof head - n, "GET /h HTTP/1.1\r\n");
    for (i = 0; i < 300; i++)
      n += (size_t)snprintf(head + n, sizeof head - n, "X-%llu: v\r\n",
                            (unsigned long long)i);
    n += (size_t)snprintf(head + n, sizeof head - n, "\r\n");
    wire_http_conn_data(h, 0, (const uint8_t *)head, n, 1, 0);
    wire_http_conn_close(h, 2, 0);
    assert_string_equal(r.text, "GET /h -> none\n");
    assert_int_equal(r.first.req.nheaders, 300);
  }
  wire_http_conn_free(h);

  /* More requests waiting than the queue holds: the oldest go out
   * unanswered, their answers are dropped, the rest still pair. */
  h = open_any(&r, false);
  for (i = 0; i < WIRE_HTTP_PENDING_MAX + 10; i++) {
    char line[64];
    int n = snprintf(line, sizeof line, "GET /%llu HTTP/1.1\r\n\r\n",
                     (unsigned long long)i);
    wire_http_conn_data(h, 0, (const uint8_t *)line, (size_t)n, i + 1, 0);
  }
  assert_int_equal(r.nx, 10);
  for (i = 0; i < WIRE_HTTP_PENDING_MAX + 10; i++) {
    char line[64];
    int n = snprintf(line, sizeof line,
                     "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-N: %llu\r\n\r\n",
                     (unsigned long long)i);
    wire_http_conn_data(h, 1, (const uint8_t *)line, (size_t)n, 1000 + i, 0);
  }
  wire_http_conn_stats(h, &st);
  assert_int_equal(st.exchanges, WIRE_HTTP_PENDING_MAX + 10);
  assert_int_equal(st.unanswered, 10);
  assert_int_equal(st.orphans, 10);
  assert_int_equal(r.nwarn, 1);
  wire_http_conn_free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_simple_exchange),
      cmocka_unit_test(test_keep_alive),
      cmocka_unit_test(test_pipelining),
      cmocka_unit_test(test_interim),
      cmocka_unit_test(test_close),
      cmocka_unit_test(test_cut_heads_at_close),
      cmocka_unit_test(test_upgrade),
      cmocka_unit_test(test_gaps),
      cmocka_unit_test(test_garbage),
      cmocka_unit_test(test_garbage_conflict),
      cmocka_unit_test(test_tls),
      cmocka_unit_test(test_mid_stream),
      cmocka_unit_test(test_orphan),
      cmocka_unit_test(test_early_response),
      cmocka_unit_test(test_folded),
      cmocka_unit_test(test_folded_cut),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
