/**
 * What one delivery batch costs: the SQLite plans of the queries that the store runs for a
 * channel's due rows and for the due channels. A drain must cost the rows due, so no plan may sort
 * the due rows (a temporary B-tree for ORDER BY: every batch would read them all), scan the table,
 * or range over the rows scheduled ahead. The queries are captured as the store prepares them.
 * The figures are in `npm run bench` (bench/outbox.ts). And the upgrade to that queue keeps a row
 * that waited for a retry where it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type AlertPayload, type Store } from '../../src/store/index.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { item } from './store.contract.ts';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function alert(key: string): AlertPayload {
  return { itemKey: key, title: key, url: null, source: 'A', publishedAt: 0, summary: '', lang: null, topicId: 't', score: 0.9, matched: [], watchMatched: [] };
}

/** Runs `fn` and returns the statements prepared meanwhile on any connection. */
async function prepared(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    seen.push(source);
    return prepare.call(this, source);
  } as typeof prepare;
  try {
    await fn();
  } finally {
    Database.prototype.prepare = prepare;
  }
  return seen;
}

it('reads a delivery batch and the due channels off an index, without sorting or visiting what is scheduled ahead', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-outbox-plan-'));
  const file = join(dir, 'radar.sqlite');
  store = createSqliteStore(file);
  await store.migrate();
  await store.syncFeeds([{ id: 'f', url: 'https://f.example/feed', name: 'F', origin: 'config' }]);
  const now = 1_000_000;
  // Channel "b" waits for a retry; channel "a" has rows due and one scheduled ahead.
  await store.saveItems('f', [{ item: item('b1'), scores: [], alerts: [{ channelId: 'b', payload: alert('b1') }] }], { nextPollAt: 0, at: now });
  const [waiting] = await store.pendingDeliveries(now, 10, 'b');
  await store.markDeliveryFailed(waiting!.id, '503', now + 60_000, now);
  await store.saveItems('f', [{ item: item('ahead'), scores: [], alerts: [{ channelId: 'a', payload: alert('ahead') }] }], { nextPollAt: 0, at: now + 3_600_000 });
  await store.saveItems('f', ['a1', 'a2'].map((k) => ({ item: item(k), scores: [], alerts: [{ channelId: 'a', payload: alert(k) }] })), { nextPollAt: 0, at: now });

  await store.close();
  store = createSqliteStore(file); // statements are prepared on first use: capture them all

  let batch: string[] = [];
  let channels: string[] = [];
  const queries = await prepared(async () => {
    batch = (await store!.pendingDeliveries(now, 100, 'a')).map((r) => (r.payload as AlertPayload).itemKey);
    channels = await store!.dueChannels(now);
  });
  expect(batch).toEqual(['a1', 'a2']);
  expect(channels).toEqual(['a']);

  const db = new Database(file, { readonly: true });
  try {
    const reads = queries.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q) && /\boutbox\b/.test(q));
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const sql of reads) {
      const params = (sql.match(/\?/g) ?? []).map(() => now);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan.filter((line) => /TEMP B-TREE/.test(line)), `${sql}\n${plan.join('\n')}`).toEqual([]);
      const outbox = new Set(['outbox', ...[...sql.matchAll(/\boutbox\s+(?:AS\s+)?(\w+)/gi)].map((m) => m[1]!)]);
      expect(plan.filter((line) => /^SCAN \w+$/.test(line) && outbox.has(line.slice(5))), plan.join('\n')).toEqual([]);
      expect(plan.filter((line) => /next_attempt_at>\?/.test(line)), plan.join('\n')).toEqual([]);
    }
  } finally {
    db.close();
  }
});

it('keeps a row that waited for a retry before the upgrade waiting, in its place ahead of the rows queued after it', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-outbox-plan-'));
  const file = join(dir, 'radar.sqlite');
  const old = new Database(file);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  for (const m of MIGRATIONS.filter((m) => m.version <= 5)) {
    old.exec(m.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  old.exec(`INSERT INTO feeds (id, url, name) VALUES ('f', 'https://f.example/feed', 'F')`);
  const insertItem = old.prepare(`INSERT INTO items (id, feed_id, item_key, title, summary, content, categories, published_at, fetched_at) VALUES (?, 'f', ?, 't', '', '', '[]', 0, 0)`);
  const insertRow = old.prepare(`INSERT INTO outbox (channel_id, kind, item_id, payload, attempts, next_attempt_at, created_at) VALUES ('c', 'alert', ?, ?, ?, ?, ?)`);
  insertItem.run(1, 'k1');
  insertItem.run(2, 'k2');
  insertRow.run(1, JSON.stringify(alert('k1')), 1, 5_000, 100); // failed once at 100, retried at 5,000
  insertRow.run(2, JSON.stringify(alert('k2')), 0, 200, 200);
  old.close();

  store = createSqliteStore(file);
  await store.migrate();
  expect(await store.dueChannels(1_000)).toEqual([]);
  expect(await store.pendingDeliveries(1_000, 10, 'c')).toEqual([]);
  expect((await store.pendingDeliveries(5_000, 10, 'c')).map((r) => [(r.payload as AlertPayload).itemKey, r.attempts])).toEqual([['k1', 1], ['k2', 0]]);
});
