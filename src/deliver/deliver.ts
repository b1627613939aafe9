/**
 * The delivery stage: drains the outbox in order, posting each row through its channel's adapter.
 * Network errors, 5xx and rate limits are retried with exponential backoff and jitter (honouring
 * the platform's Retry-After); permanent errors stop retrying and are logged once with the channel.
 * A row is marked sent right after the platform answers: the only window for a duplicate is a
 * crash between those two steps.
 */
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
  let draining: Promise<DrainResult> | null = null;

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
    for (;;) {
      const rows = (await deps.store.pendingDeliveries(clock(), 100)).filter((r) => !blocked.has(r.channelId));
      if (rows.length === 0) return result;
      for (const row of rows) {
        if (blocked.has(row.channelId)) continue;
        const outcome = await deliver(row);
        result[outcome]++;
        // Keep a channel's order: once a row waits for a retry, later rows of that channel wait for the next drain.
        if (outcome === 'retrying') blocked.add(row.channelId);
      }
    }
  }

  return {
    /** Delivers every due row; concurrent calls share one drain. */
    drain(): Promise<DrainResult> {
      draining ??= drainOnce().finally(() => { draining = null; });
      return draining;
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
