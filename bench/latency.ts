/**
 * Latency simulation: how long after an outlet publishes does Radar see the item, and at how many
 * requests, under several schedulers. Deterministic (seeded), on a virtual clock: nothing sleeps.
 *
 * 2,000 feeds over 14 simulated days (after a week of history that their first poll finds):
 * - 20 wires, 20–60 items an hour at their peak, following a day in Mexico City (quiet at night, half
 *   on weekends);
 * - 200 large outlets, 3–10 an hour at their peak, in groups of 8 section feeds on one host;
 * - 1,500 outlets at 2–8 items a day, 300 of them in chains of 10 feeds on one host;
 * - 230 weekly columns (one or two slots a week, published within minutes of the slot);
 * - 50 dormant feeds (about one item a month);
 * - breaking news: about every two days an event makes 30% of the outlets publish a burst (4 items
 *   expected, most in the first hour).
 * Feeds show their latest items only (wires 50, large outlets 30, others 20 or 10): an item gone
 * before a poll is missed. Some servers send Cache-Control max-age (15% 300 s, 5% 60 s), 3% of
 * outlets an RSS `<ttl>` of 60 and 3% `sy:updatePeriod` hourly; each feed has outages (503 with
 * Retry-After 600 s) about once a week for 20 minutes.
 *
 * Radar's schedulers run the poller's own planPoll and rhythm code on what each poll observes. The
 * fixed pollers and Miniflux's entry-frequency scheduler (interval = a week ÷ entries published in
 * the last week, within 5 min and 24 h; reader/model/feed.go ScheduleNextCheck) ignore the hints,
 * as those pollers do; they back off after nothing. "held to fixed 10 min" is Radar with its pace set
 * so that its requests match fixed 10 min's.
 *
 * Run alone: `node bin/run-ts.js bench/latency.ts [seed…]`.
 */
import { pathToFileURL } from 'node:url';
import { configSchema } from '../src/config/schema.ts';
import { pollPolicy } from '../src/pipeline/settings.ts';
import { planPoll, type PollPolicy } from '../src/schedule/next-poll.ts';
import { observe, type Rhythm } from '../src/schedule/rhythm.ts';
import { rng } from '../src/shared/rng.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 00:00 UTC: the simulation's start. */
const T0 = Date.UTC(2026, 0, 5);
const DAYS = 14;
const HISTORY = 7 * DAY;
/** Mexico City, UTC−6 all year. */
const MX_OFFSET = -6 * HOUR;
/** Share of a feed's peak rate by Mexico City hour. */
const DAY_SHAPE = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1, 1, 1, 1, 1, 0.95, 0.9, 0.85, 0.8, 0.7, 0.55, 0.4, 0.25];
const DAY_SHAPE_SUM = DAY_SHAPE.reduce((a, b) => a + b, 0);

type Kind = 'wire' | 'major' | 'outlet' | 'weekly' | 'dormant';

interface SimFeed {
  kind: Kind;
  host: string;
  /** Publication times, ascending. */
  items: number[];
  /** Items a document shows. */
  window: number;
  maxAgeMs: number | null;
  ttlMs: number | null;
  updatePeriodMs: number | null;
  /** Outage windows [start, end), ascending. */
  outages: Array<[number, number]>;
}

const exp = (random: () => number, rate: number) => -Math.log(1 - random()) / rate;

/** The news day's share at `t`: Mexico City hour, half on weekends. */
function newsShape(t: number): number {
  const local = t + MX_OFFSET;
  const hour = Math.floor(local / HOUR) % 24;
  const weekday = (Math.floor(local / DAY) + 4) % 7; // 0 = Sunday (1 Jan 1970 was a Thursday)
  return DAY_SHAPE[hour]! * (weekday === 0 || weekday === 6 ? 0.5 : 1);
}

/** Times of an inhomogeneous Poisson process with rate `peakPerHour × newsShape`, by thinning. */
function newsProcess(random: () => number, peakPerHour: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from + exp(random, peakPerHour / HOUR); t < to; t += exp(random, peakPerHour / HOUR)) {
    if (random() < newsShape(t)) out.push(t);
  }
  return out;
}

export function buildFeeds(seed: number): SimFeed[] {
  const random = rng(seed);
  const from = T0 - HISTORY;
  const to = T0 + DAYS * DAY;
  const feeds: SimFeed[] = [];
  const add = (kind: Kind, host: string, items: number[], window: number) =>
    feeds.push({ kind, host, items, window, maxAgeMs: null, ttlMs: null, updatePeriodMs: null, outages: [] });

  for (let i = 0; i < 20; i += 1) add('wire', `wire${i}`, newsProcess(random, 20 + 40 * random(), from, to), 50);
  for (let i = 0; i < 200; i += 1) add('major', `major${Math.floor(i / 8)}`, newsProcess(random, 3 + 7 * random(), from, to), 30);
  for (let i = 0; i < 1500; i += 1) {
    const perDay = 2 + 6 * random();
    add('outlet', i < 300 ? `chain${Math.floor(i / 10)}` : `outlet${i}`, newsProcess(random, perDay / DAY_SHAPE_SUM, from, to), 20);
  }
  for (let i = 0; i < 230; i += 1) {
    const slots = random() < 0.3 ? 2 : 1;
    const items: number[] = [];
    for (let s = 0; s < slots; s += 1) {
      const slot = Math.floor(random() * 7) * DAY + (12 + Math.floor(random() * 14)) * HOUR; // 6:00–19:00 in Mexico City
      for (let week = from - 7 * DAY; week < to; week += 7 * DAY) {
        const t = week + slot + (random() - 0.5) * 40 * MIN;
        if (t >= from && t < to) items.push(t);
      }
    }
    add('weekly', `column${i}`, items.sort((a, b) => a - b), 10);
  }
  for (let i = 0; i < 50; i += 1) {
    const items: number[] = [];
    for (let t = from + exp(random, 1 / (30 * DAY)); t < to; t += exp(random, 1 / (30 * DAY))) items.push(t);
    add('dormant', `dormant${i}`, items, 10);
  }

  // Breaking news: every outlet picked by an event publishes a burst fading within about an hour.
  const bursty = feeds.filter((f) => f.kind === 'major' || f.kind === 'outlet');
  for (let t = from + exp(random, 1 / (2 * DAY)); t < to; t += exp(random, 1 / (2 * DAY))) {
    for (const feed of bursty) {
      if (random() >= 0.3) continue;
      const count = Math.round(-Math.log(1 - random()) * 4);
      const start = t + random() * 20 * MIN;
      for (let k = 0; k < count; k += 1) {
        const at = start + exp(random, 1 / HOUR);
        if (at < to) feed.items.push(at);
      }
    }
  }
  for (const feed of bursty) feed.items.sort((a, b) => a - b);

  for (const feed of feeds) {
    const r = random();
    if (r < 0.15) feed.maxAgeMs = 300_000;
    else if (r < 0.2) feed.maxAgeMs = 60_000;
    if (feed.kind === 'outlet') {
      const h = random();
      if (h < 0.03) feed.ttlMs = 60 * MIN;
      else if (h < 0.06) feed.updatePeriodMs = HOUR;
    }
    for (let t = from + exp(random, 1 / (7 * DAY)); t < to; t += exp(random, 1 / (7 * DAY))) feed.outages.push([t, t + 20 * MIN]);
  }
  return feeds;
}

/** What one scheduler decides after a poll. */
interface Observation {
  now: number;
  feed: SimFeed;
  /** Publication times of the items new to this poller (the whole document on the first poll). */
  fresh: number[];
  first: boolean;
  failed: boolean;
}

type Scheduler = () => (o: Observation) => number;

export function fixed(intervalMs: number): Scheduler {
  return () => {
    const random = rng(7);
    return (o) => o.now + intervalMs * (1 + 0.1 * (2 * random() - 1));
  };
}

/**
 * Miniflux's entry_frequency scheduler with its defaults (factor 1, 5 min to 24 h): the week's count
 * is of the entries it has stored (every item it has seen) published in the last seven days.
 */
function miniflux(): Scheduler {
  return () => {
    const stored = new Map<SimFeed, number[]>();
    return (o) => {
      const seen = stored.get(o.feed) ?? [];
      seen.push(...o.fresh);
      const recent = seen.filter((t) => t > o.now - 7 * DAY);
      stored.set(o.feed, recent);
      const weekly = recent.length;
    const minutes = weekly === 0 ? 24 * 60 : Math.max(5, Math.min(24 * 60, Math.round((7 * 24 * 60) / weekly)));
      return o.now + minutes * MIN;
    };
  };
}

/** Radar's policy as the config file's defaults make it. */
export const DEFAULT_POLICY: PollPolicy = pollPolicy(configSchema.shape.poll.parse(undefined));

export function radar(policy: PollPolicy, hostFeeds: Map<string, number>): Scheduler {
  return () => {
    const random = rng(11);
    const rhythms = new Map<SimFeed, Rhythm>();
    const failures = new Map<SimFeed, number>();
    return (o) => {
      const failed = o.failed ? (failures.get(o.feed) ?? 0) + 1 : 0;
      failures.set(o.feed, failed);
      let rhythm = rhythms.get(o.feed) ?? null;
      if (!o.failed) {
        rhythm = observe(rhythm, o.fresh, o.now);
        rhythms.set(o.feed, rhythm);
      }
      const hints = o.failed
        ? { retryAfterMs: 600_000 }
        : { maxAgeMs: o.feed.maxAgeMs, ttlMs: o.feed.ttlMs, updatePeriodMs: o.feed.updatePeriodMs };
      return planPoll({ now: o.now, policy, rhythm, failures: failed, hints, hostFeeds: hostFeeds.get(o.feed.host) ?? 1, random }).at;
    };
  };
}

interface Outcome {
  delays: Float64Array;
  missed: number;
  requests: number;
}

/** Runs one scheduler over every feed; delays of items published in the 14 days, in ms. */
export function simulate(feeds: readonly SimFeed[], scheduler: Scheduler): Outcome {
  const decide = scheduler();
  const end = T0 + DAYS * DAY;
  const delays: number[] = [];
  let missed = 0;
  let requests = 0;
  const start = rng(3);
  for (const feed of feeds) {
    // Each feed is polled on its own: schedulers see only their feed (the host budget is a count).
    let now = T0 + start() * 10 * MIN;
    let seen = 0; // items[0..seen) are known (or missed)
    let first = true;
    let outage = 0;
    while (now < end) {
      requests += 1;
      while (outage < feed.outages.length && feed.outages[outage]![1] <= now) outage += 1;
      const failed = outage < feed.outages.length && feed.outages[outage]![0] <= now;
      let published = seen;
      while (published < feed.items.length && feed.items[published]! <= now) published += 1;
      const shownFrom = Math.max(0, published - feed.window);
      let fresh: number[] = [];
      if (!failed) {
        if (first) {
          fresh = feed.items.slice(shownFrom, published);
          for (let i = seen; i < published; i += 1) if (feed.items[i]! >= T0) delays.push(now - feed.items[i]!);
        } else {
          for (let i = seen; i < published; i += 1) {
            const t = feed.items[i]!;
            if (i < shownFrom) {
              if (t >= T0) missed += 1;
            } else {
              fresh.push(t);
              if (t >= T0) delays.push(now - t);
            }
          }
        }
        seen = published;
      }
      const next = decide({ now, feed, fresh, first, failed });
      if (!failed) first = false;
      now = Math.max(next, now + 1000);
    }
    for (let i = seen; i < feed.items.length; i += 1) if (feed.items[i]! >= T0 && feed.items[i]! < end) missed += 1;
  }
  return { delays: Float64Array.from(delays).sort(), missed, requests };
}

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

function row(label: string, o: Outcome, feeds: number): string {
  const m = (ms: number) => `${(ms / MIN).toFixed(1)} min`;
  return `| ${label.padEnd(36)} | ${m(quantile(o.delays, 0.5)).padStart(9)} | ${m(quantile(o.delays, 0.95)).padStart(9)} | ${(o.requests / feeds / DAYS).toFixed(1).padStart(12)} | ${String(o.missed).padStart(6)} |`;
}

/** Radar's pace at which its requests come to `budget` (bisection on the pace). */
function paceForBudget(feeds: readonly SimFeed[], hostFeeds: Map<string, number>, budget: number): { pace: number; outcome: Outcome } {
  let low = 2 * MIN;
  let high = 16 * MIN;
  let best: { pace: number; outcome: Outcome } | null = null;
  for (let i = 0; i < 7; i += 1) {
    const pace = (low + high) / 2;
    const outcome = simulate(feeds, radar({ ...DEFAULT_POLICY, paceMs: pace }, hostFeeds));
    if (outcome.requests <= budget) {
      best = { pace, outcome };
      high = pace;
    } else low = pace;
  }
  return best ?? { pace: high, outcome: simulate(feeds, radar({ ...DEFAULT_POLICY, paceMs: high }, hostFeeds)) };
}

/** Prints the latency table for one seed. */
export function benchLatency(seed = 1): void {
  const feeds = buildFeeds(seed);
  const hostFeeds = new Map<string, number>();
  for (const feed of feeds) hostFeeds.set(feed.host, (hostFeeds.get(feed.host) ?? 0) + 1);
  const items = feeds.reduce((n, f) => n + f.items.filter((t) => t >= T0).length, 0);
  console.log(`latency simulation: seed ${seed}, ${feeds.length} feeds, ${DAYS} days, ${items.toLocaleString('en-US')} items published`);
  console.log(`| ${'scheduler'.padEnd(36)} |    median |       p95 | req/feed/day | missed |`);
  console.log(`|${'-'.repeat(38)}|----------:|----------:|-------------:|-------:|`);
  const fixed10 = simulate(feeds, fixed(10 * MIN));
  console.log(row('Radar adaptive (defaults)', simulate(feeds, radar(DEFAULT_POLICY, hostFeeds)), feeds.length));
  console.log(row('fixed 10 min', fixed10, feeds.length));
  console.log(row('fixed 15 min', simulate(feeds, fixed(15 * MIN)), feeds.length));
  console.log(row('Miniflux entry_frequency', simulate(feeds, miniflux()), feeds.length));
  const held = paceForBudget(feeds, hostFeeds, fixed10.requests);
  console.log(row(`Radar held to fixed 10 (pace ${(held.pace / MIN).toFixed(1)}m)`, held.outcome, feeds.length));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seeds = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n));
  for (const seed of seeds.length ? seeds : [1]) benchLatency(seed);
}
