/*
 * har_cdp.h - a HAR 1.2 log built from Chromium's DevTools-protocol
 * Network events, in the shape of DevTools' own "Save all as HAR"
 * (devtools-frontend front_end/models/har/Log.ts, fed by
 * front_end/core/sdk/NetworkManager.ts and NetworkRequest.ts; read, not
 * copied). browser_chromium.c feeds it every Network.* event and
 * Page.domContentEventFired / Page.loadEventFired of the page it drives.
 *
 *   struct har_cdp *h = har_cdp_new(main_frame_id);
 *   har_cdp_event(h, "Network.requestWillBeSent", params); ...
 *   json_t *har = har_cdp_log(h);   (a new reference; h goes on)
 *   har_cdp_free(h);
 *
 * What it writes, per DevTools network request (each hop of a redirect
 * chain is one, as in the Network panel):
 *   - every request that finished (loadingFinished, loadingFailed, or a
 *     redirect) with an http or https URL, in the order their
 *     requestWillBeSent arrived: DevTools' harRequests takes the finished
 *     requests of the log. Nothing is filtered out: the export is "Save
 *     all as HAR" with Preserve log on (the runner pages navigate from
 *     scenario to scenario);
 *   - request headers as the network stack sent them
 *     (requestWillBeSentExtraInfo) when the request reached the network,
 *     else the renderer's provisional ones; response headers and status
 *     from responseReceivedExtraInfo when there is one, so a response
 *     refused by CORS (no responseReceived) keeps its status, headers and
 *     status text, and loadingFailed's errorText ("net::ERR_FAILED") in
 *     response._error;
 *   - CORS preflights as entries of their own (Chromium reports them with
 *     initiator type "preflight" and, from the response or failure on,
 *     resource type "Preflight");
 *   - _initiator, _priority, _resourceType, _fromCache, _connectionId,
 *     connection, serverIPAddress, timings computed as Log.ts computes
 *     them, pages per main-frame navigation.
 * Not written: response bodies (content.text), WebSocket frames.
 *
 * Every ExtraInfo event is matched to the hop of its request id by
 * position (the n-th requestWillBeSentExtraInfo of an id belongs to its
 * n-th hop), as DevTools' ExtraInfoBuilder does; they may arrive before
 * requestWillBeSent and after loadingFinished, so nothing is decided
 * before har_cdp_log.
 *
 * No global state; not thread-safe (one loop).
 */
#ifndef CORSIM_LIVE_HAR_CDP_H
#define CORSIM_LIVE_HAR_CDP_H

#include <jansson.h>

struct har_cdp;

/* main_frame: the page target's id, which is its main frame's id (only
 * main-frame documents start pages); may be NULL. NULL when out of
 * memory. */
struct har_cdp *har_cdp_new(const char *main_frame);
void har_cdp_free(struct har_cdp *h);

/* One event: its method and params (borrowed; what is kept is
 * referenced). Unknown methods are ignored. */
void har_cdp_event(struct har_cdp *h, const char *method, json_t *params);

/* The HAR of what has finished so far ({"log": ...}), a new reference;
 * NULL when out of memory. */
json_t *har_cdp_log(const struct har_cdp *h);

#endif
