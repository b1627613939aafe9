/**
 * The one term syntax of Radar, shared by topic files and per-channel watch/mute terms:
 * a word (`sinaloa`), a "quoted phrase" (`"war on cartels"`) or a prefix (`extradit*`).
 * No regular expressions: users type words, and errors say how to write what they meant.
 */
import { tokenize, type Word } from '../text/index.ts';

/** A term taken apart: its kind and its analysed words (for a prefix, the word before `*`). */
export interface TermParts {
  kind: 'word' | 'phrase' | 'prefix';
  /** Canonical text: `word`, `"a phrase"` or `prefix*`. */
  term: string;
  words: Word[];
}

const MAX_LENGTH = 100;
const MIN_PREFIX = 3;
const REGEX_CHARS = /[()[\]{}?|\\^$]/;

/**
 * Checks one user-typed term and returns its canonical form, or an error that says how to fix it.
 * `"…"` makes a phrase; a bare multi-word term is rejected unless `barePhrases` (topic files).
 */
export function parseTerm(raw: string): { ok: true; term: string } | { ok: false; error: string } {
  const parsed = parseTermParts(raw, false);
  return parsed.ok ? { ok: true, term: parsed.parts.term } : parsed;
}

/** Like {@link parseTerm}, returning the analysed parts; topic files allow bare phrases. */
export function parseTermParts(raw: string, barePhrases: boolean): { ok: true; parts: TermParts } | { ok: false; error: string } {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, error: 'empty term' };
  if (text.length > MAX_LENGTH) return { ok: false, error: `term longer than ${MAX_LENGTH} characters` };
  if (REGEX_CHARS.test(text)) {
    return { ok: false, error: `"${text}": regular expressions are not supported; write a word, a "quoted phrase" or a prefix*` };
  }
  const quoted = text.startsWith('"') || text.endsWith('"');
  if (quoted) {
    if (text.length < 3 || !text.startsWith('"') || !text.endsWith('"')) return { ok: false, error: `${text}: unbalanced quote; write "a phrase" with a quote at both ends` };
    const inner = text.slice(1, -1).trim();
    if (inner.includes('"')) return { ok: false, error: `${text}: a phrase cannot contain quotes` };
    if (inner.includes('*')) return { ok: false, error: `${text}: * works only at the end of a single word (prefix*), not inside a phrase` };
    const words = tokenize(inner);
    if (words.length === 0) return { ok: false, error: `${text}: no letters or digits` };
    if (words.length === 1) return { ok: true, parts: { kind: 'word', term: inner, words } };
    return { ok: true, parts: { kind: 'phrase', term: `"${inner}"`, words } };
  }
  const star = text.indexOf('*');
  if (star !== -1) {
    if (star !== text.length - 1) return { ok: false, error: `${text}: * is allowed only once, at the end of a word (prefix*)` };
    const stem = text.slice(0, -1);
    const words = tokenize(stem);
    if (/\s/.test(stem) || words.length !== 1) return { ok: false, error: `${text}: a prefix* must be a single word` };
    const word = words[0] as Word;
    if (word.folded.length < MIN_PREFIX) return { ok: false, error: `${text}: a prefix needs at least ${MIN_PREFIX} letters before *` };
    return { ok: true, parts: { kind: 'prefix', term: `${word.folded}*`, words } };
  }
  const words = tokenize(text);
  if (words.length === 0) return { ok: false, error: `${text}: no letters or digits` };
  if (words.length === 1) return { ok: true, parts: { kind: 'word', term: text, words } };
  if (!barePhrases && /\s/.test(text)) return { ok: false, error: `${text}: several words; put a phrase in quotes: "${text}"` };
  return { ok: true, parts: { kind: 'phrase', term: barePhrases ? text : `"${text}"`, words } };
}
