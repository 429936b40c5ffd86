/*
 * trace.c - the record of every decision a fetch takes, in order, each
 * with the Fetch standard step (or browser source) it applied.
 */
#include "fetch-int.h"

#include <stdarg.h>
#include <string.h>

void corsim__trace(struct corsim_fetch *f, const char *rule, const char *fmt,
                   ...) {
  if (!f->ctx->trace)
    return;
  if (f->ntrace == f->trace_cap) {
    size_t ncap = f->trace_cap ? f->trace_cap * 2 : 16;
    struct corsim_trace_step *t =
        corsim__arena_alloc(&f->arena, ncap * sizeof(*t));
    if (t == NULL)
      return;
    if (f->ntrace)
      memcpy(t, f->trace, f->ntrace * sizeof(*t));
    f->trace = t;
    f->trace_cap = ncap;
  }
  va_list ap;
  va_start(ap, fmt);
  struct corsim_str text = corsim__arena_vprintf(&f->arena, fmt, ap);
  va_end(ap);
  if (f->hypo)
    text = corsim__arena_printf(&f->arena, "(once fixed) %s", text.ptr);
  f->trace[f->ntrace].rule = rule;
  f->trace[f->ntrace].text = text;
  f->ntrace++;
}
