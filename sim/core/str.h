/*
 * str.h - byte-string helpers shared by the core. ASCII-only case rules:
 * header names and methods are compared byte-wise, never by locale.
 */
#ifndef CORSIM_STR_H
#define CORSIM_STR_H

#include "corsim.h"

#include <stdbool.h>
#include <stddef.h>

/* A literal as a corsim_str. */
#define CORSIM_LIT(s) ((struct corsim_str){(s), sizeof(s) - 1})
/* The same as an initializer, for static tables. */
#define CORSIM_S(s) {(s), sizeof(s) - 1}

/* Static in normal builds; visible to unit tests under -DCORSIM_UNITTEST. */
#ifdef CORSIM_UNITTEST
#define CORSIM_STATIC
#else
#define CORSIM_STATIC static
#endif

bool corsim__str_eq(struct corsim_str a, struct corsim_str b);
/* ASCII case-insensitive equality. */
bool corsim__str_ieq(struct corsim_str a, struct corsim_str b);
bool corsim__str_ieq_c(struct corsim_str a, const char *lit);
bool corsim__str_istarts_with(struct corsim_str s, const char *prefix);
/* Strips leading and trailing bytes of the set " \t" (HTTP tab or space). */
struct corsim_str corsim__str_trim_ows(struct corsim_str s);
/* Strips leading and trailing HTTP whitespace: tab, LF, CR, space. */
struct corsim_str corsim__str_trim_http_ws(struct corsim_str s);
/* Inline: it sits inside every name comparison. */
static inline char corsim__ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}
/* An RFC 9110 token: 1*tchar. */
bool corsim__is_token(struct corsim_str s);
bool corsim__is_tchar(unsigned char c);

#endif
