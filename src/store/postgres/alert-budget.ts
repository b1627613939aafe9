/**
 * The alert limits of one write on the PostgreSQL store: the ledger's decisions (alert-ledger.ts),
 * with the window's count and the recent overflow rows read on the write's client. The write holds
 * each alerted channel's advisory lock, so no other instance's write counts the same window meanwhile.
 */
import { AlertLedger, type AlertCandidate, type Held, type OverflowRow } from '../alert-ledger.ts';
import type { AlertLimits } from '../store.ts';
import type { Sql } from './connection.ts';

export class PgAlertBudget {
  private readonly ledger: AlertLedger;

  constructor(private readonly sql: Sql, limits: AlertLimits) {
    this.ledger = new AlertLedger(limits);
  }

  /** Whether the channel's window is counted already (else `decide` reads the outbox). */
  counts(channelId: string): boolean {
    return this.ledger.counted(channelId) !== null;
  }

  /** See `AlertLedger.decide`. */
  async decide(alert: AlertCandidate): Promise<'queue' | 'hold' | 'skip'> {
    const inWindow = this.ledger.counted(alert.channelId) ?? Number((await this.sql.one(
      `SELECT COUNT(*) AS n FROM outbox WHERE channel_id = $1 AND kind = 'alert' AND created_at > $2`,
      [alert.channelId, alert.at - this.ledger.limits.windowMs]))!.n);
    return this.ledger.decide(alert, inWindow);
  }

  /**
   * Writes the overflow rows (see `AlertLedger.overflowWrite`): a channel's recent rows in one read,
   * the updates and the new rows in one statement each. A line (one per channel and feed) looks only
   * at its feed's rows, so the lines of one write do not see each other's.
   */
  async writeOverflow(): Promise<void> {
    const lines = this.ledger.heldLines();
    if (lines.length === 0) return;
    const byChannel = new Map<string, Array<{ held: Held; since: number }>>();
    for (const line of lines) byChannel.set(line.held.channelId, [...(byChannel.get(line.held.channelId) ?? []), line]);
    const updates: { id: number[]; payload: string[] } = { id: [], payload: [] };
    const inserts: { channel: string[]; item: number[]; payload: string[]; due: number[]; at: number[] } = { channel: [], item: [], payload: [], due: [], at: [] };
    for (const [channelId, held] of byChannel) {
      const rows = await this.sql.rows(
        `SELECT id, status, payload, next_attempt_at, created_at FROM outbox WHERE channel_id = $1 AND kind = 'overflow' AND created_at > $2 ORDER BY id DESC`,
        [channelId, Math.min(...held.map((l) => l.since))]);
      for (const line of held) {
        const write = this.ledger.overflowWrite(line.held, rows.filter((r) => Number(r.created_at) > line.since) as unknown as OverflowRow[]);
        if (write.kind === 'update') {
          updates.id.push(write.rowId);
          updates.payload.push(JSON.stringify(write.payload));
        } else {
          inserts.channel.push(channelId);
          inserts.item.push(write.held.itemId);
          inserts.payload.push(JSON.stringify(write.held.payload));
          inserts.due.push(write.dueAt);
          inserts.at.push(write.held.at);
        }
      }
    }
    if (updates.id.length) {
      await this.sql.run('UPDATE outbox SET payload = u.payload FROM unnest($1::bigint[], $2::text[]) AS u (id, payload) WHERE outbox.id = u.id', [updates.id, updates.payload]);
    }
    if (inserts.channel.length) {
      await this.sql.run(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
        SELECT channel_id, 'overflow', item_id, NULL, payload, due, at
        FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) WITH ORDINALITY AS u (channel_id, item_id, payload, due, at, n)
        ORDER BY n`, [inserts.channel, inserts.item, inserts.payload, inserts.due, inserts.at]);
    }
  }
}
