/**
 * Story grouping: is a new item the same story as one seen in the window (default 72 h)?
 *
 * Flow: `fingerprintItem(item)` → `index.match(fp)` → the matched `storyId`, or a new story →
 * `index.add({ itemId, storyId, ...fp })`. Persist `encodeSignature(fp.signature)` with the item;
 * after a restart, `StoryIndex.fromRows(rows)` rebuilds the same index.
 */
export { canonicalUrl } from './canonical-url.ts';
export { candidateKeys } from './candidate-keys.ts';
export { fingerprintItem, type ItemFingerprint } from './fingerprint.ts';
export { computeSignature, decodeSignature, encodeSignature, type Signature } from './signature.ts';
export { isSameStory, similarity, STORY_THRESHOLD, MIN_SHARED_TERMS, type TermWeights } from './similarity.ts';
export {
  DEFAULT_STORY_WINDOW_MS,
  StoryIndex,
  type StoryCandidate,
  type StoryEntry,
  type StoryIndexOptions,
  type StoryMatch,
  type StoryRow,
} from './story-index.ts';
export { TermFrequencies } from './term-frequencies.ts';
