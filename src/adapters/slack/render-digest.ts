/**
 * Block Kit for a digest: a header, a summary line, one section per story (linked headline, then
 * its outlets, languages and score) and a closing "… and N more" when the stories do not fit in 50
 * blocks. Headlines and outlet names are escaped like alerts, so a hostile feed neither pings nor links.
 * @see https://docs.slack.dev/reference/block-kit/blocks
 */
import type { DigestPayload, DigestStory } from '../../shared/alert.ts';
import { digestHeading, digestSummary, moreLine, storyMeta, storyOutlets } from '../digest-text.ts';
import { LIMITS, link, mrkdwn, plainText } from './format-slack.ts';
import { type Block, type SlackMessage, context, fallback, section } from './render-alert.ts';

const TITLE_MAX = 300;
const SOURCE_MAX = 80;

function storyText(story: DigestStory, rank: number): string {
  const { names, more } = storyOutlets(story);
  const outlets = names.map((n) => mrkdwn(n, SOURCE_MAX)).filter(Boolean).join(', ') + (more > 0 ? ` +${more}` : '');
  const meta = [outlets, ...storyMeta(story)].filter(Boolean).join(' · ');
  // A headline (300 escaped characters, a link of at most 2000) and the meta line fit in a section.
  const text = `${rank}. *${link(story.url, story.title, TITLE_MAX)}*\n${meta}`;
  return text.length <= LIMITS.sectionText ? text : `${rank}. *${mrkdwn(story.title, TITLE_MAX)}*\n${meta}`;
}

export function renderDigest(digest: DigestPayload): SlackMessage {
  const heading = digestHeading(digest);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(heading, LIMITS.header), emoji: false } },
    context(digestSummary(digest)),
  ];
  // Room for the stories: the blocks limit less the two above and the closing line.
  const room = LIMITS.blocks - blocks.length - 1;
  const shown = digest.stories.slice(0, room);
  shown.forEach((story, i) => blocks.push(section(storyText(story, i + 1))));
  const left = digest.stories.length - shown.length + digest.more;
  if (left > 0) blocks.push(context(moreLine(left)));
  return { text: fallback(`${heading}: ${digestSummary(digest)}`), blocks };
}
