/* test_http_parser.c - unit tests for sim/live/http_parser.c (the request
 * parser of corsim serve): complete requests, any method token, bodies by
 * length and chunked, pipelining, every split of the input, the limits and
 * malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_parser.h"

static struct http_parser parser; /* large: not on the stack */

/* A slice equals a C string. */
static void assert_slice(struct corsim_str s, const char *want) {
  size_t n = strlen(want);
  if (s.len != n || memcmp(s.ptr, want, n) != 0)
    fail_msg("slice \"%.*s\" != \"%s\"", (int)s.len, s.ptr, want);
}

/* Parses all of msg at once into a private copy; returns the result. */
static long parse_all(const char *msg, size_t len, char **copy,
                      struct http_request *req) {
  *copy = malloc(len + 1);
  assert_non_null(*copy);
  memcpy(*copy, msg, len);
  http_parser_reset(&parser);
  return http_parser_parse(&parser, *copy, len, req);
}

static long parse_str(const char *msg, char **copy, struct http_request *req) {
  return parse_all(msg, strlen(msg), copy, req);
}

static long result_of(const char *msg) {
  struct http_request req;
  char *copy;
  long rc = parse_str(msg, &copy, &req);
  free(copy);
  return rc;
}

static void test_simple_get(void **state) {
  const char *m = "GET /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8002\r\n"
                  "Origin: http://127.0.0.1:8001\r\nX-Dup: 1\r\nX-Dup:  2 \r\n"
                  "\r\n";
  struct http_request req;
  char *c;
  (void)state;
  assert_int_equal(parse_str(m, &c, &req), (long)strlen(m));
  assert_slice(req.method, "GET");
  assert_slice(req.target, "/a?b=1");
  assert_slice(req.version, "HTTP/1.1");
  assert_int_equal(req.minor, 1);
  assert_int_equal(req.nheaders, 4);
  assert_slice(req.headers[0].name, "Host");
  assert_slice(req.headers[0].value, "127.0.0.1:8002");
  assert_slice(req.headers[1].name, "Origin");
  assert_slice(req.headers[2].name, "X-Dup");
  assert_slice(req.headers[2].value, "1");
  assert_slice(req.headers[3].name, "X-Dup");
  assert_slice(req.headers[3].value, "2");
  assert_int_equal(req.body.len, 0);
  assert_int_equal(req.head_len, strlen(m));
  assert_true(req.keep_alive);
  assert_false(req.chunked);
  /* Slices point into the caller's buffer. */
  assert_ptr_equal(req.method.ptr, c);
  assert_true(req.headers[3].value.ptr > c &&
              req.headers[3].value.ptr < c + strlen(m));
  free(c);
}

static void test_any_method_token(void **state) {
  static const char *const methods[] = {"patch", "FOO",    "M-SEARCH",
                                        "get",   "Delete", "x!#$%&'*+.^_`|~1"};
  size_t i;
  (void)state;
  for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    char m[128];
    struct http_request req;
    char *c;
    snprintf(m, sizeof m, "%s / HTTP/1.1\r\nHost: h\r\n\r\n", methods[i]);
    assert_int_equal(parse_str(m, &c, &req), (long)strlen(m));
    assert_slice(req.method, methods[i]);
    free(c);
  }
  assert_int_equal(result_of("GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"), HTTP_EBAD);
  assert_int_equal(result_of("G\"ET / HTTP/1.1\r\nHost: h\r\n\r\n"),
                   HTTP_EBAD);
}

static void test_content_length_body(void **state) {
  const char *m = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n"
                  "helloGET";
  struct http_request req;
  char *c;
  (void)state;
  assert_int_equal(parse_str(m, &c, &req), (long)strlen(m) - 3);
  assert_slice(req.body, "hello");
  free(c);
  /* Identical repeated Content-Length lines are one length. */
  assert_int_equal(result_of("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: "
                             "2\r\ncontent-length: 2\r\n\r\nok"),
                   (long)strlen("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: "
                                "2\r\ncontent-length: 2\r\n\r\nok"));
  /* Incomplete body. */
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: "
                             "9\r\n\r\nhello"),
                   HTTP_AGAIN);
}

static const char chunked_msg[] =
    "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5;ext=1\r\nhello\r\n"
    "1\r\n \r\n"
    "A \r\n0123456789\r\n"
    "0\r\nX-Trailer: yes\r\n\r\n";

static void test_chunked(void **state) {
  struct http_request req;
  char *c;
  (void)state;
  assert_int_equal(parse_str(chunked_msg, &c, &req), (long)strlen(chunked_msg));
  assert_true(req.chunked);
  assert_slice(req.body, "hello 0123456789");
  assert_int_equal(req.nheaders, 2);
  assert_slice(req.headers[1].value, "chunked");
  free(c);
  /* Hex digits in either case, and an empty body. */
  assert_int_equal(
      result_of("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                "Chunked\r\n\r\n0\r\n\r\n"),
      (long)strlen("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                   "Chunked\r\n\r\n0\r\n\r\n"));
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:"
                             " chunked\r\n\r\nzz\r\n"),
                   HTTP_EBAD);
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:"
                             " chunked\r\n\r\n2\r\nabc\r\n"),
                   HTTP_EBAD);
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:"
                             " chunked\r\n\r\n2\r\nab"),
                   HTTP_AGAIN);
}

static void test_pipelined(void **state) {
  const char *m = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                  "patch /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                  "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                  "\r\n3\r\nxyz\r\n0\r\n\r\n"
                  "OPTIONS /4 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
  static const char *const targets[] = {"/1", "/2", "/3", "/4"};
  static const char *const bodies[] = {"", "abc", "xyz", ""};
  size_t len = strlen(m), off = 0, k;
  char *c = malloc(len);
  (void)state;
  assert_non_null(c);
  memcpy(c, m, len);
  for (k = 0; k < 4; k++) {
    struct http_request req;
    long rc;
    http_parser_reset(&parser);
    rc = http_parser_parse(&parser, c + off, len - off, &req);
    assert_true(rc > 0);
    assert_slice(req.target, targets[k]);
    assert_slice(req.body, bodies[k]);
    assert_int_equal(req.keep_alive, k != 3);
    off += (size_t)rc;
  }
  assert_int_equal(off, len);
  free(c);
}

/* What a request parsed to, as one comparable string. */
static void describe(const struct http_request *req, char *out, size_t cap) {
  size_t i;
  int n = snprintf(out, cap, "%.*s|%.*s|%.*s|%d|", (int)req->method.len,
                   req->method.ptr, (int)req->target.len, req->target.ptr,
                   (int)req->version.len, req->version.ptr, req->keep_alive);
  for (i = 0; i < req->nheaders && n > 0 && (size_t)n < cap; i++)
    n += snprintf(out + n, cap - (size_t)n, "%.*s=%.*s;",
                  (int)req->headers[i].name.len, req->headers[i].name.ptr,
                  (int)req->headers[i].value.len, req->headers[i].value.ptr);
  if (n > 0 && (size_t)n < cap)
    snprintf(out + n, cap - (size_t)n, "|%.*s", (int)req->body.len,
             req->body.ptr);
}

/*
 * Feeds msg in two reads split at every byte boundary, and byte by byte,
 * appending to one buffer as a connection does; every way must give the
 * same request as parsing it whole.
 */
static void check_splits(const char *msg) {
  size_t len = strlen(msg), cut, i;
  struct http_request req;
  char whole[4096], got[4096];
  char *c;
  long want = parse_str(msg, &c, &req);

  assert_true(want > 0);
  describe(&req, whole, sizeof whole);
  free(c);
  for (cut = 0; cut <= len; cut++) {
    long rc;
    c = malloc(len);
    assert_non_null(c);
    memcpy(c, msg, cut);
    http_parser_reset(&parser);
    rc = http_parser_parse(&parser, c, cut, &req);
    if (cut < (size_t)want)
      assert_int_equal(rc, HTTP_AGAIN);
    memcpy(c + cut, msg + cut, len - cut);
    rc = http_parser_parse(&parser, c, len, &req);
    assert_int_equal(rc, want);
    describe(&req, got, sizeof got);
    assert_string_equal(got, whole);
    free(c);
  }
  c = malloc(len);
  assert_non_null(c);
  http_parser_reset(&parser);
  for (i = 0; i < len; i++) {
    long rc;
    c[i] = msg[i];
    rc = http_parser_parse(&parser, c, i + 1, &req);
    if (i + 1 < (size_t)want) {
      assert_int_equal(rc, HTTP_AGAIN);
    } else {
      assert_int_equal(rc, want);
      break;
    }
  }
  describe(&req, got, sizeof got);
  assert_string_equal(got, whole);
  free(c);
}

static void test_every_split(void **state) {
  (void)state;
  check_splits("GET /a HTTP/1.1\r\nHost: h\r\nX: y\r\n\r\n");
  check_splits("\r\n\r\nput /b HTTP/1.0\r\nConnection: keep-alive\r\n"
               "Content-Length: 4\r\n\r\nbody");
  check_splits(chunked_msg);
  check_splits("GET / HTTP/1.1\nHost: lf-only\n\n");
  check_splits("POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n"
               "3\nabc\n0\n\n");
}

static void test_limits(void **state) {
  size_t big = HTTP_HEAD_MAX + 100, i;
  char *m = malloc(big + 64);
  struct http_request req;
  long rc;
  (void)state;
  assert_non_null(m);
  /* One header line longer than the head limit: 431 before the end. */
  memcpy(m, "GET / HTTP/1.1\r\nHost: h\r\nX-Big: ", 32);
  memset(m + 32, 'a', big - 32);
  http_parser_reset(&parser);
  rc = http_parser_parse(&parser, m, big, &req);
  assert_int_equal(rc, HTTP_EHEAD);
  assert_int_equal(http_parser_error_status(rc), 431);
  assert_non_null(parser.error);
  /* The error sticks. */
  assert_int_equal(http_parser_parse(&parser, m, big, &req), HTTP_EHEAD);
  free(m);

  /* Too many header lines. */
  m = malloc((HTTP_HEADERS_MAX + 2) * 8 + 64);
  assert_non_null(m);
  i = (size_t)snprintf(m, 64, "GET / HTTP/1.1\r\nHost: h\r\n");
  for (size_t k = 0; k < HTTP_HEADERS_MAX; k++) {
    memcpy(m + i, "X: 1\r\n", 6);
    i += 6;
  }
  memcpy(m + i, "\r\n", 2);
  i += 2;
  http_parser_reset(&parser);
  assert_int_equal(http_parser_parse(&parser, m, i, &req), HTTP_EHEAD);
  free(m);

  /* Bodies over the limit. */
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: "
                             "99999999999999999999999999\r\n\r\n"),
                   HTTP_EBODY);
  assert_int_equal(http_parser_error_status(HTTP_EBODY), 413);
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:"
                             " chunked\r\n\r\nffffffffffffffffffff\r\n"),
                   HTTP_EBODY);
}

/* Browsers send control bytes and DEL in values (only NUL, CR and LF are
 * refused by fetch); serve must take them to see what was sent. */
static void test_control_bytes_in_values(void **state) {
  const char *m = "GET / HTTP/1.1\r\nHost: h\r\nAccept: a\177b\r\n"
                  "X: a\001b\tc\r\n\r\n";
  struct http_request req;
  char *c;
  (void)state;
  assert_int_equal(parse_str(m, &c, &req), (long)strlen(m));
  assert_int_equal(req.nheaders, 3);
  assert_slice(req.headers[1].value, "a\177b");
  assert_slice(req.headers[2].value, "a\001b\tc");
  free(c);
}

static void test_malformed(void **state) {
  static const char *const bad[] = {
      "GET / HTTP/1.1\r\nHost h\r\n\r\n",          /* no colon */
      "GET / HTTP/1.1\r\nHost : h\r\n\r\n",        /* space before colon */
      " GET / HTTP/1.1\r\nHost: h\r\n\r\n",        /* leading space */
      "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",        /* two spaces */
      "GET /\r\n\r\n",                             /* HTTP/0.9 */
      "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",        /* trailing space */
      "GET / HTTX/1.1\r\nHost: h\r\n\r\n",         /* not HTTP */
      "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",   /* bare CR */
      "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", /* obs-fold */
      "GET / HTTP/1.1\r\n\r\n",                          /* no Host */
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",    /* two Hosts */
      "GET /\001 HTTP/1.1\r\nHost: h\r\n\r\n",           /* control in target */
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1a\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
      "Content-Length: 2\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
      "Transfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
      "Transfer-Encoding: chunked\r\n\r\n",
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
      "\x16\x03\x01\x02\x01\x01\x02\x01\xfc\x03\x03\r\n\r\n", /* TLS */
  };
  size_t i;
  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    long rc = result_of(bad[i]);
    if (rc != HTTP_EBAD)
      fail_msg("case %zu: got %ld, want HTTP_EBAD", i, rc);
  }
  assert_int_equal(result_of("GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n"),
                   HTTP_AGAIN); /* strlen stops at the NUL */
  {
    static const char nul[] = "GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n";
    struct http_request req;
    char *c;
    assert_int_equal(parse_all(nul, sizeof nul - 1, &c, &req), HTTP_EBAD);
    free(c);
  }
  assert_int_equal(result_of("POST / HTTP/1.1\r\nHost: h\r\n"
                             "Transfer-Encoding: gzip, chunked\r\n\r\n"),
                   HTTP_ECODING);
  assert_int_equal(http_parser_error_status(HTTP_ECODING), 501);
  assert_int_equal(result_of("GET / HTTP/2.0\r\nHost: h\r\n\r\n"),
                   HTTP_EVERSION);
  assert_int_equal(http_parser_error_status(HTTP_EVERSION), 505);
  assert_int_equal(http_parser_error_status(HTTP_EBAD), 400);
}

static void test_connection_semantics(void **state) {
  struct http_request req;
  char *c;
  (void)state;
  assert_true(parse_str("GET / HTTP/1.1\r\nHost: h\r\nConnection: x, "
                        "Close\r\n\r\n",
                        &c, &req) > 0);
  assert_false(req.keep_alive);
  free(c);
  assert_true(parse_str("GET / HTTP/1.0\r\n\r\n", &c, &req) > 0);
  assert_false(req.keep_alive);
  assert_int_equal(req.minor, 0);
  free(c);
  assert_true(parse_str("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                        &c, &req) > 0);
  assert_true(req.keep_alive);
  free(c);
}

static void test_expect_continue(void **state) {
  const char *m = "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n"
                  "Content-Length: 3\r\n\r\n";
  struct http_request req;
  char *c;
  (void)state;
  assert_int_equal(parse_str(m, &c, &req), HTTP_AGAIN);
  assert_true(parser.head_done);
  assert_true(parser.expect_continue);
  assert_int_equal(parser.head_len, strlen(m));
  free(c);
}

/* Random bytes and random mutations of valid requests: the parser returns
 * a defined result and never a length beyond its input. */
static void test_garbage(void **state) {
  uint32_t x = 12345;
  char buf[512];
  int round;
  (void)state;
  for (round = 0; round < 20000; round++) {
    struct http_request req;
    size_t len, i;
    long rc;
    const char *seed = round % 2 ? chunked_msg
                                 : "GET / HTTP/1.1\r\nHost: h\r\n"
                                   "Content-Length: 2\r\n\r\nab";
    len = strlen(seed);
    memcpy(buf, seed, len);
    for (i = 0; i < 1 + (size_t)(round % 7); i++) {
      x = x * 1103515245u + 12345u;
      buf[(x >> 8) % len] = (char)(x >> 24);
    }
    http_parser_reset(&parser);
    rc = http_parser_parse(&parser, buf, len, &req);
    assert_true(rc == HTTP_AGAIN || (rc <= -2 && rc >= -6) ||
                (rc > 0 && (size_t)rc <= len));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_simple_get),
      cmocka_unit_test(test_any_method_token),
      cmocka_unit_test(test_content_length_body),
      cmocka_unit_test(test_chunked),
      cmocka_unit_test(test_pipelined),
      cmocka_unit_test(test_every_split),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_control_bytes_in_values),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_connection_semantics),
      cmocka_unit_test(test_expect_continue),
      cmocka_unit_test(test_garbage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
