/**
 * Case and accent folding: "Soberanía" → "soberania", "CÁRTEL" → "cartel", "Ñ" → "n".
 * Folding happens after stemming (Spanish Snowball needs the accents to see suffixes such as
 * "-ción"), so a folded stem of "extradición" and of "extradicion" agree.
 */

const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}+/gu;

/** Lower-cases and strips combining marks (NFD). ASCII input takes a fast path. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  if (ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS, '');
}

/** The folded words of a text (letters and digits; compatibility forms decomposed), for comparing two texts. */
export function foldedWords(text: string): string[] {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
