/**
 * Snowball stemming for English and Spanish (the @nlpjs implementations). Input is a lower-cased
 * token with its accents; the result is folded, so accented and unaccented spellings meet.
 */
import { createRequire } from 'node:module';
import { fold } from './fold.ts';

/** The two languages Radar stems. Anything else is stemmed as English. */
export type Lang = 'en' | 'es';

interface StemmerClass {
  new (): { stem(word: string): string };
}

const require = createRequire(import.meta.url);
const { StemmerEn } = require('@nlpjs/lang-en') as { StemmerEn: StemmerClass };
const { StemmerEs } = require('@nlpjs/lang-es') as { StemmerEs: StemmerClass };

const stemmers = { en: new StemmerEn(), es: new StemmerEs() };

/** Tokens this short, and tokens with digits, are kept as they are (acronyms, years). */
const MIN_STEM_LENGTH = 4;
const DIGIT = /\d/;

/** Stems one lower-cased word (accents kept) and folds the stem. */
export function stemWord(lowerWord: string, lang: Lang): string {
  if (lowerWord.length < MIN_STEM_LENGTH || DIGIT.test(lowerWord)) return fold(lowerWord);
  return fold(stemmers[lang].stem(lowerWord));
}
