/**
 * Turns the text after `/radar` into a command of the table (src/commands/subcommands), or a usage
 * error naming the problem with that subcommand's usage line.
 */
import { checkControlCharacters, CommandUsageError, splitArgs } from './args.ts';
import type { CommandEntry, ParsedCommand } from './define.ts';
import { COMMANDS } from './subcommands/index.ts';

type CommandOf<E> = E extends CommandEntry<infer C> ? C : never;
/** Any parsed command of the table. */
export type Command = CommandOf<(typeof COMMANDS)[number]>;

const MAX_TEXT = 1_000;
const BY_NAME = new Map<string, CommandEntry>(COMMANDS.map((c) => [c.name, c]));

/** The error with the usage line of its subcommand, when it has none yet. */
export function withUsage(error: unknown, entry: CommandEntry | undefined): unknown {
  if (!(error instanceof CommandUsageError) || error.usage !== null || !entry) return error;
  return new CommandUsageError(error.message, `/radar ${entry.usage}`);
}

/** The table entry of a command line and the command parsed by it. */
export function parseCommandLine(text: string): { entry: CommandEntry; parsed: ParsedCommand } {
  if (text.length > MAX_TEXT) throw new CommandUsageError(`the command is longer than ${MAX_TEXT} characters`);
  const args = splitArgs(text.trim());
  const name = (args[0] ?? 'help').toLowerCase();
  const entry = BY_NAME.get(name);
  try {
    checkControlCharacters(args);
    if (!entry) throw new CommandUsageError(`unknown command "${name}"; try /radar help`);
    return { entry, parsed: entry.parse(args.slice(1)) };
  } catch (error) {
    throw withUsage(error, entry);
  }
}

export function parseCommand(text: string): Command {
  return parseCommandLine(text).parsed.command as Command;
}
