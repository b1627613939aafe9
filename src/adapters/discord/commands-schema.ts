/**
 * The `/radar` application command: one chat-input command whose subcommands and subcommand groups
 * mirror the neutral grammar of src/commands/parse.ts, with typed options so Discord validates and
 * completes them. Options marked `autocomplete` are answered from the channel's settings
 * (see interaction.ts). Registered by `radar discord register`.
 * @see https://discord.com/developers/docs/interactions/application-commands#subcommands-and-subcommand-groups
 */
import {
  ApplicationCommandOptionType as Option,
  ApplicationCommandType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';

export const COMMAND_NAME = 'radar';

/** Windows offered for `search since`; the grammar accepts any duration, these are the usual ones. */
const SINCE = ['24h', '3d', '7d', '30d'];

function sub(name: string, description: string, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption {
  return { type: Option.Subcommand, name, description, options };
}

function text(name: string, description: string, extra: { required?: boolean; autocomplete?: boolean; max?: number } = {}): APIApplicationCommandBasicOption {
  const { required = true, autocomplete = false, max = 200 } = extra;
  // Discord forbids `choices` together with `autocomplete`; neither is used with the other here.
  return autocomplete
    ? { type: Option.String, name, description, required, autocomplete: true, max_length: max }
    : { type: Option.String, name, description, required, max_length: max };
}

function choices(name: string, description: string, values: string[]): APIApplicationCommandBasicOption {
  return { type: Option.String, name, description, required: false, choices: values.map((v) => ({ name: v, value: v })) };
}

function termGroup(kind: 'watch' | 'mute', about: string): APIApplicationCommandSubcommandGroupOption {
  return {
    type: Option.SubcommandGroup,
    name: kind,
    description: about,
    options: [
      sub('add', `Add a ${kind} term (admins)`, [text('term', 'A word, "a phrase" or a prefix*', { max: 100 })]),
      sub('remove', `Remove a ${kind} term (admins)`, [text('term', `One of this channel's ${kind} terms`, { autocomplete: true, max: 100 })]),
      sub('list', `List this channel's ${kind} terms`),
    ],
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
      options: [
        sub('help', 'What Radar can do'),
        sub('search', 'Search stored items by text and relevance', [
          text('query', 'Words or "a phrase"'),
          choices('since', 'How far back (default 7d)', SINCE),
          choices('lang', 'Only items in this language', ['en', 'es']),
          { type: Option.Boolean, name: 'share', description: 'Post the answer in the channel', required: false },
        ]),
        sub('top', "The highest-scoring stories for this channel's topics", [choices('window', 'Time window (default 24h)', ['24h', '7d'])]),
        termGroup('watch', 'Terms that alert even below the threshold'),
        termGroup('mute', 'Terms that keep an item out of this channel'),
        sub('threshold', "Show the channel's alert threshold, or set it (admins)", [
          { type: Option.Number, name: 'value', description: 'A score between 0 and 1', required: false, min_value: 0, max_value: 1 },
        ]),
        sub('topics', 'The topics Radar knows, and which this channel follows'),
        sub('subscribe', 'Follow a topic in this channel (admins)', [text('topic', 'Topic id', { autocomplete: true, max: 100 })]),
        sub('unsubscribe', 'Stop following a topic (admins)', [text('topic', 'Topic id', { autocomplete: true, max: 100 })]),
        {
          type: Option.SubcommandGroup,
          name: 'feeds',
          description: 'Feeds with their health; add or remove one',
          options: [
            sub('list', 'Feeds with their health'),
            sub('add', 'Add a feed (admins)', [text('url', 'The feed URL (http or https)', { max: 500 })]),
            sub('remove', 'Remove a feed added from chat (admins)', [text('url', 'The feed URL', { autocomplete: true, max: 500 })]),
          ],
        },
        sub('explain', 'Why an item scored what it did', [text('link', "The item's link", { max: 500 })]),
        sub('status', 'Last poll, items and alerts today, queue, failing feeds'),
      ],
    },
  ];
}
