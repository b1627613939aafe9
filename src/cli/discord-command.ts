/**
 * `radar discord register [--guild <id>]`: registers `/radar` with Discord (in one guild for
 * testing, instantly; globally for production) and prints the invite URL with the scopes and
 * permissions Radar needs. Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_API_URL from the
 * environment only, so it works before any channel is configured.
 */
import { parseArgs } from 'node:util';
import { inviteUrl, registerCommands, SNOWFLAKE } from '../adapters/discord/index.ts';
import { readEnv, type Env } from '../config/index.ts';
import { createLogger } from '../shared/logger.ts';
import { UsageError, type CliIo } from './io.ts';

const USAGE = 'usage: radar discord register [--guild <guild id>]';

export async function runDiscord(args: string[], io: CliIo, env: Env = io.env ?? readEnv(io.cwd)): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'register') throw new UsageError(action ? `unknown action "${action}"; ${USAGE}` : USAGE);
  let guild: string | undefined;
  try {
    ({ values: { guild } } = parseArgs({ args: rest, options: { guild: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${USAGE}`);
  }
  const token = env.DISCORD_TOKEN?.trim();
  const applicationId = env.DISCORD_APPLICATION_ID?.trim();
  if (!token) throw new UsageError('DISCORD_TOKEN is not set: the bot token from the Developer Portal (Bot → Reset Token); see .env.example');
  if (!applicationId || !SNOWFLAKE.test(applicationId)) {
    throw new UsageError(`DISCORD_APPLICATION_ID ${applicationId ? `is not an application id: "${applicationId}"` : 'is not set'} (Developer Portal → General Information → Application ID)`);
  }
  if (guild !== undefined && !SNOWFLAKE.test(guild)) throw new UsageError(`--guild: expected a guild id (a snowflake), got "${guild}"`);

  let commands: Awaited<ReturnType<typeof registerCommands>>;
  try {
    commands = await registerCommands({ token, applicationId, guildId: guild, apiUrl: env.DISCORD_API_URL?.trim() || undefined });
  } catch (error) {
    // The line for the terminal is the error's message (see run-cli.ts); Discord's answer is detail.
    createLogger({ level: env.LOG_LEVEL ?? 'info', secrets: [token] }).debug({ err: error }, 'discord registration failed');
    throw error;
  }
  const names = commands.map((c) => `/${c.name}`).join(', ');
  io.stdout.write(`Registered ${names} ${guild ? `in guild ${guild} (available at once)` : 'globally (every server the bot is in)'}.\n`);
  io.stdout.write(`Invite the bot with:\n${inviteUrl(applicationId, guild)}\n`);
  return 0;
}
