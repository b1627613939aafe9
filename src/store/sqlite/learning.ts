/**
 * The learning role of the SQLite store: each channel's examples (one per person and item) and
 * the model fitted to them, written together with a count-up of the settings version
 * (coordination.ts) so that routing reloads the model.
 */
import { toChannelModel, toHit, toLearningExample, type Row } from '../rows.ts';
import type { ItemHit, LearnedModel, LearningExample, LearningStore } from '../store.ts';
import type { SqliteConnection } from './connection.ts';
import { settingsChanged } from './coordination.ts';

export class SqliteLearning implements LearningStore {
  constructor(private readonly c: SqliteConnection) {}

  async learnFromVote(channelId: string, example: LearningExample, fit: (examples: LearningExample[]) => LearnedModel): Promise<LearnedModel> {
    return this.c.write(() => {
      this.c.sql(`
        INSERT INTO learning_examples (channel_id, item_id, person, relevant, topic_id, features, logit, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id, item_id, person) DO UPDATE SET
          relevant = excluded.relevant, topic_id = excluded.topic_id, features = excluded.features, logit = excluded.logit, voted_at = excluded.voted_at`)
        .run(channelId, example.itemId, example.person, example.relevant ? 1 : 0, example.topicId, JSON.stringify(example.features), example.logit, example.at);
      const rows = this.c.sql('SELECT * FROM learning_examples WHERE channel_id = ? ORDER BY voted_at, item_id, person').all(channelId) as Row[];
      const model = fit(rows.map(toLearningExample));
      this.c.sql(`
        INSERT INTO channel_models (channel_id, model, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (channel_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`)
        .run(channelId, JSON.stringify(model), example.at);
      settingsChanged(this.c);
      return model;
    });
  }

  async channelModels(): Promise<Array<{ channelId: string; model: LearnedModel; updatedAt: number }>> {
    return (this.c.sql('SELECT * FROM channel_models ORDER BY channel_id').all() as Row[]).map(toChannelModel);
  }

  async forgetLearning(channelId: string): Promise<number> {
    return this.c.write(() => {
      const forgotten = this.c.sql('DELETE FROM learning_examples WHERE channel_id = ?').run(channelId).changes;
      const dropped = this.c.sql('DELETE FROM channel_models WHERE channel_id = ?').run(channelId).changes;
      if (forgotten || dropped) settingsChanged(this.c);
      return forgotten;
    });
  }

  async itemById(itemId: number): Promise<ItemHit | null> {
    const row = this.c.sql(`
      SELECT i.*, f.name AS source, (SELECT MAX(score) FROM scores s WHERE s.item_id = i.id) AS score
      FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?`).get(itemId) as Row | undefined;
    return row ? toHit(row) : null;
  }
}
