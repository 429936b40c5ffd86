/*
 * bench_wire_http1.c - throughput of the wire layer's HTTP/1.x parsing on
 * typical CORS traffic: a browser's preflight and its answer, then the
 * actual request and response, with the headers Chromium sends. Prints
 * MB/s of (a) the head parsers alone over the heads and (b) a connection
 * (http_conn.c) fed the whole stream, bodies included, in 1448-byte
 * segments. Prints figures, asserts nothing. argv[1]: megabytes of
 * traffic (8).
 *
 *   cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -Isim/include -Isim/core \
 *     -Isim/wire tests/bench/bench_wire_http1.c sim/wire/http1.c \
 *     sim/wire/http_conn.c -o build/bench_wire_http1 && build/bench_wire_http1
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http1.h"
#include "http_conn.h"

static const char preflight[] =
    "OPTIONS /api/v2/items?page=3 HTTP/1.1\r\n"
    "Host: api.example.com\r\n"
    "Connection: keep-alive\r\n"
    "Accept: */*\r\n"
    "Access-Control-Request-Method: PUT\r\n"
    "Access-Control-Request-Headers: authorization,content-type,x-request-id\r\n"
    "Origin: https://app.example.org\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/126.0.0.0 Safari/537.36\r\n"
    "Sec-Fetch-Mode: cors\r\n"
    "Sec-Fetch-Site: cross-site\r\n"
    "Sec-Fetch-Dest: empty\r\n"
    "Referer: https://app.example.org/\r\n"
    "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    "Accept-Language: en-US,en;q=0.9\r\n"
    "\r\n";

static const char preflight_resp[] =
    "HTTP/1.1 204 No Content\r\n"
    "Date: Tue, 11 Jun 2024 10:00:00 GMT\r\n"
    "Connection: keep-alive\r\n"
    "Access-Control-Allow-Origin: https://app.example.org\r\n"
    "Access-Control-Allow-Credentials: true\r\n"
    "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
    "Access-Control-Allow-Headers: authorization, content-type, x-request-id\r\n"
    "Access-Control-Max-Age: 600\r\n"
    "Vary: Origin, Access-Control-Request-Method, "
    "Access-Control-Request-Headers\r\n"
    "Server: nginx\r\n"
    "\r\n";

static const char actual[] =
    "PUT /api/v2/items?page=3 HTTP/1.1\r\n"
    "Host: api.example.com\r\n"
    "Connection: keep-alive\r\n"
    "Content-Length: 27\r\n"
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIx"
    "MjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\r\n"
    "Content-Type: application/json\r\n"
    "X-Request-Id: 8c1d6f0e-4f5b-4c8e-9a51-0b7d7d3f2a11\r\n"
    "Accept: application/json\r\n"
    "Origin: https://app.example.org\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/126.0.0.0 Safari/537.36\r\n"
    "Sec-Fetch-Mode: cors\r\n"
    "Sec-Fetch-Site: cross-site\r\n"
    "Sec-Fetch-Dest: empty\r\n"
    "Referer: https://app.example.org/\r\n"
    "Accept-Encoding: gzip, deflate, br, zstd\r\n"
    "Accept-Language: en-US,en;q=0.9\r\n"
    "Cookie: session=3f2a11c8e9a51; theme=dark\r\n"
    "\r\n"
    "{\"id\":42,\"name\":\"renamed\"}\n";

static const char actual_resp[] =
    "HTTP/1.1 200 OK\r\n"
    "Date: Tue, 11 Jun 2024 10:00:00 GMT\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 60\r\n"
    "Connection: keep-alive\r\n"
    "Access-Control-Allow-Origin: https://app.example.org\r\n"
    "Access-Control-Allow-Credentials: true\r\n"
    "Access-Control-Expose-Headers: X-Request-Id, X-RateLimit-Remaining\r\n"
    "X-Request-Id: 8c1d6f0e-4f5b-4c8e-9a51-0b7d7d3f2a11\r\n"
    "X-RateLimit-Remaining: 99\r\n"
    "Vary: Origin\r\n"
    "Cache-Control: no-store\r\n"
    "ETag: W/\"3d-1f2e3d4c\"\r\n"
    "Server: nginx\r\n"
    "\r\n"
    "{\"id\":42,\"name\":\"renamed\",\"updated\":\"2024-06-11T10:00:00Z\"}\n";

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static unsigned long long nexchanges;

static void on_exchange(void *user, const struct wire_exchange *x) {
  (void)user;
  nexchanges += x->resp.status != 0;
}

int main(int argc, char **argv) {
  const char *parts[4] = {preflight, preflight_resp, actual, actual_resp};
  size_t lens[4], round_len = 0, n = 0, rounds, i, k;
  char *buf;
  double t0, t1, best_heads = 1e9, best_conn = 1e9;
  struct corsim_header hdrs[64];
  struct wire_message m;
  size_t head_bytes = 0;
  int rep;

  for (i = 0; i < 4; i++) {
    lens[i] = strlen(parts[i]);
    round_len += lens[i];
  }
  /* argv[1]: megabytes of traffic (8 by default) */
  rounds = ((argc > 1 ? strtoul(argv[1], NULL, 10) : 8) << 20) / round_len;
  if (rounds == 0)
    rounds = 1;
  buf = malloc(rounds * round_len);
  if (buf == NULL)
    return 1;
  for (k = 0; k < rounds; k++)
    for (i = 0; i < 4; i++) {
      memcpy(buf + n, parts[i], lens[i]);
      n += lens[i];
    }

  /* (a) heads only: each message's head parsed where it lies. */
  for (rep = 0; rep < 7; rep++) {
    size_t off = 0;
    head_bytes = 0;
    t0 = now();
    for (k = 0; k < rounds; k++)
      for (i = 0; i < 4; i++) {
        size_t nh = 64;
        int rc = (i % 2 == 0)
                     ? wire_http1_parse_request(buf + off, lens[i], 0, &m,
                                                hdrs, &nh)
                     : wire_http1_parse_response(buf + off, lens[i], 0, &m,
                                                 hdrs, &nh);
        if (rc <= 0)
          return 2;
        head_bytes += (size_t)rc;
        off += lens[i];
      }
    t1 = now();
    if (t1 - t0 < best_heads)
      best_heads = t1 - t0;
  }

  /* (b) a connection: both directions, bodies framed and skipped. */
  for (rep = 0; rep < 7; rep++) {
    struct wire_conn_info c;
    struct wire_exchange_cb cb = {NULL, on_exchange, NULL, NULL};
    struct wire_http_conn *h;
    size_t off = 0;
    uint64_t packet = 0;

    memset(&c, 0, sizeof c);
    h = wire_http_conn_new(&c, &cb);
    nexchanges = 0;
    t0 = now();
    for (k = 0; k < rounds; k++)
      for (i = 0; i < 4; i++) {
        size_t done = 0;
        while (done < lens[i]) {
          size_t seg = lens[i] - done < 1448 ? lens[i] - done : 1448;
          wire_http_conn_data(h, (int)(i % 2),
                              (const uint8_t *)buf + off + done, seg,
                              ++packet, 0);
          done += seg;
        }
        off += lens[i];
      }
    wire_http_conn_close(h, ++packet, 0);
    t1 = now();
    wire_http_conn_free(h);
    if (nexchanges != 2 * rounds)
      return 3;
    if (t1 - t0 < best_conn)
      best_conn = t1 - t0;
  }

  printf("buffer: %zu bytes, %zu exchanges (%zu bytes of heads)\n", n,
         2 * rounds, head_bytes);
  printf("head parsers: %.0f MB/s of heads (%.0f ns per head)\n",
         (double)head_bytes / best_heads / 1e6,
         best_heads / (double)(4 * rounds) * 1e9);
  printf("connection:   %.0f MB/s of stream (%.0f ns per exchange)\n",
         (double)n / best_conn / 1e6,
         best_conn / (double)(2 * rounds) * 1e9);
  free(buf);
  return 0;
}
