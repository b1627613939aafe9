/**
 * The route stage: decides which channels get an alert for a scored item. A channel's mute terms
 * keep the item out; its watch terms let it in below the threshold (and are named in the alert);
 * otherwise the best score among the channel's topics must reach the channel's threshold.
 */
import type { ScoreInput, ScoreResult, TermSet } from '../score/index.ts';

export interface RouteChannel {
  id: string;
  topics: readonly string[];
  threshold: number;
  watch: TermSet;
  mute: TermSet;
}

export interface RouteDecision {
  channelId: string;
  /** The channel's best-scoring topic for this item, or null when no topic applies. */
  topicId: string | null;
  score: number | null;
  watchMatched: string[];
}

export function routeItem(item: ScoreInput, scores: ReadonlyMap<string, ScoreResult>, channels: readonly RouteChannel[]): RouteDecision[] {
  const decisions: RouteDecision[] = [];
  for (const channel of channels) {
    let best: ScoreResult | null = null;
    for (const topicId of channel.topics) {
      const s = scores.get(topicId);
      if (s && (!best || s.score > best.score)) best = s;
    }
    const relevant = best !== null && best.score >= channel.threshold;
    const watchMatched = channel.watch.terms.length ? channel.watch.match(item) : [];
    if (!relevant && watchMatched.length === 0) continue;
    if (channel.mute.terms.length && channel.mute.match(item).length) continue;
    decisions.push({ channelId: channel.id, topicId: best?.topicId ?? null, score: best?.score ?? null, watchMatched });
  }
  return decisions;
}
