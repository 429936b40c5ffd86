/*
 * gen_json.h - a generated scenario as a JSON object of the scenario
 * format (shared/spec/scenario-format.md), keys in the format's order.
 */
#ifndef CORSIM_CLI_GEN_JSON_H
#define CORSIM_CLI_GEN_JSON_H

#include "gen_model.h"

#include <jansson.h>

/* A new reference, or NULL when out of memory or when a string is not
 * valid UTF-8 (a generator bug: every value is built as UTF-8). */
json_t *gen_scenario_json(const struct gen_scenario *sc);

#endif
