/*
 * http_conn.c - one connection's HTTP/1.x exchanges, see http_conn.h.
 *
 * Each direction is a small state machine over the stream:
 *
 *   HEAD  collecting a message head. When the head is not yet complete
 *         its bytes are kept in the direction's buffer (the only bytes
 *         ever kept); a head that arrives whole in one call is parsed
 *         where it lies, without a copy.
 *   BODY  following the body by its framing (http1.c); nothing is kept.
 *   LINE  resynchronising: at the start of a line (or just after a gap),
 *         deciding whether it starts a message; a line that is still
 *         undecided waits in the buffer.
 *   SKIP  resynchronising: passing over the rest of a line (or of the
 *         segment: the next one's first byte is tried as a line start).
 *   HOLD  (client only) bytes after a request with CONNECT or Upgrade,
 *         kept until the response says whether they are HTTP at all.
 *
 * Requests are copied out of the stream into a FIFO of pending entries,
 * since a response may come much later. A response head stays in the
 * server buffer while its body passes, so an exchange is usually emitted
 * straight from there; only a response that completes before its
 * request's body does is copied into the entry.
 */
#include "http_conn.h"

#include "http1.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#endif

enum { D_HEAD, D_BODY, D_LINE, D_SKIP, D_HOLD };

/* Warnings given at most once per connection. */
enum { W_GARBAGE = 1, W_TUNNEL = 2, W_ORPHAN = 4, W_PENDING = 8, W_NOMEM = 16 };

#define HDRS_FIRST 32 /* header slots at first; grown to WIRE_HTTP_HEADERS_MAX */
/* A connection keeps its last freed request entry for the next request
 * (a keep-alive connection queues one at a time: a malloc and a free per
 * request otherwise), when it is at most this large. Entries are
 * allocated in steps of SPARE_STEP, so that the next head, a few bytes
 * longer, still fits. */
#define SPARE_MAX ((size_t)4096)
#define SPARE_STEP ((size_t)256)

/* A request waiting for its response (or for its own body to end). */
struct pending {
  struct pending *next;
  uint64_t index;
  struct wire_message req; /* slices into this entry's own memory */
  struct wire_message resp; /* when answered before req_done: a copy */
  char *resp_mem;           /* that copy's storage */
  size_t size;              /* bytes charged to pending_bytes */
  size_t cap;               /* bytes allocated for the entry (>= size) */
  bool req_done;            /* the request's body is over (or given up) */
  bool answered;            /* its final response is over */
  bool has_resp;            /* answered with at least a status line */
  bool resp_cut;            /* a response began but was cut before that */
  /* followed by the headers, then the head's bytes */
};

struct dir {
  int state;
  char *buf; /* the head being collected (HEAD), the line being decided
                (LINE), the bytes held (HOLD), the response head (BODY) */
  size_t len, cap;
  size_t parsed; /* bytes of buf the parser has seen (its last_len) */
  struct corsim_header *hdrs;
  size_t hcap;
  struct wire_message msg; /* the head just parsed; server: during BODY */
  bool folded;             /* some value of msg runs over obs-fold */
  size_t msg_cl;           /* its framing fields, as the parse noted them */
  bool msg_te;             /* (struct wire_http1_head) */
  struct wire_http1_body body;
  bool in_msg;            /* a message (or candidate) has begun: span set */
  struct wire_span span;  /* of that message */
  bool incomplete;        /* it lost bytes */
  uint64_t offset;        /* stream bytes so far, data and gaps */
  bool gapped;            /* some bytes of this direction went missing */
  bool lost_start;        /* a gap took the start of the message that the
                             next bytes continue, if they are no start */
  struct pending *cur;    /* client BODY: the request being read */
  struct pending *for_req; /* server BODY: the request answered, or NULL */
  const char *head_base;  /* server: the response head's bytes (in buf, or */
  size_t head_len;        /* in the caller's, during the call) */
  bool borrowed;          /* server BODY: head_base is in the caller's bytes
                             and moves into buf when the call ends */
  bool drop_answer;       /* server BODY: answers an evicted request */
  uint8_t first[3];       /* the stream's first bytes, for TLS */
  size_t nfirst;
  bool first_done;
};

struct wire_http_conn {
  struct wire_conn_info info;
  struct wire_exchange_cb cb;
  struct dir d[2];
  struct pending *head, *tail;
  struct pending *spare; /* a freed entry kept for reuse (SPARE_MAX) */
  size_t npending, pending_bytes;
  uint64_t next_index;
  uint64_t dropped;          /* evicted requests whose answers are to come */
  struct pending *hold_for; /* the request the client's HOLD waits on */
  bool ignored;             /* TLS, tunnel, closed, out of memory */
  bool closed;
  unsigned warned;
  struct wire_http_stats st;
};

static const struct corsim_str empty = {"", 0};

static void feed(struct wire_http_conn *h, int dir, const char *p, size_t n,
                 uint64_t packet, double ts);
static void resp_done(struct wire_http_conn *h, uint64_t packet, double ts);
static bool own_response_head(struct wire_http_conn *h, const char *base,
                              size_t len, bool in_buf, bool keep,
                              uint64_t packet);

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
static void warn_once(struct wire_http_conn *h, unsigned kind,
                      uint64_t packet, const char *fmt, ...) {
  va_list ap;

  if ((h->warned & kind) != 0 || h->cb.warn == NULL)
    return;
  h->warned |= kind;
  va_start(ap, fmt);
  h->cb.warn(h->cb.user, packet, fmt, ap);
  va_end(ap);
}

static const char *dir_name(int dir) {
  return dir == 0 ? "client" : "server";
}

/* Out of memory: the connection is no longer followed; what is queued is
 * still flushed at the close. */
static void no_memory(struct wire_http_conn *h, uint64_t packet) {
  warn_once(h, W_NOMEM, packet,
            "connection %llu: out of memory, no longer followed",
            (unsigned long long)h->info.id);
  h->ignored = true;
}

/* ---- buffers ------------------------------------------------------------ */

/* Room for need bytes (need <= WIRE_HTTP_HEAD_MAX). */
static bool buf_reserve(struct dir *d, size_t need) {
  size_t cap = d->cap ? d->cap : 1024;
  char *b;

  if (need <= d->cap)
    return true;
  while (cap < need)
    cap *= 2;
  if (cap > WIRE_HTTP_HEAD_MAX)
    cap = WIRE_HTTP_HEAD_MAX;
  b = realloc(d->buf, cap);
  if (b == NULL)
    return false;
  d->buf = b;
  d->cap = cap;
  return true;
}

static bool buf_append(struct dir *d, const char *p, size_t n) {
  if (n == 0)
    return true;
  if (!buf_reserve(d, d->len + n))
    return false;
  memcpy(d->buf + d->len, p, n);
  d->len += n;
  return true;
}

static void span_start(struct dir *d, uint64_t packet, double ts) {
  d->in_msg = true;
  d->incomplete = false;
  d->span.first_packet = d->span.last_packet = packet;
  d->span.first_ts = d->span.last_ts = ts;
}

static void span_extend(struct wire_span *s, uint64_t packet, double ts) {
  s->last_packet = packet;
  s->last_ts = ts;
}

/* Slices that point into from[0..len) are moved to the same place in to.
 * (One unsigned compare covers "at or after from" too: below from, the
 * difference wraps past any length. Branch-free, for the header loop.) */
static inline const char *rebase_ptr(const char *p, uintptr_t from,
                                     const char *to, size_t len) {
  uintptr_t off = (uintptr_t)p - from;
  return p != NULL && off <= len ? to + off : p;
}

static struct corsim_str rebase(struct corsim_str s, const char *from,
                                const char *to, size_t len) {
  s.ptr = rebase_ptr(s.ptr, (uintptr_t)from, to, len);
  return s;
}

static void rebase_message(struct wire_message *m, struct corsim_header *to_h,
                           const char *from, const char *to, size_t len) {
  const struct corsim_header *fh = m->headers;
  uintptr_t f = (uintptr_t)from;
  size_t i, n = m->nheaders;
  m->method = rebase(m->method, from, to, len);
  m->target = rebase(m->target, from, to, len);
  m->reason = rebase(m->reason, from, to, len);
  for (i = 0; i < n; i++) {
    to_h[i].name.ptr = rebase_ptr(fh[i].name.ptr, f, to, len);
    to_h[i].name.len = fh[i].name.len;
    to_h[i].value.ptr = rebase_ptr(fh[i].value.ptr, f, to, len);
    to_h[i].value.len = fh[i].value.len;
  }
  m->headers = to_h;
  m->head = to;
  m->head_len = len;
}

/*
 * rebase_message for a head parsed from from[0..len) (or cut from such a
 * parse): every header slice lies in those bytes, an empty
 * value at its place in its line (the parser's slices point where it
 * read), so each moves by the same distance, with no test: a header in
 * two vector additions where SSE2 is there. The start line's slices may
 * lie elsewhere (a message cut before its start line has static ""s):
 * those as rebase_message moves them. fuzz_wire_http_conn checks that
 * every slice of an exchange lies in its head.
 */
static void rebase_parsed(struct wire_message *m, struct corsim_header *to_h,
                          const char *from, char *to, size_t len) {
  const struct corsim_header *fh = m->headers;
  size_t n = m->nheaders;
  uintptr_t delta = (uintptr_t)to - (uintptr_t)from;
  m->method = rebase(m->method, from, to, len);
  m->target = rebase(m->target, from, to, len);
  m->reason = rebase(m->reason, from, to, len);
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
  /* A slice is {ptr, len} in two words: ptr in the low one. */
  _Static_assert(sizeof(struct corsim_str) == 16 &&
                     offsetof(struct corsim_str, ptr) == 0 &&
                     sizeof(const char *) == 8,
                 "a slice is two words, the pointer first");
  const __m128i d = _mm_set_epi64x(0, (long long)delta);
  for (size_t i = 0; i < n; i++) {
    __m128i a = _mm_loadu_si128((const __m128i *)(const void *)&fh[i].name);
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)&fh[i].value);
    _mm_storeu_si128((__m128i *)(void *)&to_h[i].name, _mm_add_epi64(a, d));
    _mm_storeu_si128((__m128i *)(void *)&to_h[i].value, _mm_add_epi64(b, d));
  }
#else
  for (size_t i = 0; i < n; i++) {
    to_h[i].name.ptr = (const char *)((uintptr_t)fh[i].name.ptr + delta);
    to_h[i].name.len = fh[i].name.len;
    to_h[i].value.ptr = (const char *)((uintptr_t)fh[i].value.ptr + delta);
    to_h[i].value.len = fh[i].value.len;
  }
#endif
  m->headers = to_h;
  m->head = to;
  m->head_len = len;
}

/* Blanks obs-fold line breaks in the values of m, whose bytes the caller
 * owns from base on (RFC 9112 5.2). */
static void unfold_message(struct wire_message *m, char *base,
                           const char *cbase) {
  size_t i;
  for (i = 0; i < m->nheaders; i++) {
    struct corsim_str v = m->headers[i].value;
    if (v.len > 0 && memchr(v.ptr, '\n', v.len) != NULL)
      wire_http1_unfold(base + (v.ptr - cbase), v.len);
  }
}

/* ---- parsing ------------------------------------------------------------ */

/* Parses a head of direction dir into d->msg, growing the header slots
 * when they are the only trouble. */
static int parse(struct wire_http_conn *h, int dir, const char *buf,
                 size_t len, size_t last_len, struct wire_http1_head *info,
                 uint64_t packet) {
  struct dir *d = &h->d[dir];
  size_t cap = d->hcap ? d->hcap : HDRS_FIRST;

  for (;;) {
    size_t nh = cap;
    int rc;
    if (d->hcap < cap) {
      struct corsim_header *more = realloc(d->hdrs, cap * sizeof *more);
      if (more == NULL) {
        no_memory(h, packet);
        memset(info, 0, sizeof *info);
        return WIRE_HTTP1_INCOMPLETE;
      }
      d->hdrs = more;
      d->hcap = cap;
    }
    rc = wire_http1_parse_head(dir == 0, buf, len, last_len, &d->msg,
                               d->hdrs, &nh, info);
    /* (a quick "incomplete" with last_len leaves info as it was) */
    if (rc != WIRE_HTTP1_INCOMPLETE || last_len == 0) {
      d->folded = info->folded;
      d->msg_cl = info->content_length;
      d->msg_te = info->transfer_encoding;
    }
    if (rc != WIRE_HTTP1_MALFORMED || !info->too_many ||
        cap >= WIRE_HTTP_HEADERS_MAX)
      return rc;
    cap *= 2;
    last_len = 0;
  }
}

/* ---- the queue ---------------------------------------------------------- */

static void emit(struct wire_http_conn *h, struct pending *e,
                 const struct wire_message *resp) {
  struct wire_exchange x;

  memset(&x, 0, sizeof x);
  x.conn = &h->info;
  x.index = e->index;
  x.req = e->req;
  x.has_response = resp != NULL;
  if (resp != NULL)
    x.resp = *resp;
  else
    x.resp.incomplete = e->resp_cut;
  x.url = empty;
  x.har_entry = SIZE_MAX;
  x.har_error = x.har_initiator = x.har_resource = empty;
  h->st.exchanges++;
  if (resp == NULL)
    h->st.unanswered++;
  h->st.incomplete += x.req.incomplete + x.resp.incomplete;
  if (h->cb.exchange != NULL)
    h->cb.exchange(h->cb.user, &x);
}

static void pop_front(struct wire_http_conn *h) {
  struct pending *e = h->head;
  h->head = e->next;
  if (h->head == NULL)
    h->tail = NULL;
  h->npending--;
  h->pending_bytes -= e->size;
  if (h->hold_for == e)
    h->hold_for = NULL;
  free(e->resp_mem);
  if (h->spare == NULL && e->cap <= SPARE_MAX)
    h->spare = e;
  else
    free(e);
}

/* Emits, in order, the requests at the front whose exchange is complete. */
static void flush(struct wire_http_conn *h) {
  while (h->head != NULL && h->head->answered && h->head->req_done) {
    struct pending *e = h->head;
    emit(h, e, e->has_resp ? &e->resp : NULL);
    pop_front(h);
  }
}

/* The oldest request without a final response, or NULL. */
static struct pending *oldest_unanswered(struct wire_http_conn *h) {
  struct pending *e;
  for (e = h->head; e != NULL; e = e->next)
    if (!e->answered)
      return e;
  return NULL;
}

/* Keeps the queue within its bounds by emitting the oldest request
 * unanswered; its response, when it comes, is dropped. */
static void make_room(struct wire_http_conn *h, size_t size,
                      uint64_t packet) {
  while ((h->npending >= WIRE_HTTP_PENDING_MAX ||
          h->pending_bytes + size > WIRE_HTTP_PENDING_BYTES) &&
         h->head != NULL && h->head->req_done && !h->head->answered &&
         h->head != h->d[1].for_req && h->head != h->hold_for) {
    warn_once(h, W_PENDING, packet,
              "connection %llu: more than %d requests (or %zu bytes of "
              "heads) wait for responses; the oldest are given up",
              (unsigned long long)h->info.id, WIRE_HTTP_PENDING_MAX,
              WIRE_HTTP_PENDING_BYTES);
    emit(h, h->head, NULL);
    pop_front(h);
    h->dropped++;
  }
}

/* Queues a copy of request head m, whose bytes are base[0..len). */
static struct pending *enqueue(struct wire_http_conn *h,
                               const struct wire_message *m,
                               const char *base, size_t len,
                               uint64_t packet) {
  size_t size = sizeof(struct pending) +
                m->nheaders * sizeof(struct corsim_header) + len;
  struct pending *e;
  struct corsim_header *hdrs;
  char *mem;

  make_room(h, size, packet);
  if (h->spare != NULL && h->spare->cap >= size) {
    e = h->spare;
    h->spare = NULL;
  } else {
    size_t cap = size <= SPARE_MAX ? (size + SPARE_STEP - 1) & ~(SPARE_STEP - 1)
                                   : size;
    /* Too small: the new entry takes its place once freed. */
    free(h->spare);
    h->spare = NULL;
    e = malloc(cap);
    if (e == NULL) {
      no_memory(h, packet);
      return NULL;
    }
    e->cap = cap;
  }
  {
    size_t cap = e->cap;
    memset(e, 0, sizeof *e);
    e->cap = cap;
  }
  hdrs = (struct corsim_header *)(e + 1);
  mem = (char *)(hdrs + m->nheaders);
  if (len > 0)
    memcpy(mem, base, len);
  e->req = *m;
  rebase_parsed(&e->req, hdrs, base, mem, len);
  if (h->d[0].folded)
    unfold_message(&e->req, mem, mem);
  e->index = h->next_index++;
  e->size = size;
  if (h->tail != NULL)
    h->tail->next = e;
  else
    h->head = e;
  h->tail = e;
  h->npending++;
  h->pending_bytes += size;
  return e;
}

/* A copy of response head m (bytes base[0..len)) into e. */
static bool keep_response(struct wire_http_conn *h, struct pending *e,
                          const struct wire_message *m, const char *base,
                          size_t len, uint64_t packet) {
  size_t hsize = m->nheaders * sizeof(struct corsim_header);
  char *mem = malloc(hsize + len + 1);
  struct corsim_header *hdrs = (struct corsim_header *)(void *)mem;

  if (mem == NULL) {
    no_memory(h, packet);
    return false;
  }
  if (len > 0)
    memcpy(mem + hsize, base, len);
  e->resp = *m;
  rebase_message(&e->resp, hdrs, base, mem + hsize, len);
  e->resp_mem = mem;
  e->size += hsize + len;
  h->pending_bytes += hsize + len;
  return true;
}

/* ---- messages ----------------------------------------------------------- */

static void reset_dir(struct dir *d, int state) {
  d->state = state;
  d->len = 0;
  d->parsed = 0;
  d->in_msg = false;
  d->incomplete = false;
  d->cur = NULL;
  d->for_req = NULL;
  d->drop_answer = false;
  d->head_base = NULL;
  d->head_len = 0;
  d->borrowed = false;
}

/* Where a direction goes after it lost its place: a quiet search for the
 * next message start. */
static void lose_place(struct wire_http_conn *h, int dir) {
  h->st.resyncs++;
  reset_dir(&h->d[dir], D_LINE);
}

static void garbage(struct wire_http_conn *h, int dir, uint64_t packet,
                    const char *why) {
  warn_once(h, W_GARBAGE, packet,
            "connection %llu: not HTTP/1.x in the %s's stream (%s); "
            "skipping to the next message",
            (unsigned long long)h->info.id, dir_name(dir), why);
}

static void start_tunnel(struct wire_http_conn *h, uint64_t packet,
                         int status) {
  warn_once(h, W_TUNNEL, packet,
            "connection %llu: %s; its later bytes are not followed",
            (unsigned long long)h->info.id,
            status == 101 ? "switched protocols (101)" : "became a tunnel "
                                                         "(CONNECT)");
  h->st.tunnels = 1;
  h->ignored = true;
  if (h->d[0].state == D_HOLD)
    h->st.bytes_ignored += h->d[0].len;
  h->d[0].len = 0;
  h->hold_for = NULL;
}

/* The client's held bytes, parsed after all (the response was not a
 * switch of protocols). */
static void release_hold(struct wire_http_conn *h, uint64_t packet,
                         double ts) {
  struct dir *d = &h->d[0];
  char *held = d->buf;
  size_t n = d->len;

  h->hold_for = NULL;
  if (d->state != D_HOLD)
    return;
  d->buf = NULL;
  d->cap = 0;
  reset_dir(d, D_HEAD);
  if (n > 0)
    feed(h, 0, held, n, packet, ts);
  free(held);
}

/* The client's request is over (its body ended, or was given up). */
static void req_done(struct wire_http_conn *h, struct pending *e) {
  struct dir *d = &h->d[0];
  bool holds = false;
  size_t i;

  e->req_done = true;
  reset_dir(d, D_HEAD);
  /* Bytes after CONNECT, or after an Upgrade request, may be another
   * protocol: hold them until the answer comes. */
  if (!e->answered && !e->req.incomplete) {
    if (e->req.method.len == 7 && memcmp(e->req.method.ptr, "CONNECT", 7) == 0)
      holds = true;
    for (i = 0; i < e->req.nheaders && !holds; i++) {
      struct corsim_str nm = e->req.headers[i].name;
      uint32_t a, b, ua, ub;
      if (nm.len != 7)
        continue;
      /* "upgrade" in two overlapping halves, bit 5 set in each byte
       * first (as the test byte by byte before it did). */
      memcpy(&a, nm.ptr, 4);
      memcpy(&b, nm.ptr + 3, 4);
      memcpy(&ua, "upgr", 4);
      memcpy(&ub, "rade", 4);
      holds = ((a | 0x20202020u) ^ ua) == 0 && ((b | 0x20202020u) ^ ub) == 0;
    }
  }
  if (holds) {
    d->state = D_HOLD;
    h->hold_for = e;
  }
  flush(h);
}

static void request_head(struct wire_http_conn *h, const char *base,
                         size_t len, uint64_t packet, double ts) {
  struct dir *d = &h->d[0];
  struct pending *e;
  int fr;

  h->st.requests++;
  d->msg.span = d->span;
  span_extend(&d->msg.span, packet, ts);
  d->msg.incomplete = d->incomplete;
  fr = wire_http1_body_request_noted(&d->body, &d->msg, d->msg_cl, d->msg_te);
  e = enqueue(h, &d->msg, base, len, packet);
  if (e == NULL)
    return;
  if (fr < 0) {
    garbage(h, 0, packet, "a body of unknown length");
    e->req.incomplete = true;
    e->req_done = true;
    lose_place(h, 0);
    flush(h);
    return;
  }
  if (d->body.done) {
    req_done(h, e);
    return;
  }
  reset_dir(d, D_BODY);
  d->cur = e;
}

static void response_head(struct wire_http_conn *h, const char *base,
                          size_t len, bool in_buf, uint64_t packet,
                          double ts) {
  struct dir *d = &h->d[1];
  struct pending *e;
  bool interim = wire_http1_is_interim(d->msg.status), drop = false;
  const struct corsim_str get = {"GET", 3};
  int fr;

  d->msg.span = d->span;
  span_extend(&d->msg.span, packet, ts);
  d->msg.incomplete = d->incomplete;
  if (interim) {
    h->st.interim++;
    reset_dir(d, D_HEAD);
    return;
  }
  h->st.responses++;
  e = oldest_unanswered(h);
  if (h->dropped > 0) {
    drop = true;
    e = NULL;
  }
  fr = wire_http1_body_response_noted(&d->body, &d->msg,
                                     e != NULL ? e->req.method : get,
                                     d->msg_cl, d->msg_te);
  d->for_req = e;
  d->drop_answer = drop;
  /* The head must outlive this call when a body follows, and must be
   * writable when folded lines are to be blanked. */
  if (!own_response_head(h, base, len, in_buf, fr == 0 && !d->body.done,
                         packet))
    return;
  if (fr < 0) {
    garbage(h, 1, packet, "a body of unknown length");
    d->msg.incomplete = true;
    resp_done(h, packet, ts);
    lose_place(h, 1);
    return;
  }
  if (d->body.done) {
    int status = d->msg.status;
    bool tunnel = d->body.framing == WIRE_HTTP1_BODY_TUNNEL;
    resp_done(h, packet, ts);
    if (tunnel)
      start_tunnel(h, packet, status);
    return;
  }
  d->state = D_BODY;
}

/* Moves the response head in d->msg (bytes base[0..len), not in the
 * server buffer) into that buffer. */
static bool move_response_head(struct wire_http_conn *h, const char *base,
                               size_t len, uint64_t packet) {
  struct dir *d = &h->d[1];
  if (!buf_reserve(d, len)) {
    no_memory(h, packet);
    return false;
  }
  memcpy(d->buf, base, len);
  d->len = len;
  rebase_parsed(&d->msg, d->hdrs, base, d->buf, len);
  d->head_base = d->buf;
  return true;
}

/*
 * Sets head_base/head_len for the response head in d->msg (bytes
 * base[0..len)), and blanks folded line breaks (in the server buffer,
 * where the head moves first then). A head not in that buffer that must
 * outlive the call (keep: a body follows) stays where it is until the
 * data call ends (keep_borrowed): its body mostly ends in the same
 * segment, and the exchange is then emitted without a copy.
 */
static bool own_response_head(struct wire_http_conn *h, const char *base,
                              size_t len, bool in_buf, bool keep,
                              uint64_t packet) {
  struct dir *d = &h->d[1];
  bool folded = d->folded;

  d->head_base = base;
  d->head_len = len;
  if (!in_buf && folded) {
    if (!move_response_head(h, base, len, packet))
      return false;
    base = d->buf;
  }
  if (folded)
    unfold_message(&d->msg, d->buf, d->buf);
  d->borrowed = !in_buf && keep && !folded;
  d->msg.head = base;
  d->msg.head_len = len;
  return true;
}

/* The end of a data call: a response head still borrowed from the
 * caller's bytes (its body goes on) moves into the server buffer. */
static void keep_borrowed(struct wire_http_conn *h, uint64_t packet) {
  struct dir *d = &h->d[1];
  if (!d->borrowed)
    return;
  d->borrowed = false;
  if (move_response_head(h, d->head_base, d->head_len, packet))
    d->msg.head = d->buf;
}

/* The server's response in d->msg is over: it answers for_req. */
static void resp_done(struct wire_http_conn *h, uint64_t packet, double ts) {
  struct dir *d = &h->d[1];
  struct pending *e = d->for_req;
  bool tunnel = d->body.framing == WIRE_HTTP1_BODY_TUNNEL && d->body.done;
  bool release = false;

  if (e == NULL) {
    h->st.orphans++;
    if (d->drop_answer) {
      h->dropped--;
    } else if (!h->info.mid_stream && !h->d[0].gapped) {
      warn_once(h, W_ORPHAN, packet,
                "connection %llu: a response (%d) with no request to "
                "answer",
                (unsigned long long)h->info.id, d->msg.status);
    }
  } else {
    e->answered = true;
    e->has_resp = true;
    release = h->hold_for == e && !tunnel;
    if (e->req_done && e == h->head) {
      emit(h, e, &d->msg);
      pop_front(h);
    } else {
      e->has_resp =
          keep_response(h, e, &d->msg, d->head_base, d->head_len, packet);
    }
  }
  reset_dir(d, D_HEAD);
  flush(h);
  if (release)
    release_hold(h, packet, ts);
}

/* A head was found and parsed into d->msg: base[0..len) are its bytes. */
static void head_done(struct wire_http_conn *h, int dir, const char *base,
                      size_t len, bool in_buf, uint64_t packet, double ts) {
  h->d[dir].lost_start = false;
  if (dir == 0)
    request_head(h, base, len, packet, ts);
  else
    response_head(h, base, len, in_buf, packet, ts);
}

/*
 * A message head that will not complete (a gap, the close, a head over
 * the limit, garbage after a good start line): what its complete lines
 * said is reported, marked incomplete, so that the pairing holds.
 * head/len are its bytes, info what the parser found.
 */
static void cut_message(struct wire_http_conn *h, int dir, const char *head,
                        size_t len, bool have_start, uint64_t packet,
                        double ts) {
  struct dir *d = &h->d[dir];
  bool looks = have_start || len == 0 ||
               wire_http1_match_start(dir == 0, head, len) != 0;
  struct pending *e;

  if (!looks)
    return;
  d->lost_start = false;
  if (!have_start) {
    memset(&d->msg, 0, sizeof d->msg);
    d->msg.headers = d->hdrs;
    d->msg.method = d->msg.target = d->msg.reason = empty;
    len = 0;
  }
  d->msg.span = d->span;
  span_extend(&d->msg.span, packet, ts);
  d->msg.incomplete = true;
  if (dir == 0) {
    h->st.requests += have_start;
    e = enqueue(h, &d->msg, head, len, packet);
    if (e != NULL) {
      e->req_done = true;
      flush(h);
    }
    return;
  }
  if (have_start) {
    if (wire_http1_is_interim(d->msg.status))
      return;
    h->st.responses++;
    d->for_req = h->dropped > 0 ? NULL : oldest_unanswered(h);
    d->drop_answer = h->dropped > 0;
    if (!own_response_head(h, head, len, head == d->buf, false, packet))
      return;
    resp_done(h, packet, ts);
    return;
  }
  if (h->dropped > 0) {
    h->dropped--;
    return;
  }
  e = oldest_unanswered(h);
  if (e != NULL) {
    e->answered = true;
    e->resp_cut = true;
    flush(h);
    if (h->hold_for == e)
      release_hold(h, packet, ts);
  }
}

/* The head being collected in d->buf will not complete. */
static void cut_buffered_head(struct wire_http_conn *h, int dir,
                              uint64_t packet, double ts) {
  struct dir *d = &h->d[dir];
  struct wire_http1_head info;
  int rc;

  if (d->len == 0 || (d->state != D_HEAD && d->state != D_LINE))
    return;
  d->incomplete = true;
  if (d->state == D_LINE) {
    /* A line not yet known to start a message, but which may. */
    if (wire_http1_match_start(dir == 0, d->buf, d->len) ==
        WIRE_HTTP1_INCOMPLETE)
      cut_message(h, dir, d->buf, d->len, false, packet, ts);
    return;
  }
  rc = parse(h, dir, d->buf, d->len, 0, &info, packet);
  if (h->ignored)
    return;
  cut_message(h, dir, d->buf, d->len,
              info.have_start && rc != WIRE_HTTP1_MALFORMED, packet, ts);
}

/* ---- the state machine -------------------------------------------------- */

/*
 * A head that cannot be: base[0..avail) holds it, old of those bytes
 * from earlier calls. Reports a good start line's message as cut, warns,
 * and places the direction at the line to resynchronise from. Returns the
 * bytes of the current input consumed.
 */
static size_t head_bad(struct wire_http_conn *h, int dir, const char *base,
                       size_t avail, size_t old,
                       const struct wire_http1_head *info, uint64_t packet,
                       double ts) {
  struct dir *d = &h->d[dir];
  size_t r;

  garbage(h, dir, packet, info->error != NULL ? info->error : "bad head");
  if (info->have_start)
    cut_message(h, dir, base, info->bad_line, true, packet, ts);
  /* A bad start line is passed over; a bad later line may itself start
   * the next message. */
  if (info->bad_line == info->start) {
    const char *nl = memchr(base + info->bad_line, '\n',
                            avail - info->bad_line);
    r = nl != NULL ? (size_t)(nl - base) + 1 : avail;
  } else {
    r = info->bad_line;
  }
  h->st.bytes_skipped += r;
  h->st.resyncs++;
  if (r >= old || base != d->buf) {
    reset_dir(d, D_LINE);
    return base == d->buf ? r - old : r;
  }
  /* The line to look at began in bytes kept from earlier calls. */
  memmove(d->buf, d->buf + r, old - r);
  reset_dir(d, D_LINE);
  d->len = old - r;
  d->in_msg = true;
  return 0;
}

/* A head longer than the limit: given up, and the rest of its line too. */
static void head_too_long(struct wire_http_conn *h, int dir,
                          uint64_t packet, double ts) {
  garbage(h, dir, packet, "a head over 64 KiB");
  cut_buffered_head(h, dir, packet, ts);
  h->st.bytes_skipped += h->d[dir].len;
  h->st.resyncs++;
  reset_dir(&h->d[dir], D_SKIP);
}

static size_t head_feed(struct wire_http_conn *h, int dir, const char *p,
                        size_t n, uint64_t packet, double ts) {
  struct dir *d = &h->d[dir];
  struct wire_http1_head info;
  size_t old = d->len, take;
  int rc;

  if (!d->in_msg)
    span_start(d, packet, ts);
  span_extend(&d->span, packet, ts);
  if (old == 0) {
    /* The whole head may be here: parse it where it lies (no further
     * than the limit, as if it were buffered). */
    take = n < WIRE_HTTP_HEAD_MAX ? n : WIRE_HTTP_HEAD_MAX;
    rc = parse(h, dir, p, take, 0, &info, packet);
    if (rc > 0) {
      head_done(h, dir, p, (size_t)rc, false, packet, ts);
      return (size_t)rc;
    }
    if (rc == WIRE_HTTP1_MALFORMED)
      return head_bad(h, dir, p, take, 0, &info, packet, ts);
    if (h->ignored)
      return n;
    if (!buf_append(d, p, take)) {
      no_memory(h, packet);
      return n;
    }
    d->parsed = take;
    if (take == WIRE_HTTP_HEAD_MAX)
      head_too_long(h, dir, packet, ts);
    return take;
  }
  take = WIRE_HTTP_HEAD_MAX - old;
  if (take > n)
    take = n;
  if (!buf_append(d, p, take)) {
    no_memory(h, packet);
    return n;
  }
  rc = parse(h, dir, d->buf, d->len, d->parsed, &info, packet);
  if (rc > 0 && (size_t)rc > old) {
    d->len = (size_t)rc;
    head_done(h, dir, d->buf, (size_t)rc, true, packet, ts);
    return (size_t)rc - old;
  }
  if (rc > 0) {
    /* Cannot happen: the head would have ended in earlier bytes. */
    info.bad_line = info.start;
    info.error = "a head that ended early";
    info.have_start = false;
    rc = WIRE_HTTP1_MALFORMED;
  }
  if (rc == WIRE_HTTP1_MALFORMED) {
    d->len = old + take;
    return head_bad(h, dir, d->buf, old + take, old, &info, packet, ts);
  }
  if (h->ignored)
    return n;
  d->parsed = d->len;
  if (d->len == WIRE_HTTP_HEAD_MAX)
    head_too_long(h, dir, packet, ts);
  return take;
}

static size_t body_feed(struct wire_http_conn *h, int dir, const char *p,
                        size_t n, uint64_t packet, double ts) {
  struct dir *d = &h->d[dir];
  struct wire_message *m = dir == 0 ? &d->cur->req : &d->msg;
  size_t used;
  int r = wire_http1_body_feed(&d->body, p, n, &used);

  m->body_len += used;
  h->st.body_bytes += used;
  if (used > 0)
    span_extend(&m->span, packet, ts);
  if (r == 0)
    return used;
  if (r < 0) {
    garbage(h, dir, packet, "a broken chunked body");
    m->incomplete = true;
  }
  if (dir == 0)
    req_done(h, d->cur);
  else
    resp_done(h, packet, ts);
  if (r < 0) {
    h->st.resyncs++;
    reset_dir(d, D_SKIP);
  }
  return used;
}

/* LINE: decide whether the line starting here begins a message. */
static size_t line_feed(struct wire_http_conn *h, int dir, const char *p,
                        size_t n, uint64_t packet, double ts) {
  struct dir *d = &h->d[dir];
  const char *nl;
  size_t take;
  int r;

  if (d->len == 0) {
    r = wire_http1_match_start(dir == 0, p, n);
    if (r == 1) {
      reset_dir(d, D_HEAD);
      d->lost_start = false;
      return 0;
    }
    if (r == 0) {
      if (d->lost_start && p[0] != '\r' && p[0] != '\n') {
        /* The rest of a message whose start the gap took. */
        span_start(d, packet, ts);
        cut_message(h, dir, NULL, 0, false, packet, ts);
      }
      d->state = D_SKIP;
      return 0;
    }
    if (n > WIRE_HTTP_HEAD_MAX) {
      d->state = D_SKIP;
      return 0;
    }
    if (!buf_append(d, p, n)) {
      no_memory(h, packet);
      return n;
    }
    span_start(d, packet, ts);
    return n;
  }
  nl = memchr(p, '\n', n);
  take = nl != NULL ? (size_t)(nl - p) + 1 : n;
  if (d->len + take > WIRE_HTTP_HEAD_MAX) {
    h->st.bytes_skipped += d->len;
    reset_dir(d, D_SKIP);
    return 0;
  }
  if (!buf_append(d, p, take)) {
    no_memory(h, packet);
    return n;
  }
  span_extend(&d->span, packet, ts);
  r = wire_http1_match_start(dir == 0, d->buf, d->len);
  if (r == 1) {
    /* The candidate is the start of a head now; parsed from scratch. */
    d->state = D_HEAD;
    d->parsed = 0;
    d->lost_start = false;
    return take;
  }
  if (r == 0) {
    if (d->lost_start)
      cut_message(h, dir, NULL, 0, false, packet, ts);
    h->st.bytes_skipped += d->len;
    reset_dir(d, nl != NULL ? D_LINE : D_SKIP);
  }
  return take;
}

static size_t skip_feed(struct wire_http_conn *h, int dir, const char *p,
                        size_t n) {
  const char *nl = memchr(p, '\n', n);
  size_t used = nl != NULL ? (size_t)(nl - p) + 1 : n;

  h->st.bytes_skipped += used;
  if (nl != NULL)
    reset_dir(&h->d[dir], D_LINE);
  return used;
}

static size_t hold_feed(struct wire_http_conn *h, const char *p, size_t n,
                        uint64_t packet, double ts) {
  struct dir *d = &h->d[0];

  if (d->len + n <= WIRE_HTTP_HEAD_MAX) {
    if (!buf_append(d, p, n))
      no_memory(h, packet);
    return n;
  }
  /* Too much to hold: take it as HTTP after all. */
  release_hold(h, packet, ts);
  return 0;
}

static void feed(struct wire_http_conn *h, int dir, const char *p, size_t n,
                 uint64_t packet, double ts) {
  struct dir *d = &h->d[dir];

  /* While skipping, a segment's first byte is taken for a line start too:
   * a body that does not end in LF is often followed by the next message
   * in a new segment. */
  if (d->state == D_SKIP && n > 0)
    d->state = D_LINE;
  while (!h->ignored &&
         (n > 0 || (d->state == D_HEAD && d->parsed < d->len))) {
    size_t used;
    switch (d->state) {
    case D_HEAD:
      used = head_feed(h, dir, p, n, packet, ts);
      break;
    case D_BODY:
      used = body_feed(h, dir, p, n, packet, ts);
      break;
    case D_LINE:
      used = line_feed(h, dir, p, n, packet, ts);
      break;
    case D_SKIP:
      used = skip_feed(h, dir, p, n);
      break;
    default:
      used = hold_feed(h, p, n, packet, ts);
      break;
    }
    p += used;
    n -= used;
  }
  if (h->ignored)
    h->st.bytes_ignored += n;
}

/* ---- TLS ------------------------------------------------------------------ */

/* Watches a direction's first three bytes for a TLS record header: a
 * content type 20-23, then 3, then a minor version 0-4. True when they
 * are one and the connection is to be dropped. */
static bool tls_check(struct wire_http_conn *h, int dir, const uint8_t *p,
                      size_t n) {
  struct dir *d = &h->d[dir];

  while (!d->first_done && n > 0 && d->nfirst < 3) {
    uint8_t b = *p++;
    bool ok;
    n--;
    switch (d->nfirst) {
    case 0:
      ok = b >= 0x14 && b <= 0x17;
      break;
    case 1:
      ok = b == 0x03;
      break;
    default:
      ok = b <= 0x04;
      break;
    }
    d->first[d->nfirst++] = b;
    if (!ok)
      d->first_done = true;
  }
  if (d->first_done || d->nfirst < 3)
    return false;
  d->first_done = true;
  /* The server's first bytes matter only while no request was seen: the
   * ClientHello may be missing from the capture. */
  if (dir == 1 && h->st.requests > 0)
    return false;
  h->st.tls = 1;
  h->ignored = true;
  if (h->cb.tls != NULL)
    h->cb.tls(h->cb.user, &h->info);
  return true;
}

/* ---- the interface --------------------------------------------------------- */

struct wire_http_conn *wire_http_conn_new(const struct wire_conn_info *c,
                                          const struct wire_exchange_cb *cb) {
  struct wire_http_conn *h = calloc(1, sizeof *h);
  int i;

  if (h == NULL)
    return NULL;
  h->info = *c;
  if (cb != NULL)
    h->cb = *cb;
  /* A capture that began mid-stream begins mid-message, most likely. A
   * request's tail is reported, since its answer is still to come; a
   * response's tail answers a request from before the capture. */
  for (i = 0; i < 2; i++)
    reset_dir(&h->d[i], c->mid_stream ? D_LINE : D_HEAD);
  h->d[0].lost_start = c->mid_stream;
  return h;
}

void wire_http_conn_data(struct wire_http_conn *h, int dir, const uint8_t *p,
                         size_t n, uint64_t packet, double ts) {
  if (h == NULL || (dir != 0 && dir != 1) || n == 0)
    return;
  h->d[dir].offset += n;
  if (h->ignored) {
    h->st.bytes_ignored += n;
    return;
  }
  if (tls_check(h, dir, p, n)) {
    h->st.bytes_ignored += n + h->d[0].len + h->d[1].len;
    h->d[0].len = h->d[1].len = 0;
    return;
  }
  feed(h, dir, (const char *)p, n, packet, ts);
  keep_borrowed(h, packet);
}

void wire_http_conn_gap(struct wire_http_conn *h, int dir, uint64_t n,
                        uint64_t packet, double ts) {
  struct dir *d;

  if (h == NULL || (dir != 0 && dir != 1) || n == 0)
    return;
  d = &h->d[dir];
  d->offset += n;
  d->first_done = true;
  d->gapped = true;
  h->st.gaps++;
  if (h->ignored)
    return;
  if (d->state == D_HOLD)
    release_hold(h, packet, ts);
  if (h->ignored)
    return;
  switch (d->state) {
  case D_HEAD:
    /* At a message boundary, the gap may hold the start of a message
     * whose rest comes next. */
    d->lost_start = d->len == 0;
    cut_buffered_head(h, dir, packet, ts);
    if (!h->ignored)
      lose_place(h, dir);
    return;
  case D_BODY: {
    struct wire_message *m = dir == 0 ? &d->cur->req : &d->msg;
    int r = wire_http1_body_gap(&d->body, n);
    m->incomplete = true;
    if (r == 0)
      return;
    /* Past the end of a body of known length: the gap holds the start of
     * what follows. */
    d->lost_start = r < 0 && d->body.framing == WIRE_HTTP1_BODY_LENGTH;
    if (dir == 0)
      req_done(h, d->cur);
    else
      resp_done(h, packet, ts);
    if (r < 0 && !h->ignored)
      lose_place(h, dir);
    return;
  }
  default:
    cut_buffered_head(h, dir, packet, ts);
    h->st.bytes_skipped += d->len;
    reset_dir(d, D_LINE);
    return;
  }
}

void wire_http_conn_close(struct wire_http_conn *h, uint64_t packet,
                          double ts) {
  struct dir *c, *s;

  if (h == NULL || h->closed)
    return;
  c = &h->d[0];
  s = &h->d[1];
  if (!h->ignored && c->state == D_HOLD)
    release_hold(h, packet, ts);
  if (!h->ignored) {
    if (c->state == D_BODY) {
      c->cur->req.incomplete = true;
      req_done(h, c->cur);
    } else {
      cut_buffered_head(h, 0, packet, ts);
    }
  }
  if (!h->ignored) {
    if (s->state == D_BODY) {
      if (!wire_http1_body_eof(&s->body))
        s->msg.incomplete = true;
      resp_done(h, packet, ts);
    } else {
      cut_buffered_head(h, 1, packet, ts);
    }
  }
  h->closed = true;
  h->ignored = true;
  /* Everything still queued, in order; unanswered ones without a
   * response. */
  while (h->head != NULL) {
    struct pending *e = h->head;
    if (!e->req_done)
      e->req.incomplete = true;
    emit(h, e, e->has_resp ? &e->resp : NULL);
    pop_front(h);
  }
}

void wire_http_conn_free(struct wire_http_conn *h) {
  int i;

  if (h == NULL)
    return;
  while (h->head != NULL)
    pop_front(h);
  free(h->spare);
  for (i = 0; i < 2; i++) {
    free(h->d[i].buf);
    free(h->d[i].hdrs);
  }
  free(h);
}

void wire_http_conn_stats(const struct wire_http_conn *h,
                          struct wire_http_stats *out) {
  *out = h->st;
}

void wire_http_stats_add(struct wire_http_stats *sum,
                         const struct wire_http_stats *s) {
  sum->requests += s->requests;
  sum->responses += s->responses;
  sum->interim += s->interim;
  sum->exchanges += s->exchanges;
  sum->unanswered += s->unanswered;
  sum->orphans += s->orphans;
  sum->incomplete += s->incomplete;
  sum->resyncs += s->resyncs;
  sum->gaps += s->gaps;
  sum->body_bytes += s->body_bytes;
  sum->bytes_skipped += s->bytes_skipped;
  sum->bytes_ignored += s->bytes_ignored;
  sum->tls += s->tls;
  sum->tunnels += s->tunnels;
}
