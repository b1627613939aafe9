/**
 * Safe text for Slack. Everything Radar posts holds untrusted text (feed titles and summaries,
 * command arguments), and Slack's mrkdwn turns `<…>` into mentions and links: `<!channel>`,
 * `<!here>`, `<@U123>`, `<!subteam^S1>`, `<https://evil|bank>`. Escaping `&`, `<` and `>` makes all
 * of them inert; every text object we build is also `verbatim: true`, so Slack does not auto-parse
 * bare names or URLs either. Lengths are cut to Slack's limits with an ellipsis instead of failing.
 * @see https://docs.slack.dev/messaging/formatting-message-text#escaping
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
import { clean, parseHttpUrl } from '../untrusted-text.ts';

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

const ELLIPSIS = '…';

function escapeChar(ch: string): string {
  if (ch === '&') return '&amp;';
  if (ch === '<') return '&lt;';
  if (ch === '>') return '&gt;';
  return ch;
}

/** Escapes `&`, `<` and `>` so that mrkdwn shows them as text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, escapeChar);
}

/**
 * Untrusted text cleaned, escaped for mrkdwn and cut to `max` characters (counted after escaping,
 * never inside an entity or a surrogate pair), ending with `…` when cut.
 */
export function mrkdwn(text: string, max: number, multiline = false): string {
  const cleaned = clean(text, multiline);
  const escaped = escapeMrkdwn(cleaned);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const ch of cleaned) {
    const piece = escapeChar(ch);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}

/** Untrusted text cleaned and cut for a `plain_text` object (no escaping: Slack shows it as is). */
export function plainText(text: string, max: number): string {
  const cleaned = clean(text);
  if (cleaned.length <= max) return cleaned;
  let out = '';
  for (const ch of cleaned) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
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
