/**
 * Robustness over the shared feed corpus (3,576 real-world and fixture documents): every file is
 * served raw over loopback HTTP and goes through fetchFeed → parseFeed in one process, in
 * interleaved good/bad order, 16 at a time. Each must yield items (≥ 0) or a RadarError with a
 * message; nothing may throw uncaught, reject unhandled or take more than 5 s.
 *
 * Item counts are checked against BASELINE-rss-parser.tsv (plain rss-parser on naively
 * UTF-8-decoded text) for well-formed files where the baseline found items: ours must reach the
 * baseline count once the entries we drop on purpose are added back. Those are duplicate keys
 * inside one document (several fixtures repeat a guid/id on purpose, e.g. feedvalidator
 * `guid_duplicate_value`, newsboat `atom10_feed_authors`) and entries with no title, no summary
 * and no URL (hundreds of single-field fixtures such as an item holding only `<dc:date>`), which
 * the baseline counted as items.
 *
 * Corpus location: $RADAR_CORPUS_DIR, default <repo>/../shared/corpus/feeds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../src/fetch/index.ts';
import { parseFeedDetailed } from '../../src/parse/index.ts';
import { isRadarError } from '../../src/shared/errors.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { startTestRadar } from '../helpers/radar.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS_DIR = process.env.RADAR_CORPUS_DIR ?? resolve(REPO, '../shared/corpus/feeds');
const PRESENT = existsSync(join(CORPUS_DIR, 'MANIFEST.tsv')) && existsSync(join(CORPUS_DIR, 'BASELINE-rss-parser.tsv'));
/** Files slower than this are counted in the printed summary; speed is judged by `npm run bench`, not here. */
const PER_FILE_LIMIT_MS = 5_000;
const CONCURRENCY = 16;

if (!PRESENT) console.warn(`corpus not found at ${CORPUS_DIR}, set RADAR_CORPUS_DIR`);

interface CorpusFile {
  path: string;
  kind: string;
  wellformed: string;
  baselineOutcome: string;
  baselineItems: number;
}

function readTsv(file: string): string[][] {
  return readFileSync(join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

function loadCorpus(): CorpusFile[] {
  const baseline = new Map(readTsv('BASELINE-rss-parser.tsv').map((row) => [row[0] ?? '', row]));
  return readTsv('MANIFEST.tsv').map(([path = '', , , , kind = '', wellformed = '']) => {
    const base = baseline.get(path);
    return { path, kind, wellformed, baselineOutcome: base?.[2] ?? 'missing', baselineItems: Number(base?.[3] || 0) };
  });
}

/** Good (baseline items) and bad (baseline error) files alternate, the rest fill in. */
function interleave(files: CorpusFile[]): CorpusFile[] {
  const good = files.filter((f) => f.baselineOutcome === 'items');
  const bad = files.filter((f) => f.baselineOutcome.startsWith('error'));
  const rest = files.filter((f) => !good.includes(f) && !bad.includes(f));
  const out: CorpusFile[] = [];
  for (let i = 0; out.length < files.length; i++) {
    for (const list of [good, bad, rest]) if (list[i]) out.push(list[i]!);
  }
  return out;
}

type Outcome =
  | { file: CorpusFile; ms: number; kind: 'items'; items: number; duplicate: number; empty: number }
  | { file: CorpusFile; ms: number; kind: 'error'; code: string; message: string }
  | { file: CorpusFile; ms: number; kind: 'crash'; error: unknown };

describe('feed corpus', () => {
  let server: FeedServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  const name = PRESENT
    ? `every corpus file yields items or a RadarError (${CORPUS_DIR})`
    : `SKIPPED: corpus not found at ${CORPUS_DIR}, set RADAR_CORPUS_DIR`;

  it.skipIf(!PRESENT)(
    name,
    async () => {
      const files = interleave(loadCorpus());
      server = await startFeedServer();
      const srv = server;
      for (const file of files) {
        const bytes = readFileSync(join(CORPUS_DIR, file.path));
        const type = file.path.endsWith('.json') ? 'application/json' : 'application/xml';
        srv.serve(`/corpus/${encodeURI(file.path)}`, bytes, { 'content-type': type });
      }

      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      process.on('uncaughtException', onUnhandled);

      const fetcher = createFetcher({
        userAgent: 'Radar-corpus-test',
        connectTimeoutMs: 2_000,
        timeoutMs: PER_FILE_LIMIT_MS,
        maxBytes: 5 * 1024 * 1024,
        maxRedirects: 3,
        perHostConcurrency: CONCURRENCY,
      });
      const limit = pLimit(CONCURRENCY);
      const started = Date.now();
      let outcomes: Outcome[];
      try {
        outcomes = await Promise.all(
          files.map((file) =>
            limit(async (): Promise<Outcome> => {
              const t0 = Date.now();
              const url = srv.url(`/corpus/${encodeURI(file.path)}`);
              try {
                const result = await fetcher.fetchFeed({ url });
                if (result.status !== 'ok') throw new Error(`unexpected ${result.status}`);
                const { feed, dropped } = await parseFeedDetailed(result.text, { url: result.finalUrl, fetchedAt: Date.now() });
                return { file, ms: Date.now() - t0, kind: 'items', items: feed.items.length, ...dropped };
              } catch (error) {
                if (isRadarError(error) && error.message.trim() !== '') {
                  return { file, ms: Date.now() - t0, kind: 'error', code: error.code, message: error.message };
                }
                return { file, ms: Date.now() - t0, kind: 'crash', error };
              }
            }),
          ),
        );
        // Let any stray rejection surface before checking.
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        process.off('unhandledRejection', onUnhandled);
        process.off('uncaughtException', onUnhandled);
        await fetcher.close();
      }

      const count = (pred: (o: Outcome) => boolean): number => outcomes.filter(pred).length;
      const byCode = new Map<string, number>();
      for (const o of outcomes) if (o.kind === 'error') byCode.set(o.code, (byCode.get(o.code) ?? 0) + 1);
      const crashes = outcomes.filter((o) => o.kind === 'crash');
      const slow = outcomes.filter((o) => o.ms >= PER_FILE_LIMIT_MS);
      const shortfalls = outcomes.filter(
        (o) =>
          o.file.wellformed === 'yes' &&
          o.file.baselineOutcome === 'items' &&
          (o.kind !== 'items' || o.items + o.duplicate + o.empty < o.file.baselineItems),
      );
      const explained = outcomes.filter(
        (o) =>
          o.kind === 'items' &&
          o.file.wellformed === 'yes' &&
          o.file.baselineOutcome === 'items' &&
          o.items < o.file.baselineItems &&
          o.items + o.duplicate + o.empty >= o.file.baselineItems,
      );

      const lines = [
        `corpus: ${outcomes.length} files in ${Date.now() - started} ms (max ${Math.max(...outcomes.map((o) => o.ms))} ms per file)`,
        `  ok with items: ${count((o) => o.kind === 'items' && o.items > 0)} (${outcomes.reduce((n, o) => n + (o.kind === 'items' ? o.items : 0), 0)} items)`,
        `  ok empty:      ${count((o) => o.kind === 'items' && o.items === 0)}`,
        `  errors:        ${count((o) => o.kind === 'error')} ${JSON.stringify(Object.fromEntries(byCode))}`,
        `  crashes:       ${crashes.length}, unhandled: ${unhandled.length}, slow (>= ${PER_FILE_LIMIT_MS} ms): ${slow.length}`,
        `  below baseline only by dropped duplicates/empty entries: ${explained.length} files`,
        `  below baseline otherwise: ${shortfalls.length}`,
        ...shortfalls.map((o) =>
          o.kind === 'items'
            ? `    ${o.file.path}: baseline ${o.file.baselineItems}, ours ${o.items} (+${o.duplicate} dup, +${o.empty} empty)`
            : `    ${o.file.path}: baseline ${o.file.baselineItems}, ours ${o.kind === 'error' ? `${o.code}: ${o.message}` : 'crash'}`,
        ),
        ...crashes.map((o) => `    crash ${o.file.path}: ${o.kind === 'crash' ? String(o.error) : ''}`),
      ];
      console.log(lines.join('\n'));

      expect(unhandled).toEqual([]);
      expect(crashes.map((o) => o.file.path)).toEqual([]);
      expect(shortfalls.map((o) => o.file.path)).toEqual([]);
    },
    60_000,
  );
});

/**
 * The same corpus through the whole pipeline in one Radar process: every file is a configured feed
 * (good and bad interleaved), one poll cycle runs, and every feed either has all its parsed items
 * stored in SQLite or a recorded per-feed error.
 */
describe('feed corpus through the pipeline', () => {
  const name = PRESENT
    ? `every corpus feed is stored or fails alone (${CORPUS_DIR})`
    : `SKIPPED: corpus not found at ${CORPUS_DIR}, set RADAR_CORPUS_DIR`;

  it.skipIf(!PRESENT)(name, async () => {
    const files = interleave(loadCorpus());
    const server = await startFeedServer();
    const feeds = files.map((file, i) => {
      const path = `/corpus/${encodeURI(file.path)}`;
      server.serve(path, readFileSync(join(CORPUS_DIR, file.path)), { 'content-type': file.path.endsWith('.json') ? 'application/json' : 'application/xml' });
      return { id: `c${String(i).padStart(4, '0')}`, name: file.path, url: server.url(path) };
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const test = await startTestRadar(feeds);
    try {
      const started = Date.now();
      const results = await test.radar.pollOnce();
      const db = new Database(join(test.dir, 'radar.sqlite'), { readonly: true });
      const stored = new Map((db.prepare('SELECT feed_id, COUNT(*) AS n FROM items GROUP BY feed_id').all() as Array<{ feed_id: string; n: number }>).map((r) => [r.feed_id, r.n]));
      const failing = new Map((db.prepare('SELECT id, last_error FROM feeds WHERE consecutive_failures > 0').all() as Array<{ id: string; last_error: string }>).map((r) => [r.id, r.last_error]));
      db.close();

      const ok = results.filter((r) => r.status === 'ok');
      const failed = results.filter((r) => r.status === 'failed');
      const wrongCounts = ok.filter((r) => (stored.get(r.feedId) ?? 0) !== r.fresh);
      const unrecorded = failed.filter((r) => !failing.get(r.feedId)?.trim());
      console.log([
        `pipeline over corpus: ${results.length} feeds in ${Date.now() - started} ms`,
        `  ok: ${ok.length} (${[...stored.values()].reduce((a, b) => a + b, 0)} items stored), failed: ${failed.length}`,
        `  alerts printed: ${(test.output().match(/^▶ /gm) ?? []).length}, unhandled: ${unhandled.length}`,
      ].join('\n'));

      expect(results).toHaveLength(files.length);
      expect(wrongCounts.map((r) => r.feedId)).toEqual([]);
      expect(unrecorded.map((r) => r.feedId)).toEqual([]);
      expect(ok.length).toBeGreaterThan(files.length / 2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await test.radar.stop();
      test.cleanup();
      await server.close();
    }
  }, 120_000);
});
