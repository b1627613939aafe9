/**
 * When a feed is polled next, and why. One function for the poller, the simulation benchmark
 * (bench/latency.ts) and the tests.
 *
 * The interval follows the feed's rhythm (rhythm.ts): the square-root rule, interval =
 * `pace` / √(items per hour), the rate taken as the higher of this hour's and the next hour's
 * (and of a burst's). For a given number of requests it gives the lowest mean delay from publication
 * to alert across feeds: a busy wire is polled often, a weekly column seldom. It is kept within
 * `minMs`..`maxMs`. A feed with a fixed interval (config `interval`, or adaptive scheduling off)
 * keeps it; a feed whose pushes arrive (WebSub) is polled at the long `pushedMs` (or its fixed
 * interval, if longer) as a safety net.
 *
 * What the server and the host budget ask always wins over a shorter interval: Cache-Control max-age
 * or Expires, RSS `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`, Retry-After after a 429/503, and
 * (for intervals the schedule chooses; a fixed one is the operator's) the host's share: feeds on the
 * host ÷ the requests a minute it allows. Each is capped at
 * `maxBackoffMs`, so that a bogus header cannot silence a feed for days. After failures the interval
 * doubles per failure up to `maxBackoffMs`. Jitter spreads polls by ±`jitter` of the interval, never
 * below what the server asked.
 */
import { rateAt, recentRate, type Rhythm } from './rhythm.ts';

/** How the poller chooses intervals (config `poll`). */
export interface PollPolicy {
  /** Follow each feed's rhythm; false: every feed at `intervalMs` (or its own fixed interval). */
  adaptive: boolean;
  /** The fixed interval, when not adaptive. */
  intervalMs: number;
  /** Interval of a feed publishing one item an hour; others scale by 1/√rate. */
  paceMs: number;
  minMs: number;
  maxMs: number;
  /** Fraction of spread, e.g. 0.1 for ±10%. */
  jitter: number;
  maxBackoffMs: number;
  /** Requests a minute any one host receives from Radar, across its feeds. */
  hostBudget: number;
  /** Safety-net interval of a feed whose updates are pushed to Radar. */
  pushedMs: number;
}

/** What the server asked, each a shortest wait in ms (null: it said nothing). */
export interface ServerHints {
  /** Cache-Control max-age, or Expires − Date. */
  maxAgeMs?: number | null;
  /** Retry-After on a 429 or 503. */
  retryAfterMs?: number | null;
  /** RSS `<ttl>`. */
  ttlMs?: number | null;
  /** `sy:updatePeriod` ÷ `sy:updateFrequency`. */
  updatePeriodMs?: number | null;
}

export interface NextPollInput {
  now: number;
  policy: PollPolicy;
  /** The feed's own fixed interval (config `interval`); null or absent: the policy decides. */
  fixedMs?: number | null;
  /** The feed's rhythm so far; null: nothing observed yet. */
  rhythm?: Rhythm | null;
  /** Consecutive failures including this poll's; 0 after a success. */
  failures: number;
  hints?: ServerHints;
  /** Active feeds on the feed's host (for the host budget); 1 when unknown. */
  hostFeeds?: number;
  /** Updates of the feed are pushed to Radar (WebSub): poll only as a safety net. */
  pushed?: boolean;
  random?: () => number;
}

export interface PollPlan {
  /** When the feed is due next, ms. */
  at: number;
  /** The interval chosen (before jitter), ms. */
  intervalMs: number;
  /** Why, in a few words (shown by `/radar feeds` and on the status page). */
  reason: string;
}

const HOUR = 3_600_000;

/** The interval the feed's own traits ask for, before the server's hints and backoff. */
function baseInterval(input: NextPollInput): { ms: number; reason: string } {
  const { policy, now } = input;
  // A pushed feed's own fixed interval, when longer, still holds.
  if (input.pushed) return { ms: Math.max(policy.pushedMs, input.fixedMs ?? 0), reason: 'pushed: safety-net poll' };
  if (input.fixedMs) return { ms: input.fixedMs, reason: 'fixed interval (feed config)' };
  if (!policy.adaptive) return { ms: policy.intervalMs, reason: 'fixed interval (poll.interval)' };
  if (!input.rhythm) return { ms: clamp(policy.paceMs / Math.sqrt(0.25), policy), reason: 'new feed: rhythm not known yet' };
  const ahead = Math.max(rateAt(input.rhythm, now, now), rateAt(input.rhythm, now + HOUR, now));
  const burst = recentRate(input.rhythm, now);
  const rate = Math.max(ahead, burst);
  const ms = clamp(policy.paceMs / Math.sqrt(Math.max(rate, 1e-6)), policy);
  const bound = ms === policy.minMs ? ' (minimum)' : ms === policy.maxMs ? ' (maximum)' : '';
  // Named a burst when the latest items, not the usual rhythm, set the pace.
  const what = burst > 2 * ahead ? 'burst' : 'rhythm';
  return { ms, reason: `${what}: ~${formatRate(rate)} items/h${bound}` };
}

/** Whether the schedule, not a fixed interval, decides this feed's interval. */
function adaptive(input: NextPollInput): boolean {
  return !input.fixedMs && input.policy.adaptive;
}

function clamp(ms: number, policy: PollPolicy): number {
  return Math.min(Math.max(ms, policy.minMs), Math.max(policy.maxMs, policy.minMs));
}

/** The longest wait the server or the host budget asks for, with its reason. */
function floor(input: NextPollInput): { ms: number; reason: string } | null {
  const { hints = {}, policy } = input;
  const candidates: Array<[number | null | undefined, string]> = [
    [hints.retryAfterMs, 'server: Retry-After'],
    [hints.maxAgeMs, 'server: Cache-Control/Expires'],
    [hints.ttlMs, 'feed: RSS ttl'],
    [hints.updatePeriodMs, 'feed: sy:updatePeriod'],
    // A fixed interval is the operator's own choice; the budget bounds what the schedule chooses.
    [adaptive(input) && input.hostFeeds && input.hostFeeds > 0 ? (input.hostFeeds * 60_000) / policy.hostBudget : null, `host budget: ${input.hostFeeds ?? 0} feeds at ${policy.hostBudget}/min`],
  ];
  let best: { ms: number; reason: string } | null = null;
  for (const [ms, reason] of candidates) {
    if (ms == null || !Number.isFinite(ms) || ms <= 0) continue;
    const capped = Math.min(ms, policy.maxBackoffMs);
    if (!best || capped > best.ms) best = { ms: capped, reason };
  }
  return best;
}

export function planPoll(input: NextPollInput): PollPlan {
  const random = input.random ?? Math.random;
  const { policy } = input;
  const base = baseInterval(input);
  let interval = base.ms;
  let reason = base.reason;
  if (input.failures > 0) {
    interval = Math.min(base.ms * 2 ** Math.min(input.failures - 1, 20), policy.maxBackoffMs);
    reason = `backoff after ${input.failures} failure${input.failures === 1 ? '' : 's'}`;
  }
  const least = floor(input);
  if (least && least.ms > interval) {
    interval = least.ms;
    reason = least.reason;
  }
  const spread = interval * policy.jitter * (2 * random() - 1);
  const delay = Math.max(interval + spread, least?.ms ?? 0, 1000);
  return { at: input.now + Math.round(delay), intervalMs: Math.round(interval), reason };
}

/** When the feed is polled next (see {@link planPoll}). */
export function nextPollAt(input: NextPollInput): number {
  return planPoll(input).at;
}

function formatRate(rate: number): string {
  if (rate >= 10) return String(Math.round(rate));
  if (rate >= 0.1) return rate.toFixed(1);
  return rate.toFixed(2);
}
