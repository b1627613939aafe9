/**
 * Parse stage: decoded feed text → `ParsedFeed` with normalized `FeedItem`s.
 * `parseFeed` is the stage's entry point; `parseFeedDetailed` also reports dropped entries.
 */
export { parseFeed, parseFeedDetailed, type ParseContext } from './parse-feed.ts';
export type { DropCounts } from './normalize.ts';
export { htmlToText, truncateText } from './plain-text.ts';
