/*
 * http1_ref.c - sim/wire/http1.c built a second time, without the fast
 * path for header lines and under other names: the reference that
 * fuzz_wire_http1 holds the fast path to (every answer, field and
 * detail the same on every input).
 */
#define WIRE_HTTP1_NO_FAST_PATH
#define wire_http1_parse_head ref_http1_parse_head
#define wire_http1_parse_request ref_http1_parse_request
#define wire_http1_parse_response ref_http1_parse_response
#define wire_http1_match_start ref_http1_match_start
#define wire_http1_unfold ref_http1_unfold
#define wire_http1_body_request ref_http1_body_request
#define wire_http1_body_response ref_http1_body_response
#define wire_http1_body_request_noted ref_http1_body_request_noted
#define wire_http1_body_response_noted ref_http1_body_response_noted
#define wire_http1_body_feed ref_http1_body_feed
#define wire_http1_body_gap ref_http1_body_gap
#define wire_http1_body_eof ref_http1_body_eof
#define wire_http1_is_interim ref_http1_is_interim
#include "../../sim/wire/http1.c"
