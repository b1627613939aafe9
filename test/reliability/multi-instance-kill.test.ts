/**
 * Three `radar run` processes on one PostgreSQL database, 300 feeds on one local server, two Slack
 * channels on a local Slack stand-in. Outlets publish during the test: thirteen distinct events and
 * one event reported by five outlets in English and Spanish, at three moments. One instance is
 * killed with SIGKILL in the middle of a cycle: while a post it made is held unanswered by Slack
 * and it fetches feeds it claimed. It is started again. Each instance has its own user agent and
 * bot token, so every fetch and post is attributed.
 *
 * From the feed server's request log and the posts Slack received:
 * - every feed is fetched at most once per poll interval; the only exceptions are the feeds the
 *   killed instance was fetching (its claims), fetched once more after it died;
 * - every alert reaches each channel once; the held post is posted again (README: "the one window
 *   for a duplicate"), and no other copy is made but one the killed instance had under way;
 * - the five reports of the event make one alert per channel, the other four reports follow-ups in
 *   its thread; every report is one story in the database;
 * - each channel is posted by one instance at a time at Slack's pace (a post at least a second
 *   after the previous one, whichever instance made it) and in outbox order.
 * The counts are printed (alerts expected, delivered, duplicated; fetches per feed).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/index.ts';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { startSlackStandIn, type ApiCall, type SlackStandIn } from '../helpers/slack-stand-in.ts';
import { startRadar, type RunningRadar } from '../helpers/spawn-radar.ts';
import { EVENT, OTHERS, type Report } from './multi-instance-items.ts';

const FEEDS = 300;
const INTERVAL_MS = 5_000;
const BATCH = 20;
const CHANNELS = { newsroom: 'C0NEWSROOM', desk: 'C0SECURITY' } as const;
/** Slack's pace per channel (one post a second), as every instance must keep it together. */
const PACE_MS = 1_000;

const feedId = (i: number) => `f${String(i).padStart(3, '0')}`;
/** Who publishes what, and when: feed index and report, in three steps. */
const EVENT_FEEDS = [11, 83, 151, 222, 290];
const OTHER_FEEDS = OTHERS.map((_, k) => 5 + k * 19);
const STEPS: Array<Array<{ feed: number; report: Report }>> = [
  [...OTHERS.slice(0, 6).map((report, k) => ({ feed: OTHER_FEEDS[k]!, report })), { feed: EVENT_FEEDS[0]!, report: EVENT[0]! }, { feed: EVENT_FEEDS[1]!, report: EVENT[1]! }],
  [...OTHERS.slice(6, 11).map((report, k) => ({ feed: OTHER_FEEDS[6 + k]!, report })), { feed: EVENT_FEEDS[2]!, report: EVENT[2]! }, { feed: EVENT_FEEDS[3]!, report: EVENT[3]! }],
  [...OTHERS.slice(11).map((report, k) => ({ feed: OTHER_FEEDS[11 + k]!, report })), { feed: EVENT_FEEDS[4]!, report: EVENT[4]! }],
];
const outletName = (i: number) => EVENT[EVENT_FEEDS.indexOf(i)]?.outlet ?? `Outlet ${feedId(i)}`;

interface Fetch { feed: string; agent: string; at: number; answered: boolean }

describeOnPostgres('three instances on one database, one killed mid-cycle', () => {
  let server: FeedServer;
  let slack: SlackStandIn;
  let dir: string;
  let db: { url: string; drop: () => Promise<void> };
  const running = new Map<string, RunningRadar>();
  const fetches: Fetch[] = [];
  const published = new Map<string, FeedEntrySpec[]>();
  /** Requests of this user agent are held unanswered (the instance is about to be killed). */
  let holdAgent: string | null = null;
  const held: Array<() => void> = [];

  const agent = (name: string) => `Radar-kill-test/${name}`;
  const token = (name: string) => `xoxb-kill-${name}-0001`;

  function feedRoute(id: string) {
    return (req: IncomingMessage, res: ServerResponse) => {
      const fetch: Fetch = { feed: id, agent: String(req.headers['user-agent']), at: Date.now(), answered: false };
      fetches.push(fetch);
      const items = published.get(id)!;
      const etag = `"${id}-${items.length}"`;
      const answer = () => {
        fetch.answered = true;
        if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
        else res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rssFeed({ title: outletName(Number(id.slice(1))), items }));
      };
      if (holdAgent !== null && fetch.agent === holdAgent) return new Promise<void>((resolve) => held.push(resolve)).then(() => void res.destroy());
      answer();
    };
  }

  function publish(step: number) {
    for (const { feed, report } of STEPS[step]!) {
      const id = feedId(feed);
      published.get(id)!.unshift({ title: report.title, link: report.url, description: report.summary, pubDate: new Date(Date.now() - 60_000) });
    }
  }

  function configFor(name: string): string {
    const feeds = Array.from({ length: FEEDS }, (_, i) => {
      const lang = EVENT[EVENT_FEEDS.indexOf(i)]?.lang ?? (OTHERS[OTHER_FEEDS.indexOf(i)]?.lang ?? 'en');
      return `  - { id: ${feedId(i)}, name: ${JSON.stringify(outletName(i))}, url: ${JSON.stringify(server.url(`/${feedId(i)}.xml`))}, lang: ${lang}, article: never }`;
    });
    const file = join(dir, `radar-${name}.yaml`);
    writeFileSync(file, `
database: ${JSON.stringify(db.url)}
databasePool: 4
poll: { tick: "* * * * * *", interval: ${INTERVAL_MS / 1000}s, jitter: 0, firstPollAlerts: 0, lease: 30s, batch: ${BATCH}, shutdownGrace: 3s }
fetch: { userAgent: ${JSON.stringify(agent(name))}, perHostConcurrency: 8, articlesPerCycle: 0 }
stories: { window: 72h, followUpEvery: 1s }
alerts: { perFeedPerPoll: 5, perChannelPerHour: 1000 }
topics:
  - { id: cartel-sovereignty, file: ${JSON.stringify(resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml'))} }
channels:
  - { id: newsroom, adapter: slack, target: ${CHANNELS.newsroom}, topics: [cartel-sovereignty] }
  - { id: desk, adapter: slack, target: ${CHANNELS.desk}, topics: [cartel-sovereignty] }
feeds:
${feeds.join('\n')}
`);
    return file;
  }

  function start(name: string): RunningRadar {
    const radar = startRadar(['run'], {
      RADAR_CONFIG: configFor(name), DATABASE_URL: db.url, LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: token(name), SLACK_APP_TOKEN: `xapp-kill-${name}-0001`, SLACK_API_URL: slack.apiUrl,
    });
    running.set(name, radar);
    return radar;
  }

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Waits for `check`, failing with the step's name and the instances' last log lines. */
  async function until(step: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, state = async () => ''): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) {
        const logs = [...running].map(([name, r]) => `--- ${name}\n${r.stderr().split('\n').slice(-8).join('\n')}`).join('\n');
        throw new Error(`${step}: timed out\n${await state()}\n${logs}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    server = await startFeedServer();
    slack = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'radar-instances-'));
    db = await createTestDatabase();
    for (let i = 0; i < FEEDS; i++) {
      const id = feedId(i);
      published.set(id, []);
      server.route(`/${id}.xml`, feedRoute(id));
    }
  });
  afterAll(async () => {
    for (const radar of running.values()) await radar.stop('SIGKILL');
    for (const release of held) release();
    await slack?.close();
    await server?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fetches each feed once per interval, posts each alert once per channel in order, one alert per story', { timeout: 120_000 }, async () => {
    const began = Date.now();
    const posts = () => slack.callsTo('chat.postMessage');
    const fetchedBy = (name: string) => fetches.filter((f) => f.agent === agent(name));

    // Three instances start on an empty database (they migrate it once) and share the first poll.
    for (const name of ['a', 'b', 'c']) start(name);
    await until('the first poll of every feed', async () =>
      Number((await query<{ n: string }>('SELECT COUNT(*) AS n FROM feeds WHERE seeded = 1').catch(() => [{ n: '0' }]))[0]!.n) === FEEDS, 60_000);

    // Step 1: six events and the first two reports of the multi-outlet one (English and Spanish).
    publish(0);
    await until('the first alerts', () => posts().length > 0);

    // Step 2: the next post is held unanswered (Slack has it); the instance that made it is the one
    // killed, once it also fetches feeds it claimed (their answers held too).
    const post = slack.holdNext('chat.postMessage');
    let postArrived = false;
    void post.arrived.then(() => { postArrived = true; });
    await until('a post to hold', () => postArrived);
    const heldPost = posts().find((p) => p.answer === undefined)!;
    const victim = ['a', 'b', 'c'].find((n) => token(n) === heldPost.token)!;
    const restarted = `${victim}2`;
    const names = ['a', 'b', 'c', restarted];
    holdAgent = agent(victim);
    const heldBefore = fetchedBy(victim).length;
    publish(1);
    await until(`instance ${victim} fetching`, () => held.length >= 2 && fetchedBy(victim).length > heldBefore);
    const killed = running.get(victim)!;
    await killed.stop('SIGKILL');
    const killedAt = Date.now();
    running.delete(victim);
    // What it held when it died (instance ids are host:pid:random).
    const owner = `%:${killed.child.pid}:%`;
    const claimedAtKill = new Set((await query<{ id: string }>('SELECT id FROM feeds WHERE claimed_by LIKE $1', [owner])).map((r) => r.id));
    const leasedAtKill = (await query<{ channel: string }>('SELECT channel FROM channel_leases WHERE owner LIKE $1', [owner])).map((r) => r.channel);
    for (const release of held.splice(0)) release();
    holdAgent = null;
    post.release();

    // Started again, it takes its share (and lets go of what it held); step 3 follows.
    start(restarted);
    await until(`${restarted} polling`, () => fetchedBy(restarted).length > 0);
    publish(2);

    // Settled: every alert and every follow-up report in both channels, nothing left in the outbox.
    const expectedAlerts = OTHERS.length + 1;
    const reportsIn = (call: ApiCall) => EVENT.filter((r) => JSON.stringify(call.body.blocks).includes(`<${r.url}|`)).map((r) => r.url);
    await until('every alert and follow-up delivered', async () => {
      for (const channel of Object.values(CHANNELS)) {
        const mine = posts().filter((p) => p.body.channel === channel);
        const alerted = new Set(mine.filter((p) => !p.body.thread_ts).map((p) => JSON.stringify(p.body.blocks)));
        const reported = new Set(mine.filter((p) => p.body.thread_ts).flatMap(reportsIn));
        if (alerted.size < expectedAlerts || reported.size < EVENT.length - 1) return false;
      }
      const [pending] = await query<{ n: string }>("SELECT COUNT(*) AS n FROM outbox WHERE status <> 'sent'");
      return pending!.n === '0';
    }, 60_000, async () => {
      const outbox = await query('SELECT channel_id, kind, status, attempts, last_error, COUNT(*) AS n FROM outbox GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3');
      const leases = await query('SELECT * FROM channel_leases');
      const followUps = await query("SELECT id, channel_id, status, message_id, next_attempt_at, sent_at, payload FROM outbox WHERE kind = 'follow_up' ORDER BY id");
      const seen = Object.fromEntries(Object.entries(CHANNELS).map(([id, target]) => {
        const mine = posts().filter((p) => p.body.channel === target);
        return [id, { alerts: new Set(mine.filter((p) => !p.body.thread_ts).map((p) => JSON.stringify(p.body.blocks))).size, reports: [...new Set(mine.filter((p) => p.body.thread_ts).flatMap(reportsIn))] }];
      }));
      return JSON.stringify({ seen, outbox, leases, followUps, posted: posts().filter((p) => p.body.thread_ts).map((p) => ({ channel: p.body.channel, at: p.at, ts: (p.answer as { ts?: string } | undefined)?.ts, reports: reportsIn(p) })), now: Date.now() });
    });
    const settledAt = Date.now();

    // SIGTERM: each instance stops cleanly.
    for (const [name, radar] of running) expect(await radar.stop('SIGTERM'), `${name} exit status`).toBe(0);
    const ranMs = Date.now() - began;

    // Fetches: at most once per interval; an earlier fetch closer than that must be one of the claims
    // the killed instance held when it died (its poll never recorded).
    const extras: string[] = [];
    const tooSoon: string[] = [];
    const perFeed: number[] = [];
    let longestGap = 0;
    for (let i = 0; i < FEEDS; i++) {
      const mine = fetches.filter((f) => f.feed === feedId(i) && f.at <= settledAt);
      perFeed.push(mine.length);
      for (let k = 1; k < mine.length; k++) {
        const gap = mine[k]!.at - mine[k - 1]!.at;
        longestGap = Math.max(longestGap, gap);
        if (gap >= INTERVAL_MS * 0.8) continue;
        const previous = mine[k - 1]!;
        if (previous.agent === agent(victim) && previous.at <= killedAt && claimedAtKill.has(previous.feed)) extras.push(previous.feed);
        else tooSoon.push(`${previous.feed}: ${previous.agent} then ${mine[k]!.agent} ${gap} ms apart`);
      }
    }

    // Posts, per channel.
    const itemOf = (call: ApiCall) => [...EVENT, ...OTHERS].find((r) => JSON.stringify(call.body.blocks).includes(`<${r.url}|`))?.url ?? null;
    const summary: Record<string, unknown> = {};
    const rows = await query<{ id: string; channel_id: string; kind: string; next_attempt_at: string; created_at: string; message_id: string | null }>(
      'SELECT id, channel_id, kind, next_attempt_at, created_at, message_id FROM outbox');
    for (const [channelId, target] of Object.entries(CHANNELS)) {
      const mine = posts().filter((p) => p.body.channel === target);
      const alerts = mine.filter((p) => !p.body.thread_ts);
      const followUps = mine.filter((p) => p.body.thread_ts);

      // Each alert once, but for a copy of the killed instance's last post before it died.
      const byItem = new Map<string | null, ApiCall[]>();
      for (const p of alerts) byItem.set(itemOf(p), [...(byItem.get(itemOf(p)) ?? []), p]);
      expect(byItem.has(null), `${channelId}: an alert for an item nobody published`).toBe(false);
      const duplicates = [...byItem.values()].filter((copies) => copies.length > 1);
      const followUpReports = followUps.flatMap(reportsIn);
      const repeatedReports = followUpReports.filter((url, k) => followUpReports.indexOf(url) !== k);
      const lastOfKilled = mine.filter((p) => p.token === token(victim) && p.at <= killedAt).at(-1);
      // The held post was Slack's when its instance died: posted again, the one duplicate of its channel.
      if (target === heldPost.body.channel) expect(lastOfKilled, `${channelId}: the held post`).toBe(heldPost);
      const expectedCopies = target === heldPost.body.channel ? 1 : 0;
      for (const copies of duplicates) {
        expect(copies, `${channelId}: ${itemOf(copies[0]!)} posted ${copies.length} times`).toHaveLength(2);
        expect(copies[0], `${channelId}: a duplicate that was not the killed instance's post in flight`).toBe(lastOfKilled);
      }
      if (repeatedReports.length) expect(lastOfKilled?.body.thread_ts, `${channelId}: a follow-up posted twice`).toBeDefined();
      // The other channel may have had a post of the killed instance under way too (a few milliseconds).
      expect(duplicates.length + repeatedReports.length, `${channelId}: duplicates`).toBeGreaterThanOrEqual(expectedCopies);
      expect(duplicates.length + repeatedReports.length, `${channelId}: duplicates`).toBeLessThanOrEqual(1);

      // The event: one alert, the other four reports as follow-ups in its thread.
      const eventAlerts = [...byItem.keys()].filter((url) => EVENT.some((r) => r.url === url));
      expect(eventAlerts, `${channelId}: alerts of the multi-outlet event`).toHaveLength(1);
      expect(byItem.size).toBe(OTHERS.length + 1);
      const eventTs = (byItem.get(eventAlerts[0]!)!.at(-1)!.answer as { ts: string }).ts;
      for (const p of followUps) expect(p.body.thread_ts, `${channelId}: a follow-up outside the event's thread`).toBe(eventTs);
      expect(new Set(followUpReports)).toEqual(new Set(EVENT.map((r) => r.url).filter((url) => url !== eventAlerts[0])));

      // One instance at a time, at Slack's pace: consecutive posts a second apart, except right
      // after the killed instance's last post (its pace was not yet shared when it died).
      for (let k = 1; k < mine.length; k++) {
        if (mine[k - 1] === lastOfKilled) continue;
        expect(mine[k]!.at - mine[k - 1]!.at, `${channelId}: posts ${k - 1} and ${k} (${mine[k - 1]!.token} then ${mine[k]!.token})`).toBeGreaterThanOrEqual(PACE_MS - 5);
      }

      // Outbox order: a post comes after every row ordered before it that was written before it. A
      // write that queues alerts for a channel holds its lock to the commit (both channels here take
      // the same items, so every write that queues holds both), so ids follow the order writes
      // committed: a row ordered earlier (its feed read earlier) may go later only when its write
      // committed later (a larger id), after the queue was read. Timing plays no part: under load a
      // write may commit several seconds after its feeds were read.
      const row = new Map(rows.filter((r) => r.channel_id === channelId && r.message_id).map((r) => [r.message_id!, r]));
      const sent = mine.map((p) => ({ post: p, row: row.get((p.answer as { ts?: string } | undefined)?.ts ?? '') })).filter((s) => s.row);
      const key = (r: { next_attempt_at: string; id: string }) => [Number(r.next_attempt_at), Number(r.id)] as const;
      const before = (x: readonly [number, number], y: readonly [number, number]) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
      for (let k = 0; k < sent.length; k++) {
        for (let j = k + 1; j < sent.length; j++) {
          if (!before(key(sent[j]!.row!), key(sent[k]!.row!))) continue;
          expect(Number(sent[j]!.row!.id), `${channelId}: row ${sent[j]!.row!.id}, ordered before row ${sent[k]!.row!.id} and written before it, posted after it`).toBeGreaterThan(Number(sent[k]!.row!.id));
        }
      }
      expect(sent).toHaveLength(rows.filter((r) => r.channel_id === channelId).length);
      summary[channelId] = {
        alertsExpected: expectedAlerts, alertsDelivered: alerts.length, followUpPosts: followUps.length,
        duplicated: duplicates.length + repeatedReports.length,
        byInstance: Object.fromEntries(names.map((n) => [n, mine.filter((p) => p.token === token(n)).length])),
      };
    }

    // One story per event in the database: the five reports share one, the others one each.
    const stories = await query<{ url: string; story_id: string }>('SELECT url, story_id FROM items');
    const storyOf = new Map(stories.map((s) => [s.url, s.story_id]));
    expect(new Set(EVENT.map((r) => storyOf.get(r.url))).size).toBe(1);
    expect(new Set([...OTHERS, EVENT[0]!].map((r) => storyOf.get(r.url))).size).toBe(OTHERS.length + 1);

    const sorted = [...perFeed].sort((x, y) => x - y);
    console.log(`multi-instance kill test: ${JSON.stringify({
      ranMs, feeds: FEEDS, intervalMs: INTERVAL_MS,
      fetchesPerFeed: { min: sorted[0], median: sorted[FEEDS >> 1], max: sorted.at(-1), total: fetches.length, longestGapMs: longestGap },
      killed: victim, fetchesByInstance: Object.fromEntries(names.map((n) => [n, fetchedBy(n).length])),
      killedHeld: { feeds: claimedAtKill.size, heldUnanswered: fetches.filter((f) => f.agent === agent(victim) && !f.answered).length, heldPost: heldPost.body.channel, channelLeases: leasedAtKill },
      claimsPolledAgain: [...claimedAtKill].filter((id) => fetches.some((f) => f.feed === id && f.at > killedAt)).length,
      fetchedTwiceInAnInterval: extras.length, tooSoon: tooSoon.length, channels: summary,
    }, null, 1)}`);

    expect(tooSoon).toEqual([]);
    // Killed mid-cycle: it held claims, each feed of them fetched once more at most.
    expect(claimedAtKill.size).toBeGreaterThan(0);
    expect(new Set(extras).size).toBe(extras.length);
    // Its claims came back: each of those feeds was polled again after it died.
    for (const id of claimedAtKill) expect(fetches.some((f) => f.feed === id && f.at > killedAt && f.answered), `${id} polled after the kill`).toBe(true);
    // Not starved either: every feed polled again within a few intervals, across the kill too.
    expect(longestGap).toBeLessThan(INTERVAL_MS * 4);
  });
});
