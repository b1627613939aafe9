/**
 * A small HTTP server on 127.0.0.1 that serves the bundled sample feeds (RSS in UTF-8 and
 * windows-1252, Atom) with ETags, so `radar demo` runs the real fetch path without any network.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { SAMPLE_FEEDS, type SampleFeed, type SampleItem } from './samples.ts';

export interface SampleServer {
  /** Feed URLs by sample feed id. */
  urls: Map<string, string>;
  /** Publishes the next pending "later" item (round robin over feeds); false when none is left. */
  publishNext(): SampleItem | null;
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderFeed(feed: SampleFeed, items: Array<SampleItem & { publishedAt: number }>): Buffer {
  const sorted = [...items].sort((a, b) => b.publishedAt - a.publishedAt);
  let text: string;
  if (feed.format === 'atom') {
    text = `<?xml version="1.0" encoding="${feed.encoding}"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">
  <title>${xml(feed.name)}</title>
  <link href="${feed.site}/"/>
  <id>${feed.site}/</id>
  <updated>${new Date(sorted[0]?.publishedAt ?? Date.now()).toISOString()}</updated>
${sorted.map((i) => `  <entry>
    <id>${xml(i.id)}</id>
    <title>${xml(i.title)}</title>
    <link href="${feed.site}${i.path}"/>
    <updated>${new Date(i.publishedAt).toISOString()}</updated>
    <summary type="html">${xml(`<p>${i.description}</p>`)}</summary>
  </entry>`).join('\n')}
</feed>
`;
  } else {
    text = `<?xml version="1.0" encoding="${feed.encoding}"?>
<rss version="2.0">
  <channel>
    <title>${xml(feed.name)}</title>
    <link>${feed.site}/</link>
    <language>${feed.lang}</language>
${sorted.map((i) => `    <item>
      <title>${xml(i.title)}</title>
      <link>${feed.site}${i.path}</link>
      <guid isPermaLink="false">${xml(i.id)}</guid>
      <pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>
      <description>${xml(`<p>${i.description}</p><p>The post ${i.title} appeared first on ${feed.name}.</p>`)}</description>
    </item>`).join('\n')}
  </channel>
</rss>
`;
  }
  return feed.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, feed.encoding);
}

export async function startSampleServer(now = Date.now()): Promise<SampleServer> {
  const published = new Map(SAMPLE_FEEDS.map((f) => [f.id, f.items.map((i) => ({ ...i, publishedAt: now - i.minutesAgo * 60_000 }))]));
  const pending = SAMPLE_FEEDS.flatMap((f) => f.later.map((item) => ({ feed: f, item })));
  const versions = new Map(SAMPLE_FEEDS.map((f) => [f.id, 1]));

  const server: Server = createServer((req, res) => {
    const id = (req.url ?? '/').replace(/^\/feeds\//, '').replace(/\.xml$/, '');
    const feed = SAMPLE_FEEDS.find((f) => f.id === id);
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${feed.id}-v${versions.get(feed.id)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    const type = feed.format === 'atom' ? 'application/atom+xml' : 'application/rss+xml';
    res.writeHead(200, { 'content-type': `${type}; charset=${feed.encoding}`, etag }).end(renderFeed(feed, published.get(feed.id) ?? []));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    urls: new Map(SAMPLE_FEEDS.map((f) => [f.id, `http://127.0.0.1:${port}/feeds/${f.id}.xml`])),
    publishNext() {
      const next = pending.shift();
      if (!next) return null;
      published.get(next.feed.id)?.push({ ...next.item, publishedAt: Date.now() });
      versions.set(next.feed.id, (versions.get(next.feed.id) ?? 1) + 1);
      return next.item;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
