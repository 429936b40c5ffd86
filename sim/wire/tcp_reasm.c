/*
 * tcp_reasm.c - TCP segments to ordered byte streams, see tcp_reasm.h.
 *
 * Each direction of a connection (a "half") keeps next, the sequence
 * number of the next byte to deliver, and a sorted list of held pieces:
 * byte ranges that arrived ahead of next. Held pieces never overlap one
 * another and always lie ahead of next. A new segment is cut against
 * them: only bytes no earlier copy covered are delivered or held, which
 * is how "the first copy wins" for retransmissions and overlaps alike.
 * Sequence numbers are compared as signed 32-bit distances (RFC 1982
 * serial arithmetic), so wraparound needs no special case.
 *
 * In-order payload goes to the data callback straight from the segment;
 * only out-of-order bytes are copied. Their memory (bytes plus a per-piece
 * overhead) is bounded per half and in all: when a new segment does not
 * fit, the oldest hole is given up (a gap of its size is reported and
 * the bytes after it are delivered) until it does. Connections are in a
 * hash table and in one of two lists ordered by last packet: the open
 * ones (for the idle timeout and the connection limit) and the closed
 * ones remembered for the linger time.
 */
#include "tcp_reasm.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A segment longer than this is clamped: it keeps every distance between
 * held sequence numbers below 2^31, where serial arithmetic holds. Link
 * decoding never yields more than 2^32 / 4 anyway (jumbograms aside). */
#define SEG_MAX ((uint32_t)1 << 30)

/* A segment on a closed connection this far (in either direction) from
 * where its half ended belongs to a new connection whose SYN was missed;
 * nearer, it is a late retransmission. */
#define REOPEN_DISTANCE ((int32_t)1 << 24)

/* Bytes ahead of next, held until the hole before them fills. A missing
 * piece holds no bytes: the snapshot length cut them, and they become a
 * gap when delivered. */
struct piece {
  struct piece *next;
  uint32_t seq, len;
  bool missing;
  uint64_t packet;
  double ts;
  uint8_t data[];
};

#define PIECE_COST(n) (sizeof(struct piece) + (n))

struct conn;

/* One direction of a connection. */
struct half {
  uint32_t next;    /* the next sequence number to deliver */
  uint32_t isn;     /* valid when has_isn */
  uint32_t fin_seq; /* valid when fin */
  bool started;     /* next is known */
  bool has_isn;     /* started by a SYN or SYN-ACK */
  bool fin;         /* a FIN was seen at fin_seq */
  bool ended;       /* ... and every byte before it was delivered or gapped */
  uint8_t dir;
  struct piece *head, *tail;  /* held pieces, by sequence number */
  size_t held;                /* their cost */
  struct half *hprev, *hnext; /* the list of halves holding pieces */
  struct conn *conn;
};

/* Both endpoints in a canonical order (a <= b by address, then port), so
 * both directions find one connection. No implicit padding: the key is
 * hashed and compared as bytes. */
struct key {
  uint8_t a[16], b[16];
  uint16_t pa, pb;
  uint8_t family, pad[3];
};

struct conn {
  struct key key;
  struct conn *hnext;         /* hash chain */
  struct conn *lprev, *lnext; /* the open or the closed list */
  struct half h[2];           /* by dir: 0 is client to server */
  uint8_t client_side;        /* 0: key.a is the client, 1: key.b */
  bool closed;
  double last_ts;
  void *user;
  struct wire_conn_info info;
};

struct list {
  struct conn *head, *tail; /* head: least recently seen */
};

struct wire_tcp {
  struct wire_stream_cb cb;
  struct wire_tcp_limits lim;
  struct conn **buckets;
  size_t nbuckets; /* a power of two */
  struct list open, closed;
  struct half *holding_head, *holding_tail; /* oldest first */
  struct conn *last; /* the connection of the previous segment */
  uint64_t next_id;
  uint64_t last_packet;
  struct wire_tcp_stats st;
};

/* ---- small helpers ------------------------------------------------------ */

static inline int32_t sdiff(uint32_t a, uint32_t b) {
  return (int32_t)(a - b);
}
static inline bool seq_lt(uint32_t a, uint32_t b) { return sdiff(a, b) < 0; }
static inline bool seq_le(uint32_t a, uint32_t b) { return sdiff(a, b) <= 0; }

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void warnf(struct wire_tcp *t, uint64_t packet, const char *fmt, ...) {
  va_list ap;
  if (t->cb.warn == NULL)
    return;
  va_start(ap, fmt);
  t->cb.warn(t->cb.user, packet, fmt, ap);
  va_end(ap);
}

static void deliver(struct wire_tcp *t, struct conn *c, int dir,
                    const uint8_t *p, size_t n, uint64_t packet, double ts) {
  if (n == 0)
    return;
  t->st.bytes += n;
  if (t->cb.data != NULL)
    t->cb.data(t->cb.user, c->user, dir, p, n, packet, ts);
}

static void gap(struct wire_tcp *t, struct conn *c, int dir, uint64_t n,
                uint64_t packet, double ts) {
  if (n == 0)
    return;
  t->st.gaps++;
  t->st.gap_bytes += n;
  if (t->cb.gap != NULL)
    t->cb.gap(t->cb.user, c->user, dir, n, packet, ts);
}

static void list_unlink(struct list *l, struct conn *c) {
  if (c->lprev != NULL)
    c->lprev->lnext = c->lnext;
  else
    l->head = c->lnext;
  if (c->lnext != NULL)
    c->lnext->lprev = c->lprev;
  else
    l->tail = c->lprev;
  c->lprev = c->lnext = NULL;
}

static void list_append(struct list *l, struct conn *c) {
  c->lnext = NULL;
  c->lprev = l->tail;
  if (l->tail != NULL)
    l->tail->lnext = c;
  else
    l->head = c;
  l->tail = c;
}

static struct list *list_of(struct wire_tcp *t, struct conn *c) {
  return c->closed ? &t->closed : &t->open;
}

/* Marks c as seen at ts: it moves to the end of its list. */
static void touch(struct wire_tcp *t, struct conn *c, double ts) {
  struct list *l = list_of(t, c);
  c->last_ts = ts;
  if (l->tail != c) {
    list_unlink(l, c);
    list_append(l, c);
  }
}

/* ---- the hash table ----------------------------------------------------- */

_Static_assert(sizeof(struct key) == 40, "a key is five words");

static size_t hash_key(const struct key *k) {
  uint64_t w[5], h = 0x9e3779b97f4a7c15u;
  memcpy(w, k, sizeof w);
  for (size_t i = 0; i < 5; i++) {
    h = (h ^ w[i]) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
  }
  return (size_t)h;
}

/* Key equality in five words, without a call to memcmp: once or twice
 * per packet. */
static inline bool key_eq(const struct key *a, const struct key *b) {
  uint64_t x[5], y[5];
  memcpy(x, a, sizeof x);
  memcpy(y, b, sizeof y);
  return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) |
          (x[4] ^ y[4])) == 0;
}

static struct conn *lookup(struct wire_tcp *t, const struct key *k) {
  struct conn *c = t->last;
  if (c != NULL && key_eq(&c->key, k))
    return c;
  for (c = t->buckets[hash_key(k) & (t->nbuckets - 1)]; c != NULL;
       c = c->hnext)
    if (key_eq(&c->key, k))
      return c;
  return NULL;
}

/* Doubles the buckets when there are more connections than buckets; on
 * failure the table keeps working, with longer chains. */
static void maybe_grow(struct wire_tcp *t) {
  size_t n = t->nbuckets * 2;
  struct conn **b;
  if (t->st.conns <= t->nbuckets || n > ((size_t)1 << 28))
    return;
  b = calloc(n, sizeof *b);
  if (b == NULL)
    return;
  for (size_t i = 0; i < t->nbuckets; i++) {
    struct conn *c = t->buckets[i], *next;
    for (; c != NULL; c = next) {
      size_t j = hash_key(&c->key) & (n - 1);
      next = c->hnext;
      c->hnext = b[j];
      b[j] = c;
    }
  }
  free(t->buckets);
  t->buckets = b;
  t->nbuckets = n;
}

static void hash_remove(struct wire_tcp *t, struct conn *c) {
  struct conn **pp = &t->buckets[hash_key(&c->key) & (t->nbuckets - 1)];
  while (*pp != c)
    pp = &(*pp)->hnext;
  *pp = c->hnext;
}

/* ---- held pieces -------------------------------------------------------- */

static void holding_unlink(struct wire_tcp *t, struct half *h) {
  if (h->hprev != NULL)
    h->hprev->hnext = h->hnext;
  else
    t->holding_head = h->hnext;
  if (h->hnext != NULL)
    h->hnext->hprev = h->hprev;
  else
    t->holding_tail = h->hprev;
  h->hprev = h->hnext = NULL;
}

static void holding_append(struct wire_tcp *t, struct half *h) {
  h->hnext = NULL;
  h->hprev = t->holding_tail;
  if (t->holding_tail != NULL)
    t->holding_tail->hnext = h;
  else
    t->holding_head = h;
  t->holding_tail = h;
}

/* Takes the first held piece off h; the caller frees it. */
static struct piece *pop_piece(struct wire_tcp *t, struct half *h) {
  struct piece *p = h->head;
  size_t cost = PIECE_COST(p->missing ? 0 : p->len);
  h->head = p->next;
  if (h->head == NULL) {
    h->tail = NULL;
    holding_unlink(t, h);
  }
  h->held -= cost;
  t->st.ooo_bytes -= cost;
  return p;
}

static void drop_pieces(struct wire_tcp *t, struct half *h) {
  while (h->head != NULL)
    free(pop_piece(t, h));
}

/* The FIN is reached once every byte before it is delivered or gapped.
 * Anything held beyond it is not part of the stream. */
static void check_fin(struct wire_tcp *t, struct half *h) {
  if (h->fin && !h->ended && seq_le(h->fin_seq, h->next)) {
    h->ended = true;
    h->next = h->fin_seq + 1;
    drop_pieces(t, h);
  }
}

/* Delivers the held pieces that next has reached. */
static void drain(struct wire_tcp *t, struct conn *c, struct half *h) {
  while (h->head != NULL && seq_le(h->head->seq, h->next)) {
    struct piece *p = pop_piece(t, h);
    uint32_t end = p->seq + p->len;
    if (seq_lt(h->next, end)) {
      uint32_t skip = h->next - p->seq;
      if (p->missing)
        gap(t, c, h->dir, end - h->next, p->packet, p->ts);
      else
        deliver(t, c, h->dir, p->data + skip, p->len - skip, p->packet,
                p->ts);
      h->next = end;
    }
    free(p);
  }
  check_fin(t, h);
}

/* Gives up on the hole before the first held piece. */
static void force_hole(struct wire_tcp *t, struct conn *c, struct half *h,
                       uint64_t packet, double ts) {
  uint32_t n = h->head->seq - h->next;
  t->st.holes_forced++;
  warnf(t, packet,
        "connection %llu: out-of-order limit reached, %lu missing bytes "
        "given up",
        (unsigned long long)c->info.id, (unsigned long)n);
  gap(t, c, h->dir, n, packet, ts);
  h->next = h->head->seq;
  drain(t, c, h);
}

/*
 * Walks the parts of the range [seq, seq + wlen) that no held piece
 * covers, splitting each where the captured bytes (the first len) end.
 * Without insert it only counts their cost; with it, inserts them as pieces
 * and returns 0, or SIZE_MAX when out of memory (what was inserted stays).
 * *fresh is the number of bytes not covered.
 * All held pieces lie ahead of next and within 2^31 of it, so positions
 * are compared as offsets from next.
 */
static size_t cover(struct wire_tcp *t, struct half *h, bool insert,
                    uint32_t seq, const uint8_t *pl, uint32_t len,
                    uint32_t wlen, uint64_t packet, double ts,
                    uint32_t *fresh) {
  uint32_t base = h->next, start = seq - base, pos = start,
           end = start + wlen, cut = start + len;
  struct piece *prev = NULL, *cur = h->head;
  size_t cost = 0;

  *fresh = 0;
  /* Segments mostly arrive in order behind a hole: start at the tail. */
  if (h->tail != NULL && h->tail->seq + h->tail->len - base <= pos) {
    prev = h->tail;
    cur = NULL;
  }
  while (pos < end) {
    uint32_t stop = end;
    while (cur != NULL && cur->seq + cur->len - base <= pos) {
      prev = cur;
      cur = cur->next;
    }
    if (cur != NULL) {
      if (cur->seq - base <= pos) {
        pos = cur->seq + cur->len - base;
        prev = cur;
        cur = cur->next;
        continue;
      }
      if (cur->seq - base < stop)
        stop = cur->seq - base;
    }
    /* [pos, stop) is new: captured up to cut, missing after. */
    while (pos < stop) {
      bool missing = pos >= cut;
      uint32_t n = (missing || stop <= cut ? stop : cut) - pos;
      size_t pc = PIECE_COST(missing ? 0 : n);
      if (!insert) {
        cost += pc;
      } else {
        struct piece *p = malloc(pc);
        if (p == NULL)
          return SIZE_MAX;
        p->seq = base + pos;
        p->len = n;
        p->missing = missing;
        p->packet = packet;
        p->ts = ts;
        if (!missing)
          memcpy(p->data, pl + (pos - start), n);
        p->next = cur;
        if (prev != NULL)
          prev->next = p;
        else
          h->head = p;
        if (cur == NULL)
          h->tail = p;
        if (h->held == 0)
          holding_append(t, h);
        h->held += pc;
        t->st.ooo_bytes += pc;
        prev = p;
      }
      pos += n;
      *fresh += n;
    }
  }
  if (t->st.ooo_bytes > t->st.ooo_peak)
    t->st.ooo_peak = t->st.ooo_bytes;
  return cost;
}

/* ---- one segment on one half -------------------------------------------- */

/* The segment [seq, seq + wlen) starts at or before next: deliver what
 * is new of it, interleaved with held pieces that came first. */
static void in_order(struct wire_tcp *t, struct conn *c, struct half *h,
                     uint32_t seq, const uint8_t *pl, uint32_t len,
                     uint32_t wlen, uint64_t packet, double ts) {
  uint32_t end = seq + wlen, taken = 0;

  while (seq_lt(h->next, end)) {
    uint32_t stop = end, from, to;
    drain(t, c, h);
    if (h->ended || !seq_lt(h->next, end))
      break;
    if (h->head != NULL && seq_lt(h->head->seq, end))
      stop = h->head->seq;
    from = h->next - seq;
    to = stop - seq;
    if (from < len)
      deliver(t, c, h->dir, pl + from, (to < len ? to : len) - from, packet,
              ts);
    if (to > len) /* the snapshot length cut the rest */
      gap(t, c, h->dir, to - (from > len ? from : len), packet, ts);
    taken += to - from;
    h->next = stop;
  }
  t->st.retrans_bytes += wlen - taken;
  drain(t, c, h);
}

static void maybe_close(struct wire_tcp *t, struct conn *c, uint64_t packet,
                        double ts);

/* The half of the oldest held hole anywhere other than h gives up all
 * its holes: the global limit frees memory where it was held longest. */
static void force_other(struct wire_tcp *t, struct half *h, uint64_t packet,
                        double ts) {
  struct half *o = t->holding_head;
  struct conn *oc = o->conn;
  while (o->head != NULL)
    force_hole(t, oc, o, packet, ts);
  if (oc != h->conn)
    maybe_close(t, oc, packet, ts);
}

static void half_segment(struct wire_tcp *t, struct conn *c, int dir,
                         uint32_t seq, const uint8_t *pl, uint32_t len,
                         uint32_t wlen, bool fin, uint64_t packet, double ts) {
  struct half *h = &c->h[dir];
  bool counted = false;
  uint32_t fresh;

  if (h->ended) {
    t->st.retrans_bytes += wlen;
    return;
  }
  if (!h->started) {
    h->started = true;
    h->next = seq;
  }
  if (!fin && !h->fin && seq == h->next && h->head == NULL) {
    /* The usual segment: the next bytes, nothing held, no FIN. What
     * in_order would do, without its loop: all of it is new. */
    deliver(t, c, h->dir, pl, len, packet, ts);
    if (wlen > len) /* the snapshot length cut the rest */
      gap(t, c, h->dir, wlen - len, packet, ts);
    h->next = seq + wlen;
    return;
  }
  if (fin && !h->fin) {
    h->fin = true;
    h->fin_seq = seq + wlen;
  }
  while (wlen > 0) {
    size_t cost;
    if (sdiff(seq, h->next) <= 0) {
      in_order(t, c, h, seq, pl, len, wlen, packet, ts);
      break;
    }
    if (!counted) {
      /* Held pieces stay within 2^31 of next (see cover). A segment
       * reaching past that is no part of this stream: no window is that
       * large. */
      if (seq - h->next > (uint32_t)INT32_MAX - wlen) {
        t->st.ignored++;
        warnf(t, packet,
              "connection %llu: segment 2 GiB or more ahead ignored",
              (unsigned long long)c->info.id);
        break;
      }
      t->st.ooo_segments++;
      counted = true;
    }
    cost = cover(t, h, false, seq, pl, len, wlen, packet, ts, &fresh);
    if (h->held + cost <= t->lim.ooo_per_dir &&
        t->st.ooo_bytes + cost <= t->lim.ooo_total) {
      /* Bytes some held piece already has are seen again. */
      t->st.retrans_bytes += wlen - fresh;
      if (cost > 0 &&
          cover(t, h, true, seq, pl, len, wlen, packet, ts, &fresh) == SIZE_MAX)
        warnf(t, packet, "connection %llu: out of memory holding a segment",
              (unsigned long long)c->info.id);
      break;
    }
    /* Over a limit: give up the oldest hole and try again. Each round
     * frees held bytes or moves next up to the segment, so this ends. */
    if (h->held + cost > t->lim.ooo_per_dir || t->holding_head == h ||
        t->holding_head == NULL) {
      if (h->head != NULL) {
        force_hole(t, c, h, packet, ts);
      } else {
        t->st.holes_forced++;
        warnf(t, packet,
              "connection %llu: segment beyond the out-of-order limit, "
              "%lu missing bytes given up",
              (unsigned long long)c->info.id,
              (unsigned long)(seq - h->next));
        gap(t, c, h->dir, seq - h->next, packet, ts);
        h->next = seq;
      }
      if (h->ended)
        break;
    } else {
      force_other(t, h, packet, ts);
    }
  }
  check_fin(t, h);
}

/* ---- connections -------------------------------------------------------- */

static void free_conn(struct wire_tcp *t, struct conn *c) {
  for (int d = 0; d < 2; d++)
    drop_pieces(t, &c->h[d]);
  hash_remove(t, c);
  list_unlink(list_of(t, c), c);
  if (t->last == c)
    t->last = NULL;
  t->st.conns--;
  free(c);
}

/* Ends c for the layer above: held bytes are delivered after gaps for
 * the holes before them (and before a FIN that was seen), then close.
 * c stays in the table, closed. */
static void close_conn(struct wire_tcp *t, struct conn *c,
                       enum wire_close_reason why, uint64_t packet,
                       double ts) {
  for (int d = 0; d < 2; d++) {
    struct half *h = &c->h[d];
    while (h->head != NULL) {
      gap(t, c, d, h->head->seq - h->next, packet, ts);
      h->next = h->head->seq;
      drain(t, c, h);
    }
    if (h->fin && !h->ended) {
      gap(t, c, d, h->fin_seq - h->next, packet, ts);
      h->next = h->fin_seq;
      check_fin(t, h);
    }
  }
  if (t->cb.close != NULL)
    t->cb.close(t->cb.user, c->user, why, packet, ts);
  c->user = NULL;
  list_unlink(&t->open, c);
  c->closed = true;
  list_append(&t->closed, c);
}

static void maybe_close(struct wire_tcp *t, struct conn *c, uint64_t packet,
                        double ts) {
  if (!c->closed && c->h[0].ended && c->h[1].ended)
    close_conn(t, c, WIRE_CLOSE_FIN, packet, ts);
}

/* Makes room for one more connection: forgets the closed connection seen
 * least recently or, when none is left, closes the open one idle longest. */
static void make_room(struct wire_tcp *t, uint64_t packet, double ts) {
  while (t->st.conns >= t->lim.max_conns) {
    struct conn *c = t->closed.head;
    if (c == NULL) {
      c = t->open.head;
      t->st.dropped++;
      warnf(t, packet,
            "connection %llu dropped: more than %lu connections at once",
            (unsigned long long)c->info.id, (unsigned long)t->lim.max_conns);
      close_conn(t, c, WIRE_CLOSE_LIMIT, packet, ts);
    }
    free_conn(t, c);
  }
}

static void set_endpoint(struct wire_endpoint *e, const uint8_t *addr,
                         uint16_t port, uint8_t family) {
  memcpy(e->addr, addr, 16);
  e->port = port;
  e->family = family;
}

/* (Re)starts c as a new connection whose client is key side client_side
 * and tells the layer above. */
static void start_conn(struct wire_tcp *t, struct conn *c, int client_side,
                       bool mid_stream, double ts) {
  const struct key *k = &c->key;
  if (c->closed) {
    list_unlink(&t->closed, c);
    c->closed = false;
    list_append(&t->open, c);
  }
  for (int d = 0; d < 2; d++) {
    drop_pieces(t, &c->h[d]);
    memset(&c->h[d], 0, sizeof c->h[d]);
    c->h[d].dir = (uint8_t)d;
    c->h[d].conn = c;
  }
  c->client_side = (uint8_t)client_side;
  c->last_ts = ts;
  memset(&c->info, 0, sizeof c->info);
  set_endpoint(client_side == 0 ? &c->info.client : &c->info.server, k->a,
               k->pa, k->family);
  set_endpoint(client_side == 0 ? &c->info.server : &c->info.client, k->b,
               k->pb, k->family);
  c->info.id = ++t->next_id;
  c->info.mid_stream = mid_stream;
  t->st.connections++;
  c->user = t->cb.open != NULL ? t->cb.open(t->cb.user, &c->info) : NULL;
}

static struct conn *new_conn(struct wire_tcp *t, const struct key *k,
                             uint64_t packet, double ts) {
  struct conn *c;
  size_t b;

  make_room(t, packet, ts);
  c = calloc(1, sizeof *c);
  if (c == NULL) {
    warnf(t, packet, "out of memory for a new connection");
    return NULL;
  }
  c->key = *k;
  c->closed = true; /* start_conn moves it to the open list */
  list_append(&t->closed, c);
  b = hash_key(k) & (t->nbuckets - 1);
  c->hnext = t->buckets[b];
  t->buckets[b] = c;
  t->st.conns++;
  if (t->st.conns > t->st.conns_peak)
    t->st.conns_peak = t->st.conns;
  maybe_grow(t);
  return c;
}

/* The side (0: key.a) a guess makes the client when the handshake was not
 * seen: the higher port is the ephemeral one; on equal ports, the higher
 * address. */
static int guess_client(const struct key *k) {
  if (k->pa != k->pb)
    return k->pa > k->pb ? 0 : 1;
  return memcmp(k->a, k->b, 16) > 0 ? 0 : 1;
}

/* memcmp(a, b, 16)'s sign, from two big-endian words each (a call to
 * memcmp per packet cost more than the rest of the key). */
static inline int addr_cmp(const uint8_t *a, const uint8_t *b) {
  uint64_t x[2], y[2];
  memcpy(x, a, 16);
  memcpy(y, b, 16);
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                           \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  for (int i = 0; i < 2; i++) {
    x[i] = __builtin_bswap64(x[i]);
    y[i] = __builtin_bswap64(y[i]);
  }
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
  return memcmp(a, b, 16);
#endif
  if (x[0] != y[0])
    return x[0] < y[0] ? -1 : 1;
  if (x[1] != y[1])
    return x[1] < y[1] ? -1 : 1;
  return 0;
}

/* Builds the key of s; returns the side of its source (0: key.a). */
static int make_key(const struct wire_segment *s, struct key *k) {
  int c = addr_cmp(s->src.addr, s->dst.addr);
  int side = c > 0 || (c == 0 && s->src.port > s->dst.port);
  const struct wire_endpoint *a = side ? &s->dst : &s->src,
                             *b = side ? &s->src : &s->dst;
  memcpy(k->a, a->addr, 16);
  memcpy(k->b, b->addr, 16);
  k->pa = a->port;
  k->pb = b->port;
  k->family = s->src.family;
  memset(k->pad, 0, sizeof k->pad);
  return side;
}

/* A SYN from side starts c with that side as the client. */
static void start_syn(struct wire_tcp *t, struct conn *c, int side,
                      uint32_t seq, double ts) {
  start_conn(t, c, side, false, ts);
  c->h[0].started = c->h[0].has_isn = true;
  c->h[0].isn = seq;
  c->h[0].next = seq + 1;
}

/* A SYN-ACK from side starts c with the other side as the client; its
 * acknowledgment number is where the client's bytes start. */
static void start_synack(struct wire_tcp *t, struct conn *c, int side,
                         uint32_t seq, uint32_t ack, double ts) {
  start_conn(t, c, !side, false, ts);
  c->h[1].started = c->h[1].has_isn = true;
  c->h[1].isn = seq;
  c->h[1].next = seq + 1;
  c->h[0].started = c->h[0].has_isn = true;
  c->h[0].isn = ack - 1;
  c->h[0].next = ack;
}

void wire_tcp_segment(struct wire_tcp *t, const struct wire_segment *s) {
  const bool syn = (s->flags & WIRE_TCP_SYN) != 0,
             ackf = (s->flags & WIRE_TCP_ACK) != 0,
             rst = (s->flags & WIRE_TCP_RST) != 0,
             fin = (s->flags & WIRE_TCP_FIN) != 0;
  size_t len = s->payload != NULL ? s->len : 0, wlen = s->wire_len;
  struct key k;
  struct conn *c;
  int side, dir;
  uint32_t seq = s->seq;

  t->st.segments++;
  t->last_packet = s->packet;
  if (wlen < len)
    wlen = len;
  if (wlen > SEG_MAX)
    wlen = SEG_MAX;
  if (len > wlen)
    len = wlen;
  side = make_key(s, &k);
  c = lookup(t, &k);

  if (c == NULL || c->closed) {
    bool reopen = false;
    if (syn) {
      reopen = true;
    } else if (!rst && wlen > 0) {
      if (c == NULL) {
        reopen = true;
      } else {
        /* Closed: a late retransmission, unless far from where its half
         * ended (then a new connection whose SYN was not captured). */
        const struct half *h = &c->h[side == c->client_side ? 0 : 1];
        int32_t d = sdiff(seq, h->next);
        reopen = h->started && (d > REOPEN_DISTANCE || d < -REOPEN_DISTANCE);
      }
    }
    if (!reopen) {
      t->st.ignored++;
      if (c != NULL)
        touch(t, c, s->ts);
      return;
    }
    if (c == NULL) {
      c = new_conn(t, &k, s->packet, s->ts);
      if (c == NULL)
        return;
    }
    if (syn && !ackf)
      start_syn(t, c, side, seq, s->ts);
    else if (syn)
      start_synack(t, c, side, seq, s->ack, s->ts);
    else
      start_conn(t, c, guess_client(&k), true, s->ts);
  } else if (syn) {
    /* A SYN or SYN-ACK on an open connection: a retransmission when its
     * ISN is the one known, the handshake's second half when that half
     * has not started, else the ports were reused for a new connection. */
    struct half *h = &c->h[side == c->client_side ? 0 : 1];
    if (h->has_isn && h->isn == seq) {
      /* retransmitted */
    } else if (ackf && !h->started && h->dir == 1) {
      h->started = h->has_isn = true;
      h->isn = seq;
      h->next = seq + 1;
    } else {
      close_conn(t, c, WIRE_CLOSE_REUSED, s->packet, s->ts);
      if (ackf)
        start_synack(t, c, side, seq, s->ack, s->ts);
      else
        start_syn(t, c, side, seq, s->ts);
    }
  }
  t->last = c;
  touch(t, c, s->ts);
  dir = side == c->client_side ? 0 : 1;
  if (rst) {
    close_conn(t, c, WIRE_CLOSE_RST, s->packet, s->ts);
    return;
  }
  if (wlen > 0 || fin)
    half_segment(t, c, dir, syn ? seq + 1 : seq, s->payload, (uint32_t)len,
                 (uint32_t)wlen, fin, s->packet, s->ts);
  maybe_close(t, c, s->packet, s->ts);
}

/* ---- the object --------------------------------------------------------- */

void wire_tcp_limits_default(struct wire_tcp_limits *lim) {
  lim->ooo_per_dir = WIRE_TCP_OOO_PER_DIR;
  lim->ooo_total = WIRE_TCP_OOO_TOTAL;
  lim->max_conns = WIRE_TCP_MAX_CONNS;
  lim->idle_timeout = WIRE_TCP_IDLE_TIMEOUT;
  lim->linger = WIRE_TCP_LINGER;
}

struct wire_tcp *wire_tcp_new(const struct wire_stream_cb *cb,
                              const struct wire_tcp_limits *lim) {
  struct wire_tcp *t = calloc(1, sizeof *t);
  struct wire_tcp_limits def;

  if (t == NULL)
    return NULL;
  wire_tcp_limits_default(&def);
  t->lim = def;
  if (lim != NULL) {
    if (lim->ooo_per_dir > 0)
      t->lim.ooo_per_dir = lim->ooo_per_dir;
    if (lim->ooo_total > 0)
      t->lim.ooo_total = lim->ooo_total;
    if (lim->max_conns > 0)
      t->lim.max_conns = lim->max_conns;
    if (lim->idle_timeout > 0)
      t->lim.idle_timeout = lim->idle_timeout;
    if (lim->linger > 0)
      t->lim.linger = lim->linger;
  }
  if (cb != NULL)
    t->cb = *cb;
  t->nbuckets = 256;
  t->buckets = calloc(t->nbuckets, sizeof *t->buckets);
  if (t->buckets == NULL) {
    free(t);
    return NULL;
  }
  return t;
}

void wire_tcp_expire(struct wire_tcp *t, double now) {
  while (t->open.head != NULL &&
         t->open.head->last_ts + t->lim.idle_timeout < now) {
    struct conn *c = t->open.head;
    close_conn(t, c, WIRE_CLOSE_IDLE, t->last_packet, now);
    free_conn(t, c);
  }
  while (t->closed.head != NULL &&
         t->closed.head->last_ts + t->lim.linger < now)
    free_conn(t, t->closed.head);
}

void wire_tcp_flush(struct wire_tcp *t, uint64_t packet, double ts) {
  while (t->open.head != NULL) {
    struct conn *c = t->open.head;
    close_conn(t, c, WIRE_CLOSE_END, packet, ts);
    free_conn(t, c);
  }
  while (t->closed.head != NULL)
    free_conn(t, t->closed.head);
}

void wire_tcp_get_stats(const struct wire_tcp *t, struct wire_tcp_stats *out) {
  *out = t->st;
}

void wire_tcp_free(struct wire_tcp *t) {
  if (t == NULL)
    return;
  for (struct list *l = &t->open;; l = &t->closed) {
    while (l->head != NULL)
      free_conn(t, l->head);
    if (l == &t->closed)
      break;
  }
  free(t->buckets);
  free(t);
}
