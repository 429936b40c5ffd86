/*
 * report_json.c - verdicts as JSON objects, see report_json.h.
 */
#include "report_json.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

size_t report_json_utf8_len(const unsigned char *p, size_t n) {
  size_t len, i;
  unsigned cp;

  if (p[0] < 0x80)
    return 1;
  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    len = 2, cp = p[0] & 0x1fu;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    len = 3, cp = p[0] & 0x0fu;
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    len = 4, cp = p[0] & 0x07u;
  else
    return 0;
  if (n < len)
    return 0;
  for (i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3fu);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
    return 0;
  return len;
}

json_t *report_json_string(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  struct buf b;
  json_t *s;
  size_t i = 0;

  if (p == NULL)
    return json_string("");
  s = json_stringn(p, n);
  if (s != NULL)
    return s;
  /* Not UTF-8 (or out of memory): repair and retry. */
  buf_init(&b);
  while (i < n) {
    size_t k = report_json_utf8_len(u + i, n - i);
    if (k == 0) {
      buf_adds(&b, "\xef\xbf\xbd");
      i++;
    } else {
      buf_add(&b, p + i, k);
      i += k;
    }
  }
  s = b.failed ? NULL : json_stringn(buf_str(&b), b.len);
  buf_cleanup(&b);
  return s;
}

/* Whether p[0..n) is UTF-8 with some code point beyond U+00FF. */
static bool utf8_beyond_latin1(const unsigned char *p, size_t n) {
  bool beyond = false;
  for (size_t i = 0; i < n;) {
    size_t k = report_json_utf8_len(p + i, n - i);
    if (k == 0)
      return false;
    if (k > 2 || (k == 2 && p[i] > 0xC3))
      beyond = true;
    i += k;
  }
  return beyond;
}

json_t *report_json_header_bytes(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  if (p == NULL)
    return json_string("");
  if (utf8_beyond_latin1(u, n))
    return report_json_string(p, n);
  char *t = malloc(2 * n + 1);
  if (t == NULL)
    return NULL;
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (u[i] < 0x80) {
      t[w++] = (char)u[i];
    } else {
      t[w++] = (char)(0xC0 | (u[i] >> 6));
      t[w++] = (char)(0x80 | (u[i] & 0x3F));
    }
  }
  json_t *s = json_stringn(t, w);
  free(t);
  return s;
}

static json_t *str_or_null(struct corsim_str s) {
  return s.ptr == NULL ? json_null() : report_json_string(s.ptr, s.len);
}

static json_t *cstr(const char *s) {
  return s == NULL ? json_null() : json_string(s);
}

/* Adds v to a (stealing it); remembers failure in *ok. */
static void push(json_t *a, json_t *v, bool *ok) {
  if (v == NULL || json_array_append_new(a, v) != 0)
    *ok = false;
}

static void set(json_t *o, const char *key, json_t *v, bool *ok) {
  if (v == NULL || json_object_set_new(o, key, v) != 0)
    *ok = false;
}

static json_t *headers_json(const struct corsim_header *h, size_t n,
                            bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < n; i++) {
    json_t *pair = json_array();
    if (pair == NULL) {
      *ok = false;
      break;
    }
    push(pair, report_json_header_bytes(h[i].name.ptr, h[i].name.len), ok);
    push(pair, report_json_header_bytes(h[i].value.ptr, h[i].value.len), ok);
    push(a, pair, ok);
  }
  return a;
}

static json_t *wire_json(const struct corsim_result *r, bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < r->nwire; i++) {
    const struct corsim_exchange *x = &r->wire[i];
    json_t *o = json_object();
    if (o == NULL) {
      *ok = false;
      break;
    }
    set(o, "method", report_json_string(x->method.ptr, x->method.len), ok);
    set(o, "url", report_json_string(x->url.ptr, x->url.len), ok);
    set(o, "headers", headers_json(x->headers, x->nheaders, ok), ok);
    set(o, "status", json_integer(x->status), ok);
    push(a, o, ok);
  }
  return a;
}

static json_t *strs_json(const struct corsim_str *s, size_t n, bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < n; i++)
    push(a, report_json_string(s[i].ptr, s[i].len), ok);
  return a;
}

static json_t *reasons_json(const enum corsim_reason *v, size_t n, bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < n; i++)
    push(a, cstr(corsim_reason_name(v[i])), ok);
  return a;
}

static json_t *trace_json(const struct corsim_result *r, bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < r->ntrace; i++) {
    json_t *o = json_object();
    if (o == NULL) {
      *ok = false;
      break;
    }
    set(o, "rule", cstr(r->trace[i].rule), ok);
    set(o, "text",
        report_json_string(r->trace[i].text.ptr, r->trace[i].text.len), ok);
    push(a, o, ok);
  }
  return a;
}

json_t *report_json_object(const struct scenario *sc, size_t i,
                           const struct corsim_result *r, bool trace) {
  json_t *o = json_object();
  bool ok = true;

  if (o == NULL)
    return NULL;
  set(o, "scenario", report_json_string(sc->name.ptr, sc->name.len), &ok);
  set(o, "request", json_integer((json_int_t)i), &ok);
  set(o, "browser", cstr(corsim_browser_name(r->browser)), &ok);
  set(o, "response_type", cstr(corsim_response_type_name(r->response_type)),
      &ok);
  set(o, "blocked", json_boolean(r->blocked), &ok);
  set(o, "status", json_integer(r->status), &ok);
  set(o, "error",
      r->blocked ? cstr(corsim_reason_name(r->error)) : json_null(), &ok);
  set(o, "message", r->blocked ? str_or_null(r->message) : json_null(), &ok);
  set(o, "preflight", cstr(corsim_preflight_name(r->preflight)), &ok);
  set(o, "wire", wire_json(r, &ok), &ok);
  set(o, "exposed_headers",
      strs_json(r->exposed_headers, r->nexposed_headers, &ok), &ok);
  set(o, "fix", r->blocked ? str_or_null(r->fix) : json_null(), &ok);
  set(o, "also", reasons_json(r->also, r->nalso, &ok), &ok);
  set(o, "notes", strs_json(r->notes, r->nnotes, &ok), &ok);
  if (trace)
    set(o, "trace", trace_json(r, &ok), &ok);
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

int report_json_print(FILE *fp, const json_t *v) {
  char *s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
  int rc = 0;

  if (s == NULL)
    return -1;
  if (fputs(s, fp) == EOF || fputc('\n', fp) == EOF)
    rc = -1;
  free(s);
  return rc;
}
