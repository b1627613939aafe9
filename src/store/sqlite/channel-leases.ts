/**
 * The channel leases role of the SQLite store: one row per platform channel with its holder, the
 * lease's end and the pace every process on the file keeps (`radar run` beside `radar poll --once`).
 */
import type { Row } from '../rows.ts';
import type { ChannelLeaseStore, ChannelPace } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The later of two times, either of which may be missing. */
const LATER = (column: string) => `CASE WHEN excluded.${column} IS NULL OR l.${column} >= excluded.${column} THEN l.${column} ELSE excluded.${column} END`;

export class SqliteChannelLeases implements ChannelLeaseStore {
  constructor(private readonly c: SqliteConnection) {}

  async leaseChannel(channel: string, owner: string, now: number, leaseUntil: number): Promise<ChannelPace | null> {
    const row = this.c.sql(`
      INSERT INTO channel_leases AS l (channel, owner, lease_until) VALUES (?, ?, ?)
      ON CONFLICT (channel) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
        WHERE l.owner IS NULL OR l.owner = excluded.owner OR l.lease_until <= ?
      RETURNING last_post_at, blocked_until`).get(channel, owner, leaseUntil, now) as Row | undefined;
    return row ? { lastPostAt: num(row.last_post_at), blockedUntil: num(row.blocked_until) } : null;
  }

  async recordChannelPace(channel: string, owner: string, pace: ChannelPace): Promise<boolean> {
    const row = this.c.sql(`
      INSERT INTO channel_leases AS l (channel, last_post_at, blocked_until) VALUES (?, ?, ?)
      ON CONFLICT (channel) DO UPDATE SET last_post_at = ${LATER('last_post_at')}, blocked_until = ${LATER('blocked_until')}
      RETURNING owner`).get(channel, pace.lastPostAt, pace.blockedUntil) as Row | undefined;
    return row?.owner === owner;
  }

  async releaseChannel(channel: string, owner: string): Promise<void> {
    this.c.sql('UPDATE channel_leases SET owner = NULL, lease_until = NULL WHERE channel = ? AND owner = ?').run(channel, owner);
  }
}
