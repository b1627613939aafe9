/**
 * The names an item's headline prints: words written with a capital (people, places,
 * organizations, aliases), as content terms. Countries and the lexicon's concepts ("Mexican",
 * "Army") are not names here (the signature drops them): every item of the beat has them.
 */
import { contentTerms } from './terms.ts';

const WORD_RE = /[\p{L}][\p{L}'’-]*/gu;
const UPPER_RE = /^\p{Lu}/u;

/** Whether most words of four letters or more in `title` begin with a capital. */
function isTitleCase(title: string): boolean {
  let long = 0;
  let upper = 0;
  for (const [w] of title.matchAll(WORD_RE)) {
    if (w.length < 4) continue;
    long++;
    if (UPPER_RE.test(w)) upper++;
  }
  return long > 0 && upper * 2 > long;
}

/** The terms of the capitalized words of `text`. */
function capitalizedTerms(text: string, out: Set<string>): void {
  for (const [w] of text.matchAll(WORD_RE)) {
    if (!UPPER_RE.test(w)) continue;
    for (const t of contentTerms(w)) if (!t.numeric) out.add(t.text);
  }
}

/** The first sentence of a lede (a headline for an item that has none). */
function firstSentence(text: string): string {
  const m = /^[\s\S]{20,240}?[.!?](?=\s+[\p{Lu}"“«¿¡])/u.exec(text);
  return (m ? m[0] : text.slice(0, 240)).trim();
}

/**
 * The names of an item's headline, as content terms: of its title, or when it has none, of the
 * first sentence of its lede. The headline says which event it is; the rest of the lede often
 * recalls related people (a father, a brother, an earlier arrest). A Title Case headline
 * capitalizes every word, so its words count only when the lede capitalizes them too.
 */
export function nameTerms(title: string, summary: string): Set<string> {
  const out = new Set<string>();
  if (!title.trim()) {
    capitalizedTerms(firstSentence(summary), out);
    return out;
  }
  capitalizedTerms(title, out);
  if (!isTitleCase(title)) return out;
  const lede = new Set<string>();
  capitalizedTerms(summary, lede);
  for (const t of out) if (!lede.has(t)) out.delete(t);
  return out;
}

/** How many items of the window hold a term. */
export interface TermCounts {
  frequency(term: number): number;
}

/** What the rule reads of a signature: its title + lede terms and its headline's names. */
interface Named {
  readonly body: Uint32Array;
  readonly names?: Uint32Array;
}

/** The rarest names of a signature in the window (all those of the lowest count) that `keep` keeps. */
function rarestNames(names: Uint32Array, counts: TermCounts, keep: (term: number) => boolean): number[] {
  let best = Infinity;
  let out: number[] = [];
  for (const h of names) {
    if (!keep(h)) continue;
    const f = counts.frequency(h);
    if (f < best) {
      best = f;
      out = [h];
    } else if (f === best) out.push(h);
  }
  return out;
}

const ALL = (): boolean => true;

/**
 * Whether two items name different specific people or places: each names someone or somewhere in
 * its headline, and the rarest of those names (in the window) is absent from the other's title and
 * lede. Arrests in Tamaulipas and in Sinaloa announced by the same minister the same morning: the
 * shared actors and verbs say "same story", the names that set each event apart say otherwise.
 * Between languages only names that carry count (`aCarries`, `bCarries`; see cross-language.ts): a
 * Spanish "Ministerio Público" says nothing about an English report (unless no name of the item
 * carries).
 */
export function namesConflict(a: Named, b: Named, counts: TermCounts, aCarries: (term: number) => boolean = ALL, bCarries = aCarries): boolean {
  if (!a.names?.length || !b.names?.length) return false;
  const ra = rarestNames(a.names, counts, aCarries);
  const rb = rarestNames(b.names, counts, bCarries);
  if (ra.length === 0) ra.push(...rarestNames(a.names, counts, ALL));
  if (rb.length === 0) rb.push(...rarestNames(b.names, counts, ALL));
  return !ra.some((h) => b.body.includes(h)) && !rb.some((h) => a.body.includes(h));
}
