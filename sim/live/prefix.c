/*
 * prefix.c - the isolation prefix, see prefix.h.
 */
#include "prefix.h"

#include <stdlib.h>
#include <string.h>

#define SCEN_PREFIX "/__corsim/s"
#define SCEN_PREFIX_LEN (sizeof SCEN_PREFIX - 1)

bool prefix_parse(struct corsim_str path, size_t *n, struct corsim_str *rest) {
  size_t i = SCEN_PREFIX_LEN, v = 0;

  if (path.len <= SCEN_PREFIX_LEN ||
      memcmp(path.ptr, SCEN_PREFIX, SCEN_PREFIX_LEN) != 0)
    return false;
  if (path.ptr[i] < '0' || path.ptr[i] > '9')
    return false;
  if (path.ptr[i] == '0' && i + 1 < path.len && path.ptr[i + 1] >= '0' &&
      path.ptr[i + 1] <= '9')
    return false; /* leading zero: not the canonical spelling */
  for (; i < path.len && path.ptr[i] >= '0' && path.ptr[i] <= '9'; i++) {
    if (v > ((size_t)-1 - 9) / 10)
      return false;
    v = v * 10 + (size_t)(path.ptr[i] - '0');
  }
  if (i < path.len && path.ptr[i] != '/' && path.ptr[i] != '?' &&
      path.ptr[i] != '#')
    return false;
  *n = v;
  rest->ptr = path.ptr + i;
  rest->len = path.len - i;
  return true;
}

void prefix_add(struct buf *b, size_t n) { buf_addf(b, SCEN_PREFIX "%zu", n); }

static bool is_slash(char c) { return c == '/' || c == '\\'; }

static bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/* Whether the authority auth[0..len) is hosted (read as http). */
static bool authority_hosted(const char *auth, size_t len,
                             const struct hosts *hosted) {
  struct host_name hn;
  struct corsim_str u;
  char *s = malloc(len + 8);
  bool ok;

  if (s == NULL)
    return false;
  memcpy(s, "http://", 7);
  memcpy(s + 7, auth, len);
  s[7 + len] = '/';
  u.ptr = s;
  u.len = len + 8;
  ok = hosts_classify(u, &hn) == HOST_LOOPBACK && hosts_has(hosted, &hn);
  free(s);
  return ok;
}

void prefix_location(struct buf *out, struct corsim_str value, size_t n,
                     const struct hosts *hosted) {
  const char *p = value.ptr, *end = value.ptr + value.len, *q, *auth;
  size_t lead;

  /* Leading spaces and controls are kept, and skipped for the decision. */
  while (p < end && (unsigned char)*p <= 0x20)
    p++;
  lead = (size_t)(p - value.ptr);
  if (p < end && is_slash(*p) && !(p + 1 < end && is_slash(p[1]))) {
    /* An absolute path: on the host that answered. */
    buf_add(out, value.ptr, lead);
    prefix_add(out, n);
    buf_add(out, p, (size_t)(end - p));
    return;
  }
  q = p;
  if (q < end && !is_slash(*q)) {
    /* scheme ":" */
    while (q < end && is_scheme_char(*q))
      q++;
    if (q == p || q >= end || *q != ':' || (size_t)(q - p) != 4 ||
        !((p[0] | 0x20) == 'h' && (p[1] | 0x20) == 't' &&
          (p[2] | 0x20) == 't' && (p[3] | 0x20) == 'p')) {
      buf_add(out, value.ptr, value.len);
      return;
    }
    q++;
  }
  if (q + 1 >= end || !is_slash(q[0]) || !is_slash(q[1])) {
    buf_add(out, value.ptr, value.len);
    return;
  }
  while (q < end && is_slash(*q))
    q++;
  auth = q;
  while (q < end && !is_slash(*q) && *q != '?' && *q != '#')
    q++;
  if (!authority_hosted(auth, (size_t)(q - auth), hosted)) {
    buf_add(out, value.ptr, value.len);
    return;
  }
  buf_add(out, value.ptr, (size_t)(q - value.ptr));
  prefix_add(out, n);
  buf_add(out, q, (size_t)(end - q));
}
