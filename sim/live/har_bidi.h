/*
 * har_bidi.h - a HAR 1.2 log built from Firefox's WebDriver BiDi network
 * events, in the shape of Firefox DevTools' own HAR export
 * (devtools/client/netmonitor/src/har/har-builder.js and
 * har-builder-utils.js in mozilla/gecko-dev; read, not copied).
 * browser_firefox.c feeds it network.beforeRequestSent,
 * network.responseStarted, network.responseCompleted and
 * network.fetchError.
 *
 * Firefox's own exporter cannot run under the driver: its automatic
 * export (devtools.netmonitor.har.enableAutoExportToFile) needs a
 * toolbox, which headless Firefox 153 did not open with --devtools (nor
 * under Xvfb in our try), and it writes a page's file at its
 * "dom-complete", before the requests a script makes later.
 *
 * What it writes, per request and redirect hop (BiDi's request id and
 * redirectCount), in the order the requests began:
 *   - startedDateTime in local time with the zone's offset (from BiDi's
 *     timings.requestTime, the channel's creation);
 *   - request headers as sent (the latest event's), response status,
 *     status text and headers as received;
 *   - no failure text: a response CORS refused looks like a success, and
 *     a request that never got a response (its preflight failed) has
 *     status 0, no headers and httpVersion "" (har-builder's defaults);
 *   - preflights as ordinary OPTIONS entries, as Firefox lists them;
 *   - http and https URLs only (Firefox also reports data: URLs, which a
 *     HAR of HTTP exchanges has no use for).
 * BiDi does not give what har-builder also writes from the netmonitor's
 * own data: request bodies (postData; bodySize is BiDi's), response
 * bodies, the remote address (serverIPAddress, connection), the request
 * priority, page timings (-1). _securityState is "insecure" for http
 * URLs, as Firefox says of them, and left out for https.
 *
 * No global state; not thread-safe (one loop).
 */
#ifndef CORSIM_LIVE_HAR_BIDI_H
#define CORSIM_LIVE_HAR_BIDI_H

#include <jansson.h>

struct har_bidi;

/* top_context: the browsing context of the tab (its navigations start
 * pages); may be NULL. NULL when out of memory. */
struct har_bidi *har_bidi_new(const char *top_context);
void har_bidi_free(struct har_bidi *h);

/* One event: method ("network.beforeRequestSent", ...) and params
 * (borrowed). Other methods are ignored. */
void har_bidi_event(struct har_bidi *h, const char *method, json_t *params);

/* The HAR so far ({"log": ...}), a new reference; NULL when out of
 * memory. name and version: the browser's, for log.creator and
 * log.browser ("Firefox", "153.7.0"). */
json_t *har_bidi_log(const struct har_bidi *h, const char *name,
                     const char *version);

#endif
