/**
 * A poll cycle on demand (`radar poll --once`, the demo, tests), and what follows every cycle,
 * scheduled or not: alerts out first, then the cycle's items into the full-text index in one batch.
 */
import pLimit from 'p-limit';
import type { Logger } from '../shared/logger.ts';
import type { FeedStore, SearchStore } from '../store/index.ts';
import { runCycle } from './run-cycle.ts';
import type { FeedRunResult, PipelineDeps } from './run-feed.ts';

export interface PollCycleDeps {
  store: Pick<FeedStore, 'dueFeeds' | 'listFeeds'> & Pick<SearchStore, 'indexPending'>;
  pipeline: PipelineDeps;
  /** Feeds polled at the same time. */
  concurrency: number;
  /** Drains the outbox. */
  deliver: () => Promise<unknown>;
  logger: Logger;
  clock: () => number;
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
      const feeds = onlyDue ? await store.dueFeeds(deps.clock(), 10_000) : await store.listFeeds();
      const pipeline = dryRun ? { ...deps.pipeline, dryRun: true } : deps.pipeline;
      polled ||= !dryRun;
      const limit = pLimit(deps.concurrency);
      const results = await runCycle(feeds, pipeline, (read) => limit(read));
      if (!dryRun) await afterCycle();
      return results;
    },
  };
}
