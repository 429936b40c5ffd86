/*
 * responder.h - answers wire requests from a scenario's server rules.
 *
 * The first rule whose method and URL match the wire request wins:
 *   method  exact, case-sensitive, or "*" for any;
 *   url     "*" for any; a prefix ending in "*" compared byte for byte with
 *           the start of the normalised wire URL; otherwise exact, both sides
 *           normalised with corsim_url_normalize.
 * The responder decides nothing about CORS; it is the server.
 */
#ifndef CORSIM_CLI_RESPONDER_H
#define CORSIM_CLI_RESPONDER_H

#include "corsim.h"

#include <stddef.h>

enum rule_url_kind { RULE_URL_ANY, RULE_URL_EXACT, RULE_URL_PREFIX };

struct server_rule {
  struct corsim_str method; /* "*" matches any */
  enum rule_url_kind url_kind;
  char *url; /* EXACT: normalised URL; PREFIX: the prefix without '*' */
  size_t url_len;
  int status;
  struct corsim_header *headers; /* borrowed strings; the array is owned */
  size_t nheaders;
};

/*
 * Sets the rule's URL from the scenario's text: "*", "PREFIX*" or an
 * absolute URL. Returns 0, CORSIM_EINVAL when an exact URL is not a valid
 * absolute URL, or CORSIM_ENOMEM.
 */
int responder_rule_set_url(struct server_rule *r, struct corsim_str url);
/* Frees what the rule owns (not the borrowed strings). */
void responder_rule_cleanup(struct server_rule *r);

/*
 * Normalises url into a new NUL-terminated string (*out, length *outlen).
 * Returns 0, CORSIM_EINVAL (not a valid absolute URL) or CORSIM_ENOMEM.
 */
int responder_normalize(struct corsim_str url, char **out, size_t *outlen);

/*
 * The first of rules[0..n) that answers w, or NULL. Returns CORSIM_ENOMEM
 * through *err when the wire URL could not be normalised for lack of
 * memory (*err is 0 otherwise).
 */
const struct server_rule *responder_match(const struct server_rule *rules,
                                          size_t n,
                                          const struct corsim_wire_request *w,
                                          int *err);

/* The wire response a rule gives; borrows from r. */
struct corsim_wire_response responder_answer(const struct server_rule *r);

#endif
