export { runFeed } from './run-feed.ts';
export type { FeedRunResult, FeedSettings, PipelineDeps } from './run-feed.ts';
export { createStoryGrouping } from './story-grouping.ts';
export type { StoryGrouping } from './story-grouping.ts';
