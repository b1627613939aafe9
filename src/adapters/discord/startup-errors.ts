/**
 * Why Discord would not let Radar start or register `/radar`, as one line naming what to check:
 * the token Discord refused, the application or guild id it does not know, or a Discord that
 * could not be reached.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
import { DiscordAPIError, DiscordjsErrorCodes, HTTPError } from 'discord.js';
import { StartupError } from '../adapter.ts';

/** Discord's reason: status, message and JSON code, e.g. "401 Unauthorized" or "403 Missing Access, code 50001". */
function reason(error: DiscordAPIError): string {
  const message = error.message.replace(/^\d{3}: /, '');
  return `${error.status} ${message}${typeof error.code === 'number' && error.code !== 0 ? `, code ${error.code}` : ''}`;
}

function unreachable(error: unknown): StartupError {
  const detail = error instanceof Error ? error.message : String(error);
  return new StartupError('DISCORD_API_URL', `Discord could not be reached (${detail}): check the network, and DISCORD_API_URL if it is set`, error);
}

/** A failed gateway login: nearly always the token. */
export function loginError(error: unknown): StartupError {
  if ((error as { code?: unknown } | null)?.code === DiscordjsErrorCodes.TokenInvalid) {
    return new StartupError('DISCORD_TOKEN', 'DISCORD_TOKEN was refused by Discord (401 Unauthorized)', error);
  }
  if (error instanceof DiscordAPIError) return new StartupError('DISCORD_TOKEN', `DISCORD_TOKEN was refused by Discord (${reason(error)})`, error);
  if (error instanceof HTTPError) return new StartupError('DISCORD_TOKEN', `Discord answered HTTP ${error.status} to the login; try again later`, error);
  return unreachable(error);
}

/** A failed registration of `/radar`: the token, the application id, or the guild. */
export function registerError(error: unknown, guildId: string | undefined): StartupError {
  if (!(error instanceof DiscordAPIError)) return error instanceof HTTPError ? new StartupError('DISCORD_TOKEN', `Discord answered HTTP ${error.status}; try again later`, error) : unreachable(error);
  if (error.status === 401) return new StartupError('DISCORD_TOKEN', `DISCORD_TOKEN was refused by Discord (${reason(error)})`, error);
  // Unknown Guild, or Missing Access to it: the bot is not in that server (yet).
  if (guildId && (error.code === 10004 || error.code === 50001)) {
    return new StartupError('--guild', `--guild ${guildId} was refused by Discord (${reason(error)}): invite the bot to that server first`, error);
  }
  return new StartupError('DISCORD_APPLICATION_ID', `DISCORD_APPLICATION_ID was refused by Discord (${reason(error)}): it must be the application of DISCORD_TOKEN`, error);
}
