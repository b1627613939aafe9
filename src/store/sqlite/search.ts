/**
 * The search role of the SQLite store: FTS5 over titles and summaries (diacritics removed), filled
 * in batches after each cycle.
 */
import { toHit, type Row } from '../rows.ts';
import type { ItemHit, SearchQuery, SearchStore, StoryHit } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

/** An FTS5 query from plain terms: every term quoted (no operator is live), a trailing * kept as a prefix. */
export function ftsQuery(terms: readonly string[]): string {
  return terms.map((w) => {
    const prefix = w.endsWith('*') && !w.startsWith('"');
    const inner = (prefix ? w.slice(0, -1) : w).replace(/^"|"$/g, '').replace(/"/g, '""').trim();
    return inner ? `"${inner}"${prefix ? '*' : ''}` : '';
  }).filter(Boolean).join(' ');
}

export class SqliteSearch implements SearchStore {
  constructor(private readonly c: SqliteConnection) {}

  private sql(text: string) {
    return this.c.sql(text);
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
      total += this.c.write(() => {
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
    const match = ftsQuery(query.terms);
    if (!match) {
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
      LIMIT ?`).all(match, topics, feedId, feedId, query.since, query.lang, query.lang, query.limit) as Row[];
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

}
