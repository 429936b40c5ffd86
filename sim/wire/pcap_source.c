/*
 * pcap_source.c - libpcap to the TCP reassembler, see pcap_source.h.
 *
 * libpcap reads pcap and pcapng alike; one callback takes each record
 * through link.c into the reassembler, for files (pcap_loop to the end)
 * and for live interfaces (pcap_dispatch of what is ready). When libpcap
 * cannot read a record it stops for good and says why in pcap_geterr;
 * that text is the only thing that tells a file cut short ("truncated
 * dump file; ...", "truncated pcapng dump file; ...") from a corrupt
 * record header ("invalid packet capture length ..."), so the status is
 * chosen from it.
 */
/* pcap.h needs the BSD u_char/u_int types, which glibc hides under a
 * strict _POSIX_C_SOURCE. */
#define _DEFAULT_SOURCE 1

#include "pcap_source.h"

#include "link.h"

#include <pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Static_assert(WIRE_PCAP_ERRBUF_SIZE == PCAP_ERRBUF_SIZE,
               "pcap_source.h must leave room for libpcap's messages");

/* Idle connections are looked for once per second of capture time. */
#define EXPIRE_EVERY 1.0
/* A step forward in time this large between two records is not trusted
 * until the next record. */
#define TIME_JUMP 3600.0

struct wire_pcap {
  pcap_t *pc;
  int linktype;
  double tick; /* seconds per unit of the record's sub-second field */
  double next_expire;
  double last_ts;
  struct wire_pcap_stats st;
  void (*progress)(void *user, uint64_t bytes);
  void *progress_user;
};

/* What the packet callback needs for one run or dispatch. */
struct run {
  struct wire_pcap *p;
  struct wire_tcp *t;
  wire_warn_cb warn;
  void *user;
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void warnf(const struct run *r, uint64_t packet, const char *fmt, ...) {
  va_list ap;
  if (r->warn == NULL)
    return;
  va_start(ap, fmt);
  r->warn(r->user, packet, fmt, ap);
  va_end(ap);
}

/* The file's offset where it has one: pcapng's blocks are larger than
 * pcap's records by more than a fixed amount. */
static void report_progress(struct wire_pcap *p) {
  FILE *f = pcap_file(p->pc);
  off_t at = f != NULL ? ftello(f) : -1;
  uint64_t bytes =
      at >= 0 ? (uint64_t)at : 24 + 16 * p->st.packets + p->st.bytes;
  p->progress(p->progress_user, bytes);
}

static void on_packet(u_char *arg, const struct pcap_pkthdr *h,
                      const u_char *data) {
  const struct run *r = (const struct run *)(void *)arg;
  struct wire_pcap *p = r->p;
  struct wire_segment seg;
  const char *why;
  uint64_t n = ++p->st.packets;
  double ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec * p->tick;

  p->st.bytes += h->caplen;
  if (p->progress != NULL && n % WIRE_PCAP_PROGRESS_EVERY == 0)
    report_progress(p);
  /* Before the packet: a connection idle past the timeout is over even
   * if this very packet belongs to it. A record dated far after the one
   * before may be a corrupt one: it only moves the schedule, and the
   * next record confirms the new time (or, back in the old time,
   * restarts the schedule), so one bad timestamp does not close every
   * connection or stop expiry for the rest of the file. */
  if (ts >= p->next_expire || ts < p->next_expire - 2 * EXPIRE_EVERY) {
    if (n == 1 || ts - p->last_ts <= TIME_JUMP)
      wire_tcp_expire(r->t, ts);
    p->next_expire = ts + EXPIRE_EVERY;
  }
  p->last_ts = ts;
  switch (wire_link_decode(p->linktype, data, h->caplen, h->len, n, ts, &seg,
                           &why)) {
  case WIRE_DECODE_TCP:
    p->st.tcp++;
    if (why != NULL)
      warnf(r, n, "%s", why);
    wire_tcp_segment(r->t, &seg);
    break;
  case WIRE_DECODE_SKIP:
    p->st.skipped++;
    break;
  default:
    p->st.malformed++;
    warnf(r, n, "malformed packet skipped: %s", why);
    break;
  }
}

void wire_pcap_on_progress(struct wire_pcap *p,
                           void (*cb)(void *user, uint64_t bytes), void *user) {
  p->progress = cb;
  p->progress_user = user;
}

static int link_check(pcap_t *pc, char *errbuf) {
  int dlt = pcap_datalink(pc);
  const char *name;
  if (wire_link_supported(dlt))
    return WIRE_PCAP_OK;
  name = pcap_datalink_val_to_name(dlt);
  snprintf(errbuf, PCAP_ERRBUF_SIZE,
           "unsupported link type %s (%d): corsim reads Ethernet, Linux "
           "cooked (SLL, SLL2), BSD loopback and raw IP",
           name != NULL ? name : "unknown", dlt);
  return WIRE_PCAP_ELINK;
}

static int wrap(struct wire_pcap **out, pcap_t *pc, char *errbuf) {
  struct wire_pcap *p;
  int rc = link_check(pc, errbuf);
  if (rc != WIRE_PCAP_OK) {
    pcap_close(pc);
    return rc;
  }
  p = calloc(1, sizeof *p);
  if (p == NULL) {
    pcap_close(pc);
    snprintf(errbuf, PCAP_ERRBUF_SIZE, "out of memory");
    return WIRE_PCAP_ENOMEM;
  }
  p->pc = pc;
  p->linktype = pcap_datalink(pc);
  p->tick = pcap_get_tstamp_precision(pc) == PCAP_TSTAMP_PRECISION_NANO
                ? 1e-9
                : 1e-6;
  *out = p;
  return WIRE_PCAP_OK;
}

int wire_pcap_open(struct wire_pcap **out, const char *path, char *errbuf) {
  pcap_t *pc;

  *out = NULL;
  if (strcmp(path, "-") == 0) {
    /* libpcap closes the FILE it reads; stdin itself stays open. */
    int fd = dup(STDIN_FILENO);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (f == NULL) {
      if (fd >= 0)
        close(fd);
      snprintf(errbuf, PCAP_ERRBUF_SIZE, "cannot read stdin");
      return WIRE_PCAP_EOPEN;
    }
    pc = pcap_fopen_offline_with_tstamp_precision(
        f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (pc == NULL)
      fclose(f);
  } else {
    pc = pcap_open_offline_with_tstamp_precision(
        path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  }
  if (pc == NULL)
    return WIRE_PCAP_EOPEN;
  return wrap(out, pc, errbuf);
}

int wire_pcap_open_stream(struct wire_pcap **out, FILE *f, char *errbuf) {
  *out = NULL;
  pcap_t *pc = pcap_fopen_offline_with_tstamp_precision(
      f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pc == NULL) {
    fclose(f);
    return WIRE_PCAP_EOPEN;
  }
  return wrap(out, pc, errbuf);
}

int wire_pcap_run(struct wire_pcap *p, struct wire_tcp *t, wire_warn_cb warn,
                  void *user) {
  struct run r = {p, t, warn, user};
  int status = WIRE_PCAP_OK;
  int rc = pcap_loop(p->pc, -1, on_packet, (u_char *)(void *)&r);

  if (rc == PCAP_ERROR) {
    const char *msg = pcap_geterr(p->pc);
    status = strstr(msg, "truncated") != NULL ? WIRE_PCAP_ETRUNC
                                               : WIRE_PCAP_ECORRUPT;
    warnf(&r, p->st.packets + 1,
          "capture unreadable from packet %llu on, %llu packets read: %s",
          (unsigned long long)(p->st.packets + 1),
          (unsigned long long)p->st.packets, msg);
  }
  wire_tcp_flush(t, p->st.packets, p->last_ts);
  return status;
}

int wire_pcap_open_live(struct wire_pcap **out, const char *iface,
                        const char *filter, char *errbuf) {
  pcap_t *pc;
  int rc;

  *out = NULL;
  pc = pcap_create(iface, errbuf);
  if (pc == NULL)
    return WIRE_PCAP_EOPEN;
  /* Whole packets, handed over at once (no buffering delay), with the
   * best time resolution the platform offers. */
  pcap_set_snaplen(pc, 262144);
  pcap_set_immediate_mode(pc, 1);
  pcap_set_timeout(pc, 100);
  (void)pcap_set_tstamp_precision(pc, PCAP_TSTAMP_PRECISION_NANO);
  rc = pcap_activate(pc);
  if (rc < 0) {
    snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s: %s", iface,
             rc == PCAP_ERROR ? pcap_geterr(pc) : pcap_statustostr(rc));
    pcap_close(pc);
    return WIRE_PCAP_EOPEN;
  }
  if (filter != NULL) {
    struct bpf_program prog;
    if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0 ||
        pcap_setfilter(pc, &prog) != 0) {
      snprintf(errbuf, PCAP_ERRBUF_SIZE, "filter \"%s\": %s", filter,
               pcap_geterr(pc));
      pcap_close(pc);
      return WIRE_PCAP_EFILTER;
    }
    pcap_freecode(&prog);
  }
  if (pcap_setnonblock(pc, 1, errbuf) != 0) {
    pcap_close(pc);
    return WIRE_PCAP_EOPEN;
  }
  return wrap(out, pc, errbuf);
}

int wire_pcap_fd(struct wire_pcap *p) { return pcap_get_selectable_fd(p->pc); }

int wire_pcap_dispatch(struct wire_pcap *p, struct wire_tcp *t,
                       wire_warn_cb warn, void *user) {
  struct run r = {p, t, warn, user};
  int rc = pcap_dispatch(p->pc, -1, on_packet, (u_char *)(void *)&r);

  if (rc == PCAP_ERROR) {
    warnf(&r, p->st.packets + 1, "live capture failed: %s",
          pcap_geterr(p->pc));
    return WIRE_PCAP_ELIVE;
  }
  return rc < 0 ? 0 : rc;
}

void wire_pcap_get_stats(const struct wire_pcap *p,
                         struct wire_pcap_stats *out) {
  *out = p->st;
}

int wire_pcap_linktype(const struct wire_pcap *p) { return p->linktype; }

void wire_pcap_close(struct wire_pcap *p) {
  if (p == NULL)
    return;
  pcap_close(p->pc);
  free(p);
}
