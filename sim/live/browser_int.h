/*
 * browser_int.h - the internals shared by the browser drivers behind
 * browser.h: struct browser itself, the child-process helpers
 * (browser_common.c) and the table of operations each kind provides
 * (browser_chromium.c, browser_firefox.c, browser_webkit.c).
 *
 * Division of labour. browser_common.c owns the lifecycle: it copies the
 * options, makes the temporary profile directory, spawns and kills child
 * processes (each in its own process group, so helpers such as renderer
 * or web processes die with it), reads their pipes into delimited
 * records, runs the startup and SIGTERM -> SIGKILL timers, and calls the
 * user's on_exit once every libuv handle of the browser is closed and the
 * profile is removed. A kind's file only speaks its protocol: it spawns
 * its processes through browser__spawn, parses what they write, and calls
 * browser__ready, browser__console and browser__fail.
 *
 * Ending. A browser ends after browser_close or browser__fail: ops->close
 * runs once (it must close the kind's own handles, if it opened any, with
 * browser__close_handle), every running child gets SIGTERM, and those
 * still alive 3 s later get SIGKILL. When the last child is gone and the
 * last handle closed, the profile directory is removed and on_exit runs.
 *
 * Handles. Every libuv handle of a browser is counted in b->nhandles,
 * including the ones a kind opens itself (call browser__track_handle
 * after its uv_*_init, and close it only with browser__close_handle).
 * on_exit waits until the count is back to zero, so browser_free may free
 * everything at once.
 *
 * Threads: none. Everything runs on the loop given to browser_launch.
 */
#ifndef CORSIM_LIVE_BROWSER_INT_H
#define CORSIM_LIVE_BROWSER_INT_H

#include "browser.h"

#include <stddef.h>
#include <stdint.h>

/* The fds a child can have pipes on: 0..4 (Chromium's protocol pipes are
 * fds 3 and 4; Xvfb reports its display on fd 3). */
#define BROWSER_CHILD_FDS 5
/* Processes a browser can run at once (WebKit: Xvfb, a version probe,
 * MiniBrowser). */
#define BROWSER_MAX_CHILDREN 4
/* Longest record (line, protocol message) a reader keeps; longer ones are
 * skipped up to their delimiter and reported when verbose. */
#define BROWSER_RECORD_MAX ((size_t)64 << 20)

#if defined(__GNUC__) || defined(__clang__)
#define BROWSER_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BROWSER_PRINTF(f, a)
#endif

struct browser;
struct browser_child;

/* One complete record (without its delimiter) read from a child's fd.
 * rec is writable and NUL-terminated at rec[len] for convenience; it
 * stays valid only for the duration of the call. After the records of
 * each read (and at end of file, after the unterminated rest, if any,
 * was passed as a last record) the callback runs once more with rec NULL
 * and len the number of bytes still buffered: a writer that wrote a
 * multi-line message with one write() has then been seen whole. */
typedef void (*browser_record_cb)(struct browser *b, struct browser_child *c,
                                  int fd, char *rec, size_t len);

/* A child is completely gone: its process exited (status is the exit
 * status, or -signal), the rest of its process group was killed, and all
 * its pipes and its handle are closed, so the struct may be spawned
 * again. Called for every spawned child, whether the browser is ending or
 * not; NULL in browser_spawn.on_gone means "the default": while the
 * browser is not ending, a child that goes away fails the browser with
 * "<name> exited unexpectedly (...)". */
typedef void (*browser_gone_cb)(struct browser *b, struct browser_child *c,
                                int status);

/* Reads one fd of a child and splits what arrives into records. */
struct browser_reader {
  char *buf; /* owned; bytes [0, len) not yet split */
  size_t len;
  size_t cap;
  size_t scanned; /* bytes of buf already searched for delim */
  bool skipping;  /* discarding an over-long record up to delim */
  char delim;     /* '\n' for lines, '\0' for DevTools messages */
  browser_record_cb cb;
};

/* One child process with up to five pipes. Lives inside struct browser;
 * all fields are owned by browser_common.c, kinds only read name, pid
 * and running, and use `user` freely. */
struct browser_child {
  struct browser *b;
  const char *name; /* for messages: "chromium", "Xvfb", "MiniBrowser" */
  uv_process_t proc;
  uv_pipe_t pipe[BROWSER_CHILD_FDS];
  struct browser_reader rd[BROWSER_CHILD_FDS];
  uv_timer_t drain;    /* after exit: pipes that never see EOF are closed */
  unsigned open_pipes; /* bit fd: pipe[fd] initialised and not yet closed */
  unsigned read_pipes; /* bit fd: pipe[fd] is read by a reader */
  bool active;         /* spawned and not yet gone (on_gone not yet called) */
  bool running;        /* process not yet exited */
  bool proc_open, drain_open;
  int pid;
  int status; /* exit status or -signal, once exited */
  browser_gone_cb on_gone;
  void *user; /* for the kind */
};

/* How to start a child (browser__spawn). */
struct browser_spawn {
  const char *name;        /* for messages; a static string */
  const char *file;        /* the program (a path) */
  const char *const *args; /* NULL-terminated, args[0] the program name */
  char **env;              /* NULL-terminated "K=V" list; NULL: inherit */
  /* Per fd 0..4: what the child sees. 0 leaves the fd closed (fds 3, 4)
   * or on /dev/null (0..2); BROWSER_FD_INHERIT passes ours (only for
   * 1 and 2, used when verbose); BROWSER_FD_READ gives the child a pipe
   * it reads and we write (browser__write); BROWSER_FD_WRITE a pipe it
   * writes and we read, split at delim[fd] and passed to on_record. */
  int fd[BROWSER_CHILD_FDS];
  char delim[BROWSER_CHILD_FDS];
  browser_record_cb on_record;
  browser_gone_cb on_gone; /* may be NULL: see browser_gone_cb */
};

enum { BROWSER_FD_NONE, BROWSER_FD_INHERIT, BROWSER_FD_READ, BROWSER_FD_WRITE };

/*
 * The operations of one kind. launch is called once by browser_launch,
 * after b is set up (options copied, b->profile made); it returns 0 or -1
 * after printing why to stderr (browser__err). navigate is called only
 * after browser__ready; 0 or -1 with a message. close is called exactly
 * once when the browser starts ending (user close or failure): stop the
 * protocol, close the kind's own handles. free releases b->impl; it is
 * called from browser_free (or a failed launch) when nothing is running.
 * Each of close and free may be NULL.
 */
struct browser_ops {
  const char *name; /* "chromium", "firefox", "webkit" */
  int (*launch)(struct browser *b);
  int (*navigate)(struct browser *b, const char *url);
  void (*close)(struct browser *b);
  void (*free)(struct browser *b);
  /* browser_har; NULL when the kind cannot record. */
  struct json_t *(*har)(struct browser *b);
};

/* The ops of each kind; NULL when the kind is not built in (the Firefox
 * placeholder, browser_firefox_stub.c, returns NULL). */
const struct browser_ops *browser_chromium_ops(void);
const struct browser_ops *browser_firefox_ops(void);
const struct browser_ops *browser_webkit_ops(void);

struct browser {
  uv_loop_t *loop;
  struct browser_opts o; /* a copy; o.binary points to `binary` */
  char *binary;          /* owned copy of o.binary, or NULL */
  const struct browser_ops *ops;
  void *impl;    /* the kind's state, owned by it (ops->free) */
  char *version; /* owned; NULL until the kind sets it */
  char *profile; /* owned: the temporary profile directory, "" once gone */
  struct browser_child child[BROWSER_MAX_CHILDREN];
  uv_timer_t startup_timer, kill_timer;
  bool timers_open;
  bool ready;       /* browser__ready was called */
  bool ending;      /* close or failure started */
  bool user_closed; /* browser_close was called: no more on_console */
  bool killed;      /* SIGKILL sent after the 3 s grace */
  bool orphan;      /* launch failed after opening handles: the browser
                       frees itself once they are closed; no on_exit */
  bool done;        /* on_exit called */
  unsigned nhandles;
  int status;     /* for on_exit: of the child the kind marked as main */
  int main_child; /* index into child[], -1 if none */
  char *why;      /* owned; NULL when ending by browser_close */
};

/* --- lifecycle, for the kinds --- */

/* The browser can navigate: stops the startup timer, calls on_ready
 * (once). */
void browser__ready(struct browser *b);

/* Something went wrong: records why (the first reason wins; printed to
 * stderr too) and ends the browser. Safe to call while ending. */
void browser__fail(struct browser *b, const char *fmt, ...)
    BROWSER_PRINTF(2, 3);

/* Prints "corsim: <kind>: <message>" to stderr (errors during launch). */
void browser__err(const struct browser *b, const char *fmt, ...)
    BROWSER_PRINTF(2, 3);

/* The same, only when o.verbose. */
void browser__log(const struct browser *b, const char *fmt, ...)
    BROWSER_PRINTF(2, 3);

/* Sets the version string (copied); replaces an earlier one. */
void browser__set_version(struct browser *b, const char *fmt, ...)
    BROWSER_PRINTF(2, 3);

/* Delivers one console entry to on_console, stamped with the current
 * time; dropped after browser_close. kind, level and source must not be
 * NULL (use ""). text is borrowed for the call. */
void browser__console(struct browser *b, const char *kind, const char *level,
                      const char *source, const char *text, size_t len);

/* --- children --- */

/* Starts a child in c (which must not be active) in its own process
 * group. Returns 0, or a negative libuv error after printing it; on
 * failure c is being cleaned up and on_gone is NOT called, but
 * b->nhandles may stay above zero until the loop runs. Refused (UV_ECANCELED)
 * while the browser is ending. */
int browser__spawn(struct browser *b, struct browser_child *c,
                   const struct browser_spawn *s);

/* Sends sig to c's whole process group, if it still runs. */
void browser__kill(struct browser_child *c, int sig);

/* Writes len bytes (copied) to the pipe on fd (a BROWSER_FD_READ fd).
 * Returns 0, or a negative libuv error. */
int browser__write(struct browser_child *c, int fd, const void *p, size_t len);

/* Marks c as the browser's main process: its status is on_exit's. */
void browser__set_main(struct browser *b, struct browser_child *c);

/* --- the kinds' own handles --- */

/* Counts h, just initialised on b->loop, as the browser's. */
void browser__track_handle(struct browser *b, uv_handle_t *h);

/* Closes a handle counted with browser__track_handle. IMPORTANT: sets
 * h->data to b (the close callback needs it), so callbacks of requests
 * still pending on h (they run with UV_ECANCELED) must not use h->data. */
void browser__close_handle(struct browser *b, uv_handle_t *h);

/* --- helpers with no loop, exposed for tests --- */

/* Appends n bytes to r and calls r->cb for each complete record, in
 * order, then once with rec NULL (see browser_record_cb). Returns 0, or
 * -1 when out of memory (the data is dropped). */
int browser__reader_feed(struct browser_reader *r, struct browser *b,
                         struct browser_child *c, int fd, const char *p,
                         size_t n);
void browser__reader_free(struct browser_reader *r);

/* Makes a fresh directory "<$TMPDIR or /tmp>/corsim-<tag>-XXXXXX";
 * returns it (malloc'd) or NULL after printing why. */
char *browser__mkdtemp(const char *tag);

/* Removes path and everything below it without following symbolic links
 * (they are removed, not entered) or crossing into other directories by
 * name races: every step goes through openat/unlinkat relative to an
 * already opened directory. Returns 0, or -1 with errno set. */
int browser__rmtree(const char *path);

/* Is path an executable regular file? */
bool browser__is_exec(const char *path);

/* A NULL-terminated copy of the environment with each "K=V" of set
 * replacing (or adding) K, and each K in unset removed; free with
 * browser__env_free. NULL when out of memory. */
char **browser__env(const char *const *set, const char *const *unset);
void browser__env_free(char **env);

/* Parses one line MiniBrowser printed (browser_webkit.c; exposed for
 * tests). WebKit writes
 *   [<url>[:<line>[:<col>]]": "]"CONSOLE"[" "SOURCE][" "TYPE][" "LEVEL]["
 * "text] where SOURCE is absent for console.* calls, TYPE is absent for plain
 * console.log/info/warn/error/debug, and LEVEL is absent for "log" level
 * messages of another TYPE (console.dir prints "CONSOLE DIR ...").
 * On success fills out->kind ("log" for console.*, "error" otherwise),
 * out->level (the TYPE or LEVEL in WebKit's API spelling, lower case:
 * "log", "info", "warning", "error", "debug", "dir", "assert", ...),
 * out->source ("" for console.*, else "javascript", "network",
 * "security", ...; static strings) and out->text (pointing into line),
 * and returns true; false for any other line. out->time is not set. */
bool browser__webkit_parse_line(const char *line, size_t len,
                                struct browser_console *out);

#endif
