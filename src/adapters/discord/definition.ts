/**
 * Discord as Radar configures it: the bot token from the environment (DISCORD_TOKEN switches it
 * on), admin roles in the `discord:` section of the config file, channel targets as snowflakes.
 * discord.js loads only when a channel uses Discord.
 */
import { z } from 'zod';
import { defineAdapter } from '../definition.ts';
import { needsVariable, portVariable, variable } from '../env-settings.ts';
import { QUOTE_IDS, SNOWFLAKE } from './ids.ts';

/** Discord settings that are not secrets (the token comes from the environment). */
const section = z
  .object({
    /** Role ids whose members may change channel settings, besides members with Manage Channels. */
    adminRoles: z.array(z.string({ error: QUOTE_IDS }).regex(SNOWFLAKE, 'expected a Discord role id (a snowflake such as 1234567890123456789)')).default([]),
  })
  .strict()
  .prefault({});

/** Discord connection settings: the token from the environment, admin roles from the config file. */
export interface DiscordSettings {
  token: string;
  /** DISCORD_APPLICATION_ID: needed by `radar discord register`; the gateway reports it too. */
  applicationId?: string;
  /** DISCORD_API_URL: the REST base without the version, for a local stand-in of Discord. */
  apiUrl?: string;
  /** DISCORD_PUBLIC_KEY: serves the signed HTTP interactions endpoint besides the gateway. */
  publicKey?: string;
  /** DISCORD_PORT: port of that endpoint. Default 3001. */
  port: number;
  adminRoles: string[];
}

export const discordDefinition = defineAdapter({
  name: 'discord',
  section,
  variables: [
    { name: 'DISCORD_TOKEN', secret: true },
    { name: 'DISCORD_PUBLIC_KEY', secret: true },
    { name: 'DISCORD_APPLICATION_ID' },
    { name: 'DISCORD_API_URL' },
    { name: 'DISCORD_PORT' },
  ],
  targetProblem: (target) =>
    SNOWFLAKE.test(target) ? null : `expected a Discord channel id (a snowflake such as 1234567890123456789; Developer Mode → Copy Channel ID), got "${target}"`,
  settings({ section, env, usedBy }, problems): DiscordSettings | null {
    const token = variable(env, 'DISCORD_TOKEN');
    if (!token) {
      needsVariable(usedBy, 'discord', 'DISCORD_TOKEN', problems);
      return null;
    }
    const applicationId = variable(env, 'DISCORD_APPLICATION_ID');
    if (applicationId && !SNOWFLAKE.test(applicationId)) problems.push(`DISCORD_APPLICATION_ID: expected the application id (a snowflake) from the Developer Portal, got "${applicationId}"`);
    const apiUrl = variable(env, 'DISCORD_API_URL');
    if (apiUrl && !/^https?:\/\/\S+$/.test(apiUrl)) problems.push(`DISCORD_API_URL: expected an http(s) URL such as https://discord.com/api, got "${apiUrl}"`);
    const publicKey = variable(env, 'DISCORD_PUBLIC_KEY');
    if (publicKey && !/^[0-9a-f]{64}$/i.test(publicKey)) problems.push('DISCORD_PUBLIC_KEY: expected 64 hex characters (Developer Portal → General Information → Public Key)');
    const port = portVariable(env, 'DISCORD_PORT', 3001, problems);
    return { token, applicationId, apiUrl, publicKey, port, ...section };
  },
  async create(settings, { commands, logger }) {
    const { createDiscordAdapter } = await import('./discord-adapter.ts');
    return createDiscordAdapter({
      token: settings.token,
      apiUrl: settings.apiUrl,
      publicKey: settings.publicKey,
      interactionsPort: settings.port,
      adminRoles: settings.adminRoles,
      runCommand: commands.run,
      channelFor: commands.channelFor,
      suggest: commands.suggest,
      feedback: commands.feedback,
      logger,
    });
  },
});
