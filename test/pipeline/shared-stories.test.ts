/**
 * Stories shared by several instances on one database: each instance has its own in-memory story
 * index, and two reports of one event written by two instances at the same moment still make one
 * story, one alert and a follow-up. On the server store, a write that commits after later rows were
 * read is not missed either. Through the real stores and the pipeline's story grouping.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createStoryGrouping, type StoryGrouping } from '../../src/pipeline/story-grouping.ts';
import type { FeedItem } from '../../src/shared/types.ts';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { NewItem, Store } from '../../src/store/index.ts';
import { encodeSignature, fingerprintItem, StoryIndex } from '../../src/stories/index.ts';
import { createTestSchema, describeOnPostgres, TEST_DATABASE_URL } from '../helpers/postgres.ts';

interface Report { title: string; summary: string; url: string; publishedAt: string }
interface Pair { a: Report; b: Report; same: boolean; kind: string }

const WINDOW = 72 * 3_600_000;
const FEEDS = [
  { id: 'wire', url: 'https://wire.example/rss', name: 'Wire', origin: 'config' as const },
  { id: 'press', url: 'https://press.example/rss', name: 'Press', origin: 'config' as const },
];

function toItem(key: string, r: Report): FeedItem {
  return { key, url: r.url, title: r.title, summary: r.summary, content: '', publishedAt: Date.parse(r.publishedAt), author: null, categories: [], lang: 'en' };
}

/**
 * Events reported by two English outlets (one per event), those that one index alone groups as
 * one story each and keeps apart from the others whichever of the two reports it reads first
 * (two instances writing at once may store them in either order): what two instances must decide alike.
 */
function events(): Array<{ a: FeedItem; b: FeedItem }> {
  const pairs = readFileSync(join(import.meta.dirname, '../stories/pairs.jsonl'), 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line) as Pair).filter((p) => p.same && p.kind === 'multi-outlet-en');
  const all = pairs.map((p, i) => ({ a: toItem(`a${i}`, p.a), b: toItem(`b${i}`, p.b) })).sort((x, y) => x.a.publishedAt - y.a.publishedAt);
  const grouped = (order: (e: { a: FeedItem; b: FeedItem }) => FeedItem[]): boolean[] => {
    const index = new StoryIndex({ windowMs: WINDOW });
    const storyOf = new Map<string, number>();
    let id = 0;
    for (const item of all.flatMap(order)) {
      const fp = fingerprintItem(item);
      const candidate = { publishedAt: item.publishedAt, ...fp };
      const storyId = index.match(candidate)?.storyId ?? ++id;
      index.add({ itemId: ++id, storyId, ...candidate });
      storyOf.set(item.key, storyId);
    }
    const stories = all.map((e) => storyOf.get(e.a.key));
    return all.map((e, i) => storyOf.get(e.b.key) === stories[i] && stories.indexOf(stories[i]) === i);
  };
  const inOrder = grouped((e) => [e.a, e.b]);
  const reversed = grouped((e) => [e.b, e.a]);
  return all.filter((_, i) => inOrder[i] && reversed[i]);
}

function newItem(item: FeedItem, source: string): NewItem {
  const fp = fingerprintItem(item);
  return {
    item,
    scores: [],
    alerts: [{ channelId: 'news', payload: { itemKey: item.key, title: item.title, url: item.url, source, publishedAt: item.publishedAt, summary: item.summary, lang: 'en', topicId: 't', score: 0.9, matched: [], watchMatched: [] } }],
    fingerprint: { canonicalUrl: fp.canonicalUrl, signature: encodeSignature(fp.signature) },
    followUp: { source, title: item.title, url: item.url, publishedAt: item.publishedAt },
  };
}

/** One instance: its store and its own story grouping, as the pipeline writes a poll's items. */
interface Instance { store: Store; stories: StoryGrouping }

async function write(instance: Instance, feedId: string, item: FeedItem, now: number): Promise<number> {
  const entries = [{ item, fingerprint: fingerprintItem(item), fetchedAt: now }];
  const [saved] = await instance.store.saveBatches([{ feedId, items: [newItem(item, feedId)], state: { nextPollAt: now + 300_000, at: now } }], {
    ...instance.stories.forWrite(entries, now), followUpEveryMs: 0,
  });
  return saved!.ids[0]!;
}

async function instances(open: () => Promise<Store>, now: number): Promise<[Instance, Instance]> {
  const made: Instance[] = [];
  for (let i = 0; i < 2; i++) {
    const store = await open();
    await store.migrate();
    await store.syncFeeds(FEEDS);
    const stories = createStoryGrouping(store, { windowMs: WINDOW, followUpEveryMs: 0 });
    await stories.reload(now);
    made.push({ store, stories });
  }
  return made as [Instance, Instance];
}

/** Two instances receive the two reports of each event at the same moment: one story, one alert, one follow-up each. */
async function sameMoment(open: () => Promise<Store>): Promise<void> {
  const list = events();
  expect(list.length).toBeGreaterThanOrEqual(5);
  const heard = (e: { a: FeedItem; b: FeedItem }) => Math.max(e.a.publishedAt, e.b.publishedAt) + 60_000;
  const [one, two] = await instances(open, heard(list[0]!));
  for (const event of list) {
    const now = heard(event);
    await Promise.all([write(one, 'wire', event.a, now), write(two, 'press', event.b, now)]);
  }
  const rows = await one.store.storyItems(0);
  const storyOf = new Map(rows.map((r) => [r.itemId, r.storyId]));
  expect(rows).toHaveLength(list.length * 2);
  const byStory = new Map<number, number[]>();
  for (const r of rows) byStory.set(r.storyId, [...(byStory.get(r.storyId) ?? []), r.itemId]);
  expect(byStory.size).toBe(list.length);
  for (const members of byStory.values()) expect(members).toHaveLength(2);
  const queued = await one.store.pendingDeliveries(heard(list.at(-1)!) + 1, 100);
  expect(queued.filter((r) => r.kind === 'alert')).toHaveLength(list.length);
  expect(queued.filter((r) => r.kind === 'follow_up')).toHaveLength(list.length);
  for (const row of queued) expect(row.storyId).toBe(storyOf.get(row.itemId));
  for (const story of byStory.keys()) expect(queued.filter((r) => r.storyId === story).map((r) => r.kind).sort()).toEqual(['alert', 'follow_up']);
  for (const instance of [one, two]) await instance.store.close();
}

describe('stories shared by two instances on one SQLite file', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two reports of one event from two instances at the same moment: one story, one alert, the other a follow-up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'radar-shared-'));
    await sameMoment(async () => createSqliteStore(join(dir, 'radar.sqlite')));
  });
});

describeOnPostgres('stories shared by instances on one PostgreSQL database', () => {
  const target = { kind: 'server' as const, url: TEST_DATABASE_URL, poolSize: 4, from: 'RADAR_TEST_DATABASE_URL' };
  let drop = async () => {};
  afterEach(async () => {
    await drop();
    drop = async () => {};
  });
  async function schema(): Promise<{ name: string; open: () => Promise<Store> }> {
    const made = await createTestSchema();
    drop = made.drop;
    return { name: made.schema, open: () => createPostgresStore(target, { schema: made.schema }) };
  }

  it('two reports of one event from two instances at the same moment: one story, one alert, the other a follow-up', async () => {
    await sameMoment((await schema()).open);
  });

  it('a write that commits after later rows were read is still seen before the next decision', async () => {
    const { name, open } = await schema();
    const [first, second, third] = events();
    const now = Math.max(...[first!, second!, third!].flatMap((e) => [e.a.publishedAt, e.b.publishedAt])) + 60_000;
    const [one, two] = await instances(open, now);
    // A slow writer: its item (the first event's first report) takes an id, and commits last.
    const slow = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${name}` });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const fp = fingerprintItem(first!.a);
      const { rows: [row] } = await slow.query(`
        INSERT INTO items (feed_id, item_key, url, title, summary, content, categories, lang, published_at, fetched_at, canonical_url, signature)
        VALUES ('wire', $1, $2, $3, $4, '', '[]', 'en', $5, $6, $7, $8) RETURNING id`,
      [first!.a.key, first!.a.url, first!.a.title, first!.a.summary, first!.a.publishedAt, now, fp.canonicalUrl, Buffer.from(encodeSignature(fp.signature))]);
      const slowId = Number(row.id);
      await slow.query('UPDATE items SET story_id = id WHERE id = $1', [slowId]);
      // Meanwhile the other instance stores a later item, and this one reads past it.
      const later = await write(two, 'press', second!.a, now);
      expect(later).toBeGreaterThan(slowId);
      await write(one, 'press', third!.a, now);
      await slow.query('COMMIT');
      // The second report of the first event joins the slow writer's story.
      const joined = await write(one, 'press', first!.b, now);
      const rows = await one.store.storyItems(0);
      expect(rows.find((r) => r.itemId === joined)?.storyId).toBe(slowId);
    } finally {
      await slow.end();
      for (const instance of [one, two]) await instance.store.close();
    }
  });
});
