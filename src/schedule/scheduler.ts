/**
 * The poller: each node-cron tick looks for due feeds and starts the ones not already in flight,
 * with a bounded concurrency. A tick never waits for earlier polls, so one slow feed cannot hold
 * back the others, and a feed is never polled twice at once (in-flight map). stop() waits for
 * in-flight polls up to a grace period. */
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import type { Logger } from '../shared/logger.ts';
import type { FeedRecord, Store } from '../store/index.ts';

export interface SchedulerDeps {
  store: Store;
  /** Runs one feed through the pipeline; never throws for feed-level failures. */
  runFeed: (feed: FeedRecord) => Promise<unknown>;
  /** Called after each cycle that stored something (wakes delivery). */
  afterCycle?: () => Promise<void> | void;
  tick: string;
  concurrency: number;
  logger: Logger;
  clock?: () => number;
}

export interface Scheduler {
  start(): void;
  /** Polls every due feed once; resolves when they are done. */
  runDue(): Promise<number>;
  /** Polls the given feeds now, whatever their next poll time. */
  runFeeds(feeds: FeedRecord[]): Promise<number>;
  stop(graceMs: number): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? Date.now;
  const limit = pLimit(deps.concurrency);
  const inFlight = new Map<string, Promise<unknown>>();
  let task: ScheduledTask | null = null;
  let stopping = false;

  /** Starts every feed not in flight; resolves when those runs (and afterCycle) are done. */
  async function runFeeds(feeds: FeedRecord[]): Promise<number> {
    const started = feeds.filter((f) => !inFlight.has(f.id));
    const runs = started.map((feed) => {
      const run = limit(() => (stopping ? undefined : deps.runFeed(feed)))
        .catch((error: unknown) => deps.logger.error({ err: error, feedId: feed.id }, 'poll failed'))
        .finally(() => inFlight.delete(feed.id));
      inFlight.set(feed.id, run);
      return run;
    });
    await Promise.all(runs);
    if (runs.length && !stopping) await deps.afterCycle?.();
    return runs.length;
  }

  async function runDue(): Promise<number> {
    if (stopping) return 0;
    const due = await deps.store.dueFeeds(clock(), 10_000);
    return runFeeds(due);
  }

  return {
    start() {
      const tick = () => void runDue().catch((error: unknown) => deps.logger.error({ err: error }, 'poll cycle failed'));
      task = cron.schedule(deps.tick, tick, { name: 'radar-poll' });
      tick();
    },
    runDue,
    runFeeds,
    async stop(graceMs: number) {
      stopping = true;
      await task?.stop();
      await task?.destroy();
      const pending = [...inFlight.values()];
      if (pending.length === 0) return;
      deps.logger.info({ inFlight: pending.length }, 'waiting for in-flight polls');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), graceMs); });
      const outcome = await Promise.race([Promise.allSettled(pending), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') deps.logger.warn({ inFlight: inFlight.size, graceMs }, 'in-flight polls did not finish in time');
    },
  };
}
