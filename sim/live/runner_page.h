/*
 * runner_page.h - the pages corsim serve shows a browser: the runner page
 * that performs one scenario's script requests (GET /__corsim/run/<N> at
 * the scenario's origin) and the index of runner links (GET /__corsim/).
 *
 * The runner page protocol (docs/commands/serve.md has the full text):
 *   - the page runs scenario N's requests in order, fetch or
 *     XMLHttpRequest as each says, with every field of the scenario
 *     format, its URLs under the prefix /__corsim/s<N>;
 *   - around each request it logs "corsim:begin N i" and, after a settle
 *     delay, "corsim:end N i" to the console;
 *   - at the end it POSTs what the script saw, as JSON, to
 *     /__corsim/result/<N> at its own origin (fetch, mode no-cors, so that
 *     an opaque origin can post too), logs "corsim:done N" and sets the
 *     title to "corsim done N";
 *   - each request's report carries begin_ms, the page's clock (ms since
 *     the epoch) when it began, so that a driver can tell which wire
 *     requests belong to it;
 *   - in chain mode (GET /__corsim/run/<N>?chain=1) it then goes on to the
 *     next served scenario's runner page, in chain mode too, so that one
 *     navigation runs every scenario from N on.
 */
#ifndef CORSIM_LIVE_RUNNER_PAGE_H
#define CORSIM_LIVE_RUNNER_PAGE_H

#include "buf.h"
#include "hosts.h"
#include "scenario.h"

#include <stddef.h>

struct runner_page {
  size_t scenario;           /* N */
  const struct scenario *sc; /* its requests */
  const char *file;          /* where it came from (shown on the page) */
  const char *base; /* the http origin the page is at, with a final '/':
                       relative request URLs resolve against it */
  const struct hosts *hosted; /* authorities whose URLs get the prefix */
  unsigned settle_ms;         /* wait before "corsim:end" */
  unsigned timeout_ms;        /* give up on a request after this */
  const char *next; /* chain mode: the runner page to go to once the
                       results are posted; NULL: stay */
};

/* Appends the runner page (a complete HTML document) to out. */
void runner_page_html(struct buf *out, const struct runner_page *p);

/* One line of the index. */
struct runner_link {
  size_t scenario;
  struct corsim_str name;
  const char *file;
  const char *url; /* the runner page; NULL: not served (why says why) */
  const char *why;
};

/* Appends the index page listing links[0..n) to out. */
void runner_index_html(struct buf *out, const struct runner_link *links,
                       size_t n);

#endif
