/*
 * prefix.h - the isolation prefix of corsim serve.
 *
 * Scenario N is reachable under "/__corsim/s<N>" (N decimal, no leading
 * zeros) on every host serve listens on, so that each scenario's URLs are
 * new to the browser and nothing (the preflight cache above all) carries
 * over from one scenario to the next. A request under the prefix is
 * matched against scenario N's rules with the prefix removed; Location
 * values in its answers that point at a hosted URL get the prefix back.
 */
#ifndef CORSIM_LIVE_PREFIX_H
#define CORSIM_LIVE_PREFIX_H

#include "buf.h"
#include "corsim.h"
#include "hosts.h"

#include <stdbool.h>
#include <stddef.h>

/* Every path serve reserves for itself starts with this. */
#define PREFIX_ROOT "/__corsim/"

/*
 * When path (an origin-form target: "/__corsim/s3/a?b") starts with the
 * prefix of a scenario, followed by '/', '?', '#' or the end, sets *n and
 * *rest (what follows the prefix: "/a?b", "?b" or "") and returns true.
 */
bool prefix_parse(struct corsim_str path, size_t *n, struct corsim_str *rest);

/* Appends "/__corsim/s<n>". */
void prefix_add(struct buf *b, size_t n);

/*
 * Appends a Location value with scenario n's prefix inserted where its
 * path begins, when the value points at one of the hosted authorities: an
 * absolute http URL, a scheme-relative "//host/..." or an absolute path
 * "/..." (resolved against the request, which is hosted). Everything else
 * (relative paths, which keep the prefix by resolution, other schemes and
 * other hosts) is appended unchanged. Every other byte is kept.
 */
void prefix_location(struct buf *out, struct corsim_str value, size_t n,
                     const struct hosts *hosted);

#endif
