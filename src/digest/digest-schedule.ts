/**
 * Scheduled digests: each channel with a `digest` gets one at its time of day on its own wall clock
 * (its IANA time zone, daylight-saving changes included: a time skipped by a spring-forward change
 * is taken at the first minute after it, a time repeated in the autumn once). Runs on the leader
 * only (src/roles), checked every `checkEveryMs`; a digest missed while no instance ran is still
 * queued within `graceMinutes` of its time, later ones skip to the next day (its held alerts go
 * into the next digest). Each digest is queued in the outbox under the key `<local date>@<time>`,
 * unique per channel: a restart or a new leader at the digest minute queues it once.
 */
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { DigestStore } from '../store/index.ts';
import { buildDigest } from './build-digest.ts';
import { formatTimeOfDay, wallTime } from './wall-clock.ts';

/** When and what a channel's digest covers (config `channels[].digest`). */
export interface DigestSettings {
  /** Minutes since local midnight. */
  at: number;
  timezone: string;
  windowMs: number;
  /** The window as written ("24h"). */
  window: string;
}

export interface DigestChannel {
  id: string;
  digest: DigestSettings | null;
}

export interface DigestSchedulerDeps {
  store: DigestStore;
  channels: readonly DigestChannel[];
  /** A channel's topics as commands leave them (the best score of a story is over these). */
  topicsOf(channelId: string): readonly string[];
  clock: Clock;
  logger: Logger;
  /** Called after a digest was queued (wakes delivery). */
  queued?: () => void;
  checkEveryMs?: number;
  graceMinutes?: number;
}

export interface DigestScheduler {
  /** Queues the digests due at `now`; returns how many were queued (not queued before). */
  runDue(now?: number): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The outbox key of a channel's digest at `now`, or null when none is due then. */
export function dueDigestKey(digest: DigestSettings, now: number, graceMinutes: number): string | null {
  const wall = wallTime(now, digest.timezone);
  const late = wall.minute - digest.at;
  return late >= 0 && late < graceMinutes ? `${wall.date}@${formatTimeOfDay(digest.at)}` : null;
}

export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const grace = deps.graceMinutes ?? 120;
  const channels = deps.channels.filter((c): c is DigestChannel & { digest: DigestSettings } => c.digest !== null);
  /** The last key handled per channel here: a due digest is read and offered once per instance. */
  const done = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function queueOne(channel: DigestChannel & { digest: DigestSettings }, key: string, now: number): Promise<boolean> {
    const since = now - channel.digest.windowMs;
    const selection = await deps.store.digestStories(channel.id, since, deps.topicsOf(channel.id));
    const payload = buildDigest(selection, { label: channel.digest.window, since, until: now });
    const queued = await deps.store.queueDigest(channel.id, key, payload, selection.held, now);
    deps.logger.info({ channel: channel.id, key, stories: payload.stories.length + payload.more, held: payload.held, queued }, queued ? 'digest queued' : 'digest already queued');
    return queued;
  }

  async function runDue(now = deps.clock()): Promise<number> {
    let count = 0;
    for (const channel of channels) {
      const key = dueDigestKey(channel.digest, now, grace);
      if (key === null || done.get(channel.id) === key) continue;
      try {
        if (await queueOne(channel, key, now)) count++;
        done.set(channel.id, key);
      } catch (error) {
        deps.logger.error({ err: error, channel: channel.id, key }, 'digest not queued; tried again at the next check');
      }
    }
    if (count > 0) deps.queued?.();
    return count;
  }

  const tick = () => {
    if (running) return;
    running = runDue().finally(() => { running = null; });
  };

  return {
    runDue,
    async start() {
      if (timer || channels.length === 0) return;
      tick();
      timer = setInterval(tick, deps.checkEveryMs ?? 20_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
