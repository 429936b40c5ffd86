/*
 * replay_report.c - replay verdicts as text rows or JSON lines, see
 * replay_report.h.
 */
#include "replay_report.h"

#include "buf.h"
#include "report_json.h"
#include "scenario.h"

#include <jansson.h>
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
static void add_padded(struct buf *b, const char *s, size_t n, size_t width) {
  buf_add(b, s, n);
  do
    buf_addc(b, ' ');
  while (++n < width);
}

static void add_uint(struct buf *b, unsigned long long v, size_t width) {
  char d[24];
  size_t n = 0;
  do
    d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  add_padded(b, d + sizeof(d) - n, n, width);
}

static void paint(struct buf *b, bool colour, const char *code) {
  if (colour)
    buf_adds(b, code);
}

void replay_report_head(FILE *fp, bool colour) {
  fprintf(fp, "%s%-5s %-12s  %-8s %-7s %s%s\n", colour ? BOLD : "", "#",
          "TIME (UTC)", "VERDICT", "METHOD", "ORIGIN -> URL", colour ? RESET : "");
}

static void add_s(struct buf *b, struct corsim_str s) {
  buf_add_escaped(b, s.ptr, s.len);
}

static void source_text(struct buf *b, const struct wire_verdict *v) {
  buf_adds(b, "      from:");
  for (size_t i = 0; i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    buf_addf(b, "%s %s ", i ? "," : "", role_name(s->role));
    if (s->har_entry != SIZE_MAX)
      buf_addf(b, "HAR entry %zu", s->har_entry);
    else
      buf_addf(b, "conn %llu packets %llu-%llu", (unsigned long long)s->conn,
               (unsigned long long)s->req.first_packet,
               (unsigned long long)(s->resp.last_packet ? s->resp.last_packet
                                                        : s->req.last_packet));
    if (s->status != 0)
      buf_addf(b, " (%d)", s->status);
  }
  buf_addc(b, '\n');
}

static int text_row(FILE *fp, const struct wire_verdict *v, bool trace,
                    bool colour) {
  struct buf b;
  char clock[13];
  const struct corsim_result *r = v->result;
  buf_init(&b);
  clock_text(v->ts, clock);
  add_uint(&b, v->number, 6);
  add_padded(&b, clock, 12, 14);
  if (r == NULL) {
    paint(&b, colour, YELLOW);
    buf_adds(&b, "unknown");
  } else if (r->blocked) {
    paint(&b, colour, RED);
    buf_adds(&b, "BLOCKED");
  } else {
    paint(&b, colour, GREEN);
    buf_adds(&b, "allowed");
  }
  paint(&b, colour, RESET);
  buf_adds(&b, "  ");
  size_t before = b.len;
  add_s(&b, v->method);
  for (size_t k = b.len - before; k < 8; k++)
    buf_addc(&b, ' ');
  add_s(&b, v->origin);
  buf_adds(&b, " -> ");
  add_s(&b, v->url);
  buf_addc(&b, '\n');
  if (r != NULL && r->blocked) {
    buf_adds(&b, "      error: ");
    buf_adds(&b, corsim_reason_name(r->error));
    buf_adds(&b, " (");
    buf_adds(&b, corsim_browser_name(v->browser));
    buf_adds(&b, ")\n");
    if (r->message.ptr != NULL) {
      buf_adds(&b, "      message: ");
      add_s(&b, r->message);
      buf_addc(&b, '\n');
    }
    if (r->fix.ptr != NULL) {
      buf_adds(&b, "      fix: ");
      add_s(&b, r->fix);
      buf_addc(&b, '\n');
    }
  }
  if (v->why != NULL)
    buf_addf(&b, "      %s: %s\n",
             v->kind == WIRE_VERDICT_JUDGED ? "but" : kind_name(v->kind),
             v->why);
  if (r != NULL)
    for (size_t k = 0; k < r->nnotes; k++) {
      buf_adds(&b, "      note: ");
      add_s(&b, r->notes[k]);
      buf_addc(&b, '\n');
    }
  /* What the verdict rests on beyond the recording: with every verdict
   * that is not a plain "allowed" (and with --explain). */
  bool show_inferred = trace || r == NULL || r->blocked || v->why != NULL;
  for (size_t k = 0; show_inferred && k < v->ninferred; k++) {
    paint(&b, colour, DIM);
    buf_adds(&b, "      inferred: ");
    buf_adds(&b, v->inferred[k]);
    buf_addc(&b, '\n');
    paint(&b, colour, RESET);
  }
  if (trace) {
    source_text(&b, v);
    for (size_t k = 0; r != NULL && k < r->nwire; k++) {
      const struct corsim_exchange *x = &r->wire[k];
      buf_adds(&b, "      > ");
      add_s(&b, x->method);
      buf_addc(&b, ' ');
      add_s(&b, x->url);
      buf_addf(&b, " -> %d\n", x->status);
      for (size_t h = 0; h < x->nheaders; h++) {
        buf_adds(&b, "      >   ");
        add_s(&b, x->headers[h].name);
        buf_adds(&b, ": ");
        add_s(&b, x->headers[h].value);
        buf_addc(&b, '\n');
      }
    }
    for (size_t k = 0; r != NULL && k < r->ntrace; k++) {
      buf_adds(&b, "      trace: ");
      buf_adds(&b, r->trace[k].rule != NULL ? r->trace[k].rule : "?");
      buf_adds(&b, ": ");
      add_s(&b, r->trace[k].text);
      buf_addc(&b, '\n');
    }
  }
  int rc = b.failed || fputs(buf_str(&b), fp) == EOF ? -1 : 0;
  buf_cleanup(&b);
  return rc;
}

static json_t *span_json(const struct wire_span *s) {
  return json_pack("{s:I, s:I, s:f, s:f}", "first_packet",
                   (json_int_t)s->first_packet, "last_packet",
                   (json_int_t)s->last_packet, "first_time", s->first_ts,
                   "last_time", s->last_ts);
}

static json_t *source_json(const char *file, const struct wire_verdict *v) {
  json_t *a = json_array();
  for (size_t i = 0; a != NULL && i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    json_t *o = json_pack("{s:s}", "role", role_name(s->role));
    if (o == NULL)
      continue;
    if (s->har_entry != SIZE_MAX) {
      json_object_set_new(o, "har_entry", json_integer((json_int_t)s->har_entry));
    } else {
      json_object_set_new(o, "connection", json_integer((json_int_t)s->conn));
    }
    json_object_set_new(o, "request", span_json(&s->req));
    if (s->status != 0)
      json_object_set_new(o, "response", span_json(&s->resp));
    json_object_set_new(o, "status", json_integer(s->status));
    json_array_append_new(a, o);
  }
  return json_pack("{s:s, s:o*}", "file", file, "exchanges", a);
}

static int json_line(FILE *fp, const char *file, const struct wire_verdict *v,
                     bool trace) {
  json_t *o;
  if (v->result != NULL) {
    struct scenario sc;
    memset(&sc, 0, sizeof(sc));
    sc.name = corsim_str_c(file);
    o = report_json_object(&sc, (size_t)v->number, v->result, trace);
  } else {
    /* Nothing judged: the output fields stay, empty. */
    o = json_pack("{s:s, s:I, s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:[], "
                  "s:[], s:n, s:[], s:[]}",
                  "scenario", file, "request", (json_int_t)v->number,
                  "browser", corsim_browser_name(v->browser), "response_type",
                  "blocked", "status", "error", "message", "preflight", "wire",
                  "exposed_headers", "fix", "also", "notes");
  }
  if (o == NULL)
    return -1;
  json_t *inf = json_array();
  for (size_t k = 0; inf != NULL && k < v->ninferred; k++)
    json_array_append_new(inf, json_string(v->inferred[k]));
  json_object_set_new(o, "verdict", json_string(kind_name(v->kind)));
  json_object_set_new(o, "why", v->why ? json_string(v->why) : json_null());
  json_object_set_new(o, "time", json_real(v->ts));
  json_object_set_new(o, "origin", report_json_string(v->origin.ptr, v->origin.len));
  json_object_set_new(o, "method", report_json_string(v->method.ptr, v->method.len));
  json_object_set_new(o, "url", report_json_string(v->url.ptr, v->url.len));
  json_object_set_new(o, "source", source_json(file, v));
  json_object_set_new(o, "inferred", inf);
  int rc = report_json_print(fp, o);
  json_decref(o);
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
