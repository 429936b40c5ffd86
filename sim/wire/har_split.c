/*
 * har_split.c - a HAR file's creator and entries as separate JSON texts,
 * read as a stream; see har_split.h.
 *
 * One pass over the bytes with a stack of open containers, each in one of
 * the states of the JSON grammar (RFC 8259): what may come next in an
 * object or array. Three frames have a role: the root object, the value
 * of its "log" key, and the array under log's "entries" key. A value that
 * starts in the entries array, or as log's "creator", is captured: its
 * bytes are kept from its first byte until the grammar is back in its
 * parent frame, and then handed out. Bytes outside a capture are dropped
 * as soon as they are checked.
 */
#include "har_split.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536
/* A little over jansson's JSON_PARSER_MAX_DEPTH (2048): whatever jansson
 * reads, the splitter reads too. */
#define DEPTH_MAX 2050
/* No single entry is allowed more; a larger one is out of memory. */
#define ITEM_MAX ((size_t)1 << 30)

enum state {
  S_VALUE,          /* a value must come (top, after ':' or ',' in an array) */
  S_VALUE_OR_END,   /* after '[' */
  S_KEY_OR_END,     /* after '{' */
  S_KEY,            /* after ',' in an object */
  S_COLON,          /* after a key */
  S_COMMA_OR_END,   /* after a value in a container */
  S_DONE            /* the top value is complete */
};

enum role { R_NONE, R_ROOT, R_LOG, R_ENTRIES };

struct frame {
  unsigned char state;  /* enum state */
  unsigned char object; /* an object (1) or array (0); the top is 0 */
  unsigned char role;   /* enum role */
  unsigned char key;    /* the last key's meaning in a ROOT or LOG frame */
};

enum key { K_OTHER, K_LOG, K_ENTRIES, K_CREATOR };

struct wire_har_split {
  FILE *f;
  char *buf;
  size_t len, cap, pos; /* bytes held; scanning at pos */
  bool eof, begun;

  struct frame *stack; /* stack[0] is the top level */
  size_t depth;        /* index of the innermost frame */
  size_t stack_cap;

  /* Inside a string: escape pending; whether its bytes are collected as
   * a key of the root or log object. */
  bool in_str, esc, str_is_key;
  char keybuf[8];
  size_t keylen;
  /* Inside a number or a word (true, false, null). */
  bool in_scalar;
  char word[6];
  size_t wordlen;

  /* The value being captured. */
  bool capturing;
  size_t cap_start, cap_depth;
  enum wire_har_item cap_kind;
  unsigned long cap_line;

  char root_first; /* the first byte of the top value */
  bool have_log, have_entries;
  size_t entries;

  unsigned long line, col; /* of the byte at pos */
  bool done;
  enum wire_har_item result;
  enum wire_har_fault fault;
  const char *detail;
  unsigned long err_line, err_col;
  int sys_errno;
};

struct wire_har_split *wire_har_split_new(FILE *f) {
  struct wire_har_split *s = calloc(1, sizeof(*s));
  if (s == NULL)
    return NULL;
  s->stack = malloc(sizeof(*s->stack) * 16);
  s->buf = malloc(CHUNK);
  if (s->stack == NULL || s->buf == NULL) {
    wire_har_split_free(s);
    return NULL;
  }
  s->f = f;
  s->cap = CHUNK;
  s->stack_cap = 16;
  s->stack[0] = (struct frame){S_VALUE, 0, R_NONE, K_OTHER};
  s->line = 1;
  return s;
}

void wire_har_split_free(struct wire_har_split *s) {
  if (s == NULL)
    return;
  free(s->stack);
  free(s->buf);
  free(s);
}

size_t wire_har_split_entries(const struct wire_har_split *s) {
  return s->entries;
}

enum wire_har_fault wire_har_split_error(const struct wire_har_split *s,
                                         unsigned long *line,
                                         unsigned long *column,
                                         const char **detail, int *sys_errno) {
  if (line != NULL)
    *line = s->err_line;
  if (column != NULL)
    *column = s->err_col;
  if (detail != NULL)
    *detail = s->detail != NULL ? s->detail : "";
  if (sys_errno != NULL)
    *sys_errno = s->sys_errno;
  return s->fault;
}

static enum wire_har_item fail(struct wire_har_split *s,
                               enum wire_har_fault fault, const char *detail) {
  s->done = true;
  s->result = WIRE_HAR_ERROR;
  s->fault = fault;
  s->detail = detail;
  s->err_line = s->line;
  s->err_col = s->col + 1;
  return WIRE_HAR_ERROR;
}

static bool push(struct wire_har_split *s, bool object, enum role role) {
  if (s->depth + 1 >= DEPTH_MAX)
    return false;
  /* Grown by doubling: depth is capped, so is the stack. */
  size_t n = s->depth + 1;
  if (n == s->stack_cap) {
    struct frame *st = realloc(s->stack, sizeof(*st) * n * 2);
    if (st == NULL)
      return false;
    s->stack = st;
    s->stack_cap = n * 2;
  }
  s->depth = n;
  s->stack[n] = (struct frame){object ? S_KEY_OR_END : S_VALUE_OR_END,
                               object, (unsigned char)role, K_OTHER};
  return true;
}

/* The role a value starting now gets, from its parent frame and key. */
static enum role child_role(const struct wire_har_split *s) {
  const struct frame *p = &s->stack[s->depth];
  if (s->depth == 0)
    return R_ROOT;
  if (p->role == R_ROOT && p->key == K_LOG)
    return R_LOG;
  if (p->role == R_LOG && p->key == K_ENTRIES)
    return R_ENTRIES;
  return R_NONE;
}

/* A value begins at pos in the innermost frame: capture it when it is an
 * entry or log.creator. */
static void value_begins(struct wire_har_split *s, char c) {
  const struct frame *p = &s->stack[s->depth];
  if (s->depth == 0)
    s->root_first = c;
  if (s->capturing)
    return;
  bool entry = p->role == R_ENTRIES;
  bool creator = p->role == R_LOG && p->key == K_CREATOR;
  if (!entry && !creator)
    return;
  s->capturing = true;
  s->cap_start = s->pos;
  s->cap_depth = s->depth;
  s->cap_kind = entry ? WIRE_HAR_ENTRY : WIRE_HAR_CREATOR;
  s->cap_line = s->line;
}

/* A value in the innermost frame has ended (its last byte is before
 * end). Returns true when that completes a capture. */
static bool value_ends(struct wire_har_split *s, size_t end, const char **text,
                       size_t *len, unsigned long *line) {
  struct frame *p = &s->stack[s->depth];
  p->state = s->depth == 0 ? S_DONE : S_COMMA_OR_END;
  if (!s->capturing || s->depth != s->cap_depth)
    return false;
  s->capturing = false;
  *text = s->buf + s->cap_start;
  *len = end - s->cap_start;
  *line = s->cap_line;
  if (s->cap_kind == WIRE_HAR_ENTRY)
    s->entries++;
  return true;
}

static enum key key_of(const struct wire_har_split *s) {
  if (s->keylen == 3 && memcmp(s->keybuf, "log", 3) == 0)
    return K_LOG;
  if (s->keylen == 7 && memcmp(s->keybuf, "entries", 7) == 0)
    return K_ENTRIES;
  if (s->keylen == 7 && memcmp(s->keybuf, "creator", 7) == 0)
    return K_CREATOR;
  return K_OTHER;
}

static bool scalar_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' ||
         c == '+' || c == '.' || c == 'E';
}

/* A finished word or number: true, false, null, or a number's characters
 * (jansson checks the numbers of the captured values exactly). */
static bool scalar_ok(const struct wire_har_split *s) {
  const char *w = s->word;
  size_t n = s->wordlen;
  if ((n == 4 && memcmp(w, "true", 4) == 0) ||
      (n == 5 && memcmp(w, "false", 5) == 0) ||
      (n == 4 && memcmp(w, "null", 4) == 0))
    return true;
  if (n == 0 || !(w[0] == '-' || (w[0] >= '0' && w[0] <= '9')))
    return false;
  for (size_t i = 0; i < n && i < sizeof(s->word); i++)
    if (!((w[i] >= '0' && w[i] <= '9') || w[i] == '-' || w[i] == '+' ||
          w[i] == '.' || w[i] == 'e' || w[i] == 'E'))
      return false;
  return true;
}

/* More bytes, keeping those of the value being captured. */
static int refill(struct wire_har_split *s) {
  size_t keep = s->capturing ? s->cap_start : s->len;
  if (keep > 0) {
    memmove(s->buf, s->buf + keep, s->len - keep);
    s->len -= keep;
    s->pos -= keep;
    if (s->capturing)
      s->cap_start = 0;
  }
  if (s->cap - s->len < CHUNK) {
    if (s->cap >= ITEM_MAX)
      return -1;
    char *nb = realloc(s->buf, s->cap * 2);
    if (nb == NULL)
      return -1;
    s->buf = nb;
    s->cap *= 2;
  }
  size_t n = fread(s->buf + s->len, 1, s->cap - s->len, s->f);
  if (n == 0) {
    if (ferror(s->f)) {
      s->sys_errno = errno != 0 ? errno : EIO;
      return -2;
    }
    s->eof = true;
    return 0;
  }
  /* Files saved by some editors and Windows tools start with a UTF-8 byte
   * order mark, which JSON does not allow; it is dropped. */
  if (!s->begun && s->len == 0 && n >= 3 &&
      (unsigned char)s->buf[0] == 0xEF && (unsigned char)s->buf[1] == 0xBB &&
      (unsigned char)s->buf[2] == 0xBF) {
    memmove(s->buf, s->buf + 3, n - 3);
    n -= 3;
  }
  s->begun = true;
  s->len += n;
  return 0;
}

/* The end of the file: what was open, and whether it is a HAR. */
static enum wire_har_item at_end(struct wire_har_split *s) {
  if (s->in_str)
    return fail(s, WIRE_HAR_NOT_JSON, "the file ends inside a string");
  if (s->depth > 0)
    return fail(s, WIRE_HAR_NOT_JSON, s->stack[s->depth].object
                                          ? "the file ends inside an object"
                                          : "the file ends inside an array");
  if (s->stack[0].state != S_DONE)
    return fail(s, WIRE_HAR_NOT_JSON, "the file holds no JSON value");
  if (s->root_first != '{')
    return fail(s, WIRE_HAR_NOT_OBJECT, "");
  if (!s->have_log)
    return fail(s, WIRE_HAR_NO_LOG, "");
  if (!s->have_entries)
    return fail(s, WIRE_HAR_NO_ENTRIES, "");
  s->done = true;
  s->result = WIRE_HAR_END;
  return WIRE_HAR_END;
}

/* A string's byte (not its opening quote). Returns what is wrong with
 * it, or NULL. */
static const char *string_byte(struct wire_har_split *s, char c) {
  if (s->esc) {
    s->esc = false;
    if (c == '\0' || strchr("\"\\/bfnrtu", c) == NULL)
      return "a bad escape in a string";
    s->keylen = sizeof(s->keybuf) + 1; /* an escaped key is none of ours */
    return NULL;
  }
  if (c == '\\') {
    s->esc = true;
    return NULL;
  }
  if (c == '"') {
    s->in_str = false;
    return NULL;
  }
  if ((unsigned char)c < 0x20)
    return "a control character in a string";
  if (s->str_is_key) {
    if (s->keylen < sizeof(s->keybuf))
      s->keybuf[s->keylen] = c;
    s->keylen++;
  }
  return NULL;
}

enum wire_har_item wire_har_split_next(struct wire_har_split *s,
                                       const char **text, size_t *len,
                                       unsigned long *line) {
  if (s->done)
    return s->result;
  for (;;) {
    if (s->pos == s->len) {
      if (s->eof) {
        if (s->in_scalar) {
          /* A bare number or word at the top ends with the file. */
          s->in_scalar = false;
          if (!scalar_ok(s))
            return fail(s, WIRE_HAR_NOT_JSON, "not a JSON value");
          if (value_ends(s, s->pos, text, len, line))
            return s->cap_kind;
        }
        return at_end(s);
      }
      int rc = refill(s);
      if (rc == -1)
        return fail(s, WIRE_HAR_NOMEM, "out of memory");
      if (rc == -2)
        return fail(s, WIRE_HAR_READ, "read error");
      continue;
    }
    char c = s->buf[s->pos];
    if (s->in_str) {
      const char *bad = string_byte(s, c);
      if (bad != NULL)
        return fail(s, WIRE_HAR_NOT_JSON, bad);
      s->pos++;
      s->col++;
      if (!s->in_str) {
        struct frame *p = &s->stack[s->depth];
        if (p->state == S_KEY_OR_END || p->state == S_KEY) {
          p->key = s->keylen <= sizeof(s->keybuf) ? (unsigned char)key_of(s)
                                                  : K_OTHER;
          p->state = S_COLON;
        } else if (value_ends(s, s->pos, text, len, line)) {
          return s->cap_kind;
        }
      }
      continue;
    }
    if (s->in_scalar) {
      if (scalar_byte(c)) {
        if (s->wordlen < sizeof(s->word))
          s->word[s->wordlen] = c;
        s->wordlen++;
        s->pos++;
        s->col++;
        continue;
      }
      s->in_scalar = false;
      if (!scalar_ok(s))
        return fail(s, WIRE_HAR_NOT_JSON, "not a JSON value");
      /* c is looked at again below, in the frame's new state. */
      if (value_ends(s, s->pos, text, len, line))
        return s->cap_kind;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      s->pos++;
      if (c == '\n') {
        s->line++;
        s->col = 0;
      } else {
        s->col++;
      }
      continue;
    }
    struct frame *p = &s->stack[s->depth];
    switch (p->state) {
    case S_DONE:
      return fail(s, WIRE_HAR_NOT_JSON, "text after the end of the JSON");
    case S_COLON:
      if (c != ':')
        return fail(s, WIRE_HAR_NOT_JSON, "':' expected after a key");
      p->state = S_VALUE;
      break;
    case S_KEY_OR_END:
    case S_KEY:
      if (c == '}' && p->state == S_KEY_OR_END)
        goto close;
      if (c != '"')
        return fail(s, WIRE_HAR_NOT_JSON, "a key (a string) expected");
      s->in_str = true;
      s->str_is_key = p->role == R_ROOT || p->role == R_LOG;
      s->keylen = 0;
      break;
    case S_COMMA_OR_END:
      if (c == ',') {
        p->state = p->object ? S_KEY : S_VALUE;
        break;
      }
      if (c == (p->object ? '}' : ']'))
        goto close;
      return fail(s, WIRE_HAR_NOT_JSON, p->object ? "',' or '}' expected"
                                                  : "',' or ']' expected");
    case S_VALUE_OR_END:
    case S_VALUE:
      if (c == ']' && p->state == S_VALUE_OR_END)
        goto close;
      value_begins(s, c);
      if (c == '{' || c == '[') {
        enum role r = child_role(s);
        if (r == R_LOG && c == '{')
          s->have_log = true;
        if (r == R_ENTRIES && c == '[')
          s->have_entries = true;
        if (!push(s, c == '{', (r == R_LOG && c != '{') ||
                                       (r == R_ENTRIES && c != '[') ||
                                       (r == R_ROOT && c != '{')
                                   ? R_NONE
                                   : r))
          return fail(s, WIRE_HAR_NOT_JSON, "nested too deeply");
      } else if (c == '"') {
        s->in_str = true;
        s->str_is_key = false;
      } else if (scalar_byte(c)) {
        s->in_scalar = true;
        s->word[0] = c;
        s->wordlen = 1;
      } else {
        return fail(s, WIRE_HAR_NOT_JSON, "a JSON value expected");
      }
      break;
    }
    s->pos++;
    s->col++;
    continue;
  close:
    s->pos++;
    s->col++;
    s->depth--;
    if (value_ends(s, s->pos, text, len, line))
      return s->cap_kind;
  }
}
