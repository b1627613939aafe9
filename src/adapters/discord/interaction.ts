/**
 * `/radar` interactions: the chosen subcommand and its typed options become the same command text
 * a Slack user would type (command-text.ts), run by the neutral command core. Query answers are
 * ephemeral. The interaction is deferred at once (Discord allows 3 s for the first answer; the
 * deferred one may be edited for 15 minutes), then the reply is written into it. Autocomplete answers from the channel's own settings.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
import { MessageFlags, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import { failureReply, type CommandRunner, type Reply, type Suggester } from '../../commands/index.ts';
import type { Logger } from '../../shared/logger.ts';
import type { AdminCheck, MemberContext } from './admins.ts';
import { answersPublicly, commandText, suggestFieldOf, type OptionReader } from './command-text.ts';
import { COMMAND_NAME } from './commands-schema.ts';
import { NO_MENTIONS, type DiscordMessage } from './render-alert.ts';
import { renderReply } from './render-reply.ts';

export { commandText, suggestFieldOf, type OptionReader } from './command-text.ts';

/** Up to 25 suggestions containing what was typed (those starting with it first), each ≤ 100 chars. */
export function pickSuggestions(values: string[], typed: string): Array<{ name: string; value: string }> {
  const needle = typed.trim().toLowerCase();
  const fit = values.filter((v) => v.length > 0 && v.length <= 100);
  const starts = fit.filter((v) => v.toLowerCase().startsWith(needle));
  const contains = fit.filter((v) => !v.toLowerCase().startsWith(needle) && v.toLowerCase().includes(needle));
  return [...new Set([...starts, ...contains])].slice(0, 25).map((v) => ({ name: v, value: v }));
}

export interface InteractionDeps {
  runCommand: CommandRunner;
  channelFor: (discordChannelId: string) => string | null;
  isAdmin: AdminCheck;
  suggest: Suggester;
  logger: Logger;
}

/** A `/radar` interaction as the handling below reads it, whether it came over the gateway or HTTP. */
export interface RadarInteraction {
  kind: 'command' | 'autocomplete';
  /** The channel it counts for (a thread's parent channel). */
  discordChannelId: string;
  userId: string;
  options: OptionReader;
  /** For autocomplete: what has been typed in the focused option. */
  focused: string;
  member: MemberContext;
}

/** The ways to answer an interaction; each transport implements them with its own calls. */
export interface Responder {
  /** Answers at once (interaction callback type 4). */
  reply(message: DiscordMessage, ephemeral: boolean): Promise<void>;
  /** Acknowledges now and answers later (type 5). */
  defer(ephemeral: boolean): Promise<void>;
  /** Writes the answer into the deferred response. */
  edit(message: DiscordMessage): Promise<void>;
  /** Replaces a public deferred response with a private follow-up. */
  replacePrivately(message: DiscordMessage): Promise<void>;
  /** Answers autocomplete (type 8). */
  suggest(choices: Array<{ name: string; value: string }>): Promise<void>;
}

const NOT_SET_UP =
  'Radar is not set up for this channel. Ask whoever runs Radar to map this Discord channel to a Radar channel in the config (adapter: discord, target: <channel id>).';

function failure(text: string): Reply {
  return { ok: false, ephemeral: true, blocks: [{ type: 'text', text }], text };
}

async function answerCommand(interaction: RadarInteraction, respond: Responder, deps: InteractionDeps, log: Logger): Promise<void> {
  const channelId = deps.channelFor(interaction.discordChannelId);
  if (channelId === null) {
    log.info('interaction in an unmapped channel');
    await respond.reply(renderReply(failure(NOT_SET_UP)), true);
    return;
  }
  const text = commandText(interaction.options);
  // Only `search … share` answers in the channel; everything else is for the asker alone.
  const shared = answersPublicly(interaction.options);
  await respond.defer(!shared);
  let reply: Reply;
  try {
    const isAdmin = deps.isAdmin(interaction.member);
    reply = await deps.runCommand({ channelId, userId: interaction.userId, isAdmin, text });
  } catch (error) {
    reply = failureReply(error, log, { channel: channelId });
  }
  const message = renderReply(reply);
  // A public deferral cannot turn private: a refusal of a shared search goes as a private follow-up.
  if (shared && reply.ephemeral) await respond.replacePrivately(message);
  else await respond.edit(message);
}

async function answerAutocomplete(interaction: RadarInteraction, respond: Responder, deps: InteractionDeps): Promise<void> {
  const channelId = deps.channelFor(interaction.discordChannelId);
  const field = suggestFieldOf(interaction.options);
  const values = channelId === null || field === null ? [] : await deps.suggest(channelId, field);
  await respond.suggest(pickSuggestions(values, interaction.focused));
}

/** Answers one `/radar` interaction (command or autocomplete); failures to answer are logged. */
export async function handleInteraction(interaction: RadarInteraction, respond: Responder, deps: InteractionDeps): Promise<void> {
  const log = deps.logger.child({ discordChannel: interaction.discordChannelId, user: interaction.userId });
  try {
    if (interaction.kind === 'autocomplete') await answerAutocomplete(interaction, respond, deps);
    else await answerCommand(interaction, respond, deps, log);
  } catch (error) {
    log.warn({ err: error }, 'could not answer the discord interaction');
  }
}

/** The Discord channel an interaction counts for: a thread counts as its parent channel. */
function channelOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const channel = interaction.channel;
  return channel?.isThread() && channel.parentId ? channel.parentId : interaction.channelId;
}

/** Answers through discord.js's interaction methods (callback, then webhook edits); a button click answers as a command does. */
export function gatewayResponder(interaction: ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction): Responder {
  const command = () => interaction as ChatInputCommandInteraction;
  const options = (message: DiscordMessage) => ({ embeds: message.embeds, allowedMentions: NO_MENTIONS });
  return {
    async reply(message, ephemeral) {
      await command().reply({ ...options(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
    },
    async defer(ephemeral) {
      await command().deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    async edit(message) {
      await command().editReply(options(message));
    },
    async replacePrivately(message) {
      await command().deleteReply();
      await command().followUp({ ...options(message), flags: MessageFlags.Ephemeral });
    },
    async suggest(choices) {
      await (interaction as AutocompleteInteraction).respond(choices);
    },
  };
}

/** The `interactionCreate` listener for `/radar` and its autocomplete, over the gateway. */
export function interactionListener(deps: InteractionDeps) {
  return async (interaction: Interaction): Promise<void> => {
    if (!(interaction.isChatInputCommand() || interaction.isAutocomplete()) || interaction.commandName !== COMMAND_NAME) return;
    const view: RadarInteraction = {
      kind: interaction.isAutocomplete() ? 'autocomplete' : 'command',
      discordChannelId: channelOf(interaction),
      userId: interaction.user.id,
      options: interaction.options,
      focused: interaction.isAutocomplete() ? String(interaction.options.getFocused()) : '',
      member: interaction,
    };
    await handleInteraction(view, gatewayResponder(interaction), deps);
  };
}
