/**
 * `search <words or "phrase"> [source:<feed id>] [since:7d] [lang:es|en] [share]`: stored items by
 * full-text match and relevance to the channel's topics, of one feed with `source:` (without words:
 * that feed's most relevant items). The store gets plain terms: no operator is live.
 */
import { formatAge, parseDuration } from '../../shared/duration.ts';
import { CommandUsageError } from '../args.ts';
import { defineCommand } from '../define.ts';
import { itemBlock, reply } from '../reply.ts';

const RESULTS = 10;
const DEFAULT_SINCE_MS = 7 * 86_400_000;
/** What a feed id looks like (config ids, and ids derived from a chat-added feed's URL). */
const FEED_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

interface Search {
  name: 'search';
  query: string[];
  /** A feed id: only that feed's items. */
  source: string | null;
  sinceMs: number;
  lang: 'en' | 'es' | null;
  share: boolean;
}

/**
 * Search terms from user words: a "quoted phrase" loses its quotes (and any trailing *), a bare
 * word keeps a trailing * (a prefix); empty terms are dropped.
 */
export function searchTerms(words: readonly string[]): string[] {
  return words.map((w) => {
    if (!w.startsWith('"')) return w.replace(/"/g, ' ').trim();
    return w.replace(/^"|"$/g, '').replace(/"/g, ' ').replace(/\*+$/, '').trim();
  }).filter((t) => t.replace(/\*/g, '') !== '');
}

function parseSearch(args: string[]): Search {
  const command: Search = { name: 'search', query: [], source: null, sinceMs: DEFAULT_SINCE_MS, lang: null, share: false };
  for (const arg of args) {
    const lower = arg.toLowerCase();
    if (lower.startsWith('source:')) {
      if (!FEED_ID.test(lower.slice(7))) throw new CommandUsageError(`source: expects a feed id such as insightcrime, got "${arg.slice(7)}"`);
      command.source = lower.slice(7);
    } else if (lower.startsWith('since:')) {
      const ms = parseDuration(lower.slice(6));
      if (ms === null || ms <= 0) throw new CommandUsageError(`since: expects a duration such as 24h or 7d, got "${arg.slice(6)}"`);
      command.sinceMs = ms;
    } else if (lower.startsWith('lang:')) {
      const value = lower.slice(5);
      if (value !== 'en' && value !== 'es') throw new CommandUsageError(`lang: expects en or es, got "${arg.slice(5)}"`);
      command.lang = value;
    } else if (lower === 'share') {
      command.share = true;
    } else {
      command.query.push(arg);
    }
  }
  if (command.query.length === 0 && command.source === null) throw new CommandUsageError('search needs at least one word');
  return command;
}

export const search = defineCommand({
  name: 'search',
  usage: 'search <words or "phrase"> [source:<feed id>] [since:7d] [lang:es|en] [share]',
  example: '/radar search "guardia nacional" since:3d lang:es',
  about: 'stored items by text and relevance, of one feed with source: (share posts the answer in the channel)',
  menu: 'Search stored items by text and relevance',
  options: [
    { name: 'query', about: 'Words or "a phrase" (or only source:<feed id>)', type: 'text', example: '"guardia nacional" fentanilo' },
    { name: 'source', about: 'Only items of this feed (its id, as in an "… and N more" line)', type: 'text', required: false, keyed: true, example: 'insightcrime' },
    // Any duration is accepted when typed; a picker offers the usual ones.
    { name: 'since', about: 'How far back (default 7d)', type: 'text', required: false, keyed: true, choices: ['24h', '3d', '7d', '30d'] },
    { name: 'lang', about: 'Only items in this language', type: 'text', required: false, keyed: true, choices: ['en', 'es'] },
    { name: 'share', about: 'Post the answer in the channel', type: 'flag', publicAnswer: true },
  ],
  mutates: false,
  parse: parseSearch,
  async run(command, { deps, channel, now }) {
    const terms = searchTerms(command.query);
    if (!terms.length && command.source === null) throw new CommandUsageError('search needs at least one word');
    const hits = await deps.store.searchItems({
      terms, feedId: command.source, since: now - command.sinceMs, lang: command.lang, topics: channel.topics, limit: RESULTS,
    });
    const what = [...command.query, ...(command.source === null ? [] : [`source:${command.source}`])].join(' ');
    const ephemeral = !command.share;
    if (hits.length === 0) return reply([{ type: 'text', text: `No stored items match ${what} published in the last ${formatAge(command.sinceMs)}.` }], { ephemeral });
    return reply([
      { type: 'heading', text: `Search for ${what}: ${hits.length} result${hits.length === 1 ? '' : 's'}` },
      ...hits.map((h) => itemBlock(h, now)),
    ], { ephemeral });
  },
});
