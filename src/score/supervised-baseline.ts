/**
 * The plain supervised baseline `radar eval` prints beside Radar: TF-IDF of word 1–2-grams and
 * character 3–5-grams (./tfidf.ts) with L2-regularised logistic regression (./logistic-regression.ts),
 * trained to tell relevant items (label ≥ 1) from the rest; it alerts at probability ≥ 0.5.
 *
 * Its figures are honest only if no item is scored by a model that saw it, so `crossValidate`
 * scores every evaluated item out of fold: the items are split into K folds (stratified by label,
 * shuffled with a fixed seed, so runs repeat) and each fold is scored by a model trained on the
 * other folds plus any training-only items. Items with the same text (case and spacing aside) are
 * one unit: they share a fold, and a training-only copy of an evaluated text is held out with it.
 */
import { rng } from '../shared/rng.ts';
import { fitLogistic } from './logistic-regression.ts';
import { createNgramDictionary, fitTfidf, type NgramDictionary, type TextGrams } from './tfidf.ts';

/** A labeled item as the baseline sees it. */
export interface LabeledText {
  title: string;
  summary: string;
  /** 0, 1 or 2; relevant when ≥ 1. */
  label: number;
}

/** Fixed split seed: the same inputs give the same folds and the same figures. */
export const BASELINE_SEED = 20_251_201;
export const BASELINE_FOLDS = 5;

const text = (item: Pick<LabeledText, 'title' | 'summary'>): string => `${item.title}\n${item.summary}`;
const sameTextKey = (item: Pick<LabeledText, 'title' | 'summary'>): string => text(item).toLowerCase().replace(/\s+/g, ' ').trim();

/** Trains on analyzed texts and their classes; returns P(relevant) of an analyzed text. */
function train(dictionary: NgramDictionary, texts: readonly TextGrams[], relevant: readonly boolean[]): (text: TextGrams) => number {
  const vectorizer = fitTfidf(texts, dictionary);
  const model = fitLogistic(texts.map((t) => vectorizer.encode(t)), relevant, vectorizer.size);
  return (t) => model.probability(vectorizer.encode(t));
}

/** Trains on labeled items; returns P(relevant) for any item. */
export function trainBaseline(items: readonly LabeledText[]): (item: Pick<LabeledText, 'title' | 'summary'>) => number {
  const dictionary = createNgramDictionary();
  const predict = train(dictionary, items.map((i) => dictionary.analyze(text(i))), items.map((i) => i.label >= 1));
  return (item) => predict(dictionary.analyze(text(item)));
}

export interface CrossValidation {
  /** Out-of-fold P(relevant) of each evaluated item, in input order. */
  scores: number[];
  /** Folds used: `folds` requested, fewer when there are fewer distinct texts. */
  folds: number;
}

/**
 * Scores each of `evaluated` with a model that never saw it (nor a copy of its text); training
 * uses the other folds and `trainingOnly`, which are never scored.
 */
export function crossValidate(evaluated: readonly LabeledText[], trainingOnly: readonly LabeledText[] = [], options: { folds?: number; seed?: number } = {}): CrossValidation {
  const groups = new Map<string, number[]>();
  evaluated.forEach((item, i) => {
    const key = sameTextKey(item);
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  });
  const next = rng(options.seed ?? BASELINE_SEED);
  const order = [...groups.values()].map((members) => ({ members, label: (evaluated[members[0] as number] as LabeledText).label, draw: next() }));
  // Stratified: shuffle, then deal each label's groups round the folds in turn.
  order.sort((a, b) => a.label - b.label || a.draw - b.draw);
  const folds = Math.max(1, Math.min(options.folds ?? BASELINE_FOLDS, order.length));
  const foldOfText = new Map<string, number>();
  order.forEach((group, g) => foldOfText.set(sameTextKey(evaluated[group.members[0] as number] as LabeledText), g % folds));

  // Every item with its fold (undefined: a training-only text no evaluated item shares) and n-grams.
  const dictionary = createNgramDictionary();
  const pool = [...evaluated, ...trainingOnly].map((item) => ({ fold: foldOfText.get(sameTextKey(item)), relevant: item.label >= 1, grams: dictionary.analyze(text(item)) }));
  const scores = new Array<number>(evaluated.length).fill(Number.NaN);
  for (let fold = 0; fold < folds; fold += 1) {
    const training = pool.filter((p) => p.fold !== fold);
    const predict = train(dictionary, training.map((p) => p.grams), training.map((p) => p.relevant));
    for (let i = 0; i < evaluated.length; i += 1) {
      const held = pool[i] as (typeof pool)[number];
      if (held.fold === fold) scores[i] = predict(held.grams);
    }
  }
  return { scores, folds };
}
