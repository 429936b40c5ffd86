/*
 * test_link.c - sim/wire/link.c: every link type with IPv4 and IPv6,
 * VLAN tags, SNAP, IPv6 extension headers, fragments, TCP options,
 * padding, snaplen cuts, segmentation offload, what is skipped, what is
 * malformed, and every truncation of valid packets (each decoded from a
 * buffer of exactly its captured size, so ASan sees any over-read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "wire_pkt.h"

static struct wire_segment seg;
static const char *why;

/* Decodes the first caplen bytes of p from a heap copy of exactly that
 * size; origlen 0 means caplen. */
static int decode(int dlt, const uint8_t *p, size_t caplen, size_t origlen) {
  uint8_t *copy = malloc(caplen > 0 ? caplen : 1);
  int rc;
  assert_non_null(copy);
  if (caplen > 0)
    memcpy(copy, p, caplen);
  memset(&seg, 0xa5, sizeof seg);
  rc = wire_link_decode(dlt, caplen > 0 ? copy : NULL, caplen,
                        origlen ? origlen : caplen, 7, 1.5, &seg, &why);
  if (rc == WIRE_DECODE_TCP) {
    /* the payload lies inside the packet */
    assert_true(seg.payload >= copy && seg.payload + seg.len <= copy + caplen);
    assert_true(seg.len <= seg.wire_len);
    /* compare it later against the original */
    seg.payload = p + (seg.payload - copy);
  }
  free(copy);
  return rc;
}

static struct pkt_tcp sample(int family) {
  static const char body[] = "GET / HTTP/1.1\r\n\r\n";
  struct pkt_tcp t = {0};
  pkt_addrs(&t, family, 0);
  t.sport = 40000;
  t.dport = 80;
  t.seq = 0x01020304;
  t.ack = 0xa0b0c0d0;
  t.flags = WIRE_TCP_ACK | 0x08 /* PSH, not passed on */;
  t.payload = body;
  t.plen = sizeof body - 1;
  return t;
}

static void check_sample(const struct pkt_tcp *t) {
  assert_int_equal(seg.src.family, t->family);
  assert_int_equal(seg.dst.family, t->family);
  assert_memory_equal(seg.src.addr, t->src, 16);
  assert_memory_equal(seg.dst.addr, t->dst, 16);
  assert_int_equal(seg.src.port, t->sport);
  assert_int_equal(seg.dst.port, t->dport);
  assert_int_equal(seg.seq, t->seq);
  assert_int_equal(seg.ack, t->ack);
  assert_int_equal(seg.flags, WIRE_TCP_ACK);
  assert_int_equal(seg.len, t->plen);
  assert_int_equal(seg.wire_len, t->plen);
  assert_memory_equal(seg.payload, t->payload, t->plen);
  assert_int_equal(seg.packet, 7);
  assert_true(seg.ts == 1.5);
}

static void every_link_type(void **state) {
  static const int dlts[] = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276};
  (void)state;
  for (size_t i = 0; i < sizeof dlts / sizeof dlts[0]; i++) {
    for (int family = 4; family <= 6; family += 2) {
      uint8_t buf[256];
      struct pkt_tcp t = sample(family);
      size_t n;
      if ((dlts[i] == 228 && family == 6) || (dlts[i] == 229 && family == 4))
        continue;
      n = pkt_frame(buf, dlts[i], &t);
      assert_true(wire_link_supported(dlts[i]));
      if (decode(dlts[i], buf, n, 0) != WIRE_DECODE_TCP)
        fail_msg("link type %d, IPv%d: %s", dlts[i], family, why);
      assert_null(why);
      check_sample(&t);
    }
  }
  assert_false(wire_link_supported(105));
  assert_false(wire_link_supported(-1));
}

static void loopback_families(void **state) {
  /* AF_INET6 differs across BSDs; both byte orders are accepted. */
  static const uint8_t fam6[] = {10, 24, 28, 30};
  uint8_t buf[256];
  struct pkt_tcp t4 = sample(4), t6 = sample(6);
  (void)state;
  for (size_t i = 0; i < sizeof fam6; i++) {
    size_t n = 4 + pkt_ip(buf + 4, &t6);
    memset(buf, 0, 4);
    buf[0] = fam6[i]; /* little-endian */
    assert_int_equal(decode(0, buf, n, 0), WIRE_DECODE_TCP);
    check_sample(&t6);
    buf[0] = 0;
    buf[3] = fam6[i]; /* big-endian */
    assert_int_equal(decode(0, buf, n, 0), WIRE_DECODE_TCP);
    assert_int_equal(decode(108, buf, n, 0), WIRE_DECODE_TCP);
  }
  size_t n = 4 + pkt_ip(buf + 4, &t4);
  memcpy(buf, "\0\0\0\x02", 4);
  assert_int_equal(decode(108, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t4);
  memcpy(buf, "\x07\0\0\0", 4); /* another family */
  assert_int_equal(decode(0, buf, n, 0), WIRE_DECODE_SKIP);
  assert_non_null(why);
  /* AF_INET with an IPv6 packet behind it */
  n = 4 + pkt_ip(buf + 4, &t6);
  memcpy(buf, "\x02\0\0\0", 4);
  assert_int_equal(decode(0, buf, n, 0), WIRE_DECODE_BAD);
}

static void raw_ip_versions(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t4 = sample(4), t6 = sample(6);
  size_t n4 = pkt_ip(buf, &t4);
  (void)state;
  assert_int_equal(decode(229, buf, n4, 0), WIRE_DECODE_BAD);
  buf[0] = 0x55;
  assert_int_equal(decode(12, buf, n4, 0), WIRE_DECODE_BAD);
  size_t n6 = pkt_ip(buf, &t6);
  assert_int_equal(decode(228, buf, n6, 0), WIRE_DECODE_BAD);
  assert_int_equal(decode(101, buf, 0, 0), WIRE_DECODE_BAD);
}

/* Ethernet frame with the given tags (EtherTypes of the tag headers)
 * before the IP packet of t. */
static size_t vlan_frame(uint8_t *buf, const uint16_t *tags, size_t ntags,
                         const struct pkt_tcp *t) {
  size_t off = 12;
  memset(buf, 0, 12);
  for (size_t i = 0; i < ntags; i++) {
    pkt_be16(buf + off, tags[i]);
    pkt_be16(buf + off + 2, (uint16_t)(100 + i)); /* TCI */
    off += 4;
  }
  pkt_be16(buf + off, t->family == 6 ? 0x86dd : 0x0800);
  off += 2;
  return off + pkt_ip(buf + off, t);
}

static void vlan_tags(void **state) {
  static const uint16_t q[] = {0x8100}, qinq[] = {0x88a8, 0x8100},
                        deep[] = {0x9100, 0x88a8, 0x8100, 0x8100, 0x8100};
  uint8_t buf[512];
  struct pkt_tcp t = sample(4), t6 = sample(6);
  size_t n;
  (void)state;
  n = vlan_frame(buf, q, 1, &t);
  assert_int_equal(decode(1, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
  n = vlan_frame(buf, qinq, 2, &t6);
  assert_int_equal(decode(1, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t6);
  n = vlan_frame(buf, deep, 5, &t);
  assert_int_equal(decode(1, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
  /* cut inside the tags */
  assert_int_equal(decode(1, buf, 12 + 4 * 3 + 2, 0), WIRE_DECODE_BAD);
  assert_string_equal(why, "truncated VLAN tag");
  /* a tag in a Linux cooked capture */
  n = pkt_link_hdr(buf, 113, 4);
  pkt_be16(buf + 14, 0x8100);
  pkt_be16(buf + 16, 5);
  pkt_be16(buf + 18, 0x0800);
  n = 20 + pkt_ip(buf + 20, &t);
  assert_int_equal(decode(113, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
}

static void snap_and_other_ethertypes(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t = sample(4);
  size_t n;
  (void)state;
  /* 802.3 length, then LLC/SNAP carrying IPv4 */
  memset(buf, 0, 14);
  n = pkt_ip(buf + 22, &t);
  pkt_be16(buf + 12, (uint16_t)(8 + n));
  memcpy(buf + 14, "\xaa\xaa\x03\0\0\0\x08\x00", 8);
  assert_int_equal(decode(1, buf, 22 + n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
  /* plain LLC (spanning tree): skipped */
  memcpy(buf + 14, "\x42\x42\x03\0\0\0\0\0", 8);
  assert_int_equal(decode(1, buf, 22 + n, 0), WIRE_DECODE_SKIP);
  /* ARP */
  memset(buf, 0, 42);
  pkt_be16(buf + 12, 0x0806);
  assert_int_equal(decode(1, buf, 42, 0), WIRE_DECODE_SKIP);
  assert_non_null(why);
  /* netlink in a cooked capture */
  pkt_link_hdr(buf, 113, 4);
  pkt_be16(buf + 2, 824);
  assert_int_equal(decode(113, buf, 16 + n, 0), WIRE_DECODE_SKIP);
  pkt_link_hdr(buf, 276, 4);
  pkt_be16(buf + 8, 824);
  assert_int_equal(decode(276, buf, 20 + n, 0), WIRE_DECODE_SKIP);
}

static void ipv4_protocols_and_fragments(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t = sample(4);
  size_t n = pkt_ip(buf, &t);
  (void)state;
  buf[9] = 17; /* UDP */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_SKIP);
  assert_string_equal(why, "not TCP");
  buf[9] = 1; /* ICMP */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_SKIP);
  buf[9] = 6;
  pkt_be16(buf + 6, 0x2000 | 185); /* a later fragment */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_SKIP);
  assert_string_equal(why, "IPv4 fragment other than the first");
  pkt_be16(buf + 6, 0x0010); /* the last fragment */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_SKIP);
  pkt_be16(buf + 6, 0x2000); /* the first fragment: decoded, with a why */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_TCP);
  assert_non_null(why);
  check_sample(&t);
}

static void ipv4_options_tcp_options_padding(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t = sample(4);
  size_t n;
  (void)state;
  /* IPv4 with 8 bytes of options, TCP with 12 */
  t.optlen = 12;
  n = pkt_tcp_seg(buf + 28, &t);
  memset(buf, 0, 28);
  buf[0] = 0x47;
  pkt_be16(buf + 2, (uint16_t)(28 + n));
  buf[9] = 6;
  memcpy(buf + 12, t.src, 4);
  memcpy(buf + 16, t.dst, 4);
  memset(buf + 20, 1, 8);
  assert_int_equal(decode(12, buf, 28 + n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
  /* Ethernet padding after a short packet is not payload */
  t = sample(4);
  t.plen = 0;
  n = pkt_frame(buf, 1, &t);
  memset(buf + n, 0xee, 60 - n);
  assert_int_equal(decode(1, buf, 60, 0), WIRE_DECODE_TCP);
  assert_int_equal(seg.len, 0);
  assert_int_equal(seg.wire_len, 0);
}

static void snaplen_cut(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t = sample(4);
  size_t n = pkt_frame(buf, 1, &t);
  (void)state;
  /* cut 5 bytes into the payload */
  assert_int_equal(decode(1, buf, 14 + 20 + 20 + 5, n), WIRE_DECODE_TCP);
  assert_int_equal(seg.len, 5);
  assert_int_equal(seg.wire_len, t.plen);
  assert_memory_equal(seg.payload, t.payload, 5);
  /* cut inside the TCP options: no payload captured, all of it sent */
  t.optlen = 20;
  n = pkt_frame(buf, 1, &t);
  assert_int_equal(decode(1, buf, 14 + 20 + 24, n), WIRE_DECODE_TCP);
  assert_int_equal(seg.len, 0);
  assert_int_equal(seg.wire_len, t.plen);
  assert_int_equal(seg.seq, t.seq);
  /* cut inside the fixed TCP header: malformed */
  assert_int_equal(decode(1, buf, 14 + 20 + 19, n), WIRE_DECODE_BAD);
  assert_string_equal(why, "truncated TCP header");
  /* IPv6 */
  struct pkt_tcp t6 = sample(6);
  n = pkt_frame(buf, 276, &t6);
  assert_int_equal(decode(276, buf, 20 + 40 + 20 + 3, n), WIRE_DECODE_TCP);
  assert_int_equal(seg.len, 3);
  assert_int_equal(seg.wire_len, t6.plen);
}

static void offload_zero_lengths(void **state) {
  uint8_t buf[256];
  struct pkt_tcp t = sample(4), t6 = sample(6);
  size_t n = pkt_ip(buf, &t);
  (void)state;
  pkt_be16(buf + 2, 0); /* TSO: the frame tells the length */
  assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t);
  n = pkt_ip(buf, &t6);
  pkt_be16(buf + 4, 0);
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_TCP);
  check_sample(&t6);
}

/* An IPv6 packet with the given extension headers (each as next-header
 * value; lengths chosen here) before the TCP segment of t. */
static size_t ip6_ext(uint8_t *buf, const uint8_t *ext, size_t next,
                      const struct pkt_tcp *t, uint16_t frag) {
  size_t off = 40;
  memset(buf, 0, 40);
  buf[0] = 0x60;
  buf[6] = next > 0 ? ext[0] : 6;
  memcpy(buf + 8, t->src, 16);
  memcpy(buf + 24, t->dst, 16);
  for (size_t i = 0; i < next; i++) {
    uint8_t nh = i + 1 < next ? ext[i + 1] : 6;
    size_t hl;
    switch (ext[i]) {
    case 44:
      hl = 8;
      memset(buf + off, 0, 8);
      pkt_be16(buf + off + 2, frag);
      break;
    case 51: /* AH: (len + 2) * 4 bytes */
      hl = 24;
      memset(buf + off, 0, hl);
      buf[off + 1] = 4;
      break;
    default: /* (len + 1) * 8 bytes */
      hl = 16;
      memset(buf + off, 1, hl);
      buf[off + 1] = 1;
      break;
    }
    buf[off] = nh;
    off += hl;
  }
  off += pkt_tcp_seg(buf + off, t);
  pkt_be16(buf + 4, (uint16_t)(off - 40));
  return off;
}

static void ipv6_extension_headers(void **state) {
  static const uint8_t all[] = {0, 43, 60, 51, 135, 44};
  uint8_t buf[512];
  struct pkt_tcp t = sample(6);
  size_t n;
  (void)state;
  n = ip6_ext(buf, all, sizeof all, &t, 0);
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_TCP);
  assert_null(why);
  check_sample(&t);
  /* first fragment, more to come */
  n = ip6_ext(buf, all, sizeof all, &t, 1);
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_TCP);
  assert_non_null(why);
  /* a later fragment */
  n = ip6_ext(buf, all + 5, 1, &t, 0x0100);
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_SKIP);
  /* no next header; UDP; ESP */
  static const uint8_t none[] = {59}, udp[] = {17}, esp[] = {50};
  n = ip6_ext(buf, none, 1, &t, 0);
  buf[6] = 59;
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_SKIP);
  n = ip6_ext(buf, udp, 0, &t, 0);
  buf[6] = udp[0];
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_SKIP);
  buf[6] = esp[0];
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_SKIP);
  /* an extension header longer than the payload length */
  n = ip6_ext(buf, all, 1, &t, 0);
  buf[41] = 200;
  assert_int_equal(decode(229, buf, n, 0), WIRE_DECODE_BAD);
  /* the same, with a snaplen cut inside the extension headers */
  n = ip6_ext(buf, all, sizeof all, &t, 0);
  assert_int_equal(decode(229, buf, 40 + 20, n), WIRE_DECODE_BAD);
}

static void malformed(void **state) {
  uint8_t good[256], buf[256];
  struct pkt_tcp t = sample(4);
  size_t n = pkt_ip(good, &t);
  (void)state;
#define BAD_WITH(stmt)                                                         \
  do {                                                                         \
    memcpy(buf, good, n);                                                      \
    stmt;                                                                      \
    assert_int_equal(decode(12, buf, n, 0), WIRE_DECODE_BAD);                  \
    assert_non_null(why);                                                      \
  } while (0)
  BAD_WITH(buf[0] = 0x44);                      /* IHL 4 */
  BAD_WITH(buf[0] = 0x4f);                      /* IHL beyond the packet */
  BAD_WITH(pkt_be16(buf + 2, 10));              /* total < header */
  BAD_WITH(pkt_be16(buf + 2, (uint16_t)(n + 1))); /* total > frame */
  BAD_WITH(pkt_be16(buf + 2, 30));              /* no room for TCP */
  BAD_WITH(buf[32] = 0x40);                     /* TCP data offset 4 */
  BAD_WITH(buf[32] = 0xf0);                     /* data offset > IP length */
#undef BAD_WITH
  /* a total length beyond the captured bytes but within the frame is a
   * snaplen cut, not an error */
  assert_int_equal(decode(12, good, n - 4, n), WIRE_DECODE_TCP);
  assert_int_equal(seg.len, t.plen - 4);
  assert_int_equal(seg.wire_len, t.plen);
  /* origlen below caplen is taken as caplen */
  assert_int_equal(decode(12, good, n, 3), WIRE_DECODE_TCP);
  check_sample(&t);
  assert_int_equal(decode(105, good, n, 0), WIRE_DECODE_BAD);
  assert_string_equal(why, "unsupported link type");
}

/* Every prefix of valid packets decodes to TCP or BAD, never past the end:
 * the snaplen advice of tcpdump's test suite. */
static void every_truncation(void **state) {
  static const int dlts[] = {0, 1, 12, 108, 113, 276};
  static const uint8_t ext[] = {0, 43, 44, 60};
  uint8_t buf[512];
  (void)state;
  for (size_t i = 0; i < sizeof dlts / sizeof dlts[0]; i++) {
    for (int family = 4; family <= 6; family += 2) {
      struct pkt_tcp t = sample(family);
      size_t n;
      t.optlen = 8;
      if (family == 6 && dlts[i] == 12) {
        n = ip6_ext(buf, ext, sizeof ext, &t, 0);
      } else {
        n = pkt_frame(buf, dlts[i], &t);
      }
      for (size_t cut = 0; cut <= n; cut++) {
        int rc = decode(dlts[i], buf, cut, n);
        assert_true(rc == WIRE_DECODE_TCP || rc == WIRE_DECODE_BAD);
        if (rc == WIRE_DECODE_TCP) {
          assert_int_equal(seg.wire_len, t.plen);
          assert_memory_equal(seg.payload, t.payload, seg.len);
        } else {
          assert_non_null(why);
        }
        /* the same bytes, as if the whole frame were that long */
        rc = decode(dlts[i], buf, cut, 0);
        assert_true(rc == WIRE_DECODE_TCP || rc == WIRE_DECODE_BAD);
        if (cut < n)
          assert_int_equal(rc, WIRE_DECODE_BAD);
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_link_type),
      cmocka_unit_test(loopback_families),
      cmocka_unit_test(raw_ip_versions),
      cmocka_unit_test(vlan_tags),
      cmocka_unit_test(snap_and_other_ethertypes),
      cmocka_unit_test(ipv4_protocols_and_fragments),
      cmocka_unit_test(ipv4_options_tcp_options_padding),
      cmocka_unit_test(snaplen_cut),
      cmocka_unit_test(offload_zero_lengths),
      cmocka_unit_test(ipv6_extension_headers),
      cmocka_unit_test(malformed),
      cmocka_unit_test(every_truncation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
