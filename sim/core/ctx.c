#include "ctx.h"

#include <stdlib.h>
#include <string.h>

int corsim_ctx_new(enum corsim_browser browser, struct corsim_str origin,
                   struct corsim_ctx **out) {
  *out = NULL;
  if ((unsigned)browser >= CORSIM_BROWSER_COUNT_)
    return CORSIM_EINVAL;
  if (origin.len >= CORSIM_ORIGIN_MAX)
    return CORSIM_EORIGIN;
  struct corsim_ctx *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return CORSIM_ENOMEM;
  c->browser = browser;
  c->profile = corsim__profile_get(browser);
  int err = corsim__origin_parse(origin, &c->url, &c->opaque, c->url_buf,
                                 sizeof(c->url_buf));
  if (err != 0) {
    free(c);
    return CORSIM_EORIGIN;
  }
  if (origin.len)
    memcpy(c->origin_buf, origin.ptr, origin.len);
  c->origin_buf[origin.len] = '\0';
  c->origin = (struct corsim_str){c->origin_buf, origin.len};
  corsim__cache_init(&c->cache);
  *out = c;
  return 0;
}

void corsim_ctx_free(struct corsim_ctx *ctx) {
  if (ctx == NULL)
    return;
  corsim__cache_cleanup(&ctx->cache);
  free(ctx->spare);
  free(ctx);
}

void corsim_ctx_set_trace(struct corsim_ctx *ctx, bool on) { ctx->trace = on; }

enum corsim_browser corsim_ctx_browser(const struct corsim_ctx *ctx) {
  return ctx->browser;
}
