/*
 * browser_common.c - what the browser drivers share (browser_int.h):
 * options, the lifecycle of struct browser, child processes in their own
 * process groups, delimited readers on their pipes, the temporary
 * profile directory, and the dispatch to each kind's operations.
 */
#include "browser_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a child's pipes may stay open after it exited (a helper that
 * escaped the process group could hold them forever). */
#define DRAIN_MS 1000
/* SIGTERM, then SIGKILL this much later (browser.h promises 3 s). */
#define KILL_MS 3000
/* Bytes a reader asks libuv to read into at a time. */
#define READ_CHUNK ((size_t)64 << 10)

static void begin_end(struct browser *b);
static void maybe_finish(struct browser *b);

/* ---- options, dispatch ---- */

void browser_opts_init(struct browser_opts *o) {
  memset(o, 0, sizeof *o);
  o->kind = BROWSER_CHROMIUM;
  o->startup_timeout_ms = 30000;
}

static const struct browser_ops *ops_for(enum browser_kind k) {
  switch (k) {
  case BROWSER_CHROMIUM:
    return browser_chromium_ops();
  case BROWSER_FIREFOX:
    return browser_firefox_ops();
  case BROWSER_WEBKIT:
    return browser_webkit_ops();
  }
  return NULL;
}

static const char *kind_name(enum browser_kind k) {
  switch (k) {
  case BROWSER_CHROMIUM:
    return "chromium";
  case BROWSER_FIREFOX:
    return "firefox";
  case BROWSER_WEBKIT:
    return "webkit";
  }
  return "browser";
}

/* ---- messages ---- */

static void vmsg(const struct browser *b, const char *fmt, va_list ap)
    BROWSER_PRINTF(2, 0);

static void vmsg(const struct browser *b, const char *fmt, va_list ap) {
  char line[1024];

  vsnprintf(line, sizeof line, fmt, ap);
  fprintf(stderr, "corsim: %s: %s\n", b->ops ? b->ops->name : "browser", line);
}

void browser__err(const struct browser *b, const char *fmt, ...) {
  va_list ap;

  va_start(ap, fmt);
  vmsg(b, fmt, ap);
  va_end(ap);
}

void browser__log(const struct browser *b, const char *fmt, ...) {
  va_list ap;

  if (!b->o.verbose)
    return;
  va_start(ap, fmt);
  vmsg(b, fmt, ap);
  va_end(ap);
}

void browser__set_version(struct browser *b, const char *fmt, ...) {
  char v[256];
  char *copy;
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(v, sizeof v, fmt, ap);
  va_end(ap);
  copy = strdup(v);
  if (!copy)
    return;
  free(b->version);
  b->version = copy;
}

void browser__fail(struct browser *b, const char *fmt, ...) {
  char why[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  if (b->ending) {
    browser__log(b, "while ending: %s", why);
    return;
  }
  browser__log(b, "failed: %s", why);
  b->why = strdup(why);
  if (!b->why)
    b->why = strdup("out of memory");
  begin_end(b);
}

void browser__console(struct browser *b, const char *kind, const char *level,
                      const char *source, const char *text, size_t len) {
  struct browser_console m;
  uv_timeval64_t tv;

  if (b->user_closed || !b->o.on_console)
    return;
  m.time = 0;
  if (uv_gettimeofday(&tv) == 0)
    m.time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
  m.kind = kind;
  m.level = level;
  m.source = source;
  m.text.ptr = text;
  m.text.len = len;
  b->o.on_console(b->o.user, &m);
}

void browser__ready(struct browser *b) {
  if (b->ready || b->ending)
    return;
  b->ready = true;
  if (b->timers_open)
    uv_timer_stop(&b->startup_timer);
  browser__log(b, "ready (%s)", b->version ? b->version : "version unknown");
  if (b->o.on_ready)
    b->o.on_ready(b->o.user);
}

/* ---- handles ---- */

void browser__track_handle(struct browser *b, uv_handle_t *h) {
  (void)h;
  b->nhandles++;
}

static void tracked_closed(uv_handle_t *h) {
  struct browser *b = h->data;

  b->nhandles--;
  maybe_finish(b);
}

void browser__close_handle(struct browser *b, uv_handle_t *h) {
  if (uv_is_closing(h))
    return;
  h->data = b;
  uv_close(h, tracked_closed);
}

/* ---- readers ---- */

static int reader_reserve(struct browser_reader *r, size_t room) {
  size_t want;
  char *p;

  if (r->cap - r->len > room)
    return 0;
  want = r->cap ? r->cap : READ_CHUNK;
  while (want - r->len <= room)
    want *= 2;
  p = realloc(r->buf, want);
  if (!p)
    return -1;
  r->buf = p;
  r->cap = want;
  return 0;
}

/* Calls the callback for every complete record in r->buf and keeps the
 * incomplete rest. The callback may write to the child or end the
 * browser, but nothing it does frees r (readers are freed only when their
 * pipe's close callback runs, which is never synchronous). */
static void reader_split(struct browser_reader *r, struct browser *b,
                         struct browser_child *c, int fd) {
  size_t start = 0;

  for (;;) {
    char *e = memchr(r->buf + r->scanned, r->delim, r->len - r->scanned);
    size_t end;

    if (!e)
      break;
    end = (size_t)(e - r->buf);
    *e = '\0';
    if (r->skipping)
      r->skipping = false;
    else
      r->cb(b, c, fd, r->buf + start, end - start);
    start = end + 1;
    r->scanned = start;
  }
  if (start > 0) {
    memmove(r->buf, r->buf + start, r->len - start);
    r->len -= start;
  }
  r->scanned = r->len;
  if (r->len > BROWSER_RECORD_MAX) {
    browser__log(b, "%s: skipping a record of more than %zu bytes on fd %d",
                 c ? c->name : "?", (size_t)BROWSER_RECORD_MAX, fd);
    r->skipping = true;
    r->len = 0;
    r->scanned = 0;
  }
  r->cb(b, c, fd, NULL, r->len);
}

int browser__reader_feed(struct browser_reader *r, struct browser *b,
                         struct browser_child *c, int fd, const char *p,
                         size_t n) {
  if (reader_reserve(r, n) != 0)
    return -1;
  memcpy(r->buf + r->len, p, n);
  r->len += n;
  reader_split(r, b, c, fd);
  return 0;
}

void browser__reader_free(struct browser_reader *r) {
  free(r->buf);
  r->buf = NULL;
  r->len = r->cap = r->scanned = 0;
  r->skipping = false;
}

/* ---- children ---- */

static int pipe_fd(const struct browser_child *c, const uv_handle_t *h) {
  return (int)((const uv_pipe_t *)(const void *)h - c->pipe);
}

/* Note on the order of calls: on_exit (or, for an orphan, the free) runs
 * from maybe_finish once nhandles is zero. While a child is active the
 * browser's timers are open (or it is an orphan, which is already
 * ending), so nothing that on_gone below triggers can reach zero: the
 * maybe_finish at the end of this function is the only one that can, and
 * b is not touched after it. */
static void child_check_gone(struct browser_child *c) {
  struct browser *b = c->b;

  if (!c->active || c->running || c->proc_open || c->open_pipes ||
      c->drain_open)
    return;
  c->active = false;
  if (b->main_child >= 0 && &b->child[b->main_child] == c)
    b->status = c->status;
  browser__log(b, "%s is gone", c->name);
  if (c->on_gone) {
    c->on_gone(b, c, c->status);
  } else if (!b->ending) {
    if (c->status < 0)
      browser__fail(b, "%s exited unexpectedly (signal %d, %s)", c->name,
                    -c->status, strsignal(-c->status));
    else
      browser__fail(b, "%s exited unexpectedly (status %d)", c->name,
                    c->status);
  }
  maybe_finish(b);
}

static void child_closed(uv_handle_t *h) {
  struct browser_child *c = h->data;
  struct browser *b = c->b;

  if (h == (uv_handle_t *)&c->proc) {
    c->proc_open = false;
  } else if (h == (uv_handle_t *)&c->drain) {
    c->drain_open = false;
  } else {
    int fd = pipe_fd(c, h);
    c->open_pipes &= ~(1u << fd);
    c->read_pipes &= ~(1u << fd);
    browser__reader_free(&c->rd[fd]);
  }
  b->nhandles--;
  if (c->active)
    child_check_gone(c);
  else
    maybe_finish(b);
}

static void child_close(struct browser_child *c, uv_handle_t *h) {
  if (uv_is_closing(h))
    return;
  h->data = c;
  uv_close(h, child_closed);
}

/* Once the process is gone and no read pipe is left, the drain timer has
 * nothing to wait for. */
static void child_settle(struct browser_child *c) {
  if (!c->running && !c->read_pipes && c->drain_open)
    child_close(c, (uv_handle_t *)&c->drain);
}

static void child_close_pipe(struct browser_child *c, int fd) {
  if (c->open_pipes & (1u << fd))
    child_close(c, (uv_handle_t *)&c->pipe[fd]);
  c->read_pipes &= ~(1u << fd);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  struct browser_child *c = h->data;
  struct browser_reader *r = &c->rd[pipe_fd(c, h)];

  (void)suggested;
  if (reader_reserve(r, READ_CHUNK) != 0) {
    buf->base = NULL;
    buf->len = 0;
    return;
  }
  buf->base = r->buf + r->len;
  buf->len = r->cap - r->len - 1;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  struct browser_child *c = s->data;
  struct browser *b = c->b;
  int fd = pipe_fd(c, (uv_handle_t *)s);
  struct browser_reader *r = &c->rd[fd];

  (void)buf;
  if (nread > 0) {
    r->len += (size_t)nread;
    reader_split(r, b, c, fd);
    return;
  }
  if (nread == 0)
    return;
  if (nread != UV_EOF)
    browser__log(b, "%s: reading fd %d: %s", c->name, fd,
                 uv_strerror((int)nread));
  if (r->len > 0 && !r->skipping) {
    /* The unterminated rest: room for the NUL is always kept. */
    r->buf[r->len] = '\0';
    r->cb(b, c, fd, r->buf, r->len);
    r->len = r->scanned = 0;
    r->cb(b, c, fd, NULL, 0);
  }
  uv_read_stop(s);
  child_close_pipe(c, fd);
  child_settle(c);
}

static void on_drain_timeout(uv_timer_t *t) {
  struct browser_child *c = t->data;
  int fd;

  browser__log(c->b, "%s: closing pipes still open after it exited", c->name);
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
    child_close_pipe(c, fd);
  child_settle(c);
}

static void on_child_exit(uv_process_t *p, int64_t status, int sig) {
  struct browser_child *c = p->data;
  struct browser *b = c->b;
  int fd;

  c->running = false;
  c->status = sig ? -sig : (int)status;
  browser__log(b, "%s (pid %d) exited, %s %d", c->name, c->pid,
               sig ? "signal" : "status", sig ? sig : (int)status);
  /* Helpers left in its group (renderers, web processes) go too. */
  uv_kill(-c->pid, SIGKILL);
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
    if ((c->open_pipes & (1u << fd)) && !(c->read_pipes & (1u << fd)))
      child_close_pipe(c, fd);
  child_close(c, (uv_handle_t *)&c->proc);
  if (c->read_pipes) {
    c->drain.data = c;
    uv_timer_start(&c->drain, on_drain_timeout, DRAIN_MS, 0);
  }
  child_settle(c);
}

void browser__kill(struct browser_child *c, int sig) {
  if (!c->running)
    return;
  if (uv_kill(-c->pid, sig) != 0)
    uv_process_kill(&c->proc, sig);
}

void browser__set_main(struct browser *b, struct browser_child *c) {
  b->main_child = (int)(c - b->child);
}

int browser__spawn(struct browser *b, struct browser_child *c,
                   const struct browser_spawn *s) {
  uv_stdio_container_t stdio[BROWSER_CHILD_FDS];
  uv_process_options_t po;
  int fd, nstdio = 3, rc;

  if (b->ending)
    return UV_ECANCELED;
  if (c->active) {
    browser__err(b, "%s: spawned while still running", s->name);
    return UV_EBUSY;
  }
  c->b = b;
  c->name = s->name;
  c->on_gone = s->on_gone;
  c->open_pipes = c->read_pipes = 0;
  c->status = 0;
  memset(stdio, 0, sizeof stdio);
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++) {
    stdio[fd].flags = UV_IGNORE;
    switch (s->fd[fd]) {
    case BROWSER_FD_INHERIT:
      stdio[fd].flags = UV_INHERIT_FD;
      stdio[fd].data.fd = fd;
      break;
    case BROWSER_FD_READ:
    case BROWSER_FD_WRITE:
      uv_pipe_init(b->loop, &c->pipe[fd], 0);
      c->pipe[fd].data = c;
      b->nhandles++;
      c->open_pipes |= 1u << fd;
      stdio[fd].data.stream = (uv_stream_t *)&c->pipe[fd];
      if (s->fd[fd] == BROWSER_FD_READ) {
        stdio[fd].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
      } else {
        stdio[fd].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
        c->read_pipes |= 1u << fd;
        memset(&c->rd[fd], 0, sizeof c->rd[fd]);
        c->rd[fd].delim = s->delim[fd];
        c->rd[fd].cb = s->on_record;
      }
      break;
    default:
      break;
    }
    if (s->fd[fd] != BROWSER_FD_NONE && fd + 1 > nstdio)
      nstdio = fd + 1;
  }
  memset(&po, 0, sizeof po);
  po.exit_cb = on_child_exit;
  po.file = s->file;
  po.args = (char **)s->args; /* libuv does not write to them */
  po.env = s->env;
  /* Its own session and process group: browser__kill and the clean-up
   * after exit reach every helper process it starts. */
  po.flags = UV_PROCESS_DETACHED;
  po.stdio_count = nstdio;
  po.stdio = stdio;
  c->proc.data = c;
  rc = uv_spawn(b->loop, &c->proc, &po);
  c->proc_open = true;
  b->nhandles++;
  if (rc != 0) {
    browser__err(b, "cannot start %s (%s): %s", s->name, s->file,
                 uv_strerror(rc));
    child_close(c, (uv_handle_t *)&c->proc);
    for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
      child_close_pipe(c, fd);
    return rc;
  }
  c->pid = c->proc.pid;
  c->active = true;
  c->running = true;
  uv_timer_init(b->loop, &c->drain);
  c->drain.data = c;
  c->drain_open = true;
  b->nhandles++;
  if (b->o.verbose) {
    const char *const *a;
    fprintf(stderr, "corsim: %s: started %s (pid %d):", b->ops->name, s->name,
            c->pid);
    for (a = s->args; *a; a++)
      fprintf(stderr, " %s", *a);
    fputc('\n', stderr);
  }
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++) {
    if (!(c->read_pipes & (1u << fd)))
      continue;
    rc = uv_read_start((uv_stream_t *)&c->pipe[fd], on_alloc, on_read);
    if (rc != 0) {
      browser__fail(b, "cannot read from %s: %s", s->name, uv_strerror(rc));
      break;
    }
  }
  return 0;
}

struct write_req {
  uv_write_t req;
  struct browser *b;
  char data[];
};

static void on_written(uv_write_t *req, int status) {
  struct write_req *w = (struct write_req *)(void *)req;

  if (status != 0 && status != UV_ECANCELED)
    browser__log(w->b, "write failed: %s", uv_strerror(status));
  free(w);
}

int browser__write(struct browser_child *c, int fd, const void *p, size_t len) {
  struct write_req *w;
  uv_buf_t buf;
  int rc;

  if (fd < 0 || fd >= BROWSER_CHILD_FDS || !(c->open_pipes & (1u << fd)) ||
      (c->read_pipes & (1u << fd)) ||
      uv_is_closing((uv_handle_t *)&c->pipe[fd]))
    return UV_EPIPE;
  w = malloc(sizeof *w + len);
  if (!w)
    return UV_ENOMEM;
  w->b = c->b;
  memcpy(w->data, p, len);
  buf = uv_buf_init(w->data, (unsigned)len);
  rc = uv_write(&w->req, (uv_stream_t *)&c->pipe[fd], &buf, 1, on_written);
  if (rc != 0)
    free(w);
  return rc;
}

/* ---- lifecycle ---- */

static void on_kill_timeout(uv_timer_t *t) {
  struct browser *b = t->data;
  int i;

  b->killed = true;
  for (i = 0; i < BROWSER_MAX_CHILDREN; i++) {
    if (b->child[i].running) {
      browser__log(b, "%s still runs after %d ms: SIGKILL", b->child[i].name,
                   KILL_MS);
      browser__kill(&b->child[i], SIGKILL);
    }
  }
}

static void on_startup_timeout(uv_timer_t *t) {
  struct browser *b = t->data;

  browser__fail(b, "not ready after %u ms", b->o.startup_timeout_ms);
}

static void begin_end(struct browser *b) {
  bool any = false;
  int i;

  if (b->ending)
    return;
  b->ending = true;
  if (b->timers_open)
    uv_timer_stop(&b->startup_timer);
  if (b->ops->close)
    b->ops->close(b);
  for (i = 0; i < BROWSER_MAX_CHILDREN; i++) {
    if (b->child[i].running) {
      browser__kill(&b->child[i], b->orphan ? SIGKILL : SIGTERM);
      any = true;
    }
  }
  if (any && b->timers_open) {
    b->kill_timer.data = b;
    uv_timer_start(&b->kill_timer, on_kill_timeout, KILL_MS, 0);
  }
  maybe_finish(b);
}

static void free_all(struct browser *b) {
  int i, fd;

  if (b->ops && b->ops->free)
    b->ops->free(b);
  for (i = 0; i < BROWSER_MAX_CHILDREN; i++)
    for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
      browser__reader_free(&b->child[i].rd[fd]);
  free(b->binary);
  free(b->version);
  free(b->profile);
  free(b->why);
  free(b);
}

static void remove_profile(struct browser *b) {
  int tries;

  if (!b->profile || !*b->profile)
    return;
  /* A helper killed a moment ago may still have been creating files:
   * a second pass catches those. */
  for (tries = 0; tries < 3; tries++)
    if (browser__rmtree(b->profile) == 0)
      break;
  if (tries == 3)
    browser__err(b, "cannot remove %s: %s", b->profile, strerror(errno));
  else
    browser__log(b, "removed %s", b->profile);
  b->profile[0] = '\0';
}

static void maybe_finish(struct browser *b) {
  int i;

  if (!b->ending || b->done)
    return;
  for (i = 0; i < BROWSER_MAX_CHILDREN; i++)
    if (b->child[i].active)
      return;
  if (b->timers_open) {
    b->timers_open = false;
    browser__close_handle(b, (uv_handle_t *)&b->startup_timer);
    browser__close_handle(b, (uv_handle_t *)&b->kill_timer);
  }
  if (b->nhandles > 0)
    return;
  b->done = true;
  remove_profile(b);
  if (b->orphan) {
    free_all(b);
    return;
  }
  /* The user may free b in on_exit: b is not touched afterwards. */
  if (b->o.on_exit)
    b->o.on_exit(b->o.user, b->status, b->why);
}

int browser_launch(struct browser **out, uv_loop_t *loop,
                   const struct browser_opts *o) {
  const struct browser_ops *ops = ops_for(o->kind);
  struct browser *b;
  int i;

  *out = NULL;
  if (!ops) {
    fprintf(stderr, "corsim: %s: %s support not built\n", kind_name(o->kind),
            kind_name(o->kind));
    return -1;
  }
  if (o->record_network && ops->har == NULL) {
    fprintf(stderr,
            "corsim: %s: recording the network (a HAR) is not supported\n",
            ops->name);
    return -1;
  }
  if (o->record_network && ops->har == NULL) {
    fprintf(stderr, "corsim: %s: recording the network (a HAR) is not "
                    "supported\n", ops->name);
    return -1;
  }
  b = calloc(1, sizeof *b);
  if (!b) {
    fprintf(stderr, "corsim: %s: out of memory\n", ops->name);
    return -1;
  }
  b->loop = loop;
  b->o = *o;
  b->ops = ops;
  b->main_child = -1;
  for (i = 0; i < BROWSER_MAX_CHILDREN; i++)
    b->child[i].b = b;
  if (o->binary) {
    b->binary = strdup(o->binary);
    if (!b->binary) {
      browser__err(b, "out of memory");
      free_all(b);
      return -1;
    }
  }
  b->o.binary = b->binary;
  if (b->o.startup_timeout_ms == 0)
    b->o.startup_timeout_ms = 30000;
  b->profile = browser__mkdtemp(ops->name);
  if (!b->profile) {
    free_all(b);
    return -1;
  }
  if (ops->launch(b) != 0) {
    remove_profile(b);
    if (b->nhandles == 0) {
      free_all(b);
      return -1;
    }
    /* Handles are open (a child was started before the failure): they
     * close on the loop, and the browser then frees itself. */
    b->orphan = true;
    begin_end(b);
    return -1;
  }
  uv_timer_init(loop, &b->startup_timer);
  uv_timer_init(loop, &b->kill_timer);
  b->startup_timer.data = b;
  b->kill_timer.data = b;
  b->nhandles += 2;
  b->timers_open = true;
  uv_timer_start(&b->startup_timer, on_startup_timeout, b->o.startup_timeout_ms,
                 0);
  *out = b;
  return 0;
}

const char *browser_version(const struct browser *b) {
  return b ? b->version : NULL;
}

struct json_t *browser_har(struct browser *b) {
  if (b == NULL || !b->o.record_network || b->ops == NULL ||
      b->ops->har == NULL)
    return NULL;
  return b->ops->har(b);
}

int browser_navigate(struct browser *b, const char *url) {
  if (!b || !url)
    return -1;
  if (b->ending) {
    browser__err(b, "cannot navigate: the browser is ending");
    return -1;
  }
  if (!b->ready) {
    browser__err(b, "cannot navigate before the browser is ready");
    return -1;
  }
  browser__log(b, "navigate to %s", url);
  return b->ops->navigate(b, url);
}

void browser_close(struct browser *b) {
  if (!b)
    return;
  b->user_closed = true;
  begin_end(b);
}

void browser_free(struct browser *b) {
  if (!b)
    return;
  if (!b->done) {
    /* Freeing now would leave libuv holding freed handles: leak instead. */
    browser__err(b, "browser_free before on_exit: not freed");
    return;
  }
  free_all(b);
}

/* ---- files and environment ---- */

char *browser__mkdtemp(const char *tag) {
  const char *tmp = getenv("TMPDIR");
  char *path;
  size_t n;

  if (!tmp || tmp[0] != '/')
    tmp = "/tmp";
  n = strlen(tmp) + strlen(tag) + sizeof "/corsim--XXXXXX";
  path = malloc(n);
  if (!path) {
    fprintf(stderr, "corsim: %s: out of memory\n", tag);
    return NULL;
  }
  snprintf(path, n, "%s/corsim-%s-XXXXXX", tmp, tag);
  if (!mkdtemp(path)) {
    fprintf(stderr,
            "corsim: %s: cannot make a profile directory under %s: %s\n", tag,
            tmp, strerror(errno));
    free(path);
    return NULL;
  }
  return path;
}

/* Removes name (relative to the open directory dfd). Directories are
 * entered with O_NOFOLLOW and checked to be what fstatat saw, so a
 * symbolic link swapped in meanwhile is never followed; directories on
 * another file system (a mount point) are not entered. */
static int rm_at(int dfd, const char *name, dev_t dev, int depth) {
  struct stat st, st2;
  DIR *d;
  int fd, rc = 0;

  if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) {
    if (unlinkat(dfd, name, 0) != 0 && errno != ENOENT)
      return -1;
    return 0;
  }
  if (depth > 0 && st.st_dev != dev) {
    errno = EXDEV;
    return -1;
  }
  if (depth > 256) {
    errno = ELOOP;
    return -1;
  }
  fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? 0 : -1;
  if (fstat(fd, &st2) != 0 || st2.st_dev != st.st_dev ||
      st2.st_ino != st.st_ino) {
    close(fd);
    errno = EAGAIN;
    return -1;
  }
  d = fdopendir(fd);
  if (!d) {
    close(fd);
    return -1;
  }
  for (;;) {
    struct dirent *de;

    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno != 0)
        rc = -1;
      break;
    }
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    if (rm_at(dirfd(d), de->d_name, st.st_dev, depth + 1) != 0)
      rc = -1;
  }
  closedir(d);
  if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
    rc = -1;
  return rc;
}

int browser__rmtree(const char *path) { return rm_at(AT_FDCWD, path, 0, 0); }

bool browser__is_exec(const char *path) {
  struct stat st;

  return path && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
         access(path, X_OK) == 0;
}

void browser__env_free(char **env) {
  char **e;

  if (!env)
    return;
  for (e = env; *e; e++)
    free(*e);
  free(env);
}

static bool in_keys(const char *name, const char *const *list) {
  size_t n = strlen(name);

  for (; list && *list; list++) {
    const char *eq = strchr(*list, '=');
    size_t k = eq ? (size_t)(eq - *list) : strlen(*list);
    if (k == n && memcmp(*list, name, n) == 0)
      return true;
  }
  return false;
}

static char *env_item(const char *name, const char *value) {
  size_t n = strlen(name) + strlen(value) + 2;
  char *s = malloc(n);

  if (s)
    snprintf(s, n, "%s=%s", name, value);
  return s;
}

char **browser__env(const char *const *set, const char *const *unset) {
  uv_env_item_t *items = NULL;
  char **env;
  size_t k = 0, nset = 0;
  int count = 0, i;

  if (uv_os_environ(&items, &count) != 0)
    return NULL;
  while (set && set[nset])
    nset++;
  env = calloc((size_t)count + nset + 1, sizeof *env);
  if (!env)
    goto fail;
  for (i = 0; i < count; i++) {
    if (in_keys(items[i].name, set) || in_keys(items[i].name, unset))
      continue;
    env[k] = env_item(items[i].name, items[i].value);
    if (!env[k])
      goto fail;
    k++;
  }
  for (i = 0; (size_t)i < nset; i++) {
    env[k] = strdup(set[i]);
    if (!env[k])
      goto fail;
    k++;
  }
  uv_os_free_environ(items, count);
  return env;
fail:
  uv_os_free_environ(items, count);
  browser__env_free(env);
  return NULL;
}
