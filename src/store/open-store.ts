/**
 * Opens Radar's store for a run: migrated, and in line with the config file. The
 * file's feeds are synced every start; its channels seed their settings once, after which
 * `/radar` commands own them.
 */
import { createStore } from './create-store.ts';
import type { DatabaseTarget } from './database-target.ts';
import type { ChannelSettings, Store } from './store.ts';

export interface ConfiguredState {
  feeds: ReadonlyArray<{ id: string; url: string; name: string }>;
  channels: readonly ChannelSettings[];
}

export async function openStore(target: DatabaseTarget, configured: ConfiguredState, now: number): Promise<Store> {
  const store = await createStore(target);
  try {
    await store.migrate();
    await store.syncFeeds(configured.feeds.map((f) => ({ id: f.id, url: f.url, name: f.name, origin: 'config' as const })));
    await store.seedChannels(configured.channels.map((c) => ({ id: c.id, threshold: c.threshold, topics: c.topics, watch: c.watch, mute: c.mute })), now);
    return store;
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}
