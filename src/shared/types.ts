/**
 * The types every stage speaks. Platform types (Slack, Discord) never appear here.
 */

/** One entry of a feed, normalized by the parse stage. Times are epoch milliseconds. */
export interface FeedItem {
  /** Stable key within its feed: guid, else link, else a hash of title and date. */
  key: string;
  /** Absolute http(s) URL of the article, or null when the entry has none. */
  url: string | null;
  /** Plain text: HTML stripped, entities decoded, whitespace folded. May be empty. */
  title: string;
  /** Plain text summary (description, or the start of the content). May be empty. */
  summary: string;
  /** Plain text of the full content when the feed carries it, else empty. */
  content: string;
  publishedAt: number;
  author: string | null;
  categories: string[];
  /** ISO 639-1 language when the feed or entry says it ("en", "es"), else null. */
  lang: string | null;
}

/** A parsed document: channel-level fields and its items. */
export interface ParsedFeed {
  title: string | null;
  link: string | null;
  lang: string | null;
  items: FeedItem[];
  /** How long the feed asks readers to wait between reads, ms: RSS `<ttl>`, and `sy:updatePeriod` ÷ `sy:updateFrequency`. */
  ttlMs?: number | null;
  updatePeriodMs?: number | null;
}

/** A feed item as stored: with its row id, feed and the time Radar first saw it. */
export interface StoredItem extends FeedItem {
  id: number;
  feedId: string;
  fetchedAt: number;
}
