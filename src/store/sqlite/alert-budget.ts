/**
 * The alert limits of one write (see `AlertLimits` in store.ts): alerts counted per feed and channel
 * in this write, and per channel over the window (read from the outbox once per channel, then
 * counted along); what is held back is summed up per channel and feed in one overflow row each.
 */
import type Database from 'better-sqlite3';
import type { AlertLimits, OverflowPayload } from '../store.ts';

type Row = Record<string, unknown>;

interface Held {
  channelId: string;
  payload: OverflowPayload;
  /** The first held item: the overflow row's item. */
  itemId: number;
  at: number;
  /** Stories whose first report from the feed was held. */
  stories: Set<number>;
}

export class AlertBudget {
  private readonly inWrite = new Map<string, number>();
  private readonly inWindow = new Map<string, number>();
  private readonly held = new Map<string, Held>();

  constructor(private readonly sql: (text: string) => Database.Statement, private readonly limits: AlertLimits) {}

  /**
   * Decides an alert of `feedId`'s item (of story `storyId`) for `channelId` at `at`: 'queue' (counted),
   * 'hold' (over a limit: summed up in the overflow row), or 'skip' when the feed's item that started
   * the story here was held already (a second report of one held story is not counted twice).
   */
  decide(alert: { channelId: string; feedId: string; source: string; itemId: number; storyId: number; at: number }): 'queue' | 'hold' | 'skip' {
    const { channelId, feedId, at } = alert;
    const key = `${channelId}\n${feedId}`;
    const held = this.held.get(key);
    if (held?.stories.has(alert.storyId)) return 'skip';
    const inWrite = this.inWrite.get(key) ?? 0;
    const inWindow = this.inWindow.get(channelId) ?? Number((this.sql(`
      SELECT COUNT(*) AS n FROM outbox WHERE channel_id = ? AND kind = 'alert' AND created_at > ?`).get(channelId, at - this.limits.windowMs) as Row).n);
    if (inWrite < this.limits.perFeed && inWindow < this.limits.perChannel) {
      this.inWrite.set(key, inWrite + 1);
      this.inWindow.set(channelId, inWindow + 1);
      return 'queue';
    }
    this.inWindow.set(channelId, inWindow);
    if (held) {
      held.payload.count++;
      held.stories.add(alert.storyId);
    } else {
      this.held.set(key, { channelId, payload: { feedId, source: alert.source, count: 1 }, itemId: alert.itemId, at, stories: new Set([alert.storyId]) });
    }
    return 'hold';
  }

  /**
   * Writes the overflow rows: added to the channel's pending one for the feed, or a new one due no
   * sooner than the window after the feed's previous one in that channel.
   */
  writeOverflow(): void {
    for (const { channelId, payload, itemId, at } of this.held.values()) {
      const recent = (this.sql(`
        SELECT id, status, payload, next_attempt_at FROM outbox WHERE channel_id = ? AND kind = 'overflow' AND created_at > ?
        ORDER BY id DESC`).all(channelId, at - 2 * this.limits.windowMs) as Row[])
        .map((r) => ({ id: Number(r.id), pending: r.status === 'pending', dueAt: Number(r.next_attempt_at), payload: JSON.parse(String(r.payload)) as OverflowPayload }))
        .filter((r) => r.payload.feedId === payload.feedId);
      const pending = recent.find((r) => r.pending);
      if (pending) {
        const merged: OverflowPayload = { ...payload, count: pending.payload.count + payload.count };
        this.sql('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify(merged), pending.id);
        continue;
      }
      const previous = recent.length ? Math.max(...recent.map((r) => r.dueAt)) : -Infinity;
      this.sql(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
        VALUES (?, 'overflow', ?, NULL, ?, ?, ?)`).run(channelId, itemId, JSON.stringify(payload), Math.max(at, previous + this.limits.windowMs), at);
    }
  }
}
