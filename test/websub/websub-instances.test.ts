/**
 * WebSub with several Radar instances on one PostgreSQL database: only the leader sends
 * subscription requests (however many instances run their timers), and any instance answers the
 * hub at the callback, for verification and pushes alike. Real Radars, real server, a hub stand-in
 * and a feed server on 127.0.0.1.
 */
import { afterEach, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { createTestDatabase, describeOnPostgres } from '../helpers/postgres.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { signBody } from '../../src/websub/index.ts';
import { freePort } from '../helpers/free-port.ts';
import { eventually } from '../helpers/wait-for.ts';

const RELEVANT = 'Sheinbaum rejects any US military strike against cartels on Mexican soil';



describeOnPostgres('WebSub with instances on one PostgreSQL database', () => {
  const radars = useTestRadars();
  let hub: FeedServer | null = null;
  let drop = async () => {};
  afterEach(async () => {
    await hub?.close();
    hub = null;
    await drop();
    drop = async () => {};
  });

  it('subscribes once from the leader, and any instance takes the verification and the pushes', async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    hub = await startFeedServer();
    const requests: URLSearchParams[] = [];
    hub.route('/hub', async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      requests.push(new URLSearchParams(body));
      res.writeHead(202).end();
    });
    const feedUrl = radars.server.url('/wire.xml');
    const serve = (items: Array<{ title: string; link: string; guid: string; description: string; pubDate: Date }>) => radars.server.serve('/wire.xml',
      rssFeed({ title: 'Wire', items }).replace('<channel>', `<channel><link rel="hub" href="${hub!.url('/hub')}" xmlns="http://www.w3.org/2005/Atom"/>`));
    serve([]);

    const list: TestRadar[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const test = await radars.start([{ id: 'wire', name: 'Wire', url: feedUrl, lang: 'en' }], {
        env: { DATABASE_URL: db.url },
        pollYaml: 'interval: 1h, jitter: 0, firstPollAlerts: 0',
        extraYaml: `http: { port: ${port} }\nwebsub: { publicUrl: "http://127.0.0.1:${port}" }\nfetch: { allowPrivateHosts: ["127.0.0.1"] }`,
        coordination: { websubCheckMs: 50, leaderRetryMs: 100, settingsCheckMs: 100 },
      });
      await test.radar.start();
      list.push(test);
    }
    const leaders = list.filter((t) => t.radar.isLeader());
    expect(leaders).toHaveLength(1);

    await eventually(() => requests.length > 0, 'a subscription request');
    // Every instance's timer has run many times over: still one request.
    const passes = async () => { for (const t of list) await t.radar.maintainSubscriptions(); };
    await passes();
    await passes();
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.get('hub.callback')!.startsWith(leaders[0]!.radar.httpUrl()!)).toBe(true);

    // The proxy may route the hub to another instance: it answers from the database.
    const others = list.filter((t) => !t.radar.isLeader());
    const path = new URL(request.get('hub.callback')!).pathname;
    const verifyAt = new URL(`${others[0]!.radar.httpUrl()}${path}`);
    for (const [k, v] of Object.entries({ 'hub.mode': 'subscribe', 'hub.topic': feedUrl, 'hub.challenge': 'c1', 'hub.lease_seconds': '86400' })) verifyAt.searchParams.set(k, v);
    const answer = await fetch(verifyAt);
    expect([answer.status, await answer.text()]).toEqual([200, 'c1']);

    const items = [{ title: RELEVANT, link: 'https://wire.example/strikes', guid: 'wire-1', description: 'Mexico’s president said sovereignty is not negotiable after Washington floated drone strikes on fentanyl labs in Sinaloa.', pubDate: new Date() }];
    serve(items);
    const body = rssFeed({ title: 'Wire', items });
    const pushed = await fetch(`${others[1]!.radar.httpUrl()}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/rss+xml', 'x-hub-signature': signBody('sha256', body, request.get('hub.secret')!) }, body,
    });
    expect(pushed.status).toBe(202);
    await eventually(() => list.some((t) => t.output().includes(RELEVANT)), 'the pushed item in the channel');
    await passes();
    expect(requests).toHaveLength(1);
  });
});
