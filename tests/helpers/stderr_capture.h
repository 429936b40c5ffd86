/*
 * stderr_capture.h - what code under test writes to stderr, for unit
 * tests of messages: stderr goes to a temporary file between start and
 * stop, and stop hands its text back. Include after <cmocka.h>.
 */
#ifndef CORSIM_TEST_STDERR_CAPTURE_H
#define CORSIM_TEST_STDERR_CAPTURE_H

#include <stdio.h>
#include <unistd.h>

struct stderr_capture {
  FILE *f;
  int saved; /* the real stderr's descriptor */
};

static inline void stderr_capture_start(struct stderr_capture *c) {
  c->f = tmpfile();
  assert_non_null(c->f);
  fflush(stderr);
  c->saved = dup(STDERR_FILENO);
  assert_true(c->saved >= 0);
  assert_true(dup2(fileno(c->f), STDERR_FILENO) >= 0);
}

/* Puts stderr back; out gets what was written (cut to cap - 1 bytes). */
static inline void stderr_capture_stop(struct stderr_capture *c, char *out,
                                       size_t cap) {
  fflush(stderr);
  assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
  close(c->saved);
  rewind(c->f);
  size_t n = fread(out, 1, cap - 1, c->f);
  out[n] = '\0';
  fclose(c->f);
}

#endif
