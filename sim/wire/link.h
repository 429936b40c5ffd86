/*
 * link.h - one captured packet to one TCP segment: the link layer
 * (Ethernet with any depth of 802.1Q/802.1ad tags, Linux cooked SLL and
 * SLL2, BSD loopback, raw IP), IPv4 or IPv6 (extension headers skipped),
 * then the TCP header.
 *
 * Pure computation: no libpcap (the link types are libpcap's DLT_
 * numbers, spelled out here so this file fuzzes alone), no allocation,
 * no state. Every read is bounds-checked against the captured length.
 */
#ifndef CORSIM_WIRE_LINK_H
#define CORSIM_WIRE_LINK_H

#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Link types, as pcap_datalink() returns them. DLT_RAW is 12 on most
 * systems and 14 on OpenBSD; LINKTYPE_RAW (101) is what files store. */
#define WIRE_DLT_NULL 0
#define WIRE_DLT_EN10MB 1
#define WIRE_DLT_RAW 12
#define WIRE_DLT_RAW_OPENBSD 14
#define WIRE_LINKTYPE_RAW 101
#define WIRE_DLT_LOOP 108
#define WIRE_DLT_LINUX_SLL 113
#define WIRE_DLT_IPV4 228
#define WIRE_DLT_IPV6 229
#define WIRE_DLT_LINUX_SLL2 276

/* Results of wire_link_decode. */
#define WIRE_DECODE_TCP 1   /* a TCP segment is in *out */
#define WIRE_DECODE_SKIP 0  /* not TCP over IP (ARP, UDP, a later fragment) */
#define WIRE_DECODE_BAD (-1) /* malformed or cut inside the headers */

/* Whether wire_link_decode knows the link type. */
bool wire_link_supported(int linktype);

/*
 * Decodes one packet of link type linktype: caplen bytes captured at pkt,
 * origlen bytes on the wire (more than caplen when the snapshot length
 * cut it; a smaller origlen is taken as caplen). packet and ts are copied
 * into the segment.
 *
 * Returns WIRE_DECODE_TCP with *out filled: out->payload points into pkt
 * (borrowed: valid as long as pkt), out->len is the payload captured and
 * out->wire_len the payload the IP length says was sent (len < wire_len
 * for a snaplen-cut packet). *why is NULL, or a short static text worth a
 * warning (an IPv4 or IPv6 first fragment: the rest of its payload is in
 * fragments that are not reassembled).
 * Returns WIRE_DECODE_SKIP for packets that are not TCP over IPv4/IPv6,
 * *why saying what they are; nothing in them is wrong.
 * Returns WIRE_DECODE_BAD for malformed packets, *why saying why.
 * *out is written only on WIRE_DECODE_TCP; *why always.
 */
int wire_link_decode(int linktype, const uint8_t *pkt, size_t caplen,
                     size_t origlen, uint64_t packet, double ts,
                     struct wire_segment *out, const char **why);

#endif
