/*
 * str.c - byte-string helpers. Everything here is ASCII-only on purpose:
 * the Fetch standard compares header names and methods "byte-case-
 * insensitively", so the C locale functions (which may map bytes >= 0x80
 * or behave differently under another locale) must not be used.
 */
#include "str.h"

#include <string.h>

bool corsim__str_istarts_with(struct corsim_str s, const char *prefix) {
  for (size_t i = 0; prefix[i] != '\0'; i++) {
    if (i >= s.len ||
        corsim__ascii_lower(s.ptr[i]) != corsim__ascii_lower(prefix[i]))
      return false;
  }
  return true;
}

static struct corsim_str trim_set(struct corsim_str s, bool http_ws) {
  size_t b = 0;
  size_t e = s.len;
  while (b < e) {
    char c = s.ptr[b];
    if (!(c == ' ' || c == '\t' || (http_ws && (c == '\n' || c == '\r'))))
      break;
    b++;
  }
  while (e > b) {
    char c = s.ptr[e - 1];
    if (!(c == ' ' || c == '\t' || (http_ws && (c == '\n' || c == '\r'))))
      break;
    e--;
  }
  struct corsim_str r = {s.len == 0 ? s.ptr : s.ptr + b, e - b};
  return r;
}

/* RFC 9110 5.6.3: OWS = *( SP / HTAB ). */
struct corsim_str corsim__str_trim_ows_slow(struct corsim_str s) {
  return trim_set(s, false);
}

/* Fetch #http-whitespace-byte: 0x09, 0x0A, 0x0D, 0x20. */
struct corsim_str corsim__str_trim_http_ws_slow(struct corsim_str s) {
  return trim_set(s, true);
}

/*
 * RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
 * "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
 */
/* RFC 9110 5.6.2 tchar, as a table: tokens are checked on every header
 * name and list element. */
const unsigned char corsim__tchar_table[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
    ['*'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['^'] = 1, ['_'] = 1,
    ['`'] = 1, ['|'] = 1, ['~'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};
