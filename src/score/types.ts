/**
 * Public shapes of the score stage: the item to score, the compiled topic, the result and its
 * explanation. Platform-neutral: adapters render explanations their own way.
 */
import type { Lang } from '../text/index.ts';

/** What scoring reads from an item: plain-text title and summary, either may be empty. */
export interface ScoreInput {
  title: string;
  summary: string;
  /** Language tag from the feed ("en", "es-MX"); detected from the text when absent. */
  lang?: string | null;
}

/** One facet's share of a score: its matched terms and what they added to the logit. */
export interface FacetExplanation {
  facet: string;
  terms: Array<{
    /** The term as written in the topic file (`extradit*`, `Cártel de Sinaloa`). */
    term: string;
    /** For a prefix term, the folded word that matched it ("extraditados"). */
    matched?: string;
    /** `lede`: the first sentence of the summary of an item without a title (weighted as a title). */
    where: 'title' | 'lede' | 'summary';
    /** Term weight after the title multiplier. */
    weight: number;
  }>;
  /** Logit contribution: the facet's own weight × activation plus half of each pair it is in. */
  contribution: number;
}

/** Why a score is what it is. Built only when asked for (`explain: true`). */
export interface Explanation {
  lang: Lang;
  /** Facets with at least one matched term, largest contribution first. */
  facets: FacetExplanation[];
  /** Negative contexts that fired: the context term and the terms it cancelled. */
  negatives: Array<{ rule: string; term: string; cancelled: string[] }>;
  /** Facet pairs that co-occurred, with their logit contribution. */
  pairs: Array<{ facets: [string, string]; contribution: number }>;
  /** Logit before the sigmoid: bias + facet and pair contributions. */
  logit: number;
  bias: number;
  /** Estimated probability that the item is core to the topic (label 2), for ranking. */
  core: number;
}

/** The score of one item for one topic. */
export interface ScoreResult {
  topicId: string;
  /** Calibrated probability of relevance in [0, 1]. */
  score: number;
  /** `score >= topic.threshold`. */
  alert: boolean;
  explanation?: Explanation;
}

/** A facet of a compiled topic and its fitted weight. */
export interface Facet {
  readonly name: string;
  readonly description: string;
  readonly weight: number;
}

/** A co-occurrence feature: both facets active add `weight × a × b` to the logit. */
export interface FacetPair {
  readonly a: number;
  readonly b: number;
  readonly weight: number;
}

/** One term of a compiled topic (facet terms and negative-context terms alike). */
export interface TopicTerm {
  readonly text: string;
  /** Facet index, or -1 for a term that only serves as negative context. */
  readonly facet: number;
  readonly weight: number;
  readonly lang: Lang | null;
  readonly kind: 'word' | 'phrase' | 'prefix' | 'acronym';
}

/** A negative context: any `context` term within `window` words cancels the `cancel` terms. */
export interface NegativeRule {
  readonly name: string;
  readonly context: ReadonlySet<number>;
  readonly cancel: ReadonlySet<number>;
  /** Words between context and cancelled term (same field); Infinity = anywhere in the item. */
  readonly window: number;
}

/** A term id and its slot: variants sharing a slot count once per item. */
export interface TermRef {
  readonly term: number;
  readonly slot: number;
}

/** A term reached through the stem of an item word. */
export interface StemCandidate extends TermRef {
  /** Stems of the phrase's following content words (empty for a single word). */
  readonly rest: readonly string[];
  /** Longest folded item word a single-word term accepts (guards over-eager stemming). */
  readonly maxLength: number;
  /** Folded beginning the item word must have ('' = any); set for negative-context words. */
  readonly startsWith: string;
}

/** Lookup tables: one pass over an item's words finds every term. */
export interface TopicTables {
  /** Per stemming language: first-word stem → candidates (term id and the stems that must follow). */
  readonly stems: Readonly<Record<Lang, ReadonlyMap<string, readonly StemCandidate[]>>>;
  /** Folded acronym ("dea", "us") → terms; matched only by words written in capitals. */
  readonly acronyms: ReadonlyMap<string, readonly TermRef[]>;
  /** Folded prefix → terms. */
  readonly prefixes: ReadonlyMap<string, readonly TermRef[]>;
  readonly prefixLengths: readonly number[];
  /** Number of distinct slots (spelling variants of a term in one facet share a slot). */
  readonly slotCount: number;
}

/** A topic cluster compiled for scoring. Build it with `loadTopic` or `parseTopic`. */
export interface Topic {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Alert threshold on the calibrated score (default 0.5). */
  readonly threshold: number;
  /** Multiplier of term weights found in the title. */
  readonly titleWeight: number;
  readonly facets: readonly Facet[];
  readonly pairs: readonly FacetPair[];
  readonly bias: number;
  /** Logit offset from "relevant" to "core" (ordinal model); ≤ 0. */
  readonly coreOffset: number;
  readonly terms: readonly TopicTerm[];
  readonly negatives: readonly NegativeRule[];
  readonly tables: TopicTables;
}
