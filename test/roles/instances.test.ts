/**
 * Several Radar instances on one PostgreSQL database: a settings change answered by one instance
 * routes items on the others within moments (notification), or within the check interval when the
 * notification was missed; one instance leads, and when its hold on the database is cut another
 * takes over. On SQLite the one instance always leads. Real Radars, real server, real feeds on 127.0.0.1.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { rssFeed } from '../helpers/feed-server.ts';
import { captureLog, type CapturedLog } from '../helpers/capture-log.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { CHANNEL_ID, startDiscordStandIn, type DiscordStandIn } from '../helpers/discord-stand-in.ts';
import { useTestRadars, type TestRadar, type TestRadarOptions } from '../helpers/radar.ts';
import { eventually } from '../helpers/wait-for.ts';

/** Polls an async `check` until it returns true, or fails after `timeoutMs`. */

const LOCAL_NEWS = {
  title: 'Tomateros de Culiacán ganan la serie ante Naranjeros',
  link: 'https://deportes.example/beisbol/tomateros-serie',
  description: 'Los Tomateros de Culiacán ganaron la serie en el estadio de Culiacán.',
};

async function query(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

describeOnPostgres('instances on one PostgreSQL database', () => {
  const radars = useTestRadars();
  let drop = async () => {};
  afterEach(async () => {
    await drop();
    drop = async () => {};
  });

  /** `count` started Radars on one new database, each with its own log. */
  async function instances(count: number, coordination: { settingsCheckMs?: number; leaderRetryMs?: number }, options: TestRadarOptions = {}): Promise<{ url: string; list: Array<TestRadar & { log: CapturedLog }> }> {
    const db = await createTestDatabase();
    drop = db.drop;
    radars.server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [] }));
    const feeds = [{ id: 'wire', name: 'Wire', url: radars.server.url('/wire.xml'), lang: 'es' as const }];
    const list: Array<TestRadar & { log: CapturedLog }> = [];
    for (let i = 0; i < count; i++) {
      const log = captureLog({ level: 'info' });
      const test = await radars.start(feeds, { ...options, env: { ...options.env, DATABASE_URL: db.url }, logger: log.logger, coordination });
      await test.radar.start();
      list.push({ ...test, log });
    }
    // The feed's first (scheduled) poll, of an empty feed, is behind them.
    await eventually(async () => (await list[0]!.radar.store.listFeeds())[0]?.lastPolledAt != null, 'the first poll');
    return { url: db.url, list };
  }

  const reloaded = (r: { log: CapturedLog }) => r.log.lines().filter((l) => l.msg.startsWith('channel settings reloaded')).length;

  /** The item about the watch term, polled by `b`: alerted there only if b's routing has the term. */
  async function watchRoutes(b: TestRadar): Promise<void> {
    radars.server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [{ ...LOCAL_NEWS, pubDate: new Date() }] }));
    const [result] = await b.radar.pollOnce();
    expect(result).toMatchObject({ status: 'ok', fresh: 1 });
    expect(result!.alerts.map((a) => [a.channelId, a.payload.watchMatched])).toEqual([['newsroom', ['tomateros']]]);
  }

  it('a watch term added on one instance routes items on another within moments', { timeout: 60_000 }, async () => {
    // Checks a minute apart: only the notification can be this quick.
    const { list: [a, b] } = await instances(2, { settingsCheckMs: 60_000 });
    expect((await a!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'watch add tomateros' })).text).toContain('Added watch term');
    await eventually(() => reloaded(b!) > 0, 'instance B reloads its channel settings');
    await watchRoutes(b!);
  });

  it('a change missed while the listening connection was down is seen by the version check', { timeout: 60_000 }, async () => {
    const { url, list: [a, b] } = await instances(2, { settingsCheckMs: 300 });
    const before = reloaded(b!);
    // Cut every listening connection, then change the settings before they are back.
    const cut = await query(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`);
    expect(cut.length).toBeGreaterThanOrEqual(2);
    await a!.radar.runCommand({ channelId: 'newsroom', userId: 'U1', isAdmin: true, text: 'watch add tomateros' });
    await eventually(() => reloaded(b!) > before, 'instance B reloads its channel settings');
    await watchRoutes(b!);
    // And it listens again.
    await eventually(async () => (await query(url, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`)).length >= 2, 'both listen again');
  });

  it('one instance leads; when its connection is cut, another takes over', { timeout: 60_000 }, async () => {
    const { url, list } = await instances(3, { leaderRetryMs: 200 });
    const leaders = () => list.filter((r) => r.radar.isLeader());
    await eventually(() => leaders().length === 1, 'one leader');
    const first = leaders()[0]!;
    const holders = await query(url, `
      SELECT pg_terminate_backend(pid) FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid = 7261005`);
    expect(holders).toHaveLength(1);
    await eventually(() => !first.radar.isLeader() && leaders().length === 1, 'another leader');
    expect(first.log.lines().some((l) => l.msg.startsWith('leader: this instance lost the role'))).toBe(true);
    // The one that lost the role is a follower now, and takes over again once the new leader stops.
    const second = leaders()[0]!;
    await second.radar.stop();
    await eventually(() => leaders().length === 1 && leaders()[0] !== second, 'a third leader');
  });

  describe('with Discord', () => {
    let discord: DiscordStandIn | null = null;
    afterEach(async () => {
      await discord?.close();
      discord = null;
    });

    it('only the leader holds the gateway session, and the session moves with the role', { timeout: 60_000 }, async () => {
      discord = await startDiscordStandIn();
      const { url, list } = await instances(2, { leaderRetryMs: 200 }, {
        env: { DISCORD_TOKEN: 'test-token', DISCORD_API_URL: discord.apiUrl },
        channelsYaml: `  - { id: newsroom, adapter: discord, target: "${CHANNEL_ID}", topics: [cartel-sovereignty] }`,
      });
      const [first, second] = list;
      expect(first!.radar.isLeader()).toBe(true);
      expect(second!.radar.isLeader()).toBe(false);
      expect(discord.sessions()).toEqual({ open: 1, identified: 1 });
      await query(url, `
        SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid = 7261005`);
      await eventually(() => second!.radar.isLeader() && !first!.radar.isLeader(), 'the second instance leads');
      await eventually(() => discord!.sessions().identified === 2 && discord!.sessions().open === 1, 'one session, the new leader\'s');
    });
  });
});

describe('one instance on SQLite', () => {
  const radars = useTestRadars();
  it('leads', async () => {
    radars.server.serve('/wire.xml', rssFeed({ title: 'Wire', items: [] }));
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: radars.server.url('/wire.xml') }]);
    expect(test.radar.isLeader()).toBe(false);
    await test.radar.start();
    expect(test.radar.isLeader()).toBe(true);
  });
});
