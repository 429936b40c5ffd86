/*
 * gen_server.h - sampling how the server answers a generated scenario's
 * requests: the preflight and actual answers of every URL the script
 * fetches, redirect chains, and a catch-all rule last, so that every wire
 * request the browser may send is answered.
 */
#ifndef CORSIM_CLI_GEN_SERVER_H
#define CORSIM_CLI_GEN_SERVER_H

#include "gen_model.h"

/*
 * Writes sc's server rules for sc's requests (which must be complete):
 * a plausible CORS configuration (reflecting, static or wildcard) with
 * `twists` adversarial changes to the answers for the first request's URL
 * (CORS header variants, statuses, redirects). Twists are noted with
 * gen_tag; sc->redirects is set when that URL answers with a redirect.
 */
void gen_server_sample(struct gen_scenario *sc, int twists);

#endif
