/*
 * scenario_set.c - loading the scenarios of several files into one
 * numbered list (scenario_set.h).
 */
#include "scenario_set.h"

#include "diag.h"

#include <stdlib.h>
#include <string.h>

void scenario_set_cleanup(struct scenario_set *s) {
  for (size_t i = 0; i < s->n; i++)
    if (s->ok[i])
      scenario_cleanup(&s->scs[i]);
  for (size_t i = 0; i < s->nfiles; i++)
    scenario_file_cleanup(&s->files[i]);
  free(s->files);
  free(s->scs);
  free(s->ok);
  free(s->file);
  memset(s, 0, sizeof(*s));
}

static int grow(struct scenario_set *s) {
  size_t cap = s->cap == 0 ? 16 : s->cap * 2;
  struct scenario *scs = realloc(s->scs, cap * sizeof(*scs));
  if (scs == NULL)
    return -1;
  s->scs = scs;
  bool *ok = realloc(s->ok, cap * sizeof(*ok));
  if (ok == NULL)
    return -1;
  s->ok = ok;
  const char **file = realloc(s->file, cap * sizeof(*file));
  if (file == NULL)
    return -1;
  s->file = file;
  s->cap = cap;
  return 0;
}

int scenario_set_load(struct scenario_set *s, char *const *files,
                      size_t nfiles, const char *cmd) {
  int status = 0;

  memset(s, 0, sizeof(*s));
  s->files = calloc(nfiles + 1, sizeof(*s->files));
  if (s->files == NULL) {
    diag_usage("%s: out of memory", cmd);
    return 2;
  }
  for (size_t i = 0; i < nfiles; i++) {
    struct scenario_file *f = &s->files[s->nfiles];
    struct diag d;

    if (scenario_file_load(f, files[i], &d) != 0) {
      status = 2;
      continue;
    }
    s->nfiles++;
    for (size_t k = 0; k < f->nslots; k++) {
      const struct scenario_slot *slot = &f->slots[k];

      if (s->n == s->cap && grow(s) != 0) {
        diag_usage("%s: out of memory", cmd);
        return 2;
      }
      s->file[s->n] = f->display;
      s->ok[s->n] = false;
      diag_scenario(&d, k + 1);
      if (slot->value == NULL) {
        diag_error_at(&d, slot->line, slot->column, "invalid JSON: %s",
                      slot->error);
        status = 2;
      } else if (scenario_parse(&s->scs[s->n], slot->value, k + 1, &d) != 0) {
        status = 2;
      } else {
        s->ok[s->n] = true;
      }
      s->n++;
    }
  }
  return status;
}
