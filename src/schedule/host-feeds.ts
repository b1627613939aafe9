/**
 * How many active feeds share each host, for the per-host request budget (next-poll.ts): a feed's
 * interval is at least its host's feeds ÷ the requests a minute the host is allowed. Counted from
 * the store's feed list, read again at most once a minute (feeds come and go by command or config).
 */
import type { FeedStore } from '../store/index.ts';

export interface HostFeedsDeps {
  store: Pick<FeedStore, 'listFeeds'>;
  clock: () => number;
  /** How long one count is used, ms. */
  maxAgeMs?: number;
}

/** The host of a feed URL, lower-case, without `www.` (null for a URL that does not parse). */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Returns a function giving the number of active feeds on a URL's host (at least 1). */
export function createHostFeeds(deps: HostFeedsDeps): (url: string) => Promise<number> {
  const maxAge = deps.maxAgeMs ?? 60_000;
  let counted: { at: number; hosts: Promise<Map<string, number>> } | null = null;

  function count(): Promise<Map<string, number>> {
    const now = deps.clock();
    if (counted && now >= counted.at && now - counted.at < maxAge) return counted.hosts;
    const hosts = deps.store.listFeeds().then((feeds) => {
      const map = new Map<string, number>();
      for (const feed of feeds) {
        const host = hostOf(feed.url);
        if (host) map.set(host, (map.get(host) ?? 0) + 1);
      }
      return map;
    });
    // A failed read is tried again on the next call.
    hosts.catch(() => { if (counted?.hosts === hosts) counted = null; });
    counted = { at: now, hosts };
    return hosts;
  }

  return async (url) => {
    const host = hostOf(url);
    if (!host) return 1;
    return Math.max(1, (await count()).get(host) ?? 1);
  };
}
