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
 * under it), or one JSON line. trace: the core's trace too (--explain). */
int replay_report_verdict(FILE *fp, const char *file,
                          const struct wire_verdict *v, bool json, bool trace,
                          bool colour);

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
