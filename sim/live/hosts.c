/*
 * hosts.c - hostable authorities, see hosts.h.
 */
#include "hosts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Normalised URLs are short; this bounds what is worth classifying. */
#define URL_CAP 8192

static bool is_space_or_c0(char c) {
  return (unsigned char)c <= 0x20;
}

/* 127.x.y.z in the dotted-decimal form the URL parser writes. */
static bool is_loopback_v4(const char *h, size_t n) {
  size_t i, dots = 0;

  if (n < 9 || memcmp(h, "127.", 4) != 0)
    return false;
  for (i = 0; i < n; i++) {
    if (h[i] == '.')
      dots++;
    else if (h[i] < '0' || h[i] > '9')
      return false;
  }
  return dots == 3;
}

enum host_kind hosts_classify(struct corsim_str url, struct host_name *out) {
  char *norm, *with_scheme = NULL;
  const char *p, *auth, *end, *host, *at;
  size_t hl;
  long len;
  bool https;
  enum host_kind kind;

  /* Browsers drop leading and trailing C0 controls and spaces. */
  while (url.len > 0 && is_space_or_c0(url.ptr[0])) {
    url.ptr++;
    url.len--;
  }
  if (url.len >= 2 && (url.ptr[0] == '/' || url.ptr[0] == '\\') &&
      (url.ptr[1] == '/' || url.ptr[1] == '\\')) {
    with_scheme = malloc(url.len + 5);
    if (with_scheme == NULL)
      return HOST_NONE;
    memcpy(with_scheme, "http:", 5);
    memcpy(with_scheme + 5, url.ptr, url.len);
    url.ptr = with_scheme;
    url.len += 5;
  }
  norm = malloc(URL_CAP);
  if (norm == NULL) {
    free(with_scheme);
    return HOST_NONE;
  }
  len = corsim_url_normalize(url, norm, URL_CAP);
  free(with_scheme);
  if (len < 0) {
    free(norm);
    return HOST_NONE;
  }
  if (strncmp(norm, "http://", 7) == 0) {
    https = false;
    auth = norm + 7;
  } else if (strncmp(norm, "https://", 8) == 0) {
    https = true;
    auth = norm + 8;
  } else {
    free(norm);
    return HOST_NONE;
  }
  end = auth + strcspn(auth, "/?#");
  at = NULL;
  for (p = auth; p < end; p++)
    if (*p == '@')
      at = p;
  host = at != NULL ? at + 1 : auth;
  if (*host == '[') {
    p = memchr(host, ']', (size_t)(end - host));
    p = p != NULL ? p + 1 : end;
  } else {
    p = memchr(host, ':', (size_t)(end - host));
    if (p == NULL)
      p = end;
  }
  hl = (size_t)(p - host);
  snprintf(out->host, sizeof out->host, "%.*s", (int)hl, host);
  out->port = https ? 443 : 80;
  if (p < end && *p == ':' && p + 1 < end) {
    long port = 0;
    for (p++; p < end && *p >= '0' && *p <= '9' && port <= 65535; p++)
      port = port * 10 + (*p - '0');
    out->port = (int)port;
  }
  if (https)
    kind = HOST_HTTPS;
  else if (out->port > 0 && out->port <= 65535 &&
           ((hl == 9 && memcmp(host, "localhost", 9) == 0) ||
            (hl == 5 && memcmp(host, "[::1]", 5) == 0) ||
            is_loopback_v4(host, hl)))
    kind = HOST_LOOPBACK;
  else
    kind = HOST_FOREIGN;
  free(norm);
  return kind;
}

void host_name_format(const struct host_name *n, char *buf, size_t cap) {
  snprintf(buf, cap, "%s:%d", n->host, n->port);
}

void host_name_url_host(const struct host_name *n, char *buf, size_t cap) {
  if (n->port == 80)
    snprintf(buf, cap, "%s", n->host);
  else
    snprintf(buf, cap, "%s:%d", n->host, n->port);
}

size_t host_name_bind_ips(const struct host_name *n, const char *ips[2]) {
  if (strcmp(n->host, "localhost") == 0) {
    ips[0] = "127.0.0.1";
    ips[1] = "::1";
    return 2;
  }
  if (strcmp(n->host, "[::1]") == 0) {
    ips[0] = "::1";
    return 1;
  }
  ips[0] = n->host;
  return 1;
}

void hosts_init(struct hosts *h) {
  h->names = NULL;
  h->n = 0;
  h->cap = 0;
}

void hosts_cleanup(struct hosts *h) {
  free(h->names);
  hosts_init(h);
}

bool hosts_has(const struct hosts *h, const struct host_name *n) {
  size_t i;
  for (i = 0; i < h->n; i++)
    if (h->names[i].port == n->port && strcmp(h->names[i].host, n->host) == 0)
      return true;
  return false;
}

int hosts_add(struct hosts *h, const struct host_name *n) {
  if (hosts_has(h, n))
    return 0;
  if (h->n == h->cap) {
    size_t cap = h->cap == 0 ? 8 : h->cap * 2;
    struct host_name *p = realloc(h->names, cap * sizeof *p);
    if (p == NULL)
      return -1;
    h->names = p;
    h->cap = cap;
  }
  h->names[h->n++] = *n;
  return 0;
}
