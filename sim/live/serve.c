/*
 * serve.c - the scenario server, see serve.h.
 *
 * serve_new decides what can be served: every URL of a scenario that the
 * browser would put on the wire (its origin, its request URLs, the
 * Location values of its rules) must be http on loopback. serve_start
 * listens on exactly those authorities. on_request then answers each wire
 * request: the runner page and the result endpoint under /__corsim/, and
 * everything else from the scenarios' rules through responder_match, the
 * same matcher `corsim eval` uses.
 */
#include "serve.h"

#include "diag.h"
#include "hosts.h"
#include "http_server.h"
#include "prefix.h"
#include "responder.h"
#include "runner_page.h"
#include "serve_log.h"

#include <stdlib.h>
#include <string.h>

/* A rule's Content-Length up to this is honoured with a body that long. */
#define RULE_BODY_MAX ((size_t)1024 * 1024)
/* The body of a rule's answer when the rule gives no Content-Length, as
 * the differential harness sent it (tests/browser/chromium-156). */
#define RULE_BODY "ok"

struct slot {
  const struct scenario *sc; /* NULL: not served */
  const char *file;
  const char *why; /* not served: why (static text) */
  bool opaque;     /* origin "null" */
  struct host_name page; /* where the runner page is served */
  char *base;            /* "http://127.0.0.1:8001/" */
  bool posted;
};

struct serve {
  struct slot *slots;
  size_t n;
  struct serve_opts o;
  struct hosts hosted;
  struct http_server *http;
  char **listen;
  size_t nlisten;
  uint64_t seq;
  size_t pending;
  bool log_failed;
  bool stopping;
  void (*done)(void *user);
  void *done_user;
};

void serve_opts_init(struct serve_opts *o) {
  memset(o, 0, sizeof *o);
  o->settle_ms = 200;
  o->timeout_ms = 20000;
}

static double now(void) {
  uv_timeval64_t tv;
  if (uv_gettimeofday(&tv) != 0)
    return 0;
  return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* ---- planning ---------------------------------------------------------- */

/* Text of a URL for a message. */
static void quoted(struct buf *b, struct corsim_str s) {
  buf_addc(b, '"');
  buf_add_escaped(b, s.ptr != NULL ? s.ptr : "", s.len);
  buf_addc(b, '"');
}

/*
 * Checks one URL of a scenario. Adds a servable authority to own and
 * returns 0; reports an unservable one (an error, or a warning when
 * skipping) and returns -1.
 */
static int check_url(struct diag *d, const char *path, struct corsim_str url,
                     bool is_origin, struct hosts *own, bool skip) {
  struct host_name hn;
  enum host_kind k = hosts_classify(url, &hn);
  struct buf why;
  char auth[HOST_NAME_CAP + 16];

  if (k == HOST_LOOPBACK)
    return hosts_add(own, &hn) == 0 ? 0 : -1;
  if (k == HOST_NONE && !is_origin)
    return 0; /* never on the wire */
  buf_init(&why);
  buf_adds(&why, "cannot serve ");
  quoted(&why, url);
  if (k == HOST_HTTPS) {
    buf_adds(&why, ": https is not supported (serve has no TLS)");
  } else if (k == HOST_NONE) {
    buf_adds(&why, ": not an http origin");
  } else if (hn.port == 0) {
    buf_adds(&why, ": port 0");
  } else {
    host_name_format(&hn, auth, sizeof auth);
    buf_adds(&why, ": ");
    buf_add_escaped(&why, auth, strlen(auth));
    buf_adds(&why, " is not a loopback address (serve listens on "
                   "127.0.0.0/8, localhost and [::1] only)");
  }
  if (skip)
    diag_warn(d, path, "scenario skipped: %s", buf_str(&why));
  else
    diag_error(d, path, "%s", buf_str(&why));
  buf_cleanup(&why);
  return -1;
}

/* Every URL of scenario sc that can reach the network; with skip, stops
 * at the first problem. Returns 0 when all can be served. */
static int check_scenario(struct diag *d, const struct scenario *sc,
                          struct hosts *own, bool skip, bool runner,
                          bool *opaque) {
  char path[96];
  size_t i, k;
  int rc = 0;

  *opaque = sc->origin.len == 4 && memcmp(sc->origin.ptr, "null", 4) == 0;
  if (runner && !*opaque &&
      check_url(d, "origin", sc->origin, true, own, skip) != 0) {
    if (skip)
      return -1;
    rc = -1;
  }
  for (i = 0; i < sc->nrequests; i++) {
    scenario_request_path(sc, i, path, sizeof path);
    if (strlen(path) + 5 < sizeof path)
      memcpy(path + strlen(path), ".url", 5);
    if (check_url(d, path, sc->requests[i].url, false, own, skip) != 0) {
      if (skip)
        return -1;
      rc = -1;
    }
  }
  for (i = 0; i < sc->nrules; i++) {
    const struct server_rule *r = &sc->rules[i];
    for (k = 0; k < r->nheaders; k++) {
      if (!http_str_ieq(r->headers[k].name, "location"))
        continue;
      snprintf(path, sizeof path, "server[%zu].headers[%zu]", i, k);
      if (check_url(d, path, r->headers[k].value, false, own, skip) != 0) {
        if (skip)
          return -1;
        rc = -1;
      }
    }
  }
  return rc;
}

/* The origin must be one the model accepts, as for corsim eval. */
static int check_origin(struct diag *d, const struct scenario *sc) {
  struct corsim_ctx *ctx = NULL;
  struct buf b;
  int rc = corsim_ctx_new(sc->browser, sc->origin, &ctx);

  corsim_ctx_free(ctx);
  if (rc == 0)
    return 0;
  buf_init(&b);
  quoted(&b, sc->origin);
  diag_error(d, "origin", "invalid origin %s (expected a serialized origin "
                          "such as http://127.0.0.1:8001, or null)",
             buf_str(&b));
  buf_cleanup(&b);
  return -1;
}

static int set_base(struct slot *sl) {
  struct buf b;
  char host[HOST_NAME_CAP + 8];

  buf_init(&b);
  if (sl->opaque) {
    host_name_url_host(&sl->page, host, sizeof host);
    buf_addf(&b, "http://%s/", host);
  } else {
    buf_add(&b, sl->sc->origin.ptr, sl->sc->origin.len);
    buf_addc(&b, '/');
  }
  if (b.failed) {
    buf_cleanup(&b);
    return -1;
  }
  sl->base = b.ptr;
  return 0;
}

int serve_new(struct serve **out, const struct serve_scenario *list,
              size_t n, const struct serve_opts *o) {
  struct serve *s;
  size_t i, served = 0;
  int errors = 0;

  *out = NULL;
  s = calloc(1, sizeof *s);
  if (s == NULL)
    return 1;
  s->slots = calloc(n != 0 ? n : 1, sizeof *s->slots);
  if (s->slots == NULL) {
    free(s);
    return 1;
  }
  s->n = n;
  s->o = *o;
  hosts_init(&s->hosted);
  for (i = 0; i < n; i++) {
    struct slot *sl = &s->slots[i];
    const struct scenario *sc = list[i].sc;
    struct hosts own;
    struct diag d;
    size_t k;

    sl->file = list[i].file;
    if (sc == NULL) {
      sl->why = "it is not a valid scenario";
      continue;
    }
    diag_init(&d, list[i].file != NULL ? list[i].file : "<scenarios>");
    diag_scenario(&d, sc->index);
    d.name = sc->name;
    hosts_init(&own);
    if (check_origin(&d, sc) != 0 ||
        check_scenario(&d, sc, &own, o->skip_unhostable, !o->no_runner,
                       &sl->opaque) != 0) {
      hosts_cleanup(&own);
      sl->why = "it names a host that cannot be served";
      if (d.errors != 0)
        errors++;
      continue;
    }
    for (k = 0; k < own.n; k++) {
      if (hosts_add(&s->hosted, &own.names[k]) != 0) {
        diag_usage("serve: out of memory");
        errors++;
        break;
      }
    }
    /* The runner page: at the origin, or for an opaque origin at the
     * first authority the scenario names. */
    if (!sl->opaque)
      (void)hosts_classify(sc->origin, &sl->page);
    else if (own.n > 0)
      sl->page = own.names[0];
    else
      sl->page.port = 0; /* decided below */
    hosts_cleanup(&own);
    sl->sc = sc;
    served++;
  }
  for (i = 0; i < n && errors == 0 && !o->no_runner; i++) {
    struct slot *sl = &s->slots[i];
    if (sl->sc == NULL)
      continue;
    if (sl->opaque && sl->page.port == 0) {
      if (s->hosted.n == 0) {
        struct diag d;
        diag_init(&d, sl->file != NULL ? sl->file : "<scenarios>");
        diag_scenario(&d, sl->sc->index);
        d.name = sl->sc->name;
        diag_error(&d, "origin",
                   "nowhere to serve the runner page of an opaque origin "
                   "(no http URL on loopback in the scenarios)");
        errors++;
        break;
      }
      sl->page = s->hosted.names[0];
    }
    if (set_base(sl) != 0)
      errors++;
  }
  if (errors == 0 && served == 0) {
    diag_usage("serve: no scenario to serve");
    errors++;
  } else if (errors == 0 && s->hosted.n == 0) {
    diag_usage("serve: no http URL on loopback in the scenarios: nothing to "
               "listen on");
    errors++;
  }
  if (errors != 0) {
    serve_free(s);
    return 2;
  }
  s->pending = served;
  *out = s;
  return 0;
}

void serve_free(struct serve *s) {
  size_t i;

  if (s == NULL)
    return;
  for (i = 0; i < s->n; i++)
    free(s->slots[i].base);
  for (i = 0; i < s->nlisten; i++)
    free(s->listen[i]);
  free(s->listen);
  free(s->slots);
  hosts_cleanup(&s->hosted);
  http_server_free(s->http);
  free(s);
}

size_t serve_count(const struct serve *s) { return s->n; }

bool serve_is_served(const struct serve *s, size_t n) {
  return n < s->n && s->slots[n].sc != NULL;
}

size_t serve_pending(const struct serve *s) { return s->pending; }

size_t serve_listen_count(const struct serve *s) { return s->nlisten; }

const char *serve_listen_addr(const struct serve *s, size_t i) {
  return i < s->nlisten ? s->listen[i] : NULL;
}

int serve_runner_url(const struct serve *s, size_t n, char *buf, size_t cap) {
  char host[HOST_NAME_CAP + 8];
  int len;

  if (!serve_is_served(s, n) || s->o.no_runner)
    return -1;
  host_name_url_host(&s->slots[n].page, host, sizeof host);
  len = snprintf(buf, cap, "http://%s" PREFIX_ROOT "run/%zu", host, n);
  return len >= 0 && (size_t)len < cap ? 0 : -1;
}

/* ---- logging ----------------------------------------------------------- */

static void log_line(struct serve *s, struct buf *b) {
  if (s->o.log == NULL || s->log_failed)
    return;
  if (b->failed || fwrite(b->ptr, 1, b->len, s->o.log) != b->len ||
      fflush(s->o.log) != 0) {
    s->log_failed = true;
    diag_usage("serve: cannot write the log; logging stops");
  }
}

/* ---- answers ----------------------------------------------------------- */

/* The reason phrases of RFC 9110 (and a few registered since); "" for a
 * code without one: the status line then ends in the space after it. */
static const char *reason_phrase(int status) {
  switch (status) {
  case 100: return "Continue";
  case 101: return "Switching Protocols";
  case 103: return "Early Hints";
  case 200: return "OK";
  case 201: return "Created";
  case 202: return "Accepted";
  case 203: return "Non-Authoritative Information";
  case 204: return "No Content";
  case 205: return "Reset Content";
  case 206: return "Partial Content";
  case 300: return "Multiple Choices";
  case 301: return "Moved Permanently";
  case 302: return "Found";
  case 303: return "See Other";
  case 304: return "Not Modified";
  case 305: return "Use Proxy";
  case 307: return "Temporary Redirect";
  case 308: return "Permanent Redirect";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 402: return "Payment Required";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 406: return "Not Acceptable";
  case 407: return "Proxy Authentication Required";
  case 408: return "Request Timeout";
  case 409: return "Conflict";
  case 410: return "Gone";
  case 411: return "Length Required";
  case 412: return "Precondition Failed";
  case 413: return "Content Too Large";
  case 414: return "URI Too Long";
  case 415: return "Unsupported Media Type";
  case 416: return "Range Not Satisfiable";
  case 417: return "Expectation Failed";
  case 421: return "Misdirected Request";
  case 422: return "Unprocessable Content";
  case 425: return "Too Early";
  case 426: return "Upgrade Required";
  case 428: return "Precondition Required";
  case 429: return "Too Many Requests";
  case 431: return "Request Header Fields Too Large";
  case 451: return "Unavailable For Legal Reasons";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  case 505: return "HTTP Version Not Supported";
  case 511: return "Network Authentication Required";
  default: return "";
  }
}

/* The elements of a list value (Connection, Transfer-Encoding): whether
 * one of them is token (last_only: whether the last one is). */
static bool list_has(struct corsim_str v, const char *token, bool last_only) {
  struct corsim_str last = {NULL, 0};
  size_t i = 0;

  while (i <= v.len) {
    size_t st = i, e;
    while (i < v.len && v.ptr[i] != ',')
      i++;
    e = i++;
    while (st < e && (v.ptr[st] == ' ' || v.ptr[st] == '\t'))
      st++;
    while (e > st && (v.ptr[e - 1] == ' ' || v.ptr[e - 1] == '\t'))
      e--;
    if (e == st)
      continue;
    last.ptr = v.ptr + st;
    last.len = e - st;
    if (!last_only && http_str_ieq(last, token))
      return true;
  }
  return last_only && last.ptr != NULL && http_str_ieq(last, token);
}

/* A rule's Content-Length value as a number, when it is one. */
static bool rule_length(struct corsim_str v, size_t *out) {
  size_t i, n = 0;

  if (v.len == 0 || v.len > 12)
    return false;
  for (i = 0; i < v.len; i++) {
    if (v.ptr[i] < '0' || v.ptr[i] > '9')
      return false;
    n = n * 10 + (size_t)(v.ptr[i] - '0');
  }
  *out = n;
  return true;
}

/*
 * The rule's answer, byte for byte: its status (reason phrase from the
 * registry), its header lines in order with duplicates and odd values as
 * written, and a body. HTTP framing that the rule does not give is added
 * the way a plain server adds it: Content-Length and the body RULE_BODY.
 * A rule that gives its own framing keeps it: Content-Length n gets n
 * bytes of body (when n is a number up to RULE_BODY_MAX), chunked gets a
 * chunked body; any other framing is delimited by closing the connection.
 */
static void answer_rule(struct serve *s, struct buf *b,
                        const struct server_rule *r, long n, bool head,
                        bool *close) {
  bool has_len = false, len_ok = true, has_te = false, chunked = false;
  bool no_body = r->status < 200 || r->status == 204 || r->status == 304;
  size_t len = 0, i;

  buf_addf(b, "HTTP/1.1 %d %s\r\n", r->status, reason_phrase(r->status));
  for (i = 0; i < r->nheaders; i++) {
    const struct corsim_header *h = &r->headers[i];
    buf_add(b, h->name.ptr, h->name.len);
    buf_adds(b, ": ");
    if (n >= 0 && http_str_ieq(h->name, "location"))
      prefix_location(b, h->value, (size_t)n, &s->hosted);
    else
      buf_add(b, h->value.ptr, h->value.len);
    buf_adds(b, "\r\n");
    if (http_str_ieq(h->name, "content-length")) {
      size_t l;
      if (!rule_length(h->value, &l) || (has_len && l != len))
        len_ok = false;
      else
        len = l;
      has_len = true;
    } else if (http_str_ieq(h->name, "transfer-encoding")) {
      has_te = true;
      chunked = list_has(h->value, "chunked", true);
    } else if (http_str_ieq(h->name, "connection")) {
      if (list_has(h->value, "close", false))
        *close = true;
    }
  }
  if (no_body) {
    buf_adds(b, "\r\n");
    return;
  }
  if (has_te) {
    buf_adds(b, "\r\n");
    if (!head)
      buf_adds(b, chunked ? "2\r\n" RULE_BODY "\r\n0\r\n\r\n" : RULE_BODY);
    if (!chunked)
      *close = true;
    return;
  }
  if (has_len) {
    buf_adds(b, "\r\n");
    if (!len_ok || len > RULE_BODY_MAX) {
      *close = true;
      return;
    }
    if (!head)
      for (i = 0; i < len; i++)
        buf_addc(b, 'x');
    return;
  }
  buf_addf(b, "Content-Length: %zu\r\n\r\n", sizeof RULE_BODY - 1);
  if (!head)
    buf_adds(b, RULE_BODY);
}

/* A response serve makes itself: status, content type, body. */
static void answer_plain(struct buf *b, int status, const char *type,
                         const char *extra, const char *body, size_t len,
                         bool head) {
  buf_addf(b, "HTTP/1.1 %d %s\r\n", status, reason_phrase(status));
  if (type != NULL)
    buf_addf(b, "Content-Type: %s\r\n", type);
  if (extra != NULL)
    buf_adds(b, extra);
  if (status == 204) {
    buf_adds(b, "\r\n");
    return;
  }
  buf_addf(b, "Cache-Control: no-store\r\nContent-Length: %zu\r\n\r\n", len);
  if (!head)
    buf_add(b, body, len);
}

static void answer_text(struct buf *b, int status, const struct buf *text,
                        bool head) {
  answer_plain(b, status, "text/plain; charset=utf-8", NULL, buf_str(text),
               text->len, head);
}

/* ---- requests ---------------------------------------------------------- */

/* The request's host: the absolute-form authority, Host, or the address
 * it came in on. */
static struct corsim_str request_host(const struct http_request *req,
                                      struct corsim_str target_auth,
                                      const char *local) {
  size_t i;

  if (target_auth.ptr != NULL)
    return target_auth;
  for (i = 0; i < req->nheaders; i++)
    if (http_str_ieq(req->headers[i].name, "host") &&
        req->headers[i].value.len > 0)
      return req->headers[i].value;
  return corsim_str_c(local);
}

/* Splits an absolute-form target "http://auth/path" into its authority and
 * path; the path of an origin-form target is the target. Returns false
 * for the other forms ("*", "host:port"). */
static bool split_target(struct corsim_str t, struct corsim_str *auth,
                         struct corsim_str *path) {
  size_t i = 0;

  auth->ptr = NULL;
  auth->len = 0;
  if (t.len > 0 && t.ptr[0] == '/') {
    *path = t;
    return true;
  }
  while (i < t.len && t.ptr[i] != ':' && t.ptr[i] != '/')
    i++;
  if (i + 2 >= t.len || t.ptr[i] != ':' || t.ptr[i + 1] != '/' ||
      t.ptr[i + 2] != '/')
    return false;
  i += 3;
  auth->ptr = t.ptr + i;
  while (i < t.len && t.ptr[i] != '/' && t.ptr[i] != '?' && t.ptr[i] != '#')
    i++;
  auth->len = (size_t)(t.ptr + i - auth->ptr);
  path->ptr = t.ptr + i;
  path->len = t.len - i;
  return true;
}

/* path without its query and fragment equals lit. */
static bool path_is(struct corsim_str path, const char *lit) {
  size_t n = 0, l = strlen(lit);
  while (n < path.len && path.ptr[n] != '?' && path.ptr[n] != '#')
    n++;
  return n == l && memcmp(path.ptr, lit, l) == 0;
}

/* "/__corsim/run/<N>" and the like: N after the literal start. */
static bool path_number(struct corsim_str path, const char *start,
                        size_t *n) {
  size_t l = strlen(start), i, v = 0;

  if (path.len <= l || memcmp(path.ptr, start, l) != 0)
    return false;
  for (i = l; i < path.len && path.ptr[i] >= '0' && path.ptr[i] <= '9'; i++) {
    if (i - l > 9)
      return false;
    v = v * 10 + (size_t)(path.ptr[i] - '0');
  }
  if (i == l || (i < path.len && path.ptr[i] != '?' && path.ptr[i] != '#'))
    return false;
  if (path.ptr[l] == '0' && i - l > 1)
    return false;
  *n = v;
  return true;
}

static void serve_index(struct serve *s, struct buf *resp, bool head) {
  struct runner_link *links = calloc(s->n != 0 ? s->n : 1, sizeof *links);
  char (*urls)[HOST_NAME_CAP + 64] =
      calloc(s->n != 0 ? s->n : 1, sizeof *urls);
  struct buf html;
  size_t i;

  buf_init(&html);
  if (links == NULL || urls == NULL) {
    resp->failed = true;
  } else {
    for (i = 0; i < s->n; i++) {
      links[i].scenario = i;
      links[i].file = s->slots[i].file;
      if (s->slots[i].sc != NULL) {
        links[i].name = s->slots[i].sc->name;
        if (serve_runner_url(s, i, urls[i], sizeof urls[i]) == 0)
          links[i].url = urls[i];
      }
      links[i].why = s->slots[i].why;
    }
    runner_index_html(&html, links, s->n);
    if (html.failed)
      resp->failed = true;
    answer_plain(resp, 200, "text/html; charset=utf-8", NULL, buf_str(&html),
                 html.len, head);
  }
  buf_cleanup(&html);
  free(links);
  free(urls);
}

/* Whether the target's query asks for chain mode ("chain=1"). */
static bool chain_asked(struct corsim_str path) {
  static const char key[] = "chain=1";
  size_t q = 0;
  while (q < path.len && path.ptr[q] != '?')
    q++;
  for (size_t i = q + 1; i + sizeof key - 1 <= path.len; i++)
    if ((path.ptr[i - 1] == '?' || path.ptr[i - 1] == '&') &&
        memcmp(path.ptr + i, key, sizeof key - 1) == 0 &&
        (i + sizeof key - 1 == path.len || path.ptr[i + sizeof key - 1] == '&'))
      return true;
  return false;
}

/* GET /__corsim/run/<N>: the page, when asked at scenario N's page host;
 * with chain set, it goes on to the next served scenario's page. */
static int serve_runner(struct serve *s, size_t n, struct corsim_str host,
                        bool chain, struct buf *resp, bool head) {
  const struct slot *sl = &s->slots[n];
  struct host_name hn;
  struct runner_page page;
  struct buf html, u;
  char want[HOST_NAME_CAP + 64], next[HOST_NAME_CAP + 80];

  buf_init(&u);
  buf_adds(&u, "http://");
  buf_add(&u, host.ptr, host.len);
  buf_addc(&u, '/');
  if (u.failed || hosts_classify(corsim_str_c(buf_str(&u)), &hn) !=
                      HOST_LOOPBACK ||
      hn.port != sl->page.port || strcmp(hn.host, sl->page.host) != 0) {
    buf_reset(&u);
    if (serve_runner_url(s, n, want, sizeof want) == 0)
      buf_addf(&u, "corsim serve: scenario %zu runs at %s\n", n, want);
    answer_text(resp, 404, &u, head);
    buf_cleanup(&u);
    return 404;
  }
  buf_cleanup(&u);
  page.scenario = n;
  page.sc = sl->sc;
  page.file = sl->file;
  page.base = sl->base;
  page.hosted = &s->hosted;
  page.settle_ms = s->o.settle_ms;
  page.timeout_ms = s->o.timeout_ms;
  page.next = NULL;
  for (size_t k = n + 1; chain && k < s->n; k++)
    if (serve_runner_url(s, k, next, sizeof next - 8) == 0) {
      memcpy(next + strlen(next), "?chain=1", sizeof "?chain=1");
      page.next = next;
      break;
    }
  buf_init(&html);
  runner_page_html(&html, &page);
  if (html.failed)
    resp->failed = true;
  /* An opaque origin: the sandbox without allow-same-origin gives the
   * document an opaque origin, so its requests carry "Origin: null". */
  answer_plain(resp, 200, "text/html; charset=utf-8",
               sl->opaque ? "Content-Security-Policy: sandbox allow-scripts\r\n"
                          : NULL,
               buf_str(&html), html.len, head);
  buf_cleanup(&html);
  return 200;
}

/* POST /__corsim/result/<N>. */
static void serve_post_result(struct serve *s, size_t n,
                              const struct http_request *req) {
  struct serve_result r;
  json_error_t err;
  struct buf line;

  r.seq = ++s->seq;
  r.time = now();
  r.scenario = n;
  r.raw = req->body;
  /* A script's string may hold U+0000 (an exception quoting a header
   * value), which JSON.stringify writes as \u0000. */
  r.json = json_loadb(req->body.ptr, req->body.len, JSON_ALLOW_NUL, &err);
  if (!s->slots[n].posted) {
    s->slots[n].posted = true;
    s->pending--;
  }
  buf_init(&line);
  serve_log_result(&line, &r);
  log_line(s, &line);
  buf_cleanup(&line);
  if (s->o.on_result != NULL)
    s->o.on_result(s->o.user, &r);
  json_decref(r.json);
}

static void on_request(void *user, const struct http_conn_info *c,
                       const struct http_request *req, struct buf *resp,
                       bool *close) {
  struct serve *s = user;
  struct serve_wire w;
  struct corsim_str auth, path, rest, host;
  struct corsim_wire_request wr;
  struct buf url, text, line;
  char *norm = NULL;
  size_t normlen = 0, n = 0, i;
  /* Methods are case-sensitive: "head" is not HEAD. */
  bool head = req->method.len == 4 && memcmp(req->method.ptr, "HEAD", 4) == 0;
  bool get = req->method.len == 3 && memcmp(req->method.ptr, "GET", 3) == 0;
  bool origin_form;

  memset(&w, 0, sizeof w);
  w.seq = ++s->seq;
  w.time = now();
  w.conn = c->id;
  w.local = c->local;
  w.peer = c->peer;
  w.scenario = -1;
  w.kind = SERVE_RULE;
  w.method = req->method;
  w.target = req->target;
  w.version = req->version;
  w.headers = req->headers;
  w.nheaders = req->nheaders;
  w.body = req->body;
  w.rule = -1;
  memset(&wr, 0, sizeof wr);
  buf_init(&url);
  buf_init(&text);
  buf_init(&line);

  origin_form = split_target(req->target, &auth, &path);
  host = request_host(req, auth, c->local);
  if (origin_form && path.len == 0)
    path = corsim_str_c("/");
  if (origin_form && (path_is(path, "/__corsim") ||
                      (path.len >= sizeof PREFIX_ROOT - 1 &&
                       memcmp(path.ptr, PREFIX_ROOT,
                              sizeof PREFIX_ROOT - 1) == 0 &&
                       !prefix_parse(path, &n, &rest)))) {
    /* serve's own paths; URL is the target on the host. */
    buf_adds(&url, "http://");
    buf_add(&url, host.ptr, host.len);
    buf_add(&url, path.ptr, path.len);
    w.answered = true;
    if ((get || head) && (path_is(path, "/__corsim") ||
                          path_is(path, PREFIX_ROOT))) {
      w.kind = SERVE_INDEX;
      serve_index(s, resp, head);
      w.status = 200;
    } else if ((get || head) && !s->o.no_runner &&
               path_number(path, PREFIX_ROOT "run/", &n) &&
               serve_is_served(s, n)) {
      w.kind = SERVE_RUNNER;
      w.scenario = (long)n;
      w.status = serve_runner(s, n, host, chain_asked(path), resp, head);
      w.answered = w.status == 200;
    } else if (req->method.len == 4 && !s->o.no_runner &&
               memcmp(req->method.ptr, "POST", 4) == 0 &&
               path_number(path, PREFIX_ROOT "result/", &n) &&
               serve_is_served(s, n)) {
      w.kind = SERVE_RESULT;
      w.scenario = (long)n;
      answer_plain(resp, 204, NULL, NULL, "", 0, false);
      w.status = 204;
    } else {
      w.kind = SERVE_RESERVED;
      w.answered = false;
      buf_adds(&text, "corsim serve: nothing here (see " PREFIX_ROOT ")\n");
      answer_text(resp, 404, &text, head);
      w.status = 404;
    }
  } else if (origin_form) {
    bool prefixed = prefix_parse(path, &n, &rest);
    buf_adds(&url, "http://");
    buf_add(&url, host.ptr, host.len);
    if (prefixed) {
      if (rest.len == 0 || rest.ptr[0] != '/')
        buf_addc(&url, '/');
      buf_add(&url, rest.ptr, rest.len);
      w.scenario = n < s->n ? (long)n : -1;
    } else {
      buf_add(&url, path.ptr, path.len);
    }
    if (responder_normalize(corsim_str_c(buf_str(&url)), &norm, &normlen) ==
        0) {
      w.url.ptr = norm;
      w.url.len = normlen;
    } else {
      w.url.ptr = buf_str(&url);
      w.url.len = url.len;
    }
    wr.method = req->method;
    wr.url = w.url;
    wr.headers = req->headers;
    wr.nheaders = req->nheaders;
    wr.preflight = false;
    wr.hypothetical = false;
    for (i = 0; i < s->n && !w.answered; i++) {
      const struct scenario *sc = s->slots[i].sc;
      const struct server_rule *r;
      int err;
      if (sc == NULL || (prefixed && i != n))
        continue;
      r = responder_match(sc->rules, sc->nrules, &wr, &err);
      if (err != 0)
        resp->failed = true;
      if (r == NULL)
        continue;
      w.answered = true;
      w.scenario = (long)i;
      w.rule = (long)(r - sc->rules);
      w.status = r->status;
      answer_rule(s, resp, r, prefixed ? (long)i : -1, head, close);
    }
  }
  if (!w.answered && w.kind == SERVE_RULE) {
    buf_adds(&text, "corsim serve: no server rule answers ");
    buf_add_escaped(&text, req->method.ptr, req->method.len);
    buf_addc(&text, ' ');
    if (w.url.ptr != NULL)
      buf_add_escaped(&text, w.url.ptr, w.url.len);
    else
      buf_add_escaped(&text, req->target.ptr, req->target.len);
    buf_addc(&text, '\n');
    answer_text(resp, 404, &text, head);
    w.status = 404;
  }
  if (w.kind != SERVE_RULE) {
    w.url.ptr = buf_str(&url);
    w.url.len = url.len;
  }
  serve_log_wire(&line, &w);
  log_line(s, &line);
  if (s->o.on_wire != NULL)
    s->o.on_wire(s->o.user, &w);
  if (w.kind == SERVE_RESULT)
    serve_post_result(s, n, req);
  free(norm);
  buf_cleanup(&url);
  buf_cleanup(&text);
  buf_cleanup(&line);
}

static void on_bad_request(void *user, const struct http_conn_info *c,
                           int status, const char *why, size_t offset) {
  struct serve *s = user;
  struct buf line;

  buf_init(&line);
  serve_log_error(&line, ++s->seq, now(), c->id, c->local, c->peer, status,
                  why, offset);
  log_line(s, &line);
  buf_cleanup(&line);
}

/* ---- starting and stopping -------------------------------------------- */

static int add_listen(struct serve *s, const char *ip, int port) {
  char addr[80], **p;
  size_t i;

  if (strchr(ip, ':') != NULL)
    snprintf(addr, sizeof addr, "[%s]:%d", ip, port);
  else
    snprintf(addr, sizeof addr, "%s:%d", ip, port);
  for (i = 0; i < s->nlisten; i++)
    if (strcmp(s->listen[i], addr) == 0)
      return 1; /* already */
  p = realloc(s->listen, (s->nlisten + 1) * sizeof *p);
  if (p == NULL)
    return -1;
  s->listen = p;
  s->listen[s->nlisten] = strdup(addr);
  if (s->listen[s->nlisten] == NULL)
    return -1;
  s->nlisten++;
  return 0;
}

void serve_log_ready(struct serve *s) {
  struct buf b;
  char url[HOST_NAME_CAP + 64];
  size_t i;
  bool first = true;

  if (s->o.log == NULL)
    return;
  buf_init(&b);
  buf_addf(&b, "{\"kind\": \"ready\", \"seq\": %llu, \"time\": ",
           (unsigned long long)++s->seq);
  serve_log_time(&b, now());
  buf_adds(&b, ", \"listen\": [");
  for (i = 0; i < s->nlisten; i++) {
    buf_adds(&b, i != 0 ? ", \"" : "\"");
    buf_adds(&b, s->listen[i]);
    buf_addc(&b, '"');
  }
  buf_adds(&b, "], \"scenarios\": [");
  for (i = 0; i < s->n; i++) {
    if (s->slots[i].sc == NULL)
      continue;
    if (serve_runner_url(s, i, url, sizeof url) == 0)
      buf_addf(&b, "%s{\"scenario\": %zu, \"runner\": \"%s\"}",
               first ? "" : ", ", i, url);
    else
      buf_addf(&b, "%s{\"scenario\": %zu, \"runner\": null}",
               first ? "" : ", ", i);
    first = false;
  }
  buf_adds(&b, "], \"skipped\": [");
  first = true;
  for (i = 0; i < s->n; i++) {
    if (s->slots[i].sc != NULL)
      continue;
    buf_addf(&b, "%s%zu", first ? "" : ", ", i);
    first = false;
  }
  buf_adds(&b, "]}\n");
  log_line(s, &b);
  buf_cleanup(&b);
}

int serve_start(struct serve *s, uv_loop_t *loop) {
  struct http_server_hooks hooks;
  size_t i, k;
  int rc;

  hooks.user = s;
  hooks.request = on_request;
  hooks.bad_request = on_bad_request;
  if (http_server_new(&s->http, loop, &hooks) != 0) {
    diag_usage("serve: out of memory");
    return 1;
  }
  for (i = 0; i < s->hosted.n; i++) {
    const struct host_name *hn = &s->hosted.names[i];
    const char *ips[2];
    size_t nips = host_name_bind_ips(hn, ips);
    char name[HOST_NAME_CAP + 16];

    host_name_format(hn, name, sizeof name);
    for (k = 0; k < nips; k++) {
      rc = add_listen(s, ips[k], hn->port);
      if (rc < 0) {
        diag_usage("serve: out of memory");
        return 1;
      }
      if (rc > 0)
        continue;
      rc = http_server_listen(s->http, ips[k], hn->port);
      if (rc == 0)
        continue;
      /* localhost is served on ::1 too, where there is IPv6. */
      if (k == 1 && (rc == UV_EADDRNOTAVAIL || rc == UV_EAFNOSUPPORT)) {
        diag_usage("serve: warning: %s: not listening on %s: %s", name,
                   s->listen[s->nlisten - 1], uv_strerror(rc));
        free(s->listen[--s->nlisten]);
        continue;
      }
      diag_usage("serve: cannot listen on %s%s%s%s: %s%s",
                 s->listen[s->nlisten - 1],
                 strcmp(s->listen[s->nlisten - 1], name) != 0 ? " (for " : "",
                 strcmp(s->listen[s->nlisten - 1], name) != 0 ? name : "",
                 strcmp(s->listen[s->nlisten - 1], name) != 0 ? ")" : "",
                 uv_strerror(rc),
                 rc == UV_EACCES && hn->port < 1024
                     ? " (ports below 1024 need root or "
                       "CAP_NET_BIND_SERVICE)"
                     : "");
      return 1;
    }
  }
  return 0;
}

static void on_http_closed(void *user) {
  struct serve *s = user;
  void (*done)(void *) = s->done;

  s->done = NULL;
  if (done != NULL)
    done(s->done_user);
}

void serve_stop(struct serve *s, void (*done)(void *user), void *user) {
  s->done = done;
  s->done_user = user;
  s->stopping = true;
  if (s->http == NULL) {
    on_http_closed(s);
    return;
  }
  http_server_close(s->http, on_http_closed, s);
}
