/**
 * `radar migrate --from sqlite:… --to postgres://…`: moves a single instance's database file to a
 * database server that several instances share. Feeds (with their polling state), channels (with
 * their settings and terms), items (with scores, story fingerprints and article text), stories and
 * the outbox (pending, sent and given-up rows) are copied with their ids, in batches.
 */
import { COPIED_TABLES, type CopyCounts } from './copied-tables.ts';
import type { DatabaseTarget } from './database-target.ts';
import { importIntoPostgres } from './postgres/import.ts';
import { openSqliteSource } from './sqlite/export.ts';

export type { CopyCounts } from './copied-tables.ts';

/** Rows per insert: large enough to save round trips, small enough to keep a batch of long articles in memory. */
export const COPY_BATCH_ROWS = 500;

export async function copyDatabase(
  from: Extract<DatabaseTarget, { kind: 'file' }>,
  to: Extract<DatabaseTarget, { kind: 'server' }>,
  options: { batchRows?: number } = {},
): Promise<CopyCounts> {
  const source = await openSqliteSource(from.path);
  try {
    return await importIntoPostgres(to, source.batches(COPIED_TABLES, options.batchRows ?? COPY_BATCH_ROWS));
  } finally {
    source.close();
  }
}
