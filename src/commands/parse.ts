/**
 * Turns the text after `/radar` into a command, or a usage error for that subcommand. Arguments are
 * words and "quoted phrases" (straight or typographic quotes); nothing is ever treated as a pattern.
 */
import { parseDuration } from '../shared/duration.ts';

export type Command =
  | { name: 'help' }
  | { name: 'search'; query: string[]; sinceMs: number; lang: 'en' | 'es' | null; share: boolean }
  | { name: 'top'; windowMs: number; label: string }
  | { name: 'terms'; kind: 'watch' | 'mute'; action: 'add' | 'remove'; term: string }
  | { name: 'terms'; kind: 'watch' | 'mute'; action: 'list' }
  | { name: 'threshold'; value: number | null }
  | { name: 'topics' }
  | { name: 'subscribe' | 'unsubscribe'; topic: string }
  | { name: 'feeds' }
  | { name: 'feeds'; action: 'add' | 'remove'; url: string }
  | { name: 'explain'; link: string }
  | { name: 'status' };

/** Every subcommand with its usage and a one-line example, in help order. */
export const USAGE: Record<string, { usage: string; example: string; about: string }> = {
  help: { usage: 'help', example: '/radar help', about: 'this list' },
  search: { usage: 'search <words or "phrase"> [since:7d] [lang:es|en] [share]', example: '/radar search "guardia nacional" since:3d lang:es', about: 'stored items by text and relevance (share posts the answer in the channel)' },
  top: { usage: 'top [24h|7d]', example: '/radar top 7d', about: "the highest-scoring stories for this channel's topics" },
  watch: { usage: 'watch add <term> | watch remove <term> | watch list', example: '/radar watch add "Ovidio Guzmán"', about: 'terms that alert even below the threshold' },
  mute: { usage: 'mute add <term> | mute remove <term> | mute list', example: '/radar mute add béisbol', about: 'terms that keep an item out of this channel' },
  threshold: { usage: 'threshold [0..1]', example: '/radar threshold 0.6', about: "show or set the channel's alert threshold" },
  topics: { usage: 'topics', example: '/radar topics', about: 'the topics Radar knows, and which this channel follows' },
  subscribe: { usage: 'subscribe <topic>', example: '/radar subscribe cartel-sovereignty', about: 'follow a topic in this channel' },
  unsubscribe: { usage: 'unsubscribe <topic>', example: '/radar unsubscribe cartel-sovereignty', about: 'stop following a topic' },
  feeds: { usage: 'feeds | feeds add <url> | feeds remove <url>', example: '/radar feeds add https://www.example.com/rss', about: 'feeds with their health; add or remove a feed (admins)' },
  explain: { usage: 'explain <link>', example: '/radar explain https://www.example.com/story', about: 'why an item scored what it did' },
  status: { usage: 'status', example: '/radar status', about: 'last poll, items and alerts today, queue, failing feeds' },
};

/** A bad command line: the message names the problem; `usage` is the subcommand's usage line. */
export class CommandUsageError extends Error {
  constructor(message: string, readonly usage: string | null) {
    super(message);
    this.name = 'CommandUsageError';
  }
}

const MAX_TEXT = 1_000;

/** Splits into words, keeping "quoted phrases" (with their quotes) as one argument. */
export function splitArgs(text: string): string[] {
  const normalized = text.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const args: string[] = [];
  const re = /"[^"]*"?|\S+/g;
  for (const match of normalized.matchAll(re)) args.push(match[0]);
  return args;
}

function usageError(name: string, problem: string): CommandUsageError {
  return new CommandUsageError(problem, `/radar ${USAGE[name]?.usage ?? name}`);
}

export function parseCommand(text: string): Command {
  if (text.length > MAX_TEXT) throw new CommandUsageError(`the command is longer than ${MAX_TEXT} characters`, null);
  const [first, ...rest] = splitArgs(text.trim());
  const name = (first ?? 'help').toLowerCase();
  switch (name) {
    case 'help':
      return { name: 'help' };
    case 'search':
      return parseSearch(rest);
    case 'top': {
      if (rest.length > 1) throw usageError('top', 'top takes at most one window');
      const label = (rest[0] ?? '24h').toLowerCase();
      if (label !== '24h' && label !== '7d') throw usageError('top', `unknown window "${label}": use 24h or 7d`);
      return { name: 'top', windowMs: parseDuration(label)!, label };
    }
    case 'watch':
    case 'mute': {
      const action = rest[0]?.toLowerCase();
      if (action === 'list' && rest.length === 1) return { name: 'terms', kind: name, action: 'list' };
      if ((action === 'add' || action === 'remove') && rest.length >= 2) {
        return { name: 'terms', kind: name, action, term: rest.slice(1).join(' ') };
      }
      throw usageError(name, action === 'add' || action === 'remove' ? `${name} ${action} needs a term` : `unknown ${name} action "${action ?? ''}"`);
    }
    case 'threshold': {
      if (rest.length === 0) return { name: 'threshold', value: null };
      const value = Number(rest[0]);
      if (rest.length > 1 || !/^\d*\.?\d+$/.test(rest[0]!) || value < 0 || value > 1) {
        throw usageError('threshold', `"${rest.join(' ')}" is not a number between 0 and 1`);
      }
      return { name: 'threshold', value };
    }
    case 'feeds': {
      if (rest.length === 0) return { name: 'feeds' };
      const action = rest[0]!.toLowerCase();
      if ((action === 'add' || action === 'remove') && rest.length === 2) {
        const url = rest[1]!.replace(/^<|>$/g, '').split('|')[0]!;
        if (!/^https?:\/\/\S+$/i.test(url)) throw usageError('feeds', `"${url}" is not an http(s) URL`);
        return { name: 'feeds', action, url };
      }
      throw usageError('feeds', action === 'add' || action === 'remove' ? `feeds ${action} needs one URL` : `unknown feeds action "${action}"`);
    }
    case 'topics':
    case 'status':
      if (rest.length) throw usageError(name, `${name} takes no arguments`);
      return { name };
    case 'subscribe':
    case 'unsubscribe':
      if (rest.length !== 1) throw usageError(name, `${name} needs one topic id`);
      return { name, topic: rest[0]!.toLowerCase() };
    case 'explain': {
      if (rest.length !== 1) throw usageError('explain', 'explain needs one link');
      const link = rest[0]!.replace(/^<|>$/g, '').split('|')[0]!;
      if (!/^https?:\/\/\S+$/i.test(link)) throw usageError('explain', `"${link}" is not an http(s) link`);
      return { name: 'explain', link };
    }
    default:
      throw new CommandUsageError(`unknown command "${name}"; try /radar help`, null);
  }
}

function parseSearch(args: string[]): Command {
  const query: string[] = [];
  let sinceMs = 7 * 86_400_000;
  let lang: 'en' | 'es' | null = null;
  let share = false;
  for (const arg of args) {
    const lower = arg.toLowerCase();
    if (lower.startsWith('since:')) {
      const ms = parseDuration(lower.slice(6));
      if (ms === null || ms <= 0) throw usageError('search', `since: expects a duration such as 24h or 7d, got "${arg.slice(6)}"`);
      sinceMs = ms;
    } else if (lower.startsWith('lang:')) {
      const value = lower.slice(5);
      if (value !== 'en' && value !== 'es') throw usageError('search', `lang: expects en or es, got "${arg.slice(5)}"`);
      lang = value;
    } else if (lower === 'share') {
      share = true;
    } else {
      query.push(arg);
    }
  }
  if (query.length === 0) throw usageError('search', 'search needs at least one word');
  return { name: 'search', query, sinceMs, lang, share };
}
