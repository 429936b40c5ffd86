/*
 * list.c - the "#" list rule of RFC 9110 5.6.1 as Fetch applies it to
 * Access-Control-Allow-Methods (#method), -Allow-Headers and
 * -Expose-Headers (#field-name): a recipient accepts empty elements and
 * OWS around the commas, and "extract header list values" fails the whole
 * header when one element does not match the ABNF (a token). All three
 * browsers were seen to accept "GET,,PUT", "PUT," and " GET ,  PUT " and
 * to reject "PUT;GET", "B@D" and "x b" (observed-browsers.md).
 */
#include "list.h"

/*
 * Every element is validated even after cap is reached, so that a
 * malformed list is reported as malformed (-1) rather than as merely long
 * (-2): the browsers reject it either way, and the bad element is the
 * more useful diagnosis.
 */
static bool is_ows(char c) { return c == ' ' || c == '\t'; }

/* One pass: each element is OWS, a run of token bytes, OWS, then a comma
 * or the end; anything else makes the element (up to its comma) bad. */
int corsim__list_parse(struct corsim_str value, struct corsim_str *items,
                       size_t cap, size_t *n, struct corsim_str *bad) {
  const char *p = value.ptr;
  size_t len = value.len, i = 0, stored = 0;
  bool overflow = false;

  *n = 0;
  while (i < len) {
    while (i < len && is_ows(p[i]))
      i++;
    size_t b = i;
    i = corsim__tchar_span(p, i, len);
    size_t e = i;
    while (i < len && is_ows(p[i]))
      i++;
    if (i < len && p[i] != ',') {
      while (i < len && p[i] != ',')
        i++;
      if (bad != NULL)
        *bad = corsim__str_trim_ows((struct corsim_str){p + b, i - b});
      *n = stored;
      return -1;
    }
    i++; /* the comma, or past the end */
    if (e == b)
      continue; /* an empty element */
    if (stored < cap)
      items[stored++] = (struct corsim_str){p + b, e - b};
    else
      overflow = true;
  }
  *n = stored;
  return overflow ? -2 : 0;
}
