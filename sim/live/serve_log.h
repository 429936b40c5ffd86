/*
 * serve_log.h - the JSON lines corsim serve writes (docs/commands/serve.md,
 * "LOG FORMAT"): one line per wire request ("kind": "wire"), per runner
 * result ("result"), per malformed request ("error"), and one when
 * listening starts ("ready").
 *
 * Bytes from the network are written isomorphic-decoded (json_out.h), so a
 * line is always valid JSON, ASCII only, and loses nothing.
 */
#ifndef CORSIM_LIVE_SERVE_LOG_H
#define CORSIM_LIVE_SERVE_LOG_H

#include "buf.h"
#include "serve.h"

/* Each appends one line, with its final '\n', to b. */
void serve_log_wire(struct buf *b, const struct serve_wire *w);
void serve_log_result(struct buf *b, const struct serve_result *r);
void serve_log_error(struct buf *b, uint64_t seq, double time, uint64_t conn,
                     const char *local, const char *peer, int status,
                     const char *why, size_t offset);

/* "time": seconds since the Unix epoch, microseconds. */
void serve_log_time(struct buf *b, double t);

#endif
