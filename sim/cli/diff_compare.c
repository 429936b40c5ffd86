/*
 * diff_compare.c - the browser's side of corsim diff in the output
 * format's terms, and the field-by-field comparison with the prediction.
 * See diff_compare.h; the message rule is the scenario format's
 * ("Which line is the message").
 */
#include "diff_compare.h"

#include "report_json.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const diff_fields[] = {
    "response_type", "blocked",     "status",      "preflight",
    "wire.hops",     "wire.origin", "wire.acrm",   "wire.acrh",
    "wire.headers",  "wire.status", "exposed_headers", "message", NULL};

/* ---- small JSON helpers ------------------------------------------------ */

static const char *sget(const json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

static bool has(const json_t *o, const char *key) {
  const json_t *v = json_object_get(o, key);
  return v != NULL && !json_is_null(v) && !json_is_false(v);
}

static bool starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Case-insensitive (ASCII) substring test; strcasestr is not POSIX. */
static const char *find_ci(const char *s, const char *needle) {
  size_t n = strlen(needle);
  for (; *s != '\0'; s++)
    if (strncasecmp(s, needle, n) == 0)
      return s;
  return NULL;
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A lower-cased copy (header names). */
static char *lower(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d == NULL)
    return NULL;
  for (size_t i = 0; i <= n; i++)
    d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
  return d;
}

/* ---- origins ------------------------------------------------------------ */

/* "scheme://host[:port]" of an absolute URL, normalised; false if none. */
static bool origin_of(const char *url, char *buf, size_t cap) {
  long n = corsim_url_normalize(corsim_str_c(url), buf, cap);
  if (n < 0)
    return false;
  char *p = strstr(buf, "://");
  if (p == NULL)
    return false;
  char *slash = strchr(p + 3, '/');
  if (slash != NULL)
    *slash = '\0';
  return true;
}

static bool cross_origin(const char *url, struct corsim_str origin) {
  char page[1024], o[1024], u[4096];
  if (origin.len + 2 > sizeof(page))
    return true;
  memcpy(page, origin.ptr, origin.len);
  page[origin.len] = '/';
  page[origin.len + 1] = '\0';
  if (!origin_of(page, o, sizeof(o)) || !origin_of(url, u, sizeof(u)))
    return true;
  return strcmp(o, u) != 0;
}

/* ---- the message -------------------------------------------------------- */

/* The exception texts that say nothing about the cause (rule step 5). */
static bool generic_exception(enum corsim_browser b, const char *msg) {
  switch (b) {
  case CORSIM_BROWSER_FIREFOX:
    return strcmp(msg, "NetworkError when attempting to fetch resource.") == 0;
  case CORSIM_BROWSER_WEBKIT:
    return strcmp(msg, "Load failed") == 0;
  default:
    return strcmp(msg, "Failed to fetch") == 0;
  }
}

/* Whether a console entry is one the browser shows as an error for the
 * request: its own messages (Chromium, Firefox), WebKit's ERROR lines and
 * its SECURITY warnings (the mixed-content reason comes as one). */
static bool error_line(enum corsim_browser b, const json_t *e) {
  const char *kind = sget(e, "kind"), *level = sget(e, "level"),
             *source = sget(e, "source");
  if (sget(e, "text") == NULL)
    return false;
  if (b == CORSIM_BROWSER_WEBKIT) {
    if (level == NULL)
      return false;
    if (strcasecmp(level, "error") == 0)
      return true;
    return strncasecmp(level, "warn", 4) == 0 && source != NULL &&
           find_ci(source, "security") != NULL;
  }
  return kind != NULL && strcmp(kind, "error") == 0;
}

/* WebKit's second line for every CORS failure, which names no reason. */
static bool webkit_access_line(const char *s) {
  static const char tail[] = " due to access control checks.";
  size_t n = strlen(s), t = sizeof(tail) - 1;
  return strstr(s, "cannot load ") != NULL && n >= t &&
         strcmp(s + n - t, tail) == 0;
}

/* The entries are JSON strings, not C strings: a message may hold U+0000
 * (an exception quoting a header value). */
static const json_t *first_line(enum corsim_browser b, const json_t *console,
                                int which) {
  size_t i;
  const json_t *e;
  json_array_foreach(console, i, e) {
    if (!error_line(b, e))
      continue;
    const char *t = sget(e, "text");
    /* Chromium's and WebKit's error line about a forbidden header the
     * script set: the header is dropped, it is no failure, so it is
     * neither the reason nor a line naming the request (XHR's message is
     * then the exception's; corsim diff on WebKitGTK 2.50: g1-643,
     * g1-822). */
    if (starts_with(t, "Refused to set unsafe header"))
      continue;
    switch (which) {
    case 0: /* the CORS line */
      if ((b == CORSIM_BROWSER_CHROMIUM &&
           strstr(t, "has been blocked by CORS policy") != NULL) ||
          (b == CORSIM_BROWSER_FIREFOX &&
           starts_with(t, "Cross-Origin Request Blocked:")) ||
          (b == CORSIM_BROWSER_WEBKIT && !webkit_access_line(t)))
        return json_object_get(e, "text");
      break;
    case 1: /* another line naming the request */
      if (!(b == CORSIM_BROWSER_CHROMIUM &&
            starts_with(t, "Failed to load resource")))
        return json_object_get(e, "text");
      break;
    default: /* Chromium's "Failed to load resource" line */
      if (starts_with(t, "Failed to load resource"))
        return json_object_get(e, "text");
      break;
    }
  }
  return NULL;
}

static const json_t *message(enum corsim_browser b, const json_t *result,
                             const json_t *console) {
  const json_t *ex =
      json_object_get(json_object_get(result, "exception"), "message");
  if (!json_is_string(ex))
    ex = NULL;
  const json_t *m = first_line(b, console, 0);
  if (m == NULL)
    m = first_line(b, console, 1);
  if (m == NULL && ex != NULL && !generic_exception(b, json_string_value(ex)))
    m = ex;
  if (m == NULL && b == CORSIM_BROWSER_CHROMIUM)
    m = first_line(b, console, 2);
  return m != NULL ? m : ex;
}

/* ---- wire hops ----------------------------------------------------------- */

/* Headers the browser adds itself: on the wire they count as the script's
 * only when they carry the script's value. */
static bool browser_set(const char *n) {
  static const char *const names[] = {
      "accept", "accept-language", "accept-encoding", "user-agent", "referer",
      "host", "connection", "content-length", "cookie", "sec-fetch-site",
      "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user", "sec-ch-ua",
      "sec-ch-ua-mobile", "sec-ch-ua-platform", "cache-control", "pragma",
      "authorization", "priority", "upgrade-insecure-requests", "te", "dnt",
      "sec-gpc", NULL};
  for (size_t i = 0; names[i] != NULL; i++)
    if (strcmp(n, names[i]) == 0)
      return true;
  return false;
}

static bool cors_name(const char *n) {
  return strcmp(n, "origin") == 0 ||
         strcmp(n, "access-control-request-method") == 0 ||
         strcmp(n, "access-control-request-headers") == 0;
}

/* A value as compared: trimmed, a multipart boundary masked. */
static json_t *norm_value(const char *name, const char *v) {
  while (*v == ' ' || *v == '\t')
    v++;
  size_t n = strlen(v);
  while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
    n--;
  if (strcmp(name, "content-type") == 0) {
    const char *b = find_ci(v, "boundary=");
    if (b != NULL && (size_t)(b - v) < n) {
      size_t keep = (size_t)(b - v) + 9;
      char *s = malloc(keep + 4);
      if (s == NULL)
        return NULL;
      memcpy(s, v, keep);
      memcpy(s + keep, "...", 4);
      json_t *j = json_string(s);
      free(s);
      return j;
    }
  }
  return json_stringn(v, n);
}

/* A script's header value as it goes on the wire, in the JSON form the
 * wire values take: normalised (HTTP whitespace trimmed), isomorphically
 * decoded. NULL when out of memory. */
static char *script_wire_value(struct corsim_str v) {
  size_t b = 0, e = v.len;
  while (b < e && (v.ptr[b] == ' ' || v.ptr[b] == '\t' || v.ptr[b] == '\r' ||
                   v.ptr[b] == '\n'))
    b++;
  while (e > b && (v.ptr[e - 1] == ' ' || v.ptr[e - 1] == '\t' ||
                   v.ptr[e - 1] == '\r' || v.ptr[e - 1] == '\n'))
    e--;
  json_t *j = report_json_header_bytes(v.ptr + b, e - b);
  char *out = j != NULL ? strdup(json_string_value(j)) : NULL;
  json_decref(j);
  return out;
}

/* Whether the wire value is the script's value for a lower-case name, or
 * its values joined with ", " (repeated names go out combined). */
static bool script_value(const struct corsim_request *req, const char *name,
                         const char *wire_value) {
  size_t total = 0, n = strlen(name);
  bool same = false;
  char *joined = NULL;
  for (size_t i = 0; i < req->nheaders && !same; i++) {
    const struct corsim_header *h = &req->headers[i];
    if (h->name.len != n || strncasecmp(h->name.ptr, name, n) != 0)
      continue;
    char *v = script_wire_value(h->value);
    if (v == NULL)
      break;
    same = strcmp(v, wire_value) == 0;
    size_t k = strlen(v);
    char *grown = realloc(joined, total + k + 3);
    if (grown == NULL) {
      free(v);
      break;
    }
    joined = grown;
    if (total > 0) {
      memcpy(joined + total, ", ", 2);
      total += 2;
    }
    memcpy(joined + total, v, k + 1);
    total += k;
    free(v);
  }
  if (!same && joined != NULL) {
    /* The combined value goes out trimmed, like any value. */
    struct corsim_str j = {joined, strlen(joined)};
    char *t = script_wire_value(j);
    same = t != NULL && strcmp(t, wire_value) == 0;
    free(t);
  }
  free(joined);
  return same;
}

static bool script_sets(const struct corsim_request *req, const char *name) {
  for (size_t i = 0; i < req->nheaders; i++)
    if (req->headers[i].name.len == strlen(name) &&
        strncasecmp(req->headers[i].name.ptr, name, req->headers[i].name.len) ==
            0)
      return true;
  return false;
}

/* One hop as compared: method, url, status, headers [[lower-name, value]]
 * filtered (browser side) to what the prediction describes. */
static json_t *hop(const json_t *w, const struct corsim_request *req) {
  json_t *hs = json_array(), *out;
  size_t i;
  const json_t *pair;
  if (hs == NULL)
    return NULL;
  json_array_foreach(json_object_get(w, "headers"), i, pair) {
    const char *n0 = json_string_value(json_array_get(pair, 0));
    const char *v = json_string_value(json_array_get(pair, 1));
    if (n0 == NULL || v == NULL)
      continue;
    char *n = lower(n0);
    if (n == NULL)
      break;
    bool keep = cors_name(n) || strcmp(n, "content-type") == 0;
    if (!keep && req != NULL && script_sets(req, n))
      keep = !browser_set(n) || script_value(req, n, v);
    if (keep || req == NULL)
      json_array_append_new(hs, json_pack("[so]", n, norm_value(n, v)));
    free(n);
  }
  out = json_pack("{s:O?, s:O?, s:O?, s:o}", "method",
                  json_object_get(w, "method"), "url",
                  json_object_get(w, "url"), "status",
                  json_object_get(w, "status"), "headers", hs);
  return out;
}

static json_t *hops(const json_t *wire, const struct corsim_request *req) {
  json_t *a = json_array();
  size_t i;
  const json_t *w;
  if (a == NULL)
    return NULL;
  json_array_foreach(wire, i, w) json_array_append_new(a, hop(w, req));
  return a;
}

/* ---- the browser's view -------------------------------------------------- */

static bool is_blocked(const json_t *r, bool xhr) {
  if (has(r, "exception") || has(r, "timeout") || has(r, "runner_error"))
    return true;
  if (!xhr)
    return false;
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(r, "events"), i, e) {
    const char *s = json_string_value(e);
    if (s != NULL && (strcmp(s, "error") == 0 || strcmp(s, "abort") == 0 ||
                      strcmp(s, "timeout") == 0))
      return true;
  }
  return false;
}

static json_t *exposed(const struct diff_input *in, const json_t *names) {
  size_t n = json_array_size(names), k = 0;
  char **v = calloc(n + 1, sizeof(*v));
  json_t *a = json_array();
  if (v == NULL || a == NULL) {
    free(v);
    json_decref(a);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    const char *s = json_string_value(json_array_get(names, i));
    if (s == NULL || (v[k] = lower(s)) == NULL)
      continue;
    bool added = false;
    for (size_t j = 0; in->server_added && in->server_added[j]; j++)
      added = added || strcmp(v[k], in->server_added[j]) == 0;
    if (added && !(in->rule_sets && in->rule_sets(in->rule_data, v[k]))) {
      free(v[k]);
      continue;
    }
    k++;
  }
  qsort(v, k, sizeof(*v), cmp_cstr);
  for (size_t i = 0; i < k; i++)
    if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
      json_array_append_new(a, json_string(v[i]));
  for (size_t i = 0; i < k; i++)
    free(v[i]);
  free(v);
  return a;
}

json_t *diff_browser_view(const struct diff_input *in,
                          const struct diff_observed *o) {
  const json_t *r = o->result;
  if (r == NULL)
    return json_pack("{s:b}", "missing", 1);
  bool xhr = in->req->api == CORSIM_API_XHR;
  bool blocked = is_blocked(r, xhr);
  const char *type;
  if (blocked)
    type = "error";
  else if (!xhr)
    type = sget(r, "type") != NULL ? sget(r, "type") : "?";
  else {
    type = "basic";
    size_t i;
    const json_t *w;
    json_array_foreach(o->wire, i, w) {
      const char *u = sget(w, "url");
      if (u != NULL && cross_origin(u, in->origin))
        type = "cors";
    }
  }
  bool preflight = false;
  size_t i;
  const json_t *w;
  json_array_foreach(o->wire, i, w) {
    const char *m = sget(w, "method");
    size_t j;
    const json_t *pair;
    if (m == NULL || strcmp(m, "OPTIONS") != 0)
      continue;
    json_array_foreach(json_object_get(w, "headers"), j, pair) {
      const char *n = json_string_value(json_array_get(pair, 0));
      if (n != NULL && strcasecmp(n, "access-control-request-method") == 0)
        preflight = true;
    }
  }
  const json_t *msg = blocked ? message(in->browser, r, o->console) : NULL;
  json_int_t status = blocked ? 0 : json_integer_value(json_object_get(r, "status"));
  return json_pack("{s:s, s:b, s:I, s:s, s:O?, s:o, s:o}", "response_type",
                   type, "blocked", blocked, "status", status, "preflight",
                   preflight ? "sent" : "not sent", "message", msg, "wire",
                   hops(o->wire, in->req), "exposed_headers",
                   blocked ? json_array() : exposed(in, json_object_get(r, "headers")));
}

/* ---- comparison ------------------------------------------------------------ */

static const char *hget(const json_t *hop_, const char *name, char *buf,
                        size_t cap) {
  size_t i, w = 0;
  const json_t *pair;
  bool any = false;
  buf[0] = '\0';
  json_array_foreach(json_object_get(hop_, "headers"), i, pair) {
    if (strcmp(json_string_value(json_array_get(pair, 0)), name) != 0)
      continue;
    const char *v = json_string_value(json_array_get(pair, 1));
    int k = snprintf(buf + w, cap - w, "%s%s", any ? " | " : "", v ? v : "");
    if (k < 0 || (size_t)k >= cap - w)
      break;
    w += (size_t)k;
    any = true;
  }
  return any ? buf : NULL;
}

static int cmp_json_str(const void *a, const void *b) {
  return strcmp(json_string_value(*(json_t *const *)a),
                json_string_value(*(json_t *const *)b));
}

static bool hop_has(const json_t *hop_, const char *name) {
  size_t i;
  const json_t *pair;
  json_array_foreach(json_object_get(hop_, "headers"), i, pair) {
    const char *n = json_string_value(json_array_get(pair, 0));
    if (n != NULL && strcmp(n, name) == 0)
      return true;
  }
  return false;
}

/* The non-CORS headers of a hop, "name: value", sorted, one string. With
 * pred set (comparing the browser's hop), a header the browser sets itself
 * counts only when the predicted hop has it: the browser's own Accept on
 * a preflight is no script header, whatever its value. */
static json_t *others(const json_t *hop_, const json_t *pred) {
  const json_t *hs = json_object_get(hop_, "headers");
  size_t n = json_array_size(hs), k = 0, total = 1;
  json_t **v = calloc(n + 1, sizeof(*v));
  if (v == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    const json_t *pair = json_array_get(hs, i);
    const char *name = json_string_value(json_array_get(pair, 0));
    const char *val = json_string_value(json_array_get(pair, 1));
    if (name == NULL || cors_name(name) ||
        (pred != NULL && browser_set(name) && !hop_has(pred, name)))
      continue;
    v[k] = json_sprintf("%s: %s", name, val ? val : "");
    if (v[k] != NULL)
      total += strlen(json_string_value(v[k++])) + 1;
  }
  qsort(v, k, sizeof(*v), cmp_json_str);
  char *s = malloc(total);
  size_t w = 0;
  for (size_t i = 0; i < k; i++) {
    const char *t = json_string_value(v[i]);
    if (s != NULL) {
      if (i > 0)
        s[w++] = '\n';
      memcpy(s + w, t, strlen(t));
      w += strlen(t);
    }
    json_decref(v[i]);
  }
  free(v);
  if (s == NULL)
    return NULL;
  s[w] = '\0';
  json_t *j = json_string(s);
  free(s);
  return j;
}

static json_t *hop_field(const json_t *h, const char *field,
                         const json_t *pred) {
  char buf[4096];
  if (strcmp(field, "wire.status") == 0)
    return json_incref(json_object_get(h, "status"));
  if (strcmp(field, "wire.headers") == 0)
    return others(h, pred);
  const char *name = strcmp(field, "wire.origin") == 0 ? "origin"
                     : strcmp(field, "wire.acrm") == 0
                         ? "access-control-request-method"
                         : "access-control-request-headers";
  const char *v = hget(h, name, buf, sizeof(buf));
  return v != NULL ? json_string(v) : json_null();
}

static json_t *hop_list(const json_t *wire) {
  json_t *a = json_array();
  size_t i;
  const json_t *h;
  json_array_foreach(wire, i, h)
      json_array_append_new(a, json_sprintf("%s %s", sget(h, "method"),
                                            sget(h, "url")));
  return a;
}

static void add(json_t *out, const char *field, json_t *p, json_t *b) {
  json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "field", field,
                                       "corsim", p ? p : json_null(),
                                       "browser", b ? b : json_null()));
}

json_t *diff_compare(const json_t *pred, const json_t *view) {
  json_t *out = json_array();
  if (out == NULL)
    return NULL;
  if (has(view, "missing")) {
    add(out, "report", json_string("a result"),
        json_string("the runner page reported nothing for this request"));
    return out;
  }
  /* The prediction's hops, put in the same shape as the browser's. */
  json_t *pw = hops(json_object_get(pred, "wire"), NULL);
  const json_t *bw = json_object_get(view, "wire");
  for (size_t f = 0; diff_fields[f] != NULL; f++) {
    const char *field = diff_fields[f];
    if (strcmp(field, "preflight") == 0) {
      const char *p = sget(pred, "preflight");
      bool ps = p != NULL && strcmp(p, "sent") == 0;
      bool bs = strcmp(sget(view, "preflight"), "sent") == 0;
      if (ps != bs)
        add(out, field, json_string(p ? p : "?"),
            json_string(sget(view, "preflight")));
    } else if (strcmp(field, "wire.hops") == 0) {
      json_t *a = hop_list(pw), *b = hop_list(bw);
      if (!json_equal(a, b))
        add(out, field, a, b);
      else {
        json_decref(a);
        json_decref(b);
      }
    } else if (starts_with(field, "wire.")) {
      /* Hop by hop where both have the hop; a count difference already
       * shows in wire.hops. */
      size_t n = json_array_size(pw) < json_array_size(bw)
                     ? json_array_size(pw)
                     : json_array_size(bw);
      json_t *a = json_array(), *b = json_array();
      bool same = true;
      for (size_t i = 0; i < n; i++) {
        json_t *x = hop_field(json_array_get(pw, i), field, NULL);
        json_t *y = hop_field(json_array_get(bw, i), field,
                              json_array_get(pw, i));
        same = same && json_equal(x, y);
        json_array_append_new(a, x ? x : json_null());
        json_array_append_new(b, y ? y : json_null());
      }
      if (!same)
        add(out, field, a, b);
      else {
        json_decref(a);
        json_decref(b);
      }
    } else {
      const json_t *x = json_object_get(pred, field);
      const json_t *y = json_object_get(view, field);
      if (!json_equal(x, y) && !(x == NULL && json_is_null(y)) &&
          !(y == NULL && json_is_null(x)))
        add(out, field, json_incref((json_t *)x), json_incref((json_t *)y));
    }
  }
  json_decref(pw);
  return out;
}
