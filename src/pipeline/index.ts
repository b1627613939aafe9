export { readFeed } from './run-feed.ts';
export type { FeedRunResult, FeedSettings, PipelineDeps, PushedDocument, PushSubscriptions } from './run-feed.ts';
export { runCycle } from './run-cycle.ts';
export type { ReadGate } from './run-cycle.ts';
export { createStoryGrouping } from './story-grouping.ts';
export type { StoryGrouping } from './story-grouping.ts';
export { createPollCycle, type PollCycle } from './poll-cycle.ts';
export { createFeedProbe, type FeedProbe } from './probe-feed.ts';
export { pipelineSettings } from './settings.ts';
