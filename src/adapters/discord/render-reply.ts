/**
 * The neutral command `Reply` (src/commands/types.ts) as one embed: a heading becomes the title,
 * text and items become description lines, label/value pairs become fields. Reply strings are
 * untrusted (feed titles, command arguments) and get the same escaping as alerts; whatever does
 * not fit Discord's limits is left out with a closing "… N more not shown" line.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Reply } from '../../commands/types.ts';
import { LIMITS, link, md } from './format-discord.ts';
import { COLOR, fitEmbed, NO_MENTIONS, type DiscordMessage } from './render-alert.ts';

const TITLE_MAX = 250;
const DESCRIPTION_ROOM = LIMITS.embedDescription - 40;

export function renderReply(reply: Reply): DiscordMessage {
  let title: string | undefined;
  const lines: string[] = [];
  const fields: APIEmbedField[] = [];
  for (const block of reply.blocks) {
    switch (block.type) {
      case 'heading': {
        const text = md(block.text, TITLE_MAX);
        if (!text) break;
        if (title === undefined && lines.length === 0) title = text;
        else lines.push(`**${text}**`);
        break;
      }
      case 'text': {
        const text = md(block.text, DESCRIPTION_ROOM, true);
        if (text) lines.push(text);
        break;
      }
      case 'item': {
        const head = `**${link(block.url, block.title || '(untitled)', TITLE_MAX)}**`;
        const meta = md(block.meta, 500);
        const detail = block.detail ? md(block.detail, 500, true) : '';
        lines.push([head, meta, detail].filter(Boolean).join('\n'));
        break;
      }
      case 'fields':
        for (const f of block.fields) {
          fields.push({ name: md(f.label, LIMITS.fieldName) || '\u200b', value: md(f.value, LIMITS.fieldValue, true) || '—', inline: f.value.length <= 40 });
        }
        break;
    }
  }
  if (!title && lines.length === 0 && fields.length === 0) {
    const text = md(reply.text, DESCRIPTION_ROOM, true);
    if (text) lines.push(text);
  }

  let description = '';
  let shown = 0;
  for (const line of lines) {
    const next = description ? `${description}\n${line}` : line;
    if (next.length > DESCRIPTION_ROOM && shown > 0) break;
    description = next;
    shown += 1;
  }
  if (shown < lines.length) description += `\n… ${lines.length - shown} more not shown`;
  if (fields.length > LIMITS.fields) {
    const left = fields.length - (LIMITS.fields - 1);
    fields.splice(LIMITS.fields - 1, fields.length, { name: '…', value: `${left} more not shown` });
  }

  const embed: APIEmbed = {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ...(fields.length ? { fields } : {}),
    color: reply.ok ? COLOR.reply : COLOR.refusal,
  };
  return { embeds: [fitEmbed(embed)], allowed_mentions: NO_MENTIONS };
}
