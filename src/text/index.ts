/**
 * Text normalization shared by scoring and watch/mute terms: case and accent folding,
 * tokenization that keeps acronyms, Snowball stemming (EN/ES), stop words, language detection.
 */
export { fold, foldedWords } from './fold.ts';
export { stemWord, type Lang } from './stem.ts';
export { STOPWORDS_EN, STOPWORDS_ES } from './stopwords.ts';
export { tokenize, wordOf, type Word } from './tokenize.ts';
export { detectLang, langFromTag } from './detect-lang.ts';
