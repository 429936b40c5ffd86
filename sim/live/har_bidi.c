/*
 * har_bidi.c - Firefox's BiDi network events to a HAR, see har_bidi.h.
 *
 * One record per request hop (BiDi request id and redirectCount); each
 * event replaces what the earlier ones said (BiDi repeats the whole
 * request with every event, and the later ones know more: the headers
 * the network stack added, such as Priority, and the header size). The
 * entry is har-builder.js's buildEntry with the data BiDi gives.
 */
#include "har_bidi.h"
#include "har_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct hop {
  char *id;         /* BiDi's request id */
  long redirect;    /* redirectCount */
  json_t *request;  /* the latest event's request data */
  json_t *response; /* responseCompleted's, else responseStarted's, or NULL */
  bool completed;   /* responseCompleted came */
  bool navigation;  /* a navigation of the top-level context */
};

struct har_bidi {
  char *top;
  struct hop *hops;
  size_t nhops, cap;
};

struct har_bidi *har_bidi_new(const char *top_context) {
  struct har_bidi *h = calloc(1, sizeof *h);
  if (h == NULL)
    return NULL;
  if (top_context != NULL && (h->top = strdup(top_context)) == NULL) {
    free(h);
    return NULL;
  }
  return h;
}

void har_bidi_free(struct har_bidi *h) {
  if (h == NULL)
    return;
  for (size_t i = 0; i < h->nhops; i++) {
    free(h->hops[i].id);
    json_decref(h->hops[i].request);
    json_decref(h->hops[i].response);
  }
  free(h->hops);
  free(h->top);
  free(h);
}

static const char *str(const json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static double num(const json_t *o, const char *k, double dflt) {
  const json_t *v = json_object_get(o, k);
  return json_is_number(v) ? json_number_value(v) : dflt;
}

static struct hop *find(struct har_bidi *h, const char *id, long redirect) {
  for (size_t i = h->nhops; i-- > 0;)
    if (h->hops[i].redirect == redirect && strcmp(h->hops[i].id, id) == 0)
      return &h->hops[i];
  return NULL;
}

static struct hop *add(struct har_bidi *h, const char *id, long redirect) {
  struct hop *p;
  if (h->nhops == h->cap) {
    size_t cap = h->cap ? h->cap * 2 : 32;
    p = realloc(h->hops, cap * sizeof *p);
    if (p == NULL)
      return NULL;
    h->hops = p;
    h->cap = cap;
  }
  p = &h->hops[h->nhops];
  memset(p, 0, sizeof *p);
  p->id = strdup(id);
  if (p->id == NULL)
    return NULL;
  p->redirect = redirect;
  h->nhops++;
  return p;
}

void har_bidi_event(struct har_bidi *h, const char *method, json_t *params) {
  json_t *request = json_object_get(params, "request");
  const char *id = str(request, "request");
  long redirect = (long)num(params, "redirectCount", 0);
  bool started =
      method != NULL && strcmp(method, "network.responseStarted") == 0;
  const json_t *nav;
  const char *ctx;
  struct hop *p;

  if (h == NULL || method == NULL || id == NULL ||
      strncmp(method, "network.", 8) != 0)
    return;
  p = find(h, id, redirect);
  if (p == NULL) {
    /* Only beforeRequestSent starts a record: a later event of a request
     * begun before recording started has no beginning to show. */
    if (strcmp(method, "network.beforeRequestSent") != 0 ||
        (p = add(h, id, redirect)) == NULL)
      return;
    nav = json_object_get(params, "navigation");
    ctx = str(params, "context");
    p->navigation =
        json_is_string(nav) &&
        (h->top == NULL || (ctx != NULL && strcmp(ctx, h->top) == 0));
  }
  json_decref(p->request);
  p->request = json_incref(request);
  if (started || strcmp(method, "network.responseCompleted") == 0) {
    json_t *r = json_object_get(params, "response");
    /* responseCompleted's response is the final word. */
    if (json_is_object(r) && !(started && p->completed)) {
      json_decref(p->response);
      p->response = json_incref(r);
    }
    if (!started)
      p->completed = true;
  }
  /* network.fetchError adds nothing a HAR keeps: Firefox's export has no
   * failure text. */
}

/* ---- building -------------------------------------------------------- */

static int b64val(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

/* A BiDi bytes value {type: "string", value} or {type: "base64", value}
 * as the string Firefox's netmonitor shows: the header's bytes one
 * character each (ACString), which is what har.c reads back. */
static json_t *bytes_value(const json_t *v) {
  const char *type = str(v, "type"), *s = str(v, "value");
  unsigned char *bytes;
  char *out;
  size_t n = 0, w = 0, len;
  unsigned acc = 0;
  int bits = 0;
  json_t *j;

  if (s == NULL)
    return json_string("");
  if (type == NULL || strcmp(type, "base64") != 0)
    return json_string(s);
  len = strlen(s);
  bytes = malloc(len + 1);
  out = malloc(2 * len + 1);
  if (bytes == NULL || out == NULL) {
    free(bytes);
    free(out);
    return json_string("");
  }
  for (size_t i = 0; i < len; i++) {
    int d = b64val(s[i]);
    if (d < 0)
      continue;
    acc = acc << 6 | (unsigned)d;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (unsigned char)(acc >> bits);
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (bytes[i] < 0x80) {
      out[w++] = (char)bytes[i];
    } else {
      out[w++] = (char)(0xC0 | bytes[i] >> 6);
      out[w++] = (char)(0x80 | (bytes[i] & 0x3F));
    }
  }
  j = json_stringn(out, w);
  free(bytes);
  free(out);
  return j != NULL ? j : json_string("");
}

static json_t *headers_of(const json_t *list) {
  json_t *arr = json_array(), *hv;
  size_t i;
  json_array_foreach(list, i, hv) {
    const char *name = str(hv, "name");
    if (name != NULL)
      json_array_append_new(
          arr, json_pack("{s:s,s:o}", "name", name, "value",
                         bytes_value(json_object_get(hv, "value"))));
  }
  return arr;
}

/* buildNameValuePairs over the request's cookies: {name, value} only. */
static json_t *request_cookies(const json_t *list) {
  json_t *arr = json_array(), *c;
  size_t i;
  json_array_foreach(list, i, c) {
    const char *name = str(c, "name");
    if (name != NULL)
      json_array_append_new(
          arr, json_pack("{s:s,s:o}", "name", name, "value",
                         bytes_value(json_object_get(c, "value"))));
  }
  return arr;
}

/* "http/1.1" -> "HTTP/1.1", "h2" -> "HTTP/2", "h3" -> "HTTP/3": the
 * versions Firefox's netmonitor shows. */
static json_t *http_version(const char *protocol) {
  char buf[32];
  size_t i;
  if (protocol == NULL || *protocol == '\0')
    return json_string("");
  if (strcmp(protocol, "h2") == 0)
    return json_string("HTTP/2");
  if (strcmp(protocol, "h3") == 0)
    return json_string("HTTP/3");
  for (i = 0; protocol[i] != '\0' && i + 1 < sizeof buf; i++)
    buf[i] = (char)(protocol[i] >= 'a' && protocol[i] <= 'z'
                        ? protocol[i] - 'a' + 'A'
                        : protocol[i]);
  buf[i] = '\0';
  return json_string(buf);
}

static double round_us(double ms) { return round(ms * 1000.0) / 1000.0; }

/* A span of BiDi's timings (ms since the epoch, 0 when unknown); -1 when
 * either end is unknown. */
static double span(const json_t *t, const char *from, const char *to) {
  double a = num(t, from, 0), b = num(t, to, 0);
  return a > 0 && b > 0 && b >= a ? round_us(b - a) : -1;
}

/* The HAR timings from BiDi's: what the phases the channel reported
 * took. BiDi has no end of sending, so send is 0 and wait runs from the
 * start of the request to the first byte of the response. */
static json_t *build_timings(const json_t *t, double *total) {
  static const char *const firsts[] = {"dnsStart", "connectStart",
                                       "requestStart"};
  double start = num(t, "requestTime", 0), first = 0, blocked = -1;
  double dns = span(t, "dnsStart", "dnsEnd");
  double connect = span(t, "connectStart", "connectEnd");
  double ssl = span(t, "tlsStart", "tlsEnd");
  double wait = span(t, "requestStart", "responseStart");
  double receive = span(t, "responseStart", "responseEnd");
  double v[7];
  static const char *const keys[] = {"blocked", "dns",  "connect", "ssl",
                                     "send",    "wait", "receive"};
  json_t *o = json_object();

  for (size_t i = 0; i < 3 && first <= 0; i++)
    first = num(t, firsts[i], 0);
  if (first > 0 && start > 0 && first >= start)
    blocked = round_us(first - start);
  v[0] = blocked;
  v[1] = dns;
  v[2] = connect;
  v[3] = ssl;
  v[4] = 0;
  v[5] = wait < 0 ? 0 : wait;
  v[6] = receive < 0 ? 0 : receive;
  *total = 0;
  for (size_t i = 0; i < 7; i++) {
    json_object_set_new(o, keys[i], har_json_num(v[i]));
    /* entry.time: the sum of the timings other than -1 (ssl included,
     * as har-builder's TIMING_KEYS are summed). */
    if (v[i] != -1)
      *total += v[i];
  }
  *total = round_us(*total);
  return o;
}

static double started_ms(const struct hop *p) {
  const json_t *t = json_object_get(p->request, "timings");
  return num(t, "requestTime", 0);
}

static json_t *build_request(const struct hop *p) {
  const json_t *rq = p->request;
  const char *url = str(rq, "url") ? str(rq, "url") : "";
  json_t *r = json_object();

  json_object_set_new(r, "bodySize", har_json_num(num(rq, "bodySize", 0)));
  json_object_set_new(r, "method",
                      json_string(str(rq, "method") ? str(rq, "method") : ""));
  json_object_set_new(r, "url", json_string(url));
  /* The netmonitor learns the version from the response's status line:
   * "" for a request that got none. */
  json_object_set_new(
      r, "httpVersion",
      http_version(p->response != NULL ? str(p->response, "protocol") : NULL));
  json_object_set_new(r, "headers", headers_of(json_object_get(rq, "headers")));
  json_object_set_new(r, "cookies",
                      request_cookies(json_object_get(rq, "cookies")));
  json_object_set_new(r, "queryString", har_json_query(url, true));
  json_object_set_new(r, "headersSize",
                      har_json_num(num(rq, "headersSize", -1)));
  return r;
}

static json_t *build_response(const struct hop *p) {
  const json_t *rs = p->response;
  json_t *r = json_object(), *headers, *content;
  const char *loc, *mime;

  if (rs == NULL) {
    /* har-builder's defaults for a request that got no response. */
    json_object_set_new(r, "status", json_integer(0));
    json_object_set_new(r, "statusText", json_string(""));
    json_object_set_new(r, "httpVersion", json_string(""));
    json_object_set_new(r, "headers", json_array());
    json_object_set_new(r, "cookies", json_array());
    json_object_set_new(r, "content",
                        json_pack("{s:i,s:s}", "size", -1, "comment",
                                  "Response bodies are not included."));
    json_object_set_new(r, "redirectURL", json_string(""));
    json_object_set_new(r, "headersSize", json_integer(-1));
    json_object_set_new(r, "bodySize", json_integer(-1));
    return r;
  }
  headers = headers_of(json_object_get(rs, "headers"));
  json_object_set_new(r, "status", har_json_num(num(rs, "status", 0)));
  json_object_set_new(
      r, "statusText",
      json_string(str(rs, "statusText") ? str(rs, "statusText") : ""));
  json_object_set_new(r, "httpVersion", http_version(str(rs, "protocol")));
  json_object_set(r, "headers", headers);
  json_object_set_new(r, "cookies", har_json_set_cookies(headers, false, 0));
  mime = str(rs, "mimeType");
  content = json_object();
  if (mime != NULL)
    json_object_set_new(content, "mimeType", json_string(mime));
  json_object_set_new(content, "size", har_json_num(num(rs, "bodySize", -1)));
  json_object_set_new(content, "comment",
                      json_string("Response bodies are not included."));
  json_object_set_new(r, "content", content);
  loc = har_json_header(headers, "location");
  json_object_set_new(r, "redirectURL", json_string(loc != NULL ? loc : ""));
  json_object_set_new(r, "headersSize",
                      har_json_num(num(rs, "headersSize", -1)));
  /* bodySize is the netmonitor's transferredSize: head and body as they
   * came over the wire (BiDi's bytesReceived). */
  json_object_set_new(r, "bodySize",
                      har_json_num(num(rs, "bytesReceived", -1)));
  json_decref(headers);
  return r;
}

static json_t *build_entry(const struct hop *p, const char *pageref) {
  const char *url = str(p->request, "url");
  json_t *e = json_object(), *timings;
  char date[48];
  double total;
  int status = p->response != NULL ? (int)num(p->response, "status", 0) : 0;

  har_json_date_local(started_ms(p), date, sizeof date);
  json_object_set_new(e, "startedDateTime", json_string(date));
  json_object_set_new(e, "request", build_request(p));
  json_object_set_new(e, "response", build_response(p));
  json_object_set_new(e, "cache",
                      status == 304 ? json_pack("{s:n}", "afterRequest")
                                    : json_object());
  timings = build_timings(json_object_get(p->request, "timings"), &total);
  json_object_set_new(e, "timings", timings);
  json_object_set_new(e, "time", har_json_num(total));
  if (url != NULL && strncmp(url, "http://", 7) == 0)
    json_object_set_new(e, "_securityState", json_string("insecure"));
  if (pageref != NULL)
    json_object_set_new(e, "pageref", json_string(pageref));
  return e;
}

static bool exported(const struct hop *p) {
  const char *url = str(p->request, "url");
  return url != NULL &&
         (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}

json_t *har_bidi_log(const struct har_bidi *h, const char *name,
                     const char *version) {
  json_t *pages = json_array(), *entries = json_array(), *log;
  char pageref[32] = "";
  size_t npages = 0;

  if (name == NULL)
    name = "Firefox";
  if (version == NULL)
    version = "";
  for (size_t i = 0; i < h->nhops; i++) {
    const struct hop *p = &h->hops[i];
    if (!exported(p))
      continue;
    if (p->navigation && p->redirect == 0) {
      /* buildPage: one page per navigation of the tab, titled with its
       * URL; the page timings are the netmonitor's markers, which BiDi
       * does not give. */
      char date[48];
      har_json_date_local(started_ms(p), date, sizeof date);
      snprintf(pageref, sizeof pageref, "page_%zu", npages++);
      json_array_append_new(pages,
                            json_pack("{s:s,s:{s:i,s:i},s:s,s:s}", "id",
                                      pageref, "pageTimings", "onContentLoad",
                                      -1, "onLoad", -1, "startedDateTime", date,
                                      "title", str(p->request, "url")));
    }
    json_array_append_new(entries,
                          build_entry(p, *pageref != '\0' ? pageref : NULL));
  }
  log = json_pack("{s:{s:s,s:{s:s,s:s},s:{s:s,s:s},s:o,s:o,s:s}}", "log",
                  "version", "1.2", "creator", "name", name, "version", version,
                  "browser", "name", name, "version", version, "pages", pages,
                  "entries", entries, "comment",
                  "Built by corsim from the browser's WebDriver BiDi network "
                  "events, in the shape of Firefox's HAR export "
                  "(har-builder.js), without request or response bodies.");
  return log;
}
