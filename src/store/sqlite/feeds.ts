/**
 * The feeds role of the SQLite store.
 */
import { safeLine } from '../../shared/safe-text.ts';
import { toFeed, type Row } from '../rows.ts';
import type { FeedDefinition, FeedRecord, FeedStateUpdate, FeedStore } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteFeeds implements FeedStore {
  constructor(private readonly c: SqliteConnection) {}

  async syncFeeds(feeds: FeedDefinition[]): Promise<void> {
    const upsert = this.c.sql(`
      INSERT INTO feeds (id, url, name, origin, active) VALUES (?, ?, ?, ?, 1)
      ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1`);
    this.c.write(() => {
      const ids = new Set(feeds.map((f) => f.id));
      for (const row of this.c.sql(`SELECT id FROM feeds WHERE origin = 'config' AND active = 1`).all() as Row[]) {
        if (!ids.has(String(row.id))) this.c.sql('UPDATE feeds SET active = 0 WHERE id = ?').run(row.id);
      }
      for (const f of feeds) {
        upsert.run(f.id, f.url, f.name, f.origin);
        // A URL is polled as one feed: the config file's takes over one added from chat.
        this.c.sql(`UPDATE feeds SET active = 0 WHERE origin = 'chat' AND active = 1 AND url = ? AND id <> ?`).run(f.url, f.id);
      }
    });
  }

  async listFeeds(): Promise<FeedRecord[]> {
    return (this.c.sql('SELECT * FROM feeds WHERE active = 1 ORDER BY id').all() as Row[]).map(toFeed);
  }

  async addFeed(feed: FeedDefinition, maxFromChat = Infinity): Promise<'added' | 'exists' | 'full'> {
    return this.c.write(() => {
      if (this.c.sql('SELECT 1 FROM feeds WHERE active = 1 AND (id = ? OR url = ?)').get(feed.id, feed.url)) return 'exists' as const;
      const fromChat = Number((this.c.sql(`SELECT COUNT(*) AS n FROM feeds WHERE active = 1 AND origin = 'chat'`).get() as Row).n);
      if (feed.origin === 'chat' && fromChat >= maxFromChat) return 'full' as const;
      this.c.sql(`
        INSERT INTO feeds (id, url, name, origin, active, next_poll_at) VALUES (?, ?, ?, ?, 1, 0)
        ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1, next_poll_at = 0`)
        .run(feed.id, feed.url, feed.name, feed.origin);
      return 'added' as const;
    });
  }

  async removeFeed(url: string): Promise<'removed' | 'not_found' | 'config'> {
    const row = this.c.sql('SELECT id, origin FROM feeds WHERE active = 1 AND url = ?').get(url) as Row | undefined;
    if (!row) return 'not_found';
    if (row.origin !== 'chat') return 'config';
    this.c.sql('UPDATE feeds SET active = 0 WHERE id = ?').run(row.id);
    return 'removed';
  }

  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    return (this.c.sql('SELECT * FROM feeds WHERE active = 1 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?').all(now, limit) as Row[]).map(toFeed);
  }

  async claimFeeds(owner: string, now: number, leaseUntil: number, limit: number): Promise<FeedRecord[]> {
    // One statement in a write transaction: the file's writer lock makes the claim whole.
    const rows = this.c.write(() => this.c.sql(`
      UPDATE feeds SET claimed_by = ?, claim_until = ?
      WHERE id IN (
        SELECT id FROM feeds WHERE active = 1 AND next_poll_at <= ? AND (claimed_by IS NULL OR claimed_by = ? OR claim_until <= ?)
        ORDER BY next_poll_at, id LIMIT ?)
      RETURNING *`).all(owner, leaseUntil, now, owner, now, limit) as Row[]);
    return rows.map(toFeed).sort((a, b) => a.nextPollAt - b.nextPollAt || (a.id < b.id ? -1 : 1));
  }

  async renewFeedClaims(owner: string, feedIds: readonly string[], leaseUntil: number): Promise<string[]> {
    const renew = this.c.sql('UPDATE feeds SET claim_until = ? WHERE claimed_by = ? AND id = ?');
    return this.c.write(() => feedIds.filter((id) => renew.run(leaseUntil, owner, id).changes > 0));
  }

  async releaseFeeds(owner: string, feedIds: readonly string[]): Promise<void> {
    const release = this.c.sql('UPDATE feeds SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ? AND id = ?');
    this.c.write(() => { for (const id of feedIds) release.run(owner, id); });
  }

  async knownKeys(feedId: string, keys: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.c.sql(`SELECT item_key FROM items WHERE feed_id = ? AND item_key IN (${chunk.map(() => '?').join(',')})`).all(feedId, ...chunk) as Row[];
      for (const row of rows) known.add(String(row.item_key));
    }
    return known;
  }

  async recordSuccess(feedId: string, state: FeedStateUpdate): Promise<void> {
    writeSuccess(this.c, feedId, state);
  }

  async recordFailure(feedId: string, error: string, state: FeedStateUpdate): Promise<void> {
    this.c.sql(`
      UPDATE feeds SET next_poll_at = ?, consecutive_failures = consecutive_failures + 1,
        last_error = ?, last_error_at = ?, last_polled_at = ?,
        poll_interval_ms = COALESCE(?, poll_interval_ms), poll_reason = COALESCE(?, poll_reason)
      WHERE id = ?`).run(state.nextPollAt, safeLine(error, 1000), state.at, state.at, state.pollIntervalMs ?? null, state.pollReason ?? null, feedId);
  }
}

/** A feed's state after a successful poll (also written by the items' write). */
export function writeSuccess(c: SqliteConnection, feedId: string, state: FeedStateUpdate): void {
  const base = [state.etag ?? null, state.lastModified ?? null, state.nextPollAt, state.at, state.at];
  const scheduled = state.pollIntervalMs !== undefined || state.pollReason !== undefined || state.rhythm !== undefined;
  // The schedule's columns only when given, so that a write without them runs on any schema version.
  const schedule = scheduled
    ? ', poll_interval_ms = COALESCE(?, poll_interval_ms), poll_reason = COALESCE(?, poll_reason), rhythm = COALESCE(?, rhythm)'
    : '';
  const values = scheduled ? [...base, state.pollIntervalMs ?? null, state.pollReason ?? null, state.rhythm ?? null, feedId] : [...base, feedId];
  c.sql(`
    UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, consecutive_failures = 0,
      last_success_at = ?, last_polled_at = ?, seeded = 1${schedule}
    WHERE id = ?`).run(...values);
}
