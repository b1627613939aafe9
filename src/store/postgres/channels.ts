/**
 * The channel settings role of the PostgreSQL store. Every change counts up the settings version
 * and notifies the other instances in its transaction (coordination.ts).
 */
import { toChannels } from '../rows.ts';
import type { ChannelSettings, ChannelStore, TermKind } from '../store.ts';
import { LOCK, lock, type PgConnection } from './connection.ts';
import { settingsChanged } from './coordination.ts';

export class PgChannels implements ChannelStore {
  constructor(private readonly c: PgConnection) {}

  async seedChannels(channels: ChannelSettings[], at: number): Promise<void> {
    await this.c.tx(async (sql) => {
      let seeded = 0;
      for (const ch of channels) {
        const created = await sql.run(`
          INSERT INTO channels (id, threshold, topics, updated_at, updated_by) VALUES ($1, $2, $3, $4, 'config')
          ON CONFLICT (id) DO NOTHING`, [ch.id, ch.threshold, JSON.stringify(ch.topics), at]);
        if (created === 0) continue;
        seeded++;
        const terms = [...ch.watch.map((t) => ['watch', t]), ...ch.mute.map((t) => ['mute', t])];
        await sql.run(`
          INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by)
          SELECT $1, kind, term, $4, 'config' FROM unnest($2::text[], $3::text[]) AS t (kind, term) ON CONFLICT DO NOTHING`,
        [ch.id, terms.map((t) => t[0]), terms.map((t) => t[1]), at]);
      }
      if (seeded) await settingsChanged(sql);
    });
  }

  async listChannels(): Promise<ChannelSettings[]> {
    const terms = await this.c.sql.rows('SELECT channel_id, kind, term FROM channel_terms ORDER BY added_at, term');
    return toChannels(await this.c.sql.rows('SELECT * FROM channels ORDER BY id'), terms);
  }

  async updateChannel(id: string, patch: { threshold?: number; topics?: string[] }, by: string, at: number): Promise<void> {
    if (patch.threshold === undefined && patch.topics === undefined) return;
    await this.c.tx(async (sql) => {
      const changed = await sql.run(`
        UPDATE channels SET threshold = COALESCE($1, threshold), topics = COALESCE($2, topics), updated_at = $3, updated_by = $4
        WHERE id = $5`, [patch.threshold ?? null, patch.topics === undefined ? null : JSON.stringify(patch.topics), at, by, id]);
      if (changed) await settingsChanged(sql);
    });
  }

  async addChannelTerm(id: string, kind: TermKind, term: string, by: string, at: number, max = Infinity): Promise<'added' | 'exists' | 'full'> {
    // One writer at a time per channel, so that two instances cannot pass the limit together.
    return this.c.tx(async (sql) => {
      await lock(sql, LOCK.channel, `terms\n${id}`);
      if (await sql.one('SELECT 1 FROM channel_terms WHERE channel_id = $1 AND kind = $2 AND term = $3', [id, kind, term])) return 'exists' as const;
      const count = Number((await sql.one('SELECT COUNT(*) AS n FROM channel_terms WHERE channel_id = $1 AND kind = $2', [id, kind]))!.n);
      if (count >= max) return 'full' as const;
      await sql.run('INSERT INTO channel_terms (channel_id, kind, term, added_at, added_by) VALUES ($1, $2, $3, $4, $5)', [id, kind, term, at, by]);
      await settingsChanged(sql);
      return 'added' as const;
    });
  }

  async removeChannelTerm(id: string, kind: TermKind, term: string): Promise<boolean> {
    return this.c.tx(async (sql) => {
      const removed = await sql.run('DELETE FROM channel_terms WHERE channel_id = $1 AND kind = $2 AND term = $3', [id, kind, term]);
      if (removed) await settingsChanged(sql);
      return removed > 0;
    });
  }
}
