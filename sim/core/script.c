/*
 * script.c - what happens in the page before anything is sent: the
 * Request constructor / XMLHttpRequest open() and setRequestHeader()
 * checks, method normalisation, the header guards and the body's
 * implicit Content-Type (Fetch #dom-request, XHR #the-open()-method).
 */
#include "fetch-int.h"
#include "policy.h"

#include <stdint.h>
#include <string.h>

static bool script_fail(struct corsim_fetch *f, enum corsim_reason r,
                        struct corsim_str param) {
  struct corsim__failure fl = {0};
  fl.reason = r;
  fl.param = corsim__arena_dup(&f->arena, param);
  fl.url = f->input_url;
  corsim__fail(f, &fl);
  return false;
}

static bool parse_url(struct corsim_fetch *f, const struct corsim_request *req) {
  const struct corsim__url *base = f->ctx->opaque ? NULL : &f->ctx->url;
  size_t cap = req->url.len * 3 + 64;
  if (cap > CORSIM_URL_MAX)
    cap = CORSIM_URL_MAX;
  f->url_buf = corsim__arena_alloc(&f->arena, cap);
  if (f->url_buf == NULL ||
      corsim__url_parse_memo(req->url, base, &f->url, f->url_buf, cap,
                             &f->ctx->url_memo) != 0) {
    CORSIM_TRACE(f, "URL Standard: basic URL parser",
                  "'%.*s' does not parse as a URL%s", (int)req->url.len,
                  req->url.ptr ? req->url.ptr : "",
                  base ? "" : " (an opaque origin gives no base URL)");
    return script_fail(f, CORSIM_REASON_InvalidUrl, req->url);
  }
  CORSIM_TRACE(f, "URL Standard: basic URL parser", "the URL parses as %.*s",
                (int)f->url.href.len, f->url.href.ptr);
  return true;
}

static bool check_method(struct corsim_fetch *f, struct corsim_str m) {
  if (!corsim__is_token(m)) {
    CORSIM_TRACE(f, "Fetch #dom-request step 25.1 / XHR open() step 3",
                  "method '%.*s' is not a token", (int)m.len,
                  m.ptr ? m.ptr : "");
    return script_fail(f, CORSIM_REASON_InvalidMethod, m);
  }
  if (corsim__method_forbidden(m)) {
    CORSIM_TRACE(f, "Fetch #forbidden-method",
                  "method %.*s is forbidden (CONNECT, TRACE, TRACK)",
                  (int)m.len, m.ptr);
    return script_fail(f, CORSIM_REASON_ForbiddenMethod, m);
  }
  /* A normalised method is a static string; only others are copied. */
  struct corsim_str norm = corsim__method_normalize(m);
  f->method = norm.ptr != m.ptr ? norm : corsim__arena_dup(&f->arena, m);
  if (!corsim__str_eq(m, f->method))
    CORSIM_TRACE(f, "Fetch #concept-method-normalize",
                  "method '%.*s' is normalised to %s", (int)m.len, m.ptr,
                  f->method.ptr);
  return true;
}

/* Appends or combines into the header list. Fetch's Headers keep repeated
 * names as separate entries; XHR's setRequestHeader combines them, and so
 * do Chromium's and WebKit's header maps for fetch (observed-browsers.md). */
static void list_add(struct corsim_fetch *f, size_t *cap, struct corsim_str name,
                     unsigned flags, struct corsim_str value, bool combine) {
  if (combine) {
    for (size_t i = 0; i < f->nheaders; i++) {
      if (corsim__str_ieq(f->headers[i].name, name)) {
        f->headers[i].value = corsim__arena_printf(
            &f->arena, "%.*s, %.*s", (int)f->headers[i].value.len,
            f->headers[i].value.ptr, (int)value.len, value.ptr ? value.ptr : "");
        return;
      }
    }
  }
  if (f->nheaders == *cap) {
    size_t ncap = *cap ? *cap * 2 : 8;
    struct corsim_header *h = corsim__arena_alloc(&f->arena, ncap * sizeof(*h));
    unsigned *fl = corsim__arena_alloc(&f->arena, ncap * sizeof(*fl));
    if (h == NULL || fl == NULL)
      return;
    if (f->nheaders) {
      memcpy(h, f->headers, f->nheaders * sizeof(*h));
      memcpy(fl, f->hflags, f->nheaders * sizeof(*fl));
    }
    f->headers = h;
    f->hflags = fl;
    *cap = ncap;
  }
  f->headers[f->nheaders].name = corsim__arena_dup(&f->arena, name);
  f->headers[f->nheaders].value = corsim__arena_dup(&f->arena, value);
  f->hflags[f->nheaders] = flags;
  f->nheaders++;
}

static bool find_value(const struct corsim_fetch *f, struct corsim_str name,
                       struct corsim_str *out) {
  for (size_t i = 0; i < f->nheaders; i++)
    if (corsim__str_ieq(f->headers[i].name, name)) {
      *out = f->headers[i].value;
      return true;
    }
  return false;
}

static bool set_headers(struct corsim_fetch *f,
                        const struct corsim_request *req) {
  bool xhr = f->api == CORSIM_API_XHR;
  bool combine = xhr || f->p->fetch_combines_duplicates;
  bool no_cors = !xhr && f->mode == CORSIM_MODE_NO_CORS;
  size_t cap = 0;
  for (size_t i = 0; i < req->nheaders; i++) {
    struct corsim_str name = req->headers[i].name;
    struct corsim_str value =
        corsim__header_value_normalize(req->headers[i].value);
    /* A name the table knows is a token: only the others are checked
     * byte by byte (a page's request has a dozen names, most known). */
    unsigned flags = corsim__request_name_flags(name);
    if (flags == 0 && !corsim__is_token(name)) {
      CORSIM_TRACE(f, "Fetch #concept-headers-append step 2",
                    "header name '%.*s' is not a token", (int)name.len,
                    name.ptr ? name.ptr : "");
      return script_fail(f, CORSIM_REASON_InvalidHeaderName, name);
    }
    if (!corsim__header_value_valid(value)) {
      CORSIM_TRACE(f, "Fetch #concept-headers-append step 2",
                    "the value of header %.*s is not a valid header value",
                    (int)name.len, name.ptr);
      struct corsim__failure fl = {0};
      fl.reason = CORSIM_REASON_InvalidHeaderValue;
      fl.param = corsim__arena_dup(&f->arena, value);
      fl.aux = corsim__arena_dup(&f->arena, name);
      fl.url = f->input_url;
      corsim__fail(f, &fl);
      return false;
    }
    if (corsim__header_forbidden_fl(flags, name, value, f->b)) {
      CORSIM_TRACE(f, "Fetch #forbidden-request-header",
                    "header %.*s is forbidden and silently dropped",
                    (int)name.len, name.ptr);
      continue;
    }
    if (no_cors) {
      struct corsim_str old, combined = value;
      if (find_value(f, name, &old))
        combined = corsim__arena_printf(&f->arena, "%.*s, %.*s", (int)old.len,
                                        old.ptr, (int)value.len,
                                        value.ptr ? value.ptr : "");
      if (!corsim__header_no_cors_safelisted(name, combined, f->b)) {
        CORSIM_TRACE(f, "Fetch #concept-headers-append (guard request-no-cors)",
                      "header %.*s is not no-CORS-safelisted and is dropped",
                      (int)name.len, name.ptr);
        continue;
      }
    }
    list_add(f, &cap, name, flags, value, combine);
  }
  /* Fetch #concept-bodyinit-extract: the body's type becomes Content-Type
   * only when the script set none. */
  struct corsim_str ct = {NULL, 0}, old;
  switch (req->body) {
  case CORSIM_BODY_TEXT:
    ct = CORSIM_LIT("text/plain;charset=UTF-8");
    break;
  case CORSIM_BODY_URLSEARCHPARAMS:
    ct = CORSIM_LIT("application/x-www-form-urlencoded;charset=UTF-8");
    break;
  case CORSIM_BODY_FORMDATA:
    ct = CORSIM_LIT("multipart/form-data; boundary=...");
    break;
  case CORSIM_BODY_BLOB:
    if (req->body_type.len > 0)
      ct = req->body_type;
    break;
  case CORSIM_BODY_NONE:
  case CORSIM_BODY_BYTES:
    break;
  }
  f->implied_ct = SIZE_MAX;
  if (f->has_body && ct.ptr != NULL &&
      !find_value(f, CORSIM_LIT("Content-Type"), &old)) {
    f->implied_ct = f->nheaders;
    list_add(f, &cap, CORSIM_LIT("Content-Type"),
             corsim__request_name_flags(CORSIM_LIT("Content-Type")), ct, false);
    CORSIM_TRACE(f, "Fetch #concept-bodyinit-extract",
                  "the body adds Content-Type: %.*s", (int)ct.len, ct.ptr);
  }
  return true;
}

/* A copy of the list the script steps made: redirects edit f->headers in
 * place, and some browsers start again from the script's list. */
static void keep_script_headers(struct corsim_fetch *f) {
  f->script_method = f->method;
  f->nscript = 0;
  if (!f->p->redirect_reapplies_script_headers &&
      !f->p->redirect_preflight_uses_script_names)
    return;
  if (f->nheaders > 0) {
    f->script_headers =
        corsim__arena_alloc(&f->arena, f->nheaders * sizeof(*f->headers));
    if (f->script_headers == NULL)
      return;
    memcpy(f->script_headers, f->headers, f->nheaders * sizeof(*f->headers));
  }
  f->nscript = f->nheaders;
  if (f->implied_ct > f->nscript)
    f->implied_ct = f->nscript;
}

bool corsim__script_steps(struct corsim_fetch *f,
                          const struct corsim_request *req) {
  bool xhr = f->api == CORSIM_API_XHR;
  if (xhr) {
    /* XHR open(): method first, then the URL (XHR #the-open()-method). */
    if (!check_method(f, req->method) || !parse_url(f, req))
      return false;
  } else {
    if (!parse_url(f, req))
      return false;
    if (f->url.has_userinfo) {
      CORSIM_TRACE(f, "Fetch #dom-request step 5.3",
                    "a URL with credentials makes the Request constructor throw");
      return script_fail(f, CORSIM_REASON_CredentialsInUrl, req->url);
    }
    if (!check_method(f, req->method))
      return false;
    if (f->mode == CORSIM_MODE_NO_CORS &&
        !corsim__method_safelisted(f->method)) {
      CORSIM_TRACE(f, "Fetch #dom-request step 30.1",
                    "no-cors mode allows only GET, HEAD and POST, not %s",
                    f->method.ptr);
      return script_fail(f, CORSIM_REASON_NoCorsMethodNotSafelisted, f->method);
    }
  }
  bool get_head = corsim__str_eq(f->method, CORSIM_LIT("GET")) ||
                  corsim__str_eq(f->method, CORSIM_LIT("HEAD"));
  if (req->body != CORSIM_BODY_NONE) {
    if (get_head && !xhr) {
      /* The constructor checks this after the headers are filled. */
      if (!set_headers(f, req))
        return false;
      CORSIM_TRACE(f, "Fetch #dom-request step 36",
                    "a %s request cannot have a body", f->method.ptr);
      return script_fail(f, CORSIM_REASON_BodyNotAllowed, f->method);
    }
    if (get_head)
      CORSIM_TRACE(f, "XHR #the-send()-method step 4",
                    "send() ignores the body of a %s request", f->method.ptr);
    else
      f->has_body = true;
  }
  if (!set_headers(f, req))
    return false;
  keep_script_headers(f);
  if (xhr && req->upload_listeners) {
    if (f->p->upload_listeners_need_body && !f->has_body)
      CORSIM_TRACE(f, "Chromium XMLHttpRequest::CreateRequest",
                    "upload listeners force no preflight without a body");
    else {
      f->force_preflight = true;
      CORSIM_TRACE(f, "XHR #the-send()-method (upload listener flag)",
                    "upload listeners set the use-CORS-preflight flag");
    }
  }
  return true;
}
