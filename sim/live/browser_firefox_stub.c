/*
 * browser_firefox_stub.c - a placeholder until browser_firefox.c exists:
 * Firefox is not built in, so browser_launch with BROWSER_FIREFOX fails
 * with "firefox support not built". Delete this file when adding
 * browser_firefox.c, which defines browser_firefox_ops itself.
 */
#include "browser_int.h"

const struct browser_ops *browser_firefox_ops(void) { return NULL; }
