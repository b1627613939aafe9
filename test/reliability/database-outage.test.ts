/**
 * A database that goes away during `radar run`, in the middle of a poll cycle (its connections
 * terminated with pg_terminate_backend and the database closed to new ones, as in a restart), on
 * the real server: /readyz says 503 naming the database meanwhile, polling backs off (1 s, 2 s, …),
 * and once the database is back /readyz says 200, the cycle's feeds (left due) are read again, and
 * every alert (queued before the outage, or published during it) is delivered exactly once. No
 * feed is marked failed for it.
 */
import { createServer, type Server } from 'node:http';
import { expect, it } from 'vitest';
import { rssFeed, type FeedEntrySpec } from '../helpers/feed-server.ts';
import { admin, createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { useTestRadars } from '../helpers/radar.ts';
import { recordingAdapter } from '../helpers/recording-adapter.ts';

const HEADLINES: Record<string, string[]> = {
  a: ['Sheinbaum rejects any US military strike against cartels on Mexican soil'],
  b: ['Mexico extradites 26 cartel figures to the United States', 'Marina seizes fentanyl lab of the Sinaloa Cartel in Culiacán'],
  c: ['US designates six Mexican cartels as foreign terrorist organizations', 'Harfuch says homicides fell in Sinaloa as cartel war continues'],
};
const T0 = Date.parse('2025-10-01T12:00:00Z');

async function until<T>(check: () => Promise<T | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readyz = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.text() };
};

describeOnPostgres('the database lost during radar run', () => {
  const radars = useTestRadars();

  it('is retried with backoff, /readyz is 503 meanwhile and 200 after, and nothing stored or queued is lost', { timeout: 90_000 }, async () => {
    const { server } = radars;
    const published: Record<string, FeedEntrySpec[]> = { a: [], b: [], c: [] };
    let now = T0;
    // Outlet b is served apart, so that the test can hold its answer while the database goes away.
    let bodyB = '';
    let hold: Promise<void> | null = null;
    let held = false;
    const slow: Server = createServer((_request, response) => {
      held = hold !== null;
      void (hold ?? Promise.resolve()).then(() => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(bodyB));
    });
    const slowUrl = await new Promise<string>((resolve) => slow.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(slow.address() as { port: number }).port}/b.xml`)));
    const publish = (feed: string, index: number) => {
      const title = HEADLINES[feed]![index]!;
      published[feed]!.unshift({ title, link: `https://${feed}.example/${index}`, description: `${title}, officials said.`, pubDate: new Date(now - 60_000) });
      const body = rssFeed({ title: feed, items: published[feed]! });
      if (feed === 'b') bodyB = body;
      else server.serve(`/${feed}.xml`, body);
    };
    for (const feed of ['a', 'b', 'c']) publish(feed, 0);
    const feeds = ['a', 'b', 'c'].map((id) => ({ id, name: `Outlet ${id}`, url: id === 'b' ? slowUrl : server.url(`/${id}.xml`), lang: 'en' as const }));

    const db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    const chat = recordingAdapter();
    chat.state.failing = true; // the first alerts stay queued through the outage
    const log = captureLog({ level: 'info' });
    try {
      const test = await radars.start(feeds, {
        clock: () => now, logger: log.logger, adapters: [chat.adapter], env: { DATABASE_URL: db.url, RADAR_HTTP_PORT: '0' },
        pollYaml: 'interval: 5m, jitter: 0, firstPollAlerts: 3, tick: "* * * * * *"',
      });
      await test.radar.start();
      const url = test.radar.httpUrl()!;
      const { store } = test.radar;
      await until(async () => { const c = await store.counts(0); return c.items === 3 && c.pendingOutbox === 3; }, 'the first poll');
      expect(await readyz(url)).toEqual({ status: 200, body: 'ready\n' });

      // Two outlets publish and the feeds come due; the next cycle waits for outlet b.
      let release = () => {};
      hold = new Promise<void>((resolve) => { release = resolve; });
      publish('b', 1);
      publish('c', 1);
      now += 10 * 60_000;
      await until(async () => held, 'the cycle to read outlet b');

      // The outage: every connection of this instance terminated, and no new one accepted; then the cycle goes on.
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
      release();
      const down = await until(async () => { const r = await readyz(url); return r.status === 503 && r; }, '/readyz 503');
      expect(down.body).toMatch(new RegExp(`^not ready\\ndatabase: .*${name}.*\\n$`));

      // Meanwhile the chat platform is back; polling waits 1 s, then 2 s, … between tries (the
      // outage lasts until the third pause, however slow each try is on a loaded machine).
      chat.state.failing = false;
      const paused = () => log.lines().filter((l) => l.msg === 'database unavailable: polling paused, feeds stay due').length;
      await until(async () => paused() >= 3, 'three paused tries', 30_000);
      expect((await readyz(url)).status).toBe(503);
      expect(chat.state.posts).toEqual([]);

      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await until(async () => (await readyz(url)).status === 200, '/readyz 200 after the outage');
      await until(async () => { const c = await store.counts(0); return c.items === 5 && c.pendingOutbox === 0; }, 'the due feeds read and the outbox delivered', 45_000);

      const alerted = chat.state.posts.filter((p) => p.kind === 'alert').map((p) => p.title).sort();
      expect(alerted).toEqual(Object.values(HEADLINES).flat().sort());
      expect((await store.listFeeds()).map((f) => [f.id, f.consecutiveFailures, f.lastError])).toEqual([['a', 0, null], ['b', 0, null], ['c', 0, null]]);
      const pauses = log.lines().filter((l) => l.msg === 'database unavailable: polling paused, feeds stay due').map((l) => l.retryInMs);
      expect(pauses.slice(0, 3)).toEqual([1_000, 2_000, 4_000]);
      expect(log.lines().some((l) => l.msg === 'database back: polling resumed')).toBe(true);
      expect(log.lines().filter((l) => l.msg === 'feed failed')).toEqual([]);
      await test.radar.stop();
    } finally {
      await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
      await db.drop();
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
