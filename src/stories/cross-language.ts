/**
 * Scores between an English and a Spanish item. Most words of one do not occur in the other
 * language at all ("sacado", "penal" / "taken", "prison"), and in a plain cosine they weigh against
 * the few that carry across: names, numbers, the lexicon's shared concepts, cognates cut to six
 * letters. So each side keeps only the terms that carry, and the cosine is taken over those.
 *
 * Whether a term carries is decided by the window, not by a list: a term carries when items of the
 * other language use it too (a name every outlet prints, "extrad", "25"), or when it is a number or
 * a lexicon concept. A word only one language uses is left out on both sides.
 */
import { isLexiconTerm, isNumericTerm, type Signature } from './signature.ts';
import type { TermWeights } from './similarity.ts';

/**
 * Shared terms beyond the lexicon (names, numbers, cognates) an English and a Spanish item need to
 * be scored over carrying terms; with fewer they are scored like any pair. In a small window nearly
 * every shared term carries and nearly no other does, so "usa" + "cartel" + one place would look
 * alike; one event shares a name and a figure, or two names.
 */
export const MIN_SHARED_ACROSS = 2;

/** Shared terms of two sorted term sets that are not lexicon concepts. */
export function sharedSpecific(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      if (!isLexiconTerm(x)) n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Whether a term of one item can carry to the other's language. */
export type Carries = (term: number) => boolean;

/** Whether a term is a number or a lexicon concept: these carry whatever the window holds. */
export function carriesAlways(term: number): boolean {
  return isNumericTerm(term) || isLexiconTerm(term);
}

function filteredCosine(a: Uint32Array, aCarries: Carries, b: Uint32Array, bCarries: Carries, w: TermWeights): number {
  let aNorm = 0;
  let bNorm = 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      const sq = w.weight(x) ** 2;
      aNorm += sq;
      bNorm += sq;
      shared += sq;
      i++;
      j++;
    } else if (x < y) {
      if (aCarries(x)) aNorm += w.weight(x) ** 2;
      i++;
    } else {
      if (bCarries(y)) bNorm += w.weight(y) ** 2;
      j++;
    }
  }
  return aNorm > 0 && bNorm > 0 ? shared / Math.sqrt(aNorm * bNorm) : 0;
}

/**
 * The mean and title + lede scores of two items in different languages, over the terms that carry
 * (`aCarries` for a's terms, `bCarries` for b's; a shared term always carries).
 */
export function crossLanguageScores(a: Signature, aCarries: Carries, b: Signature, bCarries: Carries, w: TermWeights): { mean: number; body: number } {
  const body = filteredCosine(a.body, aCarries, b.body, bCarries, w);
  if (a.title.length === 0 || b.title.length === 0) return { mean: body, body };
  const title = filteredCosine(a.title, aCarries, b.title, bCarries, w);
  return { mean: (body + title) / 2, body };
}
