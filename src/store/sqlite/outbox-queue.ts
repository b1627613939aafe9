/**
 * The outbox role of the SQLite store, read as one queue per channel.
 *
 * A channel's rows go out in (next_attempt_at, id) order, read straight off the partial index
 * `outbox_queue`: a batch visits the rows it returns (and the channel's few rows waiting for a
 * retry), never the rows scheduled ahead, so a drain costs what is due. A failed row keeps its
 * place and gets a `retry_at`; while that is in the future it holds back the rows after it.
 * A follow-up comes after its story's alert in the queue (it is written later, due no sooner);
 * `resolveFollowUp` settles one whose alert is not posted. The plans are pinned with INDEXED BY:
 * without statistics SQLite may prefer outbox_pending (status, next_attempt_at) and sort every
 * pending row of the channel for each batch.
 */
import { safeLine } from '../../shared/safe-text.ts';
import { reportsAddedSince } from '../follow-up-merge.ts';
import { toOutboxRow, type Fallback, type Row } from '../rows.ts';
import type { FollowUpFate, FollowUpPayload, OutboxRow, OutboxStore } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

/** Row `o` is not waiting for a retry, nor behind a row of its channel that is (binds: now). */
const NOT_WAITING = `
  AND NOT EXISTS (
    SELECT 1 FROM outbox w INDEXED BY outbox_retrying WHERE w.status = 'pending' AND w.retry_at IS NOT NULL AND w.channel_id = o.channel_id
      AND (w.next_attempt_at, w.id) <= (o.next_attempt_at, o.id) AND w.retry_at > ?)`;

const SELECT_ROWS = `
  SELECT o.*, CASE WHEN o.kind = 'follow_up' THEN (
      SELECT parent.message_id FROM outbox parent
      WHERE parent.story_id = o.story_id AND parent.channel_id = o.channel_id
        AND parent.kind = 'alert' AND parent.status = 'sent'
      ORDER BY parent.id LIMIT 1) END AS parent_message_id
  FROM outbox o`;

/** A channel's due rows in queue order (binds: channel, now, now, limit). */
export const CHANNEL_BATCH_SQL = `${SELECT_ROWS} INDEXED BY outbox_queue
  WHERE o.status = 'pending' AND o.channel_id = ? AND o.next_attempt_at <= ? ${NOT_WAITING}
  ORDER BY o.next_attempt_at, o.id LIMIT ?`;

/** Every channel's due rows (binds: now, now, limit); for tools and tests, not the drain. */
const ALL_BATCH_SQL = `${SELECT_ROWS}
  WHERE o.status = 'pending' AND o.next_attempt_at <= ? ${NOT_WAITING}
  ORDER BY o.next_attempt_at, o.id LIMIT ?`;

/**
 * Channels whose first queued row is due and not waiting for a retry (binds: now, now): one index
 * step per channel with a queue, found by skipping from one channel id to the next.
 */
export const DUE_CHANNELS_SQL = `
  WITH RECURSIVE queue (channel_id) AS (
    SELECT (SELECT channel_id FROM outbox INDEXED BY outbox_queue WHERE status = 'pending' ORDER BY channel_id LIMIT 1)
    UNION ALL
    SELECT (SELECT o.channel_id FROM outbox o INDEXED BY outbox_queue WHERE o.status = 'pending' AND o.channel_id > queue.channel_id ORDER BY o.channel_id LIMIT 1)
    FROM queue WHERE queue.channel_id IS NOT NULL
  )
  SELECT channel_id FROM queue
  WHERE channel_id IS NOT NULL AND (
    SELECT o.next_attempt_at <= ? AND (o.retry_at IS NULL OR o.retry_at <= ?) FROM outbox o INDEXED BY outbox_queue
    WHERE o.status = 'pending' AND o.channel_id = queue.channel_id ORDER BY o.next_attempt_at, o.id LIMIT 1)`;

/**
 * A follow-up row names one item of its story: the reports added to a posted follow-up go out
 * under the latest story item that has no follow-up of its own in the channel (binds: channel).
 */
const FOLLOWED_UP = `SELECT 1 FROM outbox o WHERE o.channel_id = ? AND o.item_id = i.id AND o.kind = 'follow_up'`;

export class SqliteOutbox implements OutboxStore {
  constructor(private readonly c: SqliteConnection) {}

  private sql(text: string) {
    return this.c.sql(text);
  }

  async dueChannels(now: number): Promise<string[]> {
    return (this.sql(DUE_CHANNELS_SQL).all(now, now) as Row[]).map((r) => String(r.channel_id));
  }

  async pendingDeliveries(now: number, limit: number, channelId: string | null = null): Promise<OutboxRow[]> {
    const rows = (channelId === null
      ? this.sql(ALL_BATCH_SQL).all(now, now, limit)
      : this.sql(CHANNEL_BATCH_SQL).all(channelId, now, now, limit)) as Row[];
    return rows.map(toOutboxRow);
  }

  async markDelivered(rowId: number, messageId: string, at: number, posted?: FollowUpPayload): Promise<void> {
    this.c.write(() => {
      const row = posted ? this.sql(`SELECT * FROM outbox WHERE id = ? AND kind = 'follow_up'`).get(rowId) as Row | undefined : undefined;
      const added = row ? reportsAddedSince(row.payload, posted!) : null;
      this.sql(`UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, payload = COALESCE(?, payload) WHERE id = ?`)
        .run(messageId, at, added && JSON.stringify(posted), rowId);
      if (!row || !added) return;
      // A story muted in the channel meanwhile: its later reports are not queued.
      if (this.sql('SELECT 1 FROM story_mutes WHERE story_id = ? AND channel_id = ?').get(row.story_id, row.channel_id)) return;
      this.sql(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, fallback, next_attempt_at, created_at)
        SELECT ?, 'follow_up', MAX(i.id), ?, ?, ?, ?, ? FROM items i WHERE i.story_id = ? AND NOT EXISTS (${FOLLOWED_UP})
`)
        .run(row.channel_id, row.story_id, added, row.fallback, at, at, row.story_id, row.channel_id);
    });
  }

  async markDeliveryFailed(rowId: number, error: string, retryAt: number | null, at: number): Promise<void> {
    if (retryAt === null) {
      this.sql(`UPDATE outbox SET status = 'failed', last_error = ?, failed_at = ?, attempts = attempts + 1 WHERE id = ?`).run(safeLine(error, 1000), at, rowId);
    } else {
      this.sql('UPDATE outbox SET retry_at = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?').run(retryAt, safeLine(error, 1000), rowId);
    }
  }

  /** See `Store.resolveFollowUp`. */
  async resolveFollowUp(rowId: number, at: number): Promise<FollowUpFate> {
    return this.c.write(() => {
      const row = this.sql(`SELECT * FROM outbox WHERE id = ? AND kind = 'follow_up' AND status = 'pending'`).get(rowId) as Row | undefined;
      if (!row) return { kind: 'dropped', reports: 0 } as const;
      const alert = this.sql(`
        SELECT message_id, status, next_attempt_at FROM outbox WHERE story_id = ? AND channel_id = ? AND kind = 'alert' AND status NOT IN ('failed', 'held', 'digested')
        ORDER BY status = 'sent' DESC, id LIMIT 1`).get(row.story_id, row.channel_id) as Row | undefined;
      if (alert?.status === 'sent') return { kind: 'reply', parentMessageId: String(alert.message_id) } as const;
      if (alert) {
        // A new alert of the story, queued after the first was given up: the follow-up goes behind it.
        this.sql('UPDATE outbox SET next_attempt_at = MAX(next_attempt_at, ?) WHERE id = ?').run(Number(alert.next_attempt_at) + 1, rowId);
        return { kind: 'wait' } as const;
      }
      const payload = JSON.parse(String(row.payload)) as FollowUpPayload;
      const reports = payload.reports.length;
      if (row.fallback === null) {
        this.sql(`UPDATE outbox SET status = 'dropped', last_error = 'its alert was never posted', failed_at = ? WHERE id = ?`).run(at, rowId);
        return { kind: 'dropped', reports } as const;
      }
      // The row becomes the story's alert in its place in the queue; the other reports follow it.
      const fallback = JSON.parse(String(row.fallback)) as Fallback;
      this.sql(`UPDATE outbox SET kind = 'alert', item_id = ?, payload = ?, fallback = NULL WHERE id = ?`)
        .run(fallback.itemId, JSON.stringify(fallback.alert), rowId);
      const others = payload.reports.filter((r) => JSON.stringify(r) !== JSON.stringify(fallback.report));
      if (others.length) {
        const rest: FollowUpPayload = { storyId: payload.storyId, storyTitle: fallback.alert.title, reports: others };
        this.sql(`
          INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
          VALUES (?, 'follow_up', ?, ?, ?, ?, ?)`).run(row.channel_id, row.item_id, row.story_id, JSON.stringify(rest), row.next_attempt_at, at);
      }
      return { kind: 'alert', reports } as const;
    });
  }
}
