/*
 * gen_scenario.h - one generated scenario from a seed and an index: the
 * page's origin, the URLs and the sequence of requests (repeats and
 * variants that probe the preflight cache, the rare timed one), the split
 * of twists between script and server, and the descriptive name.
 */
#ifndef CORSIM_CLI_GEN_SCENARIO_H
#define CORSIM_CLI_GEN_SCENARIO_H

#include "gen_model.h"

#include <stdint.h>

/*
 * Fills sc with scenario number index (1-based) of seed. The result
 * depends only on seed, index and the corsim version. Returns 0, or -1
 * when the scenario did not fit sc's fixed capacities (a generator bug).
 */
int gen_scenario_make(struct gen_scenario *sc, uint64_t seed, size_t index);

#endif
