/**
 * The alert limits of one write on the SQLite store: the ledger's decisions, with the window's
 * count and the recent overflow rows read from the outbox (one writer at a time: the write holds the lock).
 */
import type Database from 'better-sqlite3';
import { AlertLedger, type AlertCandidate, type OverflowRow } from '../alert-ledger.ts';
import type { Row } from '../rows.ts';
import type { AlertLimits } from '../store.ts';

export class AlertBudget {
  private readonly ledger: AlertLedger;

  constructor(private readonly sql: (text: string) => Database.Statement, limits: AlertLimits) {
    this.ledger = new AlertLedger(limits);
  }

  /** See `AlertLedger.decide`. */
  decide(alert: AlertCandidate): 'queue' | 'hold' | 'skip' {
    const inWindow = this.ledger.counted(alert.channelId) ?? Number((this.sql(`
      SELECT COUNT(*) AS n FROM outbox WHERE channel_id = ? AND kind = 'alert' AND created_at > ?`).get(alert.channelId, alert.at - this.ledger.limits.windowMs) as Row).n);
    return this.ledger.decide(alert, inWindow);
  }

  /** Writes the overflow rows (see `AlertLedger.overflowWrite`). */
  writeOverflow(): void {
    for (const { held, since } of this.ledger.heldLines()) {
      const recent = this.sql(`
        SELECT id, status, payload, next_attempt_at FROM outbox WHERE channel_id = ? AND kind = 'overflow' AND created_at > ?
        ORDER BY id DESC`).all(held.channelId, since) as OverflowRow[];
      const write = this.ledger.overflowWrite(held, recent);
      if (write.kind === 'update') {
        this.sql('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify(write.payload), write.rowId);
      } else {
        this.sql(`
          INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
          VALUES (?, 'overflow', ?, NULL, ?, ?, ?)`).run(held.channelId, held.itemId, JSON.stringify(held.payload), write.dueAt, held.at);
      }
    }
  }
}
