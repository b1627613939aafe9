/**
 * Format detection from the start of a decoded document, without parsing it: JSON, an HTML
 * page, or XML with a given root element. Skips the prolog, comments, processing instructions
 * and a DOCTYPE (including an internal subset), all in linear time.
 */

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'json' }
  | { kind: 'html' }
  | { kind: 'xml'; root: string }
  | { kind: 'unknown'; start: string };

const FEED_ROOTS = /^(?:[\w.-]+:)?(?:rss|rdf|feed|channel)$/;

/** Index just past `end` searched from `from`, or the text length when absent. */
function skipPast(text: string, from: number, end: string): number {
  const at = text.indexOf(end, from);
  return at < 0 ? text.length : at + end.length;
}

export function sniffDocument(text: string): Sniffed {
  let i = 0;
  let htmlDoctype = false;
  const n = text.length;
  for (;;) {
    while (i < n && /\s|\uFEFF|\0/.test(text[i]!)) i++;
    if (i >= n) return { kind: 'empty' };
    const ch = text[i];
    if (ch === '{') return { kind: 'json' };
    if (ch !== '<') return { kind: 'unknown', start: text.slice(i, i + 40) };
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.startsWith('<!', i)) {
      if (/^<!doctype\s+html\b/i.test(text.slice(i, i + 20))) htmlDoctype = true;
      const close = text.indexOf('>', i);
      const open = text.indexOf('[', i);
      i = open >= 0 && (close < 0 || open < close) ? skipPast(text, open, ']') : i;
      i = skipPast(text, i, '>');
    } else {
      const root = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 200))?.[1];
      if (!root) return { kind: 'unknown', start: text.slice(i, i + 40) };
      const lower = root.toLowerCase();
      // An HTML DOCTYPE in front of a real feed root happens (copy-pasted templates): trust the root.
      const html = lower === 'html' || (htmlDoctype && !FEED_ROOTS.test(lower));
      return html ? { kind: 'html' } : { kind: 'xml', root };
    }
  }
}
