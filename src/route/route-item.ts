/**
 * The route stage: decides which channels get an alert for a scored item. A channel's mute terms
 * keep the item out; its watch terms let it in below the threshold (and are named in the alert);
 * otherwise the best score among the channel's topics, as the channel's feedback corrects it
 * (src/learn), must reach the channel's threshold.
 */
import { adjustScore, featuresOf, hasLearned, type ChannelModel } from '../learn/index.ts';
import type { ScoreInput, ScoreResult, TermSet } from '../score/index.ts';

export interface RouteChannel {
  id: string;
  topics: readonly string[];
  threshold: number;
  watch: TermSet;
  mute: TermSet;
  /** What the channel learned from its votes (absent or empty: the topics' scores as they are). */
  model?: ChannelModel;
}

export interface RouteDecision {
  channelId: string;
  /** The channel's best-scoring topic for this item, or null when no topic applies. */
  topicId: string | null;
  /** The best score, corrected by the channel's feedback. */
  score: number | null;
  watchMatched: string[];
}

/** Whether any channel's decision needs the items' explanations (its feedback corrects scores). */
export const needsExplanations = (channels: readonly RouteChannel[]): boolean => channels.some((c) => c.model !== undefined && hasLearned(c.model));

/**
 * A topic's score for one channel: corrected by the channel's model when it learned something
 * (the features come from the score's explanation: scored with `explain` for such channels).
 */
function channelScore(result: ScoreResult, channel: RouteChannel, source: string | null): number {
  if (!channel.model || !result.explanation || !hasLearned(channel.model)) return result.score;
  return adjustScore(channel.model, result.score, featuresOf(result.explanation, source)).score;
}

/** `source`: the item's outlet (feed name), a feature of the channels' models. */
export function routeItem(item: ScoreInput, scores: ReadonlyMap<string, ScoreResult>, channels: readonly RouteChannel[], source: string | null = null): RouteDecision[] {
  const decisions: RouteDecision[] = [];
  for (const channel of channels) {
    let best: { topicId: string; score: number } | null = null;
    for (const topicId of channel.topics) {
      const s = scores.get(topicId);
      const score = s ? channelScore(s, channel, source) : null;
      if (score !== null && (!best || score > best.score)) best = { topicId, score };
    }
    const relevant = best !== null && best.score >= channel.threshold;
    const watchMatched = channel.watch.terms.length ? channel.watch.match(item) : [];
    if (!relevant && watchMatched.length === 0) continue;
    if (channel.mute.terms.length && channel.mute.match(item).length) continue;
    decisions.push({ channelId: channel.id, topicId: best?.topicId ?? null, score: best?.score ?? null, watchMatched });
  }
  return decisions;
}
