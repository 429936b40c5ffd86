/* test_ws_client.c - unit tests for sim/live/ws_client.c: SHA-1, base64
 * and the handshake key (FIPS 180-4 and RFC 4648/6455 vectors), the
 * handshake response check, client frame encoding (the 7-, 16- and 64-bit
 * length forms), the server frame parser split at every byte, continuation
 * frames, control frames between fragments, the message limit and each
 * protocol error; then a client against a small WebSocket server on the
 * loop: handshake, messages, ping/pong and both closing handshakes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ws_client.h"

#define container_of(ptr, type, member)                                        \
  ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

static void hex(const uint8_t *p, size_t n, char *out) {
  static const char d[] = "0123456789abcdef";
  size_t i;

  for (i = 0; i < n; i++) {
    out[2 * i] = d[p[i] >> 4];
    out[2 * i + 1] = d[p[i] & 15];
  }
  out[2 * n] = '\0';
}

static void check_sha1(const char *in, size_t n, const char *want) {
  uint8_t md[20];
  char got[41];

  ws_sha1(in, n, md);
  hex(md, sizeof md, got);
  assert_string_equal(got, want);
}

/* The FIPS 180-2 appendix A examples, the empty string, and lengths on
 * each side of the padding boundaries (55, 56, 63, 64 bytes). */
static void test_sha1(void **state) {
  static const char two_blocks[] =
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  char *million = malloc(1000000);

  (void)state;
  check_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  check_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
  check_sha1(two_blocks, sizeof two_blocks - 1,
             "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  assert_non_null(million);
  memset(million, 'a', 1000000);
  check_sha1(million, 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  check_sha1(million, 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  check_sha1(million, 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  check_sha1(million, 63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5");
  check_sha1(million, 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
  free(million);
}

static void test_base64(void **state) {
  static const char *const in[] = {"",     "f",     "fo",    "foo",
                                   "foob", "fooba", "foobar"};
  static const char *const want[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                     "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  char out[16];
  size_t i;

  (void)state;
  for (i = 0; i < sizeof in / sizeof in[0]; i++) {
    ws_base64((const uint8_t *)in[i], strlen(in[i]), out);
    assert_string_equal(out, want[i]);
  }
}

/* RFC 6455 section 1.3. */
static void test_accept_key(void **state) {
  char out[29];

  (void)state;
  ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", 24, out);
  assert_string_equal(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

#define KEY "dGhlIHNhbXBsZSBub25jZQ=="
#define GOOD_HEAD                                                              \
  "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\n"                 \
  "Connection: keep-alive, Upgrade\r\n"                                        \
  "Sec-WebSocket-Accept:  s3pPLMBiTxaQ9kYGzzhZRbK+xOo= \r\n\r\n"

static long check_head(const char *head, const char **why) {
  return ws_handshake_check(head, strlen(head), KEY, why);
}

static void test_handshake(void **state) {
  const char *why;
  char buf[512];
  size_t n = strlen(GOOD_HEAD), i;

  (void)state;
  /* Complete, with frame bytes after it; every shorter prefix is
   * incomplete. */
  snprintf(buf, sizeof buf, "%s\x81\x01x", GOOD_HEAD);
  assert_int_equal(ws_handshake_check(buf, strlen(buf), KEY, &why), (long)n);
  for (i = 0; i < n; i++)
    assert_int_equal(ws_handshake_check(buf, i, KEY, &why), WS_EAGAIN);

  assert_int_equal(
      check_head("HTTP/1.1 200 OK\r\nUpgrade: websocket\r\n\r\n", &why),
      WS_EPROTO);
  assert_non_null(strstr(why, "101"));
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Accept: "
                              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
                              &why),
                   WS_EPROTO);
  assert_non_null(strstr(why, "Upgrade"));
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nUpgrade: websocket\r\n"
                              "Sec-WebSocket-Accept: "
                              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
                              &why),
                   WS_EPROTO);
  assert_non_null(strstr(why, "Connection"));
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                              "s3pPLMBiTxaQ9kYGzzhZRbK+xOA=\r\n\r\n",
                              &why),
                   WS_EPROTO);
  assert_non_null(strstr(why, "Sec-WebSocket-Accept"));
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\n\r\n",
                              &why),
                   WS_EPROTO);
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                              "Sec-WebSocket-Extensions: permessage-deflate"
                              "\r\n\r\n",
                              &why),
                   WS_EPROTO);
  assert_int_equal(check_head("HTTP/1.0 101 S\r\n\r\n", &why), WS_EPROTO);
  assert_int_equal(check_head("HTTP/1.1 101 S\r\nno colon\r\n\r\n", &why),
                   WS_EPROTO);
}

static void test_handshake_too_large(void **state) {
  char *big = malloc(WS_HEAD_MAX);
  const char *why;

  (void)state;
  assert_non_null(big);
  memset(big, 'a', WS_HEAD_MAX);
  memcpy(big, "HTTP/1.1 101 S\r\nX: ", 19);
  assert_int_equal(ws_handshake_check(big, WS_HEAD_MAX - 1, KEY, &why),
                   WS_EAGAIN);
  assert_int_equal(ws_handshake_check(big, WS_HEAD_MAX, KEY, &why), WS_EPROTO);
  assert_non_null(strstr(why, "too large"));
  free(big);
}

/* RFC 6455 section 5.7: a masked "Hello". */
static void test_encode_rfc_example(void **state) {
  static const uint8_t mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  static const uint8_t want[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d,
                                 0x7f, 0x9f, 0x4d, 0x51, 0x58};
  struct buf b;

  (void)state;
  buf_init(&b);
  assert_int_equal(ws_frame_encode(&b, WS_OP_TEXT, true, "Hello", 5, mask), 0);
  assert_int_equal(b.len, sizeof want);
  assert_memory_equal(b.ptr, want, sizeof want);
  buf_cleanup(&b);
}

/* Encodes n bytes and checks the length form and the masked payload. */
static void check_encode(size_t n, size_t head_len) {
  static const uint8_t mask[4] = {0xa1, 0x02, 0xf3, 0x44};
  struct buf b;
  char *p = malloc(n + 1);
  const uint8_t *f;
  size_t i;

  assert_non_null(p);
  for (i = 0; i < n; i++)
    p[i] = (char)(i * 7);
  buf_init(&b);
  assert_int_equal(ws_frame_encode(&b, WS_OP_BINARY, false, p, n, mask), 0);
  assert_int_equal(b.len, head_len + n);
  f = (const uint8_t *)b.ptr;
  assert_int_equal(f[0], 0x02); /* FIN clear, binary */
  assert_true((f[1] & 0x80) != 0);
  if (head_len == 6) {
    assert_int_equal(f[1] & 0x7f, n);
  } else if (head_len == 8) {
    assert_int_equal(f[1] & 0x7f, 126);
    assert_int_equal((size_t)f[2] << 8 | f[3], n);
  } else {
    uint64_t v = 0;
    assert_int_equal(f[1] & 0x7f, 127);
    for (i = 0; i < 8; i++)
      v = v << 8 | f[2 + i];
    assert_int_equal(v, n);
  }
  assert_memory_equal(f + head_len - 4, mask, 4);
  for (i = 0; i < n; i++)
    if ((uint8_t)(f[head_len + i] ^ mask[i & 3]) != (uint8_t)p[i])
      fail_msg("byte %zu of %zu not masked right", i, n);
  buf_cleanup(&b);
  free(p);
}

static void test_encode_lengths(void **state) {
  (void)state;
  check_encode(0, 6);
  check_encode(125, 6);
  check_encode(126, 8);
  check_encode(65535, 8);
  check_encode(65536, 14);
  check_encode(70000, 14);
}

/* What the parser reported: one line per event, "T:text", "P:ping",
 * "C:<hex code>reason", "N:pong", "B:<len>" for binary. */
struct events {
  struct buf log;
  int stop_after; /* stop the feed after this many events; 0: never */
  int count;
};

static int record(void *user, enum ws_opcode op, const char *p, size_t n) {
  struct events *e = user;

  switch (op) {
  case WS_OP_TEXT:
    buf_adds(&e->log, "T:");
    buf_add(&e->log, p, n);
    break;
  case WS_OP_BINARY:
    buf_addf(&e->log, "B:%zu", n);
    break;
  case WS_OP_PING:
    buf_adds(&e->log, "P:");
    buf_add(&e->log, p, n);
    break;
  case WS_OP_PONG:
    buf_adds(&e->log, "N:");
    buf_add(&e->log, p, n);
    break;
  case WS_OP_CLOSE:
    buf_adds(&e->log, "C:");
    if (n >= 2)
      buf_addf(&e->log, "%u", (unsigned)((uint8_t)p[0] << 8 | (uint8_t)p[1]));
    buf_add(&e->log, p + (n >= 2 ? 2 : 0), n >= 2 ? n - 2 : 0);
    break;
  default:
    buf_adds(&e->log, "?");
    break;
  }
  buf_addc(&e->log, '\n');
  e->count++;
  return e->stop_after != 0 && e->count >= e->stop_after ? 7 : 0;
}

/* Appends an unmasked server frame. */
static void frame(struct buf *b, unsigned first, const char *p, size_t n) {
  uint8_t h[10];
  size_t hl = 0, i;

  h[hl++] = (uint8_t)first;
  if (n < 126) {
    h[hl++] = (uint8_t)n;
  } else if (n <= 0xffff) {
    h[hl++] = 126;
    h[hl++] = (uint8_t)(n >> 8);
    h[hl++] = (uint8_t)n;
  } else {
    h[hl++] = 127;
    for (i = 0; i < 8; i++)
      h[hl++] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
  }
  buf_add(b, (const char *)h, hl);
  buf_add(b, p, n);
}

/* A stream with every kind of frame: the RFC 5.7 examples (a single
 * frame, a fragmented message, ping), a 16-bit length, a 64-bit length,
 * a ping between fragments, empty messages, and a close. */
static void build_stream(struct buf *s, char *big, size_t big_n) {
  static const uint8_t rfc[] = {
      0x81, 0x05, 'H', 'e',  'l',  'l', 'o', 0x01, 0x03, 'H', 'e',  'l', 0x80,
      0x02, 'l',  'o', 0x89, 0x05, 'H', 'e', 'l',  'l',  'o', 0x8a, 0x00};
  size_t i;

  for (i = 0; i < big_n; i++)
    big[i] = (char)('a' + i % 26);
  buf_add(s, (const char *)rfc, sizeof rfc);
  frame(s, 0x81, big, 300);   /* 16-bit length */
  frame(s, 0x01, big, 10);    /* fragmented ... */
  frame(s, 0x89, "p", 1);     /* ... with a ping between ... */
  frame(s, 0x00, "", 0);      /* ... an empty continuation ... */
  frame(s, 0x80, big, 70000); /* ... and a 64-bit one at the end */
  frame(s, 0x81, "", 0);      /* an empty message */
  frame(s, 0x82, big, 5);     /* binary */
  frame(s, 0x88,
        "\x03\xe8"
        "bye",
        5);
}

static void expected_log(struct buf *w, const char *big) {
  buf_adds(w, "T:Hello\nT:Hello\nP:Hello\nN:\nT:");
  buf_add(w, big, 300);
  buf_adds(w, "\nP:p\nT:");
  buf_add(w, big, 10);
  buf_add(w, big, 70000);
  buf_adds(w, "\nT:\nB:5\nC:1000bye\n");
}

static void test_parse_whole_and_every_split(void **state) {
  size_t big_n = 70000, i;
  char *big = malloc(big_n);
  struct buf s, want;
  struct ws_parser p;
  struct events e;

  (void)state;
  assert_non_null(big);
  buf_init(&s);
  buf_init(&want);
  build_stream(&s, big, big_n);
  expected_log(&want, big);
  assert_false(s.failed);

  /* In one piece, then in two pieces split at each byte up to past the
   * 64-bit header (the payloads are copied the same way however long). */
  for (i = 0; i <= s.len; i += (i < 400 ? 1 : 997)) {
    memset(&e, 0, sizeof e);
    buf_init(&e.log);
    ws_parser_init(&p);
    assert_int_equal(ws_parser_feed(&p, s.ptr, i, record, &e), 0);
    assert_int_equal(ws_parser_feed(&p, s.ptr + i, s.len - i, record, &e), 0);
    if (e.log.len != want.len || memcmp(e.log.ptr, want.ptr, want.len) != 0)
      fail_msg("split at %zu: events differ", i);
    ws_parser_cleanup(&p);
    buf_cleanup(&e.log);
  }

  /* One byte at a time. */
  memset(&e, 0, sizeof e);
  buf_init(&e.log);
  ws_parser_init(&p);
  for (i = 0; i < s.len; i++)
    assert_int_equal(ws_parser_feed(&p, s.ptr + i, 1, record, &e), 0);
  assert_int_equal(e.log.len, want.len);
  assert_memory_equal(e.log.ptr, want.ptr, want.len);
  /* Nothing may follow the close frame. */
  assert_int_equal(ws_parser_feed(&p, "\x81\x00", 2, record, &e), WS_EPROTO);
  ws_parser_cleanup(&p);
  buf_cleanup(&e.log);

  buf_cleanup(&s);
  buf_cleanup(&want);
  free(big);
}

/* A callback's nonzero return stops the feed there; the parser goes on
 * with the next frame when fed the rest. */
static void test_parse_stop(void **state) {
  static const char two[] = "\x81\x01x\x81\x01y";
  struct ws_parser p;
  struct events e;

  (void)state;
  memset(&e, 0, sizeof e);
  buf_init(&e.log);
  e.stop_after = 1;
  ws_parser_init(&p);
  assert_int_equal(ws_parser_feed(&p, two, 3, record, &e), 7);
  e.stop_after = 0;
  assert_int_equal(ws_parser_feed(&p, two + 3, 3, record, &e), 0);
  assert_string_equal(buf_str(&e.log), "T:x\nT:y\n");
  ws_parser_cleanup(&p);
  buf_cleanup(&e.log);
}

static int parse_error(const char *data, size_t n, size_t max,
                       const char **why) {
  struct ws_parser p;
  struct events e;
  int rc;

  memset(&e, 0, sizeof e);
  buf_init(&e.log);
  ws_parser_init(&p);
  if (max != 0)
    p.max = max;
  rc = ws_parser_feed(&p, data, n, record, &e);
  /* Errors are sticky. */
  if (rc < 0)
    assert_int_equal(ws_parser_feed(&p, "\x81\x00", 2, record, &e), rc);
  *why = p.why;
  ws_parser_cleanup(&p);
  buf_cleanup(&e.log);
  return rc;
}

#define ERR(lit, max, code, text)                                              \
  do {                                                                         \
    const char *why_;                                                          \
    assert_int_equal(parse_error(lit, sizeof lit - 1, max, &why_), code);      \
    if (strstr(why_, text) == NULL)                                            \
      fail_msg("\"%s\" lacks \"%s\"", why_, text);                             \
  } while (0)

static void test_parse_errors(void **state) {
  (void)state;
  ERR("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 0, WS_EPROTO, "masked");
  ERR("\xc1\x00", 0, WS_EPROTO, "reserved");
  ERR("\x91\x00", 0, WS_EPROTO, "reserved");
  ERR("\x83\x00", 0, WS_EPROTO, "opcode");
  ERR("\x8b\x00", 0, WS_EPROTO, "opcode");
  ERR("\x09\x00", 0, WS_EPROTO, "fragmented control");
  ERR("\x89\x7e\x00\x7e", 0, WS_EPROTO, "125");
  ERR("\x80\x01x", 0, WS_EPROTO, "continuation");
  ERR("\x00\x01x", 0, WS_EPROTO, "continuation");
  ERR("\x01\x01x\x81\x01y", 0, WS_EPROTO, "before the fragmented");
  ERR("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00", 0, WS_EPROTO, "top bit");
  ERR("\x88\x00\x8a\x00", 0, WS_EPROTO, "after the close");
}

static void test_parse_oversize(void **state) {
  (void)state;
  /* One frame over a small limit, refused at its header. */
  ERR("\x81\x0b", 10, WS_ETOOBIG, "limit");
  /* Exactly at the limit is fine. */
  {
    const char *why;
    assert_int_equal(parse_error("\x81\x0a"
                                 "0123456789",
                                 12, 10, &why),
                     0);
  }
  /* Fragments adding up to more than the limit. */
  ERR("\x01\x06"
      "012345"
      "\x80\x05"
      "01234",
      10, WS_ETOOBIG, "limit");
  /* The default limit: 16 MiB + 1 announced by a 64-bit length. */
  ERR("\x81\x7f\x00\x00\x00\x00\x01\x00\x00\x01", 0, WS_ETOOBIG, "limit");
  /* A huge 64-bit length (no allocation is tried). */
  ERR("\x82\x7f\x7f\xff\xff\xff\xff\xff\xff\xff", 0, WS_ETOOBIG, "limit");
}

/* ------------------------------------------------------------------ */
/* The client against a small server on the loop. */

enum srv_mode {
  SRV_ECHO,    /* handshake, then the script below */
  SRV_BAD_KEY, /* a wrong Sec-WebSocket-Accept */
  SRV_DROP     /* handshake, then ends the stream without a close frame */
};

struct srv {
  uv_loop_t *loop;
  uv_tcp_t listener;
  uv_tcp_t conn;
  bool conn_open;
  uv_shutdown_t shutdown;
  enum srv_mode mode;
  int port;
  struct buf in; /* what the client sent */
  bool upgraded;
  struct buf seen;     /* the client's frames, unmasked: "T:..", "N:..", "C:" */
  bool masked_ok;      /* every client frame had the mask bit */
  bool sent_close;     /* the server began the closing handshake */
  const char *after;   /* what the client sends after the echo */
  bool abort_on_hello; /* the client aborts on the first message */
  /* The client side. */
  struct ws_client *c;
  struct buf got; /* messages the client received */
  bool opened;
  bool closed;
  char why[200];
};

static void srv_write(struct srv *s, const char *p, size_t n);

static void srv_closed(uv_handle_t *h) { (void)h; }

static void srv_shut(uv_shutdown_t *req, int status) {
  (void)req;
  (void)status;
}

static void srv_alloc(uv_handle_t *h, size_t sz, uv_buf_t *b) {
  (void)h;
  b->base = malloc(sz);
  b->len = b->base != NULL ? sz : 0;
}

static void srv_write_done(uv_write_t *w, int status) {
  (void)status;
  free(w->data);
  free(w);
}

static void srv_write(struct srv *s, const char *p, size_t n) {
  uv_write_t *w = malloc(sizeof *w);
  char *copy = malloc(n);
  uv_buf_t b;

  assert_non_null(w);
  assert_non_null(copy);
  memcpy(copy, p, n);
  w->data = copy;
  b = uv_buf_init(copy, (unsigned)n);
  assert_int_equal(uv_write(w, (uv_stream_t *)&s->conn, &b, 1, srv_write_done),
                   0);
}

static void srv_frame(struct srv *s, unsigned first, const char *p, size_t n) {
  struct buf b;

  buf_init(&b);
  frame(&b, first, p, n);
  srv_write(s, b.ptr, b.len);
  buf_cleanup(&b);
}

/* Decodes complete client frames at the start of s->in. */
static void srv_frames(struct srv *s) {
  for (;;) {
    const uint8_t *f = (const uint8_t *)s->in.ptr;
    size_t n = s->in.len, hl = 2, len, i;
    char *payload;
    unsigned op;

    if (n < 2)
      return;
    len = f[1] & 0x7f;
    if (len == 126) {
      hl = 4;
      if (n < hl)
        return;
      len = (size_t)f[2] << 8 | f[3];
    } else if (len == 127) {
      hl = 10;
      if (n < hl)
        return;
      len = 0;
      for (i = 0; i < 8; i++)
        len = len << 8 | f[2 + i];
    }
    if ((f[1] & 0x80) == 0)
      s->masked_ok = false;
    if (n < hl + 4 + len)
      return;
    op = f[0] & 0x0f;
    payload = malloc(len + 1);
    assert_non_null(payload);
    for (i = 0; i < len; i++)
      payload[i] = (char)(f[hl + 4 + i] ^ f[hl + (i & 3)]);
    buf_addf(&s->seen, "%c:",
             op == 1    ? 'T'
             : op == 10 ? 'N'
             : op == 8  ? 'C'
                        : '?');
    if (op == 8 && len >= 2) {
      buf_addf(&s->seen, "%u",
               (unsigned)((uint8_t)payload[0] << 8 | (uint8_t)payload[1]));
      buf_add(&s->seen, payload + 2, len - 2);
    } else {
      buf_add(&s->seen, payload, len);
    }
    buf_addc(&s->seen, '\n');
    /* The script: answer "ping me" with a ping and "close" with a close
     * from the server; echo other text; a close from the client ends the
     * connection after the answer. */
    if (op == 1 && len == 7 && memcmp(payload, "ping me", 7) == 0) {
      srv_frame(s, 0x89, "abc", 3);
    } else if (op == 1 && len == 5 && memcmp(payload, "close", 5) == 0) {
      srv_frame(s, 0x88,
                "\x03\xe9"
                "going",
                7);
      s->sent_close = true;
    } else if (op == 1) {
      /* Echo in two fragments, the first header split from its payload. */
      size_t half = len / 2;
      srv_frame(s, 0x01, payload, half);
      srv_frame(s, 0x80, payload + half, len - half);
    } else if (op == 8) {
      if (!s->sent_close)
        srv_frame(s, 0x88, payload, len >= 2 ? 2 : 0);
      free(payload);
      uv_close((uv_handle_t *)&s->conn, srv_closed);
      s->conn_open = false;
      return;
    }
    free(payload);
    memmove(s->in.ptr, s->in.ptr + hl + 4 + len, n - (hl + 4 + len));
    s->in.len = n - (hl + 4 + len);
  }
}

static void srv_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *b) {
  struct srv *s = st->data;

  if (nread > 0 && s->conn_open)
    buf_add(&s->in, b->base, (size_t)nread);
  free(b->base);
  if (!s->conn_open)
    return;
  if (nread < 0) {
    uv_close((uv_handle_t *)&s->conn, srv_closed);
    s->conn_open = false;
    return;
  }
  if (!s->upgraded) {
    const char *end = strstr(buf_str(&s->in), "\r\n\r\n");
    const char *k = strstr(buf_str(&s->in), "Sec-WebSocket-Key: ");
    char key[25], accept[29], resp[256];
    int n;

    if (end == NULL)
      return;
    assert_non_null(k);
    memcpy(key, k + 19, 24);
    key[24] = '\0';
    assert_non_null(strstr(buf_str(&s->in), "GET /session HTTP/1.1\r\n"));
    assert_non_null(strstr(buf_str(&s->in), "Sec-WebSocket-Version: 13\r\n"));
    ws_accept_key(key, 24, accept);
    if (s->mode == SRV_BAD_KEY)
      accept[3] = accept[3] == 'A' ? 'B' : 'A';
    /* The head and the first frame in one write. */
    n = snprintf(resp, sizeof resp,
                 "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n"
                 "\x81\x05hello",
                 accept);
    srv_write(s, resp, (size_t)n);
    s->upgraded = true;
    s->in.len = 0;
    /* Only a FIN: the client's own writes still go through, so what it
     * sees is the end of the stream, never a reset. */
    if (s->mode == SRV_DROP)
      assert_int_equal(
          uv_shutdown(&s->shutdown, (uv_stream_t *)&s->conn, srv_shut), 0);
    return;
  }
  if (s->mode == SRV_DROP) /* the stream is shut: no answers */
    s->in.len = 0;
  else
    srv_frames(s);
}

static void srv_accept(uv_stream_t *l, int status) {
  struct srv *s = l->data;

  assert_int_equal(status, 0);
  assert_int_equal(uv_tcp_init(s->loop, &s->conn), 0);
  s->conn.data = s;
  assert_int_equal(uv_accept(l, (uv_stream_t *)&s->conn), 0);
  s->conn_open = true;
  assert_int_equal(uv_read_start((uv_stream_t *)&s->conn, srv_alloc, srv_read),
                   0);
  uv_close((uv_handle_t *)&s->listener, srv_closed);
}

static void cl_open(void *user) {
  struct srv *s = user;

  s->opened = true;
  assert_int_equal(ws_client_send_text(s->c, "ping me", 7), 0);
  assert_int_equal(ws_client_send_text(s->c, "echo this", 9), 0);
}

static void cl_message(void *user, const char *p, size_t n) {
  struct srv *s = user;

  buf_add(&s->got, p, n);
  buf_addc(&s->got, '\n');
  if (s->abort_on_hello) {
    ws_client_abort(s->c);
    ws_client_abort(s->c);
    return;
  }
  /* After the echo: close from our side (mode 0) or ask the server to. */
  if (n == 9 && memcmp(p, "echo this", 9) == 0)
    assert_int_equal(ws_client_send_text(s->c, s->after, strlen(s->after)), 0);
  if (n == 3 && memcmp(p, "bye", 3) == 0)
    ws_client_close(s->c);
}

static void cl_closed(void *user, const char *why) {
  struct srv *s = user;

  s->closed = true;
  snprintf(s->why, sizeof s->why, "%s", why != NULL ? why : "(clean)");
}

/* Runs one client against the server (or against port_override, where
 * nothing listens) until the loop is empty; s holds what both saw. */
static void run_client(struct srv *s, enum srv_mode mode, const char *after,
                       int port_override, bool abort_on_hello) {
  uv_loop_t loop;
  struct sockaddr_in a;
  struct sockaddr_storage name;
  int namelen = sizeof name;
  struct ws_client_hooks h;

  memset(s, 0, sizeof *s);
  assert_int_equal(uv_loop_init(&loop), 0);
  s->after = after;
  s->abort_on_hello = abort_on_hello;
  s->loop = &loop;
  s->mode = mode;
  s->masked_ok = true;
  buf_init(&s->in);
  buf_init(&s->seen);
  buf_init(&s->got);
  assert_int_equal(uv_tcp_init(&loop, &s->listener), 0);
  s->listener.data = s;
  assert_int_equal(uv_ip4_addr("127.0.0.1", 0, &a), 0);
  assert_int_equal(uv_tcp_bind(&s->listener, (const struct sockaddr *)&a, 0),
                   0);
  assert_int_equal(
      uv_tcp_getsockname(&s->listener, (struct sockaddr *)&name, &namelen), 0);
  s->port = ntohs(((struct sockaddr_in *)&name)->sin_port);
  assert_int_equal(uv_listen((uv_stream_t *)&s->listener, 1, srv_accept), 0);
  if (port_override != 0) {
    uv_close((uv_handle_t *)&s->listener, srv_closed);
    s->port = port_override;
  }

  memset(&h, 0, sizeof h);
  h.user = s;
  h.open = cl_open;
  h.message = cl_message;
  h.closed = cl_closed;
  assert_int_equal(ws_client_new(&s->c, &loop, &h), 0);
  assert_int_equal(ws_client_connect(s->c, "127.0.0.1", s->port, "/session"),
                   0);
  assert_int_equal(ws_client_connect(s->c, "127.0.0.1", s->port, "/session"),
                   UV_EINVAL);
  assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
  assert_true(s->closed);
  ws_client_free(s->c);
  if (s->conn_open)
    uv_close((uv_handle_t *)&s->conn, srv_closed);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(uv_loop_close(&loop), 0);
}

static void srv_cleanup(struct srv *s) {
  buf_cleanup(&s->in);
  buf_cleanup(&s->seen);
  buf_cleanup(&s->got);
}

/* The client closes: it sends close 1000, the server answers. */
static void test_client_closes(void **state) {
  struct srv s;

  (void)state;
  run_client(&s, SRV_ECHO, "bye", 0, false);
  assert_true(s.opened);
  assert_string_equal(s.why, "(clean)");
  assert_true(s.masked_ok);
  assert_string_equal(buf_str(&s.got), "hello\necho this\nbye\n");
  assert_string_equal(buf_str(&s.seen),
                      "T:ping me\nT:echo this\nN:abc\nT:bye\nC:1000\n");
  srv_cleanup(&s);
}

/* The server closes (1001): the client echoes the code. */
static void test_server_closes(void **state) {
  struct srv s;

  (void)state;
  run_client(&s, SRV_ECHO, "close", 0, false);
  assert_string_equal(s.why, "(clean)");
  assert_string_equal(buf_str(&s.got), "hello\necho this\n");
  assert_string_equal(buf_str(&s.seen),
                      "T:ping me\nT:echo this\nN:abc\nT:close\nC:1001\n");
  srv_cleanup(&s);
}

static void test_client_bad_accept(void **state) {
  struct srv s;

  (void)state;
  run_client(&s, SRV_BAD_KEY, "x", 0, false);
  assert_false(s.opened);
  assert_non_null(strstr(s.why, "Sec-WebSocket-Accept"));
  srv_cleanup(&s);
}

static void test_client_dropped(void **state) {
  struct srv s;

  (void)state;
  run_client(&s, SRV_DROP, "x", 0, false);
  assert_true(s.opened);
  assert_string_equal(buf_str(&s.got), "hello\n");
  assert_non_null(strstr(s.why, "without a close frame"));
  srv_cleanup(&s);
}

/* An abort closes the socket without a close frame; closed says clean. */
static void test_client_abort(void **state) {
  struct srv s;

  (void)state;
  run_client(&s, SRV_ECHO, "x", 0, true);
  assert_true(s.opened);
  assert_string_equal(s.why, "(clean)");
  assert_string_equal(buf_str(&s.got), "hello\n");
  assert_null(strstr(buf_str(&s.seen), "C:"));
  srv_cleanup(&s);
}

static void test_client_refused(void **state) {
  struct srv s;

  (void)state;
  /* Port 1 on loopback: nothing listens there in a test environment. */
  run_client(&s, SRV_ECHO, "x", 1, false);
  assert_false(s.opened);
  assert_non_null(strstr(s.why, "could not connect"));
  srv_cleanup(&s);
}

int main(void) {
  struct sigaction sa;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sha1),
      cmocka_unit_test(test_base64),
      cmocka_unit_test(test_accept_key),
      cmocka_unit_test(test_handshake),
      cmocka_unit_test(test_handshake_too_large),
      cmocka_unit_test(test_encode_rfc_example),
      cmocka_unit_test(test_encode_lengths),
      cmocka_unit_test(test_parse_whole_and_every_split),
      cmocka_unit_test(test_parse_stop),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_parse_oversize),
      cmocka_unit_test(test_client_closes),
      cmocka_unit_test(test_server_closes),
      cmocka_unit_test(test_client_bad_accept),
      cmocka_unit_test(test_client_dropped),
      cmocka_unit_test(test_client_abort),
      cmocka_unit_test(test_client_refused),
  };
  /* A write to a socket the server closed must fail, not kill the test;
   * the corsim command ignores SIGPIPE the same way. */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  (void)sigaction(SIGPIPE, &sa, NULL);
  return cmocka_run_group_tests(tests, NULL, NULL);
}
