/*
 * test_arena.c - the per-fetch bump allocator (sim/core/arena.c):
 * alignment, the inline first chunk, growth into malloc'd chunks, the
 * hard cap and the sticky failure flag, dup and printf.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"

static _Alignas(max_align_t) char inline_buf[256];

static void alignment_and_inline_chunk(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  char *p = corsim__arena_alloc(&a, 1);
  assert_ptr_equal(p, inline_buf);
  /* every allocation is 8-byte aligned: 1 byte, then 8 bytes further */
  char *q = corsim__arena_alloc(&a, 3);
  assert_ptr_equal(q, inline_buf + 8);
  for (size_t n = 1; n < 20; n++) {
    char *r = corsim__arena_alloc(&a, n);
    assert_non_null(r);
    assert_int_equal((uintptr_t)r % 8, 0);
  }
  corsim__arena_free(&a);
  /* 256 bytes fit the inline buffer exactly; the next byte needs a chunk */
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  for (int i = 0; i < 32; i++) {
    char *r = corsim__arena_alloc(&a, 8);
    assert_ptr_equal(r, inline_buf + 8 * i);
  }
  assert_null(a.chunks);
  char *r = corsim__arena_alloc(&a, 1);
  assert_non_null(r);
  assert_non_null(a.chunks);
  assert_true(r < inline_buf || r >= inline_buf + sizeof(inline_buf));
  assert_false(a.failed);
  corsim__arena_free(&a);
}

static void grows_into_chunks(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  char *big = corsim__arena_alloc(&a, 10000);
  assert_non_null(big);
  assert_non_null(a.chunks);
  memset(big, 'x', 10000); /* ASan checks the extent */
  /* earlier allocations stay valid while later ones land elsewhere */
  struct corsim_str s = corsim__arena_dup(&a, corsim_str_c("keep"));
  for (int i = 0; i < 1000; i++)
    assert_non_null(corsim__arena_alloc(&a, 100));
  assert_string_equal(s.ptr, "keep");
  assert_int_equal(big[9999], 'x');
  corsim__arena_free(&a);
  assert_null(a.chunks);
  /* no inline buffer at all */
  corsim__arena_init(&a, NULL, 0);
  assert_non_null(corsim__arena_alloc(&a, 1));
  corsim__arena_free(&a);
}

static void hard_cap_and_sticky_failure(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  assert_null(corsim__arena_alloc(&a, CORSIM_ARENA_MAX + 1));
  assert_true(a.failed);
  /* the flag stays set though later allocations work */
  assert_non_null(corsim__arena_alloc(&a, 8));
  assert_true(a.failed);
  corsim__arena_free(&a);
  /* the total is capped too, not just one request */
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  size_t got = 0;
  while (corsim__arena_alloc(&a, 1024 * 1024) != NULL)
    got++;
  assert_true(a.failed);
  assert_true(got >= 8 && got < 16);
  struct corsim_str d = corsim__arena_dup(&a, corsim_str_c("x"));
  (void)d;
  struct corsim_str big = corsim__arena_printf(&a, "%*s", 8 * 1024 * 1024, "");
  assert_int_equal(big.len, 0);
  assert_string_equal(big.ptr, "");
  corsim__arena_free(&a);
}

/* corsim__copy and the lower-casing dup at every length its word paths
 * split on, against memcpy and a byte loop. */
static void copy_and_dup_lower(void **state) {
  (void)state;
  char src[200], dst[208];
  for (size_t i = 0; i < sizeof(src); i++)
    src[i] = (char)("AbC-dEf_Gh@[`{zZ\xC9"[i % 16]);
  for (size_t n = 0; n <= sizeof(src); n++) {
    memset(dst, '#', sizeof(dst));
    corsim__copy(dst, src, n);
    if (n > 0)
      assert_memory_equal(dst, src, n);
    assert_int_equal(dst[n], '#'); /* nothing written past n */
  }
  struct corsim__arena a;
  for (size_t n = 0; n <= 40; n++) {
    corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
    struct corsim_str d = corsim__arena_dup_lower(&a, (struct corsim_str){src, n});
    assert_int_equal(d.len, n);
    for (size_t i = 0; i < n; i++)
      assert_int_equal(d.ptr[i], corsim__ascii_lower(src[i]));
    assert_int_equal(d.ptr[n], '\0');
    corsim__arena_free(&a);
  }
}

static void dup_and_printf(void **state) {
  (void)state;
  struct corsim__arena a;
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  char src[] = {'a', 'b', 'c', 'd'};
  struct corsim_str d = corsim__arena_dup(&a, (struct corsim_str){src, 3});
  assert_int_equal(d.len, 3);
  assert_string_equal(d.ptr, "abc"); /* NUL-terminated */
  struct corsim_str e = corsim__arena_dup(&a, (struct corsim_str){NULL, 0});
  assert_int_equal(e.len, 0);
  assert_string_equal(e.ptr, "");
  struct corsim_str p = corsim__arena_printf(&a, "%d-%s-%.*s", 42, "x", 2, "yz!");
  assert_int_equal(p.len, 7);
  assert_string_equal(p.ptr, "42-x-yz");
  /* a long one spills into a chunk */
  struct corsim_str l = corsim__arena_printf(&a, "%0500d", 7);
  assert_int_equal(l.len, 500);
  assert_int_equal(l.ptr[499], '7');
  assert_int_equal(l.ptr[500], '\0');
  corsim__arena_free(&a);
}

/* Checks one format against vsnprintf, byte for byte. (clang's
 * -Wformat-nonliteral wants the attribute; gcc's would then refuse the
 * empty and NULL-argument formats this test needs.) */
#if defined(__clang__)
__attribute__((format(printf, 1, 2)))
#endif
static void same_as_vsnprintf(const char *fmt, ...) {
  char want[512];
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(want, sizeof(want), fmt, ap2);
  va_end(ap2);
  struct corsim__arena a;
  corsim__arena_init(&a, inline_buf, sizeof(inline_buf));
  struct corsim_str got = corsim__arena_vprintf(&a, fmt, ap);
  va_end(ap);
  assert_true(n >= 0 && (size_t)n < sizeof(want));
  assert_int_equal(got.len, (size_t)n);
  assert_memory_equal(got.ptr, want, (size_t)n + 1); /* and the NUL */
  corsim__arena_free(&a);
}

/* The formats printf handles without vsnprintf (text, %%, %s, %.*s, %d)
 * and those it leaves to it must come out as vsnprintf writes them. */
static void printf_plain_and_general_formats(void **state) {
  (void)state;
  char nul[] = {'a', 'b', '\0', 'c', 'd'};
  same_as_vsnprintf("");
  same_as_vsnprintf("no conversions at all");
  same_as_vsnprintf("100%% of %s", "it");
  same_as_vsnprintf("%d %d %d %d %d", 0, -1, 7, INT_MAX, INT_MIN);
  same_as_vsnprintf("[%.*s][%.*s][%.*s]", 3, "abcdef", 0, "xyz", 10, "ab");
  same_as_vsnprintf("neg precision [%.*s]", -1, "whole string");
  same_as_vsnprintf("stops at NUL [%.*s]", 5, nul);
  same_as_vsnprintf("%s%s%s", "", "a", "");
  same_as_vsnprintf("null [%s] [%.*s]", (char *)NULL, 6, (char *)NULL);
  same_as_vsnprintf("null [%.*s] [%.*s] [%.*s]", 0, (char *)NULL, 5,
                    (char *)NULL, -1, (char *)NULL);
  same_as_vsnprintf("general %5d %-4s| %x %zu %.1f", 42, "ab", 255u,
                    (size_t)9, 2.5);
  same_as_vsnprintf("mixed %s then %u", "plain", 3u);
  same_as_vsnprintf("trailing percent %d%%", 50);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(alignment_and_inline_chunk),
      cmocka_unit_test(grows_into_chunks),
      cmocka_unit_test(hard_cap_and_sticky_failure),
      cmocka_unit_test(dup_and_printf),
      cmocka_unit_test(printf_plain_and_general_formats),
      cmocka_unit_test(copy_and_dup_lower),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
