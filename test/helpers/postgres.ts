/**
 * The PostgreSQL server of this machine for tests (127.0.0.1:5432, trust auth; another with
 * RADAR_TEST_DATABASE_URL). Each test makes its own schema or database and drops it. When the
 * server does not answer, `describeOnPostgres` says so: skipped by name on a workstation, a failed
 * test naming the URL in CI (CI=true), never a silent skip.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

export const TEST_DATABASE_URL = process.env.RADAR_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** Null when the server answers, else why not. */
async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String((error as { code?: string }).code);
  } finally {
    await client.end().catch(() => {});
  }
}

const absent = await probe();

/** `describe` on the server, or a clear skip (workstation) or failure (CI) when it does not answer. */
export function describeOnPostgres(name: string, body: () => void): void {
  if (absent === null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs the PostgreSQL server at ${TEST_DATABASE_URL}`, () => {
        throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${absent}): CI runs these tests on it; start the server or set RADAR_TEST_DATABASE_URL`);
      });
    });
  } else {
    describe.skip(`${name} (PostgreSQL not reachable at ${TEST_DATABASE_URL}: ${absent})`, body);
  }
}

/** Runs one statement on the test server's own database (outside any test schema). */
export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The store's migration creates unaccent where it is missing, in the first schema of its path: a
 * test's own schema, dropped with it and invisible to the tests running meanwhile. It is kept in
 * public instead, once per test process (another process creating it at the same moment: 23505).
 */
const unaccentInPublic = absent !== null ? Promise.resolve() : (async () => {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin('CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public; ALTER EXTENSION unaccent SET SCHEMA public');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505' || attempt >= 3) throw error;
    }
  }
})();
// Reported by the test that needs it (createTestSchema), not as an unhandled rejection.
unaccentInPublic.catch(() => {});

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** A fresh schema in the test database; `drop` removes it with everything in it. */
export async function createTestSchema(): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName('radar_test');
  await unaccentInPublic;
  await admin(`CREATE SCHEMA ${schema}`);
  return { schema, drop: () => admin(`DROP SCHEMA ${schema} CASCADE`) };
}

/** A fresh database on the server, with its URL; `drop` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName('radar_test');
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}
