/*
 * url.h - the parts of the WHATWG URL Standard that CORS needs: parsing
 * absolute and relative URLs, origins, same-origin, trustworthiness.
 */
#ifndef CORSIM_URL_H
#define CORSIM_URL_H

#include "corsim.h"
#include "str.h"

enum corsim__scheme {
  CORSIM_SCHEME_HTTP,
  CORSIM_SCHEME_HTTPS,
  CORSIM_SCHEME_DATA,
  CORSIM_SCHEME_BLOB,
  CORSIM_SCHEME_ABOUT,
  CORSIM_SCHEME_FILE,
  CORSIM_SCHEME_OTHER /* ftp, ws, wss, javascript, anything else */
};

/*
 * A parsed URL. Every slice points into the caller's buffer given to
 * corsim__url_parse, which also holds the serialisation (href).
 */
struct corsim__url {
  enum corsim__scheme kind;
  struct corsim_str href;     /* full serialisation, with fragment */
  struct corsim_str scheme;   /* lower-case, without ':' */
  struct corsim_str host;     /* lower-case; IPv6 in brackets; empty if none */
  int port;                   /* -1 when absent or the scheme's default */
  struct corsim_str path;     /* "/" at least for http(s) */
  struct corsim_str query;    /* without '?'; ptr NULL when absent */
  struct corsim_str fragment; /* without '#'; ptr NULL when absent */
  bool has_userinfo;          /* username or password non-empty */
};

/*
 * Parses input (leading/trailing C0 controls and spaces stripped, tab and
 * newlines removed, as the URL Standard does) against base (may be NULL;
 * relative input without a base fails). Writes the serialisation into
 * buf (cap bytes) and points *out's slices into it.
 *
 * For http/https (special schemes) it applies the URL Standard's host
 * parser: lower-casing, percent-decoding, IPv4 in any of its number forms
 * ("0x7f.1" is 127.0.0.1) serialised dotted-decimal, IPv6 compressed per
 * the standard, forbidden host code points rejected; backslashes as
 * slashes; dot segments resolved; default port (80/443) dropped; path and
 * query percent-encoded with the standard's encode sets. Non-ASCII hosts
 * are refused (no IDNA in a libc-only core). Other schemes are split into
 * scheme and the rest, kind set, and kept verbatim apart from the
 * standard's percent-encoding of control and non-ASCII bytes (opaque
 * path), of space " # < > in the query and of space " < > ` in the
 * fragment.
 *
 * Relative input is resolved only against an http(s) base; with any
 * other base (data:, about:, file:) it fails. base's buffer must stay
 * valid during the call and must not overlap buf. For non-special
 * schemes, path is everything between ':' and the first '?' or '#'.
 *
 * buf needs room for the href and its NUL; when the URL has userinfo,
 * also for a second copy without userinfo and fragment, stored after that
 * NUL (see corsim__url_without_fragment). A host is percent-decoded in
 * place before IPv4 rewriting, so buf must also hold the decoded spelling.
 *
 * Returns 0, CORSIM_EINVAL (not a URL) or CORSIM_ETOOBIG (buf too small).
 */
int corsim__url_parse(struct corsim_str input, const struct corsim__url *base,
                      struct corsim__url *out, char *buf, size_t cap);

/*
 * The scheme and authority ("http://127.0.0.1:8002") the fast path took
 * last. A page fetches from the same few origins again and again; with a
 * memo, a URL that starts with the remembered authority skips the host
 * and port checks. One per context (a context is used by one thread at a
 * time, corsim.h); all zero is empty.
 */
struct corsim__url_memo {
  unsigned char len; /* bytes of prefix in use; 0: empty */
  unsigned char scheme_len, host_b, host_e;
  int port;
  enum corsim__scheme kind;
  char prefix[64];
};

/* corsim__url_parse, remembering the authority in memo and using it. */
int corsim__url_parse_memo(struct corsim_str input,
                           const struct corsim__url *base,
                           struct corsim__url *out, char *buf, size_t cap,
                           struct corsim__url_memo *memo);

/* The same without the fast path for already-serialised URLs; for tests
 * that check the two agree. */
int corsim__url_parse_full(struct corsim_str input,
                           const struct corsim__url *base,
                           struct corsim__url *out, char *buf, size_t cap);

/*
 * Serialises u's origin ("https://a.example:8443"; "null" for schemes
 * without a tuple origin) into buf, NUL-terminated. A blob: URL has the
 * origin of the http(s) URL in its path. ws/wss are not parsed, so they
 * give "null" too. Returns the length, or CORSIM_ETOOBIG.
 */
long corsim__url_origin(const struct corsim__url *u, char *buf, size_t cap);

/* Same origin: same scheme, host and port; never for non-http(s) URLs. */
bool corsim__url_same_origin(const struct corsim__url *a,
                             const struct corsim__url *b);

/* The href without the fragment and without userinfo (what goes on the
 * wire: credentials become an Authorization header, never part of the
 * request target). Points into the buffer given to corsim__url_parse. */
struct corsim_str corsim__url_without_fragment(const struct corsim__url *u);

/*
 * Potentially trustworthy URL (Secure Contexts, "Is url potentially
 * trustworthy?"): about:blank, about:srcdoc and data: URLs; otherwise by
 * origin: https, wss, file, a host of "localhost" or ending in
 * ".localhost", 127.0.0.0/8, [::1]; a blob: URL by its inner URL.
 */
bool corsim__url_trustworthy(const struct corsim__url *u);

/*
 * Checks that s is a serialized origin: "null", or scheme "://" host
 * [":" port] with a lower-case http/https scheme, a host that the URL
 * parser leaves unchanged, a port that is not the default, and nothing
 * else. On success fills *out (path "/") using buf.
 * Returns 0, CORSIM_EORIGIN or CORSIM_ETOOBIG. *opaque is set for "null";
 * *out is then kind OTHER with href "null", empty scheme, host and path,
 * and port -1.
 */
int corsim__origin_parse(struct corsim_str s, struct corsim__url *out,
                         bool *opaque, char *buf, size_t cap);

#endif
