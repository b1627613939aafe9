/**
 * `/radar` commands on one platform-neutral core: a table of subcommands (subcommands/), parsed
 * and dispatched here, answering with a neutral Reply rendered by each adapter (src/adapters/*)
 * and by `radar cmd`.
 */
export type { CommandRequest, CommandRunner, Reply, ReplyBlock } from './types.ts';
export type { ActionSpec, CommandDeps, CommandEntry, OptionSpec } from './define.ts';
export { CommandUsageError, splitArgs } from './args.ts';
export { parseCommand, type Command } from './parse.ts';
export { reply } from './reply.ts';
export { createCommandRunner } from './run-command.ts';
export { createSuggester, type SuggestField, type Suggester } from './suggest.ts';
export { COMMANDS, searchTerms, MAX_CHAT_FEEDS, MAX_TERMS_PER_CHANNEL } from './subcommands/index.ts';
export { failureReply, failureText } from './failure.ts';
export { startOfUtcDay, statusFields } from './subcommands/status.ts';
