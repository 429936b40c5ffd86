/*
 * fuzz_wire_link.c - libFuzzer target for sim/wire/link.c, one packet to
 * one TCP segment.
 *
 * The first input byte chooses the link type (its low 4 bits index the
 * table below, one entry of which link.c does not know) and how much
 * longer than captured the packet was on the wire (the high 4 bits, in
 * steps of 97 bytes: a snaplen cut); the rest is the packet, in a buffer
 * of exactly its size (libFuzzer's), so ASan sees any over-read.
 * Invariants: the result is one of the three; a segment's payload lies in
 * the packet and is not longer than what was sent; a packet captured
 * whole yields its whole payload; a reason comes with every refusal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      abort();                                                                 \
  } while (0)

static const int linktypes[16] = {0,   1,   12,  14,  101, 108, 113, 228,
                                  229, 276, 1,   113, 276, 1,   12,  105};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct wire_segment s;
  const char *why;
  const uint8_t *pkt;
  size_t caplen, extra;
  int dlt, rc;

  if (size < 1)
    return 0;
  dlt = linktypes[data[0] & 15];
  extra = (size_t)(data[0] >> 4) * 97;
  pkt = data + 1;
  caplen = size - 1;
  for (int cut = 0; cut < 2; cut++) {
    size_t origlen = caplen + (cut ? extra : 0);
    memset(&s, 0, sizeof s);
    rc = wire_link_decode(dlt, caplen > 0 ? pkt : NULL, caplen, origlen, 9,
                          2.5, &s, &why);
    CHECK(rc == WIRE_DECODE_TCP || rc == WIRE_DECODE_SKIP ||
          rc == WIRE_DECODE_BAD);
    if (rc != WIRE_DECODE_TCP) {
      CHECK(why != NULL && why[0] != '\0');
      continue;
    }
    CHECK(s.payload >= pkt && s.len <= caplen &&
          (size_t)(s.payload - pkt) <= caplen - s.len);
    CHECK(s.len <= s.wire_len);
    CHECK(s.wire_len <= origlen);
    if (origlen == caplen)
      CHECK(s.len == s.wire_len);
    CHECK(s.src.family == 4 || s.src.family == 6);
    CHECK(s.src.family == s.dst.family);
    CHECK((s.flags & ~(WIRE_TCP_FIN | WIRE_TCP_SYN | WIRE_TCP_RST |
                       WIRE_TCP_ACK)) == 0);
    CHECK(s.packet == 9 && s.ts == 2.5);
    { /* read every payload byte: ASan checks they are in the packet */
      volatile unsigned sum = 0;
      for (size_t i = 0; i < s.len; i++)
        sum += s.payload[i];
      (void)sum;
    }
  }
  return 0;
}
