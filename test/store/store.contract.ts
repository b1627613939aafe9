/**
 * The Store contract: every implementation (the SQLite file and the PostgreSQL server) runs these
 * same tests; where the two may differ, `StoreTraits` says how and the test checks each way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPayload, FollowUpPayload, NewItem, OverflowPayload, SearchQuery, Store } from '../../src/store/index.ts';
import type { FeedItem } from '../../src/shared/types.ts';

export function item(key: string, extra: Partial<FeedItem> = {}): FeedItem {
  return { key, url: `https://example.com/${key}`, title: `Title ${key}`, summary: `Summary ${key}`, content: '', publishedAt: 1_000, author: null, categories: ['a'], lang: 'es', ...extra };
}

function payload(key: string): AlertPayload {
  return { itemKey: key, title: `Title ${key}`, url: null, source: 'Feed', publishedAt: 1_000, summary: 's', lang: null, topicId: 't', score: 0.9, matched: ['cartel'], watchMatched: [] };
}

/** Where implementations may differ. */
export interface StoreTraits {
  /**
   * The full-text index is filled in batches by indexPending (SQLite: FTS5 after each cycle), rather
   * than in each item's write (PostgreSQL: a generated tsvector column), where indexPending adds 0.
   */
  batchIndex: boolean;
}

type ContractFeed = Parameters<Store['syncFeeds']>[0][number];

/** The feeds a contract case starts with. */
export const CONTRACT_FEEDS: ContractFeed[] = [
  { id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' },
  { id: 'b', url: 'https://b.example/feed', name: 'B', origin: 'config' },
];

/**
 * Each case of a contract on a fresh store: made, migrated and given `feeds` before it (handed to
 * `use`), closed and cleaned up after it.
 */
export function useContractStore(use: (store: Store) => void, makeStore: () => Promise<Store>, cleanup: () => Promise<void>, feeds: ContractFeed[] = CONTRACT_FEEDS): void {
  let store: Store;
  beforeEach(async () => {
    store = await makeStore();
    await store.migrate();
    await store.syncFeeds(feeds);
    use(store);
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });
}

export function runStoreContract(name: string, makeStore: () => Promise<Store>, cleanup: () => Promise<void> = async () => {}, traits: StoreTraits = { batchIndex: true }) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    useContractStore((s) => { store = s; }, makeStore, cleanup);

    it('migrates once', async () => {
      expect(await store.migrate()).toBe(0);
    });

    it('answers a ping while open, and fails it once closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });

    it('counts every change of channel settings, and a watch sees it', async () => {
      const seen: number[] = [];
      const watch = await store.watchSettings(async () => void seen.push(await store.settingsVersion()), { checkEveryMs: 20 });
      try {
        const start = await store.settingsVersion();
        await store.seedChannels([{ id: 'news', threshold: 0.5, topics: ['t'], watch: [], mute: [] }], 1);
        await store.seedChannels([{ id: 'news', threshold: 0.9, topics: ['t'], watch: [], mute: [] }], 1); // kept: no change
        await store.addChannelTerm('news', 'watch', 'a', 'U1', 2);
        await store.addChannelTerm('news', 'watch', 'a', 'U1', 2); // exists: no change
        await store.removeChannelTerm('news', 'watch', 'a');
        await store.removeChannelTerm('news', 'watch', 'a'); // gone: no change
        await store.updateChannel('news', { threshold: 0.7 }, 'U1', 3);
        expect(await store.settingsVersion()).toBe(start + 4);
        const deadline = Date.now() + 5_000;
        while (seen.at(-1) !== start + 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(seen.at(-1)).toBe(start + 4);
      } finally {
        await watch.stop();
      }
    });

    it('keeps channel terms and chat-added feeds within their limits in the write itself', async () => {
      await store.seedChannels([{ id: 'news', threshold: 0.5, topics: ['t'], watch: ['a'], mute: [] }], 1);
      expect(await store.addChannelTerm('news', 'watch', 'b', 'U1', 2, 2)).toBe('added');
      expect(await store.addChannelTerm('news', 'watch', 'b', 'U1', 2, 2)).toBe('exists');
      expect(await store.addChannelTerm('news', 'watch', 'c', 'U1', 2, 2)).toBe('full');
      expect(await store.addChannelTerm('news', 'mute', 'c', 'U1', 2, 2)).toBe('added');
      expect((await store.listChannels()).find((c) => c.id === 'news')).toMatchObject({ watch: ['a', 'b'], mute: ['c'] });
      const chat = (n: number) => ({ id: `chat${n}`, url: `https://chat${n}.example/rss`, name: `Chat ${n}`, origin: 'chat' as const });
      expect(await store.addFeed(chat(1), 1)).toBe('added');
      expect(await store.addFeed(chat(1), 1)).toBe('exists');
      expect(await store.addFeed(chat(2), 1)).toBe('full');
      expect(await store.removeFeed(chat(1).url)).toBe('removed');
      expect(await store.addFeed(chat(2), 1)).toBe('added');
    });

    it('indexes stored items for search in one batch, and a search sees every stored item', async () => {
      const query = { terms: ['sinaloa'], since: 0, lang: null, topics: [], limit: 10 };
      await store.saveItems('a', ['k1', 'k2'].map((k) => ({ item: item(k, { title: `Cártel de Sinaloa ${k}` }), scores: [], alerts: [] })), { nextPollAt: 0, at: 1 });
      expect(await store.indexPending()).toBe(traits.batchIndex ? 2 : 0);
      expect(await store.indexPending()).toBe(0);
      await store.saveItems('b', [{ item: item('k3', { title: 'Sinaloa' }), scores: [], alerts: [] }], { nextPollAt: 0, at: 2 });
      // Not indexed by a cycle yet: the search indexes it first.
      expect((await store.searchItems(query)).map((h) => h.title).sort()).toEqual(['Cártel de Sinaloa k1', 'Cártel de Sinaloa k2', 'Sinaloa']);
      expect(await store.indexPending()).toBe(0);
    });

    it('keeps feed state across syncs and drops feeds no longer configured from polling', async () => {
      await store.recordSuccess('a', { etag: '"e1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT', nextPollAt: 5_000, at: 4_000 });
      await store.syncFeeds([{ id: 'a', url: 'https://a.example/feed', name: 'A renamed', origin: 'config' }]);
      const feeds = await store.listFeeds();
      expect(feeds.map((f) => f.id)).toEqual(['a']);
      expect(feeds[0]).toMatchObject({ name: 'A renamed', etag: '"e1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT', nextPollAt: 5_000, lastSuccessAt: 4_000, seeded: true, consecutiveFailures: 0 });
    });

    it("keeps each feed's chosen interval, its reason and its rhythm; a write without them leaves them", async () => {
      expect((await store.listFeeds())[0]).toMatchObject({ pollIntervalMs: null, pollReason: null, rhythm: null });
      await store.recordSuccess('a', { nextPollAt: 5_000, at: 4_000, pollIntervalMs: 240_000, pollReason: 'rhythm: ~4.0 items/h', rhythm: '{"r":1}' });
      await store.saveItems('b', [{ item: item('k1'), scores: [], alerts: [] }], { nextPollAt: 6_000, at: 4_000, pollIntervalMs: 3_600_000, pollReason: 'feed: RSS ttl', rhythm: '{"r":2}' });
      const read = async () => Object.fromEntries((await store.listFeeds()).map((f) => [f.id, [f.pollIntervalMs, f.pollReason, f.rhythm]]));
      expect(await read()).toEqual({ a: [240_000, 'rhythm: ~4.0 items/h', '{"r":1}'], b: [3_600_000, 'feed: RSS ttl', '{"r":2}'] });
      // A 304 in a cycle's write, a failure: the interval and reason change, the rhythm stays.
      await store.saveItems('a', [], { nextPollAt: 7_000, at: 5_000, pollIntervalMs: 300_000, pollReason: 'server: Cache-Control/Expires' });
      await store.recordFailure('b', 'HTTP 503', { nextPollAt: 8_000, at: 5_000, pollIntervalMs: 600_000, pollReason: 'server: Retry-After' });
      await store.recordSuccess('b', { nextPollAt: 9_000, at: 6_000 });
      expect(await read()).toEqual({ a: [300_000, 'server: Cache-Control/Expires', '{"r":1}'], b: [600_000, 'server: Retry-After', '{"r":2}'] });
    });

    it('lists due feeds and records failures', async () => {
      await store.recordFailure('a', 'HTTP 500 (https://a.example/feed)', { nextPollAt: 9_000, at: 1_000 });
      await store.recordFailure('a', 'timeout', { nextPollAt: 9_500, at: 2_000 });
      expect((await store.dueFeeds(5_000, 10)).map((f) => f.id)).toEqual(['b']);
      const a = (await store.listFeeds()).find((f) => f.id === 'a')!;
      expect(a).toMatchObject({ consecutiveFailures: 2, lastError: 'timeout', lastErrorAt: 2_000, seeded: false });
      expect((await store.counts(0)).failingFeeds).toBe(1);
      await store.recordSuccess('a', { nextPollAt: 10_000, at: 3_000 });
      expect((await store.listFeeds()).find((f) => f.id === 'a')!.consecutiveFailures).toBe(0);
    });

    it('claims due feeds for one owner at a time, until its lease runs out or it lets go', async () => {
      await store.syncFeeds([
        { id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' },
        { id: 'b', url: 'https://b.example/feed', name: 'B', origin: 'config' },
        { id: 'c', url: 'https://c.example/feed', name: 'C', origin: 'config' },
      ]);
      await store.recordSuccess('c', { nextPollAt: 50_000, at: 1_000 });
      // Soonest first, at most the limit; a feed not yet due is not claimed.
      expect((await store.claimFeeds('one', 2_000, 62_000, 1)).map((f) => f.id)).toEqual(['a']);
      expect((await store.claimFeeds('two', 2_000, 62_000, 10)).map((f) => f.id)).toEqual(['b']);
      expect(await store.claimFeeds('three', 2_000, 62_000, 10)).toEqual([]);
      // Renewing keeps only the owner's own claims.
      expect(await store.renewFeedClaims('one', ['a', 'b'], 70_000)).toEqual(['a']);
      // The owner that vanished: its claim comes back once the lease ran out, not a moment before.
      await store.recordSuccess('b', { nextPollAt: 100_000, at: 3_000 });
      await store.releaseFeeds('two', ['b']);
      expect((await store.claimFeeds('three', 69_999, 200_000, 10)).map((f) => f.id)).toEqual(['c']);
      // An owner's own claims stay its own to claim again (a poll that could not let go).
      expect((await store.claimFeeds('three', 70_000, 200_000, 10)).map((f) => f.id)).toEqual(['a', 'c']);
      expect(await store.renewFeedClaims('one', ['a'], 300_000)).toEqual([]);
      // Letting go is the owner's alone; a released feed is claimed again when due.
      await store.releaseFeeds('one', ['a', 'c']);
      expect((await store.claimFeeds('four', 100_000, 200_000, 10)).map((f) => f.id)).toEqual(['b']);
      await store.releaseFeeds('three', ['a', 'c']);
      expect((await store.claimFeeds('five', 100_000, 200_000, 10)).map((f) => f.id)).toEqual(['a', 'c']);
    });

    it('names the owners of claims and leases, and lets go of all an owner holds at once', async () => {
      await store.claimFeeds('gone', 1_000, 61_000, 1);
      await store.leaseChannel('slack:C1', 'gone', 1_000, 61_000);
      await store.leaseChannel('slack:C2', 'alive', 1_000, 61_000);
      expect(await store.claimOwners()).toEqual(['alive', 'gone']);
      await store.releaseOwner('gone');
      expect(await store.claimOwners()).toEqual(['alive']);
      expect((await store.claimFeeds('alive', 1_000, 61_000, 10)).map((f) => f.id)).toEqual(['a', 'b']);
      expect(await store.leaseChannel('slack:C1', 'alive', 1_000, 61_000)).not.toBeNull();
    });

    it('polls a URL as one feed: the config file\'s takes over one added from chat', async () => {
      expect(await store.addFeed({ id: 'chat-x', url: 'https://x.example/rss', name: 'X', origin: 'chat' })).toBe('added');
      await store.syncFeeds([
        { id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' },
        { id: 'x', url: 'https://x.example/rss', name: 'X', origin: 'config' },
      ]);
      expect((await store.listFeeds()).map((f) => f.id)).toEqual(['a', 'x']);
      expect((await store.claimFeeds('one', 1_000, 2_000, 10)).map((f) => f.url).sort()).toEqual(['https://a.example/feed', 'https://x.example/rss']);
    });

    it('leases a channel to one owner at a time, and keeps its pace for every owner', async () => {
      expect(await store.leaseChannel('slack:C1', 'one', 1_000, 61_000)).toEqual({ lastPostAt: null, blockedUntil: null });
      expect(await store.leaseChannel('slack:C1', 'two', 1_000, 61_000)).toBeNull();
      // Another channel is free; the holder renews its own lease.
      expect(await store.leaseChannel('slack:C2', 'two', 1_000, 61_000)).not.toBeNull();
      expect(await store.leaseChannel('slack:C1', 'one', 30_000, 90_000)).not.toBeNull();
      expect(await store.recordChannelPace('slack:C1', 'one', { lastPostAt: 31_000, blockedUntil: null })).toBe(true);
      // A rate limit reported by anyone blocks the channel; times only move forward.
      expect(await store.recordChannelPace('slack:C1', 'two', { lastPostAt: 20_000, blockedUntil: 95_000 })).toBe(false);
      expect(await store.leaseChannel('slack:C1', 'two', 89_999, 150_000)).toBeNull();
      // The holder vanished: the lease passes on when it runs out, with the channel's pace.
      expect(await store.leaseChannel('slack:C1', 'two', 90_000, 150_000)).toEqual({ lastPostAt: 31_000, blockedUntil: 95_000 });
      expect(await store.recordChannelPace('slack:C1', 'one', { lastPostAt: 32_000, blockedUntil: null })).toBe(false);
      // Letting go is the holder's alone.
      await store.releaseChannel('slack:C1', 'one');
      expect(await store.leaseChannel('slack:C1', 'three', 100_000, 160_000)).toBeNull();
      await store.releaseChannel('slack:C1', 'two');
      expect(await store.leaseChannel('slack:C1', 'three', 100_000, 160_000)).toEqual({ lastPostAt: 32_000, blockedUntil: 95_000 });
    });

    it('stores items once per (feed, key), with scores and alerts in one write', async () => {
      const batch: NewItem[] = [
        { item: item('k1'), scores: [{ topicId: 't', score: 0.9 }], alerts: [{ channelId: 'c', payload: payload('k1') }] },
        { item: item('k2'), scores: [{ topicId: 't', score: 0.1 }], alerts: [] },
      ];
      const ids = await store.saveItems('a', batch, { nextPollAt: 1, at: 2_000 });
      expect(ids.every((id) => id > 0)).toBe(true);
      expect(await store.knownKeys('a', ['k1', 'k2', 'k3'])).toEqual(new Set(['k1', 'k2']));
      expect(await store.knownKeys('b', ['k1'])).toEqual(new Set());
      // The same key again in the same feed is ignored; in another feed it is a new item.
      expect(await store.saveItems('a', [batch[0]!], { nextPollAt: 1, at: 3_000 })).toEqual([0]);
      expect((await store.saveItems('b', [batch[0]!], { nextPollAt: 1, at: 3_000 }))[0]).toBeGreaterThan(0);
      const counts = await store.counts(0);
      expect(counts).toMatchObject({ items: 3, alertsSince: 2, pendingOutbox: 2 });
    });

    it('hands a write the story rows stored since its mark, before its first item is assigned', async () => {
      const fingerprint = { canonicalUrl: null, signature: new Uint8Array([4, 5, 6]) };
      const state = { nextPollAt: 0, at: 2_000 };
      const mark = await store.storyMark();
      const [x] = await store.saveItems('a', [{ item: item('m1'), scores: [], alerts: [], fingerprint }], state);
      await store.saveItems('a', [{ item: item('m0', { publishedAt: 10 }), scores: [], alerts: [], fingerprint }], state);
      const caughtUp: number[][] = [];
      let next = '';
      const catchUp = (from: string) => ({
        keys: [7, 3, 7], mark: from, since: 500,
        apply(rows: Array<{ itemId: number }>, after: string) {
          caughtUp.push(rows.map((r) => r.itemId));
          next = after;
        },
      });
      const assignStory = (_: number, id: number) => {
        expect(caughtUp).toHaveLength(1);
        return id;
      };
      const [y] = await store.saveItems('b', [{ item: item('m2'), scores: [], alerts: [], fingerprint }], state, { catchUp: catchUp(mark), assignStory });
      expect(caughtUp).toEqual([[x]]); // m0 was published before `since`
      // From the new mark: the write's own item, nothing read before.
      caughtUp.length = 0;
      await store.saveItems('b', [{ item: item('m3'), scores: [], alerts: [], fingerprint }], state, { catchUp: catchUp(next), assignStory });
      expect(caughtUp).toEqual([[y]]);
    });

    it('keeps one alert per story and channel, and paces and aggregates follow-ups', async () => {
      const fingerprint = { canonicalUrl: 'https://a.example/story', signature: new Uint8Array([1, 2, 3]) };
      const report = (source: string, publishedAt: number) => ({ source, title: `Report ${source}`, url: null, publishedAt });
      const [first] = await store.saveItems('a', [{ item: item('s1'), scores: [], alerts: [{ channelId: 'c', payload: payload('s1') }], fingerprint, followUp: report('A', 100) }], { nextPollAt: 0, at: 1_000 });
      const join = () => first!;
      // Same feed again (a republish): no alert, no report.
      await store.saveItems('a', [{ item: item('s1-again'), scores: [], alerts: [{ channelId: 'c', payload: payload('s1-again') }], fingerprint, followUp: report('A', 200) }], { nextPollAt: 0, at: 2_000 }, { assignStory: join, followUpEveryMs: 600_000 });
      expect(await store.pendingDeliveries(10_000_000, 10)).toHaveLength(1);
      // Two other outlets: one follow-up, due 10 minutes after the alert, with both reports in publication order.
      await store.syncFeeds([
        { id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' },
        { id: 'b', url: 'https://b.example/feed', name: 'B', origin: 'config' },
        { id: 'c', url: 'https://c.example/feed', name: 'C', origin: 'config' },
      ]);
      await store.saveItems('c', [{ item: item('c1'), scores: [], alerts: [{ channelId: 'c', payload: payload('c1') }], fingerprint, followUp: report('C', 400) }], { nextPollAt: 0, at: 3_000 }, { assignStory: join, followUpEveryMs: 600_000 });
      await store.saveItems('b', [{ item: item('b1'), scores: [], alerts: [], fingerprint, followUp: report('B', 300) }], { nextPollAt: 0, at: 4_000 }, { assignStory: join, followUpEveryMs: 600_000 });
      const [alert] = await store.pendingDeliveries(5_000, 10);
      expect(alert).toMatchObject({ kind: 'alert', storyId: first });
      await store.markDelivered(alert!.id, 'm-1', 5_000);
      expect(await store.pendingDeliveries(600_999, 10)).toEqual([]);
      const [followUp, ...rest] = await store.pendingDeliveries(601_000, 10);
      expect(rest).toEqual([]);
      expect(followUp).toMatchObject({ kind: 'follow_up', storyId: first, parentMessageId: 'm-1' });
      expect((followUp!.payload as FollowUpPayload).reports.map((r) => r.source)).toEqual(['B', 'C']);
      expect((await store.counts(0)).alertsSince).toBe(1);
      const rows = await store.storyItems(0);
      expect(rows.map((r) => [r.storyId, [...r.signature]])).toEqual(Array(4).fill([first, [1, 2, 3]]));
    });

    it('queues again, not loses, the reports added to a follow-up while it is being posted', async () => {
      const fingerprint = { canonicalUrl: 'https://a.example/story', signature: new Uint8Array([1, 2, 3]) };
      const report = (source: string, publishedAt: number) => ({ source, title: `Report ${source}`, url: `https://${source}.example/1`, publishedAt });
      await store.syncFeeds(['a', 'b', 'c', 'd'].map((id) => ({ id, url: `https://${id}.example/feed`, name: id.toUpperCase(), origin: 'config' as const })));
      const [first] = await store.saveItems('a', [{ item: item('s1'), scores: [], alerts: [{ channelId: 'c', payload: payload('s1') }], fingerprint, followUp: report('A', 100) }], { nextPollAt: 0, at: 1_000 });
      const options = { assignStory: () => first!, followUpEveryMs: 0 };
      const [alert] = await store.pendingDeliveries(1_000, 10);
      await store.markDelivered(alert!.id, 'm-1', 1_000);
      await store.saveItems('b', [{ item: item('b1'), scores: [], alerts: [], fingerprint, followUp: report('B', 300) }], { nextPollAt: 0, at: 2_000 }, options);
      // The follow-up is read and posted with B; meanwhile a poll adds C and D to it.
      const [taken] = await store.pendingDeliveries(2_000, 10);
      await store.saveItems('c', [{ item: item('c1'), scores: [], alerts: [], fingerprint, followUp: report('C', 400) }], { nextPollAt: 0, at: 2_100 }, options);
      await store.saveItems('d', [{ item: item('d1'), scores: [], alerts: [], fingerprint, followUp: report('D', 200) }], { nextPollAt: 0, at: 2_200 }, options);
      await store.markDelivered(taken!.id, 'm-2', 2_500, taken!.payload as FollowUpPayload);
      const [next, ...rest] = await store.pendingDeliveries(2_500, 10);
      expect(rest).toEqual([]);
      expect(next).toMatchObject({ kind: 'follow_up', storyId: first, parentMessageId: 'm-1' });
      expect((next!.payload as FollowUpPayload).reports.map((r) => r.source)).toEqual(['D', 'C']);
      // Posted as it was read: nothing more to post.
      await store.markDelivered(next!.id, 'm-3', 2_600, next!.payload as FollowUpPayload);
      expect(await store.pendingDeliveries(3_000, 10)).toEqual([]);
    });

    it('writes several feeds in one write in the given order, within the alert limits, and sums up the rest per feed', async () => {
      const limits = { perFeed: 2, perChannel: 3, windowMs: 3_600_000 };
      const entry = (key: string): NewItem => ({ item: item(key), scores: [], alerts: [{ channelId: 'c', payload: { ...payload(key), source: key[0]!.toUpperCase() } }] });
      const batch = (feedId: string, keys: string[], at: number) => ({ feedId, items: keys.map(entry), state: { nextPollAt: 0, at } });
      const saved = await store.saveBatches([batch('a', ['a1', 'a2', 'a3'], 1_000), batch('b', ['b1', 'b2'], 1_000)], {
        order: [[1, 0], [0, 0], [0, 1], [1, 1], [0, 2]], alertLimits: limits,
      });
      // b1, a1, a2 alert; a3 is over a's two per write, b2 over the channel's three per hour.
      expect(saved.map((s) => s.alerted.map((channels) => channels.length))).toEqual([[1, 1, 0], [1, 0]]);
      expect(saved.map((s) => s.held)).toEqual([1, 1]);
      const [[a1, a2, a3], [b1, b2]] = saved.map((s) => s.ids) as [number[], number[]];
      expect([b1, a1, a2, b2, a3]).toEqual(saved.flatMap((s) => s.ids).sort((x, y) => x - y)); // ids in write order
      const rows = async (now: number) => (await store.pendingDeliveries(now, 20)).map((r) => r.kind === 'overflow'
        ? `${(r.payload as OverflowPayload).source} +${(r.payload as OverflowPayload).count}` : (r.payload as AlertPayload).itemKey);
      expect(await rows(1_000)).toEqual(['b1', 'a1', 'a2', 'B +1', 'A +1']);
      expect((await store.counts(0)).items).toBe(5);

      // Within the hour the channel is full: a4 is held and added to a's waiting line.
      await store.saveItems('a', [entry('a4')], { nextPollAt: 0, at: 2_000 }, { alertLimits: limits });
      expect(await rows(2_000)).toEqual(['b1', 'a1', 'a2', 'B +1', 'A +2']);
      // Once a's line is posted, its next one comes an hour after it.
      for (const row of await store.pendingDeliveries(2_000, 20)) await store.markDelivered(row.id, `m-${row.id}`, 2_000);
      await store.saveItems('a', [entry('a5')], { nextPollAt: 0, at: 3_000 }, { alertLimits: limits });
      expect(await rows(3_600_999)).toEqual([]);
      expect(await rows(3_601_000)).toEqual(['A +1']);
      // An hour after the first alerts, the channel has room again.
      await store.saveItems('a', [entry('a6')], { nextPollAt: 0, at: 3_601_000 }, { alertLimits: limits });
      expect(await rows(3_601_000)).toEqual(['A +1', 'a6']);
    });

    it('reports its operating state: pending outbox rows and the oldest, the most overdue feed, feeds by health', async () => {
      await store.recordSuccess('a', { nextPollAt: 50_000, at: 1_000 });
      expect(await store.operatingState(10_000)).toEqual({ outboxPending: 0, oldestPendingAt: null, overdueSince: 0, feeds: { ok: 1, failing: 0, unread: 1 } });
      await store.recordSuccess('b', { nextPollAt: 20_000, at: 2_000 });
      expect((await store.operatingState(10_000)).overdueSince).toBeNull();
      expect((await store.operatingState(30_000)).overdueSince).toBe(20_000);
      await store.recordFailure('a', 'timeout', { nextPollAt: 25_000, at: 3_000 });
      await store.saveItems('b', [
        { item: item('k1'), scores: [], alerts: [{ channelId: 'c', payload: payload('k1') }] },
        { item: item('k2'), scores: [], alerts: [{ channelId: 'c', payload: payload('k2') }] },
      ], { nextPollAt: 20_000, at: 4_000 });
      await store.saveItems('b', [{ item: item('k3'), scores: [], alerts: [{ channelId: 'd', payload: payload('k3') }] }], { nextPollAt: 20_000, at: 6_000 });
      const [first] = await store.pendingDeliveries(6_000, 1);
      await store.markDelivered(first!.id, 'msg-1', 7_000);
      expect(await store.operatingState(30_000)).toEqual({ outboxPending: 2, oldestPendingAt: 4_000, overdueSince: 20_000, feeds: { ok: 1, failing: 1, unread: 0 } });
      // A feed dropped from polling counts nowhere.
      await store.syncFeeds([{ id: 'b', url: 'https://b.example/feed', name: 'B', origin: 'config' }]);
      expect((await store.operatingState(30_000)).feeds).toEqual({ ok: 1, failing: 0, unread: 0 });
    });

    it('drains the outbox in order, with retries and permanent failures', async () => {
      await store.saveItems('a', [
        { item: item('k1'), scores: [], alerts: [{ channelId: 'c', payload: payload('k1') }, { channelId: 'd', payload: payload('k1') }] },
        { item: item('k2'), scores: [], alerts: [{ channelId: 'c', payload: payload('k2') }] },
      ], { nextPollAt: 1, at: 100 });
      const rows = await store.pendingDeliveries(100, 10);
      expect(rows.map((r) => [r.channelId, (r.payload as AlertPayload).itemKey])).toEqual([['c', 'k1'], ['d', 'k1'], ['c', 'k2']]);
      await store.markDelivered(rows[0]!.id, 'msg-1', 200);
      await store.markDeliveryFailed(rows[1]!.id, '503', 10_000, 200);
      await store.markDeliveryFailed(rows[2]!.id, 'channel_not_found', null, 200);
      expect(await store.pendingDeliveries(200, 10)).toEqual([]);
      const later = await store.pendingDeliveries(10_000, 10);
      expect(later.map((r) => [r.id, r.attempts])).toEqual([[rows[1]!.id, 1]]);
      expect((await store.counts(0)).pendingOutbox).toBe(1);
      // Given up at 200 (queued at 100): counted by when it was given up.
      expect((await store.counts(150)).deliveryFailures).toEqual([{ channelId: 'c', count: 1, lastError: 'channel_not_found' }]);
      expect((await store.counts(201)).deliveryFailures).toEqual([]);
    });

    it('lists the channels with rows due, a retry holding back its channel', async () => {
      await store.saveItems('a', [
        { item: item('k1'), scores: [], alerts: [{ channelId: 'c', payload: payload('k1') }, { channelId: 'd', payload: payload('k1') }] },
        { item: item('k2'), scores: [], alerts: [{ channelId: 'e', payload: payload('k2') }] },
      ], { nextPollAt: 1, at: 100 });
      expect(await store.dueChannels(99)).toEqual([]);
      expect((await store.dueChannels(100)).sort()).toEqual(['c', 'd', 'e']);
      const [first] = await store.pendingDeliveries(100, 1, 'd');
      await store.markDeliveryFailed(first!.id, '503', 5_000, 100);
      await store.markDelivered((await store.pendingDeliveries(100, 1, 'e'))[0]!.id, 'm-e', 100);
      expect(await store.dueChannels(4_999)).toEqual(['c']);
      expect((await store.dueChannels(5_000)).sort()).toEqual(['c', 'd']);
      expect((await store.pendingDeliveries(5_000, 10, 'd')).map((r) => r.attempts)).toEqual([1]);
    });

    it('updates a channel\'s threshold and topics, and removes its terms', async () => {
      await store.seedChannels([{ id: 'news', threshold: 0.5, topics: ['t'], watch: ['a', 'b'], mute: ['m'] }], 1);
      // Seeding again keeps what commands changed.
      await store.updateChannel('news', { threshold: 0.7 }, 'U1', 2);
      await store.updateChannel('news', { topics: ['t', 'u'] }, 'U1', 3);
      await store.seedChannels([{ id: 'news', threshold: 0.1, topics: ['x'], watch: [], mute: [] }, { id: 'other', threshold: 0.2, topics: [], watch: [], mute: [] }], 4);
      expect(await store.removeChannelTerm('news', 'watch', 'a')).toBe(true);
      expect(await store.removeChannelTerm('news', 'watch', 'a')).toBe(false);
      expect(await store.removeChannelTerm('news', 'mute', 'b')).toBe(false);
      expect(await store.listChannels()).toEqual([
        { id: 'news', threshold: 0.7, topics: ['t', 'u'], watch: ['b'], mute: ['m'] },
        { id: 'other', threshold: 0.2, topics: [], watch: [], mute: [] },
      ]);
    });

    it('keeps a channel\'s votes as examples, one per person and item, fits its model in the write, and forgets it', async () => {
      await store.seedChannels([{ id: 'news', threshold: 0.5, topics: ['t'], watch: [], mute: [] }, { id: 'other', threshold: 0.5, topics: ['t'], watch: [], mute: [] }], 1);
      const [i1, i2] = await store.saveItems('a', [
        { item: item('v1'), scores: [{ topicId: 't', score: 0.8 }], alerts: [] },
        { item: item('v2'), scores: [], alerts: [] },
      ], { nextPollAt: 0, at: 2 });
      expect(await store.itemById(i1!)).toMatchObject({ key: 'v1', source: 'A', score: 0.8 });
      expect(await store.itemById(999_999)).toBeNull();
      const example = (itemId: number, person: string, relevant: boolean, at: number) =>
        ({ itemId, person, relevant, topicId: 't', features: { channel: 1, 'term:cártel': 1 }, logit: 1.25, at });
      // The fit sees every example of the channel, oldest first, inside the write; its model is stored.
      const seen: string[][] = [];
      const fit = (examples: Array<{ person: string; relevant: boolean; itemId: number }>) => {
        seen.push(examples.map((e) => `${e.itemId}:${e.person}:${e.relevant}`));
        return { weights: { channel: -examples.length }, counts: { channel: { relevant: 0, notForUs: examples.length } }, votes: examples.length, people: 1 };
      };
      const version = await store.settingsVersion();
      expect(await store.learnFromVote('news', example(i1!, 'U1', false, 10), fit)).toMatchObject({ votes: 1 });
      await store.learnFromVote('news', example(i2!, 'U1', true, 11), fit);
      await store.learnFromVote('news', example(i1!, 'U1', true, 12), fit); // a changed vote replaces the first
      await store.learnFromVote('other', example(i1!, 'U2', false, 13), fit);
      expect(seen).toEqual([[`${i1}:U1:false`], [`${i1}:U1:false`, `${i2}:U1:true`], [`${i2}:U1:true`, `${i1}:U1:true`], [`${i1}:U2:false`]]);
      expect(await store.settingsVersion()).toBe(version + 4);
      const models = await store.channelModels();
      expect(models).toEqual([
        { channelId: 'news', model: { weights: { channel: -2 }, counts: { channel: { relevant: 0, notForUs: 2 } }, votes: 2, people: 1 }, updatedAt: 12 },
        { channelId: 'other', model: { weights: { channel: -1 }, counts: { channel: { relevant: 0, notForUs: 1 } }, votes: 1, people: 1 }, updatedAt: 13 },
      ]);
      // The stored examples keep features and the logit as given.
      let stored: Array<{ features: Record<string, number>; logit: number; topicId: string }> = [];
      await store.learnFromVote('news', example(i2!, 'U3', false, 14), (examples) => {
        stored = examples;
        return fit(examples);
      });
      expect(stored[0]).toMatchObject({ features: { channel: 1, 'term:cártel': 1 }, logit: 1.25, topicId: 't' });
      expect(await store.forgetLearning('news')).toBe(3);
      expect(await store.forgetLearning('news')).toBe(0);
      expect((await store.channelModels()).map((m) => m.channelId)).toEqual(['other']);
      expect(await store.settingsVersion()).toBe(version + 6);
    });

    it('finds stored items by words, accents and case aside, as phrases and prefixes, with filters and topic ranking', async () => {
      await store.saveItems('a', [
        { item: item('k1', { title: 'Guardia Nacional detiene a líder', lang: 'es', publishedAt: 5_000 }), scores: [{ topicId: 't', score: 0.9 }], alerts: [] },
        { item: item('k2', { title: 'Nacional guardia', summary: 'Operativo en Culiacán', lang: 'es', publishedAt: 6_000 }), scores: [{ topicId: 't', score: 0.1 }], alerts: [] },
      ], { nextPollAt: 0, at: 7_000 });
      await store.saveItems('b', [
        { item: item('k3', { title: 'National Guard arrests leader in Culiacan', lang: 'en', publishedAt: 7_000 }), scores: [{ topicId: 't', score: 0.5 }], alerts: [] },
      ], { nextPollAt: 0, at: 8_000 });
      await store.indexPending();
      const titles = async (terms: string[], extra: Partial<SearchQuery> = {}) =>
        (await store.searchItems({ terms, since: 0, lang: null, topics: ['t'], limit: 10, ...extra })).map((h) => h.key);
      expect(await titles(['GUARDIA', 'nacional'])).toEqual(['k1', 'k2']); // both words, the relevant one first
      expect(await titles(['guardia nacional'])).toEqual(['k1']); // a phrase: in this order
      expect(await titles(['culiacan'])).toEqual(['k3', 'k2']); // accent-insensitive, in titles and summaries
      expect(await titles(['lider'])).toEqual(['k1']);
      expect(await titles(['nacion*'])).toEqual(['k1', 'k2']);
      expect(await titles(['culiacan'], { lang: 'es' })).toEqual(['k2']);
      expect(await titles(['culiacan'], { feedId: 'b' })).toEqual(['k3']);
      expect(await titles(['culiacan'], { since: 6_500 })).toEqual(['k3']);
      expect(await titles(['"OR" NOT'])).toEqual([]); // no operator is live
      // Without words: a feed's items, the most relevant first.
      expect(await titles([], { feedId: 'a' })).toEqual(['k1', 'k2']);
      const [hit] = await store.searchItems({ terms: ['lider'], since: 0, lang: null, topics: ['t'], limit: 10 });
      expect(hit).toMatchObject({ feedId: 'a', source: 'A', score: 0.9, categories: ['a'], publishedAt: 5_000, fetchedAt: 7_000, storyId: hit!.id });
    });

    it('ranks top stories by their best item, counting outlets, and finds an item by URL', async () => {
      const fingerprint = { canonicalUrl: 'https://a.example/story', signature: new Uint8Array([1]) };
      const [s1] = await store.saveItems('a', [
        { item: item('s1', { publishedAt: 2_000 }), scores: [{ topicId: 't', score: 0.6 }], alerts: [], fingerprint },
        { item: item('other', { publishedAt: 2_000 }), scores: [{ topicId: 't', score: 0.7 }, { topicId: 'u', score: 0.99 }], alerts: [] },
        { item: item('old', { publishedAt: 10 }), scores: [{ topicId: 't', score: 1 }], alerts: [] },
      ], { nextPollAt: 0, at: 3_000 });
      await store.saveItems('b', [{ item: item('s1-b', { publishedAt: 2_500, url: 'https://b.example/s1?utm=x' }), scores: [{ topicId: 't', score: 0.8 }], alerts: [], fingerprint }],
        { nextPollAt: 0, at: 3_000 }, { assignStory: () => s1! });
      const top = await store.topStories({ since: 1_000, topics: ['t'], limit: 10 });
      expect(top.map((t) => [t.item.key, t.outlets, t.item.score])).toEqual([['s1-b', 2, 0.8], ['other', 1, 0.7]]);
      expect(top[0]!.storyId).toBe(s1);
      expect(await store.topStories({ since: 1_000, topics: ['t'], limit: 1 })).toHaveLength(1);
      expect((await store.findItemByUrl('https://example.com/other', null))).toMatchObject({ key: 'other', source: 'A', score: 0.99 });
      expect((await store.findItemByUrl('https://b.example/s1', 'https://a.example/story'))?.key).toBe('s1-b');
      expect(await store.findItemByUrl('https://nowhere.example/', null)).toBeNull();
    });

    it('reads the overview: channels of the outbox, a channel\'s alerts of a window and per hour, the waiting rows, the stories that spread', async () => {
      const HOUR = 3_600_000;
      const fingerprint = { canonicalUrl: 'https://a.example/story', signature: new Uint8Array([1]) };
      const [s1, k2] = await store.saveItems('a', [
        { item: item('k1', { publishedAt: 2_000, lang: 'es' }), scores: [{ topicId: 't', score: 0.6 }, { topicId: 'u', score: 0.9 }], alerts: [{ channelId: 'c', payload: payload('k1') }, { channelId: 'd', payload: payload('k1') }], fingerprint },
        { item: item('k2', { publishedAt: 3_000 }), scores: [], alerts: [{ channelId: 'c', payload: payload('k2') }] },
        { item: item('old', { publishedAt: 10 }), scores: [{ topicId: 't', score: 1 }], alerts: [] },
      ], { nextPollAt: 0, at: 10_000 });
      await store.saveItems('b', [{ item: item('k3', { publishedAt: 2_500, lang: 'en', url: 'https://b.example/k3' }), scores: [{ topicId: 't', score: 0.7 }], alerts: [], fingerprint }],
        { nextPollAt: 0, at: 11_000 }, { assignStory: () => s1! });
      const [k4] = await store.saveItems('a', [{ item: item('k4', { publishedAt: 4_000 }), scores: [{ topicId: 't', score: 0.2 }], alerts: [{ channelId: 'c', payload: payload('k4') }] }], { nextPollAt: 0, at: 2 * HOUR + 5 });

      expect(await store.outboxChannels()).toEqual(['c', 'd']);
      const keys = (alerts: { alerts: Array<{ payload: AlertPayload }> }) => alerts.alerts.map((a) => a.payload.itemKey);
      const all = await store.channelAlerts('c', 0, 10);
      expect([all.total, keys(all)]).toEqual([3, ['k4', 'k2', 'k1']]);
      expect(all.alerts[0]).toMatchObject({ channelId: 'c', createdAt: 2 * HOUR + 5, status: 'pending', payload: { score: 0.9, matched: ['cartel'] } });
      const newest = await store.channelAlerts('c', 0, 1);
      expect([newest.total, keys(newest)]).toEqual([3, ['k4']]);
      const later = await store.channelAlerts('c', 10_001, 10);
      expect([later.total, keys(later)]).toEqual([1, ['k4']]);
      expect((await store.channelAlerts('nowhere', 0, 10)).total).toBe(0);
      expect(await store.alertsPerHour('c', 0)).toEqual([{ hour: 0, count: 2 }, { hour: 2 * HOUR, count: 1 }]);
      expect(await store.alertsPerHour('c', HOUR)).toEqual([{ hour: 2 * HOUR, count: 1 }]);
      expect(await store.alertsPerHour('d', 0)).toEqual([{ hour: 0, count: 1 }]);

      // Posted, given up and retried rows: the queue holds what waits, a retry counted apart.
      const byKey = new Map((await store.pendingDeliveries(3 * HOUR, 20)).map((r) => [`${r.channelId}:${(r.payload as AlertPayload).itemKey}`, r.id]));
      await store.markDelivered(byKey.get('c:k1')!, 'm-1', 3 * HOUR);
      await store.markDeliveryFailed(byKey.get('c:k2')!, 'channel_not_found', null, 3 * HOUR);
      await store.markDeliveryFailed(byKey.get('d:k1')!, '503', 4 * HOUR, 3 * HOUR);
      expect(await store.outboxQueues()).toEqual([
        { channelId: 'c', pending: 1, retrying: 0, oldestAt: 2 * HOUR + 5 },
        { channelId: 'd', pending: 1, retrying: 1, oldestAt: 10_000 },
      ]);
      expect((await store.counts(0)).pendingOutbox).toBe(2);
      expect((await store.channelAlerts('c', 0, 10)).alerts.map((a) => a.status)).toEqual(['pending', 'failed', 'sent']);

      const spreads = await store.storySpreads(1_500, 10, 10);
      expect(spreads.map((s) => [s.storyId, s.outlets, s.reportCount, s.score])).toEqual([[s1, 2, 2, 0.9], [k4, 1, 1, 0.2], [k2, 1, 1, null]]);
      expect(spreads[0]!.reports).toEqual([
        { itemId: s1, feedId: 'a', source: 'A', title: 'Title k1', url: 'https://example.com/k1', lang: 'es', publishedAt: 2_000 },
        { itemId: k4! - 1, feedId: 'b', source: 'B', title: 'Title k3', url: 'https://b.example/k3', lang: 'en', publishedAt: 2_500 },
      ]);
      expect((await store.storySpreads(1_500, 1, 1)).map((s) => [s.storyId, s.reports.map((r) => r.itemId)])).toEqual([[s1, [s1]]]);
      expect(await store.storySpreads(5_000, 10, 10)).toEqual([]);
    });

    it('settles a follow-up whose alert was not posted: a reply, the story\'s alert in its place, or dropped', async () => {
      const report = (source: string, publishedAt: number) => ({ source, title: `Report ${source}`, url: null, publishedAt });
      const story = async (key: string, alerted: boolean) => {
        const fingerprint = { canonicalUrl: `https://a.example/${key}`, signature: new Uint8Array([key.length]) };
        const [first] = await store.saveItems('a', [{ item: item(key), scores: [], alerts: [{ channelId: 'c', payload: payload(key) }], fingerprint, followUp: report('A', 100) }], { nextPollAt: 0, at: 1_000 });
        // B's report would alert the channel on its own only when `alerted`.
        await store.saveItems('b', [{ item: item(`${key}-b`), scores: [], alerts: alerted ? [{ channelId: 'c', payload: payload(`${key}-b`) }] : [], fingerprint, followUp: report('B', 300) }],
          { nextPollAt: 0, at: 2_000 }, { assignStory: () => first!, followUpEveryMs: 0 });
        const rows = (await store.pendingDeliveries(2_000, 20)).filter((r) => r.storyId === first);
        expect(rows.map((r) => r.kind)).toEqual(['alert', 'follow_up']);
        return { alert: rows[0]!, followUp: rows[1]! };
      };
      const posted = await story('posted', true);
      await store.markDelivered(posted.alert.id, 'm-1', 2_500);
      expect(await store.resolveFollowUp(posted.followUp.id, 3_000)).toEqual({ kind: 'reply', parentMessageId: 'm-1' });

      const replaced = await story('replaced', true);
      await store.markDeliveryFailed(replaced.alert.id, 'channel_not_found', null, 2_500);
      expect(await store.resolveFollowUp(replaced.followUp.id, 3_000)).toEqual({ kind: 'alert', reports: 1 });
      const now = (await store.pendingDeliveries(3_000, 20)).find((r) => r.id === replaced.followUp.id);
      expect(now).toMatchObject({ kind: 'alert', storyId: replaced.alert.storyId });
      expect((now!.payload as AlertPayload).itemKey).toBe('replaced-b');

      const dropped = await story('dropped', false);
      await store.markDeliveryFailed(dropped.alert.id, 'channel_not_found', null, 2_500);
      expect(await store.resolveFollowUp(dropped.followUp.id, 3_000)).toEqual({ kind: 'dropped', reports: 1 });
      expect((await store.pendingDeliveries(3_000, 20)).map((r) => r.id)).not.toContain(dropped.followUp.id);
    });
  });
}
