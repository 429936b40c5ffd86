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
    /* Fetch "get": every value, empty ones too, joined with ", ". */
    if (i != first) {
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

/* Servers mostly send the canonical spelling (HTTP/1) or all lower case
 * (HTTP/2): both are plain compares; only other spellings need folding. */
static inline __attribute__((always_inline)) bool
name_is(const char *p, const char *canonical, const char *lower, size_t n) {
  return corsim__mem_eq(p, canonical, n) || corsim__mem_ieq_lower(p, lower, n);
}

/* The response headers the fetch machine reads, by length first: every
 * header of every answer goes through here. The 28-byte pair differs at
 * byte 21 ("...-Allow-Methods" / "...-Allow-Headers"). */
static int classify(struct corsim_str name) {
  const char *p = name.ptr;
  switch (name.len) {
  case 4:
    return name_is(p, "Vary", "vary", 4) ? CORSIM_RH_VARY : -1;
  case 8:
    return name_is(p, "Location", "location", 8) ? CORSIM_RH_LOCATION : -1;
  case 22:
    return name_is(p, "Access-Control-Max-Age", "access-control-max-age", 22)
               ? CORSIM_RH_MAX_AGE
               : -1;
  case 27:
    return name_is(p, "Access-Control-Allow-Origin",
                   "access-control-allow-origin", 27)
               ? CORSIM_RH_ACAO
               : -1;
  case 28:
    if ((p[21] | 0x20) == 'm')
      return name_is(p, "Access-Control-Allow-Methods",
                     "access-control-allow-methods", 28)
                 ? CORSIM_RH_ACAM
                 : -1;
    return name_is(p, "Access-Control-Allow-Headers",
                   "access-control-allow-headers", 28)
               ? CORSIM_RH_ACAH
               : -1;
  case 29:
    return name_is(p, "Access-Control-Expose-Headers",
                   "access-control-expose-headers", 29)
               ? CORSIM_RH_ACEH
               : -1;
  case 32:
    return name_is(p, "Access-Control-Allow-Credentials",
                   "access-control-allow-credentials", 32)
               ? CORSIM_RH_ACAC
               : -1;
  default:
    return -1;
  }
}

void corsim__resp_index(struct corsim_fetch *f, const struct corsim_header *h,
                        size_t n) {
  static const char *const names[CORSIM_RH_COUNT_] = {
      "Access-Control-Allow-Origin",  "Access-Control-Allow-Credentials",
      "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
      "Access-Control-Max-Age",       "Access-Control-Expose-Headers",
      "Location",                     "Vary"};
  size_t first[CORSIM_RH_COUNT_];
  unsigned repeated = 0; /* bit w: header w came more than once */
  memset(f->rh_count, 0, sizeof(f->rh_count));
  for (size_t i = 0; i < n; i++) {
    int w = classify(h[i].name);
    if (w < 0)
      continue;
    if (f->rh_count[w] == 0) {
      first[w] = i;
      f->rh_value[w] = corsim__str_trim_ows(h[i].value);
    } else {
      repeated |= 1u << w;
    }
    if (f->rh_count[w] < 254)
      f->rh_count[w]++;
  }
  /* Repeated headers are joined the way Fetch's "get" does. */
  for (int w = 0; repeated != 0; w++, repeated >>= 1)
    if (repeated & 1u)
      corsim__hdr_get(&f->arena, h + first[w], n - first[w], names[w],
                      &f->rh_value[w]);
}
