/**
 * Versioned schema of the SQLite store. Append only: a released migration never changes.
 * Times are epoch milliseconds (BIGINT in PostgreSQL); SQL stays portable where it can.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'feeds, items, scores, outbox',
    sql: `
      CREATE TABLE feeds (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        name TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'config',
        active INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        next_poll_at BIGINT NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_error_at BIGINT,
        last_success_at BIGINT,
        last_polled_at BIGINT,
        seeded INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX feeds_due ON feeds (active, next_poll_at);

      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        feed_id TEXT NOT NULL REFERENCES feeds (id),
        item_key TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        content TEXT NOT NULL,
        author TEXT,
        categories TEXT NOT NULL,
        lang TEXT,
        published_at BIGINT NOT NULL,
        fetched_at BIGINT NOT NULL,
        UNIQUE (feed_id, item_key)
      );
      CREATE INDEX items_fetched ON items (fetched_at);

      CREATE TABLE scores (
        item_id INTEGER NOT NULL REFERENCES items (id),
        topic_id TEXT NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (item_id, topic_id)
      );

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items (id),
        story_id BIGINT,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        message_id TEXT,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        sent_at BIGINT,
        UNIQUE (channel_id, item_id, kind)
      );
      CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_waiting ON outbox (status, channel_id, next_attempt_at);
      CREATE INDEX outbox_story ON outbox (story_id, channel_id);
    `,
  },
  {
    version: 2,
    name: 'stories: fingerprints and story ids on items',
    sql: `
      ALTER TABLE items ADD COLUMN story_id BIGINT;
      ALTER TABLE items ADD COLUMN canonical_url TEXT;
      ALTER TABLE items ADD COLUMN signature BLOB;
      CREATE INDEX items_story ON items (story_id, feed_id);
      CREATE INDEX items_published ON items (published_at);
    `,
  },
  {
    version: 3,
    name: 'channel settings and terms; full-text search of items',
    sql: `
      CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        threshold REAL NOT NULL,
        topics TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        updated_by TEXT
      );
      CREATE TABLE channel_terms (
        channel_id TEXT NOT NULL REFERENCES channels (id),
        kind TEXT NOT NULL,
        term TEXT NOT NULL,
        added_at BIGINT NOT NULL,
        added_by TEXT,
        PRIMARY KEY (channel_id, kind, term)
      );
      CREATE VIRTUAL TABLE items_fts USING fts5(
        title, summary, content = 'items', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
      END;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
      END;
      INSERT INTO items_fts (items_fts) VALUES ('rebuild');
    `,
  },
  {
    version: 4,
    name: 'full-text index filled in batches after each cycle instead of a trigger per row',
    sql: `
      DROP TRIGGER items_fts_insert;
      CREATE TABLE fts_progress (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_through BIGINT NOT NULL
      );
      INSERT INTO fts_progress (id, indexed_through) SELECT 1, COALESCE(MAX(id), 0) FROM items;
      DROP TRIGGER items_fts_delete;
      CREATE TRIGGER items_fts_delete AFTER DELETE ON items WHEN old.id <= (SELECT indexed_through FROM fts_progress) BEGIN
        INSERT INTO items_fts (items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
      END;
    `,
  },
  {
    version: 5,
    name: 'when an outbox row was given up',
    sql: `
      ALTER TABLE outbox ADD COLUMN failed_at BIGINT;
      UPDATE outbox SET failed_at = created_at WHERE status = 'failed';
    `,
  },
  {
    version: 6,
    name: 'outbox: a channel queue read in order by index; retries kept apart',
    // next_attempt_at no longer moves on a retry: it is the row's place in its channel's queue
    // (ordered by next_attempt_at, id), and retry_at says when a failed row may be tried again.
    // A delivery batch then reads its rows straight off outbox_queue, whatever is scheduled ahead.
    sql: `
      ALTER TABLE outbox ADD COLUMN retry_at BIGINT;
      UPDATE outbox SET retry_at = next_attempt_at, next_attempt_at = created_at WHERE status = 'pending' AND attempts > 0;
      DROP INDEX outbox_waiting;
      CREATE INDEX outbox_queue ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX outbox_retrying ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending' AND retry_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'outbox: the alert a follow-up becomes when its story\'s alert is given up',
    sql: `
      ALTER TABLE outbox ADD COLUMN fallback TEXT;
    `,
  },
  {
    version: 8,
    name: "a channel's alerts by time, for the alert limits",
    sql: `
      CREATE INDEX outbox_channel_kind_created ON outbox (channel_id, kind, created_at);
    `,
  },
  {
    version: 9,
    name: 'claimed work: feed claims with a lease; channel delivery leases with their shared pace',
    sql: `
      ALTER TABLE feeds ADD COLUMN claimed_by TEXT;
      ALTER TABLE feeds ADD COLUMN claim_until BIGINT;
      CREATE TABLE channel_leases (
        channel TEXT PRIMARY KEY,
        owner TEXT,
        lease_until BIGINT,
        last_post_at BIGINT,
        blocked_until BIGINT
      );
    `,
  },
  {
    version: 10,
    name: 'settings version: counts changes of channel settings, which the running Radar reloads',
    sql: `
      CREATE TABLE settings_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT INTO settings_version VALUES (1, 0);
    `,
  },
  {
    version: 11,
    name: 'digests: outbox rows of their own kind, one per channel and key, without an item; alerts held by quiet hours',
    // SQLite cannot drop NOT NULL from a column: the outbox is rebuilt with item_id nullable (a
    // digest names no item) and a digest_key unique per channel, its indexes made again.
    sql: `
      CREATE TABLE outbox_new (
        id INTEGER PRIMARY KEY,
        channel_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        item_id INTEGER REFERENCES items (id),
        story_id BIGINT,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        message_id TEXT,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        sent_at BIGINT,
        failed_at BIGINT,
        retry_at BIGINT,
        fallback TEXT,
        digest_key TEXT,
        UNIQUE (channel_id, item_id, kind)
      );
      INSERT INTO outbox_new (id, channel_id, kind, item_id, story_id, payload, status, attempts, next_attempt_at, message_id,
        last_error, created_at, sent_at, failed_at, retry_at, fallback)
      SELECT id, channel_id, kind, item_id, story_id, payload, status, attempts, next_attempt_at, message_id,
        last_error, created_at, sent_at, failed_at, retry_at, fallback FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_story ON outbox (story_id, channel_id);
      CREATE INDEX outbox_queue ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX outbox_retrying ON outbox (channel_id, next_attempt_at, id) WHERE status = 'pending' AND retry_at IS NOT NULL;
      CREATE INDEX outbox_channel_kind_created ON outbox (channel_id, kind, created_at);
      CREATE UNIQUE INDEX outbox_digest ON outbox (channel_id, digest_key) WHERE digest_key IS NOT NULL;
      CREATE INDEX outbox_held ON outbox (channel_id) WHERE status = 'held';
    `,
  },
  {
    version: 12,
    name: 'WebSub subscriptions, one per feed whose document names a hub',
    sql: `
      CREATE TABLE websub_subscriptions (
        feed_id TEXT PRIMARY KEY REFERENCES feeds (id),
        hub TEXT NOT NULL,
        topic TEXT NOT NULL,
        callback_id TEXT NOT NULL UNIQUE,
        secret TEXT NOT NULL,
        state TEXT NOT NULL,
        requested_at BIGINT,
        verified_at BIGINT,
        lease_until BIGINT,
        reason TEXT,
        retry_at BIGINT,
        version INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    version: 13,
    name: 'learning: per-channel examples from votes, and the model fitted to them',
    sql: `
      CREATE TABLE learning_examples (
        channel_id TEXT NOT NULL,
        item_id INTEGER NOT NULL,
        person TEXT NOT NULL,
        relevant INTEGER NOT NULL,
        topic_id TEXT NOT NULL,
        features TEXT NOT NULL,
        logit REAL NOT NULL,
        voted_at BIGINT NOT NULL,
        PRIMARY KEY (channel_id, item_id, person)
      );
      CREATE TABLE channel_models (
        channel_id TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 14,
    name: "a feed's poll schedule: the interval chosen, why, and its publishing rhythm",
    sql: `
      ALTER TABLE feeds ADD COLUMN poll_interval_ms BIGINT;
      ALTER TABLE feeds ADD COLUMN poll_reason TEXT;
      ALTER TABLE feeds ADD COLUMN rhythm TEXT;
    `,
  },
  {
    version: 15,
    name: 'feedback: votes on alerts per person, and stories muted per channel',
    sql: `
      CREATE TABLE votes (
        channel_id TEXT NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items (id),
        person TEXT NOT NULL,
        vote TEXT NOT NULL,
        voted_at BIGINT NOT NULL,
        PRIMARY KEY (channel_id, item_id, person)
      );
      CREATE TABLE story_mutes (
        channel_id TEXT NOT NULL,
        story_id BIGINT NOT NULL,
        muted_by TEXT,
        muted_at BIGINT NOT NULL,
        PRIMARY KEY (story_id, channel_id)
      );
    `,
  },
];
