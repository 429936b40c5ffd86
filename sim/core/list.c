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
int corsim__list_parse(struct corsim_str value, struct corsim_str *items,
                       size_t cap, size_t *n, struct corsim_str *bad) {
  size_t stored = 0;
  size_t start = 0;
  bool overflow = false;

  *n = 0;
  if (value.len == 0)
    return 0; /* and value.ptr may be NULL: no arithmetic on it */
  for (size_t i = 0; i <= value.len; i++) {
    if (i < value.len && value.ptr[i] != ',')
      continue;
    struct corsim_str el = {value.ptr + start, i - start};
    el = corsim__str_trim_ows(el);
    start = i + 1;
    if (el.len == 0)
      continue;
    if (!corsim__is_token(el)) {
      if (bad != NULL)
        *bad = el;
      *n = stored;
      return -1;
    }
    if (stored < cap)
      items[stored++] = el;
    else
      overflow = true;
  }
  *n = stored;
  return overflow ? -2 : 0;
}
