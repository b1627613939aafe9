/**
 * Plain text out of feed markup: titles and summaries arrive as HTML, entity-escaped HTML or
 * text, and every downstream stage (scoring, dedupe, chat messages) wants plain text.
 *
 * Linear-time by construction (no backtracking regex over the whole input), because feed
 * content is attacker-controlled and can be megabytes long.
 */
import { decodeHTML } from 'entities';
import { sliceWhole } from '../shared/safe-text.ts';

/** Elements whose content is never text. */
const HIDDEN_OPEN = /<(script|style|noscript|template|iframe|object|svg|math)\b/gi;
/** Tags that separate words when removed. Inline tags (b, i, a, span…) join without a space. */
const BLOCK_TAG = /^(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|thead|tbody|blockquote|section|article|header|footer|aside|nav|hr|img|figure|figcaption|pre|dd|dt|dl)$/i;
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*)?\/?>|<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\uFEFF]/g;

/** Removes hidden elements with their content; an unclosed one swallows the rest. */
function dropHidden(html: string): string {
  let out = '';
  let from = 0;
  HIDDEN_OPEN.lastIndex = 0;
  for (let m = HIDDEN_OPEN.exec(html); m; m = HIDDEN_OPEN.exec(html)) {
    out += html.slice(from, m.index) + ' ';
    const close = new RegExp(`</${m[1]}\\s*>`, 'gi');
    close.lastIndex = m.index + m[0].length;
    const end = close.exec(html);
    if (!end) return out;
    from = end.index + end[0].length;
    HIDDEN_OPEN.lastIndex = from;
  }
  return out + html.slice(from);
}

/** Folds runs of whitespace (including NBSP) to one space and drops control characters. */
export function foldWhitespace(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * HTML (or text) to plain text: drops script/style and similar with their content, removes
 * tags and comments, decodes entities (HTML5 set, so `&aacute;` and `&#8220;` work), folds
 * whitespace, removes control characters.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return foldWhitespace(html);
  const noTags = dropHidden(html).replace(TAG, (tag: string, _slash: string, name: string | undefined) =>
    name !== undefined && !BLOCK_TAG.test(name) ? '' : ' ',
  );
  return foldWhitespace(decodeHTML(noTags));
}

/** The first `max` characters of `text`, cut at a word boundary, with an ellipsis. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = sliceWhole(text, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
