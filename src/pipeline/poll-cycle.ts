/**
 * A poll cycle on demand (`radar poll --once`, the demo, tests), and what follows every cycle,
 * scheduled or not: alerts out first, then the cycle's items into the full-text index in one batch.
 */
import pLimit from 'p-limit';
import type { Logger } from '../shared/logger.ts';
import type { FeedClaims } from '../schedule/index.ts';
import type { FeedRecord, FeedStore, SearchStore } from '../store/index.ts';
import { runCycle } from './run-cycle.ts';
import type { FeedRunResult, PipelineDeps } from './run-feed.ts';

export interface PollCycleDeps {
  store: Pick<FeedStore, 'listFeeds'> & Pick<SearchStore, 'indexPending'>;
  /** Due feeds are claimed, so that instances sharing the database poll each once. */
  claims: FeedClaims;
  /** Feeds claimed at a time. */
  batch: number;
  pipeline: PipelineDeps;
  /** Feeds polled at the same time. */
  concurrency: number;
  /** Drains the outbox. */
  deliver: () => Promise<unknown>;
  logger: Logger;
}

export interface PollCycle {
  /** Polls feeds once (all of them, or only those due) and delivers what they produced. */
  pollOnce(options?: { onlyDue?: boolean; dryRun?: boolean }): Promise<FeedRunResult[]>;
  afterCycle(): Promise<void>;
  /** Whether a cycle that writes has run: what it queued is delivered when Radar stops. */
  readonly polled: boolean;
}

export function createPollCycle(deps: PollCycleDeps): PollCycle {
  const { store } = deps;
  let polled = false;
  async function afterCycle() {
    await deps.deliver();
    const indexed = await store.indexPending();
    if (indexed) deps.logger.debug({ indexed }, 'search index updated');
  }
  return {
    afterCycle,
    get polled() {
      return polled;
    },
    async pollOnce({ onlyDue = false, dryRun = false } = {}) {
      const pipeline = dryRun ? { ...deps.pipeline, dryRun: true } : deps.pipeline;
      polled ||= !dryRun;
      const limit = pLimit(deps.concurrency);
      const read = (feeds: FeedRecord[]) => runCycle(feeds, pipeline, (r) => limit(r));
      let results: FeedRunResult[] = [];
      if (!onlyDue) results = await read(await store.listFeeds());
      // Due feeds a batch at a time, each claimed: instances sharing the database take the others.
      // A dry run records nothing, so its feeds stay due: it takes them in one claim.
      const batch = dryRun ? 10_000 : deps.batch;
      const seen = new Set<string>();
      for (let more = onlyDue; more;) {
        const claimed = await deps.claims.claim(batch);
        const feeds = claimed.filter((f) => !seen.has(f.id));
        try {
          results = results.concat(await read(feeds));
        } finally {
          await deps.claims.release(claimed);
        }
        for (const feed of feeds) seen.add(feed.id);
        // A feed due again at once (its poll not recorded) ends the round.
        more = claimed.length === batch && feeds.length === claimed.length;
      }
      if (!dryRun) await afterCycle();
      return results;
    },
  };
}
