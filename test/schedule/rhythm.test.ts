import { describe, expect, it } from 'vitest';
import { emptyRhythm, formatRhythm, hourOfWeek, observe, parseRhythm, rateAt, recentRate } from '../../src/schedule/index.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 00:00 UTC. Pure functions: every time is passed in. */
const MONDAY = Date.UTC(2026, 0, 5);

describe('hourOfWeek', () => {
  it('counts UTC hours from Monday 00:00', () => {
    expect(hourOfWeek(MONDAY)).toBe(0);
    expect(hourOfWeek(MONDAY + 16 * HOUR + 59 * MIN)).toBe(16);
    expect(hourOfWeek(MONDAY - HOUR)).toBe(167);
    expect(hourOfWeek(MONDAY + 7 * DAY + 3 * HOUR)).toBe(3);
  });
});

describe('the rhythm estimate', () => {
  it('starts from a prior of one item every four hours', () => {
    expect(rateAt(emptyRhythm(MONDAY), MONDAY, MONDAY)).toBeCloseTo(0.25, 5);
  });

  it('learns a daily cycle in Mexico City time from three weeks of publications', () => {
    // 6 items an hour from 9:00 to 21:00 in Mexico City (15:00–03:00 UTC), none at night.
    const start = MONDAY;
    const now = MONDAY + 21 * DAY;
    const times: number[] = [];
    for (let t = start; t < now; t += 10 * MIN) {
      const local = (Math.floor(t / HOUR) - 6 + 24 * 1000) % 24;
      if (local >= 9 && local < 21) times.push(t);
    }
    const rhythm = observe(observe(null, [], start), times, now);
    const morning = rateAt(rhythm, now + 17 * HOUR, now); // 11:00 in Mexico City
    const night = rateAt(rhythm, now + 9 * HOUR, now); // 03:00
    expect(morning).toBeGreaterThan(4.5);
    expect(morning).toBeLessThan(7);
    expect(night).toBeLessThan(0.5);
  });

  it('shrinks a thinly observed hour toward the feed overall', () => {
    // One day observed: four items at 10:00 UTC, four spread over the rest of the day.
    const start = MONDAY;
    const now = MONDAY + DAY;
    const at10 = [0, 10, 20, 30].map((m) => MONDAY + 10 * HOUR + m * MIN);
    const spread = [2, 7, 15, 20].map((h) => MONDAY + h * HOUR);
    const rhythm = observe(observe(null, [], start), [...at10, ...spread], now);
    const hour10 = rateAt(rhythm, now + 10 * HOUR, now);
    const overall = 8 / 24;
    expect(hour10).toBeGreaterThan(overall);
    expect(hour10).toBeLessThan(4);
  });

  it('takes a first poll’s backlog as history, at most four weeks of it', () => {
    const now = MONDAY + 60 * DAY;
    // An item every 7 hours for 60 days: every hour of the day gets some.
    const backlog = Array.from({ length: 200 }, (_, i) => now - i * 7 * HOUR - MIN);
    const rhythm = observe(null, backlog, now);
    expect(rhythm.since).toBe(now - 28 * DAY);
    const hours = Array.from({ length: 24 }, (_, h) => rateAt(rhythm, now + h * HOUR, now));
    const mean = hours.reduce((a, b) => a + b, 0) / 24;
    expect(mean).toBeGreaterThan(1 / 7 / 1.5);
    expect(mean).toBeLessThan(1 / 7 * 1.5);
  });

  it('remembers a burst for about an hour', () => {
    const rhythm = observe(emptyRhythm(MONDAY), [1, 2, 3, 4, 5, 6].map((m) => MONDAY + 10 * DAY - m * MIN), MONDAY + 10 * DAY);
    expect(recentRate(rhythm, MONDAY + 10 * DAY)).toBeGreaterThan(3);
    expect(recentRate(rhythm, MONDAY + 10 * DAY + 5 * HOUR)).toBeLessThan(0.2);
  });

  it('counts a publication dated in the future as published now, and an unchanged rhythm stays the same object', () => {
    const now = MONDAY + DAY;
    const rhythm = observe(emptyRhythm(MONDAY), [now + 5 * DAY], now);
    expect(rhythm.counts[hourOfWeek(now)]).toBeCloseTo(1, 5);
    expect(observe(rhythm, [], now + HOUR)).toBe(rhythm);
  });

  it('survives storage as text; anything else reads as none', () => {
    const rhythm = observe(emptyRhythm(MONDAY), [MONDAY + HOUR, MONDAY + 2 * HOUR], MONDAY + DAY);
    const back = parseRhythm(formatRhythm(rhythm));
    expect(back).not.toBeNull();
    expect(rateAt(back!, MONDAY + DAY, MONDAY + DAY)).toBeCloseTo(rateAt(rhythm, MONDAY + DAY, MONDAY + DAY), 3);
    expect(parseRhythm(null)).toBeNull();
    expect(parseRhythm('{')).toBeNull();
    expect(parseRhythm('{"counts":[1,2],"at":0,"since":0,"recent":0}')).toBeNull();
  });
});
