/**
 * Block Kit for alerts and follow-ups. Every text object is `verbatim: true` and every untrusted
 * string goes through `mrkdwn()`/`link()`, so feed text renders as text and never pings or links.
 * @see https://docs.slack.dev/reference/block-kit/blocks/section-block
 */
import type { types } from '@slack/bolt';
import type { AlertPayload, FollowUpPayload, OverflowPayload } from '../../shared/alert.ts';
import { overflowParts } from '../overflow-text.ts';
import { langLabel } from '../untrusted-text.ts';
import { feedbackBlock } from './feedback-actions.ts';
import { LIMITS, link, mrkdwn, plainText, slackDate, termList } from './format-slack.ts';

export type Block = types.KnownBlock;

/** A message ready for `chat.postMessage`: blocks plus the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const TITLE_MAX = 300;
const SOURCE_MAX = 100;

export function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

export function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: true }] };
}

/** Fallback text for notifications: escaped like the blocks, since Slack formats it too. */
export function fallback(text: string): string {
  return mrkdwn(text, LIMITS.fallbackText) || 'Radar';
}

/** An alert; with `feedbackRef`, followed by the feedback buttons (whose values hold only that reference). */
export function renderAlert(alert: AlertPayload, feedbackRef?: string): SlackMessage {
  const title = alert.title || alert.summary || '(untitled)';
  const meta = [
    mrkdwn(alert.source, SOURCE_MAX),
    langLabel(alert.lang),
    slackDate(alert.publishedAt),
    alert.score === null ? '' : `score ${alert.score.toFixed(2)}`,
    alert.matched.length ? `matched: ${termList(alert.matched)}` : '',
    alert.watchMatched.length ? `watch: ${termList(alert.watchMatched)}` : '',
  ].filter(Boolean).join(' · ');

  const blocks: Block[] = [section(`*${link(alert.url, title, TITLE_MAX)}*`), context(meta)];
  const summary = alert.title ? mrkdwn(alert.summary, LIMITS.sectionText, true) : '';
  if (summary) blocks.push(section(summary));
  if (feedbackRef) blocks.push(feedbackBlock(feedbackRef));
  return { text: fallback(`${title} (${alert.source})`), blocks };
}

/**
 * "Also reported by …": one line per report with its link, packed into sections under Slack's
 * per-section length, with a closing "… more" line when the reports do not fit in 50 blocks.
 */
export function renderFollowUp(followUp: FollowUpPayload): SlackMessage {
  const outlets = [...new Set(followUp.reports.map((r) => r.source))];
  const storyTitle = mrkdwn(followUp.storyTitle, TITLE_MAX);
  const head = `Also reported by ${termList(outlets, 10, SOURCE_MAX) || 'other outlets'}${storyTitle ? `: _${storyTitle}_` : ''}`;
  const blocks: Block[] = [section(head)];

  const lines = followUp.reports.map(
    (r) => `• ${link(r.url, r.title || r.source, TITLE_MAX)} (${mrkdwn(r.source, SOURCE_MAX)})`,
  );
  let chunk = '';
  let shown = 0;
  for (const [i, line] of lines.entries()) {
    if (chunk && chunk.length + 1 + line.length > LIMITS.sectionText) {
      if (blocks.length >= LIMITS.blocks - 2) break;
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
    shown = i + 1;
  }
  if (chunk) blocks.push(section(chunk));
  if (shown < lines.length) blocks.push(context(`… and ${lines.length - shown} more`));

  const plainOutlets = outlets.map((o) => plainText(o, SOURCE_MAX)).join(', ');
  return { text: fallback(`Also reported by ${plainOutlets} (${followUp.storyTitle})`), blocks };
}

/** "… and 1,950 more from X: `/radar search source:x`", the feed name escaped. */
export function renderOverflow(overflow: OverflowPayload): SlackMessage {
  const { count, command } = overflowParts(overflow);
  const source = mrkdwn(overflow.source, SOURCE_MAX) || 'this feed';
  return {
    text: fallback(`… and ${count} more from ${overflow.source}: ${command}`),
    blocks: [section(`… and ${count} more from *${source}*: \`${command}\``)],
  };
}
