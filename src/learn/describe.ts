/**
 * What a channel's feedback changed, in words for `/radar explain` and `/radar learning`:
 * "−0.12: this channel marked 4 items about "aranceles" as not for us". Changes are in logit
 * units, as the explanation's facet contributions are.
 */
import { describeFeature } from './features.ts';
import type { Adjustment, ChannelModel } from './model.ts';

/** "+0.31" / "−0.12" (a true minus sign). */
export const signed = (x: number): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;

const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

/** One feature's part in a score's correction, with the votes behind it. */
export function describeAdjustment(part: Adjustment, model: ChannelModel): string {
  const counts = model.counts[part.feature] ?? { relevant: 0, notForUs: 0 };
  const about = describeFeature(part.feature);
  return part.change < 0
    ? `${signed(part.change)}: this channel marked ${items(counts.notForUs)} ${about} as not for us`
    : `${signed(part.change)}: this channel marked ${items(counts.relevant)} ${about} as relevant`;
}

/** A learned weight as `/radar learning` lists it: "−0.52 items about "aranceles" (1 relevant, 4 not for us)". */
export function describeWeight(feature: string, model: ChannelModel): string {
  const counts = model.counts[feature] ?? { relevant: 0, notForUs: 0 };
  return `${signed(model.weights[feature] ?? 0)} items ${describeFeature(feature)} (${counts.relevant} relevant, ${counts.notForUs} not for us)`;
}

/** The strongest learned weights, largest first. */
export function topWeights(model: ChannelModel, limit: number): string[] {
  return Object.keys(model.weights)
    .sort((a, b) => Math.abs(model.weights[b] as number) - Math.abs(model.weights[a] as number) || a.localeCompare(b))
    .slice(0, limit);
}
