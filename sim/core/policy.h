/*
 * policy.h - the Fetch standard's tables and value rules for methods and
 * headers, with each browser's deviations. Pure functions, no state.
 * Each function's comment names the Fetch standard definition it follows.
 */
#ifndef CORSIM_POLICY_H
#define CORSIM_POLICY_H

#include "corsim.h"
#include "str.h"

/* #forbidden-method: CONNECT, TRACE, TRACK, any case. */
bool corsim__method_forbidden(struct corsim_str m);
/* #cors-safelisted-method: exactly GET, HEAD or POST (byte-exact). */
bool corsim__method_safelisted(struct corsim_str m);
/*
 * #concept-method-normalize: DELETE GET HEAD OPTIONS POST PUT matched
 * case-insensitively become upper-case (a static string); any other
 * method is returned unchanged.
 */
struct corsim_str corsim__method_normalize(struct corsim_str m);

/* A header value after normalisation is valid: no NUL, CR, LF; no
 * leading/trailing tab or space. (#header-value) */
bool corsim__header_value_valid(struct corsim_str v);
/* Strip leading and trailing HTTP whitespace (#concept-header-value-normalize). */
struct corsim_str corsim__header_value_normalize(struct corsim_str v);

/*
 * #forbidden-request-header for browser b: the 21 names, proxy-/sec-
 * prefixes, the X-HTTP-Method(-Override)/X-Method-Override rule on the
 * value (split on commas; the standard and WebKit keep quoted strings
 * whole, Chromium and Firefox do not). Chromium also forbids user-agent
 * and access-control-request-private-network (chromium.md 6.1). Observed
 * (observed-browsers.md): Firefox and WebKit send a script-set
 * User-Agent (it is then CORS-unsafe).
 */
bool corsim__header_forbidden(struct corsim_str name, struct corsim_str value,
                              enum corsim_browser b);

/*
 * What the tables above and below know of a request header name, as one
 * opaque word: a fetch computes it once per header and passes it to the
 * _fl variants instead of the name.
 */
unsigned corsim__request_name_flags(struct corsim_str name);
bool corsim__header_forbidden_fl(unsigned flags, struct corsim_str name,
                                 struct corsim_str value,
                                 enum corsim_browser b);
bool corsim__header_safelisted_fl(unsigned flags, struct corsim_str value,
                                  enum corsim_browser b);

/* #cors-unsafe-request-header-byte. */
bool corsim__byte_cors_unsafe(unsigned char c);

/*
 * #cors-safelisted-request-header for browser b, on one (name, value):
 * 128-byte limit, accept / accept-language / content-language /
 * content-type / range with their value rules, and in Chromium the extra
 * names (intervention, device-memory, dpr, width, viewport-width, rtt,
 * downlink, ect, save-data) with their value rules. Browser quirks seen
 * in real browsers (observed-browsers.md): Firefox treats bytes >= 0x80
 * in Accept and Content-Type as unsafe; WebKit accepts a Range whose
 * "bytes" unit has any case ("Bytes=0-1"). Range numbers beyond int64
 * fail in the three browsers (64-bit parsers), not in SPEC.
 */
bool corsim__header_safelisted(struct corsim_str name, struct corsim_str value,
                               enum corsim_browser b);

/*
 * The Content-Type value rule alone (part of the above): unsafe bytes,
 * then the browser's MIME parser, essence one of the three types.
 */
bool corsim__content_type_safelisted(struct corsim_str value,
                                     enum corsim_browser b);

/* #no-cors-safelisted-request-header-name (accept, accept-language,
 * content-language, content-type) and its value passes the rule above. */
bool corsim__header_no_cors_safelisted(struct corsim_str name,
                                       struct corsim_str value,
                                       enum corsim_browser b);

/* #cors-non-wildcard-request-header-name: Authorization. */
bool corsim__header_non_wildcard(struct corsim_str name);

/*
 * #cors-safelisted-response-header-name without the exposed list:
 * cache-control content-language content-length content-type expires
 * last-modified pragma; WebKit also accept.
 */
bool corsim__response_header_safelisted(struct corsim_str name,
                                        enum corsim_browser b);
/* #forbidden-response-header-name: set-cookie, set-cookie2. */
bool corsim__response_header_forbidden(struct corsim_str name);

/* #request-body-header-name: content-encoding, content-language,
 * content-location, content-type. */
bool corsim__request_body_header(struct corsim_str name);

/*
 * WebKit's well-known header names (an HTTPHeaderName enum value, from
 * HTTPHeaderNames.in): its header map keeps them apart from the others,
 * iterates them first, and prints them in this canonical casing. Sets
 * *canonical when name is one of them.
 */
bool corsim__webkit_common_header(struct corsim_str name,
                                  struct corsim_str *canonical);

#endif
