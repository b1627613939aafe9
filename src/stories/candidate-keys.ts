/**
 * Where an item can meet its story: the index finds candidates only through an item's bucket keys
 * and its canonical URL, so two items that share none of these keys never join one story. Writers
 * that share a store serialise on these keys (see ItemStore.saveBatches).
 */
import type { ItemFingerprint } from './fingerprint.ts';
import { hashString } from './hash.ts';
import { bucketKeys } from './story-index.ts';

/** The candidate keys of an item: 32-bit hashes of its bucket keys and of its canonical URL. */
export function candidateKeys(fp: ItemFingerprint): number[] {
  const keys = bucketKeys(fp.signature);
  if (fp.canonicalUrl) keys.push(hashString(`url\n${fp.canonicalUrl}`));
  return keys;
}
