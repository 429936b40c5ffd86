/*
 * har_json.h - the pieces both HAR builders share (har_cdp.c for
 * Chromium, har_bidi.c for Firefox): dates, numbers, query strings,
 * cookies, name/value arrays, and writing the file.
 *
 * A HAR (HTTP Archive 1.2, http://www.softwareishard.com/blog/har-12-spec/)
 * is one JSON document: {"log": {"version", "creator", "pages",
 * "entries"}}. The builders make it with jansson, in the member order the
 * browsers' own exporters write (JavaScript keeps insertion order, and so
 * does jansson), so that a file from corsim reads like one from DevTools.
 */
#ifndef CORSIM_LIVE_HAR_JSON_H
#define CORSIM_LIVE_HAR_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A number as JavaScript's JSON.stringify writes it: integral values
 * without a fraction ("0", not jansson's "0.0"). */
json_t *har_json_num(double v);

/* ms since the epoch as Date.prototype.toJSON writes it (Chromium's
 * startedDateTime): UTC, milliseconds cut (not rounded),
 * "2026-11-22T08:01:02.345Z". buf holds at least 32 bytes. */
void har_json_date_utc(double ms, char *buf, size_t cap);

/* The same in local time with the zone's offset, as Firefox's
 * dateToHarString writes it: "2026-11-22T09:01:02.345+01:00". */
void har_json_date_local(double ms, char *buf, size_t cap);

/* The query of url (after '?', before '#') as [{name, value}], split at
 * '&' and the first '='; a pair without '=' has value "". decode: undo
 * percent-encoding and '+' as Firefox's parseQueryString does (Chromium's
 * parseParameters keeps the text as it is). [] without a query. */
json_t *har_json_query(const char *url, bool decode);

/* The value of the first header named name (any case) in a HAR header
 * array [{name, value}]; NULL when there is none. */
const char *har_json_header(const json_t *headers, const char *name);

/* A DevTools header object {name: "v1\nv2"} as the HAR array
 * [{name, value: "v1"}, {name, value: "v2"}], in the object's order:
 * Chromium joins repeated headers with a newline in the protocol and
 * DevTools splits them again. NULL or not an object: []. */
json_t *har_json_headers_from_object(const json_t *obj);

/* The cookies of every Set-Cookie header in a HAR header array, as
 * DevTools' cookie parser reads them: {name, value} and, when full, the
 * attributes path, domain, expires (ISO 8601 UTC, from Max-Age counted
 * from now_ms, or Expires; null when neither), httpOnly, secure and
 * sameSite (when given). */
json_t *har_json_set_cookies(const json_t *headers, bool full, double now_ms);

/* Writes root to f with two-space indentation (as both DevTools write
 * it) and a final newline. Returns 0, or -1 when writing failed. */
int har_json_write(const json_t *root, FILE *f);

#endif
