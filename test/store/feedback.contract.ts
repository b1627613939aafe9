/**
 * The feedback part of the Store contract (votes and muted stories), run against every
 * implementation beside store.contract.ts.
 */
import { describe, expect, it } from 'vitest';
import type { AlertPayload, FollowUpPayload, Store } from '../../src/store/index.ts';
import { item, useContractStore } from './store.contract.ts';

function payload(key: string): AlertPayload {
  return { itemKey: key, title: `Title ${key}`, url: null, source: 'Feed', publishedAt: 1_000, summary: 's', lang: null, topicId: 't', score: 0.9, matched: [], watchMatched: [] };
}

const fingerprint = { canonicalUrl: 'https://a.example/story', signature: new Uint8Array([1, 2, 3]) };
const report = (source: string, publishedAt: number) => ({ source, title: `Report ${source}`, url: `https://${source}.example/1`, publishedAt });

export function runFeedbackContract(name: string, makeStore: () => Promise<Store>, cleanup: () => Promise<void> = async () => {}) {
  describe(`Store contract, feedback: ${name}`, () => {
    let store: Store;
    useContractStore((s) => { store = s; }, makeStore, cleanup, ['a', 'b', 'c'].map((id) => ({ id, url: `https://${id}.example/feed`, name: id.toUpperCase(), origin: 'config' as const })));

    /** An alert of a new story in channels `c` and `d`, posted; returns the story id and the alerts' row ids. */
    async function postedStory() {
      const [storyId] = await store.saveItems('a', [{
        item: item('s1'), scores: [], alerts: [{ channelId: 'c', payload: payload('s1') }, { channelId: 'd', payload: payload('s1') }], fingerprint, followUp: report('A', 100),
      }], { nextPollAt: 0, at: 1_000 });
      const rows = await store.pendingDeliveries(1_000, 10);
      for (const row of rows) await store.markDelivered(row.id, `m-${row.channelId}`, 1_000);
      return { storyId: storyId!, rows: Object.fromEntries(rows.map((r) => [r.channelId, r.id])) as Record<string, number> };
    }

    it('names an alert by its outbox row id, and nothing else by it', async () => {
      const { storyId, rows } = await postedStory();
      expect(await store.alertReference(rows.c!)).toEqual({ rowId: rows.c, channelId: 'c', itemId: storyId, storyId });
      expect(await store.alertReference(999_999)).toBeNull();
      // A follow-up row is not an alert.
      await store.saveItems('b', [{ item: item('b1'), scores: [], alerts: [], fingerprint, followUp: report('B', 200) }], { nextPollAt: 0, at: 2_000 }, { assignStory: () => storyId });
      const [followUp] = await store.pendingDeliveries(2_000, 10, 'c');
      expect(followUp!.kind).toBe('follow_up');
      expect(await store.alertReference(followUp!.id)).toBeNull();
    });

    it('keeps one vote per channel, item and person: a second click changes it, the same click changes nothing', async () => {
      const { storyId: itemId } = await postedStory();
      expect(await store.recordVote({ channelId: 'c', itemId, person: 'U1', vote: 'bad', at: 10 })).toEqual({ changed: true, previous: null });
      expect(await store.recordVote({ channelId: 'c', itemId, person: 'U1', vote: 'bad', at: 20 })).toEqual({ changed: false, previous: 'bad' });
      expect(await store.recordVote({ channelId: 'c', itemId, person: 'U1', vote: 'good', at: 30 })).toEqual({ changed: true, previous: 'bad' });
      // Another person, and the same person in another channel, vote apart.
      expect(await store.recordVote({ channelId: 'c', itemId, person: 'U2', vote: 'bad', at: 40 })).toEqual({ changed: true, previous: null });
      expect(await store.recordVote({ channelId: 'd', itemId, person: 'U1', vote: 'bad', at: 50 })).toEqual({ changed: true, previous: null });
      expect(await store.channelVotes('c')).toEqual([
        { channelId: 'c', itemId, person: 'U1', vote: 'good', at: 30 },
        { channelId: 'c', itemId, person: 'U2', vote: 'bad', at: 40 },
      ]);
      expect(await store.channelVotes('d')).toEqual([{ channelId: 'd', itemId, person: 'U1', vote: 'bad', at: 50 }]);
      expect(await store.channelVotes('nowhere')).toEqual([]);
    });

    it('records two clicks at once as one vote', async () => {
      const { storyId: itemId } = await postedStory();
      const results = await Promise.all([1, 2, 3].map((at) => store.recordVote({ channelId: 'c', itemId, person: 'U1', vote: 'good', at })));
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      expect(await store.channelVotes('c')).toHaveLength(1);
    });

    it('mutes a story in one channel: its pending follow-up is dropped and no later one is queued there; other channels still get theirs', async () => {
      const { storyId } = await postedStory();
      const options = { assignStory: () => storyId, followUpEveryMs: 0 };
      await store.saveItems('b', [{ item: item('b1'), scores: [], alerts: [], fingerprint, followUp: report('B', 200) }], { nextPollAt: 0, at: 2_000 }, options);
      expect((await store.pendingDeliveries(2_000, 10)).map((r) => [r.channelId, r.kind])).toEqual([['c', 'follow_up'], ['d', 'follow_up']]);

      expect(await store.muteStory('c', storyId, 'U1', 2_100)).toEqual({ changed: true, dropped: 1 });
      expect(await store.muteStory('c', storyId, 'U2', 2_200)).toEqual({ changed: false, dropped: 0 });
      expect((await store.pendingDeliveries(2_200, 10)).map((r) => r.channelId)).toEqual(['d']);

      // A later outlet: a follow-up in d only.
      await store.saveItems('c', [{ item: item('c1'), scores: [], alerts: [{ channelId: 'c', payload: payload('c1') }], fingerprint, followUp: report('C', 300) }], { nextPollAt: 0, at: 3_000 }, options);
      const pending = await store.pendingDeliveries(3_000, 10);
      expect(pending.map((r) => [r.channelId, r.kind])).toEqual([['d', 'follow_up']]);
      expect((pending[0]!.payload as FollowUpPayload).reports.map((r) => r.source)).toEqual(['B', 'C']);
    });

    it('queues no follow-up for the reports added while a follow-up was posted, once the story is muted', async () => {
      const { storyId } = await postedStory();
      const options = { assignStory: () => storyId, followUpEveryMs: 0 };
      await store.saveItems('b', [{ item: item('b1'), scores: [], alerts: [], fingerprint, followUp: report('B', 200) }], { nextPollAt: 0, at: 2_000 }, options);
      const [taken] = await store.pendingDeliveries(2_000, 10, 'c');
      await store.saveItems('c', [{ item: item('c1'), scores: [], alerts: [], fingerprint, followUp: report('C', 300) }], { nextPollAt: 0, at: 2_100 }, options);
      await store.muteStory('c', storyId, 'U1', 2_200);
      // The row was being posted when the mute came: it goes out as read, and nothing more follows.
      await store.markDelivered(taken!.id, 'm-2', 2_300, taken!.payload as FollowUpPayload);
      expect((await store.pendingDeliveries(3_000, 10, 'c'))).toEqual([]);
      expect((await store.pendingDeliveries(3_000, 10, 'd')).map((r) => r.kind)).toEqual(['follow_up']);
    });
  });
}
