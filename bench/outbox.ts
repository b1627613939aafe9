/**
 * Delivery over a large outbox: one channel with 9,000 alerts due and 10,000 follow-ups scheduled
 * an hour ahead (10,000 stories alerted and posted earlier, each reported again by a second feed).
 * Prints the median time of one delivery query (the first 100 due rows of the channel, as each
 * batch of a drain asks) and of the look for channels with due rows, then the time of a whole
 * drain of the due rows through the delivery stage with an adapter that answers at once.
 * Run alone: `node bin/run-ts.js bench/outbox.ts` (BENCH_OUTBOX_DRAIN=0 skips the drain).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChatAdapter } from '../src/adapters/index.ts';
import { createDeliverer } from '../src/deliver/index.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { type AlertPayload, type NewItem, type Store } from '../src/store/index.ts';

const DUE = 9_000;
const AHEAD = 10_000;
const RUNS = 5;
const CHANNEL = 'newsroom';
const HOUR = 3_600_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function entry(key: string, alert: boolean, publishedAt: number): NewItem {
  const payload: AlertPayload = {
    itemKey: key, title: `Story ${key}`, url: `https://wire.example/${key}`, source: 'Wire', publishedAt, summary: 'Summary.',
    lang: 'en', topicId: 't', score: 0.9, matched: ['cartel'], watchMatched: [],
  };
  return {
    item: { key, url: payload.url, title: payload.title, summary: payload.summary, content: '', publishedAt, author: null, categories: [], lang: 'en' },
    scores: [],
    alerts: alert ? [{ channelId: CHANNEL, payload }] : [],
    fingerprint: { canonicalUrl: payload.url, signature: new Uint8Array([1, 2, 3]) },
    followUp: { source: 'Press', title: payload.title, url: payload.url, publishedAt },
  };
}

/** The outbox of the benchmark; returns the time at which the 9,000 alerts are due. */
async function fill(store: Store): Promise<number> {
  const t0 = 1_800_000_000_000;
  await store.migrate();
  await store.syncFeeds([{ id: 'wire', url: 'https://wire.example/rss', name: 'Wire', origin: 'config' }, { id: 'press', url: 'https://press.example/rss', name: 'Press', origin: 'config' }]);
  const stories = await store.saveItems('wire', Array.from({ length: AHEAD }, (_, i) => entry(`s${i}`, true, t0)), { nextPollAt: 0, at: t0 });
  for (let rows = await store.pendingDeliveries(t0, 1_000, CHANNEL); rows.length; rows = await store.pendingDeliveries(t0, 1_000, CHANNEL)) {
    for (const row of rows) await store.markDelivered(row.id, `m${row.id}`, t0);
  }
  // A second outlet reports every story: one follow-up per story, paced an hour after its alert.
  await store.saveItems('press', Array.from({ length: AHEAD }, (_, i) => entry(`p${i}`, false, t0)), { nextPollAt: 0, at: t0 + 60_000 },
    { assignStory: (i) => stories[i]!, followUpEveryMs: HOUR });
  const due = t0 + 120_000;
  await store.saveItems('wire', Array.from({ length: DUE }, (_, i) => entry(`n${i}`, true, due)), { nextPollAt: 0, at: due });
  return due;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function benchOutbox(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'radar-bench-outbox-'));
  const store = createSqliteStore(join(dir, 'outbox.sqlite'));
  try {
    const now = await fill(store);
    console.log(`\n## Outbox: ${DUE.toLocaleString('en-US')} alerts due, ${AHEAD.toLocaleString('en-US')} follow-ups scheduled ahead (one channel)`);
    const query: number[] = [];
    const look: number[] = [];
    let batch = 0;
    for (let r = 0; r < RUNS; r++) {
      query.push(await time(async () => { batch = (await store.pendingDeliveries(now, 100, CHANNEL)).length; }));
      look.push(await time(() => store.dueChannels(now)));
    }
    console.log(`delivery query (first ${batch} due rows) median ${median(query).toFixed(2)} ms; due-channel look median ${median(look).toFixed(2)} ms (${RUNS} runs)`);
    if (process.env.BENCH_OUTBOX_DRAIN === '0') return;
    let posted = 0;
    const instant: ChatAdapter = {
      name: 'instant', async start() {}, async stop() {},
      async post() { return `p${++posted}`; },
      async reply() { return `r${++posted}`; },
      async postOverflow() { return `o${++posted}`; },
      async postDigest() { return `d${++posted}`; },
    };
    const deliverer = createDeliverer({
      store, adapters: new Map([['instant', instant]]), channels: new Map([[CHANNEL, { id: CHANNEL, adapter: 'instant', target: 'C' }]]),
      logger: silentLogger(), clock: () => now,
    });
    const drain = await time(() => deliverer.drain());
    console.log(`drain of the due rows: ${posted.toLocaleString('en-US')} posts in ${(drain / 1000).toFixed(2)} s (${(drain / Math.max(posted, 1)).toFixed(3)} ms a row)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchOutbox();
