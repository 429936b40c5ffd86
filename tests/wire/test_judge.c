/*
 * test_judge.c - sim/wire/judge.c: exchanges as a recording would hold
 * them, the script requests the judge rebuilds, and its verdicts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

#define PAGE "http://127.0.0.1:8001"
#define API "http://127.0.0.1:8002"
#define H(n, v) {{n, sizeof(n) - 1}, {v, sizeof(v) - 1}}

/* What the callback saw, copied. */
struct seen {
  size_t n;
  struct {
    enum wire_verdict_kind kind;
    bool has_result, blocked, why;
    enum corsim_reason error;
    enum corsim_preflight preflight;
    enum corsim_browser browser;
    size_t nsources, ninferred;
    enum corsim_credentials credentials;
    char url[256], method[16];
  } v[16];
};

static void on_verdict(void *user, const struct wire_verdict *v) {
  struct seen *s = user;
  assert_true(s->n < 16);
  assert_int_equal(v->number, s->n + 1);
  s->v[s->n].kind = v->kind;
  s->v[s->n].has_result = v->result != NULL;
  s->v[s->n].blocked = v->result != NULL && v->result->blocked;
  s->v[s->n].error = v->result ? v->result->error : CORSIM_REASON_NONE;
  s->v[s->n].preflight = v->result ? v->result->preflight : CORSIM_PREFLIGHT_NONE;
  s->v[s->n].why = v->why != NULL;
  s->v[s->n].browser = v->browser;
  s->v[s->n].nsources = v->nsources;
  s->v[s->n].ninferred = v->ninferred;
  s->v[s->n].credentials = v->request->credentials;
  snprintf(s->v[s->n].url, sizeof(s->v[s->n].url), "%.*s", (int)v->url.len,
           v->url.ptr);
  snprintf(s->v[s->n].method, sizeof(s->v[s->n].method), "%.*s",
           (int)v->method.len, v->method.ptr);
  s->n++;
}

/* An exchange as HAR gives it (absolute URL, no connection). */
static struct wire_exchange ex(const char *method, const char *url, double ts,
                               const struct corsim_header *rq, size_t nrq,
                               int status, const struct corsim_header *rs,
                               size_t nrs) {
  struct wire_exchange x;
  memset(&x, 0, sizeof(x));
  x.req.method = corsim_str_c(method);
  x.url = corsim_str_c(url);
  x.req.headers = rq;
  x.req.nheaders = nrq;
  x.req.span.first_ts = x.req.span.last_ts = ts;
  x.has_response = status > 0;
  x.resp.status = status;
  x.resp.headers = rs;
  x.resp.nheaders = nrs;
  x.resp.span.first_ts = x.resp.span.last_ts = ts + 0.01;
  x.har_entry = 0;
  return x;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct corsim_header put_pf_req[] = {
    H("Host", "127.0.0.1:8002"), H("Origin", PAGE),
    H("Access-Control-Request-Method", "PUT"),
    H("Access-Control-Request-Headers", "content-type,x-token"),
    H("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")};
static const struct corsim_header put_pf_ok[] = {
    H("Access-Control-Allow-Origin", PAGE),
    H("Access-Control-Allow-Methods", "PUT"),
    H("Access-Control-Allow-Headers", "content-type, x-token"),
    H("Access-Control-Max-Age", "600")};
static const struct corsim_header put_pf_no_headers[] = {
    H("Access-Control-Allow-Origin", PAGE),
    H("Access-Control-Allow-Methods", "PUT")};
static const struct corsim_header put_req[] = {
    H("Host", "127.0.0.1:8002"), H("Origin", PAGE),
    H("Content-Type", "application/json"), H("X-Token", "abc"),
    H("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"),
    H("Sec-Fetch-Mode", "cors"), H("Accept-Encoding", "gzip")};
static const struct corsim_header ok_resp[] = {
    H("Access-Control-Allow-Origin", PAGE), H("Content-Type", "application/json")};
static const struct corsim_header bare_resp[] = {H("Content-Type", "text/plain")};

static struct wire_judge *judge(struct seen *s, const struct wire_judge_opts *o) {
  struct wire_judge *j;
  struct wire_judge_opts d;
  wire_judge_opts_init(&d);
  memset(s, 0, sizeof(*s));
  assert_int_equal(wire_judge_new(&j, o ? o : &d, on_verdict, s), 0);
  return j;
}

static void preflight_and_actual_are_one_request(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange p = ex("OPTIONS", API "/items/1", 1.0, put_pf_req,
                              N(put_pf_req), 204, put_pf_ok, N(put_pf_ok));
  struct wire_exchange a = ex("PUT", API "/items/1", 1.1, put_req, N(put_req),
                              200, ok_resp, N(ok_resp));
  wire_judge_exchange(j, &p);
  wire_judge_exchange(j, &a);
  assert_int_equal(s.n, 0); /* the window has not passed yet */
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_true(s.v[0].has_result);
  assert_false(s.v[0].blocked);
  assert_false(s.v[0].why);
  assert_int_equal(s.v[0].preflight, CORSIM_PREFLIGHT_SENT);
  assert_int_equal(s.v[0].nsources, 2);
  assert_int_equal(s.v[0].browser, CORSIM_BROWSER_CHROMIUM);
  assert_string_equal(s.v[0].method, "PUT");
  const struct wire_judge_stats *st = wire_judge_stats(j);
  assert_int_equal(st->exchanges, 2);
  assert_int_equal(st->script_requests, 1);
  assert_int_equal(st->blocked, 0);
  wire_judge_free(j);
}

static void lone_preflight_is_the_blocked_request(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange p =
      ex("OPTIONS", API "/items/2", 1.0, put_pf_req, N(put_pf_req), 204,
         put_pf_no_headers, N(put_pf_no_headers));
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_PREFLIGHT_ONLY);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error, CORSIM_REASON_HeaderDisallowedByPreflightResponse);
  assert_string_equal(s.v[0].method, "PUT");
  assert_true(s.v[0].ninferred >= 1);
  assert_int_equal(wire_judge_stats(j)->blocked_by
                       [CORSIM_REASON_HeaderDisallowedByPreflightResponse],
                   1);
  wire_judge_free(j);
}

static void lone_preflight_that_passes_is_unknown(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange p = ex("OPTIONS", API "/items/3", 1.0, put_pf_req,
                              N(put_pf_req), 204, put_pf_ok, N(put_pf_ok));
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_PREFLIGHT_ONLY);
  assert_false(s.v[0].has_result);
  assert_true(s.v[0].why);
  assert_int_equal(wire_judge_stats(j)->unknown, 1);
  wire_judge_free(j);
}

static void actual_without_recorded_preflight_is_missing(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange a = ex("PUT", API "/items/4", 1.0, put_req, N(put_req),
                              200, ok_resp, N(ok_resp));
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_MISSING);
  assert_false(s.v[0].has_result);
  assert_true(s.v[0].why);
  wire_judge_free(j);
}

static void later_request_uses_the_cached_preflight(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange p = ex("OPTIONS", API "/items/5", 1.0, put_pf_req,
                              N(put_pf_req), 204, put_pf_ok, N(put_pf_ok));
  struct wire_exchange a1 = ex("PUT", API "/items/5", 1.1, put_req, N(put_req),
                               200, ok_resp, N(ok_resp));
  /* 30 s later, within Max-Age 600 (Chromium caps at 7200): no preflight. */
  struct wire_exchange a2 = ex("PUT", API "/items/5", 31.0, put_req,
                               N(put_req), 200, ok_resp, N(ok_resp));
  wire_judge_exchange(j, &p);
  wire_judge_exchange(j, &a1);
  wire_judge_exchange(j, &a2);
  /* a2's time moved the window past the first pair: judged already. */
  assert_int_equal(s.n, 1);
  wire_judge_flush(j);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.v[1].kind, WIRE_VERDICT_JUDGED);
  assert_false(s.v[1].blocked);
  assert_int_equal(s.v[1].preflight, CORSIM_PREFLIGHT_CACHED);
  assert_int_equal(s.v[1].nsources, 1);
  wire_judge_free(j);
}

static void out_of_order_completion_still_pairs(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange p = ex("OPTIONS", API "/items/6", 1.0, put_pf_req,
                              N(put_pf_req), 204, put_pf_ok, N(put_pf_ok));
  struct wire_exchange a = ex("PUT", API "/items/6", 1.1, put_req, N(put_req),
                              200, ok_resp, N(ok_resp));
  wire_judge_exchange(j, &a);
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_int_equal(s.v[0].preflight, CORSIM_PREFLIGHT_SENT);
  wire_judge_free(j);
}

static void simple_get_without_acao_is_blocked(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  static const struct corsim_header rq[] = {
      H("Host", "127.0.0.1:8002"), H("Origin", PAGE),
      H("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) "
                      "Gecko/20100101 Firefox/153.0")};
  struct wire_exchange a =
      ex("GET", API "/x.json", 1.0, rq, N(rq), 200, bare_resp, N(bare_resp));
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error, CORSIM_REASON_MissingAllowOriginHeader);
  assert_int_equal(s.v[0].browser, CORSIM_BROWSER_FIREFOX);
  assert_false(s.v[0].why); /* blocked after it went out: no contradiction */
  wire_judge_free(j);
}

static void cookie_means_credentials(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  static const struct corsim_header rq[] = {
      H("Host", "127.0.0.1:8002"), H("Origin", PAGE), H("Cookie", "sid=1")};
  static const struct corsim_header star[] = {
      H("Access-Control-Allow-Origin", "*")};
  struct wire_exchange a =
      ex("GET", API "/me", 1.0, rq, N(rq), 200, star, N(star));
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].credentials, CORSIM_CREDENTIALS_INCLUDE);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error, CORSIM_REASON_WildcardOriginNotAllowed);
  wire_judge_free(j);
}

static void redirect_hop_is_followed_in_the_recording(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  static const struct corsim_header rq[] = {H("Host", "127.0.0.1:8002"),
                                            H("Origin", PAGE)};
  static const struct corsim_header redir[] = {
      H("Access-Control-Allow-Origin", PAGE), H("Location", "/final")};
  struct wire_exchange a =
      ex("GET", API "/start", 1.0, rq, N(rq), 302, redir, N(redir));
  struct wire_exchange b =
      ex("GET", API "/final", 1.2, rq, N(rq), 200, ok_resp, N(ok_resp));
  wire_judge_exchange(j, &a);
  wire_judge_exchange(j, &b);
  wire_judge_flush(j);
  /* One script request; the hop is not judged again on its own. */
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_false(s.v[0].blocked);
  assert_int_equal(s.v[0].nsources, 2);
  wire_judge_free(j);
}

static void missing_redirect_hop_is_said(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  static const struct corsim_header rq[] = {H("Host", "127.0.0.1:8002"),
                                            H("Origin", PAGE)};
  static const struct corsim_header redir[] = {
      H("Access-Control-Allow-Origin", PAGE), H("Location", "/gone")};
  struct wire_exchange a =
      ex("GET", API "/start2", 1.0, rq, N(rq), 302, redir, N(redir));
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_MISSING);
  wire_judge_free(j);
}

static void no_origin_needs_the_origin_option(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header rq[] = {H("Host", "127.0.0.1:8002"),
                                            H("User-Agent", "curl/8.0")};
  struct wire_exchange a =
      ex("GET", API "/x", 1.0, rq, N(rq), 200, bare_resp, N(bare_resp));
  struct wire_judge *j = judge(&s, NULL);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 0);
  assert_int_equal(wire_judge_stats(j)->not_cors, 1);
  wire_judge_free(j);

  struct wire_judge_opts o;
  wire_judge_opts_init(&o);
  o.origin = corsim_str_c(PAGE);
  j = judge(&s, &o);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error, CORSIM_REASON_MissingAllowOriginHeader);
  wire_judge_free(j);
}

static void no_cors_page_origin_from_referer(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header rq[] = {
      H("Host", "127.0.0.1:8002"), H("Sec-Fetch-Mode", "no-cors"),
      H("Referer", PAGE "/index.html")};
  struct wire_exchange a =
      ex("GET", API "/img.png", 1.0, rq, N(rq), 200, bare_resp, N(bare_resp));
  struct wire_judge *j = judge(&s, NULL);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_false(s.v[0].blocked); /* opaque, not blocked */
  wire_judge_free(j);
}

static void har_failure_against_an_allowing_model(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header rq[] = {H("Origin", PAGE)};
  struct wire_exchange a =
      ex("GET", API "/ok", 1.0, rq, N(rq), 200, ok_resp, N(ok_resp));
  a.har_error = corsim_str_c("net::ERR_FAILED");
  struct wire_judge *j = judge(&s, NULL);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_false(s.v[0].blocked);
  assert_true(s.v[0].why); /* the recording contradicts the model */
  assert_int_equal(wire_judge_stats(j)->disagreements, 1);
  wire_judge_free(j);
}

/* Chromium and Firefox both list a request before the preflight made for
 * it (captures/chromium-basic.har, firefox-basic.har): the later
 * preflight is still its own. */
static void har_preflight_after_its_request(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange a = ex("PUT", API "/items/9", 1.0, put_req, N(put_req),
                              200, ok_resp, N(ok_resp));
  struct wire_exchange p = ex("OPTIONS", API "/items/9", 1.002, put_pf_req,
                              N(put_pf_req), 204, put_pf_ok, N(put_pf_ok));
  wire_judge_exchange(j, &a);
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_false(s.v[0].blocked);
  assert_false(s.v[0].why);
  assert_int_equal(s.v[0].preflight, CORSIM_PREFLIGHT_SENT);
  assert_int_equal(s.v[0].nsources, 2);
  wire_judge_free(j);
}

/* Firefox's HAR: the request its preflight stopped, with Origin and all
 * its headers but no response (status 0, no failure text). That the
 * entry exists does not mean it was sent. */
static void har_request_stopped_by_its_preflight(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange a =
      ex("PUT", API "/items/10", 1.0, put_req, N(put_req), 0, NULL, 0);
  struct wire_exchange p =
      ex("OPTIONS", API "/items/10", 1.002, put_pf_req, N(put_pf_req), 204,
         put_pf_no_headers, N(put_pf_no_headers));
  wire_judge_exchange(j, &a);
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error,
                   CORSIM_REASON_HeaderDisallowedByPreflightResponse);
  assert_false(s.v[0].why); /* no contradiction */
  assert_int_equal(wire_judge_stats(j)->disagreements, 0);
  wire_judge_free(j);
}

/* Chromium's HAR: the same request with the renderer's provisional
 * headers (no Origin, no Sec-Fetch-Mode) and net::ERR_FAILED; the page
 * origin is the preflight's, and the request's own header values are
 * used (not only the names the preflight announced). */
static void har_unsent_request_without_origin(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header provisional[] = {
      H("Content-Type", "application/json"), H("X-Token", "abc"),
      H("Referer", PAGE "/"),
      H("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                      "(KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
                      "Safari/537.36")};
  struct wire_judge *j = judge(&s, NULL);
  struct wire_exchange a = ex("PUT", API "/items/11", 1.0, provisional,
                              N(provisional), 0, NULL, 0);
  a.har_error = corsim_str_c("net::ERR_FAILED");
  struct wire_exchange p =
      ex("OPTIONS", API "/items/11", 1.002, put_pf_req, N(put_pf_req), 204,
         put_pf_no_headers, N(put_pf_no_headers));
  wire_judge_exchange(j, &a);
  wire_judge_exchange(j, &p);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_int_equal(s.v[0].kind, WIRE_VERDICT_JUDGED);
  assert_true(s.v[0].blocked);
  assert_int_equal(s.v[0].error,
                   CORSIM_REASON_HeaderDisallowedByPreflightResponse);
  assert_string_equal(s.v[0].method, "PUT");
  assert_false(s.v[0].why);
  assert_int_equal(wire_judge_stats(j)->not_cors, 0);
  wire_judge_free(j);
}

/* net::ERR_ABORTED: the page went away before the response was read;
 * not the browser refusing it. */
static void har_cancelled_request_is_no_contradiction(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header rq[] = {H("Origin", PAGE)};
  struct wire_exchange a =
      ex("GET", API "/ok", 1.0, rq, N(rq), 200, ok_resp, N(ok_resp));
  a.har_error = corsim_str_c("net::ERR_ABORTED");
  struct wire_judge *j = judge(&s, NULL);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_false(s.v[0].blocked);
  assert_false(s.v[0].why);
  assert_int_equal(wire_judge_stats(j)->disagreements, 0);
  wire_judge_free(j);
}

static void navigations_are_not_script_requests(void **state) {
  (void)state;
  struct seen s;
  static const struct corsim_header rq[] = {H("Host", "127.0.0.1:8002"),
                                            H("Origin", PAGE),
                                            H("Sec-Fetch-Mode", "navigate")};
  struct wire_exchange a =
      ex("POST", API "/form", 1.0, rq, N(rq), 200, bare_resp, N(bare_resp));
  struct wire_judge *j = judge(&s, NULL);
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 0);
  wire_judge_free(j);
}

static void capture_url_from_host_and_target(void **state) {
  (void)state;
  struct seen s;
  struct wire_judge *j = judge(&s, NULL);
  static const struct corsim_header rq[] = {H("Host", "LocalHost:8002"),
                                            H("Origin", PAGE)};
  struct wire_conn_info c;
  memset(&c, 0, sizeof(c));
  c.id = 7;
  c.server.family = 4;
  struct wire_exchange a =
      ex("GET", "", 1.0, rq, N(rq), 200, ok_resp, N(ok_resp));
  a.url = (struct corsim_str){"", 0};
  a.conn = &c;
  a.req.target = corsim_str_c("/a/../b?q=1");
  wire_judge_exchange(j, &a);
  wire_judge_flush(j);
  assert_int_equal(s.n, 1);
  assert_string_equal(s.v[0].url, "http://localhost:8002/b?q=1");
  wire_judge_free(j);
}

static void browser_from_user_agent(void **state) {
  (void)state;
  enum corsim_browser b;
  assert_true(wire_judge_browser_from_ua(
      corsim_str_c("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 "
                   "(KHTML, like Gecko) Version/18.0 Safari/605.1.15"),
      &b));
  assert_int_equal(b, CORSIM_BROWSER_WEBKIT);
  assert_true(wire_judge_browser_from_ua(
      corsim_str_c("Mozilla/5.0 ... Chrome/156.0 Safari/537.36 Edg/156.0"), &b));
  assert_int_equal(b, CORSIM_BROWSER_CHROMIUM);
  assert_false(wire_judge_browser_from_ua(corsim_str_c("curl/8.5.0"), &b));
  assert_false(wire_judge_browser_from_ua((struct corsim_str){NULL, 0}, &b));
}

/* ---- the URLs of captured requests, by the hosts cache or whole ------- */

struct last_url {
  size_t n;
  char url[9000];
};

static void on_url(void *user, const struct wire_verdict *v) {
  struct last_url *u = user;
  u->n++;
  assert_true(v->url.len < sizeof(u->url));
  memcpy(u->url, v->url.ptr, v->url.len);
  u->url[v->url.len] = '\0';
}

static uint64_t rng = 0x2545f4914f6cdd1du;

static size_t pick(size_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (size_t)(rng % n);
}

/* Random text from pieces: what simple hosts and targets are made of, and
 * what makes them not simple. */
static size_t random_text(char *out, size_t max, const char *const *pieces,
                          size_t npieces, size_t count) {
  size_t n = 0;
  for (size_t i = 0; i < count; i++) {
    const char *p = pieces[pick(npieces)];
    size_t k = strlen(p);
    if (n + k >= max)
      break;
    memcpy(out + n, p, k);
    n += k;
  }
  out[n] = '\0';
  return n;
}

/* Every captured request's URL is what corsim_url_normalize makes of
 * "http://" + Host + target, whether the judge's cache of host origins
 * built it or not (random hosts, some repeated, some not simple; random
 * targets, some with dot segments, percent signs and other bytes the
 * normaliser rewrites). */
static void capture_urls_match_normalisation(void **state) {
  (void)state;
  static const char *const host_pieces[] = {
      "a", "Example", "com", ".", "-", ":", "8002", "80", "0", "127.0.0.1",
      "10", "0x7f", "[::1]", "%41", "_", "@", "?", "#", "/", "xn--", "999",
      "255", " ", "\xc3\xa9", ":65536", "..", "COM"};
  static const char *const target_pieces[] = {
      "a", "Items", "1", "/", "/", "/.", "/..", ".", "..", "?", "=", "&",
      "-", "_", "~", "!", "$", "*", "+", ",", ";", ":", "@", "%", "%2e",
      "%41", "#", "\\", " ", "\"", "'", "<", ">", "^", "`", "{", "}", "|",
      "(", ")", "[", "]", "\xc3\xa9", "\t", ".json", "x.", "/.x", "/x."};
  char hosts[8][64];
  for (size_t h = 0; h < 8; h++)
    random_text(hosts[h], sizeof(hosts[h]), host_pieces,
                sizeof(host_pieces) / sizeof(host_pieces[0]), 1 + pick(6));
  strcpy(hosts[0], "10.0.0.2:8002");
  strcpy(hosts[1], "API.Example.com:80");
  struct last_url u;
  memset(&u, 0, sizeof(u));
  struct wire_judge_opts o;
  wire_judge_opts_init(&o);
  struct wire_judge *j;
  assert_int_equal(wire_judge_new(&j, &o, on_url, &u), 0);
  struct wire_conn_info conn;
  memset(&conn, 0, sizeof(conn));
  conn.id = 1;
  for (int i = 0; i < 20000; i++) {
    char target[128], raw[256], want[9000];
    const char *host = hosts[pick(8)];
    size_t tl = 1 + random_text(target + 1, sizeof(target) - 1, target_pieces,
                                sizeof(target_pieces) / sizeof(target_pieces[0]),
                                pick(8));
    target[0] = '/';
    if (pick(4) == 0 && i % 3 == 0) {
      /* a fresh host now and then: evictions */
      random_text(hosts[2 + pick(6)], sizeof(hosts[0]), host_pieces,
                  sizeof(host_pieces) / sizeof(host_pieces[0]), 1 + pick(6));
    }
    struct corsim_header rq[] = {{corsim_str_c("Host"), corsim_str_c(host)},
                                 {corsim_str_c("Origin"), corsim_str_c(PAGE)}};
    struct wire_exchange x;
    memset(&x, 0, sizeof(x));
    x.conn = &conn;
    x.req.method = corsim_str_c("GET");
    x.req.target = (struct corsim_str){target, tl};
    x.req.headers = rq;
    x.req.nheaders = 2;
    x.req.span.first_ts = x.req.span.last_ts = 1.0 + i;
    x.url = (struct corsim_str){"", 0};
    x.har_entry = SIZE_MAX;
    size_t before = u.n;
    wire_judge_exchange(j, &x);
    wire_judge_flush(j);
    int rn = snprintf(raw, sizeof(raw), "http://%s%.*s", host, (int)tl, target);
    long wn = corsim_url_normalize((struct corsim_str){raw, (size_t)rn}, want,
                                   sizeof(want));
    if (wn < 0) {
      if (u.n != before)
        fail_msg("%s: judged as %s, but does not normalise", raw, u.url);
      continue;
    }
    if (u.n != before + 1)
      fail_msg("%s: not judged (normalises to %s)", raw, want);
    if (strcmp(u.url, want) != 0)
      fail_msg("%s: judged as %s, normalises to %s", raw, u.url, want);
  }
  wire_judge_free(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(preflight_and_actual_are_one_request),
      cmocka_unit_test(lone_preflight_is_the_blocked_request),
      cmocka_unit_test(lone_preflight_that_passes_is_unknown),
      cmocka_unit_test(actual_without_recorded_preflight_is_missing),
      cmocka_unit_test(later_request_uses_the_cached_preflight),
      cmocka_unit_test(out_of_order_completion_still_pairs),
      cmocka_unit_test(simple_get_without_acao_is_blocked),
      cmocka_unit_test(cookie_means_credentials),
      cmocka_unit_test(redirect_hop_is_followed_in_the_recording),
      cmocka_unit_test(missing_redirect_hop_is_said),
      cmocka_unit_test(no_origin_needs_the_origin_option),
      cmocka_unit_test(navigations_are_not_script_requests),
      cmocka_unit_test(no_cors_page_origin_from_referer),
      cmocka_unit_test(har_failure_against_an_allowing_model),
      cmocka_unit_test(har_preflight_after_its_request),
      cmocka_unit_test(har_request_stopped_by_its_preflight),
      cmocka_unit_test(har_unsent_request_without_origin),
      cmocka_unit_test(har_cancelled_request_is_no_contradiction),
      cmocka_unit_test(capture_url_from_host_and_target),
      cmocka_unit_test(browser_from_user_agent),
      cmocka_unit_test(capture_urls_match_normalisation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
