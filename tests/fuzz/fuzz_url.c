/*
 * fuzz_url.c - libFuzzer target for sim/core/url.c.
 *
 *   clang -fsanitize=fuzzer,address -Isim/include -Isim/core \
 *     tests/fuzz/fuzz_url.c sim/core/url.c sim/core/str.c -o fuzz_url
 *
 * Parses the input as a URL against a fixed base and without one, and as
 * a serialized origin, then checks invariants that must hold for any
 * input: slices stay in the buffer, the href is NUL-terminated, parsing
 * an http(s) href again gives the same href (the serialisation is a
 * fixed point), and an accepted origin serialises back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

static void check_slices(const struct corsim__url *u, const char *buf,
                         size_t cap) {
  const struct corsim_str *s[] = {&u->href, &u->scheme, &u->host,
                                  &u->path, &u->query, &u->fragment};
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
    if (s[i]->ptr == NULL) {
      CHECK(s[i]->len == 0);
      continue;
    }
    CHECK(s[i]->ptr >= buf && s[i]->ptr + s[i]->len <= buf + cap);
  }
  CHECK(u->href.ptr == buf && buf[u->href.len] == '\0');
  CHECK(memchr(buf, '\0', u->href.len) == NULL);
  struct corsim_str w = corsim__url_without_fragment(u);
  CHECK(w.ptr >= buf && w.ptr + w.len <= buf + cap);
}

static void check_same(const struct corsim__url *u, const struct corsim__url *fu) {
  CHECK(corsim__str_eq(u->href, fu->href));
  CHECK(u->kind == fu->kind && u->port == fu->port &&
        u->has_userinfo == fu->has_userinfo);
  CHECK(corsim__str_eq(u->scheme, fu->scheme) &&
        corsim__str_eq(u->host, fu->host) && corsim__str_eq(u->path, fu->path));
  CHECK((u->query.ptr == NULL) == (fu->query.ptr == NULL) &&
        corsim__str_eq(u->query, fu->query));
  CHECK((u->fragment.ptr == NULL) == (fu->fragment.ptr == NULL) &&
        corsim__str_eq(u->fragment, fu->fragment));
}

/* A memo primed by a parses b as the full parser does: the input is split
 * at its first newline (a URL never keeps one) into a and b. */
static void memo_pair(const uint8_t *data, size_t size,
                      const struct corsim__url *base) {
  const uint8_t *nl = memchr(data, '\n', size);
  if (nl == NULL)
    return;
  struct corsim_str a = {(const char *)data, (size_t)(nl - data)};
  struct corsim_str b = {(const char *)nl + 1, size - (size_t)(nl - data) - 1};
  struct corsim__url_memo memo;
  memset(&memo, 0, sizeof(memo));
  char buf[4096], fb[4096];
  struct corsim__url u, fu;
  (void)corsim__url_parse_memo(a, base, &u, buf, sizeof(buf), &memo);
  int rc = corsim__url_parse_memo(b, base, &u, buf, sizeof(buf), &memo);
  int frc = corsim__url_parse_full(b, base, &fu, fb, sizeof(fb));
  CHECK(rc == frc);
  if (rc == 0)
    check_same(&u, &fu);
  /* The memo b left behind still parses b right. */
  rc = corsim__url_parse_memo(b, base, &u, buf, sizeof(buf), &memo);
  CHECK(rc == frc);
  if (rc == 0)
    check_same(&u, &fu);
}

static void one(struct corsim_str in, const struct corsim__url *base) {
  char buf[4096];
  struct corsim__url u;
  int rc = corsim__url_parse(in, base, &u, buf, sizeof(buf));
  CHECK(rc == 0 || rc == CORSIM_EINVAL || rc == CORSIM_ETOOBIG);
  /* The fast path must agree with the full parser on everything. */
  char fb[4096];
  struct corsim__url fu;
  int frc = corsim__url_parse_full(in, base, &fu, fb, sizeof(fb));
  CHECK(frc == rc);
  if (rc == 0)
    check_same(&u, &fu);
  if (rc != 0)
    return;
  check_slices(&u, buf, sizeof(buf));
  char ob[4096];
  long n = corsim__url_origin(&u, ob, sizeof(ob));
  CHECK(n > 0 && ob[n] == '\0');
  (void)corsim__url_trustworthy(&u);
  (void)corsim__url_same_origin(&u, &u);
  if (u.kind == CORSIM_SCHEME_HTTP || u.kind == CORSIM_SCHEME_HTTPS) {
    CHECK(corsim__url_same_origin(&u, &u));
    CHECK(u.host.len > 0 && u.path.len > 0 && u.path.ptr[0] == '/');
    char buf2[4096];
    struct corsim__url v;
    CHECK(corsim__url_parse(u.href, NULL, &v, buf2, sizeof(buf2)) == 0);
    CHECK(corsim__str_eq(u.href, v.href));
    CHECK(corsim__url_same_origin(&u, &v));
    CHECK(v.has_userinfo == u.has_userinfo);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char base_s[] = "https://u:p@a.example:8443/dir/page?x#y";
  char bbuf[128];
  struct corsim__url base;
  struct corsim_str bs = {base_s, sizeof(base_s) - 1};
  CHECK(corsim__url_parse(bs, NULL, &base, bbuf, sizeof(bbuf)) == 0);

  struct corsim_str in = {(const char *)data, size};
  one(in, &base);
  one(in, NULL);
  memo_pair(data, size, &base);
  memo_pair(data, size, NULL);

  char obuf[4096];
  struct corsim__url o;
  bool opaque;
  int rc = corsim__origin_parse(in, &o, &opaque, obuf, sizeof(obuf));
  CHECK(rc == 0 || rc == CORSIM_EORIGIN || rc == CORSIM_ETOOBIG);
  if (rc == 0 && !opaque) {
    char ser[4096];
    long n = corsim__url_origin(&o, ser, sizeof(ser));
    CHECK(n >= 0 && (size_t)n == size && memcmp(ser, data, size) == 0);
  }
  return 0;
}
