/**
 * Benchmark feed server, run as its own process so that its CPU does not count against Radar:
 * serves N RSS feeds of M items each at /feed/<n>.xml with ETags (a conditional request gets 304).
 * Prints "PORT <port>" when listening. Usage: node bin/run-ts.js bench/feed-server.ts <feeds> <items>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchFeedXml } from './feed-content.ts';

const feeds = Number(process.argv[2] ?? 1000);
const items = Number(process.argv[3] ?? 50);
const bodies = Array.from({ length: feeds }, (_, n) => Buffer.from(benchFeedXml(n, items), 'utf8'));

const server = createServer((req, res) => {
  const n = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
  const body = bodies[n];
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  const etag = `"bench-${n}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': body.length }).end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
