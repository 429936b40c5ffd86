/*
 * cors_check.c - Fetch #concept-cors-check (Access-Control-Allow-Origin
 * and -Allow-Credentials) as each browser classifies its failures:
 * Chromium network::cors::CheckAccess (chromium.md §3.1), Firefox
 * nsCORSListenerProxy::CheckRequestApproved (§2.4), WebKit
 * passesAccessControlCheck (§3.4). The same check runs on preflight
 * answers, redirects and final responses.
 */
#include "fetch-int.h"
#include "url.h"

static enum corsim_reason pre(bool preflight, enum corsim_reason plain) {
  if (!preflight)
    return plain;
  switch (plain) {
  case CORSIM_REASON_WildcardOriginNotAllowed:
    return CORSIM_REASON_PreflightWildcardOriginNotAllowed;
  case CORSIM_REASON_MissingAllowOriginHeader:
    return CORSIM_REASON_PreflightMissingAllowOriginHeader;
  case CORSIM_REASON_MultipleAllowOriginValues:
    return CORSIM_REASON_PreflightMultipleAllowOriginValues;
  case CORSIM_REASON_InvalidAllowOriginValue:
    return CORSIM_REASON_PreflightInvalidAllowOriginValue;
  case CORSIM_REASON_AllowOriginMismatch:
    return CORSIM_REASON_PreflightAllowOriginMismatch;
  case CORSIM_REASON_InvalidAllowCredentials:
    return CORSIM_REASON_PreflightInvalidAllowCredentials;
  default:
    return plain;
  }
}

static bool has_byte(struct corsim_str s, char c) {
  for (size_t i = 0; i < s.len; i++)
    if (s.ptr[i] == c)
      return true;
  return false;
}

/* GURL validity for Chromium's InvalidAllowOriginValue: an absolute URL. */
static bool gurl_valid(struct corsim_str s) {
  char buf[1024];
  struct corsim__url u;
  if (s.len == 0 || s.len > 300)
    return s.len > 300;
  return corsim__url_parse(s, NULL, &u, buf, sizeof(buf)) == 0;
}

size_t corsim__cors_check(struct corsim_fetch *f, int status, bool preflight,
                          struct corsim__failure out[2]) {
  /* The origin the check compares with: null once redirect-tainted, except
   * that Firefox's preflight keeps the page's origin (observed). */
  bool use_null = f->ctx->opaque ||
                  (f->tainted &&
                   !(preflight && f->p->preflight_keeps_page_origin));
  struct corsim_str origin = use_null ? CORSIM_LIT("null") : f->ctx->origin;
  struct corsim_str acao = {NULL, 0};
  bool present = corsim__resp_get(f, CORSIM_RH_ACAO, &acao);
  size_t lines = corsim__resp_count(f, CORSIM_RH_ACAO);
  bool star = present && corsim__str_eq(acao, CORSIM_LIT("*"));
  enum corsim_reason r = CORSIM_REASON_NONE;
  size_t nout = 0;
  const char *rule = "Fetch #concept-cors-check";

  switch (f->b) {
  case CORSIM_BROWSER_FIREFOX:
    if (lines > 1)
      r = CORSIM_REASON_MultipleAllowOriginValues;
    else if (!present)
      r = CORSIM_REASON_MissingAllowOriginHeader;
    else if (star && f->include)
      r = CORSIM_REASON_WildcardOriginNotAllowed;
    else if (!star && !corsim__str_eq(acao, origin))
      r = CORSIM_REASON_AllowOriginMismatch;
    break;
  case CORSIM_BROWSER_WEBKIT:
    if (star && !f->include)
      break;
    if (present && corsim__str_eq(acao, origin))
      break;
    if (star)
      r = CORSIM_REASON_WildcardOriginNotAllowed;
    else if (present && has_byte(acao, ','))
      r = CORSIM_REASON_MultipleAllowOriginValues;
    else if (!present)
      r = CORSIM_REASON_MissingAllowOriginHeader;
    else
      r = CORSIM_REASON_AllowOriginMismatch;
    break;
  case CORSIM_BROWSER_CHROMIUM:
  case CORSIM_BROWSER_SPEC:
  default:
    if (star) {
      if (f->include)
        r = CORSIM_REASON_WildcardOriginNotAllowed;
    } else if (!present) {
      r = CORSIM_REASON_MissingAllowOriginHeader;
    } else if (!corsim__str_eq(acao, origin)) {
      if (has_byte(acao, ' ') || has_byte(acao, ','))
        r = CORSIM_REASON_MultipleAllowOriginValues;
      else if (corsim__str_eq(acao, CORSIM_LIT("null")))
        r = CORSIM_REASON_AllowOriginMismatch;
      else if (!gurl_valid(acao))
        r = CORSIM_REASON_InvalidAllowOriginValue;
      else
        r = CORSIM_REASON_AllowOriginMismatch;
    }
    break;
  }

  if (r != CORSIM_REASON_NONE) {
    out[nout] = (struct corsim__failure){0};
    out[nout].reason = pre(preflight, r);
    out[nout].param = present ? acao : CORSIM_LIT("");
    out[nout].status = status;
    out[nout].preflight = preflight;
    out[nout].origin = origin;
    nout++;
    if (!present)
      CORSIM_TRACE(f, rule, "no Access-Control-Allow-Origin in the %s",
                    preflight ? "preflight response" : "response");
    else
      CORSIM_TRACE(f, rule,
                    "Access-Control-Allow-Origin '%.*s' does not allow origin "
                    "%.*s%s",
                    (int)acao.len, acao.ptr, (int)origin.len, origin.ptr,
                    star && f->include ? " (the wildcard does not count with "
                                         "credentials mode include)"
                                       : "");
  } else {
    CORSIM_TRACE(f, rule, "Access-Control-Allow-Origin '%.*s' allows %.*s",
                  (int)acao.len, acao.ptr, (int)origin.len, origin.ptr);
  }

  /* WebKit and the standard skip the credentials step for an accepted
   * wildcard; it only exists for include. */
  if (f->include && !(star && !f->include)) {
    struct corsim_str acac = {NULL, 0};
    bool has = corsim__resp_get(f, CORSIM_RH_ACAC, &acac);
    if (!has || !corsim__str_eq(acac, CORSIM_LIT("true"))) {
      out[nout] = (struct corsim__failure){0};
      out[nout].reason = pre(preflight, CORSIM_REASON_InvalidAllowCredentials);
      out[nout].param = has ? acac : CORSIM_LIT("");
      out[nout].status = status;
      out[nout].preflight = preflight;
      out[nout].origin = origin;
      nout++;
      CORSIM_TRACE(f, "Fetch #concept-cors-check step 5",
                    "credentials mode is include but "
                    "Access-Control-Allow-Credentials is %s%.*s%s",
                    has ? "'" : "absent", (int)acac.len,
                    acac.ptr ? acac.ptr : "", has ? "', not 'true'" : "");
    } else {
      CORSIM_TRACE(f, "Fetch #concept-cors-check step 5",
                    "Access-Control-Allow-Credentials is true");
    }
  }
  return nout;
}
