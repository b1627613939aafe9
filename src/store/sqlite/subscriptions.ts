/**
 * The WebSub subscriptions role of the SQLite store.
 */
import { toSubscription, type Row } from '../rows.ts';
import type { Subscription, SubscriptionStore } from '../store.ts';
import type { SqliteConnection } from './connection.ts';

export class SqliteSubscriptions implements SubscriptionStore {
  constructor(private readonly c: SqliteConnection) {}

  async listSubscriptions(): Promise<Subscription[]> {
    return (this.c.sql('SELECT * FROM websub_subscriptions ORDER BY feed_id').all() as Row[]).map(toSubscription);
  }

  async subscriptionByCallback(callbackId: string): Promise<Subscription | null> {
    const row = this.c.sql('SELECT * FROM websub_subscriptions WHERE callback_id = ?').get(callbackId) as Row | undefined;
    return row ? toSubscription(row) : null;
  }

  async noteHub(found: { feedId: string; hub: string; topic: string; callbackId: string; secret: string }): Promise<void> {
    this.c.sql(`
      INSERT INTO websub_subscriptions (feed_id, hub, topic, callback_id, secret, state) VALUES (?, ?, ?, ?, ?, 'discovered')
      ON CONFLICT (feed_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, callback_id = excluded.callback_id,
        secret = excluded.secret, state = 'discovered', requested_at = NULL, verified_at = NULL, lease_until = NULL,
        reason = NULL, retry_at = NULL, version = version + 1
      WHERE hub <> excluded.hub OR topic <> excluded.topic`).run(found.feedId, found.hub, found.topic, found.callbackId, found.secret);
  }

  async updateSubscription(sub: Subscription): Promise<boolean> {
    return this.c.sql(`
      UPDATE websub_subscriptions SET hub = ?, topic = ?, callback_id = ?, secret = ?, state = ?, requested_at = ?, verified_at = ?,
        lease_until = ?, reason = ?, retry_at = ?, version = version + 1
      WHERE feed_id = ? AND version = ?`)
      .run(sub.hub, sub.topic, sub.callbackId, sub.secret, sub.state, sub.requestedAt, sub.verifiedAt, sub.leaseUntil, sub.reason, sub.retryAt, sub.feedId, sub.version)
      .changes > 0;
  }

  async deleteSubscription(feedId: string, callbackId: string): Promise<void> {
    this.c.sql('DELETE FROM websub_subscriptions WHERE feed_id = ? AND callback_id = ?').run(feedId, callbackId);
  }
}
