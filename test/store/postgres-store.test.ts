/**
 * The Store contract on the PostgreSQL server of this machine (see test/helpers/postgres.ts), each
 * test in its own schema; and what only a server store has: several instances on one database.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import type { Store } from '../../src/store/index.ts';
import { createTestSchema, describeOnPostgres, TEST_DATABASE_URL as URL } from '../helpers/postgres.ts';
import { runDigestContract } from './digest.contract.ts';
import { runFeedbackContract } from './feedback.contract.ts';
import { runStoreContract } from './store.contract.ts';
import { runSubscriptionContract } from './subscriptions.contract.ts';

const target = { kind: 'server' as const, url: URL, poolSize: 4, from: 'RADAR_TEST_DATABASE_URL' };
describeOnPostgres('PostgreSQL store', () => {
  let drop = async () => {};
  runStoreContract('postgres', async () => {
    const made = await createTestSchema();
    drop = made.drop;
    return createPostgresStore(target, { schema: made.schema });
  }, async () => drop(), { batchIndex: false });
  runDigestContract('postgres', async () => {
    const made = await createTestSchema();
    drop = made.drop;
    return createPostgresStore(target, { schema: made.schema });
  }, async () => drop());
  runSubscriptionContract('postgres', async () => {
    const made = await createTestSchema();
    drop = made.drop;
    return createPostgresStore(target, { schema: made.schema });
  }, async () => drop());
  runFeedbackContract('postgres', async () => {
    const made = await createTestSchema();
    drop = made.drop;
    return createPostgresStore(target, { schema: made.schema });
  }, async () => drop());

  describe('PostgreSQL store on the server', () => {
    /** Closed and dropped after each test, passed or failed. */
    let opened: Store[] = [];
    let drops: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      for (const drop of drops) await drop();
      opened = [];
      drops = [];
    });
    async function open(schema?: string): Promise<{ store: Store; schema: string }> {
      if (!schema) {
        const made = await createTestSchema();
        drops.push(made.drop);
        schema = made.schema;
      }
      const store = await createPostgresStore(target, { schema });
      opened.push(store);
      return { store, schema };
    }

    it('applies its migrations once when two instances start together, and refuses a newer schema', async () => {
      const { store, schema } = await open();
      const { store: other } = await open(schema);
      expect((await Promise.all([store.migrate(), other.migrate()])).sort()).toEqual([0, PG_MIGRATIONS.length]);
      const client = new pg.Client({ connectionString: URL, options: `-c search_path=${schema}` });
      await client.connect();
      await client.query(`INSERT INTO schema_migrations VALUES (999, 'from a newer Radar', 0)`);
      await client.end();
      await expect(other.migrate()).rejects.toThrow(/has schema version 999, newer than this Radar knows \(\d+\): upgrade Radar/);
    });

    it('keeps the channel limits when two writers add terms at once', async () => {
      const { store, schema } = await open();
      await store.migrate();
      await store.seedChannels([{ id: 'news', threshold: 0.5, topics: [], watch: [], mute: [] }], 1);
      const others = await Promise.all(Array.from({ length: 3 }, async () => (await open(schema)).store));
      const results = await Promise.all([store, ...others].flatMap((s, i) => [0, 1, 2].map((j) => s.addChannelTerm('news', 'watch', `t${i}-${j}`, 'U', 2, 5))));
      expect(results.filter((r) => r === 'added')).toHaveLength(5);
      expect((await store.listChannels())[0]!.watch).toHaveLength(5);
    });

    it('gives each due feed to one of several instances claiming at once, and each channel lease to one', async () => {
      const { store, schema } = await open();
      await store.migrate();
      await store.syncFeeds(Array.from({ length: 200 }, (_, i) => ({ id: `f${i}`, url: `https://f${i}.example/feed`, name: `F${i}`, origin: 'config' as const })));
      const stores = [store, ...await Promise.all([1, 2].map(async () => (await open(schema)).store))];
      // Three instances, each claiming batches of 15 (polled: due later) until nothing is left.
      const claimed = await Promise.all(stores.map(async (s, i) => {
        const mine: string[] = [];
        for (;;) {
          const batch = await s.claimFeeds(`owner-${i}`, 1_000, 61_000, 15);
          if (batch.length === 0) return mine;
          for (const feed of batch) await s.recordSuccess(feed.id, { nextPollAt: 600_000, at: 1_000 });
          mine.push(...batch.map((f) => f.id));
        }
      }));
      const all = claimed.flat();
      expect(all).toHaveLength(200);
      expect(new Set(all).size).toBe(200);
      const leases = await Promise.all(stores.flatMap((s, i) => [0, 1, 2].map(() => s.leaseChannel('discord:123', `owner-${i}`, 1_000, 61_000))));
      const holders = new Set(leases.flatMap((l, j) => (l ? [Math.floor(j / 3)] : [])));
      expect(holders.size).toBe(1);
    });

    it('refuses an unreachable server in one line naming it, the password masked', async () => {
      const bad = { kind: 'server' as const, url: 'postgres://radar:hunter2@127.0.0.1:1/radar', poolSize: 1, from: 'DATABASE_URL' };
      const error = await createPostgresStore(bad).catch((e: unknown) => e as Error);
      expect(error).toMatchObject({ code: 'store_unavailable' });
      expect((error as Error).message).toMatch(/^cannot reach database postgres:\/\/radar:\*\*\*@127\.0\.0\.1:1\/radar \(DATABASE_URL\): \S/);
      expect((error as Error).message).not.toContain('hunter2');
      expect((error as Error).message).not.toContain('\n');
    });
  });
});
