/**
 * The one place that builds a store from where the database is: the embedded file store, or the
 * server store shared by several instances.
 */
import type { DatabaseTarget } from './database-target.ts';
import { createPostgresStore } from './postgres/postgres-store.ts';
import { setAside, type SetAside } from './sqlite/database-file.ts';
import { createSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** Opens the store at `target` (not migrated); a database that cannot be opened or reached is a StoreError naming it. */
export async function createStore(target: DatabaseTarget): Promise<Store> {
  if (target.kind === 'file') return createSqliteStore(target.path);
  return createPostgresStore(target);
}

/** What `radar migrate --force-new` did; a database server is never set aside. */
export type ForceNew = SetAside | { kind: 'server' };

/** Moves an empty or damaged database file aside (kept) so that a new one can start in its place. */
export function setAsideDatabase(target: DatabaseTarget, at: number): ForceNew {
  return target.kind === 'file' ? setAside(target.path, at) : { kind: 'server' };
}
