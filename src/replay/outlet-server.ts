/**
 * The outlets of a replay on 127.0.0.1: one RSS feed per outlet (the host of its items' URLs), each
 * showing only the items published up to the moment the replay has reached, newest first, with an
 * ETag that changes when the feed does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplayItem } from './replay-items.ts';

export interface Outlet {
  /** A feed id for the config: the host, lowercased, without "www.". */
  id: string;
  url: string;
  items: ReplayItem[];
}

export interface OutletServer {
  outlets: Outlet[];
  /** From now on each feed shows its items published at or before `time` (epoch ms). */
  revealUpTo(time: number): void;
  close(): Promise<void>;
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The outlet of an item: its URL's host. */
export function outletOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** The outlet's language when all its items share one. */
function languageOf(items: readonly ReplayItem[]): string | null {
  const langs = new Set(items.map((i) => i.lang));
  return langs.size === 1 ? [...langs][0]! : null;
}

function renderFeed(id: string, lang: string | null, shown: ReplayItem[]): string {
  const items = [...shown].sort((a, b) => b.publishedAt - a.publishedAt).map((i) => [
    '<item>',
    i.title ? `<title>${xml(i.title)}</title>` : '',
    `<link>${xml(i.url)}</link>`,
    `<guid isPermaLink="true">${xml(i.url)}</guid>`,
    i.summary ? `<description>${xml(i.summary)}</description>` : '',
    `<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>`,
    '</item>',
  ].join(''));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0"><channel>',
    `<title>${xml(id)}</title>`,
    `<link>https://${xml(id)}/</link>`,
    lang ? `<language>${lang}</language>` : '',
    ...items,
    '</channel></rss>',
  ].join('\n');
}

export async function startOutletServer(items: readonly ReplayItem[]): Promise<OutletServer> {
  const byId = new Map<string, ReplayItem[]>();
  for (const item of items) {
    const id = outletOf(item.url);
    byId.set(id, [...(byId.get(id) ?? []), item]);
  }
  let until = -Infinity;
  const server: Server = createServer((req, res) => {
    const id = (req.url ?? '/').replace(/^\//, '').replace(/\.xml(\?.*)?$/, '');
    const outletItems = byId.get(id);
    if (!outletItems) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const shown = outletItems.filter((i) => i.publishedAt <= until);
    const etag = `"${shown.length}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(renderFeed(id, languageOf(outletItems), shown));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    outlets: [...byId].map(([id, list]) => ({ id, url: `http://127.0.0.1:${port}/${id}.xml`, items: list })),
    revealUpTo(time) {
      until = time;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
