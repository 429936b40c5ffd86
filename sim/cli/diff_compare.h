/*
 * diff_compare.h - what a real browser did with one script request, put in
 * the terms of the scenario format's output, and compared field by field
 * with what corsim predicted (corsim diff).
 *
 * The browser's side comes from three sources that corsim diff gathers:
 * the runner page's report of what the script saw, the wire requests
 * corsim serve received for the request, and the browser's console lines
 * between the request's "corsim:begin" and "corsim:end" markers. Only
 * jansson is used here, so the rules can be tested without a browser.
 */
#ifndef CORSIM_CLI_DIFF_COMPARE_H
#define CORSIM_CLI_DIFF_COMPARE_H

#include "corsim.h"

#include <jansson.h>
#include <stdbool.h>

/* The browser's observations of one script request (all borrowed). */
struct diff_observed {
  /* The runner's object for the request: "api", and either "exception"
   * {"name", "message"} / "timeout" / "runner_error", or "type", "status",
   * "headers" (readable names), and for XHR "events". NULL: no report. */
  const json_t *result;
  /* The wire requests serve received for it, in order: objects with
   * "method", "url" (without the isolation prefix), "headers" [[n, v]...]
   * and "status" (what serve answered). */
  const json_t *wire;
  /* Console entries between its markers: objects with "kind" ("log" or
   * "error"), "level", "source", "text". */
  const json_t *console;
};

/* What the comparison needs to know about the scenario. */
struct diff_input {
  enum corsim_browser browser;
  struct corsim_str origin;         /* the page's origin, as written */
  const struct corsim_request *req; /* the script request */
  /* Header names serve adds to every answer on its own (lower-case,
   * NULL-terminated): not counted as readable unless a rule sets them. */
  const char *const *server_added;
  bool (*rule_sets)(void *data, const char *lower_name);
  void *rule_data;
};

/*
 * The browser's view in the output format's terms: "response_type",
 * "blocked", "status", "preflight" ("sent" or "not sent"), "message",
 * "wire" (hops with the CORS headers, Content-Type and the script's own
 * headers as the browser sent them), "exposed_headers". NULL when out of
 * memory. The message follows the scenario format's rule for the browser.
 */
json_t *diff_browser_view(const struct diff_input *in,
                          const struct diff_observed *o);

/* The fields compared, in report order. */
extern const char *const diff_fields[];

/*
 * Compares a prediction (a report_json_object) with a browser view.
 * Returns an array of {"field", "corsim", "browser"} for the fields that
 * differ (empty when they agree), or NULL when out of memory. Wire fields
 * ("wire.hops", "wire.origin", "wire.acrm", "wire.acrh", "wire.headers",
 * "wire.status") compare the hops in order; "preflight" compares sent
 * against not sent (cached and none are both not sent).
 */
json_t *diff_compare(const json_t *pred, const json_t *view);

#endif
