/**
 * The path of one feed through Radar, in order: fetch → parse → (new items only) → extract (the
 * article page, when the feed says too little) → score → route → summarize → fingerprint. What it decides is written together with the other feeds of its poll
 * cycle (run-cycle.ts): items, their stories, scores, alerts and follow-ups in one transaction, the
 * story of each item decided inside it (story-grouping.ts). Delivery drains the outbox afterwards
 * (src/deliver). Every failure is caught and recorded on the feed: one broken feed never stops the others.
 */
import { readArticles, noArticles, type ArticleBudget, type ArticleCounts, type ArticleMode } from '../extract/index.ts';
import type { Fetcher } from '../fetch/index.ts';
import { secondsSince, type Metrics } from '../metrics/index.ts';
import { parseFeed } from '../parse/index.ts';
import type { RouteChannel } from '../route/index.ts';
import { needsExplanations, routeItem } from '../route/index.ts';
import { formatRhythm, observe, parseRhythm, planPoll, type PollPolicy, type ServerHints } from '../schedule/index.ts';
import { matchedTermsSummary, scoreItem, type ScoreResult, type Topic } from '../score/index.ts';
import { describeError, FetchError, isRadarError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { safeLine } from '../shared/safe-text.ts';
import type { FeedItem } from '../shared/types.ts';
import type { AlertLimits, AlertPayload, FeedBatch, FeedRecord, FeedStateUpdate, FeedStore, ItemStore, NewItem } from '../store/index.ts';
import { summarize } from '../summarize/index.ts';
import { articleFetcher } from './article-fetcher.ts';
import { encodeSignature, fingerprintItem, type StoryGrouping } from './story-grouping.ts';
import type { ItemFingerprint } from '../stories/index.ts';

export interface FeedSettings {
  name: string;
  /** The feed's fixed interval; null: the adaptive schedule decides (src/schedule). */
  intervalMs: number | null;
  lang: string | null;
  /** Topics scored for this feed; empty = all. */
  topics: readonly string[];
  /** When the item's article page is read (src/extract). */
  article: ArticleMode;
}

/** A feed document pushed by a WebSub hub (src/websub): read like a polled one, without a fetch. */
export interface PushedDocument {
  text: string;
  /** The topic URL it was pushed for (relative links resolve against it). */
  url: string;
}

/**
 * WebSub as the pipeline sees it (src/websub): whether a feed is pushed now (it is then polled at
 * the safety-net interval), and the hub links of each polled document, for discovery.
 */
export interface PushSubscriptions {
  isPushed(feedId: string, now: number): boolean;
  /** How often a pushed feed is still polled, at most. */
  safetyNetMs: number;
  /** A polled document, its `Link` header and URL: a hub it names is subscribed to. Never throws. */
  found(feed: FeedRecord, doc: { text: string; link: string | null; url: string }): Promise<void>;
}

export interface PipelineDeps {
  store: FeedStore & ItemStore;
  fetcher: Fetcher;
  /** The fetcher for feeds added from chat: public addresses only (see src/fetch/address-guard.ts). */
  chatFetcher: Fetcher;
  /** Settings of configured feeds by id; feeds added later fall back to the defaults. */
  feedSettings: ReadonlyMap<string, FeedSettings>;
  topics: ReadonlyMap<string, Topic>;
  /** Channels as they are now (commands may change them between items). */
  channels: () => readonly RouteChannel[];
  poll: { policy: PollPolicy; firstPollAlerts: number };
  /** Active feeds on a feed's host, for the host budget (src/schedule/host-feeds.ts); 1 when absent. */
  hostFeeds?: (url: string) => Promise<number>;
  /** Flood limits, checked in the write (config `alerts`). */
  alertLimits: AlertLimits;
  stories: StoryGrouping;
  summaryBudget: number;
  /** Article pages: at most `perCycle` read per poll cycle, a feed's within `timeoutMs`. */
  articles: { perCycle: number; timeoutMs: number };
  /** Counts fetches, items, article pages and alerts, and times scoring (src/metrics). */
  metrics?: Metrics;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  /** Decide but write nothing (for `radar poll --once --dry-run`). */
  dryRun?: boolean;
  /** WebSub subscriptions, when `websub.publicUrl` is set. */
  push?: PushSubscriptions;
}

export interface FeedRunResult {
  feedId: string;
  status: 'ok' | 'not_modified' | 'failed';
  parsed: number;
  fresh: number;
  /** Alerts queued (in a dry run: the alerts decided, before stories and limits). */
  alerts: Array<{ channelId: string; payload: AlertPayload }>;
  /** Alerts held back by the alert limits (summed up in an overflow line). */
  held: number;
  /** Article pages read for this feed's new items. */
  articles: ArticleCounts;
  error?: string;
}

/** A feed's new items with their decisions and fingerprints (null: not grouped), ready for its cycle's write. */
export interface DecidedBatch extends FeedBatch {
  fingerprints: Array<ItemFingerprint | null>;
}

export interface FeedRead {
  feed: FeedRecord;
  result: FeedRunResult;
  /** What the cycle writes for this feed (after a 304: its state alone); null after a failure (already recorded). */
  batch: DecidedBatch | null;
  /** Records a failure of this poll on the feed (when its write fails) and returns the failed result. */
  fail(error: unknown): Promise<FeedRunResult>;
}

/** Longest error text kept on a feed and shown by `/radar feeds` and `poll --once`. */
const ERROR_MAX = 500;

/**
 * Fetches, parses and decides one feed; a failure is recorded on the feed here, a 304 by the cycle's write.
 * `articleBudget` is the cycle's: how many article pages its feeds may still read. A `pushed`
 * document (WebSub) is read instead of fetching the feed; the feed's poll state stays as it was.
 */
export async function readFeed(feed: FeedRecord, deps: PipelineDeps, articleBudget: ArticleBudget, pushed?: PushedDocument): Promise<FeedRead> {
  const clock = deps.clock ?? Date.now;
  const at = clock();
  const settings = deps.feedSettings.get(feed.id) ?? { name: feed.name, intervalMs: null, lang: null, topics: [], article: 'auto' };
  const log = deps.logger.child({ feedId: feed.id });
  const hostFeeds = await (deps.hostFeeds?.(feed.url) ?? 1);
  const rhythm = parseRhythm(feed.rhythm);
  // A pushed feed is still polled, as a safety net, at a long interval.
  const isPushed = deps.push?.isPushed(feed.id, at) ?? false;
  const policy = deps.push ? { ...deps.poll.policy, pushedMs: deps.push.safetyNetMs } : deps.poll.policy;
  const schedule = (failures: number, hints: ServerHints, known = rhythm) => {
    const plan = planPoll({ now: at, policy, fixedMs: settings.intervalMs, rhythm: known, failures, hints, hostFeeds, pushed: isPushed, random: deps.random });
    return { nextPollAt: plan.at, pollIntervalMs: plan.intervalMs, pollReason: plan.reason };
  };
  const result: FeedRunResult = { feedId: feed.id, status: 'ok', parsed: 0, fresh: 0, alerts: [], held: 0, articles: noArticles() };
  const fail = async (error: unknown): Promise<FeedRunResult> => {
    // The database, not the feed, failed: nothing is recorded on the feed, which stays due, and the
    // cycle fails as a whole (the scheduler retries it with backoff).
    if (isRadarError(error, 'store_unavailable')) throw error;
    // Error text quotes what the server sent (a reason phrase, a piece of the body): one clean line.
    const message = safeLine(describeError(error), ERROR_MAX);
    const retryAfterMs = error instanceof FetchError ? error.retryAfterMs : null;
    const failures = feed.consecutiveFailures + 1;
    if (!deps.dryRun) await deps.store.recordFailure(feed.id, message, { ...schedule(failures, { retryAfterMs }), at });
    log.warn({ err: error, failures }, 'feed failed');
    return { ...result, alerts: [], held: 0, status: 'failed', error: message };
  };

  try {
    let document: PushedDocument;
    let state: FeedStateUpdate;
    let maxAgeMs: number | null = null;
    if (pushed) {
      document = pushed;
      state = { etag: feed.etag, lastModified: feed.lastModified, nextPollAt: feed.nextPollAt, at };
    } else {
      const fetcher = feed.origin === 'chat' ? deps.chatFetcher : deps.fetcher;
      const started = performance.now();
      const response = await fetcher.fetchFeed({ url: feed.url, etag: feed.etag, lastModified: feed.lastModified })
        .catch((error: unknown) => {
          deps.metrics?.fetchDuration.observe({ outcome: 'failed' }, secondsSince(started));
          throw error;
        });
      deps.metrics?.fetchDuration.observe({ outcome: response.status }, secondsSince(started));
      if (response.status === 'not_modified') {
        // A feed polled before its rhythm was kept starts observing now.
        const known = rhythm ?? observe(null, [], at);
        state = { etag: response.etag, lastModified: response.lastModified, ...schedule(0, { maxAgeMs: response.maxAgeMs }, known), ...(rhythm ? {} : { rhythm: formatRhythm(known) }), at };
        // Nothing new: the feed's state goes with the cycle's write (one statement for all such feeds).
        log.debug('not modified');
        return { feed, result: { ...result, status: 'not_modified' }, batch: { feedId: feed.id, items: [], state, fingerprints: [] }, fail };
      }
      document = { text: response.text, url: response.finalUrl };
      maxAgeMs = response.maxAgeMs;
      // Its next poll is planned once the document is parsed (RSS ttl, sy:updatePeriod, new items).
      state = { etag: response.etag, lastModified: response.lastModified, nextPollAt: at, at };
      if (!deps.dryRun) await deps.push?.found(feed, { text: response.text, link: response.link ?? null, url: response.finalUrl });
    }

    const parsed = await parseFeed(document.text, { url: document.url, fetchedAt: at });
    deps.metrics?.itemsParsed.inc(parsed.items.length);
    // A feed's items are stored only by a successful poll, which also marks it seeded: an unseeded feed has none.
    const known = feed.seeded ? await deps.store.knownKeys(feed.id, parsed.items.map((i) => i.key)) : new Set<string>();
    const fresh = parsed.items.filter((i) => !known.has(i.key));
    // The rhythm learns from new items' publication times; a feed without one yet from its whole document.
    const observed = observe(rhythm, (rhythm ? fresh : parsed.items).map((i) => i.publishedAt), at);
    if (!pushed) state = { ...state, ...schedule(0, { maxAgeMs, ttlMs: parsed.ttlMs, updatePeriodMs: parsed.updatePeriodMs }, observed) };
    if (observed !== rhythm) state = { ...state, rhythm: formatRhythm(observed) };
    const lang = settings.lang ?? parsed.lang;
    const alertable = feed.seeded ? null : newest(fresh, deps.poll.firstPollAlerts);
    const channels = deps.channels();
    // A channel whose feedback corrects scores reads the items' explained features.
    const explain = needsExplanations(channels);

    // Oldest first, so that the first report of a story is the one that starts it.
    const ordered = [...fresh].sort((a, b) => a.publishedAt - b.publishedAt);
    const mayAlert = ordered.map((raw) => alertable === null || alertable.has(raw));
    const withLang = ordered.map((raw) => (raw.lang || !lang ? raw : { ...raw, lang }));
    // Article pages only for items that may alert (a new feed's backlog never does).
    const candidates = withLang.filter((_, i) => mayAlert[i]);
    const articles = await readArticles(candidates, {
      mode: settings.article, budget: articleBudget, fetcherFor: articleFetcher(feed, deps), timeoutMs: deps.articles.timeoutMs, logger: log,
    });
    const read = new Map(candidates.map((item, i) => [item, articles.items[i]!]));
    const items = withLang.map((item) => read.get(item) ?? item);
    const fingerprints: Array<ItemFingerprint | null> = [];
    const decided: NewItem[] = items.map((item, i) => {
      const scoring = performance.now();
      const scores = scoreTopics(item, settings.topics, deps.topics, explain);
      deps.metrics?.scoringDuration.observe(secondsSince(scoring));
      const routes = mayAlert[i] ? routeItem(item, scores, channels, settings.name) : [];
      const alerts = routes.map((r) => ({ channelId: r.channelId, payload: alertPayload(item, settings.name, r, deps) }));
      const decision: NewItem = { item, scores: [...scores.values()].map((s) => ({ topicId: s.topicId, score: s.score })), alerts };
      // Story grouping covers items that may alert; a new feed's backlog is stored but not grouped.
      const fp = mayAlert[i] ? fingerprintItem(item) : null;
      fingerprints.push(fp);
      if (fp) {
        decision.fingerprint = { canonicalUrl: fp.canonicalUrl, signature: encodeSignature(fp.signature) };
        decision.followUp = { source: settings.name, title: item.title || summarize(item, 120), url: item.url, publishedAt: Math.min(item.publishedAt, at) };
      }
      return decision;
    });

    result.parsed = parsed.items.length;
    result.fresh = fresh.length;
    result.articles = articles.counts;
    result.alerts = decided.flatMap((d) => d.alerts);
    return { feed, result, batch: { feedId: feed.id, items: decided, state, fingerprints }, fail };
  } catch (error) {
    return { feed, result: await fail(error), batch: null, fail };
  }
}

/** The newest `count` items (by published time), which alone may alert on a feed's first poll. */
function newest(items: FeedItem[], count: number): Set<FeedItem> {
  return new Set([...items].sort((a, b) => b.publishedAt - a.publishedAt).slice(0, count));
}

function scoreTopics(item: FeedItem, only: readonly string[], topics: ReadonlyMap<string, Topic>, explain: boolean): Map<string, ScoreResult> {
  const scores = new Map<string, ScoreResult>();
  for (const [id, topic] of topics) {
    if (only.length && !only.includes(id)) continue;
    scores.set(id, scoreItem(item, topic, { explain }));
  }
  return scores;
}

function alertPayload(item: FeedItem, source: string, route: ReturnType<typeof routeItem>[number], deps: PipelineDeps): AlertPayload {
  const topic = route.topicId ? deps.topics.get(route.topicId) : undefined;
  // Explanations are built only for items that alert.
  const explanation = topic ? scoreItem(item, topic, { explain: true }).explanation : undefined;
  return {
    itemKey: item.key,
    title: item.title,
    url: item.url,
    source,
    publishedAt: item.publishedAt,
    summary: summarize(item, deps.summaryBudget),
    lang: item.lang,
    topicId: route.topicId,
    score: route.score,
    matched: explanation ? matchedTermsSummary(explanation, 6) : [],
    watchMatched: route.watchMatched,
  };
}
