/**
 * What `radar migrate --from … --to …` copies, table by table in an order that keeps every
 * reference valid (a feed before its items, an item before its scores, outbox rows and votes). Ids are
 * kept: story ids, follow-ups and outbox rows name items by id. Columns are those both stores have;
 * a column a store adds later keeps its default in the copy. Feed claims and channel leases are
 * not copied: they belong to the running instances, and the copy starts with none. WebSub
 * subscriptions are not copied either: their callbacks are the old deployment's; the copy finds the
 * hubs again at its first polls and subscribes anew.
 * What channels learned from their votes (examples and models) is copied.
 */
export interface CopiedTable {
  name: string;
  columns: readonly string[];
  /** Columns that hold bytes. */
  binary?: readonly string[];
}

export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'feeds',
    columns: ['id', 'url', 'name', 'origin', 'active', 'etag', 'last_modified', 'next_poll_at', 'consecutive_failures',
      'last_error', 'last_error_at', 'last_success_at', 'last_polled_at', 'seeded', 'poll_interval_ms', 'poll_reason', 'rhythm'],
  },
  {
    name: 'items',
    columns: ['id', 'story_id', 'feed_id', 'item_key', 'url', 'title', 'summary', 'content', 'author', 'categories', 'lang',
      'published_at', 'fetched_at', 'canonical_url', 'signature'],
    binary: ['signature'],
  },
  { name: 'scores', columns: ['item_id', 'topic_id', 'score'] },
  {
    name: 'outbox',
    columns: ['id', 'channel_id', 'kind', 'item_id', 'story_id', 'payload', 'fallback', 'status', 'attempts', 'next_attempt_at',
      'retry_at', 'message_id', 'last_error', 'created_at', 'sent_at', 'failed_at', 'digest_key'],
  },
  { name: 'channels', columns: ['id', 'threshold', 'topics', 'updated_at', 'updated_by'] },
  { name: 'channel_terms', columns: ['channel_id', 'kind', 'term', 'added_at', 'added_by'] },
  { name: 'learning_examples', columns: ['channel_id', 'item_id', 'person', 'relevant', 'topic_id', 'features', 'logit', 'voted_at'] },
  { name: 'channel_models', columns: ['channel_id', 'model', 'updated_at'] },
  { name: 'votes', columns: ['channel_id', 'item_id', 'person', 'vote', 'voted_at'] },
  { name: 'story_mutes', columns: ['channel_id', 'story_id', 'muted_by', 'muted_at'] },
];

/** A batch of one table's rows, read from the source in storage order. */
export interface TableBatch {
  table: CopiedTable;
  rows: Array<Record<string, unknown>>;
}

/** What a copy wrote, counted in the target after the write. */
export interface CopyCounts {
  feeds: number;
  channels: number;
  channelTerms: number;
  items: number;
  scores: number;
  /** Distinct stories among the items. */
  stories: number;
  outbox: { pending: number; sent: number; failed: number };
}
