/**
 * The feedback role of the PostgreSQL store, as the SQLite one (see its feedback.ts): a vote is
 * one upsert that reports the vote it replaced; a mute and the drop of the story's pending
 * follow-ups in the channel commit together.
 */
import type { AlertReference, FeedbackStore, Vote, VoteRecord } from '../store.ts';
import { toReference, toVote } from '../rows.ts';
import type { PgConnection } from './connection.ts';

export class PgFeedback implements FeedbackStore {
  constructor(private readonly c: PgConnection) {}

  async alertReference(rowId: number): Promise<AlertReference | null> {
    if (!Number.isSafeInteger(rowId)) return null;
    const row = await this.c.sql.one(`SELECT id, channel_id, item_id, story_id FROM outbox WHERE id = $1 AND kind = 'alert'`, [rowId]);
    return row ? toReference(row) : null;
  }

  async recordVote(vote: VoteRecord): Promise<{ changed: boolean; previous: Vote | null }> {
    return this.c.tx(async (sql) => {
      // The row is locked (or inserted) first, so two clicks of one person at once make one vote.
      const before = await sql.one(`
        SELECT vote FROM votes WHERE channel_id = $1 AND item_id = $2 AND person = $3 FOR UPDATE`, [vote.channelId, vote.itemId, vote.person]);
      const previous = (before?.vote as Vote | undefined) ?? null;
      if (previous === vote.vote) return { changed: false, previous };
      const written = await sql.run(`
        INSERT INTO votes (channel_id, item_id, person, vote, voted_at) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (channel_id, item_id, person) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at
        WHERE votes.vote <> excluded.vote`, [vote.channelId, vote.itemId, vote.person, vote.vote, vote.at]);
      return { changed: written > 0, previous };
    });
  }

  async channelVotes(channelId: string): Promise<VoteRecord[]> {
    const rows = await this.c.sql.rows('SELECT * FROM votes WHERE channel_id = $1 ORDER BY voted_at, item_id, person', [channelId]);
    return rows.map(toVote);
  }

  async muteStory(channelId: string, storyId: number, by: string, at: number): Promise<{ changed: boolean; dropped: number }> {
    return this.c.tx(async (sql) => {
      const changed = await sql.run(`
        INSERT INTO story_mutes (channel_id, story_id, muted_by, muted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [channelId, storyId, by, at]) > 0;
      const dropped = await sql.run(`
        UPDATE outbox SET status = 'dropped', last_error = 'story muted', failed_at = $1
        WHERE story_id = $2 AND channel_id = $3 AND kind = 'follow_up' AND status = 'pending'`, [at, storyId, channelId]);
      return { changed, dropped };
    });
  }
}
