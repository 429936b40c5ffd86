/*
 * json_out.h - JSON string literals for the live edges' output: the log
 * lines of corsim serve (bytes from the network) and the configuration
 * the runner page reads (text from scenario files).
 */
#ifndef CORSIM_LIVE_JSON_OUT_H
#define CORSIM_LIVE_JSON_OUT_H

#include "buf.h"

#include <stddef.h>

/*
 * Appends p[0..n) as a quoted JSON string, reading each byte as the code
 * point of the same value: the Fetch standard's "isomorphic decode", which
 * is how a page's script sees header bytes. Nothing is lost: byte 0xE9 is
 * "\u00e9", and the UTF-8 bytes of "é" (0xC3 0xA9) are "\u00c3\u00a9".
 * The output is ASCII: controls, DEL and bytes from 0x80 are escaped.
 */
void json_out_bytes(struct buf *b, const char *p, size_t n);

/*
 * Appends UTF-8 text p[0..n) as a quoted JSON string that may also sit
 * inside an HTML <script> element: '<', '>' and '&' are escaped, and so
 * are U+2028 and U+2029. Bytes that are not UTF-8 are taken as Latin-1,
 * as in json_out_bytes (strings from jansson are always UTF-8).
 */
void json_out_text(struct buf *b, const char *p, size_t n);

/* The same for a NUL-terminated string; NULL appends null. */
void json_out_cstr(struct buf *b, const char *s);

#endif
