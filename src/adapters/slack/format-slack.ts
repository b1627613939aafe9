/**
 * Safe text for Slack. Everything Radar posts holds untrusted text (feed titles and summaries,
 * command arguments), and Slack's mrkdwn turns `<…>` into mentions and links: `<!channel>`,
 * `<!here>`, `<@U123>`, `<!subteam^S1>`, `<https://evil|bank>`. Escaping `&`, `<` and `>` makes all
 * of them inert; every text object we build is also `verbatim: true`, so Slack does not auto-parse
 * bare names or URLs either. Lengths are cut to Slack's limits with an ellipsis instead of failing.
 *
 * mrkdwn also formats `*bold*`, `_italic_`, `~strike~`, `` `code` `` and ``` blocks, and Slack
 * documents no escape for those characters (only `&`, `<`, `>` have entities; a zero-width space
 * next to them is known to *force* formatting). So where one could open or close a run (at a word
 * boundary; Slack leaves `snake_case` and `f*ck` alone) it is swapped for a look-alike that mrkdwn
 * does not read: `∗` U+2217, `ˍ` U+02CD, `∼` U+223C, `ˋ` U+02CB (backticks everywhere, and the
 * full-width forms Slack also reads), and a `>` that starts a line (a blockquote) becomes `›`.
 * The words around them stay intact, so the text reads the same
 * and a copied headline still finds the story.
 * @see https://docs.slack.dev/messaging/formatting-message-text#escaping
 * @see https://docs.slack.dev/messaging/formatting-message-text#basic-formatting
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
import { clean, cutPieces, parseHttpUrl } from '../untrusted-text.ts';

export { clean };

/** Slack's Block Kit limits (characters, except `blocks`). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  sectionFields: 10,
  header: 150,
  contextElements: 10,
  fallbackText: 3000,
  url: 2000,
} as const;


const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Characters that open or close a mrkdwn run, with the look-alike shown instead. */
const LOOK_ALIKES: Record<string, string> = {
  '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb',
  '\uff0a': '\ufe61', '\uff3f': '\u2e0f', '\uff5e': '\u223c', '\uff40': '\u02cb',
};
/** A `>` that starts a line quotes it in mrkdwn, escaped or not; `›` U+203A is shown instead. */
const QUOTE_LOOK_ALIKE = '\u203a';
/** Run characters Slack reads only at a word boundary: kept between two letters or digits. */
const BOUNDARY_ONLY = new Set(['*', '_', '~']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Escaped pieces of cleaned text, one per character (code point), so that cutting never splits
 * an entity or a surrogate pair: `&<>` as entities, run characters as look-alikes.
 */
function escapedPieces(text: string): string[] {
  const chars = [...text];
  return chars.map((ch, i) => {
    if (ch === '>' && atLineStart(chars, i)) return QUOTE_LOOK_ALIKE;
    const entity = ENTITIES[ch];
    if (entity) return entity;
    const lookAlike = LOOK_ALIKES[ch];
    if (!lookAlike) return ch;
    const inWord = BOUNDARY_ONLY.has(ch) && WORD_CHAR.test(chars[i - 1] ?? '') && WORD_CHAR.test(chars[i + 1] ?? '');
    return inWord ? ch : lookAlike;
  });
}

/** Whether only spaces stand between `chars[i]` and the start of its line. */
function atLineStart(chars: string[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    if (chars[j] === '\n') return true;
    if (chars[j] !== ' ' && chars[j] !== '\t') return false;
  }
  return true;
}

/** Escapes `&`, `<` and `>`, and neutralises formatting runs, so that mrkdwn shows the text as text. */
export function escapeMrkdwn(text: string): string {
  return escapedPieces(text).join('');
}

/**
 * Untrusted text cleaned, escaped for mrkdwn and cut to `max` characters (counted after escaping,
 * never inside an entity or a surrogate pair), ending with `…` when cut.
 */
export function mrkdwn(text: string, max: number, multiline = false): string {
  return cutPieces(escapedPieces(clean(text, multiline)), max);
}

/** Untrusted text cleaned and cut for a `plain_text` object (no escaping: Slack shows it as is). */
export function plainText(text: string, max: number): string {
  return cutPieces([...clean(text)], max);
}

/**
 * An http(s) URL made safe to sit inside `<url|label>`: `&`, `<`, `>` and `|` cannot end the link
 * or start another. Anything else (`javascript:`, `data:`, unparsable, overlong) gives null.
 */
export function safeUrl(url: string | null | undefined): string | null {
  const parsed = parseHttpUrl(url);
  if (!parsed) return null;
  const href = parsed.href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20')
    .replace(/&/g, '&amp;');
  return href.length <= LIMITS.url ? href : null;
}

/** A mrkdwn link with an escaped label, or the bare label when the URL is not a safe http(s) URL. */
export function link(url: string | null | undefined, label: string, maxLabel: number): string {
  const safe = safeUrl(url);
  const text = mrkdwn(label, maxLabel) || (safe ? 'link' : '');
  return safe ? `<${safe}|${text}>` : text;
}

/** Slack's date token: shown in the reader's time zone, with a UTC fallback. */
export function slackDate(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const iso = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
}

/** A list of untrusted terms, each escaped and cut, at most `max` shown. */
export function termList(terms: string[], max = 10, maxTerm = 60): string {
  const shown = terms.slice(0, max).map((t) => mrkdwn(t, maxTerm)).filter(Boolean);
  const more = terms.length > max ? ` +${terms.length - max} more` : '';
  return `${shown.join(', ')}${more}`;
}
