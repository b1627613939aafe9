/**
 * The alert limits of one write (see `AlertLimits` in store.ts), as both stores keep them: alerts
 * counted per feed and channel in this write, and per channel over the window (the store reads the
 * window's count once per channel, then the ledger counts along); what is held back is summed up
 * per channel and feed, one overflow row each, merged into a pending one or due a window after the previous.
 */
import type { AlertLimits, OverflowPayload } from './store.ts';

export interface AlertCandidate {
  channelId: string;
  feedId: string;
  source: string;
  itemId: number;
  storyId: number;
  at: number;
}

export interface Held {
  channelId: string;
  payload: OverflowPayload;
  /** The first held item: the overflow row's item. */
  itemId: number;
  at: number;
  /** Stories whose first report from the feed was held. */
  stories: Set<number>;
}

/** A recent overflow row of the channel, as the store reads it. */
export interface OverflowRow {
  id: number;
  status: unknown;
  payload: unknown;
  next_attempt_at: unknown;
}

/** What to write for one held line: add to the pending row, or a new row due at `dueAt`. */
export type OverflowWrite =
  | { kind: 'update'; rowId: number; payload: OverflowPayload }
  | { kind: 'insert'; held: Held; dueAt: number };

export class AlertLedger {
  private readonly inWrite = new Map<string, number>();
  private readonly inWindow = new Map<string, number>();
  private readonly held = new Map<string, Held>();

  constructor(readonly limits: AlertLimits) {}

  /** The channel's alerts already counted in this write's window, or null when the store must read it. */
  counted(channelId: string): number | null {
    return this.inWindow.get(channelId) ?? null;
  }

  /**
   * Decides an alert given the channel's count over the window: 'queue' (counted), 'hold' (over a
   * limit: summed up in the overflow row), or 'skip' when the feed's item that started the story
   * here was held already (a second report of one held story is not counted twice).
   */
  decide(alert: AlertCandidate, inWindow: number): 'queue' | 'hold' | 'skip' {
    const { channelId, feedId, at } = alert;
    const key = `${channelId}\n${feedId}`;
    const held = this.held.get(key);
    if (held?.stories.has(alert.storyId)) return 'skip';
    const inWrite = this.inWrite.get(key) ?? 0;
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

  /** The held lines, each with the time from which its channel's recent overflow rows are read. */
  heldLines(): Array<{ held: Held; since: number }> {
    return [...this.held.values()].map((held) => ({ held, since: held.at - 2 * this.limits.windowMs }));
  }

  /** What to write for a held line, given its channel's overflow rows since `since`, newest first. */
  overflowWrite(held: Held, recentRows: readonly OverflowRow[]): OverflowWrite {
    const recent = recentRows
      .map((r) => ({ id: Number(r.id), pending: r.status === 'pending', dueAt: Number(r.next_attempt_at), payload: JSON.parse(String(r.payload)) as OverflowPayload }))
      .filter((r) => r.payload.feedId === held.payload.feedId);
    const pending = recent.find((r) => r.pending);
    if (pending) return { kind: 'update', rowId: pending.id, payload: { ...held.payload, count: pending.payload.count + held.payload.count } };
    const previous = recent.length ? Math.max(...recent.map((r) => r.dueAt)) : -Infinity;
    return { kind: 'insert', held, dueAt: Math.max(held.at, previous + this.limits.windowMs) };
  }
}
