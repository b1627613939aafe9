/**
 * `/radar` commands on one platform-neutral core: parse → handle → neutral Reply, rendered by each
 * adapter (src/adapters/*) and by `radar cmd`.
 */
export type { CommandRequest, CommandRunner, Reply, ReplyBlock } from './types.ts';
export { parseCommand, splitArgs, CommandUsageError, USAGE, type Command } from './parse.ts';
export { createCommandRunner, ftsQuery, reply, MAX_CHAT_FEEDS, MAX_TERMS_PER_CHANNEL, type CommandDeps } from './run-command.ts';
