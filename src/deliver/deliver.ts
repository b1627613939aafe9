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
 * In a channel's quiet hours (src/digest), an alert below their urgent score is not posted: the
 * store holds it for the channel's next digest, which is an outbox row of its own posted in turn.
 *
 * Instances sharing one database take turns per platform channel (adapter and target): a channel's
 * rows are posted only under its lease (store `leaseChannel`), confirmed again before a post once a
 * third of it has passed and renewed every third of the lease while posts run, and let go when its
 * queue is empty. The channel's pace (last post, a rate limit's end) is kept with the lease, so N
 * instances post no faster than one and a platform's Retry-After holds for all: a rate limit is
 * shared at once, the last post when the lease is let go (an instance that dies holding it keeps
 * the others out for a whole lease, longer than any post interval). A channel leased elsewhere is
 * left to its holder, which looks at the queue again after letting go (rows queued meanwhile are
 * not left behind).
 */
import pLimit from 'p-limit';
import type { ChatAdapter } from '../adapters/index.ts';
import { AdapterError } from '../adapters/index.ts';
import { describeError } from '../shared/errors.ts';
import type { DeliveryOutcome, Metrics } from '../metrics/index.ts';
import type { Logger } from '../shared/logger.ts';
import { newInstanceId } from '../shared/instance-id.ts';
import { holdsAlert, type QuietHours } from '../digest/index.ts';
import type { AlertPayload, ChannelLeaseStore, ChannelPace, DigestPayload, DigestStore, FollowUpPayload, OutboxRow, OutboxStore, OverflowPayload } from '../store/index.ts';

export interface DeliveryChannel {
  id: string;
  adapter: string;
  target: string;
  /** Quiet hours: alerts below their urgent score wait for the channel's digest. */
  quiet?: QuietHours | null;
}

export interface DelivererDeps {
  store: OutboxStore & ChannelLeaseStore & Pick<DigestStore, 'holdAlert'>;
  /** This instance, holder of its channel leases (see shared/instance-id.ts); a new id by default. */
  owner?: string;
  /** How long a channel lease holds without renewal: how long a vanished instance's channels wait. Default 60 s. */
  leaseMs?: number;
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
  /** Counts each attempt's outcome by platform and kind (src/metrics). */
  metrics?: Metrics;
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
  const owner = deps.owner ?? newInstanceId();
  const leaseMs = deps.leaseMs ?? 60_000;
  /** Last post per platform channel (adapter and target): two Radar channels on one Slack channel share its pace. */
  const lastPostAt = new Map<string, number>();
  /** When a platform channel may be posted to again after a rate limit. */
  const blockedUntil = new Map<string, number>();
  /** Leases held, by platform channel, with how many of this drain's channel loops use each. */
  const leases = new Map<string, number>();
  /** When each held lease was last taken or renewed (by the deliverer's clock). */
  const confirmed = new Map<string, number>();
  /** Platform channels posted to since their pace was last shared. */
  const unshared = new Set<string>();
  let renewal: NodeJS.Timeout | null = null;
  let draining: Promise<DrainResult> | null = null;
  /** Whether the running drain still looks for new work (false from its last look on). */
  let accepting = false;
  let deadline = Infinity;
  let wake: (() => void) | null = null;
  let woken = false;

  const paceKey = (channel: DeliveryChannel) => `${channel.adapter}:${channel.target}`;
  /** The lease a Radar channel's rows go out under: its platform channel's (or its own, when it is not configured). */
  const leaseKey = (channelId: string) => {
    const channel = deps.channels.get(channelId);
    return channel ? paceKey(channel) : `channel:${channelId}`;
  };
  const open = () => clock() < deadline;

  /**
   * Takes or renews a channel's lease, and learns its pace as other instances left it; false while
   * another instance holds it.
   */
  async function lease(key: string): Promise<boolean> {
    const now = clock();
    const pace = await deps.store.leaseChannel(key, owner, now, now + leaseMs);
    if (!pace) {
      confirmed.delete(key);
      return false;
    }
    confirmed.set(key, now);
    if (pace.lastPostAt !== null) lastPostAt.set(key, Math.max(lastPostAt.get(key) ?? 0, pace.lastPostAt));
    if (pace.blockedUntil !== null) blockedUntil.set(key, Math.max(blockedUntil.get(key) ?? 0, pace.blockedUntil));
    return true;
  }

  /** Starts a loop's use of a channel lease (taking it when no loop here holds it); false while another instance holds it. */
  async function hold(key: string): Promise<boolean> {
    const users = leases.get(key) ?? 0;
    leases.set(key, users + 1);
    if (users > 0) return true;
    let held = false;
    try {
      held = await lease(key);
    } finally {
      if (!held) leases.delete(key);
    }
    if (held && !renewal) {
      // A post may outlast the lease (a slow platform): keep every held lease while it runs.
      renewal = setInterval(() => {
        for (const key of leases.keys()) void lease(key).catch((error: unknown) => deps.logger.warn({ err: error, channel: key }, 'channel lease not renewed'));
      }, leaseMs / 3);
      renewal.unref();
    }
    return held;
  }

  /**
   * Whether the lease is still ours before a post: renewed (learning the pace anew) once a third of
   * it has passed since it was last confirmed; until then nobody else can have taken it.
   */
  async function stillHeld(key: string): Promise<boolean> {
    const at = confirmed.get(key);
    if (at !== undefined && clock() - at < leaseMs / 3) return true;
    return lease(key);
  }

  /** Ends a loop's use of a channel lease; the last one here hands on the pace and lets it go. */
  async function letGo(key: string): Promise<void> {
    const users = (leases.get(key) ?? 1) - 1;
    if (users > 0) {
      leases.set(key, users);
      return;
    }
    leases.delete(key);
    confirmed.delete(key);
    if (leases.size === 0 && renewal) {
      clearInterval(renewal);
      renewal = null;
    }
    if (unshared.delete(key)) await sharePace(key, { lastPostAt: lastPostAt.get(key) ?? null, blockedUntil: null });
    await deps.store.releaseChannel(key, owner);
  }

  /** How long the channel must wait before its next post: its adapter's pace, or a rate limit. */
  function waitFor(channelId: string): number {
    const channel = deps.channels.get(channelId);
    if (!channel) return 0;
    const key = paceKey(channel);
    const interval = deps.adapters.get(channel.adapter)?.minPostIntervalMs || 0;
    const last = lastPostAt.get(key);
    const paced = interval > 0 && last !== undefined ? last + interval : 0;
    return Math.max(paced, blockedUntil.get(key) ?? 0) - clock();
  }

  /** Hands the channel's pace to the instances that post to it next. */
  async function sharePace(key: string, pace: ChannelPace): Promise<void> {
    // Not shared (the database failed): this instance still keeps the pace; the post stays recorded.
    const kept = await deps.store.recordChannelPace(key, owner, pace)
      .catch((error: unknown) => { deps.logger.warn({ err: error, channel: key }, 'channel pace not shared'); return true; });
    if (!kept) deps.logger.warn({ channel: key }, 'channel lease lost during a post');
  }

  /** Keeps a post (or a refusal) in the channel's pace: a rate limit is shared at once, a post when the lease is let go. */
  async function recordPace(channel: DeliveryChannel, at: number, retryAfterMs: number | null): Promise<void> {
    const key = paceKey(channel);
    lastPostAt.set(key, at);
    if (retryAfterMs === null) {
      unshared.add(key);
      return;
    }
    const blocked = at + retryAfterMs;
    blockedUntil.set(key, Math.max(blockedUntil.get(key) ?? 0, blocked));
    unshared.delete(key);
    await sharePace(key, { lastPostAt: at, blockedUntil: blocked });
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

  /** Counts an attempt's outcome (the platform is the adapter's name: a fixed, small set). */
  function count(row: OutboxRow, channel: DeliveryChannel | undefined, outcome: DeliveryOutcome): void {
    deps.metrics?.deliveries.inc({ platform: channel?.adapter ?? 'none', kind: row.kind, outcome });
  }

  async function deliver(row: OutboxRow): Promise<'sent' | 'retrying' | 'failed' | 'settled' | 'held'> {
    const log = deps.logger.child({ channel: row.channelId, outboxId: row.id, kind: row.kind });
    const channel = deps.channels.get(row.channelId);
    const adapter = channel ? deps.adapters.get(channel.adapter) : undefined;
    if (!channel || !adapter) {
      const reason = channel ? `adapter "${channel.adapter}" is not running` : `channel "${row.channelId}" is no longer configured`;
      log.error({ reason }, 'alert cannot be delivered');
      await deps.store.markDeliveryFailed(row.id, reason, null, clock());
      count(row, channel, 'given_up');
      return 'failed';
    }
    if (row.kind === 'alert' && holdsAlert(channel.quiet, (row.payload as AlertPayload).score, clock())) {
      await deps.store.holdAlert(row.id);
      log.info({ score: (row.payload as AlertPayload).score }, 'quiet hours: alert held for the digest');
      return 'held';
    }
    try {
      let messageId: string;
      if (row.kind === 'alert') {
        messageId = await adapter.post(channel.target, row.payload as AlertPayload, String(row.id));
      } else if (row.kind === 'overflow') {
        messageId = await adapter.postOverflow(channel.target, row.payload as OverflowPayload);
      } else if (row.kind === 'digest') {
        messageId = await adapter.postDigest(channel.target, row.payload as DigestPayload);
      } else {
        const parent = await parentOf(row, log);
        if (parent === 'settled') return 'settled';
        messageId = await adapter.reply(channel.target, parent, row.payload as FollowUpPayload);
      }
      // Reports a poll added to the follow-up while it was being posted go out in the next one.
      await deps.store.markDelivered(row.id, messageId, clock(), row.kind === 'follow_up' ? (row.payload as FollowUpPayload) : undefined);
      count(row, channel, 'sent');
      await recordPace(channel, clock(), null);
      return 'sent';
    } catch (error) {
      const permanent = error instanceof AdapterError && error.permanent;
      const retryAfter = error instanceof AdapterError ? error.retryAfterMs : null;
      // A platform's Retry-After holds for the channel, whichever instance or Radar channel posts next.
      await recordPace(channel, clock(), retryAfter);
      const attempts = row.attempts + 1;
      // A rate limit says "later", not "broken": it never uses up the attempts.
      if (permanent || (attempts >= maxAttempts && retryAfter == null)) {
        log.error({ err: error, attempts }, permanent ? 'delivery failed permanently' : 'delivery gave up after retries');
        await deps.store.markDeliveryFailed(row.id, describeError(error), null, clock());
        count(row, channel, 'given_up');
        return 'failed';
      }
      const delay = retryDelay(row.attempts, retryAfter, deps.random);
      log.warn({ err: error, attempts, retryInMs: delay }, 'delivery failed, will retry');
      await deps.store.markDeliveryFailed(row.id, describeError(error), clock() + delay, clock());
      count(row, channel, error instanceof AdapterError && error.code === 'adapter_rate_limited' ? 'rate_limited' : 'retried');
      return 'retrying';
    }
  }

  /**
   * Posts one channel's due rows in order under its lease; stops when none is left, at the deadline,
   * or when a row must wait; 'elsewhere' while another instance holds the lease.
   */
  async function drainChannel(channelId: string, result: DrainResult): Promise<'idle' | 'waiting' | 'elsewhere'> {
    const key = leaseKey(channelId);
    for (;;) {
      if (!(await hold(key))) return 'elsewhere';
      let state: 'idle' | 'waiting' | 'elsewhere';
      try {
        state = await drainHeld(channelId, key, result);
      } finally {
        await letGo(key);
      }
      // Rows queued while the lease was held could not be taken by the instance that queued them.
      if (state !== 'idle' || !open() || (await deps.store.pendingDeliveries(clock(), 1, channelId)).length === 0) return state;
    }
  }

  async function drainHeld(channelId: string, key: string, result: DrainResult): Promise<'idle' | 'waiting' | 'elsewhere'> {
    while (open()) {
      const rows = await deps.store.pendingDeliveries(clock(), 100, channelId);
      if (rows.length === 0) return 'idle';
      for (const row of rows) {
        // The lease must still be ours (confirmed again once a third of it has passed).
        if (!(await stillHeld(key))) return 'elsewhere';
        // An alert held for the digest is not posted: nothing to pace.
        if (!(row.kind === 'alert' && holdsAlert(deps.channels.get(channelId)?.quiet, (row.payload as AlertPayload).score, clock()))) {
          const wait = waitFor(channelId);
          // A long rate limit: let go, and come back with the retry timer.
          if (wait > leaseMs / 3) return 'waiting';
          if (wait > 0) await sleep(wait);
          if (!open()) return 'idle';
        }
        const outcome = await limit(() => deliver(row));
        // A follow-up turned into an alert, or moved behind one: read the queue again.
        if (outcome === 'settled') break;
        if (outcome === 'held') continue;
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
          // Left for this drain: waiting for a retry, or delivered by the instance holding its lease.
          .then((state) => { if (state !== 'idle') waiting.add(channelId); })
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
