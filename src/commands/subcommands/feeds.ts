/**
 * `feeds`, `feeds add <url>`, `feeds remove <url>`: feeds with their health, and feeds added or
 * removed from chat (admins). A feed is read once before it is added, from public addresses only.
 */
import { feedIdFromUrl } from '../../shared/feed-id.ts';
import { formatAge } from '../../shared/duration.ts';
import type { FeedRecord, Subscription } from '../../store/index.ts';
import { feedMode } from '../../websub/index.ts';
import { CommandUsageError, httpLink } from '../args.ts';
import { defineCommand, type CommandDeps } from '../define.ts';
import { failureText } from '../failure.ts';
import { reply, say } from '../reply.ts';
import type { Reply, ReplyBlock } from '../types.ts';

/** Bound on what chat can make Radar hold: feeds added from chat. */
export const MAX_CHAT_FEEDS = 200;

type Feeds = { name: 'feeds'; action: 'list' } | { name: 'feeds'; action: 'add' | 'remove'; url: string };

const FULL = `Radar already follows ${MAX_CHAT_FEEDS} feeds added from chat, the most it allows; remove one first (/radar feeds remove <url>).`;

/** One feed's health line: ✗ failing, · not read yet, ✓ read; its poll interval and why; whether it is pushed (WebSub) or polled, and why. */
function feedBlock(f: FeedRecord, now: number, sub: Subscription | undefined): ReplyBlock {
  const failing = f.consecutiveFailures > 0;
  const mark = failing ? '✗' : f.lastSuccessAt === null ? '·' : '✓';
  const { mode, note } = feedMode(sub, now);
  const detail = [failing && f.lastError ? `last error: ${f.lastError}` : null, note ? `${mode === 'pushed' ? '' : 'polled: '}${note}` : null].filter(Boolean).join(' · ');
  return {
    type: 'item', title: `${mark} ${f.name}`, url: f.url,
    meta: [
      f.lastSuccessAt !== null ? `last success ${formatAge(now - f.lastSuccessAt)} ago` : failing ? 'never read' : 'not read yet',
      failing ? `${f.consecutiveFailures} failure${f.consecutiveFailures === 1 ? '' : 's'} in a row` : null,
      f.pollIntervalMs !== null ? `every ${formatAge(f.pollIntervalMs)}${f.pollReason ? ` (${f.pollReason})` : ''}` : null,
      // A feed whose document names no WebSub hub is polled: said only for feeds with a hub.
      note ? mode : null,
    ].filter(Boolean).join(' · '),
    detail: detail || undefined,
  };
}

async function listFeeds(deps: CommandDeps, now: number): Promise<Reply> {
  const [feeds, subscriptions] = await Promise.all([deps.store.listFeeds(), deps.store.listSubscriptions()]);
  const subs = new Map(subscriptions.map((s) => [s.feedId, s]));
  const failing = feeds.filter((f) => f.consecutiveFailures > 0).length;
  const pushed = feeds.filter((f) => feedMode(subs.get(f.id), now).mode === 'pushed').length;
  return reply([{ type: 'heading', text: `${feeds.length} feeds, ${failing} failing${pushed ? `, ${pushed} pushed` : ''}` }, ...feeds.map((f) => feedBlock(f, now, subs.get(f.id)))]);
}

async function addFeed(deps: CommandDeps, url: string, userId: string): Promise<Reply> {
  const feeds = await deps.store.listFeeds();
  if (feeds.some((f) => f.url === url)) return say(`${url} is already followed.`, false);
  if (feeds.filter((f) => f.origin === 'chat').length >= MAX_CHAT_FEEDS) return say(FULL, false);
  let probe: { title: string | null; items: number };
  try {
    probe = await deps.probeFeed(url);
  } catch (error) {
    return say(`Cannot add ${url}: ${failureText(error, deps.logger, { url, user: userId })}`, false);
  }
  const name = (probe.title ?? '').trim().slice(0, 100) || new URL(url).hostname.replace(/^www\./, '');
  // Checked again in the write: another feeds add may have landed during the probe.
  const added = await deps.store.addFeed({ id: feedIdFromUrl(url), url, name, origin: 'chat' }, MAX_CHAT_FEEDS);
  if (added === 'exists') return say(`${url} is already followed.`, false);
  if (added === 'full') return say(FULL, false);
  deps.logger.info({ url, by: userId }, 'feed added from chat');
  return say(`Added ${name} (${probe.items} item${probe.items === 1 ? '' : 's'} now). Radar reads it at the next poll; its newest items may alert, older ones are only stored.`);
}

async function removeFeed(deps: CommandDeps, url: string): Promise<Reply> {
  const result = await deps.store.removeFeed(url);
  if (result === 'config') return say(`${url} comes from the configuration file; remove it there.`, false);
  if (result === 'not_found') return say(`${url} is not followed; see /radar feeds.`, false);
  return say(`Removed ${url}. Its stored items stay searchable.`);
}

export const feeds = defineCommand<Feeds>({
  name: 'feeds',
  usage: 'feeds | feeds add <url> | feeds remove <url>',
  example: '/radar feeds add https://www.example.com/rss',
  about: 'feeds with their health and poll interval; add or remove a feed (admins)',
  menu: 'Feeds with their health; add or remove one',
  actions: [
    { name: 'list', about: 'Feeds with their health', words: [] },
    { name: 'add', about: 'Add a feed (admins)', options: [{ name: 'url', about: 'The feed URL (http or https)', type: 'text', maxLength: 500, example: 'https://a.example/rss' }] },
    { name: 'remove', about: 'Remove a feed added from chat (admins)', options: [{ name: 'url', about: 'The feed URL', type: 'text', maxLength: 500, suggest: 'feeds', example: 'https://a.example/rss' }] },
  ],
  mutates: (command) => command.action !== 'list',
  parse(args) {
    if (args.length === 0) return { name: 'feeds', action: 'list' };
    const action = args[0]!.toLowerCase();
    if ((action === 'add' || action === 'remove') && args.length === 2) return { name: 'feeds', action, url: httpLink(args[1]!, 'URL') };
    throw new CommandUsageError(action === 'add' || action === 'remove' ? `feeds ${action} needs one URL` : `unknown feeds action "${action}"`);
  },
  async run(command, { deps, request, now }) {
    if (command.action === 'list') return listFeeds(deps, now);
    return command.action === 'add' ? addFeed(deps, command.url, request.userId) : removeFeed(deps, command.url);
  },
});
