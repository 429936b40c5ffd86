/*
 * gen_json.c - a generated scenario as JSON, see gen_json.h.
 *
 * Fields that do not apply are left out rather than written with a
 * meaningless value: mode and redirect for an XHR, upload_listeners for
 * a fetch, at for an untimed scenario. Nothing is written that the
 * format's defaults would not mean anyway, except that api, method,
 * headers, credentials and body are always spelled out so that a reader
 * sees the whole request.
 */
#include "gen_json.h"

/* Adds v to a (stealing it); remembers failure in *ok. */
static void push(json_t *a, json_t *v, bool *ok) {
  if (v == NULL || json_array_append_new(a, v) != 0)
    *ok = false;
}

static void set(json_t *o, const char *key, json_t *v, bool *ok) {
  if (v == NULL || json_object_set_new(o, key, v) != 0)
    *ok = false;
}

static json_t *headers_json(const struct gen_header *h, size_t n, bool *ok) {
  json_t *a = json_array();
  size_t i;

  if (a == NULL) {
    *ok = false;
    return NULL;
  }
  for (i = 0; i < n; i++) {
    json_t *pair = json_array();
    if (pair == NULL) {
      *ok = false;
      break;
    }
    push(pair, json_string(h[i].name), ok);
    push(pair, json_string(h[i].value), ok);
    push(a, pair, ok);
  }
  return a;
}

static json_t *request_json(const struct gen_request *r, bool *ok) {
  json_t *o = json_object();

  if (o == NULL) {
    *ok = false;
    return NULL;
  }
  set(o, "api", json_string(r->xhr ? "xhr" : "fetch"), ok);
  set(o, "url", json_string(r->url), ok);
  set(o, "method", json_string(r->method), ok);
  set(o, "headers", headers_json(r->headers, r->nheaders, ok), ok);
  if (!r->xhr)
    set(o, "mode", json_string(r->mode), ok);
  set(o, "credentials", json_string(r->credentials), ok);
  if (!r->xhr)
    set(o, "redirect", json_string(r->redirect), ok);
  set(o, "body", json_string(r->body), ok);
  if (r->xhr)
    set(o, "upload_listeners", json_boolean(r->upload_listeners), ok);
  if (r->at >= 0)
    set(o, "at", json_integer(r->at), ok);
  return o;
}

static json_t *rule_json(const struct gen_rule *r, bool *ok) {
  json_t *o = json_object();

  if (o == NULL) {
    *ok = false;
    return NULL;
  }
  set(o, "method", json_string(r->method), ok);
  set(o, "url", json_string(r->url), ok);
  set(o, "status", json_integer(r->status), ok);
  set(o, "headers", headers_json(r->headers, r->nheaders, ok), ok);
  return o;
}

json_t *gen_scenario_json(const struct gen_scenario *sc) {
  json_t *o = json_object(), *reqs = json_array(), *rules = json_array();
  bool ok = o != NULL && reqs != NULL && rules != NULL;
  size_t i;

  if (!ok) {
    json_decref(o);
    json_decref(reqs);
    json_decref(rules);
    return NULL;
  }
  for (i = 0; i < sc->nreq; i++)
    push(reqs, request_json(&sc->req[i], &ok), &ok);
  for (i = 0; i < sc->nrules; i++)
    push(rules, rule_json(&sc->rules[i], &ok), &ok);
  set(o, "name", json_string(sc->name), &ok);
  set(o, "origin", json_string(sc->origin), &ok);
  set(o, "requests", reqs, &ok);
  set(o, "server", rules, &ok);
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}
