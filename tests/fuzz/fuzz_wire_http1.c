/*
 * fuzz_wire_http1.c - libFuzzer target for sim/wire/http1.c: the request
 * and response head parsers, the start matcher and body framing.
 *
 * The first input byte chooses the split point (llhttp's trick) and the
 * second the header capacity; the rest is the message. Both head parsers
 * run on it. Invariants: a result is -1, -2 or a length within the input;
 * every slice lies inside the head; a prefix that is malformed leaves the
 * whole malformed, a prefix that is complete gives the whole's answer, and
 * a prefix that is incomplete followed by the whole with last_len gives
 * the whole's answer too (fields included). The bytes after a head are
 * fed to its body framing whole and in two pieces: the same outcome.
 * And every parse gives exactly what the parser without its fast path
 * for header lines gives (http1_ref.c): result, fields and details.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

#define MAXH 64

struct result {
  int rc;
  struct wire_message m;
  struct corsim_header h[MAXH];
  size_t nh;
  struct wire_http1_head info;
};

static void check_slice(struct corsim_str s, const char *buf, size_t len) {
  if (s.len == 0)
    return;
  CHECK(s.ptr >= buf && s.ptr + s.len <= buf + len);
}

/* Offsets of every slice, to compare results on the same buffer. */
static int same_str(struct corsim_str a, struct corsim_str b) {
  return a.len == b.len && (a.len == 0 || a.ptr == b.ptr);
}

/* http1_ref.c: the parser without its fast path. */
int ref_http1_parse_head(bool request, const char *buf, size_t len,
                         size_t last_len, struct wire_message *m,
                         struct corsim_header *hdrs, size_t *nhdrs,
                         struct wire_http1_head *info);

static int same_text(const char *a, const char *b) {
  return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void check_same_as_ref(const struct result *a, const struct result *b) {
  size_t i;
  CHECK(a->rc == b->rc && a->nh == b->nh);
  for (i = 0; i < a->nh && i < MAXH; i++)
    CHECK(same_str(a->h[i].name, b->h[i].name) &&
          same_str(a->h[i].value, b->h[i].value));
  CHECK(same_str(a->m.method, b->m.method) &&
        same_str(a->m.target, b->m.target) &&
        same_str(a->m.reason, b->m.reason) && a->m.status == b->m.status &&
        a->m.minor == b->m.minor && a->m.nheaders == b->m.nheaders &&
        a->m.body_len == b->m.body_len && a->m.incomplete == b->m.incomplete &&
        a->m.head == b->m.head && a->m.head_len == b->m.head_len);
  CHECK(a->info.start == b->info.start && a->info.parsed == b->info.parsed &&
        a->info.have_start == b->info.have_start &&
        a->info.folded == b->info.folded &&
        a->info.too_many == b->info.too_many &&
        a->info.bad_line == b->info.bad_line &&
        same_text(a->info.error, b->info.error) &&
        a->info.content_length == b->info.content_length &&
        a->info.transfer_encoding == b->info.transfer_encoding);
}

static void parse(bool req, const char *buf, size_t len, size_t last_len,
                  size_t cap, struct result *r) {
  /* The reference starts from the same state: a quick "incomplete" with
   * last_len leaves what was there. */
  static struct result ref;
  ref = *r;
  r->nh = cap;
  r->rc = wire_http1_parse_head(req, buf, len, last_len, &r->m, r->h, &r->nh,
                                &r->info);
  ref.nh = cap;
  ref.rc = ref_http1_parse_head(req, buf, len, last_len, &ref.m, ref.h,
                                &ref.nh, &ref.info);
  check_same_as_ref(r, &ref);
}

static void check_result(bool req, const struct result *r, const char *buf,
                         size_t len, size_t cap) {
  size_t i;
  CHECK(r->rc == WIRE_HTTP1_MALFORMED || r->rc == WIRE_HTTP1_INCOMPLETE ||
        (r->rc > 0 && (size_t)r->rc <= len));
  if (r->rc == WIRE_HTTP1_MALFORMED)
    CHECK(r->info.error != NULL && r->info.bad_line <= len);
  if (r->rc <= 0)
    return;
  CHECK(r->nh <= cap && r->m.nheaders == r->nh && r->m.headers == r->h);
  CHECK(r->m.minor >= 0 && r->m.minor <= 9);
  if (req) {
    CHECK(r->m.method.len > 0 && r->m.target.len > 0);
    check_slice(r->m.method, buf, (size_t)r->rc);
    check_slice(r->m.target, buf, (size_t)r->rc);
  } else {
    CHECK(r->m.status >= 100 && r->m.status <= 999);
    check_slice(r->m.reason, buf, (size_t)r->rc);
  }
  for (i = 0; i < r->nh; i++) {
    CHECK(r->h[i].name.len > 0);
    check_slice(r->h[i].name, buf, (size_t)r->rc);
    check_slice(r->h[i].value, buf, (size_t)r->rc);
  }
}

static void check_same(const struct result *a, const struct result *b) {
  size_t i;
  CHECK(a->rc == b->rc);
  if (a->rc <= 0)
    return;
  CHECK(same_str(a->m.method, b->m.method) &&
        same_str(a->m.target, b->m.target) &&
        same_str(a->m.reason, b->m.reason) && a->m.status == b->m.status &&
        a->m.minor == b->m.minor && a->nh == b->nh);
  for (i = 0; i < a->nh; i++)
    CHECK(same_str(a->h[i].name, b->h[i].name) &&
          same_str(a->h[i].value, b->h[i].value));
}

/* The body after a complete head, whole and split at k. */
static void check_body(bool req, const struct result *r, const char *buf,
                       size_t len, size_t k) {
  struct wire_http1_body b1, b2;
  const char *p = buf + r->rc;
  size_t n = len - (size_t)r->rc, u1, u2a, u2b = 0;
  int f1, f2, r1, r2;
  static const struct corsim_str methods[] = {
      {"GET", 3}, {"HEAD", 4}, {"CONNECT", 7}};

  /* b2 from what the parse noted of the framing fields: the same. */
  if (req) {
    f1 = wire_http1_body_request(&b1, &r->m);
    f2 = wire_http1_body_request_noted(&b2, &r->m, r->info.content_length,
                                       r->info.transfer_encoding);
  } else {
    struct corsim_str m = methods[k % 3];
    f1 = wire_http1_body_response(&b1, &r->m, m);
    f2 = wire_http1_body_response_noted(&b2, &r->m, m, r->info.content_length,
                                        r->info.transfer_encoding);
  }
  CHECK(f1 == f2 && (f1 == 0 || f1 == -1));
  CHECK(b1.framing == b2.framing && b1.left == b2.left &&
        b1.done == b2.done);
  if (f1 < 0)
    return;
  if (k > n)
    k = n;
  r1 = wire_http1_body_feed(&b1, p, n, &u1);
  CHECK(u1 <= n && b1.seen == u1);
  r2 = wire_http1_body_feed(&b2, p, k, &u2a);
  CHECK(u2a <= k);
  if (r2 == 0) {
    CHECK(u2a == k);
    r2 = wire_http1_body_feed(&b2, p + k, n - k, &u2b);
  }
  CHECK(r1 == r2 && u1 == u2a + u2b && b1.seen == b2.seen);
  (void)wire_http1_body_gap(&b2, k + 1);
  (void)wire_http1_body_eof(&b2);
}

static void run(bool req, const char *buf, size_t len, size_t k, size_t cap) {
  static struct result whole, first, second;

  parse(req, buf, len, 0, cap, &whole);
  check_result(req, &whole, buf, len, cap);
  parse(req, buf, k, 0, cap, &first);
  check_result(req, &first, buf, k, cap);
  if (first.rc == WIRE_HTTP1_MALFORMED) {
    CHECK(whole.rc == WIRE_HTTP1_MALFORMED);
  } else if (first.rc > 0) {
    check_same(&first, &whole);
  } else if (k > 0 && k < len) {
    /* resumed: last_len is the previous call's len */
    parse(req, buf, len, k, cap, &second);
    if (second.rc == WIRE_HTTP1_INCOMPLETE)
      CHECK(whole.rc == WIRE_HTTP1_INCOMPLETE);
    else
      check_same(&second, &whole);
  }
  if (whole.rc > 0)
    check_body(req, &whole, buf, len, k);
  (void)wire_http1_match_start(req, buf, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf;
  size_t k, cap;

  if (size < 2)
    return 0;
  cap = 1 + data[1] % MAXH;
  k = data[0];
  data += 2;
  size -= 2;
  k = k * size / 255;
  /* an exact-size copy: any read past the end is caught */
  buf = malloc(size ? size : 1);
  if (buf == NULL)
    return 0;
  memcpy(buf, data, size);
  run(true, buf, size, k, cap);
  run(false, buf, size, k, cap);
  free(buf);
  return 0;
}
