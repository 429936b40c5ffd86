/*
 * fuzz_scenario.c - libFuzzer target for the CLI's scenario reader
 * (sim/cli/scenario.c) and responder: arbitrary bytes as one scenario
 * object, then every request driven through the core against the
 * scenario's own server rules. Diagnostics go to stderr (run with
 * -close_fd_mask=2 to silence them).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "corsim.h"
#include "diag.h"
#include "responder.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_error_t err;
  json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
  if (v == NULL)
    return 0;
  struct diag d;
  diag_init(&d, "<fuzz>");
  struct scenario sc;
  if (scenario_parse(&sc, v, 1, &d) == 0) {
    struct corsim_ctx *ctx;
    if (corsim_ctx_new(sc.browser, sc.origin, &ctx) == 0) {
      for (size_t i = 0; i < sc.nrequests; i++) {
        struct corsim_fetch *f;
        if (corsim_fetch_new(ctx, &sc.requests[i], &f) != 0)
          continue;
        struct corsim_wire_request w;
        while (corsim_fetch_next(f, &w)) {
          int e = 0;
          const struct server_rule *r =
              responder_match(sc.rules, sc.nrules, &w, &e);
          if (r == NULL) {
            corsim_fetch_feed(f, NULL);
            continue;
          }
          struct corsim_wire_response resp = responder_answer(r);
          corsim_fetch_feed(f, &resp);
        }
        struct corsim_result res;
        if (corsim_fetch_result(f, &res) != 0)
          abort();
        corsim_fetch_free(f);
      }
      corsim_ctx_free(ctx);
    }
    scenario_cleanup(&sc);
  }
  json_decref(v);
  return 0;
}
