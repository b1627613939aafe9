/**
 * One pass over an item's words that finds every topic term (stems, phrases, acronyms, prefixes),
 * then applies negative contexts. Hits go into reusable scratch arrays: scoring runs at tens of
 * thousands of items per second and must not allocate per word.
 */
import { detectLang, langFromTag, tokenize, type Lang, type Word } from '../text/index.ts';
import type { ScoreInput, TermRef, Topic, TopicTables } from './types.ts';

/** Hits of one item, as parallel arrays (valid until the next call to matchTerms). */
export interface Hits {
  lang: Lang;
  /** The item has no title: field 0 holds the first sentence of its summary. */
  lede: boolean;
  count: number;
  term: number[];
  slot: number[];
  /** 0 = title (or, when `lede`, the first sentence of the summary), 1 = summary. */
  field: number[];
  /** Index among the field's content words (stop words skipped). */
  pos: number[];
  word: Word[];
  /** Index of the context hit that cancelled this hit, or -1. */
  cancelledBy: number[];
}

const hits: Hits = { lang: 'en', lede: false, count: 0, term: [], slot: [], field: [], pos: [], word: [], cancelledBy: [] };
const content: Word[] = [];
const prefixMemo = new WeakMap<TopicTables, Map<string, readonly TermRef[]>>();
const NONE: readonly TermRef[] = [];

function push(topic: Topic, lang: Lang, ref: TermRef, field: number, pos: number, word: Word): void {
  const restricted = topic.terms[ref.term]?.lang;
  if (restricted && restricted !== lang) return;
  const i = hits.count++;
  hits.term[i] = ref.term;
  hits.slot[i] = ref.slot;
  hits.field[i] = field;
  hits.pos[i] = pos;
  hits.word[i] = word;
  hits.cancelledBy[i] = -1;
}

function prefixHits(tables: TopicTables, folded: string): readonly TermRef[] {
  let memo = prefixMemo.get(tables);
  if (!memo) prefixMemo.set(tables, (memo = new Map()));
  let found = memo.get(folded);
  if (found === undefined) {
    const ids: TermRef[] = [];
    for (const length of tables.prefixLengths) {
      if (folded.length < length) break;
      const list = tables.prefixes.get(folded.slice(0, length));
      if (list) ids.push(...list);
    }
    found = ids.length ? ids : NONE;
    if (memo.size > 100_000) memo.clear();
    memo.set(folded, found);
  }
  return found;
}

function matchField(words: readonly Word[], field: number, lang: Lang, topic: Topic): void {
  const { tables } = topic;
  const stems = tables.stems[lang];
  const es = lang === 'es';
  let n = 0;
  for (const w of words) if (w.acronym || !(es ? w.stopEs : w.stopEn)) content[n++] = w;
  const hasPrefixes = tables.prefixLengths.length > 0;
  for (let i = 0; i < n; i += 1) {
    const w = content[i] as Word;
    const candidates = stems.get(w.stem(lang));
    if (candidates) {
      for (const c of candidates) {
        if (c.rest.length === 0) {
          if (w.folded.length <= c.maxLength && w.folded.startsWith(c.startsWith)) push(topic, lang, c, field, i, w);
        }
        else if (i + c.rest.length < n) {
          let ok = true;
          for (let k = 0; k < c.rest.length && ok; k += 1) ok = (content[i + 1 + k] as Word).stem(lang) === c.rest[k];
          if (ok) push(topic, lang, c, field, i, w);
        }
      }
    }
    if (w.acronym) {
      const ids = tables.acronyms.get(w.folded);
      if (ids) for (const ref of ids) push(topic, lang, ref, field, i, w);
    }
    if (hasPrefixes) for (const ref of prefixHits(tables, w.folded)) push(topic, lang, ref, field, i, w);
  }
}

function applyNegatives(topic: Topic): void {
  if (topic.negatives.length === 0) return;
  for (let c = 0; c < hits.count; c += 1) {
    const contextTerm = hits.term[c] as number;
    if (topic.terms[contextTerm]?.facet !== -1) continue;
    for (const rule of topic.negatives) {
      if (!rule.context.has(contextTerm)) continue;
      for (let h = 0; h < hits.count; h += 1) {
        if (hits.cancelledBy[h] !== -1 || !rule.cancel.has(hits.term[h] as number)) continue;
        const near = rule.window === Infinity || (hits.field[h] === hits.field[c] && Math.abs((hits.pos[h] as number) - (hits.pos[c] as number)) <= rule.window);
        if (near) hits.cancelledBy[h] = c;
      }
    }
  }
}

/** Shortest first sentence of a lede: "Culiacán, Sin.-" and "EE. UU." do not end one. */
const MIN_LEDE_SENTENCE = 40;
const SENTENCE_END = /[.!?…](?=\s+[^\s])/u;

/**
 * Where the first sentence of a lede ends (the whole text when it has one sentence). Many feeds
 * publish no headline, only the story's lede, and a lede's first sentence is written to carry the
 * story the way a headline does: it counts with the title's weight.
 */
export function ledeEnd(text: string): number {
  const match = SENTENCE_END.exec(text.slice(MIN_LEDE_SENTENCE));
  return match ? MIN_LEDE_SENTENCE + match.index + 1 : text.length;
}

/**
 * Finds the topic's terms in an item, negative contexts applied. An item without a title is
 * matched with its lede's first sentence in the title's place (`hits.lede`).
 */
export function matchTerms(item: ScoreInput, topic: Topic): Hits {
  hits.count = 0;
  let title = tokenize(item.title ?? '');
  let summary: Word[];
  hits.lede = title.length === 0;
  if (hits.lede) {
    const text = item.summary ?? '';
    const end = ledeEnd(text);
    title = tokenize(text.slice(0, end));
    summary = tokenize(text.slice(end));
  } else summary = tokenize(item.summary ?? '');
  let lang = langFromTag(item.lang);
  if (lang === null) {
    const all = title.length === 0 ? summary : summary.length === 0 ? title : [...title, ...summary];
    lang = all.length === 0 ? 'en' : detectLang(all, `${item.title ?? ''} ${item.summary ?? ''}`);
  }
  hits.lang = lang;
  matchField(title, 0, lang, topic);
  matchField(summary, 1, lang, topic);
  applyNegatives(topic);
  return hits;
}
