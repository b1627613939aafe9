/**
 * The one term syntax of Radar, shared by topic files and per-channel watch/mute terms:
 * a word (`sinaloa`), a "quoted phrase" (`"war on cartels"`) or a prefix (`extradit*`).
 * No regular expressions: users type words, and errors say how to write what they meant.
 */
import { findControlCharacter, showControlCharacters } from '../shared/control-characters.ts';
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
 * Symbols that matching ignores but that change what a word means where they touch it: `C++`,
 * `a+`, `-a`, `C#`, `10%`. At a word's edge they would silently widen the term to the bare word.
 */
const EDGE_SYMBOL = /^[+\-\u2010-\u2015=~<>#&@/%_]|[+\-\u2010-\u2015=~<>#&@/%_]$/u;
/** Punctuation that may close or open a word as typed (`U.S.`, `¿qué?`) without changing it. */
const PUNCTUATION = /^[.,;:!?¡¿'’"]+|[.,;:!?¡¿'’"]+$/gu;

/** The first symbol at the edge of a word of the term, when the term has words at all. */
function edgeSymbol(text: string): string | null {
  const body = text.endsWith('*') ? text.slice(0, -1) : text;
  if (tokenize(body).length === 0) return null;
  for (const piece of body.split(/\s+/)) {
    const match = EDGE_SYMBOL.exec(piece.replace(PUNCTUATION, ''));
    if (match) return match[0];
  }
  return null;
}

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
  const control = findControlCharacter(text);
  if (control) return { ok: false, error: `"${showControlCharacters(text)}": contains the control character ${control}; write the term without it` };
  if (REGEX_CHARS.test(text)) {
    return { ok: false, error: `"${text}": regular expressions are not supported; write a word, a "quoted phrase" or a prefix*` };
  }
  const symbol = edgeSymbol(text);
  if (symbol) {
    const words = tokenize(text).map((w) => w.folded).join(' ');
    return { ok: false, error: `${text}: Radar matches words and ignores "${symbol}", so this term would match "${words}" alone and alert far more widely; write the word without "${symbol}" if that is what you mean` };
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
