/*
 * pipeline.h - one input (capture file, HAR file or live interface)
 * through the whole wire layer to verdicts:
 *
 *   pcap/pcapng -> pcap_source -> tcp_reasm -> http_conn -> judge
 *   HAR         -> har ------------------------------------> judge
 *
 * A pipeline is one judge (one preflight cache per page) and its
 * sources; `corsim replay -j N` runs one per worker and file. Verdicts
 * and warnings come through the callbacks given at creation.
 */
#ifndef CORSIM_WIRE_PIPELINE_H
#define CORSIM_WIRE_PIPELINE_H

#include "har.h"
#include "judge.h"
#include "pcap_source.h"
#include "tcp_reasm.h"
#include "wire.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum wire_input { WIRE_INPUT_PCAP, WIRE_INPUT_HAR, WIRE_INPUT_UNKNOWN };

struct wire_pipeline_stats {
  enum wire_input input;
  struct wire_pcap_stats pcap;
  struct wire_tcp_stats tcp;
  struct wire_har_stats har;
  uint64_t http_exchanges;   /* exchanges the HTTP layer produced */
  uint64_t http_incomplete;  /* of them, cut short by loss or the end */
  uint64_t tls_connections;  /* skipped: encrypted */
  uint64_t warnings;
  bool read_error;           /* the input could not be read to its end */
};

struct wire_pipeline;

int wire_pipeline_new(struct wire_pipeline **out,
                      const struct wire_judge_opts *jo, wire_verdict_cb vcb,
                      wire_warn_cb warn, void *user);

/* What f holds, from its first bytes (which stay in f): a HAR file starts
 * with '{' (after white space), a capture with a pcap or pcapng magic. */
enum wire_input wire_pipeline_sniff(FILE *f);

/*
 * Reads one input to its end and closes f: name is how messages call
 * it, f the open stream (stdin included). Returns 0, or -1 when the input cannot be read
 * at all (not a capture or HAR, unsupported link type, not JSON): errbuf
 * says why. Damage inside a readable input is warned about, not fatal.
 */
int wire_pipeline_run(struct wire_pipeline *pl, FILE *f, const char *name,
                      char *errbuf, size_t errlen);

/*
 * Whether wire_pipeline_run reads a capture on a thread of its own while
 * the calling thread judges (off by default). The verdict and warning
 * callbacks still run on the calling thread, in the same order as
 * without: only the time changes (about half on two free cores). HAR
 * files are read on the calling thread either way.
 */
void wire_pipeline_threads(struct wire_pipeline *pl, bool on);

/*
 * How far the reading of an input has come: cb gets the bytes of it read
 * so far, from time to time (every WIRE_PCAP_PROGRESS_EVERY records of a
 * capture, every 256 exchanges of a HAR file), on the thread and in the
 * order of the verdict callbacks, with their user pointer. For a stream
 * without an offset (a pipe), a capture's bytes are counted as a pcap
 * file has them, and a HAR file tells none. NULL (the default): none.
 */
typedef void (*wire_progress_cb)(void *user, uint64_t bytes);
void wire_pipeline_on_progress(struct wire_pipeline *pl, wire_progress_cb cb);

/* For live capture: the packets ready on p (wire_pcap_dispatch's
 * result), the clock as it passes without traffic (connections expire,
 * requests whose window passed are judged), and the end of input. */
struct wire_tcp *wire_pipeline_tcp(struct wire_pipeline *pl);
int wire_pipeline_live(struct wire_pipeline *pl, struct wire_pcap *p);
void wire_pipeline_tick(struct wire_pipeline *pl, double now);
void wire_pipeline_finish(struct wire_pipeline *pl);

const struct wire_pipeline_stats *
wire_pipeline_stats(const struct wire_pipeline *pl);
const struct wire_judge_stats *
wire_pipeline_judge_stats(const struct wire_pipeline *pl);
void wire_pipeline_free(struct wire_pipeline *pl);

#endif
