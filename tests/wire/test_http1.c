/* test_http1.c - unit tests for sim/wire/http1.c: request and response
 * heads (every split, last_len, lenient forms, malformed ones), the start
 * matcher used to resync, and body framing (lengths, chunked with
 * extensions and trailers, close, no-body cases, gaps). Every parse works
 * on an exact-size heap copy so ASan sees any read past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http1.h"

#define MAXH 64

static void assert_slice(struct corsim_str s, const char *want) {
  size_t n = strlen(want);
  if (s.len != n || (n > 0 && memcmp(s.ptr, want, n) != 0))
    fail_msg("slice \"%.*s\" != \"%s\"", (int)s.len, s.ptr ? s.ptr : "",
             want);
}

static char *copy_of(const char *p, size_t n) {
  char *c = malloc(n ? n : 1);
  assert_non_null(c);
  memcpy(c, p, n);
  return c;
}

/* Parses the first n bytes of msg (a private exact-size copy). */
static char *last_copy; /* what the slices of the last parse_n point into */

static int parse_n(bool req, const char *msg, size_t n, size_t last_len,
                   struct wire_message *m, struct corsim_header *h,
                   size_t *nh, struct wire_http1_head *info) {
  free(last_copy);
  last_copy = copy_of(msg, n);
  *nh = MAXH;
  return wire_http1_parse_head(req, last_copy, n, last_len, m, h, nh, info);
}

static int teardown(void **state) {
  (void)state;
  free(last_copy);
  last_copy = NULL;
  return 0;
}

static int result_of(bool req, const char *msg) {
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t nh;
  return parse_n(req, msg, strlen(msg), 0, &m, h, &nh, &info);
}

/* The whole message parses to its length, every shorter prefix is
 * incomplete, and growing it byte by byte with last_len ends the same. */
static void check_every_split(bool req, const char *msg, size_t head_len) {
  size_t len = strlen(msg), k, last = 0, nh;
  struct wire_message m;
  struct corsim_header h[MAXH];
  char *c = copy_of(msg, len);
  int rc;

  for (k = 0; k < head_len; k++) {
    nh = MAXH;
    rc = req ? wire_http1_parse_request(c, k, 0, &m, h, &nh)
             : wire_http1_parse_response(c, k, 0, &m, h, &nh);
    if (rc != WIRE_HTTP1_INCOMPLETE)
      fail_msg("prefix %zu of \"%s\": %d", k, msg, rc);
  }
  for (k = 1; k <= len; k++) {
    char *p = copy_of(c, k); /* exact size: ASan catches overreads */
    nh = MAXH;
    rc = req ? wire_http1_parse_request(p, k, last, &m, h, &nh)
             : wire_http1_parse_response(p, k, last, &m, h, &nh);
    free(p);
    if (rc == WIRE_HTTP1_INCOMPLETE) {
      assert_true(k < head_len);
      last = k;
      continue;
    }
    assert_int_equal(rc, (int)head_len);
    break;
  }
  assert_true(k <= len);
  free(c);
}

static void test_request_simple(void **state) {
  const char *msg = "GET /a?b=1 HTTP/1.1\r\nHost: api.example\r\n"
                    "Origin: https://app.example\r\nX-Dup: 1\r\n"
                    "X-Dup:  2 \r\n\r\nBODY";
  struct wire_message m;
  struct corsim_header h[MAXH];
  size_t nh = MAXH, len = strlen(msg) - 4;
  char *c = copy_of(msg, strlen(msg));
  (void)state;

  assert_int_equal(wire_http1_parse_request(c, strlen(msg), 0, &m, h, &nh),
                   (int)len);
  assert_slice(m.method, "GET");
  assert_slice(m.target, "/a?b=1");
  assert_int_equal(m.minor, 1);
  assert_int_equal(m.status, 0);
  assert_int_equal(nh, 4);
  assert_int_equal(m.nheaders, 4);
  assert_ptr_equal(m.headers, h);
  assert_slice(h[0].name, "Host");
  assert_slice(h[0].value, "api.example");
  assert_slice(h[1].name, "Origin");
  assert_slice(h[1].value, "https://app.example");
  assert_slice(h[2].value, "1");
  assert_slice(h[3].name, "X-Dup");
  assert_slice(h[3].value, "2");
  assert_int_equal(m.body_len, 0);
  assert_false(m.incomplete);
  /* zero-copy: slices point into the buffer */
  assert_ptr_equal(m.method.ptr, c);
  assert_ptr_equal(h[3].value.ptr, c + (strstr(msg, " 2 ") - msg) + 1);
  free(c);
  check_every_split(true, msg, len);
}

static void test_response_simple(void **state) {
  static const char *ok[] = {
      "HTTP/1.0 200\r\n\r\n",
      "HTTP/1.1 200 \r\n\r\n",
      "HTTP/1.1 404 Nicht gefunden \xc3\xa4\r\n\r\n",
      "HTTP/1.1 200\tOK\r\n\r\n",
      "HTTP/1.1  200 OK\r\n\r\n",
      "HTTP/1.1 999 X\r\n\r\n",
      "HTTP/1.3 200 OK\r\n\r\n",
  };
  const char *msg = "HTTP/1.1 204 No Content\r\n"
                    "Access-Control-Allow-Origin: https://app.example\r\n"
                    "Access-Control-Allow-Methods: GET, PUT\r\n\r\n";
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t nh;
  (void)state;

  assert_int_equal(parse_n(false, msg, strlen(msg), 0, &m, h, &nh, &info),
                   (int)strlen(msg));
  assert_int_equal(m.status, 204);
  assert_slice(m.reason, "No Content");
  assert_int_equal(m.minor, 1);
  assert_null(m.method.ptr);
  assert_int_equal(nh, 2);
  check_every_split(false, msg, strlen(msg));
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    if (result_of(false, ok[i]) != (int)strlen(ok[i]))
      fail_msg("not accepted: %s", ok[i]);
}

static void test_methods_and_targets(void **state) {
  static const char *ok[] = {
      "patch /x HTTP/1.1\r\n\r\n",
      "FOO /x HTTP/1.1\r\n\r\n",
      "M-SEARCH * HTTP/1.1\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\n\r\n",
      "CONNECT api.example:443 HTTP/1.1\r\n\r\n",
      "GET http://api.example/a?b#c HTTP/1.1\r\n\r\n",
      "GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n",
      "GET  /two-spaces  HTTP/1.1\r\n\r\n",
      "get /x HTTP/1.0\r\n\r\n",
      "GET /x HTTP/1.7\r\n\r\n",
  };
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t i, nh;
  (void)state;

  for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
    if (result_of(true, ok[i]) != (int)strlen(ok[i]))
      fail_msg("not accepted: %s", ok[i]);
  assert_int_equal(parse_n(true, ok[0], strlen(ok[0]), 0, &m, h, &nh, &info),
                   (int)strlen(ok[0]));
  assert_slice(m.method, "patch");
  assert_int_equal(parse_n(true, ok[7], strlen(ok[7]), 0, &m, h, &nh, &info),
                   (int)strlen(ok[7]));
  assert_slice(m.target, "/two-spaces");
  assert_int_equal(parse_n(true, ok[9], strlen(ok[9]), 0, &m, h, &nh, &info),
                   (int)strlen(ok[9]));
  assert_int_equal(m.minor, 7);
}

static void test_line_ends(void **state) {
  const char *lf = "GET / HTTP/1.1\nHost: a\nX: y\n\nrest";
  const char *lead = "\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t nh;
  (void)state;

  assert_int_equal(parse_n(true, lf, strlen(lf), 0, &m, h, &nh, &info),
                   (int)strlen(lf) - 4);
  assert_slice(h[1].value, "y");
  check_every_split(true, lf, strlen(lf) - 4);
  assert_int_equal(parse_n(true, lead, strlen(lead), 0, &m, h, &nh, &info),
                   (int)strlen(lead));
  assert_int_equal(info.start, 5);
  assert_slice(m.method, "GET");
  check_every_split(true, lead, strlen(lead));
  assert_int_equal(result_of(false, "\r\nHTTP/1.1 200 OK\n\n"), 19);
  /* mixed CRLF and LF */
  assert_int_equal(result_of(true, "GET / HTTP/1.1\r\nA: b\n\r\n"), 23);
}

static void test_header_forms(void **state) {
  const char *msg = "HTTP/1.1 200 OK\r\n"
                    "Vary:\t Origin \t\r\n"
                    "Empty:\r\n"
                    "Space :x\r\n"
                    "Ctl: a\x01" "b\x7f\r\n"
                    "Long: first\r\n"
                    "  second\r\n"
                    "\tthird \r\n"
                    "Late:\r\n"
                    "  filled\r\n"
                    "\r\n";
  char *c = copy_of(msg, strlen(msg));
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t nh = MAXH;
  char v[64];
  (void)state;

  assert_int_equal(wire_http1_parse_head(false, c, strlen(msg), 0, &m, h, &nh,
                                         &info),
                   (int)strlen(msg));
  assert_int_equal(nh, 6);
  assert_slice(h[0].name, "Vary");
  assert_slice(h[0].value, "Origin");
  assert_slice(h[1].value, "");
  assert_slice(h[2].name, "Space");
  assert_slice(h[2].value, "x");
  assert_slice(h[3].value, "a\x01" "b\x7f");
  assert_slice(h[4].value, "first\r\n  second\r\n\tthird");
  assert_slice(h[5].value, "filled");
  assert_true(info.folded);
  assert_true(h[4].value.len < sizeof v);
  memcpy(v, h[4].value.ptr, h[4].value.len);
  wire_http1_unfold(v, h[4].value.len);
  assert_int_equal(memcmp(v, "first    second   third", h[4].value.len), 0);
  free(c);
  check_every_split(false, msg, strlen(msg));

  /* A folded line before any header is consumed and ignored. */
  {
    const char *f = "GET / HTTP/1.1\r\n  junk\r\nA: b\r\n\r\n";
    assert_int_equal(result_of(true, f), (int)strlen(f));
  }
}

#define S(x) {x, sizeof(x) - 1}

static void test_malformed(void **state) {
  static const struct {
    const char *p;
    size_t n;
  } bad_req[] = {
      S("GET\r\n\r\n"),
      S("GET /\r\n\r\n"),                    /* HTTP/0.9 */
      S("G(T / HTTP/1.1\r\n\r\n"),          /* not a token */
      S("GET / HTTP/2.0\r\n\r\n"),          /* another major */
      S("GET / HTTP/1.10\r\n\r\n"),
      S("GET / HTTP/1.1 \r\n\r\n"),
      S("GET / http/1.1\r\n\r\n"),
      S("GET /a\x01" "b HTTP/1.1\r\n\r\n"),  /* control in the target */
      S("GET /a\x7f HTTP/1.1\r\n\r\n"),
      S(" GET / HTTP/1.1\r\n\r\n"),
      S("\rGET / HTTP/1.1\r\n\r\n"),        /* a bare CR */
      S("GET / HTTP/1.1\r\nNo colon\r\n\r\n"),
      S("GET / HTTP/1.1\r\n: empty name\r\n\r\n"),
      S("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"),
      S("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n"),
      S("GET / HTTP/1.1\r\nA(b: c\r\n\r\n"),
      S("GET / HTTP/1.1\r\n  \0\r\n\r\n"),
      S("\x16\x03\x01\x02\x00\n\n"),
  }, bad_resp[] = {
      S("HTTP/1.1 099 X\r\n\r\n"),  S("HTTP/1.1 20 X\r\n\r\n"),
      S("HTTP/1.1 2000 X\r\n\r\n"), S("HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1200 OK\r\n\r\n"),  S("HTTP/2 200\r\n\r\n"),
      S("HTTP/2.0 200 OK\r\n\r\n"), S("ICY 200 OK\r\n\r\n"),
      S("HTTP/1.1 200 O\0K\r\n\r\n"), S("GET / HTTP/1.1\r\n\r\n"),
      S("HTTP/1.1 200 OK\r\nA: \r\r\n\r\n"),
  };
  struct wire_message m;
  struct corsim_header h[MAXH];
  struct wire_http1_head info;
  size_t i, nh;
  (void)state;

  for (i = 0; i < sizeof bad_req / sizeof bad_req[0]; i++) {
    if (parse_n(true, bad_req[i].p, bad_req[i].n, 0, &m, h, &nh, &info) !=
        WIRE_HTTP1_MALFORMED)
      fail_msg("request %zu accepted", i);
    assert_non_null(info.error);
  }
  for (i = 0; i < sizeof bad_resp / sizeof bad_resp[0]; i++)
    if (parse_n(false, bad_resp[i].p, bad_resp[i].n, 0, &m, h, &nh, &info) !=
        WIRE_HTTP1_MALFORMED)
      fail_msg("response %zu accepted", i);
  /* Where: the bad line. */
  assert_int_equal(parse_n(true, bad_req[11].p, bad_req[11].n, 0, &m, h, &nh,
                           &info),
                   WIRE_HTTP1_MALFORMED);
  assert_int_equal(info.bad_line, 16);
  assert_int_equal(info.start, 0);
  /* A bad line is judged at its LF only: before it, incomplete. */
  assert_int_equal(parse_n(true, "G(T / HT", 8, 0, &m, h, &nh, &info),
                   WIRE_HTTP1_INCOMPLETE);
}

static void test_capacity_and_partial(void **state) {
  const char *msg = "GET /p HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
  struct wire_message m;
  struct corsim_header h[3];
  struct wire_http1_head info;
  size_t nh = 2;
  int rc;
  (void)state;

  rc = wire_http1_parse_head(true, msg, strlen(msg), 0, &m, h, &nh, &info);
  assert_int_equal(rc, WIRE_HTTP1_MALFORMED);
  assert_true(info.too_many);
  assert_int_equal(info.bad_line, 29);
  nh = 3;
  rc = wire_http1_parse_head(true, msg, strlen(msg), 0, &m, h, &nh, &info);
  assert_int_equal(rc, (int)strlen(msg));
  assert_int_equal(nh, 3);
  /* A head cut short: what the complete lines said. */
  nh = 3;
  rc = wire_http1_parse_head(true, msg, 26, 0, &m, h, &nh, &info);
  assert_int_equal(rc, WIRE_HTTP1_INCOMPLETE);
  assert_true(info.have_start);
  assert_int_equal(nh, 1);
  assert_int_equal(m.nheaders, 1);
  assert_slice(m.target, "/p");
  assert_slice(h[0].value, "1");
  assert_int_equal(info.parsed, 23);
  nh = 3;
  rc = wire_http1_parse_head(true, msg, 10, 0, &m, h, &nh, &info);
  assert_int_equal(rc, WIRE_HTTP1_INCOMPLETE);
  assert_false(info.have_start);
  /* last_len: no new LF is answered at once */
  nh = 3;
  rc = wire_http1_parse_head(true, msg, 26, 24, &m, h, &nh, &info);
  assert_int_equal(rc, WIRE_HTTP1_INCOMPLETE);
  nh = 3;
  rc = wire_http1_parse_head(true, msg, strlen(msg), 26, &m, h, &nh, &info);
  assert_int_equal(rc, (int)strlen(msg));
}

static void test_match_start(void **state) {
  static const struct {
    bool req;
    const char *p;
    int want;
  } t[] = {
      {true, "GET / HTTP/1.1\r\n", 1},
      {true, "get /x HTTP/1.", 1},
      {true, "FOO  * HTTP/1.", 1},
      {true, "GET / HTTP/1", WIRE_HTTP1_INCOMPLETE},
      {true, "GET /abc", WIRE_HTTP1_INCOMPLETE},
      {true, "GET", WIRE_HTTP1_INCOMPLETE},
      {true, "", WIRE_HTTP1_INCOMPLETE},
      {true, "GET / HTTP/2.0\r\n", 0},
      {true, "GET /\r\n", 0},
      {true, "\r\n", 0},
      {true, " GET", 0},
      {true, "Host: a\r\n", 0},
      {true, "HTTP/1.1 200 OK\r\n", 0},
      {true, "\x16\x03\x01", 0},
      {false, "HTTP/1.1 200 OK\r\n", 1},
      {false, "HTTP/1.0 404", 1},
      {false, "HTTP/1.1  200", 1},
      {false, "HTTP/1.1 20", WIRE_HTTP1_INCOMPLETE},
      {false, "HTTP/", WIRE_HTTP1_INCOMPLETE},
      {false, "HTTP/1.1 099", 0},
      {false, "HTTP/1.x 200", 0},
      {false, "HTTP/2 200", 0},
      {false, "GET / HTTP/1.1", 0},
      {false, "\r\n", 0},
  };
  size_t i;
  (void)state;

  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    size_t n = strlen(t[i].p);
    char *c = copy_of(t[i].p, n);
    int r = wire_http1_match_start(t[i].req, c, n);
    free(c);
    if (r != t[i].want)
      fail_msg("match_start(%d, \"%s\") = %d, want %d", t[i].req, t[i].p, r,
               t[i].want);
  }
}

/* ---- bodies ------------------------------------------------------------ */

static int frame_req(const char *head, struct wire_http1_body *b) {
  struct wire_message m;
  struct corsim_header h[MAXH];
  size_t nh = MAXH;
  assert_true(wire_http1_parse_request(head, strlen(head), 0, &m, h, &nh) > 0);
  return wire_http1_body_request(b, &m);
}

static int frame_resp(const char *head, const char *method,
                      struct wire_http1_body *b) {
  struct wire_message m;
  struct corsim_header h[MAXH];
  size_t nh = MAXH;
  assert_true(wire_http1_parse_response(head, strlen(head), 0, &m, h, &nh) >
              0);
  return wire_http1_body_response(b, &m, corsim_str_c(method));
}

static void test_framing(void **state) {
  struct wire_http1_body b;
  (void)state;

  assert_int_equal(frame_req("GET / HTTP/1.1\r\n\r\n", &b), 0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_NONE);
  assert_true(b.done);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nContent-Length: 12\r\n\r\n", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_LENGTH);
  assert_int_equal(b.left, 12);
  assert_false(b.done);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &b),
                   0);
  assert_true(b.done);
  assert_int_equal(
      frame_req("PUT / HTTP/1.1\r\ncontent-length: 5, 5\r\nContent-Length: 5"
                "\r\n\r\n",
                &b),
      0);
  assert_int_equal(b.left, 5);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nContent-Length: 5\r\n"
                             "Content-Length: 6\r\n\r\n",
                             &b),
                   -1);
  assert_int_equal(
      frame_req("PUT / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n", &b), -1);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", &b),
                   -1);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nContent-Length:\r\n\r\n", &b),
                   -1);
  assert_int_equal(
      frame_req("PUT / HTTP/1.1\r\nContent-Length: 99999999999999999999999"
                "\r\n\r\n",
                &b),
      -1);
  assert_int_equal(frame_req("PUT / HTTP/1.1\r\nTransfer-Encoding: gzip, "
                             "Chunked\r\nContent-Length: 3\r\n\r\n",
                             &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_CHUNKED);
  assert_int_equal(
      frame_req("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                &b),
      -1);
  assert_int_equal(
      frame_req("PUT / HTTP/1.1\r\nTransfer-Encoding: identity\r\n"
                "Content-Length: 4\r\n\r\n",
                &b),
      0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_LENGTH);

  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_LENGTH);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
                              "HEAD", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_NONE);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n",
                              "head", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_LENGTH);
  assert_int_equal(frame_resp("HTTP/1.1 204 No Content\r\nContent-Length: 3"
                              "\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_NONE);
  assert_int_equal(frame_resp("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding:"
                              " chunked\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_NONE);
  assert_int_equal(frame_resp("HTTP/1.1 100 Continue\r\n\r\n", "PUT", &b), 0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_NONE);
  assert_true(wire_http1_is_interim(100));
  assert_true(wire_http1_is_interim(103));
  assert_false(wire_http1_is_interim(101));
  assert_false(wire_http1_is_interim(200));
  assert_int_equal(frame_resp("HTTP/1.1 101 Switching Protocols\r\n"
                              "Upgrade: websocket\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_TUNNEL);
  assert_int_equal(frame_resp("HTTP/1.1 200 Connection established\r\n\r\n",
                              "CONNECT", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_TUNNEL);
  assert_int_equal(frame_resp("HTTP/1.1 407 Proxy Auth\r\nContent-Length: 2"
                              "\r\n\r\n",
                              "CONNECT", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_LENGTH);
  assert_int_equal(frame_resp("HTTP/1.0 200 OK\r\n\r\n", "GET", &b), 0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_CLOSE);
  assert_false(b.done);
  assert_true(wire_http1_body_eof(&b));
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
                              "Content-Length: 3\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(b.framing, WIRE_HTTP1_BODY_CLOSE);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                              "Content-Length: 2\r\n\r\n",
                              "GET", &b),
                   -1);
}

/* Feeds body (as framed by head) in pieces of step bytes; returns the
 * bytes used when the body ended, or -1 / -2 (broken / unfinished). */
static long feed_steps(const char *head, const char *body, size_t blen,
                       size_t step) {
  struct wire_http1_body b;
  size_t off = 0;
  char *c = copy_of(body, blen);

  assert_int_equal(frame_resp(head, "GET", &b), 0);
  while (off < blen) {
    size_t n = blen - off < step ? blen - off : step, used;
    char *piece = copy_of(c + off, n);
    int r = wire_http1_body_feed(&b, piece, n, &used);
    free(piece);
    assert_true(used <= n);
    off += used;
    if (r == 1) {
      assert_int_equal(b.seen, off);
      free(c);
      return (long)off;
    }
    if (r < 0) {
      free(c);
      return -1;
    }
    assert_int_equal(used, n);
  }
  free(c);
  return -2;
}

#define FEED(head, lit, step) feed_steps((head), (lit), sizeof(lit) - 1, (step))

static void test_chunked(void **state) {
  const char *ch = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  const char *body = "5\r\nhello\r\n"
                     "1A;name=value;q=\"x;y\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                     "0 ; last\r\nX-Trailer: 1\r\nServer-Timing: a\r\n\r\n"
                     "GET / HTTP/1.1\r\n";
  size_t blen = strlen(body), whole = blen - strlen("GET / HTTP/1.1\r\n");
  size_t step;
  (void)state;

  for (step = 1; step <= blen; step++)
    assert_int_equal(feed_steps(ch, body, blen, step), (long)whole);
  assert_int_equal(FEED(ch, "0\r\n\r\n", 1), 5);
  assert_int_equal(FEED(ch, "0\n\n", 1), 3);
  assert_int_equal(FEED(ch, "3\nabc\n0\nT: x\n\n", 2), 14);
  assert_int_equal(FEED(ch, "00000003\r\nabc\r\n0\r\n\r\n", 3), 20);
  assert_int_equal(FEED(ch, "5\r\nhel", 1), -2);
  assert_int_equal(FEED(ch, "x\r\n", 1), -1);
  assert_int_equal(FEED(ch, "\r\n", 1), -1);
  assert_int_equal(FEED(ch, "3\r\nabcd\r\n", 1), -1);
  assert_int_equal(FEED(ch, "3 x\r\n", 1), -1);
  assert_int_equal(FEED(ch, "0\r\n\rx", 1), -1);
  assert_int_equal(FEED(ch, "fffffffffffffffff\r\n", 4), -1);
  /* Content-Length and close-delimited */
  assert_int_equal(
      FEED("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n", "abcdefg", 3), 4);
  assert_int_equal(FEED("HTTP/1.1 200 OK\r\n\r\n", "abcdefg", 3), -2);
}

static void test_body_gaps(void **state) {
  struct wire_http1_body b;
  size_t used;
  (void)state;

  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(wire_http1_body_gap(&b, 4), 0);
  assert_int_equal(wire_http1_body_feed(&b, "ab", 2, &used), 0);
  assert_int_equal(wire_http1_body_gap(&b, 4), 1);
  assert_true(b.done);
  assert_int_equal(b.seen, 2);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(wire_http1_body_gap(&b, 11), -1);

  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                              "\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(wire_http1_body_feed(&b, "8\r\nab", 5, &used), 0);
  assert_int_equal(wire_http1_body_gap(&b, 6), 0);
  assert_int_equal(wire_http1_body_feed(&b, "\r\n0\r\n\r\n", 7, &used), 1);
  assert_int_equal(used, 7);
  assert_int_equal(b.seen, 12);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                              "\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(wire_http1_body_feed(&b, "8\r\nab", 5, &used), 0);
  assert_int_equal(wire_http1_body_gap(&b, 7), -1);
  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
                              "\r\n\r\n",
                              "GET", &b),
                   0);
  assert_int_equal(wire_http1_body_gap(&b, 1), -1);

  assert_int_equal(frame_resp("HTTP/1.1 200 OK\r\n\r\n", "GET", &b), 0);
  assert_int_equal(wire_http1_body_gap(&b, 1000), 0);
  assert_int_equal(wire_http1_body_feed(&b, "abc", 3, &used), 0);
  assert_int_equal(b.seen, 3);
  assert_false(b.done);
}

/* Random corruption never reads outside the buffer nor breaks the
 * contract: a length within len, or -1, or -2. */
static void test_mutations(void **state) {
  static const char *seeds[] = {
      "GET /a HTTP/1.1\r\nHost: h\r\nOrigin: http://o\r\nX: a\r\n b\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nVary: Origin\r\n\r\n",
  };
  uint32_t x = 12345;
  int round;
  (void)state;

  for (round = 0; round < 40000; round++) {
    const char *seed = seeds[round % 2];
    size_t len = strlen(seed), i, nh;
    char *c = copy_of(seed, len);
    struct wire_message m;
    struct corsim_header h[4];
    struct wire_http1_head info;
    int rc;

    for (i = 0; i < 1 + (size_t)(round % 5); i++) {
      x = x * 1103515245u + 12345u;
      c[(x >> 8) % len] = (char)(x >> 24);
    }
    nh = 4;
    rc = wire_http1_parse_head(round % 4 < 2, c, len, 0, &m, h, &nh, &info);
    assert_true(rc == -1 || rc == -2 || (rc > 0 && (size_t)rc <= len));
    if (rc > 0)
      for (i = 0; i < nh; i++)
        assert_true(h[i].value.ptr >= c &&
                    h[i].value.ptr + h[i].value.len <= c + rc);
    free(c);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_request_simple),
      cmocka_unit_test(test_response_simple),
      cmocka_unit_test(test_methods_and_targets),
      cmocka_unit_test(test_line_ends),
      cmocka_unit_test(test_header_forms),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_capacity_and_partial),
      cmocka_unit_test(test_match_start),
      cmocka_unit_test(test_framing),
      cmocka_unit_test(test_chunked),
      cmocka_unit_test(test_body_gaps),
      cmocka_unit_test(test_mutations),
  };
  return cmocka_run_group_tests(tests, NULL, teardown);
}
