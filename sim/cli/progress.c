/*
 * progress.c - the progress line on stderr, see progress.h.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *pr, bool on) {
  pr->on = on;
  pr->shown = 0;
  pr->next = on ? now_s() + PROGRESS_DELAY : 0;
}

bool progress_due(const struct progress *pr) {
  return pr->on && now_s() >= pr->next;
}

void progress_show(struct progress *pr, const char *text) {
  if (!pr->on)
    return;
  int n = (int)strlen(text);
  /* Spaces over what is left of a longer line before. */
  fprintf(stderr, "\r%s%*s", text, pr->shown > n ? pr->shown - n : 0, "");
  fflush(stderr);
  pr->shown = n;
  pr->next = now_s() + PROGRESS_EVERY;
}

void progress_clear(struct progress *pr) {
  if (!pr->on || pr->shown == 0)
    return;
  fprintf(stderr, "\r%*s\r", pr->shown, "");
  fflush(stderr);
  pr->shown = 0;
}

static void amount(char *buf, size_t cap, uint64_t bytes) {
  /* (From 999.95 MB, which would round to "1000.0 MB".) */
  if (bytes < UINT64_C(999950000))
    snprintf(buf, cap, "%.1f MB", (double)bytes / 1e6);
  else
    snprintf(buf, cap, "%.2f GB", (double)bytes / 1e9);
}

void progress_bytes_text(char *buf, size_t cap, uint64_t done, uint64_t total) {
  char a[32];
  if (total == 0) {
    amount(a, sizeof(a), done);
    snprintf(buf, cap, "%s read", a);
    return;
  }
  /* Whole percents, never 100 before the end. */
  unsigned pct =
      done >= total ? 100 : (unsigned)((double)done * 100 / (double)total);
  amount(a, sizeof(a), total);
  snprintf(buf, cap, "%u%% of %s", pct, a);
}
