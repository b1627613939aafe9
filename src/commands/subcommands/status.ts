/** `status`: last poll, items and alerts today, the delivery queue and failures, failing feeds. */
import { formatAge } from '../../shared/duration.ts';
import { noArguments } from '../args.ts';
import { defineCommand } from '../define.ts';
import { reply } from '../reply.ts';

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
    const startOfDay = new Date(now).setUTCHours(0, 0, 0, 0);
    const counts = await deps.store.counts(startOfDay);
    const failures = counts.deliveryFailures.map((f) => `${f.channelId}: ${f.count} not posted${f.lastError ? ` (${f.lastError.slice(0, 160)})` : ''}`);
    return reply([
      { type: 'heading', text: 'Radar status' },
      {
        type: 'fields', fields: [
          { label: 'Last poll', value: counts.lastPollAt === null ? 'never' : `${formatAge(now - counts.lastPollAt)} ago` },
          { label: 'Items today (UTC)', value: String(counts.itemsSince) },
          { label: 'Alerts today (UTC)', value: String(counts.alertsSince) },
          { label: 'Queue', value: `${counts.pendingOutbox} waiting to be posted` },
          { label: 'Feeds', value: `${counts.feeds}, ${counts.failingFeeds} failing` },
          { label: 'Delivery failures today', value: failures.length ? failures.join('; ') : 'none' },
        ],
      },
    ]);
  },
});
