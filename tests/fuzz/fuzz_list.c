/*
 * fuzz_list.c - libFuzzer target for sim/core/list.c, mime.c and the
 * header rules of policy.c.
 *
 *   clang -fsanitize=fuzzer,address -Isim/include -Isim/core \
 *     tests/fuzz/fuzz_list.c sim/core/list.c sim/core/mime.c \
 *     sim/core/policy.c sim/core/str.c -o fuzz_list
 *
 * The input is parsed as an Access-Control-Allow-* list and as a
 * Content-Type value in every browser's way. Invariants: list items are
 * tokens inside the input, -1 reports a non-token inside the input, and
 * an essence is lower-case with a '/'. The first byte also picks a
 * header name so the safelist and forbidden rules see the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "mime.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

static bool inside(struct corsim_str s, struct corsim_str in) {
  return s.ptr >= in.ptr && s.ptr + s.len <= in.ptr + in.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[] = {
      "accept", "accept-language", "content-language", "content-type",
      "range", "dpr", "width", "ect", "save-data", "intervention",
      "x-http-method-override", "user-agent", "x-custom", "device-memory"};
  struct corsim_str in = {(const char *)data, size};

  struct corsim_str items[16];
  size_t n = 0;
  struct corsim_str bad = {NULL, 0};
  int rc = corsim__list_parse(in, items, 16, &n, &bad);
  CHECK(rc == 0 || rc == -1 || rc == -2);
  CHECK(n <= 16);
  for (size_t i = 0; i < n; i++)
    CHECK(inside(items[i], in) && corsim__is_token(items[i]));
  if (rc == -1)
    CHECK(inside(bad, in) && bad.len > 0 && !corsim__is_token(bad));
  if (rc == -2)
    CHECK(n == 16);

  for (int b = 0; b < CORSIM_BROWSER_COUNT_; b++) {
    enum corsim_browser br = (enum corsim_browser)b;
    char ess[256];
    long m = corsim__mime_essence(in, br, ess, sizeof(ess));
    CHECK(m >= -1 && m < (long)sizeof(ess));
    if (m >= 0) {
      CHECK(ess[m] == '\0' && memchr(ess, '/', (size_t)m) != NULL);
      for (long i = 0; i < m; i++)
        CHECK(!(ess[i] >= 'A' && ess[i] <= 'Z'));
    }
    bool ct = corsim__content_type_safelisted(in, br);
    if (ct)
      CHECK(m >= 0);
    if (size > 0) {
      const char *nm = names[data[0] % (sizeof(names) / sizeof(names[0]))];
      struct corsim_str name = {nm, strlen(nm)};
      struct corsim_str val = {in.ptr + 1, size - 1};
      bool safe = corsim__header_safelisted(name, val, br);
      if (safe)
        CHECK(val.len <= 128);
      (void)corsim__header_forbidden(name, val, br);
      (void)corsim__header_no_cors_safelisted(name, val, br);
      struct corsim_str nv = corsim__header_value_normalize(val);
      CHECK(inside(nv, val) || nv.len == 0);
    }
  }
  return 0;
}
