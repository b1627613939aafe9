/**
 * Scores one item for one topic: facet activations (saturating, so many hits in one facet add
 * little), pairwise co-occurrence of facets, and a logistic output calibrated so that 0.5 is the
 * alert decision. An ordinal offset gives the probability that the item is core (label 2).
 */
import { matchTerms, type Hits } from './match-terms.ts';
import { tokenize, type Lang, type Word } from '../text/index.ts';
import type { Explanation, FacetExplanation, ScoreInput, ScoreResult, Topic, TopicTerm } from './types.ts';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

interface Scratch {
  /** Best weight per slot for the current item. */
  best: Float64Array;
  facetOf: Int32Array;
  touched: number[];
}
const scratch = new WeakMap<Topic, Scratch>();

function scratchOf(topic: Topic): Scratch {
  let s = scratch.get(topic);
  if (!s) {
    const n = topic.tables.slotCount;
    scratch.set(topic, (s = { best: new Float64Array(n), facetOf: new Int32Array(n), touched: [] }));
  }
  return s;
}

/** Facet activations in [0, 1) after negatives: 1 − exp(−Σ best weight of each distinct term). */
function activations(hits: Hits, topic: Topic): Float64Array {
  const { best, facetOf, touched } = scratchOf(topic);
  touched.length = 0;
  for (let h = 0; h < hits.count; h += 1) {
    if (hits.cancelledBy[h] !== -1) continue;
    const term = topic.terms[hits.term[h] as number];
    if (!term || term.facet < 0) continue;
    const slot = hits.slot[h] as number;
    const weight = hits.field[h] === 0 ? term.weight * topic.titleWeight : term.weight;
    if (best[slot] === 0) {
      touched.push(slot);
      facetOf[slot] = term.facet;
    }
    if (weight > (best[slot] as number)) best[slot] = weight;
  }
  const raw = new Float64Array(topic.facets.length);
  for (const slot of touched) {
    const f = facetOf[slot] as number;
    raw[f] = (raw[f] ?? 0) + (best[slot] as number);
    best[slot] = 0;
  }
  for (let f = 0; f < raw.length; f += 1) raw[f] = 1 - Math.exp(-(raw[f] as number));
  return raw;
}

function logitOf(act: Float64Array, topic: Topic): number {
  let z = topic.bias;
  for (let f = 0; f < act.length; f += 1) z += (topic.facets[f]?.weight ?? 0) * (act[f] as number);
  for (const p of topic.pairs) z += p.weight * (act[p.a] as number) * (act[p.b] as number);
  return z;
}

/**
 * The facet activations of an item (the features the model weighs), for fitting scripts.
 * The array is fresh and indexed like `topic.facets`.
 */
export function facetActivations(item: ScoreInput, topic: Topic): Float64Array {
  return activations(matchTerms(item, topic), topic);
}

/**
 * Scores an item for a topic: a calibrated probability in [0, 1] and the alert decision
 * (`score >= topic.threshold`). The explanation is built only when `explain` is set.
 */
export function scoreItem(item: ScoreInput, topic: Topic, options: { explain?: boolean } = {}): ScoreResult {
  const hits = matchTerms(item, topic);
  const act = activations(hits, topic);
  const z = logitOf(act, topic);
  const score = sigmoid(z);
  const result: ScoreResult = { topicId: topic.id, score, alert: score >= topic.threshold };
  if (options.explain) result.explanation = explain(hits, act, z, topic);
  return result;
}

function explain(hits: Hits, act: Float64Array, z: number, topic: Topic): Explanation {
  const facets: FacetExplanation[] = topic.facets.map((f, i) => ({ facet: f.name, terms: [], contribution: f.weight * (act[i] as number) }));
  const pairs: Explanation['pairs'] = [];
  for (const p of topic.pairs) {
    const c = p.weight * (act[p.a] as number) * (act[p.b] as number);
    if (c === 0) continue;
    (facets[p.a] as FacetExplanation).contribution += c / 2;
    (facets[p.b] as FacetExplanation).contribution += c / 2;
    pairs.push({ facets: [topic.facets[p.a]?.name ?? '', topic.facets[p.b]?.name ?? ''], contribution: round(c) });
  }
  const negatives = new Map<number, { rule: string; term: string; cancelled: string[] }>();
  const seen = new Set<string>();
  const chosen = new Map<string, { entry: FacetExplanation['terms'][number]; fit: number }>();
  for (let h = 0; h < hits.count; h += 1) {
    const term = topic.terms[hits.term[h] as number];
    if (!term) continue;
    const by = hits.cancelledBy[h] as number;
    if (by !== -1) {
      const context = topic.terms[hits.term[by] as number];
      const rule = topic.negatives.find((r) => r.context.has(hits.term[by] as number) && r.cancel.has(hits.term[h] as number));
      // Spelling variants sharing a slot ("cartel", "cártel") are named once, under the first
      // context that cancelled them: a context word whose terms were all named already gets no entry.
      const slotKey = `x${hits.slot[h]}`;
      if (seen.has(slotKey)) continue;
      seen.add(slotKey);
      let entry = negatives.get(by);
      if (!entry) negatives.set(by, (entry = { rule: rule?.name ?? '', term: context?.text ?? '', cancelled: [] }));
      if (!entry.cancelled.includes(term.text)) entry.cancelled.push(term.text);
      continue;
    }
    if (term.facet < 0) continue;
    const where = hits.field[h] !== 0 ? 'summary' : hits.lede ? 'lede' : 'title';
    const entry: FacetExplanation['terms'][number] = { term: term.text, where, weight: round(where === 'summary' ? term.weight : term.weight * topic.titleWeight) };
    if (term.kind === 'prefix') entry.matched = hits.word[h]?.folded ?? '';
    // Spelling variants sharing a slot ("cartel", "cártel") are named once, as the item wrote it.
    const key = `${hits.slot[h]}:${where}`;
    const fit = variantFit(term, hits.word[h], hits.lang);
    const earlier = chosen.get(key);
    if (!earlier) {
      chosen.set(key, { entry, fit });
      facets[term.facet]?.terms.push(entry);
    } else if (fit > earlier.fit) {
      const list = facets[term.facet]?.terms;
      if (list) list[list.indexOf(earlier.entry)] = entry;
      chosen.set(key, { entry, fit });
    }
  }
  const used = facets.filter((f) => f.terms.length > 0).map((f) => ({ ...f, contribution: round(f.contribution) }));
  used.sort((a, b) => b.contribution - a.contribution);
  return { lang: hits.lang, facets: used, negatives: [...negatives.values()], pairs, logit: round(z), bias: topic.bias, core: round(sigmoid(z + topic.coreOffset)) };
}

/**
 * How well a term's spelling fits the item word it matched: written the same way, accents
 * included ("cárteles" → "cártel" over "cartel"), then in the item's language.
 */
function variantFit(term: TopicTerm, word: Word | undefined, lang: Lang): number {
  const first = tokenize(term.text)[0];
  const sameSpelling = word !== undefined && first !== undefined && word.lower.startsWith(first.lower) ? 2 : 0;
  const termLang = term.lang ?? (/[áéíóúñü]/i.test(term.text) ? 'es' : null);
  return sameSpelling + (termLang === lang ? 1 : 0);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
