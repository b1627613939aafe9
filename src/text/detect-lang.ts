/**
 * Language detection for items whose feed does not say: a stop-word vote between English and
 * Spanish (reliable on headlines, and nearly free since tokens are already analysed), with
 * franc-min restricted to the two languages as the tie-breaker.
 */
import { franc } from 'franc-min';
import type { Lang } from './stem.ts';
import type { Word } from './tokenize.ts';

/** Maps a feed's language tag ("es", "es-MX", "en_US", "spa") to a stemmer language, else null. */
export function langFromTag(tag: string | null | undefined): Lang | null {
  if (!tag) return null;
  const base = tag.trim().toLowerCase().slice(0, 3);
  if (base.startsWith('es') || base === 'spa') return 'es';
  if (base.startsWith('en') || base === 'eng') return 'en';
  return null;
}

/** Votes on analysed words; falls back to franc on the raw text when the vote is close. */
export function detectLang(words: readonly Word[], text: string): Lang {
  let en = 0;
  let es = 0;
  for (const word of words) {
    if (word.stopEn) en += 1;
    if (word.stopEs) es += 1;
  }
  if (en >= es + 2 || (en > es && es === 0)) return 'en';
  if (es >= en + 2 || (es > en && en === 0)) return 'es';
  const guess = franc(text, { only: ['eng', 'spa'], minLength: 10 });
  return guess === 'spa' ? 'es' : 'en';
}
