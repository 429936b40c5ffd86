/*
 * replay_report.c - replay verdicts as text rows or JSON lines, see
 * replay_report.h.
 */
#include "replay_report.h"

#include "json_emit.h"
#include "report_json.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define RED "\033[1;31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *kind_name(enum wire_verdict_kind k) {
  switch (k) {
  case WIRE_VERDICT_JUDGED:
    return "judged";
  case WIRE_VERDICT_PREFLIGHT_ONLY:
    return "preflight-only";
  case WIRE_VERDICT_MISSING:
    return "missing";
  case WIRE_VERDICT_INCOMPLETE:
    return "incomplete";
  case WIRE_VERDICT_FAILED:
    return "failed";
  }
  return "?";
}

static const char *role_name(enum wire_role r) {
  switch (r) {
  case WIRE_ROLE_PREFLIGHT:
    return "preflight";
  case WIRE_ROLE_ACTUAL:
    return "actual";
  case WIRE_ROLE_REDIRECT:
    return "redirect";
  }
  return "?";
}

/* "08:01:02.345", UTC: captures carry UTC times, and a golden output must
 * not depend on the machine's time zone. By hand, not printf: a row is
 * printed per request, and printf's cost was a quarter of a replay's. */
static void clock_text(double ts, char out[13]) {
  if (!(ts >= 0) || ts > 1e15) {
    memcpy(out, "??:??:??.???", 13);
    return;
  }
  long long ms = (long long)(ts * 1000.0 + 0.5) % 86400000;
  int f[4] = {(int)(ms / 3600000), (int)(ms / 60000 % 60), (int)(ms / 1000 % 60),
              (int)(ms % 1000)};
  char *p = out;
  for (int i = 0; i < 3; i++) {
    *p++ = (char)('0' + f[i] / 10);
    *p++ = (char)('0' + f[i] % 10);
    *p++ = i < 2 ? ':' : '.';
  }
  *p++ = (char)('0' + f[3] / 100);
  *p++ = (char)('0' + f[3] / 10 % 10);
  *p++ = (char)('0' + f[3] % 10);
  *p = '\0';
}

/* s, then spaces up to width (at least one). */
static void add_padded(struct jout *o, const char *s, size_t n, size_t width) {
  char *w = jout_room(o, n + width + 1);
  if (w == NULL)
    return;
  memcpy(w, s, n);
  do
    w[n] = ' ';
  while (++n < width);
  o->len += n;
}

static void add_uint(struct jout *o, unsigned long long v, size_t width) {
  char d[24];
  size_t n = 0;
  do
    d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  add_padded(o, d + sizeof(d) - n, n, width);
}

static void add(struct jout *o, const char *s) { jout_add(o, s, strlen(s)); }

static void paint(struct jout *o, bool colour, const char *code) {
  if (colour)
    add(o, code);
}

void replay_report_head(FILE *fp, bool colour) {
  fprintf(fp, "%s%-5s %-12s  %-8s %-7s %s%s\n", colour ? BOLD : "", "#",
          "TIME (UTC)", "VERDICT", "METHOD", "ORIGIN -> URL", colour ? RESET : "");
}

/* Whether one of the eight bytes of x is a control byte (below 0x20, or
 * 0x7f) or a backslash: the bytes buf_add_escaped rewrites. */
static bool needs_escape8(uint64_t x) {
  const uint64_t ones = UINT64_C(0x0101010101010101),
                 high = UINT64_C(0x8080808080808080);
  uint64_t d = x ^ (ones * 0x7f), s = x ^ (ones * '\\');
  uint64_t below = (x - ones * 0x20) & ~x, del = (d - ones) & ~d,
           back = (s - ones) & ~s;
  return ((below | del | back) & high) != 0;
}

/* buf_add_escaped's text (control bytes and '\\' as \xNN escapes, the
 * rest as it is), with plain runs copied eight bytes at a time. */
static void add_s(struct jout *o, struct corsim_str str) {
  static const char hex[] = "0123456789abcdef";
  const char *p = str.ptr;
  size_t n = p != NULL ? str.len : 0, i = 0;
  if (n > JOUT_MAX / 4) {
    o->failed = true;
    return;
  }
  char *w = jout_room(o, 4 * n), *start = w;
  if (w == NULL)
    return;
  while (i < n) {
    while (n - i >= 8) {
      uint64_t x;
      memcpy(&x, p + i, 8);
      if (needs_escape8(x))
        break;
      memcpy(w, &x, 8);
      w += 8;
      i += 8;
    }
    if (i == n)
      break;
    unsigned char c = (unsigned char)p[i++];
    if (c >= 0x20 && c != 0x7f && c != '\\') {
      *w++ = (char)c;
    } else if (c == '\\') {
      memcpy(w, "\\\\", 2);
      w += 2;
    } else {
      w[0] = '\\';
      w[1] = 'x';
      w[2] = hex[c >> 4];
      w[3] = hex[c & 15];
      w += 4;
    }
  }
  o->len += (size_t)(w - start);
}

static void source_text(struct jout *o, const struct wire_verdict *v) {
  char t[160];
  JOUT_LIT(o, "      from:");
  for (size_t i = 0; i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    if (i > 0)
      JOUT_LIT(o, ",");
    JOUT_LIT(o, " ");
    add(o, role_name(s->role));
    JOUT_LIT(o, " ");
    if (s->har_entry != SIZE_MAX)
      snprintf(t, sizeof(t), "HAR entry %zu", s->har_entry);
    else
      snprintf(t, sizeof(t), "conn %llu packets %llu-%llu",
               (unsigned long long)s->conn,
               (unsigned long long)s->req.first_packet,
               (unsigned long long)(s->resp.last_packet ? s->resp.last_packet
                                                        : s->req.last_packet));
    add(o, t);
    if (s->status != 0) {
      snprintf(t, sizeof(t), " (%d)", s->status);
      add(o, t);
    }
  }
  JOUT_LIT(o, "\n");
}

static int text_row(FILE *fp, const struct wire_verdict *v, bool trace,
                    bool colour) {
  struct jout b;
  char clock[13];
  const struct corsim_result *r = v->result;
  jout_init(&b);
  clock_text(v->ts, clock);
  add_uint(&b, v->number, 6);
  add_padded(&b, clock, 12, 14);
  if (r == NULL) {
    paint(&b, colour, YELLOW);
    JOUT_LIT(&b, "unknown");
  } else if (r->blocked) {
    paint(&b, colour, RED);
    JOUT_LIT(&b, "BLOCKED");
  } else {
    paint(&b, colour, GREEN);
    JOUT_LIT(&b, "allowed");
  }
  paint(&b, colour, RESET);
  JOUT_LIT(&b, "  ");
  size_t before = b.len;
  add_s(&b, v->method);
  for (size_t k = b.len - before; k < 8; k++)
    JOUT_LIT(&b, " ");
  add_s(&b, v->origin);
  JOUT_LIT(&b, " -> ");
  add_s(&b, v->url);
  JOUT_LIT(&b, "\n");
  if (r != NULL && r->blocked) {
    JOUT_LIT(&b, "      error: ");
    add(&b, corsim_reason_name(r->error));
    JOUT_LIT(&b, " (");
    add(&b, corsim_browser_name(v->browser));
    JOUT_LIT(&b, ")\n");
    if (r->message.ptr != NULL) {
      JOUT_LIT(&b, "      message: ");
      add_s(&b, r->message);
      JOUT_LIT(&b, "\n");
    }
    if (r->fix.ptr != NULL) {
      JOUT_LIT(&b, "      fix: ");
      add_s(&b, r->fix);
      JOUT_LIT(&b, "\n");
    }
  }
  if (v->why != NULL) {
    JOUT_LIT(&b, "      ");
    add(&b, v->kind == WIRE_VERDICT_JUDGED ? "but" : kind_name(v->kind));
    JOUT_LIT(&b, ": ");
    add(&b, v->why);
    JOUT_LIT(&b, "\n");
  }
  if (r != NULL)
    for (size_t k = 0; k < r->nnotes; k++) {
      JOUT_LIT(&b, "      note: ");
      add_s(&b, r->notes[k]);
      JOUT_LIT(&b, "\n");
    }
  /* What the verdict rests on beyond the recording: with every verdict
   * that is not a plain "allowed" (and with --explain). */
  bool show_inferred = trace || r == NULL || r->blocked || v->why != NULL;
  for (size_t k = 0; show_inferred && k < v->ninferred; k++) {
    paint(&b, colour, DIM);
    JOUT_LIT(&b, "      inferred: ");
    add(&b, v->inferred[k]);
    JOUT_LIT(&b, "\n");
    paint(&b, colour, RESET);
  }
  if (trace) {
    source_text(&b, v);
    for (size_t k = 0; r != NULL && k < r->nwire; k++) {
      const struct corsim_exchange *x = &r->wire[k];
      char t[32];
      JOUT_LIT(&b, "      > ");
      add_s(&b, x->method);
      JOUT_LIT(&b, " ");
      add_s(&b, x->url);
      snprintf(t, sizeof(t), " -> %d\n", x->status);
      add(&b, t);
      for (size_t h = 0; h < x->nheaders; h++) {
        JOUT_LIT(&b, "      >   ");
        add_s(&b, x->headers[h].name);
        JOUT_LIT(&b, ": ");
        add_s(&b, x->headers[h].value);
        JOUT_LIT(&b, "\n");
      }
    }
    for (size_t k = 0; r != NULL && k < r->ntrace; k++) {
      JOUT_LIT(&b, "      trace: ");
      add(&b, r->trace[k].rule != NULL ? r->trace[k].rule : "?");
      JOUT_LIT(&b, ": ");
      add_s(&b, r->trace[k].text);
      JOUT_LIT(&b, "\n");
    }
  }
  int rc = b.failed || fwrite(b.p, 1, b.len, fp) != b.len ? -1 : 0;
  jout_cleanup(&b);
  return rc;
}

/* ---- JSON lines ----------------------------------------------------------
 *
 * Written straight into the line (json_emit.h) in the order and with the
 * values report_json_object and the jansson tree built here before gave:
 * the output is byte for byte the same, including where jansson left a
 * key or element out (a value it refused: a string that is not UTF-8, a
 * real that is not finite) or failed the whole line.
 */

/* ", " then "key": */
#define KEY(o, k) JOUT_LIT((o), ", \"" k "\": ")

static void str_or_null(struct jout *o, struct corsim_str s) {
  if (s.ptr == NULL)
    JOUT_LIT(o, "null");
  else
    json_emit_utf8(o, s.ptr, s.len);
}

/* A name from the core's tables (browser, reason, ...) or NULL (null
 * then). They are ASCII, which jansson takes as they are: no UTF-8 check
 * (jansson failed the whole object on a name that is not UTF-8, which
 * none is). Returns true, for the callers' old failure paths. */
static bool cstr_or_null(struct jout *o, const char *s) {
  if (s == NULL)
    JOUT_LIT(o, "null");
  else
    json_emit_utf8(o, s, strlen(s));
  return true;
}

static void strs(struct jout *o, const struct corsim_str *s, size_t n) {
  JOUT_LIT(o, "[");
  for (size_t i = 0; i < n; i++) {
    if (i > 0)
      JOUT_LIT(o, ", ");
    json_emit_utf8(o, s[i].ptr, s[i].len);
  }
  JOUT_LIT(o, "]");
}

/* report_json_object's fields of r, from "{" to the last, unclosed. */
static bool result_fields(struct jout *o, const char *file, size_t flen,
                          uint64_t number, const struct corsim_result *r,
                          bool trace) {
  JOUT_LIT(o, "{\"scenario\": ");
  json_emit_utf8(o, file, flen);
  KEY(o, "request");
  json_emit_int(o, (long long)(size_t)number);
  KEY(o, "browser");
  if (!cstr_or_null(o, corsim_browser_name(r->browser)))
    return false;
  KEY(o, "response_type");
  if (!cstr_or_null(o, corsim_response_type_name(r->response_type)))
    return false;
  KEY(o, "blocked");
  if (r->blocked)
    JOUT_LIT(o, "true");
  else
    JOUT_LIT(o, "false");
  KEY(o, "status");
  json_emit_int(o, r->status);
  KEY(o, "error");
  if (!r->blocked)
    JOUT_LIT(o, "null");
  else if (!cstr_or_null(o, corsim_reason_name(r->error)))
    return false;
  KEY(o, "message");
  if (r->blocked)
    str_or_null(o, r->message);
  else
    JOUT_LIT(o, "null");
  KEY(o, "preflight");
  if (!cstr_or_null(o, corsim_preflight_name(r->preflight)))
    return false;
  KEY(o, "wire");
  JOUT_LIT(o, "[");
  for (size_t i = 0; i < r->nwire; i++) {
    const struct corsim_exchange *x = &r->wire[i];
    if (i > 0)
      JOUT_LIT(o, ", ");
    JOUT_LIT(o, "{\"method\": ");
    json_emit_utf8(o, x->method.ptr, x->method.len);
    KEY(o, "url");
    json_emit_utf8(o, x->url.ptr, x->url.len);
    KEY(o, "headers");
    JOUT_LIT(o, "[");
    for (size_t h = 0; h < x->nheaders; h++) {
      if (h > 0)
        JOUT_LIT(o, ", ");
      JOUT_LIT(o, "[");
      json_emit_header_bytes(o, x->headers[h].name.ptr, x->headers[h].name.len);
      JOUT_LIT(o, ", ");
      json_emit_header_bytes(o, x->headers[h].value.ptr,
                             x->headers[h].value.len);
      JOUT_LIT(o, "]");
    }
    JOUT_LIT(o, "]");
    KEY(o, "status");
    json_emit_int(o, x->status);
    JOUT_LIT(o, "}");
  }
  JOUT_LIT(o, "]");
  KEY(o, "exposed_headers");
  strs(o, r->exposed_headers, r->nexposed_headers);
  KEY(o, "fix");
  if (r->blocked)
    str_or_null(o, r->fix);
  else
    JOUT_LIT(o, "null");
  KEY(o, "also");
  JOUT_LIT(o, "[");
  for (size_t i = 0; i < r->nalso; i++) {
    if (i > 0)
      JOUT_LIT(o, ", ");
    if (!cstr_or_null(o, corsim_reason_name(r->also[i])))
      return false;
  }
  JOUT_LIT(o, "]");
  KEY(o, "notes");
  strs(o, r->notes, r->nnotes);
  if (trace) {
    KEY(o, "trace");
    JOUT_LIT(o, "[");
    for (size_t i = 0; i < r->ntrace; i++) {
      if (i > 0)
        JOUT_LIT(o, ", ");
      JOUT_LIT(o, "{\"rule\": ");
      if (!cstr_or_null(o, r->trace[i].rule))
        return false;
      KEY(o, "text");
      json_emit_utf8(o, r->trace[i].text.ptr, r->trace[i].text.len);
      JOUT_LIT(o, "}");
    }
    JOUT_LIT(o, "]");
  }
  return true;
}

/* A span object; left out (false) when a time is not finite, as
 * json_pack refused it. */
static bool span_fits(const struct wire_span *s) {
  return isfinite(s->first_ts) && isfinite(s->last_ts);
}

static void span(struct jout *o, const struct wire_span *s) {
  JOUT_LIT(o, "{\"first_packet\": ");
  json_emit_int(o, (long long)s->first_packet);
  KEY(o, "last_packet");
  json_emit_int(o, (long long)s->last_packet);
  KEY(o, "first_time");
  (void)json_emit_real(o, s->first_ts);
  KEY(o, "last_time");
  (void)json_emit_real(o, s->last_ts);
  JOUT_LIT(o, "}");
}

static void sources(struct jout *o, const char *file, size_t flen,
                    const struct wire_verdict *v) {
  JOUT_LIT(o, "{\"file\": ");
  json_emit_utf8(o, file, flen);
  KEY(o, "exchanges");
  JOUT_LIT(o, "[");
  for (size_t i = 0; i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    if (i > 0)
      JOUT_LIT(o, ", ");
    JOUT_LIT(o, "{\"role\": ");
    (void)cstr_or_null(o, role_name(s->role));
    if (s->har_entry != SIZE_MAX) {
      KEY(o, "har_entry");
      json_emit_int(o, (long long)s->har_entry);
    } else {
      KEY(o, "connection");
      json_emit_int(o, (long long)s->conn);
    }
    if (span_fits(&s->req)) {
      KEY(o, "request");
      span(o, &s->req);
    }
    if (s->status != 0 && span_fits(&s->resp)) {
      KEY(o, "response");
      span(o, &s->resp);
    }
    KEY(o, "status");
    json_emit_int(o, s->status);
    JOUT_LIT(o, "}");
  }
  JOUT_LIT(o, "]}");
}

static bool json_fields(struct jout *o, const char *file,
                        const struct wire_verdict *v, bool trace) {
  size_t flen = strlen(file);
  /* The file name went through json_pack's "s" where it is not the
   * scenario: a name that is not UTF-8 failed those values. */
  bool file_utf8 = json_utf8_valid(file, flen);
  if (v->result != NULL) {
    if (!result_fields(o, file, flen, v->number, v->result, trace))
      return false;
  } else {
    /* Nothing judged: the output fields stay, empty. */
    const char *browser = corsim_browser_name(v->browser);
    if (!file_utf8 || browser == NULL ||
        !json_utf8_valid(browser, strlen(browser)))
      return false;
    JOUT_LIT(o, "{\"scenario\": ");
    json_emit_utf8(o, file, flen);
    KEY(o, "request");
    json_emit_int(o, (long long)v->number);
    KEY(o, "browser");
    json_emit_utf8(o, browser, strlen(browser));
    JOUT_LIT(o, ", \"response_type\": null, \"blocked\": null, \"status\": "
                "null, \"error\": null, \"message\": null, \"preflight\": "
                "null, \"wire\": [], \"exposed_headers\": [], \"fix\": null, "
                "\"also\": [], \"notes\": []");
  }
  KEY(o, "verdict");
  (void)cstr_or_null(o, kind_name(v->kind));
  if (v->why == NULL) {
    KEY(o, "why");
    JOUT_LIT(o, "null");
  } else if (json_utf8_valid(v->why, strlen(v->why))) {
    KEY(o, "why");
    (void)json_emit_cstr(o, v->why);
  }
  if (isfinite(v->ts)) {
    KEY(o, "time");
    (void)json_emit_real(o, v->ts);
  }
  KEY(o, "origin");
  json_emit_utf8(o, v->origin.ptr, v->origin.len);
  KEY(o, "method");
  json_emit_utf8(o, v->method.ptr, v->method.len);
  KEY(o, "url");
  json_emit_utf8(o, v->url.ptr, v->url.len);
  if (file_utf8) {
    KEY(o, "source");
    sources(o, file, flen, v);
  }
  KEY(o, "inferred");
  JOUT_LIT(o, "[");
  bool first = true;
  for (size_t k = 0; k < v->ninferred; k++) {
    const char *fact = v->inferred[k];
    if (!json_utf8_valid(fact, strlen(fact)))
      continue;
    if (!first)
      JOUT_LIT(o, ", ");
    first = false;
    (void)json_emit_cstr(o, fact);
  }
  JOUT_LIT(o, "]}\n");
  return true;
}

static int json_line(FILE *fp, const char *file, const struct wire_verdict *v,
                     bool trace) {
  struct jout o;
  jout_init(&o);
  bool ok = json_fields(&o, file, v, trace) && !o.failed;
  int rc = ok && fwrite(o.p, 1, o.len, fp) == o.len ? 0 : -1;
  jout_cleanup(&o);
  return rc;
}

int replay_report_verdict(FILE *fp, const char *file,
                          const struct wire_verdict *v, bool json, bool trace,
                          bool colour) {
  return json ? json_line(fp, file, v, trace) : text_row(fp, v, trace, colour);
}

void replay_totals_add(struct replay_totals *t,
                       const struct wire_pipeline_stats *ps,
                       const struct wire_judge_stats *js) {
  t->packets += ps->pcap.packets;
  t->bytes += ps->pcap.bytes;
  t->connections += ps->tcp.connections;
  t->gaps += ps->tcp.gaps;
  t->exchanges += ps->input == WIRE_INPUT_HAR ? ps->har.exchanges
                                              : ps->http_exchanges;
  t->http_incomplete += ps->http_incomplete;
  t->tls += ps->tls_connections;
  t->har_entries += ps->har.entries;
  t->har_skipped += ps->har.skipped;
  t->warnings += ps->warnings;
  if (ps->read_error)
    t->damaged++;
  t->judge.exchanges += js->exchanges;
  t->judge.script_requests += js->script_requests;
  t->judge.not_cors += js->not_cors;
  t->judge.blocked += js->blocked;
  t->judge.unknown += js->unknown;
  t->judge.disagreements += js->disagreements;
  for (size_t i = 0; i < CORSIM_REASON_COUNT_; i++)
    t->judge.blocked_by[i] += js->blocked_by[i];
}

int replay_report_summary(FILE *fp, const struct replay_totals *t, bool json) {
  const struct wire_judge_stats *j = &t->judge;
  uint64_t allowed = j->script_requests - j->blocked - j->unknown;
  if (json) {
    json_t *by = json_object();
    for (size_t i = 0; by != NULL && i < CORSIM_REASON_COUNT_; i++)
      if (j->blocked_by[i] != 0)
        json_object_set_new(by, corsim_reason_name((enum corsim_reason)i),
                            json_integer((json_int_t)j->blocked_by[i]));
    json_t *o = json_pack(
        "{s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, "
        "s:I, s:I, s:I, s:I, s:I, s:I}}",
        "summary", "files", (json_int_t)t->files, "unreadable",
        (json_int_t)t->unreadable, "packets", (json_int_t)t->packets,
        "connections", (json_int_t)t->connections, "exchanges",
        (json_int_t)t->exchanges, "script_requests",
        (json_int_t)j->script_requests, "allowed", (json_int_t)allowed,
        "blocked", (json_int_t)j->blocked, "unknown", (json_int_t)j->unknown,
        "blocked_by", by, "disagreements", (json_int_t)j->disagreements,
        "not_script_cors", (json_int_t)j->not_cors, "tls_connections_skipped",
        (json_int_t)t->tls, "exchanges_incomplete",
        (json_int_t)t->http_incomplete, "stream_gaps", (json_int_t)t->gaps,
        "har_entries_skipped", (json_int_t)t->har_skipped, "warnings",
        (json_int_t)t->warnings, "inputs_damaged", (json_int_t)t->damaged);
    if (o == NULL)
      return -1;
    int rc = report_json_print(fp, o);
    json_decref(o);
    return rc;
  }
  if (t->files == 0)
    fputs("\nlive capture: ", fp); /* corsim capture */
  else
    fprintf(fp, "\n%zu file%s, ", t->files, t->files == 1 ? "" : "s");
  fprintf(fp, "%llu packets, %llu TCP connections, %llu exchanges\n",
          (unsigned long long)t->packets, (unsigned long long)t->connections,
          (unsigned long long)t->exchanges);
  fprintf(fp,
          "%llu script requests: %llu allowed, %llu blocked, %llu unknown "
          "(the recording lacks what the browser needed)\n",
          (unsigned long long)j->script_requests, (unsigned long long)allowed,
          (unsigned long long)j->blocked, (unsigned long long)j->unknown);
  for (size_t i = 0; i < CORSIM_REASON_COUNT_; i++)
    if (j->blocked_by[i] != 0)
      fprintf(fp, "  blocked by %s: %llu\n",
              corsim_reason_name((enum corsim_reason)i),
              (unsigned long long)j->blocked_by[i]);
  if (j->disagreements != 0)
    fprintf(fp, "%llu where the recording contradicts the model (see \"but:\")\n",
            (unsigned long long)j->disagreements);
  fprintf(fp,
          "%llu exchanges not script CORS traffic; %llu TLS connections "
          "skipped (encrypted); %llu exchanges incomplete; %llu stream gaps\n",
          (unsigned long long)j->not_cors, (unsigned long long)t->tls,
          (unsigned long long)t->http_incomplete, (unsigned long long)t->gaps);
  if (t->warnings != 0 || t->unreadable != 0 || t->damaged != 0)
    fprintf(fp, "%llu warnings; %zu unreadable and %zu damaged inputs\n",
            (unsigned long long)t->warnings, t->unreadable, t->damaged);
  return ferror(fp) ? -1 : 0;
}
