/*
 * har.c - HAR files to exchanges, see har.h.
 *
 * What the browsers write. Read from their sources (not copied); the
 * fields this reader relies on are marked *.
 *
 * Chromium: ChromeDevTools/devtools-frontend, front_end/models/har/Log.ts
 * (Entry.build, buildRequest, buildResponse), fed by
 * front_end/core/sdk/NetworkRequest.ts; the export (Writer.ts) is started
 * from front_end/panels/network/NetworkLogView.ts (harRequests: every
 * finished http(s) request of the network log; newer versions only those
 * the panel's filters show). log.creator.name is "WebInspector".
 *   entry.startedDateTime*  Date.toJSON(): UTC, "2026-11-22T08:01:02.345Z"
 *   entry.time*             ms, the sum of the non-negative timings
 *   entry._initiator*       {type*, url?, lineNumber?, requestId?, stack?}
 *                           or null; type is the protocol's Initiator.type:
 *                           "parser", "script", "preload",
 *                           "SignedExchange", "preflight", "other". For a
 *                           preflight, url is the URL of the request it was
 *                           made for and requestId that request's DevTools
 *                           id (services/network/cors/
 *                           preflight_controller.cc), which the HAR does
 *                           not record on any entry.
 *   entry._resourceType*    ResourceType name: "document", "fetch", "xhr",
 *                           "script", "preflight", "other", ...
 *                           (front_end/core/common/ResourceType.ts)
 *   entry._priority         "VeryHigh" ... "VeryLow"
 *   entry._fromCache        "memory" or "disk", only when served from cache
 *   entry._connectionId     the network stack's connection id, when not "0"
 *   entry.connection        the remote port (older versions: connection id)
 *   request.method*, request.url* (fragment removed)
 *   request.httpVersion*    "HTTP/1.1" when the raw header text is known,
 *                           else the protocol lower-cased ("http/1.1",
 *                           "http/2.0", "h3"), "" when nothing went out
 *   request.headers*        [{name, value}] in order; from
 *                           requestWillBeSentExtraInfo when the request
 *                           reached the network (HTTP/2: ":method",
 *                           ":authority", ":scheme", ":path" first), else
 *                           the renderer's provisional headers
 *   request.bodySize*       bytes of postData, 0 without
 *   response.status*        0 when no response came; a response refused by
 *                           CORS still has its status and headers (from
 *                           Network.responseReceivedExtraInfo, whose
 *                           statusCode exists for that case)
 *   response.statusText*, response.httpVersion*, response.headers*
 *   response.bodySize*      transferSize minus the header text, -1 unknown
 *   response._error*        localizedFailDescription: the net error text
 *                           ("net::ERR_FAILED" for every CORS failure,
 *                           "net::ERR_BLOCKED_BY_CLIENT", ...) or null.
 *                           The CORS error itself (corsErrorStatus) is not
 *                           exported.
 * Preflights: since the network service reports them to DevTools
 * (content/browser/devtools/network_service_devtools_observer.cc,
 * OnCorsPreflightRequest: initiator type Preflight, resource type
 * Preflight), a preflight that went out is an entry of its own: method
 * OPTIONS, _resourceType "preflight", _initiator.type "preflight".
 *
 * Firefox: mozilla/gecko-dev, devtools/client/netmonitor/src/har/
 * har-builder.js (buildEntry, buildRequest, buildResponse,
 * dateToHarString) and har-builder-utils.js (log.version "1.2";
 * creator and browser {name: "Firefox", version}). "Save All As HAR"
 * exports the requests the panel displays (har-menu-utils.js).
 *   entry.startedDateTime*  local time with its offset,
 *                           "2015-05-29T16:10:30.424+02:00"
 *   entry.time*             ms, the sum of the timings other than -1
 *   entry._securityState    "secure", "insecure", "broken", ...
 *   entry.connection        the remote port
 *   request.httpVersion*    "HTTP/1.1", "HTTP/2", "HTTP/3", or ""
 *   request.headers*, response.headers*  [{name, value}], [] when none;
 *                           the values come through nsIHttpHeaderVisitor
 *                           (ACString, bytes), one character per byte
 *   request.bodySize*       length of postData.text, 0 without
 *   response.status*        parseInt of the status, 0 when there is none
 *                           ("Arbitrary value if it's aborted")
 *   response.bodySize*      transferred size, -1 unknown (0 for a 304)
 * No _initiator, no _resourceType, no failure text: the panel's blocked
 * reason (constants.js BLOCKED_REASON_MESSAGES, e.g. 1005 "CORS Missing
 * Allow Origin") is not exported, so a request refused by CORS after its
 * response came looks like a success, and one that never got a response
 * is status 0 with no headers. Preflights are ordinary OPTIONS entries
 * (test browser_net_cors_requests.js).
 *
 * Also read, from other recorders: response._failureText and
 * entry._error / entry._failureText as failure texts (Playwright writes
 * _failureText, with status -1).
 *
 * HAR stores header values as JSON strings. Firefox's are one character
 * per byte, so encoding code points up to U+00FF back to single bytes
 * (isomorphic encoding) gives the bytes sent; Chromium's protocol carries
 * UTF-8 strings, so for its non-ASCII values this is a best guess.
 */
#include "har.h"
#include "har_split.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A URL shown in a warning is cut to this many bytes. */
#define SHOW_MAX 80

struct reader {
  const char *name;
  const struct wire_exchange_cb *cb;
  struct wire_har_stats *st;
  size_t entry; /* the entry being read */
  /* Per-entry scratch, reused: converted strings and header arrays. */
  char *buf;
  size_t cap, used;
  struct corsim_header *hdr;
  size_t hcap;
};

static void call_warn(const struct wire_exchange_cb *cb, uint64_t packet,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb->warn(cb->user, packet, fmt, ap);
  va_end(ap);
}

/* A warning about the current entry: "NAME: entry N: MESSAGE". */
__attribute__((format(printf, 2, 3))) static void warn(struct reader *r,
                                                       const char *fmt, ...) {
  char msg[256];
  va_list ap;
  if (r->cb->warn == NULL)
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  call_warn(r->cb, r->entry, "%s: entry %zu: %s", r->name, r->entry, msg);
}

__attribute__((format(printf, 3, 4))) static void
set_err(char *errbuf, size_t errlen, const char *fmt, ...) {
  va_list ap;
  if (errbuf == NULL || errlen == 0)
    return;
  va_start(ap, fmt);
  vsnprintf(errbuf, errlen, fmt, ap);
  va_end(ap);
}

/* o[key] as a string (NULL and *len 0 when o is not an object, or the
 * member is missing or not a string). */
static const char *get_str(const json_t *o, const char *key, size_t *len) {
  const json_t *v = json_object_get(o, key);
  *len = 0;
  if (!json_is_string(v))
    return NULL;
  *len = json_string_length(v);
  return json_string_value(v);
}

static int reserve(struct reader *r, size_t bytes, size_t headers) {
  if (bytes > r->cap) {
    char *p = realloc(r->buf, bytes);
    if (p == NULL)
      return CORSIM_ENOMEM;
    r->buf = p;
    r->cap = bytes;
  }
  if (headers > r->hcap) {
    struct corsim_header *h = realloc(r->hdr, headers * sizeof *h);
    if (h == NULL)
      return CORSIM_ENOMEM;
    r->hdr = h;
    r->hcap = headers;
  }
  r->used = 0;
  return 0;
}

/* The bytes a JSON string stands for: code points up to U+00FF become
 * one byte each, larger ones stay UTF-8 (*wide is set). Pure ASCII is
 * returned in place; anything else is written to the scratch buffer,
 * whose room (at least n bytes: the result is never longer) the caller
 * reserved. jansson has checked that s is UTF-8. */
static struct corsim_str iso_bytes(struct reader *r, const char *s, size_t n,
                                   bool *wide) {
  const unsigned char *p = (const unsigned char *)s;
  struct corsim_str out;
  char *o;
  size_t i = 0;
  while (i < n && p[i] < 0x80)
    i++;
  if (i == n) {
    out.ptr = s;
    out.len = n;
    return out;
  }
  o = r->buf + r->used;
  memcpy(o, s, i);
  out.ptr = o;
  o += i;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      *o++ = (char)c;
      i++;
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < n &&
               (p[i + 1] & 0xC0) == 0x80) {
      *o++ = (char)(((c & 0x1F) << 6) | (p[i + 1] & 0x3F));
      i += 2;
    } else {
      /* U+0100 and above: copy the whole sequence as it is. */
      *wide = true;
      *o++ = (char)c;
      i++;
      while (i < n && (p[i] & 0xC0) == 0x80)
        *o++ = (char)p[i++];
    }
  }
  out.len = (size_t)(o - out.ptr);
  r->used += out.len;
  return out;
}

/* ---- dates ------------------------------------------------------------ */

/* n decimal digits at s[*i]. */
static bool digits(const char *s, size_t len, size_t *i, int n, int *out) {
  int v = 0, k;
  for (k = 0; k < n; k++) {
    if (*i >= len || s[*i] < '0' || s[*i] > '9')
      return false;
    v = v * 10 + (s[*i] - '0');
    (*i)++;
  }
  *out = v;
  return true;
}

static bool sep(const char *s, size_t len, size_t *i, char c) {
  if (*i >= len || s[*i] != c)
    return false;
  (*i)++;
  return true;
}

static int month_days(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar,
 * counted in 400-year eras of 146097 days starting on March 1 (so the
 * leap day ends a year). */
static long days_from_civil(int y, int m, int d) {
  long yy = y - (m <= 2);
  long era = (yy >= 0 ? yy : yy - 399) / 400;
  long yoe = yy - era * 400;
  long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* ISO 8601 as HAR writes it: YYYY-MM-DDThh:mm:ss[.fff...] then Z or
 * +hh:mm / -hh:mm (also +hhmm, +hh). Without a zone the time is taken as
 * UTC. Returns seconds since the epoch. */
static bool parse_date(const char *s, size_t len, double *out) {
  size_t i = 0;
  int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
  double frac = 0, scale = 0.1;
  if (!digits(s, len, &i, 4, &y) || !sep(s, len, &i, '-') ||
      !digits(s, len, &i, 2, &mo) || !sep(s, len, &i, '-') ||
      !digits(s, len, &i, 2, &d))
    return false;
  if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
    return false;
  i++;
  if (!digits(s, len, &i, 2, &h) || !sep(s, len, &i, ':') ||
      !digits(s, len, &i, 2, &mi) || !sep(s, len, &i, ':') ||
      !digits(s, len, &i, 2, &sec))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 ||
      mi > 59 || sec > 60)
    return false;
  if (i < len && (s[i] == '.' || s[i] == ',')) {
    i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
      return false;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
      frac += (s[i] - '0') * scale;
      scale /= 10;
      i++;
    }
  }
  if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
    i++;
  } else if (i < len && (s[i] == '+' || s[i] == '-')) {
    sign = s[i] == '+' ? 1 : -1;
    i++;
    if (!digits(s, len, &i, 2, &oh))
      return false;
    if (i < len && s[i] == ':')
      i++;
    if (i < len && !digits(s, len, &i, 2, &om))
      return false;
    if (oh > 23 || om > 59)
      return false;
  }
  if (i != len)
    return false;
  *out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 +
         mi * 60.0 + sec + frac - sign * (oh * 3600.0 + om * 60.0);
  return true;
}

/* ---- URLs and versions ------------------------------------------------- */

/* The request-target of an absolute URL "scheme://authority/path?query":
 * the path and query, without a fragment. *need_slash is set when the
 * URL has no path ("http://h" or "http://h?q"), which a request line
 * writes as "/". */
static bool url_target(const char *u, size_t n, struct corsim_str *t,
                       bool *need_slash) {
  size_t i = 0, end;
  if (n == 0 || !((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')))
    return false;
  while (i < n && ((u[i] >= 'a' && u[i] <= 'z') ||
                   (u[i] >= 'A' && u[i] <= 'Z') ||
                   (u[i] >= '0' && u[i] <= '9') || u[i] == '+' ||
                   u[i] == '-' || u[i] == '.'))
    i++;
  if (n - i < 3 || u[i] != ':' || u[i + 1] != '/' || u[i + 2] != '/')
    return false;
  i += 3;
  while (i < n && u[i] != '/' && u[i] != '?' && u[i] != '#')
    i++;
  end = i;
  while (end < n && u[end] != '#')
    end++;
  t->ptr = u + i;
  t->len = end - i;
  *need_slash = t->len == 0 || t->ptr[0] == '?';
  return true;
}

/* HTTP/1.minor from a HAR httpVersion; 1 for anything that is not
 * "HTTP/1.x" (Chromium writes "http/1.1" lower-case when it has no raw
 * header text, "http/2.0" and "h3" for the others; Firefox "HTTP/2"). */
static int http_minor(const json_t *o) {
  size_t n;
  const char *v = get_str(o, "httpVersion", &n);
  if (v != NULL && n == 8 && (v[0] | 0x20) == 'h' && (v[1] | 0x20) == 't' &&
      (v[2] | 0x20) == 't' && (v[3] | 0x20) == 'p' && v[4] == '/' &&
      v[5] == '1' && v[6] == '.' && v[7] >= '0' && v[7] <= '9')
    return v[7] - '0';
  return 1;
}

/* bodySize when it is a non-negative integer, else 0. */
static uint64_t body_size(const json_t *o) {
  const json_t *v = json_object_get(o, "bodySize");
  double d;
  if (json_is_integer(v))
    return json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
  if (!json_is_real(v))
    return 0;
  d = json_real_value(v);
  return d > 0 && d < 1.8e19 ? (uint64_t)d : 0;
}

/* ---- headers ------------------------------------------------------------ */

/* Room a header array needs: its kept headers and their bytes. */
static void headers_room(const json_t *arr, size_t *bytes, size_t *count) {
  size_t i, m = json_array_size(arr);
  for (i = 0; i < m; i++) {
    const json_t *h = json_array_get(arr, i);
    size_t nl = 0, vl = 0;
    if (get_str(h, "name", &nl) != NULL && get_str(h, "value", &vl) != NULL)
      *bytes += nl + vl;
  }
  *count += m < WIRE_HAR_HEADERS_MAX ? m : WIRE_HAR_HEADERS_MAX;
}

/* Fills out[] from the HAR header array arr (NULL: none); returns how
 * many were kept. *seen counts the usable ones, pseudo-headers included:
 * a response whose only headers were pseudo-headers still came. */
static size_t read_headers(struct reader *r, const json_t *arr,
                           const char *what, struct corsim_header *out,
                           size_t *seen) {
  size_t i, k = 0, m = json_array_size(arr);
  for (i = 0; i < m; i++) {
    const json_t *h = json_array_get(arr, i);
    size_t nl = 0, vl = 0;
    const char *name = get_str(h, "name", &nl);
    const char *value = get_str(h, "value", &vl);
    bool wide = false;
    if (name == NULL || value == NULL) {
      warn(r, "%s[%zu]: not an object with a string name and value, dropped",
           what, i);
      continue;
    }
    if (nl == 0) {
      warn(r, "%s[%zu]: empty name, dropped", what, i);
      continue;
    }
    (*seen)++;
    /* HTTP/2 and HTTP/3 pseudo-headers are not fields; the method, the
     * target and the status they carry are in the entry already. */
    if (name[0] == ':')
      continue;
    if (k == WIRE_HAR_HEADERS_MAX) {
      warn(r, "%s: more than %d headers, the rest dropped", what,
           WIRE_HAR_HEADERS_MAX);
      break;
    }
    out[k].name = iso_bytes(r, name, nl, &wide);
    out[k].value = iso_bytes(r, value, vl, &wide);
    if (wide)
      warn(r, "%s[%zu] (%.*s): characters above U+00FF kept as UTF-8", what,
           i, (int)(nl < SHOW_MAX ? nl : SHOW_MAX), name);
    k++;
  }
  return k;
}

/* ---- entries -------------------------------------------------------------- */

/* The first failure text the entry records, if any. */
static struct corsim_str failure(const json_t *e, const json_t *resp) {
  static const char *const keys[] = {"_error", "_failureText"};
  struct corsim_str s = {NULL, 0};
  size_t k, n;
  for (k = 0; k < 2; k++) {
    const char *v = get_str(resp, keys[k], &n);
    if (v == NULL || n == 0)
      v = get_str(e, keys[k], &n);
    if (v != NULL && n > 0) {
      s.ptr = v;
      s.len = n;
      return s;
    }
  }
  return s;
}

/* response.status: 100-999, or 0 for "no status" (Firefox and Chromium
 * write 0, Playwright -1). */
static int status_of(struct reader *r, const json_t *resp) {
  const json_t *v = json_object_get(resp, "status");
  double d;
  if (v == NULL)
    return 0;
  if (!json_is_number(v)) {
    warn(r, "response.status: not a number, taken as 0");
    return 0;
  }
  d = json_number_value(v);
  if (d <= 0)
    return 0;
  if (d < 100 || d > 999 || d != (double)(int)d) {
    warn(r, "response.status: %g out of range, taken as 0", d);
    return 0;
  }
  return (int)d;
}

/* One entry: skipped with a warning, or handed to cb->exchange. Returns
 * 0 or CORSIM_ENOMEM. */
static int read_entry(struct reader *r, const json_t *e) {
  struct wire_exchange x;
  const json_t *req, *resp, *rh, *sh = NULL, *v;
  const char *url, *method, *date, *text;
  size_t ulen = 0, mlen = 0, dlen = 0, tlen = 0, bytes, count = 0, seen = 0;
  bool slash;
  double start, ms = 0;
  int rc;

  memset(&x, 0, sizeof x);
  if (!json_is_object(e)) {
    warn(r, "not an object, skipped");
    goto skip;
  }
  req = json_object_get(e, "request");
  if (!json_is_object(req)) {
    warn(r, "request: %s, skipped", req == NULL ? "missing" : "not an object");
    goto skip;
  }
  url = get_str(req, "url", &ulen);
  if (url == NULL) {
    warn(r, "request.url: missing or not a string, skipped");
    goto skip;
  }
  if (!url_target(url, ulen, &x.req.target, &slash)) {
    warn(r, "request.url: not an absolute URL (\"%.*s\"), skipped",
         (int)(ulen < SHOW_MAX ? ulen : SHOW_MAX), url);
    goto skip;
  }
  method = get_str(req, "method", &mlen);
  if (method == NULL || mlen == 0) {
    warn(r, "request.method: missing, empty or not a string, skipped");
    goto skip;
  }
  date = get_str(e, "startedDateTime", &dlen);
  if (date == NULL) {
    warn(r, "startedDateTime: missing or not a string, skipped");
    goto skip;
  }
  if (!parse_date(date, dlen, &start)) {
    warn(r, "startedDateTime: not an ISO 8601 date (\"%.*s\"), skipped",
         (int)(dlen < SHOW_MAX ? dlen : SHOW_MAX), date);
    goto skip;
  }
  rh = json_object_get(req, "headers");
  if (rh != NULL && !json_is_array(rh)) {
    warn(r, "request.headers: not an array, skipped");
    goto skip;
  }
  if (rh == NULL)
    warn(r, "request.headers: missing, taken as none");
  resp = json_object_get(e, "response");
  if (!json_is_object(resp)) {
    warn(r, "response: %s, taken as no response",
         resp == NULL ? "missing" : "not an object");
    resp = NULL;
  } else {
    sh = json_object_get(resp, "headers");
    if (sh != NULL && !json_is_array(sh)) {
      warn(r, "response.headers: not an array, taken as none");
      sh = NULL;
    }
    get_str(resp, "statusText", &tlen); /* only its length, for now */
  }

  /* All converted bytes of this entry fit in what its strings take in
   * the tree, plus one for a "/" target: reserve once, so no pointer
   * handed out moves. One header more than needed keeps r->hdr non-NULL
   * (the response's array starts after the request's). */
  bytes = ulen + 1 + tlen;
  headers_room(rh, &bytes, &count);
  headers_room(sh, &bytes, &count);
  rc = reserve(r, bytes, count + 1);
  if (rc != 0)
    return rc;

  if (slash) {
    char *t = r->buf + r->used;
    t[0] = '/';
    memcpy(t + 1, x.req.target.ptr, x.req.target.len);
    x.req.target.ptr = t;
    x.req.target.len++;
    r->used += x.req.target.len;
  }
  x.url.ptr = url;
  x.url.len = ulen;
  x.req.method.ptr = method;
  x.req.method.len = mlen;
  x.req.minor = http_minor(req);
  x.req.headers = r->hdr;
  x.req.nheaders = read_headers(r, rh, "request.headers", r->hdr, &seen);
  x.req.body_len = body_size(req);

  v = json_object_get(e, "time");
  if (json_is_number(v) && json_number_value(v) > 0)
    ms = json_number_value(v);
  x.req.span.first_ts = start;
  x.req.span.last_ts = start + ms / 1000.0;

  if (resp != NULL) {
    struct wire_message *m = &x.resp;
    bool wide = false;
    seen = 0;
    m->status = status_of(r, resp);
    m->headers = r->hdr + x.req.nheaders;
    m->nheaders = read_headers(r, sh, "response.headers",
                               r->hdr + x.req.nheaders, &seen);
    /* Status 0 and no headers: the browser recorded no response at all
     * (blocked, failed, or refused before it came). */
    x.has_response = m->status != 0 || seen > 0;
    if (x.has_response) {
      text = get_str(resp, "statusText", &tlen);
      if (text != NULL)
        m->reason = iso_bytes(r, text, tlen, &wide);
      m->minor = http_minor(resp);
      m->body_len = body_size(resp);
      m->span = x.req.span;
    } else {
      m->headers = NULL;
      m->nheaders = 0;
      m->status = 0;
    }
  }

  x.har_error = failure(e, resp);
  v = json_object_get(e, "_initiator");
  text = get_str(v, "type", &tlen);
  if (text != NULL) {
    x.har_initiator.ptr = text;
    x.har_initiator.len = tlen;
  }
  text = get_str(e, "_resourceType", &tlen);
  if (text != NULL) {
    x.har_resource.ptr = text;
    x.har_resource.len = tlen;
  }
  x.conn = NULL;
  x.index = r->entry;
  x.har_entry = r->entry;

  r->st->exchanges++;
  if (!x.has_response || x.har_error.len > 0)
    r->st->failed++;
  if (r->cb->exchange != NULL)
    r->cb->exchange(r->cb->user, &x);
  return 0;

skip:
  r->st->skipped++;
  return 0;
}

/* ---- the file ------------------------------------------------------------ */

static void read_creator(const json_t *c, struct wire_har_stats *st) {
  size_t nl = 0, vl = 0;
  const char *name = get_str(c, "name", &nl);
  const char *ver = get_str(c, "version", &vl);
  if (name == NULL)
    return;
  if (ver == NULL)
    vl = 0;
  snprintf(st->creator, sizeof st->creator, "%.*s%s%.*s",
           (int)(nl < sizeof st->creator ? nl : sizeof st->creator),
           name, vl > 0 ? " " : "",
           (int)(vl < sizeof st->creator ? vl : sizeof st->creator),
           ver != NULL ? ver : "");
}

/* The splitter's fault as wire_har_read's message and result. */
static int split_failed(const struct wire_har_split *sp, const char *name,
                        char *errbuf, size_t errlen) {
  unsigned long line, col;
  const char *detail;
  int e;
  switch (wire_har_split_error(sp, &line, &col, &detail, &e)) {
  case WIRE_HAR_NOT_JSON:
    set_err(errbuf, errlen, "%s:%lu:%lu: not JSON: %s", name, line, col,
            detail);
    return CORSIM_EINVAL;
  case WIRE_HAR_NOT_OBJECT:
    set_err(errbuf, errlen, "%s: not a HAR file: the JSON is not an object",
            name);
    return CORSIM_EINVAL;
  case WIRE_HAR_NO_LOG:
    set_err(errbuf, errlen, "%s: not a HAR file: no \"log\" object", name);
    return CORSIM_EINVAL;
  case WIRE_HAR_NO_ENTRIES:
    set_err(errbuf, errlen, "%s: not a HAR file: no log.entries array", name);
    return CORSIM_EINVAL;
  case WIRE_HAR_READ:
    set_err(errbuf, errlen, "%s: read error: %s", name, strerror(e));
    return CORSIM_EINVAL;
  case WIRE_HAR_NOMEM:
    break;
  }
  set_err(errbuf, errlen, "%s:%lu: out of memory reading the JSON", name,
          line);
  return CORSIM_ENOMEM;
}

int wire_har_read(FILE *f, const char *name, const struct wire_exchange_cb *cb,
                  struct wire_har_stats *st, char *errbuf, size_t errlen) {
  struct wire_har_stats dummy;
  struct reader r;
  int rc = 0;

  if (st == NULL)
    st = &dummy;
  memset(st, 0, sizeof *st);
  if (errbuf != NULL && errlen > 0)
    errbuf[0] = '\0';
  if (name == NULL)
    name = "-";
  if (f == NULL || cb == NULL) {
    set_err(errbuf, errlen, "%s: no file or no callbacks", name);
    return CORSIM_EINVAL;
  }
  struct wire_har_split *sp = wire_har_split_new(f);
  if (sp == NULL) {
    set_err(errbuf, errlen, "%s: out of memory", name);
    return CORSIM_ENOMEM;
  }
  memset(&r, 0, sizeof r);
  r.name = name;
  r.cb = cb;
  r.st = st;
  for (;;) {
    const char *text;
    size_t len;
    unsigned long line;
    enum wire_har_item it = wire_har_split_next(sp, &text, &len, &line);
    if (it == WIRE_HAR_END)
      break;
    if (it == WIRE_HAR_ERROR) {
      rc = split_failed(sp, name, errbuf, errlen);
      break;
    }
    /* JSON_ALLOW_NUL: a body with a NUL character is exported as
     * "\u0000" (Chromium only base64-encodes bodies with lone surrogates
     * and non-characters), and must not make the entry unreadable. */
    json_error_t jerr;
    json_t *v = json_loadb(text, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
    if (it == WIRE_HAR_CREATOR) {
      if (v != NULL)
        read_creator(v, st);
      json_decref(v);
      continue;
    }
    r.entry = st->entries++;
    if (v == NULL) {
      if (json_error_code(&jerr) == json_error_out_of_memory) {
        set_err(errbuf, errlen, "%s: entry %zu: out of memory", name, r.entry);
        rc = CORSIM_ENOMEM;
        break;
      }
      /* The splitter checked the structure; what jansson refuses inside
       * it (a bad number, bad UTF-8) costs this entry only. */
      warn(&r, "not JSON (line %lu): %s",
           line + (unsigned long)(jerr.line > 0 ? jerr.line - 1 : 0),
           jerr.text);
      st->skipped++;
      continue;
    }
    rc = read_entry(&r, v);
    json_decref(v);
    if (rc != 0) {
      set_err(errbuf, errlen, "%s: entry %zu: out of memory", name, r.entry);
      break;
    }
  }
  wire_har_split_free(sp);
  free(r.buf);
  free(r.hdr);
  return rc;
}
