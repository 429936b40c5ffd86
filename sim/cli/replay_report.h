/*
 * replay_report.h - replay verdicts as terminal table rows or as JSON
 * lines (the scenario format's output fields plus where each request
 * came from), and the run's summary.
 */
#ifndef CORSIM_CLI_REPLAY_REPORT_H
#define CORSIM_CLI_REPLAY_REPORT_H

#include "judge.h"
#include "pipeline.h"

#include <stdbool.h>
#include <stdio.h>

/* The column heads of the table (text mode), once per run. */
void replay_report_head(FILE *fp, bool colour);
/* One verdict: a table row (with error, fix, why and inferred facts
 * under it), or one JSON line. trace: the core's trace too (--explain).
 * Written to fp at once (corsim capture prints each as it comes). */
int replay_report_verdict(FILE *fp, const char *file,
                          const struct wire_verdict *v, bool json, bool trace,
                          bool colour);

/*
 * The verdicts of one input, the same text as replay_report_verdict's,
 * written to fp through a buffer of their own: lines gather there and go
 * to fp REPLAY_OUT_FLUSH bytes at a time (a write per line cost a tenth
 * of a line), and what lines repeat is formatted once per input: the
 * file name as a JSON string, the names from the core's tables and the
 * judge's texts (inferred facts) as JSON. On a terminal, each line goes
 * out as it comes (a capture read from a pipe shows its verdicts as its
 * packets arrive). Call replay_out_flush before anything else writes
 * where fp's text goes (stderr after stdout: their order), and at the
 * end.
 */
#define REPLAY_OUT_FLUSH ((size_t)64 * 1024)
struct replay_out;
/* NULL when out of memory. file: as lines name it; it must outlive o. */
struct replay_out *replay_out_new(FILE *fp, const char *file, bool json,
                                  bool trace, bool colour);
/* 0, or -1 when the line could not be made (it is then left out) or
 * an earlier write to fp failed. */
int replay_out_verdict(struct replay_out *o, const struct wire_verdict *v);
/* Writes what is gathered to fp: 0, or -1 when a write failed (now or
 * before). */
int replay_out_flush(struct replay_out *o);
/* Frees o without writing what is left (flush first). NULL is a no-op. */
void replay_out_free(struct replay_out *o);

/* Totals over every input, for the summary. */
struct replay_totals {
  size_t files, unreadable, damaged;
  uint64_t packets, bytes, connections, exchanges, http_incomplete, gaps;
  uint64_t tls, har_entries, har_skipped, warnings;
  struct wire_judge_stats judge;
};

void replay_totals_add(struct replay_totals *t,
                       const struct wire_pipeline_stats *ps,
                       const struct wire_judge_stats *js);
int replay_report_summary(FILE *fp, const struct replay_totals *t, bool json);

#endif
