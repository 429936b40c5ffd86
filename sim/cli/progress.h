/*
 * progress.h - one line on stderr that says how far a long run has come,
 * drawn again in place ("\r") while the run goes on, and wiped before
 * anything else is written to stderr, so that warnings and errors start
 * at the beginning of a clean line.
 *
 * Not thread-safe: a command whose threads share it calls it under the
 * lock they take for stderr.
 */
#ifndef CORSIM_CLI_PROGRESS_H
#define CORSIM_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nothing is drawn in a run's first PROGRESS_DELAY seconds (a short run
 * shows none), then at most once per PROGRESS_EVERY seconds. */
#define PROGRESS_DELAY 0.5
#define PROGRESS_EVERY 0.2

struct progress {
  bool on;
  double next; /* monotonic seconds: the line may be drawn from then */
  int shown;   /* columns of the line on screen; 0: none */
};

/* Starts the clock; on false makes every call a no-op. */
void progress_init(struct progress *pr, bool on);
/* Whether it is time to draw the line again. */
bool progress_due(const struct progress *pr);
/* Draws text (no newline) as the line, and counts the next interval. */
void progress_show(struct progress *pr, const char *text);
/* Wipes the line, when one is shown. */
void progress_clear(struct progress *pr);

/* "45% of 196.4 MB" (total known, > 0) or "88.2 MB read" into buf:
 * decimal megabytes with one decimal, gigabytes with two from where
 * megabytes would show 1000.0. */
void progress_bytes_text(char *buf, size_t cap, uint64_t done, uint64_t total);

#endif
