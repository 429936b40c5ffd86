/*
 * cmd_replay.c - corsim replay: which requests of a recording a browser
 * would block, and why. Each file (pcap, pcapng or HAR; "-" is stdin)
 * goes through its own pipeline (sim/wire/pipeline.c); with -j N, files
 * are spread over N threads and their outputs printed in file order.
 */
#include "args.h"
#include "cmd.h"
#include "diag.h"
#include "pipeline.h"
#include "progress.h"
#include "replay_report.h"
#include "report_text.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char replay_help[] =
    "usage: corsim replay [--json] [--browser B] [--origin O] [--only-blocked]\n"
    "                     [--explain N] [--window S] [-j N] [--no-progress]\n"
    "                     FILE...\n"
    "\n"
    "Read recorded traffic (pcap or pcapng captures, HAR exports; - is\n"
    "stdin) and say, for every script request in it, what the browser did\n"
    "with it: allowed or blocked, the error, the browser's message and the\n"
    "fix. Preflights are paired with the requests they allowed; a preflight\n"
    "whose request never followed is judged as the request it announced.\n"
    "Where the recording lacks an exchange the browser needed, the verdict\n"
    "is unknown and says what is missing; facts the recording does not\n"
    "state (credentials, browser) are listed as inferred.\n"
    "\n"
    "options:\n"
    "  --json          one JSON line per script request (the scenario\n"
    "                  format's output fields, plus verdict, why, time,\n"
    "                  origin, method, url, source, inferred), then a summary\n"
    "  --browser B     judge as chromium, firefox, webkit or spec (default:\n"
    "                  each request's User-Agent, else chromium)\n"
    "  --origin O      judge requests without Origin as if a page at O had\n"
    "                  made them (traffic of curl, a test suite, ...)\n"
    "  --only-blocked  print only blocked requests (the summary counts all)\n"
    "  --explain N     print request N with its exchanges and the model's\n"
    "                  full trace, and nothing else (numbers count per file)\n"
    "  --window S      seconds of recording to wait for a request's\n"
    "                  preflight and redirects (default 10)\n"
    "  -j N            read N files at once (output stays in file order)\n"
    "  --no-progress   no progress line on stderr (drawn when stderr is a\n"
    "                  terminal and stdout is not, after half a second)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 every input was read (whatever the verdicts); 2 an\n"
    "input could not be read at all, or bad usage. Damage inside an input\n"
    "(truncated, corrupt records, garbage in streams) is warned about on\n"
    "stderr, naming the file and packet or entry, and the rest is read.\n";

void cmd_replay_help(FILE *fp) { fputs(replay_help, fp); }

struct opts {
  bool json, only_blocked, colour;
  bool progress; /* a progress line on stderr */
  bool many; /* more than one input: numbers restart per file */
  bool threads; /* each capture read on a thread of its own */
  unsigned long explain; /* 0: off */
  struct wire_judge_opts jo;
};

struct job;

/* What the jobs share for the progress line (under the stderr lock). */
struct shared {
  struct progress pr;
  struct job *jobs;
  size_t njobs;
  uint64_t total; /* bytes of all inputs; 0: some input has no size */
};

/* One input and what became of it. */
struct job {
  const char *path;
  const struct opts *o;
  FILE *out;       /* where its lines go: stdout, or a temporary file */
  struct replay_out *ro; /* ... through this, while the input is read */
  bool buffered;
  int status;      /* 0, or 2: unreadable */
  char err[512];
  struct wire_pipeline_stats ps;
  struct wire_judge_stats js;
  pthread_mutex_t *err_lock; /* stderr is shared by the workers */
  unsigned long warnings;
  struct shared *sh;
  uint64_t size; /* of the input, when it is a file; else 0 */
  /* For the progress line, written by the job's thread, read by any:
   * bytes read, script requests judged, and whether it is over. */
  _Atomic uint64_t read, requests;
  atomic_bool over;
};

/* Warnings shown per input; the rest are counted (a damaged capture can
 * have one per connection). */
#define WARN_SHOWN 20

/* stdio buffers: reading a capture, and stdout when it is not a terminal
 * (a line per request; 4 KiB made a write call every few lines). 64 KiB
 * for the capture: the kernel's copy into it stays in cache (1 MiB was
 * slower than the 4 KiB default, 16-64 KiB the fastest). */
#define IN_BUFFER ((size_t)1 << 16)
#define OUT_BUFFER ((size_t)1 << 16)

/* (The attribute lets clang's -Wformat-nonliteral see fmt is a format.) */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 0)))
#endif
static void on_warn(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct job *jb = user;
  char msg[512];
  if (++jb->warnings > WARN_SHOWN)
    return;
  vsnprintf(msg, sizeof(msg), fmt, ap);
  /* The lines before the warning go out before it. */
  if (jb->ro != NULL && replay_out_flush(jb->ro) != 0)
    jb->status = jb->status ? jb->status : 3;
  if (jb->err_lock)
    pthread_mutex_lock(jb->err_lock);
  progress_clear(&jb->sh->pr);
  fflush(stdout);
  if (packet != 0)
    fprintf(stderr, "corsim: replay: %s: packet %llu: %s\n", jb->path,
            (unsigned long long)packet, msg);
  else
    fprintf(stderr, "corsim: replay: %s: %s\n", jb->path, msg);
  if (jb->err_lock)
    pthread_mutex_unlock(jb->err_lock);
}

/* Draws the progress line from every job's counts; under the lock. */
static void draw_progress(struct shared *sh) {
  uint64_t read = 0, requests = 0;
  size_t over = 0;
  for (size_t k = 0; k < sh->njobs; k++) {
    read += atomic_load_explicit(&sh->jobs[k].read, memory_order_relaxed);
    requests +=
        atomic_load_explicit(&sh->jobs[k].requests, memory_order_relaxed);
    over += atomic_load_explicit(&sh->jobs[k].over, memory_order_relaxed);
  }
  char bytes[64], files[48] = "", line[200];
  progress_bytes_text(bytes, sizeof(bytes), read, sh->total);
  if (sh->njobs > 1)
    snprintf(files, sizeof(files), ", %zu/%zu files done", over,
             sh->njobs);
  snprintf(line, sizeof(line), "corsim: replay: %s%s, %llu script requests",
           bytes, files, (unsigned long long)requests);
  progress_show(&sh->pr, line);
}

static void on_progress(void *user, uint64_t bytes) {
  struct job *jb = user;
  atomic_store_explicit(&jb->read, bytes, memory_order_relaxed);
  /* (A few hundred calls a second: the lock is not worth avoiding.) */
  pthread_mutex_lock(jb->err_lock);
  if (progress_due(&jb->sh->pr))
    draw_progress(jb->sh);
  pthread_mutex_unlock(jb->err_lock);
}

static void on_verdict(void *user, const struct wire_verdict *v) {
  struct job *jb = user;
  const struct opts *o = jb->o;
  atomic_store_explicit(&jb->requests, v->number, memory_order_relaxed);
  if (o->explain != 0 && v->number != o->explain)
    return;
  if (o->only_blocked && !(v->result != NULL && v->result->blocked))
    return;
  int rc = jb->ro != NULL
               ? replay_out_verdict(jb->ro, v)
               : replay_report_verdict(jb->out, jb->path, v, o->json,
                                       o->explain != 0,
                                       o->colour && !jb->buffered);
  if (rc != 0)
    jb->status = jb->status ? jb->status : 3;
}

static void run_job(struct job *jb) {
  struct wire_pipeline *pl;
  FILE *in;
  bool is_stdin = strcmp(jb->path, "-") == 0;
  if (is_stdin) {
    in = stdin;
  } else if ((in = fopen(jb->path, "rb")) == NULL) {
    snprintf(jb->err, sizeof(jb->err), "%s", strerror(errno));
    jb->status = 2;
    return;
  }
  /* libpcap reads a record at a time through stdio: with its default
   * 4 KiB buffer, a read system call every few packets cost more than
   * parsing them. (glibc's setvbuf ignores the size without a buffer.
   * Files only: the buffer must outlive the stream, which the pipeline
   * closes; stdin keeps its own.) */
  char *inbuf = NULL;
  if (!is_stdin && (inbuf = malloc(IN_BUFFER)) != NULL)
    (void)setvbuf(in, inbuf, _IOFBF, IN_BUFFER);
#ifdef __GLIBC__
  /* Only the thread that reads the capture uses the stream: stdio's lock
   * around each of libpcap's two freads per packet is of no use. */
  (void)__fsetlocking(in, FSETLOCKING_BYCALLER);
#endif
  if (jb->o->many && !jb->o->json && jb->o->explain == 0)
    fprintf(jb->out, "== %s\n", jb->path);
  /* (Without it, out of memory, each line goes out on its own.) */
  jb->ro = replay_out_new(jb->out, jb->path, jb->o->json, jb->o->explain != 0,
                          jb->o->colour && !jb->buffered);
  if (wire_pipeline_new(&pl, &jb->o->jo, on_verdict, on_warn, jb) != 0) {
    snprintf(jb->err, sizeof(jb->err), "out of memory");
    jb->status = 2;
    if (!is_stdin)
      fclose(in);
  } else {
    wire_pipeline_threads(pl, jb->o->threads);
    if (jb->o->progress)
      wire_pipeline_on_progress(pl, on_progress);
    if (wire_pipeline_run(pl, in, is_stdin ? "<stdin>" : jb->path, jb->err,
                          sizeof(jb->err)) != 0)
      jb->status = 2;
    jb->ps = *wire_pipeline_stats(pl);
    jb->js = *wire_pipeline_judge_stats(pl);
    wire_pipeline_free(pl);
  }
  /* The pipeline closed `in` (stdin too, once read to its end). */
  free(inbuf);
  if (jb->ro != NULL && replay_out_flush(jb->ro) != 0 && jb->status == 0)
    jb->status = 3;
  replay_out_free(jb->ro);
  jb->ro = NULL;
  if (jb->size != 0)
    atomic_store_explicit(&jb->read, jb->size, memory_order_relaxed);
  atomic_store_explicit(&jb->over, true, memory_order_relaxed);
}

static void *worker(void *arg) {
  struct job *jb = arg;
  run_job(jb);
  return NULL;
}

/* Copies a finished job's buffered lines to stdout. */
static void drain(struct job *jb) {
  char buf[65536];
  size_t n;
  if (!jb->buffered || jb->out == NULL)
    return;
  rewind(jb->out);
  while ((n = fread(buf, 1, sizeof(buf), jb->out)) > 0)
    fwrite(buf, 1, n, stdout);
  fclose(jb->out);
  jb->out = NULL;
}

int cmd_replay(int argc, char **argv) {
  struct opts o;
  bool operands = false;
  long jobs = 1;
  bool no_progress = false;
  char **files = calloc((size_t)argc + 1, sizeof(*files));
  size_t nfiles = 0;
  memset(&o, 0, sizeof(o));
  wire_judge_opts_init(&o.jo);
  if (files == NULL) {
    diag_usage("replay: out of memory");
    return 2;
  }
  for (int i = 0; i < argc; i++) {
    const char *v;
    int got;
    switch (args_common(argv, i, &operands, files, &nfiles, cmd_replay_help)) {
    case ARGS_HELP:
      free(files);
      return 0;
    case ARGS_TAKEN:
      continue;
    case ARGS_OPTION:
      break;
    }
    if (args_flag(argv, i, "--json")) {
      o.json = true;
      continue;
    }
    if (args_flag(argv, i, "--only-blocked")) {
      o.only_blocked = true;
      continue;
    }
    if (args_flag(argv, i, "--no-progress")) {
      no_progress = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "replay", "--browser", &v)) != 0) {
      if (got < 0 || args_browser("replay", v, &o.jo.browser) != 0) {
        free(files);
        return 2;
      }
      o.jo.browser_set = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "replay", "--origin", &v)) != 0) {
      if (got < 0) {
        free(files);
        return 2;
      }
      o.jo.origin = corsim_str_c(v);
      continue;
    }
    if ((got = args_value(argc, argv, &i, "replay", "--explain", &v)) != 0) {
      double n;
      if (got < 0 || args_number("replay", "--explain", v,
                                 "a request number (1, 2, ...)", 1,
                                 ARGS_INTEGER_MAX, ARGS_INTEGER, &n) != 0) {
        free(files);
        return 2;
      }
      o.explain = (unsigned long)n;
      o.jo.trace = true;
      continue;
    }
    if ((got = args_value(argc, argv, &i, "replay", "--window", &v)) != 0) {
      if (got < 0 || args_number("replay", "--window", v,
                                 "seconds (0 < S <= 86400)", 0, 86400,
                                 ARGS_ABOVE_MIN, &o.jo.window) != 0) {
        free(files);
        return 2;
      }
      continue;
    }
    if ((got = args_value(argc, argv, &i, "replay", "-j", &v)) != 0) {
      double n;
      if (got < 0 || args_number("replay", "-j", v,
                                 "a number of workers (1-256)", 1, 256,
                                 ARGS_INTEGER, &n) != 0) {
        free(files);
        return 2;
      }
      jobs = (long)n;
      continue;
    }
    diag_usage("replay: unknown option '%s' (see corsim replay --help)",
               argv[i]);
    free(files);
    return 2;
  }
  if (nfiles == 0) {
    diag_usage("replay: no input: name capture or HAR files (- for stdin)");
    free(files);
    return 2;
  }
  o.colour = !o.json && report_text_use_colour(stdout);
  if (!isatty(fileno(stdout))) {
    /* Lives as long as stdout (to the flush at exit): never freed. */
    char *outbuf = malloc(OUT_BUFFER);
    if (outbuf != NULL)
      (void)setvbuf(stdout, outbuf, _IOFBF, OUT_BUFFER);
  }
  o.many = nfiles > 1;
  /* On a terminal's stderr while the output goes elsewhere: on the same
   * terminal, the output's own lines show how far it has come. */
  o.progress = !no_progress && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
  /* A capture's reading and its judging take a thread each, unless the
   * files already keep every worker busy. */
  o.threads = jobs == 1 || (long)nfiles < jobs;

  struct job *jbs = calloc(nfiles, sizeof(*jbs));
  pthread_t *th = calloc(nfiles, sizeof(*th));
  bool *started = calloc(nfiles, sizeof(*started));
  pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
  if (jbs == NULL || th == NULL || started == NULL) {
    diag_usage("replay: out of memory");
    free(files);
    free(jbs);
    free(th);
    free(started);
    return 2;
  }
  if (!o.json && o.explain == 0)
    replay_report_head(stdout, o.colour);
  /* Files run in a sliding window of `jobs` threads; each writes to its
   * own temporary file, copied to stdout in file order. One job runs in
   * this thread, straight to stdout. */
  size_t next_start = 0;
  struct shared sh = {.jobs = jbs, .njobs = nfiles, .total = 0};
  for (size_t k = 0; k < nfiles; k++) {
    jbs[k].path = files[k];
    jbs[k].o = &o;
    jbs[k].err_lock = &err_lock;
    jbs[k].sh = &sh;
    atomic_init(&jbs[k].read, 0);
    atomic_init(&jbs[k].requests, 0);
    atomic_init(&jbs[k].over, false);
  }
  /* The whole to count against: known when every input is a file. */
  bool sized = true;
  for (size_t k = 0; k < nfiles; k++) {
    struct stat sb;
    if (strcmp(files[k], "-") != 0 && stat(files[k], &sb) == 0 &&
        S_ISREG(sb.st_mode))
      jbs[k].size = (uint64_t)sb.st_size;
    else
      sized = false;
    sh.total += jbs[k].size;
  }
  if (!sized)
    sh.total = 0;
  progress_init(&sh.pr, o.progress);
  int status = 0;
  for (size_t k = 0; k < nfiles; k++) {
    if (jobs > 1) {
      while (next_start < nfiles && (long)(next_start - k) < jobs) {
        struct job *jb = &jbs[next_start];
        jb->out = tmpfile();
        jb->buffered = jb->out != NULL;
        if (jb->out == NULL)
          jb->out = stdout; /* run it here instead, when its turn comes */
        else if (pthread_create(&th[next_start], NULL, worker, jb) == 0)
          started[next_start] = true;
        next_start++;
      }
      if (started[k])
        pthread_join(th[k], NULL);
      else
        run_job(&jbs[k]);
      drain(&jbs[k]);
    } else {
      jbs[k].out = stdout;
      run_job(&jbs[k]);
    }
    pthread_mutex_lock(&err_lock);
    progress_clear(&sh.pr);
    if (jbs[k].warnings > WARN_SHOWN)
      diag_usage("replay: %s: %lu more warnings not shown",
                 strcmp(files[k], "-") == 0 ? "<stdin>" : files[k],
                 jbs[k].warnings - WARN_SHOWN);
    if (jbs[k].status == 2) {
      diag_usage("replay: %s: %s", strcmp(files[k], "-") == 0 ? "<stdin>"
                                                              : files[k],
                 jbs[k].err);
      status = 2;
    }
    pthread_mutex_unlock(&err_lock);
  }
  progress_clear(&sh.pr); /* (every thread has ended) */
  struct replay_totals t;
  memset(&t, 0, sizeof(t));
  for (size_t k = 0; k < nfiles; k++) {
    t.files++;
    /* A HAR whose JSON breaks off was still read up to the break: what
     * it gave counts (an input never opened gives zeros). */
    if (jbs[k].status == 2)
      t.unreadable++;
    replay_totals_add(&t, &jbs[k].ps, &jbs[k].js);
    if (jbs[k].status == 3 && status == 0)
      status = 2; /* a write error on stdout */
  }
  if (o.explain == 0)
    (void)replay_report_summary(stdout, &t, o.json);
  else if (o.explain > t.judge.script_requests) {
    diag_usage("replay: --explain %lu: the input has %llu script requests",
               o.explain, (unsigned long long)t.judge.script_requests);
    status = 2;
  }
  if (fflush(stdout) != 0)
    status = 2;
  free(jbs);
  free(th);
  free(started);
  free(files);
  return status;
}
