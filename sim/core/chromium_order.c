/*
 * chromium_order.c - Chromium's iteration order over a request's headers
 * (see chromium_order.h for what it is used for).
 *
 * The chain in Chromium, as read in its sources:
 *   - PreflightResult::EnsureAllowedCrossOriginHeaders
 *     (services/network/cors/preflight_result.cc) walks
 *     CorsUnsafeNotForbiddenRequestHeaderNames(headers.GetHeaderVector())
 *     (services/network/public/cpp/cors/cors.cc), which keeps the vector's
 *     order, and reports the first name the preflight did not allow.
 *   - net::HttpRequestHeaders is a vector in insertion order; Blink's
 *     PopulateResourceRequest (third_party/blink/renderer/platform/loader/
 *     fetch/url_loader/request_conversion.cc) fills it by iterating the
 *     blink::ResourceRequest's HTTPHeaderMap (third_party/blink/renderer/
 *     platform/network/http_header_map.h): HashMap<AtomicString,
 *     AtomicString, CaseFoldingHashTraits<AtomicString>>. Headers the
 *     network service adds later (Accept, Origin, Sec-Fetch-*, ...) are
 *     appended after them.
 *   - So the order is WTF::HashTable slot order (third_party/blink/
 *     renderer/platform/wtf/hash_table.h), which depends on the hash, the
 *     table size and, through collisions, the insertion sequence.
 *
 * Everything here is a re-implementation from that description; no
 * Chromium code is copied.
 */
#include "chromium_order.h"

#include "str.h"

#include <string.h>

/* ---------------------------------------------------------------------
 * rapidhash v1 (third_party/rapidhash/rapidhash.h, Chromium's fork of
 * Nicolas De Carli's rapidhash, itself derived from wyhash), with
 * Chromium's "HashReader" indirection: the hash consumes a stream of bytes
 * produced by a reader, which here is either the plain bytes or the
 * case-folded UTF-16LE expansion of a Latin-1 name.
 * ------------------------------------------------------------------- */

/* RAPID_SEED and rapid_secret[3] in rapidhash.h. */
#define RH_SEED UINT64_C(0xbdd89aa982704029)
static const uint64_t rh_secret[3] = {UINT64_C(0x2d358dccaa6c78a5),
                                      UINT64_C(0x8bb84b93962eacc9),
                                      UINT64_C(0x4b33a62ed433d4a3)};

/* rapid_mul128: full 64x64 -> 128-bit product, as (low, high). Done with
 * 32-bit halves so that no compiler extension is needed. */
static void rh_mul128(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi) {
  uint64_t ah = a >> 32, al = a & 0xffffffffu;
  uint64_t bh = b >> 32, bl = b & 0xffffffffu;
  uint64_t hh = ah * bh, hl = ah * bl, lh = al * bh, ll = al * bl;
  uint64_t t = ll + (hl << 32);
  uint64_t carry = t < ll;
  uint64_t low = t + (lh << 32);
  carry += low < t;
  *lo = low;
  *hi = hh + (hl >> 32) + (lh >> 32) + carry;
}

/* rapid_mix: xor of the two halves of the product. */
static uint64_t rh_mix(uint64_t a, uint64_t b) {
  uint64_t lo, hi;
  rh_mul128(a, b, &lo, &hi);
  return lo ^ hi;
}

/*
 * The byte stream the hash reads. Plain: the bytes themselves
 * (PlainHashReader). Wide: every input byte becomes two output bytes, the
 * ASCII-lowercased byte then 0 (CaseFoldingHashReader<LChar> in
 * case_folding_hash.h: Latin-1 code units folded through
 * kLatin1CaseFoldTable, emitted as UTF-16; header names are tokens, so
 * ASCII folding is the whole table for them). Offsets passed to the read
 * functions are offsets in the produced stream; the wide ones are always
 * even.
 */
struct rh_src {
  const unsigned char *p;
  int wide;
};

static uint64_t rh_unit(const struct rh_src *s, size_t char_index) {
  return (unsigned char)corsim__ascii_lower((char)s->p[char_index]);
}

/* Reader::Read32: 4 produced bytes, little-endian. */
static uint64_t rh_read32(const struct rh_src *s, size_t off) {
  if (s->wide) {
    size_t c = off / 2;
    return rh_unit(s, c) | (rh_unit(s, c + 1) << 16);
  }
  const unsigned char *q = s->p + off;
  return (uint64_t)q[0] | ((uint64_t)q[1] << 8) | ((uint64_t)q[2] << 16) |
         ((uint64_t)q[3] << 24);
}

/* Reader::Read64: 8 produced bytes, little-endian. */
static uint64_t rh_read64(const struct rh_src *s, size_t off) {
  return rh_read32(s, off) | (rh_read32(s, off + 4) << 32);
}

/* Reader::ReadSmall for 1..3 produced bytes. The case-folding reader only
 * ever sees k == 2 (one character) and returns that folded character
 * alone; the plain reader spreads p[0], p[k/2], p[k-1] over the word. */
static uint64_t rh_read_small(const struct rh_src *s, size_t k) {
  if (s->wide)
    return rh_unit(s, 0);
  return ((uint64_t)s->p[0] << 56) | ((uint64_t)s->p[k >> 1] << 32) |
         (uint64_t)s->p[k - 1];
}

/* rapidhash_internal: len is the number of produced bytes. */
static uint64_t rh_hash(const struct rh_src *s, size_t len) {
  const uint64_t *sec = rh_secret;
  uint64_t seed = RH_SEED;
  uint64_t a, b;
  seed ^= rh_mix(seed ^ sec[0], sec[1]) ^ (uint64_t)len;
  if (len <= 16) {
    if (len >= 4) {
      /* First and last 32 bits, then two more, 4 bytes in when len >= 8
       * (delta = ((len & 24) >> (len >> 3)) in the source). */
      size_t last = len - 4;
      size_t delta = (len & 24) >> (len >> 3);
      a = (rh_read32(s, 0) << 32) | rh_read32(s, last);
      b = (rh_read32(s, delta) << 32) | rh_read32(s, last - delta);
    } else if (len > 0) {
      a = rh_read_small(s, len);
      b = 0;
    } else {
      a = b = 0;
    }
  } else {
    size_t p = 0, i = len;
    if (i > 48) {
      uint64_t see1 = seed, see2 = seed;
      do {
        seed = rh_mix(rh_read64(s, p) ^ sec[0], rh_read64(s, p + 8) ^ seed);
        see1 = rh_mix(rh_read64(s, p + 16) ^ sec[1],
                      rh_read64(s, p + 24) ^ see1);
        see2 = rh_mix(rh_read64(s, p + 32) ^ sec[2],
                      rh_read64(s, p + 40) ^ see2);
        p += 48;
        i -= 48;
      } while (i >= 48);
      seed ^= see1 ^ see2;
    }
    if (i > 16) {
      seed = rh_mix(rh_read64(s, p) ^ sec[2],
                    rh_read64(s, p + 8) ^ seed ^ sec[1]);
      if (i > 32)
        seed = rh_mix(rh_read64(s, p + 16) ^ sec[2],
                      rh_read64(s, p + 24) ^ seed);
    }
    a = rh_read64(s, p + i - 16);
    b = rh_read64(s, p + i - 8);
  }
  a ^= sec[1];
  b ^= seed;
  rh_mul128(a, b, &a, &b);
  return rh_mix(a ^ sec[0] ^ (uint64_t)len, b ^ sec[1]);
}

uint64_t corsim__rapidhash(const void *key, size_t len) {
  struct rh_src s = {(const unsigned char *)key, 0};
  static const unsigned char none[1] = {0};
  if (!s.p)
    s.p = none;
  return rh_hash(&s, len);
}

/*
 * CaseFoldingHash::GetHash(const LChar*, length): rapidhash over
 * length * 2 produced bytes, then StringHasher::MaskTop8Bits
 * (third_party/blink/renderer/platform/wtf/text/string_hasher.h): keep the
 * low 24 bits (32 - kFlagCount), and never return 0 (0x80000000 >> 8).
 */
uint32_t corsim__chromium_name_hash(struct corsim_str name) {
  static const unsigned char none[1] = {0};
  struct rh_src s = {name.ptr ? (const unsigned char *)name.ptr : none, 1};
  uint64_t h = rh_hash(&s, name.len * 2) & ((UINT32_C(1) << 24) - 1);
  if (!h)
    h = UINT32_C(0x80000000) >> 8;
  return (uint32_t)h;
}

/* ---------------------------------------------------------------------
 * WTF::HashTable (hash_table.h) as used by HTTPHeaderMap.
 * ------------------------------------------------------------------- */

/* Headers Blink itself puts in the map after the script's, in this
 * order: FrameFetchContext::AddClientHintsIfNecessary (frame_fetch_context.cc,
 * reached from ResourceFetcher through PopulateResourceRequest /
 * UpgradeResourceRequestForLoader) sets Sec-CH-UA, Sec-CH-UA-Mobile and
 * Sec-CH-UA-Platform, the default low-entropy hints, in that order, and
 * only when ClientHintsPreferences::IsClientHintsAllowed(url), i.e. for a
 * potentially trustworthy URL; FrameFetchContext::PrepareRequest then sets
 * User-Agent (SetHTTPUserAgent). The hints-before-User-Agent order is the
 * one Chromium 156's actual requests show (tests/browser/chromium-156/
 * header-order.json, map_order): with User-Agent first, 6 of those 120
 * orders come out wrong.
 * All four are forbidden names, so they are never reported, but they
 * occupy slots and count towards growth. */
static const struct corsim_str blink_added[] = {
    {"sec-ch-ua", 9},
    {"sec-ch-ua-mobile", 16},
    {"sec-ch-ua-platform", 18},
    {"User-Agent", 10},
};
#define N_BLINK_ADDED (sizeof blink_added / sizeof blink_added[0])

#define MAX_KEYS (CORSIM_CHROMIUM_ORDER_MAX + N_BLINK_ADDED)
/* Smallest power of two above 2 * MAX_KEYS: the table never grows past
 * it, because growth happens once count * 2 >= size. */
#define MAX_TABLE 256
#define EMPTY_SLOT 0xFFu
_Static_assert(MAX_TABLE > 2 * MAX_KEYS, "table too small for MAX_KEYS");
_Static_assert(MAX_KEYS < EMPTY_SLOT, "key index must fit in a slot byte");

/* KeyTraits::kMinimumTableSize (hash_traits.h) and kMaxLoad
 * (hash_table.h). */
#define MIN_TABLE_SIZE 8u
#define MAX_LOAD 2u

struct wtf_key {
  struct corsim_str name;
  uint32_t hash;
};

struct wtf_table {
  const struct wtf_key *keys; /* the key universe, indexed by slot bytes */
  unsigned char slot[MAX_TABLE];
  size_t size;  /* table_size_ */
  size_t count; /* key_count_ (nothing is ever erased here) */
};

static void wtf_init(struct wtf_table *t, const struct wtf_key *keys) {
  t->keys = keys;
  t->size = 0;
  t->count = 0;
}

/* The probe sequence of HashTable::insert / LookupForWriting / Reinsert:
 * start at h & mask, then i = (i + probe_count) & mask with probe_count
 * 1, 2, 3, ... (triangular numbers: every slot of a power-of-two table is
 * visited). Returns the slot holding an equal key, or the first empty one
 * (no deleted buckets exist here). */
static size_t wtf_probe(const struct wtf_table *t, const unsigned char *slots,
                        size_t size, unsigned k) {
  size_t mask = size - 1;
  size_t i = t->keys[k].hash & mask;
  size_t probe = 0;
  while (slots[i] != EMPTY_SLOT) {
    if (corsim__str_ieq(t->keys[slots[i]].name, t->keys[k].name))
      return i;
    ++probe;
    i = (i + probe) & mask;
  }
  return i;
}

/* HashTable::Expand -> Rehash -> RehashTo: a fresh table of new_size
 * (kMinimumTableSize when there was none, else double: MustRehashInPlace
 * never holds without deletions), and every bucket of the old table
 * reinserted in old slot order. */
static void wtf_rehash(struct wtf_table *t, size_t new_size) {
  unsigned char fresh[MAX_TABLE];
  memset(fresh, EMPTY_SLOT, new_size);
  for (size_t i = 0; i < t->size; i++) {
    if (t->slot[i] == EMPTY_SLOT)
      continue;
    fresh[wtf_probe(t, fresh, new_size, t->slot[i])] = t->slot[i];
  }
  memcpy(t->slot, fresh, new_size);
  t->size = new_size;
}

/* HashTable::insert (HashMap::insert / Set: same slot either way; an
 * existing key keeps its bucket). After a new entry, ShouldExpand():
 * (key_count_ + deleted_count_) * kMaxLoad >= table_size_. */
static void wtf_insert(struct wtf_table *t, unsigned k) {
  if (t->size == 0)
    wtf_rehash(t, MIN_TABLE_SIZE);
  size_t i = wtf_probe(t, t->slot, t->size, k);
  if (t->slot[i] != EMPTY_SLOT)
    return;
  t->slot[i] = (unsigned char)k;
  t->count++;
  if (t->count * MAX_LOAD >= t->size)
    wtf_rehash(t, t->size * 2);
}

/* The slot now holding a key equal to key k (it must be present). */
static size_t wtf_find(const struct wtf_table *t, unsigned k) {
  return wtf_probe(t, t->slot, t->size, k);
}

/* FetchHeaderList::ByteCaseInsensitiveCompare (third_party/blink/renderer/
 * core/fetch/fetch_header_list.h): code-unit order of the ASCII-lowercased
 * names, a proper prefix first. */
static int lower_cmp(struct corsim_str a, struct corsim_str b) {
  size_t n = a.len < b.len ? a.len : b.len;
  for (size_t i = 0; i < n; i++) {
    unsigned char x = (unsigned char)corsim__ascii_lower(a.ptr[i]);
    unsigned char y = (unsigned char)corsim__ascii_lower(b.ptr[i]);
    if (x != y)
      return x < y ? -1 : 1;
  }
  return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

void corsim__chromium_header_order_ex(const struct corsim_str *names, size_t n,
                                      size_t *order,
                                      enum corsim_chromium_api api,
                                      bool client_hints) {
  struct wtf_key keys[MAX_KEYS];
  unsigned char rep[CORSIM_CHROMIUM_ORDER_MAX]; /* name -> key index */
  unsigned char seq[MAX_KEYS];                  /* insertion sequence */
  size_t nkeys = 0, nseq = 0;
  struct wtf_table req; /* the blink::ResourceRequest's HTTPHeaderMap */

  for (size_t i = 0; i < n; i++)
    order[i] = i;
  if (n < 2 || n > CORSIM_CHROMIUM_ORDER_MAX)
    return;

  /* One key per name, equal ignoring ASCII case (CaseFoldingHash::Equal). */
  for (size_t i = 0; i < n; i++) {
    size_t k = 0;
    while (k < nkeys && !corsim__str_ieq(keys[k].name, names[i]))
      k++;
    if (k == nkeys) {
      keys[k].name = names[i];
      keys[k].hash = corsim__chromium_name_hash(names[i]);
      nkeys++;
    }
    rep[i] = (unsigned char)k;
  }
  size_t nscript = nkeys;
  for (size_t j = 0; j < N_BLINK_ADDED; j++) {
    if (!client_hints && j + 1 < N_BLINK_ADDED)
      continue; /* only User-Agent (the last) */
    keys[nkeys].name = blink_added[j];
    keys[nkeys].hash = corsim__chromium_name_hash(blink_added[j]);
    nkeys++;
  }

  wtf_init(&req, keys);
  if (api == CORSIM_CHROMIUM_API_XHR) {
    /* XMLHttpRequest::setRequestHeader fills request_headers_ (another
     * HTTPHeaderMap) in call order, send() adds Content-Type last when the
     * body supplies one; CreateRequest then copies it with
     * ResourceRequest::AddHTTPHeaderFields, i.e. in that map's slot order
     * (xml_http_request.cc). */
    struct wtf_table xhr;
    wtf_init(&xhr, keys);
    for (size_t k = 0; k < nscript; k++)
      wtf_insert(&xhr, (unsigned)k);
    for (size_t i = 0; i < xhr.size; i++)
      if (xhr.slot[i] != EMPTY_SLOT)
        seq[nseq++] = xhr.slot[i];
  } else {
    /* fetch(): FetchManager's PerformHTTPFetch adds the Headers list in
     * its std::multimap order (FetchHeaderList, sorted by
     * ByteCaseInsensitiveCompare) with AddHttpHeaderField. */
    for (size_t k = 0; k < nscript; k++) {
      size_t at = nseq;
      while (at > 0 && lower_cmp(keys[seq[at - 1]].name, keys[k].name) > 0) {
        seq[at] = seq[at - 1];
        at--;
      }
      seq[at] = (unsigned char)k;
      nseq++;
    }
  }
  for (size_t k = nscript; k < nkeys; k++)
    seq[nseq++] = (unsigned char)k;

  for (size_t s = 0; s < nseq; s++)
    wtf_insert(&req, seq[s]);

  /* PopulateResourceRequest iterates the map from slot 0 up
   * (HashTableConstIterator skips empty buckets). A stable insertion sort
   * of the input indices by their key's slot keeps equal names adjacent
   * and in input order. */
  size_t slot_of[CORSIM_CHROMIUM_ORDER_MAX];
  for (size_t i = 0; i < n; i++)
    slot_of[i] = wtf_find(&req, rep[i]);
  for (size_t i = 1; i < n; i++) {
    size_t v = order[i], j = i;
    while (j > 0 && slot_of[order[j - 1]] > slot_of[v]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = v;
  }
}

void corsim__chromium_header_order(const struct corsim_str *names, size_t n,
                                   size_t *order) {
  corsim__chromium_header_order_ex(names, n, order, CORSIM_CHROMIUM_API_FETCH,
                                   true);
}
