/**
 * The status page over a large store: a SQLite file of 1,000,000 items from 200 feeds over 30
 * days (about 33,000 a day), one score each, grouped into stories of one to six outlets, and an
 * outbox of alerts for one item in thirty over four channels (a few still waiting). Written with
 * plain inserts in one transaction (the page reads what the pipeline writes; how fast the pipeline
 * writes is bench/poll.ts). Prints the median and 95th percentile of a whole page request over
 * HTTP (token, store reads, rendering), and the time of each store read the page makes.
 * Run alone: `node bin/run-ts.js bench/page.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { startOfUtcDay } from '../src/commands/index.ts';
import { startHttpServer } from '../src/http/index.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const ITEMS = 1_000_000;
const FEEDS = 200;
const DAYS = 30;
const CHANNELS = ['newsroom', 'politics', 'security', 'wire-desk'];
const RUNS = 15;
const HOUR = 3_600_000;
const TOKEN = 'bench-page-token-0123456789';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

/** Fills the database with plain inserts: items (with stories), scores, and alerts in the outbox. */
function fill(file: string, now: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const feed = db.prepare(`INSERT INTO feeds (id, url, name, next_poll_at, last_success_at, last_polled_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const item = db.prepare(`
    INSERT INTO items (id, story_id, feed_id, item_key, url, title, summary, content, categories, lang, published_at, fetched_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, '', '[]', ?, ?, ?)`);
  const score = db.prepare('INSERT INTO scores (item_id, topic_id, score) VALUES (?, ?, ?)');
  const alert = db.prepare(`
    INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, status, attempts, next_attempt_at, created_at, sent_at)
    VALUES (?, 'alert', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const span = DAYS * 24 * HOUR;
  db.transaction(() => {
    for (let f = 0; f < FEEDS; f++) feed.run(`f${f}`, `https://feed${f}.example/rss`, `Outlet ${f}`, now + 5 * 60_000, now - 60_000, now - 60_000);
    let story = 0;
    let left = 0;
    for (let n = 1; n <= ITEMS; n++) {
      // Stories of one to six reports, from different outlets, within minutes of each other.
      if (left === 0) {
        story = n;
        left = 1 + (n % 6);
      }
      left--;
      const publishedAt = now - span + Math.floor((n / ITEMS) * span);
      const f = (story * 7 + (n - story) * 13) % FEEDS;
      const lang = f % 3 === 0 ? 'es' : 'en';
      item.run(n, story, `f${f}`, `k${n}`, `https://feed${f}.example/${n}`, `Story ${story} as outlet ${f} tells it (${n})`, 'A summary of the report.', lang, publishedAt, publishedAt + 60_000);
      score.run(n, 'cartel-sovereignty', (n % 100) / 100);
      if (n % 30 === 0) {
        const channel = CHANNELS[(n / 30) % CHANNELS.length]!;
        const payload = JSON.stringify({
          itemKey: `k${n}`, title: `Story ${story}`, url: `https://feed${f}.example/${n}`, source: `Outlet ${f}`, publishedAt, summary: '', lang,
          topicId: 'cartel-sovereignty', score: 0.9, matched: ['cartel', 'sinaloa', 'fentanyl'], watchMatched: [],
        });
        const created = publishedAt + 60_000;
        const waiting = now - created < 10 * 60_000;
        alert.run(channel, n, story, payload, waiting ? 'pending' : 'sent', 0, created, created, waiting ? null : created + 1_000);
      }
    }
  })();
  db.close();
}

export async function benchPage(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-page-'));
  const file = join(dir, 'page.sqlite');
  const now = Date.now();
  const store = createSqliteStore(file);
  let server: Awaited<ReturnType<typeof startHttpServer>> | null = null;
  try {
    await store.migrate();
    const started = performance.now();
    fill(file, now);
    const filled = performance.now();
    const source = { store, clock: () => now, intervalOf: () => 600_000 };
    server = await startHttpServer({ port: 0, host: '127.0.0.1', setting: 'http.port' }, {
      probes: () => [], logger: silentLogger(), page: { source, access: { token: TOKEN, exposed: false } },
    });
    const url = `${server.url}/`;
    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r < RUNS + 1; r++) {
      const start = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`the page answered ${response.status}: ${body.slice(0, 200)}`);
      if (r > 0) times.push(performance.now() - start); // the first one prepares the statements
      bytes = body.length;
    }
    console.log(`\n## Status page over ${ITEMS.toLocaleString('en-US')} items (${FEEDS} feeds, ${DAYS} days, SQLite)`);
    console.log(`database written in ${((filled - started) / 1000).toFixed(1)} s`);
    console.log(`page request  median ${ms(percentile(times, 0.5))}   p95 ${ms(percentile(times, 0.95))}   (${RUNS} requests, ${(bytes / 1024).toFixed(0)} KiB of HTML)`);

    // Where the time goes: each store read the page makes, alone.
    const channels = await store.outboxChannels();
    const reads: Array<[string, () => Promise<unknown>]> = [
      ['counts (/radar status)', () => store.counts(startOfUtcDay(now))],
      ['listFeeds', () => store.listFeeds()],
      ['outboxChannels', () => store.outboxChannels()],
      [`channelAlerts ×${channels.length}`, () => Promise.all(channels.map((c) => store.channelAlerts(c, startOfUtcDay(now), 50)))],
      [`alertsPerHour ×${channels.length} (7 days)`, () => Promise.all(channels.map((c) => store.alertsPerHour(c, now - 7 * 24 * HOUR)))],
      ['storySpreads (24 h)', () => store.storySpreads(now - 24 * HOUR, 10, 12)],
      ['operatingState', () => store.operatingState(now)],
      ['outboxQueues', () => store.outboxQueues()],
    ];
    for (const [name, read] of reads) {
      const each: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const start = performance.now();
        await read();
        each.push(performance.now() - start);
      }
      console.log(`  ${name.padEnd(30)} median ${ms(percentile(each, 0.5))}`);
    }
  } finally {
    await server?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchPage();
