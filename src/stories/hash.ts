/**
 * Fast non-cryptographic 32-bit hashing for fingerprints: FNV-1a over UTF-16 code units with a
 * murmur3 finalizer (FNV-1a alone mixes its low bits poorly, and bucket indexes use the low bits).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** murmur3 `fmix32`: full avalanche of a 32-bit value. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string (FNV-1a + fmix32); never 0, so 0 can mean "empty" in tables. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h) || 1;
}

/** Order-independent 32-bit hash of two 32-bit values (a bucket key for a pair of terms). */
export function hashPair(a: number, b: number): number {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  return fmix32((Math.imul(lo, 0x9e3779b1) ^ hi) + 0x7f4a7c15) || 1;
}
