export { createFeedClaims } from './feed-claims.ts';
export type { FeedClaims, FeedClaimsDeps } from './feed-claims.ts';
export { createScheduler } from './scheduler.ts';
export type { Scheduler, SchedulerDeps } from './scheduler.ts';
export { nextPollAt } from './next-poll.ts';
export type { NextPollInput } from './next-poll.ts';
