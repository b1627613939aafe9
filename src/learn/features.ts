/**
 * What a channel's model reads of a scored item: the scorer's explained features, named so that
 * a channel's learned weights can be shown to people. Two come with every item: the channel's own
 * offset (`channel`: its bar for alerts of any kind) and the topic's logit (`score`: with the
 * offset, it lets a channel want the topic's bar higher and sharper, as a desk that wants only the
 * core of a topic does); facets, facet pairs, matched terms, negative contexts and the outlet only
 * when the item has them.
 */
import type { Explanation } from '../score/index.ts';

/** Feature name → value (1 for the offset and a present facet, term, pair, context or outlet; half the logit for `score`). */
export type Features = Record<string, number>;

/** The always-present features: the channel's offset, and the topic's logit. */
export const OFFSET_FEATURE = 'channel';
export const SCORE_FEATURE = 'score';

/**
 * The logit's share in the `score` feature: half, so that over the logits alerts usually have (1
 * to 8) its values stay near the 0/1 of the other features and one pull (model.ts) suits all.
 */
const SCORE_SCALE = 0.5;

const key = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The features of an item as its topic explains it: `facet:<name>`, `pair:<a>&<b>`, `term:<term>`
 * (as the topic file writes it, lower case), `context:<negative rule>` and `source:<outlet>`.
 */
export function featuresOf(explanation: Explanation, source: string | null): Features {
  const features: Features = { [OFFSET_FEATURE]: 1, [SCORE_FEATURE]: explanation.logit * SCORE_SCALE };
  for (const facet of explanation.facets) {
    features[`facet:${facet.facet}`] = 1;
    for (const term of facet.terms) features[`term:${key(term.term)}`] = 1;
  }
  for (const pair of explanation.pairs) features[`pair:${[...pair.facets].sort().join('&')}`] = 1;
  for (const negative of explanation.negatives) features[`context:${key(negative.rule)}`] = 1;
  if (source) features[`source:${key(source)}`] = 1;
  return features;
}

/** How a feature reads in a sentence: "about extradit*", "from Reuters", "matching us and organizations". */
export function describeFeature(name: string): string {
  const colon = name.indexOf(':');
  const kind = colon < 0 ? name : name.slice(0, colon);
  const what = colon < 0 ? '' : name.slice(colon + 1);
  switch (kind) {
    case OFFSET_FEATURE: return 'of any kind';
    case SCORE_FEATURE: return 'by their topic score';
    case 'facet': return `on ${what}`;
    case 'pair': return `on ${what.split('&').join(' and ')} together`;
    case 'term': return `about "${what}"`;
    case 'context': return `with the context "${what}"`;
    case 'source': return `from ${what}`;
    default: return name;
  }
}
