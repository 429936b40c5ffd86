/*
 * fuzz_wire_har.c - libFuzzer target for sim/wire/har.c, the HAR reader.
 *
 * The first input byte chooses the mode (llhttp's trick): even, the rest
 * is the whole file; odd, the rest is spliced into
 * {"log":{"entries":[ ... ]}} so that the fuzzer spends its time on
 * entries rather than on finding the envelope. The file reaches
 * wire_har_read through fmemopen, as a FILE would.
 *
 * Invariants: every byte of every string handed out is readable (ASan
 * checks the reads); a request has a method, a target starting with "/"
 * and no pseudo-headers; no response means no headers and status 0; a
 * status is 0 or 100-999; entries come in increasing order; the counts
 * add up (exchanges + skipped == entries) and match the callbacks.
 * The file is read as a stream (har_split.c); whenever jansson reads the
 * whole text as a HAR, the stream must read it too, with at least as
 * many entries (a repeated "entries" key gives jansson the last array
 * only, the stream every one); not when the text holds a raw NUL, which
 * jansson sometimes skips and the stream refuses, as JSON does.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "har.h"

#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

struct seen {
  uint64_t exchanges, warnings;
  size_t last_entry;
  unsigned sum; /* keeps the reads of touch() from being optimised away */
};

static void touch(struct seen *s, struct corsim_str v) {
  size_t i;
  CHECK(v.len == 0 || v.ptr != NULL);
  for (i = 0; i < v.len; i++)
    s->sum += (unsigned char)v.ptr[i];
}

static void check_message(struct seen *s, const struct wire_message *m) {
  size_t i;
  CHECK(m->nheaders <= WIRE_HAR_HEADERS_MAX);
  CHECK(m->nheaders == 0 || m->headers != NULL);
  CHECK(m->minor >= 0 && m->minor <= 9);
  CHECK(m->span.first_packet == 0 && m->span.last_packet == 0);
  CHECK(m->span.last_ts >= m->span.first_ts);
  for (i = 0; i < m->nheaders; i++) {
    CHECK(m->headers[i].name.len > 0 && m->headers[i].name.ptr[0] != ':');
    touch(s, m->headers[i].name);
    touch(s, m->headers[i].value);
  }
}

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct seen *s = user;
  CHECK(x->conn == NULL);
  CHECK(x->index == x->har_entry);
  CHECK(s->exchanges == 0 || x->har_entry > s->last_entry);
  s->last_entry = x->har_entry;
  s->exchanges++;
  CHECK(x->url.len > 0 && x->req.method.len > 0);
  CHECK(x->req.target.len > 0 && x->req.target.ptr[0] == '/');
  touch(s, x->url);
  touch(s, x->req.method);
  touch(s, x->req.target);
  touch(s, x->har_error);
  touch(s, x->har_initiator);
  touch(s, x->har_resource);
  check_message(s, &x->req);
  if (x->has_response) {
    CHECK(x->resp.status == 0 ||
          (x->resp.status >= 100 && x->resp.status <= 999));
    touch(s, x->resp.reason);
    check_message(s, &x->resp);
  } else {
    CHECK(x->resp.nheaders == 0 && x->resp.status == 0);
  }
}

__attribute__((format(printf, 3, 0))) static void
on_warn(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct seen *s = user;
  char msg[512];
  (void)packet;
  CHECK(vsnprintf(msg, sizeof msg, fmt, ap) > 0);
  s->warnings++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char head[] = "{\"log\":{\"entries\":[", tail[] = "]}}";
  struct seen s = {0, 0, 0, 0};
  struct wire_exchange_cb cb = {&s, on_exchange, NULL, on_warn};
  struct wire_har_stats st;
  char err[256];
  char *buf;
  size_t len;
  FILE *f;
  int rc;

  if (size < 1)
    return 0;
  buf = malloc(size + sizeof head + sizeof tail);
  if (buf == NULL)
    return 0;
  if (data[0] & 1) {
    memcpy(buf, head, sizeof head - 1);
    memcpy(buf + sizeof head - 1, data + 1, size - 1);
    memcpy(buf + sizeof head - 1 + size - 1, tail, sizeof tail - 1);
    len = sizeof head - 1 + size - 1 + sizeof tail - 1;
  } else {
    memcpy(buf, data + 1, size - 1);
    len = size - 1;
  }
  if (len == 0) {
    free(buf);
    return 0;
  }
  f = fmemopen(buf, len, "r");
  if (f == NULL) {
    free(buf);
    return 0;
  }
  rc = wire_har_read(f, "fuzz.har", &cb, &st, err, sizeof err);
  fclose(f);
  json_error_t jerr;
  json_t *root = json_loadb(buf, len, JSON_ALLOW_NUL, &jerr);
  json_t *entries = json_object_get(json_object_get(root, "log"), "entries");
  /* A raw NUL is never JSON, but jansson takes one right after a number
   * as the number's end ("[4\0]" loads as [4]): no comparison then. */
  if (memchr(buf, '\0', len) == NULL &&
      json_is_object(json_object_get(root, "log")) && json_is_array(entries)) {
    CHECK(rc == 0 || rc == CORSIM_ENOMEM);
    CHECK(rc != 0 || st.entries >= json_array_size(entries));
  }
  json_decref(root);
  free(buf);
  CHECK(rc == 0 || rc == CORSIM_EINVAL || rc == CORSIM_ENOMEM);
  CHECK(memchr(st.creator, '\0', sizeof st.creator) != NULL);
  if (rc == 0) {
    CHECK(err[0] == '\0');
    CHECK(st.exchanges + st.skipped == st.entries);
    CHECK(st.failed <= st.exchanges);
  } else {
    CHECK(err[0] != '\0' && memchr(err, '\0', sizeof err) != NULL);
  }
  CHECK(st.exchanges == s.exchanges);
  return 0;
}
