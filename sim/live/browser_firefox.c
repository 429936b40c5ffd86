/*
 * browser_firefox.c - Debian's firefox-esr behind browser.h, driven over
 * WebDriver BiDi (https://w3c.github.io/webdriver-bidi/) on a WebSocket
 * (ws_client.h).
 *
 * Start-up, in order:
 *   1. user.js in the fresh profile: no updates, telemetry, studies,
 *      remote settings, safe browsing, captive-portal or connectivity
 *      checks, DNS over HTTPS, speculative connections or prefetching, so
 *      that the browser makes no request the page did not ask for;
 *   2. `firefox-esr --headless --no-remote --profile DIR
 *      --remote-debugging-port=0 about:blank`; Firefox picks a free port
 *      and prints "WebDriver BiDi listening on ws://127.0.0.1:PORT" to
 *      stderr once it listens, which is how we learn both;
 *   3. ws://127.0.0.1:PORT/session: session.new (the version comes from
 *      its capabilities), session.subscribe to log.entryAdded (and, with
 *      o.record_network, to network.beforeRequestSent, responseStarted,
 *      responseCompleted and fetchError, which go to har_bidi from
 *      on_ready on: har_bidi.h), browsingContext.getTree for the tab
 *      Firefox opened;
 *   4. the warm-up of the preflight cache (below), then on_ready.
 *
 * IMPORTANT, both found by differential runs against the real browser:
 *   - Pages are loaded in the tab of the default user context that
 *     Firefox opens itself, never in a new user context: inside a BiDi
 *     user context Firefox never reused a cached preflight.
 *   - A fresh Firefox 153 does not reuse the first few preflight results
 *     it caches for pages of a top-level site: in our runs the second
 *     request of each of the first one or two preflighted pairs was
 *     preflighted again, whatever the target origin, the URLs or the time
 *     since start-up (waiting 8 s, or 3 s between the pairs, changed
 *     nothing); from then on the cache worked for that site for good, but
 *     a page from another site (localhost after 127.0.0.1) started over.
 *     Failed preflights do not count. So before on_ready the driver serves
 *     a warm-up page and a CORS endpoint from loopback ports of its own
 *     and loads the page from each loopback site (127.0.0.1, localhost,
 *     [::1]) in turn; it sends preflighted PUT pairs until the second of
 *     a pair arrives without a preflight (FF_WARM_ROUNDS pairs at most,
 *     FF_WARM_MAX_MS in all). Then the tab goes back to about:blank and
 *     the server closes. Console entries before on_ready are dropped.
 *     The cold start is also per target address: a page from 127.0.0.1
 *     warm for 127.0.0.1 (and localhost) lost its first two pairs to
 *     [::1] (corsim diff: g1-115), so each site's page warms the
 *     endpoint on 127.0.0.1 and then on [::1].
 *     Why: before it uses a cached preflight, Firefox looks the target
 *     host up in its DNS cache, in the page's network partition (one per
 *     top-level site), and drops the entry unless the host's records
 *     exist and are older than it (CORSCacheEntry::CheckDNSCache). A
 *     connection to an IP literal makes no record; each failed check makes
 *     the next missing one, two in all for 127.0.0.1 and for [::1]; a host
 *     name (localhost) gets them from its own lookup. The model assumes
 *     the records of a page with an origin exist, hence this warm-up. A
 *     sandboxed page (origin null) has a network partition of its own in
 *     every document, so it starts without them: the model does that
 *     (profile.h, opaque_dns_records).
 *
 * Console: log.entryAdded of type "console" (console.log() and friends)
 * becomes kind "log" with BiDi's level ("debug", "info", "warn",
 * "error") and text; every other type ("javascript": uncaught exceptions
 * and Firefox's own CORS and network messages, such as "Cross-Origin
 * Request Blocked: The Same Origin Policy disallows reading the remote
 * resource at URL. (Reason: CORS header ‘Access-Control-Allow-Origin’
 * missing). Status code: 200.", level "error") becomes kind "error" with
 * the type as source. Firefox does not send them in the order they
 * happened: console calls come from the page's process, its own messages
 * from the parent, and a catch handler's console.log about a failed fetch
 * often arrives a millisecond before the CORS message that explains the
 * failure. So each entry is held back FF_REORDER_MS and they are
 * delivered sorted by their BiDi timestamps (milliseconds); at the same
 * millisecond the browser's own message goes before a console call, but
 * after the runner's "corsim:begin" marker.
 *
 * Handles. Besides the guard timer (tracked by browser_common.c), the
 * driver has handles of its own that close with their own callbacks: the
 * WebSocket client's, the warm-up listeners and their connections. They
 * are counted in ff.private_open, and the guard timer, whose close is
 * what on_exit waits for, is closed only when that count is zero.
 */
#include "browser_int.h"
#include "har_bidi.h"
#include "ws_client.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FF_BINARY "/usr/bin/firefox-esr"
/* What Firefox prints on stderr when its BiDi server listens. */
#define FF_LISTENING "WebDriver BiDi listening on ws://"
/* The warm-up (see above): at most this many preflighted pairs per site,
 * and this long for all sites; past that, on_ready comes anyway with a
 * warning. In our runs each site took two or three pairs, 0.2 to 0.3 s. */
#define FF_WARM_ROUNDS 40
#define FF_WARM_MAX_MS 15000
/* How long an entry is held back so that one with an earlier timestamp
 * that arrives later can overtake it (see "Console" above). */
#define FF_REORDER_MS 50
/* Entries held back at most; past that the oldest goes out at once. */
#define FF_REORDER_MAX 4096
/* How long a lost WebSocket waits for the process exit to be reported
 * before the browser fails for the lost connection itself. */
#define FF_EXIT_GRACE_MS 1000
/* One request head of the warm-up page is at most this long. */
#define FF_WARM_HEAD_MAX 4096

/* The steps of start-up, each waiting for one answer or event. */
enum ff_step {
  FF_WAIT_PORT,    /* for the "listening" line */
  FF_WAIT_OPEN,    /* for the WebSocket handshake */
  FF_WAIT_SESSION, /* session.new */
  FF_WAIT_SUB,     /* session.subscribe */
  FF_WAIT_TREE,    /* browsingContext.getTree */
  FF_WAIT_WARM,    /* the warm-up page's pairs */
  FF_WAIT_BLANK,   /* browsingContext.navigate back to about:blank */
  FF_READY
};

struct ff;

/* A connection to the warm-up server: one request, one answer, closed. */
struct ff_conn {
  uv_tcp_t tcp;
  struct ff *f;
  struct ff_conn *prev, *next;
  bool api;      /* accepted on the CORS endpoint's port */
  bool answered; /* the request was read and answered */
  size_t len;
  char buf[FF_WARM_HEAD_MAX];
};

struct ff_write {
  uv_write_t req;
  struct ff_conn *c;
  char data[];
};

/* A console entry held back for FF_REORDER_MS, in a list sorted by
 * (stamp, console, seq). Its strings follow the struct. */
struct ff_entry {
  struct ff_entry *next;
  double stamp; /* BiDi's timestamp, ms since the epoch */
  bool console; /* type "console": after the browser's own at a tie */
  bool begin;   /* the runner's "corsim:begin" marker: before them */
  uint64_t seq; /* arrival order */
  uint64_t due; /* uv_now when it may go out */
  const char *kind, *level, *source, *text;
  size_t len;
};

struct ff {
  struct browser *b;
  struct ws_client *ws;
  /* The guard (see the handles paragraph above), also the warm-up
   * timeout. Tracked by browser_common.c. */
  uv_timer_t timer;
  bool timer_open;
  unsigned private_open; /* our own handles and the WebSocket, still open */
  bool ws_live; /* ws_client_connect succeeded, closed not yet called */
  bool closing; /* ops->close ran */
  enum ff_step step;
  uint64_t launched; /* uv_now at launch, ms */
  int64_t next_id;
  int64_t wait_id;  /* the command the current step waits for */
  int64_t close_id; /* browser.close, once sent */
  char *context;    /* the tab's browsing context id */
  char ws_why[200]; /* why the WebSocket ended, while not closing */
  /* The warm-up server: the page on one port, the CORS endpoint on
   * another (so that the page's requests are cross-origin). */
  uv_tcp_t listen_page, listen_api;
  bool page_open, api_open;
  int page_port, api_port;
  struct ff_conn *conns;
  uv_tcp_t listen_page6; /* the page on [::1] too, when it can */
  bool page6_open;
  uv_tcp_t listen_api6; /* the endpoint on [::1] too, when it can */
  bool api6_open;
  int warm_site;  /* index into warm_hosts */
  int warm_sites; /* how many of them: 2 without [::1] */
  int warm_targets; /* endpoint addresses: 127.0.0.1, and [::1] if it can */
  bool warm_target_done[2];
  unsigned char warm_options[2][FF_WARM_ROUNDS]; /* OPTIONS seen per pair */
  unsigned char warm_puts[2][FF_WARM_ROUNDS];    /* PUTs seen per pair */
  int warm_pairs;                                /* pairs completed */
  /* Console entries held back (see "Console" above). */
  uv_timer_t reorder;
  bool reorder_open;
  struct ff_entry *held;
  size_t nheld;
  uint64_t seq;
  /* With o.record_network: the requests since on_ready. */
  struct har_bidi *har;
};

static struct ff *ff_of(struct browser *b) { return b->impl; }

static void step_ready(struct ff *f);
static void on_reorder(uv_timer_t *t);

/* ------------------------------------------------------------------ */
/* Our own handles. */

/* Closes the guard once nothing of ours is open any more (see the handles
 * paragraph at the top). */
static void maybe_release_guard(struct ff *f) {
  if (f->closing && f->private_open == 0 && f->timer_open) {
    f->timer_open = false;
    browser__close_handle(f->b, (uv_handle_t *)&f->timer);
  }
}

static void private_closed(uv_handle_t *h) {
  struct ff *f = h->data;

  f->private_open--;
  maybe_release_guard(f);
}

static void conn_closed(uv_handle_t *h) {
  struct ff_conn *c = h->data;
  struct ff *f = c->f;

  if (c->prev != NULL)
    c->prev->next = c->next;
  else
    f->conns = c->next;
  if (c->next != NULL)
    c->next->prev = c->prev;
  free(c);
  f->private_open--;
  maybe_release_guard(f);
}

static void conn_close(struct ff_conn *c) {
  if (!uv_is_closing((uv_handle_t *)&c->tcp))
    uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

/* Stops the warm-up server: both listeners and every connection. */
static void warm_server_stop(struct ff *f) {
  struct ff_conn *c;

  if (f->page_open) {
    f->page_open = false;
    uv_close((uv_handle_t *)&f->listen_page, private_closed);
  }
  if (f->api_open) {
    f->api_open = false;
    uv_close((uv_handle_t *)&f->listen_api, private_closed);
  }
  if (f->page6_open) {
    f->page6_open = false;
    uv_close((uv_handle_t *)&f->listen_page6, private_closed);
  }
  if (f->api6_open) {
    f->api6_open = false;
    uv_close((uv_handle_t *)&f->listen_api6, private_closed);
  }
  for (c = f->conns; c != NULL; c = c->next)
    conn_close(c);
}

/* ------------------------------------------------------------------ */
/* The profile. */

struct ff_pref {
  const char *name;
  char type; /* 'b' bool, 'i' int, 's' string */
  const char *value;
};

/* Offline and quiet. Nothing here changes how a page's requests are made,
 * except that the browser makes none of its own next to them. */
static const struct ff_pref ff_prefs[] = {
    {"remote.active-protocols", 'i', "1"}, /* WebDriver BiDi only */
    {"browser.shell.checkDefaultBrowser", 'b', "false"},
    {"browser.startup.homepage_override.mstone", 's', "ignore"},
    {"browser.startup.page", 'i', "0"},
    {"startup.homepage_welcome_url", 's', "about:blank"},
    {"browser.aboutwelcome.enabled", 'b', "false"},
    {"browser.newtabpage.enabled", 'b', "false"},
    {"browser.sessionstore.resume_from_crash", 'b', "false"},
    {"browser.warnOnQuit", 'b', "false"},
    {"browser.tabs.warnOnClose", 'b', "false"},
    {"toolkit.startup.max_resumed_crashes", 'i', "-1"},
    {"browser.uitour.enabled", 'b', "false"},
    {"app.update.enabled", 'b', "false"},
    {"app.update.auto", 'b', "false"},
    {"app.update.disabledForTesting", 'b', "true"},
    {"app.update.checkInstallTime", 'b', "false"},
    {"extensions.update.enabled", 'b', "false"},
    {"extensions.getAddons.cache.enabled", 'b', "false"},
    {"extensions.blocklist.enabled", 'b', "false"},
    {"media.gmp-manager.updateEnabled", 'b', "false"},
    {"browser.search.update", 'b', "false"},
    {"browser.region.update.enabled", 'b', "false"},
    {"browser.region.network.url", 's', ""},
    {"geo.provider.network.url", 's', ""},
    {"app.normandy.enabled", 'b', "false"},
    {"app.normandy.api_url", 's', ""},
    {"app.shield.optoutstudies.enabled", 'b', "false"},
    {"messaging-system.rsexperimentloader.enabled", 'b', "false"},
    /* Remote settings: a loopback port where nothing listens, so that
     * its fetches fail at once without a DNS query. */
    {"services.settings.server", 's', "http://127.0.0.1:1/"},
    {"datareporting.policy.dataSubmissionEnabled", 'b', "false"},
    {"datareporting.healthreport.uploadEnabled", 'b', "false"},
    {"toolkit.telemetry.enabled", 'b', "false"},
    {"toolkit.telemetry.unified", 'b', "false"},
    {"toolkit.telemetry.archive.enabled", 'b', "false"},
    {"toolkit.telemetry.server", 's', ""},
    {"browser.ping-centre.telemetry", 'b', "false"},
    {"browser.tabs.crashReporting.sendReport", 'b', "false"},
    {"browser.safebrowsing.malware.enabled", 'b', "false"},
    {"browser.safebrowsing.phishing.enabled", 'b', "false"},
    {"browser.safebrowsing.downloads.enabled", 'b', "false"},
    {"browser.safebrowsing.blockedURIs.enabled", 'b', "false"},
    {"network.captive-portal-service.enabled", 'b', "false"},
    {"network.connectivity-service.enabled", 'b', "false"},
    {"network.trr.mode", 'i', "5"}, /* DNS over HTTPS off */
    {"network.proxy.type", 'i', "0"},
    {"network.dns.disableIPv6", 'b', "false"},
    /* No connection or request the page did not make itself. */
    {"network.http.speculative-parallel-limit", 'i', "0"},
    {"network.predictor.enabled", 'b', "false"},
    {"network.prefetch-next", 'b', "false"},
    {"network.dns.disablePrefetch", 'b', "true"},
    {"dom.security.https_only_mode", 'b', "false"},
};

static int write_prefs(struct browser *b) {
  size_t plen = strlen(b->profile), i;
  char *path = malloc(plen + sizeof "/user.js");
  FILE *f;
  int rc = 0;

  if (path == NULL) {
    browser__err(b, "out of memory");
    return -1;
  }
  memcpy(path, b->profile, plen);
  memcpy(path + plen, "/user.js", sizeof "/user.js");
  f = fopen(path, "w");
  if (f == NULL) {
    browser__err(b, "cannot write %s", path);
    free(path);
    return -1;
  }
  for (i = 0; i < sizeof ff_prefs / sizeof ff_prefs[0]; i++) {
    const struct ff_pref *p = &ff_prefs[i];
    if (p->type == 's')
      fprintf(f, "user_pref(\"%s\", \"%s\");\n", p->name, p->value);
    else
      fprintf(f, "user_pref(\"%s\", %s);\n", p->name, p->value);
  }
  if (ferror(f) != 0)
    rc = -1;
  if (fclose(f) != 0)
    rc = -1;
  if (rc != 0)
    browser__err(b, "cannot write %s", path);
  free(path);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Commands. */

/* Sends {"id":N,"method":method,"params":params} and returns N, or -1
 * after failing the browser. Takes the reference to params. */
static int64_t send_cmd(struct ff *f, const char *method, json_t *params) {
  json_t *msg;
  char *text;
  int64_t id = ++f->next_id;
  int rc;

  msg = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "method", method,
                  "params", params);
  text = msg != NULL ? json_dumps(msg, JSON_COMPACT) : NULL;
  json_decref(msg);
  if (text == NULL) {
    browser__fail(f->b, "out of memory");
    return -1;
  }
  browser__log(f->b, "-> %s", text);
  rc = ws_client_send_text(f->ws, text, strlen(text));
  free(text);
  if (rc != 0) {
    browser__fail(f->b, "cannot send %s: %s", method, uv_strerror(rc));
    return -1;
  }
  return id;
}

/* The next start-up step: sends its command and waits for the answer. */
static void step_send(struct ff *f, enum ff_step step, const char *method,
                      json_t *params) {
  f->step = step;
  f->wait_id = send_cmd(f, method, params);
}

static int64_t navigate_to(struct ff *f, const char *url, const char *wait) {
  return send_cmd(f, "browsingContext.navigate",
                  json_pack("{s:s,s:s,s:s}", "context", f->context, "url", url,
                            "wait", wait));
}

/* ------------------------------------------------------------------ */
/* The warm-up server (see the top of the file). */

/* The page: preflighted PUT pairs to the endpoint on each target address
 * in turn, a fresh URL per pair ("/w<site>-<target>-<pair>"). The server
 * decides when the cache works: it answers the second PUT of a pair that
 * came without a preflight with "cached", and the page moves on to the
 * next address. */
static const char warm_page[] =
    "<!doctype html><title>corsim warm-up</title>"
    "<link rel=\"icon\" href=\"data:,\"><script>\n"
    "(async function () {\n"
    "  var hosts = [\"127.0.0.1\", \"[::1]\"].slice(0, %d);\n"
    "  for (var t = 0; t < hosts.length; t++) {\n"
    "    for (var k = 0; k < %d; k++) {\n"
    "      var u = \"http://\" + hosts[t] + \":%d/w%d-\" + t + \"-\" + k;\n"
    "      var o = {method: \"PUT\", headers: {\"X-Corsim-Warm\": \"1\"}};\n"
    "      var done = false;\n"
    "      try {\n"
    "        await fetch(u, o);\n"
    "        done = (await (await fetch(u, o)).text()) === \"cached\";\n"
    "      } catch (e) {}\n"
    "      if (done) break;\n"
    "      await new Promise(function (r) { setTimeout(r, 50); });\n"
    "    }\n"
    "  }\n"
    "})();\n"
    "</script>\n";

/* The top-level sites warmed one after the other: Firefox's preflight
 * cache is partitioned by top-level site, and each partition loses its
 * first entries (in our runs a page from localhost after a warm-up from
 * 127.0.0.1 lost its first two pairs again; a site once warm stayed
 * warm). Scenarios load their pages from these loopback hosts. */
static const char *const warm_hosts[] = {"127.0.0.1", "localhost", "[::1]"};

/* Loads the warm-up page from the next site, or, after the last one,
 * goes back to about:blank (so that the page stops) and then on_ready. */
static void warm_next(struct ff *f) {
  char url[64];

  if (f->warm_site >= f->warm_sites) {
    uv_timer_stop(&f->timer);
    f->step = FF_WAIT_BLANK;
    f->wait_id = navigate_to(f, "about:blank", "complete");
    return;
  }
  memset(f->warm_options, 0, sizeof f->warm_options);
  memset(f->warm_puts, 0, sizeof f->warm_puts);
  memset(f->warm_target_done, 0, sizeof f->warm_target_done);
  f->warm_pairs = 0;
  snprintf(url, sizeof url, "http://%s:%d/%d", warm_hosts[f->warm_site],
           f->page_port, f->warm_site);
  navigate_to(f, url, "none");
}

/* The current site is warm (or the time is up). */
static void warm_done(struct ff *f, bool worked) {
  if (f->step != FF_WAIT_WARM || f->closing)
    return;
  if (worked) {
    browser__log(f->b,
                 "preflight cache warm for %s after %d pairs, %u ms "
                 "after launch",
                 warm_hosts[f->warm_site], f->warm_pairs,
                 (unsigned)(uv_now(f->b->loop) - f->launched));
    f->warm_site++;
  } else {
    browser__err(f->b,
                 "warning: the preflight cache did not warm up for "
                 "%s within %d ms; its first preflights may not be "
                 "cached",
                 warm_hosts[f->warm_site], FF_WARM_MAX_MS);
    f->warm_site = f->warm_sites;
  }
  warm_next(f);
}

static void on_warm_timeout(uv_timer_t *t) { warm_done(t->data, false); }

/* Counts what the endpoint saw at path[0..len),
 * "/w<site>-<target>-<pair>"; the second PUT of a pair with a single
 * OPTIONS before it means the cache was used: returns true for it. The
 * site is warm when every target is. Requests of an earlier site's page
 * are ignored. */
static bool warm_count(struct ff *f, bool options, const char *path,
                       size_t len) {
  char num[24];
  char *end;
  long site, t, k;

  if (len < 7 || len >= sizeof num || path[0] != '/' || path[1] != 'w')
    return false;
  memcpy(num, path + 2, len - 2);
  num[len - 2] = '\0';
  site = strtol(num, &end, 10);
  if (end == num || *end != '-' || site != f->warm_site)
    return false;
  t = strtol(end + 1, &end, 10);
  if (*end != '-' || t < 0 || t >= f->warm_targets)
    return false;
  k = strtol(end + 1, &end, 10);
  if (*end != '\0' || k < 0 || k >= FF_WARM_ROUNDS)
    return false;
  if (options) {
    if (f->warm_options[t][k] < 255)
      f->warm_options[t][k]++;
    return false;
  }
  if (f->warm_puts[t][k] < 255)
    f->warm_puts[t][k]++;
  if (f->warm_puts[t][k] != 2)
    return false;
  f->warm_pairs++;
  if (f->warm_options[t][k] != 1)
    return false;
  f->warm_target_done[t] = true;
  for (t = 0; t < f->warm_targets; t++)
    if (!f->warm_target_done[t])
      return true;
  warm_done(f, true);
  return true;
}

static void conn_written(uv_write_t *req, int status) {
  struct ff_write *w = (struct ff_write *)(void *)req;

  (void)status;
  conn_close(w->c);
  free(w);
}

/* Answers the request in c->buf (a complete head) and closes. */
static void conn_answer(struct ff_conn *c) {
  struct ff *f = c->f;
  const char *sp1 = memchr(c->buf, ' ', c->len), *sp2 = NULL;
  size_t mlen = 0, plen = 0, n;
  char body[1024], cors[256];
  const char *status = "404 Not Found", *type = "text/plain";
  struct ff_write *w;
  uv_buf_t buf;
  int blen = 0;

  c->answered = true;
  cors[0] = '\0';
  body[0] = '\0';
  if (sp1 != NULL) {
    mlen = (size_t)(sp1 - c->buf);
    sp2 = memchr(sp1 + 1, ' ', c->len - mlen - 1);
  }
  if (sp2 != NULL)
    plen = (size_t)(sp2 - sp1 - 1);
  if (!c->api && mlen == 3 && memcmp(c->buf, "GET", 3) == 0 && plen == 2 &&
      sp1[1] == '/' && sp1[2] >= '0' && sp1[2] < '0' + f->warm_sites) {
    status = "200 OK";
    type = "text/html; charset=utf-8";
    blen = snprintf(body, sizeof body, warm_page, f->warm_targets,
                    FF_WARM_ROUNDS, f->api_port, sp1[2] - '0');
  } else if (c->api && plen > 0) {
    bool options = mlen == 7 && memcmp(c->buf, "OPTIONS", 7) == 0;
    bool put = mlen == 3 && memcmp(c->buf, "PUT", 3) == 0;
    if (options || put) {
      status = options ? "204 No Content" : "200 OK";
      snprintf(cors, sizeof cors,
               "Access-Control-Allow-Origin: *\r\n"
               "Access-Control-Allow-Methods: PUT\r\n"
               "Access-Control-Allow-Headers: X-Corsim-Warm\r\n"
               "Access-Control-Max-Age: 600\r\n");
    }
    if ((options || put) && warm_count(f, options, sp1 + 1, plen))
      blen = snprintf(body, sizeof body, "cached");
  }
  if (blen < 0 || (size_t)blen >= sizeof body)
    blen = 0;
  n = (size_t)blen + strlen(cors) + 256;
  w = malloc(sizeof *w + n);
  if (w == NULL || uv_is_closing((uv_handle_t *)&c->tcp)) {
    free(w);
    conn_close(c);
    return;
  }
  w->c = c;
  n = (size_t)snprintf(w->data, n,
                       "HTTP/1.1 %s\r\n%sContent-Type: %s\r\n"
                       "Content-Length: %d\r\nCache-Control: no-store\r\n"
                       "Connection: close\r\n\r\n%s",
                       status, cors, type, blen, body);
  buf = uv_buf_init(w->data, (unsigned)n);
  if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, conn_written) != 0) {
    free(w);
    conn_close(c);
  }
}

static void conn_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  struct ff_conn *c = h->data;

  (void)suggested;
  *buf = uv_buf_init(c->buf + c->len, (unsigned)(sizeof c->buf - c->len));
}

static bool has_blank_line(const char *p, size_t n) {
  size_t i;

  for (i = 0; i + 4 <= n; i++)
    if (memcmp(p + i, "\r\n\r\n", 4) == 0)
      return true;
  return false;
}

static void conn_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  struct ff_conn *c = s->data;

  (void)buf;
  if (nread < 0) {
    conn_close(c);
    return;
  }
  c->len += (size_t)nread;
  if (c->answered)
    return;
  if (has_blank_line(c->buf, c->len)) {
    uv_read_stop(s);
    conn_answer(c);
  } else if (c->len == sizeof c->buf) {
    conn_close(c);
  }
}

static void on_connection(uv_stream_t *l, int status) {
  struct ff *f = l->data;
  struct ff_conn *c;

  if (status != 0 || f->closing)
    return;
  c = calloc(1, sizeof *c);
  if (c == NULL || uv_tcp_init(f->b->loop, &c->tcp) != 0) {
    free(c);
    return;
  }
  c->f = f;
  c->api = l == (uv_stream_t *)&f->listen_api ||
           l == (uv_stream_t *)&f->listen_api6;
  c->tcp.data = c;
  c->next = f->conns;
  if (f->conns != NULL)
    f->conns->prev = c;
  f->conns = c;
  f->private_open++;
  if (uv_accept(l, (uv_stream_t *)&c->tcp) != 0 ||
      uv_read_start((uv_stream_t *)&c->tcp, conn_alloc, conn_read) != 0)
    conn_close(c);
}

/* Listens on ip and port (0: the system picks one); returns the port, or
 * a negative libuv error. */
static int listen_on(struct ff *f, uv_tcp_t *t, bool *open, const char *ip,
                     int port) {
  struct sockaddr_storage a, got;
  int len = sizeof got, rc;
  bool v6 = strchr(ip, ':') != NULL;

  rc = uv_tcp_init(f->b->loop, t);
  if (rc != 0)
    return rc;
  t->data = f;
  *open = true;
  f->private_open++;
  if (v6)
    rc = uv_ip6_addr(ip, port, (struct sockaddr_in6 *)&a);
  else
    rc = uv_ip4_addr(ip, port, (struct sockaddr_in *)&a);
  if (rc == 0)
    rc = uv_tcp_bind(t, (const struct sockaddr *)&a, v6 ? UV_TCP_IPV6ONLY : 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)t, 64, on_connection);
  if (rc == 0)
    rc = uv_tcp_getsockname(t, (struct sockaddr *)&got, &len);
  if (rc != 0)
    return rc;
  if (v6)
    return ntohs(((const struct sockaddr_in6 *)&got)->sin6_port);
  return ntohs(((const struct sockaddr_in *)&got)->sin_port);
}

/* Starts the server and loads its page from the first site. */
static void warm_start(struct ff *f) {
  int rc;

  rc = listen_on(f, &f->listen_page, &f->page_open, "127.0.0.1", 0);
  f->page_port = rc;
  if (rc > 0) {
    rc = listen_on(f, &f->listen_api, &f->api_open, "127.0.0.1", 0);
    f->api_port = rc;
  }
  if (rc < 0) {
    browser__fail(f->b, "cannot listen on 127.0.0.1 for the warm-up: %s",
                  uv_strerror(rc));
    return;
  }
  /* [::1] only where IPv6 loopback works; the page port may be taken
   * there, then that site is not warmed. */
  f->warm_sites = 2;
  if (listen_on(f, &f->listen_page6, &f->page6_open, "::1", f->page_port) ==
      f->page_port)
    f->warm_sites = 3;
  f->warm_targets = 1;
  if (listen_on(f, &f->listen_api6, &f->api6_open, "::1", f->api_port) ==
      f->api_port)
    f->warm_targets = 2;
  browser__log(f->b,
               "warm-up page on port %d (%d sites), endpoint on port "
               "%d (%d addresses)",
               f->page_port, f->warm_sites, f->api_port, f->warm_targets);
  f->step = FF_WAIT_WARM;
  f->wait_id = -1;
  f->warm_site = 0;
  rc = uv_timer_start(&f->timer, on_warm_timeout, FF_WARM_MAX_MS, 0);
  if (rc != 0) {
    browser__fail(f->b, "cannot start a timer: %s", uv_strerror(rc));
    return;
  }
  warm_next(f);
}

/* ------------------------------------------------------------------ */
/* Start-up. */

/* "Firefox 153.7.0" from session.new's capabilities. */
static void take_version(struct ff *f, json_t *result) {
  json_t *caps = json_object_get(result, "capabilities");
  const char *name = json_string_value(json_object_get(caps, "browserName"));
  const char *ver = json_string_value(json_object_get(caps, "browserVersion"));

  if (name == NULL || name[0] == '\0' || ver == NULL) {
    browser__set_version(f->b, "Firefox");
    return;
  }
  /* BiDi says "firefox". */
  browser__set_version(f->b, "%c%s %s",
                       name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A'
                                                        : name[0],
                       name + 1, ver);
}

/* The top-level context Firefox opened (the first one without a parent). */
static int take_context(struct ff *f, json_t *result) {
  json_t *list = json_object_get(result, "contexts"), *c;
  size_t i;

  json_array_foreach(list, i, c) {
    const char *id = json_string_value(json_object_get(c, "context"));
    json_t *parent = json_object_get(c, "parent");
    if (id != NULL && (parent == NULL || json_is_null(parent))) {
      f->context = strdup(id);
      return f->context != NULL ? 0 : -1;
    }
  }
  return -1;
}

static void step_ready(struct ff *f) {
  f->step = FF_READY;
  warm_server_stop(f);
  browser__log(f->b, "ready %u ms after launch",
               (unsigned)(uv_now(f->b->loop) - f->launched));
  browser__ready(f->b);
}

/* The answer to the command the current start-up step waits for. */
static void step_done(struct ff *f, json_t *result) {
  switch (f->step) {
  case FF_WAIT_SESSION:
    take_version(f, result);
    /* The network events only for a HAR: they repeat every request's
     * headers three times over. */
    step_send(f, FF_WAIT_SUB, "session.subscribe",
              f->b->o.record_network
                  ? json_pack("{s:[sssss]}", "events", "log.entryAdded",
                              "network.beforeRequestSent",
                              "network.responseStarted",
                              "network.responseCompleted",
                              "network.fetchError")
                  : json_pack("{s:[s]}", "events", "log.entryAdded"));
    break;
  case FF_WAIT_SUB:
    step_send(f, FF_WAIT_TREE, "browsingContext.getTree", json_object());
    break;
  case FF_WAIT_TREE:
    if (take_context(f, result) != 0) {
      browser__fail(f->b, "no top-level browsing context in the tree");
      return;
    }
    if (f->b->o.record_network && (f->har = har_bidi_new(f->context)) == NULL) {
      browser__fail(f->b, "out of memory");
      return;
    }
    warm_start(f);
    break;
  case FF_WAIT_BLANK:
    step_ready(f);
    break;
  default:
    break;
  }
}

/* ------------------------------------------------------------------ */
/* Console entries. */

/* Appends a BiDi remote value as console.log would print it, roughly:
 * primitives as their value, anything else as its type. Only used when
 * an entry has no text. */
static void add_value(struct buf *out, json_t *v) {
  const char *type = json_string_value(json_object_get(v, "type"));
  json_t *val = json_object_get(v, "value");

  if (json_is_string(val))
    buf_add(out, json_string_value(val), json_string_length(val));
  else if (json_is_integer(val))
    buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(val));
  else if (json_is_real(val))
    buf_addf(out, "%.17g", json_real_value(val));
  else if (json_is_true(val))
    buf_adds(out, "true");
  else if (json_is_false(val))
    buf_adds(out, "false");
  else if (type != NULL)
    buf_adds(out, type);
}

/* Delivers held entries: all of them when all, else those due. */
static void release_held(struct ff *f, bool all) {
  uint64_t now = uv_now(f->b->loop);

  if (!f->reorder_open)
    all = true;
  while (f->held != NULL &&
         (all || f->held->due <= now || f->nheld > FF_REORDER_MAX)) {
    struct ff_entry *e = f->held;
    f->held = e->next;
    f->nheld--;
    browser__console(f->b, e->kind, e->level, e->source, e->text, e->len);
    free(e);
  }
  if (f->held != NULL && f->reorder_open && !f->closing) {
    int rc = uv_timer_start(&f->reorder, on_reorder, f->held->due - now, 0);
    if (rc != 0) {
      browser__log(f->b, "reorder timer: %s", uv_strerror(rc));
      release_held(f, true);
    }
  }
}

static void on_reorder(uv_timer_t *t) { release_held(t->data, false); }

/* Holds one entry back; text is copied. */
static void hold(struct ff *f, double stamp, bool console, const char *kind,
                 const char *level, const char *source, const char *text,
                 size_t len) {
  size_t ll = strlen(level) + 1, sl = strlen(source) + 1;
  struct ff_entry *e = malloc(sizeof *e + ll + sl + len + 1), **at;
  char *p;

  if (e == NULL) {
    browser__log(f->b, "out of memory: a console entry is lost");
    return;
  }
  p = (char *)(e + 1);
  memcpy(p, level, ll);
  e->level = p;
  memcpy(p + ll, source, sl);
  e->source = p + ll;
  memcpy(p + ll + sl, text, len);
  p[ll + sl + len] = '\0';
  e->text = p + ll + sl;
  e->len = len;
  e->kind = kind; /* static */
  e->stamp = stamp;
  e->console = console;
  e->begin = console && len >= 13 && memcmp(text, "corsim:begin ", 13) == 0;
  e->seq = f->seq++;
  e->due = uv_now(f->b->loop) + FF_REORDER_MS;
  /* After every entry that sorts before or with it: ties keep arrival
   * order, except that a console call goes after the browser's own
   * message of the same millisecond (it is the script's reaction to it,
   * such as a catch handler logging a failed fetch). The runner's
   * "corsim:begin" marker is the exception: a message of its millisecond
   * is about the request it announces (found by corsim diff: g1-787's
   * Security Error had the marker's timestamp and went to the request
   * before). */
  for (at = &f->held; *at != NULL; at = &(*at)->next) {
    const struct ff_entry *o = *at;
    if (o->stamp > stamp ||
        (o->stamp == stamp && o->console && !o->begin && !console) ||
        (o->stamp == stamp && e->begin && !o->console))
      break;
  }
  e->next = *at;
  *at = e;
  f->nheld++;
  release_held(f, false);
}

static void on_entry(struct ff *f, json_t *params) {
  const char *type = json_string_value(json_object_get(params, "type"));
  const char *level = json_string_value(json_object_get(params, "level"));
  json_t *text = json_object_get(params, "text");
  bool console = type != NULL && strcmp(type, "console") == 0;
  const char *kind = console ? "log" : "error";
  const char *source = console || type == NULL ? "" : type;
  double stamp = 0;

  /* The warm-up page's entries are not the user's. */
  if (f->step != FF_READY)
    return;
  if (level == NULL)
    level = "";
  if (json_is_number(json_object_get(params, "timestamp"))) {
    stamp = json_number_value(json_object_get(params, "timestamp"));
  } else {
    uv_timeval64_t tv;
    if (uv_gettimeofday(&tv) == 0)
      stamp = (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
  }
  if (json_is_string(text)) {
    hold(f, stamp, console, kind, level, source, json_string_value(text),
         json_string_length(text));
  } else {
    json_t *args = json_object_get(params, "args"), *a;
    struct buf joined;
    size_t i;

    buf_init(&joined);
    json_array_foreach(args, i, a) {
      if (i > 0)
        buf_addc(&joined, ' ');
      add_value(&joined, a);
    }
    hold(f, stamp, console, kind, level, source, buf_str(&joined), joined.len);
    buf_cleanup(&joined);
  }
}

/* ------------------------------------------------------------------ */
/* The WebSocket. */

static void ws_opened(void *user) {
  struct ff *f = user;

  if (f->closing)
    return;
  browser__log(f->b, "bidi connected %u ms after launch",
               (unsigned)(uv_now(f->b->loop) - f->launched));
  step_send(f, FF_WAIT_SESSION, "session.new",
            json_pack("{s:{}}", "capabilities"));
}

static void ws_message(void *user, const char *p, size_t n) {
  struct ff *f = user;
  json_error_t err;
  json_t *msg = json_loadb(p, n, 0, &err);
  const char *type = json_string_value(json_object_get(msg, "type"));
  json_t *id = json_object_get(msg, "id");

  browser__log(f->b, "<- %.*s", n > 2000 ? 2000 : (int)n, p);
  if (msg == NULL || type == NULL) {
    browser__log(f->b, "unreadable bidi message: %s", err.text);
  } else if (strcmp(type, "event") == 0) {
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (method != NULL && strcmp(method, "log.entryAdded") == 0)
      on_entry(f, json_object_get(msg, "params"));
    /* The warm-up's requests are not the user's. */
    else if (method != NULL && f->har != NULL && f->step == FF_READY &&
             strncmp(method, "network.", 8) == 0)
      har_bidi_event(f->har, method, json_object_get(msg, "params"));
  } else if (json_is_integer(id)) {
    int64_t n_id = (int64_t)json_integer_value(id);
    bool ok = strcmp(type, "success") == 0;

    if (n_id == f->close_id) {
      /* Firefox quits now; end the WebSocket from our side as well. */
      ws_client_close(f->ws);
    } else if (!ok) {
      const char *e = json_string_value(json_object_get(msg, "error"));
      const char *m = json_string_value(json_object_get(msg, "message"));
      if (n_id == f->wait_id && f->step < FF_READY)
        browser__fail(f->b, "bidi start-up failed: %s: %s", e != NULL ? e : "?",
                      m != NULL ? m : "");
      else
        browser__err(f->b, "bidi command %lld failed: %s: %s", (long long)n_id,
                     e != NULL ? e : "?", m != NULL ? m : "");
    } else if (n_id == f->wait_id && f->step < FF_READY && !f->closing) {
      step_done(f, json_object_get(msg, "result"));
    }
  }
  json_decref(msg);
}

static void on_ws_lost(uv_timer_t *t) {
  struct ff *f = t->data;

  browser__fail(f->b, "the BiDi connection ended: %s", f->ws_why);
}

static void ws_closed(void *user, const char *why) {
  struct ff *f = user;
  int rc;

  f->ws_live = false;
  f->private_open--;
  if (!f->closing) {
    /* Usually Firefox itself is gone: give its exit FF_EXIT_GRACE_MS to
     * be noticed, which says more ("exited unexpectedly (signal 9)"). */
    snprintf(f->ws_why, sizeof f->ws_why, "%s",
             why != NULL ? why : "closed by firefox");
    rc = uv_timer_start(&f->timer, on_ws_lost, FF_EXIT_GRACE_MS, 0);
    if (rc != 0)
      on_ws_lost(&f->timer);
  }
  maybe_release_guard(f);
}

/* Firefox's stderr, one line at a time: the "listening" line tells the
 * port. */
static void on_stderr(struct browser *b, char *rec, size_t len) {
  struct ff *f = ff_of(b);
  const char *at, *colon;
  char host[64];
  char *end;
  long port;
  int rc;

  browser__log(b, "firefox: %.*s", (int)len, rec);
  if (f->step != FF_WAIT_PORT || f->closing)
    return;
  at = strstr(rec, FF_LISTENING);
  if (at == NULL)
    return;
  at += sizeof FF_LISTENING - 1;
  colon = strrchr(at, ':');
  if (colon == NULL || colon == at || (size_t)(colon - at) >= sizeof host) {
    browser__fail(b, "unexpected BiDi address in \"%s\"", rec);
    return;
  }
  port = strtol(colon + 1, &end, 10);
  if (end == colon + 1 || port <= 0 || port > 65535) {
    browser__fail(b, "unexpected BiDi port in \"%s\"", rec);
    return;
  }
  /* "[::1]" -> "::1" */
  if (at[0] == '[' && colon[-1] == ']') {
    memcpy(host, at + 1, (size_t)(colon - at) - 2);
    host[colon - at - 2] = '\0';
  } else {
    memcpy(host, at, (size_t)(colon - at));
    host[colon - at] = '\0';
  }
  f->step = FF_WAIT_OPEN;
  browser__log(b, "bidi at %s port %ld, %u ms after launch", host, port,
               (unsigned)(uv_now(b->loop) - f->launched));
  rc = ws_client_connect(f->ws, host, (int)port, "/session");
  if (rc != 0) {
    browser__fail(b, "cannot connect to BiDi: %s", uv_strerror(rc));
    return;
  }
  f->ws_live = true;
  f->private_open++;
}

/* Firefox's stderr (2) and, when verbose, its stdout (1). */
static void on_record(struct browser *b, struct browser_child *c, int fd,
                      char *rec, size_t len) {
  (void)c;
  if (rec == NULL)
    return;
  if (fd == 2)
    on_stderr(b, rec, len);
  else
    browser__log(b, "firefox: %.*s", (int)len, rec);
}

/* ------------------------------------------------------------------ */
/* The ops. */

static int ff_launch(struct browser *b) {
  struct ff *f = calloc(1, sizeof *f);
  struct ws_client_hooks h;
  struct browser_spawn s;
  const char *args[8];
  /* Headless: Firefox must not find a display. */
  static const char *const unset[] = {"DISPLAY", "WAYLAND_DISPLAY", NULL};
  static const char *const set[] = {"MOZ_CRASHREPORTER_DISABLE=1", NULL};
  char **env;
  int rc;

  if (f == NULL) {
    browser__err(b, "out of memory");
    return -1;
  }
  b->impl = f;
  f->b = b;
  f->close_id = -1;
  f->wait_id = -1;
  f->step = FF_WAIT_PORT;
  uv_update_time(b->loop);
  f->launched = uv_now(b->loop);
  memset(&h, 0, sizeof h);
  h.user = f;
  h.open = ws_opened;
  h.message = ws_message;
  h.closed = ws_closed;
  if (ws_client_new(&f->ws, b->loop, &h) != 0) {
    browser__err(b, "out of memory");
    return -1;
  }
  if (write_prefs(b) != 0)
    return -1;
  env = browser__env(set, unset);
  if (env == NULL) {
    browser__err(b, "out of memory");
    return -1;
  }
  rc = uv_timer_init(b->loop, &f->timer);
  if (rc != 0) {
    browser__env_free(env);
    browser__err(b, "cannot make a timer: %s", uv_strerror(rc));
    return -1;
  }
  f->timer.data = f;
  f->timer_open = true;
  browser__track_handle(b, (uv_handle_t *)&f->timer);
  if (uv_timer_init(b->loop, &f->reorder) == 0) {
    f->reorder.data = f;
    f->reorder_open = true;
    f->private_open++;
  }

  args[0] = b->o.binary != NULL ? b->o.binary : FF_BINARY;
  args[1] = "--headless";
  args[2] = "--no-remote";
  args[3] = "--profile";
  args[4] = b->profile;
  args[5] = "--remote-debugging-port=0"; /* Firefox picks a free port */
  args[6] = "about:blank";
  args[7] = NULL;
  memset(&s, 0, sizeof s);
  s.name = "firefox";
  s.file = args[0];
  s.args = args;
  s.env = env;
  s.fd[1] = b->o.verbose ? BROWSER_FD_WRITE : BROWSER_FD_NONE;
  s.fd[2] = BROWSER_FD_WRITE;
  s.delim[1] = '\n';
  s.delim[2] = '\n';
  s.on_record = on_record;
  rc = browser__spawn(b, &b->child[0], &s);
  browser__env_free(env);
  if (rc != 0)
    return -1; /* ff_close closes the guard */
  browser__set_main(b, &b->child[0]);
  return 0;
}

static int ff_navigate(struct browser *b, const char *url) {
  struct ff *f = ff_of(b);

  if (f->step != FF_READY || f->closing || !ws_client_is_open(f->ws))
    return -1;
  return navigate_to(f, url, "none") < 0 ? -1 : 0;
}

/* Runs once when the browser starts ending: browser.close over BiDi if
 * the session is up (browser_common.c's SIGTERM and SIGKILL follow
 * anyway), and everything of ours closed. */
static void ff_close(struct browser *b) {
  struct ff *f = ff_of(b);

  if (f == NULL || f->closing)
    return;
  f->closing = true;
  if (f->timer_open)
    uv_timer_stop(&f->timer);
  /* What was held back goes out now (after browser_close it is dropped,
   * after a failure the user still gets it before on_exit). */
  release_held(f, true);
  if (f->reorder_open) {
    f->reorder_open = false;
    uv_close((uv_handle_t *)&f->reorder, private_closed);
  }
  warm_server_stop(f);
  if (f->ws_live && !b->child[0].running) {
    /* Firefox is gone: writing would only hit a dead socket. */
    ws_client_abort(f->ws);
  } else if (f->ws_live && ws_client_is_open(f->ws) &&
             f->step > FF_WAIT_SESSION) {
    f->close_id = send_cmd(f, "browser.close", json_object());
    if (f->close_id < 0)
      ws_client_close(f->ws);
  } else if (f->ws_live) {
    ws_client_close(f->ws);
  }
  maybe_release_guard(f);
}

static void ff_free(struct browser *b) {
  struct ff *f = ff_of(b);

  if (f == NULL)
    return;
  while (f->held != NULL) {
    struct ff_entry *e = f->held;
    f->held = e->next;
    free(e);
  }
  ws_client_free(f->ws);
  har_bidi_free(f->har);
  free(f->context);
  free(f);
  b->impl = NULL;
}

/* log.creator and log.browser: "Firefox 153.7.0" split at its space. */
static json_t *ff_har(struct browser *b) {
  struct ff *f = ff_of(b);
  const char *v = b->version != NULL ? b->version : "Firefox";
  const char *sp = strchr(v, ' ');
  char name[64];

  if (f == NULL || f->har == NULL)
    return NULL;
  snprintf(name, sizeof name, "%.*s",
           sp != NULL ? (int)(sp - v) : (int)strlen(v), v);
  return har_bidi_log(f->har, name, sp != NULL ? sp + 1 : "");
}

static const struct browser_ops ff_ops = {
    "firefox", ff_launch, ff_navigate, ff_close, ff_free, ff_har,
};

const struct browser_ops *browser_firefox_ops(void) { return &ff_ops; }
