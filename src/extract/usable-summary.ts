/**
 * Whether a feed item says enough on its own. Many feeds give only a headline, some only a lede
 * (with no headline) or a headline and a few words; such items are scored, grouped and summarised
 * poorly. An item has a usable summary when it has a title and its summary adds at least
 * MIN_SUMMARY_WORDS words that are not in the title.
 */
import { foldedWords } from '../text/index.ts';
import type { FeedItem } from '../shared/types.ts';
import type { ArticleMode } from './mode.ts';

export const MIN_SUMMARY_WORDS = 12;

/** How many words of the summary are not in the title. */
function wordsBeyondTitle(item: Pick<FeedItem, 'title' | 'summary'>): number {
  const title = new Set(foldedWords(item.title));
  return foldedWords(item.summary).filter((w) => !title.has(w)).length;
}

/** Whether the summary says too little beside the title (a lede without a headline may say enough). */
export function summaryTooShort(item: Pick<FeedItem, 'title' | 'summary'>): boolean {
  return wordsBeyondTitle(item) < MIN_SUMMARY_WORDS;
}

export function hasUsableSummary(item: Pick<FeedItem, 'title' | 'summary'>): boolean {
  return item.title.trim() !== '' && !summaryTooShort(item);
}

/** Whether the item's article page is to be read (it needs a link to read). */
export function wantsArticle(item: FeedItem, mode: ArticleMode): boolean {
  if (mode === 'never' || !item.url) return false;
  return mode === 'always' || !hasUsableSummary(item);
}
