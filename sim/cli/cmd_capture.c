/*
 * cmd_capture.c - corsim capture: corsim replay's pipeline on a live
 * interface. libpcap reads the interface without blocking; a libuv loop
 * waits on its descriptor, ticks once a second (so that requests whose
 * window has passed are judged while the line is quiet) and stops on
 * SIGINT or SIGTERM, when the rest is judged and the summary printed.
 */
#include "args.h"
#include "cmd.h"
#include "diag.h"
#include "pipeline.h"
#include "replay_report.h"
#include "report_text.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <uv.h>

static const char capture_help[] =
    "usage: corsim capture -i IFACE [-f FILTER] [--json] [--browser B]\n"
    "                      [--origin O] [--only-blocked] [--window S]\n"
    "\n"
    "Capture on a live interface (libpcap; needs capture privileges, e.g.\n"
    "root or CAP_NET_RAW) and print, as each script request completes,\n"
    "what the browser did with it, exactly as corsim replay does for a\n"
    "recording. Ctrl-C (SIGINT) or SIGTERM judges what is still pending\n"
    "and prints the summary.\n"
    "\n"
    "options:\n"
    "  -i IFACE        the interface (lo for a local test setup)\n"
    "  -f FILTER       a capture filter in pcap-filter(7) syntax, e.g.\n"
    "                  'tcp port 8002'\n"
    "  --json          one JSON line per script request (as corsim replay\n"
    "                  --json), then a summary line\n"
    "  --browser B     judge as chromium, firefox, webkit or spec (default:\n"
    "                  each request's User-Agent, else chromium)\n"
    "  --origin O      judge requests without Origin as if made by a page\n"
    "                  at O\n"
    "  --only-blocked  print only blocked requests\n"
    "  --window S      seconds to wait for a request's preflight and\n"
    "                  redirects before judging it (default 10)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 stopped by a signal after the summary; 2 bad usage or\n"
    "the interface could not be opened (the message says why).\n";

void cmd_capture_help(FILE *fp) { fputs(capture_help, fp); }

struct capture {
  uv_loop_t loop;
  uv_poll_t poll;
  uv_timer_t tick;
  uv_signal_t sigint, sigterm;
  bool polling;
  struct wire_pcap *pcap;
  struct wire_pipeline *pl;
  const char *iface;
  bool json, only_blocked, colour;
  unsigned long warnings;
  int status;
};

static double wall_now(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

__attribute__((format(printf, 3, 0))) static void
on_warn(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct capture *c = user;
  char msg[512];
  if (++c->warnings > 20 && c->warnings % 1000 != 0)
    return; /* a flood is summarised, not printed */
  vsnprintf(msg, sizeof(msg), fmt, ap);
  fflush(stdout);
  fprintf(stderr, "corsim: capture: %s: packet %llu: %s\n", c->iface,
          (unsigned long long)packet, msg);
}

static void on_verdict(void *user, const struct wire_verdict *v) {
  struct capture *c = user;
  if (c->only_blocked && !(v->result != NULL && v->result->blocked))
    return;
  (void)replay_report_verdict(stdout, c->iface, v, c->json, false, c->colour);
  fflush(stdout); /* live: each verdict as it comes */
}

static void on_readable(uv_poll_t *h, int status, int events) {
  struct capture *c = h->data;
  (void)events;
  if (status < 0 || wire_pipeline_live(c->pl, c->pcap) < 0) {
    diag_usage("capture: %s: the capture stopped", c->iface);
    c->status = 2;
    uv_stop(&c->loop);
  }
}

static void on_tick(uv_timer_t *t) {
  struct capture *c = t->data;
  /* Without a selectable descriptor, the tick reads the packets too. */
  if (!c->polling && wire_pipeline_live(c->pl, c->pcap) < 0) {
    c->status = 2;
    uv_stop(&c->loop);
    return;
  }
  wire_pipeline_tick(c->pl, wall_now());
}

static void on_signal(uv_signal_t *h, int signum) {
  struct capture *c = h->data;
  (void)signum;
  uv_stop(&c->loop);
}

static void on_closed(uv_handle_t *h) { (void)h; }

int cmd_capture(int argc, char **argv) {
  struct capture c;
  struct wire_judge_opts jo;
  const char *filter = NULL;
  bool operands = false;
  size_t nfiles = 0;
  char **files = calloc((size_t)argc + 1, sizeof(*files));
  memset(&c, 0, sizeof(c));
  wire_judge_opts_init(&jo);
  if (files == NULL) {
    diag_usage("capture: out of memory");
    return 2;
  }
  for (int i = 0; i < argc; i++) {
    const char *v;
    int got;
    switch (args_common(argv, i, &operands, files, &nfiles, cmd_capture_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    if (args_flag(argv, i, "--json")) {
      c.json = true;
      continue;
    }
    if (args_flag(argv, i, "--only-blocked")) {
      c.only_blocked = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "capture", "-i", &v)) != 0) {
      if (got < 0)
        goto usage;
      c.iface = v;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "capture", "-f", &v)) != 0) {
      if (got < 0)
        goto usage;
      filter = v;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "capture", "--browser", &v)) != 0) {
      if (got < 0 || args_browser("capture", v, &jo.browser) != 0)
        goto usage;
      jo.browser_set = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "capture", "--origin", &v)) != 0) {
      if (got < 0)
        goto usage;
      jo.origin = corsim_str_c(v);
      continue;
    }
    if ((got = args_value(argc, argv, &i, "capture", "--window", &v)) != 0) {
      if (got < 0 || args_number("capture", "--window", v,
                                 "seconds (0 < S <= 86400)", 0, 86400,
                                 ARGS_ABOVE_MIN, &jo.window) != 0)
        goto usage;
      continue;
    }
    diag_usage("capture: unknown option '%s' (see corsim capture --help)",
               argv[i]);
    goto usage;
  }
  if (nfiles != 0) {
    diag_usage("capture: unexpected argument '%s' (to read a file, use "
               "corsim replay)",
               files[0]);
    goto usage;
  }
  if (c.iface == NULL) {
    diag_usage("capture: missing -i IFACE (the interface to capture on)");
    goto usage;
  }
  free(files);
  files = NULL;

  char errbuf[WIRE_PCAP_ERRBUF_SIZE];
  if (wire_pcap_open_live(&c.pcap, c.iface, filter, errbuf) != 0) {
    diag_usage("capture: %s: %s", c.iface, errbuf);
    return 2;
  }
  if (wire_pipeline_new(&c.pl, &jo, on_verdict, on_warn, &c) != 0) {
    diag_usage("capture: out of memory");
    wire_pcap_close(c.pcap);
    return 2;
  }
  c.colour = !c.json && report_text_use_colour(stdout);
  if (uv_loop_init(&c.loop) != 0) {
    diag_usage("capture: cannot start the event loop");
    wire_pipeline_free(c.pl);
    wire_pcap_close(c.pcap);
    return 2;
  }
  int fd = wire_pcap_fd(c.pcap);
  if (fd >= 0 && uv_poll_init(&c.loop, &c.poll, fd) == 0) {
    c.poll.data = &c;
    c.polling = uv_poll_start(&c.poll, UV_READABLE, on_readable) == 0;
  }
  uv_timer_init(&c.loop, &c.tick);
  c.tick.data = &c;
  /* Without a descriptor to wait on, the timer reads every 20 ms. */
  uv_timer_start(&c.tick, on_tick, c.polling ? 1000 : 20, c.polling ? 1000 : 20);
  uv_signal_init(&c.loop, &c.sigint);
  uv_signal_init(&c.loop, &c.sigterm);
  c.sigint.data = c.sigterm.data = &c;
  uv_signal_start(&c.sigint, on_signal, SIGINT);
  uv_signal_start(&c.sigterm, on_signal, SIGTERM);
  fprintf(stderr, "corsim: capture: listening on %s%s%s (Ctrl-C for the "
                  "summary)\n",
          c.iface, filter ? ", filter " : "", filter ? filter : "");
  if (!c.json)
    replay_report_head(stdout, c.colour);
  fflush(stdout);
  uv_run(&c.loop, UV_RUN_DEFAULT);

  /* Stopped: what is left is judged, then the summary. */
  (void)wire_pipeline_live(c.pl, c.pcap);
  wire_pipeline_finish(c.pl);
  struct replay_totals t;
  memset(&t, 0, sizeof(t));
  t.files = 0; /* a live capture, not files */
  replay_totals_add(&t, wire_pipeline_stats(c.pl), wire_pipeline_judge_stats(c.pl));
  (void)replay_report_summary(stdout, &t, c.json);
  fflush(stdout);
  if (c.polling)
    uv_close((uv_handle_t *)&c.poll, on_closed);
  uv_close((uv_handle_t *)&c.tick, on_closed);
  uv_close((uv_handle_t *)&c.sigint, on_closed);
  uv_close((uv_handle_t *)&c.sigterm, on_closed);
  uv_run(&c.loop, UV_RUN_DEFAULT);
  (void)uv_loop_close(&c.loop);
  wire_pipeline_free(c.pl);
  wire_pcap_close(c.pcap);
  return c.status;

usage:
  free(files);
  return 2;
}
