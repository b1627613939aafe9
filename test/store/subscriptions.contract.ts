/**
 * The subscriptions role of the Store contract (WebSub, src/websub), run against every
 * implementation by its store test: rows noted from discovered hubs, compare-and-set updates,
 * lookups by callback id, deletes that name the callback.
 */
import { describe, expect, it } from 'vitest';
import type { Store, Subscription } from '../../src/store/index.ts';
import { useContractStore } from './store.contract.ts';

export function runSubscriptionContract(name: string, makeStore: () => Promise<Store>, cleanup: () => Promise<void> = async () => {}) {
  describe(`Store contract, subscriptions: ${name}`, () => {
    let store: Store;
    useContractStore((s) => { store = s; }, makeStore, cleanup);

    const found = (feedId: string, hub: string, callbackId: string) => ({ feedId, hub, topic: `https://${feedId}.example/feed`, callbackId, secret: `secret-${callbackId}` });

    it('notes a hub once: the same hub again keeps the row, another hub starts it over', async () => {
      await store.noteHub(found('a', 'https://hub.example/', 'cb-a-1'));
      const first = (await store.listSubscriptions())[0]!;
      expect(first).toEqual({
        feedId: 'a', hub: 'https://hub.example/', topic: 'https://a.example/feed', callbackId: 'cb-a-1', secret: 'secret-cb-a-1',
        state: 'discovered', requestedAt: null, verifiedAt: null, leaseUntil: null, reason: null, retryAt: null, version: 0,
      } satisfies Subscription);
      expect(await store.updateSubscription({ ...first, state: 'active', requestedAt: 10, verifiedAt: 20, leaseUntil: 1_000_020 })).toBe(true);

      await store.noteHub(found('a', 'https://hub.example/', 'cb-a-2'));
      expect(await store.subscriptionByCallback('cb-a-1')).toMatchObject({ state: 'active', leaseUntil: 1_000_020, version: 1 });
      expect(await store.subscriptionByCallback('cb-a-2')).toBeNull();

      await store.noteHub(found('a', 'https://other-hub.example/', 'cb-a-3'));
      expect(await store.subscriptionByCallback('cb-a-1')).toBeNull();
      expect(await store.subscriptionByCallback('cb-a-3')).toMatchObject({ hub: 'https://other-hub.example/', state: 'discovered', leaseUntil: null, verifiedAt: null, version: 2 });
    });

    it('updates a row only at the version it read, every field written', async () => {
      await store.noteHub(found('a', 'https://hub.example/', 'cb-a'));
      await store.noteHub(found('b', 'https://hub.example/', 'cb-b'));
      const read = (await store.subscriptionByCallback('cb-b'))!;
      const next: Subscription = { ...read, callbackId: 'cb-b-2', secret: 's2', state: 'failed', requestedAt: 5, verifiedAt: 6, leaseUntil: 7, reason: 'the hub refused the subscription: HTTP 403 Forbidden', retryAt: 9 };
      expect(await store.updateSubscription(next)).toBe(true);
      expect(await store.updateSubscription({ ...read, state: 'active' })).toBe(false);
      expect(await store.subscriptionByCallback('cb-b-2')).toEqual({ ...next, version: read.version + 1 });
      expect((await store.listSubscriptions()).map((s) => [s.feedId, s.state])).toEqual([['a', 'discovered'], ['b', 'failed']]);
    });

    it('deletes a row only under the callback id it names', async () => {
      await store.noteHub(found('a', 'https://hub.example/', 'cb-a'));
      await store.deleteSubscription('a', 'cb-old');
      expect(await store.listSubscriptions()).toHaveLength(1);
      await store.deleteSubscription('a', 'cb-a');
      expect(await store.listSubscriptions()).toEqual([]);
      expect(await store.subscriptionByCallback('cb-a')).toBeNull();
    });
  });
}
