/*
 * url.c - the subset of the WHATWG URL Standard (https://url.spec.whatwg.org/)
 * that a CORS model needs: the basic URL parser for http and https (with
 * relative resolution), the host parser (domains, IPv4 in all its number
 * forms, IPv6), origins, same-origin and "potentially trustworthy".
 *
 * No allocation: the serialisation is written straight into the caller's
 * buffer and every slice of struct corsim__url points into it. The input
 * is never copied either. The standard's first step removes ASCII tab and
 * newline from the whole input; instead of building a cleaned copy, the
 * reader below skips those bytes wherever it looks (struct in).
 *
 * Not implemented (documented in url.h): IDNA (non-ASCII hosts are
 * refused), Punycode validation of "xn--" labels, and the parsing of
 * non-special schemes beyond splitting off the query and fragment.
 */
#include "url.h"
#include "arena.h"
#include "str.h"

#include <stdint.h>
#include <string.h>

/* ---- input: a trimmed slice read with tab and newlines skipped ---- */

struct in {
  const char *p;
  size_t e; /* end of the trimmed input */
};

#define END (-1)

static bool is_tabnl(char c) { return c == '\t' || c == '\n' || c == '\r'; }

/* The next index at or after i that is not tab/LF/CR (URL "basic URL
 * parser" step 3 removes them all before parsing). */
static size_t skip(const struct in *in, size_t i) {
  while (i < in->e && is_tabnl(in->p[i]))
    i++;
  return i;
}

static size_t adv(const struct in *in, size_t i) { return skip(in, i + 1); }

static int at(const struct in *in, size_t i) {
  return i < in->e ? (unsigned char)in->p[i] : END;
}

static bool is_slash(int c) { return c == '/' || c == '\\'; }

static bool is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* ---- output: the caller's buffer, one byte always kept for the NUL ---- */

struct out {
  char *p;
  size_t cap;
  size_t len; /* keeps counting past cap so offsets stay meaningful */
  bool over;
};

static void put(struct out *o, char c) {
  if (o->len + 1 < o->cap)
    o->p[o->len] = c;
  else
    o->over = true;
  o->len++;
}

static void put_mem(struct out *o, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    put(o, s[i]);
}

static void put_uint(struct out *o, unsigned long v) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0)
    put(o, tmp[--n]);
}

/* ---- percent-encode sets (URL Standard 1.3) ---- */

/* ENC_C0 is the set for opaque paths, ENC_QUERY_OPAQUE the (non-special)
 * query set; ENC_QUERY is the special-query set. */
enum encset {
  ENC_C0,
  ENC_USERINFO,
  ENC_PATH,
  ENC_QUERY,
  ENC_QUERY_OPAQUE,
  ENC_FRAGMENT
};

static bool must_encode(unsigned char c, enum encset s) {
  /* The C0 control percent-encode set: C0 controls and above U+007E.
   * Bytes >= 0x80 are the UTF-8 of non-ASCII code points and are
   * encoded byte by byte, which is what UTF-8 percent-encode does. */
  if (c < 0x20 || c > 0x7E)
    return true;
  if (s == ENC_C0)
    return false;
  switch (c) {
  case ' ': case '"': case '<': case '>':
    return true; /* in every set below */
  case '`':
    return s != ENC_QUERY && s != ENC_QUERY_OPAQUE; /* not in query sets */
  case '#':
    return s != ENC_FRAGMENT; /* query set */
  case '\'':
    return s == ENC_QUERY; /* special-query set only */
  case '?': case '{': case '}':
    return s == ENC_PATH || s == ENC_USERINFO; /* path set */
  case '/': case ':': case ';': case '=': case '@': case '[': case '\\':
  case ']': case '^': case '|':
    return s == ENC_USERINFO; /* userinfo set */
  default:
    /* The 2024 addition of '^' to the path set is left out: the browsers
     * modelled here do not encode it in paths. */
    return false;
  }
}

static void put_enc(struct out *o, unsigned char c, enum encset s) {
  static const char hex[] = "0123456789ABCDEF";
  if (!must_encode(c, s)) {
    put(o, (char)c);
    return;
  }
  put(o, '%');
  put(o, hex[c >> 4]);
  put(o, hex[c & 15]);
}

/* ---- IPv4 (URL Standard 3.5, "IPv4 parser") ---- */

/* "IPv4 number parser"; values above 2^32 saturate (they fail anyway). */
static bool ipv4_number(const char *s, size_t n, uint64_t *out) {
  unsigned radix = 10;
  if (n == 0)
    return false;
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    radix = 16;
    s += 2;
    n -= 2;
  } else if (n >= 2 && s[0] == '0') {
    radix = 8;
    s += 1;
    n -= 1;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = corsim__hex_value((unsigned char)s[i]);
    if (d < 0 || (unsigned)d >= radix)
      return false;
    if (v <= UINT64_C(0xffffffff))
      v = v * radix + (unsigned)d;
  }
  *out = v;
  return true;
}

/* "ends in a number checker". */
static bool ends_in_number(const char *h, size_t n) {
  size_t e = n;
  if (e > 0 && h[e - 1] == '.') {
    if (e == 1)
      return false;
    e--;
  }
  size_t b = e;
  while (b > 0 && h[b - 1] != '.')
    b--;
  if (b == e)
    return false;
  bool digits = true;
  for (size_t i = b; i < e; i++)
    digits = digits && is_digit((unsigned char)h[i]);
  uint64_t v;
  return digits || ipv4_number(h + b, e - b, &v);
}

static bool ipv4_parse(const char *h, size_t n, uint32_t *out) {
  uint64_t num[4];
  size_t count = 0;
  size_t start = 0;
  /* A last empty part ("1.2.3.4.") is dropped (a validation error only). */
  if (n > 1 && h[n - 1] == '.')
    n--;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && h[i] != '.')
      continue;
    if (count == 4 || !ipv4_number(h + start, i - start, &num[count]))
      return false;
    count++;
    start = i + 1;
  }
  for (size_t i = 0; i + 1 < count; i++) {
    if (num[i] > 255)
      return false;
  }
  if (num[count - 1] >= (UINT64_C(1) << (8 * (5 - count))))
    return false;
  uint64_t v = num[count - 1];
  for (size_t i = 0; i + 1 < count; i++)
    v += num[i] << (8 * (3 - i));
  *out = (uint32_t)v;
  return true;
}

/* ---- IPv6 (URL Standard 3.5, "IPv6 parser" and serializer) ---- */

static bool ipv6_parse(const char *s, size_t n, uint16_t addr[8]) {
  size_t p = 0;
  int piece = 0;
  int compress = -1;
#define C6 (p < n ? (unsigned char)s[p] : END)
  memset(addr, 0, 8 * sizeof(addr[0]));
  if (C6 == ':') {
    if (p + 1 >= n || s[p + 1] != ':')
      return false;
    p += 2;
    piece++;
    compress = piece;
  }
  while (C6 != END) {
    if (piece == 8)
      return false;
    if (C6 == ':') {
      if (compress >= 0)
        return false;
      p++;
      piece++;
      compress = piece;
      continue;
    }
    unsigned value = 0;
    size_t length = 0;
    while (length < 4 && corsim__hex_value(C6) >= 0) {
      value = value * 16 + (unsigned)corsim__hex_value(C6);
      p++;
      length++;
    }
    if (C6 == '.') {
      if (length == 0)
        return false;
      p -= length;
      if (piece > 6)
        return false;
      int seen = 0;
      while (C6 != END) {
        int v4 = -1;
        if (seen > 0) {
          if (C6 == '.' && seen < 4)
            p++;
          else
            return false;
        }
        if (!is_digit(C6))
          return false;
        while (is_digit(C6)) {
          int d = C6 - '0';
          if (v4 < 0)
            v4 = d;
          else if (v4 == 0)
            return false;
          else
            v4 = v4 * 10 + d;
          if (v4 > 255)
            return false;
          p++;
        }
        addr[piece] = (uint16_t)(addr[piece] * 0x100 + v4);
        seen++;
        if (seen == 2 || seen == 4)
          piece++;
      }
      if (seen != 4)
        return false;
      break;
    }
    if (C6 == ':') {
      p++;
      if (C6 == END)
        return false;
    } else if (C6 != END) {
      return false;
    }
    addr[piece] = (uint16_t)value;
    piece++;
  }
#undef C6
  if (compress >= 0) {
    int swaps = piece - compress;
    piece = 7;
    while (piece != 0 && swaps > 0) {
      uint16_t t = addr[piece];
      addr[piece] = addr[compress + swaps - 1];
      addr[compress + swaps - 1] = t;
      piece--;
      swaps--;
    }
  } else if (piece != 8) {
    return false;
  }
  return true;
}

/* IPv6 serializer: the first longest run of two or more zero pieces
 * becomes "::"; pieces in lower-case hex without leading zeros. */
static void ipv6_put(struct out *o, const uint16_t addr[8]) {
  static const char hex[] = "0123456789abcdef";
  int best = -1;
  int best_len = 1;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && addr[j] == 0)
      j++;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  put(o, '[');
  bool ignore0 = false;
  for (int i = 0; i < 8; i++) {
    if (ignore0 && addr[i] == 0)
      continue;
    ignore0 = false;
    if (i == best) {
      put_mem(o, i == 0 ? "::" : ":", i == 0 ? 2 : 1);
      ignore0 = true;
      continue;
    }
    bool lead = true;
    for (int sh = 12; sh >= 0; sh -= 4) {
      unsigned d = (addr[i] >> sh) & 15;
      if (lead && d == 0 && sh != 0)
        continue;
      lead = false;
      put(o, hex[d]);
    }
    if (i != 7)
      put(o, ':');
  }
  put(o, ']');
}

/* ---- host parser (URL Standard 3.5) for special schemes ---- */

/* Forbidden domain code points: the forbidden host code points, C0
 * controls, '%' and DEL. Applied after percent-decoding. */
static bool forbidden_domain_byte(unsigned char c) {
  if (c <= 0x20 || c == 0x7F)
    return true;
  switch (c) {
  case '#': case '%': case '/': case ':': case '<': case '>': case '?':
  case '@': case '[': case '\\': case ']': case '^': case '|':
    return true;
  default:
    return false;
  }
}

/* Parses the host in raw input [hb, he) and writes its serialisation. */
static int host_parse(const struct in *in, size_t hb, size_t he,
                      struct out *o) {
  size_t i = skip(in, hb);
  if (i >= he)
    return CORSIM_EINVAL; /* host-missing: special URLs need a host */
  if (at(in, i) == '[') {
    char tmp[64];
    size_t n = 0;
    for (i = adv(in, i); i < he; i = adv(in, i)) {
      if (n == sizeof(tmp))
        return CORSIM_EINVAL; /* no valid IPv6 address is this long */
      tmp[n++] = in->p[i];
    }
    if (n == 0 || tmp[n - 1] != ']')
      return CORSIM_EINVAL;
    uint16_t addr[8];
    if (!ipv6_parse(tmp, n - 1, addr))
      return CORSIM_EINVAL;
    ipv6_put(o, addr);
    return 0;
  }
  /* Domain: percent-decode (the standard decodes before domain to
   * ASCII), written where the host goes and checked in place. */
  size_t hs = o->len;
  while (i < he) {
    int c = at(in, i);
    size_t j = adv(in, i);
    size_t k = j < he ? adv(in, j) : j;
    if (c == '%' && j < he && k < he && corsim__hex_value(at(in, j)) >= 0 &&
        corsim__hex_value(at(in, k)) >= 0) {
      put(o, (char)(corsim__hex_value(at(in, j)) * 16 +
                    corsim__hex_value(at(in, k))));
      i = adv(in, k);
    } else {
      put(o, (char)c);
      i = j;
    }
  }
  if (o->over)
    return CORSIM_ETOOBIG;
  char *h = o->p + hs;
  size_t n = o->len - hs;
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)h[k];
    /* No IDNA in a libc-only core: a non-ASCII host cannot be mapped to
     * its ASCII form, so it is refused rather than guessed. */
    if (c >= 0x80 || forbidden_domain_byte(c))
      return CORSIM_EINVAL;
    h[k] = corsim__ascii_lower((char)c);
  }
  if (ends_in_number(h, n)) {
    uint32_t v4;
    if (!ipv4_parse(h, n, &v4))
      return CORSIM_EINVAL;
    o->len = hs;
    for (int sh = 24; sh >= 0; sh -= 8) {
      put_uint(o, (v4 >> sh) & 255);
      if (sh != 0)
        put(o, '.');
    }
  }
  return 0;
}

/* ---- the parser ---- */

/* Offsets into the output while it is being built. */
struct parts {
  size_t scheme_len;
  size_t host_b, host_e;
  size_t path_b, path_e;
  size_t query_b, query_e; /* query_b == 0: no query */
  size_t frag_b, frag_e;   /* frag_b == 0: no fragment */
  int port;
  bool userinfo;
  enum corsim__scheme kind;
};

static bool is_special(enum corsim__scheme k) {
  return k == CORSIM_SCHEME_HTTP || k == CORSIM_SCHEME_HTTPS;
}

static enum corsim__scheme scheme_kind(const char *s, size_t n) {
  struct corsim_str str = {s, n};
  if (corsim__str_eq(str, CORSIM_LIT("http")))
    return CORSIM_SCHEME_HTTP;
  if (corsim__str_eq(str, CORSIM_LIT("https")))
    return CORSIM_SCHEME_HTTPS;
  if (corsim__str_eq(str, CORSIM_LIT("data")))
    return CORSIM_SCHEME_DATA;
  if (corsim__str_eq(str, CORSIM_LIT("blob")))
    return CORSIM_SCHEME_BLOB;
  if (corsim__str_eq(str, CORSIM_LIT("about")))
    return CORSIM_SCHEME_ABOUT;
  if (corsim__str_eq(str, CORSIM_LIT("file")))
    return CORSIM_SCHEME_FILE;
  return CORSIM_SCHEME_OTHER;
}

/* Query state then fragment state: i is at '?', '#' or the end. */
static void parse_tail(const struct in *in, size_t i, struct out *o,
                       struct parts *pt) {
  if (at(in, i) == '?') {
    put(o, '?');
    pt->query_b = o->len;
    for (i = adv(in, i); i < in->e && at(in, i) != '#'; i = adv(in, i))
      put_enc(o, (unsigned char)at(in, i), ENC_QUERY);
    pt->query_e = o->len;
  }
  if (at(in, i) == '#') {
    put(o, '#');
    pt->frag_b = o->len;
    for (i = adv(in, i); i < in->e; i = adv(in, i))
      put_enc(o, (unsigned char)at(in, i), ENC_FRAGMENT);
    pt->frag_e = o->len;
  }
}

/* "shorten a URL's path": drop the last segment of the path in output. */
static void path_shorten(struct out *o, size_t path_b) {
  size_t k = o->len;
  while (k > path_b && o->p[k - 1] != '/')
    k--;
  if (k > path_b)
    o->len = k - 1;
}

/* Single-dot and double-dot URL path segments, "%2e" in any case. */
static size_t dots(const char *s, size_t n) {
  size_t count = 0;
  size_t i = 0;
  while (i < n) {
    if (s[i] == '.') {
      i++;
    } else if (i + 3 <= n && s[i] == '%' && s[i + 1] == '2' &&
               (s[i + 2] == 'e' || s[i + 2] == 'E')) {
      i += 3;
    } else {
      return 0;
    }
    count++;
  }
  return count <= 2 ? count : 0;
}

/*
 * Path state for special URLs: segments end at '/' or '\'; "." and ".."
 * are resolved as they are met, and a trailing dot segment leaves an
 * empty last segment ("/a/.." -> "/"). Each segment is written
 * percent-encoded and then inspected in the output, because the
 * standard tests the encoded buffer (so "%2e" counts as a dot).
 */
static int parse_path(const struct in *in, size_t i, struct out *o,
                      struct parts *pt) {
  for (;;) {
    size_t seg = o->len;
    put(o, '/');
    while (i < in->e && !is_slash(at(in, i)) && at(in, i) != '?' &&
           at(in, i) != '#') {
      put_enc(o, (unsigned char)at(in, i), ENC_PATH);
      i = adv(in, i);
    }
    if (o->over)
      return CORSIM_ETOOBIG;
    bool last = !is_slash(at(in, i));
    size_t d = dots(o->p + seg + 1, o->len - seg - 1);
    if (d > 0) {
      o->len = seg;
      if (d == 2)
        path_shorten(o, pt->path_b);
      if (last)
        put(o, '/');
    }
    if (last)
      break;
    i = adv(in, i);
  }
  pt->path_e = o->len;
  parse_tail(in, i, o, pt);
  return 0;
}

/* Authority (after the slashes) then path: userinfo, host, port. */
static int parse_authority(const struct in *in, size_t i, struct out *o,
                           struct parts *pt) {
  while (is_slash(at(in, i)))
    i = adv(in, i);
  size_t ae = i;
  size_t atsign = SIZE_MAX;
  while (ae < in->e && !is_slash(at(in, ae)) && at(in, ae) != '?' &&
         at(in, ae) != '#') {
    if (at(in, ae) == '@')
      atsign = ae;
    ae = adv(in, ae);
  }
  size_t hb = i;
  if (atsign != SIZE_MAX) {
    /* Every '@' but the last belongs to the credentials (encoded as
     * %40); the first ':' splits username from password. */
    size_t colon = SIZE_MAX;
    bool user = false;
    bool pass = false;
    for (size_t k = i; k < atsign; k = adv(in, k)) {
      if (colon == SIZE_MAX && at(in, k) == ':')
        colon = k;
      else if (colon == SIZE_MAX)
        user = true;
      else
        pass = true;
    }
    pt->userinfo = user || pass;
    for (size_t k = i; k < atsign; k = adv(in, k)) {
      if (k == colon) {
        if (pass)
          put(o, ':');
        continue;
      }
      put_enc(o, (unsigned char)at(in, k), ENC_USERINFO);
    }
    if (pt->userinfo)
      put(o, '@');
    hb = adv(in, atsign);
  }
  /* The port starts at the first ':' outside "[...]". */
  size_t he = ae;
  bool brackets = false;
  for (size_t k = skip(in, hb); k < ae; k = adv(in, k)) {
    int c = at(in, k);
    if (c == '[')
      brackets = true;
    else if (c == ']')
      brackets = false;
    else if (c == ':' && !brackets) {
      he = k;
      break;
    }
  }
  pt->host_b = o->len;
  int rc = host_parse(in, hb, he, o);
  if (rc != 0)
    return rc;
  pt->host_e = o->len;
  pt->port = -1;
  if (he < ae) {
    long port = 0;
    bool any = false;
    for (size_t k = adv(in, he); k < ae; k = adv(in, k)) {
      if (!is_digit(at(in, k)))
        return CORSIM_EINVAL;
      port = port * 10 + (at(in, k) - '0');
      if (port > 65535)
        return CORSIM_EINVAL;
      any = true;
    }
    int def = pt->kind == CORSIM_SCHEME_HTTPS ? 443 : 80;
    if (any && port != def) {
      pt->port = (int)port;
      put(o, ':');
      put_uint(o, (unsigned long)port);
    }
  }
  pt->path_b = o->len;
  if (is_slash(at(in, ae)))
    ae = adv(in, ae);
  return parse_path(in, ae, o, pt);
}

/* Copies base's authority ("user:pw@host:port", as serialised). */
static void copy_base_authority(const struct corsim__url *base, struct out *o,
                                struct parts *pt) {
  const char *auth = base->href.ptr + base->scheme.len + 3;
  size_t host_off = (size_t)(base->host.ptr - auth);
  size_t base_o = o->len;
  put_mem(o, auth, (size_t)(base->path.ptr - auth));
  pt->userinfo = base->has_userinfo;
  pt->host_b = base_o + host_off;
  pt->host_e = pt->host_b + base->host.len;
  pt->port = base->port;
  pt->path_b = o->len;
}

static void copy_base_query(const struct corsim__url *base, struct out *o,
                            struct parts *pt) {
  if (base->query.ptr == NULL)
    return;
  put(o, '?');
  pt->query_b = o->len;
  put_mem(o, base->query.ptr, base->query.len);
  pt->query_e = o->len;
}

/* "relative state" and the states it leads to, for an http(s) base. */
static int parse_relative(const struct in *in, size_t i,
                          const struct corsim__url *base, struct out *o,
                          struct parts *pt) {
  int c = at(in, i);
  if (is_slash(c)) {
    size_t j = adv(in, i);
    if (is_slash(at(in, j)))
      return parse_authority(in, j, o, pt);
    copy_base_authority(base, o, pt);
    return parse_path(in, j, o, pt);
  }
  copy_base_authority(base, o, pt);
  put_mem(o, base->path.ptr, base->path.len);
  if (c == END || c == '?' || c == '#') {
    pt->path_e = o->len;
    if (c != '?')
      copy_base_query(base, o, pt);
    parse_tail(in, i, o, pt);
    return 0;
  }
  if (o->over)
    return CORSIM_ETOOBIG;
  path_shorten(o, pt->path_b);
  return parse_path(in, i, o, pt);
}

/*
 * Non-special schemes: kept as written, query and fragment split off,
 * except that the standard's encode sets still apply (opaque path state:
 * C0 control set; query state: query set; fragment state: fragment set),
 * so a control byte or NUL never ends up raw in the href.
 */
static void parse_opaque(const struct in *in, size_t i, struct out *o,
                         struct parts *pt) {
  pt->host_b = pt->host_e = o->len;
  pt->port = -1;
  pt->path_b = o->len;
  for (; i < in->e && at(in, i) != '?' && at(in, i) != '#'; i = adv(in, i))
    put_enc(o, (unsigned char)at(in, i), ENC_C0);
  pt->path_e = o->len;
  if (at(in, i) == '?') {
    put(o, '?');
    pt->query_b = o->len;
    for (i = adv(in, i); i < in->e && at(in, i) != '#'; i = adv(in, i))
      put_enc(o, (unsigned char)at(in, i), ENC_QUERY_OPAQUE);
    pt->query_e = o->len;
  }
  if (at(in, i) == '#') {
    put(o, '#');
    pt->frag_b = o->len;
    for (i = adv(in, i); i < in->e; i = adv(in, i))
      put_enc(o, (unsigned char)at(in, i), ENC_FRAGMENT);
    pt->frag_e = o->len;
  }
}

static struct corsim_str slice(char *buf, size_t b, size_t e) {
  struct corsim_str s = {buf + b, e - b};
  return s;
}

/*
 * The fast path. Most URLs a page fetches are already in their serialised
 * form ("http://127.0.0.1:8002/items/17?x=1"): lower-case http(s) scheme,
 * a lower-case host name or canonical dotted IPv4 address, no userinfo,
 * a non-default port without leading zeros, and a path, query and fragment
 * of bytes no encode set touches and without dot segments. For those the
 * full parser would copy the input unchanged, so this copies and slices it
 * directly; anything else returns false and goes the long way.
 * tests/fuzz/fuzz_url.c checks that both agree on every input this takes.
 */
/* Bit 0: copied as is in a path, bit 1: in a query, bit 2: in a
 * fragment. Letters, digits and the sub-delims no encode set touches. */
#define FP_ALL 7
/* Bit 3: a path byte that needs no look at its neighbours (not '.'). */
#define FP_PLAIN (FP_ALL | 8)
static const unsigned char fast_class[256] = {
    ['-'] = FP_PLAIN, ['.'] = FP_ALL, ['_'] = FP_PLAIN, ['~'] = FP_PLAIN,
    ['!'] = FP_PLAIN, ['$'] = FP_PLAIN, ['&'] = FP_PLAIN, ['('] = FP_PLAIN,
    [')'] = FP_PLAIN, ['*'] = FP_PLAIN, ['+'] = FP_PLAIN, [','] = FP_PLAIN,
    [';'] = FP_PLAIN, ['='] = FP_PLAIN, [':'] = FP_PLAIN, ['@'] = FP_PLAIN,
    ['/'] = FP_PLAIN,
    ['\''] = 1 | 4, /* the special-query set encodes it */
    ['?'] = 2 | 4,
    ['0'] = FP_PLAIN, ['1'] = FP_PLAIN, ['2'] = FP_PLAIN, ['3'] = FP_PLAIN,
    ['4'] = FP_PLAIN, ['5'] = FP_PLAIN, ['6'] = FP_PLAIN, ['7'] = FP_PLAIN,
    ['8'] = FP_PLAIN, ['9'] = FP_PLAIN,
    ['A'] = FP_PLAIN, ['B'] = FP_PLAIN, ['C'] = FP_PLAIN, ['D'] = FP_PLAIN,
    ['E'] = FP_PLAIN, ['F'] = FP_PLAIN, ['G'] = FP_PLAIN, ['H'] = FP_PLAIN,
    ['I'] = FP_PLAIN, ['J'] = FP_PLAIN, ['K'] = FP_PLAIN, ['L'] = FP_PLAIN,
    ['M'] = FP_PLAIN, ['N'] = FP_PLAIN, ['O'] = FP_PLAIN, ['P'] = FP_PLAIN,
    ['Q'] = FP_PLAIN, ['R'] = FP_PLAIN, ['S'] = FP_PLAIN, ['T'] = FP_PLAIN,
    ['U'] = FP_PLAIN, ['V'] = FP_PLAIN, ['W'] = FP_PLAIN, ['X'] = FP_PLAIN,
    ['Y'] = FP_PLAIN, ['Z'] = FP_PLAIN,
    ['a'] = FP_PLAIN, ['b'] = FP_PLAIN, ['c'] = FP_PLAIN, ['d'] = FP_PLAIN,
    ['e'] = FP_PLAIN, ['f'] = FP_PLAIN, ['g'] = FP_PLAIN, ['h'] = FP_PLAIN,
    ['i'] = FP_PLAIN, ['j'] = FP_PLAIN, ['k'] = FP_PLAIN, ['l'] = FP_PLAIN,
    ['m'] = FP_PLAIN, ['n'] = FP_PLAIN, ['o'] = FP_PLAIN, ['p'] = FP_PLAIN,
    ['q'] = FP_PLAIN, ['r'] = FP_PLAIN, ['s'] = FP_PLAIN, ['t'] = FP_PLAIN,
    ['u'] = FP_PLAIN, ['v'] = FP_PLAIN, ['w'] = FP_PLAIN, ['x'] = FP_PLAIN,
    ['y'] = FP_PLAIN, ['z'] = FP_PLAIN,
};

/* Bytes of a host the fast path copies as is: lower-case letters and '-',
 * digits, and the dots between labels; anything else ends the host. */
enum { HC_END = 0, HC_LETTER = 1, HC_DIGIT = 2, HC_DOT = 4 };
static const unsigned char host_class[256] = {
    ['-'] = HC_LETTER, ['.'] = HC_DOT,
    ['0'] = HC_DIGIT, ['1'] = HC_DIGIT, ['2'] = HC_DIGIT, ['3'] = HC_DIGIT,
    ['4'] = HC_DIGIT, ['5'] = HC_DIGIT, ['6'] = HC_DIGIT, ['7'] = HC_DIGIT,
    ['8'] = HC_DIGIT, ['9'] = HC_DIGIT,
    ['a'] = HC_LETTER, ['b'] = HC_LETTER, ['c'] = HC_LETTER, ['d'] = HC_LETTER,
    ['e'] = HC_LETTER, ['f'] = HC_LETTER, ['g'] = HC_LETTER, ['h'] = HC_LETTER,
    ['i'] = HC_LETTER, ['j'] = HC_LETTER, ['k'] = HC_LETTER, ['l'] = HC_LETTER,
    ['m'] = HC_LETTER, ['n'] = HC_LETTER, ['o'] = HC_LETTER, ['p'] = HC_LETTER,
    ['q'] = HC_LETTER, ['r'] = HC_LETTER, ['s'] = HC_LETTER, ['t'] = HC_LETTER,
    ['u'] = HC_LETTER, ['v'] = HC_LETTER, ['w'] = HC_LETTER, ['x'] = HC_LETTER,
    ['y'] = HC_LETTER, ['z'] = HC_LETTER,
};

static bool fast_byte(unsigned char c, int part) {
  /* part 0: path, 1: query, 2: fragment */
  return (fast_class[c] >> part) & 1;
}

static bool fast_ipv4(const char *h, size_t n) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= n || h[i] != '.')
        return false;
      i++;
    }
    size_t b = i;
    unsigned v = 0;
    while (i < n && i - b < 3 && (unsigned char)(h[i] - '0') < 10)
      v = v * 10 + (unsigned)(h[i++] - '0');
    if (i == b || v > 255 || (h[b] == '0' && i - b > 1))
      return false;
  }
  return i == n;
}

/* The scheme and authority of a URL the fast path takes: "http://" or
 * "https://", a host it copies as is, an optional port. */
struct fast_auth {
  enum corsim__scheme kind;
  size_t scheme_len, hb, he, end; /* end: the byte after the port */
  int port;
};

static bool fast_authority(const char *p, size_t n, struct fast_auth *a) {
  size_t i;
  enum corsim__scheme kind;
  if (n > 7 && memcmp(p, "http://", 7) == 0) {
    kind = CORSIM_SCHEME_HTTP;
    i = 7;
  } else if (n > 8 && memcmp(p, "https://", 8) == 0) {
    kind = CORSIM_SCHEME_HTTPS;
    i = 8;
  } else {
    return false;
  }
  size_t scheme_len = i - 3;
  size_t hb = i;
  /* Label by label: an empty one (leading, trailing or doubled dot)
   * needs the host parser. */
  bool all_num = true;
  unsigned label;
  size_t lb;
  for (;;) {
    lb = i;
    label = 0;
    unsigned k;
    while (i < n && ((k = host_class[(unsigned char)p[i]]) & ~HC_DOT) != 0) {
      label |= k;
      i++;
    }
    if (i == lb)
      return false;
    all_num = all_num && label == HC_DIGIT;
    if (i < n && p[i] == '.') {
      i++;
      continue;
    }
    break;
  }
  if (i < n && p[i] != ':' && p[i] != '/' && p[i] != '?' && p[i] != '#')
    return false;
  size_t he = i;
  /* "0x..." labels are hexadecimal numbers to the IPv4 parser. */
  if (he - lb >= 2 && p[lb] == '0' && p[lb + 1] == 'x')
    return false;
  /* A last label of digits makes the host an IPv4 address (URL Standard
   * "ends in a number"); only the canonical spelling is copied as is. */
  if (label == HC_DIGIT && !(all_num && fast_ipv4(p + hb, he - hb)))
    return false;
  int port = -1;
  if (i < n && p[i] == ':') {
    size_t pb = ++i;
    unsigned v = 0, d;
    while (i < n && (d = (unsigned)(unsigned char)p[i] - '0') < 10) {
      v = v * 10 + d;
      if (++i - pb > 5)
        return false;
    }
    if (i == pb || p[pb] == '0' || v > 65535)
      return false;
    if ((kind == CORSIM_SCHEME_HTTP && v == 80) ||
        (kind == CORSIM_SCHEME_HTTPS && v == 443))
      return false;
    port = (int)v;
  }
  *a = (struct fast_auth){kind, scheme_len, hb, he, i, port};
  return true;
}

/* The memo holds an authority the fast path accepted; a URL that starts
 * with the same bytes followed by '/', '?' or '#' has the same scheme,
 * host and port, so those checks are skipped. */
static bool memo_hit(const struct corsim__url_memo *m, const char *p, size_t n,
                     struct fast_auth *a) {
  size_t len = m->len;
  if (len == 0 || n <= len || (p[len] != '/' && p[len] != '?' && p[len] != '#') ||
      !corsim__mem_eq(p, m->prefix, len))
    return false;
  *a = (struct fast_auth){m->kind, m->scheme_len, m->host_b, m->host_e, len,
                          m->port};
  return true;
}

static void memo_keep(struct corsim__url_memo *m, const char *p,
                      const struct fast_auth *a) {
  if (a->end > sizeof(m->prefix)) {
    m->len = 0;
    return;
  }
  memcpy(m->prefix, p, a->end);
  m->len = (unsigned char)a->end;
  m->scheme_len = (unsigned char)a->scheme_len;
  m->host_b = (unsigned char)a->hb;
  m->host_e = (unsigned char)a->he;
  m->kind = a->kind;
  m->port = a->port;
}

static bool fast_parse(struct corsim_str input, struct corsim__url *out,
                       char *buf, size_t cap, struct corsim__url_memo *memo) {
  const char *p = input.ptr;
  size_t n = input.len;
  struct fast_auth a;
  if (memo == NULL || !memo_hit(memo, p, n, &a)) {
    if (!fast_authority(p, n, &a))
      return false;
    if (memo != NULL)
      memo_keep(memo, p, &a);
  }
  enum corsim__scheme kind = a.kind;
  size_t scheme_len = a.scheme_len, hb = a.hb, he = a.he, i = a.end;
  int port = a.port;
  if (i < n && p[i] != '/' && p[i] != '?' && p[i] != '#')
    return false;
  size_t path_b = i, path_e, q_b = 0, q_e = 0, f_b = 0, f_e = 0;
  bool empty_path = i == n || p[i] != '/';
  int part = 0;
  for (; i < n; i++) {
    /* Runs of path bytes other than '.' need no further look. */
    if (part == 0) {
      while (i + 4 <= n && (fast_class[(unsigned char)p[i]] &
                            fast_class[(unsigned char)p[i + 1]] &
                            fast_class[(unsigned char)p[i + 2]] &
                            fast_class[(unsigned char)p[i + 3]] & 8))
        i += 4;
      while (i < n && (fast_class[(unsigned char)p[i]] & 8))
        i++;
    }
    if (i == n)
      break;
    unsigned char c = (unsigned char)p[i];
    if (c == '?' && part == 0) {
      part = 1;
      q_b = i + 1;
      continue;
    }
    if (c == '#' && part < 2) {
      if (part == 1)
        q_e = i;
      part = 2;
      f_b = i + 1;
      continue;
    }
    if (!fast_byte(c, part))
      return false;
    /* Dot segments ("/./", "/../", trailing "/." or "/..") need the
     * path parser. */
    if (part == 0 && c == '.' && p[i - 1] == '/') {
      size_t k = i;
      while (k < n && p[k] == '.')
        k++;
      if (k - i <= 2 && (k == n || p[k] == '/' || p[k] == '?' || p[k] == '#'))
        return false;
    }
  }
  if (part == 0)
    path_e = n;
  else
    path_e = (q_b ? q_b : f_b) - 1;
  if (part == 1)
    q_e = n;
  if (part == 2)
    f_e = n;
  if (empty_path && part == 0 && path_b != n)
    return false;
  size_t total = n + (empty_path ? 1 : 0);
  if (total + 1 > cap)
    return false;
  /* Copy, inserting "/" for an empty path. */
  size_t shift = empty_path ? 1 : 0;
  if (empty_path) {
    memcpy(buf, p, path_b);
    buf[path_b] = '/';
    memcpy(buf + path_b + shift, p + path_b, n - path_b);
  } else {
    corsim__copy(buf, p, n);
  }
  buf[total] = '\0';
  out->kind = kind;
  out->href = (struct corsim_str){buf, total};
  out->scheme = (struct corsim_str){buf, scheme_len};
  out->host = (struct corsim_str){buf + hb, he - hb};
  out->port = port;
  out->path = (struct corsim_str){buf + path_b, empty_path ? 1 : path_e - path_b};
  out->query = q_b ? (struct corsim_str){buf + q_b + shift, q_e - q_b}
                   : (struct corsim_str){NULL, 0};
  out->fragment = f_b ? (struct corsim_str){buf + f_b + shift, f_e - f_b}
                      : (struct corsim_str){NULL, 0};
  out->has_userinfo = false;
  return true;
}

int corsim__url_parse(struct corsim_str input, const struct corsim__url *base,
                      struct corsim__url *out, char *buf, size_t cap) {
  if (buf != NULL && input.ptr != NULL &&
      fast_parse(input, out, buf, cap, NULL))
    return 0;
  return corsim__url_parse_full(input, base, out, buf, cap);
}

int corsim__url_parse_memo(struct corsim_str input,
                           const struct corsim__url *base,
                           struct corsim__url *out, char *buf, size_t cap,
                           struct corsim__url_memo *memo) {
  if (buf != NULL && input.ptr != NULL &&
      fast_parse(input, out, buf, cap, memo))
    return 0;
  return corsim__url_parse_full(input, base, out, buf, cap);
}

int corsim__url_parse_full(struct corsim_str input,
                           const struct corsim__url *base,
                           struct corsim__url *out, char *buf, size_t cap) {
  if (buf == NULL || cap == 0)
    return CORSIM_ETOOBIG;
  if (input.len == 0 && base == NULL)
    return CORSIM_EINVAL;
  /* Strip leading and trailing C0 control or space. */
  size_t b = 0;
  size_t e = input.len;
  while (b < e && (unsigned char)input.ptr[b] <= 0x20)
    b++;
  while (e > b && (unsigned char)input.ptr[e - 1] <= 0x20)
    e--;
  struct in in = {input.ptr, e};
  struct out o = {buf, cap, 0, false};
  struct parts pt;
  memset(&pt, 0, sizeof(pt));
  size_t i = skip(&in, b);

  /* Scheme start / scheme state: ALPHA *( ALPHA / DIGIT / + - . ) ":". */
  size_t j = i;
  bool has_scheme = false;
  if (is_alpha(at(&in, j))) {
    while (is_alpha(at(&in, j)) || is_digit(at(&in, j)) ||
           at(&in, j) == '+' || at(&in, j) == '-' || at(&in, j) == '.')
      j = adv(&in, j);
    has_scheme = at(&in, j) == ':';
  }
  bool base_special = base != NULL && is_special(base->kind);
  if (has_scheme) {
    for (size_t k = i; k < j; k = adv(&in, k))
      put(&o, corsim__ascii_lower((char)at(&in, k)));
    if (o.over)
      return CORSIM_ETOOBIG;
    pt.scheme_len = o.len;
    pt.kind = scheme_kind(buf, o.len);
    i = adv(&in, j);
  } else {
    /* No scheme: relative to base. Only http(s) bases are supported; a
     * base with an opaque path (data:, about:) cannot resolve relative
     * input in the standard either, except for "#fragment". */
    if (!base_special)
      return CORSIM_EINVAL;
    put_mem(&o, base->scheme.ptr, base->scheme.len);
    pt.scheme_len = base->scheme.len;
    pt.kind = base->kind;
  }
  put(&o, ':');

  int rc = 0;
  if (!is_special(pt.kind)) {
    parse_opaque(&in, i, &o, &pt);
  } else {
    put(&o, '/');
    put(&o, '/');
    struct corsim_str sch = {buf, pt.scheme_len};
    /* "no scheme state" and "special relative or authority state" (same
     * scheme as base) both end in the relative state, which itself moves
     * to the authority on a second slash. */
    if (base_special && (!has_scheme || corsim__str_eq(sch, base->scheme)))
      rc = parse_relative(&in, i, base, &o, &pt);
    else /* "special authority slashes" / "ignore slashes" states */
      rc = parse_authority(&in, i, &o, &pt);
  }
  if (rc != 0)
    return rc;
  if (o.over)
    return CORSIM_ETOOBIG;
  size_t href_len = o.len;

  /*
   * A second copy without userinfo and fragment, after the NUL, for
   * corsim__url_without_fragment: credentials never go on the wire (the
   * browser moves them to Authorization), and the slices of one URL must
   * stay contiguous.
   */
  if (pt.userinfo) {
    put(&o, '\0');
    put_mem(&o, buf, pt.scheme_len + 3);
    put_mem(&o, buf + pt.host_b,
            (pt.frag_b ? pt.frag_b - 1 : href_len) - pt.host_b);
    if (o.over)
      return CORSIM_ETOOBIG;
  }
  buf[o.len] = '\0'; /* put() always leaves room for it */

  out->kind = pt.kind;
  out->href = slice(buf, 0, href_len);
  out->scheme = slice(buf, 0, pt.scheme_len);
  out->host = slice(buf, pt.host_b, pt.host_e);
  out->port = pt.port;
  out->path = slice(buf, pt.path_b, pt.path_e);
  out->query = pt.query_b ? slice(buf, pt.query_b, pt.query_e)
                          : (struct corsim_str){NULL, 0};
  out->fragment = pt.frag_b ? slice(buf, pt.frag_b, pt.frag_e)
                            : (struct corsim_str){NULL, 0};
  out->has_userinfo = pt.userinfo;
  return 0;
}

/* ---- origins (URL Standard 4.5 "origin"; HTML "serialization of an
 * origin") ---- */

static long put_origin(const struct corsim__url *u, char *buf, size_t cap) {
  struct out o = {buf, cap, 0, false};
  put_mem(&o, u->scheme.ptr, u->scheme.len);
  put_mem(&o, "://", 3);
  put_mem(&o, u->host.ptr, u->host.len);
  if (u->port >= 0) {
    put(&o, ':');
    put_uint(&o, (unsigned long)u->port);
  }
  if (o.over || cap == 0)
    return CORSIM_ETOOBIG;
  buf[o.len] = '\0';
  return (long)o.len;
}

/*
 * A blob: URL's origin is that of the URL in its path when that is http(s)
 * (URL Standard, "origin" for "blob"); the inner URL is parsed into a
 * stack buffer, and one too long for it is treated as opaque.
 */
static bool blob_inner(const struct corsim__url *u, struct corsim__url *inner,
                       char *tmp, size_t cap) {
  struct corsim_str path = u->path;
  return corsim__url_parse(path, NULL, inner, tmp, cap) == 0 &&
         is_special(inner->kind);
}

long corsim__url_origin(const struct corsim__url *u, char *buf, size_t cap) {
  if (is_special(u->kind))
    return put_origin(u, buf, cap);
  if (u->kind == CORSIM_SCHEME_BLOB) {
    char tmp[2048];
    struct corsim__url inner;
    if (blob_inner(u, &inner, tmp, sizeof(tmp)))
      return put_origin(&inner, buf, cap);
  }
  if (cap < 5)
    return CORSIM_ETOOBIG;
  memcpy(buf, "null", 5);
  return 4;
}

bool corsim__url_same_origin(const struct corsim__url *a,
                             const struct corsim__url *b) {
  /* The port first: it is what most often tells a page's origin from
   * its API's, and it costs one compare. */
  return a->port == b->port && is_special(a->kind) && is_special(b->kind) &&
         corsim__str_eq(a->host, b->host) &&
         corsim__str_eq(a->scheme, b->scheme);
}

/*
 * When the URL has userinfo, corsim__url_parse left a copy without
 * userinfo and fragment right after the href's NUL (see there).
 */
struct corsim_str corsim__url_without_fragment(const struct corsim__url *u) {
  size_t frag = u->fragment.ptr != NULL ? u->fragment.len + 1 : 0;
  struct corsim_str s = {u->href.ptr, u->href.len - frag};
  if (u->has_userinfo && is_special(u->kind)) {
    size_t userinfo =
        (size_t)(u->host.ptr - (u->href.ptr + u->scheme.len + 3));
    s.ptr = u->href.ptr + u->href.len + 1;
    s.len -= userinfo;
  }
  return s;
}

static bool host_trustworthy(struct corsim_str h) {
  /* Secure Contexts 3.2: 127.0.0.0/8 and ::1. The host is already
   * serialised, so an IPv4 address is four dotted decimal numbers; a
   * domain such as "127.foo" cannot pass for one. */
  if (h.len >= 4 && memcmp(h.ptr, "127.", 4) == 0) {
    bool ip = true;
    for (size_t i = 0; i < h.len; i++)
      ip = ip && (is_digit((unsigned char)h.ptr[i]) || h.ptr[i] == '.');
    if (ip)
      return true;
  }
  if (corsim__str_eq(h, CORSIM_LIT("[::1]")))
    return true;
  /* "localhost" and names in .localhost (RFC 6761 via Secure Contexts). */
  static const char suffix[] = ".localhost";
  size_t sl = sizeof(suffix) - 1;
  return corsim__str_eq(h, CORSIM_LIT("localhost")) ||
         (h.len > sl && memcmp(h.ptr + h.len - sl, suffix, sl) == 0);
}

/*
 * Secure Contexts, "Is url potentially trustworthy?": about:blank,
 * about:srcdoc and data: URLs are (they inherit or carry their content),
 * everything else by its origin: https and wss schemes, file, and hosts
 * that are loopback by definition.
 */
bool corsim__url_trustworthy(const struct corsim__url *u) {
  switch (u->kind) {
  case CORSIM_SCHEME_HTTPS:
  case CORSIM_SCHEME_FILE:
  case CORSIM_SCHEME_DATA:
    return true;
  case CORSIM_SCHEME_HTTP:
    return host_trustworthy(u->host);
  case CORSIM_SCHEME_ABOUT:
    return corsim__str_eq(u->href, CORSIM_LIT("about:blank")) ||
           corsim__str_eq(u->href, CORSIM_LIT("about:srcdoc"));
  case CORSIM_SCHEME_BLOB: {
    char tmp[2048];
    struct corsim__url inner;
    return blob_inner(u, &inner, tmp, sizeof(tmp)) &&
           corsim__url_trustworthy(&inner);
  }
  case CORSIM_SCHEME_OTHER:
  default:
    return corsim__str_eq(u->scheme, CORSIM_LIT("wss"));
  }
}

/*
 * A serialized origin is exactly what put_origin writes, so the check is
 * a round trip: parse s, and accept it only if the URL is http(s) without
 * userinfo, query or fragment, and its href is s followed by the "/" of
 * the empty path. That refuses every spelling the parser would change
 * (case, default port, IPv4 and IPv6 forms, whitespace, a trailing "/").
 */
int corsim__origin_parse(struct corsim_str s, struct corsim__url *out,
                         bool *opaque, char *buf, size_t cap) {
  *opaque = false;
  if (corsim__str_eq(s, CORSIM_LIT("null"))) {
    if (cap < 5)
      return CORSIM_ETOOBIG;
    memcpy(buf, "null", 5);
    memset(out, 0, sizeof(*out));
    out->kind = CORSIM_SCHEME_OTHER;
    out->href = slice(buf, 0, 4);
    out->scheme = out->host = out->path = slice(buf, 0, 0);
    out->port = -1;
    *opaque = true;
    return 0;
  }
  if (s.len == 0)
    return CORSIM_EORIGIN;
  int rc = corsim__url_parse(s, NULL, out, buf, cap);
  if (rc == CORSIM_ETOOBIG)
    return rc;
  if (rc != 0 || !is_special(out->kind) || out->has_userinfo ||
      out->query.ptr != NULL || out->fragment.ptr != NULL ||
      out->href.len != s.len + 1 || memcmp(out->href.ptr, s.ptr, s.len) != 0 ||
      out->href.ptr[s.len] != '/')
    return CORSIM_EORIGIN;
  return 0;
}
