/**
 * What the status page shows, read from the store at one moment (the injected clock): the figures
 * of `/radar status` (the same function computes both), the feeds with their health, today's
 * alerts per channel, the stories of the last 24 hours with their reports, alerts per hour over
 * the last 7 days, and the delivery queue. Every read is bounded (see the store's OverviewStore).
 */
import { startOfUtcDay, statusFields } from '../commands/index.ts';
import type { Clock } from '../shared/clock.ts';
import { feedMode } from '../websub/index.ts';
import type { ChannelAlerts, ChannelQueue, FeedRecord, OperatingState, OverviewStore, Store, StorySpread } from '../store/index.ts';

const HOUR = 3_600_000;
export const CHART_HOURS = 7 * 24;
/** Alerts listed per channel (the count says how many there were). */
export const ALERTS_PER_CHANNEL = 50;
export const TOP_STORIES = 10;
export const REPORTS_PER_STORY = 12;

/** The store's reads the page uses. */
export type StatusPageStore = OverviewStore & Pick<Store, 'counts' | 'listFeeds' | 'operatingState' | 'listSubscriptions'>;

export interface StatusPageSource {
  store: StatusPageStore;
  clock: Clock;
}

export interface FeedRow {
  feed: FeedRecord;
  /** The interval its last poll chose (null before its first poll), and why (src/schedule). */
  intervalMs: number | null;
  reason: string | null;
  /** How Radar hears of the feed's items: pushed by a WebSub hub, or polled. */
  mode: 'polled' | 'pushed';
  /** The lease left, or why a feed with a hub is not pushed (src/websub/mode.ts); null without a hub. */
  modeNote: string | null;
}

export interface StatusPageData {
  now: number;
  /** The fields of `/radar status`, as it shows them. */
  status: Array<{ label: string; value: string }>;
  feeds: FeedRow[];
  /** Today's (UTC) alerts, per channel of the outbox. */
  alerts: ChannelAlerts[];
  /** The last 24 hours' stories, the most widely reported first. */
  stories: StorySpread[];
  /** Alerts queued per hour, oldest first: `CHART_HOURS` hours ending with the current one. */
  hours: Array<{ hour: number; count: number }>;
  queue: Pick<OperatingState, 'outboxPending' | 'oldestPendingAt'>;
  queues: ChannelQueue[];
}

/** Reads everything the page shows, as of the clock's now. */
export async function readStatusPage(source: StatusPageSource): Promise<StatusPageData> {
  const { store } = source;
  const now = source.clock();
  const firstHour = Math.floor(now / HOUR) * HOUR - (CHART_HOURS - 1) * HOUR;
  const today = startOfUtcDay(now);
  const channels = await store.outboxChannels();
  const [status, feeds, subscriptions, alerts, perHour, stories, state, queues] = await Promise.all([
    statusFields(store, now),
    store.listFeeds(),
    store.listSubscriptions(),
    Promise.all(channels.map((id) => store.channelAlerts(id, today, ALERTS_PER_CHANNEL))),
    Promise.all(channels.map((id) => store.alertsPerHour(id, firstHour))),
    store.storySpreads(now - 24 * HOUR, TOP_STORIES, REPORTS_PER_STORY),
    store.operatingState(now),
    store.outboxQueues(),
  ]);
  const hours = Array.from({ length: CHART_HOURS }, (_, i) => ({ hour: firstHour + i * HOUR, count: 0 }));
  for (const counts of perHour) {
    for (const { hour, count } of counts) {
      const slot = hours[Math.round((hour - firstHour) / HOUR)];
      if (slot) slot.count += count;
    }
  }
  return {
    now,
    status,
    feeds: feeds.map((feed) => {
      const { mode, note } = feedMode(subscriptions.find((s) => s.feedId === feed.id), now);
      return { feed, intervalMs: feed.pollIntervalMs, reason: feed.pollReason, mode, modeNote: note };
    }),
    alerts: alerts.filter((a) => a.total > 0),
    stories,
    hours,
    queue: { outboxPending: state.outboxPending, oldestPendingAt: state.oldestPendingAt },
    queues,
  };
}
