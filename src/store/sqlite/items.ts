/**
 * The items role of the SQLite store: every write of a poll happens in one transaction: items,
 * scores, stories, outbox rows and the feed's state land together or not at all. One write at a
 * time (IMMEDIATE), ids drawn inside it: a story mark is the largest item id, and the rows stored
 * since a mark are those above it (written by another process on the file, such as `radar poll`).
 */
import type {
  AlertPayload, FeedBatch, FeedStateUpdate, FollowUpReport, ItemStore, NewItem, SaveOptions, SavedBatch, StoryItemRow, StoryMark,
} from '../store.ts';
import { toStoryItem, type Fallback, type Row } from '../rows.ts';
import { addToFollowUp, newFollowUp } from '../follow-up-merge.ts';
import { AlertBudget } from './alert-budget.ts';
import type { SqliteConnection } from './connection.ts';
import { writeSuccess } from './feeds.ts';

export class SqliteItems implements ItemStore {
  constructor(private readonly c: SqliteConnection) {}

  private sql(text: string) {
    return this.c.sql(text);
  }

  async saveItems(feedId: string, items: NewItem[], state: FeedStateUpdate, options: SaveOptions = {}): Promise<number[]> {
    const [saved] = await this.saveBatches([{ feedId, items, state }], options);
    return saved!.ids;
  }

  async saveBatches(batches: FeedBatch[], options: SaveOptions = {}): Promise<SavedBatch[]> {
    // Each item is written with its id and, until grouping says otherwise, its own story: the id
    // SQLite would pick (one above the largest, one writer at a time), so most items take one write.
    const insertItem = this.sql(`
      INSERT INTO items (id, story_id, feed_id, item_key, url, title, summary, content, author, categories, lang, published_at, fetched_at, canonical_url, signature)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, item_key) DO NOTHING`);
    const lastId = this.sql('SELECT COALESCE(MAX(id), 0) AS n FROM items');
    const setStory = this.sql('UPDATE items SET story_id = ? WHERE id = ?');
    const insertScore = this.sql('INSERT INTO scores (item_id, topic_id, score) VALUES (?, ?, ?)');
    // An alert given up does not count: the story's next report that alerts the channel becomes its alert.
    const alerted = this.sql(`SELECT 1 FROM outbox WHERE story_id = ? AND channel_id = ? AND kind = 'alert' AND status <> 'failed' LIMIT 1`);
    const insertAlert = this.sql(`
      INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, next_attempt_at, created_at)
      VALUES (?, 'alert', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const order = options.order ?? batches.flatMap((b, i) => b.items.map((_, j) => [i, j] as const));
    const { catchUp } = options;
    return this.c.write(() => {
      if (catchUp) {
        const rows = this.sql(`${STORY_ROWS} AND id > ? ORDER BY published_at, id`).all(catchUp.since, Number(catchUp.mark)) as Row[];
        catchUp.apply(rows.map(toStoryItem), this.mark());
      }
      const saved: SavedBatch[] = batches.map((b) => ({ ids: b.items.map(() => 0), alerted: b.items.map(() => []), held: 0 }));
      const budget = options.alertLimits ? new AlertBudget((text) => this.sql(text), options.alertLimits) : null;
      let last = Number((lastId.get() as Row).n);
      order.forEach(([b, j], position) => {
        const { feedId, state } = batches[b]!;
        const entry = batches[b]!.items[j]!;
        const { item, scores, alerts, fingerprint } = entry;
        const result = insertItem.run(
          last + 1, last + 1, feedId, item.key, item.url, item.title, item.summary, item.content, item.author,
          JSON.stringify(item.categories), item.lang, item.publishedAt, state.at,
          fingerprint?.canonicalUrl ?? null, fingerprint ? Buffer.from(fingerprint.signature) : null,
        );
        if (result.changes === 0) return;
        const id = ++last;
        saved[b]!.ids[j] = id;
        const storyId = options.assignStory ? options.assignStory(position, id) : id;
        if (storyId !== id) setStory.run(storyId, id);
        for (const s of scores) insertScore.run(id, s.topicId, s.score);
        const alertedNow = new Set<string>();
        const wouldAlert = new Map<string, AlertPayload>();
        for (const a of alerts) {
          // One alert per story and channel: a later item of the story goes to the follow-up.
          if (storyId !== id && alerted.get(storyId, a.channelId)) {
            wouldAlert.set(a.channelId, a.payload);
            continue;
          }
          const decision = budget?.decide({ channelId: a.channelId, feedId, source: a.payload.source, itemId: id, storyId, at: state.at }) ?? 'queue';
          if (decision === 'hold') saved[b]!.held++;
          if (decision !== 'queue') continue;
          insertAlert.run(a.channelId, id, storyId, JSON.stringify(a.payload), state.at, state.at);
          alertedNow.add(a.channelId);
        }
        saved[b]!.alerted[j] = [...alertedNow];
        if (entry.followUp && storyId !== id) {
          this.addFollowUps(feedId, { itemId: id, storyId, report: entry.followUp, wouldAlert }, alertedNow, state.at, options.followUpEveryMs ?? 0);
        }
      });
      budget?.writeOverflow();
      for (const { feedId, state } of batches) writeSuccess(this.c, feedId, state);
      return saved;
    });
  }

  /**
   * Adds a report to the follow-up of every channel alerted about the story (save those that muted
   * it): appended to the
   * channel's pending follow-up, or a new one no sooner than `everyMs` after the channel's last
   * alert or follow-up of the story. An outlet that already has an item in the story (a republish,
   * an update) is not reported again. The earliest report that would have alerted a channel on its
   * own is kept with the follow-up: it becomes the story's alert there if the first one is given up.
   */
  private addFollowUps(feedId: string, added: AddedReport, skip: Set<string>, at: number, everyMs: number): void {
    const { itemId, storyId, report } = added;
    if (this.sql('SELECT 1 FROM items WHERE story_id = ? AND feed_id = ? AND id <> ? LIMIT 1').get(storyId, feedId, itemId)) return;
    const channels = this.sql(`
      SELECT channel_id, MAX(next_attempt_at) AS last, MIN(CASE WHEN kind = 'alert' THEN payload END) AS alert
      FROM outbox WHERE story_id = ? AND status <> 'failed'
        AND channel_id NOT IN (SELECT channel_id FROM story_mutes WHERE story_id = ?)
      GROUP BY channel_id
      HAVING SUM(CASE WHEN kind = 'alert' THEN 1 ELSE 0 END) > 0`).all(storyId, storyId) as Row[];
    for (const row of channels) {
      const channelId = String(row.channel_id);
      if (skip.has(channelId)) continue;
      const wouldAlert = added.wouldAlert.get(channelId);
      const candidate: Fallback | null = wouldAlert ? { itemId, alert: wouldAlert, report } : null;
      const pending = this.sql(`
        SELECT id, payload, fallback FROM outbox WHERE story_id = ? AND channel_id = ? AND kind = 'follow_up' AND status = 'pending'
        ORDER BY id DESC LIMIT 1`).get(storyId, channelId) as Row | undefined;
      if (pending) {
        const merged = addToFollowUp(pending, report, candidate);
        this.sql('UPDATE outbox SET payload = ?, fallback = ? WHERE id = ?').run(merged.payload, merged.fallback, pending.id);
        continue;
      }
      this.sql(`
        INSERT INTO outbox (channel_id, kind, item_id, story_id, payload, fallback, next_attempt_at, created_at)
        VALUES (?, 'follow_up', ?, ?, ?, ?, ?, ?)`)
        .run(channelId, itemId, storyId, newFollowUp(storyId, row.alert, report), candidate && JSON.stringify(candidate), Math.max(at, Number(row.last) + everyMs), at);
    }
  }

  async storyItems(since: number): Promise<StoryItemRow[]> {
    const rows = this.sql(`${STORY_ROWS} ORDER BY published_at, id`).all(since) as Row[];
    return rows.map(toStoryItem);
  }

  async storyMark(): Promise<StoryMark> {
    return this.mark();
  }

  private mark(): StoryMark {
    return String((this.sql('SELECT COALESCE(MAX(id), 0) AS n FROM items').get() as Row).n);
  }

}

/** Items with a story fingerprint published since a time (bind: since). */
const STORY_ROWS = `
  SELECT id, story_id, MIN(published_at, fetched_at) AS published_at, canonical_url, signature FROM items
  WHERE signature IS NOT NULL AND story_id IS NOT NULL AND published_at >= ?`;

/** An item that joined an earlier story, as its channels' follow-ups take it. */
interface AddedReport {
  itemId: number;
  storyId: number;
  report: FollowUpReport;
  /** Channels the item would have alerted on its own (each already had the story's alert), with that alert. */
  wouldAlert: ReadonlyMap<string, AlertPayload>;
}
