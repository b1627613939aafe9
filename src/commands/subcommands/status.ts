/**
 * `status`: last poll, items and alerts today, the delivery queue and failures, failing feeds.
 * The status page shows the same fields (`statusFields`), so both give the same figures.
 */
import { formatAge } from '../../shared/duration.ts';
import type { Store } from '../../store/index.ts';
import { noArguments } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply } from '../reply.ts';

/** Midnight UTC of the day of `now`: where "today" starts. */
export const startOfUtcDay = (now: number): number => new Date(now).setUTCHours(0, 0, 0, 0);

/** The figures of `/radar status` at `now`, as label/value pairs (one read of the store's counts). */
export async function statusFields(store: Pick<Store, 'counts'>, now: number): Promise<Array<{ label: string; value: string }>> {
  const counts = await store.counts(startOfUtcDay(now));
  const failures = counts.deliveryFailures.map((f) => `${f.channelId}: ${f.count} not posted${f.lastError ? ` (${f.lastError.slice(0, 160)})` : ''}`);
  return [
    { label: 'Last poll', value: counts.lastPollAt === null ? 'never' : `${formatAge(now - counts.lastPollAt)} ago` },
    { label: 'Items today (UTC)', value: String(counts.itemsSince) },
    { label: 'Alerts today (UTC)', value: String(counts.alertsSince) },
    { label: 'Queue', value: `${counts.pendingOutbox} waiting to be posted` },
    { label: 'Feeds', value: `${counts.feeds}, ${counts.failingFeeds} failing` },
    { label: 'Delivery failures today', value: failures.length ? failures.join('; ') : 'none' },
  ];
}

export const status = defineCommand({
  name: 'status',
  usage: 'status',
  example: '/radar status',
  about: 'last poll, items and alerts today, queue, failing feeds',
  mutates: false,
  parse(args) {
    noArguments('status', args);
    return { name: 'status' };
  },
  async run(_command, { deps, now }) {
    return reply([
      { type: 'heading', text: 'Radar status' },
      { type: 'fields', fields: await statusFields(deps.store, now) },
    ]);
  },
});
