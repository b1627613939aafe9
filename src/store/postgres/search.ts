/**
 * The search role of the PostgreSQL store: a generated tsvector over titles (weight A) and
 * summaries (B) in the `radar_text` configuration (unaccented, lower-cased, no stemming: English
 * and Spanish alike), with a GIN index. Items are indexed in their own write: nothing is pending.
 */
import { toHit } from '../rows.ts';
import type { ItemHit, SearchQuery, SearchStore, StoryHit } from '../store.ts';
import type { PgConnection } from './connection.ts';

/** Weights of D, C, B, A: a word in the title counts twice one in the summary. */
const WEIGHTS = '{0.1, 0.2, 0.5, 1.0}';

/**
 * A tsquery expression from plain terms, each bound as a parameter from `first` on: a word or a
 * phrase through phraseto_tsquery (no operator is live); a prefix as its words joined by <->, the
 * last with :*, after keeping only letters and digits (so nothing in it is tsquery syntax).
 */
export function tsQuery(terms: readonly string[], first: number): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  for (const term of terms) {
    const words = term.match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    params.push(term.endsWith('*') ? `${words.join(' <-> ')}:*` : words.join(' '));
    const n = first + params.length - 1;
    parts.push(term.endsWith('*') ? `to_tsquery('radar_text', $${n})` : `phraseto_tsquery('radar_text', $${n})`);
  }
  return { sql: parts.join(' && '), params };
}

export class PgSearch implements SearchStore {
  constructor(private readonly c: PgConnection) {}

  async indexPending(): Promise<number> {
    return 0;
  }

  async searchItems(query: SearchQuery): Promise<ItemHit[]> {
    const feedId = query.feedId ?? null;
    const base = [query.topics, feedId, query.since, query.lang, query.limit];
    const best = '(SELECT MAX(sc.score) FROM scores sc WHERE sc.item_id = i.id AND sc.topic_id = ANY($1::text[])) AS score';
    const filters = '($2::text IS NULL OR i.feed_id = $2) AND i.published_at >= $3 AND ($4::text IS NULL OR i.lang = $4)';
    const match = tsQuery(query.terms, base.length + 1);
    if (!match.sql) {
      // A feed's items without words: the most relevant first, then the newest.
      return (await this.c.sql.rows(`
        SELECT * FROM (
          SELECT i.*, f.name AS source, ${best} FROM items i JOIN feeds f ON f.id = i.feed_id WHERE ${filters}
        ) h ORDER BY COALESCE(h.score, 0) DESC, h.published_at DESC LIMIT $5`, base)).map(toHit);
    }
    // A relevant item ranks up to twice as high.
    return (await this.c.sql.rows(`
      SELECT * FROM (
        SELECT i.*, f.name AS source, ts_rank('${WEIGHTS}', i.search, q.query) AS rank, ${best}
        FROM items i JOIN feeds f ON f.id = i.feed_id, (SELECT ${match.sql} AS query) q
        WHERE i.search @@ q.query AND ${filters}
      ) h ORDER BY h.rank * (1 + COALESCE(h.score, 0)) DESC, h.published_at DESC LIMIT $5`, [...base, ...match.params])).map(toHit);
  }

  async topStories(query: { since: number; topics: readonly string[]; limit: number }): Promise<StoryHit[]> {
    // Per story its best-scoring item (DISTINCT ON), then the stories by that score.
    const rows = await this.c.sql.rows(`
      SELECT top.*, (SELECT COUNT(DISTINCT o.feed_id) FROM items o WHERE COALESCE(o.story_id, o.id) = top.story) AS outlets
      FROM (
        SELECT DISTINCT ON (COALESCE(i.story_id, i.id)) COALESCE(i.story_id, i.id) AS story, i.*, f.name AS source, s.score
        FROM items i JOIN feeds f ON f.id = i.feed_id
        JOIN LATERAL (SELECT MAX(sc.score) AS score FROM scores sc WHERE sc.item_id = i.id AND sc.topic_id = ANY($2::text[])) s ON s.score IS NOT NULL
        WHERE i.published_at >= $1
        ORDER BY COALESCE(i.story_id, i.id), s.score DESC, i.id
      ) top
      ORDER BY top.score DESC, top.published_at DESC LIMIT $3`, [query.since, query.topics, query.limit]);
    return rows.map((r) => ({ storyId: Number(r.story), item: toHit(r), outlets: Number(r.outlets) }));
  }

  async findItemByUrl(url: string, canonical: string | null): Promise<ItemHit | null> {
    const row = await this.c.sql.one(`
      SELECT i.*, f.name AS source, (SELECT MAX(score) FROM scores s WHERE s.item_id = i.id) AS score
      FROM items i JOIN feeds f ON f.id = i.feed_id
      WHERE i.url = $1 OR ($2::text IS NOT NULL AND i.canonical_url = $2)
      ORDER BY i.id DESC LIMIT 1`, [url, canonical]);
    return row ? toHit(row) : null;
  }
}
