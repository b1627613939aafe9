/**
 * The channel settings role of the SQLite store. Every change counts up the settings version in
 * its write (coordination.ts).
 */
import { toChannels, type Row } from '../rows.ts';
import type { ChannelSettings, ChannelStore, TermKind } from '../store.ts';
import type { SqliteConnection } from './connection.ts';
import { settingsChanged } from './coordination.ts';

export class SqliteChannels implements ChannelStore {
  constructor(private readonly c: SqliteConnection) {}

  async seedChannels(channels: ChannelSettings[], at: number): Promise<void> {
    const insert = this.c.sql('INSERT INTO channels (id, threshold, topics, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
    const term = this.c.sql('INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.c.write(() => {
      let seeded = 0;
      for (const ch of channels) {
        if (insert.run(ch.id, ch.threshold, JSON.stringify(ch.topics), at, 'config').changes === 0) continue;
        seeded++;
        for (const t of ch.watch) term.run(ch.id, 'watch', t, at, 'config');
        for (const t of ch.mute) term.run(ch.id, 'mute', t, at, 'config');
      }
      if (seeded) settingsChanged(this.c);
    });
  }

  async listChannels(): Promise<ChannelSettings[]> {
    const terms = this.c.sql('SELECT channel_id, kind, term FROM channel_terms ORDER BY added_at, term').all() as Row[];
    return toChannels(this.c.sql('SELECT * FROM channels ORDER BY id').all() as Row[], terms);
  }

  async updateChannel(id: string, patch: { threshold?: number; topics?: string[] }, by: string, at: number): Promise<void> {
    this.c.write(() => {
      let changed = 0;
      if (patch.threshold !== undefined) changed += this.c.sql('UPDATE channels SET threshold = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(patch.threshold, at, by, id).changes;
      if (patch.topics !== undefined) changed += this.c.sql('UPDATE channels SET topics = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(JSON.stringify(patch.topics), at, by, id).changes;
      if (changed) settingsChanged(this.c);
    });
  }

  async addChannelTerm(id: string, kind: TermKind, term: string, by: string, at: number, max = Infinity): Promise<'added' | 'exists' | 'full'> {
    return this.c.write(() => {
      if (this.c.sql('SELECT 1 FROM channel_terms WHERE channel_id = ? AND kind = ? AND term = ?').get(id, kind, term)) return 'exists' as const;
      const count = Number((this.c.sql('SELECT COUNT(*) AS n FROM channel_terms WHERE channel_id = ? AND kind = ?').get(id, kind) as Row).n);
      if (count >= max) return 'full' as const;
      this.c.sql('INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by) VALUES (?, ?, ?, ?, ?)').run(id, kind, term, at, by);
      settingsChanged(this.c);
      return 'added' as const;
    });
  }

  async removeChannelTerm(id: string, kind: TermKind, term: string): Promise<boolean> {
    return this.c.write(() => {
      const removed = this.c.sql('DELETE FROM channel_terms WHERE channel_id = ? AND kind = ? AND term = ?').run(id, kind, term).changes > 0;
      if (removed) settingsChanged(this.c);
      return removed;
    });
  }
}
