/**
 * Tokenization that keeps names and acronyms: "EE.UU." → one token "eeuu", "U.S." → "us", and
 * both remember they were written as acronyms, so a topic term "US" never matches the pronoun "us".
 * Hyphens and apostrophes split ("CJNG-linked" → "cjng", "linked"). Each distinct surface form is
 * analysed once and cached (folding, stop-word flags, stems per language): feeds repeat words, and
 * this is what keeps scoring at tens of thousands of items per second.
 */
import { fold } from './fold.ts';
import { stemWord, type Lang } from './stem.ts';
import { STOPWORDS_EN, STOPWORDS_ES } from './stopwords.ts';

/** One analysed surface form. Shared between items through the cache: never mutate. */
export interface Word {
  /** Case- and accent-folded form ("Soberanía" → "soberania", "EE.UU." → "eeuu"). */
  readonly folded: string;
  /** Lower-cased form, accents kept ("Cárteles" → "cárteles", "EE.UU." → "eeuu"). */
  readonly lower: string;
  /** Written in capitals ("CJNG", "DEA", "U.S.", "EE.UU."). */
  readonly acronym: boolean;
  readonly stopEn: boolean;
  readonly stopEs: boolean;
  /** Folded Snowball stem in the given language (computed on first use, then cached). */
  stem(lang: Lang): string;
}

class CachedWord implements Word {
  readonly folded: string;
  readonly acronym: boolean;
  readonly stopEn: boolean;
  readonly stopEs: boolean;
  readonly lower: string;
  private stemEn: string | undefined;
  private stemEs: string | undefined;

  constructor(surface: string) {
    const dotted = surface.includes('.');
    const bare = dotted ? surface.replaceAll('.', '') : surface;
    this.lower = bare.toLowerCase();
    this.folded = fold(bare);
    this.acronym = bare.length >= 2 && bare !== this.lower && bare === bare.toUpperCase();
    this.stopEn = STOPWORDS_EN.has(this.folded);
    this.stopEs = STOPWORDS_ES.has(this.folded);
  }

  stem(lang: Lang): string {
    if (lang === 'es') return (this.stemEs ??= stemWord(this.lower, 'es'));
    return (this.stemEn ??= stemWord(this.lower, 'en'));
  }
}

/** Dotted acronyms ("EE.UU.", "U.S.", "E.U.") first, then runs of letters and digits. */
const TOKEN = /(?:\p{L}{1,2}\.){2,}|[\p{L}\p{N}]+/gu;
const MAX_CACHE = 100_000;
const cache = new Map<string, Word>();

/** Analyses one surface token through the shared cache. */
export function wordOf(surface: string): Word {
  let word = cache.get(surface);
  if (word === undefined) {
    if (cache.size >= MAX_CACHE) cache.clear();
    word = new CachedWord(surface);
    cache.set(surface, word);
  }
  return word;
}

/** Splits text into analysed words, in order, stop words included. */
export function tokenize(text: string): Word[] {
  const words: Word[] = [];
  if (text.length === 0) return words;
  for (const match of text.matchAll(TOKEN)) words.push(wordOf(match[0]));
  return words;
}
