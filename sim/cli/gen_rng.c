/*
 * gen_rng.c - pseudo-random numbers for corsim gen, see gen_rng.h.
 *
 * xoshiro256** and splitmix64 are Blackman and Vigna's public-domain
 * generators (https://prng.di.unimi.it/); splitmix64 spreads a 64-bit seed
 * over the 256-bit state, as its authors recommend.
 */
#include "gen_rng.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void gen_rng_seed(struct gen_rng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed, y;
  int i;

  /* Mix the seed first so that neighbouring (seed, stream) pairs such as
   * (1, 2) and (2, 1) start far apart. */
  y = splitmix64(&x) ^ (stream * UINT64_C(0xd1b54a32d192ed03));
  for (i = 0; i < 4; i++)
    r->s[i] = splitmix64(&y);
}

uint64_t gen_rng_next(struct gen_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

size_t gen_rng_below(struct gen_rng *r, size_t n) {
  uint64_t bound = (uint64_t)n;
  /* Values from limit up would favour the small results: draw again. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;

  do
    x = gen_rng_next(r);
  while (x >= limit);
  return (size_t)(x % bound);
}

bool gen_rng_chance(struct gen_rng *r, unsigned permille) {
  return gen_rng_below(r, 1000) < permille;
}

size_t gen_rng_weighted(struct gen_rng *r, const unsigned *weights, size_t n) {
  size_t total = 0, i, x;

  for (i = 0; i < n; i++)
    total += weights[i];
  x = gen_rng_below(r, total);
  for (i = 0; i < n; i++) {
    if (x < weights[i])
      return i;
    x -= weights[i];
  }
  return n - 1; /* not reached: x < total */
}

const char *gen_rng_pick(struct gen_rng *r, const struct gen_choice *c,
                         size_t n) {
  size_t total = 0, i, x;

  for (i = 0; i < n; i++)
    total += c[i].weight;
  x = gen_rng_below(r, total);
  for (i = 0; i < n; i++) {
    if (x < c[i].weight)
      return c[i].text;
    x -= c[i].weight;
  }
  return c[n - 1].text; /* not reached */
}
