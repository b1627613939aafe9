/**
 * The callback Radar gives each hub, `/websub/<callback id>` on its HTTP server (reached through
 * the reverse proxy at `websub.publicUrl`):
 * - GET is the hub verifying an intent: `hub.mode` (subscribe or unsubscribe), `hub.topic` (the
 *   subscription's), `hub.challenge` (echoed), `hub.lease_seconds` (stored as the lease). Anything
 *   else — an unknown id, another topic, a mode the subscription is not in — is 404, which tells the
 *   hub the intent is not Radar's. `hub.mode=denied` records the hub's refusal.
 * - POST is a pushed body: read up to `maxBytes` (413 beyond), its `X-Hub-Signature` checked
 *   against the subscription's secret. A body that is unsigned or mis-signed is dropped and logged,
 *   but answered 202 like a good one, as the Recommendation allows: the hub does not retry it, and a
 *   forger learns nothing about the signature. An id with no verified subscription is 410 Gone, so
 *   that the hub drops it. A good body is answered 202 at once and goes through the pipeline after.
 *
 * @see https://www.w3.org/TR/websub/#hub-verifies-intent
 * @see https://www.w3.org/TR/websub/#content-distribution
 */
import { Hono, type Context } from 'hono';
import type { Logger } from '../shared/logger.ts';
import { safeLine } from '../shared/safe-text.ts';
import type { Subscription, SubscriptionStore } from '../store/index.ts';
import { signatureProblem } from './signature.ts';

/** A verified push: the raw body and its Content-Type. */
export interface PushedBody {
  bytes: Uint8Array;
  contentType: string | null;
}

export interface CallbackDeps {
  store: Pick<SubscriptionStore, 'subscriptionByCallback' | 'updateSubscription' | 'deleteSubscription'>;
  /** Largest body read (`fetch.maxBytes`, as for a polled feed). */
  maxBytes: number;
  /** How long a subscription the hub denied waits before it is tried again. */
  retryMs: number;
  clock: () => number;
  logger: Logger;
  /** Called after a subscription changed here (verified, denied, cancelled). */
  changed(): void;
  /** Takes a pushed body whose signature is right (queued; never throws). */
  pushed(sub: Subscription, body: PushedBody): void;
  /** Counts dropped bodies by reason. */
  dropped?(reason: string): void;
}

const CALLBACK_ID = /^[A-Za-z0-9_-]{16,64}$/;
const NOT_FOUND = 'not found\n';
/** A verification's write lost to another write of the row. */
const CHANGED = Symbol('changed');

export function websubRoutes(deps: CallbackDeps): Hono {
  const app = new Hono();
  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const query = (name: string) => c.req.query(name) ?? null;
    const read = async () => (CALLBACK_ID.test(id) ? deps.store.subscriptionByCallback(id) : null);
    const sub = await read();
    if (!sub) return c.text(NOT_FOUND, 404);
    let answer = await verify(sub, query, deps);
    // Another write came first (the leader's pass at the same moment): judged again on the row as it is now.
    if (answer === CHANGED) {
      const now = await read();
      answer = now ? await verify(now, query, deps) : null;
    }
    if (answer === CHANGED) answer = null;
    if (answer === null) return c.text(NOT_FOUND, 404);
    deps.changed();
    return c.text(answer, 200, { 'Cache-Control': 'no-store' });
  });
  app.post('/:id', async (c) => {
    const id = c.req.param('id');
    const sub = CALLBACK_ID.test(id) ? await deps.store.subscriptionByCallback(id) : null;
    if (!sub || sub.state !== 'active') return c.text('gone: no such subscription\n', 410);
    const bytes = await readCapped(c, deps.maxBytes);
    if (bytes === null) return c.text(`too large: over ${deps.maxBytes} bytes\n`, 413);
    const problem = signatureProblem(c.req.header('x-hub-signature'), bytes, sub.secret);
    if (problem !== null) {
      deps.logger.warn({ feedId: sub.feedId, hub: sub.hub, problem, bytes: bytes.length }, 'WebSub push dropped: its signature is not right');
      deps.dropped?.(problem);
      return c.body(null, 202);
    }
    deps.logger.debug({ feedId: sub.feedId, bytes: bytes.length }, 'WebSub push received');
    deps.pushed(sub, { bytes, contentType: c.req.header('content-type') ?? null });
    return c.body(null, 202);
  });
  return app;
}

/** The answer to a verification (the challenge, or '' for a denial), null for 404, CHANGED when the row changed meanwhile. */
async function verify(sub: Subscription, query: (name: string) => string | null, deps: CallbackDeps): Promise<string | null | typeof CHANGED> {
  const mode = query('hub.mode');
  const topic = query('hub.topic');
  const now = deps.clock();
  const log = deps.logger.child({ feedId: sub.feedId });
  if (topic !== sub.topic) return null;
  if (mode === 'denied') {
    if (sub.state !== 'requested' && sub.state !== 'active') return null;
    const given = query('hub.reason');
    const reason = safeLine(`the hub denied the subscription${given ? `: ${given}` : ''}`, 300);
    if (!(await deps.store.updateSubscription({ ...sub, state: 'failed', reason, retryAt: now + deps.retryMs }))) return CHANGED;
    log.warn({ hub: sub.hub, reason }, 'WebSub subscription denied; the feed stays on polling');
    return '';
  }
  const challenge = query('hub.challenge');
  if (!challenge) return null;
  if (mode === 'subscribe' && (sub.state === 'requested' || sub.state === 'active')) {
    const lease = query('hub.lease_seconds');
    if (!lease || !/^\d{1,10}$/.test(lease) || Number(lease) === 0) return null;
    const leaseUntil = now + Number(lease) * 1000;
    if (!(await deps.store.updateSubscription({ ...sub, state: 'active', verifiedAt: now, leaseUntil, reason: null, retryAt: null }))) return CHANGED;
    log.info({ hub: sub.hub, leaseSeconds: Number(lease) }, 'WebSub subscription verified: the feed is pushed');
    return challenge;
  }
  if (mode === 'unsubscribe' && sub.state === 'unsubscribing') {
    await deps.store.deleteSubscription(sub.feedId, sub.callbackId);
    log.info({ hub: sub.hub }, 'WebSub unsubscription verified');
    return challenge;
  }
  return null;
}

/** The request body, or null when it is over `max` bytes (by its Content-Length, or as it streams). */
async function readCapped(c: Context, max: number): Promise<Uint8Array | null> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > max) return null;
  const body = c.req.raw.body;
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
