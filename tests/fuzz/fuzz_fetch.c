/*
 * fuzz_fetch.c - libFuzzer target for the whole fetch state machine.
 *
 * The input chooses the browser, API, mode, credentials, redirect mode and
 * body from its first bytes, then supplies the method, the URL and the
 * script's headers, and then the answer to every wire request (status and
 * header lines with arbitrary bytes, Location included). Checks the
 * invariants any verdict must keep: blocked exactly when the type is
 * error, a message and a fix exactly when blocked, status 0 for opaque
 * and error responses, at most 64 wire requests, NUL-terminated strings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corsim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

struct reader {
  const uint8_t *p;
  size_t n;
};

static uint8_t byte(struct reader *r) {
  if (r->n == 0)
    return 0;
  r->n--;
  return *r->p++;
}

/* A field: up to the next 0xFF byte (or the end). */
static struct corsim_str field(struct reader *r) {
  struct corsim_str s = {(const char *)r->p, 0};
  while (r->n > 0 && *r->p != 0xFF) {
    r->p++;
    r->n--;
    s.len++;
  }
  if (r->n > 0) {
    r->p++;
    r->n--;
  }
  return s;
}

static const char *const names[] = {
    "Access-Control-Allow-Origin",  "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",       "Access-Control-Expose-Headers",
    "Location",                     "Vary",
    "Content-Type",                 "Set-Cookie",
    "X-Custom",                     "Cache-Control"};

static void check_str(struct corsim_str s) {
  if (s.ptr != NULL)
    CHECK(s.ptr[s.len] == '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct reader r = {data, size};
  uint8_t cfg = byte(&r), cfg2 = byte(&r);
  static const char *const origins[] = {"http://127.0.0.1:8001",
                                        "https://a.example", "null",
                                        "http://[::1]:8080"};
  struct corsim_ctx *ctx;
  if (corsim_ctx_new((enum corsim_browser)(cfg & 3),
                     corsim_str_c(origins[(cfg >> 2) & 3]), &ctx) != 0)
    abort();
  corsim_ctx_set_trace(ctx, (cfg >> 4) & 1);
  struct corsim_header hs[8];
  struct corsim_header rh[16];
  for (int req = 0; req < 2 && r.n > 0; req++) {
    struct corsim_request q;
    corsim_request_init(&q);
    q.api = (cfg >> 5) & 1 ? CORSIM_API_XHR : CORSIM_API_FETCH;
    q.mode = (enum corsim_mode)(cfg2 % 3);
    q.credentials = (enum corsim_credentials)((cfg2 >> 2) % 3);
    q.redirect = (enum corsim_redirect)((cfg2 >> 4) % 3);
    q.body = (enum corsim_body)((cfg2 >> 6) % 6);
    q.upload_listeners = (cfg >> 6) & 1;
    q.at = req * 3.0;
    q.method = field(&r);
    q.url = field(&r);
    size_t nh = byte(&r) % 8;
    for (size_t i = 0; i < nh; i++) {
      hs[i].name = field(&r);
      hs[i].value = field(&r);
    }
    q.headers = hs;
    q.nheaders = nh;
    struct corsim_fetch *f;
    if (corsim_fetch_new(ctx, &q, &f) != 0)
      abort();
    struct corsim_wire_request w;
    size_t asked = 0;
    while (corsim_fetch_next(f, &w)) {
      CHECK(++asked < 200);
      check_str(w.url);
      if (r.n == 0) {
        corsim_fetch_feed(f, NULL);
        continue;
      }
      struct corsim_wire_response resp;
      uint8_t st = byte(&r);
      static const int statuses[] = {200, 204, 301, 302, 303, 307,
                                     308, 401, 403, 404, 500, 206};
      resp.status = statuses[st % 12];
      size_t nr = byte(&r) % 16;
      for (size_t i = 0; i < nr; i++) {
        uint8_t k = byte(&r);
        rh[i].name = k < 12 * 16 ? corsim_str_c(names[k % 12]) : field(&r);
        rh[i].value = field(&r);
      }
      resp.headers = rh;
      resp.nheaders = nr;
      CHECK(corsim_fetch_feed(f, &resp) == 0);
    }
    struct corsim_result res;
    CHECK(corsim_fetch_result(f, &res) == 0);
    CHECK(res.blocked == (res.response_type == CORSIM_RESPONSE_ERROR));
    CHECK(res.blocked == (res.message.ptr != NULL));
    CHECK(res.blocked == (res.fix.ptr != NULL));
    CHECK(res.blocked == (res.error != CORSIM_REASON_NONE));
    if (res.response_type == CORSIM_RESPONSE_ERROR ||
        res.response_type == CORSIM_RESPONSE_OPAQUE ||
        res.response_type == CORSIM_RESPONSE_OPAQUEREDIRECT)
      CHECK(res.status == 0);
    CHECK(res.nwire <= 64);
    check_str(res.message);
    check_str(res.fix);
    for (size_t i = 0; i < res.nnotes; i++)
      check_str(res.notes[i]);
    for (size_t i = 0; i < res.nalso; i++)
      CHECK(corsim_reason_name(res.also[i]) != NULL);
    for (size_t i = 0; i < res.ntrace; i++)
      check_str(res.trace[i].text);
    corsim_fetch_free(f);
  }
  corsim_ctx_free(ctx);
  return 0;
}
