export { createFeedClaims } from './feed-claims.ts';
export type { FeedClaims, FeedClaimsDeps } from './feed-claims.ts';
export { createScheduler } from './scheduler.ts';
export type { Scheduler, SchedulerDeps } from './scheduler.ts';
export { nextPollAt, planPoll } from './next-poll.ts';
export type { NextPollInput, PollPlan, PollPolicy, ServerHints } from './next-poll.ts';
export { emptyRhythm, formatRhythm, hourOfWeek, observe, parseRhythm, rateAt, recentRate } from './rhythm.ts';
export type { Rhythm } from './rhythm.ts';
export { createHostFeeds } from './host-feeds.ts';
