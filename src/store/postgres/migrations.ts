/**
 * Versioned schema of the PostgreSQL store (its own `schema_migrations` table, like the SQLite
 * store's). Append only: a released migration never changes. Times are epoch milliseconds.
 * Full-text search uses the `radar_text` configuration: words unaccented and lower-cased, without
 * stemming (English and Spanish items alike), indexed by a generated column with a GIN index.
 */
export const PG_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'feeds, items, scores, stories, outbox, channels; full-text search',
    sql: `
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE TEXT SEARCH CONFIGURATION radar_text (COPY = pg_catalog.simple);
      ALTER TEXT SEARCH CONFIGURATION radar_text ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

      CREATE TABLE feeds (
        id TEXT PRIMARY KEY, url TEXT NOT NULL, name TEXT NOT NULL, origin TEXT NOT NULL DEFAULT 'config',
        active INTEGER NOT NULL DEFAULT 1, seeded INTEGER NOT NULL DEFAULT 0,
        etag TEXT, last_modified TEXT, next_poll_at BIGINT NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_error_at BIGINT,
        last_success_at BIGINT, last_polled_at BIGINT
      );
      CREATE INDEX feeds_due ON feeds (active, next_poll_at);

      CREATE SEQUENCE items_id_seq;
      CREATE TABLE items (
        id BIGINT PRIMARY KEY DEFAULT nextval('items_id_seq'), story_id BIGINT,
        feed_id TEXT NOT NULL REFERENCES feeds (id), item_key TEXT NOT NULL,
        url TEXT, title TEXT NOT NULL, summary TEXT NOT NULL, content TEXT NOT NULL, author TEXT,
        categories TEXT NOT NULL, lang TEXT, published_at BIGINT NOT NULL, fetched_at BIGINT NOT NULL,
        canonical_url TEXT, signature BYTEA,
        search TSVECTOR GENERATED ALWAYS AS (
          setweight(to_tsvector('radar_text', title), 'A') || setweight(to_tsvector('radar_text', summary), 'B')
        ) STORED,
        UNIQUE (feed_id, item_key)
      );
      ALTER SEQUENCE items_id_seq OWNED BY items.id;
      CREATE INDEX items_fetched ON items (fetched_at);
      CREATE INDEX items_story ON items (story_id, feed_id);
      CREATE INDEX items_published ON items (published_at);
      CREATE INDEX items_url ON items (url);
      CREATE INDEX items_canonical_url ON items (canonical_url);
      CREATE INDEX items_search ON items USING GIN (search);

      CREATE TABLE scores (
        item_id BIGINT NOT NULL REFERENCES items (id),
        topic_id TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (item_id, topic_id)
      );

      CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY, channel_id TEXT NOT NULL, kind TEXT NOT NULL,
        item_id BIGINT NOT NULL REFERENCES items (id), story_id BIGINT, payload TEXT NOT NULL, fallback TEXT,
        status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL, retry_at BIGINT, message_id TEXT, last_error TEXT,
        created_at BIGINT NOT NULL, sent_at BIGINT, failed_at BIGINT,
        UNIQUE (channel_id, item_id, kind)
      );
      CREATE INDEX outbox_queue ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX outbox_retrying ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending' AND retry_at IS NOT NULL;
      CREATE INDEX outbox_story ON outbox (story_id, channel_id);
      CREATE INDEX outbox_channel_kind_created ON outbox (channel_id, kind, created_at);
      CREATE INDEX outbox_failed ON outbox (failed_at) WHERE status = 'failed';

      CREATE TABLE channels (
        id TEXT PRIMARY KEY, threshold DOUBLE PRECISION NOT NULL, topics TEXT NOT NULL, updated_at BIGINT NOT NULL, updated_by TEXT
      );
      CREATE TABLE channel_terms (
        channel_id TEXT NOT NULL REFERENCES channels (id), kind TEXT NOT NULL, term TEXT NOT NULL,
        added_at BIGINT NOT NULL, added_by TEXT,
        PRIMARY KEY (channel_id, kind, term)
      );
    `,
  },
  {
    version: 2,
    name: 'claimed work: feed claims with a lease; channel delivery leases with their shared pace',
    sql: `
      ALTER TABLE feeds ADD COLUMN claimed_by TEXT, ADD COLUMN claim_until BIGINT;
      CREATE TABLE channel_leases (
        channel TEXT PRIMARY KEY, owner TEXT, lease_until BIGINT, last_post_at BIGINT, blocked_until BIGINT
      );
    `,
  },
  {
    version: 3,
    name: 'items keep the transaction that wrote them, for story catch-up across instances',
    sql: `
      ALTER TABLE items ADD COLUMN write_xid BIGINT;
      ALTER TABLE items ALTER COLUMN write_xid SET DEFAULT pg_current_xact_id()::text::bigint;
      CREATE INDEX items_write_xid ON items (write_xid) WHERE signature IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'settings version: counts changes of channel settings, which every instance reloads',
    sql: `
      CREATE TABLE settings_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
      INSERT INTO settings_version VALUES (1, 0);
    `,
  },
  {
    version: 5,
    name: 'digests: outbox rows of their own kind, one per channel and key, without an item; alerts held by quiet hours',
    sql: `
      ALTER TABLE outbox ALTER COLUMN item_id DROP NOT NULL, ADD COLUMN digest_key TEXT;
      CREATE UNIQUE INDEX outbox_digest ON outbox (channel_id, digest_key) WHERE digest_key IS NOT NULL;
      CREATE INDEX outbox_held ON outbox (channel_id) WHERE status = 'held';
    `,
  },
  {
    version: 6,
    name: 'WebSub subscriptions, one per feed whose document names a hub',
    sql: `
      CREATE TABLE websub_subscriptions (
        feed_id TEXT PRIMARY KEY REFERENCES feeds (id), hub TEXT NOT NULL, topic TEXT NOT NULL,
        callback_id TEXT NOT NULL UNIQUE, secret TEXT NOT NULL, state TEXT NOT NULL,
        requested_at BIGINT, verified_at BIGINT, lease_until BIGINT, reason TEXT, retry_at BIGINT,
        version BIGINT NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 7,
    name: 'learning: per-channel examples from votes, and the model fitted to them',
    sql: `
      CREATE TABLE learning_examples (
        channel_id TEXT NOT NULL, item_id BIGINT NOT NULL, person TEXT NOT NULL, relevant BOOLEAN NOT NULL,
        topic_id TEXT NOT NULL, features TEXT NOT NULL, logit DOUBLE PRECISION NOT NULL, voted_at BIGINT NOT NULL,
        PRIMARY KEY (channel_id, item_id, person)
      );
      CREATE TABLE channel_models (channel_id TEXT PRIMARY KEY, model TEXT NOT NULL, updated_at BIGINT NOT NULL);
    `,
  },
  {
    version: 8,
    name: "a feed's poll schedule: the interval chosen, why, and its publishing rhythm",
    sql: `
      ALTER TABLE feeds ADD COLUMN poll_interval_ms BIGINT, ADD COLUMN poll_reason TEXT, ADD COLUMN rhythm TEXT;
    `,
  },
  {
    version: 9,
    name: 'feedback: votes on alerts per person, and stories muted per channel',
    sql: `
      CREATE TABLE votes (
        channel_id TEXT NOT NULL, item_id BIGINT NOT NULL REFERENCES items (id), person TEXT NOT NULL,
        vote TEXT NOT NULL, voted_at BIGINT NOT NULL,
        PRIMARY KEY (channel_id, item_id, person)
      );
      CREATE TABLE story_mutes (
        channel_id TEXT NOT NULL, story_id BIGINT NOT NULL, muted_by TEXT, muted_at BIGINT NOT NULL,
        PRIMARY KEY (story_id, channel_id)
      );
    `,
  },
];
