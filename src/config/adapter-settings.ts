/**
 * The adapters' part of the configuration, read through the registry (src/adapters/registry.ts):
 * each adapter checks its channels' targets and reads its settings from its section of the file
 * and from the environment. Problems name the key or the variable, like every other problem.
 */
import type { AdapterDefinition } from '../adapters/definition.ts';
import { ADAPTERS, type AdapterSettings } from '../adapters/registry.ts';

interface ChannelUse {
  adapter: string;
  target: string;
}

export function readAdapterSettings(sections: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>, channels: readonly ChannelUse[], problems: string[]): AdapterSettings {
  const settings: Record<string, unknown> = {};
  for (const adapter of ADAPTERS as readonly AdapterDefinition[]) {
    channels.forEach((c, i) => {
      const problem = c.adapter === adapter.name ? adapter.targetProblem?.(c.target) : null;
      if (problem) problems.push(`channels[${i}].target: ${problem}`);
    });
    const used = channels.findIndex((c) => c.adapter === adapter.name);
    settings[adapter.name] = adapter.settings({ section: sections[adapter.name], env, usedBy: used >= 0 ? `channels[${used}]` : null }, problems);
  }
  // Built from the registry itself, so every name holds its own adapter's settings.
  return settings as AdapterSettings;
}

/** Values of the adapters' secret variables that are set, for the logger to mask. */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const names = (ADAPTERS as readonly AdapterDefinition[]).flatMap((a) => a.variables.filter((v) => v.secret).map((v) => v.name));
  return names.map((name) => env[name]).filter((v): v is string => Boolean(v));
}
