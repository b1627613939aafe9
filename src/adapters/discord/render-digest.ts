/**
 * A digest as one embed: the heading as its title, one description line pair per story (linked
 * headline, then its outlets, languages and score) as many as fit Discord's limits (4096 in the
 * description, 6000 in the message), then "… and N more"; the summary in the footer. Headlines and
 * outlet names are escaped like alerts and the message allows no mentions, so nothing pings.
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */
import type { APIEmbed } from 'discord.js';
import type { DigestPayload, DigestStory } from '../../shared/alert.ts';
import { digestHeading, digestSummary, moreLine, storyMeta, storyOutlets } from '../digest-text.ts';
import { LIMITS, link, md } from './format-discord.ts';
import { fitEmbed, NO_MENTIONS, type DiscordMessage } from './render-alert.ts';

const TITLE_MAX = 200;
const SOURCE_MAX = 80;
const COLOR = 0x2f9e44;
/** Room kept in the description for the closing "… and N more" line. */
const CLOSING_ROOM = 40;

function storyLines(story: DigestStory, rank: number): string {
  const { names, more } = storyOutlets(story);
  const outlets = names.map((n) => md(n, SOURCE_MAX)).filter(Boolean).join(', ') + (more > 0 ? ` +${more}` : '');
  return `**${rank}.** ${link(story.url, story.title, TITLE_MAX)}\n${[outlets, ...storyMeta(story)].filter(Boolean).join(' · ')}`;
}

export function renderDigest(digest: DigestPayload): DiscordMessage {
  const title = digestHeading(digest);
  const footer = `Radar digest · ${digestSummary(digest)}`;
  // The description's room: its own limit, and the message's total less the title and footer.
  const room = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - title.length - footer.length) - CLOSING_ROOM;
  let description = '';
  let shown = 0;
  for (const [i, story] of digest.stories.entries()) {
    const next = `${description}${description ? '\n' : ''}${storyLines(story, i + 1)}`;
    if (next.length > room) break;
    description = next;
    shown += 1;
  }
  const left = digest.stories.length - shown + digest.more;
  if (left > 0) description += `${description ? '\n' : ''}${moreLine(left)}`;
  const embed: APIEmbed = {
    title,
    ...(description ? { description } : {}),
    color: COLOR,
    footer: { text: footer },
    timestamp: new Date(digest.until).toISOString(),
  };
  return { embeds: [fitEmbed(embed)], allowed_mentions: NO_MENTIONS };
}
