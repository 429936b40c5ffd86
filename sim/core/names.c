/*
 * names.c - the string tables of the public enums, generated from the
 * X-macro maps in corsim.h so that a name can never drift from its value.
 */
#include "corsim.h"
#include "str.h"

#include <string.h>

struct corsim_str corsim_str_c(const char *s) {
  if (s == NULL)
    return (struct corsim_str){NULL, 0};
  return (struct corsim_str){s, strlen(s)};
}

const char *corsim_err_name(int err) {
  switch (err) {
  case CORSIM_OK:
    return "OK";
#define XX(name, msg)                                                          \
  case CORSIM_##name:                                                          \
    return #name;
    CORSIM_ERRNO_MAP(XX)
#undef XX
  default:
    return "unknown";
  }
}

const char *corsim_strerror(int err) {
  switch (err) {
  case CORSIM_OK:
    return "success";
#define XX(name, msg)                                                          \
  case CORSIM_##name:                                                          \
    return msg;
    CORSIM_ERRNO_MAP(XX)
#undef XX
  default:
    return "unknown error";
  }
}

static const char *const browser_names[CORSIM_BROWSER_COUNT_] = {
    "chromium", "firefox", "webkit", "spec"};

const char *corsim_browser_name(enum corsim_browser b) {
  if ((unsigned)b >= CORSIM_BROWSER_COUNT_)
    return "unknown";
  return browser_names[b];
}

int corsim_browser_parse(struct corsim_str s, enum corsim_browser *out) {
  for (int i = 0; i < CORSIM_BROWSER_COUNT_; i++) {
    if (corsim__str_eq(s, corsim_str_c(browser_names[i]))) {
      *out = (enum corsim_browser)i;
      return 0;
    }
  }
  return CORSIM_EINVAL;
}

static const char *const reason_names[CORSIM_REASON_COUNT_] = {
    NULL,
#define XX(name) #name,
    CORSIM_REASON_MAP(XX)
#undef XX
};

const char *corsim_reason_name(enum corsim_reason r) {
  if ((unsigned)r >= CORSIM_REASON_COUNT_)
    return NULL;
  return reason_names[r];
}

enum corsim_reason corsim_reason_parse(struct corsim_str s) {
  for (int i = 1; i < CORSIM_REASON_COUNT_; i++)
    if (corsim__str_eq(s, corsim_str_c(reason_names[i])))
      return (enum corsim_reason)i;
  return CORSIM_REASON_NONE;
}

const char *corsim_response_type_name(enum corsim_response_type t) {
  switch (t) {
  case CORSIM_RESPONSE_BASIC:
    return "basic";
  case CORSIM_RESPONSE_CORS:
    return "cors";
  case CORSIM_RESPONSE_OPAQUE:
    return "opaque";
  case CORSIM_RESPONSE_OPAQUEREDIRECT:
    return "opaqueredirect";
  case CORSIM_RESPONSE_ERROR:
    return "error";
  }
  return "unknown";
}

const char *corsim_preflight_name(enum corsim_preflight p) {
  switch (p) {
  case CORSIM_PREFLIGHT_NONE:
    return "none";
  case CORSIM_PREFLIGHT_SENT:
    return "sent";
  case CORSIM_PREFLIGHT_CACHED:
    return "cached";
  }
  return "unknown";
}

void corsim_request_init(struct corsim_request *r) {
  memset(r, 0, sizeof(*r));
  r->api = CORSIM_API_FETCH;
  r->method = CORSIM_LIT("GET");
  r->mode = CORSIM_MODE_CORS;
  r->credentials = CORSIM_CREDENTIALS_SAME_ORIGIN;
  r->redirect = CORSIM_REDIRECT_FOLLOW;
  r->body = CORSIM_BODY_NONE;
}
