/**
 * The alert limits of one write on the PostgreSQL store: the ledger's decisions (alert-ledger.ts),
 * with the window's count and the recent overflow rows read on the write's client. The write holds
 * each alerted channel's advisory lock, so no other instance's write counts the same window meanwhile.
 */
import { AlertLedger, type AlertCandidate, type OverflowRow } from '../alert-ledger.ts';
import type { AlertLimits } from '../store.ts';
import type { Sql } from './connection.ts';

export class PgAlertBudget {
  private readonly ledger: AlertLedger;

  constructor(private readonly sql: Sql, limits: AlertLimits) {
    this.ledger = new AlertLedger(limits);
  }

  /** See `AlertLedger.decide`. */
  async decide(alert: AlertCandidate): Promise<'queue' | 'hold' | 'skip'> {
    const inWindow = this.ledger.counted(alert.channelId) ?? Number((await this.sql.one(
      `SELECT COUNT(*) AS n FROM outbox WHERE channel_id = $1 AND kind = 'alert' AND created_at > $2`,
      [alert.channelId, alert.at - this.ledger.limits.windowMs]))!.n);
    return this.ledger.decide(alert, inWindow);
  }

  /** Writes the overflow rows (see `AlertLedger.overflowWrite`). */
  async writeOverflow(): Promise<void> {
    for (const { held, since } of this.ledger.heldLines()) {
      const recent = await this.sql.rows(
        `SELECT id, status, payload, next_attempt_at FROM outbox WHERE channel_id = $1 AND kind = 'overflow' AND created_at > $2 ORDER BY id DESC`,
        [held.channelId, since]) as unknown as OverflowRow[];
      const write = this.ledger.overflowWrite(held, recent);
      if (write.kind === 'update') {
        await this.sql.run('UPDATE outbox SET payload = $1 WHERE id = $2', [JSON.stringify(write.payload), write.rowId]);
      } else {
        await this.sql.run(
          `INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at) VALUES ($1, 'overflow', $2, NULL, $3, $4, $5)`,
          [held.channelId, held.itemId, JSON.stringify(held.payload), write.dueAt, held.at]);
      }
    }
  }
}
