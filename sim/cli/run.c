/*
 * run.c - scenario files through the model, see run.h.
 */
#include "run.h"

#include "buf.h"
#include "responder.h"

#include <string.h>

static void origin_error(struct diag *d, const struct scenario *sc, int rc) {
  struct buf b;

  if (rc != CORSIM_EORIGIN) {
    diag_error(d, "origin", "%s", corsim_strerror(rc));
    return;
  }
  buf_init(&b);
  buf_add_escaped(&b, sc->origin.ptr, sc->origin.len);
  diag_error(d, "origin",
             "invalid origin \"%s\" (expected a serialized origin such as "
             "http://127.0.0.1:8001 or https://example.com, or null)",
             buf_str(&b));
  buf_cleanup(&b);
}

static void unanswered(struct diag *d, const char *path,
                       const struct corsim_wire_request *w) {
  struct buf b;

  buf_init(&b);
  buf_add_escaped(&b, w->method.ptr, w->method.len);
  buf_addc(&b, ' ');
  buf_add_escaped(&b, w->url.ptr, w->url.len);
  diag_error(d, path, "no server rule answers %s%s", buf_str(&b),
             w->preflight ? " (the preflight)" : "");
  buf_cleanup(&b);
}

/* Runs one script request to its verdict and hands it to the hook. */
static int run_request(struct corsim_ctx *ctx, const struct scenario *sc,
                       size_t i, struct diag *d, const struct run_hooks *h) {
  struct corsim_fetch *f = NULL;
  struct corsim_wire_request w;
  struct corsim_result res;
  char path[64];
  size_t nwire = 0;
  int rc;

  scenario_request_path(sc, i, path, sizeof path);
  rc = corsim_fetch_new(ctx, &sc->requests[i], &f);
  if (rc != 0) {
    diag_error(d, path, "the model refused the request: %s",
               corsim_strerror(rc));
    return -1;
  }
  while (corsim_fetch_next(f, &w)) {
    const struct server_rule *rule;
    struct corsim_wire_response resp = {0, NULL, 0};
    int err;

    if (++nwire > RUN_MAX_WIRE) {
      diag_error(d, path, "more than %d wire requests; giving up",
                 RUN_MAX_WIRE);
      goto fail;
    }
    rule = responder_match(sc->rules, sc->nrules, &w, &err);
    if (err != 0) {
      diag_error(d, path, "out of memory");
      goto fail;
    }
    if (rule == NULL && !w.hypothetical) {
      unanswered(d, path, &w);
      goto fail;
    }
    /* A hypothetical request no rule answers only ends the "also" list. */
    if (rule != NULL)
      resp = responder_answer(rule);
    rc = corsim_fetch_feed(f, rule != NULL ? &resp : NULL);
    if (rc != 0) {
      diag_error(d, path, "the model refused the answer: %s",
                 corsim_strerror(rc));
      goto fail;
    }
  }
  rc = corsim_fetch_result(f, &res);
  if (rc != 0) {
    diag_error(d, path, "no verdict from the model: %s", corsim_strerror(rc));
    goto fail;
  }
  if (h->result(h->data, sc, i, &res) != 0) {
    diag_error(d, path, "out of memory");
    goto fail;
  }
  corsim_fetch_free(f);
  return 0;
fail:
  corsim_fetch_free(f);
  return -1;
}

int run_scenario(const struct scenario *sc, const struct run_opts *o,
                 struct diag *d, const struct run_hooks *h) {
  struct corsim_ctx *ctx = NULL;
  enum corsim_browser browser = o->override_browser ? o->browser : sc->browser;
  size_t i;
  int rc;

  rc = corsim_ctx_new(browser, sc->origin, &ctx);
  if (rc != 0) {
    origin_error(d, sc, rc);
    return -1;
  }
  corsim_ctx_set_trace(ctx, o->trace);
  for (i = 0; i < sc->nrequests; i++) {
    if (run_request(ctx, sc, i, d, h) != 0) {
      /* Later requests depend on the cache state this one would have
       * left: stop the scenario here. */
      corsim_ctx_free(ctx);
      return -1;
    }
  }
  corsim_ctx_free(ctx);
  return 0;
}

int run_files(char *const files[], size_t nfiles, const struct run_opts *o,
              const struct run_hooks *h) {
  int status = 0;
  size_t i, k;

  for (i = 0; i < nfiles; i++) {
    struct scenario_file f;
    struct diag d;

    if (h->file_begin != NULL)
      h->file_begin(h->data,
                    strcmp(files[i], "-") == 0 ? "<stdin>" : files[i]);
    if (scenario_file_load(&f, files[i], &d) != 0) {
      status = 2;
      if (h->error != NULL)
        h->error(h->data, &d);
      continue;
    }
    for (k = 0; k < f.nslots; k++) {
      const struct scenario_slot *slot = &f.slots[k];
      struct scenario sc;
      int rc;

      diag_scenario(&d, k + 1);
      if (slot->value == NULL) {
        diag_error_at(&d, slot->line, slot->column, "invalid JSON: %s",
                      slot->error);
        rc = -1;
      } else if (scenario_parse(&sc, slot->value, k + 1, &d) != 0) {
        rc = -1;
      } else {
        rc = run_scenario(&sc, o, &d, h);
        scenario_cleanup(&sc);
      }
      if (rc != 0) {
        status = 2;
        if (h->error != NULL)
          h->error(h->data, &d);
      }
    }
    scenario_file_cleanup(&f);
  }
  return status;
}
