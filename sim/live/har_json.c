/*
 * har_json.c - see har_json.h.
 */
/* timegm and struct tm's tm_gmtoff (glibc: _DEFAULT_SOURCE). */
#define _DEFAULT_SOURCE 1

#include "har_json.h"
#include "str.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

json_t *har_json_num(double v) {
  if (isfinite(v) && v == floor(v) && fabs(v) < 9007199254740992.0)
    return json_integer((json_int_t)v);
  return json_real(isfinite(v) ? v : 0);
}

/* JavaScript's Date holds +-8.64e15 ms; beyond that it is an Invalid
 * Date (whose toJSON is null). */
#define DATE_MAX_MS 8.64e15

static bool date_ok(double ms) {
  return isfinite(ms) && fabs(ms) <= DATE_MAX_MS;
}

/* Splits ms since the epoch into whole seconds and milliseconds, cutting
 * towards minus infinity as JavaScript's Date does for times before
 * 1970 (none in practice). A time Date cannot hold is the epoch. */
static void split_ms(double ms, time_t *s, int *frac) {
  double whole = floor(date_ok(ms) ? ms : 0);
  double sec = floor(whole / 1000.0);
  *s = (time_t)sec;
  *frac = (int)(whole - sec * 1000.0);
}

void har_json_date_utc(double ms, char *buf, size_t cap) {
  struct tm tm;
  time_t s;
  int frac;

  split_ms(ms, &s, &frac);
  if (gmtime_r(&s, &tm) == NULL) {
    snprintf(buf, cap, "1970-01-01T00:00:00.000Z");
    return;
  }
  snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

void har_json_date_local(double ms, char *buf, size_t cap) {
  struct tm tm;
  time_t s;
  int frac;
  long off;

  split_ms(ms, &s, &frac);
  if (localtime_r(&s, &tm) == NULL) {
    har_json_date_utc(ms, buf, cap);
    return;
  }
  /* dateToHarString: "+hh:mm" east of Greenwich, "-hh:mm" west; UTC is
   * "+00:00". */
  off = tm.tm_gmtoff / 60;
  snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
           tm.tm_sec, frac, off < 0 ? '-' : '+', labs(off) / 60,
           labs(off) % 60);
}

/* decodeURIComponent of p[0..n) after '+' -> ' ', or NULL where it would
 * throw (a bad escape, or bytes that are not UTF-8): Firefox then keeps
 * the text as it was. */
static json_t *decoded(const char *p, size_t n) {
  char *out = malloc(n + 1);
  size_t w = 0;
  json_t *j;

  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '+') {
      out[w++] = ' ';
    } else if (p[i] == '%') {
      int hi = i + 2 < n ? corsim__hex_value(p[i + 1]) : -1;
      int lo = i + 2 < n ? corsim__hex_value(p[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        free(out);
        return NULL;
      }
      out[w++] = (char)(hi << 4 | lo);
      i += 2;
    } else {
      out[w++] = p[i];
    }
  }
  /* jansson refuses bytes that are not UTF-8: so does decodeURIComponent. */
  j = json_stringn(out, w);
  free(out);
  return j;
}

static json_t *part(const char *p, size_t n, bool decode) {
  json_t *j = decode ? decoded(p, n) : NULL;
  return j != NULL ? j : json_stringn(p, n);
}

json_t *har_json_query(const char *url, bool decode) {
  json_t *arr = json_array();
  const char *q = strchr(url, '?'), *end;

  if (q == NULL || arr == NULL)
    return arr;
  q++;
  end = strchr(q, '#');
  if (end == NULL)
    end = q + strlen(q);
  if (end == q)
    return arr;
  while (q <= end) {
    const char *amp = memchr(q, '&', (size_t)(end - q));
    const char *stop = amp != NULL ? amp : end;
    const char *eq = memchr(q, '=', (size_t)(stop - q));
    json_t *name, *value;
    if (eq != NULL) {
      name = part(q, (size_t)(eq - q), decode);
      value = part(eq + 1, (size_t)(stop - eq - 1), decode);
    } else {
      name = part(q, (size_t)(stop - q), decode);
      value = json_string("");
    }
    json_array_append_new(
        arr, json_pack("{s:o*,s:o*}", "name", name, "value", value));
    if (amp == NULL)
      break;
    q = amp + 1;
  }
  return arr;
}

const char *har_json_header(const json_t *headers, const char *name) {
  size_t i;
  json_t *h;

  json_array_foreach(headers, i, h) {
    const char *n = json_string_value(json_object_get(h, "name"));
    if (n != NULL && strcasecmp(n, name) == 0)
      return json_string_value(json_object_get(h, "value"));
  }
  return NULL;
}

json_t *har_json_headers_from_object(const json_t *obj) {
  json_t *arr = json_array();
  const char *key;
  json_t *v;

  if (!json_is_object(obj))
    return arr;
  json_object_foreach((json_t *)obj, key, v) {
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    size_t start = 0;
    if (s == NULL)
      continue;
    for (size_t i = 0; i <= n; i++) {
      if (i < n && s[i] != '\n')
        continue;
      json_array_append_new(arr, json_pack("{s:s,s:s%}", "name", key, "value",
                                           s + start, i - start));
      start = i + 1;
    }
  }
  return arr;
}

/* ---- cookies ---------------------------------------------------------- */

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static size_t trimmed(const char *p, const char *end) {
  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return (size_t)(end - p);
}

static bool attr_is(const char *p, size_t n, const char *lit) {
  return n == strlen(lit) && strncasecmp(p, lit, n) == 0;
}

/* Digits at *p (at most max), as a number; -1 when there are none. */
static int read_int(const char **p, const char *end, int max) {
  int v = 0, n = 0;
  while (*p < end && n < max && **p >= '0' && **p <= '9') {
    v = v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  return n > 0 ? v : -1;
}

/* An HTTP date as Set-Cookie's Expires writes it ("Wed, 21 Oct 2026
 * 07:28:00 GMT", or the old "Wed, 21-Oct-26 07:28:00 GMT"); false when it
 * is not one. */
static bool http_date(const char *p, size_t n, double *ms) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const char *end = p + n, *comma = memchr(p, ',', n), *m;
  int day, mon, year, h, mi, s;
  struct tm tm;

  if (comma == NULL)
    return false;
  p = skip_ws(comma + 1, end);
  day = read_int(&p, end, 2);
  if (day < 1 || p + 5 > end || (*p != ' ' && *p != '-'))
    return false;
  for (m = months; *m != '\0'; m += 3)
    if (strncasecmp(m, p + 1, 3) == 0)
      break;
  if (*m == '\0' || (p[4] != ' ' && p[4] != '-'))
    return false;
  mon = (int)((m - months) / 3);
  p += 5;
  year = read_int(&p, end, 4);
  if (year < 0 || p >= end || *p != ' ')
    return false;
  p++;
  h = read_int(&p, end, 2);
  if (h < 0 || p >= end || *p++ != ':')
    return false;
  mi = read_int(&p, end, 2);
  if (mi < 0 || p >= end || *p++ != ':')
    return false;
  s = read_int(&p, end, 2);
  if (s < 0)
    return false;
  if (year < 100)
    year += year < 70 ? 2000 : 1900;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = year - 1900;
  tm.tm_mon = mon;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  *ms = (double)timegm(&tm) * 1000.0;
  return true;
}

/* One Set-Cookie value: "name=value; Attr=...; Flag". */
static json_t *set_cookie(const char *s, bool full, double now_ms) {
  const char *end = s + strlen(s), *semi = memchr(s, ';', (size_t)(end - s));
  const char *pair_end = semi != NULL ? semi : end;
  const char *eq = memchr(s, '=', (size_t)(pair_end - s));
  const char *ns = skip_ws(s, pair_end);
  json_t *c = json_object(), *path = NULL, *domain = NULL, *samesite = NULL;
  bool httponly = false, secure = false, have_expiry = false;
  double expires = 0, max_age = 0;
  bool have_max_age = false;
  const char *p;

  if (eq != NULL) {
    json_object_set_new(c, "name", json_stringn(ns, trimmed(ns, eq)));
    p = skip_ws(eq + 1, pair_end);
    json_object_set_new(c, "value", json_stringn(p, trimmed(p, pair_end)));
  } else {
    json_object_set_new(c, "name", json_string(""));
    json_object_set_new(c, "value", json_stringn(ns, trimmed(ns, pair_end)));
  }
  if (!full)
    return c;
  for (p = semi; p != NULL && p < end;) {
    const char *a = skip_ws(p + 1, end);
    const char *next = memchr(a, ';', (size_t)(end - a));
    const char *stop = next != NULL ? next : end;
    const char *aeq = memchr(a, '=', (size_t)(stop - a));
    size_t alen = trimmed(a, aeq != NULL ? aeq : stop);
    const char *v = aeq != NULL ? skip_ws(aeq + 1, stop) : stop;
    size_t vlen = trimmed(v, stop);
    if (attr_is(a, alen, "path")) {
      json_decref(path);
      path = json_stringn(v, vlen);
    } else if (attr_is(a, alen, "domain")) {
      json_decref(domain);
      domain = json_stringn(v, vlen);
    } else if (attr_is(a, alen, "samesite")) {
      json_decref(samesite);
      samesite = json_stringn(v, vlen);
    } else if (attr_is(a, alen, "httponly")) {
      httponly = true;
    } else if (attr_is(a, alen, "secure")) {
      secure = true;
    } else if (attr_is(a, alen, "max-age")) {
      char num[32];
      if (vlen > 0 && vlen < sizeof num) {
        memcpy(num, v, vlen);
        num[vlen] = '\0';
        max_age = strtod(num, NULL);
        have_max_age = true;
      }
    } else if (attr_is(a, alen, "expires")) {
      have_expiry = http_date(v, vlen, &expires) || have_expiry;
    }
    p = next;
  }
  /* DevTools' Cookie: Max-Age wins over Expires; an attribute that is
   * absent is left out (undefined in JavaScript). */
  if (path != NULL)
    json_object_set_new(c, "path", path);
  if (domain != NULL)
    json_object_set_new(c, "domain", domain);
  if (have_max_age && date_ok(now_ms + max_age * 1000.0)) {
    char date[40];
    har_json_date_utc(now_ms + max_age * 1000.0, date, sizeof date);
    json_object_set_new(c, "expires", json_string(date));
  } else if (have_expiry && !have_max_age) {
    char date[40];
    har_json_date_utc(expires, date, sizeof date);
    json_object_set_new(c, "expires", json_string(date));
  } else {
    json_object_set_new(c, "expires", json_null());
  }
  json_object_set_new(c, "httpOnly", json_boolean(httponly));
  json_object_set_new(c, "secure", json_boolean(secure));
  if (samesite != NULL)
    json_object_set_new(c, "sameSite", samesite);
  return c;
}

json_t *har_json_set_cookies(const json_t *headers, bool full, double now_ms) {
  json_t *arr = json_array(), *h;
  size_t i;

  json_array_foreach(headers, i, h) {
    const char *n = json_string_value(json_object_get(h, "name"));
    const char *v = json_string_value(json_object_get(h, "value"));
    if (n != NULL && v != NULL && strcasecmp(n, "set-cookie") == 0)
      json_array_append_new(arr, set_cookie(v, full, now_ms));
  }
  return arr;
}

int har_json_write(const json_t *root, FILE *f) {
  /* Fifteen significant digits: the timings are computed in doubles, and
   * JavaScript writes the shortest form that reads back the same;
   * "17.841" reads better than jansson's default "17.841000000000001". */
  if (json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) != 0)
    return -1;
  if (fputc('\n', f) == EOF)
    return -1;
  return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
