/**
 * The learning role of the PostgreSQL store: each channel's examples (one per person and item) and
 * the model fitted to them. A vote's write holds the channel's learning lock, so that two
 * instances' votes at once each fit over the other's example; it counts up the settings version
 * and notifies the other instances (coordination.ts) so that they route with the new model.
 */
import { toChannelModel, toHit, toLearningExample } from '../rows.ts';
import type { ItemHit, LearnedModel, LearningExample, LearningStore } from '../store.ts';
import { LOCK, lock, type PgConnection } from './connection.ts';
import { settingsChanged } from './coordination.ts';

export class PgLearning implements LearningStore {
  constructor(private readonly c: PgConnection) {}

  async learnFromVote(channelId: string, example: LearningExample, fit: (examples: LearningExample[]) => LearnedModel): Promise<LearnedModel> {
    return this.c.tx(async (sql) => {
      await lock(sql, LOCK.channel, `learning\n${channelId}`);
      await sql.run(`
        INSERT INTO learning_examples (channel_id, item_id, person, relevant, topic_id, features, logit, voted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (channel_id, item_id, person) DO UPDATE SET
          relevant = excluded.relevant, topic_id = excluded.topic_id, features = excluded.features, logit = excluded.logit, voted_at = excluded.voted_at`,
      [channelId, example.itemId, example.person, example.relevant, example.topicId, JSON.stringify(example.features), example.logit, example.at]);
      const rows = await sql.rows('SELECT * FROM learning_examples WHERE channel_id = $1 ORDER BY voted_at, item_id, person', [channelId]);
      const model = fit(rows.map(toLearningExample));
      await sql.run(`
        INSERT INTO channel_models (channel_id, model, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (channel_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`,
      [channelId, JSON.stringify(model), example.at]);
      await settingsChanged(sql);
      return model;
    });
  }

  async channelModels(): Promise<Array<{ channelId: string; model: LearnedModel; updatedAt: number }>> {
    return (await this.c.sql.rows('SELECT * FROM channel_models ORDER BY channel_id')).map(toChannelModel);
  }

  async forgetLearning(channelId: string): Promise<number> {
    return this.c.tx(async (sql) => {
      await lock(sql, LOCK.channel, `learning\n${channelId}`);
      const forgotten = await sql.run('DELETE FROM learning_examples WHERE channel_id = $1', [channelId]);
      const dropped = await sql.run('DELETE FROM channel_models WHERE channel_id = $1', [channelId]);
      if (forgotten || dropped) await settingsChanged(sql);
      return forgotten;
    });
  }

  async itemById(itemId: number): Promise<ItemHit | null> {
    const row = await this.c.sql.one(`
      SELECT i.*, f.name AS source, (SELECT MAX(score) FROM scores s WHERE s.item_id = i.id) AS score
      FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = $1`, [itemId]);
    return row ? toHit(row) : null;
  }
}
