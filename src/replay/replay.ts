/**
 * The end-to-end replay of real coverage: each outlet's items served as its own feed on 127.0.0.1,
 * revealed in publication order to the real pipeline (config, fetch, parse, score, stories, route,
 * outbox, delivery) with Radar's clock set to each moment, one channel at threshold 0 so that only
 * story grouping decides how many alerts a story gets. It returns what the channel received and
 * the story each item ended in; replay-figures.ts counts them against the items' events.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChatAdapter } from '../adapters/index.ts';
import { createRadar } from '../app.ts';
import { parseConfig, PROJECT_ROOT } from '../config/index.ts';
import { silentLogger } from '../shared/logger.ts';
import { startOutletServer } from './outlet-server.ts';
import type { ReplayItem } from './replay-items.ts';

export interface ReplayOptions {
  /** Topic file scored (default: config/topics/cartel-sovereignty.yaml); at threshold 0 it only explains. */
  topicFile?: string;
  /** How long after an item's publication the poll that reveals it runs (default one minute). */
  pollDelayMs?: number;
}

export interface ReplayRun {
  items: readonly ReplayItem[];
  /** Per item (same order as `items`): the story it ended in, or null when it was not stored. */
  storyOf: Array<number | null>;
  /** Top-level alerts the channel received, in order: the URL of each alert's item and its story. */
  alerts: Array<{ url: string | null; storyId: number | null }>;
  outlets: number;
  polls: number;
  /** Items Radar read before the moment of their publication (0 unless the replay is wrong). */
  readEarly: number;
  /** Alerts held back by the alert limits ("… and N more" lines); 0 unless the limits are too low for the items. */
  overflows: number;
}

export async function replayCoverage(items: readonly ReplayItem[], options: ReplayOptions = {}): Promise<ReplayRun> {
  const dir = mkdtempSync(join(tmpdir(), 'radar-replay-'));
  const server = await startOutletServer(items);
  const moments = [...new Set(items.map((i) => i.publishedAt))].sort((a, b) => a - b);
  const delay = options.pollDelayMs ?? 60_000;
  let now = (moments[0] ?? 0) - delay;
  const posted: Posted = { alerts: [], overflows: 0 };
  try {
    const topicFile = options.topicFile ?? resolve(PROJECT_ROOT, 'config/topics/cartel-sovereignty.yaml');
    const yaml = `
database: ${JSON.stringify(join(dir, 'replay.sqlite'))}
poll: { interval: 5m, jitter: 0 }
fetch: { articlesPerCycle: 0 }   # the items' own text only: their links are real pages, and a replay uses no network
alerts: { perFeedPerPoll: 1000, perChannelPerHour: 10000 }
topics:
  - { id: replay, file: ${JSON.stringify(topicFile)} }
channels:
  - { id: replay, adapter: console, target: replay, topics: [replay], threshold: 0 }
feeds:
${server.outlets.map((o) => `  - { id: ${JSON.stringify(o.id)}, name: ${JSON.stringify(o.id)}, url: ${JSON.stringify(o.url)} }`).join('\n')}
`;
    const config = parseConfig(yaml, join(dir, 'replay.yaml'));
    const radar = await createRadar(config, { logger: silentLogger(), adapters: [recordingAdapter(posted)], clock: () => now });
    try {
      // A first poll before any item is out: every feed is read once (seeded), so that what each
      // reveals later is new and may alert, as for feeds Radar has been watching all along.
      server.revealUpTo(now);
      await radar.pollOnce();
      for (const moment of moments) {
        server.revealUpTo(moment);
        now = moment + delay;
        await radar.pollOnce();
      }
      const stored = await radar.store.searchItems({ terms: [], since: 0, lang: null, topics: [], limit: items.length * 2 + 10 });
      const byKey = new Map(stored.map((s) => [s.key, s]));
      const storyOfKey = (key: string): number | null => {
        const hit = byKey.get(key);
        return hit ? hit.storyId ?? hit.id : null;
      };
      return {
        items,
        storyOf: items.map((i) => storyOfKey(i.url)),
        alerts: posted.alerts.map((p) => ({ url: p.url, storyId: storyOfKey(p.itemKey) })),
        outlets: server.outlets.length,
        polls: moments.length + 1,
        readEarly: items.filter((i) => (byKey.get(i.url)?.fetchedAt ?? Infinity) < i.publishedAt).length,
        overflows: posted.overflows,
      };
    } finally {
      await radar.stop();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Posted {
  alerts: Array<{ itemKey: string; url: string | null }>;
  overflows: number;
}

/** Stands in for the console adapter of the replay's channel: keeps each top-level alert. */
function recordingAdapter(posted: Posted): ChatAdapter {
  let n = 0;
  return {
    name: 'console',
    async start() {},
    async post(_target, alert) {
      posted.alerts.push({ itemKey: alert.itemKey, url: alert.url });
      return `alert-${++n}`;
    },
    async reply() {
      return `follow-up-${++n}`;
    },
    async postOverflow() {
      posted.overflows++;
      return `overflow-${++n}`;
    },
    async postDigest() {
      return `digest-${++n}`;
    },
    async stop() {},
  };
}
