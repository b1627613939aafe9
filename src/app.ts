/**
 * Composition root: builds every part of Radar from a validated Config with factories and passes a
 * deps object into each stage. `radar run`, `radar poll`, `radar demo` and the tests all start here.
 */
import type { Writable } from 'node:stream';
import pLimit from 'p-limit';
import { createConsoleAdapter, type ChatAdapter } from './adapters/index.ts';
import type { Config } from './config/index.ts';
import { createDeliverer, type DeliveryChannel } from './deliver/index.ts';
import { createFetcher, type Fetcher } from './fetch/index.ts';
import { createStoryGrouping, runFeed, type FeedRunResult, type FeedSettings, type PipelineDeps } from './pipeline/index.ts';
import type { RouteChannel } from './route/index.ts';
import { createScheduler } from './schedule/index.ts';
import { compileTerms, loadTopic, type Topic } from './score/index.ts';
import { ConfigError } from './shared/errors.ts';
import type { Logger } from './shared/logger.ts';
import { createSqliteStore, type FeedRecord, type Store } from './store/index.ts';

export interface RadarOptions {
  logger: Logger;
  /** Where the console adapter writes (stdout by default). */
  consoleOut?: Writable;
  /** Extra adapters by name (Slack, Discord), started and stopped with Radar. */
  adapters?: ChatAdapter[];
  fetcher?: Fetcher;
  clock?: () => number;
  random?: () => number;
}

export interface Radar {
  store: Store;
  /** Polls feeds once (all of them, or only those due) and delivers what they produced. */
  pollOnce(options?: { onlyDue?: boolean; dryRun?: boolean }): Promise<FeedRunResult[]>;
  /** Starts the cron-driven scheduler. */
  start(): Promise<void>;
  /** Stops polling, lets in-flight work finish (bounded), delivers, closes the store. */
  stop(): Promise<void>;
}

/** Loads and validates every topic file named by the config. */
export function loadTopics(config: Config): Map<string, Topic> {
  return new Map(config.topics.map((ref) => [ref.id, loadTopic(ref.file)]));
}

/** Route channels from config, with watch and mute terms compiled. */
export function routeChannels(config: Config): RouteChannel[] {
  return config.channels.map((c, i) => {
    for (const [key, terms] of [['watch', c.watch], ['mute', c.mute]] as const) {
      const bad = terms.findIndex((t) => t.trim() === '');
      if (bad >= 0) throw new ConfigError(config.file, [`channels[${i}].${key}[${bad}]: empty term`]);
    }
    return { id: c.id, topics: c.topics, threshold: c.threshold, watch: compileTerms(c.watch), mute: compileTerms(c.mute) };
  });
}

export async function createRadar(config: Config, options: RadarOptions): Promise<Radar> {
  const { logger } = options;
  const topics = loadTopics(config);
  const channels = routeChannels(config);
  const store = createSqliteStore(config.databasePath);
  await store.migrate();
  await store.syncFeeds(config.feeds.map((f) => ({ id: f.id, url: f.url, name: f.name, origin: 'config' as const })));

  const fetcher = options.fetcher ?? createFetcher({
    userAgent: config.fetch.userAgent,
    connectTimeoutMs: config.fetch.connectTimeout,
    timeoutMs: config.fetch.timeout,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    perHostConcurrency: config.fetch.perHostConcurrency,
  });

  const adapters = new Map<string, ChatAdapter>([['console', createConsoleAdapter(options.consoleOut)]]);
  for (const adapter of options.adapters ?? []) adapters.set(adapter.name, adapter);
  const deliveryChannels = new Map<string, DeliveryChannel>(config.channels.map((c) => [c.id, { id: c.id, adapter: c.adapter, target: c.target }]));
  const deliverer = createDeliverer({ store, adapters, channels: deliveryChannels, logger: logger.child({ stage: 'deliver' }), clock: options.clock, random: options.random });

  const stories = createStoryGrouping(store, { windowMs: config.stories.window, followUpEveryMs: config.stories.followUpEvery });
  await stories.reload((options.clock ?? Date.now)());

  const feedSettings = new Map<string, FeedSettings>(config.feeds.map((f) => [f.id, { name: f.name, intervalMs: f.intervalMs, lang: f.lang, topics: f.topics }]));
  const pipeline: PipelineDeps = {
    store,
    fetcher,
    feedSettings,
    topics,
    channels: () => channels,
    poll: { intervalMs: config.poll.interval, jitter: config.poll.jitter, maxBackoffMs: config.poll.maxBackoff, firstPollAlerts: config.poll.firstPollAlerts },
    stories,
    summaryBudget: config.summary.budget,
    logger: logger.child({ stage: 'pipeline' }),
    clock: options.clock,
    random: options.random,
  };

  const deliver = async () => {
    const result = await deliverer.drain();
    if (result.sent || result.failed || result.retrying) logger.info(result, 'delivery');
  };
  const scheduler = createScheduler({
    store,
    runFeed: (feed: FeedRecord) => runFeed(feed, pipeline),
    afterCycle: deliver,
    tick: config.poll.tick,
    concurrency: config.poll.concurrency,
    logger: logger.child({ stage: 'schedule' }),
    clock: options.clock,
  });
  let retryTimer: NodeJS.Timeout | null = null;
  let started = false;

  return {
    store,
    async pollOnce({ onlyDue = false, dryRun = false } = {}) {
      const feeds = onlyDue ? await store.dueFeeds((options.clock ?? Date.now)(), 10_000) : await store.listFeeds();
      const deps = dryRun ? { ...pipeline, dryRun: true } : pipeline;
      const limit = pLimit(config.poll.concurrency);
      const results = await Promise.all(feeds.map((feed) => limit(() => runFeed(feed, deps))));
      if (!dryRun) await deliver();
      return results;
    },
    async start() {
      for (const adapter of adapters.values()) await adapter.start();
      started = true;
      scheduler.start();
      // Retries of failed deliveries come due between poll cycles.
      retryTimer = setInterval(() => void deliver().catch((error) => logger.error({ err: error }, 'delivery failed')), 5_000);
      retryTimer.unref();
    },
    async stop() {
      if (retryTimer) clearInterval(retryTimer);
      await scheduler.stop(config.poll.shutdownGrace);
      await deliver().catch((error) => logger.error({ err: error }, 'final delivery failed'));
      if (started) for (const adapter of adapters.values()) await adapter.stop();
      await fetcher.close();
      await store.close();
    },
  };
}
