/**
 * The overview role of the PostgreSQL store, what the status page reads: a channel's alerts through
 * outbox_channel_kind_created, the waiting rows through outbox_queue, the stories of a window
 * through items_published and each story's reports through items_story. Every query is bounded
 * by a limit or a time window.
 */
import { toAlertRecord, toChannelQueue, toStorySpread } from '../rows.ts';
import type { ChannelAlerts, ChannelQueue, OverviewStore, StorySpread } from '../store.ts';
import type { PgConnection } from './connection.ts';

const HOUR = 3_600_000;
/** At most this many channels are listed (a configured set, a few dozen at most). */
const MAX_CHANNELS = 200;

export class PgOverview implements OverviewStore {
  constructor(private readonly c: PgConnection) {}

  async outboxChannels(): Promise<string[]> {
    // One index probe per channel (a loose index scan), not a pass over the outbox.
    const rows = await this.c.sql.rows(`
      WITH RECURSIVE ch (id) AS (
        SELECT MIN(channel_id) FROM outbox
        UNION ALL SELECT (SELECT MIN(channel_id) FROM outbox WHERE channel_id > ch.id) FROM ch WHERE ch.id IS NOT NULL
      )
      SELECT id FROM ch WHERE id IS NOT NULL LIMIT ${MAX_CHANNELS}`);
    return rows.map((r) => String(r.id));
  }

  async channelAlerts(channelId: string, since: number, limit: number): Promise<ChannelAlerts> {
    const total = await this.c.sql.one(`SELECT COUNT(*) AS n FROM outbox WHERE channel_id = $1 AND kind = 'alert' AND created_at >= $2`, [channelId, since]);
    const rows = await this.c.sql.rows(`
      SELECT id, channel_id, created_at, status, payload FROM outbox
      WHERE channel_id = $1 AND kind = 'alert' AND created_at >= $2
      ORDER BY created_at DESC, id DESC LIMIT $3`, [channelId, since, limit]);
    return { channelId, total: Number(total?.n ?? 0), alerts: rows.map(toAlertRecord) };
  }

  async alertsPerHour(channelId: string, since: number): Promise<Array<{ hour: number; count: number }>> {
    const rows = await this.c.sql.rows(`
      SELECT created_at / ${HOUR} AS h, COUNT(*) AS n FROM outbox
      WHERE channel_id = $1 AND kind = 'alert' AND created_at >= $2
      GROUP BY h ORDER BY h`, [channelId, since]);
    return rows.map((r) => ({ hour: Number(r.h) * HOUR, count: Number(r.n) }));
  }

  async outboxQueues(): Promise<ChannelQueue[]> {
    const rows = await this.c.sql.rows(`
      SELECT channel_id, COUNT(*) AS n, COUNT(*) FILTER (WHERE attempts > 0) AS retrying, MIN(created_at) AS oldest
      FROM outbox WHERE status = 'pending' GROUP BY channel_id ORDER BY channel_id`);
    return rows.map(toChannelQueue);
  }

  async storySpreads(since: number, limit: number, reportsEach: number): Promise<StorySpread[]> {
    const stories = await this.c.sql.rows(`
      SELECT i.story_id AS story, COUNT(DISTINCT i.feed_id) AS outlets, COUNT(*) AS reports, MAX(i.published_at) AS newest
      FROM items i WHERE i.published_at >= $1 AND i.story_id IS NOT NULL
      GROUP BY i.story_id
      ORDER BY outlets DESC, reports DESC, newest DESC, story
      LIMIT $2`, [since, limit]);
    if (!stories.length) return [];
    // Each story's first reports of the window, in one statement (items_story per story).
    const reports = await this.c.sql.rows(`
      SELECT r.* FROM unnest($1::bigint[]) AS s (story)
      CROSS JOIN LATERAL (
        SELECT i.story_id, i.id, i.feed_id, f.name AS source, i.title, i.url, i.lang, i.published_at
        FROM items i JOIN feeds f ON f.id = i.feed_id
        WHERE i.story_id = s.story AND i.published_at >= $2
        ORDER BY i.published_at, i.id LIMIT $3
      ) AS r`, [stories.map((r) => Number(r.story)), since, reportsEach]);
    // Each story's best score over its items of the window.
    const scores = await this.c.sql.rows(`
      SELECT i.story_id, MAX(sc.score) AS score FROM items i JOIN scores sc ON sc.item_id = i.id
      WHERE i.story_id = ANY($1::bigint[]) AND i.published_at >= $2 GROUP BY i.story_id`, [stories.map((r) => Number(r.story)), since]);
    const best = new Map(scores.map((r) => [Number(r.story_id), r.score]));
    return stories.map((s) => toStorySpread({ ...s, score: best.get(Number(s.story)) ?? null }, reports.filter((r) => Number(r.story_id) === Number(s.story))));
  }
}
