/**
 * The WebSub subscriptions role of the PostgreSQL store. Every write is one statement; an update
 * names the version it read, so that two instances (the leader renewing, another taking the hub's
 * verification) never overwrite each other's change.
 */
import { toSubscription } from '../rows.ts';
import type { Subscription, SubscriptionStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

export class PgSubscriptions implements SubscriptionStore {
  constructor(private readonly c: PgConnection) {}

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.c.sql.rows('SELECT * FROM websub_subscriptions ORDER BY feed_id')).map(toSubscription);
  }

  async subscriptionByCallback(callbackId: string): Promise<Subscription | null> {
    const row = await this.c.sql.one('SELECT * FROM websub_subscriptions WHERE callback_id = $1', [callbackId]);
    return row ? toSubscription(row) : null;
  }

  async noteHub(found: { feedId: string; hub: string; topic: string; callbackId: string; secret: string }): Promise<void> {
    await this.c.sql.run(`
      INSERT INTO websub_subscriptions AS s (feed_id, hub, topic, callback_id, secret, state) VALUES ($1, $2, $3, $4, $5, 'discovered')
      ON CONFLICT (feed_id) DO UPDATE SET hub = excluded.hub, topic = excluded.topic, callback_id = excluded.callback_id,
        secret = excluded.secret, state = 'discovered', requested_at = NULL, verified_at = NULL, lease_until = NULL,
        reason = NULL, retry_at = NULL, version = s.version + 1
      WHERE s.hub <> excluded.hub OR s.topic <> excluded.topic`, [found.feedId, found.hub, found.topic, found.callbackId, found.secret]);
  }

  async updateSubscription(sub: Subscription): Promise<boolean> {
    const changed = await this.c.sql.run(`
      UPDATE websub_subscriptions SET hub = $1, topic = $2, callback_id = $3, secret = $4, state = $5, requested_at = $6, verified_at = $7,
        lease_until = $8, reason = $9, retry_at = $10, version = version + 1
      WHERE feed_id = $11 AND version = $12`,
    [sub.hub, sub.topic, sub.callbackId, sub.secret, sub.state, sub.requestedAt, sub.verifiedAt, sub.leaseUntil, sub.reason, sub.retryAt, sub.feedId, sub.version]);
    return changed > 0;
  }

  async deleteSubscription(feedId: string, callbackId: string): Promise<void> {
    await this.c.sql.run('DELETE FROM websub_subscriptions WHERE feed_id = $1 AND callback_id = $2', [feedId, callbackId]);
  }
}
