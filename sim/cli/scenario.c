/*
 * scenario.c - scenario files: splitting a file into scenarios and turning
 * each into corsim_request values and server rules, see scenario.h.
 *
 * Every field is checked against the table of the scenario format. Wrong
 * types and unknown values are errors; unknown fields are warnings only,
 * because the format grows by adding fields and an older corsim must still
 * run a newer file.
 */
#include "scenario.h"

#include "buf.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No scenario file comes near this; it bounds what one read may take. */
#define FILE_MAX ((size_t)256 * 1024 * 1024)
#define PATH_CAP 96

const char *const scenario_expect_fields[] = {
    "scenario", "request", "browser", "response_type", "blocked",
    "status",   "error",   "message", "preflight",     "wire",
    "exposed_headers", "fix", "also", "notes", NULL};

/* "note" is corsim's compatible extension: free text (where an expectation
 * comes from), read by people, ignored by the simulator. */
static const char *const scenario_fields[] = {
    "name", "browser", "origin", "request", "requests", "server", "note", NULL};
static const char *const request_fields[] = {
    "api",  "url",  "method",           "headers", "mode", "credentials",
    "redirect", "body", "upload_listeners", "at",   "expect", NULL};
static const char *const rule_fields[] = {"method", "url", "status",
                                          "headers", NULL};

/* ---- reading a file ---------------------------------------------------- */

/* Reads all of fp into a new buffer. Returns 0 or an errno value. */
static int read_all(FILE *fp, char **out, size_t *outlen) {
  size_t len = 0, cap = 0;
  char *p = NULL;

  for (;;) {
    size_t n;
    if (cap - len < 4096) {
      size_t ncap = cap == 0 ? 65536 : cap * 2;
      char *q;
      if (ncap > FILE_MAX + 1) {
        free(p);
        return EFBIG;
      }
      q = realloc(p, ncap);
      if (q == NULL) {
        free(p);
        return ENOMEM;
      }
      p = q;
      cap = ncap;
    }
    n = fread(p + len, 1, cap - len, fp);
    len += n;
    if (n == 0) {
      if (ferror(fp)) {
        int err = errno != 0 ? errno : EIO;
        free(p);
        return err;
      }
      break;
    }
  }
  *out = p;
  *outlen = len;
  return 0;
}

static bool is_blank(const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
      return false;
  return true;
}

static struct scenario_slot *new_slot(struct scenario_file *f) {
  struct scenario_slot *s;

  s = realloc(f->slots, (f->nslots + 1) * sizeof *s);
  if (s == NULL)
    return NULL;
  f->slots = s;
  s = &f->slots[f->nslots++];
  s->value = NULL;
  s->line = 0;
  s->column = 0;
  s->error = NULL;
  return s;
}

static int slot_error(struct scenario_file *f, size_t line, size_t column,
                      const char *text) {
  struct scenario_slot *s = new_slot(f);
  if (s == NULL)
    return -1;
  s->line = line;
  s->column = column;
  s->error = strdup(text);
  return s->error != NULL ? 0 : -1;
}

static int slot_value(struct scenario_file *f, json_t *v) {
  struct scenario_slot *s = new_slot(f);
  if (s == NULL) {
    json_decref(v);
    return -1;
  }
  s->value = v;
  return 0;
}

/* The next line of buf from *pos: its start and length (without '\n'). */
static bool next_line(const char *buf, size_t len, size_t *pos,
                      const char **line, size_t *n) {
  const char *nl;
  if (*pos >= len)
    return false;
  *line = buf + *pos;
  nl = memchr(*line, '\n', len - *pos);
  *n = nl != NULL ? (size_t)(nl - *line) : len - *pos;
  *pos += *n + (nl != NULL);
  return true;
}

static bool line_is_object(const char *p, size_t n) {
  json_error_t e;
  json_t *v = json_loadb(p, n, JSON_ALLOW_NUL, &e);
  bool ok = v != NULL && json_is_object(v);
  json_decref(v);
  return ok;
}

/*
 * JSON Lines: the whole file did not parse as one value, but one of its
 * first two non-blank lines is a complete object on its own. A pretty
 * printed object never has that (its first line is "{", its second a
 * member), so the test does not turn a broken single object into a
 * confusing stream of per-line errors.
 */
static bool looks_like_lines(const char *buf, size_t len) {
  const char *line;
  size_t pos = 0, n, seen = 0;

  while (seen < 2 && next_line(buf, len, &pos, &line, &n)) {
    if (is_blank(line, n))
      continue;
    if (line_is_object(line, n))
      return true;
    seen++;
  }
  return false;
}

static int split_lines(struct scenario_file *f, const char *buf, size_t len) {
  const char *line;
  size_t pos = 0, n, lineno = 0;

  while (next_line(buf, len, &pos, &line, &n)) {
    json_error_t e;
    json_t *v;

    lineno++;
    if (is_blank(line, n))
      continue;
    v = json_loadb(line, n, JSON_ALLOW_NUL, &e);
    if (v == NULL) {
      if (slot_error(f, lineno + (size_t)(e.line > 0 ? e.line - 1 : 0),
                     e.column > 0 ? (size_t)e.column : 0, e.text) != 0)
        return -1;
    } else if (slot_value(f, v) != 0) {
      return -1;
    }
  }
  return 0;
}

static int split(struct scenario_file *f, const char *buf, size_t len) {
  json_error_t e;
  json_t *root;
  size_t i;

  root = json_loadb(buf, len, JSON_ALLOW_NUL, &e);
  if (root == NULL) {
    if (looks_like_lines(buf, len))
      return split_lines(f, buf, len);
    return slot_error(f, e.line > 0 ? (size_t)e.line : 0,
                      e.column > 0 ? (size_t)e.column : 0, e.text);
  }
  if (!json_is_array(root))
    return slot_value(f, root);
  for (i = 0; i < json_array_size(root); i++) {
    json_t *v = json_array_get(root, i);
    if (slot_value(f, json_incref(v)) != 0) {
      json_decref(root);
      return -1;
    }
  }
  json_decref(root);
  return 0;
}

int scenario_file_load(struct scenario_file *f, const char *path,
                       struct diag *d) {
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *fp;
  char *buf = NULL;
  size_t len = 0;
  int err;

  f->display = is_stdin ? "<stdin>" : path;
  f->slots = NULL;
  f->nslots = 0;
  diag_init(d, f->display);
  fp = is_stdin ? stdin : fopen(path, "rb");
  if (fp == NULL) {
    diag_error(d, NULL, "%s", strerror(errno));
    return -1;
  }
  errno = 0;
  err = read_all(fp, &buf, &len);
  if (!is_stdin)
    fclose(fp);
  if (err != 0) {
    diag_error(d, NULL, "%s", err == EFBIG ? "file too large" : strerror(err));
    return -1;
  }
  if (is_blank(buf, len)) {
    free(buf);
    diag_error(d, NULL, "no scenario in the file");
    return -1;
  }
  err = split(f, buf, len);
  free(buf);
  if (err != 0) {
    diag_error(d, NULL, "out of memory");
    scenario_file_cleanup(f);
    return -1;
  }
  return 0;
}

void scenario_file_cleanup(struct scenario_file *f) {
  size_t i;
  for (i = 0; i < f->nslots; i++) {
    json_decref(f->slots[i].value);
    free(f->slots[i].error);
  }
  free(f->slots);
  f->slots = NULL;
  f->nslots = 0;
}

/* ---- field helpers ----------------------------------------------------- */

static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_STRING:
    return "a string";
  case JSON_INTEGER:
  case JSON_REAL:
    return "a number";
  case JSON_TRUE:
  case JSON_FALSE:
    return "a boolean";
  case JSON_NULL:
    return "null";
  }
  return "something else";
}

/* A path that did not fit ends in "..." (paths name fields in messages
 * only; a key longer than PATH_CAP is itself the problem). */
static void path_fit(char *buf, int n) {
  if (n < 0 || n >= PATH_CAP)
    memcpy(buf + PATH_CAP - 4, "...", 4);
}

static void path_key(char *buf, const char *base, const char *key) {
  int n;
  if (base == NULL || base[0] == '\0')
    n = snprintf(buf, PATH_CAP, "%s", key);
  else
    n = snprintf(buf, PATH_CAP, "%s.%s", base, key);
  path_fit(buf, n);
}

static void path_index(char *buf, const char *base, size_t i) {
  path_fit(buf, snprintf(buf, PATH_CAP, "%s[%zu]", base, i));
}

static struct corsim_str jstr(const json_t *v) {
  struct corsim_str s;
  s.ptr = json_string_value(v);
  s.len = json_string_length(v);
  return s;
}

static bool str_is(struct corsim_str s, const char *lit) {
  size_t n = strlen(lit);
  return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static int want_string(struct diag *d, const char *path, const json_t *v,
                       struct corsim_str *out) {
  if (!json_is_string(v)) {
    diag_error(d, path, "expected a string, got %s", type_name(v));
    return -1;
  }
  *out = jstr(v);
  return 0;
}

/* "unknown value "cros" (expected cors, no-cors, same-origin)" */
static void unknown_value(struct diag *d, const char *path,
                          struct corsim_str s, const char *const names[]) {
  struct buf b;
  size_t i;

  buf_init(&b);
  buf_adds(&b, "unknown value \"");
  buf_add_escaped(&b, s.ptr, s.len);
  buf_adds(&b, "\" (expected ");
  for (i = 0; names[i] != NULL; i++) {
    if (i != 0)
      buf_adds(&b, ", ");
    buf_adds(&b, names[i]);
  }
  buf_adds(&b, ")");
  diag_error(d, path, "%s", b.failed ? "unknown value" : buf_str(&b));
  buf_cleanup(&b);
}

/* Looks v up in the NULL-terminated names; *out is its index. */
static int parse_enum(struct diag *d, const char *path, const json_t *v,
                      const char *const names[], int *out) {
  struct corsim_str s;
  int i;

  if (want_string(d, path, v, &s) != 0)
    return -1;
  for (i = 0; names[i] != NULL; i++) {
    if (str_is(s, names[i])) {
      *out = i;
      return 0;
    }
  }
  unknown_value(d, path, s, names);
  return -1;
}

/* [[name, value], ...] into a new array of borrowed strings. */
/*
 * Header names and values are byte strings; a scenario writes them as
 * JSON (Unicode) strings, as a script writes JavaScript strings. The
 * browser turns those into bytes by isomorphic encoding (each code point
 * U+0000-U+00FF is one byte: "été" is E9 74 E9), so the strings of
 * pair[idx] are re-encoded that way, in place in the JSON, when they hold
 * code points from U+0080. A string with a code point beyond U+00FF
 * (which fetch and XHR refuse with a TypeError) is left as UTF-8 bytes.
 */
static struct corsim_str header_bytes(const json_t *pair, size_t idx,
                                      bool *beyond) {
  json_t *v = json_array_get(pair, idx);
  const unsigned char *p = (const unsigned char *)json_string_value(v);
  size_t n = json_string_length(v), i, w = 0;
  bool high = false;
  for (i = 0; i < n && !high; i++)
    high = p[i] >= 0x80;
  if (!high)
    return jstr(v);
  char *b = malloc(n);
  if (b == NULL)
    return jstr(v);
  for (i = 0; i < n; i++) {
    if (p[i] < 0x80) {
      b[w++] = (char)p[i];
    } else if ((p[i] == 0xC2 || p[i] == 0xC3) && i + 1 < n &&
               (p[i + 1] & 0xC0) == 0x80) {
      b[w++] = (char)(((p[i] & 0x03) << 6) | (p[i + 1] & 0x3F));
      i++;
    } else {
      free(b); /* beyond U+00FF: kept as UTF-8 */
      *beyond = true;
      return jstr(v);
    }
  }
  /* The array is the scenario's own (loaded by scenario_file_load); the
   * encoded string replaces the text it came from. */
  json_t *enc = json_stringn_nocheck(b, w);
  free(b);
  if (enc == NULL || json_array_set_new((json_t *)pair, idx, enc) != 0)
    return jstr(json_array_get(pair, idx));
  return jstr(enc);
}

/* script: the headers a script sets (a string beyond U+00FF is an error);
 * otherwise a server rule's (such a string goes out as its UTF-8 bytes). */
static int parse_headers(struct diag *d, const char *path, const json_t *v,
                         bool script, struct corsim_header **out, size_t *n) {
  struct corsim_header *h;
  char p[PATH_CAP];
  size_t i, count;
  int bad = 0;

  *out = NULL;
  *n = 0;
  if (!json_is_array(v)) {
    diag_error(d, path, "expected an array of [name, value] pairs, got %s",
               type_name(v));
    return -1;
  }
  count = json_array_size(v);
  if (count == 0)
    return 0;
  h = calloc(count, sizeof *h);
  if (h == NULL) {
    diag_error(d, path, "out of memory");
    return -1;
  }
  for (i = 0; i < count; i++) {
    const json_t *pair = json_array_get(v, i);
    path_index(p, path, i);
    if (!json_is_array(pair) || json_array_size(pair) != 2 ||
        !json_is_string(json_array_get(pair, 0)) ||
        !json_is_string(json_array_get(pair, 1))) {
      diag_error(d, p, "expected a [name, value] pair of strings, got %s",
                 json_is_array(pair) ? "an array of another shape"
                                     : type_name(pair));
      bad = 1;
      continue;
    }
    bool beyond = false;
    h[i].name = header_bytes(pair, 0, &beyond);
    h[i].value = header_bytes(pair, 1, &beyond);
    if (beyond && script) {
      diag_error(d, p,
                 "a character beyond U+00FF: header names and values are "
                 "byte strings, and fetch and XMLHttpRequest refuse such a "
                 "string with a TypeError, which corsim does not model");
      bad = 1;
    }
  }
  if (bad) {
    free(h);
    return -1;
  }
  *out = h;
  *n = count;
  return 0;
}

static bool known(const char *key, const char *const names[]) {
  size_t i;
  for (i = 0; names[i] != NULL; i++)
    if (strcmp(key, names[i]) == 0)
      return true;
  return false;
}

static void warn_unknown(struct diag *d, const char *path, json_t *obj,
                         const char *const names[]) {
  const char *key;
  json_t *v;
  struct buf b;

  buf_init(&b);
  json_object_foreach(obj, key, v) {
    (void)v;
    if (known(key, names))
      continue;
    buf_reset(&b);
    buf_add_escaped(&b, key, strlen(key));
    diag_warn(d, path, "unknown field \"%s\" ignored", buf_str(&b));
  }
  buf_cleanup(&b);
}

/* ---- expect ------------------------------------------------------------ */

static const char *const response_types[] = {"basic", "cors", "opaque",
                                             "opaqueredirect", "error", NULL};
static const char *const preflights[] = {"none", "sent", "cached", NULL};
static const char *const browsers[] = {"chromium", "firefox", "webkit",
                                       "spec", NULL};

static int want_reason(struct diag *d, const char *path, const json_t *v) {
  struct corsim_str s;
  struct buf b;

  if (want_string(d, path, v, &s) != 0)
    return -1;
  if (corsim_reason_parse(s) != CORSIM_REASON_NONE)
    return 0;
  buf_init(&b);
  buf_add_escaped(&b, s.ptr, s.len);
  diag_error(d, path,
             "unknown error name \"%s\" (see the error names of the "
             "scenario format)",
             buf_str(&b));
  buf_cleanup(&b);
  return -1;
}

static int want_string_array(struct diag *d, const char *path,
                             const json_t *v, bool reasons) {
  char p[PATH_CAP];
  size_t i;
  int rc = 0;

  if (!json_is_array(v)) {
    diag_error(d, path, "expected an array of strings, got %s", type_name(v));
    return -1;
  }
  for (i = 0; i < json_array_size(v); i++) {
    const json_t *e = json_array_get(v, i);
    struct corsim_str s;
    path_index(p, path, i);
    if (reasons ? want_reason(d, p, e) != 0 : want_string(d, p, e, &s) != 0)
      rc = -1;
  }
  return rc;
}

/*
 * Checks the types of an expect object, so that a typo ("blocked": "yes",
 * an unknown error name) is a scenario error rather than a test that can
 * never pass.
 */
static int check_expect(struct diag *d, const char *base, json_t *obj) {
  const char *key;
  json_t *v;
  char p[PATH_CAP];
  int rc = 0, idx;

  if (!json_is_object(obj)) {
    diag_error(d, base, "expected an object, got %s", type_name(obj));
    return -1;
  }
  warn_unknown(d, base, obj, scenario_expect_fields);
  json_object_foreach(obj, key, v) {
    path_key(p, base, key);
    if (strcmp(key, "scenario") == 0) {
      struct corsim_str s;
      rc |= want_string(d, p, v, &s);
    } else if (strcmp(key, "request") == 0 || strcmp(key, "status") == 0) {
      if (!json_is_integer(v)) {
        diag_error(d, p, "expected an integer, got %s", type_name(v));
        rc = -1;
      }
    } else if (strcmp(key, "browser") == 0) {
      rc |= parse_enum(d, p, v, browsers, &idx);
    } else if (strcmp(key, "response_type") == 0) {
      rc |= parse_enum(d, p, v, response_types, &idx);
    } else if (strcmp(key, "preflight") == 0) {
      rc |= parse_enum(d, p, v, preflights, &idx);
    } else if (strcmp(key, "blocked") == 0) {
      if (!json_is_boolean(v)) {
        diag_error(d, p, "expected true or false, got %s", type_name(v));
        rc = -1;
      }
    } else if (strcmp(key, "error") == 0) {
      if (!json_is_null(v))
        rc |= want_reason(d, p, v);
    } else if (strcmp(key, "message") == 0 || strcmp(key, "fix") == 0) {
      if (!json_is_null(v) && !json_is_string(v)) {
        diag_error(d, p, "expected a string or null, got %s", type_name(v));
        rc = -1;
      }
    } else if (strcmp(key, "also") == 0) {
      rc |= want_string_array(d, p, v, true);
    } else if (strcmp(key, "exposed_headers") == 0 ||
               strcmp(key, "notes") == 0) {
      rc |= want_string_array(d, p, v, false);
    } else if (strcmp(key, "wire") == 0) {
      if (!json_is_array(v)) {
        diag_error(d, p, "expected an array, got %s", type_name(v));
        rc = -1;
      }
    }
  }
  return rc;
}

/* ---- requests ---------------------------------------------------------- */

static const char *const apis[] = {"fetch", "xhr", NULL};
static const enum corsim_api api_vals[] = {CORSIM_API_FETCH, CORSIM_API_XHR};
static const char *const modes[] = {"cors", "no-cors", "same-origin", NULL};
static const enum corsim_mode mode_vals[] = {
    CORSIM_MODE_CORS, CORSIM_MODE_NO_CORS, CORSIM_MODE_SAME_ORIGIN};
static const char *const credentials[] = {"omit", "same-origin", "include",
                                          NULL};
static const enum corsim_credentials credentials_vals[] = {
    CORSIM_CREDENTIALS_OMIT, CORSIM_CREDENTIALS_SAME_ORIGIN,
    CORSIM_CREDENTIALS_INCLUDE};
static const char *const redirects[] = {"follow", "error", "manual", NULL};
static const enum corsim_redirect redirect_vals[] = {
    CORSIM_REDIRECT_FOLLOW, CORSIM_REDIRECT_ERROR, CORSIM_REDIRECT_MANUAL};
/* The body names; "blob:TYPE" is handled apart. */
static const char *const bodies[] = {"none", "text", "urlsearchparams",
                                     "formdata", "bytes", "blob:TYPE", NULL};
static const enum corsim_body body_vals[] = {
    CORSIM_BODY_NONE, CORSIM_BODY_TEXT, CORSIM_BODY_URLSEARCHPARAMS,
    CORSIM_BODY_FORMDATA, CORSIM_BODY_BYTES};

static int parse_body(struct diag *d, const char *path, const json_t *v,
                      struct corsim_request *r) {
  struct corsim_str s;
  size_t i;

  if (want_string(d, path, v, &s) != 0)
    return -1;
  if (s.len >= 5 && memcmp(s.ptr, "blob:", 5) == 0) {
    r->body = CORSIM_BODY_BLOB;
    r->body_type.ptr = s.ptr + 5;
    r->body_type.len = s.len - 5;
    return 0;
  }
  for (i = 0; i < sizeof body_vals / sizeof body_vals[0]; i++) {
    if (str_is(s, bodies[i])) {
      r->body = body_vals[i];
      return 0;
    }
  }
  unknown_value(d, path, s, bodies);
  return -1;
}

static int parse_request(struct diag *d, const char *base, json_t *o,
                         struct corsim_request *r, json_t **expect,
                         double *at) {
  int errors = d->errors, idx;
  char p[PATH_CAP];
  json_t *v;

  corsim_request_init(r);
  r->at = *at;
  *expect = NULL;
  if (!json_is_object(o)) {
    diag_error(d, base, "expected an object, got %s", type_name(o));
    return -1;
  }
  warn_unknown(d, base, o, request_fields);

  v = json_object_get(o, "api");
  path_key(p, base, "api");
  if (v != NULL && parse_enum(d, p, v, apis, &idx) == 0)
    r->api = api_vals[idx];

  v = json_object_get(o, "url");
  path_key(p, base, "url");
  if (v == NULL)
    diag_error(d, base, "missing required field \"url\"");
  else
    (void)want_string(d, p, v, &r->url);

  v = json_object_get(o, "method");
  path_key(p, base, "method");
  if (v != NULL)
    (void)want_string(d, p, v, &r->method);

  v = json_object_get(o, "headers");
  path_key(p, base, "headers");
  if (v != NULL) {
    struct corsim_header *h;
    size_t n;
    if (parse_headers(d, p, v, true, &h, &n) == 0) {
      r->headers = h;
      r->nheaders = n;
    }
  }

  v = json_object_get(o, "mode");
  path_key(p, base, "mode");
  if (v != NULL && parse_enum(d, p, v, modes, &idx) == 0)
    r->mode = mode_vals[idx];

  v = json_object_get(o, "credentials");
  path_key(p, base, "credentials");
  if (v != NULL && parse_enum(d, p, v, credentials, &idx) == 0)
    r->credentials = credentials_vals[idx];

  v = json_object_get(o, "redirect");
  path_key(p, base, "redirect");
  if (v != NULL && parse_enum(d, p, v, redirects, &idx) == 0)
    r->redirect = redirect_vals[idx];

  v = json_object_get(o, "body");
  path_key(p, base, "body");
  if (v != NULL)
    (void)parse_body(d, p, v, r);

  v = json_object_get(o, "upload_listeners");
  path_key(p, base, "upload_listeners");
  if (v != NULL) {
    if (json_is_boolean(v))
      r->upload_listeners = json_is_true(v);
    else
      diag_error(d, p, "expected true or false, got %s", type_name(v));
  }

  v = json_object_get(o, "at");
  path_key(p, base, "at");
  if (v != NULL) {
    double t = json_is_number(v) ? json_number_value(v) : 0;
    if (!json_is_number(v))
      diag_error(d, p, "expected a number of seconds, got %s", type_name(v));
    else if (!isfinite(t) || t < 0)
      diag_error(d, p, "expected a number of seconds >= 0, got %g", t);
    else
      r->at = *at = t;
  }

  v = json_object_get(o, "expect");
  path_key(p, base, "expect");
  if (v != NULL && check_expect(d, p, v) == 0)
    *expect = v;

  return d->errors == errors ? 0 : -1;
}

/* ---- server rules ------------------------------------------------------ */

static int parse_rule(struct diag *d, const char *base, json_t *o,
                      struct server_rule *r) {
  int errors = d->errors;
  struct corsim_str url = {"*", 1};
  char p[PATH_CAP];
  json_t *v;

  r->method.ptr = "*";
  r->method.len = 1;
  r->url_kind = RULE_URL_ANY;
  r->url = NULL;
  r->url_len = 0;
  r->status = 200;
  r->headers = NULL;
  r->nheaders = 0;
  if (!json_is_object(o)) {
    diag_error(d, base, "expected an object, got %s", type_name(o));
    return -1;
  }
  warn_unknown(d, base, o, rule_fields);

  v = json_object_get(o, "method");
  path_key(p, base, "method");
  if (v != NULL)
    (void)want_string(d, p, v, &r->method);

  v = json_object_get(o, "status");
  path_key(p, base, "status");
  if (v != NULL) {
    if (!json_is_integer(v))
      diag_error(d, p, "expected an integer status code, got %s",
                 type_name(v));
    else if (json_integer_value(v) < 100 || json_integer_value(v) > 999)
      diag_error(d, p, "expected a status code from 100 to 999, got %lld",
                 (long long)json_integer_value(v));
    else
      r->status = (int)json_integer_value(v);
  }

  v = json_object_get(o, "headers");
  path_key(p, base, "headers");
  if (v != NULL)
    (void)parse_headers(d, p, v, false, &r->headers, &r->nheaders);

  v = json_object_get(o, "url");
  path_key(p, base, "url");
  if (v != NULL && want_string(d, p, v, &url) == 0) {
    int rc = responder_rule_set_url(r, url);
    if (rc == CORSIM_ENOMEM) {
      diag_error(d, p, "out of memory");
    } else if (rc != 0) {
      struct buf b;
      buf_init(&b);
      buf_add_escaped(&b, url.ptr, url.len);
      diag_error(d, p,
                 "not an absolute URL, \"*\" or a prefix ending in \"*\": "
                 "\"%s\"",
                 buf_str(&b));
      buf_cleanup(&b);
    }
  }

  if (d->errors != errors) {
    responder_rule_cleanup(r);
    return -1;
  }
  return 0;
}

/* ---- scenarios --------------------------------------------------------- */

void scenario_request_path(const struct scenario *sc, size_t i, char *buf,
                           size_t cap) {
  if (sc->shorthand)
    snprintf(buf, cap, "request");
  else
    snprintf(buf, cap, "requests[%zu]", i);
}

static void scenario_zero(struct scenario *sc, size_t index) {
  sc->index = index;
  sc->name.ptr = "";
  sc->name.len = 0;
  sc->browser = CORSIM_BROWSER_CHROMIUM;
  sc->origin.ptr = NULL;
  sc->origin.len = 0;
  sc->requests = NULL;
  sc->expects = NULL;
  sc->shorthand = false;
  sc->nrequests = 0;
  sc->rules = NULL;
  sc->nrules = 0;
}

void scenario_cleanup(struct scenario *sc) {
  size_t i;

  for (i = 0; i < sc->nrequests; i++)
    free((void *)sc->requests[i].headers);
  for (i = 0; i < sc->nrules; i++)
    responder_rule_cleanup(&sc->rules[i]);
  free(sc->requests);
  free(sc->expects);
  free(sc->rules);
  scenario_zero(sc, 0);
}

static void parse_requests(struct diag *d, struct scenario *sc, json_t *o) {
  json_t *one = json_object_get(o, "request");
  json_t *many = json_object_get(o, "requests");
  char p[PATH_CAP];
  double at = 0;
  size_t i, n;

  if (one != NULL && many != NULL) {
    diag_error(d, NULL, "both \"request\" and \"requests\" given (use one)");
    return;
  }
  if (one == NULL && many == NULL) {
    diag_error(d, NULL, "missing required field \"requests\" (or \"request\")");
    return;
  }
  if (many != NULL && !json_is_array(many)) {
    diag_error(d, "requests", "expected an array of requests, got %s",
               type_name(many));
    return;
  }
  if (many != NULL && json_array_size(many) == 0) {
    diag_error(d, "requests", "empty (expected at least one request)");
    return;
  }
  sc->shorthand = one != NULL;
  n = one != NULL ? 1 : json_array_size(many);
  sc->requests = calloc(n, sizeof *sc->requests);
  sc->expects = calloc(n, sizeof *sc->expects);
  if (sc->requests == NULL || sc->expects == NULL) {
    diag_error(d, NULL, "out of memory");
    return;
  }
  for (i = 0; i < n; i++) {
    sc->nrequests = i + 1;
    scenario_request_path(sc, i, p, sizeof p);
    (void)parse_request(d, p, one != NULL ? one : json_array_get(many, i),
                        &sc->requests[i], &sc->expects[i], &at);
  }
}

static void parse_server(struct diag *d, struct scenario *sc, json_t *o) {
  json_t *v = json_object_get(o, "server");
  char p[PATH_CAP];
  size_t i, n;

  if (v == NULL) {
    diag_error(d, NULL, "missing required field \"server\"");
    return;
  }
  if (!json_is_array(v)) {
    diag_error(d, "server", "expected an array of rules, got %s",
               type_name(v));
    return;
  }
  n = json_array_size(v);
  if (n == 0)
    return;
  sc->rules = calloc(n, sizeof *sc->rules);
  if (sc->rules == NULL) {
    diag_error(d, "server", "out of memory");
    return;
  }
  for (i = 0; i < n; i++) {
    path_index(p, "server", i);
    if (parse_rule(d, p, json_array_get(v, i), &sc->rules[sc->nrules]) == 0)
      sc->nrules++;
  }
}

int scenario_parse(struct scenario *sc, json_t *o, size_t index,
                   struct diag *d) {
  int errors = d->errors;
  json_t *v;

  scenario_zero(sc, index);
  diag_scenario(d, index);
  if (!json_is_object(o)) {
    diag_error(d, NULL, "expected a scenario object, got %s", type_name(o));
    return -1;
  }
  v = json_object_get(o, "name");
  if (v != NULL && want_string(d, "name", v, &sc->name) == 0)
    d->name = sc->name;
  warn_unknown(d, NULL, o, scenario_fields);

  v = json_object_get(o, "browser");
  if (v != NULL) {
    int idx;
    if (parse_enum(d, "browser", v, browsers, &idx) == 0 &&
        corsim_browser_parse(corsim_str_c(browsers[idx]), &sc->browser) != 0)
      diag_error(d, "browser", "not supported by this libcorsim");
  }

  v = json_object_get(o, "origin");
  if (v == NULL)
    diag_error(d, NULL, "missing required field \"origin\"");
  else
    (void)want_string(d, "origin", v, &sc->origin);

  parse_requests(d, sc, o);
  parse_server(d, sc, o);

  if (d->errors != errors) {
    scenario_cleanup(sc);
    return -1;
  }
  return 0;
}
