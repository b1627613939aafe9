import { describe, expect, it } from 'vitest';
import { nextPollAt } from '../../src/schedule/index.ts';

const base = { now: 1_000_000, intervalMs: 600_000, jitter: 0.1, maxBackoffMs: 6 * 3_600_000 };

describe('nextPollAt', () => {
  it('spreads successes by the jitter around the interval', () => {
    expect(nextPollAt({ ...base, failures: 0, random: () => 0 })).toBe(1_000_000 + 540_000);
    expect(nextPollAt({ ...base, failures: 0, random: () => 1 })).toBe(1_000_000 + 660_000);
  });

  it('backs off exponentially after failures, capped', () => {
    const at = (failures: number) => nextPollAt({ ...base, jitter: 0, failures }) - base.now;
    expect([1, 2, 3, 4].map(at)).toEqual([600_000, 1_200_000, 2_400_000, 4_800_000]);
    expect(at(30)).toBe(base.maxBackoffMs);
  });

  it('honours Retry-After, but never beyond the backoff cap', () => {
    expect(nextPollAt({ ...base, jitter: 0, failures: 1, notBeforeMs: 3_600_000 }) - base.now).toBe(3_600_000);
    expect(nextPollAt({ ...base, jitter: 0, failures: 1, notBeforeMs: 99 * 3_600_000 }) - base.now).toBe(base.maxBackoffMs);
  });
});
