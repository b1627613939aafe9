/**
 * The parts of a digest that every adapter shows the same way: its heading, its summary line and
 * each story's meta line pieces (outlets, languages, score). Outlet names and headlines are
 * untrusted: each adapter escapes them in its own markup; the rest is Radar's own text.
 */
import type { DigestPayload, DigestStory } from '../shared/alert.ts';
import { langLabel } from './untrusted-text.ts';

/** "Top stories, last 24h". */
export function digestHeading(digest: DigestPayload): string {
  return `Top stories, last ${digest.window.replace(/[^0-9a-z]/gi, '')}`;
}

/** "12 stories · 3 held during quiet hours", or the line of an empty window. */
export function digestSummary(digest: DigestPayload): string {
  const total = digest.stories.length + digest.more;
  if (total === 0) return 'No stories alerted this channel in this window.';
  const held = digest.held > 0 ? ` · ${digest.held} alert${digest.held === 1 ? '' : 's'} held during quiet hours` : '';
  return `${total.toLocaleString('en-US')} ${total === 1 ? 'story' : 'stories'}${held}`;
}

/** A story's meta pieces after its outlets: "EN, ES", "3 outlets", "score 0.91", "held". */
export function storyMeta(story: DigestStory): string[] {
  const langs = [...new Set(story.langs.map(langLabel).filter(Boolean))].join(', ');
  return [
    story.outlets > 1 ? `${story.outlets} outlets` : '',
    langs,
    story.score === null ? '' : `score ${story.score.toFixed(2)}`,
    story.held ? 'held in quiet hours' : '',
  ].filter(Boolean);
}

/** The outlets a story names (at most `max`) and how many more reported it. */
export function storyOutlets(story: DigestStory, max = 4): { names: string[]; more: number } {
  const names = story.sources.slice(0, max);
  return { names, more: Math.max(0, story.outlets - names.length) };
}

/** "… and 12 more". */
export function moreLine(count: number): string {
  return `… and ${count.toLocaleString('en-US')} more`;
}
