/**
 * The learner: turns a vote on an alert into an example of the channel's taste and refits the
 * channel's model (model.ts) in the store's write, then lets routing reload it. The item is scored
 * again for the channel's topics; the best-scoring topic's explained features are what is learned.
 */
import { scoreItem, type Topic } from '../score/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { ChannelStore, LearnedModel, LearningStore } from '../store/index.ts';
import { featuresOf } from './features.ts';
import { fitModel, type FitOptions } from './model.ts';

/** A vote as feedback reports it: a person's verdict on an item alerted in a channel. */
export interface VoteEvent {
  channelId: string;
  itemId: number;
  person: string;
  /** "Relevant" (good) or "Not for us" (bad). */
  vote: 'good' | 'bad';
  /** The person's earlier vote on the item in the channel, which this one replaces. */
  previous?: 'good' | 'bad' | null;
  at: number;
}

export interface Learner {
  /** Learns from one vote; returns the channel's new model, or null when nothing could be learned (item or topics gone). */
  onVote(vote: VoteEvent): Promise<LearnedModel | null>;
}

export interface LearnerDeps {
  store: Pick<LearningStore, 'itemById' | 'learnFromVote'> & Pick<ChannelStore, 'listChannels'>;
  topics: ReadonlyMap<string, Topic>;
  /** Called after a channel's model changed (routing reloads it). */
  learned(): Promise<void>;
  logger: Logger;
  fit?: FitOptions;
}

export function createLearner(deps: LearnerDeps): Learner {
  return {
    async onVote(vote) {
      const item = await deps.store.itemById(vote.itemId);
      const channel = (await deps.store.listChannels()).find((c) => c.id === vote.channelId);
      const scored = channel?.topics.flatMap((id) => {
        const topic = deps.topics.get(id);
        return topic ? [{ id, result: item ? scoreItem(item, topic, { explain: true }) : null }] : [];
      }) ?? [];
      const best = scored.reduce<(typeof scored)[number] | null>((a, b) => (b.result && (!a?.result || b.result.score > a.result.score) ? b : a), null);
      if (!item || !best?.result?.explanation) {
        deps.logger.warn({ channel: vote.channelId, item: vote.itemId }, item ? 'vote not learned: the channel has no loaded topic' : 'vote not learned: the item is not stored');
        return null;
      }
      const model = await deps.store.learnFromVote(vote.channelId, {
        itemId: vote.itemId, person: vote.person, relevant: vote.vote === 'good', topicId: best.id,
        features: featuresOf(best.result.explanation, item.source), logit: best.result.explanation.logit, at: vote.at,
      }, (examples) => fitModel(examples, deps.fit));
      await deps.learned();
      return model;
    },
  };
}
