/**
 * The delivery stage: drains the outbox in order, posting each row through its channel's adapter.
 * Network errors, 5xx and rate limits are retried with exponential backoff and jitter (honouring
 * the platform's Retry-After); permanent errors stop retrying and are logged once with the channel.
 * A row is marked sent right after the platform answers: the only window for a duplicate is a
 * crash between those two steps. Each channel is delivered by its own loop, in order and paced by
 * its adapter's `minPostIntervalMs`, so a long or rate-limited queue in one channel never holds up
 * another; a drain asked for while one runs makes the running one look for new work.
 * A follow-up is posted only in the thread of its story's alert: when that alert was given up, the
 * store turns the follow-up into the story's alert (or drops it), and the channel's queue is read again.
 */
import pLimit from 'p-limit';
import type { ChatAdapter } from '../adapters/index.ts';
import { AdapterError } from '../adapters/index.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { AlertPayload, FollowUpPayload, OutboxRow, OutboxStore, OverflowPayload } from '../store/index.ts';

export interface DeliveryChannel {
  id: string;
  adapter: string;
  target: string;
}

export interface DelivererDeps {
  store: OutboxStore;
  adapters: ReadonlyMap<string, ChatAdapter>;
  channels: ReadonlyMap<string, DeliveryChannel>;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  /** Give up on a row after this many attempts. */
  maxAttempts?: number;
  /** How many posts may be in flight at the same time, across channels. Default 8. */
  postConcurrency?: number;
  /** Waits (pacing); replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface DrainOptions {
  /** Start no post after this time (by the deliverer's clock); what is left stays queued. */
  deadline?: number;
}

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
}

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15 * 60_000;

/** Retry delay after `attempts` failed attempts: exponential, capped, with full jitter on top of Retry-After. */
export function retryDelay(attempts: number, retryAfterMs: number | null | undefined, random: () => number = Math.random): number {
  const backoff = Math.min(BASE_DELAY_MS * 2 ** Math.min(attempts, 20), MAX_DELAY_MS);
  return Math.max(retryAfterMs ?? 0, Math.round(backoff / 2 + (random() * backoff) / 2));
}

export function createDeliverer(deps: DelivererDeps) {
  const clock = deps.clock ?? Date.now;
  const maxAttempts = deps.maxAttempts ?? 12;
  const limit = pLimit(deps.postConcurrency ?? 8);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Last post per platform channel (adapter and target): two Radar channels on one Slack channel share its pace. */
  const lastPostAt = new Map<string, number>();
  let draining: Promise<DrainResult> | null = null;
  /** Whether the running drain still looks for new work (false from its last look on). */
  let accepting = false;
  let deadline = Infinity;
  let wake: (() => void) | null = null;
  let woken = false;

  const paceKey = (channel: DeliveryChannel) => `${channel.adapter}:${channel.target}`;
  const open = () => clock() < deadline;

  /** Waits until the channel's adapter allows the next post. */
  async function pace(channelId: string): Promise<void> {
    const channel = deps.channels.get(channelId);
    const interval = (channel && deps.adapters.get(channel.adapter)?.minPostIntervalMs) || 0;
    const last = channel ? lastPostAt.get(paceKey(channel)) : undefined;
    if (interval <= 0 || last === undefined) return;
    const wait = last + interval - clock();
    if (wait > 0) await sleep(wait);
  }

  /** The message a follow-up threads under, or what became of it when its alert was not posted. */
  async function parentOf(row: OutboxRow, log: Logger): Promise<string | 'settled'> {
    if (row.parentMessageId !== null) return row.parentMessageId;
    const fate = await deps.store.resolveFollowUp(row.id, clock());
    switch (fate.kind) {
      case 'reply':
        return fate.parentMessageId;
      case 'wait':
        log.debug({ storyId: row.storyId }, 'follow-up waits behind the story\'s alert');
        return 'settled';
      case 'alert':
        log.warn({ storyId: row.storyId, reports: fate.reports }, 'the story\'s alert was not posted: its next report becomes the alert');
        return 'settled';
      case 'dropped':
        log.warn({ storyId: row.storyId, reports: fate.reports }, 'follow-up dropped: the story\'s alert was not posted');
        return 'settled';
    }
  }

  async function deliver(row: OutboxRow): Promise<'sent' | 'retrying' | 'failed' | 'settled'> {
    const log = deps.logger.child({ channel: row.channelId, outboxId: row.id, kind: row.kind });
    const channel = deps.channels.get(row.channelId);
    const adapter = channel ? deps.adapters.get(channel.adapter) : undefined;
    if (!channel || !adapter) {
      const reason = channel ? `adapter "${channel.adapter}" is not running` : `channel "${row.channelId}" is no longer configured`;
      log.error({ reason }, 'alert cannot be delivered');
      await deps.store.markDeliveryFailed(row.id, reason, null, clock());
      return 'failed';
    }
    try {
      let messageId: string;
      if (row.kind === 'alert') {
        messageId = await adapter.post(channel.target, row.payload as AlertPayload);
      } else if (row.kind === 'overflow') {
        messageId = await adapter.postOverflow(channel.target, row.payload as OverflowPayload);
      } else {
        const parent = await parentOf(row, log);
        if (parent === 'settled') return 'settled';
        messageId = await adapter.reply(channel.target, parent, row.payload as FollowUpPayload);
      }
      lastPostAt.set(paceKey(channel), clock());
      await deps.store.markDelivered(row.id, messageId, clock());
      return 'sent';
    } catch (error) {
      lastPostAt.set(paceKey(channel), clock());
      const permanent = error instanceof AdapterError && error.permanent;
      const retryAfter = error instanceof AdapterError ? error.retryAfterMs : null;
      const attempts = row.attempts + 1;
      // A rate limit says "later", not "broken": it never uses up the attempts.
      if (permanent || (attempts >= maxAttempts && retryAfter == null)) {
        log.error({ err: error, attempts }, permanent ? 'delivery failed permanently' : 'delivery gave up after retries');
        await deps.store.markDeliveryFailed(row.id, describeError(error), null, clock());
        return 'failed';
      }
      const delay = retryDelay(row.attempts, retryAfter, deps.random);
      log.warn({ err: error, attempts, retryInMs: delay }, 'delivery failed, will retry');
      await deps.store.markDeliveryFailed(row.id, describeError(error), clock() + delay, clock());
      return 'retrying';
    }
  }

  /** Posts one channel's due rows in order; stops when none is left, at the deadline, or when a row must wait. */
  async function drainChannel(channelId: string, result: DrainResult): Promise<'idle' | 'waiting'> {
    while (open()) {
      const rows = await deps.store.pendingDeliveries(clock(), 100, channelId);
      if (rows.length === 0) return 'idle';
      for (const row of rows) {
        await pace(channelId);
        if (!open()) return 'idle';
        const outcome = await limit(() => deliver(row));
        // A follow-up turned into an alert, or moved behind one: read the queue again.
        if (outcome === 'settled') break;
        result[outcome]++;
        // Keep the channel's order: its later rows wait behind this one.
        if (outcome === 'retrying') return 'waiting';
      }
    }
    return 'idle';
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, failed: 0 };
    const running = new Map<string, Promise<void>>();
    const waiting = new Set<string>();
    let failure: { error: unknown } | null = null;

    /** Starts a loop for every channel with due rows that has none running and is not waiting for a retry. */
    const look = async () => {
      woken = false;
      for (const channelId of await deps.store.dueChannels(clock())) {
        if (running.has(channelId) || waiting.has(channelId)) continue;
        running.set(channelId, drainChannel(channelId, result)
          .then((state) => { if (state === 'waiting') waiting.add(channelId); })
          .catch((error: unknown) => { failure ??= { error }; })
          .finally(() => { running.delete(channelId); }));
      }
    };

    try {
      for (;;) {
        if (open() && !failure) await look();
        if (woken && open() && !failure) continue; // asked again while looking
        if (running.size === 0) break;
        // Until a channel is done, or a drain is asked for meanwhile (new rows may be due).
        await Promise.race([...running.values(), new Promise<void>((resolve) => { wake = resolve; })]);
        wake = null;
      }
    } finally {
      accepting = false; // in the tick of the last look: a later drain() starts the next drain
    }
    // Logged once per drain, however many callers joined it.
    if (result.sent || result.failed || result.retrying) deps.logger.info(result, 'delivery');
    if (failure) throw (failure as { error: unknown }).error;
    return result;
  }

  /**
   * Delivers every due row (no post starts after the deadline, if one is given). A call while a
   * drain runs joins it and makes it look again for rows queued since; a call as it ends starts
   * the next one after it.
   */
  function drain(options: DrainOptions = {}): Promise<DrainResult> {
    // A deadline also bounds a drain already running (shutdown during a long drain).
    deadline = Math.min(deadline, options.deadline ?? Infinity);
    if (draining && accepting) {
      woken = true;
      wake?.();
      return draining;
    }
    if (draining) return draining.catch(() => undefined).then(() => drain(options));
    accepting = true;
    const current: Promise<DrainResult> = drainOnce().finally(() => {
      if (draining === current) draining = null;
      deadline = Infinity;
    });
    draining = current;
    return current;
  }

  return { drain };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
