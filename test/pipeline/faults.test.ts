/**
 * Misbehaving feeds through the whole pipeline, all in one cycle beside a good feed: each gives a
 * per-feed error (or its items, when it is merely big), nothing crashes or hangs, the good feed's
 * alert is delivered, failing feeds back off and recover by themselves.
 */
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXml, rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar, type TestFeed, type TestRadar } from '../helpers/radar.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const GOOD = rssFeed({ title: 'Good', items: [{ title: 'Sheinbaum rejects US military strikes against cartels in Mexico', link: 'https://good.example/1', description: 'Mexico says sovereignty is not negotiable.', pubDate: new Date(NOW - 60_000) }] });

function manyItems(n: number): string {
  const items = Array.from({ length: n }, (_, i) => `<item><title>Nota ${i}</title><link>https://many.example/${i}</link><guid>m-${i}</guid></item>`).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>${items}</channel></rss>`;
}

describe('misbehaving feeds', () => {
  let server: FeedServer;
  let test: TestRadar;
  let closedPort = 0;
  let now = NOW;

  beforeAll(async () => {
    server = await startFeedServer();
    server.serve('/good.xml', GOOD);
    server.route('/silent.xml', () => undefined); // never answers
    server.route('/drip.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 1_000);
    });
    server.route('/endless.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const pump = (): void => {
        while (!res.destroyed) if (!res.write(Buffer.alloc(64 * 1024, 0x20))) return void res.once('drain', pump);
      };
      pump();
    });
    server.serve('/bomb.xml', gzipSync(Buffer.alloc(100 * 1024 * 1024)), { 'content-encoding': 'gzip' });
    server.route('/loop-a.xml', (_req, res) => void res.writeHead(301, { location: '/loop-b.xml' }).end());
    server.route('/loop-b.xml', (_req, res) => void res.writeHead(301, { location: '/loop-a.xml' }).end());
    server.serve('/html.xml', '<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>', { 'content-type': 'text/html' });
    server.serve('/empty.xml', '');
    server.serve('/laughs.xml', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://laughs.example/1</link></item></channel></rss>`);
    server.serve('/xxe.xml', '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>X</title><item><title>Leak &xxe;</title><link>https://xxe.example/1</link></item></channel></rss>');
    server.serve('/nested.xml', `<?xml version="1.0"?><rss version="2.0"><channel><title>N</title><item><title>Deep</title><description>${'<div>'.repeat(50_000)}x${'</div>'.repeat(50_000)}</description></item></channel></rss>`);
    server.serve('/huge.xml', Buffer.alloc(30 * 1024 * 1024, 0x20));
    server.serve('/many.xml', manyItems(10_000));
    server.serve('/bad-utf8.xml', Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>U</title><item><title>Soberan'), Buffer.from([0xed, 0xff, 0xfe]), Buffer.from(`a ${escapeXml('&')} cárteles</title><link>https://utf.example/1</link></item></channel></rss>`)]));

    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const feeds: TestFeed[] = [
      ...['silent', 'drip', 'endless', 'bomb', 'loop-a', 'html', 'empty', 'laughs', 'xxe', 'nested', 'huge', 'many', 'bad-utf8'].map((id) => ({ id, name: id, url: server.url(`/${id}.xml`) })),
      { id: 'dns', name: 'dns', url: 'http://radar-test-feed.invalid/feed.xml' },
      { id: 'refused', name: 'refused', url: `http://127.0.0.1:${closedPort}/feed.xml` },
      { id: 'tls', name: 'tls', url: server.url('/good.xml').replace('http:', 'https:') },
      { id: 'good', name: 'Good Outlet', url: server.url('/good.xml'), lang: 'en' },
    ];
    test = await startTestRadar(feeds, { clock: () => now, extraYaml: 'fetch: { timeout: 2s, connectTimeout: 1s, maxBytes: 5MB }' });
  });
  afterAll(async () => {
    await test.radar.stop();
    test.cleanup();
    await server.close();
  });

  it('gives each a clear per-feed error while the good feed alerts', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const started = Date.now();
    const results = await test.radar.pollOnce();
    process.off('unhandledRejection', onUnhandled);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(unhandled).toEqual([]);

    const by = Object.fromEntries(results.map((r) => [r.feedId, r]));
    const expectFailure = (id: string, pattern: RegExp) => {
      expect(by[id]?.status, id).toBe('failed');
      expect(by[id]?.error, id).toMatch(pattern);
    };
    expectFailure('silent', /no complete response within 2000 ms|timed out|went silent/);
    expectFailure('drip', /no complete response within 2000 ms|timed out|went silent/);
    expectFailure('endless', /exceeds|limit|too large/i);
    expectFailure('bomb', /after decompression/);
    expectFailure('loop-a', /redirect loop/);
    expectFailure('html', /HTML page/i);
    expectFailure('empty', /empty/i);
    expectFailure('huge', /Content-Length \d+ exceeds the 5242880-byte limit/);
    expectFailure('dns', /host not found|DNS/);
    expectFailure('refused', /connection refused/);
    expectFailure('tls', /network error|SSL|TLS|EPROTO|wrong version/i);

    // Entities are never expanded beyond a bound, never resolved from disk.
    if (by.laughs?.status === 'failed') expect(by.laughs.error).toMatch(/entit|parse|XML/i);
    expect(by.xxe?.status === 'failed' ? by.xxe.error : '').not.toContain('root:');
    expect(test.output()).not.toContain('root:x:0');
    // Big but valid documents are read in bounded time.
    expect(by.many).toMatchObject({ status: 'ok', parsed: 10_000 });
    expect(by.nested?.status).toMatch(/ok|failed/);
    expect(by['bad-utf8']).toMatchObject({ status: 'ok', parsed: 1 });

    expect(by.good).toMatchObject({ status: 'ok', fresh: 1 });
    expect(test.output()).toContain('▶ Sheinbaum rejects US military strikes against cartels in Mexico');
    const feeds = await test.radar.store.listFeeds();
    for (const f of feeds.filter((f) => by[f.id]?.status === 'failed')) {
      expect(f.lastError, f.id).toBeTruthy();
      expect(f.consecutiveFailures, f.id).toBe(1);
    }
  }, 30_000);

  it('backs off a failing feed (capped) and recovers when it is fixed', async () => {
    // The slow misbehaviours were covered above; here they fail fast so the cycles stay quick.
    for (const id of ['silent', 'drip', 'endless', 'bomb', 'huge', 'many', 'nested', 'laughs']) {
      server.route(`/${id}.xml`, (_req, res) => void res.writeHead(404).end());
    }
    const next = async () => (await test.radar.store.listFeeds()).find((f) => f.id === 'html')!;
    const gaps: number[] = [];
    for (let i = 0; i < 9; i++) {
      now += 24 * 3_600_000;
      const before = now;
      await test.radar.pollOnce();
      gaps.push((await next()).nextPollAt - before);
    }
    expect((await next()).consecutiveFailures).toBe(10);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(6 * 3_600_000 * 1.1);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(5 * 3_600_000);

    server.serve('/html.xml', rssFeed({ title: 'Fixed', items: [{ title: 'Back online', link: 'https://html.example/1' }] }));
    now += 24 * 3_600_000;
    await test.radar.pollOnce();
    const fixed = await next();
    expect(fixed).toMatchObject({ consecutiveFailures: 0 });
    expect(fixed.nextPollAt - now).toBeLessThanOrEqual(5 * 60_000 * 1.1);
  }, 60_000);
});
