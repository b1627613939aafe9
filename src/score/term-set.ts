/**
 * Per-channel watch and mute terms. Matching is case- and accent-insensitive (`soberania` matches
 * "Soberanía"); a word also matches its inflections with the same Snowball stem (`cartel` matches
 * "cartels", "cárteles"); a phrase matches consecutive words of the title or of the summary;
 * `prefix*` matches any word starting with it.
 */
import { tokenize, type Word } from '../text/index.ts';
import { parseTermParts, type TermParts } from './term-syntax.ts';
import type { ScoreInput } from './types.ts';

/** A compiled list of watch or mute terms. */
export interface TermSet {
  readonly terms: readonly string[];
  /** The terms (as given) that occur in the item's title or summary, in list order. */
  match(item: ScoreInput): string[];
}

interface CompiledTerm {
  term: string;
  parts: TermParts;
}

function sameWord(token: Word, want: Word): boolean {
  return token.folded === want.folded || token.stem('en') === want.stem('en') || token.stem('es') === want.stem('es');
}

function matchesIn(words: readonly Word[], term: CompiledTerm): boolean {
  const { kind, words: want } = term.parts;
  const first = want[0] as Word;
  if (kind === 'prefix') {
    const prefix = first.folded;
    return words.some((w) => w.folded.startsWith(prefix));
  }
  if (kind === 'word') return words.some((w) => sameWord(w, first));
  outer: for (let i = 0; i + want.length <= words.length; i += 1) {
    for (let j = 0; j < want.length; j += 1) {
      const token = words[i + j] as Word;
      const expected = want[j] as Word;
      if (token.folded !== expected.folded && !(j === want.length - 1 && sameWord(token, expected))) continue outer;
    }
    return true;
  }
  return false;
}

/**
 * Compiles terms once for repeated matching. Throws an Error naming the first invalid term
 * (check user input with `parseTerm` first to report every problem).
 */
export function compileTerms(terms: readonly string[]): TermSet {
  const compiled: CompiledTerm[] = terms.map((term) => {
    const parsed = parseTermParts(term, false);
    if (!parsed.ok) throw new Error(`invalid term: ${parsed.error}`);
    return { term, parts: parsed.parts };
  });
  return {
    terms: Object.freeze([...terms]),
    match(item: ScoreInput): string[] {
      if (compiled.length === 0) return [];
      const title = tokenize(item.title);
      const summary = tokenize(item.summary);
      return compiled.filter((t) => matchesIn(title, t) || matchesIn(summary, t)).map((t) => t.term);
    },
  };
}
