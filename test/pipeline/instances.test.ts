/**
 * Several Radar instances on one PostgreSQL database, in one process: each polls the due feeds it
 * claims and delivers the channels it holds a lease on. Every feed is fetched once per interval,
 * whichever instance gets it, and every alert is posted once per channel, in the channel's order;
 * an instance that vanished without letting go of its feeds loses them when its lease runs out.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/adapters/index.ts';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { useTestRadars, type TestFeed, type TestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const INTERVAL = 5 * 60_000;
const LEASE = 60_000;

/** One event per title, each its own story, all relevant to the channels' topic. */
const EVENTS = [
  'Sheinbaum rejects any US military strike against cartels on Mexican soil',
  'Extraditan a Estados Unidos a líder del Cártel de Sinaloa',
  'Senate hawks push drone strikes on Jalisco cartel labs; Mexico warns of sovereignty breach',
  'Pentagon weighs special forces raid on Sinaloa cartel, Mexican officials object',
  'Gobierno de México rechaza intervención militar estadounidense contra el CJNG',
  'Trump designates Gulf Cartel a terrorist organization, Mexico calls it interference',
  'Marina detiene a operador del Cártel del Golfo en Tamaulipas; EU pedía su extradición',
  'US troops near border spark sovereignty dispute after cartel shootout in Sonora',
];

/** Two desks following the same feeds (one Radar channel each, on two platform channels). */
const CHANNELS = ['a', 'b'].map((desk) => `  - { id: desk-${desk}, adapter: console, target: ${desk.toUpperCase()}, topics: [cartel-sovereignty], threshold: 0.5 }`).join('\n');

interface Post { by: string; target: string; key: string }

/** Stands in for the console adapter of one instance, writing what it posts to a shared log. */
function recorder(by: string, log: Post[]): ChatAdapter {
  let n = 0;
  const record = async (target: string, key: string) => {
    // A post takes a moment: the other instances run meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
    log.push({ by, target, key });
    return `${by}-${++n}`;
  };
  return {
    name: 'console',
    async start() {},
    post: (target, alert) => record(target, alert.itemKey),
    reply: (target, _parent, followUp) => record(target, `follow-up:${followUp.storyId}`),
    postOverflow: (target, overflow) => record(target, `overflow:${overflow.source}`),
    postDigest: (target, digest) => record(target, `digest:${digest.window}`),
    async stop() {},
  };
}

describeOnPostgres('several instances on one PostgreSQL database', () => {
  const radars = useTestRadars();
  let started: TestRadar[] = [];
  let drop = async () => {};
  afterEach(async () => {
    // Stopped before their database is dropped.
    await Promise.all(started.map((t) => t.radar.stop()));
    started = [];
    await drop();
    drop = async () => {};
  });

  it('fetches each feed once per interval and posts each alert once per channel, in order', async () => {
    const { server } = radars;
    const db = await createTestDatabase();
    drop = db.drop;
    let now = NOW;
    const feeds: TestFeed[] = EVENTS.slice(0, 4).map((_, i) => ({ id: `outlet-${i}`, name: `Outlet ${i}`, url: server.url(`/outlet-${i}.xml`) }));
    const entries: FeedEntrySpec[][] = feeds.map(() => []);
    /** Each outlet publishes an event (its own guid), newest first. */
    const publish = (i: number, event: string) => {
      entries[i]!.unshift({ title: event, link: `https://outlet-${i}.example/${entries[i]!.length}`, guid: `outlet-${i}-${entries[i]!.length}`, description: event, pubDate: new Date(now - 60_000) });
      server.serve(`/outlet-${i}.xml`, rssFeed({ title: `Outlet ${i}`, items: entries[i]! }));
    };
    feeds.forEach((_, i) => publish(i, EVENTS[i]!));

    const posts: Post[] = [];
    started = await Promise.all(['one', 'two', 'three'].map((by) => radars.start(feeds, {
      env: { DATABASE_URL: db.url }, clock: () => now, instanceId: by, adapters: [recorder(by, posts)],
      // One feed claimed at a time: every instance gets feeds, queues alerts and drains at once.
      channelsYaml: CHANNELS, pollYaml: `interval: 5m, jitter: 0, firstPollAlerts: 3, lease: 1m, batch: 1`,
    })));
    const pollAll = () => Promise.all(started.map((t) => t.radar.pollOnce({ onlyDue: true })));
    const fetches = () => feeds.map((f) => server.requests(new URL(f.url).pathname).length);

    const first = await pollAll();
    expect(fetches()).toEqual([1, 1, 1, 1]);
    // The instances shared the feeds.
    expect(first.filter((results) => results.length > 0).length).toBeGreaterThan(1);
    // Nothing is due again within the interval, whoever asks.
    now += INTERVAL - 1;
    await pollAll();
    expect(fetches()).toEqual([1, 1, 1, 1]);

    // The next interval: two outlets have news, every feed is fetched once more.
    now += 1;
    publish(1, EVENTS[4]!);
    publish(3, EVENTS[5]!);
    publish(3, EVENTS[6]!);
    await pollAll();
    expect(fetches()).toEqual([2, 2, 2, 2]);

    // Each alert once per channel, in the order of the channel's queue. (Rows that instances queue
    // at the same moment take their places as their writes commit: the order that holds is each write's.)
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const queued = (await client.query(`SELECT channel_id, item_id, payload, status FROM outbox ORDER BY next_attempt_at, id`)).rows as Array<{ channel_id: string; item_id: number; payload: string; status: string }>;
    const feedOf = new Map(((await client.query('SELECT id, feed_id FROM items')).rows as Array<{ id: number; feed_id: string }>).map((r) => [Number(r.id), r.feed_id]));
    await client.end();
    expect(queued.every((r) => r.status === 'sent')).toBe(true);
    for (const [channel, target] of [['desk-a', 'A'], ['desk-b', 'B']] as const) {
      const rows = queued.filter((r) => r.channel_id === channel).map((r) => ({ key: (JSON.parse(r.payload) as { itemKey: string }).itemKey, feed: feedOf.get(Number(r.item_id)) }));
      const posted = posts.filter((p) => p.target === target).map((p) => p.key);
      expect(rows).toHaveLength(7);
      expect([...posted].sort()).toEqual(rows.map((r) => r.key).sort());
      for (const feed of feeds) {
        const mine = rows.filter((r) => r.feed === feed.id).map((r) => r.key);
        expect(posted.filter((key) => mine.includes(key))).toEqual(mine);
      }
    }
  });

  it('gives the feeds of an instance that vanished to another once its lease runs out', async () => {
    const { server } = radars;
    const db = await createTestDatabase();
    drop = db.drop;
    let now = NOW;
    const feeds: TestFeed[] = [0, 1, 2].map((i) => ({ id: `outlet-${i}`, name: `Outlet ${i}`, url: server.url(`/outlet-${i}.xml`) }));
    feeds.forEach((f, i) => server.serve(new URL(f.url).pathname, rssFeed({ title: f.name, items: [{ title: EVENTS[i]!, link: `https://outlet-${i}.example/1`, pubDate: new Date(NOW - 60_000) }] })));
    const posts: Post[] = [];
    const [survivor] = started = [await radars.start(feeds, {
      env: { DATABASE_URL: db.url }, clock: () => now, instanceId: 'survivor', adapters: [recorder('survivor', posts)],
      channelsYaml: CHANNELS, pollYaml: `interval: 5m, jitter: 0, firstPollAlerts: 3, lease: 1m`,
    })];
    // Another instance claimed every due feed, then died before polling them.
    const { store } = survivor!.radar;
    expect(await store.claimFeeds('vanished', now, now + LEASE, 100)).toHaveLength(3);

    expect(await survivor!.radar.pollOnce({ onlyDue: true })).toEqual([]);
    now += LEASE - 1;
    expect(await survivor!.radar.pollOnce({ onlyDue: true })).toEqual([]);
    now += 1;
    expect((await survivor!.radar.pollOnce({ onlyDue: true })).map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(feeds.map((f) => server.requests(new URL(f.url).pathname).length)).toEqual([1, 1, 1]);
    expect(posts.map((p) => p.target).sort()).toEqual(['A', 'A', 'A', 'B', 'B', 'B']);
  });
});
