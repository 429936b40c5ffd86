/*
 * report_text.h - a verdict for a human at a terminal.
 *
 *   BLOCKED  put-with-token #0  PUT http://127.0.0.1:8002/c/17/items (chromium)  PreflightMissingAllowOriginHeader
 *     > OPTIONS http://127.0.0.1:8002/c/17/items
 *     >   Origin: http://127.0.0.1:8001
 *     >   Access-Control-Request-Method: PUT
 *     < 204
 *     message: Access to fetch at '...' from origin '...' has been blocked ...
 *     fix: ...
 *     also: HeaderDisallowedByPreflightResponse
 *     note: ...
 *
 * An allowed request ends its first line with the response type, the
 * status and, when a preflight was needed, "preflight sent|cached".
 * Data from the scenario or the model is escaped (control bytes as \xNN).
 */
#ifndef CORSIM_CLI_REPORT_TEXT_H
#define CORSIM_CLI_REPORT_TEXT_H

#include "buf.h"
#include "corsim.h"
#include "scenario.h"

#include <stdbool.h>
#include <stdio.h>

/* Colour when fp is a terminal and NO_COLOR is not set (any value). */
bool report_text_use_colour(FILE *fp);

/* The label of a scenario in text output: its name, or "scenario N"
 * (1-based) when it has none. Escaped. Returns 0 or -1 (out of memory). */
int report_text_label(struct buf *b, const struct scenario *sc);

/* Writes one verdict. Returns 0 or -1 (out of memory or write error). */
int report_text_result(FILE *fp, const struct scenario *sc, size_t i,
                       const struct corsim_result *r, bool trace,
                       bool colour);

#endif
