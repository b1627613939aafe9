/**
 * Compiles a validated topic file into lookup tables: every term is stemmed in both languages
 * (an English item may quote "extradición"), phrases become stem sequences without stop words,
 * acronyms and prefixes get their own maps. Problems are collected with their key path.
 */
import { fold, STOPWORDS_EN, STOPWORDS_ES, wordOf, type Lang, type Word } from '../text/index.ts';
import { parseTermParts } from './term-syntax.ts';
import type { TopicFile } from './topic-schema.ts';
import type { Facet, FacetPair, NegativeRule, Topic, TopicTables, TopicTerm } from './types.ts';

const LANGS: readonly Lang[] = ['en', 'es'];
const ACRONYM = /^[A-Z][A-Z.&+]{1,7}$/;
/** Weights used when a topic file has no `model` section (hand-written topics). */
const DEFAULT_MODEL = { bias: -3, facetWeight: 2, coreOffset: -2 };

type Candidate = { term: number; slot: number; rest: readonly string[]; maxLength: number; startsWith: string };

/**
 * A single word matches through its stem only when the item's word is at most this many letters
 * longer than the term: Spanish Snowball is aggressive ("cartelera" → "cartel", "plazo" → "plaz"),
 * inflections add few letters ("cártel" → "cárteles").
 */
const MAX_EXTRA_LETTERS = 2;
type Ref = { term: number; slot: number };

/**
 * Collects lookup entries. Spelling variants of one term in one facet ("cartel", "cártel";
 * "Mexico", "México") share a slot, so they count once when an item has both.
 */
class TableBuilder {
  readonly stems: Record<Lang, Map<string, Candidate[]>> = { en: new Map(), es: new Map() };
  readonly acronyms = new Map<string, Ref[]>();
  readonly prefixes = new Map<string, Ref[]>();
  private readonly slots = new Map<string, number>();

  slot(key: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) this.slots.set(key, (slot = this.slots.size));
    return slot;
  }

  add(map: Map<string, Ref[]>, key: string, term: number, facet: number): void {
    const ref = { term, slot: this.slot(`${map === this.acronyms ? 'a' : 'p'}|${facet}|${key}`) };
    const list = map.get(key);
    if (list) list.push(ref);
    else map.set(key, [ref]);
  }

  addStem(lang: Lang, facet: number, term: number, stems: readonly string[], folded: string): void {
    const first = stems[0] as string;
    const rest = stems.slice(1);
    const slot = this.slot(`${lang}|${facet}|${stems.join(' ')}`);
    // Context words (facet -1) cancel scores, so they match more strictly: same beginning too.
    const single = rest.length === 0;
    const candidate = { term, slot, rest, maxLength: single ? folded.length + MAX_EXTRA_LETTERS : Infinity, startsWith: single && facet < 0 ? folded : '' };
    const list = this.stems[lang].get(first);
    if (!list) this.stems[lang].set(first, [candidate]);
    else if (!list.some((c) => c.term === term && c.slot === slot)) list.push(candidate);
  }

  build(): TopicTables {
    const lengths = new Set<number>();
    for (const key of this.prefixes.keys()) lengths.add(key.length);
    return { stems: this.stems, acronyms: this.acronyms, prefixes: this.prefixes, prefixLengths: [...lengths].sort((a, b) => a - b), slotCount: this.slots.size };
  }
}

function contentWords(words: readonly Word[], lang: Lang): Word[] {
  const stop = lang === 'es' ? STOPWORDS_ES : STOPWORDS_EN;
  return words.filter((w) => w.acronym || !stop.has(w.folded));
}

/** Adds one term to the tables; returns its kind, or an error message. */
function addTerm(builder: TableBuilder, text: string, id: number, facet: number): { kind: TopicTerm['kind'] } | { error: string } {
  const parsed = parseTermParts(text, true);
  if (!parsed.ok) return { error: parsed.error };
  const { kind, words } = parsed.parts;
  if (kind === 'prefix') {
    builder.add(builder.prefixes, (words[0] as Word).folded, id, facet);
    return { kind };
  }
  if (kind === 'word' && ACRONYM.test(text.trim())) {
    builder.add(builder.acronyms, (words[0] as Word).folded, id, facet);
    return { kind: 'acronym' };
  }
  for (const lang of LANGS) {
    const content = contentWords(words, lang);
    if (content.length === 0) return { error: `"${text}": only stop words` };
    const stems = content.map((w) => w.stem(lang));
    const folded = (content[0] as Word).folded;
    builder.addStem(lang, facet, id, stems, folded);
    // Unaccented spellings stem differently in Spanish ("soberania" → "soberan", "soberanía" → "soberani").
    const bare = content.map((w) => wordOf(w.folded).stem(lang));
    if (bare.join(' ') !== stems.join(' ')) builder.addStem(lang, facet, id, bare, folded);
  }
  return { kind: words.length > 1 ? 'phrase' : 'word' };
}

/** Builds a Topic from a schema-valid file, or returns every semantic problem with its key path. */
export function compileTopic(data: TopicFile): { ok: true; topic: Topic } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const builder = new TableBuilder();
  const terms: TopicTerm[] = [];
  const facetNames = Object.keys(data.facets);
  const byText = new Map<string, number[]>();

  facetNames.forEach((name, facetIndex) => {
    const facet = data.facets[name];
    facet?.terms.forEach((entry, i) => {
      const spec = typeof entry === 'string' ? { term: entry, weight: 1, lang: undefined } : entry;
      const id = terms.length;
      const added = addTerm(builder, spec.term, id, facetIndex);
      if ('error' in added) {
        problems.push(`facets.${name}.terms[${i}]: ${added.error}`);
        return;
      }
      terms.push({ text: spec.term.trim(), facet: facetIndex, weight: spec.weight, lang: spec.lang ?? null, kind: added.kind });
      const key = fold(spec.term.trim());
      byText.set(key, [...(byText.get(key) ?? []), id]);
    });
  });

  const negatives: NegativeRule[] = data.negatives.map((rule, r) => {
    const context = new Set<number>();
    rule.when.forEach((text, i) => {
      const id = terms.length;
      const added = addTerm(builder, text, id, -1);
      if ('error' in added) problems.push(`negatives[${r}].when[${i}]: ${added.error}`);
      else {
        terms.push({ text: text.trim(), facet: -1, weight: 0, lang: null, kind: added.kind });
        context.add(id);
      }
    });
    const cancel = new Set<number>();
    rule.cancel.forEach((text, i) => {
      const ids = byText.get(fold(text.trim()));
      if (!ids) problems.push(`negatives[${r}].cancel[${i}]: "${text}" is not a term of any facet`);
      else for (const id of ids) cancel.add(id);
    });
    rule.cancelFacets.forEach((name, i) => {
      const index = facetNames.indexOf(name);
      if (index === -1) problems.push(`negatives[${r}].cancelFacets[${i}]: unknown facet "${name}"`);
      else terms.forEach((t, id) => t.facet === index && cancel.add(id));
    });
    if (rule.cancel.length === 0 && rule.cancelFacets.length === 0) problems.push(`negatives[${r}]: expected "cancel" terms or "cancelFacets"`);
    return { name: rule.name, context, cancel, window: rule.window === 'item' ? Infinity : rule.window };
  });

  const model = data.model;
  const facets: Facet[] = facetNames.map((name) => {
    const weight = model ? model.facets[name] : DEFAULT_MODEL.facetWeight;
    if (weight === undefined) problems.push(`model.facets: missing weight for facet "${name}"`);
    return { name, description: data.facets[name]?.description ?? '', weight: weight ?? 0 };
  });
  for (const name of Object.keys(model?.facets ?? {})) {
    if (!facetNames.includes(name)) problems.push(`model.facets.${name}: unknown facet "${name}"`);
  }
  const pairs: FacetPair[] = [];
  for (const [key, weight] of Object.entries(model?.pairs ?? {})) {
    const names = key.split('&').map((s) => s.trim());
    const [a, b] = names.map((n) => facetNames.indexOf(n));
    if (names.length !== 2 || a === undefined || b === undefined || a < 0 || b < 0 || a === b) {
      problems.push(`model.pairs.${key}: expected "facetA & facetB" naming two different facets`);
    } else pairs.push({ a, b, weight });
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    topic: {
      id: data.id,
      name: data.name,
      description: data.description,
      threshold: data.threshold,
      titleWeight: data.titleWeight,
      facets,
      pairs,
      bias: model?.bias ?? DEFAULT_MODEL.bias,
      coreOffset: model?.coreOffset ?? DEFAULT_MODEL.coreOffset,
      terms,
      negatives,
      tables: builder.build(),
    },
  };
}
