/**
 * The digest role of the PostgreSQL store: a channel's alert stories of a window (through
 * outbox_channel_kind_created) and its held alerts (through outbox_held), each story's spread read
 * through items_story; a digest row is unique per channel and key (outbox_digest), so a second
 * queueing of the same digest, from any instance, changes nothing.
 */
import { toDigestCandidate } from '../rows.ts';
import type { DigestPayload, DigestSelection, DigestStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

/** The channel's alert stories of the window and of its held alerts, with their first alert (binds: channel, since, topics). */
const STORIES_SQL = `
  WITH chosen AS (
    SELECT story_id, MIN(id) AS first_id FROM (
      SELECT story_id, id FROM outbox WHERE channel_id = $1 AND kind = 'alert' AND created_at >= $2 AND status <> 'dropped'
      UNION ALL
      SELECT story_id, id FROM outbox WHERE channel_id = $1 AND status = 'held' AND kind = 'alert'
    ) AS rows WHERE story_id IS NOT NULL GROUP BY story_id
  )
  SELECT c.story_id, o.payload, o.created_at,
    (SELECT COUNT(DISTINCT i.feed_id) FROM items i WHERE i.story_id = c.story_id) AS outlets,
    (SELECT COUNT(*) FROM items i WHERE i.story_id = c.story_id) AS reports,
    (SELECT COALESCE(json_agg(DISTINCT f.name), '[]') FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = c.story_id) AS sources,
    (SELECT COALESCE(json_agg(DISTINCT i.lang), '[]') FROM items i WHERE i.story_id = c.story_id AND i.lang IS NOT NULL) AS langs,
    (SELECT MAX(s.score) FROM items i JOIN scores s ON s.item_id = i.id WHERE i.story_id = c.story_id AND s.topic_id = ANY($3::text[])) AS score,
    (SELECT COUNT(*) FROM outbox h WHERE h.channel_id = $1 AND h.status = 'held' AND h.story_id = c.story_id) AS held
  FROM chosen c JOIN outbox o ON o.id = c.first_id`;

export class PgDigests implements DigestStore {
  constructor(private readonly c: PgConnection) {}

  async digestStories(channelId: string, since: number, topics: readonly string[]): Promise<DigestSelection> {
    // One snapshot: the held rows and the stories agree.
    return this.c.tx(async (sql) => {
      await sql.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const stories = (await sql.rows(STORIES_SQL, [channelId, since, [...topics]])).map(toDigestCandidate);
      const held = (await sql.rows(`SELECT id FROM outbox WHERE channel_id = $1 AND status = 'held' ORDER BY id`, [channelId])).map((r) => Number(r.id));
      return { stories, held };
    });
  }

  async queueDigest(channelId: string, key: string, payload: DigestPayload, release: readonly number[], at: number): Promise<boolean> {
    return this.c.tx(async (sql) => {
      const queued = await sql.run(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at, digest_key)
        VALUES ($1, 'digest', NULL, NULL, $2, $3, $3, $4) ON CONFLICT DO NOTHING`, [channelId, JSON.stringify(payload), at, key]);
      if (queued === 0) return false;
      await sql.run(`UPDATE outbox SET status = 'digested' WHERE id = ANY($1::bigint[]) AND channel_id = $2 AND status = 'held'`, [[...release], channelId]);
      return true;
    });
  }

  async holdAlert(rowId: number): Promise<void> {
    await this.c.sql.run(`UPDATE outbox SET status = 'held' WHERE id = $1 AND kind = 'alert' AND status = 'pending'`, [rowId]);
  }
}
