/**
 * The node-cron scheduler over a real SQLite store: due feeds are polled on the tick, one feed is
 * never polled twice at once, and stop() waits for in-flight polls up to its grace period.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedClaims, createScheduler } from '../../src/schedule/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type Store } from '../../src/store/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduler', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radar-schedule-'));
    store = createSqliteStore(join(dir, 'radar.sqlite'));
    await store.migrate();
    await store.syncFeeds([
      { id: 'slow', url: 'https://slow.example/feed', name: 'Slow', origin: 'config' },
      { id: 'quick', url: 'https://quick.example/feed', name: 'Quick', origin: 'config' },
    ]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('polls due feeds on each tick, never one feed twice at once, and waits for in-flight polls on stop', async () => {
    const running = new Map<string, number>();
    const polls: string[] = [];
    let overlap = 0;
    let finished = 0;
    let cycles = 0;
    let quickWhileSlow = 0;
    // The quick feed becomes due after the first tick, whose cycle holds only the slow feed.
    await store.recordSuccess('quick', { nextPollAt: Date.now() + 500, at: Date.now() });
    const scheduler = createScheduler({
      claims: createFeedClaims({ store, owner: 'here', leaseMs: 60_000, clock: Date.now, logger: silentLogger() }),
      batch: 100,
      tick: '* * * * * *',
      concurrency: 4,
      logger: silentLogger(),
      afterCycle: () => void cycles++,
      async runCycle(feeds, gate) {
        await Promise.all(feeds.map((feed) => gate(async () => {
          if (running.get(feed.id)) overlap++;
          if (feed.id === 'quick' && running.get('slow')) quickWhileSlow++;
          running.set(feed.id, (running.get(feed.id) ?? 0) + 1);
          polls.push(feed.id);
          // The quick feed is due again at once; the slow one takes longer than several ticks.
          await sleep(feed.id === 'slow' ? 2_500 : 50);
          running.set(feed.id, running.get(feed.id)! - 1);
          finished++;
        })));
      },
    });
    scheduler.start();
    await sleep(3_300);
    await scheduler.stop(5_000);

    expect(overlap).toBe(0);
    expect(polls[0]).toBe('slow');
    // Later ticks ran the quick feed in cycles of its own while the slow feed's cycle was in flight.
    expect(quickWhileSlow).toBeGreaterThanOrEqual(1);
    expect(polls.filter((id) => id === 'quick').length).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(polls.length); // stop() let every started poll finish
    expect(cycles).toBeGreaterThanOrEqual(2);
  });

  it('claims due feeds a batch at a time until none is left, and lets each go once polled', async () => {
    const now = 1_000_000;
    await store.syncFeeds(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, url: `https://${id}.example/feed`, name: id, origin: 'config' as const })));
    const cycles: string[][] = [];
    const scheduler = createScheduler({
      claims: createFeedClaims({ store, owner: 'here', leaseMs: 60_000, clock: () => now, logger: silentLogger() }),
      batch: 2, tick: '0 0 1 1 *', concurrency: 4, logger: silentLogger(),
      async runCycle(feeds, gate) {
        cycles.push(feeds.map((f) => f.id));
        // 'e' is not started (as at shutdown): it is let go, due again at once.
        await Promise.all(feeds.filter((f) => f.id !== 'e').map((feed) => gate(() => store.recordSuccess(feed.id, { nextPollAt: now + 600_000, at: now }))));
      },
    });
    expect(await scheduler.runDue()).toBe(5);
    expect(cycles).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect((await store.claimFeeds('other', now, now + 60_000, 10)).map((f) => f.id)).toEqual(['e']);
    await scheduler.stop(1_000);
  });

  it('leaves feeds claimed by another instance until its lease runs out', async () => {
    let now = 1_000_000;
    const polled: string[] = [];
    // An instance that claimed 'quick' and vanished without letting go.
    expect((await store.claimFeeds('vanished', now, now + 300_000, 1)).map((f) => f.id)).toEqual(['quick']);
    const scheduler = createScheduler({
      claims: createFeedClaims({ store, owner: 'here', leaseMs: 300_000, clock: () => now, logger: silentLogger() }),
      batch: 10, tick: '0 0 1 1 *', concurrency: 4, logger: silentLogger(),
      async runCycle(feeds) {
        for (const feed of feeds) {
          polled.push(feed.id);
          await store.recordSuccess(feed.id, { nextPollAt: now + 600_000, at: now });
        }
      },
    });
    expect(await scheduler.runDue()).toBe(1);
    now += 299_999;
    expect(await scheduler.runDue()).toBe(0);
    now += 1;
    expect(await scheduler.runDue()).toBe(1);
    expect(polled).toEqual(['slow', 'quick']);
    await scheduler.stop(1_000);
  });

  it('gives up waiting after the grace period', async () => {
    const scheduler = createScheduler({
      claims: createFeedClaims({ store, owner: 'here', leaseMs: 60_000, clock: Date.now, logger: silentLogger() }),
      batch: 100, tick: '0 0 1 1 *', concurrency: 1, logger: silentLogger(),
      runCycle: (feeds, gate) => Promise.all(feeds.map((feed) => gate(() => { started.push(feed.id); return sleep(10_000); }))),
    });
    const started: string[] = [];
    const run = scheduler.runFeeds(await store.listFeeds());
    await sleep(50);
    const t0 = Date.now();
    await scheduler.stop(300);
    expect(Date.now() - t0).toBeLessThan(2_000);
    // The second feed was queued behind the first (concurrency 1) and is not started once stopping.
    expect(started).toEqual(['quick']);
    void run;
  });
});
