/*
 * fuzz_wire_http_conn.c - libFuzzer target for sim/wire/http_conn.c: one
 * connection fed from both directions, with gaps, then closed and freed.
 *
 * Input: the first byte sets options (bit 0: the capture began
 * mid-stream). Then a run of chunks, each led by a control byte c: the
 * chunk is the next (c & 0x3f) + 1 bytes; c >> 6 says what to do with
 * them: 0 client data, 1 server data, 2 data to the direction other than
 * the last, 3 a gap of (chunk's first byte * 7 + 1) bytes in direction
 * (c & 1) (the chunk's bytes are then not data).
 *
 * Invariants: every exchange is well formed (its conn, its index in
 * order, readable slices without line breaks, all inside the head's
 * block (wire.h: receivers copy that block alone), a final status when
 * it has a response, spans within the packets fed), the counts agree with what
 * was emitted, body bytes never exceed the bytes fed, nothing leaks
 * (LeakSanitizer), and calls after the close do nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http1.h"
#include "http_conn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

struct seen {
  const struct wire_conn_info *info;
  uint64_t exchanges, unanswered, packets, tls;
  volatile unsigned sink;
};

static void check_str(struct seen *s, struct corsim_str v) {
  size_t i;
  if (v.len > 0)
    CHECK(v.ptr != NULL);
  for (i = 0; i < v.len; i++) {
    CHECK(v.ptr[i] != '\r' && v.ptr[i] != '\n');
    s->sink += (unsigned char)v.ptr[i];
  }
}

/* A non-empty slice lies in the head block. */
static void check_in_head(const struct wire_message *m, struct corsim_str v) {
  uintptr_t a = (uintptr_t)v.ptr, b = (uintptr_t)m->head;
  if (v.len > 0)
    CHECK(a >= b && a - b <= m->head_len && v.len <= m->head_len - (a - b));
}

static void check_message(struct seen *s, const struct wire_message *m) {
  size_t i;
  check_str(s, m->method);
  check_str(s, m->target);
  check_str(s, m->reason);
  CHECK(m->head != NULL);
  if (m->head_len > 0)
    s->sink += (unsigned char)m->head[m->head_len - 1];
  check_in_head(m, m->method);
  check_in_head(m, m->target);
  check_in_head(m, m->reason);
  CHECK(m->nheaders <= WIRE_HTTP_HEADERS_MAX);
  CHECK(m->nheaders == 0 || m->headers != NULL);
  for (i = 0; i < m->nheaders; i++) {
    CHECK(m->headers[i].name.len > 0);
    check_str(s, m->headers[i].name);
    check_str(s, m->headers[i].value);
    check_in_head(m, m->headers[i].name);
    check_in_head(m, m->headers[i].value);
  }
  CHECK(m->span.first_packet <= m->span.last_packet);
  CHECK(m->span.last_packet <= s->packets);
}

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct seen *s = user;

  if (s->info == NULL)
    s->info = x->conn;
  CHECK(x->conn == s->info && x->conn->id == 42);
  CHECK(x->index == s->exchanges);
  CHECK(x->url.ptr != NULL && x->url.len == 0);
  CHECK(x->har_entry == SIZE_MAX);
  check_message(s, &x->req);
  CHECK(x->req.status == 0);
  if (x->has_response) {
    check_message(s, &x->resp);
    CHECK(x->resp.status >= 100 && x->resp.status <= 999);
    CHECK(!wire_http1_is_interim(x->resp.status));
    CHECK(x->resp.method.len == 0);
  } else {
    s->unanswered++;
  }
  s->exchanges++;
}

static void on_tls(void *user, const struct wire_conn_info *c) {
  struct seen *s = user;
  CHECK(c->id == 42);
  s->tls++;
}

static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) __attribute__((format(printf, 3, 0)));

static void on_warn(void *user, uint64_t packet, const char *fmt,
                    va_list ap) {
  struct seen *s = user;
  char buf[512];
  CHECK(packet <= s->packets);
  vsnprintf(buf, sizeof buf, fmt, ap);
  s->sink += (unsigned char)buf[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct wire_conn_info c;
  struct wire_exchange_cb cb;
  struct wire_http_conn *h;
  struct wire_http_stats st;
  struct seen s;
  uint64_t fed = 0;
  size_t i = 1;
  int last = 1;

  if (size < 1)
    return 0;
  memset(&c, 0, sizeof c);
  c.id = 42;
  c.mid_stream = (data[0] & 1) != 0;
  memset(&s, 0, sizeof s);
  cb.user = &s;
  cb.exchange = on_exchange;
  cb.tls = on_tls;
  cb.warn = on_warn;
  h = wire_http_conn_new(&c, &cb);
  if (h == NULL)
    return 0;
  while (i < size) {
    uint8_t ctl = data[i++];
    size_t n = (size_t)(ctl & 0x3f) + 1;
    int op = ctl >> 6, dir;
    uint8_t *chunk;

    if (n > size - i)
      n = size - i;
    s.packets++;
    if (op == 3) {
      uint64_t gap = n > 0 ? (uint64_t)data[i] * 7 + 1 : 1;
      wire_http_conn_gap(h, ctl & 1, gap, s.packets, (double)s.packets);
      i += n;
      continue;
    }
    dir = op == 2 ? !last : op;
    last = dir;
    if (n == 0)
      break;
    /* an exact-size copy, freed at once: the connection may not keep it */
    chunk = malloc(n);
    if (chunk == NULL)
      break;
    memcpy(chunk, data + i, n);
    wire_http_conn_data(h, dir, chunk, n, s.packets, (double)s.packets);
    memset(chunk, 0xAA, n);
    free(chunk);
    fed += n;
    i += n;
  }
  s.packets++;
  wire_http_conn_close(h, s.packets, (double)s.packets);
  wire_http_conn_stats(h, &st);
  CHECK(st.exchanges == s.exchanges && st.unanswered == s.unanswered);
  CHECK(st.tls == s.tls && s.tls <= 1);
  CHECK(st.body_bytes <= fed);
  CHECK(st.bytes_skipped <= fed);
  CHECK(st.unanswered <= st.exchanges);
  /* after the close: nothing */
  wire_http_conn_data(h, 0, (const uint8_t *)"GET / HTTP/1.1\r\n\r\n", 18,
                      s.packets, 0);
  wire_http_conn_gap(h, 1, 5, s.packets, 0);
  wire_http_conn_close(h, s.packets, 0);
  CHECK(s.exchanges == st.exchanges);
  wire_http_conn_free(h);
  return 0;
}
