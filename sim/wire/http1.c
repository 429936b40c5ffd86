/*
 * http1.c - HTTP/1.x heads and body framing on the wire, see http1.h.
 *
 * The head is read line by line: memchr finds each LF, then one pass over
 * the line checks its bytes against a class table. A line is judged only
 * once its LF is there; that is what lets a caller with last_len skip the
 * parse when the new bytes hold no LF, and what makes a split input give
 * the same answer as the whole.
 */
#include "http1.h"
#include "str.h"

#include <limits.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif

/* Byte classes: C_TCHAR for tokens (RFC 9110 5.6.2), C_TARGET for the
 * request-target (anything but controls, SP and DEL), C_VALUE for field
 * values and reason phrases (anything but NUL, CR and LF). */
enum { C_TCHAR = 1, C_TARGET = 2, C_VALUE = 4 };

static const unsigned char cls[256] = {
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 4, 4, 0, 4, 4, /* 0x00 */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* 0x10 */
    4, 7, 6, 7, 7, 7, 7, 7, 6, 6, 7, 7, 6, 7, 7, 6, /* 0x20 */
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 6, /* 0x30 */
    6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, /* 0x40 */
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 7, 7, /* 0x50 */
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, /* 0x60 */
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 6, 7, 6, 7, 4, /* 0x70 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0x80 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0x90 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xa0 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xb0 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xc0 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xd0 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xe0 */
    6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, /* 0xf0 */
};

static bool is(unsigned char c, int k) { return (cls[c] & k) != 0; }
static bool is_ows(char c) { return c == ' ' || c == '\t'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static struct corsim_str slice(const char *p, size_t len) {
  struct corsim_str s = {p, len};
  return s;
}

/* The bytes i..e are all of class k; returns the first that is not. */
static size_t span_of(const char *buf, size_t i, size_t e, int k) {
  while (i < e && is((unsigned char)buf[i], k))
    i++;
  return i;
}

/*
 * Whether buf[i..e) is all value bytes (no NUL, CR or LF), eight bytes at
 * a time: a byte is zero exactly when (b - 1) & ~b has its top bit set,
 * and NUL, CR and LF are the bytes whose XOR with 0, 13 or 10 is zero.
 * Values are most of a head, so this is where the time goes.
 */
static bool all_value(const char *buf, size_t i, size_t e) {
  while (e - i >= 8) {
    if (corsim__word_has_nul_cr_lf(corsim__load8(buf + i)))
      return false;
    i += 8;
  }
  return span_of(buf, i, e, C_VALUE) == e;
}

/* "HTTP/1.d" at buf[i..i+8), e being the line end: 1 when it is, 0 when
 * the shape is wrong or the major version is not 1. */
static bool version_at(const char *buf, size_t i, size_t e, int *minor) {
  if (e - i < 8 || memcmp(buf + i, "HTTP/1.", 7) != 0 ||
      !is_digit(buf[i + 7]))
    return false;
  *minor = buf[i + 7] - '0';
  return true;
}

/* span_of(buf, i, e, C_TARGET): sixteen bytes at a time where SSE2 is
 * there (and the fast paths are), a target being a request line's
 * longest part. A byte is not a target byte when it is a control or SP
 * (0x00-0x20 as a signed byte from 0 up) or DEL; bytes from 0x80, negative
 * as signed bytes, are. */
static size_t target_span(const char *buf, size_t i, size_t e) {
#if !defined(WIRE_HTTP1_NO_FAST_PATH) && defined(__SSE2__) &&                  \
    (defined(__GNUC__) || defined(__clang__))
  while (e - i >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
    __m128i ctl = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-1)),
                                _mm_cmplt_epi8(x, _mm_set1_epi8(0x21)));
    unsigned bad = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(ctl, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))));
    if (bad != 0)
      return i + (size_t)__builtin_ctz(bad);
    i += 16;
  }
#endif
  return span_of(buf, i, e, C_TARGET);
}

static const char *request_line(const char *buf, size_t s, size_t e,
                                struct wire_message *m) {
  size_t i = span_of(buf, s, e, C_TCHAR), t;

  if (i == s || i == e || buf[i] != ' ')
    return "invalid method";
  m->method = slice(buf + s, i - s);
  while (i < e && buf[i] == ' ')
    i++;
  t = i;
  i = target_span(buf, i, e);
  if (i == t || i == e || buf[i] != ' ')
    return "invalid request target";
  m->target = slice(buf + t, i - t);
  while (i < e && buf[i] == ' ')
    i++;
  if (!version_at(buf, i, e, &m->minor) || e - i != 8)
    return "invalid HTTP version";
  return NULL;
}

static const char *status_line(const char *buf, size_t s, size_t e,
                               struct wire_message *m) {
  size_t i = s + 8;

  if (!version_at(buf, s, e, &m->minor))
    return "invalid HTTP version";
  if (i == e || buf[i] != ' ')
    return "invalid status line";
  while (i < e && buf[i] == ' ')
    i++;
  if (e - i < 3 || buf[i] < '1' || buf[i] > '9' || !is_digit(buf[i + 1]) ||
      !is_digit(buf[i + 2]))
    return "invalid status code";
  m->status = (buf[i] - '0') * 100 + (buf[i + 1] - '0') * 10 + (buf[i + 2] - '0');
  i += 3;
  if (i == e) {
    m->reason = slice(buf + e, 0);
    return NULL;
  }
  if (!is_ows(buf[i]))
    return "invalid status code";
  i++;
  if (!all_value(buf, i, e))
    return "control byte in the reason phrase";
  m->reason = slice(buf + i, e - i);
  return NULL;
}

/* The header just taken at hdrs[n]: noted when it frames the body. */
static inline void note_field(struct wire_http1_head *info,
                              const struct corsim_header *h, size_t n) {
  size_t l = h->name.len;
  if (l == 14) {
    if (info->content_length == 0 &&
        CORSIM_IEQ_LIT(h->name, "content-length"))
      info->content_length = n + 1;
  } else if (l == 17 && CORSIM_IEQ_LIT(h->name, "transfer-encoding")) {
    info->transfer_encoding = true;
  }
}

/* Returns an error text for a bad header line, NULL when it was taken. */
static const char *header_line(const char *buf, size_t s, size_t e,
                               struct corsim_header *hdrs, size_t *n,
                               size_t cap, struct wire_http1_head *info) {
  size_t i, ne, vs, ve;

  if (is_ows(buf[s])) {
    /* obs-fold: joined to the value before; before any header it is
     * consumed without further processing (RFC 9112 2.2, 5.2). */
    if (!all_value(buf, s, e))
      return "NUL or CR in a header value";
    vs = s;
    ve = e;
    while (vs < ve && is_ows(buf[vs]))
      vs++;
    while (ve > vs && is_ows(buf[ve - 1]))
      ve--;
    if (*n > 0 && vs < ve) {
      struct corsim_str *v = &hdrs[*n - 1].value;
      if (v->len == 0)
        *v = slice(buf + vs, ve - vs);
      else {
        v->len = (size_t)(buf + ve - v->ptr);
        info->folded = true;
      }
    }
    return NULL;
  }
  i = span_of(buf, s, e, C_TCHAR);
  if (i == s)
    return "invalid header name";
  ne = i;
  /* Whitespace before the colon is not allowed (RFC 9112 5.1), but some
   * servers send it and browsers take the name without it. */
  while (i < e && is_ows(buf[i]))
    i++;
  if (i == e || buf[i] != ':')
    return "invalid header name";
  vs = i + 1;
  while (vs < e && is_ows(buf[vs]))
    vs++;
  ve = e;
  while (ve > vs && is_ows(buf[ve - 1]))
    ve--;
  if (!all_value(buf, vs, ve))
    return "NUL or CR in a header value";
  if (*n == cap) {
    info->too_many = true;
    return "too many header lines";
  }
  hdrs[*n].name = slice(buf + s, ne - s);
  hdrs[*n].value = slice(buf + vs, ve - vs);
  note_field(info, &hdrs[*n], *n);
  (*n)++;
  return NULL;
}

/* WIRE_HTTP1_NO_FAST_PATH: the fuzz target builds this file a second time
 * without header_fast (tests/fuzz/http1_ref.c), as the reference the fast
 * path must agree with on every input. */
#ifndef WIRE_HTTP1_NO_FAST_PATH
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* High bit of each byte of x (< 0x80 each) that lies in lo..hi: the bias
 * cannot carry out of a byte. */
static uint64_t in_range8(uint64_t x7, unsigned lo, unsigned hi) {
  return (x7 + ONES * (0x80 - lo)) & ~(x7 + ONES * (0x7f - hi)) & HIGH;
}

/*
 * The length of the run of letters, digits and '-' at p[0..n): header
 * names are almost always only these, and eight bytes are classed at once
 * (letters after folding bit 5, which maps no other byte into a..z).
 */
static size_t name_run(const char *p, size_t n) {
  size_t i = 0;
  while (n - i >= 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    uint64_t x7 = x & ~HIGH;
    uint64_t ok = (in_range8(x7 | ONES * 0x20, 'a', 'z') |
                   in_range8(x7, '0', '9') | in_range8(x7, '-', '-')) &
                  ~x;
    if (ok != HIGH)
      break;
    i += 8;
  }
  return i;
}

/*
 * The common header line, "Name: value" ending in CRLF or LF, read in one
 * pass from buf[pos..len): the name by name_run and the class table, the
 * value eight bytes at a time up to its first NUL, CR or LF. Returns the
 * offset after the line and fills the header, or 0 when the line is any
 * other shape (no LF yet, OWS before the colon, obs-fold, NUL or a bare
 * CR, a name byte outside tchar, no room): the general path then judges
 * it, so every line gets the same answer either way.
 */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
/*
 * Sixteen bytes at a time where SSE2 is there (every x86-64): the run of
 * letters, digits and '-' from p (as name_run), and the offset of the
 * first NUL, CR or LF from p (*found), or of the last sixteen bytes not
 * looked at. Signed compares: bytes from 0x80 up are negative, below
 * every range tested, as they must be.
 */
static size_t name_run16(const char *p, size_t n) {
  size_t i = 0;
  while (n - i >= 16) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
    __m128i t = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(t, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(t, _mm_set1_epi8('z' + 1)));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                  _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i dash = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
    unsigned other = ~(unsigned)_mm_movemask_epi8(
                         _mm_or_si128(_mm_or_si128(letter, digit), dash)) &
                     0xffffu;
    if (other != 0)
      return i + (size_t)__builtin_ctz(other);
    i += 16;
  }
  return i + name_run(p + i, n - i);
}

static size_t value_end16(const char *p, size_t n, bool *found) {
  size_t i = 0;
  while (n - i >= 16) {
    unsigned m = corsim__nul_cr_lf_mask16(p + i);
    if (m != 0) {
      *found = true;
      return i + (size_t)__builtin_ctz(m);
    }
    i += 16;
  }
  return i;
}
#else
static size_t name_run16(const char *p, size_t n) { return name_run(p, n); }
static size_t value_end16(const char *p, size_t n, bool *found) {
  (void)p;
  (void)n;
  (void)found;
  return 0;
}
#endif

static size_t header_fast(const char *buf, size_t pos, size_t len,
                          struct corsim_header *h) {
  size_t i = pos + name_run16(buf + pos, len - pos), vs, k;
  i = span_of(buf, i, len, C_TCHAR);
  if (i == pos || i >= len || buf[i] != ':')
    return 0;
  vs = i + 1;
  if (vs < len && buf[vs] == ' ') /* the usual one SP */
    vs++;
  while (vs < len && is_ows(buf[vs]))
    vs++;
  bool found = false;
  k = vs + value_end16(buf + vs, len - vs, &found);
  while (!found && len - k >= 8 &&
         !corsim__word_has_nul_cr_lf(corsim__load8(buf + k)))
    k += 8;
  while (!found && k < len && is((unsigned char)buf[k], C_VALUE))
    k++;
  if (k >= len)
    return 0;
  size_t e = k, next;
  if (buf[k] == '\r') {
    if (k + 1 >= len || buf[k + 1] != '\n')
      return 0;
    next = k + 2;
  } else if (buf[k] == '\n') {
    next = k + 1;
  } else {
    return 0;
  }
  while (e > vs && is_ows(buf[e - 1]))
    e--;
  h->name = slice(buf + pos, i - pos);
  h->value = slice(buf + vs, e - vs);
  return next;
}
#endif

static int malformed(struct wire_http1_head *info, size_t line,
                     const char *why) {
  info->bad_line = line;
  info->error = why;
  return WIRE_HTTP1_MALFORMED;
}

int wire_http1_parse_head(bool request, const char *buf, size_t len,
                          size_t last_len, struct wire_message *m,
                          struct corsim_header *hdrs, size_t *nhdrs,
                          struct wire_http1_head *info) {
  size_t cap = *nhdrs, n = 0, pos = 0, e, next;
  const char *nl, *why;

  if (len > INT_MAX)
    len = INT_MAX;
  /* Lines are judged only at their LF: no new LF, no new answer. */
  if (last_len != 0 &&
      (last_len >= len ||
       memchr(buf + last_len, '\n', len - last_len) == NULL))
    return WIRE_HTTP1_INCOMPLETE;

  memset(m, 0, sizeof *m);
  memset(info, 0, sizeof *info);
  m->headers = hdrs;
  *nhdrs = 0;

  /* Empty lines before the start line (RFC 9112 2.2). A CR not followed
   * by LF is left to the start line, which is judged at its LF. */
  for (;;) {
    if (pos < len && buf[pos] == '\n')
      pos++;
    else if (len - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n')
      pos += 2;
    else
      break;
  }
  info->start = info->parsed = pos;
  nl = pos < len ? memchr(buf + pos, '\n', len - pos) : NULL;
  if (nl == NULL)
    return WIRE_HTTP1_INCOMPLETE;
  e = (size_t)(nl - buf);
  next = e + 1;
  if (e > pos && buf[e - 1] == '\r')
    e--;
  why = request ? request_line(buf, pos, e, m) : status_line(buf, pos, e, m);
  if (why != NULL)
    return malformed(info, pos, why);
  info->have_start = true;

  for (;;) {
    pos = info->parsed = next;
    if (pos >= len)
      break;
#ifndef WIRE_HTTP1_NO_FAST_PATH
    if (n < cap && (next = header_fast(buf, pos, len, &hdrs[n])) != 0) {
      note_field(info, &hdrs[n], n);
      n++;
      continue;
    }
#endif
    /* The empty line that ends the head: what the search below finds. */
    if (buf[pos] == '\r' && pos + 1 < len && buf[pos + 1] == '\n') {
      *nhdrs = m->nheaders = n;
      info->parsed = pos + 2;
      return (int)(pos + 2);
    }
    nl = memchr(buf + pos, '\n', len - pos);
    if (nl == NULL)
      break;
    e = (size_t)(nl - buf);
    next = e + 1;
    if (e > pos && buf[e - 1] == '\r')
      e--;
    if (e == pos) {
      *nhdrs = m->nheaders = n;
      info->parsed = next;
      return (int)next;
    }
    why = header_line(buf, pos, e, hdrs, &n, cap, info);
    if (why != NULL) {
      *nhdrs = m->nheaders = n;
      return malformed(info, pos, why);
    }
  }
  *nhdrs = m->nheaders = n;
  return WIRE_HTTP1_INCOMPLETE;
}

int wire_http1_parse_request(const char *buf, size_t len, size_t last_len,
                             struct wire_message *m,
                             struct corsim_header *hdrs, size_t *nhdrs) {
  struct wire_http1_head info;
  return wire_http1_parse_head(true, buf, len, last_len, m, hdrs, nhdrs,
                               &info);
}

int wire_http1_parse_response(const char *buf, size_t len, size_t last_len,
                              struct wire_message *m,
                              struct corsim_header *hdrs, size_t *nhdrs) {
  struct wire_http1_head info;
  return wire_http1_parse_head(false, buf, len, last_len, m, hdrs, nhdrs,
                               &info);
}

/* p[i..] against lit, as far as p goes: 1 all of lit matched, 0 a byte
 * differs, -2 p ended first. */
static int prefix_at(const char *p, size_t n, size_t i, const char *lit,
                     size_t litlen) {
  size_t k;
  for (k = 0; k < litlen; k++) {
    if (i + k >= n)
      return WIRE_HTTP1_INCOMPLETE;
    if (p[i + k] != lit[k])
      return 0;
  }
  return 1;
}

int wire_http1_match_start(bool request, const char *p, size_t n) {
  size_t i, t;
  int r;

  if (!request) {
    r = prefix_at(p, n, 0, "HTTP/1.", 7);
    if (r != 1)
      return r;
    if (n <= 7)
      return WIRE_HTTP1_INCOMPLETE;
    if (!is_digit(p[7]))
      return 0;
    if (n <= 8)
      return WIRE_HTTP1_INCOMPLETE;
    if (p[8] != ' ')
      return 0;
    for (i = 9; i < n && p[i] == ' '; i++)
      ;
    for (t = 0; t < 3; t++, i++) {
      if (i >= n)
        return WIRE_HTTP1_INCOMPLETE;
      if (!is_digit(p[i]) || (t == 0 && p[i] == '0'))
        return 0;
    }
    return 1;
  }
  i = span_of(p, 0, n, C_TCHAR);
  if (i == n)
    return WIRE_HTTP1_INCOMPLETE;
  if (i == 0 || p[i] != ' ')
    return 0;
  while (i < n && p[i] == ' ')
    i++;
  t = i;
  i = span_of(p, i, n, C_TARGET);
  if (i == n)
    return WIRE_HTTP1_INCOMPLETE;
  if (i == t || p[i] != ' ')
    return 0;
  while (i < n && p[i] == ' ')
    i++;
  return prefix_at(p, n, i, "HTTP/1.", 7);
}

void wire_http1_unfold(char *value, size_t len) {
  size_t i;
  bool after_lf = false;
  for (i = 0; i < len; i++) {
    char c = value[i];
    if (c == '\r' || c == '\n' || (after_lf && c == '\t'))
      value[i] = ' ';
    if (c == '\n')
      after_lf = true;
    else if (c != ' ' && c != '\t' && c != '\r')
      after_lf = false;
  }
}

/* ---- bodies ------------------------------------------------------------ */

enum {
  CS_SIZE_START, /* the first hex digit of a chunk size */
  CS_SIZE,       /* more hex digits */
  CS_SIZE_WS,    /* whitespace after the size (BWS before ';') */
  CS_EXT,        /* chunk extensions, skipped to the line end */
  CS_SIZE_LF,    /* the LF after the size line's CR */
  CS_DATA,       /* left bytes of chunk data */
  CS_DATA_CR,    /* the CRLF after the data */
  CS_DATA_LF,
  CS_TRAILER,      /* the start of a trailer line (or the final empty one) */
  CS_TRAILER_LINE, /* inside a trailer line, skipped */
  CS_TRAILER_LF    /* the LF after a CR at a trailer line's start */
};

/*
 * The Content-Length of m: 0 none, 1 found (*out), -1 unusable. Several
 * fields or a list of equal values are one length (RFC 9110 8.6);
 * values that differ, or are not digits, are unusable.
 */
static int content_length(const struct wire_message *m, size_t from,
                          uint64_t *out) {
  size_t h, i;
  bool found = false;
  uint64_t v = 0;

  for (h = from; h < m->nheaders; h++) {
    const struct corsim_header *f = &m->headers[h];
    if (!CORSIM_IEQ_LIT(f->name, "content-length"))
      continue;
    i = 0;
    for (;;) {
      uint64_t x = 0;
      size_t d = 0;
      while (i < f->value.len && is_ows(f->value.ptr[i]))
        i++;
      while (i < f->value.len && is_digit(f->value.ptr[i])) {
        if (x > (UINT64_MAX >> 4) / 10)
          return -1;
        x = x * 10 + (uint64_t)(f->value.ptr[i] - '0');
        i++;
        d++;
      }
      while (i < f->value.len && is_ows(f->value.ptr[i]))
        i++;
      if (d == 0 || (found && x != v))
        return -1;
      found = true;
      v = x;
      if (i == f->value.len)
        break;
      if (f->value.ptr[i] != ',')
        return -1;
      i++;
    }
  }
  *out = v;
  return found ? 1 : 0;
}

/*
 * Transfer-Encoding of m: 0 none, 1 chunked last, -1 another coding last.
 * "identity" (RFC 2616's, since removed) is no coding at all.
 */
static int transfer_coding(const struct wire_message *m) {
  struct corsim_str last = {NULL, 0};
  size_t h, i;

  for (h = 0; h < m->nheaders; h++) {
    const struct corsim_header *f = &m->headers[h];
    if (!CORSIM_IEQ_LIT(f->name, "transfer-encoding"))
      continue;
    i = 0;
    while (i < f->value.len) {
      size_t s, e;
      while (i < f->value.len && (is_ows(f->value.ptr[i]) || f->value.ptr[i] == ','))
        i++;
      s = i;
      while (i < f->value.len && f->value.ptr[i] != ',')
        i++;
      e = i;
      while (e > s && is_ows(f->value.ptr[e - 1]))
        e--;
      struct corsim_str coding = slice(f->value.ptr + s, e - s);
      if (e > s && !CORSIM_IEQ_LIT(coding, "identity"))
        last = coding;
    }
  }
  if (last.ptr == NULL)
    return 0;
  return CORSIM_IEQ_LIT(last, "chunked") ? 1 : -1;
}

/* What a parse notes of the framing fields (note_field), for a message
 * that was not just parsed: one pass over its fields. */
static void framing_fields(const struct wire_message *m, size_t *cl,
                           bool *te) {
  struct wire_http1_head info;
  info.content_length = 0;
  info.transfer_encoding = false;
  for (size_t h = 0; h < m->nheaders; h++)
    note_field(&info, &m->headers[h], h);
  *cl = info.content_length;
  *te = info.transfer_encoding;
}

static void body_set(struct wire_http1_body *b, enum wire_http1_framing f,
                     uint64_t left) {
  b->framing = f;
  b->state = CS_SIZE_START;
  b->left = left;
  b->seen = 0;
  b->done = f == WIRE_HTTP1_BODY_NONE || f == WIRE_HTTP1_BODY_TUNNEL ||
            (f == WIRE_HTTP1_BODY_LENGTH && left == 0);
}

int wire_http1_body_request(struct wire_http1_body *b,
                            const struct wire_message *m) {
  size_t cl;
  bool te;
  framing_fields(m, &cl, &te);
  return wire_http1_body_request_noted(b, m, cl, te);
}

int wire_http1_body_request_noted(struct wire_http1_body *b,
                                  const struct wire_message *m, size_t cl1,
                                  bool has_te) {
  uint64_t len;
  size_t first_cl = cl1 != 0 ? cl1 - 1 : m->nheaders;
  int te = has_te ? transfer_coding(m) : 0, cl;

  body_set(b, WIRE_HTTP1_BODY_NONE, 0);
  /* A request whose last coding is not chunked has no knowable length
   * (RFC 9112 6.3 step 4). With chunked, Content-Length is ignored. */
  if (te == 1) {
    body_set(b, WIRE_HTTP1_BODY_CHUNKED, 0);
    return 0;
  }
  if (te == -1)
    return -1;
  cl = content_length(m, first_cl, &len);
  if (cl < 0)
    return -1;
  if (cl == 1)
    body_set(b, WIRE_HTTP1_BODY_LENGTH, len);
  return 0;
}

bool wire_http1_is_interim(int status) {
  return status >= 100 && status <= 199 && status != 101;
}

int wire_http1_body_response(struct wire_http1_body *b,
                             const struct wire_message *m,
                             struct corsim_str req_method) {
  size_t cl;
  bool te;
  framing_fields(m, &cl, &te);
  return wire_http1_body_response_noted(b, m, req_method, cl, te);
}

int wire_http1_body_response_noted(struct wire_http1_body *b,
                                   const struct wire_message *m,
                                   struct corsim_str req_method, size_t cl1,
                                   bool has_te) {
  uint64_t len;
  size_t first_cl = cl1 != 0 ? cl1 - 1 : m->nheaders;
  int te, cl;

  body_set(b, WIRE_HTTP1_BODY_NONE, 0);
  /* RFC 9112 6.3 steps 1 and 2, in that order. */
  if (m->status == 101 ||
      (m->status >= 200 && m->status <= 299 &&
       req_method.len == 7 && memcmp(req_method.ptr, "CONNECT", 7) == 0)) {
    body_set(b, WIRE_HTTP1_BODY_TUNNEL, 0);
    return 0;
  }
  if ((req_method.len == 4 && memcmp(req_method.ptr, "HEAD", 4) == 0) ||
      m->status < 200 || m->status == 204 || m->status == 304)
    return 0;
  te = has_te ? transfer_coding(m) : 0;
  if (te == 1) {
    body_set(b, WIRE_HTTP1_BODY_CHUNKED, 0);
    return 0;
  }
  if (te == -1) {
    body_set(b, WIRE_HTTP1_BODY_CLOSE, 0);
    return 0;
  }
  cl = content_length(m, first_cl, &len);
  if (cl < 0)
    return -1;
  if (cl == 1)
    body_set(b, WIRE_HTTP1_BODY_LENGTH, len);
  else
    body_set(b, WIRE_HTTP1_BODY_CLOSE, 0);
  return 0;
}


/* The end of a chunk-size line: data follows, or the last chunk's
 * trailer section. */
static void size_line_done(struct wire_http1_body *b) {
  b->state = b->left == 0 ? CS_TRAILER : CS_DATA;
}

/* A byte after a chunk size's digits: whitespace (BWS), the start of the
 * extensions, or the line end. false when it is none of these. */
static bool size_end(struct wire_http1_body *b, char c) {
  if (is_ows(c))
    b->state = CS_SIZE_WS;
  else if (c == ';')
    b->state = CS_EXT;
  else if (c == '\r')
    b->state = CS_SIZE_LF;
  else if (c == '\n')
    size_line_done(b);
  else
    return false;
  return true;
}

static int chunked_feed(struct wire_http1_body *b, const char *p, size_t n,
                        size_t *used) {
  size_t i = 0;

  while (i < n) {
    char c = p[i];
    int h;

    switch (b->state) {
    case CS_SIZE_START:
      h = corsim__hex_value(c);
      if (h < 0)
        goto bad;
      b->left = (uint64_t)h;
      b->state = CS_SIZE;
      i++;
      break;
    case CS_SIZE:
      h = corsim__hex_value(c);
      if (h >= 0) {
        /* Sizes past 2^60 are no real chunk: the stream is lost. */
        if (b->left > (UINT64_MAX >> 4) >> 4)
          goto bad;
        b->left = b->left * 16 + (uint64_t)h;
        i++;
        break;
      }
      if (!size_end(b, c))
        goto bad;
      i++;
      break;
    case CS_SIZE_WS:
      if (!size_end(b, c))
        goto bad;
      i++;
      break;
    case CS_EXT: {
      /* Extensions are skipped whole: nothing in them matters here. */
      size_t k = i;
      while (k < n && p[k] != '\r' && p[k] != '\n')
        k++;
      i = k;
      if (k < n) {
        if (p[k] == '\r')
          b->state = CS_SIZE_LF;
        else
          size_line_done(b);
        i++;
      }
      break;
    }
    case CS_SIZE_LF:
      if (c != '\n')
        goto bad;
      size_line_done(b);
      i++;
      break;
    case CS_DATA: {
      uint64_t take = n - i;
      if (take > b->left)
        take = b->left;
      b->left -= take;
      i += (size_t)take;
      if (b->left == 0)
        b->state = CS_DATA_CR;
      break;
    }
    case CS_DATA_CR:
      if (c == '\r')
        b->state = CS_DATA_LF;
      else if (c == '\n')
        b->state = CS_SIZE_START;
      else
        goto bad;
      i++;
      break;
    case CS_DATA_LF:
      if (c != '\n')
        goto bad;
      b->state = CS_SIZE_START;
      i++;
      break;
    case CS_TRAILER:
      i++;
      if (c == '\n')
        goto done;
      b->state = c == '\r' ? CS_TRAILER_LF : CS_TRAILER_LINE;
      break;
    case CS_TRAILER_LINE: {
      const char *nl = memchr(p + i, '\n', n - i);
      if (nl == NULL) {
        i = n;
        break;
      }
      i = (size_t)(nl - p) + 1;
      b->state = CS_TRAILER;
      break;
    }
    case CS_TRAILER_LF:
      if (c != '\n')
        goto bad;
      i++;
      goto done;
    default:
      goto bad;
    }
  }
  *used = n;
  b->seen += n;
  return 0;
done:
  *used = i;
  b->seen += i;
  b->done = true;
  return 1;
bad:
  *used = i;
  b->seen += i;
  return -1;
}

int wire_http1_body_feed(struct wire_http1_body *b, const char *p, size_t n,
                         size_t *used) {
  uint64_t take;

  *used = 0;
  if (b->done)
    return 1;
  switch (b->framing) {
  case WIRE_HTTP1_BODY_LENGTH:
    take = n < b->left ? n : b->left;
    b->left -= take;
    b->seen += take;
    *used = (size_t)take;
    if (b->left == 0)
      b->done = true;
    return b->done ? 1 : 0;
  case WIRE_HTTP1_BODY_CHUNKED:
    return chunked_feed(b, p, n, used);
  case WIRE_HTTP1_BODY_CLOSE:
    b->seen += n;
    *used = n;
    return 0;
  default:
    b->done = true;
    return 1;
  }
}

int wire_http1_body_gap(struct wire_http1_body *b, uint64_t n) {
  if (b->done || n == 0)
    return b->done ? 1 : 0;
  switch (b->framing) {
  case WIRE_HTTP1_BODY_LENGTH:
    if (n > b->left)
      return -1;
    b->left -= n;
    if (b->left == 0)
      b->done = true;
    return b->done ? 1 : 0;
  case WIRE_HTTP1_BODY_CHUNKED:
    if (b->state != CS_DATA || n > b->left)
      return -1;
    b->left -= n;
    if (b->left == 0)
      b->state = CS_DATA_CR;
    return 0;
  case WIRE_HTTP1_BODY_CLOSE:
    return 0;
  default:
    return -1;
  }
}

bool wire_http1_body_eof(const struct wire_http1_body *b) {
  return b->done || b->framing == WIRE_HTTP1_BODY_CLOSE;
}
