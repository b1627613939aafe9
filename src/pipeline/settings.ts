/** The pipeline's settings from the config file: its feeds, and the `poll:`, `fetch:`, `alerts:` and `summary:` sections. */
import type { PollPolicy } from '../schedule/index.ts';
import type { FeedSettings, PipelineDeps } from './run-feed.ts';

/** Safety-net interval of a feed whose updates are pushed to Radar. */
const PUSHED_INTERVAL_MS = 6 * 3_600_000;

export interface PipelineConfig {
  feeds: ReadonlyArray<FeedSettings & { id: string }>;
  poll: {
    interval?: number | undefined; minInterval: number; maxInterval: number; pace: number; hostBudget: number;
    jitter: number; maxBackoff: number; firstPollAlerts: number;
  };
  fetch: { timeout: number; articlesPerCycle: number };
  alerts: { perFeedPerPoll: number; perChannelPerHour: number };
  summary: { budget: number };
}

export function pipelineSettings(config: PipelineConfig): Pick<PipelineDeps, 'feedSettings' | 'poll' | 'alertLimits' | 'summaryBudget' | 'articles'> {
  const { poll } = config;
  return {
    feedSettings: new Map(config.feeds.map((f) => [f.id, { name: f.name, intervalMs: f.intervalMs, lang: f.lang, topics: f.topics, article: f.article }])),
    poll: { policy: pollPolicy(poll), firstPollAlerts: poll.firstPollAlerts },
    alertLimits: { perFeed: config.alerts.perFeedPerPoll, perChannel: config.alerts.perChannelPerHour, windowMs: 3_600_000 },
    summaryBudget: config.summary.budget,
    articles: { perCycle: config.fetch.articlesPerCycle, timeoutMs: config.fetch.timeout },
  };
}

/** The schedule's policy from `poll:` (a fixed `interval` turns the adaptive schedule off). */
export function pollPolicy(poll: PipelineConfig['poll']): PollPolicy {
  return {
    adaptive: poll.interval === undefined,
    intervalMs: poll.interval ?? poll.maxInterval,
    paceMs: poll.pace,
    minMs: poll.minInterval,
    maxMs: poll.maxInterval,
    jitter: poll.jitter,
    maxBackoffMs: poll.maxBackoff,
    hostBudget: poll.hostBudget,
    pushedMs: PUSHED_INTERVAL_MS,
  };
}
