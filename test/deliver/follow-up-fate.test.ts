/**
 * A follow-up is never posted without its story's alert. When the alert is given up (a permanent
 * error, or out of retries), the story's earliest report that alerts the channel becomes its alert
 * there; a follow-up with no such report is dropped with a log line. Through the delivery stage
 * over a real SQLite outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdapterError, type ChatAdapter } from '../../src/adapters/index.ts';
import { createDeliverer } from '../../src/deliver/index.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { type AlertPayload, type Store } from '../../src/store/index.ts';
import { item } from '../store/store.contract.ts';

const FINGERPRINT = { canonicalUrl: 'https://wire.example/story', signature: new Uint8Array([1, 2, 3]) };

function alert(key: string, source: string): AlertPayload {
  return { itemKey: key, title: `Title ${key}`, url: null, source, publishedAt: 0, summary: '', lang: null, topicId: 't', score: 0.9, matched: [], watchMatched: [] };
}

/** Posts and replies as the platform received them; posts fail with the scripted errors first. */
function recordingAdapter(failures: Error[] = []) {
  const calls: string[] = [];
  const adapter: ChatAdapter = {
    name: 'chat',
    async start() {},
    async stop() {},
    async post(_target, payload) {
      calls.push(`post ${payload.itemKey}`);
      const failure = failures.shift();
      if (failure) throw failure;
      return `m-${payload.itemKey}`;
    },
    async reply(_target, parent, payload) {
      calls.push(`reply ${parent} ${payload.reports.map((r) => r.source).join('+')}`);
      return 'r';
    },
    async postOverflow(_target, payload) {
      calls.push(`overflow ${payload.feedId}`);
      return 'o';
    },
    async postDigest(_target, payload) {
      calls.push(`digest ${payload.stories.length}`);
      return 'd';
    },
  };
  return { adapter, calls };
}

describe('a follow-up whose alert was not posted', () => {
  let dir: string;
  let store: Store;
  let now: number;
  let storyId: number;
  let logLines: Array<Record<string, unknown>>;

  /** A report of the story from `feed`: it alerts channel "a" on its own when `alerts`. */
  async function report(feed: string, key: string, alerts: boolean, followUpEveryMs = 0) {
    const source = feed.toUpperCase();
    await store.saveItems(feed, [{
      item: item(key), scores: [], fingerprint: FINGERPRINT,
      alerts: alerts ? [{ channelId: 'a', payload: alert(key, source) }] : [],
      followUp: { source, title: `Report ${key}`, url: null, publishedAt: now },
    }], { nextPollAt: 0, at: now }, { assignStory: () => storyId, followUpEveryMs });
  }

  function deliverer(adapter: ChatAdapter, maxAttempts?: number) {
    const sink = new Writable({ write(chunk: Buffer, _enc, done) { logLines.push(JSON.parse(chunk.toString('utf8'))); done(); } });
    return createDeliverer({
      store, adapters: new Map([['chat', adapter]]), channels: new Map([['a', { id: 'a', adapter: 'chat', target: 'A' }]]),
      logger: pino({ level: 'info' }, sink), clock: () => now, random: () => 0.5, maxAttempts,
    });
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'radar-follow-up-'));
    store = createSqliteStore(join(dir, 'radar.sqlite'));
    await store.migrate();
    await store.syncFeeds(['wire', 'press', 'agency', 'daily'].map((id) => ({ id, url: `https://${id}.example/feed`, name: id, origin: 'config' as const })));
    now = 1_000_000;
    logLines = [];
    [storyId] = (await store.saveItems('wire', [{
      item: item('s'), scores: [], alerts: [{ channelId: 'a', payload: alert('s', 'WIRE') }], fingerprint: FINGERPRINT,
      followUp: { source: 'WIRE', title: 'Report s', url: null, publishedAt: now },
    }], { nextPollAt: 0, at: now })) as [number];
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('becomes the story\'s alert when the alert fails for good, with the other reports in its thread', async () => {
    await report('agency', 'g1', false);
    await report('press', 'p1', true);
    const { adapter, calls } = recordingAdapter([new AdapterError('slack chat.postMessage: invalid_blocks', { permanent: true })]);

    expect(await deliverer(adapter).drain()).toEqual({ sent: 2, retrying: 0, failed: 1 });
    expect(calls).toEqual(['post s', 'post p1', 'reply m-p1 AGENCY']);
    expect(logLines.find((l) => l.msg === 'the story\'s alert was not posted: its next report becomes the alert')).toMatchObject({ channel: 'a', storyId, reports: 2 });
    expect((await store.counts(0)).pendingOutbox).toBe(0);
  });

  it('waits while its alert waits for a retry, and is settled once the alert runs out of retries', async () => {
    const { adapter, calls } = recordingAdapter([new Error('ECONNRESET'), new Error('ECONNRESET')]);
    const radar = deliverer(adapter, 2);
    expect(await radar.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    await report('press', 'p1', true); // due at once, while the alert waits for its retry

    expect(await radar.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(calls).toEqual(['post s']);
    now += 3_600_000;
    expect(await radar.drain()).toEqual({ sent: 1, retrying: 0, failed: 1 });
    expect(calls).toEqual(['post s', 'post s', 'post p1']);
  });

  it('is dropped with a log line when no report alerts the channel; a later report that does becomes the alert', async () => {
    await report('agency', 'g1', false);
    const { adapter, calls } = recordingAdapter([new AdapterError('slack chat.postMessage: not_in_channel', { permanent: true })]);
    const radar = deliverer(adapter);
    expect(await radar.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(logLines.find((l) => l.msg === 'follow-up dropped: the story\'s alert was not posted')).toMatchObject({ channel: 'a', storyId, reports: 1 });

    await report('press', 'p1', true);
    await report('daily', 'd1', false);
    expect(await radar.drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(calls).toEqual(['post s', 'post p1', 'reply m-p1 DAILY']);
  });

  it('goes behind a new alert of the story queued after the first was given up, and threads under it', async () => {
    await report('agency', 'g1', false, 600_000); // due in 10 minutes
    const { adapter, calls } = recordingAdapter([new AdapterError('slack chat.postMessage: not_in_channel', { permanent: true })]);
    const radar = deliverer(adapter);
    expect(await radar.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    now += 660_000; // the follow-up is due; before the next drain, a report queues the story's new alert
    await report('press', 'p1', true);

    const timed: ChatAdapter = { ...adapter, post: async (target, payload) => { now += 1_000; return adapter.post(target, payload); } };
    expect(await deliverer(timed).drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(calls).toEqual(['post s', 'post p1', 'reply m-p1 AGENCY']);
  });

  it('still threads under an alert posted earlier in the same drain', async () => {
    await report('press', 'p1', true);
    const { adapter, calls } = recordingAdapter();
    expect(await deliverer(adapter).drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(calls).toEqual(['post s', 'reply m-s PRESS']);
  });
});
