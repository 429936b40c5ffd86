/*
 * har_cdp.c - Chromium's Network events to a HAR, see har_cdp.h.
 *
 * The model is DevTools' NetworkRequest: one per hop, created by
 * requestWillBeSent (a redirect ends the current hop with the redirect
 * response and starts the next one under the same request id), updated
 * by the other events, and turned into an entry by Log.ts's Entry.build.
 * The comments name the frontend's rule each step follows.
 */
#include "har_cdp.h"
#include "har_json.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One hop: one DevTools NetworkRequest, one HAR entry. */
struct hop {
  char *id;         /* the protocol's requestId */
  size_t index;     /* 0, 1, ... along its redirect chain */
  json_t *sent;     /* requestWillBeSent's params */
  json_t *response; /* Network.Response (responseReceived or the next
                       hop's redirectResponse), or NULL */
  char *type;       /* the latest resource type seen ("Fetch", ...) */
  char *error;      /* loadingFailed's errorText, or NULL */
  char *priority;   /* initialPriority, then resourceChangedPriority's */
  double issue;     /* monotonic seconds, from requestWillBeSent */
  double wall;      /* its wallTime, seconds since the epoch */
  double start;     /* timing.requestTime once known, else issue */
  double resp_time; /* when the response head came, -1 before */
  double end;       /* when it finished, -1 before */
  double resource;  /* decoded bytes received (dataReceived) */
  double transfer;  /* bytes over the wire */
  bool finished;
  bool from_memory; /* requestServedFromCache */
  size_t page;      /* 1 + index into pages, 0: none */
};

/* ExtraInfo events of one request id, in arrival order. */
struct extra {
  char *id;
  json_t *req;  /* array of requestWillBeSentExtraInfo params */
  json_t *resp; /* array of responseReceivedExtraInfo params */
};

struct page {
  size_t doc;  /* the hop of its document request */
  double dcl;  /* Page.domContentEventFired timestamp, -1 none */
  double load; /* Page.loadEventFired timestamp, -1 none */
};

struct har_cdp {
  char *main_frame;
  struct hop *hops;
  size_t nhops, caphops;
  struct extra *extras;
  size_t nextras, capextras;
  struct page *pages;
  size_t npages, cappages;
  char *webkit; /* AppleWebKit version of the first User-Agent, or NULL */
};

static void *grow(void *p, size_t *cap, size_t n, size_t size) {
  size_t c;
  void *q;
  if (n < *cap)
    return p;
  c = *cap ? *cap * 2 : 16;
  q = realloc(p, c * size);
  if (q != NULL)
    *cap = c;
  return q;
}

struct har_cdp *har_cdp_new(const char *main_frame) {
  struct har_cdp *h = calloc(1, sizeof *h);
  if (h == NULL)
    return NULL;
  if (main_frame != NULL && (h->main_frame = strdup(main_frame)) == NULL) {
    free(h);
    return NULL;
  }
  return h;
}

void har_cdp_free(struct har_cdp *h) {
  size_t i;
  if (h == NULL)
    return;
  for (i = 0; i < h->nhops; i++) {
    free(h->hops[i].id);
    free(h->hops[i].type);
    free(h->hops[i].error);
    free(h->hops[i].priority);
    json_decref(h->hops[i].sent);
    json_decref(h->hops[i].response);
  }
  for (i = 0; i < h->nextras; i++) {
    free(h->extras[i].id);
    json_decref(h->extras[i].req);
    json_decref(h->extras[i].resp);
  }
  free(h->hops);
  free(h->extras);
  free(h->pages);
  free(h->main_frame);
  free(h->webkit);
  free(h);
}

static const char *str(const json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

static double num(const json_t *o, const char *k, double dflt) {
  const json_t *v = json_object_get(o, k);
  return json_is_number(v) ? json_number_value(v) : dflt;
}

static void set_str(char **dst, const char *s) {
  char *c = s != NULL ? strdup(s) : NULL;
  if (s != NULL && c == NULL)
    return; /* out of memory: keep the old value */
  free(*dst);
  *dst = c;
}

/* The latest hop of request id, or NULL. */
static struct hop *latest(struct har_cdp *h, const char *id) {
  size_t i = h->nhops;
  if (id == NULL)
    return NULL;
  while (i-- > 0)
    if (strcmp(h->hops[i].id, id) == 0)
      return &h->hops[i];
  return NULL;
}

static struct extra *extra_of(struct har_cdp *h, const char *id, bool make) {
  struct extra *e;
  for (size_t i = 0; i < h->nextras; i++)
    if (strcmp(h->extras[i].id, id) == 0)
      return &h->extras[i];
  if (!make)
    return NULL;
  e = grow(h->extras, &h->capextras, h->nextras, sizeof *e);
  if (e == NULL)
    return NULL;
  h->extras = e;
  e = &h->extras[h->nextras];
  memset(e, 0, sizeof *e);
  e->id = strdup(id);
  e->req = json_array();
  e->resp = json_array();
  if (e->id == NULL || e->req == NULL || e->resp == NULL) {
    free(e->id);
    json_decref(e->req);
    json_decref(e->resp);
    return NULL;
  }
  h->nextras++;
  return e;
}

/* NetworkRequest's timing setter: the start becomes the timing's
 * requestTime, and the response time no later than the end of the
 * response head. */
static void take_response(struct hop *p, json_t *response) {
  const json_t *t = json_object_get(response, "timing");
  json_decref(p->response);
  p->response = json_incref(response);
  if (json_is_object(t)) {
    double rt = num(t, "requestTime", p->start);
    double head = rt + num(t, "receiveHeadersEnd", 0) / 1000.0;
    p->start = rt;
    if (p->resp_time < 0 || p->resp_time > head)
      p->resp_time = head;
  }
  /* setTransferSize(response.encodedDataLength) */
  p->transfer = num(response, "encodedDataLength", p->transfer);
}

/* "Mozilla/5.0 (...) AppleWebKit/537.36 (KHTML..." -> "537.36": what
 * Log.ts names as the creator's version. */
static void note_webkit(struct har_cdp *h, const json_t *headers) {
  const char *key, *ua = NULL, *at, *end;
  json_t *v;

  if (h->webkit != NULL || !json_is_object(headers))
    return;
  json_object_foreach((json_t *)headers, key, v) {
    if (strcasecmp(key, "user-agent") == 0)
      ua = json_string_value(v);
  }
  if (ua == NULL || (at = strstr(ua, "AppleWebKit/")) == NULL)
    return;
  at += strlen("AppleWebKit/");
  end = at + strcspn(at, " ");
  h->webkit = strndup(at, (size_t)(end - at));
}

static void on_will_be_sent(struct har_cdp *h, json_t *params) {
  const char *id = str(params, "requestId");
  json_t *request = json_object_get(params, "request");
  json_t *redirect = json_object_get(params, "redirectResponse");
  double ts = num(params, "timestamp", 0);
  struct hop *prev = latest(h, id), *p;
  size_t index = prev != NULL ? prev->index + 1 : 0;

  if (id == NULL || !json_is_object(request))
    return;
  note_webkit(h, json_object_get(request, "headers"));
  if (prev != NULL && json_is_object(redirect)) {
    /* The hop that was redirected ends here with the redirect's response
     * (NetworkManager: updateNetworkRequestWithResponse, then
     * finishNetworkRequest at this time). */
    take_response(prev, redirect);
    if (prev->resp_time < 0)
      prev->resp_time = ts;
    prev->end = ts;
    prev->finished = true;
  }
  p = grow(h->hops, &h->caphops, h->nhops, sizeof *p);
  if (p == NULL)
    return;
  h->hops = p;
  p = &h->hops[h->nhops];
  memset(p, 0, sizeof *p);
  p->id = strdup(id);
  if (p->id == NULL)
    return;
  p->index = index; /* prev may have moved with the array */
  p->sent = json_incref(params);
  set_str(&p->type, str(params, "type"));
  set_str(&p->priority, str(request, "initialPriority"));
  p->issue = p->start = ts;
  p->wall = num(params, "wallTime", 0);
  p->resp_time = -1;
  p->end = -1;
  h->nhops++;
  /* A main-frame document starts a page (PageLoad); every request made
   * from then on belongs to it. */
  {
    const char *type = str(params, "type"), *frame = str(params, "frameId");
    const char *loader = str(params, "loaderId");
    if (type != NULL && strcmp(type, "Document") == 0 && loader != NULL &&
        strcmp(loader, id) == 0 && p->index == 0 &&
        (h->main_frame == NULL ||
         (frame != NULL && strcmp(frame, h->main_frame) == 0))) {
      struct page *pg = grow(h->pages, &h->cappages, h->npages, sizeof *pg);
      if (pg != NULL) {
        h->pages = pg;
        h->pages[h->npages].doc = h->nhops - 1;
        h->pages[h->npages].dcl = -1;
        h->pages[h->npages].load = -1;
        h->npages++;
      }
    }
  }
  p->page = h->npages;
}

static void on_extra(struct har_cdp *h, json_t *params, bool request) {
  const char *id = str(params, "requestId");
  struct extra *e = id != NULL ? extra_of(h, id, true) : NULL;
  if (e != NULL)
    json_array_append(request ? e->req : e->resp, params);
}

static void on_event_of(struct har_cdp *h, const char *method, json_t *params) {
  struct hop *p = latest(h, str(params, "requestId"));
  double ts = num(params, "timestamp", 0);
  const char *type = str(params, "type");

  if (p == NULL)
    return;
  /* responseReceived and loadingFailed name the resource type again: a
   * preflight is sent as "Other" and answered as "Preflight", and
   * DevTools keeps the latest (setResourceType). */
  if (type != NULL)
    set_str(&p->type, type);
  if (strcmp(method, "Network.responseReceived") == 0) {
    json_t *r = json_object_get(params, "response");
    if (json_is_object(r)) {
      p->resp_time = ts;
      take_response(p, r);
    }
  } else if (strcmp(method, "Network.dataReceived") == 0) {
    p->resource += num(params, "dataLength", 0);
    p->transfer += num(params, "encodedDataLength", 0);
  } else if (strcmp(method, "Network.loadingFinished") == 0) {
    double enc = num(params, "encodedDataLength", -1);
    if (enc >= 0)
      p->transfer = enc;
    p->end = ts;
    p->finished = true;
  } else if (strcmp(method, "Network.loadingFailed") == 0) {
    set_str(&p->error, str(params, "errorText"));
    p->end = ts;
    p->finished = true;
  } else if (strcmp(method, "Network.requestServedFromCache") == 0) {
    p->from_memory = true;
  } else if (strcmp(method, "Network.resourceChangedPriority") == 0) {
    set_str(&p->priority, str(params, "newPriority"));
  }
}

static void on_page_event(struct har_cdp *h, bool load, json_t *params) {
  struct page *pg;
  if (h->npages == 0)
    return;
  pg = &h->pages[h->npages - 1];
  if (load)
    pg->load = num(params, "timestamp", -1);
  else
    pg->dcl = num(params, "timestamp", -1);
}

void har_cdp_event(struct har_cdp *h, const char *method, json_t *params) {
  if (h == NULL || method == NULL || !json_is_object(params))
    return;
  if (strcmp(method, "Network.requestWillBeSent") == 0)
    on_will_be_sent(h, params);
  else if (strcmp(method, "Network.requestWillBeSentExtraInfo") == 0)
    on_extra(h, params, true);
  else if (strcmp(method, "Network.responseReceivedExtraInfo") == 0)
    on_extra(h, params, false);
  else if (strcmp(method, "Page.domContentEventFired") == 0)
    on_page_event(h, false, params);
  else if (strcmp(method, "Page.loadEventFired") == 0)
    on_page_event(h, true, params);
  else if (strncmp(method, "Network.", 8) == 0)
    on_event_of(h, method, params);
}

/* ---- building the entries ------------------------------------------- */

/* What an entry is built from: the hop and its ExtraInfo events. */
struct view {
  const struct hop *p;
  const json_t *request;   /* the protocol's Request */
  const json_t *req_extra; /* NULL: the request never reached the network */
  const json_t *resp_extra;
  const char *resp_text; /* the raw response head, or NULL */
  json_t *req_headers;   /* HAR array (owned) */
  json_t *resp_headers;  /* HAR array (owned) */
  char *req_text;        /* requestHeadersText as DevTools makes it, or NULL */
  int status;
};

static double ms(double seconds) { return seconds == -1 ? -1 : seconds * 1000; }

/* "net::ERR_FAILED" and friends stay; DevTools' resource type names are
 * the protocol's in lower case, save a few. */
static const char *type_name(const char *t, char *buf, size_t cap) {
  size_t i;
  if (t == NULL)
    return "other";
  if (strcmp(t, "SignedExchange") == 0)
    return "signed-exchange";
  if (strcmp(t, "CSPViolationReport") == 0)
    return "csp-violation-report";
  for (i = 0; t[i] != '\0' && i + 1 < cap; i++)
    buf[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] - 'A' + 'a' : t[i]);
  buf[i] = '\0';
  return buf;
}

/* The path of an absolute URL without its query and fragment, and the
 * query without '?' (empty when none): ParsedURL's path and queryParams. */
static void url_parts(const char *url, const char **path, size_t *plen,
                      const char **query, size_t *qlen) {
  const char *p = strstr(url, "://"), *end;
  p = p != NULL ? p + 3 : url;
  p += strcspn(p, "/?#");
  end = p + strcspn(p, "?#");
  *path = p;
  *plen = (size_t)(end - p);
  *query = "";
  *qlen = 0;
  if (*end == '?') {
    *query = end + 1;
    *qlen = strcspn(end + 1, "#");
  }
}

/* NetworkRequest.addExtraResponseInfo: when the raw response head is
 * known and the request's is not, DevTools writes the request's as
 * HTTP/1.1 from the method, the URL and the request headers. */
static char *request_text(const char *method, const char *url,
                          const json_t *headers) {
  const char *path, *query;
  size_t plen, qlen, n, i, len = 0;
  json_t *hv;
  char *t;

  url_parts(url, &path, &plen, &query, &qlen);
  n = strlen(method) + plen + qlen + 32;
  json_array_foreach(headers, i, hv) n +=
      strlen(str(hv, "name") ? str(hv, "name") : "") +
      strlen(str(hv, "value") ? str(hv, "value") : "") + 4;
  t = malloc(n);
  if (t == NULL)
    return NULL;
  len = (size_t)snprintf(t, n, "%s %.*s%s%.*s HTTP/1.1\r\n", method, (int)plen,
                         path, qlen > 0 ? "?" : "", (int)qlen, query);
  json_array_foreach(headers, i, hv) len += (size_t)snprintf(
      t + len, n - len, "%s: %s\r\n", str(hv, "name") ? str(hv, "name") : "",
      str(hv, "value") ? str(hv, "value") : "");
  return t;
}

/* requestHttpVersion / responseHttpVersion: from the head text when there
 * is one, else a "version" header, else the protocol lower-cased. */
static json_t *http_version(const char *text, bool response,
                            const json_t *headers, const char *protocol) {
  const char *v;
  if (text != NULL) {
    /* The request line ends with the version, the status line starts
     * with it. */
    const char *eol = strstr(text, "\r\n");
    size_t n = eol != NULL ? (size_t)(eol - text) : strlen(text);
    const char *at = response ? text : NULL;
    if (!response && n >= 8)
      at = text + n - 8;
    if (at != NULL && strncmp(at, "HTTP/", 5) == 0 && at[5] >= '0' &&
        at[5] <= '9' && at[6] == '.' && at[7] >= '0' && at[7] <= '9')
      return json_stringn(at, 8);
    return json_string("HTTP/0.9");
  }
  v = har_json_header(headers, "version");
  if (v == NULL)
    v = har_json_header(headers, ":version");
  if (v != NULL)
    return json_string(v);
  if (protocol == NULL)
    return json_string("");
  {
    char buf[64];
    size_t i;
    for (i = 0; protocol[i] != '\0' && i + 1 < sizeof buf; i++)
      buf[i] = (char)(protocol[i] >= 'A' && protocol[i] <= 'Z'
                          ? protocol[i] - 'A' + 'a'
                          : protocol[i]);
    buf[i] = '\0';
    if (strcmp(buf, "h2") == 0)
      return json_string("http/2.0");
    if (strncmp(buf, "http/2+", 7) == 0 || strncmp(buf, "http/2.0+", 9) == 0) {
      const char *rest = strchr(buf, '+');
      char out[80];
      snprintf(out, sizeof out, "http/2.0%s", rest);
      return json_string(out);
    }
    return json_string(buf);
  }
}

/* The cookies a request carried (requestWillBeSentExtraInfo's
 * associatedCookies that were not blocked), as Log.ts's buildCookie. */
static json_t *request_cookies(const json_t *req_extra) {
  json_t *out = json_array(), *ac;
  size_t i;
  json_array_foreach(json_object_get(req_extra, "associatedCookies"), i, ac) {
    const json_t *c = json_object_get(ac, "cookie");
    json_t *o;
    if (json_array_size(json_object_get(ac, "blockedReasons")) > 0 ||
        !json_is_object(c))
      continue;
    o = json_pack("{s:s,s:s,s:s,s:s}", "name",
                  str(c, "name") ? str(c, "name") : "", "value",
                  str(c, "value") ? str(c, "value") : "", "path",
                  str(c, "path") ? str(c, "path") : "", "domain",
                  str(c, "domain") ? str(c, "domain") : "");
    if (o == NULL)
      continue;
    if (json_is_true(json_object_get(c, "session"))) {
      json_object_set_new(o, "expires", json_null());
    } else {
      char date[40];
      har_json_date_utc(num(c, "expires", 0) * 1000.0, date, sizeof date);
      json_object_set_new(o, "expires", json_string(date));
    }
    json_object_set_new(
        o, "httpOnly",
        json_boolean(json_is_true(json_object_get(c, "httpOnly"))));
    json_object_set_new(
        o, "secure", json_boolean(json_is_true(json_object_get(c, "secure"))));
    if (str(c, "sameSite") != NULL)
      json_object_set_new(o, "sameSite", json_string(str(c, "sameSite")));
    if (json_object_get(c, "partitionKey") != NULL)
      json_object_set(o, "partitionKey", json_object_get(c, "partitionKey"));
    json_array_append_new(out, o);
  }
  return out;
}

static size_t utf8_len(const char *s) { return s != NULL ? strlen(s) : 0; }

static json_t *build_request(const struct view *v) {
  const char *method = str(v->request, "method");
  const char *url = str(v->request, "url");
  const char *post = str(v->request, "postData");
  json_t *r, *hash_cut;
  size_t ulen = url != NULL ? strcspn(url, "#") : 0;

  if (method == NULL)
    method = "";
  if (url == NULL)
    url = "";
  /* buildRequestURL: the URL without its fragment. The protocol already
   * sends it apart (urlFragment); cut anyway. */
  hash_cut = json_stringn(url, ulen);
  r = json_object();
  json_object_set_new(r, "method", json_string(method));
  json_object_set_new(r, "url", hash_cut);
  json_object_set_new(r, "httpVersion",
                      http_version(v->req_text, false, v->req_headers,
                                   v->p->response != NULL
                                       ? str(v->p->response, "protocol")
                                       : NULL));
  json_object_set(r, "headers", v->req_headers);
  json_object_set_new(r, "queryString", har_json_query(url, false));
  json_object_set_new(r, "cookies", request_cookies(v->req_extra));
  json_object_set_new(
      r, "headersSize",
      json_integer(v->req_text != NULL ? (json_int_t)strlen(v->req_text) : -1));
  /* requestBodySize: the UTF-8 bytes of the post data, 0 without. */
  json_object_set_new(r, "bodySize", json_integer((json_int_t)utf8_len(post)));
  if (post != NULL && *post != '\0') {
    const char *ct = har_json_header(v->req_headers, "content-type");
    json_t *pd =
        json_pack("{s:s,s:s}", "mimeType", ct != NULL ? ct : "", "text", post);
    /* formParameters: only for a form-urlencoded body. */
    if (pd != NULL && ct != NULL &&
        strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
      size_t plen = strlen(post);
      char *q = malloc(plen + 2);
      if (q != NULL) {
        q[0] = '?';
        memcpy(q + 1, post, plen + 1);
        json_object_set_new(pd, "params", har_json_query(q, false));
        free(q);
      }
    }
    if (pd != NULL)
      json_object_set_new(r, "postData", pd);
  }
  return r;
}

/* statusText when no responseReceived came: the status line of the raw
 * head without its first two words (parseStatusTextFromResponseHeadersText). */
static json_t *status_text(const struct view *v) {
  const char *t = v->resp_text, *sp1, *sp2, *eol;
  if (v->p->response != NULL)
    return json_string(str(v->p->response, "statusText")
                           ? str(v->p->response, "statusText")
                           : "");
  if (t == NULL)
    return json_string("");
  eol = t + strcspn(t, "\r");
  sp1 = memchr(t, ' ', (size_t)(eol - t));
  sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
  if (sp2 == NULL)
    return json_string("");
  return json_stringn(sp2 + 1, (size_t)(eol - sp2 - 1));
}

static bool cached(const struct hop *p) {
  return p->from_memory ||
         (p->response != NULL &&
          json_is_true(json_object_get(p->response, "fromDiskCache")));
}

static json_t *build_response(const struct view *v, double now_ms) {
  const struct hop *p = v->p;
  const json_t *resp = p->response;
  const char *mime = resp != NULL ? str(resp, "mimeType") : NULL;
  const char *loc = har_json_header(v->resp_headers, "location");
  json_t *r = json_object(), *content;
  double body = -1;

  json_object_set_new(r, "status", json_integer(v->status));
  json_object_set_new(r, "statusText", status_text(v));
  json_object_set_new(
      r, "httpVersion",
      http_version(v->resp_text, true, v->resp_headers,
                   resp != NULL ? str(resp, "protocol") : NULL));
  json_object_set(r, "headers", v->resp_headers);
  json_object_set_new(r, "cookies",
                      har_json_set_cookies(v->resp_headers, true, now_ms));
  /* responseBodySize and responseCompression. */
  if (cached(p) || v->status == 304)
    body = 0;
  else if (v->resp_text != NULL)
    body = p->transfer - (double)strlen(v->resp_text);
  content = json_object();
  json_object_set_new(content, "size", har_json_num(p->resource));
  json_object_set_new(content, "mimeType",
                      json_string(mime != NULL && *mime ? mime : "x-unknown"));
  if (!cached(p) && v->status != 304 && v->status != 206 &&
      v->resp_text != NULL)
    json_object_set_new(content, "compression",
                        har_json_num(p->resource - body));
  json_object_set_new(r, "content", content);
  json_object_set_new(r, "redirectURL", json_string(loc != NULL ? loc : ""));
  json_object_set_new(r, "headersSize",
                      json_integer(v->resp_text != NULL
                                       ? (json_int_t)strlen(v->resp_text)
                                       : -1));
  json_object_set_new(r, "bodySize", har_json_num(body));
  json_object_set_new(r, "_transferSize", har_json_num(p->transfer));
  json_object_set_new(r, "_error",
                      p->error != NULL ? json_string(p->error) : json_null());
  json_object_set_new(
      r, "_fetchedViaServiceWorker",
      json_boolean(resp != NULL &&
                   json_is_true(json_object_get(resp, "fromServiceWorker"))));
  return r;
}

static double least_non_negative(const double *v, size_t n) {
  double best = INFINITY;
  for (size_t i = 0; i < n; i++)
    if (v[i] >= 0 && v[i] < best)
      best = v[i];
  return best;
}

/* Entry.buildTimings, rule for rule. */
static json_t *build_timings(const struct hop *p) {
  const json_t *t =
      p->response != NULL ? json_object_get(p->response, "timing") : NULL;
  double queued = p->issue < p->start ? p->start - p->issue : -1;
  double blocked = ms(queued), dns = -1, ssl = -1, connect = -1, send = 0,
         wait = 0, receive = 0, highest = 0, proxy = 0, request_time;
  bool have_proxy = false;
  json_t *o;

  if (json_is_object(t)) {
    double starts[3] = {num(t, "dnsStart", -1), num(t, "connectStart", -1),
                        num(t, "sendStart", -1)};
    double bs = least_non_negative(starts, 3);
    double dns_end = num(t, "dnsEnd", -1), ssl_end = num(t, "sslEnd", -1);
    double conn_end = num(t, "connectEnd", -1),
           send_end = num(t, "sendEnd", -1);
    double proxy_end = num(t, "proxyEnd", -1);
    double dns_s, dns_e, ssl_s, ssl_e, conn_s, conn_e, send_s, send_e;
    if (isfinite(bs))
      blocked += bs;
    if (proxy_end != -1) {
      proxy = proxy_end - num(t, "proxyStart", -1);
      have_proxy = true;
    }
    if (have_proxy && proxy != 0 && proxy > blocked)
      blocked = proxy;
    dns_s = dns_end >= 0 ? bs : 0;
    dns_e = dns_end >= 0 ? dns_end : -1;
    dns = dns_e - dns_s;
    ssl_s = ssl_end > 0 ? num(t, "sslStart", -1) : 0;
    ssl_e = ssl_end > 0 ? ssl_end : -1;
    ssl = ssl_e - ssl_s;
    if (conn_end >= 0) {
      double c[2] = {dns_e, bs};
      conn_s = least_non_negative(c, 2);
    } else {
      conn_s = 0;
    }
    conn_e = conn_end >= 0 ? conn_end : -1;
    connect = conn_e - conn_s;
    send_s = send_end >= 0 ? fmax(fmax(conn_e, dns_e), bs) : 0;
    send_e = send_end >= 0 ? send_end : 0;
    send = send_e - send_s;
    if (send < 0)
      send = 0;
    highest = fmax(fmax(fmax(send_e, conn_e), fmax(ssl_e, dns_e)), 0);
    if (isfinite(bs))
      highest = fmax(highest, bs);
  } else if (p->resp_time == -1) {
    /* Nothing after "blocked" is known: all of it is blocked. */
    blocked = ms(p->end - p->issue);
    o = json_object();
    json_object_set_new(o, "blocked", har_json_num(blocked));
    json_object_set_new(o, "dns", har_json_num(-1));
    json_object_set_new(o, "ssl", har_json_num(-1));
    json_object_set_new(o, "connect", har_json_num(-1));
    json_object_set_new(o, "send", har_json_num(0));
    json_object_set_new(o, "wait", har_json_num(0));
    json_object_set_new(o, "receive", har_json_num(0));
    json_object_set_new(o, "_blocked_queueing", har_json_num(ms(queued)));
    return o;
  }
  request_time = json_is_object(t) ? num(t, "requestTime", p->start) : p->start;
  wait = ms(p->resp_time - request_time) - highest;
  receive =
      fmax(ms(p->end - request_time) - ms(p->resp_time - request_time), 0);
  o = json_object();
  json_object_set_new(o, "blocked", har_json_num(blocked));
  json_object_set_new(o, "dns", har_json_num(dns));
  json_object_set_new(o, "ssl", har_json_num(ssl));
  json_object_set_new(o, "connect", har_json_num(connect));
  json_object_set_new(o, "send", har_json_num(send));
  json_object_set_new(o, "wait", har_json_num(wait));
  json_object_set_new(o, "receive", har_json_num(receive));
  json_object_set_new(o, "_blocked_queueing", har_json_num(ms(queued)));
  if (have_proxy)
    json_object_set_new(o, "_blocked_proxy", har_json_num(proxy));
  if (json_is_object(t)) {
    static const char *const worker[] = {"workerStart", "workerReady",
                                         "workerFetchStart",
                                         "workerRespondWithSettled"};
    for (size_t i = 0; i < 4; i++) {
      char key[40];
      const json_t *w = json_object_get(t, worker[i]);
      if (!json_is_number(w))
        continue;
      snprintf(key, sizeof key, "_%s", worker[i]);
      json_object_set_new(o, key, har_json_num(json_number_value(w)));
    }
  }
  return o;
}

/* The hop's view: which ExtraInfo events are its own. */
static void view_of(const struct har_cdp *h, const struct hop *p,
                    struct view *v) {
  const struct extra *e = NULL;
  const json_t *hdrs;

  memset(v, 0, sizeof *v);
  v->p = p;
  v->request = json_object_get(p->sent, "request");
  for (size_t i = 0; i < h->nextras; i++)
    if (strcmp(h->extras[i].id, p->id) == 0)
      e = &h->extras[i];
  if (e != NULL) {
    v->req_extra = json_array_get(e->req, p->index);
    v->resp_extra = json_array_get(e->resp, p->index);
  }
  v->resp_text = str(v->resp_extra, "headersText");
  if (v->resp_text != NULL && *v->resp_text == '\0')
    v->resp_text = NULL;
  /* addExtraRequestInfo replaces the provisional headers. */
  hdrs = v->req_extra != NULL ? json_object_get(v->req_extra, "headers")
                              : json_object_get(v->request, "headers");
  v->req_headers = har_json_headers_from_object(hdrs);
  /* addExtraResponseInfo replaces the response's headers and status. */
  if (v->resp_extra != NULL)
    v->resp_headers =
        har_json_headers_from_object(json_object_get(v->resp_extra, "headers"));
  else if (p->response != NULL)
    v->resp_headers =
        har_json_headers_from_object(json_object_get(p->response, "headers"));
  else
    v->resp_headers = json_array();
  v->status = p->response != NULL ? (int)num(p->response, "status", 0) : 0;
  if (v->resp_extra != NULL && num(v->resp_extra, "statusCode", 0) > 0)
    v->status = (int)num(v->resp_extra, "statusCode", 0);
  if (v->resp_text != NULL)
    v->req_text = request_text(
        str(v->request, "method") ? str(v->request, "method") : "",
        str(v->request, "url") ? str(v->request, "url") : "", v->req_headers);
}

static void view_free(struct view *v) {
  json_decref(v->req_headers);
  json_decref(v->resp_headers);
  free(v->req_text);
}

static json_t *sum_time(const json_t *timings) {
  static const char *const keys[] = {"blocked", "dns",  "connect",
                                     "send",    "wait", "receive"};
  double t = 0;
  for (size_t i = 0; i < 6; i++)
    t += fmax(num(timings, keys[i], 0), 0);
  return har_json_num(t);
}

static json_t *build_entry(const struct har_cdp *h, const struct hop *p) {
  struct view v;
  json_t *e = json_object(), *initiator = json_object_get(p->sent, "initiator");
  json_t *timings;
  char buf[64], date[40];
  const json_t *resp = p->response;

  view_of(h, p, &v);
  if (resp != NULL) {
    json_t *cid = json_object_get(resp, "connectionId");
    char id[32] = "";
    if (json_is_integer(cid))
      snprintf(id, sizeof id, "%lld", (long long)json_integer_value(cid));
    else if (json_is_string(cid))
      snprintf(id, sizeof id, "%s", json_string_value(cid));
    if (*id != '\0' && strcmp(id, "0") != 0)
      json_object_set_new(e, "_connectionId", json_string(id));
  }
  if (cached(p))
    json_object_set_new(e, "_fromCache",
                        json_string(p->from_memory ? "memory" : "disk"));
  /* The initiator as exported: type, url, requestId, lineNumber, stack
   * (columnNumber is not). */
  if (json_is_object(initiator)) {
    json_t *i = json_object();
    static const char *const keys[] = {"type", "url", "requestId", "lineNumber",
                                       "stack"};
    for (size_t k = 0; k < 5; k++) {
      json_t *val = json_object_get(initiator, keys[k]);
      if (val != NULL)
        json_object_set(i, keys[k], val);
    }
    json_object_set_new(e, "_initiator", i);
  } else {
    json_object_set_new(e, "_initiator", json_null());
  }
  json_object_set_new(e, "_priority",
                      p->priority != NULL ? json_string(p->priority)
                                          : json_null());
  json_object_set_new(e, "_resourceType",
                      json_string(type_name(p->type, buf, sizeof buf)));
  json_object_set_new(e, "cache", json_object());
  if (resp != NULL && str(resp, "remoteIPAddress") != NULL) {
    char port[16];
    snprintf(port, sizeof port, "%d", (int)num(resp, "remotePort", 0));
    json_object_set_new(e, "connection", json_string(port));
  }
  if (p->page > 0) {
    snprintf(buf, sizeof buf, "page_%zu", p->page);
    json_object_set_new(e, "pageref", json_string(buf));
  }
  json_object_set_new(e, "request", build_request(&v));
  json_object_set_new(e, "response", build_response(&v, p->wall * 1000.0));
  json_object_set_new(e, "serverIPAddress",
                      json_string(resp != NULL && str(resp, "remoteIPAddress")
                                      ? str(resp, "remoteIPAddress")
                                      : ""));
  /* pseudoWallTime(issueTime): the wall time requestWillBeSent gave. */
  har_json_date_utc(p->wall * 1000.0, date, sizeof date);
  json_object_set_new(e, "startedDateTime", json_string(date));
  timings = build_timings(p);
  json_object_set_new(e, "time", sum_time(timings));
  json_object_set_new(e, "timings", timings);
  view_free(&v);
  return e;
}

static bool exported(const struct hop *p) {
  const char *url = str(json_object_get(p->sent, "request"), "url");
  return p->finished && url != NULL &&
         (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0);
}

static json_t *build_pages(const struct har_cdp *h) {
  json_t *arr = json_array();
  for (size_t i = 0; i < h->npages; i++) {
    const struct page *pg = &h->pages[i];
    const struct hop *doc = &h->hops[pg->doc];
    const char *url = str(json_object_get(doc->sent, "request"), "url");
    char date[40], id[32];
    /* PageLoad: it starts when its document request starts. */
    double wall = doc->wall + (doc->start - doc->issue);
    har_json_date_utc(wall * 1000.0, date, sizeof date);
    snprintf(id, sizeof id, "page_%zu", i + 1);
    json_array_append_new(
        arr,
        json_pack(
            "{s:s,s:s,s:s,s:{s:o,s:o}}", "startedDateTime", date, "id", id,
            "title", url != NULL ? url : "", "pageTimings", "onContentLoad",
            har_json_num(pg->dcl < 0 ? -1 : ms(pg->dcl - doc->start)), "onLoad",
            har_json_num(pg->load < 0 ? -1 : ms(pg->load - doc->start))));
  }
  return arr;
}

json_t *har_cdp_log(const struct har_cdp *h) {
  json_t *entries = json_array(), *log;
  for (size_t i = 0; i < h->nhops; i++)
    if (exported(&h->hops[i]))
      json_array_append_new(entries, build_entry(h, &h->hops[i]));
  log = json_pack(
      "{s:{s:s,s:{s:s,s:s},s:o,s:o,s:s}}", "log", "version", "1.2", "creator",
      "name", "WebInspector", "version", h->webkit != NULL ? h->webkit : "n/a",
      "pages", build_pages(h), "entries", entries, "comment",
      "Built by corsim from the browser's DevTools-protocol network events, "
      "in the shape of Chromium's HAR export (DevTools \"Save all as HAR\" "
      "with Preserve log on), without response bodies.");
  return log;
}
