/**
 * Radar's Prometheus metrics, one registry per instance (instances in one process, as in tests,
 * never share counters). The stages count what passes through them; what the store knows (the
 * outbox, the feeds' health and schedule) and the story count are read when `/metrics` is scraped.
 * Names follow Prometheus practice: `radar_` prefix, base units (seconds), `_total` for counters.
 * Label values come from small fixed sets (outcomes, platform names), never a feed URL or item text.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OperatingState } from '../store/index.ts';

export type FetchOutcome = 'ok' | 'not_modified' | 'failed';
export type ArticleOutcome = 'extracted' | 'failed' | 'skipped';
export type DeliveryKind = 'alert' | 'follow_up' | 'overflow';
export type DeliveryOutcome = 'sent' | 'retried' | 'rate_limited' | 'given_up';

/** What the scrape reads besides the counters. */
export interface ScrapeSource {
  now(): number;
  state(now: number): Promise<OperatingState>;
  /** Stories with an item in the story window. */
  stories(): number;
}

/** Seconds between buckets of the per-item timings: tens of microseconds to a tenth of a second. */
const ITEM_BUCKETS = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];
/** A feed's fetch: a fraction of a second to the fetch timeout. */
const FETCH_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30];

export interface Metrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** A feed's fetch, by outcome (a failure is any error before a body was read). */
  fetchDuration: Histogram<'outcome'>;
  itemsParsed: Counter;
  itemsStored: Counter;
  /** Alerts written to the outbox (after stories and the alert limits). */
  alertsQueued: Counter;
  /** Article pages: extracted or failed (both fetched), or skipped for the cycle's budget. */
  articlePages: Counter<'outcome'>;
  scoringDuration: Histogram;
  groupingDuration: Histogram;
  /** Outbox rows posted or not, by platform (adapter name), kind and outcome. */
  deliveries: Counter<'platform' | 'kind' | 'outcome'>;
  unauthorized: Counter<'path'>;
  forbidden: Counter<'path'>;
  /** Adds the Node process metrics (event loop, heap, GC), once: a server that exposes them asks for them. */
  withNodeMetrics(): void;
  /** Reads the scrape-time gauges, then renders every metric in the text exposition format. */
  scrape(): Promise<string>;
}

export function createMetrics(source: ScrapeSource): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string = string>(name: string, help: string, labelNames: L[] = []) => new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string = string>(name: string, help: string, buckets: number[], labelNames: L[] = []) => new Histogram<L>({ name, help, buckets, labelNames, registers });
  const gauge = <L extends string = string>(name: string, help: string, labelNames: L[] = []) => new Gauge<L>({ name, help, labelNames, registers });

  const outboxPending = gauge('radar_outbox_pending', 'Outbox rows waiting to be posted (queued or due for a retry).');
  const outboxOldest = gauge('radar_outbox_oldest_pending_age_seconds', 'Age of the oldest outbox row waiting to be posted (0 when none waits).');
  const overdue = gauge('radar_feed_most_overdue_seconds', 'How long the most overdue feed has been due (0 when none is).');
  const feeds = gauge<'health'>('radar_feeds', 'Polled feeds by health: ok (read at its last poll), failing, unread (never read yet).', ['health']);
  const stories = gauge('radar_stories_in_window', 'Stories with an item in the story window (stories.window).');
  let nodeMetrics = false;

  const metrics: Metrics = {
    registry,
    contentType: registry.contentType,
    fetchDuration: histogram<'outcome'>('radar_feed_fetch_duration_seconds', 'Time to fetch a feed, by outcome (ok, not_modified, failed).', FETCH_BUCKETS, ['outcome']),
    itemsParsed: counter('radar_items_parsed_total', 'Items parsed from feeds (new or already known).'),
    itemsStored: counter('radar_items_stored_total', 'New items stored.'),
    alertsQueued: counter('radar_alerts_queued_total', 'Alerts queued in the outbox.'),
    articlePages: counter<'outcome'>('radar_article_pages_total', 'Article pages read for new items, by outcome: extracted, failed (both fetched), skipped (the cycle\'s budget was spent).', ['outcome']),
    scoringDuration: histogram('radar_item_scoring_duration_seconds', 'Time to score one new item against its topics.', ITEM_BUCKETS),
    groupingDuration: histogram('radar_item_grouping_duration_seconds', 'Time to file one new item under its story.', ITEM_BUCKETS),
    deliveries: counter<'platform' | 'kind' | 'outcome'>('radar_deliveries_total', 'Outbox rows by platform, kind (alert, follow_up, overflow) and outcome (sent, retried, rate_limited, given_up).', ['platform', 'kind', 'outcome']),
    unauthorized: counter<'path'>('radar_http_unauthorized_total', 'HTTP requests refused for a missing or wrong token.', ['path']),
    forbidden: counter<'path'>('radar_http_forbidden_total', 'HTTP requests refused for coming from outside the allowed networks.', ['path']),
    withNodeMetrics() {
      if (nodeMetrics) return;
      nodeMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
    async scrape() {
      const now = source.now();
      const state = await source.state(now);
      outboxPending.set(state.outboxPending);
      outboxOldest.set(state.oldestPendingAt === null ? 0 : Math.max(0, now - state.oldestPendingAt) / 1000);
      overdue.set(state.overdueSince === null ? 0 : Math.max(0, now - state.overdueSince) / 1000);
      for (const health of ['ok', 'failing', 'unread'] as const) feeds.set({ health }, state.feeds[health]);
      stories.set(source.stories());
      return registry.metrics();
    },
  };
  // Counters with labels show from the start at 0, so that a rate() sees their first increase.
  for (const outcome of ['ok', 'not_modified', 'failed'] as const) metrics.fetchDuration.zero({ outcome });
  for (const outcome of ['extracted', 'failed', 'skipped'] as const) metrics.articlePages.inc({ outcome }, 0);
  metrics.unauthorized.inc({ path: '/metrics' }, 0);
  metrics.unauthorized.inc({ path: '/' }, 0);
  metrics.forbidden.inc({ path: '/metrics' }, 0);
  return metrics;
}

/** Seconds since `start` (a `performance.now()` reading). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
