/**
 * The delivery stage: drains the outbox in order, posting each row through its channel's adapter.
 * Network errors, 5xx and rate limits are retried with exponential backoff and jitter (honouring
 * the platform's Retry-After); permanent errors stop retrying and are logged once with the channel.
 * A row is marked sent right after the platform answers: the only window for a duplicate is a
 * crash between those two steps. Channels are delivered side by side, each in order and paced by
 * its adapter's `minPostIntervalMs`, so a slow or rate-limited channel never holds up the others.
 */
import pLimit from 'p-limit';
import type { ChatAdapter } from '../adapters/index.ts';
import { AdapterError } from '../adapters/index.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { AlertPayload, FollowUpPayload, OutboxRow, Store } from '../store/index.ts';

export interface DeliveryChannel {
  id: string;
  adapter: string;
  target: string;
}

export interface DelivererDeps {
  store: Store;
  adapters: ReadonlyMap<string, ChatAdapter>;
  channels: ReadonlyMap<string, DeliveryChannel>;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  /** Give up on a row after this many attempts. */
  maxAttempts?: number;
  /** How many channels are posted to at the same time. Default 4. */
  channelConcurrency?: number;
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
  const limit = pLimit(deps.channelConcurrency ?? 4);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const lastPostAt = new Map<string, number>();
  let draining: Promise<DrainResult> | null = null;
  let deadline = Infinity;

  /** Waits until the channel's adapter allows the next post. */
  async function pace(channelId: string): Promise<void> {
    const channel = deps.channels.get(channelId);
    const interval = (channel && deps.adapters.get(channel.adapter)?.minPostIntervalMs) || 0;
    const last = lastPostAt.get(channelId);
    if (interval <= 0 || last === undefined) return;
    const wait = last + interval - clock();
    if (wait > 0) await sleep(wait);
  }

  async function deliver(row: OutboxRow): Promise<'sent' | 'retrying' | 'failed'> {
    const log = deps.logger.child({ channel: row.channelId, outboxId: row.id, kind: row.kind });
    const channel = deps.channels.get(row.channelId);
    const adapter = channel ? deps.adapters.get(channel.adapter) : undefined;
    if (!channel || !adapter) {
      const reason = channel ? `adapter "${channel.adapter}" is not running` : `channel "${row.channelId}" is no longer configured`;
      log.error({ reason }, 'alert cannot be delivered');
      await deps.store.markDeliveryFailed(row.id, reason, null);
      return 'failed';
    }
    try {
      const messageId = row.kind === 'alert'
        ? await adapter.post(channel.target, row.payload as AlertPayload)
        : await adapter.reply(channel.target, row.parentMessageId, row.payload as FollowUpPayload);
      await deps.store.markDelivered(row.id, messageId, clock());
      return 'sent';
    } catch (error) {
      const permanent = error instanceof AdapterError && error.options.permanent === true;
      const attempts = row.attempts + 1;
      if (permanent || attempts >= maxAttempts) {
        log.error({ err: error, attempts }, permanent ? 'delivery failed permanently' : 'delivery gave up after retries');
        await deps.store.markDeliveryFailed(row.id, describeError(error), null);
        return 'failed';
      }
      const retryAfter = error instanceof AdapterError ? error.options.retryAfterMs : null;
      const delay = retryDelay(row.attempts, retryAfter, deps.random);
      log.warn({ err: error, attempts, retryInMs: delay }, 'delivery failed, will retry');
      await deps.store.markDeliveryFailed(row.id, describeError(error), clock() + delay);
      return 'retrying';
    }
  }

  async function drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, retrying: 0, failed: 0 };
    const blocked = new Set<string>();
    const open = () => clock() < deadline;
    while (open()) {
      const rows = (await deps.store.pendingDeliveries(clock(), 100)).filter((r) => !blocked.has(r.channelId));
      if (rows.length === 0) break;
      const queues = new Map<string, OutboxRow[]>();
      for (const row of rows) queues.set(row.channelId, [...(queues.get(row.channelId) ?? []), row]);
      // Settle every channel before going on (or failing): no post of this drain outlives it.
      const settled = await Promise.allSettled([...queues.values()].map((queue) => limit(async () => {
        for (const row of queue) {
          if (blocked.has(row.channelId) || !open()) return;
          await pace(row.channelId);
          if (!open()) return;
          const outcome = await deliver(row);
          lastPostAt.set(row.channelId, clock());
          result[outcome]++;
          // Keep a channel's order: once a row waits for a retry, later rows of that channel wait for the next drain.
          if (outcome === 'retrying') blocked.add(row.channelId);
        }
      })));
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) throw failure.reason;
    }
    return result;
  }

  return {
    /** Delivers every due row (until the deadline, if one is given); concurrent calls share one drain. */
    drain(options: DrainOptions = {}): Promise<DrainResult> {
      // A deadline also bounds a drain already running (shutdown during a long drain).
      deadline = Math.min(deadline, options.deadline ?? Infinity);
      draining ??= drainOnce().finally(() => {
        draining = null;
        deadline = Infinity;
      });
      return draining;
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
