/**
 * A digest from the stories the store read for a channel: ranked by score and breadth of coverage,
 * the first `limit` kept with their headline, link, outlets and languages, the rest counted. The
 * rank is the story's best score plus 0.1 for each doubling of its outlets (one outlet +0, two
 * +0.1, four +0.2, eight +0.3): a story many outlets carry outranks a slightly better scored one
 * that one outlet carries, never a much better one.
 */
import type { DigestPayload, DigestStory } from '../shared/alert.ts';
import type { DigestCandidate, DigestSelection } from '../store/index.ts';

/** Stories a digest carries at most (the adapters show as many as fit, and count the rest). */
export const DIGEST_STORIES = 40;
/** Outlet names kept per story. */
const SOURCES_EACH = 8;

/** How a story ranks in a digest (higher first). */
export function digestRank(story: Pick<DigestCandidate, 'score' | 'outlets' | 'alert'>): number {
  const score = story.score ?? story.alert.score ?? 0;
  return score + 0.1 * Math.log2(Math.max(1, story.outlets));
}

function toStory(c: DigestCandidate): DigestStory {
  return {
    storyId: c.storyId,
    title: c.alert.title || c.alert.summary || '(untitled)',
    url: c.alert.url,
    sources: c.sources.length ? c.sources.slice(0, SOURCES_EACH) : [c.alert.source],
    outlets: Math.max(1, c.outlets),
    langs: c.langs.length ? c.langs : c.alert.lang ? [c.alert.lang] : [],
    score: c.score ?? c.alert.score,
    held: c.held,
  };
}

/** The digest of a window (`window` as written, e.g. "24h") from the store's selection. */
export function buildDigest(selection: DigestSelection, window: { label: string; since: number; until: number }, limit = DIGEST_STORIES): DigestPayload {
  const ranked = [...selection.stories].sort((a, b) => digestRank(b) - digestRank(a) || b.outlets - a.outlets || b.alertedAt - a.alertedAt || a.storyId - b.storyId);
  const stories = ranked.slice(0, limit).map(toStory);
  return { window: window.label, since: window.since, until: window.until, stories, more: ranked.length - stories.length, held: selection.held.length };
}
