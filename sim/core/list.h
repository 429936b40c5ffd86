/*
 * list.h - parsing the comma-separated token lists of
 * Access-Control-Allow-Methods, -Allow-Headers and -Expose-Headers
 * (#field-name / #method ABNF: empty elements and OWS around commas are
 * tolerated; any element that is not a token fails the whole list).
 */
#ifndef CORSIM_LIST_H
#define CORSIM_LIST_H

#include "corsim.h"
#include "str.h"

/*
 * Splits value on ',' and trims OWS from each element; empty elements are
 * skipped. Stores up to cap elements in items (slices into value) and the
 * count in *n. Returns 0 when every non-empty element is a token; -1 when
 * one is not, with *bad set to the first such element (trimmed; bad may
 * be NULL); -2 when every element is a token but there are more than cap
 * (the first cap are stored). A bad element wins over -2.
 */
int corsim__list_parse(struct corsim_str value, struct corsim_str *items,
                       size_t cap, size_t *n, struct corsim_str *bad);

#endif
