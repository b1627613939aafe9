/**
 * The first step for every piece of untrusted text an adapter shows (feed titles and summaries,
 * links, command arguments): escape sequences and control characters out (see
 * src/shared/safe-text.ts). Each adapter then escapes what its own markup gives a meaning to.
 */
import { stripControls } from '../shared/safe-text.ts';

export { stripControls };

/** Untrusted text with control characters removed; whitespace folded to one line unless `multiline`. */
export function clean(text: string, multiline = false): string {
  const stripped = stripControls(text);
  if (!multiline) return stripped.replace(/\s+/g, ' ').trim();
  return stripped
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * An untrusted link as a parsed http(s) URL, or null: other schemes (`javascript:`, `data:`,
 * `file:`), unparsable text, and URLs with credentials (`https://bank.example@evil.example`) are
 * never shown as links.
 */
export function parseHttpUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(stripControls(url).trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  return parsed;
}

/**
 * Escaped pieces (one per character of the source text, so that no cut splits an escape or a
 * surrogate pair) joined up to `max` characters, ending with `…` when cut.
 */
export function cutPieces(pieces: readonly string[], max: number): string {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  if (length <= max) return pieces.join('');
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out.trimEnd()}…`;
}

/** An item's language as alerts show it ("ES"), or '' when it is unknown or not a language tag. */
export function langLabel(lang: string | null | undefined): string {
  const primary = lang?.trim().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/i.test(primary) ? primary.toUpperCase() : '';
}
