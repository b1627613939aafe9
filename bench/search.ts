/**
 * `/radar search` latency over a large store: 100,000 items from 200 feeds in a SQLite file, their
 * titles and summaries taken from test/score/cases.jsonl (cycled, each with its own number), one
 * score per item. Prints the time to write and index them, and the median and 95th percentile of
 * a search (the store's full-text query with relevance ranking, 10 results), for one-word,
 * phrase, prefix and two-word queries. Run alone: `node bin/run-ts.js bench/search.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { searchTerms, splitArgs } from '../src/commands/index.ts';
import { parseItemLines } from '../src/score/index.ts';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { type NewItem } from '../src/store/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ITEMS = 100_000;
const FEEDS = 200;
const QUERIES = ['sinaloa', '"guardia nacional"', 'extradi*', 'sheinbaum rubio', 'fentanilo'];
const RUNS = 100;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function benchSearch(): Promise<void> {
  const { items: cases } = parseItemLines(readFileSync(resolve(root, 'test/score/cases.jsonl'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-search-'));
  const store = createSqliteStore(join(dir, 'search.sqlite'));
  try {
    await store.migrate();
    await store.syncFeeds(Array.from({ length: FEEDS }, (_, f) => ({ id: `f${f}`, url: `https://feed${f}.example/rss`, name: `Outlet ${f}`, origin: 'config' as const })));
    const now = Date.now();
    const perFeed = ITEMS / FEEDS;
    const writeStart = performance.now();
    for (let f = 0; f < FEEDS; f++) {
      const batch: NewItem[] = Array.from({ length: perFeed }, (_, i) => {
        const n = f * perFeed + i;
        const c = cases[n % cases.length]!;
        return {
          item: {
            key: `k${n}`, url: `https://feed${f}.example/${n}`, title: `${c.title} ${n}`, summary: c.summary, content: '',
            publishedAt: now - (n % (14 * 24)) * 3_600_000, author: null, categories: [], lang: c.lang ?? null,
          },
          scores: [{ topicId: 'cartel-sovereignty', score: (n % 100) / 100 }],
          alerts: [],
        };
      });
      await store.saveItems(`f${f}`, batch, { nextPollAt: 0, at: now });
    }
    const written = performance.now();
    await store.indexPending();
    const indexed = performance.now();

    console.log(`\n## Search over ${ITEMS.toLocaleString('en-US')} stored items (${FEEDS} feeds)`);
    console.log(`write ${((written - writeStart) / 1000).toFixed(2)} s, full-text index in one batch ${((indexed - written) / 1000).toFixed(2)} s`);
    for (const text of QUERIES) {
      const terms = searchTerms(splitArgs(text));
      const times: number[] = [];
      let hits = 0;
      for (let r = 0; r < RUNS; r++) {
        const start = performance.now();
        hits = (await store.searchItems({ terms, since: now - 7 * 86_400_000, lang: null, topics: ['cartel-sovereignty'], limit: 10 })).length;
        times.push(performance.now() - start);
      }
      console.log(`search ${text.padEnd(20)} median ${percentile(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms   (${hits} hits shown)`);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchSearch();
