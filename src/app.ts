/**
 * Composition root: builds every part of Radar from a validated Config with factories, in the
 * order an item travels, and passes a deps object into each stage. `radar run`, `radar poll`,
 * `radar demo` and the tests all start here. What a stage computes from the config lives with it.
 */
import type { Writable } from 'node:stream';
import type { ChatAdapter } from './adapters/index.ts';
import { createAdapters } from './adapters/registry.ts';
import { startAdapters } from './adapters/start-adapters.ts';
import type { Config } from './config/index.ts';
import { createCommandRunner, createSuggester, type CommandRunner } from './commands/index.ts';
import { createDeliverer, startRetryTimer } from './deliver/index.ts';
import { createDigestScheduler } from './digest/index.ts';
import { createFeedback, type FeedbackListener, type VoteEvent } from './feedback/index.ts';
import { createFeedFetchers, type Fetcher } from './fetch/index.ts';
import { startHttpServer, type HttpServer, type Probe } from './http/index.ts';
import { createLearner, type Learner } from './learn/index.ts';
import { createMetrics, type Metrics } from './metrics/index.ts';
import { createFeedProbe, createPollCycle, createStoryGrouping, pipelineSettings, runCycle, type FeedRunResult, type PipelineDeps, type ReadGate } from './pipeline/index.ts';
import { createLeaderRole } from './roles/index.ts';
import { createChannelRoutes } from './route/index.ts';
import { createWebSub } from './websub/index.ts';
import { createFeedClaims, createHostFeeds, createScheduler } from './schedule/index.ts';
import { loadTopic } from './score/index.ts';
import type { Clock } from './shared/clock.ts';
import { isGoneInstance, newInstanceId } from './shared/instance-id.ts';
import { isLoopbackHost } from './shared/networks.ts';
import type { Logger } from './shared/logger.ts';
import { openStore, type FeedRecord, type Store } from './store/index.ts';

export interface RadarOptions {
  logger: Logger;
  /** Where the console adapter writes (stdout by default). */
  consoleOut?: Writable;
  /** Extra adapters by name (Slack, Discord), started and stopped with Radar. */
  adapters?: ChatAdapter[];
  fetcher?: Fetcher;
  clock?: Clock;
  /** Names this instance's feed claims and channel leases in a shared database (default: host, pid, random). */
  instanceId?: string;
  random?: () => number;
  /**
   * Instances sharing the store: how often the settings version is checked besides notifications
   * (default 5 s), and how often an instance that is not the leader tries for the role (default 5 s).
   */
  coordination?: { settingsCheckMs?: number; leaderRetryMs?: number; websubCheckMs?: number };
  /** Hears every vote that changed instead of the channel's learning (src/learn), which hears them by default. */
  feedbackListener?: FeedbackListener;
}

export interface Radar {
  store: Store;
  /** Learns each channel's taste from the votes on its alerts (src/learn). */
  learner: Learner;
  /** Answers a `/radar` command (chat adapters and `radar cmd` call this). */
  runCommand: CommandRunner;
  /** Polls feeds once (all of them, or only those due) and delivers what they produced. */
  pollOnce(options?: { onlyDue?: boolean; dryRun?: boolean }): Promise<FeedRunResult[]>;
  /** Queues the channels' digests due now (the leader checks on its own every 20 s); returns how many. */
  runDigests(): Promise<number>;
  /** Whether this instance runs the leader-only work now (see src/roles). */
  isLeader(): boolean;
  /** Starts the HTTP server (when configured), the adapters, the settings watch and the leader role, then the cron-driven scheduler. */
  start(): Promise<void>;
  /** The HTTP server's address once started (e.g. http://127.0.0.1:8080), or null when it is off. */
  httpUrl(): string | null;
  /** This instance's metrics (served at /metrics). */
  metrics: Metrics;
  /**
   * One pass over the WebSub subscriptions now (subscribe, renew, time out, unsubscribe), as the
   * leader runs every 30 s; nothing on an instance that does not lead, or without `websub.publicUrl`.
   */
  maintainSubscriptions(): Promise<void>;
  /** Stops polling, lets in-flight work finish (bounded), delivers, closes the store. */
  stop(): Promise<void>;
}

export async function createRadar(config: Config, options: RadarOptions): Promise<Radar> {
  const { logger, random } = options;
  const clock = options.clock ?? config.clock;
  const stage = (name: string) => logger.child({ stage: name });
  // Who this instance is to the others on the database: it claims feeds and leases channels by this.
  const instanceId = options.instanceId ?? newInstanceId();

  // What every stage reads: topics, the store, the channels as commands leave them, the fetchers.
  const topics = new Map(config.topics.map((ref) => [ref.id, loadTopic(ref.file)]));
  const store = await openStore(config.database, config, clock());
  // What an earlier run on this host held when it died (kill -9, a restart) need not wait for its leases.
  for (const owner of await store.claimOwners()) {
    if (!isGoneInstance(owner, instanceId)) continue;
    await store.releaseOwner(owner);
    logger.info({ owner }, 'released the claims of an instance that is gone');
  }
  const channels = createChannelRoutes({ store, configured: config.channels, topics, logger });
  await channels.reload();
  // Each vote on an alert refits its channel's model; routing reloads it.
  const learner = createLearner({ store, topics, learned: channels.reload, logger: stage('learn') });
  const fetchers = createFeedFetchers(config.fetch, options.fetcher);
  // What the stages count; the store's state and the story count are read when /metrics is scraped.
  const metrics = createMetrics({ now: clock, state: (now) => store.operatingState(now), stories: () => stories.stories });

  // The door in: /radar commands and feedback buttons, from every adapter through its command port.
  const probeFeed = createFeedProbe(fetchers.chat, clock);
  // Votes from buttons and /radar feedback teach the channel's model.
  const listener = options.feedbackListener ?? { onVote: async (vote: VoteEvent) => void (await learner.onVote(vote)) };
  const feedback = createFeedback({ store, listener, logger: stage('feedback'), clock });
  const runCommand = createCommandRunner({ store, topics, channelsChanged: channels.reload, probeFeed, feedback, logger: stage('commands'), clock });
  const commands = { run: runCommand, suggest: createSuggester({ store, topics }), feedback: feedback.onAlert };
  const adapters = await createAdapters({ channels: config.channels, settings: config.adapters, commands, logger, stdout: options.consoleOut ?? process.stdout });
  for (const adapter of options.adapters ?? []) adapters.set(adapter.name, adapter);

  // The doors out: the outbox drained to the adapters.
  const deliveryChannels = new Map(config.channels.map((c) => [c.id, c]));
  const deliverer = createDeliverer({ store, owner: instanceId, adapters, channels: deliveryChannels, logger: stage('deliver'), clock, random, metrics });
  const deliver = (deadline?: number) => deliverer.drain({ deadline });

  // The path of an item: fetch → parse → score → stories → route → outbox, a cycle of feeds at a time, on schedule.
  const stories = createStoryGrouping(store, {
    windowMs: config.stories.window, followUpEveryMs: config.stories.followUpEvery, timed: (seconds) => metrics.groupingDuration.observe(seconds),
  });
  await stories.reload(clock());
  const coordination = options.coordination ?? {};
  const pipeline: PipelineDeps = {
    ...pipelineSettings(config),
    store,
    fetcher: fetchers.feeds,
    chatFetcher: fetchers.chat,
    topics,
    channels: channels.current,
    stories,
    metrics,
    logger: stage('pipeline'),
    clock,
    random,
    hostFeeds: createHostFeeds({ store, clock }),
  };
  // WebSub (when websub.publicUrl is set): pushed documents take the same path as polled ones, then delivery.
  const websub = config.websub && config.http ? createWebSub({
    settings: config.websub,
    store,
    fetcher: fetchers.chat,
    maxBytes: config.fetch.maxBytes,
    checkEveryMs: coordination.websubCheckMs ?? 30_000,
    clock,
    logger: stage('websub'),
    async run(feed, doc) {
      await runCycle([feed], pipeline, undefined, new Map([[feed.id, doc]]));
      await cycle.afterCycle();
    },
  }) : null;
  if (websub) pipeline.push = websub;
  const claims = createFeedClaims({ store, owner: instanceId, leaseMs: config.poll.lease, clock, logger: stage('schedule') });
  const cycle = createPollCycle({ store, claims, batch: config.poll.batch, pipeline, concurrency: config.poll.concurrency, deliver, logger });
  const runFeeds = (feeds: FeedRecord[], gate: ReadGate) => runCycle(feeds, pipeline, gate);
  const scheduler = createScheduler({
    claims, batch: config.poll.batch, runCycle: runFeeds, afterCycle: cycle.afterCycle, tick: config.poll.tick, concurrency: config.poll.concurrency, logger: stage('schedule'),
  });

  // Digests: queued at each channel's time on its own clock, by the leader, then delivered in turn.
  const digests = createDigestScheduler({
    store,
    channels: config.channels,
    topicsOf: (channelId) => channels.current().find((c) => c.id === channelId)?.topics ?? [],
    clock,
    logger: stage('digest'),
    queued: () => void deliver().catch((error: unknown) => logger.error({ err: error }, 'delivery after a digest failed')),
  });

  // Instances sharing the store: every one reloads channel settings another changed, and one of
  // them, the leader, runs the work that must run once (platform sessions that allow only one, digests).
  const leaderTasks = [...adapters.values()].filter((a) => a.oneSession).map((a) => ({ name: `${a.name} session`, start: () => a.start(), stop: () => a.stop() }));
  if (config.channels.some((c) => c.digest)) leaderTasks.push({ name: 'digests', start: () => digests.start(), stop: () => digests.stop() });
  if (websub) leaderTasks.push(websub.leaderTask);
  const leader = createLeaderRole({ store, tasks: leaderTasks, retryMs: coordination.leaderRetryMs ?? 5_000, logger: stage('roles') });
  let settingsWatch: { stop(): Promise<void> } | null = null;
  const watchSettings = () => store.watchSettings(async () => {
    await channels.reload();
    logger.info('channel settings reloaded: another instance changed them');
  }, { checkEveryMs: coordination.settingsCheckMs ?? 5_000, onError: (error) => logger.warn({ err: error }, 'settings check failed; retried') });

  // Ready when the store answers and every chat adapter is connected (/readyz); an adapter whose
  // session runs on the leader only counts there.
  const probes = (): Probe[] => [
    { name: 'database', check: () => store.ping().then(() => null) },
    ...[...adapters.values()].map((adapter) => ({ name: adapter.name, check: async () => (adapter.oneSession && !leader.leading ? null : adapter.connectionProblem?.() ?? null) })),
  ];
  let http: HttpServer | null = null;

  const grace = config.poll.shutdownGrace;
  let stopRetries: (() => void) | null = null;
  let started = false;
  let stopping: Promise<void> | null = null;
  /** Stops polling, delivers what is queued (bounded), stops the adapters, closes the store. */
  async function shutdown(): Promise<void> {
    stopRetries?.();
    await scheduler.stop(grace);
    // Deliver what this run queued; a Radar that only answered commands posts nothing.
    // Bounded: what is not posted by then stays queued for the next start.
    if (started || cycle.polled) await deliver(clock() + grace).catch((error) => logger.error({ err: error }, 'final delivery failed'));
    await settingsWatch?.stop();
    await leader.stop();
    await websub?.stop();
    if (started) for (const adapter of adapters.values()) await adapter.stop();
    await http?.close();
    claims.stop();
    await fetchers.close();
    await store.close();
  }
  return {
    store,
    learner,
    runCommand,
    pollOnce: (pollOptions) => cycle.pollOnce(pollOptions),
    httpUrl: () => http?.url ?? null,
    metrics,
    maintainSubscriptions: async () => {
      if (leader.leading) await websub?.maintain();
    },
    isLeader: () => leader.leading,
    runDigests: () => digests.runDue(),
    async start() {
      // First, so that /livez answers while the adapters connect (and /readyz says they are not yet).
      if (config.http) {
        metrics.withNodeMetrics();
        const page = {
          source: { store, clock },
          access: { token: config.http.pageToken, exposed: !isLoopbackHost(config.http.host) },
        };
        if (page.access.exposed && page.access.token === null) logger.warn({ host: config.http.host }, 'the status page is off: http.host is beyond loopback and no page token is set (http.pageToken, RADAR_PAGE_TOKEN)');
        await websub?.start();
        http = await startHttpServer(config.http, { probes, metrics: { metrics, ...config.metrics }, page, websub: websub?.routes, logger: stage('http') });
      }
      await startAdapters([...adapters.values()].filter((a) => !a.oneSession));
      started = true;
      settingsWatch = await watchSettings();
      await leader.start();
      scheduler.start();
      stopRetries = startRetryTimer(deliver, logger);
    },
    /** Safe to call more than once (a signal during shutdown): every call waits for the one shutdown. */
    stop: () => (stopping ??= shutdown()),
  };
}
