/**
 * The feeds role of the PostgreSQL store.
 */
import { safeLine } from '../../shared/safe-text.ts';
import { toFeed } from '../rows.ts';
import type { FeedDefinition, FeedRecord, FeedStateUpdate, FeedStore } from '../store.ts';
import { LOCK, lock, type PgConnection, type Sql } from './connection.ts';

export class PgFeeds implements FeedStore {
  constructor(private readonly c: PgConnection) {}

  async syncFeeds(feeds: FeedDefinition[]): Promise<void> {
    await this.c.tx(async (sql) => {
      await lock(sql, LOCK.chatFeeds, '');
      await sql.run(`UPDATE feeds SET active = 0 WHERE origin = 'config' AND active = 1 AND NOT (id = ANY($1::text[]))`, [feeds.map((f) => f.id)]);
      // A URL is polled as one feed: the config file's takes over one added from chat.
      await sql.run(`UPDATE feeds SET active = 0 WHERE origin = 'chat' AND active = 1 AND url = ANY($1::text[]) AND NOT (id = ANY($2::text[]))`,
        [feeds.map((f) => f.url), feeds.map((f) => f.id)]);
      for (const f of feeds) {
        await sql.run(`
          INSERT INTO feeds (id, url, name, origin, active) VALUES ($1, $2, $3, $4, 1)
          ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1`, [f.id, f.url, f.name, f.origin]);
      }
    });
  }

  async listFeeds(): Promise<FeedRecord[]> {
    return (await this.c.sql.rows('SELECT * FROM feeds WHERE active = 1 ORDER BY id')).map(toFeed);
  }

  async addFeed(feed: FeedDefinition, maxFromChat = Infinity): Promise<'added' | 'exists' | 'full'> {
    // One writer at a time for the chat-added feeds, so that two instances cannot pass the limit together.
    return this.c.tx(async (sql) => {
      await lock(sql, LOCK.chatFeeds, '');
      if (await sql.one('SELECT 1 FROM feeds WHERE active = 1 AND (id = $1 OR url = $2)', [feed.id, feed.url])) return 'exists' as const;
      const fromChat = Number((await sql.one(`SELECT COUNT(*) AS n FROM feeds WHERE active = 1 AND origin = 'chat'`))!.n);
      if (feed.origin === 'chat' && fromChat >= maxFromChat) return 'full' as const;
      await sql.run(`
        INSERT INTO feeds (id, url, name, origin, active, next_poll_at) VALUES ($1, $2, $3, $4, 1, 0)
        ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1, next_poll_at = 0`,
      [feed.id, feed.url, feed.name, feed.origin]);
      return 'added' as const;
    });
  }

  async removeFeed(url: string): Promise<'removed' | 'not_found' | 'config'> {
    const row = await this.c.sql.one('SELECT id, origin FROM feeds WHERE active = 1 AND url = $1', [url]);
    if (!row) return 'not_found';
    if (row.origin !== 'chat') return 'config';
    await this.c.sql.run('UPDATE feeds SET active = 0 WHERE id = $1', [row.id]);
    return 'removed';
  }

  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    return (await this.c.sql.rows('SELECT * FROM feeds WHERE active = 1 AND next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2', [now, limit])).map(toFeed);
  }

  async claimFeeds(owner: string, now: number, leaseUntil: number, limit: number): Promise<FeedRecord[]> {
    // SKIP LOCKED: instances claiming at once each take other feeds instead of waiting on one another.
    const rows = await this.c.sql.rows(`
      UPDATE feeds SET claimed_by = $1, claim_until = $2
      WHERE id IN (
        SELECT id FROM feeds WHERE active = 1 AND next_poll_at <= $3 AND (claimed_by IS NULL OR claimed_by = $1 OR claim_until <= $3)
        ORDER BY next_poll_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING *`, [owner, leaseUntil, now, limit]);
    return rows.map(toFeed).sort((a, b) => a.nextPollAt - b.nextPollAt || (a.id < b.id ? -1 : 1));
  }

  async renewFeedClaims(owner: string, feedIds: readonly string[], leaseUntil: number): Promise<string[]> {
    if (feedIds.length === 0) return [];
    const rows = await this.c.sql.rows('UPDATE feeds SET claim_until = $1 WHERE claimed_by = $2 AND id = ANY($3::text[]) RETURNING id', [leaseUntil, owner, feedIds]);
    return rows.map((r) => String(r.id));
  }

  async releaseFeeds(owner: string, feedIds: readonly string[]): Promise<void> {
    if (feedIds.length === 0) return;
    await this.c.sql.run('UPDATE feeds SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = $1 AND id = ANY($2::text[])', [owner, feedIds]);
  }

  async knownKeys(feedId: string, keys: string[]): Promise<Set<string>> {
    const rows = await this.c.sql.rows('SELECT item_key FROM items WHERE feed_id = $1 AND item_key = ANY($2::text[])', [feedId, keys]);
    return new Set(rows.map((r) => String(r.item_key)));
  }

  async recordSuccess(feedId: string, state: FeedStateUpdate): Promise<void> {
    await writeSuccess(this.c.sql, feedId, state);
  }

  async recordFailure(feedId: string, error: string, state: FeedStateUpdate): Promise<void> {
    await this.c.sql.run(`
      UPDATE feeds SET next_poll_at = $1, consecutive_failures = consecutive_failures + 1,
        last_error = $2, last_error_at = $3, last_polled_at = $3,
        poll_interval_ms = COALESCE($5, poll_interval_ms), poll_reason = COALESCE($6, poll_reason)
      WHERE id = $4`, [state.nextPollAt, safeLine(error, 1000), state.at, feedId, state.pollIntervalMs ?? null, state.pollReason ?? null]);
  }
}

/** A feed's state after a successful poll. */
export async function writeSuccess(sql: Sql, feedId: string, state: FeedStateUpdate): Promise<void> {
  await writeSuccesses(sql, [{ feedId, state }]);
}

/** Several feeds' state after a successful poll, in one statement (the items' write of a cycle). */
export async function writeSuccesses(sql: Sql, feeds: ReadonlyArray<{ feedId: string; state: FeedStateUpdate }>): Promise<void> {
  if (feeds.length === 0) return;
  const column = <T>(pick: (f: { feedId: string; state: FeedStateUpdate }) => T) => feeds.map(pick);
  await sql.run(`
    UPDATE feeds SET etag = u.etag, last_modified = u.last_modified, next_poll_at = u.next_poll_at, consecutive_failures = 0,
      last_success_at = u.at, last_polled_at = u.at, seeded = 1,
      poll_interval_ms = COALESCE(u.interval, feeds.poll_interval_ms), poll_reason = COALESCE(u.reason, feeds.poll_reason), rhythm = COALESCE(u.rhythm, feeds.rhythm)
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::text[])
      AS u (id, etag, last_modified, next_poll_at, at, interval, reason, rhythm)
    WHERE feeds.id = u.id`,
  [column((f) => f.feedId), column((f) => f.state.etag ?? null), column((f) => f.state.lastModified ?? null), column((f) => f.state.nextPollAt), column((f) => f.state.at),
    column((f) => f.state.pollIntervalMs ?? null), column((f) => f.state.pollReason ?? null), column((f) => f.state.rhythm ?? null)]);
}
