/**
 * The delivery stage over a real SQLite outbox: retries with backoff (and the platform's
 * Retry-After), permanent failures, and per-channel order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError, type ChatAdapter } from '../../src/adapters/index.ts';
import { createDeliverer, retryDelay, type DeliveryChannel } from '../../src/deliver/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type AlertPayload, type Store } from '../../src/store/index.ts';
import { item } from '../store/store.contract.ts';

function payload(key: string): AlertPayload {
  return { itemKey: key, title: `Title ${key}`, url: null, source: 'Feed', publishedAt: 0, summary: '', lang: null, topicId: 't', score: 0.9, matched: [], watchMatched: [] };
}

/** A chat adapter whose answers the test scripts: each post takes the next outcome of its channel. */
function scriptedAdapter(script: Record<string, Array<'ok' | Error>>) {
  const posted: string[] = [];
  const adapter: ChatAdapter = {
    name: 'scripted',
    async start() {},
    async post(target, alert) {
      const outcome = script[target]?.shift() ?? 'ok';
      if (outcome instanceof Error) throw outcome;
      posted.push(`${target}:${alert.itemKey}`);
      return `m-${posted.length}`;
    },
    async reply() { return 'r'; },
    async postOverflow() { return 'o'; },
    async postDigest() { return 'd'; },
    async stop() {},
  };
  return { adapter, posted };
}

describe('delivery', () => {
  let dir: string;
  let store: Store;
  let now: number;
  const channels = new Map<string, DeliveryChannel>([
    ['a', { id: 'a', adapter: 'scripted', target: 'A' }],
    ['b', { id: 'b', adapter: 'scripted', target: 'B' }],
  ]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radar-deliver-'));
    store = createSqliteStore(join(dir, 'radar.sqlite'));
    await store.migrate();
    await store.syncFeeds([{ id: 'f', url: 'https://f.example/feed', name: 'F', origin: 'config' }]);
    now = 1_000_000;
    await store.saveItems('f', ['k1', 'k2'].map((k) => ({
      item: item(k),
      scores: [],
      alerts: [{ channelId: 'a', payload: payload(k) }, { channelId: 'b', payload: payload(k) }],
    })), { nextPollAt: 0, at: now });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failed post later, keeping the channel order, while other channels go on', async () => {
    const { adapter, posted } = scriptedAdapter({ A: [new AdapterError('HTTP 503', { retryAfterMs: 30_000 })] });
    const deliverer = createDeliverer({ store, adapters: new Map([['scripted', adapter]]), channels, logger: silentLogger(), clock: () => now, random: () => 0.5 });

    expect(await deliverer.drain()).toEqual({ sent: 2, retrying: 1, failed: 0 });
    expect(posted).toEqual(['B:k1', 'B:k2']);

    now += 10_000; // before Retry-After: nothing due yet
    expect(await deliverer.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    now += 25_000;
    expect(await deliverer.drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(posted).toEqual(['B:k1', 'B:k2', 'A:k1', 'A:k2']);
    expect((await store.counts(0)).pendingOutbox).toBe(0);
  });

  it('stops retrying on a permanent error and lets the rest through', async () => {
    const { adapter, posted } = scriptedAdapter({ A: [new AdapterError('channel_not_found', { permanent: true })] });
    const deliverer = createDeliverer({ store, adapters: new Map([['scripted', adapter]]), channels, logger: silentLogger(), clock: () => now });
    expect(await deliverer.drain()).toEqual({ sent: 3, retrying: 0, failed: 1 });
    now += 24 * 3_600_000;
    expect(await deliverer.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(posted).toEqual(['B:k1', 'A:k2', 'B:k2']);
    // What /radar status reports.
    expect((await store.counts(0)).deliveryFailures).toEqual([{ channelId: 'a', count: 1, lastError: expect.stringContaining('channel_not_found') }]);
    expect((await store.counts(now + 1)).deliveryFailures).toEqual([]);
  });

  it('gives up after the attempt limit, and fails rows of a channel whose adapter is not running', async () => {
    const failing = Array.from({ length: 10 }, () => new Error('ECONNRESET'));
    const { adapter } = scriptedAdapter({ A: [...failing], B: [...failing] });
    const deliverer = createDeliverer({
      store, adapters: new Map([['scripted', adapter]]), logger: silentLogger(), clock: () => now, maxAttempts: 3,
      channels: new Map([...channels, ['b', { id: 'b', adapter: 'slack', target: 'B' }]]),
    });
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await deliverer.drain());
      now += 3_600_000;
    }
    expect(outcomes[0]).toEqual({ sent: 0, retrying: 1, failed: 2 });
    expect(outcomes.reduce((n, o) => n + o.failed, 0)).toBe(4);
    expect((await store.counts(0)).pendingOutbox).toBe(0);
  });

  it('backs off exponentially with jitter, and never sooner than Retry-After', () => {
    expect(retryDelay(0, null, () => 0)).toBe(1_000);
    expect(retryDelay(0, null, () => 1)).toBe(2_000);
    expect(retryDelay(3, null, () => 1)).toBe(16_000);
    expect(retryDelay(30, null, () => 1)).toBe(15 * 60_000);
    expect(retryDelay(0, 45_000, () => 1)).toBe(45_000);
  });

  it('paces each channel by its adapter, without holding up the other channels', async () => {
    const paced = new Map<string, DeliveryChannel>([['a', { id: 'a', adapter: 'paced', target: 'A' }], ['b', { id: 'b', adapter: 'scripted', target: 'B' }]]);
    const { adapter: slow, posted: slowPosts } = scriptedAdapter({});
    const { adapter: fast, posted: fastPosts } = scriptedAdapter({});
    const waits: number[] = [];
    const deliverer = createDeliverer({
      store, logger: silentLogger(), clock: () => now, channels: paced,
      adapters: new Map<string, ChatAdapter>([['paced', { ...slow, name: 'paced', minPostIntervalMs: 1_000 }], ['scripted', fast]]),
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(fastPosts).toEqual(['B:k1', 'B:k2']); // the other channel went on during the wait
        now += ms;
      },
    });
    expect(await deliverer.drain()).toEqual({ sent: 4, retrying: 0, failed: 0 });
    expect(slowPosts).toEqual(['A:k1', 'A:k2']);
    expect(waits).toEqual([1_000]); // the second post to A waited a full interval after the first
  });

  it('stops starting posts at the deadline and leaves the rest queued', async () => {
    const { adapter, posted } = scriptedAdapter({});
    const deliverer = createDeliverer({
      store, logger: silentLogger(), clock: () => now, channels,
      adapters: new Map<string, ChatAdapter>([['scripted', { ...adapter, minPostIntervalMs: 1_000 }]]),
      sleep: async (ms) => { now += ms; },
    });
    expect(await deliverer.drain({ deadline: now + 500 })).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(posted.sort()).toEqual(['A:k1', 'B:k1']);
    expect((await store.counts(0)).pendingOutbox).toBe(2);
    expect(await deliverer.drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
  });

  it('never holds a channel behind a long queue of another', async () => {
    await store.saveItems('f', Array.from({ length: 120 }, (_, i) => ({ item: item(`x${i}`), scores: [], alerts: [{ channelId: 'a', payload: payload(`x${i}`) }] })), { nextPollAt: 0, at: now });
    await store.saveItems('f', [{ item: item('late'), scores: [], alerts: [{ channelId: 'b', payload: payload('late') }] }], { nextPollAt: 0, at: now });
    const { adapter, posted } = scriptedAdapter({});
    const deliverer = createDeliverer({
      store, logger: silentLogger(), clock: () => now, channels,
      adapters: new Map<string, ChatAdapter>([['scripted', { ...adapter, minPostIntervalMs: 1_000 }]]),
      sleep: async (ms) => { await new Promise((resolve) => setImmediate(resolve)); now += ms; },
    });
    expect(await deliverer.drain()).toEqual({ sent: 125, retrying: 0, failed: 0 });
    expect(posted.indexOf('B:late')).toBeLessThan(10); // not behind A's 122 posts
    expect(posted.filter((p) => p.startsWith('A:'))).toEqual(['A:k1', 'A:k2', ...Array.from({ length: 120 }, (_, i) => `A:x${i}`)]);
  });

  it('threads a follow-up under an alert posted earlier in the same drain', async () => {
    const fingerprint = { canonicalUrl: 'https://f.example/story', signature: new Uint8Array([1, 2, 3]) };
    const report = { source: 'G', title: 'Report', url: null, publishedAt: now };
    await store.syncFeeds([{ id: 'f', url: 'https://f.example/feed', name: 'F', origin: 'config' }, { id: 'g', url: 'https://g.example/feed', name: 'G', origin: 'config' }]);
    const [first] = await store.saveItems('f', [{ item: item('s1'), scores: [], alerts: [{ channelId: 'a', payload: payload('s1') }], fingerprint, followUp: report }], { nextPollAt: 0, at: now });
    await store.saveItems('g', [{ item: item('s2'), scores: [], alerts: [], fingerprint, followUp: report }], { nextPollAt: 0, at: now }, { assignStory: () => first!, followUpEveryMs: 0 });
    const replies: Array<string | null> = [];
    const { adapter } = scriptedAdapter({});
    const deliverer = createDeliverer({
      store, logger: silentLogger(), clock: () => now, channels,
      adapters: new Map<string, ChatAdapter>([['scripted', {
        ...adapter,
        post: async (target, alert) => `msg-${target}-${alert.itemKey}`,
        reply: async (_target, parent) => { replies.push(parent); return 'r'; },
      }]]),
    });
    expect(await deliverer.drain()).toEqual({ sent: 6, retrying: 0, failed: 0 });
    expect(replies).toEqual(['msg-A-s1']);
  });

  it('looks again for rows queued while it runs, and joins callers into one drain', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { adapter, posted } = scriptedAdapter({});
    const slowFirst: ChatAdapter = { ...adapter, post: async (target, alert) => { if (posted.length === 0) await gate; return adapter.post(target, alert); } };
    const deliverer = createDeliverer({ store, logger: silentLogger(), clock: () => now, channels, adapters: new Map([['scripted', slowFirst]]) });
    const first = deliverer.drain();
    await new Promise((resolve) => setImmediate(resolve));
    await store.saveItems('f', [{ item: item('k3'), scores: [], alerts: [{ channelId: 'b', payload: payload('k3') }] }], { nextPollAt: 0, at: now });
    const second = deliverer.drain();
    release();
    expect(await first).toEqual({ sent: 5, retrying: 0, failed: 0 });
    expect(await second).toEqual({ sent: 5, retrying: 0, failed: 0 });
    expect(posted).toContain('B:k3');
  });

  it('posts each row once, in order and no faster than the channel allows, with two instances draining at once', async () => {
    await store.saveItems('f', ['k3', 'k4', 'k5'].map((k) => ({ item: item(k), scores: [], alerts: [{ channelId: 'a', payload: payload(k) }] })), { nextPollAt: 0, at: now });
    const posts: Array<{ post: string; at: number; by: string }> = [];
    const instance = (owner: string) => {
      const { adapter } = scriptedAdapter({});
      const paced: ChatAdapter = { ...adapter, minPostIntervalMs: 1_000, post: async (target, alert) => { posts.push({ post: `${target}:${alert.itemKey}`, at: now, by: owner }); return `m-${posts.length}`; } };
      return createDeliverer({
        store, owner, logger: silentLogger(), clock: () => now, channels, adapters: new Map([['scripted', paced]]),
        sleep: async (ms) => { await new Promise((resolve) => setImmediate(resolve)); now += ms; },
      });
    };
    const [one, two] = [instance('one'), instance('two')];
    const results = await Promise.all([one.drain(), two.drain()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(7);
    for (const target of ['A', 'B']) {
      const mine = posts.filter((p) => p.post.startsWith(`${target}:`));
      expect(mine.map((p) => p.post)).toEqual(target === 'A' ? ['A:k1', 'A:k2', 'A:k3', 'A:k4', 'A:k5'] : ['B:k1', 'B:k2']);
      expect(new Set(mine.map((p) => p.by)).size).toBe(1); // one holder per channel
      mine.slice(1).forEach((p, i) => expect(p.at - mine[i]!.at).toBeGreaterThanOrEqual(1_000));
    }
    expect((await store.counts(0)).pendingOutbox).toBe(0);
  });

  it('hands a channel\'s pace on with its lease: the next instance waits out the last post and a rate limit', async () => {
    const shared = new Map<string, DeliveryChannel>([...channels, ['a2', { id: 'a2', adapter: 'scripted', target: 'A' }]]);
    const waits: Record<string, number[]> = { one: [], two: [] };
    const instance = (owner: string, script: Record<string, Array<'ok' | Error>>) => {
      const scripted = scriptedAdapter(script);
      const deliverer = createDeliverer({
        store, owner, logger: silentLogger(), clock: () => now, channels: shared, random: () => 0,
        adapters: new Map<string, ChatAdapter>([['scripted', { ...scripted.adapter, minPostIntervalMs: 1_000 }]]),
        sleep: async (ms) => { waits[owner]!.push(ms); now += ms; },
      });
      return { deliverer, posted: scripted.posted };
    };
    const one = instance('one', {});
    expect(await one.deliverer.drain()).toEqual({ sent: 4, retrying: 0, failed: 0 });
    // Queued for A after one posted there: two waits out the interval after one's last post.
    await store.saveItems('f', [{ item: item('k3'), scores: [], alerts: [{ channelId: 'a', payload: payload('k3') }] }], { nextPollAt: 0, at: now });
    const two = instance('two', { A: [new AdapterError('slack chat.postMessage: ratelimited', { rateLimited: true, retryAfterMs: 30_000 })] });
    now += 400;
    expect(await two.deliverer.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(waits.two).toEqual([600]);
    // Another Radar channel on the same Slack channel: one holds back until the rate limit ends.
    await store.saveItems('f', [{ item: item('k4'), scores: [], alerts: [{ channelId: 'a2', payload: payload('k4') }] }], { nextPollAt: 0, at: now });
    expect(await one.deliverer.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    now += 30_000;
    expect(await one.deliverer.drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(one.posted.slice(4).sort()).toEqual(['A:k3', 'A:k4']);
  });

  it('confirms its lease before a post only once a third of it has passed, and stops when another instance has it', async () => {
    await store.saveItems('f', ['k3', 'k4', 'k5', 'k6'].map((k) => ({ item: item(k), scores: [], alerts: [{ channelId: 'a', payload: payload(k) }] })), { nextPollAt: 0, at: now });
    const leased: number[] = [];
    const counting: Store = Object.create(store, {
      leaseChannel: { value: (channel: string, owner: string, at: number, until: number) => {
        if (channel === 'scripted:A') leased.push(at);
        return store.leaseChannel(channel, owner, at, until);
      } },
    }) as Store;
    const { adapter, posted } = scriptedAdapter({});
    // Each post takes 15 s of the deliverer's clock: the 60 s lease is confirmed again every 20 s.
    const slow: ChatAdapter = { ...adapter, post: async (target, alert) => { now += 15_000; return adapter.post(target, alert); } };
    const one = createDeliverer({ store: counting, owner: 'one', leaseMs: 60_000, logger: silentLogger(), clock: () => now, channels, adapters: new Map([['scripted', slow]]) });
    expect(await one.drain()).toEqual({ sent: 8, retrying: 0, failed: 0 });
    expect(posted.filter((p) => p.startsWith('A:'))).toEqual(['A:k1', 'A:k2', 'A:k3', 'A:k4', 'A:k5', 'A:k6']);
    // Taken at the start, then confirmed before a post once 20 s (a third) have passed since: not before each of the six.
    expect(leased.length).toBeLessThan(6);
    leased.slice(1).forEach((at, i) => expect(at - leased[i]!).toBeGreaterThanOrEqual(20_000));

    // Another instance holds the lease: nothing is posted until it lets go or its lease runs out.
    await store.saveItems('f', [{ item: item('k7'), scores: [], alerts: [{ channelId: 'a', payload: payload('k7') }] }], { nextPollAt: 0, at: now });
    expect(await store.leaseChannel('scripted:A', 'two', now, now + 60_000)).not.toBeNull();
    expect(await one.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    now += 60_000;
    expect(await one.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(posted.at(-1)).toBe('A:k7');
  });

  it('keeps retrying through rate limits however many there are', async () => {
    const limited = Array.from({ length: 20 }, () => new AdapterError('rate limited', { retryAfterMs: 60_000 }));
    const { adapter, posted } = scriptedAdapter({ A: limited });
    const deliverer = createDeliverer({ store, logger: silentLogger(), clock: () => now, channels, adapters: new Map([['scripted', adapter]]), maxAttempts: 3 });
    for (let i = 0; i < 25; i++) {
      await deliverer.drain();
      now += 3_600_000;
    }
    expect(posted.filter((p) => p.startsWith('A:'))).toEqual(['A:k1', 'A:k2']);
    expect((await store.counts(0)).deliveryFailures).toEqual([]);
  });
});
