/*
 * har.h - HAR 1.2 files (as Chromium's and Firefox's DevTools export them)
 * to the wire layer's exchanges, one per entry, in file order.
 *
 * What each browser writes, and which of its fields this reader relies
 * on, is described at the top of har.c; /work/scratch/helpers/har-facts.md
 * has the longer story (preflights, blocked requests).
 */
#ifndef CORSIM_WIRE_HAR_H
#define CORSIM_WIRE_HAR_H

#include "wire.h"

#include <stdint.h>
#include <stdio.h>

/* Headers kept per message; more are dropped with a warning. Browsers
 * send a few dozen; the limit only bounds the per-entry scratch space. */
#define WIRE_HAR_HEADERS_MAX 1024

/* What one wire_har_read saw. */
struct wire_har_stats {
  uint64_t entries;   /* elements of log.entries */
  uint64_t exchanges; /* exchanges handed to cb->exchange */
  uint64_t skipped;   /* malformed entries skipped (each one warned) */
  uint64_t failed;    /* exchanges the browser recorded as failed: a
                         failure text, or no response at all */
  /* log.creator: "WebInspector 537.36" (Chromium), "Firefox 128.0";
   * empty when absent; cut at the array's size, always NUL-terminated. */
  char creator[64];
};

/*
 * Reads the HAR file f (name is used in messages only) and calls
 * cb->exchange once per usable entry, in file order, with:
 *   conn NULL; index and har_entry the entry's 0-based position;
 *   url request.url; req.method, req.target (path and query of the URL;
 *   "/" when the URL has no path), req.headers (request.headers in order,
 *   duplicates kept, HTTP/2 pseudo-headers such as ":authority" dropped),
 *   req.minor from an "HTTP/1.x" httpVersion (1 for anything else, such
 *   as "h2", "http/2.0", "HTTP/3" or ""), req.body_len from bodySize;
 *   has_response false when the browser recorded no response (status 0
 *   and no headers, or no response object), else resp.status, reason,
 *   minor, headers and body_len from the response;
 *   har_error the browser's failure text when it recorded one
 *   ("net::ERR_FAILED"; it can come with a response, when Chromium saw the
 *   response but refused it); har_initiator _initiator.type and
 *   har_resource _resourceType (Chromium only; empty otherwise);
 *   spans: packets 0, first_ts startedDateTime as seconds since the
 *   epoch, last_ts first_ts + time / 1000, the same for request and
 *   response.
 * Header names and values are the bytes the browser sent: HAR stores
 * them as JSON (UTF-8) strings, and code points up to U+00FF become
 * single bytes (isomorphic encoding); a code point above U+00FF cannot
 * have come from the wire, it is kept as UTF-8 and warned about.
 *
 * Every pointer in the exchange is valid only during the callback
 * (wire.h's ownership rule). cb->exchange and cb->warn may be NULL;
 * cb->tls is not used.
 *
 * Bad entries (not an object; no request object; request.url,
 * request.method or startedDateTime missing, of the wrong type or
 * unparseable; request.headers not an array) are warned about through
 * cb->warn and skipped; a single unusable header is dropped with a
 * warning. The warning's packet argument is the entry's 0-based index,
 * and its text names the file, the entry and the field.
 *
 * Returns 0 when f held a HAR (even if every entry was skipped);
 * CORSIM_EINVAL when it is not JSON (errbuf: "NAME:LINE:COLUMN: not JSON:
 * what was wrong") or has no log.entries array, or f could not be read;
 * CORSIM_ENOMEM when memory ran out (errbuf says so). The file is read as
 * a stream (har_split.h), so entries before a fault are delivered before
 * the error is returned: a cut file gives every entry before the cut. An
 * entry that jansson cannot read inside a sound structure (a bad number,
 * bad UTF-8) is warned about and skipped like any other bad entry. st
 * (may be NULL) is filled in either case; errbuf (may be NULL) gets a
 * NUL-terminated message on failure.
 *
 * Memory: one entry's JSON text and its jansson tree at a time, plus
 * scratch space for the entry's headers, reused from entry to entry; not
 * the file. Measured on a 207 MB Chromium-style HAR (50,000 entries with
 * 512-byte bodies): the whole document loaded at once peaked at 950 MB
 * resident; read as a stream, see docs/commands/replay.md.
 */
CORSIM_WUR int wire_har_read(FILE *f, const char *name,
                             const struct wire_exchange_cb *cb,
                             struct wire_har_stats *st, char *errbuf,
                             size_t errlen);

#endif
