/**
 * Quiet hours and digests through the delivery stage over a real SQLite outbox: in a channel's
 * quiet hours an alert below the urgent score is held, an urgent one posts; the next digest lists
 * the held ones and releases them; a restart at the digest minute (a new scheduler over the same
 * database) queues no second digest. The clock is injected and starts from a time zone's calendar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliverer } from '../../src/deliver/index.ts';
import { createDigestScheduler, wallTime, type DigestSettings, type QuietHours } from '../../src/digest/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { AlertPayload, DigestPayload, Store } from '../../src/store/index.ts';
import { recordingAdapter } from '../helpers/recording-adapter.ts';
import { item } from '../store/store.contract.ts';

const ZONE = 'Europe/Madrid';
const MINUTE = 60_000;
const DIGEST: DigestSettings = { at: 8 * 60, timezone: ZONE, windowMs: 86_400_000, window: '24h' };
const QUIET: QuietHours = { from: 22 * 60, to: 7 * 60, timezone: ZONE, urgentScore: 0.9 };

/** The first instant after `from` when the wall clock in ZONE reads `minute`. */
function nextWall(minute: number, from: number): number {
  let t = Math.ceil(from / MINUTE) * MINUTE;
  while (wallTime(t, ZONE).minute !== minute) t += MINUTE;
  return t;
}

function alert(key: string, score: number): AlertPayload {
  return { itemKey: key, title: `Headline ${key}`, url: `https://wire.example/${key}`, source: 'Wire', publishedAt: 0, summary: '', lang: 'es', topicId: 't', score, matched: [], watchMatched: [] };
}

describe('quiet hours and digests', () => {
  let dir: string;
  let store: Store;
  let now: number;
  let seq = 0;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radar-quiet-'));
    store = createSqliteStore(join(dir, 'radar.sqlite'));
    await store.migrate();
    await store.syncFeeds([{ id: 'wire', url: 'https://wire.example/feed', name: 'Wire', origin: 'config' }]);
    now = nextWall(23 * 60, Date.now()); // 23:00 in Madrid: quiet
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function queueAlert(score: number): Promise<string> {
    const key = `k${++seq}`;
    await store.saveItems('wire', [{
      item: item(key), scores: [{ topicId: 't', score }], alerts: [{ channelId: 'desk', payload: alert(key, score) }],
      fingerprint: { canonicalUrl: `https://wire.example/${key}`, signature: new Uint8Array([seq]) },
    }], { nextPollAt: 0, at: now });
    return `Headline ${key}`;
  }

  function parts() {
    const recording = recordingAdapter('chat');
    const digests: DigestPayload[] = [];
    const postDigest = recording.adapter.postDigest.bind(recording.adapter);
    recording.adapter.postDigest = async (target, digest) => {
      digests.push(digest);
      return postDigest(target, digest);
    };
    const deliverer = createDeliverer({
      store, adapters: new Map([['chat', recording.adapter]]), channels: new Map([['desk', { id: 'desk', adapter: 'chat', target: 'D', quiet: QUIET }]]),
      logger: silentLogger(), clock: () => now, random: () => 0.5, sleep: async () => {},
    });
    const scheduler = () => createDigestScheduler({ store, channels: [{ id: 'desk', digest: DIGEST }], topicsOf: () => ['t'], clock: () => now, logger: silentLogger() });
    return { posts: recording.state.posts, digests, deliverer, scheduler };
  }

  it('holds alerts below the urgent score in quiet hours, posts urgent ones, and releases the held ones in the next digest', async () => {
    const { posts, digests, deliverer, scheduler } = parts();
    const low = await queueAlert(0.55);
    const urgent = await queueAlert(0.95);
    now += 30 * MINUTE;
    const other = await queueAlert(0.6);
    await deliverer.drain();
    expect(posts.map((p) => [p.kind, p.title])).toEqual([['alert', urgent]]);
    expect((await store.digestStories('desk', 0, ['t'])).held).toHaveLength(2);

    // Out of quiet hours, before the digest: alerts post again; nothing is due yet.
    now = nextWall(7 * 60, now);
    const morning = await queueAlert(0.5);
    expect(await scheduler().runDue()).toBe(0);
    await deliverer.drain();
    expect(posts.map((p) => p.title)).toEqual([urgent, morning]);

    // 08:00: the digest lists every story of the window, held ones marked, best first.
    now = nextWall(8 * 60, now);
    expect(await scheduler().runDue()).toBe(1);
    await deliverer.drain();
    expect(posts.map((p) => p.kind)).toEqual(['alert', 'alert', 'digest']);
    const [digest] = digests;
    expect(digest!.stories.map((s) => [s.title, s.held])).toEqual([[urgent, false], [other, true], [low, true], [morning, false]]);
    expect(digest).toMatchObject({ window: '24h', held: 2, more: 0, until: now });
    expect((await store.digestStories('desk', 0, ['t'])).held).toEqual([]);

    // The next night's held alert waits for the next day's digest, not this one again.
    now = nextWall(23 * 60, now);
    const late = await queueAlert(0.4);
    await deliverer.drain();
    expect(posts).toHaveLength(3);
    now = nextWall(8 * 60, now);
    expect(await scheduler().runDue()).toBe(1);
    await deliverer.drain();
    expect(digests[1]!.stories.map((s) => [s.title, s.held])).toEqual([[late, true]]);
  });

  it('sends one digest when Radar restarts at the digest minute', async () => {
    const { posts, deliverer, scheduler } = parts();
    await queueAlert(0.5);
    await deliverer.drain();
    now = nextWall(8 * 60, now);
    const first = scheduler();
    expect(await first.runDue()).toBe(1);
    // Killed before the post; the next process starts within the same minute, and again a minute later.
    now += 20_000;
    expect(await scheduler().runDue()).toBe(0);
    now += MINUTE;
    const again = scheduler();
    expect(await again.runDue()).toBe(0);
    expect(await again.runDue()).toBe(0);
    await deliverer.drain();
    expect(posts.filter((p) => p.kind === 'digest')).toHaveLength(1);
    await deliverer.drain();
    expect(posts.filter((p) => p.kind === 'digest')).toHaveLength(1);
  });
});
