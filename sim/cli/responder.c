/*
 * responder.c - server rules: which rule answers a wire request, see
 * responder.h.
 */
#include "responder.h"

#include <stdlib.h>
#include <string.h>

/* Normalised URLs can grow (percent-encoding); buffers start at this. */
#define NORM_MIN 256
/* And never pass this: a URL that long is refused by every browser. */
#define NORM_MAX ((size_t)8 * 1024 * 1024)

int responder_normalize(struct corsim_str url, char **out, size_t *outlen) {
  size_t cap = url.len * 3 + NORM_MIN;
  char *p;
  long n;

  *out = NULL;
  *outlen = 0;
  for (;;) {
    if (cap > NORM_MAX)
      return CORSIM_EINVAL;
    p = malloc(cap);
    if (p == NULL)
      return CORSIM_ENOMEM;
    n = corsim_url_normalize(url, p, cap);
    if (n >= 0) {
      *out = p;
      *outlen = (size_t)n;
      return 0;
    }
    free(p);
    if (n != CORSIM_ETOOBIG)
      return n == CORSIM_ENOMEM ? CORSIM_ENOMEM : CORSIM_EINVAL;
    cap *= 2;
  }
}

int responder_rule_set_url(struct server_rule *r, struct corsim_str url) {
  free(r->url);
  r->url = NULL;
  r->url_len = 0;
  if (url.len == 1 && url.ptr[0] == '*') {
    r->url_kind = RULE_URL_ANY;
    return 0;
  }
  if (url.len > 0 && url.ptr[url.len - 1] == '*') {
    r->url_kind = RULE_URL_PREFIX;
    r->url = malloc(url.len);
    if (r->url == NULL)
      return CORSIM_ENOMEM;
    memcpy(r->url, url.ptr, url.len - 1);
    r->url[url.len - 1] = '\0';
    r->url_len = url.len - 1;
    return 0;
  }
  r->url_kind = RULE_URL_EXACT;
  return responder_normalize(url, &r->url, &r->url_len);
}

void responder_rule_cleanup(struct server_rule *r) {
  free(r->url);
  r->url = NULL;
  free(r->headers);
  r->headers = NULL;
  r->nheaders = 0;
}

static bool method_matches(const struct server_rule *r,
                           const struct corsim_wire_request *w) {
  if (r->method.len == 1 && r->method.ptr[0] == '*')
    return true;
  return r->method.len == w->method.len &&
         memcmp(r->method.ptr, w->method.ptr, w->method.len) == 0;
}

static bool url_matches(const struct server_rule *r, const char *url,
                        size_t len) {
  switch (r->url_kind) {
  case RULE_URL_ANY:
    return true;
  case RULE_URL_PREFIX:
    return len >= r->url_len && memcmp(url, r->url, r->url_len) == 0;
  case RULE_URL_EXACT:
    return len == r->url_len && memcmp(url, r->url, len) == 0;
  }
  return false;
}

const struct server_rule *responder_match(const struct server_rule *rules,
                                          size_t n,
                                          const struct corsim_wire_request *w,
                                          int *err) {
  const struct server_rule *hit = NULL;
  const char *url = w->url.ptr != NULL ? w->url.ptr : "";
  size_t len = w->url.len, i;
  char *norm = NULL;
  int rc;

  *err = 0;
  /*
   * The model already hands out normalised URLs; normalising again keeps
   * the match right should a wire URL ever arrive in another spelling.
   * A URL the normaliser refuses is matched as it is.
   */
  rc = responder_normalize(w->url, &norm, &len);
  if (rc == CORSIM_ENOMEM) {
    *err = rc;
    return NULL;
  }
  if (rc == 0)
    url = norm;
  else
    len = w->url.len;
  for (i = 0; i < n && hit == NULL; i++)
    if (method_matches(&rules[i], w) && url_matches(&rules[i], url, len))
      hit = &rules[i];
  free(norm);
  return hit;
}

struct corsim_wire_response responder_answer(const struct server_rule *r) {
  struct corsim_wire_response resp;

  resp.status = r->status;
  resp.headers = r->headers;
  resp.nheaders = r->nheaders;
  return resp;
}
