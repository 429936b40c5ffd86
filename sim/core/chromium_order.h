/*
 * chromium_order.h - the order in which Chromium (observed: 156) walks a
 * request's headers when it checks them against a preflight's
 * Access-Control-Allow-Headers, and so which name its console message
 * "Request header field <h> is not allowed by Access-Control-Allow-Headers
 * in preflight response." reports when several are missing.
 *
 * Chromium reports the first missing name in the order of the network
 * request's header vector (PreflightResult::EnsureAllowedCrossOriginHeaders,
 * services/network/cors/preflight_result.cc, via
 * CorsUnsafeNotForbiddenRequestHeaderNames). That vector is filled by
 * iterating Blink's HTTPHeaderMap, a WTF HashMap keyed case-insensitively,
 * so the order is hash-table slot order. chromium_order.c rebuilds that
 * table: same hash (rapidhash over the case-folded UTF-16 name, 24 bits),
 * same open addressing (triangular probing), same growth, same insertion
 * sequence, including the four headers Blink itself puts in the map
 * (Sec-CH-UA, Sec-CH-UA-Mobile, Sec-CH-UA-Platform, User-Agent).
 */
#ifndef CORSIM_CHROMIUM_ORDER_H
#define CORSIM_CHROMIUM_ORDER_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which script API built the request: the insertion sequence differs. */
enum corsim_chromium_api {
  /* fetch(): the Headers list is a case-insensitively sorted multimap,
   * so the order the script set the headers in does not matter. */
  CORSIM_CHROMIUM_API_FETCH = 0,
  /* XMLHttpRequest: setRequestHeader() fills a map of its own in call
   * order (the implicit Content-Type last, at send()), which is then
   * copied, in its slot order, into the request's map. */
  CORSIM_CHROMIUM_API_XHR = 1
};

/* Most names the simulation handles; above it order[] is the identity. */
#define CORSIM_CHROMIUM_ORDER_MAX 64

/*
 * names[0..n) are the request's header names as the script set them (for
 * XHR in setRequestHeader() call order), plus the implicit Content-Type
 * (last) when the body supplied one. Fills order[0..n) with a permutation
 * of 0..n-1: Chromium's iteration order for a fetch() to a potentially
 * trustworthy URL (loopback or https, where Blink adds the three default
 * Sec-CH-UA hints). Names equal ignoring ASCII case are one map entry:
 * they come out adjacent, in input order. n == 0 is allowed (order may
 * then be NULL). For n > CORSIM_CHROMIUM_ORDER_MAX order[] is the identity.
 */
void corsim__chromium_header_order(const struct corsim_str *names, size_t n,
                                   size_t *order);

/*
 * The same with the API and the client hints explicit: client_hints false
 * models a target that is not potentially trustworthy (plain http to a
 * non-loopback host), where Blink adds User-Agent only. Checked against
 * Chromium 156 (tests/browser/chromium-156/header-order.json): fetch and
 * XHR with client hints; client_hints false follows the sources only.
 */
void corsim__chromium_header_order_ex(const struct corsim_str *names, size_t n,
                                      size_t *order,
                                      enum corsim_chromium_api api,
                                      bool client_hints);

/*
 * Blink's CaseFoldingHash of a header name (WTF::CaseFoldingHash::GetHash,
 * third_party/blink/renderer/platform/wtf/text/case_folding_hash.h): the
 * low 24 bits of rapidhash over the ASCII-lowercased name widened to
 * UTF-16LE, 0 mapped to 0x800000. Exposed for the unit tests.
 */
uint32_t corsim__chromium_name_hash(struct corsim_str name);

/* rapidhash (v1, default seed and secrets) of len plain bytes; exposed so
 * the unit tests can check it against upstream test vectors. */
uint64_t corsim__rapidhash(const void *key, size_t len);

#endif
