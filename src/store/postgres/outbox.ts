/**
 * The outbox role of the PostgreSQL store, read as one queue per channel in (next_attempt_at, id)
 * order off the partial index `outbox_queue`; a row waiting for a retry (`retry_at` in the future)
 * holds back the rows after it. Same semantics as the SQLite store's outbox-queue.ts.
 */
import { safeLine } from '../../shared/safe-text.ts';
import { reportsAddedSince } from '../follow-up-merge.ts';
import { toOutboxRow, type Fallback } from '../rows.ts';
import type { FollowUpFate, FollowUpPayload, OutboxRow, OutboxStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

/**
 * Due rows in queue order, each with its story's posted alert (for a follow-up); a row is skipped
 * while it, or an earlier row of its channel, waits for a retry (binds: $1 now, $2 limit, $3
 * channel or null for every channel).
 */
const BATCH_SQL = `
  SELECT o.*, parent.message_id AS parent_message_id
  FROM outbox o
  LEFT JOIN LATERAL (
    SELECT p.message_id FROM outbox p
    WHERE o.kind = 'follow_up' AND p.story_id = o.story_id AND p.channel_id = o.channel_id AND p.kind = 'alert' AND p.status = 'sent'
    ORDER BY p.id LIMIT 1
  ) parent ON true
  WHERE o.status = 'pending' AND ($3::text IS NULL OR o.channel_id = $3) AND o.next_attempt_at <= $1
    AND NOT EXISTS (SELECT 1 FROM outbox w WHERE w.channel_id = o.channel_id AND w.status = 'pending' AND w.retry_at > $1
      AND (w.next_attempt_at, w.id) <= (o.next_attempt_at, o.id))
  ORDER BY o.next_attempt_at, o.id LIMIT $2`;

/** Channels whose first queued row is due and not waiting for a retry, skipping from one channel id to the next (binds: $1 now). */
const DUE_CHANNELS_SQL = `
  WITH RECURSIVE queue (channel_id) AS (
    SELECT (SELECT MIN(channel_id) FROM outbox WHERE status = 'pending')
    UNION ALL
    SELECT (SELECT MIN(o.channel_id) FROM outbox o WHERE o.status = 'pending' AND o.channel_id > queue.channel_id)
    FROM queue WHERE queue.channel_id IS NOT NULL
  )
  SELECT channel_id FROM queue
  WHERE channel_id IS NOT NULL AND (
    SELECT o.next_attempt_at <= $1 AND (o.retry_at IS NULL OR o.retry_at <= $1) FROM outbox o
    WHERE o.status = 'pending' AND o.channel_id = queue.channel_id ORDER BY o.next_attempt_at, o.id LIMIT 1)`;

export class PgOutbox implements OutboxStore {
  constructor(private readonly c: PgConnection) {}

  async dueChannels(now: number): Promise<string[]> {
    return (await this.c.sql.rows(DUE_CHANNELS_SQL, [now])).map((r) => String(r.channel_id));
  }

  async pendingDeliveries(now: number, limit: number, channelId: string | null = null): Promise<OutboxRow[]> {
    return (await this.c.sql.rows(BATCH_SQL, [now, limit, channelId])).map(toOutboxRow);
  }

  /** See `OutboxStore.markDelivered`; a follow-up is locked (FOR UPDATE) against a write extending it. */
  async markDelivered(rowId: number, messageId: string, at: number, posted?: FollowUpPayload): Promise<void> {
    const mark = `UPDATE outbox SET status = 'sent', message_id = $1, sent_at = $2, attempts = attempts + 1, payload = COALESCE($4, payload) WHERE id = $3`;
    if (!posted) {
      // Not waiting for the disk (one flush per post would pace the queue): a server crash in the
      // next fraction of a second can lose the mark, which means one repeated post, as a crash
      // between the post and its mark does. A follow-up's mark may queue reports: it waits.
      await this.c.tx((sql) => sql.run(mark, [messageId, at, rowId, null]), { flush: false });
      return;
    }
    await this.c.tx(async (sql) => {
      const row = await sql.one(`SELECT * FROM outbox WHERE id = $1 AND kind = 'follow_up' FOR UPDATE`, [rowId]);
      const added = row ? reportsAddedSince(row.payload, posted) : null;
      await sql.run(mark, [messageId, at, rowId, added && JSON.stringify(posted)]);
      if (!row || !added) return;
      // A story muted in the channel meanwhile: its later reports are not queued.
      if (await sql.one('SELECT 1 FROM story_mutes WHERE story_id = $1 AND channel_id = $2', [row.story_id, row.channel_id])) return;
      // Under the latest item of the story that has no follow-up of its own in the channel (one row per item and kind).
      await sql.run(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, fallback, next_attempt_at, created_at)
        SELECT $1, 'follow_up', MAX(i.id), $2, $3, $4, $5, $5 FROM items i WHERE i.story_id = $2
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.channel_id = $1 AND o.item_id = i.id AND o.kind = 'follow_up')`,
      [row.channel_id, row.story_id, added, row.fallback, at]);
    });
  }

  async markDeliveryFailed(rowId: number, error: string, retryAt: number | null, at: number): Promise<void> {
    if (retryAt === null) {
      await this.c.sql.run(`UPDATE outbox SET status = 'failed', last_error = $1, failed_at = $2, attempts = attempts + 1 WHERE id = $3`, [safeLine(error, 1000), at, rowId]);
    } else {
      await this.c.sql.run('UPDATE outbox SET retry_at = $1, last_error = $2, attempts = attempts + 1 WHERE id = $3', [retryAt, safeLine(error, 1000), rowId]);
    }
  }

  /** See `Store.resolveFollowUp`; the row is locked for the write. */
  async resolveFollowUp(rowId: number, at: number): Promise<FollowUpFate> {
    return this.c.tx(async (sql) => {
      const row = await sql.one(`SELECT * FROM outbox WHERE id = $1 AND kind = 'follow_up' AND status = 'pending' FOR UPDATE`, [rowId]);
      if (!row) return { kind: 'dropped', reports: 0 } as const;
      const alert = await sql.one(`
        SELECT message_id, status, next_attempt_at FROM outbox WHERE story_id = $1 AND channel_id = $2 AND kind = 'alert' AND status NOT IN ('failed', 'held', 'digested')
        ORDER BY status = 'sent' DESC, id LIMIT 1`, [row.story_id, row.channel_id]);
      if (alert?.status === 'sent') return { kind: 'reply', parentMessageId: String(alert.message_id) } as const;
      if (alert) {
        // A new alert of the story, queued after the first was given up: the follow-up goes behind it.
        await sql.run('UPDATE outbox SET next_attempt_at = GREATEST(next_attempt_at, $1) WHERE id = $2', [Number(alert.next_attempt_at) + 1, rowId]);
        return { kind: 'wait' } as const;
      }
      const payload = JSON.parse(String(row.payload)) as FollowUpPayload;
      const reports = payload.reports.length;
      if (row.fallback === null) {
        await sql.run(`UPDATE outbox SET status = 'dropped', last_error = 'its alert was never posted', failed_at = $1 WHERE id = $2`, [at, rowId]);
        return { kind: 'dropped', reports } as const;
      }
      // The row becomes the story's alert in its place in the queue; the other reports follow it.
      const fallback = JSON.parse(String(row.fallback)) as Fallback;
      await sql.run(`UPDATE outbox SET kind = 'alert', item_id = $1, payload = $2, fallback = NULL WHERE id = $3`, [fallback.itemId, JSON.stringify(fallback.alert), rowId]);
      const others = payload.reports.filter((r) => JSON.stringify(r) !== JSON.stringify(fallback.report));
      if (others.length) {
        const rest: FollowUpPayload = { storyId: payload.storyId, storyTitle: fallback.alert.title, reports: others };
        await sql.run(`
          INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
          VALUES ($1, 'follow_up', $2, $3, $4, $5, $6)`, [row.channel_id, row.item_id, row.story_id, JSON.stringify(rest), row.next_attempt_at, at]);
      }
      return { kind: 'alert', reports } as const;
    });
  }
}
