/**
 * WebSub end to end over real HTTP on 127.0.0.1: a feed server whose feed names a hub, a hub
 * stand-in written here (it records subscription requests, answers them as told, and verifies and
 * pushes as a hub does), and a real Radar (SQLite file, console channel) with its HTTP server as the
 * callback. Radar's clock is injected (the real time plus a shift the test moves); polls are an hour
 * apart, so that whatever reaches the channel soon after a push came by the push.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rssFeed, startFeedServer, type FeedEntrySpec, type FeedServer } from '../helpers/feed-server.ts';
import { useTestRadars, type TestRadar } from '../helpers/radar.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { captureLog, type CapturedLog } from '../helpers/capture-log.ts';
import { signBody } from '../../src/websub/index.ts';
import { freePort } from '../helpers/free-port.ts';

const RELEVANT = 'Sheinbaum rejects any US military strike against cartels on Mexican soil';
const RELEVANT_SUMMARY = 'Mexico’s president said sovereignty is not negotiable after Washington floated drone strikes on fentanyl labs in Sinaloa.';
const FORGED = 'Extraditan a Estados Unidos a líder del Cártel de Sinaloa tras operativo militar';


/** The hub stand-in: subscription requests as received, answered with `status`. */
interface HubStandIn {
  server: FeedServer;
  url: string;
  requests: URLSearchParams[];
  status: number;
}

async function startHub(): Promise<HubStandIn> {
  const server = await startFeedServer();
  const hub: HubStandIn = { server, url: server.url('/hub'), requests: [], status: 202 };
  server.route('/hub', async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    hub.requests.push(new URLSearchParams(body));
    res.writeHead(hub.status, { 'content-type': 'text/plain' }).end(hub.status < 300 ? '' : 'refused');
  });
  return hub;
}

/** The hub verifying an intent at the callback: what Radar answered. */
async function verify(callback: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = new URL(callback);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

/** The hub pushing a body to the callback, signed as given (or not at all). */
async function push(callback: string, body: string, signature: string | null): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8' };
  if (signature !== null) headers['x-hub-signature'] = signature;
  const res = await fetch(callback, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

describe('WebSub subscriber', () => {
  const radars = useTestRadars();
  let hub: HubStandIn;
  let shift = 0;
  const clock = () => Date.now() + shift;
  let items: FeedEntrySpec[] = [];
  let log: CapturedLog;

  beforeEach(async () => {
    hub = await startHub();
    shift = 0;
    items = [{ title: 'Weather: a mild week ahead', link: 'https://wire.example/weather', guid: 'w-0', pubDate: new Date(clock() - 3_600_000) }];
    log = captureLog({ level: 'debug' });
  });
  afterEach(async () => {
    await hub.server.close();
  });

  /** The feed as the server serves it now: its items and, in its head, the hub and its own URL. */
  function serveFeed(): void {
    const self = radars.server.url('/feed.xml');
    const xml = rssFeed({ title: 'Wire', items }).replace('<rss version="2.0"', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"')
      .replace('<channel>', `<channel>\n<atom:link rel="hub" href="${hub.url}"/>\n<atom:link rel="self" href="${self}"/>`);
    radars.server.serve('/feed.xml', xml);
  }

  /** A started Radar whose feed names the hub, polled once (seeded), its hub noted. */
  async function startRadar(extra: { allowPrivate?: boolean; maxBytes?: string } = {}): Promise<TestRadar> {
    serveFeed();
    const port = await freePort();
    const test = await radars.start([{ id: 'wire', name: 'Wire', url: radars.server.url('/feed.xml'), lang: 'en' }], {
      clock,
      logger: log.logger,
      pollYaml: 'interval: 1h, jitter: 0, firstPollAlerts: 0',
      extraYaml: [
        `http: { port: ${port} }`,
        `websub: { publicUrl: "http://127.0.0.1:${port}", verifyTimeout: 1m, retry: 1h, safetyNet: 2h }`,
        `fetch: { ${extra.allowPrivate === false ? '' : 'allowPrivateHosts: ["127.0.0.1"]'}${extra.allowPrivate !== false && extra.maxBytes ? ', ' : ''}${extra.maxBytes ? `maxBytes: ${extra.maxBytes}` : ''} }`,
      ].join('\n'),
      coordination: { websubCheckMs: 3_600_000 },
    });
    await test.radar.start();
    // The first scheduled poll reads the feed and notes its hub.
    for (const deadline = Date.now() + 5_000; (await test.radar.store.listSubscriptions()).length === 0;) {
      if (Date.now() > deadline) throw new Error('the hub was not noted within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return test;
  }

  /** Runs a maintenance pass and returns the hub's newest request. */
  async function maintain(test: TestRadar): Promise<URLSearchParams | undefined> {
    await test.radar.maintainSubscriptions();
    return hub.requests.at(-1);
  }

  async function feedsText(test: TestRadar): Promise<string> {
    return (await test.radar.runCommand({ text: 'feeds', userId: 'U1', channelId: 'newsroom', isAdmin: true })).text;
  }

  /** Subscribes and verifies as a good hub does; returns the request Radar sent. */
  async function subscribed(test: TestRadar, leaseSeconds = 86_400): Promise<URLSearchParams> {
    const request = (await maintain(test))!;
    const answer = await verify(request.get('hub.callback')!, { 'hub.mode': 'subscribe', 'hub.topic': request.get('hub.topic')!, 'hub.challenge': 'c-123', 'hub.lease_seconds': String(leaseSeconds) });
    expect(answer).toEqual({ status: 200, text: 'c-123' });
    return request;
  }

  it('discovers the hub, subscribes with a callback and a secret, and verifies only its own intent', async () => {
    const test = await startRadar();
    const request = (await maintain(test))!;
    expect(request.get('hub.mode')).toBe('subscribe');
    expect(request.get('hub.topic')).toBe(radars.server.url('/feed.xml'));
    expect(request.get('hub.callback')).toMatch(new RegExp(`^${test.radar.httpUrl()}/websub/[A-Za-z0-9_-]{16,}$`));
    expect(request.get('hub.secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(request.get('hub.lease_seconds')).toBe(String(7 * 86_400));
    const callback = request.get('hub.callback')!;
    const topic = request.get('hub.topic')!;
    expect(await feedsText(test)).toContain('waiting for it to verify');

    // Another topic, another mode, no challenge, no lease, an unknown callback: none is Radar's intent.
    expect((await verify(callback, { 'hub.mode': 'subscribe', 'hub.topic': 'https://other.example/feed', 'hub.challenge': 'x', 'hub.lease_seconds': '60' })).status).toBe(404);
    expect((await verify(callback, { 'hub.mode': 'unsubscribe', 'hub.topic': topic, 'hub.challenge': 'x' })).status).toBe(404);
    expect((await verify(callback, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.lease_seconds': '60' })).status).toBe(404);
    expect((await verify(callback, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'x' })).status).toBe(404);
    expect((await verify(`${callback}AAAA`, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'x', 'hub.lease_seconds': '60' })).status).toBe(404);
    expect(await feedsText(test)).not.toMatch(/pushed/);

    const good = await verify(callback, { 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'ch-42', 'hub.lease_seconds': '86400' });
    expect(good).toEqual({ status: 200, text: 'ch-42' });
    const sub = (await test.radar.store.listSubscriptions())[0]!;
    expect(sub).toMatchObject({ state: 'active', leaseUntil: expect.any(Number) });
    expect(sub.leaseUntil! - clock()).toBeGreaterThan(86_000_000);
    expect(await feedsText(test)).toMatch(/1 feeds, 0 failing, 1 pushed[\s\S]*pushed/);
    // The secret never reaches the log.
    expect(JSON.stringify(log.lines())).not.toContain(request.get('hub.secret')!);
  });

  it('takes a signed push at once, drops unsigned, mis-signed and unknown-method ones, and alerts once for an item both pushed and polled', async () => {
    const test = await startRadar();
    const request = await subscribed(test);
    const callback = request.get('hub.callback')!;
    const secret = request.get('hub.secret')!;
    const polls = radars.server.requests('/feed.xml').length;

    // A forged push: nothing changes, whatever the forger tried.
    items = [{ title: FORGED, link: 'https://wire.example/forged', guid: 'forged-1', description: 'Operativo militar en Culiacán contra el cártel.', pubDate: new Date(clock()) }, ...items];
    const forged = rssFeed({ title: 'Wire', items });
    expect(await push(callback, forged, null)).toBe(202);
    expect(await push(callback, forged, signBody('sha256', forged, 'not-the-secret'))).toBe(202);
    expect(await push(callback, forged, signBody('sha256', `${forged} `, secret))).toBe(202);
    expect(await push(callback, forged, `md5=${'0'.repeat(32)}`)).toBe(202);
    items = items.slice(1);

    // Published and pushed: in the channel within 2 s, without a poll.
    items = [{ title: RELEVANT, link: 'https://wire.example/sheinbaum-strikes', guid: 'wire-1', description: RELEVANT_SUMMARY, pubDate: new Date(clock()) }, ...items];
    serveFeed();
    const body = rssFeed({ title: 'Wire', items });
    expect(await push(callback, body, signBody('sha512', body, secret))).toBe(202);
    await waitFor(() => test.output().includes(RELEVANT), 2_000);
    expect(radars.server.requests('/feed.xml').length).toBe(polls);
    expect((await test.radar.store.knownKeys('wire', ['forged-1'])).size).toBe(0);
    expect(test.output()).not.toContain('Extraditan');
    const drops = log.lines().filter((l) => l.msg === 'WebSub push dropped: its signature is not right').map((l) => l.problem);
    expect(drops).toEqual(['unsigned', 'mismatch', 'mismatch', 'unknown method']);
    expect(JSON.stringify(log.lines())).not.toContain(secret);

    // The same item polled afterwards, and pushed again: still one alert.
    await test.radar.pollOnce();
    expect(await push(callback, body, signBody('sha1', body, secret))).toBe(202);
    await test.radar.pollOnce();
    expect(test.output().split(RELEVANT).length - 1).toBe(1);
  });

  it('renews before the lease ends, by the injected clock', async () => {
    const test = await startRadar();
    const first = await subscribed(test, 3_600);
    const count = hub.requests.length;
    shift += 30 * 60_000; // half the lease: too early
    await maintain(test);
    expect(hub.requests.length).toBe(count);
    shift += 20 * 60_000; // 50 min of 60: within the last fifth
    const renewal = (await maintain(test))!;
    expect(hub.requests.length).toBe(count + 1);
    expect(renewal.get('hub.mode')).toBe('subscribe');
    expect(renewal.get('hub.callback')).toBe(first.get('hub.callback'));
    expect(renewal.get('hub.secret')).toBe(first.get('hub.secret'));
    await maintain(test); // sent once while the hub has not verified it
    expect(hub.requests.length).toBe(count + 1);
    const answer = await verify(renewal.get('hub.callback')!, { 'hub.mode': 'subscribe', 'hub.topic': renewal.get('hub.topic')!, 'hub.challenge': 'again', 'hub.lease_seconds': '3600' });
    expect(answer).toEqual({ status: 200, text: 'again' });
    const sub = (await test.radar.store.listSubscriptions())[0]!;
    expect(sub.leaseUntil! - clock()).toBeGreaterThan(3_500_000);
    expect(await feedsText(test)).toContain('1 pushed');
  });

  it.each([[403, 'HTTP 403'], [500, 'HTTP 500']])('leaves the feed on polling when the hub refuses with %i, with the reason in /radar feeds', async (status, reason) => {
    hub.status = status;
    const test = await startRadar();
    await maintain(test);
    const sub = (await test.radar.store.listSubscriptions())[0]!;
    expect(sub.state).toBe('failed');
    const text = await feedsText(test);
    expect(text).toContain(`not pushed: the hub refused the subscription: ${reason}`);
    expect(text).not.toContain('pushed ·');
    // Tried again after websub.retry, not before.
    hub.status = 202;
    await maintain(test);
    expect(hub.requests.length).toBe(1);
    shift += 3_600_000 + 1;
    const again = (await maintain(test))!;
    expect(hub.requests.length).toBe(2);
    expect(again.get('hub.secret')).not.toBe(hub.requests[0]!.get('hub.secret'));
  });

  it('leaves the feed on polling when the hub never verifies, after the verify timeout on the injected clock', async () => {
    const test = await startRadar();
    const request = (await maintain(test))!;
    shift += 59_000;
    await maintain(test);
    expect((await test.radar.store.listSubscriptions())[0]!.state).toBe('requested');
    shift += 2_000;
    await maintain(test);
    expect(await feedsText(test)).toContain('not pushed: the hub did not verify the subscription within 1m');
    // A verification that comes too late is not taken.
    const late = await verify(request.get('hub.callback')!, { 'hub.mode': 'subscribe', 'hub.topic': request.get('hub.topic')!, 'hub.challenge': 'late', 'hub.lease_seconds': '60' });
    expect(late.status).toBe(404);
    // And a push to it is gone.
    expect(await push(request.get('hub.callback')!, 'x', signBody('sha256', 'x', request.get('hub.secret')!))).toBe(410);
  });

  it('unsubscribes when the feed is removed', async () => {
    const test = await startRadar();
    await test.radar.store.addFeed({ id: 'chatwire', url: radars.server.url('/chat.xml'), name: 'Chat wire', origin: 'chat' });
    radars.server.serve('/chat.xml', rssFeed({ title: 'Chat', items }).replace('<channel>', `<channel><link rel="hub" href="${hub.url}"/>`));
    await test.radar.pollOnce();
    await maintain(test);
    const request = hub.requests.find((r) => r.get('hub.topic') === radars.server.url('/chat.xml'))!;
    await verify(request.get('hub.callback')!, { 'hub.mode': 'subscribe', 'hub.topic': request.get('hub.topic')!, 'hub.challenge': 'c', 'hub.lease_seconds': '86400' });
    expect(await test.radar.store.removeFeed(radars.server.url('/chat.xml'))).toBe('removed');

    const cancel = (await maintain(test))!;
    expect(cancel.get('hub.mode')).toBe('unsubscribe');
    expect(cancel.get('hub.callback')).toBe(request.get('hub.callback'));
    expect(cancel.get('hub.topic')).toBe(request.get('hub.topic'));
    expect(await push(cancel.get('hub.callback')!, 'x', signBody('sha256', 'x', request.get('hub.secret')!))).toBe(410);
    const answer = await verify(cancel.get('hub.callback')!, { 'hub.mode': 'unsubscribe', 'hub.topic': cancel.get('hub.topic')!, 'hub.challenge': 'bye' });
    expect(answer).toEqual({ status: 200, text: 'bye' });
    expect((await test.radar.store.listSubscriptions()).map((s) => s.feedId)).toEqual(['wire']);
  });

  it('records a hub\'s denial with its reason, and refuses a pushed body over fetch.maxBytes', async () => {
    const test = await startRadar({ maxBytes: '4KB' });
    const request = await subscribed(test);
    const callback = request.get('hub.callback')!;
    const secret = request.get('hub.secret')!;
    items = [{ title: RELEVANT, link: 'https://wire.example/big', guid: 'big-1', description: 'x'.repeat(5_000), pubDate: new Date(clock()) }, ...items];
    const big = rssFeed({ title: 'Wire', items });
    expect(await push(callback, big, signBody('sha256', big, secret))).toBe(413);
    expect((await test.radar.store.knownKeys('wire', ['big-1'])).size).toBe(0);

    const denied = await verify(callback, { 'hub.mode': 'denied', 'hub.topic': request.get('hub.topic')!, 'hub.reason': 'topic not <allowed>\u0007' });
    expect(denied.status).toBe(200);
    expect(await feedsText(test)).toContain('not pushed: the hub denied the subscription: topic not <allowed>');
    expect(await push(callback, 'x', signBody('sha256', 'x', secret))).toBe(410);
  });

  it('sends nothing to a hub on a private address unless fetch.allowPrivateHosts lists it', async () => {
    const test = await startRadar({ allowPrivate: false });
    await maintain(test);
    expect(hub.requests).toHaveLength(0);
    expect(await feedsText(test)).toMatch(/not pushed: the hub refused the subscription: .*(private|public|blocked|not allowed)/i);
  });
});
