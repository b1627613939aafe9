/**
 * The language of an item, English or Spanish, from its function words: the most frequent words
 * of each language and never content ("the", "of" / "el", "de"). Enough to tell which side of the
 * lexicon an item is on; a text with neither kind, or as many of each, is unknown.
 */
import { foldText } from './terms.ts';

/** 0: unknown, 1: English, 2: Spanish (the byte stored with a signature). */
export type Language = 0 | 1 | 2;
export const UNKNOWN_LANGUAGE: Language = 0;

const EN = new Set('the of and to in is for on that with by as was from has have its it be are an at his her their were this'.split(' '));
const ES = new Set('el la los las de del y en que por con para se su un una es al lo como fue ha sus este esta'.split(' '));
/** Folded words of both lists ("a", "en" / "en") count for neither. */
const BOTH = new Set([...EN].filter((w) => ES.has(w)));
const WORD_RE = /[a-z]+/g;

/** The language of `text` by a vote of its function words (ties and empty text: unknown). */
export function detectLanguage(text: string): Language {
  let en = 0;
  let es = 0;
  for (const [w] of foldText(text).matchAll(WORD_RE)) {
    if (BOTH.has(w)) continue;
    if (EN.has(w)) en++;
    else if (ES.has(w)) es++;
  }
  if (en === es) return UNKNOWN_LANGUAGE;
  return en > es ? 1 : 2;
}
