/**
 * Which fetcher reads an item's article page. A link in a feed is the feed's content, not the
 * operator's choice: pages are read through the chat fetcher (public addresses only, see
 * src/fetch/address-guard.ts, with `fetch.allowPrivateHosts` as exceptions), except the pages of a
 * feed from the config file on that feed's own host, which is trusted like the feed as long as it
 * stays there: a redirect off that host is refused, so an open redirect on the outlet's site cannot
 * lead Radar to a private address.
 */
import type { Fetcher } from '../fetch/index.ts';
import type { FeedRecord } from '../store/index.ts';
import type { PipelineDeps } from './run-feed.ts';

export function articleFetcher(feed: FeedRecord, deps: Pick<PipelineDeps, 'fetcher' | 'chatFetcher'>): (url: string) => Fetcher {
  const feedHost = hostOf(feed.url);
  const ownHost: Fetcher = { fetchFeed: (req) => deps.fetcher.fetchFeed({ ...req, stayOnHost: true }), close: async () => {} };
  return (url) => (feed.origin === 'config' && feedHost !== null && hostOf(url) === feedHost ? ownHost : deps.chatFetcher);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}
