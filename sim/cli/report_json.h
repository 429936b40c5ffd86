/*
 * report_json.h - a verdict as the scenario format's JSON output object.
 *
 * Keys in the format's order: scenario, request, browser, response_type,
 * blocked, status, error, message, preflight, wire, exposed_headers, fix,
 * also, notes, and with trace a final "trace". corsim test compares
 * expectations against this same object, so both commands agree on every
 * value by construction.
 */
#ifndef CORSIM_CLI_REPORT_JSON_H
#define CORSIM_CLI_REPORT_JSON_H

#include "corsim.h"
#include "scenario.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A new object (caller decrefs), or NULL when out of memory. */
json_t *report_json_object(const struct scenario *sc, size_t i,
                           const struct corsim_result *r, bool trace);

/* Length of the valid UTF-8 sequence at p[0..n) (n > 0), or 0 when
 * invalid: the check jansson makes (json_emit.c reproduces its output). */
size_t report_json_utf8_len(const unsigned char *p, size_t n);

/*
 * A JSON string for bytes that should be UTF-8. Invalid sequences become
 * U+FFFD rather than failing: the output must stay valid JSON whatever a
 * header value held. NULL only when out of memory.
 */
json_t *report_json_string(const char *p, size_t n);

/*
 * A header name or value: bytes, shown as the script would read them
 * (isomorphic decode: byte 0xE9 is "é"). Bytes that are UTF-8 text with a
 * code point beyond U+00FF (a scenario value no browser would send) are
 * shown as that text. NULL only when out of memory.
 */
json_t *report_json_header_bytes(const char *p, size_t n);

/* Writes v on one line (jansson's ", " and ": " separators) to fp.
 * Returns 0 or -1 (out of memory or a write error). */
int report_json_print(FILE *fp, const json_t *v);

#endif
