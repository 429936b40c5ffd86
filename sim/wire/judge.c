/*
 * judge.c - recorded exchanges to script requests and verdicts (see
 * judge.h for the model). Everything a record keeps is copied into one
 * allocation per record; records live in a list ordered by the time
 * their request started, for as long as the window needs them.
 */
#include "judge.h"

#include "str.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
_Static_assert(sizeof(struct corsim_str) == 16 &&
                   offsetof(struct corsim_str, ptr) == 0 &&
                   sizeof(const char *) == 8,
               "a slice is two words, the pointer first");
#endif

#define URL_CAP 8192
#define MAX_HOPS 24      /* preflight, actual and 20 redirects, with room */
#define MAX_INFERRED 8
#define CTX_MAX 256      /* page contexts kept; the oldest goes first */
#define UA_KEPT 511      /* User-Agent bytes that decide the browser */

/* ---- records ----------------------------------------------------------- */

/* The request headers the judge reads, found once per record: each was
 * looked up by name (a strncasecmp per header) several times per
 * request. */
enum query {
  Q_ORIGIN,
  Q_ACRM, /* Access-Control-Request-Method */
  Q_ACRH, /* Access-Control-Request-Headers */
  Q_MODE, /* Sec-Fetch-Mode */
  Q_COOKIE,
  Q_UA,
  Q_REFERER,
  Q_COUNT,
  Q_HOST = Q_COUNT /* found with them, for the URL; not kept */
};

/* Which query a header name answers, or -1; by length first. */
static int query_of(struct corsim_str name) {
  switch (name.len) {
  case 4:
    return CORSIM_IEQ_LIT(name, "host") ? Q_HOST : -1;
  case 6:
    return CORSIM_IEQ_LIT(name, "origin")   ? Q_ORIGIN
           : CORSIM_IEQ_LIT(name, "cookie") ? Q_COOKIE
                                            : -1;
  case 7:
    return CORSIM_IEQ_LIT(name, "referer") ? Q_REFERER : -1;
  case 10:
    return CORSIM_IEQ_LIT(name, "user-agent") ? Q_UA : -1;
  case 14:
    return CORSIM_IEQ_LIT(name, "sec-fetch-mode") ? Q_MODE : -1;
  case 29:
    return CORSIM_IEQ_LIT(name, "access-control-request-method") ? Q_ACRM : -1;
  case 30:
    return CORSIM_IEQ_LIT(name, "access-control-request-headers") ? Q_ACRH : -1;
  default:
    return -1;
  }
}

struct rec {
  struct rec *prev, *next; /* the window, by (ts, seq) */
  double ts;               /* the request's first packet */
  uint64_t seq;            /* arrival order, for equal times */
  struct corsim_str method, url;
  struct corsim_header *req_h;
  size_t nreq;
  bool has_resp;
  int status;
  struct corsim_header *resp_h;
  size_t nresp;
  bool incomplete;
  struct wire_verdict_source src;
  struct corsim_str har_error, har_resource;
  bool preflight;           /* OPTIONS with Origin and ACRM */
  bool consumed;            /* used as a hop of another request */
  struct rec *pf;           /* an actual request's paired preflight */
  size_t size;              /* bytes it needs */
  size_t cap;               /* bytes allocated for it (>= size) */
  uint32_t q[Q_COUNT];      /* 1 + the index of the first request header
                               of each name the judge reads; 0: none */
  /* The header arrays, then the strings: aligned for the arrays. */
  _Alignas(struct corsim_header) char mem[];
};

/* The first request header named q's name, or {NULL, 0}. */
static struct corsim_str req_get(const struct rec *r, enum query q) {
  if (r->q[q] == 0)
    return (struct corsim_str){NULL, 0};
  return r->req_h[r->q[q] - 1].value;
}

static bool str_is(struct corsim_str s, const char *lit) {
  size_t n = strlen(lit);
  return s.ptr != NULL && s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static bool str_same(struct corsim_str a, struct corsim_str b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Appends p[0..len) to out at *n, up to a NUL in it as "%.*s" would;
 * false when out[0..cap) cannot hold it and a final NUL. */
static bool url_put(char *out, size_t cap, size_t *n, const char *p,
                    size_t len) {
  const char *z = len > 0 ? memchr(p, '\0', len) : NULL;
  if (z != NULL)
    len = (size_t)(z - p);
  if (len >= cap - *n)
    return false;
  if (len > 0)
    memcpy(out + *n, p, len);
  *n += len;
  return true;
}

/* The absolute URL a captured request was for: its absolute-form target,
 * or http:// + Host + target (TLS connections are not followed, so a
 * capture's requests are http). Normalised as the core writes wire URLs.
 * host: the request's first Host value (ptr NULL when none). Built with
 * memcpy rather than snprintf: once per exchange. */
/* Bytes of simple hosts and targets (host_simple, target_simple), by
 * class: U_HOST letters, digits, ".-:"; U_PATH what a path keeps as it
 * is: letters, digits, "-_~/!$&*+,;=:@." ('/' and '.' also have their own
 * class, for the dot segments). */
enum { U_HOST = 1, U_PATH = 2, U_SLASH = 4, U_DOT = 8 };
static const unsigned char url_class[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3,
    ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3, ['a'] = 3, ['b'] = 3,
    ['c'] = 3, ['d'] = 3, ['e'] = 3, ['f'] = 3, ['g'] = 3, ['h'] = 3,
    ['i'] = 3, ['j'] = 3, ['k'] = 3, ['l'] = 3, ['m'] = 3, ['n'] = 3,
    ['o'] = 3, ['p'] = 3, ['q'] = 3, ['r'] = 3, ['s'] = 3, ['t'] = 3,
    ['u'] = 3, ['v'] = 3, ['w'] = 3, ['x'] = 3, ['y'] = 3, ['z'] = 3,
    ['A'] = 3, ['B'] = 3, ['C'] = 3, ['D'] = 3, ['E'] = 3, ['F'] = 3,
    ['G'] = 3, ['H'] = 3, ['I'] = 3, ['J'] = 3, ['K'] = 3, ['L'] = 3,
    ['M'] = 3, ['N'] = 3, ['O'] = 3, ['P'] = 3, ['Q'] = 3, ['R'] = 3,
    ['S'] = 3, ['T'] = 3, ['U'] = 3, ['V'] = 3, ['W'] = 3, ['X'] = 3,
    ['Y'] = 3, ['Z'] = 3, ['-'] = 3, [':'] = 3, ['.'] = 3 | U_DOT,
    ['_'] = 2, ['~'] = 2, ['!'] = 2, ['$'] = 2, ['&'] = 2, ['*'] = 2,
    ['+'] = 2, [','] = 2, [';'] = 2, ['='] = 2, ['@'] = 2,
    ['/'] = 2 | U_SLASH};

/* A Host value made only of letters, digits, '.', '-' and ':': the
 * authority of "http://" + it + a target ends where the target begins,
 * whatever the target, and its normalised form does not depend on it. */
static bool host_simple(struct corsim_str h) {
  if (h.len == 0 || h.len >= WIRE_JUDGE_HOST_MAX)
    return false;
  for (size_t i = 0; i < h.len; i++)
    if ((url_class[(unsigned char)h.ptr[i]] & U_HOST) == 0)
      return false;
  return true;
}

/*
 * An origin-form target that URL normalisation leaves exactly as it is:
 * "/" then letters, digits and "-_~/!$&*+,;=:@." in the path (no segment
 * "." or "..", the only ones it rewrites) and those and "?" in the query.
 * No '%', '\\', '#', quotes, brackets, controls, spaces or bytes from
 * 0x80, which it may encode, rewrite or drop.
 */
static bool target_simple(struct corsim_str t) {
  if (t.len == 0 || t.ptr[0] != '/')
    return false;
  size_t i = 0, path;
  unsigned seen = 0;
  const unsigned char *u = (const unsigned char *)t.ptr;
  /* Four bytes a round while all four are path bytes. */
  while (t.len - i >= 4) {
    unsigned a = url_class[u[i]], b = url_class[u[i + 1]],
             c = url_class[u[i + 2]], d = url_class[u[i + 3]];
    if ((a & b & c & d & U_PATH) == 0)
      break;
    seen |= a | b | c | d;
    i += 4;
  }
  while (i < t.len && (url_class[u[i]] & U_PATH) != 0)
    seen |= url_class[u[i++]];
  path = i;
  if (i < t.len) {
    if (t.ptr[i] != '?')
      return false;
    for (i++; i < t.len; i++)
      if ((url_class[(unsigned char)t.ptr[i]] & U_PATH) == 0 &&
          t.ptr[i] != '?')
        return false;
  }
  if ((seen & U_DOT) == 0)
    return true;
  /* Some '.': no path segment may be "." or "..". */
  for (size_t seg = 1, k = 1; k <= path; k++) {
    if (k < path && t.ptr[k] != '/')
      continue;
    size_t n = k - seg;
    if ((n == 1 && t.ptr[seg] == '.') ||
        (n == 2 && t.ptr[seg] == '.' && t.ptr[seg + 1] == '.'))
      return false;
    seg = k + 1;
  }
  return true;
}

/* The normalised "http://" + host + target from hosts, when host and
 * target are simple: the origin part of "http://" + host + "/" is
 * normalised once per host and the target appended as it is. Returns
 * the length, or -1 to normalise the whole. */
static long url_from_hosts(struct wire_judge_hosts *hc, struct corsim_str host,
                           struct corsim_str target, char *out, size_t cap) {
  if (hc == NULL || host.len == 0 || !target_simple(target))
    return -1;
  /* Only simple hosts are kept: one found needs no check. */
  struct wire_judge_host *e = NULL;
  for (size_t i = 0; i < WIRE_JUDGE_HOSTS; i++)
    if (hc->e[i].host_len == host.len &&
        memcmp(hc->e[i].host, host.ptr, host.len) == 0) {
      e = &hc->e[i];
      break;
    }
  if (e == NULL) {
    if (!host_simple(host))
      return -1;
    char raw[WIRE_JUDGE_HOST_MAX + 16], norm[2 * WIRE_JUDGE_HOST_MAX];
    memcpy(raw, "http://", 7);
    memcpy(raw + 7, host.ptr, host.len);
    raw[7 + host.len] = '/';
    long n = corsim_url_normalize((struct corsim_str){raw, 8 + host.len}, norm,
                                  sizeof(norm));
    if (n < 1 || norm[n - 1] != '/')
      return -1;
    /* The least recently used entry goes. */
    e = &hc->e[0];
    for (size_t i = 1; i < WIRE_JUDGE_HOSTS; i++)
      if (hc->e[i].used < e->used)
        e = &hc->e[i];
    memcpy(e->host, host.ptr, host.len);
    e->host_len = host.len;
    memcpy(e->origin, norm, (size_t)n - 1);
    e->origin_len = (size_t)n - 1;
  }
  e->used = ++hc->clock;
  if (e->origin_len + target.len >= cap)
    return -1;
  memcpy(out, e->origin, e->origin_len);
  memcpy(out + e->origin_len, target.ptr, target.len);
  out[e->origin_len + target.len] = '\0';
  return (long)(e->origin_len + target.len);
}

static long request_url(const struct wire_exchange *x, struct corsim_str host,
                        struct wire_judge_hosts *hosts, char *out,
                        size_t cap) {
  char raw[URL_CAP];
  size_t n = 0;
  bool fits;
  if (x->url.len > 0) {
    fits = url_put(raw, sizeof(raw), &n, x->url.ptr, x->url.len);
  } else if (x->req.target.len > 0 && x->req.target.ptr[0] != '/') {
    fits = url_put(raw, sizeof(raw), &n, x->req.target.ptr, x->req.target.len);
  } else {
    char hostbuf[80];
    if (host.ptr == NULL && x->conn != NULL) {
      const struct wire_endpoint *s = &x->conn->server;
      if (s->family == 4)
        snprintf(hostbuf, sizeof(hostbuf), "%u.%u.%u.%u:%u", s->addr[0],
                 s->addr[1], s->addr[2], s->addr[3], s->port);
      else {
        int k = snprintf(hostbuf, sizeof(hostbuf), "[");
        for (int i = 0; i < 16; i += 2)
          k += snprintf(hostbuf + k, sizeof(hostbuf) - (size_t)k, "%s%x",
                        i ? ":" : "", s->addr[i] << 8 | s->addr[i + 1]);
        snprintf(hostbuf + k, sizeof(hostbuf) - (size_t)k, "]:%u", s->port);
      }
      host = corsim_str_c(hostbuf);
    }
    if (host.ptr == NULL)
      return -1;
    /* Simple hosts and targets hold no NUL: the raw URL fits as below. */
    if (7 + host.len + x->req.target.len < sizeof(raw)) {
      long u = url_from_hosts(hosts, host, x->req.target, out, cap);
      if (u >= 0)
        return u;
    }
    fits = url_put(raw, sizeof(raw), &n, "http://", 7) &&
           url_put(raw, sizeof(raw), &n, host.ptr, host.len) &&
           url_put(raw, sizeof(raw), &n, x->req.target.ptr, x->req.target.len);
  }
  if (!fits)
    return -1;
  return corsim_url_normalize((struct corsim_str){raw, n}, out, cap);
}

/* Bytes that strings copied one by one take: each and a NUL. */
static size_t loose_size(const struct wire_message *m, size_t n,
                         bool request) {
  size_t t = request ? m->method.len + 1 : 0;
  for (size_t i = 0; i < n; i++)
    t += m->headers[i].name.len + m->headers[i].value.len + 2;
  return t;
}

/* v moved onto the copy of the head block (from head to base). Empty
 * strings are "" (never NULL: a header with an empty value is still
 * there). */
static struct corsim_str moved(struct corsim_str v, const char *head,
                               const char *base) {
  if (v.len == 0)
    return (struct corsim_str){"", 0};
  return (struct corsim_str){base + ((uintptr_t)v.ptr - (uintptr_t)head),
                             v.len};
}

/* Appends s to the record's memory at *off; returns the copy. */
static struct corsim_str put(struct rec *r, size_t *off, struct corsim_str s) {
  char *p = r->mem + *off;
  if (s.len > 0)
    memcpy(p, s.ptr, s.len);
  p[s.len] = '\0';
  *off += s.len + 1;
  return (struct corsim_str){p, s.len};
}

/* Keeps the n headers of m at h (and the method into *method for a
 * request): the head block with one memcpy when they all lie in it,
 * else each string. */
static void keep_message(struct rec *r, size_t *off, const struct wire_message *m,
                         size_t n, bool pk, struct corsim_header *h,
                         struct corsim_str *method) {
  if (pk) {
    char *base = r->mem + *off;
    if (m->head_len > 0)
      memcpy(base, m->head, m->head_len);
    *off += m->head_len;
    if (method != NULL)
      *method = moved(m->method, m->head, base);
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
    /* moved() of each slice, two words at a time: every pointer moves by
     * the same distance, then an empty slice gets "" (its pointer may lie
     * anywhere). */
    const __m128i d = _mm_set_epi64x(
        0, (long long)((uintptr_t)base - (uintptr_t)m->head));
    for (size_t i = 0; i < n; i++) {
      const struct corsim_header *f = &m->headers[i];
      __m128i a = _mm_loadu_si128((const __m128i *)(const void *)&f->name);
      __m128i b = _mm_loadu_si128((const __m128i *)(const void *)&f->value);
      _mm_storeu_si128((__m128i *)(void *)&h[i].name, _mm_add_epi64(a, d));
      _mm_storeu_si128((__m128i *)(void *)&h[i].value, _mm_add_epi64(b, d));
      if (f->name.len == 0)
        h[i].name.ptr = "";
      if (f->value.len == 0)
        h[i].value.ptr = "";
    }
#else
    for (size_t i = 0; i < n; i++) {
      h[i].name = moved(m->headers[i].name, m->head, base);
      h[i].value = moved(m->headers[i].value, m->head, base);
    }
#endif
    return;
  }
  if (method != NULL)
    *method = put(r, off, m->method);
  for (size_t i = 0; i < n; i++) {
    h[i].name = put(r, off, m->headers[i].name);
    h[i].value = put(r, off, m->headers[i].value);
  }
}

/* Bytes of a record fetched ahead of their use (its struct, header
 * arrays and most heads). */
#define PREFETCH_BYTES 1536

/* ---- the pool of freed records ------------------------------------------ */

/* Records are allocated in steps of this, so that a freed one fits the
 * next few, whose heads differ by some bytes. */
#define REC_STEP ((size_t)1024)

static struct rec *as_rec(struct wire_judge_record *r) {
  return (struct rec *)(void *)r;
}

static struct wire_judge_record *as_record(struct rec *r) {
  return (struct wire_judge_record *)(void *)r;
}

/* Memory for a record of size bytes: the pool's most recent record when
 * it is large enough (one that is not goes, so that the pool follows
 * the sizes in use), else a new one. */
static struct rec *rec_alloc(struct wire_judge_pool *pool, size_t size) {
  struct rec *r = pool != NULL ? as_rec(pool->head) : NULL;
  if (r != NULL) {
    pool->head = as_record(r->next);
    if (pool->head == NULL)
      pool->tail = NULL;
#if defined(__GNUC__) || defined(__clang__)
    else {
      /* The next record's memory was last the judge's thread's: fetched
       * ahead (its link is the next call's first load, and its first
       * lines are written next), not waited for then. */
      const char *next = (const char *)pool->head;
      for (size_t k = 0; k < PREFETCH_BYTES; k += 64)
        __builtin_prefetch(next + k, 1, 3);
    }
#endif
    pool->n--;
    pool->bytes -= r->cap;
    if (r->cap >= size)
      return r;
    free(r);
  }
  size_t cap = size <= SIZE_MAX - REC_STEP ? (size + REC_STEP - 1) & ~(REC_STEP - 1)
                                           : size;
  r = malloc(cap);
  if (r != NULL)
    r->cap = cap;
  return r;
}

/* Frees r (and its paired preflight) into pool, or to malloc when pool
 * is NULL or full. */
static void rec_free(struct rec *r, struct wire_judge_pool *pool) {
  while (r != NULL) {
    struct rec *pf = r->pf;
    if (pool == NULL || pool->n >= WIRE_JUDGE_POOL_MAX ||
        r->cap > WIRE_JUDGE_POOL_BYTES - pool->bytes) {
      free(r);
    } else {
      r->next = as_rec(pool->head);
      pool->head = as_record(r);
      if (pool->tail == NULL)
        pool->tail = pool->head;
      pool->n++;
      pool->bytes += r->cap;
    }
    r = pf;
  }
}

void wire_judge_pool_move(struct wire_judge_pool *to,
                          struct wire_judge_pool *from) {
  if (from->head == NULL)
    return;
  if (to->n + from->n > WIRE_JUDGE_POOL_MAX ||
      from->bytes > WIRE_JUDGE_POOL_BYTES - to->bytes) {
    /* One by one, up to the limits. */
    struct rec *r = as_rec(from->head);
    memset(from, 0, sizeof(*from));
    while (r != NULL) {
      struct rec *next = r->next;
      r->pf = NULL;
      rec_free(r, to);
      r = next;
    }
    return;
  }
  if (to->tail != NULL)
    as_rec(to->tail)->next = as_rec(from->head);
  else
    to->head = from->head;
  to->tail = from->tail;
  to->n += from->n;
  to->bytes += from->bytes;
  memset(from, 0, sizeof(*from));
}

void wire_judge_pool_clear(struct wire_judge_pool *p) {
  struct rec *r = as_rec(p->head);
  while (r != NULL) {
    struct rec *next = r->next;
    free(r);
    r = next;
  }
  memset(p, 0, sizeof(*p));
}

/*
 * A record of exchange x. Its strings are copied into the record's one
 * allocation: a head from http_conn as one block (the slices moved onto
 * the copy), other strings one by one. The request headers the judge
 * reads are found on the way.
 */
static struct rec *rec_new(const struct wire_exchange *x, uint64_t seq,
                           struct wire_judge_hosts *hosts,
                           struct wire_judge_pool *pool) {
  char url[URL_CAP];
  uint32_t q[Q_COUNT + 1] = {0};
  struct corsim_str host = {NULL, 0};
  const struct wire_message *rq = &x->req, *rp = &x->resp;
  size_t nreq = rq->nheaders;
  size_t nresp = x->has_response ? rp->nheaders : 0;

  for (size_t i = 0; i < nreq; i++) {
    int k = query_of(rq->headers[i].name);
    if (k >= 0 && q[k] == 0)
      q[k] = (uint32_t)i + 1;
  }
  if (q[Q_HOST] != 0)
    host = rq->headers[q[Q_HOST] - 1].value;
  long ulen = request_url(x, host, hosts, url, sizeof(url));
  if (ulen < 0)
    return NULL;
  /* wire.h: with head set, every non-empty slice lies in it. */
  bool rq_packed = rq->head != NULL;
  bool rp_packed = x->has_response && rp->head != NULL;
  size_t hsz = (nreq + nresp) * sizeof(struct corsim_header);
  size_t ssz = (rq_packed ? rq->head_len : loose_size(rq, nreq, true)) +
               (rp_packed ? rp->head_len : loose_size(rp, nresp, false)) +
               (size_t)ulen + 1 + x->har_error.len + 1 +
               x->har_resource.len + 1;
  /* Header arrays first, so that they are aligned. */
  struct rec *r = rec_alloc(pool, sizeof(*r) + hsz + ssz);
  if (r == NULL)
    return NULL;
  size_t cap = r->cap;
  memset(r, 0, sizeof(*r));
  r->cap = cap;
  r->size = sizeof(*r) + hsz + ssz;
  memcpy(r->q, q, sizeof(r->q));
  r->req_h = (struct corsim_header *)(void *)r->mem;
  r->resp_h = r->req_h + nreq;
  size_t off = hsz;
  r->seq = seq;
  r->ts = rq->span.first_ts;
  keep_message(r, &off, rq, nreq, rq_packed, r->req_h, &r->method);
  r->nreq = nreq;
  r->url = put(r, &off, (struct corsim_str){url, (size_t)ulen});
  r->has_resp = x->has_response;
  if (x->has_response) {
    r->status = rp->status;
    keep_message(r, &off, rp, nresp, rp_packed, r->resp_h, NULL);
    r->nresp = nresp;
  }
  r->har_error = put(r, &off, x->har_error);
  r->har_resource = put(r, &off, x->har_resource);
  r->incomplete = rq->incomplete || (x->has_response && rp->incomplete);
  r->src.conn = x->conn != NULL ? x->conn->id : 0;
  r->src.har_entry = x->conn != NULL ? SIZE_MAX : x->har_entry;
  r->src.req = rq->span;
  if (x->has_response)
    r->src.resp = rp->span;
  r->src.status = x->has_response ? rp->status : 0;
  r->preflight = str_is(r->method, "OPTIONS") &&
                 req_get(r, Q_ORIGIN).ptr != NULL &&
                 req_get(r, Q_ACRM).ptr != NULL;
  return r;
}

/* The serialised origin of a Referer ("http://h:p/path" -> "http://h:p"). */
static bool referer_origin(struct corsim_str ref, char *out, size_t cap) {
  if (ref.ptr == NULL || ref.len == 0 || ref.len >= cap)
    return false;
  char url[URL_CAP];
  long n = corsim_url_normalize(ref, url, sizeof(url));
  if (n < 0)
    return false;
  char *p = strstr(url, "://");
  if (p == NULL)
    return false;
  char *slash = strchr(p + 3, '/');
  if (slash != NULL)
    *slash = '\0';
  snprintf(out, cap, "%s", url);
  return true;
}

/* ---- the judge ------------------------------------------------------------ */

struct page {
  enum corsim_browser browser;
  char *origin;
  size_t origin_len;
  struct corsim_ctx *ctx;
  double t0;       /* capture time of the page's first request */
  uint64_t used;   /* for dropping the least recently used */
};

struct wire_judge {
  struct wire_judge_opts o;
  char *opt_origin; /* owned copy of o.origin */
  wire_verdict_cb cb;
  void *user;
  struct rec *head, *tail;
  size_t held; /* records in the window */
  uint64_t seq;
  double now; /* the latest capture time seen */
  struct page pages[CTX_MAX];
  size_t npages;
  uint64_t clock;
  /* The last User-Agent looked at (its first UA_KEPT bytes, as many as
   * wire_judge_browser_from_ua reads) and what it named: a capture's
   * requests mostly come from one browser, and naming it takes up to
   * four substring searches per request. */
  char ua[UA_KEPT];
  size_t ua_len; /* 0: none kept */
  bool ua_found;
  enum corsim_browser ua_browser;
  struct wire_judge_hosts hosts; /* for wire_judge_exchange's records */
  struct wire_judge_pool pool;   /* records freed here, for reuse */
  struct wire_judge_stats st;
};

void wire_judge_opts_init(struct wire_judge_opts *o) {
  memset(o, 0, sizeof(*o));
  o->browser = CORSIM_BROWSER_CHROMIUM;
  o->window = 10;
}

int wire_judge_new(struct wire_judge **out, const struct wire_judge_opts *o,
                   wire_verdict_cb cb, void *user) {
  struct wire_judge *j = calloc(1, sizeof(*j));
  if (j == NULL)
    return CORSIM_ENOMEM;
  j->o = *o;
  if (o->origin.ptr != NULL) {
    j->opt_origin = malloc(o->origin.len + 1);
    if (j->opt_origin == NULL) {
      free(j);
      return CORSIM_ENOMEM;
    }
    memcpy(j->opt_origin, o->origin.ptr, o->origin.len);
    j->opt_origin[o->origin.len] = '\0';
    j->o.origin = (struct corsim_str){j->opt_origin, o->origin.len};
  }
  if (!(j->o.window > 0))
    j->o.window = 10;
  j->cb = cb;
  j->user = user;
  *out = j;
  return 0;
}

const struct wire_judge_stats *wire_judge_stats(const struct wire_judge *j) {
  return &j->st;
}

bool wire_judge_browser_from_ua(struct corsim_str ua, enum corsim_browser *out) {
  char buf[UA_KEPT + 1];
  size_t n = ua.len < sizeof(buf) - 1 ? ua.len : sizeof(buf) - 1;
  if (ua.ptr == NULL || n == 0)
    return false;
  memcpy(buf, ua.ptr, n);
  buf[n] = '\0';
  /* Order matters: Chromium's UA also says "Safari/", and some Firefox
   * forks carry "like Gecko" texts. */
  if (strstr(buf, "Firefox/") != NULL) {
    *out = CORSIM_BROWSER_FIREFOX;
    return true;
  }
  if (strstr(buf, "Chrome/") != NULL || strstr(buf, "Chromium/") != NULL ||
      strstr(buf, "Edg/") != NULL || strstr(buf, "HeadlessChrome/") != NULL) {
    *out = CORSIM_BROWSER_CHROMIUM;
    return true;
  }
  if (strstr(buf, "AppleWebKit/") != NULL) {
    *out = CORSIM_BROWSER_WEBKIT;
    return true;
  }
  return false;
}

static void unlink_rec(struct wire_judge *j, struct rec *r) {
  j->held--;
  if (r->prev)
    r->prev->next = r->next;
  else
    j->head = r->next;
  if (r->next)
    r->next->prev = r->prev;
  else
    j->tail = r->prev;
  r->prev = r->next = NULL;
}

/* Inserted by (ts, seq): exchanges complete out of order, but rarely by
 * much, so the place is found from the tail. */
static void insert_rec(struct wire_judge *j, struct rec *r) {
  j->held++;
  struct rec *after = j->tail;
  while (after != NULL && after->ts > r->ts)
    after = after->prev;
  r->prev = after;
  r->next = after ? after->next : j->head;
  if (r->next)
    r->next->prev = r;
  else
    j->tail = r;
  if (after)
    after->next = r;
  else
    j->head = r;
}

static struct page *page_for(struct wire_judge *j, enum corsim_browser b,
                             struct corsim_str origin, double ts) {
  for (size_t i = 0; i < j->npages; i++) {
    struct page *p = &j->pages[i];
    if (p->browser == b && p->origin_len == origin.len &&
        memcmp(p->origin, origin.ptr, origin.len) == 0) {
      p->used = ++j->clock;
      return p;
    }
  }
  struct page *p;
  if (j->npages < CTX_MAX) {
    p = &j->pages[j->npages++];
  } else {
    p = &j->pages[0];
    for (size_t i = 1; i < j->npages; i++)
      if (j->pages[i].used < p->used)
        p = &j->pages[i];
    corsim_ctx_free(p->ctx);
    free(p->origin);
  }
  memset(p, 0, sizeof(*p));
  p->origin = malloc(origin.len + 1);
  if (p->origin == NULL || corsim_ctx_new(b, origin, &p->ctx) != 0) {
    free(p->origin);
    memset(p, 0, sizeof(*p));
    if (p == &j->pages[j->npages - 1])
      j->npages--;
    return NULL;
  }
  memcpy(p->origin, origin.ptr, origin.len);
  p->origin[origin.len] = '\0';
  p->origin_len = origin.len;
  p->browser = b;
  p->t0 = ts;
  p->used = ++j->clock;
  corsim_ctx_set_trace(p->ctx, j->o.trace);
  return p;
}

/* ---- rebuilding the script's request --------------------------------- */

/* Headers the browser adds or manages itself, which a script's request
 * shows on the wire without the script having set them. The forbidden
 * ones (Host, Cookie, Sec-*, ...) need no entry: the core drops them as
 * the browser's Headers object would. */
static bool browser_added(struct corsim_str name) {
  switch (name.len) {
  case 6:
    return CORSIM_IEQ_LIT(name, "pragma");
  case 7:
    return CORSIM_IEQ_LIT(name, "purpose");
  case 8:
    return CORSIM_IEQ_LIT(name, "priority");
  case 10:
    return CORSIM_IEQ_LIT(name, "user-agent");
  case 11:
    return CORSIM_IEQ_LIT(name, "sec-purpose");
  case 13:
    return CORSIM_IEQ_LIT(name, "cache-control") ||
           CORSIM_IEQ_LIT(name, "x-client-data");
  case 25:
    return CORSIM_IEQ_LIT(name, "upgrade-insecure-requests");
  default:
    return false;
  }
}

/* Whether name is one of the comma-separated items of list (the
 * Access-Control-Request-Headers a browser sent: lower-case, no spaces
 * in Chromium and Firefox; compared case-insensitively anyway). */
static bool listed(struct corsim_str list, struct corsim_str name) {
  size_t i = 0;
  while (i < list.len) {
    while (i < list.len && (list.ptr[i] == ' ' || list.ptr[i] == ','))
      i++;
    size_t b = i;
    while (i < list.len && list.ptr[i] != ',')
      i++;
    size_t e = i;
    while (e > b && list.ptr[e - 1] == ' ')
      e--;
    if (e - b == name.len && name.len > 0 &&
        strncasecmp(list.ptr + b, name.ptr, name.len) == 0)
      return true;
  }
  return false;
}

struct build {
  struct corsim_request req;
  struct corsim_header h[128];
  const char *inferred[MAX_INFERRED];
  size_t ninferred;
  enum corsim_browser browser;
};

static void infer(struct build *b, const char *fact) {
  if (b->ninferred < MAX_INFERRED)
    b->inferred[b->ninferred++] = fact;
}

static enum corsim_browser pick_browser(struct wire_judge *j,
                                        const struct rec *r, struct build *b) {
  enum corsim_browser br = CORSIM_BROWSER_CHROMIUM;
  if (j->o.browser_set)
    return j->o.browser;
  struct corsim_str ua = req_get(r, Q_UA);
  size_t n = ua.len < UA_KEPT ? ua.len : UA_KEPT;
  bool found;
  if (ua.ptr != NULL && n > 0 && n == j->ua_len &&
      memcmp(ua.ptr, j->ua, n) == 0) {
    found = j->ua_found;
    if (found)
      br = j->ua_browser;
  } else {
    found = wire_judge_browser_from_ua(ua, &br);
    if (ua.ptr != NULL && n > 0) {
      memcpy(j->ua, ua.ptr, n);
      j->ua_len = n;
      j->ua_found = found;
      j->ua_browser = br;
    }
  }
  if (!found)
    infer(b, "browser: no User-Agent names one; judged as Chromium");
  return br;
}

/* The script's call behind actual request r (and its preflight, if
 * any). */
static void build_actual(struct wire_judge *j, const struct rec *r,
                         struct build *b) {
  corsim_request_init(&b->req);
  b->browser = pick_browser(j, r, b);
  b->req.url = r->url;
  b->req.method = r->method;
  struct corsim_str acrh = r->pf ? req_get(r->pf, Q_ACRH)
                                 : (struct corsim_str){NULL, 0};
  size_t n = 0;
  for (size_t i = 0; i < r->nreq && n < sizeof(b->h) / sizeof(b->h[0]); i++) {
    struct corsim_str name = r->req_h[i].name;
    /* A header the preflight announced is the script's, whatever its
     * name; the others the browser may have added are not. */
    if (browser_added(name) && !(acrh.ptr && listed(acrh, name)))
      continue;
    b->h[n++] = r->req_h[i];
  }
  b->req.headers = b->h;
  b->req.nheaders = n;
  if (str_is(r->har_resource, "xhr"))
    b->req.api = CORSIM_API_XHR;
  /* A body is not recorded (nor needed): its Content-Type is on the
   * wire, and the core treats it as set by the script. */
  if (!str_is(r->method, "GET") && !str_is(r->method, "HEAD"))
    b->req.body = CORSIM_BODY_BYTES;
  struct corsim_str mode = req_get(r, Q_MODE);
  if (str_is(mode, "no-cors"))
    b->req.mode = CORSIM_MODE_NO_CORS;
  else if (str_is(mode, "same-origin"))
    b->req.mode = CORSIM_MODE_SAME_ORIGIN;
  if (req_get(r, Q_COOKIE).ptr != NULL) {
    b->req.credentials = CORSIM_CREDENTIALS_INCLUDE;
    infer(b, "credentials: include (the request carried Cookie)");
  } else {
    infer(b, "credentials: same-origin (no Cookie on the request)");
  }
}

/* The request a lone preflight announced: its method and header names;
 * the values were never sent, so each gets one that keeps the name
 * CORS-unsafe, which is why the browser listed it. */
static void build_announced(struct wire_judge *j, const struct rec *p,
                            struct build *b) {
  corsim_request_init(&b->req);
  b->browser = pick_browser(j, p, b);
  b->req.url = p->url;
  b->req.method = req_get(p, Q_ACRM);
  struct corsim_str acrh = req_get(p, Q_ACRH);
  size_t n = 0, i = 0;
  while (acrh.ptr && i < acrh.len && n < sizeof(b->h) / sizeof(b->h[0])) {
    while (i < acrh.len && (acrh.ptr[i] == ' ' || acrh.ptr[i] == ','))
      i++;
    size_t s = i;
    while (i < acrh.len && acrh.ptr[i] != ',')
      i++;
    size_t e = i;
    while (e > s && acrh.ptr[e - 1] == ' ')
      e--;
    if (e > s) {
      b->h[n].name = (struct corsim_str){acrh.ptr + s, e - s};
      b->h[n].value = (struct corsim_str){"(", 1};
      n++;
    }
  }
  b->req.headers = b->h;
  b->req.nheaders = n;
  if (!str_is(b->req.method, "GET") && !str_is(b->req.method, "HEAD"))
    b->req.body = CORSIM_BODY_BYTES;
  infer(b, "request: rebuilt from the preflight (its actual request never "
           "came); header values unknown");
  infer(b, "credentials: same-origin (a preflight never carries cookies)");
}

/* ---- running the core against the recording ------------------------- */

struct run {
  struct wire_verdict_source src[MAX_HOPS];
  size_t nsrc;
  bool pf_unused; /* a recorded preflight the model did not ask for */
  enum wire_verdict_kind kind;
  const char *why;
  char whybuf[256];
};

static void add_src(struct run *u, const struct rec *r, enum wire_role role) {
  if (u->nsrc < MAX_HOPS) {
    u->src[u->nsrc] = r->src;
    u->src[u->nsrc].role = role;
    u->nsrc++;
  }
}

static struct corsim_wire_response answer(const struct rec *r) {
  return (struct corsim_wire_response){r->status, r->resp_h, r->nresp};
}

/* The Access-Control-Request-Method of a preflight the core wants: what
 * a recorded preflight must have announced to be the one. */
static struct corsim_str wire_acrm(const struct corsim_wire_request *w) {
  for (size_t i = 0; i < w->nheaders; i++)
    if (CORSIM_IEQ_LIT(w->headers[i].name, "access-control-request-method"))
      return w->headers[i].value;
  return (struct corsim_str){NULL, 0};
}

/* The recorded follow-up of a redirect, or a preflight recorded after
 * its actual request: the next unconsumed request for url after `after`,
 * within the window, with method (a preflight: that announced method,
 * Access-Control-Request-Method). A HAR lists a preflight after the
 * request it was for: Chromium and Firefox both report the request
 * first (its startedDateTime is earlier) and then the preflight the
 * network stack makes for it. */
static struct rec *find_hop(struct wire_judge *j, const struct rec *after,
                            struct corsim_str url, struct corsim_str method,
                            bool preflight) {
  for (struct rec *r = after->next; r != NULL; r = r->next) {
    if (r->ts > after->ts + j->o.window)
      break;
    if (r->consumed || r->preflight != preflight)
      continue;
    if (!str_same(r->url, url))
      continue;
    if (preflight ? str_same(req_get(r, Q_ACRM), method)
                  : str_same(r->method, method))
      return r;
  }
  return NULL;
}

/* Drives f with the recording. first: the record of the actual request
 * (NULL for a lone preflight, whose actual never went out). Returns true
 * when f reached its result. */
static bool drive(struct wire_judge *j, struct corsim_fetch *f, struct rec *first,
                  struct rec *pf, struct run *u) {
  struct corsim_wire_request w;
  struct rec *last = first != NULL ? first : pf;
  bool first_actual = true;
  while (corsim_fetch_next(f, &w)) {
    if (w.hypothetical) {
      /* The core's "once the first is fixed" analysis: answered only
       * when the recording holds the exchange, never guessed. */
      (void)corsim_fetch_feed(f, NULL);
      continue;
    }
    struct rec *r = NULL;
    if (w.preflight) {
      if (pf != NULL && str_same(pf->url, w.url)) {
        r = pf;
        pf = NULL;
      } else {
        r = find_hop(j, last, w.url, wire_acrm(&w), true);
      }
      if (r == NULL) {
        u->kind = WIRE_VERDICT_MISSING;
        snprintf(u->whybuf, sizeof(u->whybuf),
                 "the browser had to send a preflight (OPTIONS %.*s) that "
                 "the recording lacks: it was cached from before the "
                 "recording started, or the recording missed it",
                 (int)w.url.len, w.url.ptr);
        u->why = u->whybuf;
        return false;
      }
      add_src(u, r, WIRE_ROLE_PREFLIGHT);
    } else if (first_actual) {
      first_actual = false;
      if (first == NULL) {
        u->kind = WIRE_VERDICT_PREFLIGHT_ONLY;
        u->why = "the preflight allows the request, yet the actual request "
                 "never went out: the recording ended, or the page gave up";
        return false;
      }
      r = first;
      add_src(u, r, WIRE_ROLE_ACTUAL);
    } else {
      r = find_hop(j, last, w.url, w.method, false);
      if (r == NULL) {
        u->kind = WIRE_VERDICT_MISSING;
        snprintf(u->whybuf, sizeof(u->whybuf),
                 "the browser follows the redirect to %.*s %.*s, which the "
                 "recording lacks",
                 (int)w.method.len, w.method.ptr, (int)w.url.len, w.url.ptr);
        u->why = u->whybuf;
        return false;
      }
      add_src(u, r, WIRE_ROLE_REDIRECT);
    }
    r->consumed = true;
    if (!w.preflight && pf != NULL && first != NULL) {
      /* The actual request goes out while the recorded preflight is
       * still unused: the model thought none was needed. */
      u->pf_unused = true;
      pf = NULL;
    }
    if (!r->has_resp || r->incomplete) {
      u->kind = WIRE_VERDICT_INCOMPLETE;
      u->why = r->has_resp ? "an exchange the request needs was cut short "
                             "(lost packets or the end of the recording)"
                           : "an exchange the request needs has no response "
                             "in the recording";
      if (!r->has_resp && r->har_error.len > 0) {
        u->kind = WIRE_VERDICT_FAILED;
        snprintf(u->whybuf, sizeof(u->whybuf),
                 "the browser recorded a failure (%.*s) and no response: "
                 "it blocked or lost the request, and the recording does "
                 "not say why",
                 (int)r->har_error.len, r->har_error.ptr);
        u->why = u->whybuf;
      }
      return false;
    }
    struct corsim_wire_response resp = answer(r);
    (void)corsim_fetch_feed(f, &resp);
    last = r;
  }
  return true;
}

static void emit(struct wire_judge *j, struct build *b, struct page *pg,
                 const struct rec *r, struct run *u,
                 const struct corsim_result *res) {
  struct wire_verdict v;
  memset(&v, 0, sizeof(v));
  v.number = ++j->st.script_requests;
  v.kind = u->kind;
  v.why = u->why;
  v.ts = r->ts;
  v.browser = b->browser;
  v.origin = (struct corsim_str){pg->origin, pg->origin_len};
  v.url = b->req.url;
  v.method = b->req.method;
  v.request = &b->req;
  v.result = res;
  v.sources = u->src;
  v.nsources = u->nsrc;
  v.inferred = b->inferred;
  v.ninferred = b->ninferred;
  if (res != NULL && res->blocked) {
    j->st.blocked++;
    if ((unsigned)res->error < CORSIM_REASON_COUNT_)
      j->st.blocked_by[res->error]++;
  }
  if (res == NULL)
    j->st.unknown++;
  if (u->kind == WIRE_VERDICT_JUDGED && u->why != NULL)
    j->st.disagreements++;
  j->cb(j->user, &v);
}

/* What the recording shows against what the model says, for a request
 * whose actual exchange is on the wire. */
static const char *contradiction(const struct corsim_result *res,
                                 const struct run *u, const struct rec *r) {
  if (u->pf_unused)
    return "the browser sent a preflight the model did not ask for (an "
           "expired cache entry, or a header the model counts as safe)";
  if (!res->blocked)
    return NULL;
  /* Blocked before the actual request left: yet it is in the recording.
   * Unless the recording is a HAR whose entry has no response: DevTools
   * lists a request its preflight stopped, never sent (Chromium with
   * net::ERR_FAILED, Firefox with status 0 and no headers; observed in
   * Chromium 156 and Firefox 153: captures/chromium-basic.har and
   * firefox-basic.har,
   * put-header-not-allowed). */
  if (r->src.har_entry != SIZE_MAX && !r->has_resp)
    return NULL;
  bool actual_sent = false;
  for (size_t i = 0; i < res->nwire; i++)
    actual_sent = actual_sent || !res->wire[i].preflight;
  if (!actual_sent)
    return "the model says the browser would not send the request, yet the "
           "recording shows it: the inferred context (browser, credentials, "
           "headers) may differ from the page's";
  return NULL;
}

/*
 * The preflight recorded after a HAR entry for the request it was made
 * for, when the browser never sent that request: Chromium lists it with
 * the renderer's provisional headers, which carry no Origin (nor
 * Sec-Fetch-Mode), and no response; its preflight follows as an entry
 * of its own, Origin and all (observed in Chromium 156:
 * captures/chromium-basic.har, put-header-not-allowed). Same URL, the
 * announced method the entry's; taken out of the window and paired.
 */
static struct rec *unsent_request_preflight(struct wire_judge *j,
                                            struct rec *r) {
  if (r->src.har_entry == SIZE_MAX || r->has_resp || r->preflight ||
      r->pf != NULL)
    return NULL;
  for (struct rec *p = r->next; p != NULL; p = p->next) {
    if (p->ts > r->ts + j->o.window)
      break;
    if (p->preflight && !p->consumed && str_same(p->url, r->url) &&
        str_same(req_get(p, Q_ACRM), r->method)) {
      unlink_rec(j, p);
      r->pf = p;
      return p;
    }
  }
  return NULL;
}

/* A failure text that says the request was cancelled, not refused:
 * Chromium's net::ERR_ABORTED (the runner pages' result POSTs, cut off
 * by the next page: captures/chromium-basic.har), Gecko's
 * NS_BINDING_ABORTED (Playwright's recorder writes either). */
static bool cancelled(struct corsim_str e) {
  return str_is(e, "net::ERR_ABORTED") || str_is(e, "NS_BINDING_ABORTED");
}

static void judge_one(struct wire_judge *j, struct rec *r) {
  struct build b;
  /* Not zeroed whole: h[] is 4 KiB, and build_* fill what they use. */
  b.ninferred = 0;
  struct corsim_str origin = req_get(r, Q_ORIGIN);
  struct corsim_str mode = req_get(r, Q_MODE);
  char refbuf[URL_CAP];
  if (str_is(mode, "navigate") || str_is(mode, "websocket")) {
    j->st.not_cors++;
    return;
  }
  if (origin.ptr == NULL && !r->preflight &&
      (str_is(mode, "no-cors") || str_is(mode, "cors") ||
       str_is(mode, "same-origin")) &&
      referer_origin(req_get(r, Q_REFERER), refbuf, sizeof(refbuf))) {
    /* A script's request without Origin (a no-cors or same-origin GET):
     * the page is the Referer's origin, which the default referrer
     * policy keeps. */
    origin = corsim_str_c(refbuf);
    infer(&b, "origin: from Referer (the request carried no Origin)");
  }
  if (origin.ptr == NULL && unsent_request_preflight(j, r) != NULL) {
    origin = req_get(r->pf, Q_ORIGIN);
    infer(&b, "origin: from its preflight (the browser listed the request, "
              "never sent, without Origin)");
  }
  if (origin.ptr == NULL) {
    if (j->o.origin.ptr == NULL || r->preflight) {
      j->st.not_cors++;
      return;
    }
    origin = j->o.origin;
    infer(&b, "origin: none on the wire; judged as a request from the "
              "--origin page");
  }
  if (r->preflight)
    build_announced(j, r, &b);
  else
    build_actual(j, r, &b);
  struct page *pg = page_for(j, b.browser, origin, r->ts);
  if (pg == NULL) {
    j->st.not_cors++;
    return;
  }
  b.req.at = r->ts - pg->t0;
  struct corsim_fetch *f;
  if (corsim_fetch_new(pg->ctx, &b.req, &f) != 0) {
    j->st.not_cors++;
    return;
  }
  struct run u;
  /* Not zeroed whole: src[] and whybuf are filled as they are used. */
  u.nsrc = 0;
  u.pf_unused = false;
  u.why = NULL;
  u.kind = r->preflight ? WIRE_VERDICT_PREFLIGHT_ONLY : WIRE_VERDICT_JUDGED;
  bool done = r->preflight ? drive(j, f, NULL, r, &u)
                           : drive(j, f, r, r->pf, &u);
  struct corsim_result res;
  if (done && corsim_fetch_result(f, &res) == 0) {
    if (u.kind == WIRE_VERDICT_JUDGED)
      u.why = contradiction(&res, &u, r);
    /* Chromium's HAR keeps a CORS-refused response with its status and
     * headers and marks it failed: the browser's own verdict to check.
     * A cancelled request (the page went away, abort()) failed for
     * another reason. */
    if (u.kind == WIRE_VERDICT_JUDGED && u.why == NULL &&
        r->src.har_entry != SIZE_MAX && r->har_error.len > 0 &&
        !cancelled(r->har_error) && !res.blocked)
      u.why = "the browser recorded this request as failed, but the model "
              "allows it";
    emit(j, &b, pg, r, &u, &res);
  } else {
    if (u.kind == WIRE_VERDICT_JUDGED)
      u.kind = WIRE_VERDICT_INCOMPLETE;
    emit(j, &b, pg, r, &u, NULL);
  }
  corsim_fetch_free(f);
}

/* A preflight pairs with the first actual request after it that it could
 * have allowed: same Origin, URL and method. The pair is judged as one,
 * at the actual request's turn. */
static bool pair_preflight(struct wire_judge *j, struct rec *p) {
  struct corsim_str origin = req_get(p, Q_ORIGIN);
  struct corsim_str acrm = req_get(p, Q_ACRM);
  for (struct rec *a = p->next; a != NULL; a = a->next) {
    if (a->ts > p->ts + j->o.window)
      break;
    if (a->preflight || a->consumed || a->pf != NULL)
      continue;
    if (str_same(a->url, p->url) && str_same(a->method, acrm) &&
        str_same(req_get(a, Q_ORIGIN), origin)) {
      unlink_rec(j, p);
      a->pf = p;
      return true;
    }
  }
  return false;
}

/* Judges every record the window has passed, and the oldest ones beyond
 * WIRE_JUDGE_HELD_MAX: a dense capture (a proxy's, thousands of requests
 * a second) must not hold a whole window of exchanges. */
static void process(struct wire_judge *j, double until) {
  while (j->head != NULL &&
         (j->head->ts <= until || j->held > WIRE_JUDGE_HELD_MAX)) {
    struct rec *r = j->head;
#if defined(__GNUC__) || defined(__clang__)
    /* The record judged next was written by the reader thousands of
     * records ago: its memory is fetched while this one is judged, not
     * line by line when its turn comes. */
    if (r->next != NULL) {
      const char *n = (const char *)r->next;
      for (size_t k = 0; k < PREFETCH_BYTES; k += 64)
        __builtin_prefetch(n + k, 0, 3);
    }
#endif
    if (r->preflight && !r->consumed && pair_preflight(j, r))
      continue;
    /* Judged while still in the window: its hops are found from it. */
    if (!r->consumed)
      judge_one(j, r);
    unlink_rec(j, r);
    rec_free(r, &j->pool);
  }
}

struct wire_judge_record *wire_judge_record_new(const struct wire_exchange *x,
                                                struct wire_judge_hosts *hosts,
                                                struct wire_judge_pool *pool,
                                                double *t) {
  *t = x->has_response ? x->resp.span.last_ts : x->req.span.last_ts;
  return as_record(rec_new(x, 0, hosts, pool));
}

struct wire_judge_pool *wire_judge_pool_of(struct wire_judge *j) {
  return &j->pool;
}

void wire_judge_record_take(struct wire_judge *j, struct wire_judge_record *rec,
                            double t) {
  struct rec *r = as_rec(rec);
  j->st.exchanges++;
  ++j->seq;
  if (r == NULL) {
    j->st.not_cors++;
    return;
  }
  r->seq = j->seq;
  insert_rec(j, r);
  if (t > j->now)
    j->now = t;
  process(j, j->now - j->o.window);
}

void wire_judge_tick(struct wire_judge *j, double now) {
  if (now > j->now)
    j->now = now;
  process(j, j->now - j->o.window);
}

void wire_judge_record_free(struct wire_judge_record *r,
                            struct wire_judge_pool *pool) {
  rec_free(as_rec(r), pool);
}

size_t wire_judge_record_size(const struct wire_judge_record *r) {
  return r != NULL ? ((const struct rec *)(const void *)r)->size : 0;
}

void wire_judge_exchange(struct wire_judge *j, const struct wire_exchange *x) {
  double t;
  struct wire_judge_record *r = wire_judge_record_new(x, &j->hosts, &j->pool, &t);
  wire_judge_record_take(j, r, t);
}

void wire_judge_flush(struct wire_judge *j) {
  process(j, 1e300);
}

void wire_judge_free(struct wire_judge *j) {
  if (j == NULL)
    return;
  while (j->head != NULL) {
    struct rec *r = j->head;
    unlink_rec(j, r);
    rec_free(r, NULL);
  }
  wire_judge_pool_clear(&j->pool);
  for (size_t i = 0; i < j->npages; i++) {
    corsim_ctx_free(j->pages[i].ctx);
    free(j->pages[i].origin);
  }
  free(j->opt_origin);
  free(j);
}
