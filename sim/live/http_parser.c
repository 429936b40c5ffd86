/*
 * http_parser.c - incremental HTTP/1.x request parser, see http_parser.h.
 *
 * The head is read line by line: each call resumes the search for the
 * current line's LF where the previous call stopped (p->scan), so feeding
 * a request one byte at a time costs O(n), not O(n^2). Header positions
 * are kept as offsets and turned into slices only when the request is
 * complete, because the caller's buffer may move in between.
 */
#include "http_parser.h"
#include "str.h"

#include <string.h>

enum {
  ST_START,       /* before the request line (empty lines are skipped) */
  ST_HEADERS,     /* header lines until the empty one */
  ST_BODY_LENGTH, /* Content-Length bytes */
  ST_CHUNK_SIZE,  /* a chunk-size line */
  ST_CHUNK_DATA,  /* chunk_left bytes of chunk data */
  ST_CHUNK_END,   /* the CRLF after chunk data */
  ST_TRAILERS,    /* trailer lines until the empty one */
  ST_DONE,        /* complete: p->result is its length */
  ST_ERROR
};

/* A chunk-size line longer than this is not a chunk-size line. */
#define CHUNK_LINE_MAX 1024

void http_parser_reset(struct http_parser *p) {
  p->state = ST_START;
  p->line = 0;
  p->scan = 0;
  p->pos = 0;
  p->decoded = 0;
  p->content_length = 0;
  p->chunk_left = 0;
  p->method = p->method_len = 0;
  p->target = p->target_len = 0;
  p->version = 0;
  p->minor = 1;
  p->result = 0;
  p->chunked = false;
  p->keep_alive = true;
  p->nfields = 0;
  p->head_done = false;
  p->head_len = 0;
  p->expect_continue = false;
  p->error = NULL;
  p->error_offset = 0;
}

int http_parser_error_status(long err) {
  switch (err) {
  case HTTP_EHEAD:
    return 431;
  case HTTP_EBODY:
    return 413;
  case HTTP_ECODING:
    return 501;
  case HTTP_EVERSION:
    return 505;
  default:
    return 400;
  }
}

/* tchar of RFC 9110 5.6.2: the bytes of a method or a field name. */
static bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9'))
    return true;
  return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

bool http_str_ieq(struct corsim_str s, const char *lower_lit) {
  size_t n = strlen(lower_lit), i;
  if (s.len != n)
    return false;
  for (i = 0; i < n; i++)
    if (lower((unsigned char)s.ptr[i]) != (unsigned char)lower_lit[i])
      return false;
  return true;
}

static long fail(struct http_parser *p, long err, const char *why,
                 size_t at) {
  p->state = ST_ERROR;
  p->result = err;
  p->error = why;
  p->error_offset = at;
  return err;
}

/*
 * Finds the end of the line that starts at p->line. Returns true and sets
 * *end (the offset of the line's last content byte + 1, before any CR)
 * and *next (the offset after the LF); false when the LF has not arrived.
 */
static bool next_line(struct http_parser *p, const char *buf, size_t len,
                      size_t *end, size_t *next) {
  size_t from = p->scan > p->line ? p->scan : p->line;
  const char *nl;

  if (from >= len)
    return false;
  nl = memchr(buf + from, '\n', len - from);
  if (nl == NULL) {
    p->scan = len;
    return false;
  }
  *next = (size_t)(nl - buf) + 1;
  *end = *next - 1;
  if (*end > p->line && buf[*end - 1] == '\r')
    (*end)--;
  return true;
}

/* A CR that is not the one before LF is malformed (RFC 9112 2.2). */
static bool has_cr(const char *buf, size_t s, size_t e) {
  return e > s && memchr(buf + s, '\r', e - s) != NULL;
}

static long parse_request_line(struct http_parser *p, const char *buf,
                               size_t s, size_t e) {
  size_t i = s, v;

  while (i < e && is_tchar((unsigned char)buf[i]))
    i++;
  if (i == s || i >= e || buf[i] != ' ')
    return fail(p, HTTP_EBAD, "invalid method", i);
  p->method = s;
  p->method_len = i - s;
  p->target = ++i;
  while (i < e && (unsigned char)buf[i] > 0x20 && buf[i] != 0x7f)
    i++;
  if (i == p->target || i >= e || buf[i] != ' ')
    return fail(p, HTTP_EBAD, "invalid request target", i);
  p->target_len = i - p->target;
  v = ++i;
  if (e - v != 8 || memcmp(buf + v, "HTTP/", 5) != 0 ||
      !(buf[v + 5] >= '0' && buf[v + 5] <= '9') || buf[v + 6] != '.' ||
      !(buf[v + 7] >= '0' && buf[v + 7] <= '9'))
    return fail(p, HTTP_EBAD, "invalid HTTP version", v);
  if (buf[v + 5] != '1' || (buf[v + 7] != '0' && buf[v + 7] != '1'))
    return fail(p, HTTP_EVERSION, "HTTP version not supported", v);
  p->version = v;
  p->minor = buf[v + 7] - '0';
  return 0;
}

static bool is_ows(char c) { return c == ' ' || c == '\t'; }

static long parse_header_line(struct http_parser *p, const char *buf,
                              size_t s, size_t e) {
  struct http_field *f;
  size_t i = s, colon, vs, ve;

  if (is_ows(buf[s]))
    return fail(p, HTTP_EBAD, "obsolete line folding", s);
  while (i < e && is_tchar((unsigned char)buf[i]))
    i++;
  if (i == s || i >= e || buf[i] != ':')
    return fail(p, HTTP_EBAD, "invalid header name", i);
  colon = i;
  vs = i + 1;
  ve = e;
  while (vs < ve && is_ows(buf[vs]))
    vs++;
  while (ve > vs && is_ows(buf[ve - 1]))
    ve--;
  /* Browsers send any byte but NUL, CR and LF in a value (Fetch's header
   * value rule; Chromium's IsValidHeaderValue): a test double must take
   * what they send, DEL and other controls included. */
  for (i = vs; i < ve; i++)
    if (buf[i] == '\0')
      return fail(p, HTTP_EBAD, "NUL byte in a header value", i);
  if (p->nfields == HTTP_HEADERS_MAX)
    return fail(p, HTTP_EHEAD, "too many header lines", s);
  f = &p->fields[p->nfields++];
  f->name = (uint32_t)s;
  f->name_len = (uint32_t)(colon - s);
  f->value = (uint32_t)vs;
  f->value_len = (uint32_t)(ve - vs);
  return 0;
}

static struct corsim_str field_name(const struct http_field *f,
                                    const char *buf) {
  struct corsim_str s = {buf + f->name, f->name_len};
  return s;
}

static struct corsim_str field_value(const struct http_field *f,
                                     const char *buf) {
  struct corsim_str s = {buf + f->value, f->value_len};
  return s;
}

/* The comma-separated elements of a list value, OWS trimmed, empty ones
 * skipped: the first cap go to items; returns how many there are. */
static size_t list_items(struct corsim_str v, struct corsim_str *items,
                         size_t cap) {
  size_t i = 0, n = 0;

  while (i <= v.len) {
    size_t s = i, e;
    while (i < v.len && v.ptr[i] != ',')
      i++;
    e = i;
    while (s < e && is_ows(v.ptr[s]))
      s++;
    while (e > s && is_ows(v.ptr[e - 1]))
      e--;
    if (e > s) {
      if (n < cap) {
        items[n].ptr = v.ptr + s;
        items[n].len = e - s;
      }
      n++;
    }
    i++;
  }
  return n;
}

/* Content-Length: 1*DIGIT. Values beyond HTTP_BODY_MAX are kept as
 * HTTP_BODY_MAX + 1 (enough to refuse them) so that nothing overflows. */
static bool parse_length(struct corsim_str v, uint64_t *out) {
  uint64_t n = 0;
  size_t i;

  if (v.len == 0)
    return false;
  for (i = 0; i < v.len; i++) {
    if (v.ptr[i] < '0' || v.ptr[i] > '9')
      return false;
    if (n <= HTTP_BODY_MAX)
      n = n * 10 + (uint64_t)(v.ptr[i] - '0');
  }
  *out = n > HTTP_BODY_MAX ? (uint64_t)HTTP_BODY_MAX + 1 : n;
  return true;
}

/* The head is complete: decide the framing (RFC 9112 6.3). */
static long finish_head(struct http_parser *p, const char *buf) {
  size_t i, hosts = 0, te_lines = 0;
  bool have_length = false, close = false, keep = false, te_bad = false,
       te_other = false, te_chunked = false;
  uint64_t length = 0;

  for (i = 0; i < p->nfields; i++) {
    struct corsim_str name = field_name(&p->fields[i], buf);
    struct corsim_str value = field_value(&p->fields[i], buf);
    struct corsim_str items[16];
    size_t n, k;

    if (http_str_ieq(name, "host")) {
      hosts++;
    } else if (http_str_ieq(name, "content-length")) {
      uint64_t l;
      if (!parse_length(value, &l))
        return fail(p, HTTP_EBAD, "invalid Content-Length", p->fields[i].value);
      if (have_length && l != length)
        return fail(p, HTTP_EBAD, "conflicting Content-Length lines",
                    p->fields[i].value);
      have_length = true;
      length = l;
    } else if (http_str_ieq(name, "transfer-encoding")) {
      /* Codings apply in order; chunked must be last and only once. */
      te_lines++;
      n = list_items(value, items, 16);
      if (n > 16)
        te_other = true;
      for (k = 0; k < n && k < 16; k++) {
        if (te_chunked)
          te_bad = true; /* something after chunked */
        if (http_str_ieq(items[k], "chunked"))
          te_chunked = true;
        else
          te_other = true;
      }
      if (n == 0)
        te_bad = true;
    } else if (http_str_ieq(name, "connection")) {
      n = list_items(value, items, 16);
      for (k = 0; k < n && k < 16; k++) {
        if (http_str_ieq(items[k], "close"))
          close = true;
        else if (http_str_ieq(items[k], "keep-alive"))
          keep = true;
      }
    } else if (http_str_ieq(name, "expect")) {
      if (http_str_ieq(value, "100-continue"))
        p->expect_continue = true;
    }
  }
  if (hosts > 1)
    return fail(p, HTTP_EBAD, "more than one Host line", p->line);
  if (hosts == 0 && p->minor == 1)
    return fail(p, HTTP_EBAD, "HTTP/1.1 request without Host", p->line);
  if (te_lines > 0) {
    if (p->minor == 0)
      return fail(p, HTTP_EBAD, "Transfer-Encoding in HTTP/1.0", p->line);
    if (have_length)
      return fail(p, HTTP_EBAD, "both Transfer-Encoding and Content-Length",
                  p->line);
    if (te_bad || !te_chunked)
      return fail(p, HTTP_EBAD, "chunked is not the final transfer coding",
                  p->line);
    if (te_other)
      return fail(p, HTTP_ECODING, "unsupported transfer coding", p->line);
    p->chunked = true;
  }
  if (have_length && length > HTTP_BODY_MAX)
    return fail(p, HTTP_EBODY, "body too large", p->line);
  p->content_length = length;
  p->keep_alive = p->minor == 1 ? !close : keep && !close;
  p->head_done = true;
  return 0;
}

static long read_head(struct http_parser *p, const char *buf, size_t len) {
  size_t end, next;
  long rc;

  for (;;) {
    if (!next_line(p, buf, len, &end, &next)) {
      if (len > HTTP_HEAD_MAX)
        return fail(p, HTTP_EHEAD, "request head too large", HTTP_HEAD_MAX);
      return HTTP_AGAIN;
    }
    if (next > HTTP_HEAD_MAX)
      return fail(p, HTTP_EHEAD, "request head too large", HTTP_HEAD_MAX);
    if (has_cr(buf, p->line, end))
      return fail(p, HTTP_EBAD, "bare CR",
                  (size_t)((const char *)memchr(buf + p->line, '\r',
                                                end - p->line) -
                           buf));
    if (p->state == ST_START) {
      if (end > p->line) {
        rc = parse_request_line(p, buf, p->line, end);
        if (rc != 0)
          return rc;
        p->state = ST_HEADERS;
      }
    } else if (end == p->line) {
      p->line = p->scan = next;
      p->head_len = next;
      return finish_head(p, buf);
    } else {
      rc = parse_header_line(p, buf, p->line, end);
      if (rc != 0)
        return rc;
    }
    p->line = p->scan = next;
  }
}

/* chunk-size [ chunk-ext ], RFC 9112 7.1; extensions are skipped. */
static long parse_chunk_size(struct http_parser *p, const char *buf, size_t s,
                             size_t e) {
  uint64_t n = 0;
  size_t i = s;

  while (i < e && corsim__hex_value(buf[i]) >= 0) {
    n = n * 16 + (uint64_t)corsim__hex_value(buf[i]);
    if (n > HTTP_BODY_MAX)
      return fail(p, HTTP_EBODY, "chunk too large", s);
    i++;
  }
  if (i == s)
    return fail(p, HTTP_EBAD, "invalid chunk size", s);
  while (i < e && is_ows(buf[i]))
    i++;
  if (i < e && buf[i] != ';')
    return fail(p, HTTP_EBAD, "invalid chunk size", i);
  for (; i < e; i++) {
    unsigned char c = (unsigned char)buf[i];
    if ((c < 0x20 && c != '\t') || c == 0x7f)
      return fail(p, HTTP_EBAD, "control byte in a chunk extension", i);
  }
  if (p->decoded + n > HTTP_BODY_MAX)
    return fail(p, HTTP_EBODY, "body too large", s);
  p->chunk_left = n;
  return 0;
}

static long read_chunked(struct http_parser *p, char *buf, size_t len) {
  size_t end, next;
  long rc;

  for (;;) {
    switch (p->state) {
    case ST_CHUNK_SIZE:
    case ST_TRAILERS:
      if (!next_line(p, buf, len, &end, &next)) {
        if (p->state == ST_CHUNK_SIZE && len - p->line > CHUNK_LINE_MAX)
          return fail(p, HTTP_EBAD, "chunk size line too long", p->line);
        if (p->state == ST_TRAILERS && len - p->line > HTTP_HEAD_MAX)
          return fail(p, HTTP_EHEAD, "trailer line too long", p->line);
        return HTTP_AGAIN;
      }
      /* The same limits whether or not the LF has arrived yet. */
      if (p->state == ST_CHUNK_SIZE && next - p->line > CHUNK_LINE_MAX + 1)
        return fail(p, HTTP_EBAD, "chunk size line too long", p->line);
      if (p->state == ST_TRAILERS && next - p->line > HTTP_HEAD_MAX + 1)
        return fail(p, HTTP_EHEAD, "trailer line too long", p->line);
      if (has_cr(buf, p->line, end))
        return fail(p, HTTP_EBAD, "bare CR", p->line);
      if (next - p->head_len > HTTP_BODY_MAX)
        return fail(p, HTTP_EBODY, "body too large", p->line);
      if (p->state == ST_TRAILERS) {
        /* Trailer fields are read and dropped (RFC 9112 7.1.2). */
        size_t at = p->line;
        p->line = p->scan = next;
        if (end == at)
          return (long)next;
        if (memchr(buf + at, '\0', end - at) != NULL)
          return fail(p, HTTP_EBAD, "NUL in a trailer line", at);
        continue;
      }
      rc = parse_chunk_size(p, buf, p->line, end);
      if (rc != 0)
        return rc;
      p->line = p->scan = p->pos = next;
      p->state = p->chunk_left == 0 ? ST_TRAILERS : ST_CHUNK_DATA;
      break;
    case ST_CHUNK_DATA: {
      size_t n = len - p->pos;
      if (n > p->chunk_left)
        n = (size_t)p->chunk_left;
      /* Decode in place: the decoded body never overtakes the raw bytes. */
      memmove(buf + p->head_len + p->decoded, buf + p->pos, n);
      p->decoded += n;
      p->pos += n;
      p->chunk_left -= n;
      if (p->chunk_left != 0)
        return HTTP_AGAIN;
      p->state = ST_CHUNK_END;
      break;
    }
    case ST_CHUNK_END:
      if (p->pos >= len)
        return HTTP_AGAIN;
      if (buf[p->pos] == '\r') {
        if (p->pos + 1 >= len)
          return HTTP_AGAIN;
        if (buf[p->pos + 1] != '\n')
          return fail(p, HTTP_EBAD, "chunk data not followed by CRLF",
                      p->pos);
        p->pos += 2;
      } else if (buf[p->pos] == '\n') {
        p->pos += 1;
      } else {
        return fail(p, HTTP_EBAD, "chunk data not followed by CRLF", p->pos);
      }
      p->line = p->scan = p->pos;
      p->state = ST_CHUNK_SIZE;
      break;
    default:
      return fail(p, HTTP_EBAD, "parser state", 0);
    }
  }
}

static void fill(struct http_parser *p, const char *buf, size_t total,
                 struct http_request *req) {
  size_t i;

  for (i = 0; i < p->nfields; i++) {
    p->headers[i].name = field_name(&p->fields[i], buf);
    p->headers[i].value = field_value(&p->fields[i], buf);
  }
  req->method.ptr = buf + p->method;
  req->method.len = p->method_len;
  req->target.ptr = buf + p->target;
  req->target.len = p->target_len;
  req->version.ptr = buf + p->version;
  req->version.len = 8;
  req->minor = p->minor;
  req->headers = p->headers;
  req->nheaders = p->nfields;
  req->body.ptr = buf + p->head_len;
  req->body.len = p->chunked ? p->decoded : (size_t)p->content_length;
  req->head_len = p->head_len;
  req->chunked = p->chunked;
  req->keep_alive = p->keep_alive;
  p->state = ST_DONE;
  p->result = (long)total;
}

long http_parser_parse(struct http_parser *p, char *buf, size_t len,
                       struct http_request *req) {
  long rc;

  if (p->state == ST_ERROR)
    return p->result;
  if (p->state == ST_DONE) {
    fill(p, buf, (size_t)p->result, req);
    return p->result;
  }
  if (p->state == ST_START || p->state == ST_HEADERS) {
    rc = read_head(p, buf, len);
    if (rc != 0)
      return rc;
    if (p->chunked) {
      p->state = ST_CHUNK_SIZE;
      p->pos = p->line = p->scan = p->head_len;
    } else {
      p->state = ST_BODY_LENGTH;
    }
  }
  if (p->state == ST_BODY_LENGTH) {
    if (len - p->head_len < p->content_length)
      return HTTP_AGAIN;
    fill(p, buf, p->head_len + (size_t)p->content_length, req);
    return (long)(p->head_len + (size_t)p->content_length);
  }
  rc = read_chunked(p, buf, len);
  if (rc > 0)
    fill(p, buf, (size_t)rc, req);
  return rc;
}
