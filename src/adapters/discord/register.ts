/**
 * Registers `/radar` with Discord (a bulk overwrite, so running it again is harmless) and builds the
 * invite URL. A guild registration shows up at once and suits testing; a global one is for
 * production and reaches every guild the bot is in.
 * @see https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 * @see https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow
 */
import { PermissionFlagsBits, PermissionsBitField, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { radarCommands } from './commands-schema.ts';
import { registerError } from './startup-errors.ts';

/** What the bot needs in an alert channel: see it, post embeds, reply to its alerts (history), in threads too. */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.SendMessagesInThreads,
]).freeze();

export const BOT_SCOPES = ['bot', 'applications.commands'] as const;

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only (instant, for testing); global when absent. */
  guildId?: string;
  /** REST base without the version, for a local stand-in of Discord. */
  apiUrl?: string;
  timeoutMs?: number;
}

/** Puts `/radar`; a refusal is a StartupError naming what to check (token, application id, guild). */
export async function registerCommands(options: RegisterOptions): Promise<RESTPutAPIApplicationCommandsResult> {
  const rest = new REST({ ...(options.apiUrl ? { api: options.apiUrl } : {}), timeout: options.timeoutMs ?? 15_000 }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  try {
    return (await rest.put(route, { body: radarCommands() })) as RESTPutAPIApplicationCommandsResult;
  } catch (error) {
    throw registerError(error, options.guildId);
  }
}

/** The OAuth2 URL that adds the bot to a server with the scopes and permissions Radar needs. */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: BOT_SCOPES.join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
    ...(guildId ? { guild_id: guildId, disable_guild_select: 'true' } : {}),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
