/*
 * ctx.h - struct corsim_ctx: one simulated page (browser, origin, cache).
 */
#ifndef CORSIM_CTX_H
#define CORSIM_CTX_H

#include "cache.h"
#include "corsim.h"
#include "profile.h"
#include "url.h"

#define CORSIM_ORIGIN_MAX 512

struct corsim_ctx {
  enum corsim_browser browser;
  const struct corsim__profile *profile;
  bool opaque;               /* the page's origin is opaque ("null") */
  struct corsim__url url;    /* the origin as a URL (path "/"); unset if opaque */
  struct corsim_str origin;  /* serialized: "https://a.example" or "null" */
  char origin_buf[CORSIM_ORIGIN_MAX];
  char url_buf[CORSIM_ORIGIN_MAX + 8];
  struct corsim__cache cache;
  unsigned long fetches; /* fetches started, to tell their opaque origins apart */
  bool trace;
  /* The authority of the last request URL (url.h); same rule as spare. */
  struct corsim__url_memo url_memo;
  /* One freed fetch kept for the next corsim_fetch_new: a fetch is a few
   * kilobytes, and malloc/free of it cost as much as a simple request's
   * whole evaluation. Safe because a context and its fetches are used by
   * one thread at a time (corsim.h). */
  struct corsim_fetch *spare;
};

#endif
