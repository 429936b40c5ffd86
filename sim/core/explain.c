/*
 * explain.c - what the browser does not say: one sentence per blocked
 * outcome on what the server (or the script) must change, and notes on
 * root causes that are not a CORS header at all (peers.md §3.4).
 */
#include "fetch-int.h"

#include <string.h>

#define S(x) (int)(x).len, (x).ptr

static struct corsim_str unsafe_list(struct corsim_fetch *f) {
  size_t len = 0;
  for (size_t i = 0; i < f->nunsafe; i++)
    len += f->unsafe[i].len + 2;
  char *p = corsim__arena_alloc(&f->arena, len + 1);
  if (p == NULL)
    return CORSIM_LIT("");
  size_t w = 0;
  for (size_t i = 0; i < f->nunsafe; i++) {
    bool dup = false;
    for (size_t j = 0; j < i && !dup; j++)
      dup = corsim__str_eq(f->unsafe[j], f->unsafe[i]);
    if (dup)
      continue;
    if (w) {
      memcpy(p + w, ", ", 2);
      w += 2;
    }
    memcpy(p + w, f->unsafe[i].ptr, f->unsafe[i].len);
    w += f->unsafe[i].len;
  }
  p[w] = '\0';
  return (struct corsim_str){p, w};
}

struct corsim_str corsim__fix(struct corsim_fetch *f,
                              const struct corsim__failure *fl) {
  struct corsim_str o = fl->origin.len ? fl->origin : f->ctx->origin;
  const char *where = fl->preflight ? "its answer to the OPTIONS preflight"
                                    : "the response";
  struct corsim_str url = fl->url.len ? fl->url : f->cur_url;
  switch (fl->reason) {
  case CORSIM_REASON_MissingAllowOriginHeader:
  case CORSIM_REASON_PreflightMissingAllowOriginHeader:
  case CORSIM_REASON_AllowOriginMismatch:
  case CORSIM_REASON_PreflightAllowOriginMismatch:
  case CORSIM_REASON_InvalidAllowOriginValue:
  case CORSIM_REASON_PreflightInvalidAllowOriginValue:
    return corsim__arena_printf(
        &f->arena,
        "The server at %.*s must send `Access-Control-Allow-Origin: %.*s` in "
        "%s%s.",
        S(url), S(o), where,
        f->include ? ", with `Access-Control-Allow-Credentials: true`" : "");
  case CORSIM_REASON_MultipleAllowOriginValues:
  case CORSIM_REASON_PreflightMultipleAllowOriginValues:
    return corsim__arena_printf(
        &f->arena,
        "The server at %.*s must send exactly one Access-Control-Allow-Origin "
        "line with the single value `%.*s` in %s (it sent '%.*s').",
        S(url), S(o), where, S(fl->param));
  case CORSIM_REASON_WildcardOriginNotAllowed:
  case CORSIM_REASON_PreflightWildcardOriginNotAllowed:
    return corsim__arena_printf(
        &f->arena,
        "With credentials the server at %.*s must send "
        "`Access-Control-Allow-Origin: %.*s` (not `*`) and "
        "`Access-Control-Allow-Credentials: true` in %s; or the script drops "
        "credentials.",
        S(url), S(o), where);
  case CORSIM_REASON_InvalidAllowCredentials:
  case CORSIM_REASON_PreflightInvalidAllowCredentials:
    return corsim__arena_printf(
        &f->arena,
        "The server at %.*s must send `Access-Control-Allow-Credentials: true` "
        "(exactly, lower-case) in %s, or the script must not send credentials.",
        S(url), where);
  case CORSIM_REASON_PreflightInvalidStatus:
    return corsim__arena_printf(
        &f->arena,
        "The server must answer the OPTIONS preflight for %.*s with a 2xx "
        "status such as `204 No Content` (it answered %d), before any "
        "authentication or routing that rejects OPTIONS.",
        S(url), fl->status);
  case CORSIM_REASON_PreflightDisallowedRedirect:
    return corsim__arena_printf(
        &f->arena,
        "The server must answer the OPTIONS preflight for %.*s itself with a "
        "2xx status instead of redirecting it%s%.*s; or the script must use "
        "the final URL.",
        S(url), fl->param.len ? " to " : "", S(fl->param));
  case CORSIM_REASON_InvalidAllowMethodsPreflightResponse:
    return corsim__arena_printf(
        &f->arena,
        "The preflight answer's Access-Control-Allow-Methods must be a "
        "comma-separated list of method names, e.g. "
        "`Access-Control-Allow-Methods: %.*s`.",
        S(f->method));
  case CORSIM_REASON_InvalidAllowHeadersPreflightResponse:
    return corsim__arena_printf(
        &f->arena,
        "The preflight answer's Access-Control-Allow-Headers must be a "
        "comma-separated list of header names, e.g. "
        "`Access-Control-Allow-Headers: %.*s`.",
        S(unsafe_list(f)));
  case CORSIM_REASON_MethodDisallowedByPreflightResponse: {
    bool lower = false;
    for (size_t i = 0; i < f->method.len; i++)
      lower = lower || (f->method.ptr[i] >= 'a' && f->method.ptr[i] <= 'z');
    return corsim__arena_printf(
        &f->arena,
        "The preflight answer must list the method: "
        "`Access-Control-Allow-Methods: %.*s`%s.",
        S(f->method),
        lower ? " (methods match case-sensitively and only DELETE, GET, HEAD, "
                "OPTIONS, POST and PUT are upper-cased by the browser; or the "
                "script sends it upper-case)"
              : "");
  }
  case CORSIM_REASON_HeaderDisallowedByPreflightResponse:
    return corsim__arena_printf(
        &f->arena,
        "The preflight answer must allow every header the request sends: "
        "`Access-Control-Allow-Headers: %.*s`%s.",
        S(unsafe_list(f)),
        corsim__str_eq(fl->param, CORSIM_LIT("authorization"))
            ? " (authorization must be named; `*` does not cover it)"
            : "");
  case CORSIM_REASON_RedirectContainsCredentials:
  case CORSIM_REASON_RedirectWithCredentials:
    return corsim__arena_printf(
        &f->arena,
        "The server must redirect to a URL without a user name or password "
        "(it sent Location: %.*s).",
        S(fl->aux.len ? fl->aux : fl->location));
  case CORSIM_REASON_DisallowedByMode:
    return corsim__arena_printf(
        &f->arena,
        "The script must use mode 'cors' (the default) to read cross-origin "
        "%.*s, or request a URL of its own origin %.*s.",
        S(url), S(f->ctx->origin));
  case CORSIM_REASON_CorsDisabledScheme:
    return corsim__arena_printf(
        &f->arena,
        "The script (or the redirect) must use an http: or https: URL; "
        "browsers do not fetch %.*s: URLs cross-origin.",
        S(fl->param));
  case CORSIM_REASON_InvalidMethod:
    return corsim__arena_printf(
        &f->arena,
        "The script must pass a method that is an HTTP token (letters, digits "
        "and !#$%%&'*+-.^_`|~), not '%.*s'.",
        S(fl->param));
  case CORSIM_REASON_ForbiddenMethod:
    return corsim__arena_printf(
        &f->arena,
        "The script cannot send %.*s from a page: browsers forbid CONNECT, "
        "TRACE and TRACK; use another method.",
        S(fl->param));
  case CORSIM_REASON_NoCorsMethodNotSafelisted:
    return corsim__arena_printf(
        &f->arena,
        "The script must use GET, HEAD or POST in no-cors mode, or mode "
        "'cors' for %.*s (the server then needs CORS headers).",
        S(fl->param));
  case CORSIM_REASON_InvalidHeaderName:
    return corsim__arena_printf(&f->arena,
                                "The script must use a header name that is an "
                                "HTTP token, not '%.*s'.",
                                S(fl->param));
  case CORSIM_REASON_InvalidHeaderValue:
    return CORSIM_LIT("The script must not put NUL, CR or LF in a header "
                      "value.");
  case CORSIM_REASON_BodyNotAllowed:
    return corsim__arena_printf(&f->arena,
                                "The script must drop the body of the %.*s "
                                "request or use POST.",
                                S(f->method));
  case CORSIM_REASON_CredentialsInUrl:
    return CORSIM_LIT("The script must take the user name and password out of "
                      "the URL and send them in an Authorization header.");
  case CORSIM_REASON_InvalidUrl:
    return corsim__arena_printf(&f->arena,
                                "The script must pass a valid absolute URL (or "
                                "one relative to %.*s), not '%.*s'.",
                                S(f->ctx->origin), S(f->input_url));
  case CORSIM_REASON_MixedContent:
    return corsim__arena_printf(&f->arena,
                                "The script must request https: instead of "
                                "%.*s (and the server must serve it over TLS).",
                                S(f->cur_url));
  case CORSIM_REASON_RedirectModeError:
    return CORSIM_LIT("The script must use redirect 'follow' (or 'manual'), or "
                      "the server must answer without redirecting.");
  case CORSIM_REASON_TooManyRedirects:
    return CORSIM_LIT("The server must end the redirect chain within 20 "
                      "redirects (it loops or is too long).");
  case CORSIM_REASON_UnsafeRedirect:
    return corsim__arena_printf(&f->arena,
                                "The server must redirect to an http: or https: "
                                "URL, not %.*s.",
                                S(fl->location));
  case CORSIM_REASON_NetworkError:
    if (corsim__str_eq(fl->param, CORSIM_LIT("no-cors-redirect")))
      return CORSIM_LIT("The script must use redirect 'follow' in no-cors "
                        "mode.");
    return CORSIM_LIT("The server must answer the request (the connection "
                      "failed or the answer was unusable).");
  default:
    break;
  }
  return CORSIM_LIT("See docs/errors.md for this error.");
}

static bool has_header(const struct corsim_fetch *f, enum corsim__rh which) {
  return corsim__resp_count(f, which) > 0;
}

/* Damerau-Levenshtein distance 1 (one edit or one adjacent swap),
 * case-insensitive. */
static bool one_typo(struct corsim_str a, struct corsim_str b) {
  if (corsim__str_ieq(a, b))
    return false;
  size_t la = a.len, lb = b.len;
  if (la + 1 < lb || lb + 1 < la)
    return false;
  size_t i = 0;
  while (i < la && i < lb &&
         corsim__ascii_lower(a.ptr[i]) == corsim__ascii_lower(b.ptr[i]))
    i++;
  struct corsim_str ra, rb;
  if (la == lb) {
    /* substitution or swap */
    ra = (struct corsim_str){a.ptr + i + 1, la - i - 1};
    rb = (struct corsim_str){b.ptr + i + 1, lb - i - 1};
    if (corsim__str_ieq(ra, rb))
      return true;
    if (i + 1 < la &&
        corsim__ascii_lower(a.ptr[i]) == corsim__ascii_lower(b.ptr[i + 1]) &&
        corsim__ascii_lower(a.ptr[i + 1]) == corsim__ascii_lower(b.ptr[i])) {
      ra = (struct corsim_str){a.ptr + i + 2, la - i - 2};
      rb = (struct corsim_str){b.ptr + i + 2, lb - i - 2};
      return corsim__str_ieq(ra, rb);
    }
    return false;
  }
  if (la > lb)
    return corsim__str_ieq((struct corsim_str){a.ptr + i + 1, la - i - 1},
                           (struct corsim_str){b.ptr + i, lb - i});
  return corsim__str_ieq((struct corsim_str){a.ptr + i, la - i},
                         (struct corsim_str){b.ptr + i + 1, lb - i - 1});
}

void corsim__explain_response(struct corsim_fetch *f, bool preflight,
                              const struct corsim_wire_response *r) {
  bool acao = has_header(f, CORSIM_RH_ACAO);
  bool cors = f->tainting == CORSIM_TAINT_CORS;
  if (!cors)
    return;
  if (preflight) {
    if (acao && !f->hypo)
      f->preflight_acao_seen = true;
    if (r->status == 401 || r->status == 403)
      corsim__note(f,
                   "The preflight was answered %d: authentication or "
                   "authorization runs before CORS handling. Browsers never "
                   "send cookies or Authorization on a preflight, so OPTIONS "
                   "must be answered before that check.",
                   r->status);
    else if (r->status >= 300 && r->status <= 399 &&
             has_header(f, CORSIM_RH_LOCATION))
      corsim__note(f,
                   "The preflight was redirected (%d): often a login page, an "
                   "http-to-https or a trailing-slash redirect in front of the "
                   "CORS handling. Browsers never follow a preflight's "
                   "redirect.",
                   r->status);
    else if (r->status >= 400 && !acao)
      corsim__note(f,
                   "The preflight was answered %d without CORS headers: the "
                   "route or framework does not handle OPTIONS for %.*s; the "
                   "missing header is a symptom, not the cause.",
                   r->status, S(f->cur_url));
  } else {
    if (r->status >= 400 && !acao)
      corsim__note(f,
                   "The server answered %d without CORS headers: the error "
                   "response, not the CORS configuration, is the first thing "
                   "to fix (error handlers often skip the CORS middleware).",
                   r->status);
    else if (!acao && f->preflight_acao_seen)
      corsim__note(f, "The preflight carried CORS headers but the response to "
                      "the request itself does not: the CORS handling covers "
                      "OPTIONS only.");
    struct corsim_str v;
    if (acao &&
        corsim__resp_get(f, CORSIM_RH_ACAO, &v) &&
        !corsim__str_eq(v, CORSIM_LIT("*")) &&
        corsim__str_eq(v, f->tainted ? CORSIM_LIT("null") : f->ctx->origin) &&
        /* A fixed single-origin configuration looks the same on one
         * exchange; only a credentialed or null echo is worth a warning. */
        (f->include || corsim__str_eq(v, CORSIM_LIT("null")))) {
      struct corsim_str vary;
      bool has_vary = corsim__resp_get(f, CORSIM_RH_VARY, &vary);
      bool covers = false;
      for (size_t i = 0; has_vary && i + 6 <= vary.len && !covers; i++)
        covers = corsim__str_ieq((struct corsim_str){vary.ptr + i, 6},
                                 CORSIM_LIT("origin"));
      for (size_t i = 0; has_vary && i < vary.len && !covers; i++)
        covers = vary.ptr[i] == '*';
      if (!covers)
        corsim__note(f,
                     "Access-Control-Allow-Origin echoes the origin but the "
                     "response has no `Vary: Origin`: a shared cache can serve "
                     "it to another origin, which the browser then blocks.");
    }
  }
}

void corsim__explain_final(struct corsim_fetch *f) {
  if (!f->failed || f->first.reason != CORSIM_REASON_HeaderDisallowedByPreflightResponse)
    return;
  /* A disallowed header one typo away from an allowed one. */
  struct corsim_str list = f->allowed_headers_seen;
  size_t i = 0;
  while (i < list.len) {
    size_t j = i;
    while (j < list.len && list.ptr[j] != ',')
      j++;
    struct corsim_str item =
        corsim__str_trim_ows((struct corsim_str){list.ptr + i, j - i});
    if (one_typo(item, f->first.param))
      corsim__note(f,
                   "The request header %.*s is one typo away from %.*s, which "
                   "the server allows: one of the two names is misspelt.",
                   S(f->first.param), S(item));
    i = j + 1;
  }
}
