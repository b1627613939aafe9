/**
 * English and Spanish stop words from @nlpjs (folded), used for language detection and to skip
 * function words when matching phrases ("Cártel de Sinaloa" matches the tokens "cartel sinaloa").
 */
import { createRequire } from 'node:module';
import { fold } from './fold.ts';

interface StopwordsClass {
  new (): { dictionary: Record<string, boolean> };
}

const require = createRequire(import.meta.url);
const { StopwordsEn } = require('@nlpjs/lang-en') as { StopwordsEn: StopwordsClass };
const { StopwordsEs } = require('@nlpjs/lang-es') as { StopwordsEs: StopwordsClass };

function foldedSet(words: Iterable<string>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const word of words) set.add(fold(word));
  return set;
}

/**
 * Spanish news words the nlpjs list lacks but that carry no topic meaning. Kept short on purpose:
 * nothing here may be a term a topic could want ("contra" and "sobre" already are, and are fine).
 */
const EXTRA_ES = ['del', 'al', 'lo', 'las', 'se', 'su', 'sus', 'le', 'les', 'ya', 'e', 'u', 'ha', 'han', 'fue', 'son', 'es', 'este', 'esta', 'tras'];
const EXTRA_EN = ['s', 'has', 'have', 'was', 'were', 'its', 'it', 'after', 'says', 'said'];

/** Folded English stop words. */
export const STOPWORDS_EN: ReadonlySet<string> = foldedSet([...Object.keys(new StopwordsEn().dictionary), ...EXTRA_EN]);
/** Folded Spanish stop words. */
export const STOPWORDS_ES: ReadonlySet<string> = foldedSet([...Object.keys(new StopwordsEs().dictionary), ...EXTRA_ES]);
