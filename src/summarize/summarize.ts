import { foldedWords } from '../text/index.ts';
import { sliceWhole } from '../shared/safe-text.ts';
import type { FeedItem } from '../shared/types.ts';
import { plainText, stripBoilerplate } from './clean.ts';
import { splitSentences } from './sentences.ts';

/** Default summary budget in characters, ellipsis included. */
export const DEFAULT_SUMMARY_BUDGET = 300;

const ELLIPSIS = '…';

/**
 * `text` without the title where it leads (feeds often open the description with the headline),
 * or '' when it says nothing more than the title: fewer than three words besides it.
 */
function withoutTitle(text: string, title: string): string {
  const t = foldedWords(title);
  if (t.length === 0) return text;
  const w = foldedWords(text);
  const startsWithTitle = t.every((x, i) => w[i] === x);
  if (startsWithTitle && w.length - t.length < 3) return '';
  if (!startsWithTitle) {
    const titleSet = new Set(t);
    const textSet = new Set(w);
    const extra = w.filter((x) => !titleSet.has(x)).length;
    const covered = t.filter((x) => textSet.has(x)).length;
    return extra < 3 && covered >= 0.8 * t.length ? '' : text; // the title reworded, or with its outlet
  }
  // Drop the leading title: skip characters until the title's words are consumed.
  let seen = 0;
  const re = /[\p{L}\p{N}]+/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && seen < t.length) seen += foldedWords(m[0]).length;
  const cut = m ? m.index : text.length;
  return text.slice(cut).replace(/^[\s.:;,|—–-]+/, '').trim();
}

/** Cuts `text` to `budget` characters at a word boundary (never inside a surrogate pair), ending with an ellipsis. */
function cutAtWord(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const room = budget - ELLIPSIS.length;
  let cut = text.lastIndexOf(' ', room);
  if (cut < room * 0.5) cut = room; // one very long word: cut inside it
  return sliceWhole(text, cut).replace(/[\s,;:—–-]+$/, '') + ELLIPSIS;
}

/**
 * An extractive summary of an item: the lede sentences of its summary (or of its content when
 * the summary is empty or only repeats the title), boilerplate removed, cut to `budget`
 * characters.
 *
 * - Whole sentences are kept while they fit. When they do not fill half the budget, the next
 *   sentence is cut at a word boundary and ends with "…"; a text cut at a sentence boundary ends
 *   with its own full stop, no ellipsis.
 * - A first sentence longer than the budget is cut at a word boundary, with "…".
 * - Never the title repeated: a summary that is the title (or the title plus fewer than three
 *   words) counts as empty. When neither summary nor content says more than the title, the
 *   result is '' (the alert shows the title alone).
 * - Never empty otherwise: a source left empty by boilerplate removal gives way to the next one
 *   (summary, then content); when all are boilerplate, the plain text is used.
 */
export function summarize(item: Pick<FeedItem, 'title' | 'summary' | 'content'>, budget = DEFAULT_SUMMARY_BUDGET): string {
  const title = plainText(item.title);
  const sources = [item.summary, item.content].filter((s) => s && s.trim());
  let text = '';
  for (const source of sources) {
    text = withoutTitle(stripBoilerplate(source), title);
    if (text) break;
  }
  // Only boilerplate everywhere ("Leer más"): still better than nothing, unless it is the title.
  for (const source of sources) {
    if (text) break;
    text = withoutTitle(plainText(source), title);
  }
  if (!text || budget <= 0) return '';
  if (text.length <= budget) return text;

  const sentences = splitSentences(text);
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out} ${s}` : s;
    if (next.length > budget) {
      if (!out) return cutAtWord(s, budget);
      if (out.length < budget / 2) return cutAtWord(next, budget);
      return out;
    }
    out = next;
  }
  return out;
}
