/**
 * A real HTTP server on 127.0.0.1 (random port) for fetch, parse, end-to-end tests and
 * benchmarks, plus builders for RSS 2.0, Atom 1.0 and JSON Feed documents.
 *
 * ```ts
 * const server = await startFeedServer();
 * server.serve('/feed.xml', rssFeed({ title: 'Noticias', items: [{ title: 'Hola', link: 'https://example.com/1' }] }));
 * await fetcher.fetchFeed({ url: server.url('/feed.xml') });
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; may be async. Thrown errors become a 500. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What the server saw: for asserting headers such as If-None-Match. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FeedServer {
  /** "http://127.0.0.1:<port>" */
  readonly origin: string;
  /** Absolute URL of `path` on this server. */
  url(path: string): string;
  /** Installs (or replaces) the handler for an exact path (query string ignored). */
  route(path: string, handler: RouteHandler): void;
  /**
   * Serves a fixed body with status 200 and the given headers (default Content-Type
   * `application/rss+xml; charset=utf-8` unless one is given). Answers 304 when the request's
   * If-None-Match equals the ETag header or If-Modified-Since equals Last-Modified.
   */
  serve(path: string, body: string | Buffer, headers?: Record<string, string>): void;
  /** Requests received so far, optionally only those for `path`. */
  requests(path?: string): RecordedRequest[];
  /** Stops listening and destroys open connections (including dripping responses). */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with an OS-assigned port. Unknown paths answer 404. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, RouteHandler>();
  const log: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    log.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, handler) => void routes.set(path, handler),
    serve(path, body, headers = {}) {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      const all: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8', ...lower };
      routes.set(path, (req, res) => {
        const etag = all['etag'];
        const lastModified = all['last-modified'];
        const notModified =
          (etag !== undefined && req.headers['if-none-match'] === etag) ||
          (etag === undefined && lastModified !== undefined && req.headers['if-modified-since'] === lastModified);
        if (notModified) {
          res.writeHead(304, { ...(etag ? { etag } : {}), ...(lastModified ? { 'last-modified': lastModified } : {}) }).end();
          return;
        }
        res.writeHead(200, { 'content-length': String(Buffer.byteLength(body)), ...all }).end(body);
      });
    },
    requests: (path) => (path === undefined ? [...log] : log.filter((r) => r.path === path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One entry for the builders below. Dates may be Date objects or preformatted strings. */
export interface FeedEntrySpec {
  title?: string;
  link?: string;
  guid?: string;
  description?: string;
  /** Full HTML content: `content:encoded` in RSS, `<content type="html">` in Atom. */
  content?: string;
  pubDate?: Date | string;
  author?: string;
  categories?: string[];
}

export interface FeedSpec {
  title?: string;
  link?: string;
  description?: string;
  /** e.g. "es-MX"; RSS `<language>`, Atom `xml:lang`, JSON Feed `language`. */
  language?: string;
  items: FeedEntrySpec[];
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const el = (name: string, value: string | undefined): string =>
  value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
const rfc822 = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toUTCString() : d);
const iso = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toISOString() : d);

/** An RSS 2.0 document (with the content and dc namespaces declared). */
export function rssFeed(spec: FeedSpec): string {
  const items = spec.items.map((it) =>
    [
      '<item>',
      el('title', it.title),
      el('link', it.link),
      it.guid === undefined ? '' : `<guid isPermaLink="false">${escapeXml(it.guid)}</guid>`,
      el('description', it.description),
      el('content:encoded', it.content),
      el('pubDate', rfc822(it.pubDate)),
      el('dc:creator', it.author),
      ...(it.categories ?? []).map((c) => el('category', c)),
      '</item>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    el('title', spec.title ?? 'Test feed'),
    el('link', spec.link ?? 'https://example.com/'),
    el('description', spec.description ?? ''),
    el('language', spec.language),
    ...items,
    '</channel></rss>',
  ].join('\n');
}

/** An Atom 1.0 document. `guid` becomes `<id>`, `pubDate` both `<published>` and `<updated>`. */
export function atomFeed(spec: FeedSpec): string {
  const lang = spec.language ? ` xml:lang="${escapeXml(spec.language)}"` : '';
  const entries = spec.items.map((it, i) =>
    [
      '<entry>',
      el('title', it.title),
      it.link === undefined ? '' : `<link rel="alternate" href="${escapeXml(it.link)}"/>`,
      el('id', it.guid ?? it.link ?? `urn:radar:test:${i}`),
      el('published', iso(it.pubDate)),
      el('updated', iso(it.pubDate)),
      it.description === undefined ? '' : `<summary type="html">${escapeXml(it.description)}</summary>`,
      it.content === undefined ? '' : `<content type="html">${escapeXml(it.content)}</content>`,
      it.author === undefined ? '' : `<author><name>${escapeXml(it.author)}</name></author>`,
      ...(it.categories ?? []).map((c) => `<category term="${escapeXml(c)}"/>`),
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${lang}>`,
    el('title', spec.title ?? 'Test feed'),
    `<link rel="alternate" href="${escapeXml(spec.link ?? 'https://example.com/')}"/>`,
    el('id', spec.link ?? 'https://example.com/'),
    el('updated', new Date(0).toISOString()),
    ...entries,
    '</feed>',
  ].join('\n');
}

/** A JSON Feed 1.1 document. */
export function jsonFeed(spec: FeedSpec): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: spec.title ?? 'Test feed',
    home_page_url: spec.link ?? 'https://example.com/',
    ...(spec.language ? { language: spec.language } : {}),
    items: spec.items.map((it, i) => ({
      id: it.guid ?? it.link ?? String(i),
      ...(it.link ? { url: it.link } : {}),
      ...(it.title ? { title: it.title } : {}),
      ...(it.description ? { summary: it.description } : {}),
      ...(it.content ? { content_html: it.content } : { content_text: it.description ?? '' }),
      ...(it.pubDate ? { date_published: iso(it.pubDate) } : {}),
      ...(it.author ? { authors: [{ name: it.author }] } : {}),
      ...(it.categories ? { tags: it.categories } : {}),
    })),
  });
}
