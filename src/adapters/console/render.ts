/**
 * Plain-text rendering of alerts for a terminal. Untrusted text from feeds is cleaned so that it
 * cannot move the cursor, change colours or forge lines (ANSI escapes and control characters out).
 */
import type { AlertPayload, DigestPayload, FollowUpPayload, OverflowPayload } from '../../shared/alert.ts';
import { digestHeading, digestSummary, moreLine, storyMeta, storyOutlets } from '../digest-text.ts';
import { sliceWhole } from '../../shared/safe-text.ts';
import { overflowParts } from '../overflow-text.ts';
import { clean as cleanLine, langLabel, parseHttpUrl } from '../untrusted-text.ts';

/** One line of untrusted text, safe for a terminal. */
export function clean(text: string, max = 500): string {
  const line = cleanLine(text);
  return line.length > max ? `${sliceWhole(line, max - 1)}…` : line;
}

function safeLink(url: string | null): string {
  if (!url) return '(no link)';
  const parsed = parseHttpUrl(url);
  return parsed ? clean(parsed.href, 1000) : '(link withheld: not http/https)';
}

function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderAlert(alert: AlertPayload): string {
  const score = alert.score === null ? '' : ` · score ${alert.score.toFixed(2)}`;
  const why = [
    alert.matched.length ? `matched: ${alert.matched.map((t) => clean(t, 60)).join(', ')}` : '',
    alert.watchMatched.length ? `watch: ${alert.watchMatched.map((t) => clean(t, 60)).join(', ')}` : '',
  ].filter(Boolean).join(' · ');
  const lines = [
    `▶ ${clean(alert.title || alert.summary, 300) || '(untitled)'}`,
    `  ${[clean(alert.source, 100), langLabel(alert.lang), when(alert.publishedAt)].filter(Boolean).join(' · ')}${score}${alert.topicId ? ` · ${clean(alert.topicId, 64)}` : ''}`,
    ...(why ? [`  ${why}`] : []),
    `  ${safeLink(alert.url)}`,
    ...(alert.summary && alert.title ? [`  ${clean(alert.summary, 3000)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderFollowUp(followUp: FollowUpPayload): string {
  const outlets = [...new Set(followUp.reports.map((r) => clean(r.source, 100)))];
  const lines = [
    `  ↳ Also reported by ${outlets.join(', ')} (${clean(followUp.storyTitle, 120)})`,
    ...followUp.reports.map((r) => `    - ${clean(r.source, 100)}: ${clean(r.title, 200)} ${safeLink(r.url)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderOverflow(overflow: OverflowPayload): string {
  const { count, command } = overflowParts(overflow);
  return `… and ${count} more from ${clean(overflow.source, 100)}: ${command}\n`;
}

/** A digest: its heading and summary, then two lines per story (headline and link, outlets and meta). */
export function renderDigest(digest: DigestPayload): string {
  const lines = [`■ ${digestHeading(digest)} · ${digestSummary(digest)}`];
  for (const [i, story] of digest.stories.entries()) {
    const { names, more } = storyOutlets(story);
    const outlets = names.map((n) => clean(n, 80)).join(', ') + (more > 0 ? ` +${more}` : '');
    lines.push(`  ${i + 1}. ${clean(story.title, 300) || '(untitled)'} ${safeLink(story.url)}`, `     ${[outlets, ...storyMeta(story)].filter(Boolean).join(' · ')}`);
  }
  if (digest.more > 0) lines.push(`  ${moreLine(digest.more)}`);
  return `${lines.join('\n')}\n`;
}
