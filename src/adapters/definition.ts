/**
 * What an adapter brings to Radar besides its `ChatAdapter`: its section of the config file (a zod
 * schema with defaults), the environment variables it reads (secret ones are masked in logs), what
 * its channel targets look like, and a factory that imports the platform SDK only when a channel
 * uses the adapter. `registry.ts` lists every definition; configuration, secret masking and the
 * composition root read them from there, so a new adapter is one folder and one registry line.
 * A definition module stays light: zod and plain functions, never a platform SDK at the top.
 */
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.ts';
import type { ChatAdapter } from './adapter.ts';
import type { CommandPort } from './command-port.ts';

/** The environment as configuration hands it over (only src/config reads process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface AdapterVariable {
  name: string;
  /** Its value never reaches a log line. */
  secret?: boolean;
}

export interface SettingsInput<Section> {
  /** The adapter's section of the config file (key = the adapter's name), validated by `section`. */
  section: Section;
  env: Env;
  /** Key of the first channel that uses the adapter (`channels[2]`), or null when none does. */
  usedBy: string | null;
}

export interface AdapterDeps {
  commands: CommandPort;
  logger: Logger;
  /** Standard output, where the console adapter prints. */
  stdout: Writable;
}

export interface AdapterDefinition<Name extends string = string, Section = unknown, Settings = unknown> {
  /** The `adapter:` value of a channel, and the key of its section in the config file. */
  readonly name: Name;
  /** Schema of the adapter's section of the config file, defaults included; none when it has none. */
  readonly section?: z.ZodType<Section>;
  readonly variables: readonly AdapterVariable[];
  /** What is wrong with a channel's `target` on this platform (a sentence without the key), or null. */
  targetProblem?(target: string): string | null;
  /**
   * The adapter's settings from its section and the environment, or null when it is not set up
   * (no token). Problems name the variable, or the channel key (`usedBy`) that needs it.
   */
  settings(input: SettingsInput<Section>, problems: string[]): Settings | null;
  /** Builds the adapter for Radar; the platform SDK is imported here, lazily. */
  create(settings: Settings, deps: AdapterDeps): Promise<ChatAdapter>;
}

/** Names a definition's types once (an identity function, for inference). */
export function defineAdapter<const Name extends string, Section, Settings>(definition: AdapterDefinition<Name, Section, Settings>): AdapterDefinition<Name, Section, Settings> {
  return definition;
}
