/**
 * The feedback role of the SQLite store: one vote per channel, item and person (a second click
 * replaces the first), and stories muted per channel. A mute drops the story's pending follow-ups
 * in the channel in the same write; items.ts and outbox-queue.ts queue none for a muted story.
 */
import { toReference, toVote, type Row } from '../rows.ts';
import type { AlertReference, FeedbackStore, Vote, VoteRecord } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteFeedback implements FeedbackStore {
  constructor(private readonly c: SqliteConnection) {}

  async alertReference(rowId: number): Promise<AlertReference | null> {
    const row = this.c.sql(`SELECT id, channel_id, item_id, story_id FROM outbox WHERE id = ? AND kind = 'alert'`).get(rowId) as Row | undefined;
    return row ? toReference(row) : null;
  }

  async recordVote(vote: VoteRecord): Promise<{ changed: boolean; previous: Vote | null }> {
    return this.c.write(() => {
      const before = this.c.sql('SELECT vote FROM votes WHERE channel_id = ? AND item_id = ? AND person = ?').get(vote.channelId, vote.itemId, vote.person) as Row | undefined;
      const previous = (before?.vote as Vote | undefined) ?? null;
      if (previous === vote.vote) return { changed: false, previous };
      this.c.sql(`
        INSERT INTO votes (channel_id, item_id, person, vote, voted_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (channel_id, item_id, person) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`)
        .run(vote.channelId, vote.itemId, vote.person, vote.vote, vote.at);
      return { changed: true, previous };
    });
  }

  async channelVotes(channelId: string): Promise<VoteRecord[]> {
    const rows = this.c.sql('SELECT * FROM votes WHERE channel_id = ? ORDER BY voted_at, item_id, person').all(channelId) as Row[];
    return rows.map(toVote);
  }

  async muteStory(channelId: string, storyId: number, by: string, at: number): Promise<{ changed: boolean; dropped: number }> {
    return this.c.write(() => {
      const changed = this.c.sql('INSERT INTO story_mutes (channel_id, story_id, muted_by, muted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(channelId, storyId, by, at).changes > 0;
      const dropped = this.c.sql(`
        UPDATE outbox SET status = 'dropped', last_error = 'story muted', failed_at = ?
        WHERE story_id = ? AND channel_id = ? AND kind = 'follow_up' AND status = 'pending'`).run(at, storyId, channelId).changes;
      return { changed, dropped };
    });
  }
}
