/*
 * wire_pkt.h - builds TCP packets byte by byte for the wire layer's tests
 * (link decoding, pcap sources, fuzz seeds): a TCP segment over IPv4 or
 * IPv6, wrapped in the link header of a given DLT_ number. Header-only so
 * each test stays one file. Checksums are left zero: nothing reads them.
 */
#ifndef CORSIM_TEST_WIRE_PKT_H
#define CORSIM_TEST_WIRE_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct pkt_tcp {
  int family; /* 4 or 6 */
  uint8_t src[16], dst[16];
  uint16_t sport, dport;
  uint32_t seq, ack;
  uint8_t flags; /* WIRE_TCP_* (any TCP flag byte) */
  const void *payload;
  size_t plen;
  size_t optlen; /* TCP option bytes, a multiple of 4 (NOPs) */
};

static inline void pkt_be16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}

static inline void pkt_be32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* The TCP header, options and payload at p; returns their length. */
static inline size_t pkt_tcp_seg(uint8_t *p, const struct pkt_tcp *t) {
  size_t hl = 20 + t->optlen;
  memset(p, 0, hl);
  pkt_be16(p, t->sport);
  pkt_be16(p + 2, t->dport);
  pkt_be32(p + 4, t->seq);
  pkt_be32(p + 8, t->ack);
  p[12] = (uint8_t)((hl / 4) << 4);
  p[13] = t->flags;
  pkt_be16(p + 14, 65535);
  memset(p + 20, 1, t->optlen); /* NOP */
  if (t->plen > 0)
    memcpy(p + hl, t->payload, t->plen);
  return hl + t->plen;
}

/* The IP packet (header, TCP) at p; returns its length. */
static inline size_t pkt_ip(uint8_t *p, const struct pkt_tcp *t) {
  if (t->family == 6) {
    size_t n = pkt_tcp_seg(p + 40, t);
    memset(p, 0, 40);
    p[0] = 0x60;
    pkt_be16(p + 4, (uint16_t)n);
    p[6] = 6;
    p[7] = 64;
    memcpy(p + 8, t->src, 16);
    memcpy(p + 24, t->dst, 16);
    return 40 + n;
  } else {
    size_t n = pkt_tcp_seg(p + 20, t);
    memset(p, 0, 20);
    p[0] = 0x45;
    pkt_be16(p + 2, (uint16_t)(20 + n));
    pkt_be16(p + 6, 0x4000); /* DF */
    p[8] = 64;
    p[9] = 6;
    memcpy(p + 12, t->src, 4);
    memcpy(p + 16, t->dst, 4);
    return 20 + n;
  }
}

/* The link header of link type dlt for an IP packet of the given family
 * at p; returns its length (0 for the raw IP types). */
static inline size_t pkt_link_hdr(uint8_t *p, int dlt, int family) {
  uint16_t et = family == 6 ? 0x86dd : 0x0800;
  switch (dlt) {
  case 1: /* Ethernet */
    memset(p, 0, 14);
    memcpy(p, "\x02\0\0\0\0\x02\x02\0\0\0\0\x01", 12);
    pkt_be16(p + 12, et);
    return 14;
  case 113: /* Linux cooked */
    memset(p, 0, 16);
    pkt_be16(p + 2, 1); /* ARPHRD_ETHER */
    pkt_be16(p + 4, 6);
    pkt_be16(p + 14, et);
    return 16;
  case 276: /* Linux cooked v2 */
    memset(p, 0, 20);
    pkt_be16(p, et);
    pkt_be32(p + 4, 1);
    pkt_be16(p + 8, 1);
    p[11] = 6;
    return 20;
  case 0: /* BSD loopback, host order: little-endian here */
    p[0] = family == 6 ? 30 : 2;
    p[1] = p[2] = p[3] = 0;
    return 4;
  case 108: /* OpenBSD loopback, network order */
    p[0] = p[1] = p[2] = 0;
    p[3] = family == 6 ? 24 : 2;
    return 4;
  default: /* raw IP: 12, 14, 101, 228, 229 */
    return 0;
  }
}

/* A whole frame: link header of dlt, IP, TCP. Returns its length. */
static inline size_t pkt_frame(uint8_t *p, int dlt, const struct pkt_tcp *t) {
  size_t h = pkt_link_hdr(p, dlt, t->family);
  return h + pkt_ip(p + h, t);
}

/* Fills the addresses: 10.0.0.1 -> 10.0.0.2, or 2001:db8::1 -> ::2. */
static inline void pkt_addrs(struct pkt_tcp *t, int family, int swap) {
  memset(t->src, 0, 16);
  memset(t->dst, 0, 16);
  t->family = family;
  if (family == 6) {
    t->src[0] = t->dst[0] = 0x20;
    t->src[1] = t->dst[1] = 0x01;
    t->src[2] = t->dst[2] = 0x0d;
    t->src[3] = t->dst[3] = 0xb8;
    t->src[15] = 1;
    t->dst[15] = 2;
  } else {
    t->src[0] = t->dst[0] = 10;
    t->src[3] = 1;
    t->dst[3] = 2;
  }
  if (swap) {
    uint8_t tmp[16];
    memcpy(tmp, t->src, 16);
    memcpy(t->src, t->dst, 16);
    memcpy(t->dst, tmp, 16);
  }
}

#endif
