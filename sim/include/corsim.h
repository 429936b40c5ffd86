/*
 * corsim.h - the one public header of libcorsim, a model of the browser's
 * CORS machinery (WHATWG Fetch as Chromium, Firefox and WebKit ship it).
 *
 * The model does no I/O. A caller describes what a page's script asked for
 * (struct corsim_request), asks the model which request the browser would put
 * on the wire next (corsim_fetch_next), performs that request however it
 * likes (a rule table, a recorded exchange, a live server) and feeds the
 * answer back (corsim_fetch_feed). When corsim_fetch_next returns false the
 * verdict is ready (corsim_fetch_result).
 *
 *     struct corsim_fetch *f;
 *     if (corsim_fetch_new(ctx, &req, &f) != 0) ...;
 *     while (corsim_fetch_next(f, &wreq))
 *         corsim_fetch_feed(f, answer_for(&wreq));
 *     corsim_fetch_result(f, &res);
 *     ...
 *     corsim_fetch_free(f);
 *
 * Threads: the library has no global mutable state. A struct corsim_ctx and
 * the fetches made from it must be used by one thread at a time; different
 * contexts may be used from different threads freely.
 *
 * Strings: every string crosses this interface as a struct corsim_str, a
 * pointer and a length, never NUL-terminated on input. Output strings are
 * NUL-terminated as a convenience (ptr[len] == '\0').
 */
#ifndef CORSIM_H
#define CORSIM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CORSIM_EXTERN __attribute__((visibility("default")))
#define CORSIM_WUR __attribute__((warn_unused_result))
#else
#define CORSIM_EXTERN
#define CORSIM_WUR
#endif

#define CORSIM_VERSION_STRING "0.1.0"

/* A byte string: ptr may be NULL only when len is 0. */
struct corsim_str {
  const char *ptr;
  size_t len;
};

/* One header line: name and value exactly as written, duplicates allowed. */
struct corsim_header {
  struct corsim_str name;
  struct corsim_str value;
};

/* Build a corsim_str from a NUL-terminated C string (NULL gives {NULL, 0}). */
CORSIM_EXTERN struct corsim_str corsim_str_c(const char *s);

/*
 * API failures. A CORS block is not one of these: a simulation that
 * concludes "blocked" has succeeded (see enum corsim_reason).
 */
#define CORSIM_ERRNO_MAP(XX)                                                   \
  XX(EINVAL, "invalid argument")                                               \
  XX(ENOMEM, "out of memory")                                                  \
  XX(ESTATE, "call not valid in the fetch's current state")                    \
  XX(EORIGIN, "origin is not a serialized origin or null")                     \
  XX(ETOOBIG, "input exceeds a hard limit")

enum corsim_err {
  CORSIM_OK = 0,
#define CORSIM_ERR_ENUM_(name, msg) CORSIM_##name,
  CORSIM_ERR_FIRST_ = -100,
  CORSIM_ERRNO_MAP(CORSIM_ERR_ENUM_)
#undef CORSIM_ERR_ENUM_
  CORSIM_ERR_LAST_ /* sentinel: not an error, do not use */
};

/* "EINVAL" etc.; "unknown" for values outside the map. Static storage. */
CORSIM_EXTERN const char *corsim_err_name(int err);
/* The message text of an error; static storage. */
CORSIM_EXTERN const char *corsim_strerror(int err);

/* Whose behaviour to predict. */
enum corsim_browser {
  CORSIM_BROWSER_CHROMIUM = 0,
  CORSIM_BROWSER_FIREFOX,
  CORSIM_BROWSER_WEBKIT,
  CORSIM_BROWSER_SPEC, /* the Fetch standard to the letter */
  CORSIM_BROWSER_COUNT_
};
/* "chromium", "firefox", "webkit", "spec"; static storage. */
CORSIM_EXTERN const char *corsim_browser_name(enum corsim_browser b);
/* Parses one of the names above; returns 0 or CORSIM_EINVAL. */
CORSIM_EXTERN CORSIM_WUR int corsim_browser_parse(struct corsim_str s,
                                                  enum corsim_browser *out);

enum corsim_api { CORSIM_API_FETCH = 0, CORSIM_API_XHR };
enum corsim_mode {
  CORSIM_MODE_CORS = 0,
  CORSIM_MODE_NO_CORS,
  CORSIM_MODE_SAME_ORIGIN
};
enum corsim_credentials {
  CORSIM_CREDENTIALS_SAME_ORIGIN = 0,
  CORSIM_CREDENTIALS_OMIT,
  CORSIM_CREDENTIALS_INCLUDE
};
enum corsim_redirect {
  CORSIM_REDIRECT_FOLLOW = 0,
  CORSIM_REDIRECT_ERROR,
  CORSIM_REDIRECT_MANUAL
};
/* What the script passes as body; decides the implicit Content-Type. */
enum corsim_body {
  CORSIM_BODY_NONE = 0,
  CORSIM_BODY_TEXT,            /* a string */
  CORSIM_BODY_URLSEARCHPARAMS, /* URLSearchParams */
  CORSIM_BODY_FORMDATA,        /* FormData */
  CORSIM_BODY_BLOB,            /* a Blob; its type is body_type */
  CORSIM_BODY_BYTES            /* ArrayBuffer and views: no Content-Type */
};

/*
 * What the script asked for. All strings are borrowed for the duration of
 * corsim_fetch_new only (the fetch copies what it keeps).
 */
struct corsim_request {
  enum corsim_api api;
  struct corsim_str url;    /* absolute, or relative to the page origin */
  struct corsim_str method; /* exactly as the script passes it */
  const struct corsim_header *headers; /* as the script sets them, in order */
  size_t nheaders;
  enum corsim_mode mode;               /* fetch only */
  enum corsim_credentials credentials; /* xhr: INCLUDE = withCredentials */
  enum corsim_redirect redirect;       /* fetch only */
  enum corsim_body body;
  struct corsim_str body_type; /* the Blob's type when body is BLOB */
  bool upload_listeners;       /* xhr only */
  double at; /* seconds since the page started; drives cache expiry */
};

/* Fills r with the scenario format's defaults (GET, cors, same-origin...). */
CORSIM_EXTERN void corsim_request_init(struct corsim_request *r);

/*
 * Why a request was blocked. The first group are Chromium's
 * network::mojom::CorsError names (without the leading k); the second are
 * failures that are not CORS errors. Every browser's verdict uses these
 * names; the message is the browser's own wording.
 */
#define CORSIM_REASON_MAP(XX)                                                  \
  XX(DisallowedByMode)                                                         \
  XX(InvalidResponse)                                                          \
  XX(WildcardOriginNotAllowed)                                                 \
  XX(MissingAllowOriginHeader)                                                 \
  XX(MultipleAllowOriginValues)                                                \
  XX(InvalidAllowOriginValue)                                                  \
  XX(AllowOriginMismatch)                                                      \
  XX(InvalidAllowCredentials)                                                  \
  XX(CorsDisabledScheme)                                                       \
  XX(PreflightInvalidStatus)                                                   \
  XX(PreflightDisallowedRedirect)                                              \
  XX(PreflightWildcardOriginNotAllowed)                                        \
  XX(PreflightMissingAllowOriginHeader)                                        \
  XX(PreflightMultipleAllowOriginValues)                                       \
  XX(PreflightInvalidAllowOriginValue)                                         \
  XX(PreflightAllowOriginMismatch)                                             \
  XX(PreflightInvalidAllowCredentials)                                         \
  XX(InvalidAllowMethodsPreflightResponse)                                     \
  XX(InvalidAllowHeadersPreflightResponse)                                     \
  XX(MethodDisallowedByPreflightResponse)                                      \
  XX(HeaderDisallowedByPreflightResponse)                                      \
  XX(RedirectContainsCredentials)                                              \
  XX(InvalidMethod)                                                            \
  XX(ForbiddenMethod)                                                          \
  XX(NoCorsMethodNotSafelisted)                                                \
  XX(InvalidHeaderName)                                                        \
  XX(InvalidHeaderValue)                                                       \
  XX(BodyNotAllowed)                                                           \
  XX(CredentialsInUrl)                                                         \
  XX(InvalidUrl)                                                               \
  XX(MixedContent)                                                             \
  XX(RedirectModeError)                                                        \
  XX(TooManyRedirects)                                                         \
  XX(UnsafeRedirect)                                                           \
  XX(RedirectWithCredentials)                                                  \
  XX(NetworkError)

enum corsim_reason {
  CORSIM_REASON_NONE = 0,
#define CORSIM_REASON_ENUM_(name) CORSIM_REASON_##name,
  CORSIM_REASON_MAP(CORSIM_REASON_ENUM_)
#undef CORSIM_REASON_ENUM_
  CORSIM_REASON_COUNT_ /* sentinel: not a reason, do not use */
};

/* "AllowOriginMismatch" etc.; NULL for NONE and out-of-range values. */
CORSIM_EXTERN const char *corsim_reason_name(enum corsim_reason r);
/* Inverse of corsim_reason_name; CORSIM_REASON_NONE when unknown. */
CORSIM_EXTERN enum corsim_reason corsim_reason_parse(struct corsim_str s);

enum corsim_response_type {
  CORSIM_RESPONSE_BASIC = 0,
  CORSIM_RESPONSE_CORS,
  CORSIM_RESPONSE_OPAQUE,
  CORSIM_RESPONSE_OPAQUEREDIRECT,
  CORSIM_RESPONSE_ERROR
};
/* "basic", "cors", "opaque", "opaqueredirect", "error". */
CORSIM_EXTERN const char *
corsim_response_type_name(enum corsim_response_type t);

enum corsim_preflight {
  CORSIM_PREFLIGHT_NONE = 0, /* not needed */
  CORSIM_PREFLIGHT_SENT,
  CORSIM_PREFLIGHT_CACHED /* needed, but a cache entry made it unnecessary */
};
/* "none", "sent", "cached". */
CORSIM_EXTERN const char *corsim_preflight_name(enum corsim_preflight p);

/*
 * A simulated page: the browser profile, the document's origin and the
 * preflight cache its requests share. Library-allocated.
 *
 * origin is a serialized origin ("https://a.example", "http://[::1]:8080")
 * or "null". It is copied. Returns 0, CORSIM_EORIGIN when origin is not a
 * serialized origin (normalising spellings such as "HTTP://A.example:80/"
 * is refused: a page's origin is always already serialized), or
 * CORSIM_ENOMEM.
 */
struct corsim_ctx;
CORSIM_EXTERN CORSIM_WUR int corsim_ctx_new(enum corsim_browser browser,
                                            struct corsim_str origin,
                                            struct corsim_ctx **out);
/* Frees ctx and its cache; NULL is a no-op. Fetches made from ctx must be
 * freed first. */
CORSIM_EXTERN void corsim_ctx_free(struct corsim_ctx *ctx);
CORSIM_EXTERN enum corsim_browser corsim_ctx_browser(const struct corsim_ctx *ctx);

/*
 * Whether fetches started from ctx record a trace (struct corsim_result's
 * trace). Off by default: formatting every decision costs more than
 * making it. Verdicts, messages, fixes, also and notes do not depend on it.
 */
CORSIM_EXTERN void corsim_ctx_set_trace(struct corsim_ctx *ctx, bool on);

/* One request the browser sends. */
struct corsim_wire_request {
  struct corsim_str method;
  struct corsim_str url; /* absolute, normalised, without fragment */
  const struct corsim_header *headers; /* the CORS-relevant ones, see below */
  size_t nheaders;
  bool preflight;
  /*
   * true when the browser would NOT send this request: it stopped at an
   * earlier failure. The model asks for it to explain what would fail next
   * once the first problem is fixed ("also"). Answer it from the same
   * source if you can; pass NULL to corsim_fetch_feed otherwise. Live edges
   * must not send it.
   */
  bool hypothetical;
};

/* The server's answer to the last request returned by corsim_fetch_next. */
struct corsim_wire_response {
  int status;
  const struct corsim_header *headers;
  size_t nheaders;
};

struct corsim_fetch;

/*
 * Starts a script request in ctx. The script-side checks (method, headers,
 * URL, mode) run here; a request they stop has no wire requests at all.
 * req is borrowed for the call only. Returns 0 and *out, CORSIM_EINVAL for
 * a request the scenario format cannot express (an enum out of range), or
 * CORSIM_ENOMEM.
 */
CORSIM_EXTERN CORSIM_WUR int corsim_fetch_new(struct corsim_ctx *ctx,
                                              const struct corsim_request *req,
                                              struct corsim_fetch **out);

/*
 * Returns true and fills *out with the next request the browser sends (or,
 * with out->hypothetical, would send once the problem found so far were
 * fixed); false when the fetch is complete. *out's strings live until the
 * next call on f. Each true return must be answered by one
 * corsim_fetch_feed before the next call.
 */
CORSIM_EXTERN bool corsim_fetch_next(struct corsim_fetch *f,
                                     struct corsim_wire_request *out);

/*
 * Feeds the answer to the request corsim_fetch_next returned. resp is
 * copied. NULL means "no answer" (a transport failure for a real request:
 * the fetch fails with NetworkError; for a hypothetical one the analysis
 * stops). Returns 0 or CORSIM_ESTATE when no request is outstanding.
 */
CORSIM_EXTERN int corsim_fetch_feed(struct corsim_fetch *f,
                                    const struct corsim_wire_response *resp);

/* A wire request with the status the server answered. */
struct corsim_exchange {
  struct corsim_str method;
  struct corsim_str url;
  const struct corsim_header *headers;
  size_t nheaders;
  bool preflight;
  int status; /* 0 when no answer was fed */
};

/* One decision of the machine, for --trace. */
struct corsim_trace_step {
  const char *rule;      /* the standard's step, e.g. "Fetch 4.9 CORS check" */
  struct corsim_str text; /* what was decided, one sentence */
};

/* The verdict. Every pointer lives as long as the fetch. */
struct corsim_result {
  enum corsim_browser browser;
  enum corsim_response_type response_type;
  bool blocked; /* response_type == CORSIM_RESPONSE_ERROR */
  int status;   /* as the script sees it: 0 for opaque, opaqueredirect, error */
  enum corsim_reason error;  /* CORSIM_REASON_NONE unless blocked */
  struct corsim_str message; /* ptr NULL unless blocked */
  struct corsim_str fix;     /* ptr NULL unless blocked */
  enum corsim_preflight preflight;
  const struct corsim_exchange *wire;
  size_t nwire;
  const struct corsim_str *exposed_headers; /* lower-case, sorted */
  size_t nexposed_headers;
  const enum corsim_reason *also; /* further failures, in the browser's order */
  size_t nalso;
  const struct corsim_str *notes;
  size_t nnotes;
  const struct corsim_trace_step *trace;
  size_t ntrace;
};

/* Fills *out. Returns 0, or CORSIM_ESTATE while requests are outstanding. */
CORSIM_EXTERN CORSIM_WUR int corsim_fetch_result(const struct corsim_fetch *f,
                                                 struct corsim_result *out);

/* Frees f and everything its result points to; NULL is a no-op. */
CORSIM_EXTERN void corsim_fetch_free(struct corsim_fetch *f);

/*
 * Normalises an absolute http(s) URL the way the browser would put it on
 * the wire (lower-case scheme and host, default port dropped, path
 * resolved, fragment dropped). Writes a NUL-terminated string into buf.
 * Returns its length, CORSIM_EINVAL when the input is not a valid
 * absolute URL, or CORSIM_ETOOBIG when buf is too small.
 * Used by edges to match wire requests against server rules.
 */
CORSIM_EXTERN CORSIM_WUR long corsim_url_normalize(struct corsim_str url,
                                                   char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* CORSIM_H */
