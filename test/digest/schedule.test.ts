/**
 * When digests fall due and when quiet hours hold: on the channel's wall clock, across daylight-saving
 * changes, at instants built from a time zone's own calendar (no test depends on today's date).
 */
import { describe, expect, it } from 'vitest';
import { buildDigest, dueDigestKey, holdsAlert, isQuiet, isTimeZone, parseTimeOfDay, wallTime, type DigestSettings, type QuietHours } from '../../src/digest/index.ts';
import type { AlertPayload } from '../../src/shared/alert.ts';
import type { DigestCandidate } from '../../src/store/index.ts';

const MINUTE = 60_000;

/** The first instant at or after `from` whose wall clock in `zone` reads `date` at `minute` (searched minute by minute). */
function instantAt(zone: string, date: string, minute: number, from: number): number {
  for (let t = from; t < from + 3 * 86_400_000; t += MINUTE) {
    const wall = wallTime(t, zone);
    if (wall.date === date && wall.minute === minute) return t;
  }
  throw new Error(`no ${date} ${minute} in ${zone}`);
}

describe('wall clock', () => {
  it('reads the local date and minute in a time zone, and knows IANA names', () => {
    // 2030-01-15 14:05 UTC is 08:05 in Mexico City (UTC−6, no daylight saving) and 15:05 in Madrid.
    const t = Date.UTC(2030, 0, 15, 14, 5);
    expect(wallTime(t, 'America/Mexico_City')).toEqual({ date: '2030-01-15', minute: 8 * 60 + 5 });
    expect(wallTime(t, 'Europe/Madrid')).toEqual({ date: '2030-01-15', minute: 15 * 60 + 5 });
    expect(wallTime(Date.UTC(2030, 0, 15, 2, 0), 'America/Mexico_City').date).toBe('2030-01-14');
    expect(isTimeZone('America/Mexico_City')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect([parseTimeOfDay('08:00'), parseTimeOfDay('23:59'), parseTimeOfDay('24:00'), parseTimeOfDay('8:00'), parseTimeOfDay('08:60')]).toEqual([480, 1439, null, null, null]);
  });
});

describe('digest schedule', () => {
  const digest: DigestSettings = { at: 8 * 60, timezone: 'America/New_York', windowMs: 86_400_000, window: '24h' };

  it('falls due at the local time, on both sides of a daylight-saving change, keyed by the local date', () => {
    // New York moves from UTC−5 to UTC−4 in March and back in November: 08:00 local is 13:00 UTC, then 12:00 UTC.
    const winter = Date.UTC(2030, 2, 1, 13, 0);
    const summer = Date.UTC(2030, 5, 1, 12, 0);
    expect(dueDigestKey(digest, winter, 120)).toBe('2030-03-01@08:00');
    expect(dueDigestKey(digest, summer, 120)).toBe('2030-06-01@08:00');
    expect(dueDigestKey(digest, winter - MINUTE, 120)).toBeNull();
    expect(dueDigestKey(digest, summer + 60 * MINUTE, 120)).toBe('2030-06-01@08:00'); // late, within grace
    expect(dueDigestKey(digest, summer + 120 * MINUTE, 120)).toBeNull(); // past the grace: next day's
    // The hour of UTC that is 08:00 in winter is 09:00 in summer: not due then.
    expect(dueDigestKey(digest, Date.UTC(2030, 5, 1, 13, 0), 30)).toBeNull();
  });

  it('takes a time skipped by the spring change at the first minute after it, and a repeated one once', () => {
    const night: DigestSettings = { ...digest, at: 2 * 60 + 30 };
    // 2030-03-10: New York clocks go from 01:59 to 03:00; 02:30 never happens.
    const start = Date.UTC(2030, 2, 10, 0, 0);
    const keys = new Set<string>();
    for (let t = start; t < start + 86_400_000; t += MINUTE) {
      const key = dueDigestKey(night, t, 120);
      if (key) keys.add(`${key} ${wallTime(t, night.timezone).minute}`);
    }
    const first = [...keys][0]!;
    expect(first).toBe(`2030-03-10@02:30 ${3 * 60}`);
    // 2030-11-03: 01:30 happens twice; the key is the same both times, so one digest.
    const twice: DigestSettings = { ...digest, at: 90 };
    const autumn = Date.UTC(2030, 10, 3, 4, 0);
    const dueKeys = new Set<string>();
    for (let t = autumn; t < autumn + 6 * 3_600_000; t += MINUTE) {
      const key = dueDigestKey(twice, t, 1);
      if (key) dueKeys.add(key);
    }
    expect([...dueKeys]).toEqual(['2030-11-03@01:30']);
    const firstOf = instantAt('America/New_York', '2030-11-03', 90, autumn);
    const second = instantAt('America/New_York', '2030-11-03', 90, firstOf + MINUTE);
    expect(second - firstOf).toBe(3_600_000);
  });
});

describe('quiet hours', () => {
  const quiet: QuietHours = { from: 22 * 60, to: 7 * 60, timezone: 'Europe/Madrid', urgentScore: 0.9 };

  it('hold alerts below the urgent score between the hours, across midnight, on the zone\'s clock', () => {
    const day = '2030-07-01';
    const at = (minute: number) => instantAt('Europe/Madrid', day, minute, Date.UTC(2030, 5, 30, 12, 0));
    expect(isQuiet(quiet, at(23 * 60))).toBe(true);
    expect(isQuiet(quiet, at(0))).toBe(true);
    expect(isQuiet(quiet, at(6 * 60 + 59))).toBe(true);
    expect(isQuiet(quiet, at(7 * 60))).toBe(false);
    expect(isQuiet(quiet, at(21 * 60 + 59))).toBe(false);
    expect(isQuiet(quiet, at(22 * 60))).toBe(true);
    expect(holdsAlert(quiet, 0.5, at(23 * 60))).toBe(true);
    expect(holdsAlert(quiet, null, at(23 * 60))).toBe(true);
    expect(holdsAlert(quiet, 0.9, at(23 * 60))).toBe(false); // urgent
    expect(holdsAlert(quiet, 0.5, at(12 * 60))).toBe(false);
    expect(holdsAlert(null, 0.1, at(23 * 60))).toBe(false);
    const daytime: QuietHours = { ...quiet, from: 12 * 60, to: 14 * 60 };
    expect([isQuiet(daytime, at(13 * 60)), isQuiet(daytime, at(23 * 60))]).toEqual([true, false]);
  });
});

describe('digest ranking', () => {
  const alert = (title: string, score: number | null): AlertPayload => ({ itemKey: title, title, url: null, source: 'A', publishedAt: 0, summary: '', lang: 'es', topicId: 't', score, matched: [], watchMatched: [] });
  const candidate = (storyId: number, score: number | null, outlets: number, held = false): DigestCandidate => ({
    storyId, alert: alert(`story ${storyId}`, score), alertedAt: storyId, outlets, sources: ['A'], reports: outlets, langs: [], score, held,
  });

  it('orders by score and breadth of coverage, keeps the first stories and counts the rest', () => {
    const selection = { stories: [candidate(1, 0.7, 1), candidate(2, 0.65, 4), candidate(3, 0.95, 1), candidate(4, null, 2), candidate(5, 0.66, 1, true)], held: [9] };
    const digest = buildDigest(selection, { label: '24h', since: 0, until: 1 }, 3);
    // 0.95; 0.65 + 0.2 (four outlets) = 0.85; 0.70; then 0.66 and 0 + 0.1 left out.
    expect(digest.stories.map((s) => s.storyId)).toEqual([3, 2, 1]);
    expect(digest).toMatchObject({ window: '24h', more: 2, held: 1 });
    expect(digest.stories[1]).toMatchObject({ title: 'story 2', outlets: 4, score: 0.65, langs: ['es'], held: false });
    expect(buildDigest({ stories: [], held: [] }, { label: '7d', since: 0, until: 1 })).toEqual({ window: '7d', since: 0, until: 1, stories: [], more: 0, held: 0 });
  });
});
