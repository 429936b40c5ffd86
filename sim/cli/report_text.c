/*
 * report_text.c - verdicts as terminal text, see report_text.h.
 */
#include "report_text.h"

#include <stdlib.h>
#include <unistd.h>

#define RED "\033[1;31m"
#define GREEN "\033[32m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

bool report_text_use_colour(FILE *fp) {
  return getenv("NO_COLOR") == NULL && isatty(fileno(fp));
}

int report_text_label(struct buf *b, const struct scenario *sc) {
  if (sc->name.len != 0)
    buf_add_escaped(b, sc->name.ptr, sc->name.len);
  else
    buf_addf(b, "scenario %zu", sc->index);
  return b->failed ? -1 : 0;
}

static void add_s(struct buf *b, struct corsim_str s) {
  buf_add_escaped(b, s.ptr, s.len);
}

static void paint(struct buf *b, bool colour, const char *code) {
  if (colour)
    buf_adds(b, code);
}

static void wire_lines(struct buf *b, const struct corsim_result *r,
                       bool colour) {
  size_t i, k;

  for (i = 0; i < r->nwire; i++) {
    const struct corsim_exchange *x = &r->wire[i];
    paint(b, colour, DIM);
    buf_adds(b, "  > ");
    add_s(b, x->method);
    buf_addc(b, ' ');
    add_s(b, x->url);
    buf_addc(b, '\n');
    for (k = 0; k < x->nheaders; k++) {
      buf_adds(b, "  >   ");
      add_s(b, x->headers[k].name);
      buf_adds(b, ": ");
      add_s(b, x->headers[k].value);
      buf_addc(b, '\n');
    }
    if (x->status != 0)
      buf_addf(b, "  < %d\n", x->status);
    else
      buf_adds(b, "  < (no answer)\n");
    paint(b, colour, RESET);
  }
}

int report_text_result(FILE *fp, const struct scenario *sc, size_t i,
                       const struct corsim_result *r, bool trace,
                       bool colour) {
  const struct corsim_request *q = &sc->requests[i];
  struct buf b;
  size_t k;
  int rc = 0;

  buf_init(&b);
  if (r->blocked) {
    paint(&b, colour, RED);
    buf_adds(&b, "BLOCKED");
  } else {
    paint(&b, colour, GREEN);
    buf_adds(&b, "allowed");
  }
  paint(&b, colour, RESET);
  buf_adds(&b, "  ");
  paint(&b, colour, BOLD);
  (void)report_text_label(&b, sc);
  buf_addf(&b, " #%zu", i);
  paint(&b, colour, RESET);
  buf_adds(&b, "  ");
  if (q->method.ptr != NULL)
    add_s(&b, q->method);
  else
    buf_adds(&b, "GET");
  buf_addc(&b, ' ');
  add_s(&b, q->url);
  buf_addf(&b, " (%s)  ", corsim_browser_name(r->browser));
  if (r->blocked) {
    const char *name = corsim_reason_name(r->error);
    buf_adds(&b, name != NULL ? name : "(no error name)");
  } else {
    buf_addf(&b, "%s %d", corsim_response_type_name(r->response_type),
             r->status);
    if (r->preflight != CORSIM_PREFLIGHT_NONE)
      buf_addf(&b, "  preflight %s", corsim_preflight_name(r->preflight));
  }
  buf_addc(&b, '\n');

  wire_lines(&b, r, colour);
  if (r->blocked && r->message.ptr != NULL) {
    buf_adds(&b, "  message: ");
    add_s(&b, r->message);
    buf_addc(&b, '\n');
  }
  if (r->blocked && r->fix.ptr != NULL) {
    buf_adds(&b, "  fix: ");
    add_s(&b, r->fix);
    buf_addc(&b, '\n');
  }
  if (r->nalso != 0) {
    buf_adds(&b, "  also:");
    for (k = 0; k < r->nalso; k++) {
      const char *name = corsim_reason_name(r->also[k]);
      buf_adds(&b, k == 0 ? " " : ", ");
      buf_adds(&b, name != NULL ? name : "?");
    }
    buf_addc(&b, '\n');
  }
  if (!r->blocked && r->nexposed_headers != 0) {
    buf_adds(&b, "  exposed:");
    for (k = 0; k < r->nexposed_headers; k++) {
      buf_adds(&b, k == 0 ? " " : ", ");
      add_s(&b, r->exposed_headers[k]);
    }
    buf_addc(&b, '\n');
  }
  for (k = 0; k < r->nnotes; k++) {
    buf_adds(&b, "  note: ");
    add_s(&b, r->notes[k]);
    buf_addc(&b, '\n');
  }
  if (trace) {
    for (k = 0; k < r->ntrace; k++) {
      paint(&b, colour, DIM);
      buf_adds(&b, "  trace: ");
      buf_adds(&b, r->trace[k].rule != NULL ? r->trace[k].rule : "?");
      buf_adds(&b, ": ");
      add_s(&b, r->trace[k].text);
      paint(&b, colour, RESET);
      buf_addc(&b, '\n');
    }
  }
  if (b.failed || fputs(buf_str(&b), fp) == EOF)
    rc = -1;
  buf_cleanup(&b);
  return rc;
}
