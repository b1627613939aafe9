/**
 * Reads a SQLite database out table by table for `radar migrate --from sqlite:…`: upgraded to this
 * Radar's schema first, then read in batches inside one read transaction (one consistent snapshot,
 * even if another process writes meanwhile), so that a large file never sits in memory at once.
 */
import { existsSync } from 'node:fs';
import { StoreError } from '../../shared/errors.ts';
import type { CopiedTable, TableBatch } from '../copied-tables.ts';
import type { Row } from '../rows.ts';
import { openDatabase } from './database-file.ts';
import { createSqliteStore } from './sqlite-store.ts';

export interface SqliteSource {
  batches(tables: readonly CopiedTable[], size: number): Generator<TableBatch>;
  close(): void;
}

export async function openSqliteSource(path: string): Promise<SqliteSource> {
  if (path === ':memory:' || !existsSync(path)) throw new StoreError('store_failed', path, `--from: no database file at ${path}`);
  const store = createSqliteStore(path);
  try {
    await store.migrate();
  } finally {
    await store.close();
  }
  const db = openDatabase(path);
  return {
    *batches(tables, size) {
      db.exec('BEGIN');
      try {
        for (const table of tables) {
          const read = db.prepare(`SELECT rowid AS copy_rowid, ${table.columns.join(', ')} FROM ${table.name} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
          for (let after = 0; ;) {
            const rows = read.all(after, size) as Row[];
            if (rows.length === 0) break;
            after = Number(rows[rows.length - 1]!.copy_rowid);
            for (const row of rows) delete row.copy_rowid;
            yield { table, rows };
          }
        }
      } finally {
        db.exec('COMMIT');
      }
    },
    close: () => db.close(),
  };
}
