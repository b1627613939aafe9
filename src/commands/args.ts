/**
 * The words of a command line and what subcommands share to read them: arguments are words and
 * "quoted phrases" (straight or typographic quotes); nothing is ever treated as a pattern.
 */
import { findControlCharacter, showControlCharacters } from '../shared/control-characters.ts';
import { RadarError } from '../shared/errors.ts';

/**
 * A bad command line: the message names the problem; `usage` is the subcommand's usage line
 * (filled in from the subcommand's entry when not given).
 */
export class CommandUsageError extends RadarError<'command_invalid'> {
  constructor(message: string, readonly usage: string | null = null) {
    super('command_invalid', message);
  }
}

/** Splits into words, keeping "quoted phrases" (with their quotes) as one argument. */
export function splitArgs(text: string): string[] {
  const normalized = text.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const args: string[] = [];
  const re = /"[^"]*"?|\S+/g;
  for (const match of normalized.matchAll(re)) args.push(match[0]);
  return args;
}

/** Refuses an argument holding a control character, naming the argument and the character. */
export function checkControlCharacters(args: readonly string[]): void {
  args.forEach((arg, i) => {
    const found = findControlCharacter(arg);
    if (found === null) return;
    const which = i === 0 ? 'the subcommand' : `argument ${i} of ${args[0]!.toLowerCase()}`;
    throw new CommandUsageError(`${which} ("${showControlCharacters(arg)}") contains the control character ${found}; type it again without it`);
  });
}

/** An http(s) link as typed or as Slack sends it (`<https://…|label>`), or a usage error naming it. */
export function httpLink(arg: string, what: 'URL' | 'link'): string {
  const link = arg.replace(/^<|>$/g, '').split('|')[0]!;
  if (!/^https?:\/\/\S+$/i.test(link)) throw new CommandUsageError(`"${link}" is not an http(s) ${what}`);
  return link;
}

/** Refuses arguments to a subcommand that takes none. */
export function noArguments(name: string, args: readonly string[]): void {
  if (args.length) throw new CommandUsageError(`${name} takes no arguments`);
}
