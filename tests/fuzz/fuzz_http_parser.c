/*
 * fuzz_http_parser.c - libFuzzer target for sim/live/http_parser.c, the
 * request parser of corsim serve.
 *
 *   clang -fsanitize=fuzzer,address -Isim/include -Isim/live \
 *     tests/fuzz/fuzz_http_parser.c sim/live/http_parser.c -o fuzz_http_parser
 *
 * The first input byte chooses how the rest arrives (llhttp's trick):
 * whole, or in reads of 1 to 255 bytes appended to one buffer, as a
 * connection delivers it. The buffer is parsed as a stream of pipelined
 * requests. Invariants: a length never passes the buffer, every slice of
 * a request lies inside the buffer, an error repeats until a reset, and
 * the result of parsing in pieces equals the result of parsing whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

static void check_slice(struct corsim_str s, const char *buf, size_t len) {
  CHECK(s.ptr >= buf && s.ptr + s.len <= buf + len);
}

static void check_request(const struct http_request *r, const char *buf,
                          long total) {
  size_t i;
  check_slice(r->method, buf, (size_t)total);
  check_slice(r->target, buf, (size_t)total);
  check_slice(r->version, buf, (size_t)total);
  check_slice(r->body, buf, (size_t)total);
  CHECK(r->method.len > 0 && r->target.len > 0);
  CHECK(r->minor == 0 || r->minor == 1);
  CHECK(r->head_len <= (size_t)total && r->head_len <= HTTP_HEAD_MAX);
  CHECK(r->nheaders <= HTTP_HEADERS_MAX);
  for (i = 0; i < r->nheaders; i++) {
    check_slice(r->headers[i].name, buf, r->head_len);
    check_slice(r->headers[i].value, buf, r->head_len);
    CHECK(r->headers[i].name.len > 0);
  }
}

/* Parses buf as pipelined requests, the data arriving in steps of step
 * bytes (0: all at once). Writes one number per request (its length or
 * the final result) to out; returns how many. */
static size_t run(const uint8_t *data, size_t size, size_t step, long *out,
                  size_t cap, struct http_parser *p) {
  char *buf = malloc(size + 1);
  size_t have = 0, start = 0, n = 0;

  if (buf == NULL)
    return 0;
  http_parser_reset(p);
  while (n < cap) {
    struct http_request req;
    size_t more = step == 0 ? size - have : step;
    long rc;
    if (more > size - have)
      more = size - have;
    memcpy(buf + have, data + have, more);
    have += more;
    rc = http_parser_parse(p, buf + start, have - start, &req);
    if (rc > 0) {
      CHECK((size_t)rc <= have - start);
      check_request(&req, buf + start, rc);
      out[n++] = rc;
      start += (size_t)rc;
      http_parser_reset(p);
      continue;
    }
    if (rc == HTTP_AGAIN) {
      if (have == size) {
        out[n++] = rc;
        break;
      }
      continue;
    }
    CHECK(rc <= -2 && rc >= -6);
    CHECK(p->error != NULL && p->error_offset <= have - start + 1);
    CHECK(http_parser_parse(p, buf + start, have - start, &req) == rc);
    out[n++] = rc;
    break;
  }
  free(buf);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct http_parser p; /* large; one per process is enough */
  long whole[64], pieces[64];
  size_t nw, np, i, step;

  if (size < 1)
    return 0;
  step = data[0];
  data++;
  size--;
  nw = run(data, size, 0, whole, 64, &p);
  np = run(data, size, step, pieces, 64, &p);
  CHECK(nw == np);
  for (i = 0; i < nw; i++)
    CHECK(whole[i] == pieces[i]);
  return 0;
}
