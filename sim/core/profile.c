/*
 * profile.c - per-browser constants. Sources: reference/chromium.md §3.3
 * (Chromium: default 5 s, cap 7200 s), spec-firefox-webkit.md §2.6
 * (Firefox: cap 86400 s) and §3.6 (WebKit: cap 600 s), and
 * observed-browsers.md, which wins over the other sheets (WebKit caches
 * failed preflights), and what Firefox 153 did in our own run
 * (tests/browser/firefox-153): without Max-Age it keeps a preflight 5 s,
 * as its source says; observed-browsers.md's "does not cache at all"
 * matches what Firefox does in a separate user context (container), where
 * it never reuses a preflight, or in its first seconds after start-up.
 */
#include "profile.h"

static const struct corsim__profile profiles[CORSIM_BROWSER_COUNT_] = {
    [CORSIM_BROWSER_CHROMIUM] =
        {
            .browser = CORSIM_BROWSER_CHROMIUM,
            .name = "chromium",
            .max_age_default = 5,
            .max_age_cap = 7200,
            .cache_model = CORSIM_CACHE_REPLACE,
            .fetch_combines_duplicates = true,
            .acrh_unique = true,
            .safelist_total_limit = true,
            .wildcard_covers_authorization = true,
            .repreflight_after_redirect = false,
            .upload_listeners_need_body = true,
            .preflight_keeps_page_origin = false,
            .caches_failed_preflight = false,
            .opaque_origin_reuses_preflight = false,
            .opaque_dns_records = 0,
            .forced_preflight_needs_method = false,
            .redirect_replays_first_headers = false,
            .preflight_lists_first_headers = false,
            .redirects_rechecked_with_credentials = false,
            .origin_survives_same_origin_redirect = false,
            .late_userinfo_check_from_same_origin = false,
            .tainted_origin_per_fetch = false,
            .conditional_fetch_skips_preflight_cache = false,
            .redirect_reapplies_script_headers = false,
            .redirect_preflight_uses_script_names = false,
            .tainted_skips_preflight_cache = true,
            .conditional_skips_preflight_cache = true,
        },
    [CORSIM_BROWSER_FIREFOX] =
        {
            .browser = CORSIM_BROWSER_FIREFOX,
            .name = "firefox",
            .max_age_default = 5,
            .max_age_cap = 86400,
            .cache_model = CORSIM_CACHE_TOKENS,
            .fetch_combines_duplicates = false,
            .acrh_unique = false,
            .safelist_total_limit = false,
            .wildcard_covers_authorization = true,
            .repreflight_after_redirect = true,
            .upload_listeners_need_body = false,
            .preflight_keeps_page_origin = true,
            .caches_failed_preflight = false,
            .opaque_origin_reuses_preflight = true,
            .opaque_dns_records = 2,
            .forced_preflight_needs_method = true,
            .redirect_replays_first_headers = false,
            .preflight_lists_first_headers = false,
            .redirects_rechecked_with_credentials = false,
            .origin_survives_same_origin_redirect = false,
            .late_userinfo_check_from_same_origin = false,
            .tainted_origin_per_fetch = false,
            .conditional_fetch_skips_preflight_cache = true,
            .redirect_reapplies_script_headers = true,
            .redirect_preflight_uses_script_names = true,
            .tainted_skips_preflight_cache = false,
            .conditional_skips_preflight_cache = false,
        },
    [CORSIM_BROWSER_WEBKIT] =
        {
            .browser = CORSIM_BROWSER_WEBKIT,
            .name = "webkit",
            .max_age_default = 5,
            .max_age_cap = 600,
            .cache_model = CORSIM_CACHE_REPLACE,
            .fetch_combines_duplicates = true,
            .acrh_unique = true,
            .safelist_total_limit = false,
            .wildcard_covers_authorization = true,
            .repreflight_after_redirect = true,
            .upload_listeners_need_body = false,
            .preflight_keeps_page_origin = false,
            .caches_failed_preflight = true,
            .opaque_origin_reuses_preflight = true,
            .opaque_dns_records = 0,
            .forced_preflight_needs_method = false,
            .redirect_replays_first_headers = true,
            .preflight_lists_first_headers = true,
            .redirects_rechecked_with_credentials = true,
            .origin_survives_same_origin_redirect = true,
            .late_userinfo_check_from_same_origin = true,
            .tainted_origin_per_fetch = true,
            .conditional_fetch_skips_preflight_cache = false,
            .redirect_reapplies_script_headers = false,
            .redirect_preflight_uses_script_names = false,
            .tainted_skips_preflight_cache = false,
            .conditional_skips_preflight_cache = false,
        },
    [CORSIM_BROWSER_SPEC] =
        {
            .browser = CORSIM_BROWSER_SPEC,
            .name = "spec",
            .max_age_default = 5,
            .max_age_cap = 0,
            .cache_model = CORSIM_CACHE_SPEC,
            .fetch_combines_duplicates = false,
            .acrh_unique = true,
            .safelist_total_limit = true,
            .wildcard_covers_authorization = false,
            .repreflight_after_redirect = false,
            .upload_listeners_need_body = false,
            .preflight_keeps_page_origin = false,
            .caches_failed_preflight = false,
            .opaque_origin_reuses_preflight = true,
            .opaque_dns_records = 0,
            .forced_preflight_needs_method = true,
            .redirect_replays_first_headers = false,
            .preflight_lists_first_headers = false,
            .redirects_rechecked_with_credentials = false,
            .origin_survives_same_origin_redirect = false,
            .late_userinfo_check_from_same_origin = false,
            .tainted_origin_per_fetch = false,
            .conditional_fetch_skips_preflight_cache = false,
            .redirect_reapplies_script_headers = false,
            .redirect_preflight_uses_script_names = false,
            .tainted_skips_preflight_cache = false,
            .conditional_skips_preflight_cache = false,
        },
};

const struct corsim__profile *corsim__profile_get(enum corsim_browser b) {
  if ((unsigned)b >= CORSIM_BROWSER_COUNT_)
    b = CORSIM_BROWSER_CHROMIUM;
  return &profiles[b];
}
