/*
 * urlnorm.c - corsim_url_normalize: the wire form of an absolute URL, so
 * that edges can match wire requests against rules written by hand.
 */
#include "url.h"

#include <string.h>

long corsim_url_normalize(struct corsim_str url, char *buf, size_t cap) {
  char tmp[8192];
  struct corsim__url u;
  int rc = corsim__url_parse(url, NULL, &u, tmp, sizeof(tmp));
  if (rc != 0)
    return rc == CORSIM_ETOOBIG ? CORSIM_ETOOBIG : CORSIM_EINVAL;
  struct corsim_str w = corsim__url_without_fragment(&u);
  if (w.len >= cap)
    return CORSIM_ETOOBIG;
  memcpy(buf, w.ptr, w.len);
  buf[w.len] = '\0';
  return (long)w.len;
}
