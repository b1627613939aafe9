/**
 * Which fetcher reads an item's article page. A link in a feed is the feed's content, not the
 * operator's choice: pages are read through the chat fetcher (public addresses only, see
 * src/fetch/address-guard.ts, with `fetch.allowPrivateHosts` as exceptions), except the pages of a
 * feed from the config file on that feed's own host, which is trusted like the feed.
 */
import type { Fetcher } from '../fetch/index.ts';
import type { FeedRecord } from '../store/index.ts';
import type { PipelineDeps } from './run-feed.ts';

export function articleFetcher(feed: FeedRecord, deps: Pick<PipelineDeps, 'fetcher' | 'chatFetcher'>): (url: string) => Fetcher {
  const feedHost = hostOf(feed.url);
  return (url) => (feed.origin === 'config' && feedHost !== null && hostOf(url) === feedHost ? deps.fetcher : deps.chatFetcher);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}
