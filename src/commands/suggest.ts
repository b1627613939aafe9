/**
 * Autocomplete values for chat UIs that offer them: a channel's watch or mute terms, the topics it
 * can subscribe to or unsubscribe from, the feeds added from chat. An option names its list with
 * `suggest` in its subcommand's entry.
 */
import type { Topic } from '../score/index.ts';
import type { ChannelStore, FeedStore } from '../store/index.ts';

/** Which list an option's suggestions come from. */
export type SuggestField = 'watch' | 'mute' | 'subscribe' | 'unsubscribe' | 'feeds';
export type Suggester = (channelId: string, field: SuggestField) => Promise<string[]>;

export function createSuggester(deps: { store: Pick<FeedStore, 'listFeeds'> & Pick<ChannelStore, 'listChannels'>; topics: ReadonlyMap<string, Topic> }): Suggester {
  return async (channelId, field) => {
    if (field === 'feeds') return (await deps.store.listFeeds()).filter((f) => f.origin === 'chat').map((f) => f.url);
    const channel = (await deps.store.listChannels()).find((c) => c.id === channelId);
    if (!channel) return [];
    if (field === 'watch' || field === 'mute') return channel[field];
    const follows = new Set(channel.topics);
    return [...deps.topics.keys()].filter((id) => (field === 'subscribe' ? !follows.has(id) : follows.has(id)));
  };
}
