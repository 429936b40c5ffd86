/*
 * mime.h - MIME type essence extraction for the Content-Type safelist
 * rule, in each browser's way.
 */
#ifndef CORSIM_MIME_H
#define CORSIM_MIME_H

#include "corsim.h"
#include "str.h"

/*
 * Extracts the lower-cased essence ("type/subtype") of value into buf
 * (cap bytes, NUL-terminated). Returns its length, or -1 when value does
 * not parse or the essence does not fit (cap must exceed its length):
 *  - SPEC, WEBKIT: WHATWG MIME Sniffing "parse a MIME type" (strip HTTP
 *    whitespace; type = token before '/'; subtype = token up to ';' with
 *    trailing whitespace removed; parameters never make it fail).
 *  - CHROMIUM: net::ExtractMimeTypeFromMediaType without comma lists:
 *    text before the first ';', split on '/' into exactly two parts,
 *    type's leading and subtype's trailing whitespace trimmed, both tokens.
 *  - FIREFOX: net_ParseRequestContentType in strict mode (a top-level ','
 *    fails; nothing but OWS may follow the last parameter). Gecko checks
 *    only that its type contains a '/', not that it is a token, so its
 *    "essence" can be "text/" or "text/plain/x".
 */
long corsim__mime_essence(struct corsim_str value, enum corsim_browser b,
                          char *buf, size_t cap);

#endif
