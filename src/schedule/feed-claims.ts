/**
 * An instance's claims on feeds, so that instances sharing one database never poll a feed twice:
 * due feeds are claimed in batches with a lease (store `claimFeeds`), renewed every third of the
 * lease while their poll runs however long it takes (a slow host, a long queue), and let go once
 * the poll is recorded or was not started. A vanished instance stops renewing: its feeds come back
 * when the lease runs out. Lease times are read from the injected clock, so instances need clocks
 * that agree to within a small part of the lease (NTP).
 */
import type { Logger } from '../shared/logger.ts';
import type { FeedRecord, FeedStore } from '../store/index.ts';

export interface FeedClaimsDeps {
  store: Pick<FeedStore, 'claimFeeds' | 'renewFeedClaims' | 'releaseFeeds'>;
  /** This instance (see shared/instance-id.ts). */
  owner: string;
  leaseMs: number;
  clock: () => number;
  logger: Logger;
}

export interface FeedClaims {
  /** Claims up to `limit` due feeds, soonest first; each is renewed until released. */
  claim(limit: number): Promise<FeedRecord[]>;
  /** Lets go of these feeds (only this instance's claims on them). */
  release(feeds: readonly FeedRecord[]): Promise<void>;
  /** Stops renewing (shutdown); claims not released run out with their lease. */
  stop(): void;
}

export function createFeedClaims(deps: FeedClaimsDeps): FeedClaims {
  const { store, owner, leaseMs, clock } = deps;
  /** Claims held, by feed id, counted (a feed claimed again before its release, by a clock that jumped). */
  const held = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  async function renew(): Promise<void> {
    const ids = [...held.keys()];
    const kept = new Set(await store.renewFeedClaims(owner, ids, clock() + leaseMs));
    const lost = ids.filter((id) => !kept.has(id) && held.has(id));
    // Another instance may poll these too: the lease ran out before it was renewed (a stalled process).
    if (lost.length) deps.logger.warn({ feeds: lost }, 'feed claims ran out before renewal');
  }

  function renewWhileHeld(): void {
    if (timer || held.size === 0) return;
    timer = setInterval(() => void renew().catch((error: unknown) => deps.logger.error({ err: error }, 'feed claims not renewed')), leaseMs / 3);
    timer.unref();
  }

  function stopRenewing(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  return {
    async claim(limit) {
      const now = clock();
      const feeds = await store.claimFeeds(owner, now, now + leaseMs, limit);
      for (const feed of feeds) held.set(feed.id, (held.get(feed.id) ?? 0) + 1);
      renewWhileHeld();
      return feeds;
    },
    async release(feeds) {
      const ids: string[] = [];
      for (const { id } of feeds) {
        const count = held.get(id) ?? 0;
        if (count > 1) held.set(id, count - 1);
        else if (count === 1) {
          held.delete(id);
          ids.push(id);
        }
      }
      if (held.size === 0) stopRenewing();
      await store.releaseFeeds(owner, ids);
    },
    stop: stopRenewing,
  };
}
