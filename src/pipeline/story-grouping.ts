/**
 * The story stage of the pipeline: the in-memory StoryIndex of the window, rebuilt from the store at
 * start (and after a failed write), and what files each new item under its story inside the store's
 * write, so that two feeds polled at once cannot both start the same story. Several instances may
 * share the store: the write serialises on the items' candidate keys and, before deciding, catches
 * the index up with the items other instances stored since it last looked (see `StoryCatchUp`).
 */
import type { FeedItem } from '../shared/types.ts';
import type { ItemStore, SaveOptions, StoryItemRow, StoryMark } from '../store/index.ts';
import { candidateKeys, decodeSignature, encodeSignature, fingerprintItem, StoryIndex, type ItemFingerprint } from '../stories/index.ts';

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
   * The story options of the store's write of these entries (in write order): the assigner, and the
   * catch-up that runs before it. Items with no fingerprint (a new feed's backlog, which never
   * alerts) each stay a story of their own and stay out of the index. `fetchedAt` caps publication
   * times: a feed may date items in the future.
   */
  forWrite(entries: readonly StoryEntry[], now: number): Pick<SaveOptions, 'assignStory' | 'catchUp'>;
  /** Rebuilds the index from the store (at start, and when a write failed after the index was updated). */
  reload(now: number): Promise<void>;
  /** Items in the index. */
  readonly size: number;
  /** Stories with an item in the window. */
  readonly stories: number;
}

export interface StoryGroupingOptions {
  windowMs: number;
  followUpEveryMs: number;
  /** Told how long each item took to file (in seconds; for metrics). */
  timed?: (seconds: number) => void;
}

export function createStoryGrouping(store: Pick<ItemStore, 'storyItems' | 'storyMark'>, options: StoryGroupingOptions): StoryGrouping {
  const { windowMs } = options;
  let index = new StoryIndex({ windowMs });
  let mark: StoryMark | null = null;
  // Ids of the items in the index (publication times, to forget them with the window): a catch-up
  // also returns items this instance wrote itself.
  let known = new Map<number, number>();
  let latest = -Infinity;

  function remember(itemId: number, publishedAt: number): void {
    known.set(itemId, publishedAt);
    if (publishedAt > latest) latest = publishedAt;
    if (known.size <= 2 * index.size + 1024) return;
    for (const [id, at] of known) if (at < latest - windowMs) known.delete(id);
  }

  function addStored(rows: readonly StoryItemRow[]): void {
    for (const row of rows) {
      if (known.has(row.itemId)) continue;
      index.add({ ...row, signature: decodeSignature(row.signature) });
      remember(row.itemId, row.publishedAt);
    }
  }

  return {
    windowMs,
    followUpEveryMs: options.followUpEveryMs,
    forWrite(entries, now) {
      const assignStory = (position: number, itemId: number): number => {
        const { item, fingerprint: fp, fetchedAt } = entries[position]!;
        if (!fp) return itemId;
        const started = performance.now();
        const publishedAt = Math.min(item.publishedAt, fetchedAt);
        const match = index.match({ publishedAt, canonicalUrl: fp.canonicalUrl, signature: fp.signature });
        const storyId = match?.storyId ?? itemId;
        index.add({ itemId, storyId, publishedAt, canonicalUrl: fp.canonicalUrl, signature: fp.signature });
        remember(itemId, publishedAt);
        options.timed?.((performance.now() - started) / 1000);
        return storyId;
      };
      const keys = new Set(entries.flatMap((e) => (e.fingerprint ? candidateKeys(e.fingerprint) : [])));
      if (!keys.size || mark === null) return { assignStory };
      return {
        assignStory,
        catchUp: {
          keys: [...keys],
          mark,
          since: now - windowMs,
          apply(rows, next) {
            addStored(rows);
            mark = next;
          },
        },
      };
    },
    async reload(now) {
      const from = await store.storyMark();
      const rows = await store.storyItems(now - windowMs);
      index = new StoryIndex({ windowMs });
      known = new Map();
      latest = -Infinity;
      mark = from;
      addStored(rows);
    },
    get size() {
      return index.size;
    },
    get stories() {
      return index.stories;
    },
  };
}

export { encodeSignature, fingerprintItem };
