/**
 * The poller: each node-cron tick claims due feeds in batches (feed-claims.ts: instances sharing a
 * database never poll one feed at once) and runs each batch, minus feeds already in flight here, as
 * one poll cycle (read with a bounded concurrency, then written together: src/pipeline/run-cycle.ts);
 * a full batch is followed by the next until no due feed is left. A tick never waits for earlier
 * cycles, so one slow feed holds back only its own cycle. A cycle's feeds are let go when it ends.
 * stop() waits for in-flight polls up to a grace period.
 * When the database is lost (a restart, dropped connections), the failed cycle's feeds stay due and
 * polling is retried with exponential backoff (1 s doubling to 1 min) instead of on every tick. */
import cron, { type ScheduledTask } from 'node-cron';
import pLimit from 'p-limit';
import { isRadarError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { FeedRecord } from '../store/index.ts';
import type { FeedClaims } from './feed-claims.ts';

export interface SchedulerDeps {
  claims: FeedClaims;
  /** Feeds claimed at a time. */
  batch: number;
  /**
   * Runs feeds through the pipeline as one cycle, each feed's read started through `gate` (which
   * applies the concurrency limit and skips feeds once stopping); never throws for feed-level failures.
   */
  runCycle: (feeds: FeedRecord[], gate: <T>(read: () => Promise<T>) => Promise<T | undefined>) => Promise<unknown>;
  /** Called after each cycle that stored something (wakes delivery). */
  afterCycle?: () => Promise<void> | void;
  tick: string;
  concurrency: number;
  logger: Logger;
}

const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;

export interface Scheduler {
  start(): void;
  /** Polls every due feed it can claim once, a batch at a time; resolves when they are done. */
  runDue(): Promise<number>;
  /** Polls the given feeds now, whatever their next poll time (claimed or not). */
  runFeeds(feeds: FeedRecord[]): Promise<number>;
  stop(graceMs: number): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const limit = pLimit(deps.concurrency);
  const inFlight = new Map<string, Promise<unknown>>();
  let task: ScheduledTask | null = null;
  let stopping = false;
  // Backoff while the database is lost: the wait before the next try, when it ends (monotonic), its timer.
  let retryDelay = 0;
  let retryAt = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const tick = () => void runDue().catch((error: unknown) => deps.logger.error({ err: error }, 'poll cycle failed'));

  /** When `error` is a lost database: schedules the next try (backing off) and returns true. */
  function backOff(error: unknown): boolean {
    if (!isRadarError(error, 'store_unavailable')) return false;
    retryDelay = retryDelay ? Math.min(retryDelay * 2, RETRY_MAX_MS) : RETRY_FIRST_MS;
    retryAt = performance.now() + retryDelay;
    deps.logger.warn({ err: error, retryInMs: retryDelay }, 'database unavailable: polling paused, feeds stay due');
    clearTimeout(retryTimer);
    if (task && !stopping) {
      retryTimer = setTimeout(tick, retryDelay);
      retryTimer.unref();
    }
    return true;
  }

  function recovered(): void {
    if (retryDelay) deps.logger.info('database back: polling resumed');
    retryDelay = 0;
  }

  /** Runs every feed not in flight as one cycle; resolves when it (and afterCycle) is done. */
  async function runFeeds(feeds: FeedRecord[]): Promise<number> {
    const started = feeds.filter((f) => !inFlight.has(f.id));
    if (started.length === 0) return 0;
    const gate = <T>(read: () => Promise<T>) => limit(() => (stopping ? undefined : read()));
    let lost = false;
    const run = deps.runCycle(started, gate)
      .catch((error: unknown) => {
        lost = backOff(error);
        if (!lost) deps.logger.error({ err: error, feeds: started.map((f) => f.id) }, 'poll cycle failed');
      })
      .finally(() => { for (const feed of started) inFlight.delete(feed.id); })
      // Recorded feeds are not due again until their next poll; those not started are due at once.
      .then(() => deps.claims.release(started))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'feed claims not released'));
    for (const feed of started) inFlight.set(feed.id, run);
    await run;
    if (lost) return 0;
    recovered();
    if (!stopping) await deps.afterCycle?.();
    return started.length;
  }

  async function runDue(): Promise<number> {
    if (stopping || (retryDelay && performance.now() < retryAt)) return 0;
    let polled = 0;
    const seen = new Set<string>();
    while (!stopping) {
      let claimed: FeedRecord[];
      try {
        claimed = await deps.claims.claim(deps.batch);
      } catch (error) {
        if (backOff(error)) return polled;
        throw error;
      }
      if (claimed.length === 0) recovered();
      // Claimed again while in flight here (a lease renewed too late): the running poll keeps it.
      const running = claimed.filter((f) => inFlight.has(f.id));
      if (running.length) await deps.claims.release(running);
      polled += await runFeeds(claimed.filter((f) => !running.includes(f)));
      // A feed due again at once (its poll not recorded, the database lost) waits for the next tick.
      const again = claimed.some((f) => seen.has(f.id));
      for (const feed of claimed) seen.add(feed.id);
      if (claimed.length < deps.batch || again || retryDelay) break;
    }
    return polled;
  }

  return {
    start() {
      task = cron.schedule(deps.tick, tick, { name: 'radar-poll' });
      tick();
    },
    runDue,
    runFeeds,
    async stop(graceMs: number) {
      stopping = true;
      clearTimeout(retryTimer);
      await task?.stop();
      await task?.destroy();
      const pending = [...new Set(inFlight.values())];
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
