/**
 * SQLite implementation of the Store (better-sqlite3, one file, WAL). Every write of a poll happens
 * in one transaction: items, scores, outbox rows and the feed's state land together or not at all.
 */
import type Database from 'better-sqlite3';
import { safeLine } from '../../shared/safe-text.ts';
import type {
  AlertPayload, ChannelSettings, FeedBatch, FeedDefinition, FeedRecord, FeedStateUpdate, FollowUpFate, FollowUpPayload, FollowUpReport, ItemHit,
  NewItem, OutboxRow, SaveOptions, SavedBatch, SearchQuery, Store, StoreCounts, StoryHit, StoryItemRow, TermKind,
} from '../store.ts';
import { AlertBudget } from './alert-budget.ts';
import { damaged, isCorruption, openDatabase } from './database-file.ts';
import { MIGRATIONS } from './migrations.ts';
import { OutboxQueue, type Fallback } from './outbox-queue.ts';

type Row = Record<string, unknown>;

/** Opens the database at `path` (created when there is no file); an empty or damaged file is refused with a StoreError. */
export function createSqliteStore(path: string): Store {
  return new SqliteStore(openDatabase(path), path);
}

class SqliteStore implements Store {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly outbox = new OutboxQueue((text) => this.sql(text), (fn) => this.write(fn));

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {}

  /**
   * Runs `fn` in a write transaction taken at BEGIN (IMMEDIATE): a transaction that reads first
   * and then writes would fail at once with SQLITE_BUSY, without waiting (busy_timeout) for
   * another process (`radar cmd` beside `radar run`) to finish its write.
   */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async migrate(): Promise<number> {
    try {
      return this.applyMigrations();
    } catch (error) {
      throw isCorruption(error) ? damaged(this.path, error) : error;
    }
  }

  private applyMigrations(): number {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)));
    let count = 0;
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.write(() => {
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      });
      count++;
    }
    return count;
  }

  async syncFeeds(feeds: FeedDefinition[]): Promise<void> {
    const upsert = this.sql(`
      INSERT INTO feeds (id, url, name, origin, active) VALUES (?, ?, ?, ?, 1)
      ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1`);
    this.write(() => {
      const ids = new Set(feeds.map((f) => f.id));
      for (const row of this.sql(`SELECT id FROM feeds WHERE origin = 'config' AND active = 1`).all() as Row[]) {
        if (!ids.has(String(row.id))) this.sql('UPDATE feeds SET active = 0 WHERE id = ?').run(row.id);
      }
      for (const f of feeds) {
        upsert.run(f.id, f.url, f.name, f.origin);
      }
    });
  }

  async listFeeds(): Promise<FeedRecord[]> {
    return (this.sql('SELECT * FROM feeds WHERE active = 1 ORDER BY id').all() as Row[]).map(toFeed);
  }

  async addFeed(feed: FeedDefinition, maxFromChat = Infinity): Promise<'added' | 'exists' | 'full'> {
    return this.write(() => {
      if (this.sql('SELECT 1 FROM feeds WHERE active = 1 AND (id = ? OR url = ?)').get(feed.id, feed.url)) return 'exists' as const;
      const fromChat = Number((this.sql(`SELECT COUNT(*) AS n FROM feeds WHERE active = 1 AND origin = 'chat'`).get() as Row).n);
      if (feed.origin === 'chat' && fromChat >= maxFromChat) return 'full' as const;
      this.sql(`
        INSERT INTO feeds (id, url, name, origin, active, next_poll_at) VALUES (?, ?, ?, ?, 1, 0)
        ON CONFLICT (id) DO UPDATE SET url = excluded.url, name = excluded.name, origin = excluded.origin, active = 1, next_poll_at = 0`)
        .run(feed.id, feed.url, feed.name, feed.origin);
      return 'added' as const;
    });
  }

  async removeFeed(url: string): Promise<'removed' | 'not_found' | 'config'> {
    const row = this.sql('SELECT id, origin FROM feeds WHERE active = 1 AND url = ?').get(url) as Row | undefined;
    if (!row) return 'not_found';
    if (row.origin !== 'chat') return 'config';
    this.sql('UPDATE feeds SET active = 0 WHERE id = ?').run(row.id);
    return 'removed';
  }

  async dueFeeds(now: number, limit: number): Promise<FeedRecord[]> {
    return (this.sql('SELECT * FROM feeds WHERE active = 1 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?').all(now, limit) as Row[]).map(toFeed);
  }

  async knownKeys(feedId: string, keys: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.sql(`SELECT item_key FROM items WHERE feed_id = ? AND item_key IN (${chunk.map(() => '?').join(',')})`).all(feedId, ...chunk) as Row[];
      for (const row of rows) known.add(String(row.item_key));
    }
    return known;
  }

  async saveItems(feedId: string, items: NewItem[], state: FeedStateUpdate, options: SaveOptions = {}): Promise<number[]> {
    const [saved] = await this.saveBatches([{ feedId, items, state }], options);
    return saved!.ids;
  }

  async saveBatches(batches: FeedBatch[], options: SaveOptions = {}): Promise<SavedBatch[]> {
    // Each item is written with its id and, until grouping says otherwise, its own story: the id
    // SQLite would pick (one above the largest, one writer at a time), so most items take one write.
    const insertItem = this.sql(`
      INSERT INTO items (id, story_id, feed_id, item_key, url, title, summary, content, author, categories, lang, published_at, fetched_at, canonical_url, signature)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, item_key) DO NOTHING`);
    const lastId = this.sql('SELECT COALESCE(MAX(id), 0) AS n FROM items');
    const setStory = this.sql('UPDATE items SET story_id = ? WHERE id = ?');
    const insertScore = this.sql('INSERT INTO scores (item_id, topic_id, score) VALUES (?, ?, ?)');
    // An alert given up does not count: the story's next report that alerts the channel becomes its alert.
    const alerted = this.sql(`SELECT 1 FROM outbox WHERE story_id = ? AND channel_id = ? AND kind = 'alert' AND status <> 'failed' LIMIT 1`);
    const insertAlert = this.sql(`
      INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
      VALUES (?, 'alert', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const order = options.order ?? batches.flatMap((b, i) => b.items.map((_, j) => [i, j] as const));
    return this.write(() => {
      const saved: SavedBatch[] = batches.map((b) => ({ ids: b.items.map(() => 0), alerted: b.items.map(() => []), held: 0 }));
      const budget = options.alertLimits ? new AlertBudget((text) => this.sql(text), options.alertLimits) : null;
      let last = Number((lastId.get() as Row).n);
      order.forEach(([b, j], position) => {
        const { feedId, state } = batches[b]!;
        const entry = batches[b]!.items[j]!;
        const { item, scores, alerts, fingerprint } = entry;
        const result = insertItem.run(
          last + 1, last + 1, feedId, item.key, item.url, item.title, item.summary, item.content, item.author,
          JSON.stringify(item.categories), item.lang, item.publishedAt, state.at,
          fingerprint?.canonicalUrl ?? null, fingerprint ? Buffer.from(fingerprint.signature) : null,
        );
        if (result.changes === 0) return;
        const id = ++last;
        saved[b]!.ids[j] = id;
        const storyId = options.assignStory ? options.assignStory(position, id) : id;
        if (storyId !== id) setStory.run(storyId, id);
        for (const s of scores) insertScore.run(id, s.topicId, s.score);
        const alertedNow = new Set<string>();
        const wouldAlert = new Map<string, AlertPayload>();
        for (const a of alerts) {
          // One alert per story and channel: a later item of the story goes to the follow-up.
          if (storyId !== id && alerted.get(storyId, a.channelId)) {
            wouldAlert.set(a.channelId, a.payload);
            continue;
          }
          const decision = budget?.decide({ channelId: a.channelId, feedId, source: a.payload.source, itemId: id, storyId, at: state.at }) ?? 'queue';
          if (decision === 'hold') saved[b]!.held++;
          if (decision !== 'queue') continue;
          insertAlert.run(a.channelId, id, storyId, JSON.stringify(a.payload), state.at, state.at);
          alertedNow.add(a.channelId);
        }
        saved[b]!.alerted[j] = [...alertedNow];
        if (entry.followUp && storyId !== id) {
          this.addFollowUps(feedId, { itemId: id, storyId, report: entry.followUp, wouldAlert }, alertedNow, state.at, options.followUpEveryMs ?? 0);
        }
      });
      budget?.writeOverflow();
      for (const { feedId, state } of batches) this.writeSuccess(feedId, state);
      return saved;
    });
  }

  /**
   * Adds a report to the follow-up of every channel alerted about the story: appended to the
   * channel's pending follow-up, or a new one no sooner than `everyMs` after the channel's last
   * alert or follow-up of the story. An outlet that already has an item in the story (a republish,
   * an update) is not reported again. The earliest report that would have alerted a channel on its
   * own is kept with the follow-up: it becomes the story's alert there if the first one is given up.
   */
  private addFollowUps(feedId: string, added: AddedReport, skip: Set<string>, at: number, everyMs: number): void {
    const { itemId, storyId, report } = added;
    if (this.sql('SELECT 1 FROM items WHERE story_id = ? AND feed_id = ? AND id <> ? LIMIT 1').get(storyId, feedId, itemId)) return;
    const channels = this.sql(`
      SELECT channel_id, MAX(next_attempt_at) AS last, MIN(CASE WHEN kind = 'alert' THEN payload END) AS alert
      FROM outbox WHERE story_id = ? AND status <> 'failed' GROUP BY channel_id
      HAVING SUM(CASE WHEN kind = 'alert' THEN 1 ELSE 0 END) > 0`).all(storyId) as Row[];
    for (const row of channels) {
      const channelId = String(row.channel_id);
      if (skip.has(channelId)) continue;
      const wouldAlert = added.wouldAlert.get(channelId);
      const candidate: Fallback | null = wouldAlert ? { itemId, alert: wouldAlert, report } : null;
      const pending = this.sql(`
        SELECT id, payload, fallback FROM outbox WHERE story_id = ? AND channel_id = ? AND kind = 'follow_up' AND status = 'pending'
        ORDER BY id DESC LIMIT 1`).get(storyId, channelId) as Row | undefined;
      if (pending) {
        const payload = JSON.parse(String(pending.payload)) as FollowUpPayload;
        payload.reports.push(report);
        payload.reports.sort((a, b) => a.publishedAt - b.publishedAt);
        const kept = pending.fallback === null ? null : (JSON.parse(String(pending.fallback)) as Fallback);
        const fallback = candidate && (!kept || candidate.report.publishedAt < kept.report.publishedAt) ? candidate : kept;
        this.sql('UPDATE outbox SET payload = ?, fallback = ? WHERE id = ?').run(JSON.stringify(payload), fallback && JSON.stringify(fallback), pending.id);
        continue;
      }
      const alert = JSON.parse(String(row.alert)) as AlertPayload;
      const payload: FollowUpPayload = { storyId, storyTitle: alert.title, reports: [report] };
      this.sql(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, fallback, next_attempt_at, created_at)
        VALUES (?, 'follow_up', ?, ?, ?, ?, ?, ?)`)
        .run(channelId, itemId, storyId, JSON.stringify(payload), candidate && JSON.stringify(candidate), Math.max(at, Number(row.last) + everyMs), at);
    }
  }

  async storyItems(since: number): Promise<StoryItemRow[]> {
    const rows = this.sql(`
      SELECT id, story_id, MIN(published_at, fetched_at) AS published_at, canonical_url, signature FROM items
      WHERE signature IS NOT NULL AND story_id IS NOT NULL AND published_at >= ?
      ORDER BY published_at, id`).all(since) as Row[];
    return rows.map((r) => ({
      itemId: Number(r.id),
      storyId: Number(r.story_id),
      publishedAt: Number(r.published_at),
      canonicalUrl: (r.canonical_url as string | null) ?? null,
      signature: new Uint8Array(r.signature as Buffer),
    }));
  }

  async recordSuccess(feedId: string, state: FeedStateUpdate): Promise<void> {
    this.writeSuccess(feedId, state);
  }

  private writeSuccess(feedId: string, state: FeedStateUpdate): void {
    this.sql(`
      UPDATE feeds SET etag = ?, last_modified = ?, next_poll_at = ?, consecutive_failures = 0,
        last_success_at = ?, last_polled_at = ?, seeded = 1
      WHERE id = ?`).run(state.etag ?? null, state.lastModified ?? null, state.nextPollAt, state.at, state.at, feedId);
  }

  async recordFailure(feedId: string, error: string, state: FeedStateUpdate): Promise<void> {
    this.sql(`
      UPDATE feeds SET next_poll_at = ?, consecutive_failures = consecutive_failures + 1,
        last_error = ?, last_error_at = ?, last_polled_at = ?
      WHERE id = ?`).run(state.nextPollAt, safeLine(error, 1000), state.at, state.at, feedId);
  }

  async dueChannels(now: number): Promise<string[]> {
    return this.outbox.dueChannels(now);
  }

  async pendingDeliveries(now: number, limit: number, channelId: string | null = null): Promise<OutboxRow[]> {
    return this.outbox.pending(now, limit, channelId);
  }

  async markDelivered(rowId: number, messageId: string, at: number): Promise<void> {
    this.outbox.markDelivered(rowId, messageId, at);
  }

  async markDeliveryFailed(rowId: number, error: string, retryAt: number | null, at: number): Promise<void> {
    this.outbox.markFailed(rowId, error, retryAt, at);
  }

  async resolveFollowUp(rowId: number, at: number): Promise<FollowUpFate> {
    return this.outbox.resolveFollowUp(rowId, at);
  }

  async counts(since: number): Promise<StoreCounts> {
    const one = (sql: string, ...args: unknown[]) => Number((this.sql(sql).get(...args) as Row).n);
    return {
      feeds: one('SELECT COUNT(*) AS n FROM feeds WHERE active = 1'),
      items: one('SELECT COUNT(*) AS n FROM items'),
      itemsSince: one('SELECT COUNT(*) AS n FROM items WHERE fetched_at >= ?', since),
      alertsSince: one(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alert' AND created_at >= ?`, since),
      pendingOutbox: one(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`),
      failingFeeds: one('SELECT COUNT(*) AS n FROM feeds WHERE active = 1 AND consecutive_failures > 0'),
      lastPollAt: (this.sql('SELECT MAX(last_polled_at) AS n FROM feeds').get() as Row).n === null
        ? null
        : one('SELECT MAX(last_polled_at) AS n FROM feeds'),
      deliveryFailures: (this.sql(`
        SELECT channel_id, COUNT(*) AS n,
          (SELECT last_error FROM outbox AS o2 WHERE o2.channel_id = o.channel_id AND o2.status = 'failed' AND o2.failed_at >= ?
            ORDER BY o2.failed_at DESC, o2.id DESC LIMIT 1) AS last_error
        FROM outbox AS o WHERE status = 'failed' AND failed_at >= ? GROUP BY channel_id ORDER BY channel_id`).all(since, since) as Row[])
        .map((r) => ({ channelId: r.channel_id as string, count: Number(r.n), lastError: (r.last_error as string | null) ?? null })),
    };
  }

  async seedChannels(channels: ChannelSettings[], at: number): Promise<void> {
    const insert = this.sql('INSERT INTO channels (id, threshold, topics, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    const term = this.sql('INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.write(() => {
      for (const c of channels) {
        if (insert.run(c.id, c.threshold, JSON.stringify(c.topics), at, 'config').changes === 0) continue;
        for (const t of c.watch) term.run(c.id, 'watch', t, at, 'config');
        for (const t of c.mute) term.run(c.id, 'mute', t, at, 'config');
      }
    });
  }

  async listChannels(): Promise<ChannelSettings[]> {
    const terms = this.sql('SELECT channel_id, kind, term FROM channel_terms ORDER BY added_at, term').all() as Row[];
    return (this.sql('SELECT * FROM channels ORDER BY id').all() as Row[]).map((r) => {
      const id = String(r.id);
      const of = (kind: TermKind) => terms.filter((t) => t.channel_id === id && t.kind === kind).map((t) => String(t.term));
      return { id, threshold: Number(r.threshold), topics: JSON.parse(String(r.topics)) as string[], watch: of('watch'), mute: of('mute') };
    });
  }

  async updateChannel(id: string, patch: { threshold?: number; topics?: string[] }, by: string, at: number): Promise<void> {
    if (patch.threshold !== undefined) this.sql('UPDATE channels SET threshold = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(patch.threshold, at, by, id);
    if (patch.topics !== undefined) this.sql('UPDATE channels SET topics = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(JSON.stringify(patch.topics), at, by, id);
  }

  async addChannelTerm(id: string, kind: TermKind, term: string, by: string, at: number, max = Infinity): Promise<'added' | 'exists' | 'full'> {
    return this.write(() => {
      if (this.sql('SELECT 1 FROM channel_terms WHERE channel_id = ? AND kind = ? AND term = ?').get(id, kind, term)) return 'exists' as const;
      const count = Number((this.sql('SELECT COUNT(*) AS n FROM channel_terms WHERE channel_id = ? AND kind = ?').get(id, kind) as Row).n);
      if (count >= max) return 'full' as const;
      this.sql('INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by) VALUES (?, ?, ?, ?, ?)').run(id, kind, term, at, by);
      return 'added' as const;
    });
  }

  async removeChannelTerm(id: string, kind: TermKind, term: string): Promise<boolean> {
    return this.sql('DELETE FROM channel_terms WHERE channel_id = ? AND kind = ? AND term = ?').run(id, kind, term).changes > 0;
  }

  async indexPending(): Promise<number> {
    // Ids grow with every insert and SQLite has one writer at a time, so "above the mark" is exactly
    // what is not indexed yet; chunks keep each write transaction short.
    const CHUNK = 20_000;
    const upTo = this.sql(`
      SELECT MAX(id) AS n FROM (SELECT id FROM items WHERE id > (SELECT indexed_through FROM fts_progress) ORDER BY id LIMIT ${CHUNK})`);
    const index = this.sql(`
      INSERT INTO items_fts (rowid, title, summary)
      SELECT id, title, summary FROM items WHERE id > (SELECT indexed_through FROM fts_progress) AND id <= ?`);
    const mark = this.sql('UPDATE fts_progress SET indexed_through = ?');
    // Read first: a search with nothing to index never takes the write lock.
    const pending = this.sql('SELECT EXISTS (SELECT 1 FROM items WHERE id > (SELECT indexed_through FROM fts_progress)) AS n');
    let total = 0;
    while ((pending.get() as Row).n) {
      if (total > 0) await new Promise((resolve) => setImmediate(resolve)); // let chat and timers run between chunks
      total += this.write(() => {
        const last = (upTo.get() as Row).n as number | null;
        if (last === null) return 0;
        const n = index.run(last).changes;
        mark.run(last);
        return n;
      });
    }
    return total;
  }

  async searchItems(query: SearchQuery): Promise<ItemHit[]> {
    const topics = JSON.stringify(query.topics);
    const feedId = query.feedId ?? null;
    const best = '(SELECT MAX(sc.score) FROM scores sc WHERE sc.item_id = i.id AND sc.topic_id IN (SELECT value FROM json_each(?))) AS score';
    if (query.match === null) {
      // A feed's items without words: the most relevant first, then the newest.
      const rows = this.sql(`
        SELECT i.*, f.name AS source, ${best}
        FROM items i JOIN feeds f ON f.id = i.feed_id
        WHERE (? IS NULL OR i.feed_id = ?) AND i.published_at >= ? AND (? IS NULL OR i.lang = ?)
        ORDER BY COALESCE(score, 0) DESC, i.published_at DESC
        LIMIT ?`).all(topics, feedId, feedId, query.since, query.lang, query.lang, query.limit) as Row[];
      return rows.map(toHit);
    }
    await this.indexPending();
    // bm25 is negative (more negative = better); a relevant item ranks up to twice as high.
    // The best score is looked up per matching item (scores' primary key), not aggregated over all.
    const rows = this.sql(`
      WITH hits AS (
        SELECT rowid AS id, bm25(items_fts, 2.0, 1.0) AS rank FROM items_fts WHERE items_fts MATCH ?
      )
      SELECT i.*, f.name AS source, h.rank AS rank, ${best}
      FROM hits h JOIN items i ON i.id = h.id JOIN feeds f ON f.id = i.feed_id
      WHERE (? IS NULL OR i.feed_id = ?) AND i.published_at >= ? AND (? IS NULL OR i.lang = ?)
      ORDER BY h.rank * (1 + COALESCE(score, 0)), i.published_at DESC
      LIMIT ?`).all(query.match, topics, feedId, feedId, query.since, query.lang, query.lang, query.limit) as Row[];
    return rows.map(toHit);
  }

  async topStories(query: { since: number; topics: readonly string[]; limit: number }): Promise<StoryHit[]> {
    const rows = this.sql(`
      WITH best AS (
        SELECT i.id, COALESCE(i.story_id, i.id) AS story, MAX(s.score) AS score
        FROM items i JOIN scores s ON s.item_id = i.id
        WHERE i.published_at >= ? AND s.topic_id IN (SELECT value FROM json_each(?))
        GROUP BY i.id
      ), ranked AS (
        SELECT story, id, score, ROW_NUMBER() OVER (PARTITION BY story ORDER BY score DESC, id) AS n FROM best
      )
      SELECT i.*, f.name AS source, r.score AS score,
        (SELECT COUNT(DISTINCT o.feed_id) FROM items o WHERE COALESCE(o.story_id, o.id) = r.story) AS outlets
      FROM ranked r JOIN items i ON i.id = r.id JOIN feeds f ON f.id = i.feed_id
      WHERE r.n = 1
      ORDER BY r.score DESC, i.published_at DESC
      LIMIT ?`).all(query.since, JSON.stringify(query.topics), query.limit) as Row[];
    return rows.map((r) => ({ storyId: Number(r.story_id ?? r.id), item: toHit(r), outlets: Number(r.outlets) }));
  }

  async findItemByUrl(url: string, canonical: string | null): Promise<ItemHit | null> {
    const row = this.sql(`
      SELECT i.*, f.name AS source, (SELECT MAX(score) FROM scores s WHERE s.item_id = i.id) AS score
      FROM items i JOIN feeds f ON f.id = i.feed_id
      WHERE i.url = ? OR (? IS NOT NULL AND i.canonical_url = ?)
      ORDER BY i.id DESC LIMIT 1`).get(url, canonical, canonical) as Row | undefined;
    return row ? toHit(row) : null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** An item that joined an earlier story, as its channels' follow-ups take it. */
interface AddedReport {
  itemId: number;
  storyId: number;
  report: FollowUpReport;
  /** Channels the item would have alerted on its own (each already had the story's alert), with that alert. */
  wouldAlert: ReadonlyMap<string, AlertPayload>;
}

function toFeed(r: Row): FeedRecord {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(r.id),
    url: String(r.url),
    name: String(r.name),
    origin: r.origin === 'chat' ? 'chat' : 'config',
    etag: (r.etag as string | null) ?? null,
    lastModified: (r.last_modified as string | null) ?? null,
    nextPollAt: Number(r.next_poll_at),
    consecutiveFailures: Number(r.consecutive_failures),
    lastError: (r.last_error as string | null) ?? null,
    lastErrorAt: num(r.last_error_at),
    lastSuccessAt: num(r.last_success_at),
    lastPolledAt: num(r.last_polled_at),
    seeded: Number(r.seeded) === 1,
  };
}

function toHit(r: Row): ItemHit {
  return {
    id: Number(r.id),
    feedId: String(r.feed_id),
    key: String(r.item_key),
    url: (r.url as string | null) ?? null,
    title: String(r.title),
    summary: String(r.summary),
    content: String(r.content),
    author: (r.author as string | null) ?? null,
    categories: JSON.parse(String(r.categories)) as string[],
    lang: (r.lang as string | null) ?? null,
    publishedAt: Number(r.published_at),
    fetchedAt: Number(r.fetched_at),
    source: String(r.source),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    storyId: r.story_id === null || r.story_id === undefined ? null : Number(r.story_id),
  };
}
