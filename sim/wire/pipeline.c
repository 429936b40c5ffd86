/*
 * pipeline.c - one input through the wire layer to verdicts (see
 * pipeline.h): the glue between the reassembler's stream callbacks, the
 * HTTP layer's exchange callbacks and the judge.
 */
#include "pipeline.h"

#include "http_conn.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- a capture read on its own thread -----------------------------------
 *
 * With threads on, a capture is read, reassembled and parsed on a thread
 * of its own (the reader) while the caller's thread judges and reports:
 * the two halves of a replay cost about the same, so two cores take
 * about half the time. What the reader would have handed the judge and
 * the warning callback goes through a queue of events in the order it
 * happened, and the caller's thread plays them in that order: verdicts,
 * warnings and their interleaving are those of a run on one thread.
 */

/* Events per batch: one lock and one wake-up per batch, not per event. */
#define BATCH 256
/* A HAR file's progress is told every this many exchanges. */
#define HAR_PROGRESS_EVERY 256
/* Records fetched ahead of the one the judge takes (pipeline_run). */
#define TAKE_AHEAD 4
/* Batches waiting at most, and bytes of records in them: the reader stops
 * there, so that memory stays bounded however far ahead it could run,
 * with room enough (some 20 ms of work) to ride out either thread being
 * descheduled. A batch is sent early once its records pass its share. */
#define BATCHES_MAX 16
#define QUEUE_BYTES ((size_t)8 * 1024 * 1024)
/* A thread asleep on the queue is woken only once it is worth it: the
 * judge when WAKE_TAKER batches wait (or the reader is done, or the queue
 * is full), the reader when half the queue is free. Each wake-up is a
 * system call and an interrupt to the other CPU; this cut the context
 * switches of a replay to about a third. */
#define WAKE_TAKER 4

enum event_kind { EV_EXCHANGE, EV_WARNING, EV_PROGRESS };

struct event {
  struct wire_judge_record *rec; /* an exchange (may be NULL), or */
  char *warning;                 /* a warning's text */
  enum event_kind kind;
  uint64_t n; /* the warning's packet, or the bytes read (progress) */
  double t;   /* the exchange's last capture time */
};

struct batch {
  struct batch *next;
  size_t n;
  size_t bytes; /* of the records in it */
  struct event ev[BATCH];
};

struct queue {
  pthread_mutex_t mu;
  pthread_cond_t more, room;
  struct batch *head, *tail; /* waiting for the judge */
  size_t waiting, bytes;      /* batches, and bytes of records in them */
  bool done;           /* the reader has finished */
  bool taker_waits;    /* the judge's thread sleeps on `more` */
  bool sender_waits;   /* the reader sleeps on `room` */
  struct batch *fill;  /* the reader's batch being filled */
  struct batch *spare; /* a batch the judge's thread is done with */
  /* Records the judge freed, on their way back to the reader: moved
   * under the lock from the judge's pool at each take, and from here to
   * the reader's pool at each send. */
  struct wire_judge_pool returned;
  struct wire_judge_pool pool;   /* the reader's, for its records */
  struct wire_judge_hosts hosts; /* the reader's, for its records */
  struct wire_pcap *p; /* the reader's capture, and its result */
  int rc;
};

struct wire_pipeline {
  struct wire_judge *judge;
  struct wire_tcp *tcp;
  struct wire_stream_cb scb;
  struct wire_exchange_cb xcb;
  wire_warn_cb warn;
  wire_progress_cb progress;
  void *user;
  FILE *har_in;         /* the HAR file being read, for its offset */
  uint64_t har_entries; /* its exchanges so far */
  struct wire_pipeline_stats st;
  bool threads;    /* read captures on a thread of their own */
  struct queue *q; /* during such a read */
};

/* Hands the reader's batch to the judge's thread, waiting while the queue
 * is full. */
static bool queue_full(const struct queue *q, const struct batch *b) {
  return q->waiting >= BATCHES_MAX ||
         (q->waiting > 0 && q->bytes + b->bytes > QUEUE_BYTES);
}

static void queue_send(struct queue *q) {
  struct batch *b = q->fill;
  q->fill = NULL;
  if (b == NULL)
    return;
  pthread_mutex_lock(&q->mu);
  while (queue_full(q, b)) {
    if (q->taker_waits) {
      /* (Full by bytes before WAKE_TAKER batches: wake it now.) */
      q->taker_waits = false;
      pthread_cond_signal(&q->more);
    }
    q->sender_waits = true;
    pthread_cond_wait(&q->room, &q->mu);
  }
  b->next = NULL;
  if (q->tail != NULL)
    q->tail->next = b;
  else
    q->head = b;
  q->tail = b;
  q->waiting++;
  q->bytes += b->bytes;
  if (q->pool.n < BATCH)
    wire_judge_pool_move(&q->pool, &q->returned);
  if (q->fill == NULL && q->spare != NULL) {
    q->fill = q->spare;
    q->spare = NULL;
  }
  if (q->taker_waits && q->waiting >= WAKE_TAKER) {
    q->taker_waits = false;
    pthread_cond_signal(&q->more);
  }
  pthread_mutex_unlock(&q->mu);
}

/* A slot for the reader's next event, or NULL when out of memory (the
 * event is then lost, as an out-of-memory record is). */
static struct event *queue_slot(struct queue *q) {
  if (q->fill != NULL &&
      (q->fill->n == BATCH || q->fill->bytes >= QUEUE_BYTES / BATCHES_MAX))
    queue_send(q);
  if (q->fill == NULL) {
    q->fill = malloc(sizeof(*q->fill));
    if (q->fill == NULL)
      return NULL;
    q->fill->n = 0;
    q->fill->bytes = 0;
  }
  struct event *e = &q->fill->ev[q->fill->n++];
  memset(e, 0, sizeof(*e));
  return e;
}

/* The next batch for the judge's thread; NULL once the reader is done and
 * everything was taken. done: the batch it finished (or NULL), which goes
 * back to the reader with the records the judge freed (judged): under
 * the lock taken anyway, so that the reader reuses them instead of
 * allocating while the judge's thread frees. */
static struct batch *queue_take(struct queue *q, struct batch *done,
                                struct wire_judge_pool *judged) {
  pthread_mutex_lock(&q->mu);
  wire_judge_pool_move(&q->returned, judged);
  if (done != NULL && q->spare == NULL) {
    done->n = 0;
    done->bytes = 0;
    q->spare = done;
    done = NULL;
  }
  while (q->head == NULL && !q->done) {
    q->taker_waits = true;
    pthread_cond_wait(&q->more, &q->mu);
  }
  struct batch *b = q->head;
  if (b != NULL) {
    q->head = b->next;
    if (q->head == NULL)
      q->tail = NULL;
    q->waiting--;
    q->bytes -= b->bytes;
    if (q->sender_waits && q->waiting <= BATCHES_MAX / 2 &&
        q->bytes <= QUEUE_BYTES / 2) {
      q->sender_waits = false;
      pthread_cond_signal(&q->room);
    }
  }
  pthread_mutex_unlock(&q->mu);
  free(done);
  return b;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static void call_warn(struct wire_pipeline *pl, uint64_t packet,
                      const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pl->warn(pl->user, packet, fmt, ap);
  va_end(ap);
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 0)))
#endif
static void warn_up(void *user, uint64_t packet, const char *fmt, va_list ap) {
  struct wire_pipeline *pl = user;
  pl->st.warnings++;
  if (pl->warn == NULL)
    return;
  if (pl->q == NULL) {
    pl->warn(pl->user, packet, fmt, ap);
    return;
  }
  /* On the reader's thread: the text goes through the queue. */
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
  struct event *e = text != NULL ? queue_slot(pl->q) : NULL;
  if (e == NULL) {
    free(text);
    return;
  }
  vsnprintf(text, (size_t)n + 1, fmt, ap);
  e->kind = EV_WARNING;
  e->warning = text;
  e->n = packet;
}

/* From the reading: on the reader's thread, through the queue in its
 * place among the events. */
static void progress_up(void *user, uint64_t bytes) {
  struct wire_pipeline *pl = user;
  if (pl->q == NULL) {
    pl->progress(pl->user, bytes);
    return;
  }
  struct event *e = queue_slot(pl->q);
  if (e != NULL) {
    e->kind = EV_PROGRESS;
    e->n = bytes;
  }
}

/* ---- HTTP layer -> judge ---- */

static void on_exchange(void *user, const struct wire_exchange *x) {
  struct wire_pipeline *pl = user;
  pl->st.http_exchanges++;
  if (x->req.incomplete || (x->has_response && x->resp.incomplete))
    pl->st.http_incomplete++;
  if (pl->q == NULL) {
    wire_judge_exchange(pl->judge, x);
    if (pl->har_in != NULL && pl->progress != NULL &&
        ++pl->har_entries % HAR_PROGRESS_EVERY == 0) {
      off_t at = ftello(pl->har_in);
      if (at >= 0)
        pl->progress(pl->user, (uint64_t)at);
    }
    return;
  }
  double t;
  struct wire_judge_record *r =
      wire_judge_record_new(x, &pl->q->hosts, &pl->q->pool, &t);
  struct event *e = queue_slot(pl->q);
  if (e == NULL) {
    wire_judge_record_free(r, &pl->q->pool);
    return;
  }
  e->rec = r;
  e->t = t;
  pl->q->fill->bytes += wire_judge_record_size(r);
}

static void on_tls(void *user, const struct wire_conn_info *c) {
  struct wire_pipeline *pl = user;
  (void)c;
  pl->st.tls_connections++;
}

/* ---- reassembler -> HTTP layer ---- */

static void *on_open(void *user, const struct wire_conn_info *c) {
  struct wire_pipeline *pl = user;
  return wire_http_conn_new(c, &pl->xcb);
}

static void on_data(void *user, void *conn, int dir, const uint8_t *p,
                    size_t n, uint64_t packet, double ts) {
  (void)user;
  if (conn != NULL)
    wire_http_conn_data(conn, dir, p, n, packet, ts);
}

static void on_gap(void *user, void *conn, int dir, uint64_t n,
                   uint64_t packet, double ts) {
  (void)user;
  if (conn != NULL)
    wire_http_conn_gap(conn, dir, n, packet, ts);
}

static void on_close(void *user, void *conn, enum wire_close_reason why,
                     uint64_t packet, double ts) {
  (void)user;
  (void)why;
  if (conn == NULL)
    return;
  wire_http_conn_close(conn, packet, ts);
  wire_http_conn_free(conn);
}

int wire_pipeline_new(struct wire_pipeline **out,
                      const struct wire_judge_opts *jo, wire_verdict_cb vcb,
                      wire_warn_cb warn, void *user) {
  struct wire_pipeline *pl = calloc(1, sizeof(*pl));
  *out = NULL;
  if (pl == NULL)
    return CORSIM_ENOMEM;
  pl->warn = warn;
  pl->user = user;
  pl->xcb = (struct wire_exchange_cb){pl, on_exchange, on_tls, warn_up};
  pl->scb = (struct wire_stream_cb){pl, on_open, on_data, on_gap, on_close,
                                    warn_up};
  struct wire_tcp_limits lim;
  wire_tcp_limits_default(&lim);
  int rc = wire_judge_new(&pl->judge, jo, vcb, user);
  if (rc != 0) {
    free(pl);
    return rc;
  }
  pl->tcp = wire_tcp_new(&pl->scb, &lim);
  if (pl->tcp == NULL) {
    wire_judge_free(pl->judge);
    free(pl);
    return CORSIM_ENOMEM;
  }
  pl->st.input = WIRE_INPUT_UNKNOWN;
  *out = pl;
  return 0;
}

enum wire_input wire_pipeline_sniff(FILE *f) {
  /* A capture starts with the pcap magic (a1 b2 c3 d4, a1 b2 3c 4d, or
   * either reversed) or pcapng's (0a 0d 0d 0a); a HAR file with '{' after
   * optional white space. Only 0x0a is both (pcapng, or JSON after a
   * newline): the byte after it tells, so at most two bytes are read and
   * pushed back (glibc keeps more than one byte of push-back). */
  int c = getc(f);
  if (c == EOF)
    return WIRE_INPUT_UNKNOWN;
  if (c == 0x0a) {
    int d = getc(f);
    if (d != EOF)
      ungetc(d, f);
    ungetc(c, f);
    return d == 0x0d ? WIRE_INPUT_PCAP : WIRE_INPUT_HAR;
  }
  ungetc(c, f);
  if (c == '{' || c == ' ' || c == '\t' || c == '\r')
    return WIRE_INPUT_HAR;
  if (c == 0xa1 || c == 0xd4 || c == 0x4d || c == 0x3c)
    return WIRE_INPUT_PCAP;
  return WIRE_INPUT_UNKNOWN;
}

/* The reader's thread: the whole capture, then the last batch. */
static void *reader(void *arg) {
  struct wire_pipeline *pl = arg;
  struct queue *q = pl->q;
  q->rc = wire_pcap_run(q->p, pl->tcp, warn_up, pl);
  queue_send(q);
  pthread_mutex_lock(&q->mu);
  q->done = true;
  pthread_cond_signal(&q->more);
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

/* wire_pcap_run with the reading on a thread of its own and the judging
 * here, event by event in the reader's order. Falls back to one thread
 * when no thread can be started. */
static int run_threaded(struct wire_pipeline *pl, struct wire_pcap *p) {
  struct queue q;
  memset(&q, 0, sizeof(q));
  q.p = p;
  pthread_mutex_init(&q.mu, NULL);
  pthread_cond_init(&q.more, NULL);
  pthread_cond_init(&q.room, NULL);
  pl->q = &q;
  pthread_t th;
  bool started = pthread_create(&th, NULL, reader, pl) == 0;
  if (started) {
    struct batch *b = NULL;
    struct wire_judge_pool *judged = wire_judge_pool_of(pl->judge);
    while ((b = queue_take(&q, b, judged)) != NULL) {
      for (size_t i = 0; i < b->n; i++) {
        struct event *e = &b->ev[i];
#if defined(__GNUC__) || defined(__clang__)
        /* A record's first lines (its time, the window's links) are
         * written here while the reader's core still holds them: asked
         * for some records ahead, not waited for one by one. */
        if (i + TAKE_AHEAD < b->n && b->ev[i + TAKE_AHEAD].rec != NULL) {
          const char *ahead = (const char *)b->ev[i + TAKE_AHEAD].rec;
          __builtin_prefetch(ahead, 1, 3);
          __builtin_prefetch(ahead + 64, 1, 3);
        }
#endif
        switch (e->kind) {
        case EV_EXCHANGE:
          wire_judge_record_take(pl->judge, e->rec, e->t);
          break;
        case EV_WARNING:
          call_warn(pl, e->n, "%s", e->warning);
          free(e->warning);
          break;
        case EV_PROGRESS:
          pl->progress(pl->user, e->n);
          break;
        }
      }
    }
    pthread_join(th, NULL);
  }
  /* (The reader's last send may have taken the spare batch to fill.) */
  free(q.fill);
  free(q.spare);
  wire_judge_pool_clear(&q.returned);
  wire_judge_pool_clear(&q.pool);
  pl->q = NULL;
  pthread_cond_destroy(&q.room);
  pthread_cond_destroy(&q.more);
  pthread_mutex_destroy(&q.mu);
  return started ? q.rc : wire_pcap_run(p, pl->tcp, warn_up, pl);
}

int wire_pipeline_run(struct wire_pipeline *pl, FILE *f, const char *name,
                      char *errbuf, size_t errlen) {
  enum wire_input in = wire_pipeline_sniff(f);
  pl->st.input = in;
  if (in == WIRE_INPUT_HAR) {
    struct wire_har_stats hs;
    memset(&hs, 0, sizeof(hs));
    pl->har_in = f;
    pl->har_entries = 0;
    int rc = wire_har_read(f, name, &pl->xcb, &hs, errbuf, errlen);
    pl->har_in = NULL;
    fclose(f);
    pl->st.har = hs;
    wire_judge_flush(pl->judge);
    if (rc != 0 && hs.entries > 0) {
      /* Cut or broken after some entries: damage inside the input, as a
       * capture cut mid-record is; what came before it was read. */
      pl->st.warnings++;
      if (pl->warn != NULL)
        call_warn(pl, 0, "%s; the %llu entries before it were read", errbuf,
                  (unsigned long long)hs.entries);
      pl->st.read_error = true;
      return 0;
    }
    return rc == 0 ? 0 : -1;
  }
  if (in != WIRE_INPUT_PCAP) {
    fclose(f);
    snprintf(errbuf, errlen,
             "not a capture (pcap, pcapng) or a HAR file: its first bytes "
             "are neither");
    return -1;
  }
  char pe[WIRE_PCAP_ERRBUF_SIZE];
  struct wire_pcap *p;
  if (wire_pcap_open_stream(&p, f, pe) != 0) {
    snprintf(errbuf, errlen, "%s", pe);
    return -1;
  }
  if (pl->progress != NULL)
    wire_pcap_on_progress(p, progress_up, pl);
  int rc = pl->threads ? run_threaded(pl, p)
                       : wire_pcap_run(p, pl->tcp, warn_up, pl);
  if (rc != 0)
    pl->st.read_error = true;
  wire_pcap_get_stats(p, &pl->st.pcap);
  wire_pcap_close(p);
  wire_tcp_get_stats(pl->tcp, &pl->st.tcp);
  wire_judge_flush(pl->judge);
  return 0;
}

void wire_pipeline_threads(struct wire_pipeline *pl, bool on) {
  pl->threads = on;
}

void wire_pipeline_on_progress(struct wire_pipeline *pl, wire_progress_cb cb) {
  pl->progress = cb;
}

struct wire_tcp *wire_pipeline_tcp(struct wire_pipeline *pl) { return pl->tcp; }

void wire_pipeline_tick(struct wire_pipeline *pl, double now) {
  wire_tcp_expire(pl->tcp, now);
  wire_judge_tick(pl->judge, now);
}

int wire_pipeline_live(struct wire_pipeline *pl, struct wire_pcap *p) {
  int rc = wire_pcap_dispatch(p, pl->tcp, warn_up, pl);
  wire_pcap_get_stats(p, &pl->st.pcap);
  return rc;
}

void wire_pipeline_finish(struct wire_pipeline *pl) {
  wire_tcp_flush(pl->tcp, 0, 0);
  wire_tcp_get_stats(pl->tcp, &pl->st.tcp);
  wire_judge_flush(pl->judge);
}

const struct wire_pipeline_stats *
wire_pipeline_stats(const struct wire_pipeline *pl) {
  return &pl->st;
}

const struct wire_judge_stats *
wire_pipeline_judge_stats(const struct wire_pipeline *pl) {
  return wire_judge_stats(pl->judge);
}

void wire_pipeline_free(struct wire_pipeline *pl) {
  if (pl == NULL)
    return;
  wire_tcp_free(pl->tcp);
  wire_judge_free(pl->judge);
  free(pl);
}
