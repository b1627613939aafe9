/**
 * What the status page's own reads cost: the SQLite plans of the overview queries (a channel's
 * alerts and alerts per hour, the outbox's channels and waiting rows, the stories of a window with
 * their reports and scores), captured as the store prepares them. None may scan the items or the
 * outbox (a full pass, even over an index, costs the whole table on a database of a million
 * items): each searches an index over its key or time range. The figures are in `npm run bench`
 * (bench/page.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { AlertPayload, Store } from '../../src/store/index.ts';
import { item } from './store.contract.ts';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function alert(key: string): AlertPayload {
  return { itemKey: key, title: key, url: null, source: 'A', publishedAt: 0, summary: '', lang: null, topicId: 't', score: 0.9, matched: ['a'], watchMatched: [] };
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

it('reads the overview off indexes: no pass over the items or the outbox', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-overview-plan-'));
  const file = join(dir, 'radar.sqlite');
  store = createSqliteStore(file);
  await store.migrate();
  await store.syncFeeds(['a', 'b'].map((id) => ({ id, url: `https://${id}.example/feed`, name: id.toUpperCase(), origin: 'config' as const })));
  const fingerprint = { canonicalUrl: 'https://a.example/s', signature: new Uint8Array([1]) };
  const [first] = await store.saveItems('a', [
    { item: item('s1', { publishedAt: 5_000 }), scores: [{ topicId: 't', score: 0.8 }], alerts: [{ channelId: 'c', payload: alert('s1') }, { channelId: 'd', payload: alert('s1') }], fingerprint },
    { item: item('k2', { publishedAt: 6_000 }), scores: [], alerts: [{ channelId: 'c', payload: alert('k2') }] },
  ], { nextPollAt: 0, at: 7_000 });
  await store.saveItems('b', [{ item: item('s1-b', { publishedAt: 5_500 }), scores: [{ topicId: 't', score: 0.6 }], alerts: [], fingerprint }], { nextPollAt: 0, at: 7_000 }, { assignStory: () => first! });
  await store.close();
  store = createSqliteStore(file); // statements are prepared on first use: capture them all

  let spreads: Array<[number, number]> = [];
  const queries = await prepared(async () => {
    const channels = await store!.outboxChannels();
    expect(channels).toEqual(['c', 'd']);
    for (const channel of channels) {
      await store!.channelAlerts(channel, 1_000, 50);
      await store!.alertsPerHour(channel, 1_000);
    }
    await store!.outboxQueues();
    spreads = (await store!.storySpreads(1_000, 10, 12)).map((s) => [s.outlets, s.reports.length]);
  });
  expect(spreads).toEqual([[2, 2], [1, 1]]);

  const db = new Database(file, { readonly: true });
  try {
    const reads = queries.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q) && /\b(items|outbox)\b/.test(q));
    expect(reads.length).toBeGreaterThanOrEqual(7);
    for (const sql of reads) {
      const params = (sql.match(/\?/g) ?? []).map(() => 1_000);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
      const tables = new Set(['items', 'outbox', ...[...sql.matchAll(/\b(?:items|outbox)\s+(?:AS\s+)?(?!WHERE|JOIN|ORDER|GROUP|INDEXED|ON\b)(\w+)/gi)].map((m) => m[1]!)]);
      const scans = plan.filter((line) => {
        const scanned = /^SCAN (\w+)/.exec(line)?.[1];
        return scanned !== undefined && tables.has(scanned);
      });
      expect(scans, `${sql}\n${plan.join('\n')}`).toEqual([]);
      // "story_id IS NOT NULL" taken as a range of items_story would read every item.
      expect(plan.filter((line) => /story_id>\?/.test(line)), `${sql}\n${plan.join('\n')}`).toEqual([]);
      // Each read of the items or the outbox searches an index by its key or time range.
      expect(plan.filter((line) => /^SEARCH /.test(line) && /USING (COVERING )?INDEX (items_published|items_story|outbox_channel_kind_created|outbox_pending|outbox_queue)\b/.test(line)).length, `${sql}\n${plan.join('\n')}`).toBeGreaterThan(0);
    }
  } finally {
    db.close();
  }
});
