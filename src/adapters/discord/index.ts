export { createDiscordAdapter } from './discord-adapter.ts';
export type { DiscordAdapter, DiscordAdapterOptions } from './discord-adapter.ts';
export { inviteUrl, registerCommands, BOT_PERMISSIONS, BOT_SCOPES } from './register.ts';
export { SNOWFLAKE } from './ids.ts';
