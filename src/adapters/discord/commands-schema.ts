/**
 * The `/radar` application command as Discord's API takes it, derived from the command table
 * (src/commands/subcommands): a subcommand with actions becomes a subcommand group, every other
 * one a subcommand, and each option its typed Discord option.
 * @see https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, type CommandEntry, type OptionSpec } from '../../commands/index.ts';

export const COMMAND_NAME = 'radar';

/** Discord allows at most 100 characters in a description. */
const describe = (text: string) => text.slice(0, 100);

function option(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, description: describe(spec.about) };
  switch (spec.type) {
    case 'flag':
      return { ...base, type: Option.Boolean, required: false };
    case 'number':
      return { ...base, type: Option.Number, required: false, min_value: spec.min, max_value: spec.max };
    default: {
      const required = spec.required ?? true;
      // Discord forbids `choices` together with `autocomplete`.
      if (spec.choices) return { ...base, type: Option.String, required, choices: spec.choices.map((v) => ({ name: v, value: v })) };
      const max_length = spec.maxLength ?? 200;
      return spec.suggest
        ? { ...base, type: Option.String, required, autocomplete: true, max_length }
        : { ...base, type: Option.String, required, max_length };
    }
  }
}

function subcommand(entry: CommandEntry): APIApplicationCommandOption {
  if (!entry.actions) {
    return { type: Option.Subcommand, name: entry.name, description: describe(entry.menu), options: entry.options.map(option) };
  }
  return {
    type: Option.SubcommandGroup,
    name: entry.name,
    description: describe(entry.menu),
    options: entry.actions.map((a) => ({ type: Option.Subcommand, name: a.name, description: describe(a.about), options: (a.options ?? []).map(option) })),
  };
}

/** The `/radar` command as Discord's API takes it (PUT …/commands replaces the whole set). */
export function radarCommands(): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAME,
      description: 'Radar: search, watch terms, topics and feeds for this channel',
      // Guild channels only: Radar maps channels, and admin checks need guild permissions.
      contexts: [InteractionContextType.Guild],
      options: COMMANDS.map(subcommand),
    },
  ];
}
