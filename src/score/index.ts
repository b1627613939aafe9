/**
 * The score stage: topic files compiled into lookup tables, a calibrated relevance score with an
 * explanation per (item, topic), and per-channel watch/mute term sets.
 */
export type { Explanation, Facet, FacetExplanation, FacetPair, ScoreInput, ScoreResult, Topic } from './types.ts';
export { loadTopic, parseTopic } from './load-topic.ts';
export { scoreItem, facetActivations } from './score-item.ts';
export { matchedTermsSummary } from './matched-terms.ts';
export { parseTerm } from './term-syntax.ts';
export { compileTerms, type TermSet } from './term-set.ts';
export { evaluate, rocAuc, averagePrecision, type EvalFigures, type Scored } from './evaluate.ts';
export { keywordBaselineScore, BASELINE_KEYWORDS } from './keyword-baseline.ts';
export { parseItemLines, type InputItem } from './labeled-items.ts';
export { crossValidate, trainBaseline, BASELINE_FOLDS, BASELINE_SEED, type CrossValidation, type LabeledText } from './supervised-baseline.ts';
