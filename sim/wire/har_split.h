/*
 * har_split.h - reads a HAR file as a stream and hands over the JSON text
 * of log.creator and of each element of log.entries, one at a time.
 *
 * A HAR is one JSON document, and loading it whole costs about 4.6 times
 * the file in memory (jansson's tree: a 207 MB export peaked at 950 MB).
 * The splitter checks the document's structure byte by byte (strings and
 * their escapes, brackets, commas and colons, the words true, false and
 * null and number characters) without building anything, and keeps only
 * the bytes of the element being read: memory is bounded by the largest
 * entry, not by the file. Each element's text is then parsed on its own
 * (har.c, jansson), so a malformed entry costs that entry only.
 */
#ifndef CORSIM_WIRE_HAR_SPLIT_H
#define CORSIM_WIRE_HAR_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum wire_har_item {
  WIRE_HAR_END,     /* the document ended well */
  WIRE_HAR_CREATOR, /* the value of log.creator */
  WIRE_HAR_ENTRY,   /* an element of log.entries */
  WIRE_HAR_ERROR    /* see wire_har_split_error; nothing follows */
};

/* Why a split failed, for the caller's message. */
enum wire_har_fault {
  WIRE_HAR_NOT_JSON,   /* the bytes are not JSON (message: the detail) */
  WIRE_HAR_NOT_OBJECT, /* the JSON is not an object */
  WIRE_HAR_NO_LOG,     /* no "log" object */
  WIRE_HAR_NO_ENTRIES, /* no log.entries array */
  WIRE_HAR_READ,       /* reading the file failed (errno in sys_errno) */
  WIRE_HAR_NOMEM       /* an element did not fit in memory */
};

struct wire_har_split;

/* A splitter reading f from its current position; NULL without memory. */
struct wire_har_split *wire_har_split_new(FILE *f);
void wire_har_split_free(struct wire_har_split *s);

/*
 * The next item. For CREATOR and ENTRY, *text and *len are the element's
 * JSON text (valid until the next call) and *line the line it starts on
 * (1-based). Elements come in file order; creator may come before,
 * between or after the entries. After END or ERROR every call returns
 * the same again.
 */
enum wire_har_item wire_har_split_next(struct wire_har_split *s,
                                       const char **text, size_t *len,
                                       unsigned long *line);

/*
 * After ERROR: the fault, the line and column (1-based) where it was
 * found, a short description ("unexpected '}'", "the file ends inside a
 * string"), and errno for WIRE_HAR_READ.
 */
enum wire_har_fault wire_har_split_error(const struct wire_har_split *s,
                                         unsigned long *line,
                                         unsigned long *column,
                                         const char **detail, int *sys_errno);

/* How many elements of log.entries were seen so far. */
size_t wire_har_split_entries(const struct wire_har_split *s);

#endif
