/**
 * The subscriber's side of WebSub subscriptions, one pass at a time (run by the leader, so that
 * instances sharing a database never send a request twice): a hub found in a feed is asked for a
 * subscription (mode, topic, callback, a fresh random secret, the wanted lease); a subscription
 * the hub has not verified within `verifyTimeoutMs`, or that it refused (4xx, 5xx, no answer), is
 * marked failed with the reason and tried again after `retryMs`, the feed staying on polling
 * meanwhile; a verified one is renewed before its lease ends (a fifth of the lease before, at least
 * `verifyTimeoutMs` before); a removed feed's subscription is cancelled. Every request to a hub
 * goes through the guarded fetcher: public addresses only (and `fetch.allowPrivateHosts`), so a
 * hub named in a feed cannot make Radar reach into a private network. Times come from the clock.
 *
 * @see https://www.w3.org/TR/websub/#subscriber-sends-subscription-request
 */
import { randomBytes } from 'node:crypto';
import { formatAge } from '../shared/duration.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { safeLine } from '../shared/safe-text.ts';
import type { Fetcher } from '../fetch/index.ts';
import type { FeedStore, Subscription, SubscriptionStore } from '../store/index.ts';

export interface SubscriberSettings {
  /** Radar's public base URL; callbacks are `<publicUrl>/websub/<callback id>`. */
  publicUrl: string;
  /** The lease asked of the hub (hub.lease_seconds). */
  leaseSeconds: number;
  /** How long a hub may take to verify a request. */
  verifyTimeoutMs: number;
  /** How long a failed subscription waits before it is tried again. */
  retryMs: number;
}

export interface SubscriberDeps extends SubscriberSettings {
  store: Pick<SubscriptionStore, 'listSubscriptions' | 'updateSubscription' | 'deleteSubscription'> & Pick<FeedStore, 'listFeeds'>;
  /** The guarded fetcher (public addresses only): hub URLs come from feed documents. */
  fetcher: Fetcher;
  clock: () => number;
  logger: Logger;
}

/** Longest reason kept on a subscription. */
const REASON_MAX = 300;

/** A fresh opaque callback id (URL-safe). */
export function newCallbackId(): string {
  return randomBytes(18).toString('base64url');
}

/** A fresh subscription secret (hex, well under the 200 bytes hubs accept). */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export function callbackUrl(publicUrl: string, callbackId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/websub/${callbackId}`;
}

/** When a verified subscription is renewed: a fifth of its lease before the end, and at least the verify timeout before. */
export function renewAt(sub: Subscription, verifyTimeoutMs: number): number {
  const lease = sub.leaseUntil! - (sub.verifiedAt ?? sub.leaseUntil!);
  return sub.leaseUntil! - Math.max(lease / 5, verifyTimeoutMs);
}

/** One pass over the subscriptions; a failure on one is logged and the others go on. */
export async function maintainSubscriptions(deps: SubscriberDeps): Promise<void> {
  const wanted = new Set((await deps.store.listFeeds()).map((f) => f.id));
  for (const sub of await deps.store.listSubscriptions()) {
    try {
      await step(sub, wanted.has(sub.feedId), deps);
    } catch (error) {
      deps.logger.error({ err: error, feedId: sub.feedId }, 'WebSub subscription step failed');
    }
  }
}

async function step(sub: Subscription, wanted: boolean, deps: SubscriberDeps): Promise<void> {
  const now = deps.clock();
  const { store } = deps;
  const log = deps.logger.child({ feedId: sub.feedId });
  if (sub.state === 'unsubscribing') {
    if (now >= (sub.requestedAt ?? 0) + deps.verifyTimeoutMs) await store.deleteSubscription(sub.feedId, sub.callbackId);
    return;
  }
  if (!wanted) {
    await unsubscribe(sub, now, deps, log);
    return;
  }
  switch (sub.state) {
    case 'discovered':
      await subscribe(sub, now, deps, log, 'new');
      return;
    case 'failed':
      if (now >= (sub.retryAt ?? 0)) await subscribe({ ...sub, callbackId: newCallbackId(), secret: newSecret() }, now, deps, log, 'new');
      return;
    case 'requested':
      if (now >= (sub.requestedAt ?? 0) + deps.verifyTimeoutMs) {
        const reason = `the hub did not verify the subscription within ${formatAge(deps.verifyTimeoutMs)}`;
        if (await store.updateSubscription({ ...sub, state: 'failed', reason, retryAt: now + deps.retryMs })) log.warn({ hub: sub.hub, reason }, 'WebSub subscription failed; the feed stays on polling');
      }
      return;
    case 'active':
      if (sub.leaseUntil === null || now >= sub.leaseUntil) {
        const reason = 'the lease ran out before the hub verified its renewal';
        // Tried again at once with a fresh subscription: a hub that lost one renewal may take the next.
        if (await store.updateSubscription({ ...sub, state: 'failed', reason, retryAt: now })) log.warn({ hub: sub.hub, reason }, 'WebSub subscription lapsed; the feed is polled');
      } else if (now >= renewAt(sub, deps.verifyTimeoutMs) && (sub.requestedAt ?? 0) <= (sub.verifiedAt ?? 0)) {
        await subscribe(sub, now, deps, log, 'renewal');
      }
  }
}

/**
 * Sends a subscription request. The row says `requested` (or, for a renewal, when it was sent)
 * before the request goes out, so that a hub that verifies before it answers finds it so.
 */
async function subscribe(sub: Subscription, now: number, deps: SubscriberDeps, log: Logger, kind: 'new' | 'renewal'): Promise<void> {
  const sent: Subscription = { ...sub, state: kind === 'new' ? 'requested' : 'active', requestedAt: now, retryAt: null, ...(kind === 'new' ? { reason: null } : {}) };
  if (!(await deps.store.updateSubscription(sent))) return; // changed meanwhile (verified, removed): the next pass sees it
  const form = {
    'hub.mode': 'subscribe',
    'hub.topic': sub.topic,
    'hub.callback': callbackUrl(deps.publicUrl, sub.callbackId),
    'hub.secret': sub.secret,
    'hub.lease_seconds': String(deps.leaseSeconds),
  };
  const refusal = await request(sub.hub, form, deps);
  if (refusal === null) {
    log.info({ hub: sub.hub, topic: sub.topic, kind }, 'WebSub subscription requested');
    return;
  }
  const reason = safeLine(`the hub refused the subscription: ${refusal}`, REASON_MAX);
  const current = { ...sent, version: sent.version + 1 };
  if (await deps.store.updateSubscription({ ...current, state: 'failed', reason, retryAt: now + deps.retryMs })) {
    log.warn({ hub: sub.hub, reason }, 'WebSub subscription refused; the feed stays on polling');
  }
}

/** A removed feed: its hub is asked to stop (its verification then deletes the row); a row never requested is deleted at once. */
async function unsubscribe(sub: Subscription, now: number, deps: SubscriberDeps, log: Logger): Promise<void> {
  if (sub.state !== 'requested' && sub.state !== 'active') {
    await deps.store.deleteSubscription(sub.feedId, sub.callbackId);
    return;
  }
  const sent: Subscription = { ...sub, state: 'unsubscribing', requestedAt: now };
  if (!(await deps.store.updateSubscription(sent))) return;
  const refusal = await request(sub.hub, {
    'hub.mode': 'unsubscribe',
    'hub.topic': sub.topic,
    'hub.callback': callbackUrl(deps.publicUrl, sub.callbackId),
  }, deps);
  if (refusal === null) {
    log.info({ hub: sub.hub, topic: sub.topic }, 'WebSub unsubscription requested: the feed was removed');
    return;
  }
  // Pushes that still come are answered 410 Gone, which tells the hub to drop the subscription.
  log.warn({ hub: sub.hub, reason: refusal }, 'WebSub unsubscription refused; the subscription is forgotten');
  await deps.store.deleteSubscription(sub.feedId, sub.callbackId);
}

/** POSTs the form to the hub: null when it accepted (2xx), else why not. */
async function request(hub: string, form: Record<string, string>, deps: SubscriberDeps): Promise<string | null> {
  try {
    await deps.fetcher.fetchFeed({ url: hub, form, accept: '*/*' });
    return null;
  } catch (error) {
    return describeError(error);
  }
}
