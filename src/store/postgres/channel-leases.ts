/**
 * The channel leases role of the PostgreSQL store: one row per platform channel with its holder,
 * the lease's end and the pace every instance keeps. The upsert takes the row's lock, so two
 * instances asking at once get one answer each: one holds the lease, the other null.
 */
import type { ChannelLeaseStore, ChannelPace } from '../store.ts';
import type { PgConnection } from './connection.ts';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export class PgChannelLeases implements ChannelLeaseStore {
  constructor(private readonly c: PgConnection) {}

  async leaseChannel(channel: string, owner: string, now: number, leaseUntil: number): Promise<ChannelPace | null> {
    const row = await this.c.sql.one(`
      INSERT INTO channel_leases AS l (channel, owner, lease_until) VALUES ($1, $2, $3)
      ON CONFLICT (channel) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
        WHERE l.owner IS NULL OR l.owner = excluded.owner OR l.lease_until <= $4
      RETURNING last_post_at, blocked_until`, [channel, owner, leaseUntil, now]);
    return row ? { lastPostAt: num(row.last_post_at), blockedUntil: num(row.blocked_until) } : null;
  }

  async recordChannelPace(channel: string, owner: string, pace: ChannelPace): Promise<boolean> {
    const row = await this.c.sql.one(`
      INSERT INTO channel_leases AS l (channel, last_post_at, blocked_until) VALUES ($1, $2, $3)
      ON CONFLICT (channel) DO UPDATE SET last_post_at = GREATEST(l.last_post_at, excluded.last_post_at),
        blocked_until = GREATEST(l.blocked_until, excluded.blocked_until)
      RETURNING owner`, [channel, pace.lastPostAt, pace.blockedUntil]);
    return row?.owner === owner;
  }

  async releaseChannel(channel: string, owner: string): Promise<void> {
    await this.c.sql.run('UPDATE channel_leases SET owner = NULL, lease_until = NULL WHERE channel = $1 AND owner = $2', [channel, owner]);
  }
}
