/*
 * browser_webkit.c - WebKitGTK's MiniBrowser (shipped by Debian's
 * libwebkit2gtk-4.1-0 under /usr/lib/<triplet>/webkit2gtk-4.1/) on a
 * private Xvfb display, its console read from what it prints.
 *
 * MiniBrowser has no remote control, so:
 *   - launch starts `Xvfb :N -displayfd 3` on the first free display
 *     from :99 down (Xvfb writes N to fd 3 once it accepts clients), then
 *     runs `MiniBrowser --version` on it ("WebKitGTK 2.50.6": the version
 *     needs a display because MiniBrowser initialises GTK first); on_ready
 *     follows its exit;
 *   - browser_navigate starts MiniBrowser with the URL as its argument,
 *     and for every later navigation ends that MiniBrowser (its process
 *     group) and starts a new one on the same profile. The page's own
 *     navigations (location.href = ...) need no restart; in-memory state
 *     such as the preflight cache does not survive a browser_navigate.
 *
 * Profile: MiniBrowser keeps its website data under $XDG_DATA_HOME and
 * $XDG_CACHE_HOME ("webkitgtk-4.1/MiniBrowser"), so those, HOME and
 * XDG_CONFIG_HOME point into the fresh profile directory. This keeps a
 * normal (not ephemeral) website data manager: an ephemeral one (-p, or
 * --automation) prints no console lines at all, and the preflight cache
 * was only seen to behave like the real browser's with a normal one.
 *
 * Console: --enable-write-console-messages-to-stdout=true makes the web
 * process print every console message with WTFLogAlways, which writes to
 * stderr (the option's name notwithstanding); both stdout and stderr are
 * parsed. The line format is documented at browser__webkit_parse_line
 * (browser_int.h). A message with newlines continues on the following
 * lines: lines that are not console lines are appended to the message
 * before them when they arrived in the same read (the message was
 * written with one write()); the message is delivered once the read is
 * consumed, or when the next console line starts.
 */
#include "browser_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XVFB_FIRST_DISPLAY 99
#define XVFB_TRIES 8

enum { CHILD_XVFB, CHILD_PROBE, CHILD_MB };

/* A console message waiting for continuation lines. */
struct wk_pending {
  bool have;
  const char *kind, *level, *source; /* static strings */
  char *text;
  size_t len, cap;
};

struct webkit {
  const char *minibrowser; /* b->o.binary or a static path */
  const char *xvfb;        /* static path */
  int display;             /* the one Xvfb was started on */
  int next_display;        /* where the search for a free one goes on */
  int tries;
  bool x_up;
  bool restarting; /* the running MiniBrowser is being replaced */
  char *url;       /* to open when the next MiniBrowser starts (owned) */
  char **env;      /* MiniBrowser's environment (owned) */
  char display_arg[16];
  struct wk_pending pend[BROWSER_CHILD_FDS];
};

static struct webkit *wk_of(struct browser *b) { return b->impl; }

/* ---- the line format ---- */

struct wk_word {
  const char *word, *name;
};

/* WebKit's MessageSource, MessageType and MessageLevel as printed, with
 * the names of its GTK API (WEBKIT_CONSOLE_MESSAGE_SOURCE_JAVASCRIPT...)
 * and, for types, the names Chromium gives them. */
static const struct wk_word wk_sources[] = {
    {"XML", "xml"},
    {"JS", "javascript"},
    {"NETWORK", "network"},
    {"STORAGE", "storage"},
    {"APPCACHE", "appcache"},
    {"RENDERING", "rendering"},
    {"CSS", "css"},
    {"SECURITY", "security"},
    {"OTHER", "other"},
    {"CONTENTBLOCKER", "content-blocker"},
    {"MEDIA", "media"},
    {"MEDIASOURCE", "mediasource"},
    {"WEBRTC", "webrtc"},
    {"ITPDEBUG", "itp-debug"},
    {"PRIVATECLICKMEASUREMENT", "private-click-measurement"},
    {"PAYMENTREQUEST", "payment-request"},
    {NULL, NULL},
};

static const struct wk_word wk_types[] = {
    {"DIR", "dir"},
    {"DIRXML", "dirxml"},
    {"TABLE", "table"},
    {"TRACE", "trace"},
    {"STARTGROUP", "startGroup"},
    {"STARTGROUPCOLLAPSED", "startGroupCollapsed"},
    {"ENDGROUP", "endGroup"},
    {"CLEAR", "clear"},
    {"ASSERT", "assert"},
    {"TIMING", "timing"},
    {"PROFILE", "profile"},
    {"PROFILEEND", "profileEnd"},
    {"IMAGE", "image"},
    {NULL, NULL},
};

static const struct wk_word wk_levels[] = {
    {"LOG", "log"},     {"INFO", "info"},   {"WARN", "warning"},
    {"ERROR", "error"}, {"DEBUG", "debug"}, {NULL, NULL},
};

/* The upper-case word after one space at *p, if it is in list and ends
 * the line or is followed by a space; advances *p past it. */
static const char *wk_word(const char **p, const char *end,
                           const struct wk_word *list) {
  const char *s = *p, *w;
  size_t n;

  if (s >= end || *s != ' ')
    return NULL;
  w = ++s;
  while (s < end && *s >= 'A' && *s <= 'Z')
    s++;
  n = (size_t)(s - w);
  if (n == 0 || (s < end && *s != ' '))
    return NULL;
  for (; list->word; list++) {
    if (strlen(list->word) == n && memcmp(list->word, w, n) == 0) {
      *p = s;
      return list->name;
    }
  }
  return NULL;
}

static bool has_prefix(const char *p, const char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

bool browser__webkit_parse_line(const char *line, size_t len,
                                struct browser_console *out) {
  const char *p = line, *end = line + len;
  const char *w;

  /* "<url>[:<line>[:<col>]]: " first, unless the message has no URL
   * (network and security messages). A serialised URL has no spaces. */
  if (!has_prefix(p, end, "CONSOLE")) {
    const char *sp = memchr(p, ' ', len);
    if (!sp || sp == p || sp[-1] != ':')
      return false;
    p = sp + 1;
    if (!has_prefix(p, end, "CONSOLE"))
      return false;
  }
  p += 7;
  out->kind = "log";
  out->source = "";
  out->level = "";
  w = wk_word(&p, end, wk_sources);
  if (w) {
    out->kind = "error";
    out->source = w;
  }
  w = wk_word(&p, end, wk_types);
  if (w) {
    out->level = w;
    /* console.assert prints "ASSERT ERROR"; the other types print their
     * (log) level not at all. */
    if (strcmp(w, "assert") == 0)
      wk_word(&p, end, wk_levels);
  } else {
    w = wk_word(&p, end, wk_levels);
    if (w)
      out->level = w;
    else if (!*out->source)
      return false;
  }
  if (p < end) {
    if (*p != ' ')
      return false;
    p++;
  }
  out->text.ptr = p;
  out->text.len = (size_t)(end - p);
  return true;
}

/* ---- MiniBrowser's output ---- */

static void pend_flush(struct browser *b, struct wk_pending *pe) {
  if (!pe->have)
    return;
  pe->have = false;
  /* A message's own trailing newline ends its line, it is not part of it
   * (WebKit's mode same-origin message has one: "... must match.\n"). */
  while (pe->len > 0 && pe->text[pe->len - 1] == '\n')
    pe->len--;
  browser__console(b, pe->kind, pe->level, pe->source, pe->text ? pe->text : "",
                   pe->len);
  pe->len = 0;
}

static bool pend_add(struct wk_pending *pe, const char *p, size_t n) {
  if (pe->len + n + 1 > pe->cap) {
    size_t cap = pe->cap ? pe->cap : 256;
    char *q;
    while (cap < pe->len + n + 1)
      cap *= 2;
    q = realloc(pe->text, cap);
    if (!q)
      return false;
    pe->text = q;
    pe->cap = cap;
  }
  memcpy(pe->text + pe->len, p, n);
  pe->len += n;
  pe->text[pe->len] = '\0';
  return true;
}

/* Lines other processes of the browser print (GLib's log format, Mesa,
 * Xlib), never part of a console message. */
static bool is_noise(const char *p, size_t n) {
  static const char *const prefixes[] = {
      "(", "** (", "libEGL", "MESA", "Xlib", "Gtk-", "Gdk-", "GLib", NULL};
  const char *const *q;

  for (q = prefixes; *q; q++)
    if (has_prefix(p, p + n, *q))
      return true;
  return false;
}

static void mb_record(struct browser *b, struct browser_child *c, int fd,
                      char *rec, size_t len) {
  struct webkit *w = wk_of(b);
  struct wk_pending *pe = &w->pend[fd];
  struct browser_console m;

  (void)c;
  if (!rec) {
    /* Nothing half-read: the message before was written whole. */
    if (len == 0)
      pend_flush(b, pe);
    return;
  }
  if (w->restarting) {
    pe->have = false;
    pe->len = 0;
    return;
  }
  if (browser__webkit_parse_line(rec, len, &m)) {
    pend_flush(b, pe);
    pe->have = true;
    pe->kind = m.kind;
    pe->level = m.level;
    pe->source = m.source;
    pe->len = 0;
    if (!pend_add(pe, m.text.ptr, m.text.len))
      pe->have = false;
    return;
  }
  if (pe->have && !is_noise(rec, len)) {
    if (!pend_add(pe, "\n", 1) || !pend_add(pe, rec, len))
      pe->have = false;
    return;
  }
  browser__log(b, "MiniBrowser: %s", rec);
}

static int start_minibrowser(struct browser *b);

static void mb_gone(struct browser *b, struct browser_child *c, int status) {
  struct webkit *w = wk_of(b);
  int fd;

  (void)c;
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
    pend_flush(b, &w->pend[fd]);
  w->restarting = false;
  if (b->ending)
    return;
  if (w->url) {
    if (start_minibrowser(b) != 0)
      browser__fail(b, "cannot restart MiniBrowser");
    return;
  }
  if (status < 0)
    browser__fail(b, "MiniBrowser exited unexpectedly (signal %d, %s)", -status,
                  strsignal(-status));
  else
    browser__fail(b, "MiniBrowser exited unexpectedly (status %d)", status);
}

static int start_minibrowser(struct browser *b) {
  struct webkit *w = wk_of(b);
  const char *args[] = {w->minibrowser,
                        "--enable-write-console-messages-to-stdout=true",
                        w->url, NULL};
  struct browser_spawn s;
  int rc;

  memset(&s, 0, sizeof s);
  s.name = "MiniBrowser";
  s.file = w->minibrowser;
  s.args = args;
  s.env = w->env;
  s.fd[1] = BROWSER_FD_WRITE;
  s.fd[2] = BROWSER_FD_WRITE;
  s.delim[1] = s.delim[2] = '\n';
  s.on_record = mb_record;
  s.on_gone = mb_gone;
  rc = browser__spawn(b, &b->child[CHILD_MB], &s);
  free(w->url);
  w->url = NULL;
  if (rc != 0)
    return -1;
  browser__set_main(b, &b->child[CHILD_MB]);
  return 0;
}

static int webkit_navigate(struct browser *b, const char *url) {
  struct webkit *w = wk_of(b);
  char *copy = strdup(url);

  if (!copy) {
    browser__err(b, "out of memory");
    return -1;
  }
  free(w->url);
  w->url = copy;
  if (b->child[CHILD_MB].active) {
    /* mb_gone starts the next one. */
    if (!w->restarting) {
      w->restarting = true;
      browser__kill(&b->child[CHILD_MB], SIGTERM);
    }
    return 0;
  }
  return start_minibrowser(b);
}

/* ---- start-up: Xvfb, then the version ---- */

static void probe_record(struct browser *b, struct browser_child *c, int fd,
                         char *rec, size_t len) {
  (void)c;
  (void)fd;
  if (!rec)
    return;
  while (len > 0 && (rec[len - 1] == ' ' || rec[len - 1] == '\r'))
    rec[--len] = '\0';
  if (has_prefix(rec, rec + len, "WebKitGTK "))
    browser__set_version(b, "%s", rec);
  else
    browser__log(b, "MiniBrowser --version: %s", rec);
}

static void probe_gone(struct browser *b, struct browser_child *c, int status) {
  (void)c;
  if (b->ending)
    return;
  if (status != 0 || !b->version) {
    browser__fail(b, "`MiniBrowser --version` failed (status %d)%s", status,
                  b->version ? "" : ", no version printed");
    return;
  }
  browser__ready(b);
}

static int start_probe(struct browser *b) {
  struct webkit *w = wk_of(b);
  const char *args[] = {w->minibrowser, "--version", NULL};
  struct browser_spawn s;

  memset(&s, 0, sizeof s);
  s.name = "MiniBrowser --version";
  s.file = w->minibrowser;
  s.args = args;
  s.env = w->env;
  s.fd[1] = BROWSER_FD_WRITE;
  s.delim[1] = '\n';
  s.fd[2] = b->o.verbose ? BROWSER_FD_INHERIT : BROWSER_FD_NONE;
  s.on_record = probe_record;
  s.on_gone = probe_gone;
  return browser__spawn(b, &b->child[CHILD_PROBE], &s);
}

static int make_env(struct browser *b) {
  struct webkit *w = wk_of(b);
  const char *names[] = {"HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_CONFIG_HOME"};
  const char *dirs[] = {"home", "data", "cache", "config"};
  char *vals[4] = {NULL, NULL, NULL, NULL};
  char display[32];
  const char *set[9];
  const char *const unset[] = {"WAYLAND_DISPLAY", "XAUTHORITY", NULL};
  int i, rc = -1;

  for (i = 0; i < 4; i++) {
    size_t n = strlen(names[i]) + strlen(b->profile) + strlen(dirs[i]) + 3;
    vals[i] = malloc(n);
    if (!vals[i])
      goto out;
    snprintf(vals[i], n, "%s=%s/%s", names[i], b->profile, dirs[i]);
    if (mkdir(strchr(vals[i], '=') + 1, 0700) != 0 && errno != EEXIST) {
      browser__err(b, "cannot make %s: %s", strchr(vals[i], '=') + 1,
                   strerror(errno));
      goto out;
    }
    set[i] = vals[i];
  }
  snprintf(display, sizeof display, "DISPLAY=%s", w->display_arg);
  set[4] = display;
  set[5] = "GDK_BACKEND=x11";
  set[6] = "GSETTINGS_BACKEND=memory"; /* no dconf writes outside the profile */
  set[7] = "NO_AT_BRIDGE=1";           /* no accessibility bus to wait for */
  set[8] = NULL;
  browser__env_free(w->env);
  w->env = browser__env(set, unset);
  if (w->env)
    rc = 0;
  else
    browser__err(b, "out of memory");
out:
  for (i = 0; i < 4; i++)
    free(vals[i]);
  return rc;
}

static void xvfb_record(struct browser *b, struct browser_child *c, int fd,
                        char *rec, size_t len) {
  struct webkit *w = wk_of(b);
  char *e;
  long n;

  (void)c;
  if (!rec || fd != 3 || len == 0 || w->x_up)
    return;
  errno = 0;
  n = strtol(rec, &e, 10);
  if (errno != 0 || e == rec || n != w->display) {
    browser__log(b, "Xvfb reported display \"%s\", expected %d", rec,
                 w->display);
    return;
  }
  w->x_up = true;
  browser__log(b, "Xvfb is up on %s", w->display_arg);
  if (make_env(b) != 0) {
    browser__fail(b, "cannot set up MiniBrowser's environment");
    return;
  }
  if (start_probe(b) != 0)
    browser__fail(b, "cannot run MiniBrowser --version");
}

static int start_xvfb(struct browser *b);

static void xvfb_gone(struct browser *b, struct browser_child *c, int status) {
  struct webkit *w = wk_of(b);

  (void)c;
  if (b->ending)
    return;
  if (!w->x_up && w->tries < XVFB_TRIES) {
    /* Most likely another server took the display meanwhile. */
    browser__log(b, "Xvfb on %s exited (status %d); trying another display",
                 w->display_arg, status);
    if (start_xvfb(b) != 0)
      browser__fail(b, "cannot start Xvfb");
    return;
  }
  browser__fail(b, "Xvfb exited unexpectedly (status %d)", status);
}

/* The next display number with neither a lock file nor a socket. */
static int free_display(struct webkit *w) {
  char path[64];
  struct stat st;

  for (; w->next_display > 0; w->next_display--) {
    int n = w->next_display;
    snprintf(path, sizeof path, "/tmp/.X%d-lock", n);
    if (lstat(path, &st) == 0)
      continue;
    snprintf(path, sizeof path, "/tmp/.X11-unix/X%d", n);
    if (lstat(path, &st) == 0)
      continue;
    w->next_display--;
    return n;
  }
  return -1;
}

static int start_xvfb(struct browser *b) {
  struct webkit *w = wk_of(b);
  const char *args[] = {w->xvfb,     NULL,  "-screen",    "0", "1280x1024x24",
                        "-nolisten", "tcp", "-displayfd", "3", NULL};
  struct browser_spawn s;
  int n = free_display(w);

  if (n < 0) {
    browser__err(b, "no free X display between :1 and :%d", XVFB_FIRST_DISPLAY);
    return -1;
  }
  w->tries++;
  w->display = n;
  snprintf(w->display_arg, sizeof w->display_arg, ":%d", n);
  args[1] = w->display_arg;
  memset(&s, 0, sizeof s);
  s.name = "Xvfb";
  s.file = w->xvfb;
  s.args = args;
  s.fd[1] = s.fd[2] = b->o.verbose ? BROWSER_FD_INHERIT : BROWSER_FD_NONE;
  s.fd[3] = BROWSER_FD_WRITE;
  s.delim[3] = '\n';
  s.on_record = xvfb_record;
  s.on_gone = xvfb_gone;
  return browser__spawn(b, &b->child[CHILD_XVFB], &s);
}

/* Where distributions put MiniBrowser: Debian and Ubuntu under the
 * multiarch triplet (probed, since the build machine's triplet says
 * nothing about the one running), Fedora in libexec, Arch in /usr/lib. */
static const char *find_minibrowser(void) {
  static const char *const paths[] = {
      "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/i386-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/arm-linux-gnueabihf/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/powerpc64le-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/s390x-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/riscv64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/mips64el-linux-gnuabi64/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/loongarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
      "/usr/libexec/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib/webkit2gtk-4.1/MiniBrowser",
      "/usr/lib64/webkit2gtk-4.1/MiniBrowser",
      NULL,
  };
  const char *const *p;

  for (p = paths; *p; p++)
    if (browser__is_exec(*p))
      return *p;
  return NULL;
}

static const char *find_xvfb(void) {
  static const char *const paths[] = {"/usr/bin/Xvfb", "/usr/local/bin/Xvfb",
                                      "/bin/Xvfb", NULL};
  const char *const *p;

  for (p = paths; *p; p++)
    if (browser__is_exec(*p))
      return *p;
  return NULL;
}

static int webkit_launch(struct browser *b) {
  struct webkit *w;

  w = calloc(1, sizeof *w);
  if (!w) {
    browser__err(b, "out of memory");
    return -1;
  }
  b->impl = w;
  w->next_display = XVFB_FIRST_DISPLAY;
  w->minibrowser = b->o.binary ? b->o.binary : find_minibrowser();
  if (!w->minibrowser || !browser__is_exec(w->minibrowser)) {
    browser__err(
        b, "%s not found (Debian: apt-get install libwebkit2gtk-4.1-0)",
        w->minibrowser ? w->minibrowser
                       : "MiniBrowser (/usr/lib/<triplet>/webkit2gtk-4.1/)");
    return -1;
  }
  w->xvfb = find_xvfb();
  if (!w->xvfb) {
    browser__err(b, "Xvfb not found (Debian: apt-get install xvfb)");
    return -1;
  }
  return start_xvfb(b) == 0 ? 0 : -1;
}

static void webkit_close(struct browser *b) {
  struct webkit *w = wk_of(b);

  free(w->url);
  w->url = NULL;
}

static void webkit_free(struct browser *b) {
  struct webkit *w = wk_of(b);
  int fd;

  if (!w)
    return;
  for (fd = 0; fd < BROWSER_CHILD_FDS; fd++)
    free(w->pend[fd].text);
  free(w->url);
  browser__env_free(w->env);
  free(w);
  b->impl = NULL;
}

static const struct browser_ops webkit_ops = {
    .name = "webkit",
    .launch = webkit_launch,
    .navigate = webkit_navigate,
    .close = webkit_close,
    .free = webkit_free,
};

const struct browser_ops *browser_webkit_ops(void) { return &webkit_ops; }
