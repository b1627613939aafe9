/**
 * The digest part of the Store contract, run against both stores: a channel's alert stories of a
 * window with their spread, its held alerts, one digest per channel and key, and held alerts
 * released by the digest that lists them.
 */
import { describe, expect, it } from 'vitest';
import type { AlertPayload, DigestPayload, Store } from '../../src/store/index.ts';
import { CONTRACT_FEEDS, item, useContractStore } from './store.contract.ts';

function payload(key: string, score = 0.6): AlertPayload {
  return { itemKey: key, title: `Title ${key}`, url: `https://example.com/${key}`, source: 'A', publishedAt: 1_000, summary: 's', lang: 'es', topicId: 't', score, matched: [], watchMatched: [] };
}

const digest = (window: string): DigestPayload => ({ window, since: 0, until: 1, stories: [], more: 0, held: 0 });

export function runDigestContract(name: string, makeStore: () => Promise<Store>, cleanup: () => Promise<void> = async () => {}) {
  describe(`Store contract, digests: ${name}`, () => {
    let store: Store;
    useContractStore((s) => { store = s; }, makeStore, cleanup, [CONTRACT_FEEDS[0]!, { ...CONTRACT_FEEDS[1]!, name: 'B <b>' }]);

    /** Stores an item of feed `feed` alerting channel `c` (or not), in story `story` (or its own), queued at `at`. */
    async function save(feed: string, key: string, opts: { at: number; score: number; alert: boolean; story?: number; lang?: string }): Promise<number> {
      const [id] = await store.saveItems(feed, [{
        item: item(key, { lang: opts.lang ?? 'es' }),
        scores: [{ topicId: 't', score: opts.score }, { topicId: 'other', score: 0.99 }],
        alerts: opts.alert ? [{ channelId: 'c', payload: payload(key, opts.score) }] : [],
        fingerprint: { canonicalUrl: null, signature: new Uint8Array([key.length]) },
      }], { nextPollAt: 0, at: opts.at }, opts.story ? { assignStory: () => opts.story! } : {});
      return id!;
    }
    const alertRow = async (storyId: number) => (await store.pendingDeliveries(10_000, 100, 'c')).find((r) => r.kind === 'alert' && r.storyId === storyId)!;

    it('reads the channel\'s alert stories of the window and its held alerts, each with its spread and best score over the topics', async () => {
      const s1 = await save('a', 'k1', { at: 2_000, score: 0.6, alert: true });
      await save('b', 'k1b', { at: 2_500, score: 0.95, alert: false, story: s1, lang: 'en' });
      const s2 = await save('a', 'k2', { at: 2_000, score: 0.5, alert: true });
      const old = await save('a', 'k3', { at: 500, score: 0.7, alert: true });
      const heldStory = await save('a', 'k4', { at: 600, score: 0.4, alert: true });
      await save('a', 'k5', { at: 2_000, score: 0.9, alert: false }); // never alerted the channel
      const held = await alertRow(heldStory);
      await store.holdAlert(held.id);

      const selection = await store.digestStories('c', 1_000, ['t']);
      expect(selection.held).toEqual([held.id]);
      const byStory = new Map(selection.stories.map((s) => [s.storyId, s]));
      expect([...byStory.keys()].sort((x, y) => x - y)).toEqual([s1, s2, heldStory].sort((x, y) => x - y));
      expect(byStory.has(old)).toBe(false);
      expect(byStory.get(s1)).toMatchObject({ outlets: 2, reports: 2, sources: ['A', 'B <b>'], langs: ['en', 'es'], score: 0.95, held: false, alertedAt: 2_000 });
      expect(byStory.get(s1)!.alert.itemKey).toBe('k1');
      expect(byStory.get(heldStory)).toMatchObject({ outlets: 1, score: 0.4, held: true });
      // The best score is over the asked topics only.
      expect((await store.digestStories('c', 1_000, ['none'])).stories.map((s) => s.score)).toEqual([null, null, null]);
      expect(await store.digestStories('other', 0, ['t'])).toEqual({ stories: [], held: [] });
    });

    it('takes a held alert out of the queue; a follow-up of its story does not wait behind it', async () => {
      const s1 = await save('a', 'k1', { at: 2_000, score: 0.5, alert: true });
      const row = await alertRow(s1);
      await store.holdAlert(row.id);
      expect((await store.pendingDeliveries(10_000, 100)).map((r) => r.id)).not.toContain(row.id);
      expect(await store.dueChannels(10_000)).toEqual([]);
      expect((await store.channelAlerts('c', 0, 10)).alerts.find((a) => a.id === row.id)!.status).toBe('held');
      // Only a pending alert is held.
      const s2 = await save('a', 'k2', { at: 2_000, score: 0.5, alert: true });
      const sent = await alertRow(s2);
      await store.markDelivered(sent.id, 'm-1', 3_000);
      await store.holdAlert(sent.id);
      expect((await store.channelAlerts('c', 0, 10)).alerts.find((a) => a.id === sent.id)!.status).toBe('sent');

      // A later report of the held story that alerts on its own becomes the story's alert (held in turn by quiet hours).
      await store.saveItems('b', [{
        item: item('k1b'), scores: [], alerts: [{ channelId: 'c', payload: payload('k1b') }],
        fingerprint: { canonicalUrl: null, signature: new Uint8Array([9]) },
        followUp: { source: 'B', title: 'Report B', url: null, publishedAt: 2_100 },
      }], { nextPollAt: 0, at: 4_000 }, { assignStory: () => s1, followUpEveryMs: 0 });
      const followUp = (await store.pendingDeliveries(10_000, 100, 'c')).find((r) => r.kind === 'follow_up' && r.storyId === s1)!;
      expect(await store.resolveFollowUp(followUp.id, 5_000)).toEqual({ kind: 'alert', reports: 1 });
    });

    it('queues one digest per channel and key, releasing the held alerts it lists in the same write', async () => {
      const s1 = await save('a', 'k1', { at: 2_000, score: 0.5, alert: true });
      const s2 = await save('a', 'k2', { at: 2_000, score: 0.5, alert: true });
      const first = await alertRow(s1);
      const second = await alertRow(s2);
      await store.holdAlert(first.id);
      const before = await store.digestStories('c', 1_000, ['t']);
      expect(before.held).toEqual([first.id]);
      // Held after the digest was read: not in it, so not released by it.
      await store.holdAlert(second.id);

      expect(await store.queueDigest('c', '2026-12-02@08:00', { ...digest('24h'), held: 1 }, before.held, 5_000)).toBe(true);
      const rows = (await store.pendingDeliveries(10_000, 100, 'c')).filter((r) => r.kind === 'digest');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ channelId: 'c', storyId: null, createdAt: 5_000 });
      expect(rows[0]!.payload).toMatchObject({ window: '24h', held: 1 });
      expect((await store.digestStories('c', 1_000, ['t'])).held).toEqual([second.id]);
      expect((await store.channelAlerts('c', 0, 10)).alerts.filter((a) => a.id === first.id || a.id === second.id).map((a) => a.status).sort()).toEqual(['digested', 'held']);

      // The same key again (a restart, another leader): nothing changes, nothing is released.
      expect(await store.queueDigest('c', '2026-12-02@08:00', digest('24h'), [second.id], 6_000)).toBe(false);
      expect((await store.pendingDeliveries(10_000, 100, 'c')).filter((r) => r.kind === 'digest')).toHaveLength(1);
      expect((await store.digestStories('c', 1_000, ['t'])).held).toEqual([second.id]);
      // Another channel or another key is another digest.
      expect(await store.queueDigest('d', '2026-12-02@08:00', digest('24h'), [second.id], 6_000)).toBe(true);
      expect((await store.digestStories('c', 1_000, ['t'])).held).toEqual([second.id]);
      expect(await store.queueDigest('c', '2026-12-03@08:00', digest('24h'), [second.id], 7_000)).toBe(true);
      expect((await store.digestStories('c', 1_000, ['t'])).held).toEqual([]);

      // A digest row goes out like any other: marked sent once posted.
      await store.markDelivered(rows[0]!.id, 'm-digest', 8_000);
      expect((await store.pendingDeliveries(10_000, 100, 'c')).map((r) => r.id)).not.toContain(rows[0]!.id);
    });
  });
}
