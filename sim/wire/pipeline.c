/*
 * pipeline.c - one input through the wire layer to verdicts (see
 * pipeline.h): the glue between the reassembler's stream callbacks, the
 * HTTP layer's exchange callbacks and the judge.
 */
#include "pipeline.h"

#include "http_conn.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct wire_pipeline {
  struct wire_judge *judge;
  struct wire_tcp *tcp;
  struct wire_stream_cb scb;
  struct wire_exchange_cb xcb;
  wire_warn_cb warn;
  void *user;
  struct wire_pipeline_stats st;
};

__attribute__((format(printf, 3, 0))) static void
warn_up(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct wire_pipeline *pl = user;
  pl->st.warnings++;
  if (pl->warn != NULL)
    pl->warn(pl->user, packet, fmt, ap);
}

/* ---- HTTP layer -> judge ---- */

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct wire_pipeline *pl = user;
  pl->st.http_exchanges++;
  if (x->req.incomplete || (x->has_response && x->resp.incomplete))
    pl->st.http_incomplete++;
  wire_judge_exchange(pl->judge, x);
}

static void on_tls(void *user, const struct wire_conn_info *c) {
  struct wire_pipeline *pl = user;
  (void)c;
  pl->st.tls_connections++;
}

/* ---- reassembler -> HTTP layer ---- */

static void *on_open(void *user, const struct wire_conn_info *c) {
  struct wire_pipeline *pl = user;
  return wire_http_conn_new(c, &pl->xcb);
}

static void on_data(void *user, void *conn, int dir, const uint8_t *p,
                    size_t n, uint64_t packet, double ts) {
  (void)user;
  if (conn != NULL)
    wire_http_conn_data(conn, dir, p, n, packet, ts);
}

static void on_gap(void *user, void *conn, int dir, uint64_t n,
                   uint64_t packet, double ts) {
  (void)user;
  if (conn != NULL)
    wire_http_conn_gap(conn, dir, n, packet, ts);
}

static void on_close(void *user, void *conn, enum wire_close_reason why,
                     uint64_t packet, double ts) {
  (void)user;
  (void)why;
  if (conn == NULL)
    return;
  wire_http_conn_close(conn, packet, ts);
  wire_http_conn_free(conn);
}

int wire_pipeline_new(struct wire_pipeline **out,
                      const struct wire_judge_opts *jo, wire_verdict_cb vcb,
                      wire_warn_cb warn, void *user) {
  struct wire_pipeline *pl = calloc(1, sizeof(*pl));
  *out = NULL;
  if (pl == NULL)
    return CORSIM_ENOMEM;
  pl->warn = warn;
  pl->user = user;
  pl->xcb = (struct wire_exchange_cb){pl, on_exchange, on_tls, warn_up};
  pl->scb = (struct wire_stream_cb){pl, on_open, on_data, on_gap, on_close,
                                    warn_up};
  struct wire_tcp_limits lim;
  wire_tcp_limits_default(&lim);
  int rc = wire_judge_new(&pl->judge, jo, vcb, user);
  if (rc != 0) {
    free(pl);
    return rc;
  }
  pl->tcp = wire_tcp_new(&pl->scb, &lim);
  if (pl->tcp == NULL) {
    wire_judge_free(pl->judge);
    free(pl);
    return CORSIM_ENOMEM;
  }
  pl->st.input = WIRE_INPUT_UNKNOWN;
  *out = pl;
  return 0;
}

enum wire_input wire_pipeline_sniff(FILE *f) {
  /* A capture starts with the pcap magic (a1 b2 c3 d4, a1 b2 3c 4d, or
   * either reversed) or pcapng's (0a 0d 0d 0a); a HAR file with '{' after
   * optional white space. Only 0x0a is both (pcapng, or JSON after a
   * newline): the byte after it tells, so at most two bytes are read and
   * pushed back (glibc keeps more than one byte of push-back). */
  int c = getc(f);
  if (c == EOF)
    return WIRE_INPUT_UNKNOWN;
  if (c == 0x0a) {
    int d = getc(f);
    if (d != EOF)
      ungetc(d, f);
    ungetc(c, f);
    return d == 0x0d ? WIRE_INPUT_PCAP : WIRE_INPUT_HAR;
  }
  ungetc(c, f);
  if (c == '{' || c == ' ' || c == '\t' || c == '\r')
    return WIRE_INPUT_HAR;
  if (c == 0xa1 || c == 0xd4 || c == 0x4d || c == 0x3c)
    return WIRE_INPUT_PCAP;
  return WIRE_INPUT_UNKNOWN;
}

int wire_pipeline_run(struct wire_pipeline *pl, FILE *f, const char *name,
                      char *errbuf, size_t errlen) {
  enum wire_input in = wire_pipeline_sniff(f);
  pl->st.input = in;
  if (in == WIRE_INPUT_HAR) {
    struct wire_har_stats hs;
    memset(&hs, 0, sizeof(hs));
    int rc = wire_har_read(f, name, &pl->xcb, &hs, errbuf, errlen);
    fclose(f);
    pl->st.har = hs;
    wire_judge_flush(pl->judge);
    return rc == 0 ? 0 : -1;
  }
  if (in != WIRE_INPUT_PCAP) {
    fclose(f);
    snprintf(errbuf, errlen,
             "not a capture (pcap, pcapng) or a HAR file: its first bytes "
             "are neither");
    return -1;
  }
  char pe[WIRE_PCAP_ERRBUF_SIZE];
  struct wire_pcap *p;
  if (wire_pcap_open_stream(&p, f, pe) != 0) {
    snprintf(errbuf, errlen, "%s", pe);
    return -1;
  }
  int rc = wire_pcap_run(p, pl->tcp, warn_up, pl);
  if (rc != 0)
    pl->st.read_error = true;
  wire_pcap_get_stats(p, &pl->st.pcap);
  wire_pcap_close(p);
  wire_tcp_get_stats(pl->tcp, &pl->st.tcp);
  wire_judge_flush(pl->judge);
  return 0;
}

struct wire_tcp *wire_pipeline_tcp(struct wire_pipeline *pl) { return pl->tcp; }

void wire_pipeline_tick(struct wire_pipeline *pl, double now) {
  wire_tcp_expire(pl->tcp, now);
  wire_judge_tick(pl->judge, now);
}

int wire_pipeline_live(struct wire_pipeline *pl, struct wire_pcap *p) {
  int rc = wire_pcap_dispatch(p, pl->tcp, warn_up, pl);
  wire_pcap_get_stats(p, &pl->st.pcap);
  return rc;
}

void wire_pipeline_finish(struct wire_pipeline *pl) {
  wire_tcp_flush(pl->tcp, 0, 0);
  wire_tcp_get_stats(pl->tcp, &pl->st.tcp);
  wire_judge_flush(pl->judge);
}

const struct wire_pipeline_stats *
wire_pipeline_stats(const struct wire_pipeline *pl) {
  return &pl->st;
}

const struct wire_judge_stats *
wire_pipeline_judge_stats(const struct wire_pipeline *pl) {
  return wire_judge_stats(pl->judge);
}

void wire_pipeline_free(struct wire_pipeline *pl) {
  if (pl == NULL)
    return;
  wire_tcp_free(pl->tcp);
  wire_judge_free(pl->judge);
  free(pl);
}
