/*
 * ws_client.c - a minimal RFC 6455 client on libuv, see ws_client.h.
 *
 * The client owns two handles, its TCP stream and a timer for the closing
 * handshake; closed is called when both close callbacks have run (libuv
 * handle.rst), so it always comes from the loop, never from inside a call
 * of ours. Pending writes are cancelled by uv_close and their callbacks run
 * before the close callbacks, so a write request never outlives the client.
 */
#include "ws_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define container_of(ptr, type, member)                                        \
  ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

/* The GUID of RFC 6455 section 1.3, appended to the key before hashing. */
#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

/* ------------------------------------------------------------------ */
/* SHA-1, FIPS 180-4 section 6.1: 512-bit blocks, 80 rounds, big-endian. */

struct sha1 {
  uint32_t h[5];
  uint8_t block[64];
  size_t block_len;
  uint64_t total; /* bytes hashed so far */
};

static uint32_t rol32(uint32_t x, unsigned n) {
  return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const uint8_t *p) {
  uint32_t w[80], a, b, c, d, e, f, k, t;
  unsigned i;

  for (i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
           (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
  for (i = 16; i < 80; i++)
    w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  a = h[0];
  b = h[1];
  c = h[2];
  d = h[3];
  e = h[4];
  for (i = 0; i < 80; i++) {
    if (i < 20) {
      f = (b & c) | (~b & d); /* Ch */
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d; /* Parity */
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d); /* Maj */
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    t = rol32(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rol32(b, 30);
    b = a;
    a = t;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

static void sha1_init(struct sha1 *s) {
  s->h[0] = 0x67452301;
  s->h[1] = 0xefcdab89;
  s->h[2] = 0x98badcfe;
  s->h[3] = 0x10325476;
  s->h[4] = 0xc3d2e1f0;
  s->block_len = 0;
  s->total = 0;
}

static void sha1_update(struct sha1 *s, const uint8_t *p, size_t n) {
  s->total += n;
  while (n > 0) {
    size_t take = 64 - s->block_len;
    if (take > n)
      take = n;
    memcpy(s->block + s->block_len, p, take);
    s->block_len += take;
    p += take;
    n -= take;
    if (s->block_len == 64) {
      sha1_block(s->h, s->block);
      s->block_len = 0;
    }
  }
}

/* Padding (section 5.1.1): a 1 bit, zeros, then the length in bits as a
 * 64-bit big-endian number ending a block. */
static void sha1_final(struct sha1 *s, uint8_t out[20]) {
  uint64_t bits = s->total * 8;
  uint8_t pad[72];
  size_t padlen = (s->block_len < 56 ? 56 : 120) - s->block_len;
  unsigned i;

  memset(pad, 0, sizeof pad);
  pad[0] = 0x80;
  for (i = 0; i < 8; i++)
    pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
  sha1_update(s, pad, padlen + 8);
  for (i = 0; i < 20; i++)
    out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void ws_sha1(const void *p, size_t n, uint8_t out[20]) {
  struct sha1 s;

  sha1_init(&s);
  sha1_update(&s, p, n);
  sha1_final(&s, out);
}

void ws_base64(const uint8_t *p, size_t n, char *out) {
  static const char tab[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i, o = 0;

  for (i = 0; i + 2 < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
    out[o++] = tab[v >> 18];
    out[o++] = tab[(v >> 12) & 63];
    out[o++] = tab[(v >> 6) & 63];
    out[o++] = tab[v & 63];
  }
  if (i < n) {
    uint32_t v = (uint32_t)p[i] << 16;
    if (i + 1 < n)
      v |= (uint32_t)p[i + 1] << 8;
    out[o++] = tab[v >> 18];
    out[o++] = tab[(v >> 12) & 63];
    out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
    out[o++] = '=';
  }
  out[o] = '\0';
}

void ws_accept_key(const char *key, size_t key_len, char out[29]) {
  struct sha1 s;
  uint8_t md[20];

  sha1_init(&s);
  sha1_update(&s, (const uint8_t *)key, key_len);
  sha1_update(&s, (const uint8_t *)WS_GUID, sizeof WS_GUID - 1);
  sha1_final(&s, md);
  ws_base64(md, sizeof md, out);
}

/* ------------------------------------------------------------------ */
/* Framing. */

int ws_frame_encode(struct buf *out, enum ws_opcode op, bool fin, const void *p,
                    size_t n, const uint8_t mask[4]) {
  uint8_t h[14];
  size_t hl = 0, start, i;
  const uint8_t *src = p;

  h[hl++] = (uint8_t)((fin ? 0x80 : 0) | (unsigned)op);
  if (n < 126) {
    h[hl++] = (uint8_t)(0x80 | n);
  } else if (n <= 0xffff) {
    h[hl++] = 0x80 | 126;
    h[hl++] = (uint8_t)(n >> 8);
    h[hl++] = (uint8_t)n;
  } else {
    uint64_t v = n;
    h[hl++] = 0x80 | 127;
    for (i = 0; i < 8; i++)
      h[hl++] = (uint8_t)(v >> (56 - 8 * i));
  }
  memcpy(h + hl, mask, 4);
  hl += 4;
  buf_add(out, (const char *)h, hl);
  start = out->len;
  if (n != 0)
    buf_add(out, (const char *)src, n);
  if (out->failed)
    return WS_ENOMEM;
  for (i = 0; i < n; i++)
    out->ptr[start + i] = (char)(src[i] ^ mask[i & 3]);
  return 0;
}

void ws_parser_init(struct ws_parser *p) {
  memset(p, 0, sizeof *p);
  p->max = WS_MESSAGE_MAX;
  p->why = "";
  buf_init(&p->msg);
}

void ws_parser_cleanup(struct ws_parser *p) { buf_cleanup(&p->msg); }

static int parser_fail(struct ws_parser *p, int err, const char *why) {
  p->error = err;
  p->why = why;
  return err;
}

/* How long the header is, once its first two bytes are known. */
static size_t head_size(const uint8_t *h) {
  unsigned len7 = h[1] & 0x7f;
  return len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
}

/* Checks a complete frame header and sets up the payload. */
static int parser_head(struct ws_parser *p) {
  const uint8_t *h = p->head;
  unsigned len7 = h[1] & 0x7f, i;
  bool control;

  p->fin = (h[0] & 0x80) != 0;
  p->op = (enum ws_opcode)(h[0] & 0x0f);
  if (len7 == 126) {
    p->payload_len = (uint64_t)h[2] << 8 | h[3];
  } else if (len7 == 127) {
    p->payload_len = 0;
    for (i = 0; i < 8; i++)
      p->payload_len = p->payload_len << 8 | h[2 + i];
    if (p->payload_len >> 63)
      return parser_fail(p, WS_EPROTO,
                         "64-bit frame length with the top "
                         "bit set");
  } else {
    p->payload_len = len7;
  }
  p->payload_got = 0;
  control = (p->op & 0x8) != 0;
  if (control) {
    if (!p->fin)
      return parser_fail(p, WS_EPROTO, "fragmented control frame");
    if (p->payload_len > 125)
      return parser_fail(p, WS_EPROTO, "control frame longer than 125 bytes");
    return 0;
  }
  if (p->op == WS_OP_CONT && !p->in_message)
    return parser_fail(p, WS_EPROTO,
                       "continuation frame without a message "
                       "to continue");
  if (p->op != WS_OP_CONT && p->in_message)
    return parser_fail(p, WS_EPROTO,
                       "new data frame before the fragmented "
                       "message ended");
  if (p->op != WS_OP_CONT)
    p->msg_op = p->op;
  if (p->payload_len > p->max || p->msg.len > p->max - p->payload_len)
    return parser_fail(p, WS_ETOOBIG, "message larger than the limit");
  p->in_message = true;
  return 0;
}

/* The current frame's payload is complete: deliver what it completes. */
static int parser_frame_done(struct ws_parser *p, ws_event_cb cb, void *user) {
  p->head_len = 0;
  if ((p->op & 0x8) != 0) {
    if (p->op == WS_OP_CLOSE)
      p->closed = true;
    return cb(user, p->op, p->ctrl, (size_t)p->payload_len);
  }
  if (!p->fin)
    return 0;
  p->in_message = false;
  {
    const char *data = p->msg.len != 0 ? p->msg.ptr : "";
    size_t n = p->msg.len;
    int rc;
    /* Reset first so that a callback that stops the feed leaves the
     * parser ready for the next frame; the bytes stay valid until the
     * next append. */
    p->msg.len = 0;
    rc = cb(user, p->msg_op, data, n);
    /* Do not keep a huge buffer for the connection's lifetime. */
    if (p->msg.cap > 1024 * 1024)
      buf_cleanup(&p->msg);
    return rc;
  }
}

int ws_parser_feed(struct ws_parser *p, const char *data, size_t len,
                   ws_event_cb cb, void *user) {
  const uint8_t *in = (const uint8_t *)data;
  size_t pos = 0;
  int rc;

  if (p->error != 0)
    return p->error;
  while (pos < len) {
    if (p->closed)
      return parser_fail(p, WS_EPROTO, "data after the close frame");
    if (p->head_len < 2 || p->head_len < head_size(p->head)) {
      p->head[p->head_len++] = in[pos++];
      if (p->head_len == 1) {
        unsigned op = p->head[0] & 0x0f;
        if ((p->head[0] & 0x70) != 0)
          return parser_fail(p, WS_EPROTO,
                             "reserved bits set without an "
                             "extension");
        if (op != WS_OP_CONT && op != WS_OP_TEXT && op != WS_OP_BINARY &&
            op != WS_OP_CLOSE && op != WS_OP_PING && op != WS_OP_PONG)
          return parser_fail(p, WS_EPROTO, "unknown opcode");
        continue;
      }
      if (p->head_len == 2 && (p->head[1] & 0x80) != 0)
        return parser_fail(p, WS_EPROTO, "masked frame from the server");
      if (p->head_len < head_size(p->head))
        continue;
      rc = parser_head(p);
      if (rc != 0)
        return rc;
    } else {
      size_t take = len - pos;
      uint64_t left = p->payload_len - p->payload_got;
      if (take > left)
        take = (size_t)left;
      if ((p->op & 0x8) != 0) {
        memcpy(p->ctrl + p->payload_got, in + pos, take);
      } else {
        buf_add(&p->msg, (const char *)in + pos, take);
        if (p->msg.failed)
          return parser_fail(p, WS_ENOMEM, "out of memory");
      }
      p->payload_got += take;
      pos += take;
    }
    if (p->payload_got == p->payload_len) {
      rc = parser_frame_done(p, cb, user);
      if (rc != 0)
        return rc;
    }
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* The handshake response (RFC 6455 section 4.1, the client's checks). */

static bool ascii_ieq(const char *a, size_t n, const char *lit) {
  size_t i;

  if (strlen(lit) != n)
    return false;
  for (i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != lit[i])
      return false;
  }
  return true;
}

/* Whether the comma-separated list v[0..n) has the token tok (any case). */
static bool has_token(const char *v, size_t n, const char *tok) {
  size_t i = 0;

  while (i < n) {
    size_t s, e;
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
      i++;
    s = i;
    while (i < n && v[i] != ',')
      i++;
    e = i;
    while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
      e--;
    if (e > s && ascii_ieq(v + s, e - s, tok))
      return true;
  }
  return false;
}

long ws_handshake_check(const char *data, size_t len, const char *key,
                        const char **why) {
  size_t end, pos, lim = len < WS_HEAD_MAX ? len : WS_HEAD_MAX;
  bool upgrade = false, connection = false, accept = false;
  char want[29];

  *why = "";
  for (end = 0; end + 4 <= lim; end++)
    if (memcmp(data + end, "\r\n\r\n", 4) == 0)
      break;
  if (end + 4 > lim) {
    if (len < WS_HEAD_MAX)
      return WS_EAGAIN;
    *why = "handshake response head too large";
    return WS_EPROTO;
  }
  end += 4;
  /* Status line: "HTTP/1.1 101" and a reason. */
  if (end < 14 || memcmp(data, "HTTP/1.1 ", 9) != 0 ||
      (data[12] != ' ' && data[12] != '\r')) {
    *why = "handshake response is not HTTP/1.1";
    return WS_EPROTO;
  }
  if (memcmp(data + 9, "101", 3) != 0) {
    *why = "handshake refused: the server did not answer 101";
    return WS_EPROTO;
  }
  ws_accept_key(key, strlen(key), want);
  pos = 0;
  while (pos + 2 < end && !(data[pos] == '\r' && data[pos + 1] == '\n'))
    pos++;
  pos += 2;
  /* Header lines up to the empty one. */
  while (pos + 2 < end) {
    size_t eol = pos, colon, vs, ve;
    while (eol + 1 < end && !(data[eol] == '\r' && data[eol + 1] == '\n'))
      eol++;
    for (colon = pos; colon < eol && data[colon] != ':'; colon++)
      ;
    if (colon == eol || colon == pos || data[pos] == ' ' || data[pos] == '\t') {
      *why = "malformed header line in the handshake response";
      return WS_EPROTO;
    }
    vs = colon + 1;
    while (vs < eol && (data[vs] == ' ' || data[vs] == '\t'))
      vs++;
    ve = eol;
    while (ve > vs && (data[ve - 1] == ' ' || data[ve - 1] == '\t'))
      ve--;
    if (ascii_ieq(data + pos, colon - pos, "upgrade"))
      upgrade = ascii_ieq(data + vs, ve - vs, "websocket");
    else if (ascii_ieq(data + pos, colon - pos, "connection"))
      connection = connection || has_token(data + vs, ve - vs, "upgrade");
    else if (ascii_ieq(data + pos, colon - pos, "sec-websocket-accept"))
      accept = ve - vs == 28 && memcmp(data + vs, want, 28) == 0;
    else if (ascii_ieq(data + pos, colon - pos, "sec-websocket-extensions") ||
             ascii_ieq(data + pos, colon - pos, "sec-websocket-protocol")) {
      *why = "handshake response names an extension or subprotocol that "
             "was not asked for";
      return WS_EPROTO;
    }
    pos = eol + 2;
  }
  if (!upgrade) {
    *why = "handshake response lacks \"Upgrade: websocket\"";
    return WS_EPROTO;
  }
  if (!connection) {
    *why = "handshake response lacks \"Connection: upgrade\"";
    return WS_EPROTO;
  }
  if (!accept) {
    *why = "handshake response has a wrong or no Sec-WebSocket-Accept";
    return WS_EPROTO;
  }
  return (long)end;
}

/* ------------------------------------------------------------------ */
/* The connection. */

enum ws_state {
  WS_ST_NEW,        /* before ws_client_connect */
  WS_ST_CONNECTING, /* TCP connect under way */
  WS_ST_HANDSHAKE,  /* request sent, reading the response */
  WS_ST_OPEN,
  WS_ST_CLOSING, /* our close frame is sent (or the server's answered) */
  WS_ST_RELEASED /* uv_close called on the handles */
};

struct ws_client {
  uv_loop_t *loop;
  struct ws_client_hooks hooks;
  uv_tcp_t tcp;
  uv_timer_t timer;
  uv_connect_t connect;
  uv_shutdown_t shutdown;
  enum ws_state state;
  int handles;     /* open handles: 2 after connect, 0 when closed */
  bool sent_close; /* our close frame is queued */
  bool got_close;  /* the server's close frame arrived */
  bool shut;       /* uv_shutdown was called */
  bool timer_open; /* the timer was initialised */
  const char *why; /* for closed: NULL or a sentence in whybuf */
  char whybuf[200];
  char key[25];    /* Sec-WebSocket-Key: base64 of 16 random bytes */
  struct buf head; /* the handshake response so far */
  size_t queued;   /* bytes of writes not completed yet */
  struct ws_parser parser;
  char rbuf[65536];
};

struct ws_write {
  uv_write_t req;
  struct ws_client *c;
  size_t len;
  char data[];
};

int ws_client_new(struct ws_client **out, uv_loop_t *loop,
                  const struct ws_client_hooks *hooks) {
  struct ws_client *c = calloc(1, sizeof *c);

  *out = NULL;
  if (c == NULL)
    return UV_ENOMEM;
  c->loop = loop;
  c->hooks = *hooks;
  c->state = WS_ST_NEW;
  buf_init(&c->head);
  ws_parser_init(&c->parser);
  *out = c;
  return 0;
}

void ws_client_free(struct ws_client *c) {
  if (c == NULL)
    return;
  buf_cleanup(&c->head);
  ws_parser_cleanup(&c->parser);
  free(c);
}

bool ws_client_is_open(const struct ws_client *c) {
  return c->state == WS_ST_OPEN;
}

static void on_handle_closed(uv_handle_t *h) {
  struct ws_client *c = h->data;

  if (--c->handles == 0 && c->hooks.closed != NULL)
    c->hooks.closed(c->hooks.user, c->why);
}

/* Records why (the first reason wins) and closes both handles. */
static void release(struct ws_client *c, const char *why) {
  if (c->state == WS_ST_RELEASED)
    return;
  if (why != NULL && c->why == NULL) {
    snprintf(c->whybuf, sizeof c->whybuf, "%s", why);
    c->why = c->whybuf;
  }
  c->state = WS_ST_RELEASED;
  uv_close((uv_handle_t *)&c->tcp, on_handle_closed);
  if (c->timer_open)
    uv_close((uv_handle_t *)&c->timer, on_handle_closed);
}

static void release_uv(struct ws_client *c, const char *what, int err) {
  char why[160];

  snprintf(why, sizeof why, "%s: %s", what, uv_strerror(err));
  release(c, why);
}

static void on_write(uv_write_t *req, int status) {
  struct ws_write *w = container_of(req, struct ws_write, req);
  struct ws_client *c = w->c;

  c->queued -= w->len;
  free(w);
  if (status < 0 && status != UV_ECANCELED)
    release_uv(c, "websocket connection lost (write)", status);
}

/* Queues len bytes; takes a copy. */
static int send_raw(struct ws_client *c, const char *p, size_t len) {
  struct ws_write *w;
  uv_buf_t b;
  int rc;

  if (c->queued > WS_QUEUE_MAX || len > WS_QUEUE_MAX - c->queued)
    return UV_ENOBUFS;
  w = malloc(sizeof *w + len);
  if (w == NULL)
    return UV_ENOMEM;
  w->c = c;
  w->len = len;
  memcpy(w->data, p, len);
  b = uv_buf_init(w->data, (unsigned)len);
  rc = uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_write);
  if (rc != 0) {
    free(w);
    return rc;
  }
  c->queued += len;
  return 0;
}

/* One masked frame with a fresh random mask (RFC 6455 section 5.3: the
 * mask must not be predictable). */
static int send_frame(struct ws_client *c, enum ws_opcode op, const char *p,
                      size_t n) {
  uint8_t mask[4];
  struct buf out;
  int rc;

  if (n > WS_QUEUE_MAX)
    return UV_ENOBUFS;
  rc = uv_random(NULL, NULL, mask, sizeof mask, 0, NULL);
  if (rc != 0)
    return rc;
  buf_init(&out);
  if (ws_frame_encode(&out, op, true, p, n, mask) != 0)
    rc = UV_ENOMEM;
  else
    rc = send_raw(c, out.ptr, out.len);
  buf_cleanup(&out);
  return rc;
}

int ws_client_send_text(struct ws_client *c, const char *p, size_t n) {
  if (c->state != WS_ST_OPEN)
    return UV_ENOTCONN;
  return send_frame(c, WS_OP_TEXT, p, n);
}

static void on_shutdown(uv_shutdown_t *req, int status) {
  struct ws_client *c = container_of(req, struct ws_client, shutdown);

  (void)status;
  release(c, NULL);
}

static void on_close_timeout(uv_timer_t *t) {
  struct ws_client *c = container_of(t, struct ws_client, timer);

  release(c, "websocket closing handshake timed out");
}

/* Sends a close frame with payload p[0..n) and gives the server
 * WS_CLOSE_TIMEOUT_MS to finish. */
static void send_close(struct ws_client *c, const char *p, size_t n) {
  int rc;

  c->sent_close = true;
  c->state = WS_ST_CLOSING;
  rc = send_frame(c, WS_OP_CLOSE, p, n);
  if (rc != 0) {
    release_uv(c, "websocket close frame not sent", rc);
    return;
  }
  rc = uv_timer_start(&c->timer, on_close_timeout, WS_CLOSE_TIMEOUT_MS, 0);
  if (rc != 0)
    release_uv(c, "websocket close timer", rc);
}

/* A frame or message from the parser. */
static int on_frame(void *user, enum ws_opcode op, const char *p, size_t n) {
  struct ws_client *c = user;
  int rc;

  if (c->state == WS_ST_RELEASED)
    return 1;
  switch (op) {
  case WS_OP_TEXT:
    if (c->hooks.message != NULL)
      c->hooks.message(c->hooks.user, p, n);
    break;
  case WS_OP_PING:
    if (!c->sent_close) {
      rc = send_frame(c, WS_OP_PONG, p, n);
      if (rc != 0)
        release_uv(c, "websocket pong not sent", rc);
    }
    break;
  case WS_OP_CLOSE:
    c->got_close = true;
    if (!c->sent_close) {
      /* Echo the status code (section 5.5.1), then shut down once the
       * frame is out: uv_shutdown waits for queued writes. */
      send_close(c, p, n >= 2 ? 2 : 0);
      if (c->state == WS_ST_CLOSING && !c->shut &&
          uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, on_shutdown) == 0)
        c->shut = true;
      else
        release(c, NULL);
    } else {
      release(c, NULL);
    }
    return 1;
  default: /* binary messages and pongs are not used */
    break;
  }
  return c->state == WS_ST_RELEASED ? 1 : 0;
}

static void feed_frames(struct ws_client *c, const char *p, size_t n) {
  int rc = ws_parser_feed(&c->parser, p, n, on_frame, c);

  if (rc < 0) {
    char why[160];
    snprintf(why, sizeof why, "websocket protocol error: %s", c->parser.why);
    release(c, why);
  }
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *b) {
  struct ws_client *c = h->data;

  (void)suggested;
  *b = uv_buf_init(c->rbuf, sizeof c->rbuf);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *b) {
  struct ws_client *c = s->data;

  if (c->state == WS_ST_RELEASED)
    return;
  if (nread < 0) {
    if (nread == UV_EOF && c->sent_close)
      release(c, NULL);
    else if (nread == UV_EOF)
      release(c, "websocket connection closed by the server without a "
                 "close frame");
    else
      release_uv(c, "websocket connection lost", (int)nread);
    return;
  }
  if (nread == 0)
    return;
  if (c->state == WS_ST_HANDSHAKE) {
    const char *why;
    long hl;
    buf_add(&c->head, b->base, (size_t)nread);
    if (c->head.failed) {
      release(c, "out of memory");
      return;
    }
    hl = ws_handshake_check(c->head.ptr, c->head.len, c->key, &why);
    if (hl == WS_EAGAIN)
      return;
    if (hl < 0) {
      char msg[200];
      snprintf(msg, sizeof msg, "websocket %s", why);
      release(c, msg);
      return;
    }
    c->state = WS_ST_OPEN;
    if (c->hooks.open != NULL)
      c->hooks.open(c->hooks.user);
    if (c->state != WS_ST_RELEASED && (size_t)hl < c->head.len)
      feed_frames(c, c->head.ptr + hl, c->head.len - (size_t)hl);
    buf_cleanup(&c->head);
    return;
  }
  feed_frames(c, b->base, (size_t)nread);
}

static void on_connect(uv_connect_t *req, int status) {
  struct ws_client *c = container_of(req, struct ws_client, connect);
  int rc;

  if (c->state == WS_ST_RELEASED)
    return;
  if (status < 0) {
    release_uv(c, "could not connect to the websocket", status);
    return;
  }
  c->state = WS_ST_HANDSHAKE;
  rc = uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  if (rc == 0)
    rc = send_raw(c, c->head.ptr, c->head.len);
  buf_reset(&c->head);
  if (rc != 0)
    release_uv(c, "websocket handshake not sent", rc);
}

int ws_client_connect(struct ws_client *c, const char *ip, int port,
                      const char *path) {
  struct sockaddr_storage ss;
  uint8_t raw[16];
  bool v6 = strchr(ip, ':') != NULL;
  int rc;

  if (c->state != WS_ST_NEW)
    return UV_EINVAL;
  memset(&ss, 0, sizeof ss);
  if (v6)
    rc = uv_ip6_addr(ip, port, (struct sockaddr_in6 *)&ss);
  else
    rc = uv_ip4_addr(ip, port, (struct sockaddr_in *)&ss);
  if (rc != 0)
    return rc;
  rc = uv_random(NULL, NULL, raw, sizeof raw, 0, NULL);
  if (rc != 0)
    return rc;
  ws_base64(raw, sizeof raw, c->key);
  /* The request, kept in head until the connection is up. */
  buf_reset(&c->head);
  buf_addf(&c->head,
           "GET %s HTTP/1.1\r\nHost: %s%s%s:%d\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
           "Sec-WebSocket-Version: 13\r\n\r\n",
           path, v6 ? "[" : "", ip, v6 ? "]" : "", port, c->key);
  if (c->head.failed)
    return UV_ENOMEM;
  rc = uv_tcp_init(c->loop, &c->tcp);
  if (rc != 0)
    return rc;
  c->tcp.data = c;
  c->handles = 1;
  c->state = WS_ST_CONNECTING;
  /* From here on every failure is reported through closed, once the
   * handles are closed. */
  rc = uv_timer_init(c->loop, &c->timer);
  if (rc == 0) {
    c->timer.data = c;
    c->timer_open = true;
    c->handles = 2;
    rc = uv_tcp_connect(&c->connect, &c->tcp, (const struct sockaddr *)&ss,
                        on_connect);
  }
  if (rc != 0)
    release_uv(c, "could not connect to the websocket", rc);
  return 0;
}

void ws_client_abort(struct ws_client *c) {
  if (c->state != WS_ST_NEW)
    release(c, NULL);
}

void ws_client_close(struct ws_client *c) {
  static const char normal[2] = {0x03, (char)0xe8}; /* 1000 */

  switch (c->state) {
  case WS_ST_NEW:
  case WS_ST_CLOSING:
  case WS_ST_RELEASED:
    return;
  case WS_ST_CONNECTING:
  case WS_ST_HANDSHAKE:
    release(c, NULL);
    return;
  case WS_ST_OPEN:
    send_close(c, normal, sizeof normal);
    return;
  }
}
