/*
 * link.c - one captured packet to one TCP segment, see link.h.
 *
 * Each layer gets a pointer to its first byte and two lengths: cap, the
 * bytes captured from there on, and wire, the bytes that were on the wire
 * from there on (cap <= wire always holds). A layer reads only what it
 * has checked against cap (tcpdump's GET_ discipline: every read is
 * preceded by the check that makes it safe), and trusts a length field
 * only after checking it against wire. A snaplen cut is not an error as
 * long as the headers are whole: the payload is then shorter than the
 * IP length says, and the reassembler reports the tail as a gap.
 */
#include "link.h"

#include <string.h>

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100     /* 802.1Q */
#define ETHERTYPE_QINQ 0x88a8     /* 802.1ad service tag */
#define ETHERTYPE_QINQ_OLD 0x9100 /* pre-standard QinQ, still seen */
#define ARPHRD_NETLINK 824        /* Linux cooked captures of nlmon */

#define IPPROTO_TCP_ 6
#define IP6_HOPOPTS 0
#define IP6_ROUTING 43
#define IP6_FRAGMENT 44
#define IP6_AH 51
#define IP6_NONE 59
#define IP6_DSTOPTS 60
#define IP6_MOBILITY 135

/* What every decoder below needs: the packet's number and time, where the
 * segment goes and where the reason goes. */
struct ctx {
  uint64_t packet;
  double ts;
  struct wire_segment *out;
  const char **why;
};

static inline uint16_t be16(const uint8_t *p) {
  return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         (uint32_t)p[3];
}

static int bad(const struct ctx *c, const char *why) {
  *c->why = why;
  return WIRE_DECODE_BAD;
}

static int skip(const struct ctx *c, const char *why) {
  *c->why = why;
  return WIRE_DECODE_SKIP;
}

bool wire_link_supported(int linktype) {
  switch (linktype) {
  case WIRE_DLT_NULL:
  case WIRE_DLT_EN10MB:
  case WIRE_DLT_RAW:
  case WIRE_DLT_RAW_OPENBSD:
  case WIRE_LINKTYPE_RAW:
  case WIRE_DLT_LOOP:
  case WIRE_DLT_LINUX_SLL:
  case WIRE_DLT_IPV4:
  case WIRE_DLT_IPV6:
  case WIRE_DLT_LINUX_SLL2:
    return true;
  default:
    return false;
  }
}

/* The TCP header at p; cap <= wire, wire being the IP payload length. */
static int tcp(const struct ctx *c, const uint8_t *p, size_t cap, size_t wire,
               const char *frag_why) {
  struct wire_segment *s = c->out;
  size_t doff;

  if (wire < 20)
    return bad(c, "IP payload too short for a TCP header");
  if (cap < 20)
    return bad(c, "truncated TCP header");
  doff = (size_t)(p[12] >> 4) * 4;
  if (doff < 20)
    return bad(c, "TCP header length below 20");
  if (doff > wire)
    return bad(c, "TCP header length beyond the IP length");
  s->src.port = be16(p);
  s->dst.port = be16(p + 2);
  s->seq = be32(p + 4);
  s->ack = be32(p + 8);
  s->flags = (uint8_t)(p[13] & (WIRE_TCP_FIN | WIRE_TCP_SYN | WIRE_TCP_RST |
                                WIRE_TCP_ACK));
  s->wire_len = wire - doff;
  /* Options cut by the snapshot length still leave a usable segment: the
   * options are not needed, and the whole payload is then a gap. */
  if (doff <= cap) {
    s->payload = p + doff;
    s->len = cap - doff;
  } else {
    s->payload = p + cap;
    s->len = 0;
  }
  s->packet = c->packet;
  s->ts = c->ts;
  *c->why = frag_why;
  return WIRE_DECODE_TCP;
}

static int ip4(const struct ctx *c, const uint8_t *p, size_t cap, size_t wire) {
  struct wire_endpoint *src = &c->out->src, *dst = &c->out->dst;
  size_t ihl, tot;
  uint16_t frag;

  if (cap < 20)
    return bad(c, "truncated IPv4 header");
  if (p[0] >> 4 != 4)
    return bad(c, "IP version is not 4");
  ihl = (size_t)(p[0] & 0x0f) * 4;
  if (ihl < 20)
    return bad(c, "IPv4 header length below 20");
  if (ihl > cap)
    return bad(c, "truncated IPv4 options");
  tot = be16(p + 2);
  /* A total length of 0 is what TCP segmentation offload leaves in
   * packets captured on the sending host: the frame tells the length. */
  if (tot == 0)
    tot = wire;
  if (tot < ihl)
    return bad(c, "IPv4 total length below the header length");
  if (tot > wire)
    return bad(c, "IPv4 total length beyond the packet");
  frag = be16(p + 6);
  if ((frag & 0x1fff) != 0)
    return skip(c, "IPv4 fragment other than the first");
  if (p[9] != IPPROTO_TCP_)
    return skip(c, "not TCP");
  memset(src, 0, sizeof *src);
  memset(dst, 0, sizeof *dst);
  src->family = dst->family = 4;
  memcpy(src->addr, p + 12, 4);
  memcpy(dst->addr, p + 16, 4);
  /* Bytes past the total length (Ethernet padding) are not payload. */
  if (cap > tot)
    cap = tot;
  return tcp(c, p + ihl, cap - ihl, tot - ihl,
             (frag & 0x2000) != 0
                 ? "first IPv4 fragment: the rest of the segment is in "
                   "fragments that are not reassembled"
                 : NULL);
}

static int ip6(const struct ctx *c, const uint8_t *p, size_t cap, size_t wire) {
  struct wire_endpoint *src = &c->out->src, *dst = &c->out->dst;
  const char *frag_why = NULL;
  size_t tot, off = 40;
  uint8_t nh;

  if (cap < 40)
    return bad(c, "truncated IPv6 header");
  if (p[0] >> 4 != 6)
    return bad(c, "IP version is not 6");
  tot = 40 + (size_t)be16(p + 4);
  /* Payload length 0: a jumbogram or segmentation offload; the frame
   * tells the length. */
  if (tot == 40)
    tot = wire;
  if (tot > wire)
    return bad(c, "IPv6 payload length beyond the packet");
  if (cap > tot)
    cap = tot;
  nh = p[6];
  /* Every extension header is at least 8 bytes long, so the walk ends
   * within tot / 8 steps. */
  for (;;) {
    size_t hlen;
    switch (nh) {
    case IPPROTO_TCP_:
      memset(src, 0, sizeof *src);
      memset(dst, 0, sizeof *dst);
      src->family = dst->family = 6;
      memcpy(src->addr, p + 8, 16);
      memcpy(dst->addr, p + 24, 16);
      return tcp(c, p + off, cap - off, tot - off, frag_why);
    case IP6_HOPOPTS:
    case IP6_ROUTING:
    case IP6_DSTOPTS:
    case IP6_MOBILITY:
      if (cap - off < 2)
        return bad(c, "truncated IPv6 extension header");
      hlen = ((size_t)p[off + 1] + 1) * 8;
      break;
    case IP6_AH:
      if (cap - off < 2)
        return bad(c, "truncated IPv6 extension header");
      hlen = ((size_t)p[off + 1] + 2) * 4;
      break;
    case IP6_FRAGMENT:
      if (cap - off < 8)
        return bad(c, "truncated IPv6 fragment header");
      if ((be16(p + off + 2) & 0xfff8) != 0)
        return skip(c, "IPv6 fragment other than the first");
      if ((p[off + 3] & 1) != 0)
        frag_why = "first IPv6 fragment: the rest of the segment is in "
                   "fragments that are not reassembled";
      hlen = 8;
      break;
    case IP6_NONE:
      return skip(c, "IPv6 without a next header");
    default:
      return skip(c, "not TCP");
    }
    nh = p[off];
    if (hlen > tot - off)
      return bad(c, "IPv6 extension header beyond the payload length");
    off += hlen;
    if (off > cap)
      return bad(c, "truncated IPv6 extension header");
  }
}

/* An IP packet whose version the link layer did not say. */
static int ip_any(const struct ctx *c, const uint8_t *p, size_t cap,
                  size_t wire) {
  if (cap < 1)
    return bad(c, "empty packet");
  switch (p[0] >> 4) {
  case 4:
    return ip4(c, p, cap, wire);
  case 6:
    return ip6(c, p, cap, wire);
  default:
    return bad(c, "IP version is neither 4 nor 6");
  }
}

/* The payload of a frame whose type field (an EtherType) is type, at
 * offset off: VLAN tags of any depth, and 802.2 SNAP, unwrapped. */
static int ethertype(const struct ctx *c, const uint8_t *p, size_t cap,
                     size_t wire, size_t off, uint16_t type) {
  for (;;) {
    if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ ||
        type == ETHERTYPE_QINQ_OLD) {
      /* TCI (2 bytes), then the next type. */
      if (cap - off < 4)
        return bad(c, "truncated VLAN tag");
      type = be16(p + off + 2);
      off += 4;
      continue;
    }
    if (type <= 1500) {
      /* An 802.3 length: 802.2 LLC follows. Only SNAP with the
       * EtherType OUI carries IP. */
      static const uint8_t snap[6] = {0xaa, 0xaa, 0x03, 0, 0, 0};
      if (cap - off < 8 || memcmp(p + off, snap, 6) != 0)
        return skip(c, "802.2 LLC frame, not IP");
      type = be16(p + off + 6);
      off += 8;
      continue;
    }
    break;
  }
  switch (type) {
  case ETHERTYPE_IPV4:
    return ip4(c, p + off, cap - off, wire - off);
  case ETHERTYPE_IPV6:
    return ip6(c, p + off, cap - off, wire - off);
  default:
    return skip(c, "not IP (ARP or another EtherType)");
  }
}

/* BSD loopback: a 4-byte address family, in the byte order of the host
 * that captured (DLT_NULL) or big-endian (DLT_LOOP). A family fits in 16
 * bits, so a value with high bits set is one in the other order (what
 * tcpdump does too). AF_INET is 2 everywhere; AF_INET6 is 10 on Linux,
 * 24 on NetBSD and OpenBSD, 28 on FreeBSD and 30 on Darwin. */
static int loopback(const struct ctx *c, const uint8_t *p, size_t cap,
                    size_t wire) {
  uint32_t fam;

  if (cap < 4)
    return bad(c, "truncated loopback header");
  fam = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
        (uint32_t)p[3] << 24;
  if ((fam & 0xffff0000u) != 0)
    fam = be32(p);
  switch (fam) {
  case 2:
    return ip4(c, p + 4, cap - 4, wire - 4);
  case 10:
  case 24:
  case 28:
  case 30:
    return ip6(c, p + 4, cap - 4, wire - 4);
  default:
    return skip(c, "loopback family is not IP");
  }
}

int wire_link_decode(int linktype, const uint8_t *pkt, size_t caplen,
                     size_t origlen, uint64_t packet, double ts,
                     struct wire_segment *out, const char **why) {
  const struct ctx c = {packet, ts, out, why};
  size_t wire = origlen < caplen ? caplen : origlen;

  *why = NULL;
  if (pkt == NULL)
    caplen = 0;
  switch (linktype) {
  case WIRE_DLT_EN10MB:
    if (caplen < 14)
      return bad(&c, "truncated Ethernet header");
    return ethertype(&c, pkt, caplen, wire, 14, be16(pkt + 12));
  case WIRE_DLT_LINUX_SLL:
    /* packet type, ARPHRD type, address length, 8 address bytes,
     * protocol (an EtherType for the cases that matter here). */
    if (caplen < 16)
      return bad(&c, "truncated Linux cooked header");
    if (be16(pkt + 2) == ARPHRD_NETLINK)
      return skip(&c, "netlink, not IP");
    return ethertype(&c, pkt, caplen, wire, 16, be16(pkt + 14));
  case WIRE_DLT_LINUX_SLL2:
    /* protocol, reserved, interface index (4), ARPHRD type, packet type,
     * address length, 8 address bytes. */
    if (caplen < 20)
      return bad(&c, "truncated Linux cooked v2 header");
    if (be16(pkt + 8) == ARPHRD_NETLINK)
      return skip(&c, "netlink, not IP");
    return ethertype(&c, pkt, caplen, wire, 20, be16(pkt));
  case WIRE_DLT_NULL:
  case WIRE_DLT_LOOP:
    return loopback(&c, pkt, caplen, wire);
  case WIRE_DLT_RAW:
  case WIRE_DLT_RAW_OPENBSD:
  case WIRE_LINKTYPE_RAW:
    return ip_any(&c, pkt, caplen, wire);
  case WIRE_DLT_IPV4:
    return ip4(&c, pkt, caplen, wire);
  case WIRE_DLT_IPV6:
    return ip6(&c, pkt, caplen, wire);
  default:
    return bad(&c, "unsupported link type");
  }
}
