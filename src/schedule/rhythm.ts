/**
 * A feed's publishing rhythm: how many items it publishes in each hour of the week, learnt from the
 * publication times of the items Radar stores, and kept as a small summary on the feed (168 counts,
 * a few hundred bytes) updated with each poll that finds new items: no read of the items table.
 *
 * Hours are UTC hours of the week (Monday 00:00 UTC is hour 0). Mexico City keeps no daylight
 * saving time since 2022, so its working day falls on the same UTC hours all year.
 *
 * Old publications count less (half-life two weeks), so a feed that changes its habits is followed
 * within weeks. The rate of one hour of the week is shrunk toward the rate of the same hour on every
 * day, and that toward the feed's overall rate, and that toward a prior of one item every four hours:
 * a feed seen for a day is scheduled by its overall rate, one seen for weeks by its weekly pattern.
 * A short memory (half-life one hour) of the latest publications catches bursts of breaking news.
 */

export interface Rhythm {
  /** Decayed counts of publications in each UTC hour of the week (168). */
  counts: number[];
  /** When `counts` and `recent` were last decayed to, ms. */
  at: number;
  /** Start of observation, ms: the oldest publication of the first poll (at most four weeks back). */
  since: number;
  /** Decayed count of publications with a half-life of one hour. */
  recent: number;
}

const HOUR = 3_600_000;
const WEEK_HOURS = 168;
/** Half-life of the weekly counts. */
const HALF_LIFE = 14 * 24 * HOUR;
/** Half-life of the burst memory. */
const RECENT_HALF_LIFE = HOUR;
/** Furthest back a first poll's backlog is counted. */
const FIRST_LOOKBACK = 28 * 24 * HOUR;
/** Prior: one item every four hours, worth eight hours of observation. */
const PRIOR_ITEMS = 2;
const PRIOR_HOURS = 8;
/** How many observed hours a finer estimate needs to weigh as much as the coarser one. */
const SHRINK_HOURS = 3;

/** Index of the UTC hour of the week of `t` (Monday 00:00 UTC = 0; 1 January 1970 was a Thursday). */
export function hourOfWeek(t: number): number {
  const hours = Math.floor(t / HOUR) + 72;
  return ((hours % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS;
}

/** A rhythm with nothing observed yet, starting at `now`. */
export function emptyRhythm(now: number): Rhythm {
  return { counts: new Array<number>(WEEK_HOURS).fill(0), at: now, since: now, recent: 0 };
}

/**
 * The rhythm after a poll at `now` that found items published at `published` (new items only).
 * Without an earlier rhythm (a feed's first poll, or its first since the rhythm was kept),
 * observation starts at the oldest of these publications, at most four weeks back.
 */
export function observe(previous: Rhythm | null, published: readonly number[], now: number): Rhythm {
  const times = published.map((t) => Math.min(t, now)).filter((t) => Number.isFinite(t));
  // Nothing new: the counts stay as they are (they are decayed when read).
  if (times.length === 0 && previous && previous.counts.length === WEEK_HOURS) return previous;
  let rhythm = previous && previous.counts.length === WEEK_HOURS ? decay(previous, now) : null;
  if (!rhythm) {
    const oldest = times.length ? Math.min(...times) : now;
    rhythm = emptyRhythm(now);
    rhythm.since = Math.max(oldest, now - FIRST_LOOKBACK);
  }
  const counts = [...rhythm.counts];
  let recent = rhythm.recent;
  for (const t of times) {
    if (t < rhythm.since) continue;
    const h = hourOfWeek(t);
    counts[h] = counts[h]! + 0.5 ** ((now - t) / HALF_LIFE);
    recent += 0.5 ** ((now - t) / RECENT_HALF_LIFE);
  }
  return { counts, at: now, since: rhythm.since, recent };
}

/** The rhythm's counts decayed to `now` (a clock that went back leaves them as they are). */
function decay(rhythm: Rhythm, now: number): Rhythm {
  const elapsed = Math.max(0, now - rhythm.at);
  const f = 0.5 ** (elapsed / HALF_LIFE);
  return {
    counts: rhythm.counts.map((c) => c * f),
    at: Math.max(now, rhythm.at),
    since: Math.min(rhythm.since, now),
    recent: rhythm.recent * 0.5 ** (elapsed / RECENT_HALF_LIFE),
  };
}

/** Hours of observation behind each hour-of-week count (decayed like the counts). */
function exposureHours(rhythm: Rhythm, now: number): number {
  const span = Math.max(0, now - rhythm.since);
  const mean = HALF_LIFE / Math.LN2;
  return (mean * (1 - Math.exp(-span / mean))) / HOUR / WEEK_HOURS;
}

/** The feed's estimated rate of publication, items per hour, in the hour of the week of `t`, seen at `now`. */
export function rateAt(rhythm: Rhythm, t: number, now: number): number {
  // Counts are decayed lazily: scaled by one factor here rather than rewritten.
  const f = 0.5 ** (Math.max(0, now - rhythm.at) / HALF_LIFE);
  const exposure = exposureHours(rhythm, Math.max(now, rhythm.at));
  const counts = rhythm.counts;
  let total = 0;
  for (let i = 0; i < WEEK_HOURS; i += 1) total += counts[i]!;
  const overall = (total * f + PRIOR_ITEMS) / (WEEK_HOURS * exposure + PRIOR_HOURS);
  const h = hourOfWeek(t);
  let sameHour = 0;
  for (let d = h % 24; d < WEEK_HOURS; d += 24) sameHour += counts[d]!;
  const daily = (sameHour * f + SHRINK_HOURS * overall) / (7 * exposure + SHRINK_HOURS);
  return (counts[h]! * f + SHRINK_HOURS * daily) / (exposure + SHRINK_HOURS);
}

/** The rate suggested by the latest publications alone, items per hour (a burst), at `now`. */
export function recentRate(rhythm: Rhythm, now: number): number {
  const recent = rhythm.recent * 0.5 ** (Math.max(0, now - rhythm.at) / RECENT_HALF_LIFE);
  return (recent * Math.LN2 * HOUR) / RECENT_HALF_LIFE;
}

/** Reads a stored rhythm (JSON); null when absent or not a rhythm. */
export function parseRhythm(text: string | null | undefined): Rhythm | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Rhythm>;
    const ok = Array.isArray(value.counts) && value.counts.length === WEEK_HOURS && value.counts.every((c) => typeof c === 'number' && c >= 0)
      && typeof value.at === 'number' && typeof value.since === 'number' && typeof value.recent === 'number';
    return ok ? (value as Rhythm) : null;
  } catch {
    return null;
  }
}

/** The rhythm as stored: counts rounded to keep the text short. */
export function formatRhythm(rhythm: Rhythm): string {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return JSON.stringify({ counts: rhythm.counts.map(round), at: rhythm.at, since: rhythm.since, recent: round(rhythm.recent) });
}
