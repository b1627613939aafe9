import { describe, expect, it } from 'vitest';
import { crossValidate, rocAuc, trainBaseline, type LabeledText } from '../../src/score/index.ts';
import { fitLogistic, logisticObjective } from '../../src/score/logistic-regression.ts';
import { createNgramDictionary, fitTfidf, type SparseVector } from '../../src/score/tfidf.ts';

/** Deterministic pseudo-random numbers for building test sets. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
}

describe('TF-IDF features', () => {
  it('weights word and character n-grams by sublinear tf and idf, each block of unit length', () => {
    const dictionary = createNgramDictionary();
    const training = ['cartel cartel cartel', 'oil prices rise', 'cartel leaders'].map((t) => dictionary.analyze(t));
    const vectorizer = fitTfidf(training, dictionary);
    const v = vectorizer.encode(dictionary.analyze('Cartel cartel CARTEL'));
    const blockNorms = [0, 0];
    v.indices.forEach((id, k) => {
      const b = dictionary.blockOf(id);
      blockNorms[b] = (blockNorms[b] as number) + (v.values[k] as number) ** 2;
    });
    expect(blockNorms[0]).toBeCloseTo(1, 12);
    expect(blockNorms[1]).toBeCloseTo(1, 12);

    // Word block: "cartel" ×3 (df 2 of 3) and "cartel cartel" ×2 (df 1 of 3).
    const wordIds = (text: string) => [...dictionary.analyze(text).ids].filter((id) => dictionary.blockOf(id) === 0);
    const [unigram] = wordIds('cartel');
    const [bigram] = wordIds('cartel cartel').filter((id) => id !== unigram);
    const weight = (id: number | undefined) => v.values[[...v.indices].indexOf(id as number)] as number;
    expect(wordIds('Cartel cartel CARTEL')).toEqual([unigram, bigram].sort((a, b) => (a as number) - (b as number)));
    const expected = ((1 + Math.log(3)) * (Math.log(4 / 3) + 1)) / ((1 + Math.log(2)) * (Math.log(4 / 2) + 1));
    expect(weight(unigram) / weight(bigram)).toBeCloseTo(expected, 12);
    expect([...v.indices]).toEqual([...v.indices].sort((a, b) => a - b));
  });

  it('drops n-grams no training text has', () => {
    const dictionary = createNgramDictionary();
    const vectorizer = fitTfidf([dictionary.analyze('cartel leaders')], dictionary);
    expect(vectorizer.encode(dictionary.analyze('qqq zzz')).indices).toHaveLength(0);
    const held = vectorizer.encode(dictionary.analyze('cartel wxyz'));
    expect(held.indices.length).toBeGreaterThan(0);
    for (const id of held.indices) expect(id).toBeLessThan(vectorizer.size);
  });
});

describe('logistic regression', () => {
  const empty: SparseVector = { indices: new Int32Array(), values: new Float64Array() };

  it('finds the optimum of the regularised loss (intercept only, checked by bisection)', () => {
    // 3 positives, 1 negative, no features: the optimum solves −3σ(−b) + σ(b) + b/C = 0.
    const positive = [true, true, true, false];
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    for (const c of [1, 1e6]) {
      let lo = -10;
      let hi = 10;
      for (let i = 0; i < 200; i += 1) {
        const mid = (lo + hi) / 2;
        if (-3 * sigma(-mid) + sigma(mid) + mid / c > 0) hi = mid;
        else lo = mid;
      }
      const model = fitLogistic(positive.map(() => empty), positive, 0, { c, tolerance: 1e-9 });
      expect(model.bias).toBeCloseTo(lo, 6);
    }
    expect(fitLogistic(positive.map(() => empty), positive, 0, { c: 1e6, tolerance: 1e-9 }).probability(empty)).toBeCloseTo(0.75, 5);
  });

  it('stops at a point where the gradient vanishes and every nearby point costs more', () => {
    const random = lcg(7);
    const size = 30;
    const xs: SparseVector[] = [];
    const positive: boolean[] = [];
    for (let i = 0; i < 60; i += 1) {
      const indices = [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * size)))].sort((a, b) => a - b);
      const values = indices.map(() => random() * 2 - 0.5);
      xs.push({ indices: Int32Array.from(indices), values: Float64Array.from(values) });
      positive.push((indices[0] as number) % 3 === 0 || random() < 0.2);
    }
    const model = fitLogistic(xs, positive, size, { c: 2 });
    const theta = Float64Array.from([...model.weights, model.bias]);
    const at = logisticObjective(theta, xs, positive, 2);
    expect(Math.max(...at.gradient.map(Math.abs))).toBeLessThanOrEqual(1e-4);
    for (let d = 0; d < 20; d += 1) {
      const moved = theta.map((t) => t + (random() - 0.5) * 0.02);
      expect(logisticObjective(moved, xs, positive, 2).loss).toBeGreaterThan(at.loss);
    }
  });

  it('learns a separable set of headlines and ranks unseen ones', () => {
    const relevant = [
      'Cartel gunmen kill police officers in Culiacán',
      'Sinaloa cartel leader extradited to the United States',
      'Mexican army seizes fentanyl lab run by the cartel',
      'Ataque del cártel deja cinco muertos en Sinaloa',
      'Detienen a operador del Cártel de Sinaloa en Culiacán',
      'US designates Mexican cartels as terrorist organizations',
      'Fentanyl trafficking cartel members arrested at the border',
      'Enfrentamiento entre cárteles en Culiacán deja heridos',
    ];
    const other = [
      'Tomateros de Culiacán win the baseball final',
      'Oil prices rise as OPEC cuts output',
      'New smartphone released with a bigger battery',
      'Lluvias intensas provocan inundaciones en Veracruz',
      'Football club signs a new striker for the season',
      'Central bank holds interest rates steady',
      'Festival de cine abre con una comedia española',
      'Stock markets close higher on tech earnings',
    ];
    const items: LabeledText[] = [...relevant.map((title) => ({ title, summary: '', label: 2 })), ...other.map((title) => ({ title, summary: '', label: 0 }))];
    const predict = trainBaseline(items);
    for (const item of items) expect(predict(item) >= 0.5).toBe(item.label >= 1);

    const unseenRelevant = ['Cartel leader arrested in Sinaloa', 'Detienen a sicarios del cártel en Culiacán'];
    const unseenOther = ['Baseball team wins the season opener', 'Oil prices fall on weak demand'];
    const lowestRelevant = Math.min(...unseenRelevant.map((title) => predict({ title, summary: '' })));
    const highestOther = Math.max(...unseenOther.map((title) => predict({ title, summary: '' })));
    expect(lowestRelevant).toBeGreaterThan(highestOther);
  });
});

describe('cross-validation', () => {
  /** Texts of random words with labels drawn independently of them: only memory can predict a label. */
  function noise(count: number, seed: number): LabeledText[] {
    const random = lcg(seed);
    const word = () => Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    return Array.from({ length: count }, (_, i) => ({ title: `${word()} ${word()} ${word()}`, summary: `${word()} ${word()}`, label: i % 2 === 0 ? 2 : 0 }));
  }
  const auc = (items: readonly LabeledText[], scores: readonly number[]) => rocAuc(scores, items.map((i) => i.label >= 1));

  it('a model that has seen the items would score them perfectly (the set can show leakage)', () => {
    const items = noise(60, 3);
    const predict = trainBaseline(items);
    expect(auc(items, items.map(predict))).toBe(1);
  });

  it('never scores an item with a model that saw it or a copy of its text', () => {
    const items = noise(60, 3);
    // Each text twice (once with other case and spacing): a fold split by item would train on the twin.
    const twice = items.flatMap((item) => [item, { ...item, title: `  ${item.title.toUpperCase()}`, summary: `${item.summary} ` }]);
    const { scores, folds } = crossValidate(twice);
    expect(folds).toBe(5);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(auc(twice, scores)).toBeLessThan(0.75);
  });

  it('holds out training-only copies of an evaluated text with it', () => {
    const items = noise(60, 5);
    const { scores } = crossValidate(items, items.map((i) => ({ ...i })));
    expect(auc(items, scores)).toBeLessThan(0.75);
  });

  it('learns from the other folds and the training-only items, and repeats itself', () => {
    const topical = (label: number, n: number, words: string[]): LabeledText[] => Array.from({ length: n }, (_, i) => ({
      title: `${words[i % words.length]} ${words[(i * 3 + 1) % words.length]} report ${i}`,
      summary: `${words[(i * 5 + 2) % words.length]} ${words[(i * 7 + 3) % words.length]}`,
      label,
    }));
    const cartel = ['cartel', 'sicarios', 'fentanyl', 'Sinaloa', 'extradition', 'narcotráfico', 'gunmen'];
    const sport = ['baseball', 'football', 'season', 'striker', 'league', 'campeonato', 'tournament'];
    const evaluated = [...topical(2, 10, cartel), ...topical(0, 10, sport)];
    const extra = [...topical(1, 15, cartel), ...topical(0, 15, sport)];
    const first = crossValidate(evaluated, extra);
    expect(auc(evaluated, first.scores)).toBe(1);
    expect(crossValidate(evaluated, extra).scores).toEqual(first.scores);
    // Fewer distinct texts than folds: one fold per text.
    expect(crossValidate(evaluated.slice(0, 3), extra).folds).toBe(3);
  });
});
