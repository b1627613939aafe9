import { createServer } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher, type FetcherOptions } from '../../src/fetch/index.ts';
import { FetchError } from '../../src/shared/errors.ts';
import { rssFeed, startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { waitFor } from '../helpers/wait-for.ts';

const OPTIONS: FetcherOptions = {
  userAgent: 'Radar-test/0.1 (+https://github.com/newsroom-radar)',
  connectTimeoutMs: 2_000,
  timeoutMs: 1_000,
  maxBytes: 1_000_000,
  maxRedirects: 3,
  perHostConcurrency: 2,
};

const FEED = rssFeed({ title: 'Noticias', items: [{ title: 'Cártel y soberanía', link: 'https://example.com/1', guid: 'a1' }] });

let server: FeedServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startFeedServer();
  fetcher = createFetcher(OPTIONS);
});
afterAll(async () => {
  await fetcher.close();
  await server.close();
});

/** The FetchError a promise rejects with (fails the test if it resolves or rejects otherwise). */
async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('fetchFeed: status handling and cache validators', () => {
  it('returns the body with validators, then not_modified for a conditional request', async () => {
    server.serve('/cached.xml', FEED, {
      ETag: '"v1"',
      'Last-Modified': 'Wed, 21 Oct 2026 07:28:00 GMT',
      'Cache-Control': 'public, max-age=300',
    });
    const first = await fetcher.fetchFeed({ url: server.url('/cached.xml') });
    expect(first).toMatchObject({ status: 'ok', etag: '"v1"', lastModified: 'Wed, 21 Oct 2026 07:28:00 GMT', maxAgeMs: 300_000, charset: 'utf-8' });
    expect(first.status === 'ok' && first.text).toContain('Cártel y soberanía');
    expect(first.status === 'ok' && first.bytes).toBe(Buffer.byteLength(FEED));

    const second = await fetcher.fetchFeed({ url: server.url('/cached.xml'), etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 'not_modified', etag: '"v1"', finalUrl: server.url('/cached.xml') });

    const [req1, req2] = server.requests('/cached.xml');
    expect(req1?.headers['if-none-match']).toBeUndefined();
    expect(req2?.headers['if-none-match']).toBe('"v1"');
    expect(req2?.headers['if-modified-since']).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(req2?.headers['user-agent']).toBe(OPTIONS.userAgent);
    expect(req2?.headers['accept']).toContain('application/rss+xml');
    expect(req2?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('keeps the caller validators when a 304 omits them', async () => {
    server.route('/bare-304', (_req, res) => void res.writeHead(304).end());
    const result = await fetcher.fetchFeed({ url: server.url('/bare-304'), etag: 'W/"old"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
    expect(result).toEqual({
      status: 'not_modified',
      finalUrl: server.url('/bare-304'),
      etag: 'W/"old"',
      lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
      maxAgeMs: null,
      link: null,
    });
  });

  it('gives the Link headers of a response, repeated ones joined', async () => {
    server.route('/linked.xml', (_req, res) => void res.writeHead(200, [['Content-Type', 'application/rss+xml'], ['Link', '<https://hub.example/>; rel="hub"'], ['Link', '<https://a.example/feed>; rel="self"']]).end('<rss><channel></channel></rss>'));
    const result = await fetcher.fetchFeed({ url: server.url('/linked.xml') });
    expect(result.link).toBe('<https://hub.example/>; rel="hub", <https://a.example/feed>; rel="self"');
  });

  it('sends a form as a POST, and refuses a redirect in answer to it', async () => {
    let received = '';
    server.route('/hub', async (req, res) => {
      for await (const chunk of req) received += String(chunk);
      res.writeHead(req.method === 'POST' && req.headers['content-type'] === 'application/x-www-form-urlencoded' ? 202 : 400).end();
    });
    await fetcher.fetchFeed({ url: server.url('/hub'), form: { 'hub.mode': 'subscribe', 'hub.topic': 'https://a.example/feed?x=1&y=2' } });
    expect(new URLSearchParams(received).get('hub.topic')).toBe('https://a.example/feed?x=1&y=2');
    server.route('/moved-hub', (_req, res) => void res.writeHead(307, { location: server.url('/hub') }).end());
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/moved-hub'), form: { 'hub.mode': 'subscribe' } }));
    expect(error).toMatchObject({ code: 'fetch_http_status', status: 307 });
  });

  it.each([404, 500, 410])('maps HTTP %i to fetch_http_status', async (status) => {
    server.route(`/status-${status}`, (_req, res) => void res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>no</h1>'));
    const error = await fetchError(fetcher.fetchFeed({ url: server.url(`/status-${status}`) }));
    expect(error.code).toBe('fetch_http_status');
    expect(error).toMatchObject({ status, retryAfterMs: null });
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(server.url(`/status-${status}`));
  });

  it('parses Retry-After seconds on 429', async () => {
    server.route('/busy', (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end());
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/busy') }));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });

  it('parses a Retry-After HTTP date on 503, relative to the Date header', async () => {
    server.route('/down', (_req, res) =>
      void res
        .writeHead(503, { date: 'Wed, 21 Oct 2026 07:28:00 GMT', 'retry-after': 'Wed, 21 Oct 2026 07:30:30 GMT' })
        .end(),
    );
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/down') }));
    expect(error).toMatchObject({ status: 503, retryAfterMs: 150_000 });
  });
});

describe('fetchFeed: time limits', () => {
  it('fails with fetch_timeout when the server never answers', async () => {
    server.route('/silent', () => undefined);
    const started = Date.now();
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/silent') }));
    expect(error.code).toBe('fetch_timeout');
    expect(Date.now() - started).toBeLessThan(OPTIONS.timeoutMs + 700);
  });

  it('fails with fetch_timeout on a body that drips one byte every 200 ms', async () => {
    server.route('/drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = Buffer.from(FEED);
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i >= body.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(body.subarray(i, ++i));
      }, 200);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/drip') }));
    expect(error.code).toBe('fetch_timeout');
    expect(error.message).toContain(`${OPTIONS.timeoutMs} ms`);
    expect(Date.now() - started).toBeLessThan(OPTIONS.timeoutMs + 700);
  });

  it('rejects with the caller abort reason when the caller aborts', async () => {
    server.route('/slow', (_req, res) => void setTimeout(() => res.end(FEED), 500));
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    await expect(fetcher.fetchFeed({ url: server.url('/slow'), signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('fetchFeed: redirects', () => {
  it('follows a chain of relative and absolute redirects', async () => {
    server.serve('/final.xml', FEED);
    server.route('/r1', (_req, res) => void res.writeHead(301, { location: '/r2?x=1' }).end());
    server.route('/r2', (_req, res) => void res.writeHead(307, { location: server.url('/final.xml') }).end());
    const result = await fetcher.fetchFeed({ url: server.url('/r1') });
    expect(result.status).toBe('ok');
    expect(result.finalUrl).toBe(server.url('/final.xml'));
  });

  it('stops a redirect loop with fetch_too_many_redirects', async () => {
    server.route('/loop-a', (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end());
    server.route('/loop-b', (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end());
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/loop-a') }));
    expect(error.code).toBe('fetch_too_many_redirects');
    expect(error.message).toContain('redirect loop');
  });

  it('stops after maxRedirects hops', async () => {
    for (let i = 0; i < 6; i++) server.route(`/hop${i}`, (_req, res) => void res.writeHead(308, { location: `/hop${i + 1}` }).end());
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/hop0') }));
    expect(error.code).toBe('fetch_too_many_redirects');
    expect(error.message).toContain('more than 3 redirects');
  });

  it('refuses a redirect to a non-http URL', async () => {
    server.route('/to-file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/to-file') }));
    expect(error.code).toBe('fetch_invalid_url');
  });
});

describe('fetchFeed: content codings and size limits', () => {
  const body = Buffer.from(FEED);
  it.each([
    ['gzip', gzipSync(body), { 'content-encoding': 'gzip' }],
    ['deflate (zlib)', deflateSync(body), { 'content-encoding': 'deflate' }],
    ['deflate (raw)', deflateRawSync(body), { 'content-encoding': 'deflate' }],
    ['br', brotliCompressSync(body), { 'content-encoding': 'br' }],
    ['gzip bytes without Content-Encoding', gzipSync(body), {}],
  ])('decodes a %s body', async (name, payload, headers) => {
    const path = `/coded-${name.replace(/\W+/g, '-')}`;
    server.serve(path, payload, headers);
    const result = await fetcher.fetchFeed({ url: server.url(path) });
    expect(result.status === 'ok' && result.text).toBe(FEED);
    expect(result.status === 'ok' && result.bytes).toBe(body.length);
  });

  it('stops a gzip bomb at maxBytes of output', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024)); // 200 MB of zeros, ~200 KB gzipped
    server.serve('/bomb.xml', bomb, { 'content-encoding': 'gzip' });
    const started = Date.now();
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/bomb.xml') }));
    expect(error.code).toBe('fetch_too_large');
    expect(error.message).toContain('after decompression');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects an oversize body announced by Content-Length', async () => {
    server.serve('/big.xml', Buffer.alloc(OPTIONS.maxBytes + 1, 0x20));
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/big.xml') }));
    expect(error.code).toBe('fetch_too_large');
    expect(error.message).toContain('Content-Length');
  });

  it('rejects an oversize chunked body while streaming', async () => {
    let written = 0;
    server.route('/endless.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const pump = (): void => {
        while (!res.destroyed && written < 50 * OPTIONS.maxBytes) {
          written += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024, 0x20))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const error = await fetchError(fetcher.fetchFeed({ url: server.url('/endless.xml') }));
    expect(error.code).toBe('fetch_too_large');
    expect(written).toBeLessThan(10 * OPTIONS.maxBytes);
  });
});

describe('fetchFeed: network and URL errors', () => {
  it('maps connection refused to fetch_network', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await fetchError(fetcher.fetchFeed({ url: `http://127.0.0.1:${port}/feed.xml` }));
    expect(error.code).toBe('fetch_network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each(['ftp://example.com/feed.xml', 'file:///etc/passwd', 'not a url'])('rejects %s with fetch_invalid_url', async (url) => {
    const error = await fetchError(fetcher.fetchFeed({ url }));
    expect(error.code).toBe('fetch_invalid_url');
  });
});

describe('fetchFeed: per-host concurrency', () => {
  it('never has more than perHostConcurrency requests in flight to one host', async () => {
    let active = 0;
    let peak = 0;
    server.route('/slow-feed.xml', (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      }, 60);
    });
    const limited = createFetcher({ ...OPTIONS, timeoutMs: 2_000, perHostConcurrency: 2 });
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => limited.fetchFeed({ url: server.url('/slow-feed.xml') })));
      expect(results.every((r) => r.status === 'ok')).toBe(true);
      expect(peak).toBe(2);
    } finally {
      await limited.close();
    }
  });
});

describe('fetchFeed: redirects and per-host slots', () => {
  /** A route that answers FEED only once `open()` is called: slow feeds under the test's control. */
  function gated(target: FeedServer, path: string): { open: () => void; arrivedOpen: boolean[] } {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const arrivedOpen: boolean[] = [];
    let isOpen = false;
    void gate.then(() => (isOpen = true));
    target.route(path, async (_req, res) => {
      arrivedOpen.push(isOpen);
      await gate;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    return { open, arrivedOpen };
  }
  const settled = <T>(promise: Promise<T>): Promise<T | unknown> => promise.catch((error: unknown) => error);

  it('continues a redirect on the same host in the slot it holds, ahead of feeds waiting for one', async () => {
    const slow = gated(server, '/held.xml');
    server.route('/moved.xml', (_req, res) => void res.writeHead(301, { location: '/moved-here.xml' }).end());
    server.serve('/moved-here.xml', FEED);
    const limited = createFetcher({ ...OPTIONS, perHostConcurrency: 2 });
    try {
      // The moved feed takes the first slot, a slow feed the second; the other slow feed waits for a slot.
      const moved = limited.fetchFeed({ url: server.url('/moved.xml') });
      const held = [1, 2].map(() => settled(limited.fetchFeed({ url: server.url('/held.xml') })));
      // The slow feeds answer only after the moved one has settled: a second hop queued behind them would time out.
      expect(await settled(moved)).toMatchObject({ status: 'ok', finalUrl: server.url('/moved-here.xml') });
      slow.open();
      expect(await Promise.all(held)).toMatchObject([{ status: 'ok' }, { status: 'ok' }]);
    } finally {
      slow.open();
      await limited.close();
    }
  });

  it('gives up its slot on a redirect to another host and takes a slot of that host', async () => {
    const other = await startFeedServer();
    const slow = gated(other, '/held.xml');
    server.route('/to-other.xml', (_req, res) => void res.writeHead(302, { location: other.url('/held.xml') }).end());
    server.serve('/plain.xml', FEED);
    other.serve('/plain.xml', FEED);
    const limited = createFetcher({ ...OPTIONS, perHostConcurrency: 1 });
    try {
      const moved = limited.fetchFeed({ url: server.url('/to-other.xml') });
      await waitFor(() => other.requests('/held.xml').length === 1);
      const onOther = limited.fetchFeed({ url: other.url('/plain.xml') });
      // The first host's slot is free while the moved feed waits on the other host.
      await expect(limited.fetchFeed({ url: server.url('/plain.xml') })).resolves.toMatchObject({ status: 'ok' });
      expect(other.requests('/plain.xml')).toHaveLength(0);
      slow.open();
      expect(await settled(moved)).toMatchObject({ status: 'ok', finalUrl: other.url('/held.xml') });
      await expect(onOther).resolves.toMatchObject({ status: 'ok' });
      expect(slow.arrivedOpen).toEqual([false]);
    } finally {
      slow.open();
      await limited.close();
      await other.close();
    }
  });
});

describe('fetchFeed: injected transport', () => {
  it('uses an injected dispatcher (undici MockAgent) and leaves it open on close()', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://feeds.example.test');
    pool.intercept({ path: '/rss.xml', method: 'GET' }).reply(200, FEED, { headers: { 'content-type': 'application/rss+xml', etag: '"m1"' } });
    pool.intercept({ path: '/rss.xml', method: 'GET' }).reply(200, FEED);
    const mocked = createFetcher({ ...OPTIONS, dispatcher: agent });
    const result = await mocked.fetchFeed({ url: 'https://feeds.example.test/rss.xml' });
    expect(result).toMatchObject({ status: 'ok', etag: '"m1"', finalUrl: 'https://feeds.example.test/rss.xml' });
    await mocked.close();
    await expect(mocked.fetchFeed({ url: 'https://feeds.example.test/rss.xml' })).resolves.toMatchObject({ status: 'ok' });
    await agent.close();
  });
});
