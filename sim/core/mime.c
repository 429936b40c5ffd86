/*
 * mime.c - the essence ("type/subtype") of a Content-Type value, computed
 * the way each browser computes it when deciding whether a request's
 * Content-Type is CORS-safelisted (Fetch #cors-safelisted-request-header,
 * step "content-type"). The three parsers disagree on edge cases; the
 * unsafe-byte filter that runs before them in policy.c hides most of the
 * differences, but not all (a comma, whitespace around '/', junk after
 * the subtype).
 */
#include "mime.h"

#include <string.h>

static bool is_http_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Chromium's base::TrimWhitespaceASCII set (kWhitespaceASCII). */
static bool is_ascii_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

/* Writes lower(type) "/" lower(subtype) NUL into buf, or fails. */
static long emit(const char *type, size_t tlen, const char *sub, size_t slen,
                 char *buf, size_t cap) {
  size_t total = tlen + 1 + slen;
  if (cap == 0 || total >= cap)
    return -1;
  for (size_t i = 0; i < tlen; i++)
    buf[i] = corsim__ascii_lower(type[i]);
  buf[tlen] = '/';
  for (size_t i = 0; i < slen; i++)
    buf[tlen + 1 + i] = corsim__ascii_lower(sub[i]);
  buf[total] = '\0';
  return (long)total;
}

/*
 * WHATWG MIME Sniffing, "parse a MIME type", steps 1-10: the parameters
 * that follow never make the parse fail, so they are not looked at.
 * Bytes >= 0x80 are isomorphic-decoded to U+0080..U+00FF, which are not
 * HTTP token code points, so a byte-wise token test is exact.
 */
static long essence_whatwg(struct corsim_str v, char *buf, size_t cap) {
  struct corsim_str s = corsim__str_trim_http_ws(v);
  size_t slash = 0;
  while (slash < s.len && s.ptr[slash] != '/')
    slash++;
  if (slash == s.len)
    return -1;
  struct corsim_str type = {s.ptr, slash};
  if (!corsim__is_token(type))
    return -1;
  size_t sub_b = slash + 1;
  size_t sub_e = sub_b;
  while (sub_e < s.len && s.ptr[sub_e] != ';')
    sub_e++;
  while (sub_e > sub_b && is_http_ws(s.ptr[sub_e - 1]))
    sub_e--;
  struct corsim_str sub = {s.ptr + sub_b, sub_e - sub_b};
  if (!corsim__is_token(sub))
    return -1;
  return emit(type.ptr, type.len, sub.ptr, sub.len, buf, cap);
}

/*
 * Chromium: net::ExtractMimeTypeFromMediaType(v, false) ->
 * ParseMimeTypeWithoutParameter. The text before the first ';' is split
 * on '/' keeping whitespace; there must be exactly two parts; the type
 * loses its leading and the subtype its trailing ASCII whitespace; both
 * must then be RFC 7230 tokens. So "text / plain" fails (the type ends in
 * a space) while " text/plain " passes.
 */
static long essence_chromium(struct corsim_str v, char *buf, size_t cap) {
  size_t end = 0;
  while (end < v.len && v.ptr[end] != ';')
    end++;
  size_t slash = end;
  for (size_t i = 0; i < end; i++) {
    if (v.ptr[i] == '/') {
      if (slash != end)
        return -1; /* a third part */
      slash = i;
    }
  }
  if (slash == end)
    return -1;
  size_t tb = 0;
  while (tb < slash && is_ascii_ws(v.ptr[tb]))
    tb++;
  size_t se = end;
  while (se > slash + 1 && is_ascii_ws(v.ptr[se - 1]))
    se--;
  struct corsim_str type = {v.ptr + tb, slash - tb};
  struct corsim_str sub = {v.ptr + slash + 1, se - (slash + 1)};
  if (!corsim__is_token(type) || !corsim__is_token(sub))
    return -1;
  return emit(type.ptr, type.len, sub.ptr, sub.len, buf, cap);
}

/*
 * Gecko's net_FindStringEnd: from the opening quote at i, the index of
 * the closing quote (backslash escapes one byte), or len.
 */
static size_t ff_string_end(struct corsim_str v, size_t i) {
  char q = v.ptr[i];
  for (size_t j = i + 1; j < v.len; j++) {
    if (v.ptr[j] == '\\') {
      j++;
      continue;
    }
    if (v.ptr[j] == q)
      return j;
  }
  return v.len;
}

/* Gecko's net_FindMediaDelimiter: next delim outside "..." from i, or len. */
static size_t ff_find_delim(struct corsim_str v, size_t i, char delim) {
  while (i < v.len) {
    char c = v.ptr[i];
    if (c == delim)
      return i;
    if (c == '"') {
      i = ff_string_end(v, i);
      if (i >= v.len)
        return v.len;
    }
    i++;
  }
  return v.len;
}

/*
 * Firefox: net_ParseRequestContentType (nsURLHelper.cpp), which calls
 * net_ParseMediaType in strict mode. Any ',' outside a quoted string
 * fails. The type is the first run of bytes that are not LWS, ';' or
 * '(' after leading LWS; it must contain a '/' but is not checked to be
 * a token. Strict mode then requires that only LWS follows what was
 * consumed: the type when there are no parameters, otherwise every
 * parameter up to the end (so junk between the type and the first ';' is
 * ignored: "text/plain x;a" gives text/plain, "text/plain x" fails).
 *
 * Deviation: Gecko computes "consumed" as an offset from the type's start
 * but applies it from the string's start, so a value with leading LWS
 * and no parameters fails there. Header values are normalised (leading
 * whitespace stripped) before they reach this rule, so that quirk cannot
 * be observed from script and is not reproduced.
 */
static long essence_firefox(struct corsim_str v, char *buf, size_t cap) {
  if (ff_find_delim(v, 0, ',') != v.len)
    return -1;
  size_t tb = 0;
  while (tb < v.len && (v.ptr[tb] == ' ' || v.ptr[tb] == '\t'))
    tb++;
  size_t te = tb;
  while (te < v.len && v.ptr[te] != ' ' && v.ptr[te] != '\t' &&
         v.ptr[te] != ';' && v.ptr[te] != '(')
    te++;
  if (te == tb || memchr(v.ptr + tb, '/', te - tb) == NULL)
    return -1;
  /* With a ';' anywhere after the type, Gecko's parameter loop runs to
   * the end of the string, so everything counts as consumed. */
  size_t consumed = memchr(v.ptr + te, ';', v.len - te) != NULL ? v.len : te;
  for (size_t i = consumed; i < v.len; i++) {
    if (v.ptr[i] != ' ' && v.ptr[i] != '\t')
      return -1;
  }
  const char *slash = memchr(v.ptr + tb, '/', te - tb);
  size_t tlen = (size_t)(slash - (v.ptr + tb));
  return emit(v.ptr + tb, tlen, slash + 1, te - tb - tlen - 1, buf, cap);
}

long corsim__mime_essence(struct corsim_str value, enum corsim_browser b,
                          char *buf, size_t cap) {
  if (value.len == 0)
    return -1; /* every parser fails on an empty value; ptr may be NULL */
  switch (b) {
  case CORSIM_BROWSER_CHROMIUM:
    return essence_chromium(value, buf, cap);
  case CORSIM_BROWSER_FIREFOX:
    return essence_firefox(value, buf, cap);
  case CORSIM_BROWSER_WEBKIT:
  case CORSIM_BROWSER_SPEC:
  case CORSIM_BROWSER_COUNT_:
  default:
    return essence_whatwg(value, buf, cap);
  }
}
