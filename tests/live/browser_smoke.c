/*
 * browser_smoke.c - drives each installed browser through browser.h
 * against a tiny loopback HTTP server and checks that the console lines
 * arrive, in order, across cross-site navigations (127.0.0.1 ->
 * localhost -> [::1]), then that a second browser_navigate works, that
 * browser_close ends it with why NULL and removes the profile, and that
 * a browser killed from outside is reported with a reason. Also checks
 * the record splitter on split and merged reads and the parser of
 * MiniBrowser's console lines. Built and run by tests/live/browser-smoke.sh.
 *
 *   browser-smoke [chromium|firefox|webkit]...   (default: all three;
 *   a browser that is not installed is skipped with a message)
 *
 * Prints the timings: launch to ready, navigate to the first console
 * line. Exit status 0 when every run browser passed.
 */
#include "browser_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                              \
    }                                                                          \
  } while (0)

static int failures;

/* ---- a tiny HTTP server on 127.0.0.1:port and [::1]:port ---- */

struct server {
  uv_loop_t *loop;
  uv_tcp_t v4, v6;
  int port;
};

struct conn {
  uv_tcp_t tcp;
  struct server *srv;
  char buf[8192];
  size_t len;
  bool answered;
};

struct wreq {
  uv_write_t req;
  struct conn *conn;
  char data[];
};

static void conn_closed(uv_handle_t *h) { free(h->data); }

static void conn_close(struct conn *c) {
  if (!uv_is_closing((uv_handle_t *)&c->tcp))
    uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void written(uv_write_t *req, int status) {
  struct wreq *w = (struct wreq *)(void *)req;

  (void)status;
  conn_close(w->conn);
  free(w);
}

static const char *page(const char *path, int port, char *out, size_t n) {
  if (strcmp(path, "/p1") == 0)
    snprintf(out, n,
             "<!doctype html><title>p1</title><script>\n"
             "console.log(\"hello\");\n"
             "fetch(\"http://localhost:%d/api\")\n"
             "  .then(function () { console.log(\"unexpected\"); })\n"
             "  .catch(function () { console.log(\"caught1\");\n"
             "    location.href = \"http://localhost:%d/p2\"; });\n"
             "</script>\n",
             port, port);
  else if (strcmp(path, "/p2") == 0)
    snprintf(out, n,
             "<!doctype html><title>p2</title><script>\n"
             "console.log(\"page2 \" + location.host);\n"
             "fetch(\"http://127.0.0.1:%d/api\")\n"
             "  .catch(function () { console.log(\"caught2\");\n"
             "    location.href = \"http://[::1]:%d/p3\"; });\n"
             "</script>\n",
             port, port);
  else if (strcmp(path, "/p3") == 0)
    snprintf(out, n,
             "<!doctype html><title>p3</title><script>\n"
             "console.log(\"page3 \" + location.host);\n"
             "console.log(\"two\", 2, true, null);\n"
             "console.warn(\"line one\\nline two\");\n"
             "setTimeout(function () { throw new Error(\"boom\"); }, 0);\n"
             "setTimeout(function () { console.log(\"done\"); }, 100);\n"
             "</script>\n");
  else if (strcmp(path, "/p4") == 0)
    snprintf(out, n,
             "<!doctype html><title>p4</title><script>\n"
             "console.log(\"again\");\n"
             "</script><iframe src=\"http://localhost:%d/frame\"></iframe>\n",
             port);
  else if (strcmp(path, "/frame") == 0)
    /* Cross-site: in Chromium a frame in another process, reported
     * through Target.setAutoAttach. */
    snprintf(out, n,
             "<!doctype html><script>console.log(\"frame \" + location.host);"
             "</script>\n");
  else
    return NULL;
  return out;
}

static void respond(struct conn *c) {
  char path[256], body[2048];
  const char *sp, *sp2, *b = NULL, *status = "404 Not Found",
                        *type = "text/plain";
  struct wreq *w;
  size_t plen, n;
  uv_buf_t buf;

  c->answered = true;
  sp = memchr(c->buf, ' ', c->len);
  sp2 = sp ? memchr(sp + 1, ' ', c->len - (size_t)(sp + 1 - c->buf)) : NULL;
  plen = sp2 ? (size_t)(sp2 - sp - 1) : 0;
  if (plen > 0 && plen < sizeof path) {
    memcpy(path, sp + 1, plen);
    path[plen] = '\0';
    if (strcmp(path, "/api") == 0) {
      /* No Access-Control-Allow-Origin: every cross-origin fetch fails. */
      b = "x";
      status = "200 OK";
    } else {
      b = page(path, c->srv->port, body, sizeof body);
      if (b) {
        status = "200 OK";
        type = "text/html; charset=utf-8";
      }
    }
  }
  if (!b)
    b = "not found";
  n = strlen(b) + 256;
  w = malloc(sizeof *w + n);
  if (!w) {
    conn_close(c);
    return;
  }
  w->conn = c;
  snprintf(w->data, n,
           "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
           "Cache-Control: no-store\r\nConnection: close\r\n\r\n%s",
           status, type, strlen(b), b);
  buf = uv_buf_init(w->data, (unsigned)strlen(w->data));
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, written) != 0) {
    free(w);
    conn_close(c);
  }
}

static void conn_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  struct conn *c = h->data;

  (void)suggested;
  buf->base = c->buf + c->len;
  buf->len = sizeof c->buf - c->len - 1;
}

static void conn_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  struct conn *c = s->data;

  (void)buf;
  if (nread < 0) {
    conn_close(c);
    return;
  }
  c->len += (size_t)nread;
  c->buf[c->len] = '\0';
  if (!c->answered && strstr(c->buf, "\r\n\r\n")) {
    uv_read_stop(s);
    respond(c);
  } else if (c->len + 1 >= sizeof c->buf) {
    conn_close(c);
  }
}

static void on_connection(uv_stream_t *server, int status) {
  struct server *srv = server->data;
  struct conn *c;

  if (status != 0)
    return;
  c = calloc(1, sizeof *c);
  if (!c)
    return;
  c->srv = srv;
  uv_tcp_init(srv->loop, &c->tcp);
  c->tcp.data = c;
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
      uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read) != 0)
    conn_close(c);
}

static int server_start(struct server *srv, uv_loop_t *loop) {
  int attempt;

  srv->loop = loop;
  for (attempt = 0; attempt < 20; attempt++) {
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr_storage got;
    int len = sizeof got;

    uv_tcp_init(loop, &srv->v4);
    uv_tcp_init(loop, &srv->v6);
    srv->v4.data = srv->v6.data = srv;
    uv_ip4_addr("127.0.0.1", 0, &a4);
    if (uv_tcp_bind(&srv->v4, (const struct sockaddr *)&a4, 0) == 0 &&
        uv_listen((uv_stream_t *)&srv->v4, 64, on_connection) == 0 &&
        uv_tcp_getsockname(&srv->v4, (struct sockaddr *)&got, &len) == 0) {
      srv->port = ntohs(((struct sockaddr_in *)&got)->sin_port);
      uv_ip6_addr("::1", srv->port, &a6);
      if (uv_tcp_bind(&srv->v6, (const struct sockaddr *)&a6,
                      UV_TCP_IPV6ONLY) == 0 &&
          uv_listen((uv_stream_t *)&srv->v6, 64, on_connection) == 0)
        return 0;
    }
    uv_close((uv_handle_t *)&srv->v4, NULL);
    uv_close((uv_handle_t *)&srv->v6, NULL);
    uv_run(loop, UV_RUN_NOWAIT);
  }
  return -1;
}

static void server_stop(struct server *srv) {
  uv_close((uv_handle_t *)&srv->v4, NULL);
  uv_close((uv_handle_t *)&srv->v6, NULL);
}

/* ---- one run of a browser ---- */

struct expect {
  const char *kind;
  char text[160]; /* exact for "log", a substring for "error" */
};

enum mode { MODE_FULL, MODE_KILL, MODE_TIMEOUT };

struct run {
  uv_loop_t *loop;
  struct browser *b;
  enum browser_kind kind;
  const char *name;
  enum mode mode;
  int port;
  struct expect exp[16];
  int nexp, next;
  int got_lines;
  bool ready, exited, navigated2, killed, deadline_closed;
  int exit_status;
  char *why;
  char *profile;
  uint64_t t_launch, t_ready, t_nav, t_first, t_nav2, t_first2;
  uv_timer_t deadline;
};

static double ms(uint64_t from, uint64_t to) {
  return to > from ? (double)(to - from) / 1e6 : 0.0;
}

static void add_expect(struct run *r, const char *kind, const char *fmt, ...) {
  va_list ap;
  struct expect *e = &r->exp[r->nexp++];

  e->kind = kind;
  va_start(ap, fmt);
  vsnprintf(e->text, sizeof e->text, fmt, ap);
  va_end(ap);
}

static bool matches(const struct expect *e, const struct browser_console *m) {
  if (strcmp(e->kind, m->kind) != 0)
    return false;
  if (strcmp(e->kind, "log") == 0)
    return strlen(e->text) == m->text.len &&
           memcmp(e->text, m->text.ptr, m->text.len) == 0;
  return strstr(m->text.ptr, e->text) != NULL;
}

static void navigate(struct run *r, const char *host, const char *path) {
  char url[128];

  snprintf(url, sizeof url, "http://%s:%d%s", host, r->port, path);
  if (browser_navigate(r->b, url) != 0) {
    fprintf(stderr, "%s: browser_navigate(%s) failed\n", r->name, url);
    failures++;
    browser_close(r->b);
  }
}

static void on_ready(void *user) {
  struct run *r = user;

  r->ready = true;
  r->t_ready = uv_hrtime();
  printf("  %s: ready after %.0f ms: %s\n", r->name,
         ms(r->t_launch, r->t_ready),
         browser_version(r->b) ? browser_version(r->b) : "(no version)");
  r->t_nav = uv_hrtime();
  navigate(r, "127.0.0.1", "/p1");
}

static void on_console(void *user, const struct browser_console *m) {
  struct run *r = user;
  uint64_t now = uv_hrtime();

  if (!r->t_first)
    r->t_first = now;
  if (r->navigated2 && !r->t_first2)
    r->t_first2 = now;
  r->got_lines++;
  printf("  %s: +%6.0f ms [%s/%s/%s] %.*s\n", r->name, ms(r->t_launch, now),
         m->kind, m->level, m->source, (int)m->text.len, m->text.ptr);
  CHECK(m->text.ptr[m->text.len] == '\0' || m->text.len == 0);
  if (r->next < r->nexp && matches(&r->exp[r->next], m))
    r->next++;
  if (r->mode == MODE_KILL && !r->killed && r->next == 1) {
    struct browser_child *c = &r->b->child[r->b->main_child];
    r->killed = true;
    printf("  %s: killing %s (pid %d) from outside\n", r->name, c->name,
           c->pid);
    kill(c->pid, SIGKILL);
    return;
  }
  if (r->mode == MODE_FULL && r->next == r->nexp - 2 && !r->navigated2) {
    /* All of p1..p3 seen: a second navigation by the API. */
    r->navigated2 = true;
    r->t_nav2 = uv_hrtime();
    navigate(r, "127.0.0.1", "/p4");
  } else if (r->mode == MODE_FULL && r->next == r->nexp) {
    browser_close(r->b);
  }
}

static void deadline_closed(uv_handle_t *h) {
  struct run *r = h->data;

  r->deadline_closed = true;
}

static void on_exit_cb(void *user, int status, const char *why) {
  struct run *r = user;

  r->exited = true;
  r->exit_status = status;
  r->why = why ? strdup(why) : NULL;
  printf("  %s: exited, status %d, why %s\n", r->name, status,
         why ? why : "(null)");
  uv_close((uv_handle_t *)&r->deadline, deadline_closed);
}

static void on_deadline(uv_timer_t *t) {
  struct run *r = t->data;

  fprintf(stderr, "%s: no result after 90 s (matched %d of %d lines)\n",
          r->name, r->next, r->nexp);
  failures++;
  browser_close(r->b);
}

static bool installed(enum browser_kind k) {
  static const char *const webkit[] = {
      "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/libexec/webkit2gtk-4.1/MiniBrowser", NULL};
  const char *const *p;

  switch (k) {
  case BROWSER_CHROMIUM:
    return browser__is_exec("/usr/bin/chromium");
  case BROWSER_FIREFOX:
    return browser__is_exec("/usr/bin/firefox-esr");
  case BROWSER_WEBKIT:
    if (!browser__is_exec("/usr/bin/Xvfb"))
      return false;
    for (p = webkit; *p; p++)
      if (browser__is_exec(*p))
        return true;
    return false;
  }
  return false;
}

static int run_browser(uv_loop_t *loop, struct server *srv,
                       enum browser_kind kind, const char *name,
                       enum mode mode) {
  struct run r;
  struct browser_opts o;
  struct stat st;
  int failed_before = failures;

  memset(&r, 0, sizeof r);
  r.loop = loop;
  r.kind = kind;
  r.name = name;
  r.mode = mode;
  r.port = srv->port;
  if (mode != MODE_TIMEOUT)
    add_expect(&r, "log", "hello");
  if (mode == MODE_FULL) {
    add_expect(&r, "error", "localhost:%d/api", r.port);
    add_expect(&r, "log", "caught1");
    add_expect(&r, "log", "page2 localhost:%d", r.port);
    add_expect(&r, "error", "127.0.0.1:%d/api", r.port);
    add_expect(&r, "log", "caught2");
    add_expect(&r, "log", "page3 [::1]:%d", r.port);
    add_expect(&r, "log", "two 2 true null");
    add_expect(&r, "log", "line one\nline two");
    add_expect(&r, "error", "boom");
    add_expect(&r, "log", "done");
    add_expect(&r, "log", "again");
    add_expect(&r, "log", "frame localhost:%d", r.port);
  }
  browser_opts_init(&o);
  o.kind = kind;
  o.on_ready = on_ready;
  o.on_console = on_console;
  o.on_exit = on_exit_cb;
  o.user = &r;
  o.verbose = getenv("SMOKE_VERBOSE") != NULL;
  if (mode == MODE_TIMEOUT)
    o.startup_timeout_ms = 50;
  uv_timer_init(loop, &r.deadline);
  r.deadline.data = &r;
  r.t_launch = uv_hrtime();
  if (browser_launch(&r.b, loop, &o) != 0) {
    fprintf(stderr, "%s: launch failed\n", name);
    uv_close((uv_handle_t *)&r.deadline, deadline_closed);
    while (!r.deadline_closed && uv_run(loop, UV_RUN_ONCE))
      ;
    return ++failures;
  }
  r.profile = strdup(r.b->profile);
  CHECK(r.profile && stat(r.profile, &st) == 0 && S_ISDIR(st.st_mode));
  uv_timer_start(&r.deadline, on_deadline, 90000, 0);
  /* r lives on this stack: run until its timer is closed too. */
  while (!(r.exited && r.deadline_closed) && uv_run(loop, UV_RUN_ONCE))
    ;
  CHECK(r.exited);
  if (r.exited) {
    browser_free(r.b);
    CHECK(stat(r.profile, &st) != 0 && errno == ENOENT);
  }
  if (r.next != r.nexp) {
    fprintf(stderr, "%s: matched %d of %d expected lines; missing [%s] %s\n",
            name, r.next, r.nexp, r.exp[r.next].kind, r.exp[r.next].text);
    failures++;
  }
  if (mode == MODE_FULL) {
    CHECK(r.why == NULL);
    printf(
        "  %s: TIMING launch->ready %.0f ms, navigate->first console %.0f ms, "
        "second navigate->first console %.0f ms\n",
        name, ms(r.t_launch, r.t_ready), ms(r.t_nav, r.t_first),
        ms(r.t_nav2, r.t_first2));
  } else if (mode == MODE_KILL) {
    CHECK(r.why != NULL);
    CHECK(r.exit_status == -SIGKILL);
  } else {
    CHECK(!r.ready);
    CHECK(r.why != NULL && strstr(r.why, "not ready after 50 ms") != NULL);
  }
  free(r.why);
  free(r.profile);
  return failures - failed_before;
}

/* ---- loop-free checks ---- */

struct collect {
  char recs[8][64];
  int n, ends;
};

static void collect_cb(struct browser *b, struct browser_child *c, int fd,
                       char *rec, size_t len) {
  struct collect *col = c->user;

  (void)b;
  (void)fd;
  if (!rec) {
    col->ends++;
    return;
  }
  if (col->n < 8 && len < 64) {
    memcpy(col->recs[col->n], rec, len + 1);
    col->n++;
  }
}

static void check_reader(void) {
  static const char msg[] =
      "{\"id\":1}\0{\"method\":\"x\"}\0{\"id\":2,\"r\":\"a b\"}\0tail";
  struct browser_reader r;
  struct browser_child child;
  struct collect col;
  size_t i;

  memset(&child, 0, sizeof child);
  child.user = &col;

  /* Byte by byte: every record split across reads. */
  memset(&r, 0, sizeof r);
  memset(&col, 0, sizeof col);
  r.delim = '\0';
  r.cb = collect_cb;
  for (i = 0; i < sizeof msg - 1; i++)
    CHECK(browser__reader_feed(&r, NULL, &child, 4, msg + i, 1) == 0);
  CHECK(col.n == 3);
  CHECK(strcmp(col.recs[0], "{\"id\":1}") == 0);
  CHECK(strcmp(col.recs[1], "{\"method\":\"x\"}") == 0);
  CHECK(strcmp(col.recs[2], "{\"id\":2,\"r\":\"a b\"}") == 0);
  CHECK(r.len == 4 && memcmp(r.buf, "tail", 4) == 0);
  CHECK(col.ends == (int)(sizeof msg - 1));
  browser__reader_free(&r);

  /* All at once: several records in one read, in order. */
  memset(&r, 0, sizeof r);
  memset(&col, 0, sizeof col);
  r.delim = '\0';
  r.cb = collect_cb;
  CHECK(browser__reader_feed(&r, NULL, &child, 4, msg, sizeof msg - 1) == 0);
  CHECK(col.n == 3 && col.ends == 1);
  CHECK(strcmp(col.recs[1], "{\"method\":\"x\"}") == 0);
  browser__reader_free(&r);
}

static void check_line(const char *line, bool ok, const char *kind,
                       const char *level, const char *source,
                       const char *text) {
  struct browser_console m;
  bool got = browser__webkit_parse_line(line, strlen(line), &m);

  CHECK(got == ok);
  if (!got || !ok)
    return;
  if (strcmp(m.kind, kind) != 0 || strcmp(m.level, level) != 0 ||
      strcmp(m.source, source) != 0 || m.text.len != strlen(text) ||
      memcmp(m.text.ptr, text, m.text.len) != 0) {
    fprintf(stderr, "parse \"%s\": got %s/%s/%s \"%.*s\"\n", line, m.kind,
            m.level, m.source, (int)m.text.len, m.text.ptr);
    failures++;
  }
}

static void check_webkit_lines(void) {
  check_line("http://127.0.0.1:8765/:2:12: CONSOLE LOG hello", true, "log",
             "log", "", "hello");
  check_line("http://127.0.0.1:8765/:3:13: CONSOLE WARN warn 1 [object Object]",
             true, "log", "warning", "", "warn 1 [object Object]");
  check_line("http://127.0.0.1:8765/:4:14: CONSOLE ERROR err", true, "log",
             "error", "", "err");
  check_line(
      "CONSOLE SECURITY ERROR Origin http://127.0.0.1:8765 is not allowed by "
      "Access-Control-Allow-Origin. Status code: 200",
      true, "error", "error", "security",
      "Origin http://127.0.0.1:8765 is not allowed by "
      "Access-Control-Allow-Origin. "
      "Status code: 200");
  check_line("CONSOLE JS ERROR Fetch API cannot load http://localhost:8765/api "
             "due to access "
             "control checks.",
             true, "error", "error", "javascript",
             "Fetch API cannot load http://localhost:8765/api due to access "
             "control checks.");
  check_line("http://localhost:8765/p2:3:41: CONSOLE JS ERROR Error: boom",
             true, "error", "error", "javascript", "Error: boom");
  check_line("file:///tmp/x.html:2: CONSOLE JS ERROR SyntaxError: Unexpected "
             "identifier",
             true, "error", "error", "javascript",
             "SyntaxError: Unexpected identifier");
  check_line("http://[::1]:8765/p3:1:35: CONSOLE LOG page3 http://[::1]:8765",
             true, "log", "log", "", "page3 http://[::1]:8765");
  check_line("file:///x.html:1:158: CONSOLE LOG ", true, "log", "log", "", "");
  check_line("file:///x.html:1:35: CONSOLE DIR [object Object]", true, "log",
             "dir", "", "[object Object]");
  check_line("file:///x.html:1:89: CONSOLE ASSERT ERROR as", true, "log",
             "assert", "", "as");
  check_line("file:///x.html:1:164: CONSOLE ENDGROUP", true, "log", "endGroup",
             "", "");
  check_line("file:///x.html:1:1: CONSOLE LOG ERROR in text", true, "log",
             "log", "", "ERROR in text");
  check_line("file:///x.html:1:1: CONSOLE DEBUG d", true, "log", "debug", "",
             "d");
  check_line("b", false, NULL, NULL, NULL, NULL);
  check_line("0: global code(file:///tmp/exp/ml.html:1:120)", false, NULL, NULL,
             NULL, NULL);
  check_line("(MiniBrowser:123): Gtk-WARNING **: cannot open display", false,
             NULL, NULL, NULL, NULL);
  check_line("x: CONSOLE FOO bar", false, NULL, NULL, NULL, NULL);
  check_line("CONSOLELOG x", false, NULL, NULL, NULL, NULL);
}

static void check_rmtree(void) {
  char *d = browser__mkdtemp("smoke");
  char path[512];
  FILE *f;
  struct stat st;

  CHECK(d != NULL);
  if (!d)
    return;
  snprintf(path, sizeof path, "%s/a", d);
  CHECK(mkdir(path, 0700) == 0);
  snprintf(path, sizeof path, "%s/a/f", d);
  f = fopen(path, "w");
  CHECK(f != NULL);
  if (f)
    fclose(f);
  /* A link to a directory outside: removed, its target untouched. */
  snprintf(path, sizeof path, "%s/a/link", d);
  CHECK(symlink("/usr/share", path) == 0);
  CHECK(browser__rmtree(d) == 0);
  CHECK(stat(d, &st) != 0 && errno == ENOENT);
  CHECK(stat("/usr/share", &st) == 0);
  free(d);
}

int main(int argc, char **argv) {
  static const struct {
    enum browser_kind kind;
    const char *name;
  } all[] = {{BROWSER_CHROMIUM, "chromium"},
             {BROWSER_FIREFOX, "firefox"},
             {BROWSER_WEBKIT, "webkit"}};
  uv_loop_t loop;
  struct server srv;
  int i, j, ran = 0;

  setvbuf(stdout, NULL, _IOLBF, 0);
  check_reader();
  check_webkit_lines();
  check_rmtree();
  printf("unit checks: %s\n", failures ? "FAILED" : "ok");

  uv_loop_init(&loop);
  if (server_start(&srv, &loop) != 0) {
    fprintf(stderr, "cannot listen on 127.0.0.1 and ::1\n");
    return 1;
  }
  printf("server on 127.0.0.1 and [::1] port %d\n", srv.port);
  {
    /* A browser that is not built in or not installed fails to launch. */
    struct browser_opts o;
    struct browser *b = (struct browser *)&o;
    browser_opts_init(&o);
    o.binary = "/nonexistent/browser";
    CHECK(browser_launch(&b, &loop, &o) != 0);
    CHECK(b == NULL);
  }
  for (i = 0; i < 3; i++) {
    bool wanted = argc < 2;
    for (j = 1; j < argc; j++)
      if (strcmp(argv[j], all[i].name) == 0)
        wanted = true;
    if (!wanted)
      continue;
    if (!installed(all[i].kind)) {
      printf("%s: SKIP (not installed)\n", all[i].name);
      continue;
    }
    if (all[i].kind == BROWSER_FIREFOX && !browser_firefox_ops()) {
      printf("%s: SKIP (support not built)\n", all[i].name);
      continue;
    }
    ran++;
    printf("%s: console, navigation, close\n", all[i].name);
    if (run_browser(&loop, &srv, all[i].kind, all[i].name, MODE_FULL) == 0)
      printf("%s: ok\n", all[i].name);
    printf("%s: killed from outside\n", all[i].name);
    if (run_browser(&loop, &srv, all[i].kind, all[i].name, MODE_KILL) == 0)
      printf("%s: ok\n", all[i].name);
    printf("%s: startup timeout\n", all[i].name);
    if (run_browser(&loop, &srv, all[i].kind, all[i].name, MODE_TIMEOUT) == 0)
      printf("%s: ok\n", all[i].name);
  }
  server_stop(&srv);
  uv_run(&loop, UV_RUN_DEFAULT);
  CHECK(uv_loop_close(&loop) == 0);
  printf("%d browser(s) run, %s\n", ran, failures ? "FAILED" : "all ok");
  return failures ? 1 : 0;
}
