import { describe, expect, it } from 'vitest';
import { nextPollAt, observe, planPoll, type PollPolicy, type Rhythm } from '../../src/schedule/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A Monday, 16:00 UTC (10:00 in Mexico City). Pure functions: every time is passed in. */
const NOW = Date.UTC(2026, 0, 5, 16);
const policy: PollPolicy = {
  adaptive: true, intervalMs: 10 * MIN, paceMs: 8 * MIN, minMs: 2 * MIN, maxMs: 60 * MIN, jitter: 0.1, maxBackoffMs: 6 * HOUR, hostBudget: 6, pushedMs: 6 * HOUR,
};
const fixed = { now: NOW, policy: { ...policy, adaptive: false }, failures: 0 };
const noJitter = { ...policy, jitter: 0 };

/** A rhythm of a feed that published `perHour` items an hour, evenly, for `days` days before NOW. */
function steady(perHour: number, days: number): Rhythm {
  const times: number[] = [];
  for (let t = NOW - days * 24 * HOUR; t < NOW; t += HOUR / perHour) times.push(t);
  return observe(observe(null, [], NOW - days * 24 * HOUR), times, NOW);
}

describe('planPoll: a fixed interval', () => {
  it('spreads polls by the jitter around the interval', () => {
    expect(nextPollAt({ ...fixed, random: () => 0 })).toBe(NOW + 540_000);
    expect(nextPollAt({ ...fixed, random: () => 1 })).toBe(NOW + 660_000);
    expect(planPoll({ ...fixed, random: () => 0.5 }).reason).toBe('fixed interval (poll.interval)');
  });

  it("keeps a feed's own interval over the schedule", () => {
    const plan = planPoll({ now: NOW, policy: noJitter, fixedMs: 90_000, rhythm: steady(30, 7), failures: 0 });
    expect(plan).toMatchObject({ at: NOW + 90_000, intervalMs: 90_000, reason: 'fixed interval (feed config)' });
  });

  it('backs off exponentially after failures, capped', () => {
    const at = (failures: number) => nextPollAt({ ...fixed, policy: { ...fixed.policy, jitter: 0 }, failures }) - NOW;
    expect([1, 2, 3, 4].map(at)).toEqual([600_000, 1_200_000, 2_400_000, 4_800_000]);
    expect(at(30)).toBe(policy.maxBackoffMs);
    expect(planPoll({ ...fixed, failures: 3, random: () => 0.5 }).reason).toBe('backoff after 3 failures');
  });
});

describe('planPoll: the adaptive schedule', () => {
  const plan = (rhythm: Rhythm | null, extra: Partial<Parameters<typeof planPoll>[0]> = {}) =>
    planPoll({ now: NOW, policy: noJitter, rhythm, failures: 0, ...extra });

  it('polls a feed at pace ÷ √(items an hour), within the bounds', () => {
    const four = plan(steady(4, 21));
    expect(four.intervalMs).toBeGreaterThan(3.6 * MIN);
    expect(four.intervalMs).toBeLessThan(4.4 * MIN);
    expect(four.reason, four.reason).toMatch(/^rhythm: ~[34]\.\d items\/h$/);
    expect(plan(steady(60, 21))).toMatchObject({ intervalMs: 2 * MIN, reason: expect.stringContaining('(minimum)') as unknown });
    // A weekly column, published on Thursday evenings: nothing due on a Monday morning.
    const quiet = observe(observe(null, [], NOW - 28 * 24 * HOUR), [4, 11, 18, 25].map((d) => NOW - d * 24 * HOUR + 5 * HOUR), NOW);
    expect(plan(quiet)).toMatchObject({ intervalMs: 60 * MIN, reason: expect.stringContaining('(maximum)') as unknown });
  });

  it('polls a busy feed more often than a quiet one, and a new feed in between', () => {
    const busy = plan(steady(10, 14)).intervalMs;
    const quiet = plan(steady(0.1, 14)).intervalMs;
    const fresh = plan(null);
    expect(busy).toBeLessThan(fresh.intervalMs);
    expect(fresh.intervalMs).toBeLessThan(quiet);
    expect(fresh.reason).toBe('new feed: rhythm not known yet');
  });

  it('polls sooner during a burst of new items', () => {
    const rhythm = steady(0.2, 14);
    const calm = plan(rhythm).intervalMs;
    const burst = plan(observe(rhythm, [NOW - 20 * MIN, NOW - 10 * MIN, NOW - 5 * MIN, NOW - 2 * MIN, NOW - MIN], NOW));
    expect(burst.intervalMs).toBeLessThan(calm / 2);
    expect(burst.reason).toMatch(/^burst: /);
  });

  it('honours each server hint over a shorter interval, capped at the backoff cap', () => {
    const busy = steady(60, 7);
    expect(plan(busy, { hints: { maxAgeMs: 5 * MIN } })).toMatchObject({ at: NOW + 5 * MIN, reason: 'server: Cache-Control/Expires' });
    expect(plan(busy, { hints: { ttlMs: 30 * MIN } })).toMatchObject({ at: NOW + 30 * MIN, reason: 'feed: RSS ttl' });
    expect(plan(busy, { hints: { updatePeriodMs: HOUR } })).toMatchObject({ at: NOW + HOUR, reason: 'feed: sy:updatePeriod' });
    expect(plan(busy, { failures: 1, hints: { retryAfterMs: 2 * HOUR } })).toMatchObject({ at: NOW + 2 * HOUR, reason: 'server: Retry-After' });
    expect(plan(busy, { hints: { ttlMs: 99 * HOUR } }).at).toBe(NOW + policy.maxBackoffMs);
    // The longest wait wins; a hint shorter than the interval changes nothing.
    expect(plan(busy, { hints: { maxAgeMs: 5 * MIN, ttlMs: 20 * MIN } }).reason).toBe('feed: RSS ttl');
    expect(plan(steady(0.01, 28), { hints: { maxAgeMs: 60_000 } }).reason).toMatch(/^rhythm: /);
  });

  it('never lets jitter bring a poll before what the server asked', () => {
    const at = planPoll({ now: NOW, policy, rhythm: steady(60, 7), failures: 0, hints: { maxAgeMs: 10 * MIN }, random: () => 0 }).at;
    expect(at).toBeGreaterThanOrEqual(NOW + 10 * MIN);
  });

  it("keeps within the host's request budget across its feeds, but leaves a fixed interval alone", () => {
    const busy = steady(60, 7);
    expect(plan(busy, { hostFeeds: 30 })).toMatchObject({ intervalMs: 5 * MIN, reason: 'host budget: 30 feeds at 6/min' });
    expect(plan(busy, { hostFeeds: 1 }).intervalMs).toBe(2 * MIN);
    expect(plan(busy, { hostFeeds: 30, fixedMs: MIN }).intervalMs).toBe(MIN);
  });

  it('polls a pushed feed only as a safety net', () => {
    expect(plan(steady(60, 7), { pushed: true })).toMatchObject({ intervalMs: 6 * HOUR, reason: 'pushed: safety-net poll' });
    expect(plan(steady(60, 7), { pushed: true, fixedMs: 9 * HOUR }).intervalMs).toBe(9 * HOUR);
    expect(plan(steady(60, 7), { pushed: true, fixedMs: MIN }).intervalMs).toBe(6 * HOUR);
  });
});
