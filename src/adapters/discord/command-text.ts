/**
 * A `/radar` interaction's subcommand and typed options as the command text a Slack user would
 * type (`watch add "guardia nacional"`, `search fentanyl since:3d lang:es`), derived from the
 * command table, so the neutral core parses one grammar for every platform.
 */
import { COMMANDS, type OptionSpec, type SuggestField } from '../../commands/index.ts';
import { clean } from './format-discord.ts';

/** The part of discord.js's option resolver that the translation reads. */
export interface OptionReader {
  getSubcommandGroup(required?: boolean): string | null;
  getSubcommand(required?: boolean): string;
  getString(name: string): string | null;
  getNumber(name: string): number | null;
  getBoolean(name: string): boolean | null;
}

/** The chosen subcommand (or action) of the table: its name, the words it writes, its options. */
function chosen(options: OptionReader): { words: readonly string[]; options: readonly OptionSpec[] } | null {
  const group = options.getSubcommandGroup(false);
  const name = options.getSubcommand(false) ?? 'help';
  const entry = COMMANDS.find((c) => c.name === (group ?? name));
  if (!entry) return null;
  if (group === null) return { words: [entry.name], options: entry.options };
  const action = entry.actions?.find((a) => a.name === name);
  return action ? { words: [entry.name, ...(action.words ?? [action.name])], options: action.options ?? [] } : null;
}

/**
 * A term option is one value, so several words in it mean a phrase: `guardia nacional` becomes
 * `"guardia nacional"` (what a Slack user would type); quoted or single-word terms stay as typed.
 */
function asTerm(term: string): string {
  return /\s/.test(term) && !/["“”]/.test(term) ? `"${term}"` : term;
}

/** One option's value as written in command text, or '' when it is not set. */
function written(spec: OptionSpec, options: OptionReader): string {
  if (spec.type === 'flag') return options.getBoolean(spec.name) ? spec.name : '';
  if (spec.type === 'number') {
    const n = options.getNumber(spec.name);
    return n === null ? '' : String(n);
  }
  const value = clean(options.getString(spec.name) ?? '');
  if (!value) return '';
  if (spec.type === 'term') return asTerm(value);
  return spec.keyed ? `${spec.name}:${value}` : value;
}

/** The neutral command text for the chosen subcommand and options. */
export function commandText(options: OptionReader): string {
  const form = chosen(options);
  if (!form) return [options.getSubcommandGroup(false), options.getSubcommand(false)].filter(Boolean).join(' ');
  return [...form.words, ...form.options.map((o) => written(o, options))].filter(Boolean).join(' ');
}

/** Whether the answer goes to the channel (a set `publicAnswer` flag such as `search … share`). */
export function answersPublicly(options: OptionReader): boolean {
  return chosen(options)?.options.some((o) => o.publicAnswer && options.getBoolean(o.name) === true) ?? false;
}

/** Which list an autocomplete request draws from, or null when the option has no suggestions. */
export function suggestFieldOf(options: OptionReader): SuggestField | null {
  return chosen(options)?.options.find((o) => o.suggest)?.suggest ?? null;
}
