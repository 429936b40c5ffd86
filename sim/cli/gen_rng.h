/*
 * gen_rng.h - the pseudo-random numbers of corsim gen: xoshiro256**
 * seeded through splitmix64, and weighted choices.
 *
 * The state lives in a struct the caller owns; nothing is global. Only
 * integer arithmetic is used, so a seed gives the same numbers with every
 * compiler and on every platform, which is what makes generated scenario
 * sets reproducible byte for byte.
 */
#ifndef CORSIM_CLI_GEN_RNG_H
#define CORSIM_CLI_GEN_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gen_rng {
  uint64_t s[4];
};

/*
 * Seeds r for stream number stream of seed: every (seed, stream) pair gives
 * its own sequence. corsim gen uses one stream per scenario, so scenario N
 * does not depend on how many scenarios come before or after it.
 */
void gen_rng_seed(struct gen_rng *r, uint64_t seed, uint64_t stream);

/* The next 64 random bits. */
uint64_t gen_rng_next(struct gen_rng *r);

/* A uniform integer in [0, n); n must be > 0. No modulo bias. */
size_t gen_rng_below(struct gen_rng *r, size_t n);

/* True with probability permille / 1000. */
bool gen_rng_chance(struct gen_rng *r, unsigned permille);

/*
 * Index of a weighted choice: i with probability weights[i] / sum. The sum
 * must be > 0. Zero weights are never chosen.
 */
size_t gen_rng_weighted(struct gen_rng *r, const unsigned *weights, size_t n);

/*
 * A weighted table of strings, the usual shape of a generator choice:
 *
 *   static const struct gen_choice acac[] = {{"true", 8}, {"TRUE", 1}};
 *   const char *v = GEN_PICK(rng, acac);
 */
struct gen_choice {
  const char *text;
  unsigned weight;
};

const char *gen_rng_pick(struct gen_rng *r, const struct gen_choice *c,
                         size_t n);
#define GEN_PICK(rng, table)                                                   \
  gen_rng_pick((rng), (table), sizeof(table) / sizeof((table)[0]))

#endif
