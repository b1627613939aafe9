/**
 * The names an item's headline prints: words written with a capital (people, places,
 * organizations, aliases), as content terms. Countries and the lexicon's concepts ("Mexican",
 * "Army") are not names here (the signature drops them): every item of the beat has them.
 */
import { ALIAS_TERMS } from './lexicon.ts';
import type { Language } from './language.ts';
import { contentTerms } from './terms.ts';

const WORD_RE = /[\p{L}][\p{L}'’-]*/gu;
/** Capitalized words in a row ("Andrés Manuel López Obrador", "El Mayo"): one name, maybe an alias. */
const RUN_RE = /\p{Lu}[\p{L}'’-]*(?:[ \t]+\p{Lu}[\p{L}'’-]*)*/gu;
const UPPER_RE = /^\p{Lu}/u;
/**
 * A span between double quotes, up to 400 characters; it is a quotation when it holds four words or
 * more (see `withoutQuotations`). One pass, no nested repetition: text from feeds is untrusted.
 */
const QUOTED_RE = /["“«„][^"“”«»„]{0,400}["”»]/gu;
const QUOTATION_WORDS = 4;

/**
 * `text` without its quotations. A speaker's words capitalize what they like ("mis primeras
 * Órdenes Ejecutivas"); an alias in quotes ("El Mayo") is shorter and stays.
 */
function withoutQuotations(text: string): string {
  return text.replace(QUOTED_RE, (span) => (span.trim().split(/\s+/).length >= QUOTATION_WORDS ? ' ' : span));
}

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

/**
 * The terms of the capitalized words of `text`, word by word, and the aliases their runs fold to:
 * a name written in several words is one term in the signature ("López Obrador" → "amlo").
 */
function capitalizedTerms(text: string, out: Set<string>, lang: Language): void {
  for (const [run] of text.matchAll(RUN_RE)) {
    for (const [w] of run.matchAll(WORD_RE)) for (const t of contentTerms(w, Infinity, lang)) if (!t.numeric) out.add(t.text);
    if (!run.includes(' ')) continue;
    for (const t of contentTerms(run, Infinity, lang)) if (ALIAS_TERMS.has(t.text)) out.add(t.text);
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
 * capitalizes every word, so its words count only when the lede capitalizes them too. Quotations
 * (see `withoutQuotations`) are left out: they are the speaker's words, not the report's.
 */
export function nameTerms(title: string, summary: string, lang: Language = 0): Set<string> {
  const out = new Set<string>();
  const headline = withoutQuotations(title);
  const text = withoutQuotations(summary);
  if (!headline.trim()) {
    capitalizedTerms(firstSentence(text), out, lang);
    return out;
  }
  capitalizedTerms(headline, out, lang);
  if (!isTitleCase(headline)) return out;
  const lede = new Set<string>();
  capitalizedTerms(text, lede, lang);
  for (const t of out) if (!lede.has(t)) out.delete(t);
  return out;
}

/** What the rule reads of a signature: its title + lede terms and its headline's names. */
interface Named {
  readonly body: Uint32Array;
  readonly names?: Uint32Array;
}

/**
 * Whether two items name different specific people or places: each headline names someone or
 * somewhere the other item never mentions, and on one side none of the headline's names is
 * mentioned by the other at all. Arrests in Tamaulipas and in Sinaloa announced by the same
 * minister the same morning: the shared actor and verbs say "same story", the places say otherwise.
 * A capitalized word that is no name ("Elementos" opening a sentence) only makes a side's names
 * harder to find all missing, so it cannot make a conflict on its own.
 */
export function namesConflict(a: Named, b: Named): boolean {
  const an = a.names ?? [];
  const bn = b.names ?? [];
  if (an.length === 0 || bn.length === 0) return false;
  const aFound = an.filter((h) => b.body.includes(h)).length;
  const bFound = bn.filter((h) => a.body.includes(h)).length;
  return aFound < an.length && bFound < bn.length && (aFound === 0 || bFound === 0);
}
