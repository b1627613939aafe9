/**
 * WebSub in one running Radar, when `websub.publicUrl` is set: hubs found in polled documents are
 * noted in the store (discover.ts), the leader keeps the subscriptions (subscriber.ts) every
 * `checkEveryMs`, every instance answers the callback (callback.ts) and keeps a copy of the
 * subscriptions, refreshed as often, to know which feeds are pushed (polled then at the safety-net
 * interval). Verified pushes are queued and run one after another through the pipeline (`run`).
 */
import type { Hono } from 'hono';
import { decodeFeedBytes, type Fetcher } from '../fetch/index.ts';
import type { PushedDocument, PushSubscriptions } from '../pipeline/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { FeedRecord, FeedStore, Subscription, SubscriptionStore } from '../store/index.ts';
import { websubRoutes } from './callback.ts';
import { discoverHub } from './discover.ts';
import { isPushedAt } from './mode.ts';
import { maintainSubscriptions, newCallbackId, newSecret, type SubscriberSettings } from './subscriber.ts';

export interface WebSubSettings extends SubscriberSettings {
  /** How often a pushed feed is still polled, at most. */
  safetyNetMs: number;
}

export interface WebSubDeps {
  settings: WebSubSettings;
  store: SubscriptionStore & Pick<FeedStore, 'listFeeds'>;
  /** The guarded fetcher (public addresses only) for requests to hubs. */
  fetcher: Fetcher;
  /** Largest pushed body read (`fetch.maxBytes`). */
  maxBytes: number;
  /** How often the leader maintains the subscriptions, and every instance refreshes its copy. */
  checkEveryMs: number;
  clock: () => number;
  logger: Logger;
  /** Runs a pushed document through the pipeline and delivers what it queued. */
  run(feed: FeedRecord, doc: PushedDocument): Promise<void>;
  /** Counts pushed bodies dropped, by reason. */
  dropped?(reason: string): void;
}

export interface WebSub extends PushSubscriptions {
  /** The callback routes, mounted at /websub on the HTTP server. */
  routes: Hono;
  /** The leader's work: keeping the subscriptions (subscribe, renew, unsubscribe, time out). */
  leaderTask: { name: string; start(): Promise<void>; stop(): Promise<void> };
  /** Reads the subscriptions and keeps them fresh. */
  start(): Promise<void>;
  /** Stops the timers and waits for the queued pushes. */
  stop(): Promise<void>;
  /** One maintenance pass now (the leader's timer runs the same). */
  maintain(): Promise<void>;
}

export function createWebSub(deps: WebSubDeps): WebSub {
  const { store, settings, logger } = deps;
  let subs = new Map<string, Subscription>();
  let refreshTimer: NodeJS.Timeout | null = null;
  let maintainTimer: NodeJS.Timeout | null = null;
  let maintaining: Promise<void> = Promise.resolve();
  let pushes: Promise<void> = Promise.resolve();
  let stopping = false;

  async function refresh(): Promise<void> {
    subs = new Map((await store.listSubscriptions()).map((s) => [s.feedId, s]));
  }
  const refreshLater = () => void refresh().catch((error: unknown) => logger.warn({ err: error }, 'WebSub subscriptions not read; retried'));

  function maintain(): Promise<void> {
    maintaining = maintaining.then(async () => {
      await maintainSubscriptions({ ...settings, store, fetcher: deps.fetcher, clock: deps.clock, logger });
      await refresh();
    }).catch((error: unknown) => logger.error({ err: error }, 'WebSub subscriptions not maintained; retried'));
    return maintaining;
  }

  function pushed(sub: Subscription, body: { bytes: Uint8Array; contentType: string | null }): void {
    // Radar is stopping: the next poll reads what this push carried.
    if (stopping) return;
    pushes = pushes.then(async () => {
      const feed = (await store.listFeeds()).find((f) => f.id === sub.feedId);
      if (!feed) return;
      const { text } = decodeFeedBytes(body.bytes, body.contentType);
      await deps.run(feed, { text, url: sub.topic });
    }).catch((error: unknown) => logger.error({ err: error, feedId: sub.feedId }, 'WebSub push not processed'));
  }

  const routes = websubRoutes({
    store, maxBytes: deps.maxBytes, retryMs: settings.retryMs, clock: deps.clock, logger, changed: refreshLater, pushed, dropped: deps.dropped,
  });

  return {
    safetyNetMs: settings.safetyNetMs,
    isPushed: (feedId, now) => isPushedAt(subs.get(feedId), now),
    async found(feed, doc) {
      const link = discoverHub(doc, feed.url);
      const known = subs.get(feed.id);
      if (!link || (known && known.hub === link.hub && known.topic === link.topic)) return;
      try {
        await store.noteHub({ feedId: feed.id, ...link, callbackId: newCallbackId(), secret: newSecret() });
        await refresh();
        logger.info({ feedId: feed.id, hub: link.hub, topic: link.topic }, 'WebSub hub found');
      } catch (error) {
        logger.warn({ err: error, feedId: feed.id }, 'WebSub hub not noted; noted at the next poll');
      }
    },
    routes,
    leaderTask: {
      name: 'WebSub subscriptions',
      async start() {
        maintainTimer = setInterval(() => void maintain(), deps.checkEveryMs);
        maintainTimer.unref();
        void maintain();
      },
      async stop() {
        if (maintainTimer) clearInterval(maintainTimer);
        maintainTimer = null;
        await maintaining;
      },
    },
    async start() {
      await refresh();
      refreshTimer = setInterval(refreshLater, deps.checkEveryMs);
      refreshTimer.unref();
    },
    async stop() {
      stopping = true;
      if (refreshTimer) clearInterval(refreshTimer);
      refreshTimer = null;
      await pushes;
    },
    maintain,
  };
}
