/**
 * The overview role of the SQLite store, what the status page reads: a channel's alerts through
 * outbox_channel_kind_created, the waiting rows through outbox_queue, the stories of a window
 * through items_published and each story's reports through items_story. Every query is bounded
 * by a limit or a time window.
 */
import { toAlertRecord, toChannelQueue, toStorySpread, type Row } from '../rows.ts';
import type { ChannelAlerts, ChannelQueue, OverviewStore, StorySpread } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

const HOUR = 3_600_000;
/** At most this many channels are listed (a configured set, a few dozen at most). */
const MAX_CHANNELS = 200;

/** The distinct channel ids of the outbox, one index probe each (a loose index scan). */
export const OUTBOX_CHANNELS_SQL = `
  WITH RECURSIVE ch (id) AS (
    SELECT MIN(channel_id) FROM outbox
    UNION ALL SELECT (SELECT MIN(channel_id) FROM outbox WHERE channel_id > ch.id) FROM ch WHERE ch.id IS NOT NULL
  )
  SELECT id FROM ch WHERE id IS NOT NULL LIMIT ${MAX_CHANNELS}`;

/**
 * The stories of the items published since a time, the most widely reported first (binds: since,
 * limit). Read through items_published: without statistics SQLite would take "story_id IS NOT
 * NULL" on items_story for a range, and read every item.
 */
const STORIES_SQL = `
  SELECT i.story_id AS story, COUNT(DISTINCT i.feed_id) AS outlets, COUNT(*) AS reports, MAX(i.published_at) AS newest
  FROM items i INDEXED BY items_published WHERE i.published_at >= ? AND i.story_id IS NOT NULL
  GROUP BY i.story_id
  ORDER BY outlets DESC, reports DESC, newest DESC, story
  LIMIT ?`;

/** A story's best score over its items published since a time (binds: story, since). */
const STORY_SCORE_SQL = `
  SELECT MAX(s.score) AS score FROM items i JOIN scores s ON s.item_id = i.id
  WHERE i.story_id = ? AND i.published_at >= ?`;

/** A story's reports published since a time, oldest first (binds: story, since, limit). */
const REPORTS_SQL = `
  SELECT i.id, i.feed_id, f.name AS source, i.title, i.url, i.lang, i.published_at
  FROM items i JOIN feeds f ON f.id = i.feed_id
  WHERE i.story_id = ? AND i.published_at >= ?
  ORDER BY i.published_at, i.id LIMIT ?`;

export class SqliteOverview implements OverviewStore {
  constructor(private readonly c: SqliteConnection) {}

  async outboxChannels(): Promise<string[]> {
    return (this.c.sql(OUTBOX_CHANNELS_SQL).all() as Row[]).map((r) => String(r.id));
  }

  async channelAlerts(channelId: string, since: number, limit: number): Promise<ChannelAlerts> {
    const total = this.c.sql(`SELECT COUNT(*) AS n FROM outbox WHERE channel_id = ? AND kind = 'alert' AND created_at >= ?`).get(channelId, since) as Row;
    const rows = this.c.sql(`
      SELECT id, channel_id, created_at, status, payload FROM outbox
      WHERE channel_id = ? AND kind = 'alert' AND created_at >= ?
      ORDER BY created_at DESC, id DESC LIMIT ?`).all(channelId, since, limit) as Row[];
    return { channelId, total: Number(total.n), alerts: rows.map(toAlertRecord) };
  }

  async alertsPerHour(channelId: string, since: number): Promise<Array<{ hour: number; count: number }>> {
    const rows = this.c.sql(`
      SELECT created_at / ${HOUR} AS h, COUNT(*) AS n FROM outbox
      WHERE channel_id = ? AND kind = 'alert' AND created_at >= ?
      GROUP BY h ORDER BY h`).all(channelId, since) as Row[];
    return rows.map((r) => ({ hour: Number(r.h) * HOUR, count: Number(r.n) }));
  }

  async outboxQueues(): Promise<ChannelQueue[]> {
    const rows = this.c.sql(`
      SELECT channel_id, COUNT(*) AS n, SUM(attempts > 0) AS retrying, MIN(created_at) AS oldest
      FROM outbox WHERE status = 'pending' GROUP BY channel_id ORDER BY channel_id`).all() as Row[];
    return rows.map(toChannelQueue);
  }

  async storySpreads(since: number, limit: number, reportsEach: number): Promise<StorySpread[]> {
    const stories = this.c.sql(STORIES_SQL).all(since, limit) as Row[];
    const reports = this.c.sql(REPORTS_SQL);
    const score = this.c.sql(STORY_SCORE_SQL);
    return stories.map((r) => toStorySpread({ ...r, score: (score.get(r.story, since) as Row).score }, reports.all(r.story, since, reportsEach) as Row[]));
  }
}
