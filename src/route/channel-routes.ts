/**
 * The channels the route stage sends to, as they are now: the configured channels' stored
 * settings (commands change them), with watch and mute terms compiled, topics limited to the
 * loaded ones, and what each learned from its votes. `reload()` runs at start, after each command
 * that changes a channel and after each vote learned.
 */
import { compileTerms, parseTerm, type Topic } from '../score/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { ChannelModel } from '../learn/index.ts';
import type { ChannelSettings, ChannelStore, LearningStore } from '../store/index.ts';
import type { RouteChannel } from './route-item.ts';

export interface ChannelRoutes {
  current(): readonly RouteChannel[];
  reload(): Promise<void>;
}

/** Route channels from their stored settings, with watch and mute terms compiled. */
export function routeChannels(settings: readonly ChannelSettings[], logger: Logger, models: ReadonlyMap<string, ChannelModel> = new Map()): RouteChannel[] {
  const compile = (id: string, terms: string[]) => {
    const good = terms.filter((t) => parseTerm(t).ok);
    if (good.length < terms.length) logger.warn({ channel: id, skipped: terms.filter((t) => !good.includes(t)) }, 'stored terms no longer valid were skipped');
    return compileTerms(good);
  };
  return settings.map((c) => {
    const model = models.get(c.id);
    return { id: c.id, topics: c.topics, threshold: c.threshold, watch: compile(c.id, c.watch), mute: compile(c.id, c.mute), ...(model ? { model } : {}) };
  });
}

export function createChannelRoutes(deps: { store: Pick<ChannelStore, 'listChannels'> & Pick<LearningStore, 'channelModels'>; configured: ReadonlyArray<{ id: string }>; topics: ReadonlyMap<string, Topic>; logger: Logger }): ChannelRoutes {
  const configured = new Set(deps.configured.map((c) => c.id));
  let channels: RouteChannel[] = [];
  return {
    current: () => channels,
    async reload() {
      const settings = (await deps.store.listChannels()).filter((c) => configured.has(c.id));
      const models = new Map((await deps.store.channelModels()).map((m) => [m.channelId, m.model]));
      channels = routeChannels(settings.map((c) => ({ ...c, topics: c.topics.filter((t) => deps.topics.has(t)) })), deps.logger, models);
    },
  };
}
