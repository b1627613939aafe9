/**
 * PostgreSQL implementation of the Store (node-postgres, a pool sized from config): the sum of its
 * roles, one file each, over one pool. Several instances may share one database.
 */
import { StoreError } from '../../shared/errors.ts';
import { composeStore } from '../compose.ts';
import { describeTarget, maskPassword, targetSecret, type DatabaseTarget } from '../database-target.ts';
import type { OperatingState, Store, StoreCounts } from '../store.ts';
import { PgChannelLeases } from './channel-leases.ts';
import { PgChannels } from './channels.ts';
import { connectionLost, LOCK, PgConnection } from './connection.ts';
import { PgCoordination } from './coordination.ts';
import { PgDigests } from './digests.ts';
import { PgFeedback } from './feedback.ts';
import { PgFeeds } from './feeds.ts';
import { PgItems } from './items.ts';
import { PgLearning } from './learning.ts';
import { PG_MIGRATIONS } from './migrations.ts';
import { PgOutbox } from './outbox.ts';
import { PgOverview } from './overview.ts';
import { PgSearch } from './search.ts';
import { PgSubscriptions } from './subscriptions.ts';

type ServerTarget = Extract<DatabaseTarget, { kind: 'server' }>;

/**
 * Connects to the server (checked with one query) and returns its store, not migrated. A server
 * that cannot be reached, or a URL that is not one, is a StoreError 'store_unavailable' naming
 * the setting and the URL with its password masked. `schema` (tests) puts the tables in that schema.
 */
export async function createPostgresStore(target: ServerTarget, options: { schema?: string } = {}): Promise<Store> {
  const c = await connectPostgres(target, options.schema ?? null);
  const where = describeTarget(target);
  // A dropped connection fails only the call that was using it: the pool opens a new one for the next.
  return composeStore<Store>([new PgAdmin(c, where), new PgFeeds(c), new PgItems(c), new PgOutbox(c), new PgChannelLeases(c), new PgChannels(c), new PgSearch(c), new PgOverview(c), new PgCoordination(c), new PgDigests(c), new PgSubscriptions(c), new PgLearning(c), new PgFeedback(c)], connectionLost(where));
}

/** A pool on the server, checked with one query; a server that cannot be reached is a StoreError 'store_unavailable' (see createPostgresStore). */
export async function connectPostgres(target: ServerTarget, schema: string | null): Promise<PgConnection> {
  const where = describeTarget(target);
  let c: PgConnection | null = null;
  try {
    c = new PgConnection(target.url, target.poolSize, schema);
    await c.sql.rows('SELECT 1');
    return c;
  } catch (error) {
    await c?.pool.end().catch(() => {});
    const secret = targetSecret(target);
    let reason = maskPassword(error instanceof Error ? error.message : String(error));
    if (secret) reason = reason.split(secret).join('***');
    throw new StoreError('store_unavailable', where, `cannot reach database ${where} (${target.from}): ${reason || (error as { code?: string }).code || 'connection failed'}`, { cause: error });
  }
}

/**
 * Applies pending migrations in one transaction under a lock: instances starting together apply
 * them once. A database whose schema is newer than this Radar knows is refused.
 */
export async function migratePostgres(c: PgConnection, where: string): Promise<number> {
  return c.tx(async (sql) => {
    await sql.rows('SELECT pg_advisory_xact_lock($1::int, 0)', [LOCK.migrations]);
    await sql.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((await sql.rows('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const known = Math.max(...PG_MIGRATIONS.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new StoreError('store_failed', where, `database ${where} has schema version ${newest}, newer than this Radar knows (${known}): upgrade Radar before starting it on this database`);
    }
    let count = 0;
    for (const migration of PG_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await sql.run(migration.sql);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      count++;
    }
    return count;
  });
}

/** Migrations, counts and closing: the store as a whole. */
class PgAdmin implements Pick<Store, 'migrate' | 'ping' | 'claimOwners' | 'releaseOwner' | 'counts' | 'operatingState' | 'close'> {
  constructor(private readonly c: PgConnection, private readonly where: string) {}

  migrate(): Promise<number> {
    return migratePostgres(this.c, this.where);
  }

  async ping(): Promise<void> {
    await this.c.sql.rows('SELECT 1');
  }

  async counts(since: number): Promise<StoreCounts> {
    const row = (await this.c.sql.one(`
      SELECT
        (SELECT COUNT(*) FROM feeds WHERE active = 1) AS feeds,
        (SELECT COUNT(*) FROM items) AS items,
        (SELECT COUNT(*) FROM items WHERE fetched_at >= $1) AS items_since,
        (SELECT COUNT(*) FROM outbox WHERE kind = 'alert' AND created_at >= $1) AS alerts_since,
        (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS pending,
        (SELECT COUNT(*) FROM feeds WHERE active = 1 AND consecutive_failures > 0) AS failing,
        (SELECT MAX(last_polled_at) FROM feeds) AS last_poll`, [since]))!;
    const failures = await this.c.sql.rows(`
      SELECT channel_id, COUNT(*) AS n,
        (SELECT last_error FROM outbox AS o2 WHERE o2.channel_id = o.channel_id AND o2.status = 'failed' AND o2.failed_at >= $1
          ORDER BY o2.failed_at DESC, o2.id DESC LIMIT 1) AS last_error
      FROM outbox AS o WHERE status = 'failed' AND failed_at >= $1 GROUP BY channel_id ORDER BY channel_id`, [since]);
    return {
      feeds: Number(row.feeds),
      items: Number(row.items),
      itemsSince: Number(row.items_since),
      alertsSince: Number(row.alerts_since),
      pendingOutbox: Number(row.pending),
      failingFeeds: Number(row.failing),
      lastPollAt: row.last_poll === null ? null : Number(row.last_poll),
      deliveryFailures: failures.map((r) => ({ channelId: String(r.channel_id), count: Number(r.n), lastError: (r.last_error as string | null) ?? null })),
    };
  }

  async operatingState(now: number): Promise<OperatingState> {
    // The pending rows through outbox_pending, the most overdue feed through feeds_due, health by feed.
    const row = (await this.c.sql.one(`
      SELECT
        (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS pending,
        (SELECT MIN(created_at) FROM outbox WHERE status = 'pending') AS oldest,
        (SELECT MIN(next_poll_at) FROM feeds WHERE active = 1 AND next_poll_at <= $1) AS overdue,
        COUNT(*) FILTER (WHERE consecutive_failures = 0 AND last_success_at IS NOT NULL) AS ok,
        COUNT(*) FILTER (WHERE consecutive_failures > 0) AS failing,
        COUNT(*) FILTER (WHERE consecutive_failures = 0 AND last_success_at IS NULL) AS unread
      FROM feeds WHERE active = 1`, [now]))!;
    return {
      outboxPending: Number(row.pending),
      oldestPendingAt: row.oldest === null ? null : Number(row.oldest),
      overdueSince: row.overdue === null ? null : Number(row.overdue),
      feeds: { ok: Number(row.ok), failing: Number(row.failing), unread: Number(row.unread) },
    };
  }

  async claimOwners(): Promise<string[]> {
    const rows = await this.c.sql.rows(`
      SELECT claimed_by AS owner FROM feeds WHERE claimed_by IS NOT NULL
      UNION SELECT owner FROM channel_leases WHERE owner IS NOT NULL ORDER BY 1`);
    return rows.map((r) => String(r.owner));
  }

  async releaseOwner(owner: string): Promise<void> {
    await this.c.tx(async (sql) => {
      await sql.run('UPDATE feeds SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = $1', [owner]);
      await sql.run('UPDATE channel_leases SET owner = NULL, lease_until = NULL WHERE owner = $1', [owner]);
    });
  }

  async close(): Promise<void> {
    if (!this.c.pool.ended) await this.c.pool.end();
  }
}
