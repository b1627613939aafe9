/** The pipeline's settings from the config file: its feeds, and the `poll:`, `fetch:`, `alerts:` and `summary:` sections. */
import type { FeedSettings, PipelineDeps } from './run-feed.ts';

export interface PipelineConfig {
  feeds: ReadonlyArray<FeedSettings & { id: string }>;
  poll: { interval: number; jitter: number; maxBackoff: number; firstPollAlerts: number };
  fetch: { timeout: number; articlesPerCycle: number };
  alerts: { perFeedPerPoll: number; perChannelPerHour: number };
  summary: { budget: number };
}

export function pipelineSettings(config: PipelineConfig): Pick<PipelineDeps, 'feedSettings' | 'poll' | 'alertLimits' | 'summaryBudget' | 'articles'> {
  const { poll } = config;
  return {
    feedSettings: new Map(config.feeds.map((f) => [f.id, { name: f.name, intervalMs: f.intervalMs, lang: f.lang, topics: f.topics, article: f.article }])),
    poll: { intervalMs: poll.interval, jitter: poll.jitter, maxBackoffMs: poll.maxBackoff, firstPollAlerts: poll.firstPollAlerts },
    alertLimits: { perFeed: config.alerts.perFeedPerPoll, perChannel: config.alerts.perChannelPerHour, windowMs: 3_600_000 },
    summaryBudget: config.summary.budget,
    articles: { perCycle: config.fetch.articlesPerCycle, timeoutMs: config.fetch.timeout },
  };
}
