/**
 * Block Kit for the neutral command `Reply` (src/commands/types.ts). Reply strings are untrusted
 * (feed titles, command arguments) and get the same escaping as alerts.
 */
import type { Reply, ReplyBlock } from '../../commands/types.ts';
import { LIMITS, link, mrkdwn, plainText } from './format-slack.ts';
import { type Block, type SlackMessage, context, fallback, section } from './render-alert.ts';

const TITLE_MAX = 300;
const LABEL_MAX = 100;

function renderBlock(block: ReplyBlock): Block[] {
  switch (block.type) {
    case 'heading': {
      const text = plainText(block.text, LIMITS.header);
      return text ? [{ type: 'header', text: { type: 'plain_text', text, emoji: false } }] : [];
    }
    case 'text': {
      const text = mrkdwn(block.text, LIMITS.sectionText, true);
      return text ? [section(text)] : [];
    }
    case 'item': {
      const title = `*${link(block.url, block.title || '(untitled)', TITLE_MAX)}*`;
      const detail = block.detail ? mrkdwn(block.detail, LIMITS.sectionText - title.length - 1, true) : '';
      const meta = mrkdwn(block.meta, LIMITS.sectionText);
      return [section(detail ? `${title}\n${detail}` : title), ...(meta ? [context(meta)] : [])];
    }
    case 'fields': {
      const fields = block.fields.map((f) => {
        const label = mrkdwn(f.label, LABEL_MAX);
        const value = mrkdwn(f.value, LIMITS.fieldText - label.length - 3, true) || '—';
        return { type: 'mrkdwn' as const, text: label ? `*${label}*\n${value}` : value, verbatim: true };
      });
      const sections: Block[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
        sections.push({ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields) });
      }
      return sections;
    }
    default:
      return [];
  }
}

/** The reply as Block Kit, at most 50 blocks (the last one says how many were left out). */
export function renderReply(reply: Reply): SlackMessage {
  let blocks = reply.blocks.flatMap(renderBlock);
  if (blocks.length === 0) {
    const text = mrkdwn(reply.text, LIMITS.sectionText, true);
    if (text) blocks = [section(text)];
  }
  if (blocks.length > LIMITS.blocks) {
    const left = blocks.length - (LIMITS.blocks - 1);
    blocks = [...blocks.slice(0, LIMITS.blocks - 1), context(`… ${left} more not shown`)];
  }
  return { text: fallback(reply.text), blocks };
}
