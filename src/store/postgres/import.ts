/**
 * Writes a copied database into an empty PostgreSQL database (`radar migrate --from … --to …`):
 * migrated first, then every batch as one multi-row insert (rows passed as one JSON parameter and
 * typed by the table itself), all in one transaction, so that a copy that fails leaves the target
 * as it was. Ids are kept; the id sequences then continue after the largest copied id.
 */
import { StoreError } from '../../shared/errors.ts';
import type { CopyCounts, TableBatch } from '../copied-tables.ts';
import { describeTarget, type DatabaseTarget } from '../database-target.ts';
import { LOCK } from './connection.ts';
import { connectPostgres, migratePostgres } from './postgres-store.ts';

type ServerTarget = Extract<DatabaseTarget, { kind: 'server' }>;

/** Tables that must be empty for a copy: anything in them would clash with the copied ids or settings. */
const MUST_BE_EMPTY = ['feeds', 'items', 'outbox', 'channels'] as const;

export async function importIntoPostgres(target: ServerTarget, batches: Iterable<TableBatch>, options: { schema?: string } = {}): Promise<CopyCounts> {
  const where = describeTarget(target);
  const c = await connectPostgres(target, options.schema ?? null);
  try {
    await migratePostgres(c, where);
    return await c.tx(async (sql) => {
      // Two copies into one database at once: the second waits, then finds it not empty.
      await sql.rows('SELECT pg_advisory_xact_lock($1::int, 1)', [LOCK.migrations]);
      const present = (await sql.one(`SELECT ${MUST_BE_EMPTY.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ')}`))!;
      const filled = MUST_BE_EMPTY.filter((t) => Number(present[t]) > 0);
      if (filled.length) {
        throw new StoreError('store_not_empty', where,
          `--to: database ${where} is not empty (${filled.map((t) => `${Number(present[t])} ${t}`).join(', ')}): a copy goes into a new, empty database only`);
      }
      for (const { table, rows } of batches) {
        const list = table.columns.join(', ');
        const binary = new Set(table.binary ?? []);
        const json = rows.map((row) => {
          if (!binary.size) return row;
          const out = { ...row };
          for (const column of binary) {
            const value = out[column];
            if (value instanceof Uint8Array) out[column] = `\\x${Buffer.from(value).toString('hex')}`;
          }
          return out;
        });
        await sql.run(`INSERT INTO ${table.name} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table.name}, $1::json)`, [JSON.stringify(json)]);
      }
      for (const table of ['items', 'outbox']) {
        await sql.rows(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`);
      }
      const n = (await sql.one(`
        SELECT (SELECT COUNT(*) FROM feeds) AS feeds, (SELECT COUNT(*) FROM channels) AS channels,
          (SELECT COUNT(*) FROM channel_terms) AS terms, (SELECT COUNT(*) FROM items) AS items,
          (SELECT COUNT(*) FROM scores) AS scores, (SELECT COUNT(DISTINCT story_id) FROM items) AS stories,
          (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS pending,
          (SELECT COUNT(*) FROM outbox WHERE status = 'sent') AS sent,
          (SELECT COUNT(*) FROM outbox WHERE status = 'failed') AS failed`))!;
      return {
        feeds: Number(n.feeds), channels: Number(n.channels), channelTerms: Number(n.terms), items: Number(n.items),
        scores: Number(n.scores), stories: Number(n.stories),
        outbox: { pending: Number(n.pending), sent: Number(n.sent), failed: Number(n.failed) },
      };
    });
  } finally {
    await c.pool.end();
  }
}
