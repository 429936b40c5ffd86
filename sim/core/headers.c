/*
 * headers.c - reading response header lists the way the Fetch standard's
 * "get" does: every line with the name, values trimmed of tab and space
 * (the HTTP parser's job), joined with ", ".
 */
#include "fetch-int.h"

#include <string.h>

size_t corsim__hdr_count(const struct corsim_header *h, size_t n,
                         const char *name) {
  size_t c = 0;
  struct corsim_str nm = corsim_str_c(name);
  for (size_t i = 0; i < n; i++)
    if (corsim__str_ieq(h[i].name, nm))
      c++;
  return c;
}

bool corsim__hdr_get(struct corsim__arena *a, const struct corsim_header *h,
                     size_t n, const char *name, struct corsim_str *out) {
  size_t count = 0, total = 0, first = 0;
  /* Compared with the length known, so that the many
   * Access-Control-Allow-* names are told apart without a byte walk. */
  struct corsim_str nm = corsim_str_c(name);
  for (size_t i = 0; i < n; i++) {
    if (!corsim__str_ieq(h[i].name, nm))
      continue;
    if (count++ == 0)
      first = i;
    total += corsim__str_trim_ows(h[i].value).len + 2;
  }
  if (count == 0)
    return false;
  if (count == 1) {
    *out = corsim__str_trim_ows(h[first].value);
    return true;
  }
  char *buf = corsim__arena_alloc(a, total + 1);
  if (buf == NULL) {
    *out = corsim__str_trim_ows(h[first].value);
    return true;
  }
  size_t len = 0;
  for (size_t i = first; i < n; i++) {
    if (!corsim__str_ieq(h[i].name, nm))
      continue;
    struct corsim_str v = corsim__str_trim_ows(h[i].value);
    if (len > 0) {
      buf[len++] = ',';
      buf[len++] = ' ';
    }
    if (v.len)
      memcpy(buf + len, v.ptr, v.len);
    len += v.len;
  }
  buf[len] = '\0';
  *out = (struct corsim_str){buf, len};
  return true;
}
