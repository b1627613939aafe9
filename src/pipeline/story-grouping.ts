/**
 * The story stage of the pipeline: the shared in-memory StoryIndex of the window, rebuilt from the
 * store at start (and after a failed write), and the assigner that files each new item under its
 * story inside the store's write, so that two feeds polled at once cannot both start the same story.
 */
import type { FeedItem } from '../shared/types.ts';
import type { ItemStore, StoryAssigner } from '../store/index.ts';
import { decodeSignature, encodeSignature, fingerprintItem, StoryIndex, type ItemFingerprint } from '../stories/index.ts';

/** An item as the write meets it: with its fingerprint (null: not grouped) and when its feed was read. */
export interface StoryEntry {
  item: FeedItem;
  fingerprint: ItemFingerprint | null;
  fetchedAt: number;
}

export interface StoryGrouping {
  readonly windowMs: number;
  readonly followUpEveryMs: number;
  /**
   * An assigner for the store's write, over its items in write order. Items with no fingerprint (a
   * new feed's backlog, which never alerts) each stay a story of their own and stay out of the index.
   * `fetchedAt` caps publication times: a feed may date items in the future.
   */
  assigner(entries: readonly StoryEntry[]): StoryAssigner;
  /** Rebuilds the index from the store (at start, and when a write failed after the index was updated). */
  reload(now: number): Promise<void>;
  readonly size: number;
}

export function createStoryGrouping(store: Pick<ItemStore, 'storyItems'>, options: { windowMs: number; followUpEveryMs: number }): StoryGrouping {
  let index = new StoryIndex({ windowMs: options.windowMs });
  return {
    windowMs: options.windowMs,
    followUpEveryMs: options.followUpEveryMs,
    assigner(entries) {
      return (position, itemId) => {
        const { item, fingerprint: fp, fetchedAt } = entries[position]!;
        if (!fp) return itemId;
        const publishedAt = Math.min(item.publishedAt, fetchedAt);
        const match = index.match({ publishedAt, canonicalUrl: fp.canonicalUrl, signature: fp.signature });
        const storyId = match?.storyId ?? itemId;
        index.add({ itemId, storyId, publishedAt, canonicalUrl: fp.canonicalUrl, signature: fp.signature });
        return storyId;
      };
    },
    async reload(now) {
      const rows = await store.storyItems(now - options.windowMs);
      index = StoryIndex.fromRows(rows.map((r) => ({ ...r, signature: decodeSignature(r.signature) })), { windowMs: options.windowMs });
    },
    get size() {
      return index.size;
    },
  };
}

export { encodeSignature, fingerprintItem };
