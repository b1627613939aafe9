/**
 * Safe text for Discord. Everything Radar posts holds untrusted text (feed titles and summaries,
 * command arguments), and Discord's markdown turns it into formatting, masked links
 * (`[bank](https://evil.example)`), headings, quotes and mentions. Messages are always sent with
 * `allowedMentions: { parse: [] }`, so nothing can ping; on top of that the text is escaped so that
 * it also *reads* as text: markdown characters get a backslash (`# - +` only at the start of a
 * line, where they make headings and lists), so `<@…>`, `<@&…>` and `<#…>` lose their meaning too;
 * `@everyone`/`@here` get a zero-width space; control and ANSI sequences are stripped. Lengths are
 * cut to Discord's limits with an ellipsis instead of failing.
 * @see https://discord.com/developers/docs/reference#message-formatting
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
import { clean, cutPieces, parseHttpUrl } from '../untrusted-text.ts';

export { clean };

/** Discord's message and embed limits (characters). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  url: 2048,
} as const;

const ZWSP = '\u200b';
/** Characters Discord's markdown gives a meaning to anywhere (and the backslash that escapes them). */
const MARKDOWN = /[\\*_~`|[\]()<>]/;
/** Characters that only mean something at the start of a line: headings, subtext, lists. */
const LINE_START = /[#\-+]/;


/**
 * Escaped pieces of cleaned text, one per character, so cutting never splits an escape: markdown
 * characters get a backslash; `@` before everyone/here gets a zero-width space after it.
 */
function escapedPieces(text: string): string[] {
  const pieces: string[] = [];
  const chars = [...text];
  let lineStart = true;
  for (const [i, ch] of chars.entries()) {
    if (ch === '@') {
      const rest = chars.slice(i + 1, i + 9).join('').toLowerCase();
      pieces.push(rest.startsWith('everyone') || rest.startsWith('here') ? `@${ZWSP}` : ch);
    } else if (MARKDOWN.test(ch) || (lineStart && LINE_START.test(ch))) {
      pieces.push(`\\${ch}`);
    } else {
      pieces.push(ch);
    }
    lineStart = ch === '\n' || (lineStart && (ch === ' ' || ch === '\t'));
  }
  return pieces;
}

/** Escapes markdown and mentions so that Discord shows the text as typed. */
export function escapeMarkdown(text: string): string {
  return escapedPieces(text).join('');
}

/**
 * Untrusted text cleaned, escaped and cut to `max` characters (counted after escaping, never
 * inside an escape or a surrogate pair), ending with `…` when cut.
 */
export function md(text: string, max: number, multiline = false): string {
  return cutPieces(escapedPieces(clean(text, multiline)), max);
}

/** Trusted text (Radar's own markup around escaped parts) cut to `max` with an ellipsis. */
export function cut(text: string, max: number): string {
  return cutPieces([...text], max);
}

/**
 * An http(s) URL, normalised, with the characters that could end a masked link or start markdown
 * percent-encoded. Anything else (`javascript:`, `data:`, unparsable, overlong) gives null.
 */
export function safeUrl(url: string | null | undefined): string | null {
  const parsed = parseHttpUrl(url);
  if (!parsed) return null;
  const href = parsed.href
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20');
  return href.length <= LIMITS.url ? href : null;
}

/**
 * A masked link `[label](<url>)` with an escaped label (the angle brackets keep Discord from adding
 * a preview), or the bare escaped label when the URL is not a safe http(s) URL.
 */
export function link(url: string | null | undefined, label: string, maxLabel: number): string {
  const safe = safeUrl(url);
  const text = md(label, maxLabel) || (safe ? 'link' : '');
  return safe ? `[${text}](<${safe}>)` : text;
}

/** Discord's timestamp markup: shown in the reader's time zone, e.g. `<t:1700000000:f>`. */
export function discordTime(ms: number, style: 'f' | 'R' = 'f'): string {
  if (!Number.isFinite(ms)) return 'unknown time';
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}

/** A list of untrusted terms, each escaped and cut, at most `max` shown. */
export function termList(terms: string[], max = 10, maxTerm = 60): string {
  const shown = terms.slice(0, max).map((t) => md(t, maxTerm)).filter(Boolean);
  const more = terms.length > max ? ` +${terms.length - max} more` : '';
  return `${shown.join(', ')}${more}`;
}
