/**
 * The digest role of the SQLite store: a channel's alert stories of a window (through
 * outbox_channel_kind_created) and its held alerts (through outbox_held), each story's spread read
 * through items_story; a digest row is unique per channel and key (outbox_digest), so a second
 * queueing of the same digest changes nothing.
 */
import { toDigestCandidate, type Row } from '../rows.ts';
import type { DigestPayload, DigestSelection, DigestStore } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

/** The channel's alert stories of the window and of its held alerts, with their first alert (binds: channel, since, topics as JSON). */
const STORIES_SQL = `
  WITH chosen AS (
    SELECT story_id, MIN(id) AS first_id FROM (
      SELECT story_id, id FROM outbox INDEXED BY outbox_channel_kind_created
      WHERE channel_id = @channel AND kind = 'alert' AND created_at >= @since AND status <> 'dropped'
      UNION ALL
      SELECT story_id, id FROM outbox INDEXED BY outbox_held WHERE channel_id = @channel AND status = 'held' AND kind = 'alert'
    ) WHERE story_id IS NOT NULL GROUP BY story_id
  )
  SELECT c.story_id, o.payload, o.created_at,
    (SELECT COUNT(DISTINCT i.feed_id) FROM items i WHERE i.story_id = c.story_id) AS outlets,
    (SELECT COUNT(*) FROM items i WHERE i.story_id = c.story_id) AS reports,
    (SELECT json_group_array(DISTINCT f.name) FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = c.story_id) AS sources,
    (SELECT json_group_array(DISTINCT i.lang) FROM items i WHERE i.story_id = c.story_id AND i.lang IS NOT NULL) AS langs,
    (SELECT MAX(s.score) FROM items i JOIN scores s ON s.item_id = i.id
      WHERE i.story_id = c.story_id AND s.topic_id IN (SELECT value FROM json_each(@topics))) AS score,
    (SELECT COUNT(*) FROM outbox h INDEXED BY outbox_held WHERE h.channel_id = @channel AND h.status = 'held' AND h.story_id = c.story_id) AS held
  FROM chosen c JOIN outbox o ON o.id = c.first_id`;

export class SqliteDigests implements DigestStore {
  constructor(private readonly c: SqliteConnection) {}

  async digestStories(channelId: string, since: number, topics: readonly string[]): Promise<DigestSelection> {
    // One read transaction: the held rows and the stories agree.
    return this.c.db.transaction(() => {
      const stories = (this.c.sql(STORIES_SQL).all({ channel: channelId, since, topics: JSON.stringify(topics) }) as Row[]).map(toDigestCandidate);
      const held = (this.c.sql(`SELECT id FROM outbox INDEXED BY outbox_held WHERE channel_id = ? AND status = 'held' ORDER BY id`).all(channelId) as Row[]).map((r) => Number(r.id));
      return { stories, held };
    }).deferred();
  }

  async queueDigest(channelId: string, key: string, payload: DigestPayload, release: readonly number[], at: number): Promise<boolean> {
    return this.c.write(() => {
      const queued = this.c.sql(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at, digest_key)
        VALUES (?, 'digest', NULL, NULL, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(channelId, JSON.stringify(payload), at, at, key).changes > 0;
      if (!queued) return false;
      const mark = this.c.sql(`UPDATE outbox SET status = 'digested' WHERE id = ? AND channel_id = ? AND status = 'held'`);
      for (const id of release) mark.run(id, channelId);
      return true;
    });
  }

  async holdAlert(rowId: number): Promise<void> {
    this.c.sql(`UPDATE outbox SET status = 'held' WHERE id = ? AND kind = 'alert' AND status = 'pending'`).run(rowId);
  }
}
