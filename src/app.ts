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
import { parseFeed } from './parse/index.ts';
import { createStoryGrouping, runCycle, type FeedRunResult, type FeedSettings, type PipelineDeps } from './pipeline/index.ts';
import type { RouteChannel } from './route/index.ts';
import { createScheduler } from './schedule/index.ts';
import { createCommandRunner, createSuggester, type CommandRunner } from './commands/index.ts';
import { compileTerms, loadTopic, parseTerm, type Topic } from './score/index.ts';
import { ConfigError } from './shared/errors.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createSqliteStore, type ChannelSettings, type FeedRecord, type Store } from './store/index.ts';

export interface RadarOptions {
  logger: Logger;
  /** Where the console adapter writes (stdout by default). */
  consoleOut?: Writable;
  /** Extra adapters by name (Slack, Discord), started and stopped with Radar. */
  adapters?: ChatAdapter[];
  fetcher?: Fetcher;
  clock?: Clock;
  random?: () => number;
}

export interface Radar {
  store: Store;
  /** Answers a `/radar` command (chat adapters and `radar cmd` call this). */
  runCommand: CommandRunner;
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

/** Checks the watch and mute terms of the config file, naming the key of a bad one. */
export function checkChannelTerms(config: Config): void {
  const problems: string[] = [];
  config.channels.forEach((c, i) => {
    for (const [key, terms] of [['watch', c.watch], ['mute', c.mute]] as const) {
      terms.forEach((term, j) => {
        const parsed = parseTerm(term);
        if (!parsed.ok) problems.push(`channels[${i}].${key}[${j}]: ${parsed.error}`);
      });
    }
  });
  if (problems.length) throw new ConfigError(config.file, problems);
}

/** Route channels from their stored settings, with watch and mute terms compiled. */
export function routeChannels(settings: readonly ChannelSettings[], logger: Logger): RouteChannel[] {
  const compile = (id: string, terms: string[]) => {
    const good = terms.filter((t) => parseTerm(t).ok);
    if (good.length < terms.length) logger.warn({ channel: id, skipped: terms.filter((t) => !good.includes(t)) }, 'stored terms no longer valid were skipped');
    return compileTerms(good);
  };
  return settings.map((c) => ({ id: c.id, topics: c.topics, threshold: c.threshold, watch: compile(c.id, c.watch), mute: compile(c.id, c.mute) }));
}

export async function createRadar(config: Config, options: RadarOptions): Promise<Radar> {
  const { logger } = options;
  const clock = options.clock ?? config.clock;
  const topics = loadTopics(config);
  checkChannelTerms(config);
  const store = createSqliteStore(config.databasePath);
  await store.migrate();
  await store.syncFeeds(config.feeds.map((f) => ({ id: f.id, url: f.url, name: f.name, origin: 'config' as const })));
  // The config file seeds a channel's settings once; after that /radar commands own them.
  await store.seedChannels(config.channels.map((c) => ({ id: c.id, threshold: c.threshold, topics: c.topics, watch: c.watch, mute: c.mute })), clock());
  const configured = new Set(config.channels.map((c) => c.id));
  let channels: RouteChannel[] = [];
  const reloadChannels = async () => {
    const settings = (await store.listChannels()).filter((c) => configured.has(c.id));
    channels = routeChannels(settings.map((c) => ({ ...c, topics: c.topics.filter((t) => topics.has(t)) })), logger);
  };
  await reloadChannels();

  const fetchOptions = {
    userAgent: config.fetch.userAgent,
    connectTimeoutMs: config.fetch.connectTimeout,
    timeoutMs: config.fetch.timeout,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    perHostConcurrency: config.fetch.perHostConcurrency,
  };
  const fetcher = options.fetcher ?? createFetcher(fetchOptions);
  const chatFetcher = createFetcher({ ...fetchOptions, publicOnly: { allowHosts: config.fetch.allowPrivateHosts } });

  /** The Radar channel that a platform channel is mapped to, or null. */
  const channelFor = (adapter: string) => (target: string) => config.channels.find((c) => c.adapter === adapter && c.target === target)?.id ?? null;
  const adapters = new Map<string, ChatAdapter>([['console', createConsoleAdapter(options.consoleOut)]]);
  if (config.slack && config.channels.some((c) => c.adapter === 'slack')) {
    const slack = config.slack;
    // Platform SDKs load only when a channel uses them (together about 50 MB of a console-only Radar).
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    adapters.set('slack', createSlackAdapter({
      botToken: slack.botToken,
      appToken: slack.appToken,
      signingSecret: slack.signingSecret,
      port: slack.port,
      apiUrl: slack.apiUrl,
      adminUsers: slack.adminUsers,
      adminGroups: slack.adminGroups,
      runCommand: (request) => runCommand(request),
      channelFor: channelFor('slack'),
      logger,
    }));
  }
  if (config.discord && config.channels.some((c) => c.adapter === 'discord')) {
    const discord = config.discord;
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    adapters.set('discord', createDiscordAdapter({
      token: discord.token,
      apiUrl: discord.apiUrl,
      publicKey: discord.publicKey,
      interactionsPort: discord.port,
      adminRoles: discord.adminRoles,
      runCommand: (request) => runCommand(request),
      channelFor: channelFor('discord'),
      suggest: (channelId, field) => suggestions(channelId, field),
      logger,
    }));
  }
  for (const adapter of options.adapters ?? []) adapters.set(adapter.name, adapter);
  const deliveryChannels = new Map<string, DeliveryChannel>(config.channels.map((c) => [c.id, { id: c.id, adapter: c.adapter, target: c.target }]));
  const deliverer = createDeliverer({ store, adapters, channels: deliveryChannels, logger: logger.child({ stage: 'deliver' }), clock, random: options.random });

  const runCommand = createCommandRunner({
    store,
    topics,
    channelsChanged: reloadChannels,
    async probeFeed(url) {
      const response = await chatFetcher.fetchFeed({ url });
      if (response.status !== 'ok') return { title: null, items: 0 };
      const feed = await parseFeed(response.text, { url: response.finalUrl, fetchedAt: clock() });
      return { title: feed.title, items: feed.items.length };
    },
    logger: logger.child({ stage: 'commands' }),
    clock,
  });

  const suggestions = createSuggester({ store, topics });

  const stories = createStoryGrouping(store, { windowMs: config.stories.window, followUpEveryMs: config.stories.followUpEvery });
  await stories.reload(clock());

  const feedSettings = new Map<string, FeedSettings>(config.feeds.map((f) => [f.id, { name: f.name, intervalMs: f.intervalMs, lang: f.lang, topics: f.topics }]));
  const pipeline: PipelineDeps = {
    store,
    fetcher,
    chatFetcher,
    feedSettings,
    topics,
    channels: () => channels,
    poll: { intervalMs: config.poll.interval, jitter: config.poll.jitter, maxBackoffMs: config.poll.maxBackoff, firstPollAlerts: config.poll.firstPollAlerts },
    alertLimits: { perFeed: config.alerts.perFeedPerPoll, perChannel: config.alerts.perChannelPerHour, windowMs: 3_600_000 },
    stories,
    summaryBudget: config.summary.budget,
    logger: logger.child({ stage: 'pipeline' }),
    clock,
    random: options.random,
  };

  const deliver = (deadline?: number) => deliverer.drain({ deadline });
  /** After a cycle: alerts out first, then the cycle's items into the full-text index in one batch. */
  const afterCycle = async () => {
    await deliver();
    const indexed = await store.indexPending();
    if (indexed) logger.debug({ indexed }, 'search index updated');
  };
  const scheduler = createScheduler({
    store,
    runCycle: (feeds: FeedRecord[], gate) => runCycle(feeds, pipeline, gate),
    afterCycle,
    tick: config.poll.tick,
    concurrency: config.poll.concurrency,
    logger: logger.child({ stage: 'schedule' }),
    clock,
  });
  let retryTimer: NodeJS.Timeout | null = null;
  let started = false;
  let polled = false;

  return {
    store,
    runCommand,
    async pollOnce({ onlyDue = false, dryRun = false } = {}) {
      const feeds = onlyDue ? await store.dueFeeds(clock(), 10_000) : await store.listFeeds();
      const deps = dryRun ? { ...pipeline, dryRun: true } : pipeline;
      polled ||= !dryRun;
      const limit = pLimit(config.poll.concurrency);
      const results = await runCycle(feeds, deps, (read) => limit(read));
      if (!dryRun) await afterCycle();
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
      // Deliver what this run queued; a Radar that only answered commands posts nothing.
      // Bounded: what is not posted by then stays queued for the next start.
      if (started || polled) await deliver(clock() + config.poll.shutdownGrace).catch((error) => logger.error({ err: error }, 'final delivery failed'));
      if (started) for (const adapter of adapters.values()) await adapter.stop();
      await fetcher.close();
      await chatFetcher.close();
      await store.close();
    },
  };
}
