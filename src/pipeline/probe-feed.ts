/**
 * What `/radar feeds add` learns about a URL before adding it: the feed's title and how many items
 * it holds, read through the chat fetcher (public addresses only). A feed that cannot be fetched
 * or parsed throws a RadarError saying why.
 */
import type { Fetcher } from '../fetch/index.ts';
import { parseFeed } from '../parse/index.ts';

export type FeedProbe = (url: string) => Promise<{ title: string | null; items: number }>;

export function createFeedProbe(fetcher: Fetcher, clock: () => number): FeedProbe {
  return async (url) => {
    const response = await fetcher.fetchFeed({ url });
    if (response.status !== 'ok') return { title: null, items: 0 };
    const feed = await parseFeed(response.text, { url: response.finalUrl, fetchedAt: clock() });
    return { title: feed.title, items: feed.items.length };
  };
}
