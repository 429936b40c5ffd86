/*
 * hosts.h - which hosts and ports corsim serve can listen on, and the set
 * of them that the scenarios name.
 *
 * serve answers on loopback only: 127.0.0.0/8, localhost (bound as
 * 127.0.0.1 and ::1) and [::1]. It has no TLS, so https URLs cannot be
 * served either. A URL that is not http(s), or not a valid URL, never
 * reaches the network and needs no listener.
 */
#ifndef CORSIM_LIVE_HOSTS_H
#define CORSIM_LIVE_HOSTS_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>

#define HOST_NAME_CAP 256

/* An authority as the normalised URL spells it: "127.0.0.1", "localhost",
 * "[::1]", "app.example"; and the port (80 when the URL gives none). */
struct host_name {
  char host[HOST_NAME_CAP]; /* truncated when longer (only in messages) */
  int port;
};

enum host_kind {
  HOST_NONE,     /* not an http(s) URL, or not a valid one: no network */
  HOST_LOOPBACK, /* http on a loopback host: can be served */
  HOST_HTTPS,    /* https: cannot be served (no TLS) */
  HOST_FOREIGN   /* http on another host, or port 0: cannot be served */
};

/*
 * Classifies an absolute URL; a scheme-relative one ("//host/...") is read
 * as http. Fills *out for every kind but HOST_NONE.
 */
enum host_kind hosts_classify(struct corsim_str url, struct host_name *out);

/* "127.0.0.1:8002", "localhost:80", "[::1]:8003": the authority with its
 * port always written. */
void host_name_format(const struct host_name *n, char *buf, size_t cap);

/* What a URL parser's host gives: the port left out when it is 80. */
void host_name_url_host(const struct host_name *n, char *buf, size_t cap);

/* The IP addresses to bind for n: 127.0.0.1 and ::1 for localhost, else
 * one. Returns how many (at most 2). */
size_t host_name_bind_ips(const struct host_name *n, const char *ips[2]);

/* A set of authorities, in the order they were first added. */
struct hosts {
  struct host_name *names;
  size_t n, cap;
};

void hosts_init(struct hosts *h);
void hosts_cleanup(struct hosts *h);
/* Adds n unless present. Returns 0, or -1 when out of memory. */
int hosts_add(struct hosts *h, const struct host_name *n);
bool hosts_has(const struct hosts *h, const struct host_name *n);

#endif
