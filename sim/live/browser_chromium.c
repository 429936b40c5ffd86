/*
 * browser_chromium.c - Debian's chromium, headless, driven over the
 * DevTools protocol on --remote-debugging-pipe: the browser reads
 * commands from its fd 3 and writes replies and events to its fd 4, each
 * message one JSON text followed by a NUL byte.
 *
 * Start-up: Browser.getVersion (the version), Target.getTargets (the
 * about:blank tab given on the command line; Target.createTarget when
 * there is none yet), Target.attachToTarget with flatten, then on that
 * session Runtime.enable, Log.enable, Page.enable and Target.setAutoAttach
 * (so frames and workers in other processes report too); ready when all
 * have answered. Navigation is Page.navigate on the session. The page
 * target and its session survive cross-site navigations: Chromium swaps
 * the renderer process underneath and the enabled domains keep reporting
 * on the same session, with or without setAutoAttach (Chromium 156,
 * 127.0.0.1 -> localhost -> [::1] hops in tests/live/browser_smoke.c).
 * setAutoAttach is what makes a cross-site iframe's console arrive (on
 * its own session, enabled in on_attached_event; checked there too).
 *
 * With o.record_network, Network.enable joins the set-up (and is sent to
 * attached sessions too), and from on_ready on every Network.* event of
 * our sessions, with the page's Page.domContentEventFired and
 * Page.loadEventFired, goes to har_cdp (har_cdp.h), which browser_har
 * turns into a HAR.
 *
 * Console entries, in the order the messages arrive:
 *   Runtime.consoleAPICalled  kind "log", level = type ("log", "warning",
 *                             "error", "info", "debug", "dir", ...), text =
 *                             the arguments joined by one space: strings
 *                             as they are, other values as JSON, objects by
 *                             their description
 *   Log.entryAdded            kind "error", level and source of the entry
 *                             (CORS failures: source "javascript", level
 *                             "error"; "Failed to load resource" lines:
 *                             "network"), text = entry.text
 *   Runtime.exceptionThrown   kind "error", source "javascript", level
 *                             "error", text = the exception's description
 *                             (message and stack), else the details' text
 */
#include "browser_int.h"
#include "har_cdp.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHROMIUM_DEFAULT "/usr/bin/chromium"
/* Sessions of frames and workers attached on top of the page's. */
#define MAX_SESSIONS 64

struct chromium;
typedef void (*cdp_reply_cb)(struct browser *b, json_t *result, json_t *error);

struct cdp_pending {
  long long id;
  cdp_reply_cb cb;
};

struct chromium {
  struct browser_child *c;
  long long next_id;
  struct cdp_pending *pend;
  size_t npend, cappend;
  char *session;                /* the page's session (owned) */
  char *sessions[MAX_SESSIONS]; /* every session we report console of */
  size_t nsessions;
  int setup_left;     /* replies awaited before ready */
  char *args_profile; /* "--user-data-dir=..." (owned) */
  char *target;       /* the page's target id (= its main frame's id) */
  struct har_cdp *har; /* with o.record_network: the requests so far */
};

/* A small growable string for joining console arguments. */
struct sbuf {
  char *p;
  size_t len, cap;
  bool oom;
};

static void sb_add(struct sbuf *s, const char *p, size_t n) {
  if (s->oom)
    return;
  if (s->len + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    char *q;
    while (cap < s->len + n + 1)
      cap *= 2;
    q = realloc(s->p, cap);
    if (!q) {
      s->oom = true;
      return;
    }
    s->p = q;
    s->cap = cap;
  }
  memcpy(s->p + s->len, p, n);
  s->len += n;
  s->p[s->len] = '\0';
}

static struct chromium *ch_of(struct browser *b) { return b->impl; }

static int cdp_send(struct browser *b, const char *session, const char *method,
                    json_t *params, cdp_reply_cb cb) {
  struct chromium *ch = ch_of(b);
  json_t *m = json_object();
  long long id = ++ch->next_id;
  char *text;
  int rc;

  json_object_set_new(m, "id", json_integer(id));
  json_object_set_new(m, "method", json_string(method));
  if (params)
    json_object_set_new(m, "params", params);
  if (session)
    json_object_set_new(m, "sessionId", json_string(session));
  text = json_dumps(m, JSON_COMPACT);
  json_decref(m);
  if (!text)
    return -1;
  browser__log(b, "> %s", text);
  /* The NUL that ends the string is the message delimiter. */
  rc = browser__write(ch->c, 3, text, strlen(text) + 1);
  free(text);
  if (rc != 0) {
    browser__log(b, "cannot send %s: %s", method, uv_strerror(rc));
    return -1;
  }
  if (cb) {
    if (ch->npend == ch->cappend) {
      size_t cap = ch->cappend ? ch->cappend * 2 : 16;
      struct cdp_pending *p = realloc(ch->pend, cap * sizeof *p);
      if (!p)
        return -1;
      ch->pend = p;
      ch->cappend = cap;
    }
    ch->pend[ch->npend].id = id;
    ch->pend[ch->npend].cb = cb;
    ch->npend++;
  }
  return 0;
}

static const char *jstr(json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

static bool our_session(const struct chromium *ch, const char *sid) {
  size_t i;

  for (i = 0; i < ch->nsessions; i++)
    if (strcmp(ch->sessions[i], sid) == 0)
      return true;
  return false;
}

static void add_session(struct chromium *ch, const char *sid) {
  char *copy;

  if (ch->nsessions == MAX_SESSIONS || our_session(ch, sid))
    return;
  copy = strdup(sid);
  if (copy)
    ch->sessions[ch->nsessions++] = copy;
}

static void drop_session(struct chromium *ch, const char *sid) {
  size_t i;

  for (i = 0; i < ch->nsessions; i++) {
    if (strcmp(ch->sessions[i], sid) == 0) {
      free(ch->sessions[i]);
      ch->sessions[i] = ch->sessions[--ch->nsessions];
      return;
    }
  }
}

static const char *error_text(json_t *error) {
  const char *s = json_string_value(json_object_get(error, "message"));
  return s ? s : "unknown error";
}

/* ---- console events ---- */

/* One argument of console.*, as DevTools' console shows it in a line. */
static void add_arg(struct sbuf *s, json_t *arg) {
  const char *type = jstr(arg, "type");
  json_t *v = json_object_get(arg, "value");
  const char *d;

  if (json_is_string(v)) {
    sb_add(s, json_string_value(v), json_string_length(v));
    return;
  }
  d = json_string_value(json_object_get(arg, "unserializableValue"));
  if (d) {
    sb_add(s, d, strlen(d));
    return;
  }
  if (v && !json_is_object(v) && !json_is_array(v)) {
    char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (t) {
      sb_add(s, t, strlen(t));
      free(t);
      return;
    }
  }
  if (strcmp(type, "undefined") == 0) {
    sb_add(s, "undefined", 9);
    return;
  }
  d = json_string_value(json_object_get(arg, "description"));
  if (!d)
    d = type;
  sb_add(s, d, strlen(d));
}

static void on_console_api(struct browser *b, json_t *params) {
  json_t *args = json_object_get(params, "args");
  struct sbuf s = {0};
  size_t i;

  for (i = 0; i < json_array_size(args); i++) {
    if (i > 0)
      sb_add(&s, " ", 1);
    add_arg(&s, json_array_get(args, i));
  }
  browser__console(b, "log", jstr(params, "type"), "", s.p ? s.p : "", s.len);
  free(s.p);
}

static void on_log_entry(struct browser *b, json_t *params) {
  json_t *entry = json_object_get(params, "entry");
  json_t *text = json_object_get(entry, "text");

  browser__console(b, "error", jstr(entry, "level"), jstr(entry, "source"),
                   json_is_string(text) ? json_string_value(text) : "",
                   json_string_length(text));
}

static void on_exception(struct browser *b, json_t *params) {
  json_t *d = json_object_get(params, "exceptionDetails");
  json_t *text =
      json_object_get(json_object_get(d, "exception"), "description");

  if (!json_is_string(text))
    text = json_object_get(d, "text");
  browser__console(b, "error", "error", "javascript",
                   json_is_string(text) ? json_string_value(text) : "",
                   json_string_length(text));
}

static void on_enabled_quietly(struct browser *b, json_t *result,
                               json_t *error) {
  (void)result;
  if (error)
    browser__log(b, "on an attached target: %s", error_text(error));
}

/* A frame or worker in another process, attached through setAutoAttach:
 * its console counts too. */
static void on_attached_event(struct browser *b, json_t *params) {
  struct chromium *ch = ch_of(b);
  const char *sid = jstr(params, "sessionId");
  json_t *info = json_object_get(params, "targetInfo");

  if (!*sid)
    return;
  browser__log(b, "attached to %s %s", jstr(info, "type"), jstr(info, "url"));
  add_session(ch, sid);
  if (ch->har != NULL)
    cdp_send(b, sid, "Network.enable", NULL, on_enabled_quietly);
  cdp_send(b, sid, "Runtime.enable", NULL, on_enabled_quietly);
  cdp_send(b, sid, "Log.enable", NULL, on_enabled_quietly);
  cdp_send(b, sid, "Runtime.runIfWaitingForDebugger", NULL, on_enabled_quietly);
}

static void on_event(struct browser *b, const char *method, json_t *msg) {
  struct chromium *ch = ch_of(b);
  json_t *params = json_object_get(msg, "params");
  const char *sid = jstr(msg, "sessionId");

  if (!*sid || !our_session(ch, sid))
    return;
  /* The HAR: every session's requests (a frame in another process makes
   * its own), the page's own load events. */
  if (ch->har != NULL && b->ready &&
      (strncmp(method, "Network.", 8) == 0 ||
       (strncmp(method, "Page.", 5) == 0 && ch->session != NULL &&
        strcmp(sid, ch->session) == 0)))
    har_cdp_event(ch->har, method, params);
  if (strcmp(method, "Runtime.consoleAPICalled") == 0) {
    on_console_api(b, params);
  } else if (strcmp(method, "Log.entryAdded") == 0) {
    on_log_entry(b, params);
  } else if (strcmp(method, "Runtime.exceptionThrown") == 0) {
    on_exception(b, params);
  } else if (strcmp(method, "Target.attachedToTarget") == 0) {
    on_attached_event(b, params);
  } else if (strcmp(method, "Target.detachedFromTarget") == 0) {
    const char *gone = jstr(params, "sessionId");
    if (ch->session && strcmp(gone, ch->session) == 0)
      browser__fail(b, "the page's DevTools session was detached");
    else
      drop_session(ch, gone);
  } else if (strcmp(method, "Inspector.targetCrashed") == 0 && ch->session &&
             strcmp(sid, ch->session) == 0) {
    browser__fail(b, "the page crashed");
  }
}

/* ---- start-up ---- */

static void setup_step(struct browser *b, json_t *result, json_t *error) {
  struct chromium *ch = ch_of(b);

  (void)result;
  if (error) {
    browser__fail(b, "enabling the page's domains failed: %s",
                  error_text(error));
    return;
  }
  if (--ch->setup_left == 0)
    browser__ready(b);
}

static void on_attached(struct browser *b, json_t *result, json_t *error) {
  struct chromium *ch = ch_of(b);
  const char *sid = json_string_value(json_object_get(result, "sessionId"));
  json_t *aa;

  if (error || !sid) {
    browser__fail(b, "Target.attachToTarget failed: %s",
                  error ? error_text(error) : "no sessionId");
    return;
  }
  ch->session = strdup(sid);
  if (!ch->session) {
    browser__fail(b, "out of memory");
    return;
  }
  add_session(ch, sid);
  aa = json_pack("{s:b,s:b,s:b}", "autoAttach", 1, "waitForDebuggerOnStart", 0,
                 "flatten", 1);
  ch->setup_left = 4;
  if (b->o.record_network) {
    /* The Network domain reports from here on; har_cdp keeps what it
     * says once the browser is ready (about:blank fetches nothing). */
    ch->har = har_cdp_new(ch->target);
    if (ch->har == NULL) {
      browser__fail(b, "out of memory");
      return;
    }
    ch->setup_left++;
    if (cdp_send(b, sid, "Network.enable", NULL, setup_step) != 0) {
      browser__fail(b, "cannot write to chromium");
      return;
    }
  }
  if (cdp_send(b, sid, "Runtime.enable", NULL, setup_step) != 0 ||
      cdp_send(b, sid, "Log.enable", NULL, setup_step) != 0 ||
      cdp_send(b, sid, "Page.enable", NULL, setup_step) != 0 ||
      cdp_send(b, sid, "Target.setAutoAttach", aa, setup_step) != 0)
    browser__fail(b, "cannot write to chromium");
}

static void attach(struct browser *b, const char *target) {
  json_t *p = json_pack("{s:s,s:b}", "targetId", target, "flatten", 1);

  browser__log(b, "attaching to page %s", target);
  free(ch_of(b)->target);
  ch_of(b)->target = strdup(target); /* NULL: pages are not told apart */
  if (cdp_send(b, NULL, "Target.attachToTarget", p, on_attached) != 0)
    browser__fail(b, "cannot write to chromium");
}

static void on_created(struct browser *b, json_t *result, json_t *error) {
  const char *id = json_string_value(json_object_get(result, "targetId"));

  if (error || !id) {
    browser__fail(b, "Target.createTarget failed: %s",
                  error ? error_text(error) : "no targetId");
    return;
  }
  attach(b, id);
}

static void on_targets(struct browser *b, json_t *result, json_t *error) {
  json_t *list = json_object_get(result, "targetInfos");
  size_t i;

  if (error) {
    browser__fail(b, "Target.getTargets failed: %s", error_text(error));
    return;
  }
  for (i = 0; i < json_array_size(list); i++) {
    json_t *t = json_array_get(list, i);
    if (strcmp(jstr(t, "type"), "page") == 0 && *jstr(t, "targetId")) {
      attach(b, jstr(t, "targetId"));
      return;
    }
  }
  /* The tab of the command line does not exist yet: make one. */
  if (cdp_send(b, NULL, "Target.createTarget",
               json_pack("{s:s}", "url", "about:blank"), on_created) != 0)
    browser__fail(b, "cannot write to chromium");
}

static void on_version(struct browser *b, json_t *result, json_t *error) {
  const char *product = json_string_value(json_object_get(result, "product"));
  const char *slash;

  if (error || !product) {
    browser__fail(b, "Browser.getVersion failed: %s",
                  error ? error_text(error) : "no product");
    return;
  }
  /* "HeadlessChrome/156.0.8078.79" or "Chrome/...". */
  slash = strchr(product, '/');
  browser__set_version(b, "Chromium %s", slash ? slash + 1 : product);
}

/* ---- the pipe ---- */

static void on_message(struct browser *b, struct browser_child *c, int fd,
                       char *rec, size_t len) {
  struct chromium *ch = ch_of(b);
  json_error_t jerr;
  json_t *m, *id;
  const char *method;

  (void)c;
  if (!rec || fd != 4 || len == 0)
    return;
  if (b->o.verbose)
    browser__log(b, "< %.*s%s", len > 2000 ? 2000 : (int)len, rec,
                 len > 2000 ? "..." : "");
  /* Console strings may hold NULs ("\u0000"); lengths are kept. */
  m = json_loadb(rec, len, JSON_ALLOW_NUL, &jerr);
  if (!m) {
    browser__log(b, "bad message from chromium: %s", jerr.text);
    return;
  }
  id = json_object_get(m, "id");
  method = json_string_value(json_object_get(m, "method"));
  if (json_is_integer(id)) {
    long long want = json_integer_value(id);
    size_t i;
    for (i = 0; i < ch->npend; i++) {
      if (ch->pend[i].id == want) {
        cdp_reply_cb cb = ch->pend[i].cb;
        memmove(&ch->pend[i], &ch->pend[i + 1],
                (ch->npend - i - 1) * sizeof *ch->pend);
        ch->npend--;
        cb(b, json_object_get(m, "result"), json_object_get(m, "error"));
        break;
      }
    }
  } else if (method) {
    on_event(b, method, m);
  }
  json_decref(m);
}

static int chromium_launch(struct browser *b) {
  const char *bin = b->o.binary ? b->o.binary : CHROMIUM_DEFAULT;
  struct chromium *ch;
  struct browser_spawn s;
  size_t n;
  int i;

  if (!browser__is_exec(bin)) {
    browser__err(
        b, "%s not found or not executable (Debian: apt-get install chromium)",
        bin);
    return -1;
  }
  ch = calloc(1, sizeof *ch);
  if (!ch) {
    browser__err(b, "out of memory");
    return -1;
  }
  b->impl = ch;
  ch->c = &b->child[0];
  n = strlen(b->profile) + sizeof "--user-data-dir=";
  ch->args_profile = malloc(n);
  if (!ch->args_profile) {
    browser__err(b, "out of memory");
    return -1;
  }
  snprintf(ch->args_profile, n, "--user-data-dir=%s", b->profile);
  {
    /* We run as root, hence --no-sandbox. */
    const char *args[] = {bin,
                          "--headless",
                          "--no-sandbox",
                          "--disable-gpu",
                          "--disable-quic",
                          "--no-first-run",
                          "--no-default-browser-check",
                          "--disable-background-networking",
                          "--disable-component-update",
                          "--disable-sync",
                          "--disable-extensions",
                          "--mute-audio",
                          ch->args_profile,
                          "--remote-debugging-pipe",
                          "about:blank",
                          NULL};
    memset(&s, 0, sizeof s);
    s.name = "chromium";
    s.file = bin;
    s.args = args;
    for (i = 1; i <= 2; i++)
      s.fd[i] = b->o.verbose ? BROWSER_FD_INHERIT : BROWSER_FD_NONE;
    s.fd[3] = BROWSER_FD_READ;
    s.fd[4] = BROWSER_FD_WRITE;
    s.delim[4] = '\0';
    s.on_record = on_message;
    if (browser__spawn(b, ch->c, &s) != 0)
      return -1;
  }
  browser__set_main(b, ch->c);
  /* Chromium reads the pipe once it is up; these wait there until then. */
  if (cdp_send(b, NULL, "Browser.getVersion", NULL, on_version) != 0 ||
      cdp_send(b, NULL, "Target.getTargets", NULL, on_targets) != 0) {
    browser__err(b, "cannot write to chromium");
    return -1;
  }
  return 0;
}

static void on_navigated(struct browser *b, json_t *result, json_t *error) {
  const char *e = json_string_value(json_object_get(result, "errorText"));

  if (error)
    browser__log(b, "Page.navigate failed: %s", error_text(error));
  else if (e)
    browser__log(b, "navigation failed: %s", e);
}

static int chromium_navigate(struct browser *b, const char *url) {
  struct chromium *ch = ch_of(b);

  if (cdp_send(b, ch->session, "Page.navigate", json_pack("{s:s}", "url", url),
               on_navigated) != 0) {
    browser__err(b, "cannot send Page.navigate");
    return -1;
  }
  return 0;
}

static void chromium_free(struct browser *b) {
  struct chromium *ch = ch_of(b);
  size_t i;

  if (!ch)
    return;
  for (i = 0; i < ch->nsessions; i++)
    free(ch->sessions[i]);
  free(ch->pend);
  free(ch->session);
  free(ch->args_profile);
  free(ch->target);
  har_cdp_free(ch->har);
  free(ch);
  b->impl = NULL;
}

static json_t *chromium_har(struct browser *b) {
  struct chromium *ch = ch_of(b);

  return ch != NULL && ch->har != NULL ? har_cdp_log(ch->har) : NULL;
}

static const struct browser_ops chromium_ops = {
    .name = "chromium",
    .launch = chromium_launch,
    .navigate = chromium_navigate,
    .close = NULL,
    .free = chromium_free,
    .har = chromium_har,
};

const struct browser_ops *browser_chromium_ops(void) { return &chromium_ops; }
