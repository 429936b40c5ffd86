/*
 * serve_log.c - JSON log lines of corsim serve, see serve_log.h.
 */
#include "serve_log.h"

#include "json_out.h"

#include <stdlib.h>

static void str(struct buf *b, struct corsim_str s) {
  if (s.ptr == NULL)
    buf_adds(b, "null");
  else
    json_out_bytes(b, s.ptr, s.len);
}

static const char *kind_name(enum serve_kind k) {
  switch (k) {
  case SERVE_INDEX:
    return "\"index\"";
  case SERVE_RUNNER:
    return "\"runner\"";
  case SERVE_RESULT:
    return "\"result\"";
  case SERVE_RESERVED:
    return "\"reserved\"";
  default:
    return "null";
  }
}

void serve_log_time(struct buf *b, double t) { buf_addf(b, "%.6f", t); }

/* The fields every line starts with. */
static void head(struct buf *b, const char *kind, uint64_t seq, double time) {
  buf_addf(b, "{\"kind\": \"%s\", \"seq\": %llu, \"time\": ", kind,
           (unsigned long long)seq);
  serve_log_time(b, time);
}

static void conn(struct buf *b, uint64_t id, const char *local,
                 const char *peer) {
  buf_addf(b, ", \"conn\": %llu, \"local\": ", (unsigned long long)id);
  json_out_cstr(b, local);
  buf_adds(b, ", \"peer\": ");
  json_out_cstr(b, peer);
}

void serve_log_wire(struct buf *b, const struct serve_wire *w) {
  size_t i;

  head(b, "wire", w->seq, w->time);
  conn(b, w->conn, w->local, w->peer);
  if (w->scenario < 0)
    buf_adds(b, ", \"scenario\": null");
  else
    buf_addf(b, ", \"scenario\": %ld", w->scenario);
  buf_addf(b, ", \"internal\": %s, \"method\": ", kind_name(w->kind));
  str(b, w->method);
  buf_adds(b, ", \"url\": ");
  str(b, w->url);
  buf_adds(b, ", \"target\": ");
  str(b, w->target);
  buf_adds(b, ", \"version\": ");
  str(b, w->version);
  buf_adds(b, ", \"headers\": [");
  for (i = 0; i < w->nheaders; i++) {
    buf_adds(b, i != 0 ? ", [" : "[");
    str(b, w->headers[i].name);
    buf_adds(b, ", ");
    str(b, w->headers[i].value);
    buf_addc(b, ']');
  }
  buf_addf(b, "], \"body_length\": %zu, \"answered\": %s, \"rule\": ",
           w->body.len, w->answered ? "true" : "false");
  if (w->rule < 0)
    buf_adds(b, "null");
  else
    buf_addf(b, "%ld", w->rule);
  buf_addf(b, ", \"status\": %d}\n", w->status);
}

void serve_log_result(struct buf *b, const struct serve_result *r) {
  head(b, "result", r->seq, r->time);
  buf_addf(b, ", \"scenario\": %zu, \"result\": ", r->scenario);
  if (r->json != NULL) {
    char *text = json_dumps(r->json, JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
    if (text == NULL) {
      b->failed = true;
      return;
    }
    buf_adds(b, text);
    free(text);
    buf_adds(b, "}\n");
  } else {
    struct corsim_str raw = r->raw;
    /* Enough to see what was sent instead. */
    if (raw.len > 1024)
      raw.len = 1024;
    buf_adds(b, "null, \"error\": \"the body is not JSON\", \"body\": ");
    str(b, raw);
    buf_adds(b, "}\n");
  }
}

void serve_log_error(struct buf *b, uint64_t seq, double time, uint64_t id,
                     const char *local, const char *peer, int status,
                     const char *why, size_t offset) {
  head(b, "error", seq, time);
  conn(b, id, local, peer);
  buf_addf(b, ", \"status\": %d, \"error\": ", status);
  json_out_cstr(b, why);
  buf_addf(b, ", \"offset\": %zu}\n", offset);
}
