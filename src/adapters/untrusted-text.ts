/**
 * The first step for every piece of untrusted text an adapter shows (feed titles and summaries,
 * links, command arguments): ANSI escape sequences removed whole (so no `[31m` is left behind),
 * then C0/C1 control characters (tab and newline aside), zero-width and bidi controls, and the BOM.
 * Each adapter then escapes what its own markup gives a meaning to.
 */

/** ANSI escape sequences: CSI, OSC and the 8-bit CSI. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
/** C0/C1 controls except tab and newline, zero-width and bidi controls, BOM. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The text without escape sequences and control characters; nothing else changes. */
export function stripControls(text: string): string {
  return text.replace(ANSI, '').replace(CONTROL, '');
}

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
