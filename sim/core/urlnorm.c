/*
 * urlnorm.c - corsim_url_normalize: the wire form of an absolute URL, so
 * that edges can match wire requests against rules written by hand.
 */
#include "url.h"

#include <stdio.h>
#include <string.h>

long corsim_url_normalize(struct corsim_str url, char *buf, size_t cap) {
  char tmp[8192];
  struct corsim__url u;
  int rc = corsim__url_parse(url, NULL, &u, tmp, sizeof(tmp));
  if (rc != 0)
    return rc == CORSIM_ETOOBIG ? CORSIM_ETOOBIG : CORSIM_EINVAL;
  int n;
  if (u.kind == CORSIM_SCHEME_HTTP || u.kind == CORSIM_SCHEME_HTTPS) {
    char port[16] = "";
    if (u.port >= 0)
      snprintf(port, sizeof(port), ":%d", u.port);
    n = snprintf(buf, cap, "%.*s://%.*s%s%.*s%s%.*s", (int)u.scheme.len,
                 u.scheme.ptr, (int)u.host.len, u.host.ptr, port,
                 (int)u.path.len, u.path.ptr ? u.path.ptr : "",
                 u.query.ptr ? "?" : "", (int)u.query.len,
                 u.query.ptr ? u.query.ptr : "");
  } else {
    size_t len = u.href.len;
    if (u.fragment.ptr != NULL && len >= u.fragment.len + 1)
      len -= u.fragment.len + 1;
    n = snprintf(buf, cap, "%.*s", (int)len, u.href.ptr);
  }
  if (n < 0 || (size_t)n >= cap)
    return CORSIM_ETOOBIG;
  return n;
}
