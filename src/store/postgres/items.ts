/**
 * The items role of the PostgreSQL store: a poll's (or cycle's) items, scores, stories, outbox rows
 * and feeds' state in one transaction on one client. Locks (advisory, each class in key order and
 * story keys before channels, so two writers never wait on each other crosswise) serialise what
 * several instances decide:
 * - the story keys of the items, before the writer's story index catches up with what others
 *   stored and decides: two reports of one event written at once by two instances make one story;
 * - the alerted channels, before the checks of "one alert per story and channel" and of the alert
 *   limits, which then hold across instances.
 *
 * Catching up by item id would miss rows: ids are drawn when a row is written, so a write that
 * commits late has smaller ids than rows already read. Each row keeps instead the id of the
 * transaction that wrote it (`write_xid`), and a mark is a snapshot (`pg_current_snapshot()`): the
 * rows stored since a mark are those whose transaction it does not see. Under the story locks every
 * earlier writer of those keys has committed, so the catch-up sees every row the decision needs.
 */
import type {
  AlertPayload, FeedBatch, FeedStateUpdate, FollowUpReport, ItemStore, NewItem, SaveOptions, SavedBatch, StoryCatchUp, StoryItemRow, StoryMark,
} from '../store.ts';
import { toStoryItem, type Fallback } from '../rows.ts';
import { addToFollowUp, newFollowUp } from '../follow-up-merge.ts';
import { PgAlertBudget } from './alert-budget.ts';
import { LOCK, lock, type PgConnection, type Sql } from './connection.ts';
import { writeSuccesses } from './feeds.ts';

/** An item that joined an earlier story, as its channels' follow-ups take it. */
interface AddedReport {
  itemId: number;
  storyId: number;
  report: FollowUpReport;
  /** Channels the item would have alerted on its own (each already had the story's alert), with that alert. */
  wouldAlert: ReadonlyMap<string, AlertPayload>;
}

/** Ids for the rows of one write, drawn in one round trip. */
const DRAW_IDS = `SELECT nextval('items_id_seq') AS id FROM generate_series(1, $1::int)`;

/** A chunk of items in one statement (column arrays); an item already stored is skipped. Returns the ids written. */
const INSERT_ITEMS = `
  INSERT INTO items (id, story_id, feed_id, item_key, url, title, summary, content, author, categories, lang, published_at, fetched_at, canonical_url, signature)
  SELECT id, id, feed_id, item_key, url, title, summary, content, author, categories, lang, published_at, fetched_at, canonical_url, signature
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
    $11::bigint[], $12::bigint[], $13::text[], $14::bytea[])
    WITH ORDINALITY AS i (id, feed_id, item_key, url, title, summary, content, author, categories, lang, published_at, fetched_at, canonical_url, signature, n)
  ORDER BY n
  ON CONFLICT (feed_id, item_key) DO NOTHING RETURNING id`;

/** Rows per multi-row statement: round trips are what a networked store pays for, per statement. */
const CHUNK = 1_000;

/**
 * Advisory locks the story keys share (key modulo this): a write takes at most this many, however
 * many items it holds, which keeps the server's lock table small; keys that share a lock are merely
 * serialised.
 */
const STORY_LOCKS = 256;

/**
 * The rows others stored since a mark (a snapshot), and the new mark, in one statement (one
 * snapshot); the write's own rows, already inserted, are the writer's to decide.
 */
const CATCH_UP = `
  SELECT s.mark, i.id, i.story_id, LEAST(i.published_at, i.fetched_at) AS published_at, i.canonical_url, i.signature
  FROM (SELECT pg_current_snapshot()::text AS mark) AS s
  LEFT JOIN items AS i ON i.write_xid >= pg_snapshot_xmin($1::pg_snapshot)::text::bigint
    AND NOT pg_visible_in_snapshot(i.write_xid::text::xid8, $1::pg_snapshot)
    AND i.signature IS NOT NULL AND i.story_id IS NOT NULL AND i.published_at >= $2
    AND i.write_xid IS DISTINCT FROM pg_current_xact_id_if_assigned()::text::bigint
  ORDER BY i.published_at, i.id`;

/** Locks the write's story keys (in lock order), then hands the rows others stored since its mark to the writer. */
async function catchUpStories(sql: Sql, catchUp: StoryCatchUp): Promise<void> {
  const locks = [...new Set(catchUp.keys.map((k) => (k >>> 0) % STORY_LOCKS))].sort((a, b) => a - b);
  if (locks.length) await sql.rows('SELECT COUNT(pg_advisory_xact_lock($1::int, k)) FROM unnest($2::int[]) AS k', [LOCK.story, locks]);
  const rows = await sql.rows(CATCH_UP, [catchUp.mark, catchUp.since]);
  catchUp.apply(rows.filter((r) => r.id !== null).map(toStoryItem), String(rows[0]!.mark));
}

/** The (story, channel) pairs of the stories' alerts not given up, as `story\nchannel`. */
async function storiesAlerted(sql: Sql, stories: number[]): Promise<Set<string>> {
  if (stories.length === 0) return new Set();
  const rows = await sql.rows(`
    SELECT DISTINCT story_id, channel_id FROM outbox WHERE story_id = ANY($1::bigint[]) AND kind = 'alert' AND status <> 'failed'`, [stories]);
  return new Set(rows.map((r) => `${Number(r.story_id)}\n${String(r.channel_id)}`));
}

/** A write's alerts, inserted together (in the order queued) before anything reads the outbox. */
class PendingAlerts {
  private rows: { channel: string[]; item: number[]; story: number[]; payload: string[]; at: number[] } = { channel: [], item: [], story: [], payload: [], at: [] };

  constructor(private readonly sql: Sql) {}

  add(channelId: string, itemId: number, storyId: number, payload: string, at: number): void {
    this.rows.channel.push(channelId);
    this.rows.item.push(itemId);
    this.rows.story.push(storyId);
    this.rows.payload.push(payload);
    this.rows.at.push(at);
  }

  async flush(): Promise<void> {
    const { channel, item, story, payload, at } = this.rows;
    if (channel.length === 0) return;
    this.rows = { channel: [], item: [], story: [], payload: [], at: [] };
    await this.sql.run(`
      INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
      SELECT channel_id, 'alert', item_id, story_id, payload, at, at
      FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) WITH ORDINALITY AS u (channel_id, item_id, story_id, payload, at, n)
      ORDER BY n ON CONFLICT DO NOTHING`, [channel, item, story, payload, at]);
  }
}

export class PgItems implements ItemStore {
  constructor(private readonly c: PgConnection) {}

  async saveItems(feedId: string, items: NewItem[], state: FeedStateUpdate, options: SaveOptions = {}): Promise<number[]> {
    const [saved] = await this.saveBatches([{ feedId, items, state }], options);
    return saved!.ids;
  }

  async saveBatches(batches: FeedBatch[], options: SaveOptions = {}): Promise<SavedBatch[]> {
    const order = options.order ?? batches.flatMap((b, i) => b.items.map((_, j) => [i, j] as const));
    const channels = [...new Set(batches.flatMap((b) => b.items.flatMap((e) => e.alerts.map((a) => a.channelId))))].sort();
    return this.c.tx(async (sql) => {
      const saved: SavedBatch[] = batches.map((b) => ({ ids: b.items.map(() => 0), alerted: b.items.map(() => []), held: 0 }));
      const budget = options.alertLimits ? new PgAlertBudget(sql, options.alertLimits) : null;
      // Every item in a few statements (ids drawn first), then the decisions item by item in write order.
      const ids = order.length === 0 ? [] : (await sql.rows(DRAW_IDS, [order.length])).map((r) => Number(r.id)).sort((x, y) => x - y);
      const written = new Set<number>();
      for (let from = 0; from < order.length; from += CHUNK) {
        const chunk = order.slice(from, from + CHUNK).map(([b, j], k) => ({ id: ids[from + k]!, batch: batches[b]!, entry: batches[b]!.items[j]! }));
        const column = <T>(pick: (row: (typeof chunk)[number]) => T) => chunk.map(pick);
        const rows = await sql.rows(INSERT_ITEMS, [
          column((r) => r.id), column((r) => r.batch.feedId), column((r) => r.entry.item.key), column((r) => r.entry.item.url),
          column((r) => r.entry.item.title), column((r) => r.entry.item.summary), column((r) => r.entry.item.content),
          column((r) => r.entry.item.author), column((r) => JSON.stringify(r.entry.item.categories)), column((r) => r.entry.item.lang),
          column((r) => r.entry.item.publishedAt), column((r) => r.batch.state.at),
          column((r) => r.entry.fingerprint?.canonicalUrl ?? null), column((r) => (r.entry.fingerprint ? Buffer.from(r.entry.fingerprint.signature) : null)),
        ]);
        for (const row of rows) written.add(Number(row.id));
      }
      // The locks come after the rows are in (the inserts of several writers run side by side; what
      // they decide is serialised from here on), story keys before channels.
      if (options.catchUp) await catchUpStories(sql, options.catchUp);
      for (const channelId of channels) await lock(sql, LOCK.channel, `outbox\n${channelId}`);
      const scores: { item: number[]; topic: string[]; score: number[] } = { item: [], topic: [], score: [] };
      // Stories are set in one statement after the loop; meanwhile `reported` says which feeds this
      // write has put in which story (the follow-up check asks it before the stored rows).
      const stories: { item: number[]; story: number[] } = { item: [], story: [] };
      const reported = new Set<string>();
      // Stories first (in write order), so that the earlier stories' alerts are read in one statement.
      const storyOf = new Map<number, number>();
      for (const [position] of order.entries()) {
        const id = ids[position]!;
        if (written.has(id)) storyOf.set(id, options.assignStory ? options.assignStory(position, id) : id);
      }
      const alerted = await storiesAlerted(sql, [...new Set([...storyOf].filter(([id, story]) => story !== id && !written.has(story)).map(([, story]) => story))]);
      const alerts = new PendingAlerts(sql);
      for (const [position, [b, j]] of order.entries()) {
        const { feedId, state } = batches[b]!;
        const entry = batches[b]!.items[j]!;
        const { scores: itemScores } = entry;
        const id = ids[position]!;
        if (!written.has(id)) continue;
        saved[b]!.ids[j] = id;
        const storyId = storyOf.get(id)!;
        if (storyId !== id) {
          stories.item.push(id);
          stories.story.push(storyId);
        }
        const feedInStory = `${storyId}\n${feedId}`;
        const reportedBefore = reported.has(feedInStory);
        reported.add(feedInStory);
        for (const s of itemScores) {
          scores.item.push(id);
          scores.topic.push(s.topicId);
          scores.score.push(s.score);
        }
        const alertedNow = new Set<string>();
        const wouldAlert = new Map<string, AlertPayload>();
        for (const a of entry.alerts) {
          // One alert per story and channel (an alert given up does not count): a later item goes to the follow-up.
          const storyInChannel = `${storyId}\n${a.channelId}`;
          if (storyId !== id && alerted.has(storyInChannel)) {
            wouldAlert.set(a.channelId, a.payload);
            continue;
          }
          if (budget && !budget.counts(a.channelId)) await alerts.flush();
          const decision = budget ? await budget.decide({ channelId: a.channelId, feedId, source: a.payload.source, itemId: id, storyId, at: state.at }) : 'queue';
          if (decision === 'hold') saved[b]!.held++;
          if (decision !== 'queue') continue;
          alerts.add(a.channelId, id, storyId, JSON.stringify(a.payload), state.at);
          alerted.add(storyInChannel);
          alertedNow.add(a.channelId);
        }
        saved[b]!.alerted[j] = [...alertedNow];
        if (entry.followUp && storyId !== id && !reportedBefore) {
          await alerts.flush();
          await addFollowUps(sql, feedId, { itemId: id, storyId, report: entry.followUp, wouldAlert }, alertedNow, state.at, options.followUpEveryMs ?? 0);
        }
      }
      await alerts.flush();
      if (stories.item.length) {
        await sql.run('UPDATE items SET story_id = u.story FROM unnest($1::bigint[], $2::bigint[]) AS u (id, story) WHERE items.id = u.id', [stories.item, stories.story]);
      }
      for (let from = 0; from < scores.item.length; from += CHUNK) {
        await sql.run('INSERT INTO scores (item_id, topic_id, score) SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[])',
          [scores.item.slice(from, from + CHUNK), scores.topic.slice(from, from + CHUNK), scores.score.slice(from, from + CHUNK)]);
      }
      await budget?.writeOverflow();
      await writeSuccesses(sql, batches);
      return saved;
    });
  }

  async storyItems(since: number): Promise<StoryItemRow[]> {
    const rows = await this.c.sql.rows(`
      SELECT id, story_id, LEAST(published_at, fetched_at) AS published_at, canonical_url, signature FROM items
      WHERE signature IS NOT NULL AND story_id IS NOT NULL AND published_at >= $1
      ORDER BY published_at, id`, [since]);
    return rows.map(toStoryItem);
  }

  async storyMark(): Promise<StoryMark> {
    return String((await this.c.sql.one('SELECT pg_current_snapshot()::text AS mark'))!.mark);
  }
}

/**
 * Adds a report to the follow-up of every channel alerted about the story, as the SQLite store does
 * (see its items.ts); a pending follow-up is locked (FOR UPDATE) before its reports are extended.
 */
async function addFollowUps(sql: Sql, feedId: string, added: AddedReport, skip: Set<string>, at: number, everyMs: number): Promise<void> {
  const { itemId, storyId, report } = added;
  // None when the feed has reported the story before (one statement: a round trip per report counts).
  const channels = await sql.rows(`
    SELECT channel_id, MAX(next_attempt_at) AS last, MIN(CASE WHEN kind = 'alert' THEN payload END) AS alert
    FROM outbox WHERE story_id = $1 AND status <> 'failed'
      AND NOT EXISTS (SELECT 1 FROM items WHERE story_id = $1 AND feed_id = $2 AND id <> $3)
      AND channel_id NOT IN (SELECT channel_id FROM story_mutes WHERE story_id = $1)
    GROUP BY channel_id
    HAVING SUM(CASE WHEN kind = 'alert' THEN 1 ELSE 0 END) > 0 ORDER BY channel_id`, [storyId, feedId, itemId]);
  for (const row of channels) {
    const channelId = String(row.channel_id);
    if (skip.has(channelId)) continue;
    const wouldAlert = added.wouldAlert.get(channelId);
    const candidate: Fallback | null = wouldAlert ? { itemId, alert: wouldAlert, report } : null;
    const pending = await sql.one(`
      SELECT id, payload, fallback FROM outbox WHERE story_id = $1 AND channel_id = $2 AND kind = 'follow_up' AND status = 'pending'
      ORDER BY id DESC LIMIT 1 FOR UPDATE`, [storyId, channelId]);
    if (pending) {
      const merged = addToFollowUp(pending, report, candidate);
      await sql.run('UPDATE outbox SET payload = $1, fallback = $2 WHERE id = $3', [merged.payload, merged.fallback, pending.id]);
      continue;
    }
    await sql.run(`
      INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, fallback, next_attempt_at, created_at)
      VALUES ($1, 'follow_up', $2, $3, $4, $5, $6, $7)`,
    [channelId, itemId, storyId, newFollowUp(storyId, row.alert, report), candidate && JSON.stringify(candidate), Math.max(at, Number(row.last) + everyMs), at]);
  }
}
