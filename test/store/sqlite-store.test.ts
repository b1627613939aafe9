import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.ts';
import { runDigestContract } from './digest.contract.ts';
import { runFeedbackContract } from './feedback.contract.ts';
import { item, runStoreContract } from './store.contract.ts';
import { runSubscriptionContract } from './subscriptions.contract.ts';

let dir = '';
runStoreContract('sqlite file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-store-'));
  return createSqliteStore(join(dir, 'nested', 'radar.sqlite'));
}, async () => rmSync(dir, { recursive: true, force: true }));
runDigestContract('sqlite file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-store-'));
  return createSqliteStore(join(dir, 'nested', 'radar.sqlite'));
}, async () => rmSync(dir, { recursive: true, force: true }));
runSubscriptionContract('sqlite file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-store-'));
  return createSqliteStore(join(dir, 'radar.sqlite'));
}, async () => rmSync(dir, { recursive: true, force: true }));
runFeedbackContract('sqlite file', async () => {
  dir = mkdtempSync(join(tmpdir(), 'radar-store-'));
  return createSqliteStore(join(dir, 'radar.sqlite'));
}, async () => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store on disk', () => {
  it('keeps items and feed state across a reopen', async () => {
    const base = mkdtempSync(join(tmpdir(), 'radar-store-'));
    const file = join(base, 'radar.sqlite');
    const first = createSqliteStore(file);
    await first.migrate();
    await first.syncFeeds([{ id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' }]);
    await first.saveItems('a', [{ item: item('k1', { title: 'Cártel de Sinaloa' }), scores: [], alerts: [] }], { etag: '"v1"', nextPollAt: 7, at: 5 });
    await first.close();

    const second = createSqliteStore(file);
    expect(await second.migrate()).toBe(0);
    expect(await second.knownKeys('a', ['k1'])).toEqual(new Set(['k1']));
    expect((await second.listFeeds())[0]).toMatchObject({ etag: '"v1"', seeded: true });
    await second.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('upgrades a database indexed row by row without indexing its items twice', async () => {
    const base = mkdtempSync(join(tmpdir(), 'radar-store-'));
    const file = join(base, 'radar.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    old.close();
    const store = createSqliteStore(file);
    await store.syncFeeds([{ id: 'a', url: 'https://a.example/feed', name: 'A', origin: 'config' }]);
    await store.saveItems('a', [{ item: item('k1', { title: 'Cártel de Sinaloa' }), scores: [], alerts: [] }], { nextPollAt: 0, at: 1 });
    expect(await store.migrate()).toBe(MIGRATIONS.length - 3);
    expect(await store.indexPending()).toBe(0);
    await store.saveItems('a', [{ item: item('k2', { title: 'Sinaloa otra vez' }), scores: [], alerts: [] }], { nextPollAt: 0, at: 2 });
    const hits = await store.searchItems({ terms: ['sinaloa'], since: 0, lang: null, topics: [], limit: 10 });
    expect(hits.map((h) => h.title).sort()).toEqual(['Cártel de Sinaloa', 'Sinaloa otra vez']);
    await store.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('names the path when the database cannot be opened', () => {
    const base = mkdtempSync(join(tmpdir(), 'radar-store-'));
    writeFileSync(join(base, 'a-file'), 'not a directory');
    const file = join(base, 'a-file', 'radar.sqlite');
    expect(() => createSqliteStore(file)).toThrow(`cannot open SQLite database ${file}`);
    rmSync(base, { recursive: true, force: true });
  });
});
