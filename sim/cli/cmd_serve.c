/*
 * cmd_serve.c - corsim serve: play scenarios' server rules on loopback for
 * real browsers (and front ends), with runner pages that perform the
 * scenarios' script requests. The server itself is sim/live/serve.c; this
 * file reads the command line and the scenario files and runs the loop.
 */
#include "args.h"
#include "cmd.h"
#include "diag.h"
#include "scenario.h"
#include "scenario_set.h"
#include "serve.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* After the last result, how long the answer to its POST gets to leave. */
#define EXIT_DELAY_MS 200

static const char serve_help[] =
    "usage: corsim serve [--log FILE] [--skip-unhostable] "
    "[--exit-after-results]\n"
    "                    [--no-runner] [--settle MS] [--timeout MS] "
    "FILE...\n"
    "\n"
    "Serve scenario files over HTTP/1.1 on loopback: answer each request\n"
    "from the scenarios' server rules, byte for byte, and serve a runner\n"
    "page per scenario that performs its script requests in a browser.\n"
    "Scenario N (counted over all files from 0) is under the path prefix\n"
    "/__corsim/sN/; its runner page is GET /__corsim/run/N at its origin;\n"
    "GET /__corsim/ lists them. A request without the prefix is answered by\n"
    "the first scenario whose rules match it. Runs until SIGINT or SIGTERM.\n"
    "\n"
    "options:\n"
    "  --log FILE            write the JSON log lines to FILE instead of\n"
    "                        stdout ('-' is stdout)\n"
    "  --skip-unhostable     skip, with a warning, scenarios that name a host\n"
    "                        serve cannot listen on (not loopback, or https)\n"
    "                        instead of refusing to start\n"
    "  --exit-after-results  exit 0 once every scenario's runner page has\n"
    "                        posted its results\n"
    "  --no-runner           rules only (a mock API for a front end): no\n"
    "                        runner pages, and the scenarios' origins are\n"
    "                        not listened on (they may be any origin)\n"
    "  --settle MS           runner pages wait MS milliseconds after each\n"
    "                        request before logging corsim:end (200)\n"
    "  --timeout MS          runner pages give up on a request after MS\n"
    "                        milliseconds (20000)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Listens on exactly the hosts and ports the scenarios' origins, request\n"
    "URLs and Location headers name: 127.0.0.0/8, localhost (127.0.0.1 and\n"
    "::1) and [::1] only, http only. The log is JSON Lines (see\n"
    "docs/commands/serve.md).\n"
    "\n"
    "exit status: 0 stopped by SIGINT or SIGTERM, or every result posted\n"
    "with --exit-after-results; 1 an address could not be bound (in use,\n"
    "or a port below 1024 without the right); 2 bad input or usage (a\n"
    "host that cannot be served names the file, scenario and field).\n";

void cmd_serve_help(FILE *fp) { fputs(serve_help, fp); }

struct serve_cmd {
  uv_loop_t loop;
  uv_signal_t sigint, sigterm;
  uv_timer_t exit_timer;
  struct serve *srv;
  bool exit_after_results;
  bool exit_timer_started;
  bool stopping;
};

static void on_handle_closed(uv_handle_t *h) { (void)h; }

static void stop(struct serve_cmd *c) {
  if (c->stopping)
    return;
  c->stopping = true;
  uv_close((uv_handle_t *)&c->sigint, on_handle_closed);
  uv_close((uv_handle_t *)&c->sigterm, on_handle_closed);
  uv_close((uv_handle_t *)&c->exit_timer, on_handle_closed);
  serve_stop(c->srv, NULL, NULL);
}

static void on_signal(uv_signal_t *h, int signum) {
  (void)signum;
  stop(h->data);
}

static void on_exit_timer(uv_timer_t *t) { stop(t->data); }

static void on_result(void *user, const struct serve_result *r) {
  struct serve_cmd *c = user;

  (void)r;
  if (c->exit_after_results && !c->exit_timer_started &&
      serve_pending(c->srv) == 0) {
    c->exit_timer_started = true;
    if (uv_timer_start(&c->exit_timer, on_exit_timer, EXIT_DELAY_MS, 0) != 0)
      stop(c);
  }
}

/* A number of milliseconds for --settle and --timeout. */
static int parse_ms(const char *opt, const char *v, unsigned *out) {
  double ms;
  if (args_number("serve", opt, v, "a number of milliseconds", 0, 86400000,
                  ARGS_INTEGER | ARGS_DIGIT, &ms) != 0)
    return -1;
  *out = (unsigned)ms;
  return 0;
}

/* The scenarios of all files, in order (scenario_set.h), and the same as
 * serve_new takes them. */
struct loaded {
  struct scenario_set set;
  struct serve_scenario *list;
  size_t n;
};

static void loaded_cleanup(struct loaded *l) {
  free(l->list);
  scenario_set_cleanup(&l->set);
}

/* Loads and parses every scenario; returns 0, or 2 after reporting bad
 * input (every problem of every file is reported). */
static int load(struct loaded *l, char **files, size_t nfiles) {
  int status = scenario_set_load(&l->set, files, nfiles, "serve");
  l->n = l->set.n;
  l->list = calloc(l->n != 0 ? l->n : 1, sizeof *l->list);
  if (l->list == NULL) {
    diag_usage("serve: out of memory");
    return 2;
  }
  for (size_t k = 0; k < l->n; k++) {
    l->list[k].file = l->set.file[k];
    l->list[k].sc = l->set.ok[k] ? &l->set.scs[k] : NULL;
  }
  return status;
}

static void announce(const struct serve *srv) {
  size_t i, n = serve_listen_count(srv);
  char url[512];

  fflush(stdout);
  fputs("corsim: serve: listening on", stderr);
  for (i = 0; i < n; i++)
    fprintf(stderr, "%s http://%s", i != 0 ? "," : "",
            serve_listen_addr(srv, i));
  fputc('\n', stderr);
  for (i = 0; i < serve_count(srv); i++) {
    if (serve_runner_url(srv, i, url, sizeof url) == 0) {
      char *run = strstr(url, "/__corsim/run/");
      if (run != NULL)
        run[sizeof "/__corsim/" - 1] = '\0';
      fprintf(stderr, "corsim: serve: runner pages listed at %s\n", url);
      break;
    }
  }
}

int cmd_serve(int argc, char **argv) {
  struct serve_cmd c;
  struct serve_opts o;
  struct loaded l;
  const char *log_path = NULL;
  bool operands = false;
  char **files;
  size_t nfiles = 0;
  FILE *log = stdout;
  int i, status;

  memset(&c, 0, sizeof c);
  serve_opts_init(&o);
  files = calloc((size_t)argc + 1, sizeof *files);
  if (files == NULL) {
    diag_usage("serve: out of memory");
    return 2;
  }
  for (i = 0; i < argc; i++) {
    const char *v;
    int got;

    switch (args_common(argv, i, &operands, files, &nfiles, cmd_serve_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    if (args_flag(argv, i, "--skip-unhostable")) {
      o.skip_unhostable = true;
      continue;
    }
    if (args_flag(argv, i, "--exit-after-results")) {
      c.exit_after_results = true;
      continue;
    }
    if (args_flag(argv, i, "--no-runner")) {
      o.no_runner = true;
      continue;
    }
    got = args_value(argc, argv, &i, "serve", "--log", &v);
    if (got == 1) {
      log_path = v;
      continue;
    }
    if (got == 0) {
      got = args_value(argc, argv, &i, "serve", "--settle", &v);
      if (got == 1 && parse_ms("--settle", v, &o.settle_ms) == 0)
        continue;
    }
    if (got == 0) {
      got = args_value(argc, argv, &i, "serve", "--timeout", &v);
      if (got == 1 && parse_ms("--timeout", v, &o.timeout_ms) == 0)
        continue;
    }
    if (got == 0)
      diag_usage("serve: unknown option '%s' (see 'corsim help serve')",
                 argv[i]);
    free(files);
    return 2;
  }
  if (nfiles == 0) {
    diag_usage("serve: no scenario file given (see 'corsim help serve')");
    free(files);
    return 2;
  }
  if (o.no_runner && c.exit_after_results) {
    diag_usage("serve: --exit-after-results needs runner pages (not "
               "--no-runner)");
    free(files);
    return 2;
  }

  status = load(&l, files, nfiles);
  free(files);
  if (status != 0) {
    loaded_cleanup(&l);
    return status;
  }
  if (log_path != NULL && strcmp(log_path, "-") != 0) {
    log = fopen(log_path, "w");
    if (log == NULL) {
      diag_usage("serve: cannot open the log '%s': %s", log_path,
                 strerror(errno));
      loaded_cleanup(&l);
      return 2;
    }
  }
  o.log = log;
  o.on_result = on_result;
  o.user = &c;
  status = serve_new(&c.srv, l.list, l.n, &o);
  if (status != 0) {
    if (log != stdout)
      fclose(log);
    loaded_cleanup(&l);
    return status;
  }

  /* A client that goes away must not kill the server with SIGPIPE. */
  {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGPIPE, &sa, NULL);
  }
  if (uv_loop_init(&c.loop) != 0) {
    diag_usage("serve: cannot start the event loop");
    serve_free(c.srv);
    loaded_cleanup(&l);
    return 1;
  }
  uv_signal_init(&c.loop, &c.sigint);
  uv_signal_init(&c.loop, &c.sigterm);
  uv_timer_init(&c.loop, &c.exit_timer);
  c.sigint.data = c.sigterm.data = c.exit_timer.data = &c;
  status = serve_start(c.srv, &c.loop);
  if (status == 0 &&
      (uv_signal_start(&c.sigint, on_signal, SIGINT) != 0 ||
       uv_signal_start(&c.sigterm, on_signal, SIGTERM) != 0)) {
    diag_usage("serve: cannot watch SIGINT and SIGTERM");
    status = 1;
  }
  if (status == 0) {
    announce(c.srv);
    serve_log_ready(c.srv);
  } else
    stop(&c);
  uv_run(&c.loop, UV_RUN_DEFAULT);
  if (uv_loop_close(&c.loop) != 0) {
    diag_usage("serve: handles left open at exit");
    if (status == 0)
      status = 1;
  }
  serve_free(c.srv);
  loaded_cleanup(&l);
  if (log != stdout) {
    if (fclose(log) != 0 && status == 0) {
      diag_usage("serve: error writing the log");
      status = 1;
    }
  } else if (fflush(stdout) != 0 && status == 0) {
    status = 1;
  }
  return status;
}
