/**
 * Embeds for alerts and follow-ups. Every untrusted string goes through `md()`/`link()`, every
 * message carries `allowed_mentions: { parse: [] }`, and every embed is fitted to Discord's limits
 * (per field and 6000 in total) by cutting, so a long feed item never makes a post fail.
 * @see https://discord.com/developers/docs/resources/message#embed-object
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { AlertPayload, FollowUpPayload, OverflowPayload } from '../../shared/alert.ts';
import { overflowParts } from '../overflow-text.ts';
import { feedbackRow, type FeedbackRow } from './feedback-row.ts';
import { langLabel } from '../untrusted-text.ts';
import { clean, cut, discordTime, LIMITS, link, md, safeUrl, termList } from './format-discord.ts';

/** A message body for `POST /channels/{id}/messages` (and interaction answers). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: [] };
  message_reference?: { message_id: string; fail_if_not_exists: boolean };
  /** Feedback buttons under an alert. */
  components?: FeedbackRow[];
}

const SOURCE_MAX = 100;
const SUMMARY_MAX = 2000;
export const COLOR = { alert: 0xd9480f, followUp: 0x5c7cfa, overflow: 0x868e96, reply: 0x4c6ef5, refusal: 0xe03131 } as const;

/** Never lets Discord parse a mention out of the content, whatever the text says. */
export const NO_MENTIONS = { parse: [] } as { parse: [] };

function embedLength(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * Cuts an embed to Discord's limits: each part to its own limit, at most 25 fields, and the
 * description (then trailing fields) shortened until the whole embed fits in `total` characters.
 */
export function fitEmbed(embed: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (fitted.title !== undefined) fitted.title = cut(fitted.title, LIMITS.embedTitle);
  if (fitted.description !== undefined) fitted.description = cut(fitted.description, LIMITS.embedDescription);
  if (fitted.footer) fitted.footer = { ...fitted.footer, text: cut(fitted.footer.text, LIMITS.footer) };
  if (fitted.author) fitted.author = { ...fitted.author, name: cut(fitted.author.name, LIMITS.author) };
  if (fitted.url && !safeUrl(fitted.url)) delete fitted.url;
  if (fitted.fields) {
    fitted.fields = fitted.fields.slice(0, LIMITS.fields).map((f): APIEmbedField => ({
      ...f, name: cut(f.name, LIMITS.fieldName) || '\u200b', value: cut(f.value, LIMITS.fieldValue) || '—',
    }));
  }
  let over = embedLength(fitted) - total;
  if (over > 0 && fitted.description) {
    fitted.description = cut(fitted.description, Math.max(0, fitted.description.length - over));
    if (!fitted.description) delete fitted.description;
    over = embedLength(fitted) - total;
  }
  while (over > 0 && fitted.fields?.length) {
    fitted.fields = fitted.fields.slice(0, -1);
    over = embedLength(fitted) - total;
  }
  return fitted;
}

/** An alert; with `feedbackRef`, the feedback buttons under it (their custom ids hold only that reference). */
export function renderAlert(alert: AlertPayload, feedbackRef?: string): DiscordMessage {
  const title = md(alert.title || alert.summary || '(untitled)', LIMITS.embedTitle);
  const url = safeUrl(alert.url);
  const fields: APIEmbedField[] = [
    { name: 'Outlet', value: md(alert.source, SOURCE_MAX) || '—', inline: true },
    { name: 'Published', value: discordTime(alert.publishedAt), inline: true },
  ];
  if (alert.score !== null) fields.push({ name: 'Score', value: alert.score.toFixed(2), inline: true });
  if (alert.matched.length) fields.push({ name: 'Matched', value: termList(alert.matched) });
  if (alert.watchMatched.length) fields.push({ name: 'Watch terms', value: termList(alert.watchMatched) });
  const summary = alert.title ? md(alert.summary, SUMMARY_MAX, true) : '';
  const embed: APIEmbed = {
    title,
    ...(url ? { url } : {}),
    ...(summary ? { description: summary } : {}),
    fields,
    color: COLOR.alert,
    footer: { text: ['Radar', alert.topicId, langLabel(alert.lang)].filter(Boolean).join(' · ') },
    ...(Number.isFinite(alert.publishedAt) ? { timestamp: new Date(alert.publishedAt).toISOString() } : {}),
  };
  return { embeds: [fitEmbed(embed)], allowed_mentions: NO_MENTIONS, ...(feedbackRef ? { components: [feedbackRow(feedbackRef)] } : {}) };
}

/**
 * "Also reported by …": one line per report with its link, as many as fit in the description,
 * with a closing "… and N more" line. Sent as a reply to the alert's message when it is known.
 */
export function renderFollowUp(followUp: FollowUpPayload, replyTo: string | null = null): DiscordMessage {
  const outlets = [...new Set(followUp.reports.map((r) => r.source))];
  const head = `Also reported by ${termList(outlets, 10, SOURCE_MAX) || 'other outlets'}`;
  const lines = followUp.reports.map((r) => `• ${link(r.url, r.title || r.source, 200)} (${md(r.source, SOURCE_MAX)})`);
  let description = '';
  let shown = 0;
  const room = LIMITS.embedDescription - 40;
  for (const line of lines) {
    if (description.length + line.length + 1 > room) break;
    description = description ? `${description}\n${line}` : line;
    shown += 1;
  }
  if (shown < lines.length) description += `\n… and ${lines.length - shown} more`;
  // Footers show no markdown: the title is only cleaned, not escaped.
  const storyTitle = cut(clean(followUp.storyTitle), 200);
  const embed: APIEmbed = {
    title: head,
    description,
    color: COLOR.followUp,
    ...(storyTitle ? { footer: { text: `Story: ${storyTitle}` } } : {}),
  };
  return {
    embeds: [fitEmbed(embed)],
    allowed_mentions: NO_MENTIONS,
    ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
  };
}

/** "… and 1,950 more from X: `/radar search source:x`", the feed name escaped. */
export function renderOverflow(overflow: OverflowPayload): DiscordMessage {
  const { count, command } = overflowParts(overflow);
  const source = md(overflow.source, SOURCE_MAX) || 'this feed';
  const embed: APIEmbed = { description: `… and ${count} more from **${source}**: \`${command}\``, color: COLOR.overflow };
  return { embeds: [fitEmbed(embed)], allowed_mentions: NO_MENTIONS };
}
