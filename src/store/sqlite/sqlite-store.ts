/**
 * SQLite implementation of the Store (better-sqlite3, one file, WAL): the sum of its roles, one
 * file each, over one connection.
 */
import { composeStore } from '../compose.ts';
import type { Row } from '../rows.ts';
import type { OperatingState, Store, StoreCounts } from '../store.ts';
import { SqliteChannelLeases } from './channel-leases.ts';
import { SqliteChannels } from './channels.ts';
import { SqliteConnection } from './connection.ts';
import { SqliteCoordination } from './coordination.ts';
import { SqliteDigests } from './digests.ts';
import { damaged, isCorruption, openDatabase } from './database-file.ts';
import { SqliteFeedback } from './feedback.ts';
import { SqliteFeeds } from './feeds.ts';
import { SqliteItems } from './items.ts';
import { SqliteLearning } from './learning.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteOutbox } from './outbox-queue.ts';
import { SqliteOverview } from './overview.ts';
import { SqliteSearch } from './search.ts';
import { SqliteSubscriptions } from './subscriptions.ts';

/** Opens the database at `path` (created when there is no file); an empty or damaged file is refused with a StoreError. */
export function createSqliteStore(path: string): Store {
  const c = new SqliteConnection(openDatabase(path), path);
  return composeStore<Store>([new SqliteAdmin(c), new SqliteFeeds(c), new SqliteItems(c), new SqliteOutbox(c), new SqliteChannelLeases(c), new SqliteChannels(c), new SqliteSearch(c), new SqliteOverview(c), new SqliteCoordination(c), new SqliteDigests(c), new SqliteSubscriptions(c), new SqliteLearning(c), new SqliteFeedback(c)]);
}

/** Migrations, counts and closing: the store as a whole. */
class SqliteAdmin implements Pick<Store, 'migrate' | 'ping' | 'claimOwners' | 'releaseOwner' | 'counts' | 'operatingState' | 'close'> {
  constructor(private readonly c: SqliteConnection) {}

  async migrate(): Promise<number> {
    try {
      return this.applyMigrations();
    } catch (error) {
      throw isCorruption(error) ? damaged(this.c.path, error) : error;
    }
  }

  private applyMigrations(): number {
    const { db } = this.c;
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)));
    let count = 0;
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.c.write(() => {
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      });
      count++;
    }
    return count;
  }

  async ping(): Promise<void> {
    this.c.sql('SELECT 1').get();
  }

  async counts(since: number): Promise<StoreCounts> {
    const one = (sql: string, ...args: unknown[]) => Number((this.c.sql(sql).get(...args) as Row).n);
    const lastPoll = (this.c.sql('SELECT MAX(last_polled_at) AS n FROM feeds').get() as Row).n;
    return {
      feeds: one('SELECT COUNT(*) AS n FROM feeds WHERE active = 1'),
      items: one('SELECT COUNT(*) AS n FROM items'),
      itemsSince: one('SELECT COUNT(*) AS n FROM items WHERE fetched_at >= ?', since),
      alertsSince: one(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alert' AND created_at >= ?`, since),
      pendingOutbox: one(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`),
      failingFeeds: one('SELECT COUNT(*) AS n FROM feeds WHERE active = 1 AND consecutive_failures > 0'),
      lastPollAt: lastPoll === null ? null : Number(lastPoll),
      deliveryFailures: (this.c.sql(DELIVERY_FAILURES_SQL).all(since, since) as Row[])
        .map((r) => ({ channelId: r.channel_id as string, count: Number(r.n), lastError: (r.last_error as string | null) ?? null })),
    };
  }

  async operatingState(now: number): Promise<OperatingState> {
    const outbox = this.c.sql(OUTBOX_STATE_SQL).get() as Row;
    const overdue = (this.c.sql('SELECT MIN(next_poll_at) AS at FROM feeds WHERE active = 1 AND next_poll_at <= ?').get(now) as Row).at;
    const health = this.c.sql(FEED_HEALTH_SQL).get() as Row;
    return {
      outboxPending: Number(outbox.n),
      oldestPendingAt: outbox.oldest === null ? null : Number(outbox.oldest),
      overdueSince: overdue === null ? null : Number(overdue),
      feeds: { ok: Number(health.ok ?? 0), failing: Number(health.failing ?? 0), unread: Number(health.unread ?? 0) },
    };
  }

  async claimOwners(): Promise<string[]> {
    const rows = this.c.sql(`
      SELECT claimed_by AS owner FROM feeds WHERE claimed_by IS NOT NULL
      UNION SELECT owner FROM channel_leases WHERE owner IS NOT NULL ORDER BY 1`).all() as Row[];
    return rows.map((r) => String(r.owner));
  }

  async releaseOwner(owner: string): Promise<void> {
    this.c.write(() => {
      this.c.sql('UPDATE feeds SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ?').run(owner);
      this.c.sql('UPDATE channel_leases SET owner = NULL, lease_until = NULL WHERE owner = ?').run(owner);
    });
  }

  async close(): Promise<void> {
    if (this.c.db.open) this.c.db.close();
  }
}

/** The pending outbox rows (index outbox_pending): how many, and when the oldest was queued. */
const OUTBOX_STATE_SQL = `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'`;

/** Polled feeds by health (one row per feed: a configured list and at most a few hundred from chat). */
const FEED_HEALTH_SQL = `
  SELECT SUM(consecutive_failures = 0 AND last_success_at IS NOT NULL) AS ok,
    SUM(consecutive_failures > 0) AS failing,
    SUM(consecutive_failures = 0 AND last_success_at IS NULL) AS unread
  FROM feeds WHERE active = 1`;

/** Per channel, rows given up since a time, with the latest error (binds: since, since). */
const DELIVERY_FAILURES_SQL = `
  SELECT channel_id, COUNT(*) AS n,
    (SELECT last_error FROM outbox AS o2 WHERE o2.channel_id = o.channel_id AND o2.status = 'failed' AND o2.failed_at >= ?
      ORDER BY o2.failed_at DESC, o2.id DESC LIMIT 1) AS last_error
  FROM outbox AS o WHERE status = 'failed' AND failed_at >= ? GROUP BY channel_id ORDER BY channel_id`;
