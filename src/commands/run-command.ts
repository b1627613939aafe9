/**
 * One handler per `/radar` subcommand over the store, answering with a neutral Reply. Slack, Discord
 * and `radar cmd` all call the runner made here, so the same command gets the same answer everywhere.
 * Changes persist in the store and reach routing through `channelsChanged` before the next item.
 */
import { parseTerm, scoreItem, type Topic } from '../score/index.ts';
import { describeError } from '../shared/errors.ts';
import { formatAge } from '../shared/duration.ts';
import type { Logger } from '../shared/logger.ts';
import type { ChannelSettings, ItemHit, Store } from '../store/index.ts';
import { compileTerms } from '../score/index.ts';
import { feedIdFromUrl } from '../config/index.ts';
import { canonicalUrl } from '../stories/index.ts';
import { CommandUsageError, parseCommand, USAGE, type Command } from './parse.ts';
import type { CommandRequest, CommandRunner, Reply, ReplyBlock } from './types.ts';

export interface CommandDeps {
  store: Store;
  topics: ReadonlyMap<string, Topic>;
  /** Called after a command changed a channel's settings, so that routing uses them from the next item on. */
  channelsChanged(): Promise<void>;
  /** Fetches and parses a feed a user wants to add (public addresses only); throws a BotError saying why it cannot be read. */
  probeFeed(url: string): Promise<{ title: string | null; items: number }>;
  logger: Logger;
  clock?: () => number;
}

const MUTATING = new Set(['terms:add', 'terms:remove', 'threshold:set', 'subscribe', 'unsubscribe', 'feeds:add', 'feeds:remove']);
const RESULTS = 10;
/** Bounds on what chat can make Radar hold: terms per channel and kind, feeds added from chat. */
export const MAX_TERMS_PER_CHANNEL = 100;
export const MAX_CHAT_FEEDS = 200;

/** Builds a Reply; `text` is derived from the blocks so every platform has the same fallback. */
export function reply(blocks: ReplyBlock[], options: { ok?: boolean; ephemeral?: boolean } = {}): Reply {
  const text = blocks.map((b) => {
    switch (b.type) {
      case 'heading':
      case 'text':
        return b.text;
      case 'item':
        return [`• ${b.title}${b.url ? ` <${b.url}>` : ''}`, `  ${b.meta}`, ...(b.detail ? [`  ${b.detail}`] : [])].join('\n');
      case 'fields':
        return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
    }
  }).join('\n');
  return { ok: options.ok ?? true, ephemeral: options.ephemeral ?? true, blocks, text };
}

const say = (text: string, ok = true): Reply => reply([{ type: 'text', text }], { ok });

function mutationKey(c: Command): string {
  if (c.name === 'terms') return `terms:${c.action}`;
  if (c.name === 'threshold') return c.value === null ? 'threshold:show' : 'threshold:set';
  if (c.name === 'feeds' && 'action' in c) return `feeds:${c.action}`;
  return c.name;
}

/** "Title · outlet · 3h ago · score 0.87" parts of a hit. */
function meta(hit: ItemHit, now: number): string {
  return [hit.source, `${formatAge(now - hit.publishedAt)} ago`, hit.score === null ? null : `score ${hit.score.toFixed(2)}`, hit.lang]
    .filter(Boolean).join(' · ');
}

/** An FTS query from user words: every term quoted (no operators), prefix* kept. */
export function ftsQuery(words: string[]): string {
  return words.map((w) => {
    const prefix = w.endsWith('*') && !w.startsWith('"');
    const inner = (prefix ? w.slice(0, -1) : w).replace(/^"|"$/g, '').replace(/"/g, '""').trim();
    return inner ? `"${inner}"${prefix ? '*' : ''}` : '';
  }).filter(Boolean).join(' ');
}

export function createCommandRunner(deps: CommandDeps): CommandRunner {
  const clock = deps.clock ?? Date.now;

  async function channelOf(id: string): Promise<ChannelSettings | undefined> {
    return (await deps.store.listChannels()).find((c) => c.id === id);
  }

  async function handle(request: CommandRequest, command: Command, channel: ChannelSettings): Promise<Reply> {
    const now = clock();
    switch (command.name) {
      case 'help':
        return reply([
          { type: 'heading', text: 'Radar commands' },
          ...Object.values(USAGE).map((u): ReplyBlock => ({ type: 'text', text: `/radar ${u.usage} — ${u.about}. e.g. ${u.example}` })),
        ]);

      case 'search': {
        const match = ftsQuery(command.query);
        if (!match) throw new CommandUsageError('search needs at least one word', `/radar ${USAGE.search!.usage}`);
        const hits = await deps.store.searchItems({
          match, since: now - command.sinceMs, lang: command.lang, topics: channel.topics, limit: RESULTS,
        });
        const what = command.query.join(' ');
        if (hits.length === 0) return reply([{ type: 'text', text: `No stored items match ${what} published in the last ${formatAge(command.sinceMs)}.` }], { ephemeral: !command.share });
        return reply([
          { type: 'heading', text: `Search for ${what}: ${hits.length} result${hits.length === 1 ? '' : 's'}` },
          ...hits.map((h): ReplyBlock => ({ type: 'item', title: h.title || h.summary.slice(0, 120), url: h.url, meta: meta(h, now) })),
        ], { ephemeral: !command.share });
      }

      case 'top': {
        const stories = await deps.store.topStories({ since: now - command.windowMs, topics: channel.topics, limit: RESULTS });
        if (stories.length === 0) return say(`No scored stories in the last ${command.label}.`);
        return reply([
          { type: 'heading', text: `Top stories, last ${command.label}` },
          ...stories.map((s): ReplyBlock => ({
            type: 'item', title: s.item.title || s.item.summary.slice(0, 120), url: s.item.url,
            meta: `${meta(s.item, now)}${s.outlets > 1 ? ` · ${s.outlets} outlets` : ''}`,
          })),
        ]);
      }

      case 'terms': {
        const current = command.kind === 'watch' ? channel.watch : channel.mute;
        if (command.action === 'list') {
          if (current.length === 0) return say(`No ${command.kind} terms in this channel. Add one: /radar ${USAGE[command.kind]!.example.replace('/radar ', '')}`);
          return reply([{ type: 'heading', text: `${command.kind === 'watch' ? 'Watch' : 'Mute'} terms` }, ...current.map((t): ReplyBlock => ({ type: 'text', text: `• ${t}` }))]);
        }
        const parsed = parseTerm(command.term);
        if (!parsed.ok) throw new CommandUsageError(parsed.error, `/radar ${USAGE[command.kind]!.usage}`);
        if (command.action === 'add') {
          const added = await deps.store.addChannelTerm(channel.id, command.kind, parsed.term, request.userId, now, MAX_TERMS_PER_CHANNEL);
          if (added === 'full') {
            return say(`This channel already has ${MAX_TERMS_PER_CHANNEL} ${command.kind} terms, the most Radar keeps; remove one first (/radar ${command.kind} list).`, false);
          }
          await deps.channelsChanged();
          return say(added === 'added' ? `Added ${command.kind} term ${parsed.term}: it applies from the next item on.` : `${parsed.term} is already a ${command.kind} term.`);
        }
        const removed = await deps.store.removeChannelTerm(channel.id, command.kind, parsed.term);
        await deps.channelsChanged();
        return say(removed ? `Removed ${command.kind} term ${parsed.term}.` : `${parsed.term} is not a ${command.kind} term here; see /radar ${command.kind} list.`, removed);
      }

      case 'threshold':
        if (command.value === null) return say(`This channel alerts at score ${channel.threshold.toFixed(2)} or more.`);
        await deps.store.updateChannel(channel.id, { threshold: command.value }, request.userId, now);
        await deps.channelsChanged();
        return say(`Threshold set to ${command.value.toFixed(2)} (was ${channel.threshold.toFixed(2)}).`);

      case 'topics':
        return reply([
          { type: 'heading', text: 'Topics' },
          ...[...deps.topics.values()].map((t): ReplyBlock => ({
            type: 'text', text: `${channel.topics.includes(t.id) ? '✓' : '·'} ${t.id} — ${t.name}${t.description ? `: ${t.description}` : ''}`,
          })),
        ]);

      case 'subscribe':
      case 'unsubscribe': {
        if (!deps.topics.has(command.topic)) {
          throw new CommandUsageError(`unknown topic "${command.topic}"; known: ${[...deps.topics.keys()].join(', ')}`, `/radar ${USAGE[command.name]!.usage}`);
        }
        const has = channel.topics.includes(command.topic);
        if (command.name === 'subscribe' ? has : !has) return say(`This channel ${has ? 'already follows' : 'does not follow'} ${command.topic}.`);
        if (command.name === 'unsubscribe' && channel.topics.length === 1) return say('A channel follows at least one topic; subscribe to another first.', false);
        const topics = command.name === 'subscribe' ? [...channel.topics, command.topic] : channel.topics.filter((t) => t !== command.topic);
        await deps.store.updateChannel(channel.id, { topics }, request.userId, now);
        await deps.channelsChanged();
        return say(`${command.name === 'subscribe' ? 'Subscribed to' : 'Unsubscribed from'} ${command.topic}.`);
      }

      case 'feeds': {
        if ('action' in command) return command.action === 'add' ? addFeed(command.url, request.userId) : removeFeed(command.url);
        const feeds = await deps.store.listFeeds();
        const failing = feeds.filter((f) => f.consecutiveFailures > 0).length;
        return reply([
          { type: 'heading', text: `${feeds.length} feeds, ${failing} failing` },
          ...feeds.map((f): ReplyBlock => ({
            type: 'item', title: `${f.consecutiveFailures > 0 ? '✗' : '✓'} ${f.name}`, url: f.url,
            meta: [
              f.lastSuccessAt === null ? 'never read' : `last success ${formatAge(now - f.lastSuccessAt)} ago`,
              f.consecutiveFailures > 0 ? `${f.consecutiveFailures} failure${f.consecutiveFailures === 1 ? '' : 's'} in a row` : null,
            ].filter(Boolean).join(' · '),
            detail: f.consecutiveFailures > 0 && f.lastError ? `last error: ${f.lastError}` : undefined,
          })),
        ]);
      }

      case 'explain':
        return explain(command.link, channel, now);

      case 'status': {
        const startOfDay = new Date(now).setUTCHours(0, 0, 0, 0);
        const counts = await deps.store.counts(startOfDay);
        const failures = counts.deliveryFailures.map((f) => `${f.channelId}: ${f.count} not posted${f.lastError ? ` (${f.lastError.slice(0, 160)})` : ''}`);
        return reply([
          { type: 'heading', text: 'Radar status' },
          {
            type: 'fields', fields: [
              { label: 'Last poll', value: counts.lastPollAt === null ? 'never' : `${formatAge(now - counts.lastPollAt)} ago` },
              { label: 'Items today (UTC)', value: String(counts.itemsSince) },
              { label: 'Alerts today (UTC)', value: String(counts.alertsSince) },
              { label: 'Queue', value: `${counts.pendingOutbox} waiting to be posted` },
              { label: 'Feeds', value: `${counts.feeds}, ${counts.failingFeeds} failing` },
              { label: 'Delivery failures today', value: failures.length ? failures.join('; ') : 'none' },
            ],
          },
        ]);
      }
    }
  }

  async function addFeed(url: string, userId: string): Promise<Reply> {
    const feeds = await deps.store.listFeeds();
    if (feeds.some((f) => f.url === url)) return say(`${url} is already followed.`, false);
    const fromChat = feeds.filter((f) => f.origin === 'chat').length;
    if (fromChat >= MAX_CHAT_FEEDS) return say(`Radar already follows ${fromChat} feeds added from chat, the most it allows; remove one first (/radar feeds remove <url>).`, false);
    let probe: { title: string | null; items: number };
    try {
      probe = await deps.probeFeed(url);
    } catch (error) {
      return say(`Cannot add ${url}: ${describeError(error)}`, false);
    }
    const name = (probe.title ?? '').trim().slice(0, 100) || new URL(url).hostname.replace(/^www\./, '');
    // Checked again in the write: another feeds add may have landed during the probe.
    const added = await deps.store.addFeed({ id: feedIdFromUrl(url), url, name, origin: 'chat' }, MAX_CHAT_FEEDS);
    if (added === 'exists') return say(`${url} is already followed.`, false);
    if (added === 'full') return say(`Radar already follows ${MAX_CHAT_FEEDS} feeds added from chat, the most it allows; remove one first (/radar feeds remove <url>).`, false);
    deps.logger.info({ url, by: userId }, 'feed added from chat');
    return say(`Added ${name} (${probe.items} item${probe.items === 1 ? '' : 's'} now). Radar reads it at the next poll; its newest items may alert, older ones are only stored.`);
  }

  async function removeFeed(url: string): Promise<Reply> {
    const result = await deps.store.removeFeed(url);
    if (result === 'config') return say(`${url} comes from the configuration file; remove it there.`, false);
    if (result === 'not_found') return say(`${url} is not followed; see /radar feeds.`, false);
    return say(`Removed ${url}. Its stored items stay searchable.`);
  }

  async function explain(link: string, channel: ChannelSettings, now: number): Promise<Reply> {
    const item = await deps.store.findItemByUrl(link, canonicalUrl(link));
    if (!item) return say(`Radar has not stored an item with the link ${link}.`, false);
    const blocks: ReplyBlock[] = [{ type: 'item', title: item.title || item.summary.slice(0, 120), url: item.url, meta: meta(item, now) }];
    for (const topicId of channel.topics) {
      const topic = deps.topics.get(topicId);
      if (!topic) continue;
      const result = scoreItem(item, topic, { explain: true });
      const e = result.explanation!;
      const fields = [
        { label: `Score for ${topic.id}`, value: `${result.score.toFixed(2)} (channel threshold ${channel.threshold.toFixed(2)}: ${result.score >= channel.threshold ? 'alerts' : 'below'})` },
        ...e.facets.map((f) => ({
          label: f.facet,
          value: `${f.terms.map((t) => `${t.term}${t.matched ? ` (${t.matched})` : ''} in ${t.where}`).join(', ')} → +${f.contribution.toFixed(2)}`,
        })),
        ...e.pairs.map((p) => ({ label: `${p.facets[0]} & ${p.facets[1]}`, value: `together → +${p.contribution.toFixed(2)}` })),
        ...e.negatives.map((n) => ({ label: `context "${n.rule}"`, value: `"${n.term}" cancelled ${n.cancelled.join(', ')}` })),
      ];
      blocks.push({ type: 'fields', fields });
    }
    const watched = compileTerms(channel.watch).match(item);
    const muted = compileTerms(channel.mute).match(item);
    if (watched.length) blocks.push({ type: 'text', text: `Watch terms matched: ${watched.join(', ')} (alerts even below the threshold).` });
    if (muted.length) blocks.push({ type: 'text', text: `Mute terms matched: ${muted.join(', ')} (kept out of this channel).` });
    return reply(blocks);
  }

  return async (request) => {
    let command: Command;
    try {
      command = parseCommand(request.text);
      const channel = await channelOf(request.channelId);
      if (!channel) return say(`This channel is not set up for Radar (no channel "${request.channelId}" in the configuration).`, false);
      if (MUTATING.has(mutationKey(command)) && !request.isAdmin) {
        return say('Only Radar admins can change what this channel watches.', false);
      }
      return await handle(request, command, channel);
    } catch (error) {
      if (error instanceof CommandUsageError) {
        return reply([{ type: 'text', text: error.usage ? `${error.message}. Usage: ${error.usage}` : error.message }], { ok: false });
      }
      deps.logger.error({ err: error, channel: request.channelId, user: request.userId }, 'command failed');
      return say(`Something went wrong answering that command (${describeError(error).slice(0, 200)}).`, false);
    }
  };
}
