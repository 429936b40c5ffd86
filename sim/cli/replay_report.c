/*
 * replay_report.c - replay verdicts as text rows or JSON lines, see
 * replay_report.h.
 */
#include "replay_report.h"

#include "json_emit.h"
#include "report_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif

#define RED "\033[1;31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

/* Texts that lines repeat (names from the core's tables, the judge's
 * inferred facts) as JSON strings, by where they are: found by their
 * address and checked against their bytes, so that a text that changed
 * in place is never taken for the one cached. Only texts JSON writes as
 * they are (nothing escaped or repaired), up to CACHED_MAX bytes. */
#define NAMES 64 /* slots, looked up in pairs */
#define CACHED_MAX 96
struct name {
  const char *src; /* NULL: empty slot */
  size_t n;
  char json[CACHED_MAX + 2]; /* '"', the n bytes, '"' */
};

/* Names from tables (the core's browsers, response types, preflight
 * kinds and reasons; the verdict kinds and roles here) as JSON strings,
 * by table and value: a name function is a lookup in a static table, so
 * a value's text is made once (TNAME_VALUES values per table, names up
 * to TNAME_MAX bytes; others are written each time). */
enum { T_BROWSER, T_RESPONSE_TYPE, T_PREFLIGHT, T_REASON, T_ROLE, T_KIND, T_COUNT };
#define TNAME_VALUES 64
#define TNAME_MAX 45
struct tname {
  unsigned char len; /* of json; 0: not made yet */
  char json[TNAME_MAX + 2];
};

struct replay_out {
  FILE *fp;
  const char *file;
  size_t flen;
  bool json, trace, colour;
  bool file_utf8;   /* the name is UTF-8 (the source object needs it) */
  char *file_json;  /* the name as a JSON string */
  size_t file_json_len;
  bool write_failed;
  bool each_line;   /* fp is a terminal: each line as it comes */
  struct jout buf; /* lines not yet written */
  struct name names[NAMES];
  struct tname tnames[T_COUNT][TNAME_VALUES];
};

static const char *kind_name(enum wire_verdict_kind k) {
  switch (k) {
  case WIRE_VERDICT_JUDGED:
    return "judged";
  case WIRE_VERDICT_PREFLIGHT_ONLY:
    return "preflight-only";
  case WIRE_VERDICT_MISSING:
    return "missing";
  case WIRE_VERDICT_INCOMPLETE:
    return "incomplete";
  case WIRE_VERDICT_FAILED:
    return "failed";
  }
  return "?";
}

static const char *role_name(enum wire_role r) {
  switch (r) {
  case WIRE_ROLE_PREFLIGHT:
    return "preflight";
  case WIRE_ROLE_ACTUAL:
    return "actual";
  case WIRE_ROLE_REDIRECT:
    return "redirect";
  }
  return "?";
}

/* "08:01:02.345", UTC: captures carry UTC times, and a golden output must
 * not depend on the machine's time zone. By hand, not printf: a row is
 * printed per request, and printf's cost was a quarter of a replay's. */
static void clock_text(double ts, char out[13]) {
  if (!(ts >= 0) || ts > 1e15) {
    memcpy(out, "??:??:??.???", 13);
    return;
  }
  long long ms = (long long)(ts * 1000.0 + 0.5) % 86400000;
  int f[4] = {(int)(ms / 3600000), (int)(ms / 60000 % 60), (int)(ms / 1000 % 60),
              (int)(ms % 1000)};
  char *p = out;
  for (int i = 0; i < 3; i++) {
    *p++ = (char)('0' + f[i] / 10);
    *p++ = (char)('0' + f[i] % 10);
    *p++ = i < 2 ? ':' : '.';
  }
  *p++ = (char)('0' + f[3] / 100);
  *p++ = (char)('0' + f[3] / 10 % 10);
  *p++ = (char)('0' + f[3] % 10);
  *p = '\0';
}

/* s, then spaces up to width (at least one). */
static void add_padded(struct jout *o, const char *s, size_t n, size_t width) {
  char *w = jout_room(o, n + width + 1);
  if (w == NULL)
    return;
  memcpy(w, s, n);
  do
    w[n] = ' ';
  while (++n < width);
  o->len += n;
}

static void add_uint(struct jout *o, unsigned long long v, size_t width) {
  char d[24];
  size_t n = 0;
  do
    d[sizeof(d) - 1 - n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  add_padded(o, d + sizeof(d) - n, n, width);
}

static void add(struct jout *o, const char *s) { jout_add(o, s, strlen(s)); }

static void paint(struct jout *o, bool colour, const char *code) {
  if (colour)
    add(o, code);
}

void replay_report_head(FILE *fp, bool colour) {
  fprintf(fp, "%s%-5s %-12s  %-8s %-7s %s%s\n", colour ? BOLD : "", "#",
          "TIME (UTC)", "VERDICT", "METHOD", "ORIGIN -> URL", colour ? RESET : "");
}

/* Whether one of the eight bytes of x is a control byte (below 0x20, or
 * 0x7f) or a backslash: the bytes buf_add_escaped rewrites. */
static bool needs_escape8(uint64_t x) {
  const uint64_t ones = UINT64_C(0x0101010101010101),
                 high = UINT64_C(0x8080808080808080);
  uint64_t d = x ^ (ones * 0x7f), s = x ^ (ones * '\\');
  uint64_t below = (x - ones * 0x20) & ~x, del = (d - ones) & ~d,
           back = (s - ones) & ~s;
  return ((below | del | back) & high) != 0;
}

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
/* needs_escape8 for sixteen bytes (a bit per byte): controls are 0x00-0x1f
 * as signed bytes from 0 up. */
static inline unsigned needs_escape16(__m128i x) {
  __m128i ctl = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-1)),
                              _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
  __m128i m = _mm_or_si128(
      ctl, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)),
                        _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
  return (unsigned)_mm_movemask_epi8(m);
}

/* Copies p[0..n) to w when no byte needs an escape, sixteen bytes at a
 * time (the last block overlapping the one before; from eight bytes, two
 * overlapping halves at once): the bytes done, n or fewer. */
static size_t plain_copy(char *w, const char *p, size_t n) {
  size_t i = 0;
  if (n >= 16) {
    while (n - i >= 16) {
      __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
      if (needs_escape16(x) != 0)
        return i;
      _mm_storeu_si128((__m128i *)(void *)(w + i), x);
      i += 16;
    }
    if (i == n)
      return n;
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 16));
    if (needs_escape16(x) != 0)
      return i;
    _mm_storeu_si128((__m128i *)(void *)(w + n - 16), x);
    return n;
  }
  if (n >= 8) {
    __m128i lo = _mm_loadl_epi64((const __m128i *)(const void *)p);
    __m128i hi = _mm_loadl_epi64((const __m128i *)(const void *)(p + n - 8));
    if (needs_escape16(_mm_unpacklo_epi64(lo, hi)) != 0)
      return 0;
    _mm_storel_epi64((__m128i *)(void *)w, lo);
    _mm_storel_epi64((__m128i *)(void *)(w + n - 8), hi);
    return n;
  }
  return 0;
}
#else
static size_t plain_copy(char *w, const char *p, size_t n) {
  (void)w;
  (void)p;
  (void)n;
  return 0;
}
#endif

/* buf_add_escaped's text (control bytes and '\\' as \xNN escapes, the
 * rest as it is): plain text in blocks (plain_copy), then eight bytes at
 * a time from where something needs an escape. */
static void add_s(struct jout *o, struct corsim_str str) {
  static const char hex[] = "0123456789abcdef";
  const char *p = str.ptr;
  size_t n = p != NULL ? str.len : 0, i = 0;
  if (n > JOUT_MAX / 4) {
    o->failed = true;
    return;
  }
  char *w = jout_room(o, 4 * n), *start = w;
  if (w == NULL)
    return;
  i = plain_copy(w, p, n);
  w += i;
  while (i < n) {
    while (n - i >= 8) {
      uint64_t x;
      memcpy(&x, p + i, 8);
      if (needs_escape8(x))
        break;
      memcpy(w, &x, 8);
      w += 8;
      i += 8;
    }
    if (i == n)
      break;
    unsigned char c = (unsigned char)p[i++];
    if (c >= 0x20 && c != 0x7f && c != '\\') {
      *w++ = (char)c;
    } else if (c == '\\') {
      memcpy(w, "\\\\", 2);
      w += 2;
    } else {
      w[0] = '\\';
      w[1] = 'x';
      w[2] = hex[c >> 4];
      w[3] = hex[c & 15];
      w += 4;
    }
  }
  o->len += (size_t)(w - start);
}

static void source_text(struct jout *o, const struct wire_verdict *v) {
  char t[160];
  JOUT_LIT(o, "      from:");
  for (size_t i = 0; i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    if (i > 0)
      JOUT_LIT(o, ",");
    JOUT_LIT(o, " ");
    add(o, role_name(s->role));
    JOUT_LIT(o, " ");
    if (s->har_entry != SIZE_MAX)
      snprintf(t, sizeof(t), "HAR entry %zu", s->har_entry);
    else
      snprintf(t, sizeof(t), "conn %llu packets %llu-%llu",
               (unsigned long long)s->conn,
               (unsigned long long)s->req.first_packet,
               (unsigned long long)(s->resp.last_packet ? s->resp.last_packet
                                                        : s->req.last_packet));
    add(o, t);
    if (s->status != 0) {
      snprintf(t, sizeof(t), " (%d)", s->status);
      add(o, t);
    }
  }
  JOUT_LIT(o, "\n");
}

/* A row (and the lines under it) at the end of o. */
static void text_row(struct jout *o, const struct wire_verdict *v, bool trace,
                     bool colour) {
  char clock[13];
  const struct corsim_result *r = v->result;
  clock_text(v->ts, clock);
  add_uint(o, v->number, 6);
  add_padded(o, clock, 12, 14);
  if (r == NULL) {
    paint(o, colour, YELLOW);
    JOUT_LIT(o, "unknown");
  } else if (r->blocked) {
    paint(o, colour, RED);
    JOUT_LIT(o, "BLOCKED");
  } else {
    paint(o, colour, GREEN);
    JOUT_LIT(o, "allowed");
  }
  paint(o, colour, RESET);
  JOUT_LIT(o, "  ");
  size_t before = o->len;
  add_s(o, v->method);
  for (size_t k = o->len - before; k < 8; k++)
    JOUT_LIT(o, " ");
  add_s(o, v->origin);
  JOUT_LIT(o, " -> ");
  add_s(o, v->url);
  JOUT_LIT(o, "\n");
  if (r != NULL && r->blocked) {
    JOUT_LIT(o, "      error: ");
    add(o, corsim_reason_name(r->error));
    JOUT_LIT(o, " (");
    add(o, corsim_browser_name(v->browser));
    JOUT_LIT(o, ")\n");
    if (r->message.ptr != NULL) {
      JOUT_LIT(o, "      message: ");
      add_s(o, r->message);
      JOUT_LIT(o, "\n");
    }
    if (r->fix.ptr != NULL) {
      JOUT_LIT(o, "      fix: ");
      add_s(o, r->fix);
      JOUT_LIT(o, "\n");
    }
  }
  if (v->why != NULL) {
    JOUT_LIT(o, "      ");
    add(o, v->kind == WIRE_VERDICT_JUDGED ? "but" : kind_name(v->kind));
    JOUT_LIT(o, ": ");
    add(o, v->why);
    JOUT_LIT(o, "\n");
  }
  if (r != NULL)
    for (size_t k = 0; k < r->nnotes; k++) {
      JOUT_LIT(o, "      note: ");
      add_s(o, r->notes[k]);
      JOUT_LIT(o, "\n");
    }
  /* What the verdict rests on beyond the recording: with every verdict
   * that is not a plain "allowed" (and with --explain). */
  bool show_inferred = trace || r == NULL || r->blocked || v->why != NULL;
  for (size_t k = 0; show_inferred && k < v->ninferred; k++) {
    paint(o, colour, DIM);
    JOUT_LIT(o, "      inferred: ");
    add(o, v->inferred[k]);
    JOUT_LIT(o, "\n");
    paint(o, colour, RESET);
  }
  if (trace) {
    source_text(o, v);
    for (size_t k = 0; r != NULL && k < r->nwire; k++) {
      const struct corsim_exchange *x = &r->wire[k];
      char t[32];
      JOUT_LIT(o, "      > ");
      add_s(o, x->method);
      JOUT_LIT(o, " ");
      add_s(o, x->url);
      snprintf(t, sizeof(t), " -> %d\n", x->status);
      add(o, t);
      for (size_t h = 0; h < x->nheaders; h++) {
        JOUT_LIT(o, "      >   ");
        add_s(o, x->headers[h].name);
        JOUT_LIT(o, ": ");
        add_s(o, x->headers[h].value);
        JOUT_LIT(o, "\n");
      }
    }
    for (size_t k = 0; r != NULL && k < r->ntrace; k++) {
      JOUT_LIT(o, "      trace: ");
      add(o, r->trace[k].rule != NULL ? r->trace[k].rule : "?");
      JOUT_LIT(o, ": ");
      add_s(o, r->trace[k].text);
      JOUT_LIT(o, "\n");
    }
  }
}

/* ---- JSON lines ----------------------------------------------------------
 *
 * Written straight into the line (json_emit.h) in the order and with the
 * values report_json_object and the jansson tree built here before gave:
 * the output is byte for byte the same, including where jansson left a
 * key or element out (a value it refused: a string that is not UTF-8, a
 * real that is not finite) or failed the whole line.
 */

/* ", " then "key": */
#define KEY(o, k) JOUT_LIT((o), ", \"" k "\": ")

static void str_or_null(struct jout *o, struct corsim_str s) {
  if (s.ptr == NULL)
    JOUT_LIT(o, "null");
  else
    json_emit_utf8(o, s.ptr, s.len);
}

/* The pair of cache slots text s may be in (names[k], names[k ^ 1]):
 * with two places each, a few texts that hash alike do not take turns
 * evicting one another. */
static size_t name_pair(const char *s) {
  uint64_t h = (uint64_t)(uintptr_t)s * UINT64_C(0x9e3779b97f4a7c15);
  return (size_t)(h >> 40) % NAMES;
}

/* The cached JSON of s[0..n), or NULL. */
static const struct name *name_find(struct replay_out *ro, const char *s,
                                    size_t n) {
  size_t k = name_pair(s);
  const struct name *e = &ro->names[k];
  if (e->src != s)
    e = &ro->names[k ^ 1];
  if (e->src == s && e->n == n && memcmp(e->json + 1, s, n) == 0)
    return e;
  return NULL;
}

/* s[0..n) was just written at the end of o, from at: cached when JSON
 * took it as it is (the text is then as long as s and its quotes: an
 * escape or a repaired byte makes it longer). */
static void name_keep(struct replay_out *ro, const char *s, size_t n,
                      size_t at) {
  struct jout *o = &ro->buf;
  if (n > CACHED_MAX || o->failed || o->len - at != n + 2)
    return;
  size_t k = name_pair(s);
  /* An empty slot of the pair, or the one of the same text (changed),
   * else the first. */
  if (ro->names[k].src != NULL && ro->names[k].src != s &&
      (ro->names[k ^ 1].src == NULL || ro->names[k ^ 1].src == s))
    k ^= 1;
  struct name *e = &ro->names[k];
  e->src = s;
  e->n = n;
  memcpy(e->json, o->p + at, n + 2);
}

/* A name from the core's tables (browser, reason, ...) or NULL (null
 * then). They are ASCII, which jansson takes as they are: no UTF-8 check
 * (jansson failed the whole object on a name that is not UTF-8, which
 * none is). Returns true, for the callers' old failure paths. */
static bool cstr_or_null(struct jout *o, const char *s) {
  if (s == NULL)
    JOUT_LIT(o, "null");
  else
    json_emit_utf8(o, s, strlen(s));
  return true;
}

/* cstr_or_null of name s, value v of table t (s being what the table's
 * name function gives for v), made once per value. Returns true. */
static bool table_name(struct replay_out *ro, int t, unsigned v,
                       const char *s) {
  struct jout *o = &ro->buf;
  struct tname *e = v < TNAME_VALUES ? &ro->tnames[t][v] : NULL;
  char *w;
  if (e != NULL && e->len != 0 && (w = jout_room(o, sizeof(e->json))) != NULL) {
    /* All of json[] (a copy of constant size), counted up to len. */
    memcpy(w, e->json, sizeof(e->json));
    o->len += e->len;
    return true;
  }
  size_t at = o->len;
  (void)cstr_or_null(o, s);
  if (e != NULL && !o->failed && o->len - at <= TNAME_MAX + 2) {
    e->len = (unsigned char)(o->len - at);
    memset(e->json, 0, sizeof(e->json));
    memcpy(e->json, o->p + at, e->len);
  }
  return true;
}

/* json_emit_cstr(s) (nothing and false when s is not UTF-8), cached. */
static bool text_or_nothing(struct replay_out *ro, const char *s) {
  struct jout *o = &ro->buf;
  size_t n = strlen(s), at = o->len;
  const struct name *e = name_find(ro, s, n);
  if (e != NULL) {
    jout_add(o, e->json, n + 2);
    return true;
  }
  if (!json_utf8_valid(s, n))
    return false;
  json_emit_utf8(o, s, n);
  name_keep(ro, s, n, at);
  return true;
}

static void strs(struct jout *o, const struct corsim_str *s, size_t n) {
  JOUT_LIT(o, "[");
  for (size_t i = 0; i < n; i++) {
    if (i > 0)
      JOUT_LIT(o, ", ");
    json_emit_utf8(o, s[i].ptr, s[i].len);
  }
  JOUT_LIT(o, "]");
}

/* The input's name as a JSON string. */
static void file_name(struct replay_out *ro) {
  jout_add(&ro->buf, ro->file_json, ro->file_json_len);
}

/* report_json_object's fields of r, from "{" to the last, unclosed. */
static bool result_fields(struct replay_out *ro, uint64_t number,
                          const struct corsim_result *r) {
  struct jout *o = &ro->buf;
  JOUT_LIT(o, "{\"scenario\": ");
  file_name(ro);
  KEY(o, "request");
  json_emit_int(o, (long long)(size_t)number);
  KEY(o, "browser");
  if (!table_name(ro, T_BROWSER, (unsigned)r->browser,
                  corsim_browser_name(r->browser)))
    return false;
  KEY(o, "response_type");
  if (!table_name(ro, T_RESPONSE_TYPE, (unsigned)r->response_type,
                  corsim_response_type_name(r->response_type)))
    return false;
  /* Runs of constant text go out as one piece: a line is a hundred of
   * them, and each append checks for room and moves the length. */
  if (r->blocked)
    JOUT_LIT(o, ", \"blocked\": true, \"status\": ");
  else
    JOUT_LIT(o, ", \"blocked\": false, \"status\": ");
  json_emit_int(o, r->status);
  if (r->blocked) {
    KEY(o, "error");
    if (!table_name(ro, T_REASON, (unsigned)r->error,
                    corsim_reason_name(r->error)))
      return false;
    KEY(o, "message");
    str_or_null(o, r->message);
    KEY(o, "preflight");
  } else {
    JOUT_LIT(o, ", \"error\": null, \"message\": null, \"preflight\": ");
  }
  if (!table_name(ro, T_PREFLIGHT, (unsigned)r->preflight,
                  corsim_preflight_name(r->preflight)))
    return false;
  JOUT_LIT(o, ", \"wire\": [");
  for (size_t i = 0; i < r->nwire; i++) {
    const struct corsim_exchange *x = &r->wire[i];
    if (i > 0)
      JOUT_LIT(o, ", {\"method\": ");
    else
      JOUT_LIT(o, "{\"method\": ");
    json_emit_utf8(o, x->method.ptr, x->method.len);
    KEY(o, "url");
    json_emit_utf8(o, x->url.ptr, x->url.len);
    JOUT_LIT(o, ", \"headers\": [");
    for (size_t h = 0; h < x->nheaders; h++) {
      if (h > 0)
        JOUT_LIT(o, ", ");
      json_emit_header_pair(o, x->headers[h].name.ptr, x->headers[h].name.len,
                            x->headers[h].value.ptr, x->headers[h].value.len);
    }
    JOUT_LIT(o, "], \"status\": ");
    json_emit_int(o, x->status);
    JOUT_LIT(o, "}");
  }
  JOUT_LIT(o, "], \"exposed_headers\": ");
  strs(o, r->exposed_headers, r->nexposed_headers);
  if (r->blocked) {
    KEY(o, "fix");
    str_or_null(o, r->fix);
    JOUT_LIT(o, ", \"also\": [");
  } else {
    JOUT_LIT(o, ", \"fix\": null, \"also\": [");
  }
  for (size_t i = 0; i < r->nalso; i++) {
    if (i > 0)
      JOUT_LIT(o, ", ");
    if (!table_name(ro, T_REASON, (unsigned)r->also[i],
                    corsim_reason_name(r->also[i])))
      return false;
  }
  JOUT_LIT(o, "]");
  KEY(o, "notes");
  strs(o, r->notes, r->nnotes);
  if (ro->trace) {
    KEY(o, "trace");
    JOUT_LIT(o, "[");
    for (size_t i = 0; i < r->ntrace; i++) {
      if (i > 0)
        JOUT_LIT(o, ", ");
      JOUT_LIT(o, "{\"rule\": ");
      if (!cstr_or_null(o, r->trace[i].rule))
        return false;
      KEY(o, "text");
      json_emit_utf8(o, r->trace[i].text.ptr, r->trace[i].text.len);
      JOUT_LIT(o, "}");
    }
    JOUT_LIT(o, "]");
  }
  return true;
}

/* A span object; left out (false) when a time is not finite, as
 * json_pack refused it. */
static bool span_fits(const struct wire_span *s) {
  return isfinite(s->first_ts) && isfinite(s->last_ts);
}

/* The rest of a span object, after its opening `{"first_packet": `:
 * room for all of it is asked for once, and it is written through a
 * local pointer (appends through o reload o's fields after every copy,
 * since a char store may alias them). */
#define SPAN_ROOM (2 * JSON_INT_ROOM + 2 * JSON_REAL_ROOM + 64)
#define PUT_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) += sizeof(lit) - 1)

static void span(struct jout *o, const struct wire_span *s) {
  char *w = jout_room(o, SPAN_ROOM);
  if (w == NULL)
    return;
  char *p = w;
  p += json_put_int(p, (long long)s->first_packet);
  PUT_LIT(p, ", \"last_packet\": ");
  p += json_put_int(p, (long long)s->last_packet);
  PUT_LIT(p, ", \"first_time\": ");
  p += json_put_real(o, s->first_ts, p);
  PUT_LIT(p, ", \"last_time\": ");
  p += json_put_real(o, s->last_ts, p);
  *p++ = '}';
  o->len += (size_t)(p - w);
}

static void sources(struct replay_out *ro, const struct wire_verdict *v) {
  struct jout *o = &ro->buf;
  JOUT_LIT(o, "{\"file\": ");
  file_name(ro);
  JOUT_LIT(o, ", \"exchanges\": [");
  for (size_t i = 0; i < v->nsources; i++) {
    const struct wire_verdict_source *s = &v->sources[i];
    if (i > 0)
      JOUT_LIT(o, ", {\"role\": ");
    else
      JOUT_LIT(o, "{\"role\": ");
    (void)table_name(ro, T_ROLE, (unsigned)s->role, role_name(s->role));
    if (s->har_entry != SIZE_MAX) {
      KEY(o, "har_entry");
      json_emit_int(o, (long long)s->har_entry);
    } else {
      KEY(o, "connection");
      json_emit_int(o, (long long)s->conn);
    }
    if (span_fits(&s->req)) {
      JOUT_LIT(o, ", \"request\": {\"first_packet\": ");
      span(o, &s->req);
    }
    if (s->status != 0 && span_fits(&s->resp)) {
      JOUT_LIT(o, ", \"response\": {\"first_packet\": ");
      span(o, &s->resp);
    }
    KEY(o, "status");
    json_emit_int(o, s->status);
    JOUT_LIT(o, "}");
  }
  JOUT_LIT(o, "]}");
}

static bool json_fields(struct replay_out *ro, const struct wire_verdict *v) {
  struct jout *o = &ro->buf;
  if (v->result != NULL) {
    if (!result_fields(ro, v->number, v->result))
      return false;
  } else {
    /* Nothing judged: the output fields stay, empty. The file name went
     * through json_pack's "s" there: one that is not UTF-8 failed the
     * line, and so did a browser name that is not. */
    const char *browser = corsim_browser_name(v->browser);
    if (!ro->file_utf8 || browser == NULL ||
        !json_utf8_valid(browser, strlen(browser)))
      return false;
    JOUT_LIT(o, "{\"scenario\": ");
    file_name(ro);
    KEY(o, "request");
    json_emit_int(o, (long long)v->number);
    KEY(o, "browser");
    json_emit_utf8(o, browser, strlen(browser));
    JOUT_LIT(o, ", \"response_type\": null, \"blocked\": null, \"status\": "
                "null, \"error\": null, \"message\": null, \"preflight\": "
                "null, \"wire\": [], \"exposed_headers\": [], \"fix\": null, "
                "\"also\": [], \"notes\": []");
  }
  KEY(o, "verdict");
  (void)table_name(ro, T_KIND, (unsigned)v->kind, kind_name(v->kind));
  if (v->why == NULL) {
    JOUT_LIT(o, ", \"why\": null");
  } else {
    /* Left out, key and all, when it is not UTF-8. */
    size_t at = o->len;
    KEY(o, "why");
    if (!text_or_nothing(ro, v->why))
      o->len = at;
  }
  if (isfinite(v->ts)) {
    KEY(o, "time");
    (void)json_emit_real(o, v->ts);
  }
  KEY(o, "origin");
  json_emit_utf8(o, v->origin.ptr, v->origin.len);
  KEY(o, "method");
  json_emit_utf8(o, v->method.ptr, v->method.len);
  KEY(o, "url");
  json_emit_utf8(o, v->url.ptr, v->url.len);
  if (ro->file_utf8) {
    /* (json_pack's "s" again: a name that is not UTF-8 left it out.) */
    KEY(o, "source");
    sources(ro, v);
  }
  JOUT_LIT(o, ", \"inferred\": [");
  bool first = true;
  for (size_t k = 0; k < v->ninferred; k++) {
    size_t at = o->len;
    if (!first)
      JOUT_LIT(o, ", ");
    if (!text_or_nothing(ro, v->inferred[k])) {
      o->len = at;
      continue;
    }
    first = false;
  }
  JOUT_LIT(o, "]}\n");
  return true;
}

/* ---- the output ------------------------------------------------------------ */

static bool out_init(struct replay_out *ro, FILE *fp, const char *file,
                     bool json, bool trace, bool colour) {
  memset(ro, 0, offsetof(struct replay_out, buf));
  ro->fp = fp;
  ro->file = file;
  ro->flen = strlen(file);
  ro->json = json;
  ro->trace = trace;
  ro->colour = colour;
  ro->file_utf8 = json_utf8_valid(file, ro->flen);
  ro->each_line = fileno(fp) >= 0 && isatty(fileno(fp));
  for (size_t i = 0; i < NAMES; i++)
    ro->names[i].src = NULL;
  for (size_t t = 0; t < T_COUNT; t++)
    for (size_t i = 0; i < TNAME_VALUES; i++)
      ro->tnames[t][i].len = 0;
  jout_init(&ro->buf);
  if (json) {
    json_emit_utf8(&ro->buf, file, ro->flen);
    ro->file_json = malloc(ro->buf.len);
    if (ro->buf.failed || ro->file_json == NULL) {
      free(ro->file_json);
      jout_cleanup(&ro->buf);
      return false;
    }
    memcpy(ro->file_json, ro->buf.p, ro->buf.len);
    ro->file_json_len = ro->buf.len;
    jout_cleanup(&ro->buf);
  }
  return true;
}

static void out_cleanup(struct replay_out *ro) {
  free(ro->file_json);
  jout_cleanup(&ro->buf);
}

/* Whether p[0..n) was written to fd whole. */
static bool write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return false;
    p += k;
    n -= (size_t)k;
  }
  return true;
}

int replay_out_flush(struct replay_out *ro) {
  struct jout *o = &ro->buf;
  int fd = fileno(ro->fp);
  if (o->len >= REPLAY_OUT_FLUSH / 4 && fd >= 0) {
    /* A block of lines straight to the file, after what the stream
     * holds: through the stream, it was copied once more. */
    if (fflush(ro->fp) != 0 || !write_all(fd, o->p, o->len))
      ro->write_failed = true;
  } else if (o->len > 0 && fwrite(o->p, 1, o->len, ro->fp) != o->len) {
    ro->write_failed = true;
  }
  o->len = 0;
  return ro->write_failed ? -1 : 0;
}

/* The line of v at the end of the buffer; false (and nothing) when it
 * cannot be made. */
static bool add_line(struct replay_out *ro, const struct wire_verdict *v) {
  struct jout *o = &ro->buf;
  size_t start = o->len;
  bool ok;
  if (ro->json) {
    ok = json_fields(ro, v);
  } else {
    text_row(o, v, ro->trace, ro->colour);
    ok = true;
  }
  if (ok && !o->failed)
    return true;
  /* Left out, as a line that failed alone was. */
  o->len = start;
  o->failed = false;
  return false;
}

int replay_out_verdict(struct replay_out *ro, const struct wire_verdict *v) {
  struct jout *o = &ro->buf;
  if (!add_line(ro, v)) {
    /* Out of room only because of the lines gathered before it? Then
     * again, alone (a line fails where it would have failed alone). */
    if (o->len == 0)
      return -1;
    (void)replay_out_flush(ro);
    if (!add_line(ro, v))
      return -1;
  }
  if (o->len >= REPLAY_OUT_FLUSH || ro->each_line)
    (void)replay_out_flush(ro);
  return ro->write_failed ? -1 : 0;
}

struct replay_out *replay_out_new(FILE *fp, const char *file, bool json,
                                  bool trace, bool colour) {
  struct replay_out *ro = malloc(sizeof(*ro));
  if (ro != NULL && !out_init(ro, fp, file, json, trace, colour)) {
    free(ro);
    ro = NULL;
  }
  return ro;
}

void replay_out_free(struct replay_out *ro) {
  if (ro == NULL)
    return;
  out_cleanup(ro);
  free(ro);
}

int replay_report_verdict(FILE *fp, const char *file,
                          const struct wire_verdict *v, bool json, bool trace,
                          bool colour) {
  struct replay_out ro;
  if (!out_init(&ro, fp, file, json, trace, colour))
    return -1;
  int rc = add_line(&ro, v) ? replay_out_flush(&ro) : -1;
  out_cleanup(&ro);
  return rc;
}

void replay_totals_add(struct replay_totals *t,
                       const struct wire_pipeline_stats *ps,
                       const struct wire_judge_stats *js) {
  t->packets += ps->pcap.packets;
  t->bytes += ps->pcap.bytes;
  t->connections += ps->tcp.connections;
  t->gaps += ps->tcp.gaps;
  t->exchanges += ps->input == WIRE_INPUT_HAR ? ps->har.exchanges
                                              : ps->http_exchanges;
  t->http_incomplete += ps->http_incomplete;
  t->tls += ps->tls_connections;
  t->har_entries += ps->har.entries;
  t->har_skipped += ps->har.skipped;
  t->warnings += ps->warnings;
  if (ps->read_error)
    t->damaged++;
  t->judge.exchanges += js->exchanges;
  t->judge.script_requests += js->script_requests;
  t->judge.not_cors += js->not_cors;
  t->judge.blocked += js->blocked;
  t->judge.unknown += js->unknown;
  t->judge.disagreements += js->disagreements;
  for (size_t i = 0; i < CORSIM_REASON_COUNT_; i++)
    t->judge.blocked_by[i] += js->blocked_by[i];
}

int replay_report_summary(FILE *fp, const struct replay_totals *t, bool json) {
  const struct wire_judge_stats *j = &t->judge;
  uint64_t allowed = j->script_requests - j->blocked - j->unknown;
  if (json) {
    json_t *by = json_object();
    for (size_t i = 0; by != NULL && i < CORSIM_REASON_COUNT_; i++)
      if (j->blocked_by[i] != 0)
        json_object_set_new(by, corsim_reason_name((enum corsim_reason)i),
                            json_integer((json_int_t)j->blocked_by[i]));
    json_t *o = json_pack(
        "{s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, "
        "s:I, s:I, s:I, s:I, s:I, s:I}}",
        "summary", "files", (json_int_t)t->files, "unreadable",
        (json_int_t)t->unreadable, "packets", (json_int_t)t->packets,
        "connections", (json_int_t)t->connections, "exchanges",
        (json_int_t)t->exchanges, "script_requests",
        (json_int_t)j->script_requests, "allowed", (json_int_t)allowed,
        "blocked", (json_int_t)j->blocked, "unknown", (json_int_t)j->unknown,
        "blocked_by", by, "disagreements", (json_int_t)j->disagreements,
        "not_script_cors", (json_int_t)j->not_cors, "tls_connections_skipped",
        (json_int_t)t->tls, "exchanges_incomplete",
        (json_int_t)t->http_incomplete, "stream_gaps", (json_int_t)t->gaps,
        "har_entries_skipped", (json_int_t)t->har_skipped, "warnings",
        (json_int_t)t->warnings, "inputs_damaged", (json_int_t)t->damaged);
    if (o == NULL)
      return -1;
    int rc = report_json_print(fp, o);
    json_decref(o);
    return rc;
  }
  if (t->files == 0)
    fputs("\nlive capture: ", fp); /* corsim capture */
  else
    fprintf(fp, "\n%zu file%s, ", t->files, t->files == 1 ? "" : "s");
  fprintf(fp, "%llu packets, %llu TCP connections, %llu exchanges\n",
          (unsigned long long)t->packets, (unsigned long long)t->connections,
          (unsigned long long)t->exchanges);
  fprintf(fp,
          "%llu script requests: %llu allowed, %llu blocked, %llu unknown "
          "(the recording lacks what the browser needed)\n",
          (unsigned long long)j->script_requests, (unsigned long long)allowed,
          (unsigned long long)j->blocked, (unsigned long long)j->unknown);
  for (size_t i = 0; i < CORSIM_REASON_COUNT_; i++)
    if (j->blocked_by[i] != 0)
      fprintf(fp, "  blocked by %s: %llu\n",
              corsim_reason_name((enum corsim_reason)i),
              (unsigned long long)j->blocked_by[i]);
  if (j->disagreements != 0)
    fprintf(fp, "%llu where the recording contradicts the model (see \"but:\")\n",
            (unsigned long long)j->disagreements);
  fprintf(fp,
          "%llu exchanges not script CORS traffic; %llu TLS connections "
          "skipped (encrypted); %llu exchanges incomplete; %llu stream gaps\n",
          (unsigned long long)j->not_cors, (unsigned long long)t->tls,
          (unsigned long long)t->http_incomplete, (unsigned long long)t->gaps);
  if (t->warnings != 0 || t->unreadable != 0 || t->damaged != 0)
    fprintf(fp, "%llu warnings; %zu unreadable and %zu damaged inputs\n",
            (unsigned long long)t->warnings, t->unreadable, t->damaged);
  return ferror(fp) ? -1 : 0;
}
