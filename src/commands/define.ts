/**
 * The shape of one `/radar` subcommand: its grammar (usage, example, options), whether it changes
 * anything, how it parses typed words and how it answers. Help, the text parser, the Discord option
 * schema and Discord's option-to-text translation are all derived from these entries, so a new
 * subcommand is one entry in src/commands/subcommands/.
 */
import type { Feedback } from '../feedback/index.ts';
import type { Topic } from '../score/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { ChannelSettings, Store } from '../store/index.ts';
import type { SuggestField } from './suggest.ts';
import type { CommandRequest, Reply } from './types.ts';

export interface CommandDeps {
  store: Store;
  topics: ReadonlyMap<string, Topic>;
  /** Called after a command changed a channel's settings, so that routing uses them from the next item on. */
  channelsChanged(): Promise<void>;
  /** Fetches and parses a feed a user wants to add (public addresses only); throws a RadarError saying why it cannot be read. */
  probeFeed(url: string): Promise<{ title: string | null; items: number }>;
  /** Records votes and mutes (`feedback`), the same as an alert's buttons. */
  feedback: Feedback;
  logger: Logger;
  clock?: () => number;
}

/** What a subcommand's `run` gets: the runner's deps, who asked, the channel's settings, the time. */
export interface CommandContext {
  deps: CommandDeps;
  request: CommandRequest;
  channel: ChannelSettings;
  now: number;
  /** The whole table (for `help`). */
  commands: readonly CommandEntry[];
}

/**
 * One argument as a chat UI with typed options offers it (Discord), and how its value is written
 * back into command text: `text` as typed, `term` quoted when it holds several words, `keyed` as
 * `name:value`, a `flag` as its name when set, a `number` in decimal.
 */
export interface OptionSpec {
  name: string;
  /** One line for the option picker (at most 100 characters). */
  about: string;
  type: 'text' | 'term' | 'number' | 'flag';
  /** Text and term options are required unless this says otherwise; numbers and flags never are. */
  required?: boolean;
  /** The only values offered (text options). */
  choices?: readonly string[];
  /** Written as `name:value` (`since:3d`) rather than as the bare value. */
  keyed?: boolean;
  /** Longest text accepted (default 200). */
  maxLength?: number;
  /** Bounds of a number option. */
  min?: number;
  max?: number;
  /** Autocomplete draws from this list of the channel's settings. */
  suggest?: SuggestField;
  /** A flag that, when set, posts the answer in the channel instead of to the asker alone. */
  publicAnswer?: boolean;
  /** A typical value (text and term options), shown in docs and used by the agreement test. */
  example?: string;
}

/** One action of a subcommand that has several (`watch add|remove|list`). */
export interface ActionSpec {
  name: string;
  about: string;
  /** The words written after the subcommand name for this action; default `[name]` (`feeds list` writes none). */
  words?: readonly string[];
  options?: readonly OptionSpec[];
}

/** A subcommand as written once: `C` is its parsed form, whose `name` is the subcommand's. */
export interface CommandSpec<C extends { name: string }> {
  name: C['name'];
  /** The usage line after `/radar`, e.g. `top [24h|7d]`. */
  usage: string;
  /** One complete example, starting with `/radar `. */
  example: string;
  /** What it does, lower case, for help. */
  about: string;
  /** One line for option pickers (at most 100 characters); default `about`, capitalised. */
  menu?: string;
  /** Options of a subcommand without actions. */
  options?: readonly OptionSpec[];
  /** Actions of a subcommand that has several; a picker shows them as a group. */
  actions?: readonly ActionSpec[];
  /** Whether this command changes settings (only admins may run it). */
  mutates: boolean | ((command: C) => boolean);
  /** The words after the subcommand name → the command; throws CommandUsageError naming the problem. */
  parse(args: string[]): C;
  /** Answers the command; may throw CommandUsageError for arguments only the store can judge. */
  run(command: C, context: CommandContext): Promise<Reply>;
}

/** A parsed command bound to its entry, ready for the admin check and to run. */
export interface ParsedCommand<C extends { name: string } = { name: string }> {
  command: C;
  mutates: boolean;
  run(context: CommandContext): Promise<Reply>;
}

/** A table entry: the spec's grammar, with parse binding the command to its handler. */
export interface CommandEntry<C extends { name: string } = { name: string }> {
  readonly name: string;
  readonly usage: string;
  readonly example: string;
  readonly about: string;
  readonly menu: string;
  readonly options: readonly OptionSpec[];
  readonly actions: readonly ActionSpec[] | null;
  parse(args: string[]): ParsedCommand<C>;
}

export function defineCommand<C extends { name: string }>(spec: CommandSpec<C>): CommandEntry<C> {
  const { name, usage, example, about, mutates } = spec;
  return {
    name, usage, example, about,
    menu: spec.menu ?? about.charAt(0).toUpperCase() + about.slice(1),
    options: spec.options ?? [],
    actions: spec.actions ?? null,
    parse(args) {
      const command = spec.parse(args);
      return {
        command,
        mutates: typeof mutates === 'function' ? mutates(command) : mutates,
        run: (context) => spec.run(command, context),
      };
    },
  };
}
