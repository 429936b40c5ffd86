/*
 * message.c - the one line each browser shows for a failure, chosen by
 * the rule in scenario-format.md ("Which line is the message"): the CORS
 * console line, else another console line naming the request, else a
 * specific exception text, else the net::ERR_ line, else the generic
 * exception. Wording: chromium.md §1 (cors_error_string.cc, newest
 * upstream, without the removed no-cors hints), spec-firefox-webkit.md
 * §2.9 (security.properties; quotes are U+2018/U+2019) and §3.4-3.9
 * (WebKit), observed-browsers.md "Console messages". The spec profile
 * uses Chromium's wording.
 */
#include "fetch-int.h"
#include "policy.h"

#include <string.h>

#define S(x) (int)(x).len, (x).ptr

/* ---- Chromium --------------------------------------------------------- */

/* SchemeRegistry::ListOfCorsEnabledURLSchemes as Debian's Chromium 156
 * printed it (observed). */
static const char *const chromium_schemes =
    "chrome, chrome-experimental-site-token-provider, chrome-extension, "
    "chrome-untrusted, data, http, https, isolated-app";

static bool xhr(const struct corsim_fetch *f) {
  return f->api == CORSIM_API_XHR;
}

/* IsPreflightError (cors_error_string.cc): the ACAO/ACAC, status and
 * redirect errors of a preflight get the prefix; the Allow-Methods and
 * Allow-Headers errors do not. */
static bool preflight_error(enum corsim_reason r) {
  return r >= CORSIM_REASON_PreflightInvalidStatus &&
         r <= CORSIM_REASON_PreflightInvalidAllowCredentials;
}

static struct corsim_str chromium_frame(struct corsim_fetch *f,
                                        const struct corsim__failure *fl,
                                        const char *detail) {
  struct corsim_str last = fl->url.len ? fl->url : f->cur_url;
  struct corsim_str redirected = {"", 0};
  /* Chromium names the request's URL with its fragment (observed in
   * Chromium 156, corsim diff): the current hop's, which a redirect
   * without one inherits, or the first URL's. */
  struct corsim_str frag = corsim__str_eq(last, f->cur_url) ? f->cur_fragment
                           : corsim__str_eq(last, f->first_url)
                               ? f->first_fragment
                               : (struct corsim_str){NULL, 0};
  bool has_frag = frag.ptr != NULL;
  if (!corsim__str_eq(last, f->first_url))
    redirected = corsim__arena_printf(
        &f->arena, "(redirected from '%.*s%s%.*s') ", S(f->first_url),
        f->first_fragment.ptr ? "#" : "", S(f->first_fragment));
  return corsim__arena_printf(
      &f->arena,
      "Access to %s at '%.*s%s%.*s' %.*sfrom origin '%.*s' has been blocked by "
      "CORS policy: %s%s",
      xhr(f) ? "XMLHttpRequest" : "fetch", S(last), has_frag ? "#" : "",
      S(frag), S(redirected), S(f->ctx->origin),
      preflight_error(fl->reason) ? "Response to preflight request doesn't "
                                    "pass access control check: "
                                  : "",
      detail);
}

/* Chromium's hint encoding: printable ASCII kept, the rest as \uXXXX. */
static struct corsim_str chromium_hint(struct corsim_fetch *f,
                                       struct corsim_str v) {
  size_t extra = 0;
  for (size_t i = 0; i < v.len; i++)
    if ((unsigned char)v.ptr[i] < 0x20 || (unsigned char)v.ptr[i] > 0x7e)
      extra += 5;
  if (extra == 0)
    return v;
  char *out = corsim__arena_alloc(&f->arena, v.len + extra + 1);
  if (out == NULL)
    return v;
  size_t w = 0;
  for (size_t i = 0; i < v.len; i++) {
    unsigned char c = (unsigned char)v.ptr[i];
    if (c < 0x20 || c > 0x7e) {
      static const char hex[] = "0123456789ABCDEF";
      memcpy(out + w, "\\u00", 4);
      out[w + 4] = hex[c >> 4];
      out[w + 5] = hex[c & 15];
      w += 6;
    } else {
      out[w++] = (char)c;
    }
  }
  out[w] = '\0';
  return (struct corsim_str){out, w};
}

static struct corsim_str chromium(struct corsim_fetch *f,
                                  const struct corsim__failure *fl) {
  const char *fetch_hint = xhr(f) ? "" : " Have the server send the header with a valid value.";
  const char *xhr_hint =
      xhr(f) ? " The credentials mode of requests initiated by the "
               "XMLHttpRequest is controlled by the withCredentials attribute."
             : "";
  const char *api = xhr(f) ? "XMLHttpRequest" : "Window";
  const char *op = xhr(f) ? "open" : "fetch";
  struct corsim_str hint = chromium_hint(f, fl->param);
  struct corsim_str d;
  switch (fl->reason) {
  case CORSIM_REASON_WildcardOriginNotAllowed:
  case CORSIM_REASON_PreflightWildcardOriginNotAllowed:
    d = corsim__arena_printf(
        &f->arena,
        "The value of the 'Access-Control-Allow-Origin' header in the response "
        "must not be the wildcard '*' when the request's credentials mode is "
        "'include'.%s",
        xhr_hint);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_MissingAllowOriginHeader:
  case CORSIM_REASON_PreflightMissingAllowOriginHeader:
    return chromium_frame(f, fl,
                          "No 'Access-Control-Allow-Origin' header is present "
                          "on the requested resource.");
  case CORSIM_REASON_MultipleAllowOriginValues:
  case CORSIM_REASON_PreflightMultipleAllowOriginValues:
    d = corsim__arena_printf(&f->arena,
                             "The 'Access-Control-Allow-Origin' header contains "
                             "multiple values '%.*s', but only one is "
                             "allowed.%s",
                             S(hint), fetch_hint);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_InvalidAllowOriginValue:
  case CORSIM_REASON_PreflightInvalidAllowOriginValue:
    d = corsim__arena_printf(&f->arena,
                             "The 'Access-Control-Allow-Origin' header contains "
                             "the invalid value '%.*s'.%s",
                             S(hint), fetch_hint);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_AllowOriginMismatch:
  case CORSIM_REASON_PreflightAllowOriginMismatch:
    d = corsim__arena_printf(&f->arena,
                             "The 'Access-Control-Allow-Origin' header has a "
                             "value '%.*s' that is not equal to the supplied "
                             "origin.%s",
                             S(hint), fetch_hint);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_InvalidAllowCredentials:
  case CORSIM_REASON_PreflightInvalidAllowCredentials:
    d = corsim__arena_printf(
        &f->arena,
        "The value of the 'Access-Control-Allow-Credentials' header in the "
        "response is '%.*s' which must be 'true' when the request's "
        "credentials mode is 'include'.%s",
        S(hint), xhr_hint);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_PreflightInvalidStatus:
    return chromium_frame(f, fl, "It does not have HTTP ok status.");
  case CORSIM_REASON_PreflightDisallowedRedirect:
    return chromium_frame(f, fl,
                          "Redirect is not allowed for a preflight request.");
  case CORSIM_REASON_InvalidAllowMethodsPreflightResponse:
    return chromium_frame(f, fl,
                          "Cannot parse Access-Control-Allow-Methods response "
                          "header field in preflight response.");
  case CORSIM_REASON_InvalidAllowHeadersPreflightResponse:
    return chromium_frame(f, fl,
                          "Cannot parse Access-Control-Allow-Headers response "
                          "header field in preflight response.");
  case CORSIM_REASON_MethodDisallowedByPreflightResponse:
    d = corsim__arena_printf(&f->arena,
                             "Method %.*s is not allowed by "
                             "Access-Control-Allow-Methods in preflight "
                             "response.",
                             S(hint));
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_HeaderDisallowedByPreflightResponse:
    d = corsim__arena_printf(&f->arena,
                             "Request header field %.*s is not allowed by "
                             "Access-Control-Allow-Headers in preflight "
                             "response.",
                             S(hint));
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_RedirectContainsCredentials:
    /* Chromium builds this status without the location: it prints ''. */
    return chromium_frame(f, fl,
                          "Redirect location '' contains a username and "
                          "password, which is disallowed for cross-origin "
                          "requests.");
  case CORSIM_REASON_DisallowedByMode:
    if (f->redirects == 0)
      return corsim__arena_printf(
          &f->arena,
          "Fetch API cannot load %.*s. Request mode is \"same-origin\" but "
          "the URL's origin is not same as the request origin %.*s.",
          S(f->cur_url), S(f->ctx->origin));
    /* Observed in Chromium 156 (tests/browser/chromium-156 differential
     * run): after a redirect, Blink's frame-level check prints this line
     * (with the document's URL, which a scenario does not give: corsim
     * writes the origin and "/") instead of the kDisallowedByMode frame.
     * Blink's text ends with a newline, and so does the console line. */
    return corsim__arena_printf(&f->arena,
                                "Unsafe attempt to load URL %.*s from frame "
                                "with URL %.*s/. Domains, protocols and ports "
                                "must match.\n",
                                S(f->cur_url), S(f->ctx->origin));
  case CORSIM_REASON_CorsDisabledScheme:
    /* Observed in Chromium 156: file: is refused before anything else;
     * fetch() refuses other schemes in Blink with its own line, XHR says
     * FTP is not supported, and everything else (XHR, redirects) reaches
     * the network service's CORS check. */
    if (fl->location.len == 0 && corsim__str_eq(fl->param, CORSIM_LIT("file")))
      return corsim__arena_printf(&f->arena,
                                  "Not allowed to load local resource: %.*s",
                                  S(fl->url));
    if (fl->location.len == 0 && !xhr(f))
      return corsim__arena_printf(&f->arena,
                                  "Fetch API cannot load %.*s. URL scheme "
                                  "\"%.*s\" is not supported.",
                                  S(fl->url), S(fl->param));
    if (fl->location.len == 0 && corsim__str_eq(fl->param, CORSIM_LIT("ftp")))
      return CORSIM_LIT("FTP is not supported.");
    d = corsim__arena_printf(&f->arena,
                             "Cross origin requests are only supported for "
                             "protocol schemes: %s.",
                             chromium_schemes);
    return chromium_frame(f, fl, d.ptr);
  case CORSIM_REASON_InvalidMethod:
    return corsim__arena_printf(&f->arena,
                                "Failed to execute '%s' on '%s': '%.*s' is not "
                                "a valid HTTP method.",
                                op, api, S(fl->param));
  case CORSIM_REASON_ForbiddenMethod:
    return corsim__arena_printf(&f->arena,
                                "Failed to execute '%s' on '%s': '%.*s' HTTP "
                                "method is unsupported.",
                                op, api, S(fl->param));
  case CORSIM_REASON_NoCorsMethodNotSafelisted:
    return corsim__arena_printf(&f->arena,
                                "Failed to execute 'fetch' on 'Window': '%.*s' "
                                "is unsupported in no-cors mode.",
                                S(fl->param));
  case CORSIM_REASON_InvalidHeaderName:
    if (xhr(f))
      return corsim__arena_printf(&f->arena,
                                  "Failed to execute 'setRequestHeader' on "
                                  "'XMLHttpRequest': '%.*s' is not a valid "
                                  "HTTP header field name.",
                                  S(fl->param));
    return CORSIM_LIT("Failed to execute 'fetch' on 'Window': Invalid name");
  case CORSIM_REASON_InvalidHeaderValue:
    if (xhr(f))
      return corsim__arena_printf(&f->arena,
                                  "Failed to execute 'setRequestHeader' on "
                                  "'XMLHttpRequest': '%.*s' is not a valid "
                                  "HTTP header field value.",
                                  S(fl->param));
    return CORSIM_LIT("Failed to execute 'fetch' on 'Window': Invalid value");
  case CORSIM_REASON_BodyNotAllowed:
    return CORSIM_LIT("Failed to execute 'fetch' on 'Window': Request with "
                      "GET/HEAD method cannot have body.");
  case CORSIM_REASON_CredentialsInUrl:
    return corsim__arena_printf(&f->arena,
                                "Failed to execute 'fetch' on 'Window': "
                                "Request cannot be constructed from a URL that "
                                "includes credentials: %.*s",
                                S(f->input_url));
  case CORSIM_REASON_InvalidUrl:
    if (xhr(f))
      return CORSIM_LIT(
          "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL");
    return corsim__arena_printf(&f->arena,
                                "Failed to execute 'fetch' on 'Window': Failed "
                                "to parse URL from %.*s",
                                S(f->input_url));
  case CORSIM_REASON_MixedContent:
    return corsim__arena_printf(
        &f->arena,
        "Mixed Content: The page at '%.*s/' was loaded over HTTPS, but "
        "requested an insecure %s '%.*s'. This request has been "
        "blocked; the content must be served over HTTPS.",
        S(f->ctx->origin), xhr(f) ? "XMLHttpRequest endpoint" : "resource",
        S(f->cur_url));
  case CORSIM_REASON_RedirectModeError:
    return CORSIM_LIT("Failed to load resource: net::ERR_FAILED");
  case CORSIM_REASON_TooManyRedirects:
    return CORSIM_LIT("Failed to load resource: net::ERR_TOO_MANY_REDIRECTS");
  case CORSIM_REASON_UnsafeRedirect:
    return CORSIM_LIT("Failed to load resource: net::ERR_UNSAFE_REDIRECT");
  case CORSIM_REASON_RedirectWithCredentials:
    /* Observed: net::ERR_ABORTED and no console line at all. */
    return CORSIM_LIT("Failed to fetch"); /* fetch only: XHR follows */
  case CORSIM_REASON_NetworkError:
    if (corsim__str_eq(fl->param, CORSIM_LIT("no-cors-redirect")))
      return corsim__arena_printf(&f->arena,
                                  "Fetch API cannot load %.*s. Request mode is "
                                  "\"no-cors\" but the redirect mode is not "
                                  "\"follow\".",
                                  S(f->cur_url));
    return xhr(f) ? CORSIM_LIT("Failed to load resource: net::ERR_FAILED")
                  : CORSIM_LIT("Failed to fetch");
  case CORSIM_REASON_InvalidResponse:
    return chromium_frame(f, fl, "The response is invalid.");
  case CORSIM_REASON_NONE:
  case CORSIM_REASON_COUNT_:
    break;
  }
  return CORSIM_LIT("Failed to fetch");
}

/* ---- Firefox ---------------------------------------------------------- */

#define FF_HEAD                                                                \
  "Cross-Origin Request Blocked: The Same Origin Policy disallows reading "    \
  "the remote resource at "

/*
 * The URL a Firefox CORS line names is the channel's, which keeps the
 * fragment: the current hop's (a redirect without one inherits it) or
 * the first URL's (observed in Firefox 153 by corsim diff: g1-207,
 * g1-215, g1-969).
 */
static struct corsim_str ff_url(struct corsim_fetch *f, struct corsim_str url) {
  struct corsim_str frag = corsim__str_eq(url, f->cur_url) ? f->cur_fragment
                           : corsim__str_eq(url, f->first_url)
                               ? f->first_fragment
                               : (struct corsim_str){NULL, 0};
  if (frag.ptr == NULL)
    return url;
  return corsim__arena_printf(&f->arena, "%.*s#%.*s", S(url), S(frag));
}

static struct corsim_str ff(struct corsim_fetch *f,
                            const struct corsim__failure *fl,
                            const char *reason, bool status) {
  struct corsim_str url = ff_url(f, fl->url.len ? fl->url : f->cur_url);
  if (status)
    return corsim__arena_printf(&f->arena,
                                FF_HEAD "%.*s. (Reason: %s). Status code: %d.",
                                S(url), reason, fl->status);
  return corsim__arena_printf(&f->arena, FF_HEAD "%.*s. (Reason: %s).", S(url),
                              reason);
}

/*
 * A method is a ByteString: the script's string becomes one byte per
 * code point (U+00C9 is C9), and Firefox prints those bytes decoded as
 * UTF-8, each bad sequence as U+FFFD (observed in Firefox 153 by corsim
 * diff: g1-121 "Invalid request method G\uFFFDT." for "G\u00C9T"). s is
 * the scenario's UTF-8; a code point beyond U+00FF (a TypeError in the
 * browser, not modelled) leaves s as it is.
 */
static struct corsim_str ff_byte_string(struct corsim_fetch *f,
                                        struct corsim_str s) {
  const unsigned char *u = (const unsigned char *)s.ptr;
  unsigned char *bytes = corsim__arena_alloc(&f->arena, s.len + 1);
  char *out = corsim__arena_alloc(&f->arena, 3 * s.len + 1);
  size_t nb = 0, w = 0;
  if (bytes == NULL || out == NULL)
    return s;
  for (size_t i = 0; i < s.len; i++) {
    if (u[i] < 0x80) {
      bytes[nb++] = u[i];
    } else if ((u[i] == 0xC2 || u[i] == 0xC3) && i + 1 < s.len &&
               (u[i + 1] & 0xC0) == 0x80) {
      bytes[nb++] = (unsigned char)(((u[i] & 0x03) << 6) | (u[i + 1] & 0x3F));
      i++;
    } else {
      return s;
    }
  }
  /* The Encoding standard's UTF-8 decoder, copying good sequences. */
  size_t needed = 0, seen = 0, start = 0;
  unsigned char lower = 0x80, upper = 0xBF;
  for (size_t i = 0; i < nb; i++) {
    unsigned char c = bytes[i];
    if (needed == 0) {
      start = i;
      if (c < 0x80) {
        out[w++] = (char)c;
        continue;
      }
      if (c >= 0xC2 && c <= 0xDF) {
        needed = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        lower = c == 0xE0 ? 0xA0 : 0x80;
        upper = c == 0xED ? 0x9F : 0xBF;
        needed = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        lower = c == 0xF0 ? 0x90 : 0x80;
        upper = c == 0xF4 ? 0x8F : 0xBF;
        needed = 3;
      } else {
        memcpy(out + w, "\xef\xbf\xbd", 3);
        w += 3;
      }
      continue;
    }
    if (c < lower || c > upper) {
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      memcpy(out + w, "\xef\xbf\xbd", 3);
      w += 3;
      i--; /* the byte starts over */
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    if (++seen == needed) {
      memcpy(out + w, bytes + start, needed + 1);
      w += needed + 1;
      needed = seen = 0;
    }
  }
  if (needed != 0) {
    memcpy(out + w, "\xef\xbf\xbd", 3);
    w += 3;
  }
  out[w] = '\0';
  return (struct corsim_str){out, w};
}

static struct corsim_str firefox(struct corsim_fetch *f,
                                 const struct corsim__failure *fl) {
  const char *generic = "NetworkError when attempting to fetch resource.";
  const char *xhr_syntax = "An invalid or illegal string was specified";
  struct corsim_str d;
  bool cors = f->tainting == CORSIM_TAINT_CORS;
  switch (fl->reason) {
  case CORSIM_REASON_MissingAllowOriginHeader:
  case CORSIM_REASON_PreflightMissingAllowOriginHeader:
    return ff(f, fl, "CORS header \u2018Access-Control-Allow-Origin\u2019 missing",
              true);
  case CORSIM_REASON_MultipleAllowOriginValues:
  case CORSIM_REASON_PreflightMultipleAllowOriginValues:
    return ff(f, fl,
              "Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not "
              "allowed",
              false);
  case CORSIM_REASON_WildcardOriginNotAllowed:
  case CORSIM_REASON_PreflightWildcardOriginNotAllowed:
    return corsim__arena_printf(
        &f->arena,
        FF_HEAD "\u2018%.*s\u2019. (Reason: Credential is not supported if the "
                "CORS header \u2018Access-Control-Allow-Origin\u2019 is "
                "\u2018*\u2019).",
        S(ff_url(f, fl->url)));
  case CORSIM_REASON_AllowOriginMismatch:
  case CORSIM_REASON_PreflightAllowOriginMismatch:
  case CORSIM_REASON_InvalidAllowOriginValue:
  case CORSIM_REASON_PreflightInvalidAllowOriginValue:
    d = corsim__arena_printf(&f->arena,
                             "CORS header \u2018Access-Control-Allow-Origin\u2019 "
                             "does not match \u2018%.*s\u2019",
                             S(fl->param));
    return ff(f, fl, d.ptr, false);
  case CORSIM_REASON_InvalidAllowCredentials:
  case CORSIM_REASON_PreflightInvalidAllowCredentials:
    return ff(f, fl,
              "expected \u2018true\u2019 in CORS header "
              "\u2018Access-Control-Allow-Credentials\u2019",
              false);
  case CORSIM_REASON_PreflightDisallowedRedirect:
    return ff(f, fl, "CORS request external redirect not allowed", false);
  case CORSIM_REASON_PreflightInvalidStatus:
    return ff(f, fl, "CORS preflight response did not succeed", true);
  case CORSIM_REASON_InvalidAllowMethodsPreflightResponse:
    d = corsim__arena_printf(&f->arena,
                             "invalid token \u2018%.*s\u2019 in CORS header "
                             "\u2018Access-Control-Allow-Methods\u2019",
                             S(fl->param));
    return ff(f, fl, d.ptr, false);
  case CORSIM_REASON_InvalidAllowHeadersPreflightResponse:
    d = corsim__arena_printf(&f->arena,
                             "invalid token \u2018%.*s\u2019 in CORS header "
                             "\u2018Access-Control-Allow-Headers\u2019",
                             S(fl->param));
    return ff(f, fl, d.ptr, false);
  case CORSIM_REASON_MethodDisallowedByPreflightResponse:
    return ff(f, fl,
              "Did not find method in CORS header "
              "\u2018Access-Control-Allow-Methods\u2019",
              false);
  case CORSIM_REASON_HeaderDisallowedByPreflightResponse:
    d = corsim__arena_printf(&f->arena,
                             "header \u2018%.*s\u2019 is not allowed according "
                             "to header \u2018Access-Control-Allow-Headers\u2019 "
                             "from CORS preflight response",
                             S(fl->param));
    return ff(f, fl, d.ptr, false);
  case CORSIM_REASON_CorsDisabledScheme:
    /* file: is refused by CheckLoadURI before CORS (observed in Firefox
     * 153); a redirect to it still ends in the CORS line. */
    if (fl->location.len == 0 && corsim__str_eq(fl->param, CORSIM_LIT("file")))
      return corsim__arena_printf(&f->arena,
                                  "Security Error: Content at %.*s/ may not "
                                  "load or link to %.*s.",
                                  S(f->ctx->origin), S(fl->url));
    return ff(f, fl, "CORS request not http", false);
  case CORSIM_REASON_DisallowedByMode:
    return corsim__arena_printf(&f->arena,
                                "Security Error: Content at %.*s/ may not load "
                                "data from %.*s.",
                                S(f->ctx->origin), S(f->cur_url));
  case CORSIM_REASON_RedirectContainsCredentials:
  case CORSIM_REASON_TooManyRedirects:
  case CORSIM_REASON_NetworkError:
  case CORSIM_REASON_UnsafeRedirect:
    /* The CORS listener refuses a redirect to a URL with credentials, also
     * when the request was same-origin until then (observed in Firefox 153
     * by corsim diff: g1-187). */
    if (cors || fl->reason == CORSIM_REASON_RedirectContainsCredentials)
      return corsim__arena_printf(&f->arena,
                                  FF_HEAD "%.*s. (Reason: CORS request did not "
                                          "succeed). Status code: (null).",
                                  S(ff_url(f, f->cur_url)));
    return corsim_str_c(generic);
  case CORSIM_REASON_InvalidMethod:
  case CORSIM_REASON_ForbiddenMethod:
    if (xhr(f))
      return corsim_str_c(fl->reason == CORSIM_REASON_ForbiddenMethod
                              ? "The operation is insecure."
                              : xhr_syntax);
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: Invalid request method %.*s.",
                                S(ff_byte_string(f, fl->param)));
  case CORSIM_REASON_NoCorsMethodNotSafelisted:
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: Invalid request method %.*s.",
                                S(fl->param));
  case CORSIM_REASON_InvalidHeaderName: {
    /* Observed in Firefox 153: XHR has its own text; fetch prints the name
     * lower-cased. */
    if (xhr(f))
      return CORSIM_LIT("Invalid header name.");
    struct corsim_str low = corsim__arena_dup(&f->arena, fl->param);
    for (size_t i = 0; i < low.len; i++)
      ((char *)low.ptr)[i] = corsim__ascii_lower(low.ptr[i]);
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: %.*s is an invalid header name.",
                                S(low));
  }
  case CORSIM_REASON_InvalidHeaderValue:
    /* XHR's setRequestHeader throws the invalid-name error for a bad
     * value too (observed in Firefox 153 by corsim diff: g1-787); the
     * fetch text stops at a NUL byte (observed). */
    if (xhr(f))
      return CORSIM_LIT("Invalid header name.");
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: %s is an invalid header value.",
                                fl->param.ptr ? fl->param.ptr : "");
  case CORSIM_REASON_BodyNotAllowed:
    return CORSIM_LIT("Window.fetch: HEAD or GET Request cannot have a body.");
  case CORSIM_REASON_CredentialsInUrl:
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: %.*s is an url with embedded "
                                "credentials.",
                                S(f->input_url));
  case CORSIM_REASON_InvalidUrl:
    if (xhr(f))
      return corsim__arena_printf(&f->arena,
                                  "XMLHttpRequest.open: '%.*s' is not a valid "
                                  "URL.",
                                  S(f->input_url));
    return corsim__arena_printf(&f->arena,
                                "Window.fetch: %.*s is not a valid URL.",
                                S(f->input_url));
  case CORSIM_REASON_MixedContent:
    return corsim__arena_printf(&f->arena,
                                "Blocked loading mixed active content "
                                "\u201c%.*s\u201d",
                                S(f->cur_url));
  case CORSIM_REASON_RedirectModeError:
  case CORSIM_REASON_RedirectWithCredentials:
  case CORSIM_REASON_InvalidResponse:
  case CORSIM_REASON_NONE:
  case CORSIM_REASON_COUNT_:
    break;
  }
  return corsim_str_c(generic);
}

/* ---- WebKit ----------------------------------------------------------- */

/* WebKit prints a well-known header in its canonical casing, any other in
 * the script's casing (HTTPHeaderMap keeps both). */
static struct corsim_str webkit_header_name(struct corsim_fetch *f,
                                            struct corsim_str lower) {
  struct corsim_str canonical;
  if (corsim__webkit_common_header(lower, &canonical))
    return canonical;
  for (size_t i = 0; i < f->nheaders; i++)
    if (corsim__str_ieq(f->headers[i].name, lower))
      return f->headers[i].name;
  return lower;
}

static struct corsim_str webkit_access(struct corsim_fetch *f,
                                       const struct corsim__failure *fl) {
  switch (fl->reason) {
  case CORSIM_REASON_WildcardOriginNotAllowed:
  case CORSIM_REASON_PreflightWildcardOriginNotAllowed:
    return CORSIM_LIT("Cannot use wildcard in Access-Control-Allow-Origin when "
                      "credentials flag is true.");
  case CORSIM_REASON_MultipleAllowOriginValues:
  case CORSIM_REASON_PreflightMultipleAllowOriginValues:
    return CORSIM_LIT(
        "Access-Control-Allow-Origin cannot contain more than one origin.");
  case CORSIM_REASON_InvalidAllowCredentials:
  case CORSIM_REASON_PreflightInvalidAllowCredentials:
    return CORSIM_LIT("Credentials flag is true, but "
                      "Access-Control-Allow-Credentials is not \"true\".");
  default: {
    struct corsim_str origin = fl->origin.len ? fl->origin : f->ctx->origin;
    return corsim__arena_printf(&f->arena,
                                "Origin %.*s is not allowed by "
                                "Access-Control-Allow-Origin. Status code: %d",
                                S(origin), fl->status);
  }
  }
}

static bool is_access_reason(enum corsim_reason r) {
  return (r >= CORSIM_REASON_WildcardOriginNotAllowed &&
          r <= CORSIM_REASON_InvalidAllowCredentials) ||
         (r >= CORSIM_REASON_PreflightWildcardOriginNotAllowed &&
          r <= CORSIM_REASON_PreflightInvalidAllowCredentials);
}

static struct corsim_str webkit(struct corsim_fetch *f,
                                const struct corsim__failure *fl) {
  const char *syntax = "The string did not match the expected pattern.";
  if (is_access_reason(fl->reason)) {
    struct corsim_str m = webkit_access(f, fl);
    /* A failing check on a redirect response names the redirect. */
    if (fl->location.len > 0)
      return corsim__arena_printf(&f->arena,
                                  "Cross-origin redirection to %.*s denied by "
                                  "Cross-Origin Resource Sharing policy: %.*s",
                                  S(fl->location), S(m));
    return m;
  }
  switch (fl->reason) {
  case CORSIM_REASON_PreflightInvalidStatus:
  case CORSIM_REASON_PreflightDisallowedRedirect:
    return corsim__arena_printf(&f->arena,
                                "Preflight response is not successful. Status "
                                "code: %d",
                                fl->status);
  case CORSIM_REASON_InvalidAllowMethodsPreflightResponse:
    return corsim__arena_printf(&f->arena,
                                "Header Access-Control-Allow-Methods has an "
                                "invalid value: %.*s",
                                S(fl->param));
  case CORSIM_REASON_InvalidAllowHeadersPreflightResponse:
    return corsim__arena_printf(&f->arena,
                                "Header Access-Control-Allow-Headers has an "
                                "invalid value: %.*s",
                                S(fl->param));
  case CORSIM_REASON_MethodDisallowedByPreflightResponse:
    return corsim__arena_printf(&f->arena,
                                "Method %.*s is not allowed by "
                                "Access-Control-Allow-Methods.",
                                S(fl->param));
  case CORSIM_REASON_HeaderDisallowedByPreflightResponse: {
    struct corsim_str n = webkit_header_name(f, fl->param);
    return corsim__arena_printf(&f->arena,
                                "Request header field %.*s is not allowed by "
                                "Access-Control-Allow-Headers.",
                                S(n));
  }
  case CORSIM_REASON_RedirectContainsCredentials:
    /* Observed in WebKitGTK 2.50: the first URL without the userinfo, the
     * second with it. */
    return corsim__arena_printf(&f->arena,
                                "Cross-origin redirection to %.*s denied by "
                                "Cross-Origin Resource Sharing policy: "
                                "redirection URL %.*s has credentials",
                                S(fl->location),
                                S(fl->aux.len ? fl->aux : fl->location));
  case CORSIM_REASON_CorsDisabledScheme:
  case CORSIM_REASON_UnsafeRedirect:
    /* Observed in WebKitGTK 2.50: ftp: is refused before CORS, and so is
     * file: when the redirecting URL is the page's own origin. */
    if (fl->location.len > 0 && corsim__str_eq(fl->param, CORSIM_LIT("ftp")))
      return CORSIM_LIT("FTP URLs are disabled");
    if (fl->location.len > 0 && fl->same_origin_hop &&
        corsim__str_eq(fl->param, CORSIM_LIT("file")))
      return corsim__arena_printf(&f->arena,
                                  "Not allowed to load local resource: %.*s",
                                  S(fl->location));
    if (fl->location.len > 0)
      return corsim__arena_printf(&f->arena,
                                  "Cross-origin redirection to %.*s denied by "
                                  "Cross-Origin Resource Sharing policy: not "
                                  "allowed to follow a cross-origin CORS "
                                  "redirection with non CORS scheme",
                                  S(fl->location));
    return CORSIM_LIT("Cross origin requests are only supported for HTTP.");
  case CORSIM_REASON_DisallowedByMode:
    /* Observed in WebKitGTK 2.50. */
    if (f->redirects == 0)
      return corsim__arena_printf(&f->arena, "Fetch API cannot load %.*s.",
                                  S(f->cur_url));
    return corsim__arena_printf(&f->arena,
                                "Unsafe attempt to load URL %.*s from origin "
                                "%.*s. Domains, protocols and ports must "
                                "match.",
                                S(f->cur_url), S(f->ctx->origin));
  case CORSIM_REASON_TooManyRedirects:
    return CORSIM_LIT("Load cannot follow more than 20 redirections");
  case CORSIM_REASON_NetworkError:
    if (corsim__str_eq(fl->param, CORSIM_LIT("no-cors-redirect")))
      return CORSIM_LIT("No-Cors mode requires follow redirect mode");
    return CORSIM_LIT("Load failed");
  case CORSIM_REASON_RedirectModeError:
    return corsim__arena_printf(&f->arena,
                                "Not allowed to follow a redirection while "
                                "loading %.*s",
                                S(f->cur_url));
  case CORSIM_REASON_InvalidMethod:
    return corsim_str_c(xhr(f) ? syntax : "Method is not a valid HTTP token.");
  case CORSIM_REASON_ForbiddenMethod:
    return corsim_str_c(xhr(f) ? "The operation is insecure."
                               : "Method is forbidden.");
  case CORSIM_REASON_NoCorsMethodNotSafelisted:
    return CORSIM_LIT("Method must be GET, POST or HEAD in no-cors mode.");
  case CORSIM_REASON_InvalidHeaderName:
    if (xhr(f))
      return corsim_str_c(syntax);
    return corsim__arena_printf(&f->arena, "Invalid header name: '%.*s'",
                                S(fl->param));
  case CORSIM_REASON_InvalidHeaderValue: {
    if (xhr(f))
      return corsim_str_c(syntax);
    /* FetchHeaders.cpp canWriteHeader; the whole value, NUL bytes
     * included (observed in WebKitGTK 2.50), so no printf here. */
    /* "Header '" NAME "' has invalid value: '" VALUE "'" NUL */
    size_t len = 8 + fl->aux.len + 22 + fl->param.len + 1;
    char *p = corsim__arena_alloc(&f->arena, len + 1);
    if (p == NULL)
      return CORSIM_LIT("Load failed");
    size_t w = 0;
    memcpy(p + w, "Header '", 8);
    w += 8;
    memcpy(p + w, fl->aux.ptr, fl->aux.len);
    w += fl->aux.len;
    memcpy(p + w, "' has invalid value: '", 22);
    w += 22;
    memcpy(p + w, fl->param.ptr, fl->param.len);
    w += fl->param.len;
    p[w++] = '\'';
    p[w] = '\0';
    return (struct corsim_str){p, w};
  }
  case CORSIM_REASON_BodyNotAllowed:
    return corsim__arena_printf(&f->arena,
                                "Request has method '%.*s' and cannot have a "
                                "body",
                                S(f->method));
  case CORSIM_REASON_CredentialsInUrl:
  case CORSIM_REASON_InvalidUrl:
    return corsim_str_c(xhr(f) ? syntax
                               : "URL is not valid or contains user "
                                 "credentials.");
  case CORSIM_REASON_MixedContent:
    return corsim__arena_printf(&f->arena,
                                "[blocked] The page at %.*s/ requested "
                                "insecure content from %.*s. This content was "
                                "blocked and must be served over HTTPS.",
                                S(f->ctx->origin), S(f->cur_url));
  default:
    break;
  }
  return CORSIM_LIT("Load failed");
}

struct corsim_str corsim__message(struct corsim_fetch *f,
                                  const struct corsim__failure *fl) {
  switch (f->b) {
  case CORSIM_BROWSER_FIREFOX:
    return firefox(f, fl);
  case CORSIM_BROWSER_WEBKIT:
    return webkit(f, fl);
  case CORSIM_BROWSER_CHROMIUM:
  case CORSIM_BROWSER_SPEC:
  default:
    return chromium(f, fl);
  }
}
