export { runFeed } from './run-feed.ts';
export type { FeedRunResult, FeedSettings, PipelineDeps } from './run-feed.ts';
