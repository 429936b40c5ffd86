/*
 * pcap_source.h - packets from a pcap or pcapng file (or stdin), or from
 * a live interface, through link.c into a TCP reassembler (tcp_reasm.h).
 *
 * Packets are numbered from 1 in the order read, as tcpdump -# and
 * Wireshark number them; times come from the record headers, at
 * nanosecond precision when the file has it. Bad input never stops a
 * run early without saying so: a malformed packet is a warning naming
 * its number and is skipped; a file that cannot be read on (truncated, a
 * corrupt record header) ends the run with a warning naming the packet
 * reached and a distinct status, after everything before it was fed and
 * flushed.
 *
 * A struct wire_pcap is one capture handle: open, run (or dispatch for
 * live ones) and close. It borrows nothing from the caller.
 */
#ifndef CORSIM_WIRE_PCAP_SOURCE_H
#define CORSIM_WIRE_PCAP_SOURCE_H

#include "tcp_reasm.h"
#include "wire.h"

#include <stdint.h>
#include <stdio.h>

/* Room for an error message: libpcap's PCAP_ERRBUF_SIZE, which callers
 * need not include pcap.h for. */
#define WIRE_PCAP_ERRBUF_SIZE 256

/* Statuses; errbuf says more where there is one (PCAP_ERRBUF_SIZE,
 * 256 bytes). */
#define WIRE_PCAP_OK 0
#define WIRE_PCAP_EOPEN (-1)    /* cannot open: missing, not a capture */
#define WIRE_PCAP_ELINK (-2)    /* a link type link.c does not decode */
#define WIRE_PCAP_ETRUNC (-3)   /* the file ends inside a record */
#define WIRE_PCAP_ECORRUPT (-4) /* a record header (or block) is corrupt */
#define WIRE_PCAP_ENOMEM (-5)
#define WIRE_PCAP_EFILTER (-6)  /* the capture filter does not compile */
#define WIRE_PCAP_ELIVE (-7)    /* a live capture failed (interface gone) */

struct wire_pcap_stats {
  uint64_t packets;   /* records read */
  uint64_t bytes;     /* bytes captured in them */
  uint64_t tcp;       /* decoded as TCP segments */
  uint64_t skipped;   /* not TCP over IP */
  uint64_t malformed; /* warned about and skipped */
};

struct wire_pcap;

/*
 * Opens a capture file, pcap or pcapng; path "-" reads stdin (which is
 * not closed: a duplicate of its descriptor is). Returns WIRE_PCAP_OK
 * with *out set, or WIRE_PCAP_EOPEN / WIRE_PCAP_ELINK / WIRE_PCAP_ENOMEM
 * with *out NULL and errbuf saying why.
 */
int wire_pcap_open(struct wire_pcap **out, const char *path, char *errbuf);

/*
 * The same for a stream already open (stdin after a look at its first
 * bytes): the capture takes f and closes it, on failure too.
 */
int wire_pcap_open_stream(struct wire_pcap **out, FILE *f, char *errbuf);

/*
 * Reads every record and feeds the TCP segments to t, calling
 * wire_tcp_expire with the capture time as it advances and
 * wire_tcp_flush at the end (also after a read error). warn (may be
 * NULL) gets one call per malformed packet and per read error.
 * Returns WIRE_PCAP_OK at the end of the file, WIRE_PCAP_ETRUNC or
 * WIRE_PCAP_ECORRUPT when the file could not be read to its end.
 */
int wire_pcap_run(struct wire_pcap *p, struct wire_tcp *t, wire_warn_cb warn,
                  void *user);

/* Every WIRE_PCAP_PROGRESS_EVERY records, wire_pcap_run calls cb with
 * the bytes of the file read so far (its offset, or for a stream that
 * has none, the records' bytes and headers as a pcap file has them),
 * on the thread that reads. NULL: no calls. */
#define WIRE_PCAP_PROGRESS_EVERY 4096
void wire_pcap_on_progress(struct wire_pcap *p,
                           void (*cb)(void *user, uint64_t bytes), void *user);

/*
 * Opens interface iface for a live capture (non-blocking, immediate
 * mode, full packets), with a BPF filter when filter is not NULL.
 * Needs capture privileges. Returns as wire_pcap_open, or
 * WIRE_PCAP_EFILTER.
 */
int wire_pcap_open_live(struct wire_pcap **out, const char *iface,
                        const char *filter, char *errbuf);

/* A descriptor that becomes readable when packets wait (for a libuv poll
 * handle), or -1 when the platform has none. */
int wire_pcap_fd(struct wire_pcap *p);

/*
 * Processes the packets ready now without blocking, feeding t and calling
 * wire_tcp_expire with the capture time. Returns the number of packets
 * processed (0: none ready), or WIRE_PCAP_ELIVE after a warning. While
 * no packets come, nothing expires: the owner's loop calls
 * wire_tcp_expire from a timer (wall-clock time is capture time here),
 * and wire_tcp_flush when the capture stops.
 */
int wire_pcap_dispatch(struct wire_pcap *p, struct wire_tcp *t,
                       wire_warn_cb warn, void *user);

void wire_pcap_get_stats(const struct wire_pcap *p,
                         struct wire_pcap_stats *out);

/* The link type (a DLT_ number) of the capture. */
int wire_pcap_linktype(const struct wire_pcap *p);

/* Closes the capture; NULL is a no-op. */
void wire_pcap_close(struct wire_pcap *p);

#endif
