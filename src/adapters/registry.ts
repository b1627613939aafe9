/**
 * Every chat adapter Radar knows, by name. Configuration validates each one's section and
 * variables from here, the logger masks their secrets, and the composition root builds the ones
 * that configured channels use. A new adapter is a folder with a definition, and one line here.
 */
import type { ChatAdapter } from './adapter.ts';
import { commandPortFor, type ChannelTarget, type CommandPort } from './command-port.ts';
import { consoleDefinition } from './console/definition.ts';
import type { AdapterDefinition, AdapterDeps } from './definition.ts';
import { discordDefinition } from './discord/definition.ts';
import { slackDefinition } from './slack/definition.ts';

export const ADAPTERS = [consoleDefinition, slackDefinition, discordDefinition] as const satisfies readonly AdapterDefinition[];

export type AdapterName = (typeof ADAPTERS)[number]['name'];

type SettingsOf<D extends AdapterDefinition> = Parameters<D['create']>[0];

/** Each adapter's settings; null when it is not set up (no token). */
export type AdapterSettings = { readonly [D in (typeof ADAPTERS)[number] as D['name']]: SettingsOf<D> | null };

export interface CreateAdaptersOptions extends Omit<AdapterDeps, 'commands'> {
  /** The configured channels: an adapter is built only when one of them uses it. */
  channels: readonly ChannelTarget[];
  /** Settings by adapter name; an adapter without them is not set up. */
  settings: Partial<AdapterSettings>;
  /** The command core every adapter's port leads to. */
  commands: Omit<CommandPort, 'channelFor'>;
}

/** Builds the adapters that configured channels use, each with its own command port. */
export async function createAdapters(options: CreateAdaptersOptions): Promise<Map<string, ChatAdapter>> {
  const adapters = new Map<string, ChatAdapter>();
  const settings: Readonly<Record<string, unknown>> = options.settings;
  for (const definition of ADAPTERS as readonly AdapterDefinition[]) {
    const own = settings[definition.name];
    if (own === null || own === undefined || !options.channels.some((c) => c.adapter === definition.name)) continue;
    const commands = commandPortFor(definition.name, options.channels, options.commands);
    adapters.set(definition.name, await definition.create(own, { commands, logger: options.logger, stdout: options.stdout }));
  }
  return adapters;
}
